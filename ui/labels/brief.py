"""Labels of the weekly brief (周例会简报): its sections, tables and lines (``brief``)."""

TEXT: dict[str, tuple[str, str]] = {
    "brief.title": ("周例会简报", "Weekly meeting brief"),
    "brief.cover.scope": ("范围：{scope}", "Scope: {scope}"),
    "brief.cover.week": (
        "{week}（{start} 至 {end}），数据截至 {as_of}",
        "{week} ({start} to {end}), data as of {as_of}",
    ),
    "brief.cover.generated": ("生成：{at}，{by}", "Generated {at} by {by}"),
    "brief.cover.compared": (
        "“上周”为上周同一天（{before}）的数字。",
        '"Last week" is the same day a week earlier ({before}).',
    ),
    "brief.by.command": ("定时任务（python -m brief）", "the scheduled job (python -m brief)"),
    "brief.communities": ("{names}", "{names}"),
    "brief.grids": ("{names} 网格", "grids {names}"),
    "brief.page": ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"),
    "brief.s.figures": ("一、本周主要数字", "1. This week's figures"),
    "brief.s.trend": ("二、近四周走势", "2. The last four weeks"),
    "brief.s.population": ("三、人口构成与流入人口来源", "3. Population and floating origins"),
    "brief.s.grids": ("四、各网格走访规则与覆盖", "4. Visit rules and coverage per grid"),
    "brief.s.workers": ("五、网格员本周走访与工作", "5. Grid workers this week"),
    "brief.s.care": ("六、特殊人群关怀", "6. Special groups and care"),
    "brief.s.incidents": ("七、事件办理", "7. Incidents"),
    "brief.s.rentals": ("八、出租房屋", "8. Rentals"),
    "brief.s.assessment": ("九、考核与数据质量", "9. Assessment and data quality"),
    "brief.s.attention": ("本周需关注", "Needs attention this week"),
    "brief.col.figure": ("指标", "Figure"),
    "brief.col.this_week": ("本周", "This week"),
    "brief.col.last_week": ("上周", "Last week"),
    "brief.col.change": ("变化", "Change"),
    "brief.col.week": ("周（截至）", "Week (as of)"),
    "brief.col.grid": ("网格", "Grid"),
    "brief.col.grid_name": ("网格名称", "Grid name"),
    "brief.col.visit_days": ("入格天数", "Days entered"),
    "brief.col.rate_days": ("{daily_rate} 达标日", "Days ≥ {daily_rate}"),
    "brief.col.meets": ("{visit_days} 天规则", "{visit_days}-day rule"),
    "brief.col.households": ("住户", "Households"),
    "brief.col.coverage_30d": ("{days_30} 天覆盖率", "{days_30}-day coverage"),
    "brief.col.coverage_90d": ("{days_90} 天覆盖率", "{days_90}-day coverage"),
    "brief.col.not_visited": ("{not_visited_days} 天未走访户", "Not visited {not_visited_days} d"),
    "brief.col.care_without": ("关怀对象未走访", "Cared for, not visited"),
    "brief.col.members": ("人数", "Members"),
    "brief.col.incident": ("事件", "Incident"),
    "brief.col.category": ("类别", "Category"),
    "brief.col.reported_at": ("上报时间", "Reported"),
    "brief.col.open_for": ("已用时", "Open for"),
    "brief.col.rentals": ("出租房屋", "Rentals"),
    "brief.col.inspected": ("{inspection_days} 天内检查", "Inspected in {inspection_days} d"),
    "brief.col.check": ("数据核查规则", "Data check"),
    "brief.col.rows": ("问题记录", "Rows"),
    "brief.col.held_back": ("另有敏感人群类别记录", "More about a sensitive group"),
    "brief.col.name": ("姓名", "Name"),
    "brief.col.address": ("地址", "Address"),
    "brief.col.last_visit": ("最近走访", "Last visit"),
    "brief.meets.yes": ("达标", "met"),
    "brief.meets.no": ("未达标", "not met"),
    "brief.incidents.week": (
        "近 {days} 天上报 {reported} 件，已办结 {resolved} 件，其中 {hours} 小时内办结 {within} 件；"
        "当前未办结 {open} 件，其中超过 {hours} 小时 {overdue} 件。",
        "Reported in the last {days} days: {reported}; resolved: {resolved}, {within} of them within "
        "{hours} hours. Open now: {open}, {overdue} of them for more than {hours} hours.",
    ),
    "brief.incidents.oldest": (
        "超过 {hours} 小时未办结的事件（最早的在前，最多 {limit} 件）",
        "Open for more than {hours} hours (oldest first, at most {limit})",
    ),
    "brief.rentals.line": (
        "出租房屋 {rentals} 户，已签治安责任书 {pledged} 户；{inspection_days} 天内检查 {inspected} 户，待检查 {due} 户。",
        "{rentals} rentals, {pledged} with a signed pledge; {inspected} inspected in {inspection_days} days, "
        "{due} due for inspection.",
    ),
    "brief.assessment.line": (
        "考核期 {period}：已评分 {scored} 人，平均 {mean} 分（最低 {min}，最高 {max}）。",
        "Assessment period {period}: {scored} workers scored, mean {mean} (min {min}, max {max}).",
    ),
    "brief.assessment.none": ("截至 {as_of} 尚无考核评分。", "No assessment scores by {as_of}."),
    "brief.quality.line": (
        "登记库数据核查：{failing} 项规则发现问题，共 {rows} 条记录。",
        "Registry checks: {failing} checks report {rows} rows.",
    ),
    "brief.quality.clean": ("登记库数据核查未发现问题。", "The registry checks report nothing."),
    "brief.care.line": (
        "关怀对象（{groups}）{members} 人，{days} 天内未走访 {without} 人。",
        "People cared for ({groups}): {members}; not visited in {days} days: {without}.",
    ),
    "brief.care.list": (
        "未走访的关怀对象（已脱敏，前 {limit} 人，共 {total} 人）",
        "Cared for and not visited (masked; the first {limit} of {total})",
    ),
    "brief.care.no_list": (
        "您的角色不能查看居民名单，此处只列人数。",
        "Your role sees no lists of residents: counts only.",
    ),
    "brief.workers.week": (
        "{start} 至 {end} 这一完整周，按考核口径（巡查率、日志按时率按工作日计）。",
        "The complete week {start} to {end}, as the assessment counts (patrols and logs per "
        "working day).",
    ),
    "brief.attention.none": ("本周没有按规则需关注的事项。", "Nothing needs attention this week."),
    "brief.attention.grid": (
        "{grid} 网格：{week} 入格 {days} 天（规则至少 {rule} 天），{daily_rate} 达标 {rate_days} 天。",
        "Grid {grid}: entered on {days} days in {week} (the rule: at least {rule}); "
        "{rate_days} days at {daily_rate}.",
    ),
    "brief.grids.week": (
        "走访规则看 {start} 至 {end} 这一完整周；覆盖率与关怀截至 {as_of}。",
        "The visit rules are those of the complete week {start} to {end}; coverage and care as "
        "of {as_of}.",
    ),
    "brief.attention.worker": (
        "{name}（{role}）：{week} 没有走访日。",
        "{name} ({role}): no visit day in {week}.",
    ),
    "brief.attention.incident": (
        "事件 {id}（{category}，{grid}）：{reported} 上报，已 {hours} 未办结。",
        "Incident {id} ({category}, {grid}): reported {reported}, open for {hours}.",
    ),
    "brief.attention.incidents_more": (
        "另有 {count} 件超过 {hours} 小时未办结的事件（见第七节）。",
        "{count} more incidents are open for more than {hours} hours (section 7).",
    ),
    "brief.attention.unvisited": (
        "{grid} 网格：{count} 户 {not_visited_days} 天未走访。",
        "Grid {grid}: {count} households not visited in {not_visited_days} days.",
    ),
    "brief.chart.visits": ("每周入户走访（次）", "Visits per week"),
    "brief.chart.coverage": ("{days_90} 天覆盖率", "{days_90}-day coverage"),
    "brief.chart.population": ("人口构成", "Population"),
    "brief.chart.origins": ("流入人口来源", "Floating origins"),
    "brief.error.renderer": (
        "无法生成 {format}：{problem}",
        "Cannot make the {format}: {problem}",
    ),
    "brief.download": ("下载周例会简报", "Download the weekly brief"),
    "brief.download.format": ("简报格式", "Brief format"),
}
