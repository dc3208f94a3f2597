"""Labels of the township review (镇级对比)."""

TEXT: dict[str, tuple[str, str]] = {
    "township.own_scope": (
        "本页始终比较全镇各社区，不按社区、责任片、网格筛选缩小（这些筛选仍用于其他页面）",
        "this page always compares every community of the township; the community, area and "
        "grid filters do not narrow it (they still apply to the other pages)",
    ),
    "township.drill_hint": (
        "点选一行，即打开该社区的网格地图。",
        "Select a row to open that community's grid map.",
    ),
    "township.open.grid_map": ("打开该社区网格地图", "Open its grid map"),
    "township.open.visits": ("打开该社区走访覆盖", "Open its visits"),
    "nav.township": ("镇级对比", "Township review"),
    "township.title": ("镇级对比", "Township review"),
    "township.caption": (
        "{township} · {communities} 个社区 · 截至 {day}",
        "{township} · {communities} communities · as of {day}",
    ),
    "township.review": ("各社区对比", "Communities compared"),
    "township.rank_by": ("排名依据", "Rank by"),
    "township.targets": (
        "目标：{days_90} 天覆盖率 ≥ {coverage}；上周 {visit_days} 天要求达标网格占比 ≥ {three_day}；"
        "上周走访日 {daily_rate} 达标占比 ≥ {daily_share}；{hours} 小时办结率 ≥ {resolved}；"
        "治安责任书签订率 ≥ {pledge}。绿色为达到目标，红色为未达到，— 为无数据。",
        "Targets: {days_90}-day coverage ≥ {coverage}; grids meeting the {visit_days}-day rule last week "
        "≥ {three_day}; visit days meeting {daily_rate} last week ≥ {daily_share}; "
        "resolved within {hours} h ≥ {resolved}; "
        "rentals with a signed pledge ≥ {pledge}. Green: target met; red: missed; —: no data.",
    ),
    "township.col.rank": ("名次", "Rank"),
    "township.col.community_code": ("社区代码", "Code"),
    "township.col.households": ("住户", "Households"),
    "township.col.residents": ("总人口", "Residents"),
    "township.col.resident": ("常住", "Resident"),
    "township.col.floating": ("流入", "Floating"),
    "township.col.nominal": ("挂户", "Nominal"),
    "township.col.floating_share": ("流入占比", "Floating share"),
    "township.col.coverage_90d": ("{days_90} 天覆盖率", "{days_90}-day coverage"),
    "township.col.three_day_compliance": (
        "上周 {visit_days} 天达标率",
        "{visit_days}-day rule met",
    ),
    "township.col.daily_rate_compliance": ("上周 {daily_rate} 达标率", "{daily_rate} rule met"),
    "township.col.open_incidents": ("未办结事件", "Open incidents"),
    "township.col.resolved_within_72h": ("{hours} 小时办结率", "Resolved ≤ {hours} h"),
    "township.col.pledge_share": ("责任书签订率", "Pledge share"),
    "township.col.mean_assessment": ("考核平均分", "Mean assessment"),
    "township.col.assessment_period": ("考核期", "Assessment period"),
    "township.col.targets_met": ("达标项数", "Targets met"),
    "township.drill": ("查看社区", "Open a community"),
    "township.open": ("打开该社区总览", "Open its overview"),
    "township.trends": ("每周趋势", "Weekly trend"),
    "township.weeks": ("趋势周数", "Weeks shown"),
    "township.weeks.n": ("近 {n} 周", "Last {n} weeks"),
    "township.trend.caption": (
        "近 {weeks} 周，每周同一天（{first} 至 {last}）的数值；虚线为 90% 目标。",
        "The last {weeks} weeks, on the same weekday ({first} to {last}); "
        "the dashed line is the 90 % target.",
    ),
    "township.trend.coverage_title": ("{days_90} 天走访覆盖率", "{days_90}-day visit coverage"),
    "township.trend.open_title": ("未办结事件", "Open incidents"),
    "township.trend.coverage": ("覆盖率", "Coverage"),
    "township.trend.open": ("件数", "Incidents"),
    "township.trend.empty": (
        "所选范围内近几周没有住户或事件数据，无法绘制趋势。",
        "There are no households or incidents in the selection over these weeks.",
    ),
    "township.export_name": ("镇级对比", "township-review"),
}
