"""Labels of the visits and coverage page (走访覆盖)."""

TEXT: dict[str, tuple[str, str]] = {
    "visits.title": ("走访覆盖", "Visits and coverage"),
    "visits.caption": (
        "近 26 周（{first} 至 {day}）；本周截至 {day}",
        "The last 26 weeks ({first} to {day}); this week up to {day}",
    ),
    "visits.tile.coverage_30d": ("{days_30} 天走访覆盖率", "{days_30}-day coverage"),
    "visits.tile.coverage_90d": ("{days_90} 天走访覆盖率", "{days_90}-day coverage"),
    "visits.tile.not_visited": (
        "{not_visited_days} 天未走访住户",
        "Unvisited, {not_visited_days} days",
    ),
    "visits.tile.last_week": ("上周覆盖率", "Coverage last week"),
    "visits.tile.grids_3day": ("上周 {visit_days} 天达标网格", "{visit_days}-day rule met"),
    "visits.tile.last_week_note": (
        "上周：{start} 至 {end}。",
        "Last week: {start} to {end}.",
    ),
    # weekly coverage
    "visits.weekly.header": ("每周走访覆盖率", "Weekly coverage"),
    "visits.weekly.compare": ("对比网格", "Compare with grid"),
    "visits.weekly.compare.help": (
        "与全部所选网格对比的网格；按上一完整周覆盖率从低到高排列，默认为最低的网格。",
        "The grid drawn beside all selected grids; listed from the lowest coverage in the last "
        "complete week, the lowest first (the default).",
    ),
    "visits.weekly.scope": ("全部所选网格", "All selected grids"),
    "visits.weekly.line": (
        "{weekly_line}（{visit_days} 天 × {daily_rate}）",
        "{weekly_line} ({visit_days} days × {daily_rate})",
    ),
    "visits.weekly.axis": ("覆盖率", "Coverage"),
    "visits.weekly.week": ("周（周一）", "Week (Monday)"),
    "visits.weekly.hover": (
        "走访 {visited} 户 / 在册 {households} 户",
        "{visited} of {households} households",
    ),
    "visits.weekly.none": (
        "所选范围内近 26 周没有在册住户，无法计算覆盖率。",
        "No active households in the selection in the last 26 weeks: coverage cannot be computed.",
    ),
    "visits.partial": ("本周截至 {day}", "this week up to {day}"),
    # the 3-day rule
    "visits.days.header": (
        "每周走访天数（每周至少 {visit_days} 天）",
        "Visit days per week (at least 3 a week)",
    ),
    "visits.days.note": (
        "每格为该网格该周有走访的天数；达标标 ✓。只含有住户的网格。* 为本周（截至 {day}）。",
        "Each cell: the days of the week with a visit to the grid; met is marked ✓. "
        "Inhabited grids only. * marks this week (up to {day}).",
    ),
    "visits.days.axis": ("走访天数", "Visit days"),
    "visits.days.met": ("已达标", "met"),
    "visits.days.not_met": ("未达标", "not met"),
    "visits.days.none": (
        "所选范围内没有有住户的网格，不适用每周 {visit_days} 天要求。",
        "No inhabited grid in the selection: the {visit_days}-day rule does not apply.",
    ),
    # the 4 % rule
    "visits.rate.header": (
        "每日走访比例（每次不少于 {daily_rate}）",
        "Daily visit rate (at least {daily_rate} a visit day)",
    ),
    "visits.rate.month": ("月份", "Month"),
    "visits.rate.note": (
        "绿色：达标；红色：未达标；浅灰：有走访但当天无在册住户；空白：无走访。",
        "Green: met; red: below; light grey: visits but no active household; blank: no visit.",
    ),
    "visits.rate.summary": (
        "{month}（截至 {day}）：走访日 {visit_days} 个，其中达到 {daily_rate} 的 {meeting} 个（{share}）",
        "{month} (up to {day}): {visit_days} visit days, "
        "{meeting} of them at {daily_rate} or more ({share})",
    ),
    "visits.rate.hover": (
        "走访 {visited} 户 / 在册 {households} 户，共 {visits} 次",
        "{visited} of {households} households, {visits} visits",
    ),
    "visits.rate.no_households": ("当天无在册住户", "no active household that day"),
    "visits.rate.axis": (
        "日期（格内数字：当日走访比例 %）",
        "Day (in each cell: the daily rate, %)",
    ),
    "visits.rate.none": (
        "{month} 所选网格没有走访记录。",
        "No visits to the selected grids in {month}.",
    ),
    "visits.rate.future": (
        "{month} 在截至日期之后，尚无数据。",
        "{month} is after the as-of day: no data yet.",
    ),
    "visits.weekdays": ("一,二,三,四,五,六,日", "Mo,Tu,We,Th,Fr,Sa,Su"),
    # coverage per grid
    "visits.grid.header": (
        "{days_30} 天与 {days_90} 天走访覆盖率（按网格）",
        "{days_30}- and {days_90}-day coverage by grid",
    ),
    "visits.grid.chart": ("走访覆盖率", "Coverage"),
    "visits.grid.d30": ("{days_30} 天", "{days_30} days"),
    "visits.grid.d90": ("{days_90} 天", "{days_90} days"),
    "visits.grid.none": (
        "所选范围内截至 {day} 没有在册住户。",
        "There are no households active on {day} in the selection.",
    ),
    "visits.col.households": ("在册住户", "Households"),
    "visits.col.covered_30d": ("{days_30} 天内走访户", "Visited, {days_30} days"),
    "visits.col.coverage_30d": ("{days_30} 天覆盖率", "{days_30}-day coverage"),
    "visits.col.covered_90d": ("{days_90} 天内走访户", "Visited, {days_90} days"),
    "visits.col.coverage_90d": ("{days_90} 天覆盖率", "{days_90}-day coverage"),
    "visits.col.not_visited": (
        "{not_visited_days} 天未走访户",
        "Not visited, {not_visited_days} days",
    ),
    # households not visited in 90 days
    "visits.gap.header": ("{not_visited_days} 天未走访住户", "Unvisited, {not_visited_days} days"),
    "visits.gap.note": (
        "此处为 {first} 至 {day} 没有走访记录的住户；从未走访的排在最前，其次按最近走访日期。",
        "Listed: households with no visit from {first} to {day}; never visited first, then by "
        "the latest visit.",
    ),
    "visits.gap.by_grid": (
        "各网格 {not_visited_days} 天未走访户数",
        "Not visited in {not_visited_days} days, by grid",
    ),
    "visits.gap.count_axis": ("户数", "Households"),
    "visits.gap.none": (
        "所选范围内所有在册住户 {days_90} 天内均有走访。",
        "Every active household in the selection was visited in the last {not_visited_days} days.",
    ),
    "visits.gap.export_cap": (
        "导出最多包含 {limit} 户（共 {total} 户）。",
        "Exports hold at most {limit} households (of {total}).",
    ),
    "visits.gap.file": ("{not_visited_days}天未走访住户", "not-visited-90-days"),
    "visits.grid.file": ("各网格走访覆盖率", "coverage-by-grid"),
    "visits.never": ("从未走访", "never"),
    "visits.col.address": ("地址", "Address"),
    "visits.col.contact": ("联系人", "Contact"),
    "visits.col.phone": ("联系电话", "Phone"),
    "visits.col.registered_on": ("登记日期", "Registered"),
    "visits.col.last_visit": ("最近走访", "Last visit"),
    "visits.col.days_since": ("距最近走访（天）", "Days since last visit"),
    # purposes
    "visits.purpose.header": ("每周走访次数（按走访类型）", "Visits per week by purpose"),
    "visits.purpose.axis": ("走访次数", "Visits"),
    "visits.purpose.none": (
        "所选范围内近 26 周没有走访记录。",
        "No visits in the selection in the last 26 weeks.",
    ),
}
