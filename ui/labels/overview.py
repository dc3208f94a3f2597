"""Labels of the weekly overview (周例会总览)."""

TEXT: dict[str, tuple[str, str]] = {
    "overview.orphans": (
        "登记库中有 {count} 条记录指向不存在的网格、住户、人员等，未计入各项数字（见数据质量 DQ28）。",
        "{count} registry rows point at a grid, household or other record that does not exist "
        "and are left out of every figure (see data quality DQ28).",
    ),
    "overview.orphans.held_back": (
        "另有 {count} 条属于敏感人群类别的记录指向不存在的记录（只计数、不列出，见数据质量 DQ28）。",
        "{count} more rows about a sensitive group's membership point at a record that does not "
        "exist (counted, not listed; see data quality DQ28).",
    ),
    "overview.title": ("周例会总览", "Weekly overview"),
    "overview.caption": (
        "本周数据与上周同日对比（{prev}）",
        "This week's figures against the same day last week ({prev})",
    ),
    "overview.population": ("人口", "Population"),
    "overview.floating_origin": ("流入人口来源", "Floating population by origin"),
    "overview.special_groups": ("特殊人群", "Special groups"),
    "overview.work": ("走访与事件", "Visits and incidents"),
    "overview.attention": ("需关注事项", "Needs attention"),
    "overview.attention.none": (
        "上周各网格均达到走访要求，无超过 {hours} 小时未办结事件。",
        "Every grid met the visit rules last week; no incident open longer than {hours} hours.",
    ),
    "overview.grids_below": (
        "上周未达走访要求的网格（{start} 至 {end}）",
        "Grids below the visit rules last week ({start} to {end})",
    ),
    "overview.grids_below.none": (
        "上周各网格均达到走访要求。",
        "Every grid met the visit rules last week.",
    ),
    "overview.overdue": (
        "超过 {hours} 小时未办结事件：共 {count} 件",
        "Incidents open longer than {hours} hours: {count} in all",
    ),
    "overview.overdue.none": (
        "无超过 {hours} 小时未办结事件。",
        "No incident open longer than {hours} hours.",
    ),
    "overview.overdue.shown": (
        "显示最早的 {shown} 件，共 {count} 件",
        "Showing the oldest {shown} of {count}",
    ),
    "overview.no_households": (
        "所选范围内没有住户数据。",
        "There are no households in the selection.",
    ),
    "overview.no_floating": (
        "所选范围内没有流入人口。",
        "There are no floating residents in the selection.",
    ),
    "overview.no_groups": (
        "所选范围内没有特殊人群成员。",
        "No special-group members in the selection.",
    ),
    "tile.households": ("住户", "Households"),
    "tile.residents": ("总人口", "Residents"),
    "tile.resident": ("常住", "Resident"),
    "tile.floating": ("流入", "Floating"),
    "tile.nominal": ("挂户", "Nominal"),
    "tile.elderly": ("{elderly_age} 岁及以上", "Aged {elderly_age}+"),
    "tile.visits_week": ("本周走访（次）", "Visits this week"),
    "tile.households_visited": ("本周走访户数", "Homes visited"),
    "tile.coverage_30d": ("{days_30} 天覆盖率", "Coverage {days_30} d"),
    "tile.coverage_90d": ("{days_90} 天覆盖率", "Coverage {days_90} d"),
    "tile.grids_3day": ("{visit_days} 天达标网格", "Grids at {visit_days} days"),
    "tile.visit_days_rate": ("{daily_rate} 达标日", "Days at {daily_rate}"),
    "tile.open_incidents": ("未办结事件", "Open incidents"),
    "tile.incidents_30d": ("{incident_days} 天上报事件", "Reported, {incident_days} d"),
    "tile.resolved_72h": ("{hours} 小时办结率", "Within {hours} h"),
    "tile.rentals": ("出租房屋", "Rentals"),
    "tile.pledge": ("已签治安责任书", "Pledge signed"),
    "tile.assessment": ("考核均分", "Mean score"),
    "tile.none": ("—", "—"),
    # a ratio's change since a week earlier, in percentage points
    "tile.points": ("{change} 个百分点", "{change} pp"),
    "chart.residency": ("人口构成", "Residency"),
    "chart.count": ("人数", "People"),
    "chart.members": ("人数/户数", "Members"),
    "chart.origin": ("来源", "Origin"),
    "chart.group": ("人群", "Group"),
    "chart.level.resident": ("人", "people"),
    "chart.level.household": ("户", "households"),
    "problem.days": (
        "走访不足 {visit_days} 天（{n} 天）",
        "Fewer than {visit_days} visit days ({n})",
    ),
    "problem.rate": ("{bad} 个走访日未达 {daily_rate}", "{bad} visit days below {daily_rate}"),
    "overview.assessment_period": (
        "最近一个考核期：{period}。",
        "Latest assessment period: {period}.",
    ),
    "overview.export.grids_below": ("未达走访要求网格", "Grids below the visit rules"),
    "overview.export.overdue": ("超{hours}小时未办结事件", "Incidents open over {hours} h"),
    "overview.export.week": ("上一个完整周", "Last complete week"),
    "overview.registration_week.surge": (
        "注意：本周与上周同日相比的人口变化含集中登记——{week} 起的一周登记了 {registered} 人（平时每周约 {usual} 人），这是把已有居民录入登记库，不是人口增长。",
        "Note: the change since a week earlier includes a registration week — {registered} residents were registered in the week of {week} (usually about {usual} a week): records being entered, not growth.",
    ),
    "overview.registration_week.campaign": (
        "注意：本周与上周同日相比的人口变化落在设定的集中登记期内（{week} 起的一周登记了 {registered} 人），这是录入登记，不是人口增长。",
        "Note: the change since a week earlier falls in a configured registration campaign ({registered} residents registered in the week of {week}): records being entered, not growth.",
    ),
    "overview.registration_week.groups": (
        "本周变化含集中登记，特殊人群的增减不表示实际变化。",
        "This week's changes include a registration week: rises in the special groups are records being entered, not real change.",
    ),
}
