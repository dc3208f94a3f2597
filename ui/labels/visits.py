"""Labels of the visits and coverage page (走访覆盖)."""

TEXT: dict[str, tuple[str, str]] = {
    "visits.title": ("走访覆盖", "Visits and coverage"),
    "visits.caption": (
        "近 26 周（{first} 至 {day}）；本周截至 {day}",
        "The last 26 weeks ({first} to {day}); this week up to {day}",
    ),
    "visits.tile.coverage_30d": ("30 天走访覆盖率", "30-day coverage"),
    "visits.tile.coverage_90d": ("90 天走访覆盖率", "90-day coverage"),
    "visits.tile.not_visited": ("90 天未走访住户", "Unvisited, 90 days"),
    "visits.tile.last_week": ("上周覆盖率", "Coverage last week"),
    "visits.tile.grids_3day": ("上周 3 天达标网格", "3-day rule met"),
    "visits.tile.help": (
        "覆盖率 = 窗口内有走访的在册住户 ÷ 截至日在册住户。上周（{start} 至 {end}）覆盖率 = "
        "该周有走访的住户 ÷ 周日在册住户；3 天达标 = 该周至少 3 天有走访（有住户的网格）。",
        "Coverage = active households visited in the window ÷ households active on the day. "
        "Last week ({start} to {end}): households visited that week ÷ households active on its "
        "Sunday; 3 visit days = visits on at least 3 days of that week (inhabited grids).",
    ),
    # weekly coverage
    "visits.weekly.header": ("每周走访覆盖率（按网格）", "Weekly coverage by grid"),
    "visits.weekly.help": (
        "每周覆盖率 = 本周（周一至周日；本周至截至日）走访过的不同住户 ÷ 该周最后一天的在册住户。"
        "虚线 12% = 每周 3 天 × 每天 4%。",
        "Weekly coverage = distinct households visited in the week (Monday to Sunday; this week up "
        "to the as-of day) ÷ households active on the week's last day. "
        "Dashed line: 12 % = 3 days × 4 %.",
    ),
    "visits.weekly.lowest": (
        "网格较多：图中为全部所选网格及上一完整周覆盖率最低的 {count} 个网格；筛选网格可查看其他网格。",
        "Many grids: the chart shows all selected grids and the {count} grids with the lowest "
        "coverage in the last complete week; filter by grid to see any other.",
    ),
    "visits.weekly.scope": ("全部所选网格", "All selected grids"),
    "visits.weekly.line": ("12%（3 天 × 4%）", "12 % (3 days × 4 %)"),
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
        "每周走访天数（每周至少 3 天）",
        "Visit days per week (at least 3 a week)",
    ),
    "visits.days.help": (
        "每格为该网格该周有走访的天数；≥3 天标 ✓（达标）。"
        "只含有住户的网格。* 为本周（截至 {day}）。",
        "Each cell: the days of the week with a visit to the grid; 3 or more is marked ✓ (met). "
        "Inhabited grids only. * marks this week (up to {day}).",
    ),
    "visits.days.axis": ("走访天数", "Visit days"),
    "visits.days.met": ("已达标", "met"),
    "visits.days.not_met": ("未达标", "not met"),
    "visits.days.none": (
        "所选范围内没有有住户的网格，不适用每周 3 天要求。",
        "No inhabited grid in the selection: the 3-day rule does not apply.",
    ),
    # the 4 % rule
    "visits.rate.header": (
        "每日走访比例（每次不少于 4%）",
        "Daily visit rate (at least 4 % a visit day)",
    ),
    "visits.rate.month": ("月份", "Month"),
    "visits.rate.help": (
        "每日走访比例 = 当天走访的不同住户 ÷ 当天在册住户。绿色：达到 4%；红色：未达 4%；"
        "浅灰：有走访但当天无在册住户；空白：无走访。",
        "Daily rate = distinct households visited that day ÷ households active that day. "
        "Green: 4 % "
        "or more; red: below 4 %; light grey: visits but no active household; blank: no visit.",
    ),
    "visits.rate.summary": (
        "{month}（截至 {day}）：走访日 {visit_days} 个，其中达到 4% 的 {meeting} 个（{share}）",
        "{month} (up to {day}): {visit_days} visit days, "
        "{meeting} of them at 4 % or more ({share})",
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
    "visits.grid.header": ("30 天与 90 天走访覆盖率（按网格）", "30- and 90-day coverage by grid"),
    "visits.grid.help": (
        "与周例会总览的覆盖率同一口径：截至日在册住户中，30 天 / 90 天内有走访的比例。",
        "The same figures as the weekly overview: the share of households active on the day "
        "visited in the last 30 / 90 days.",
    ),
    "visits.grid.chart": ("走访覆盖率", "Coverage"),
    "visits.grid.d30": ("30 天", "30 days"),
    "visits.grid.d90": ("90 天", "90 days"),
    "visits.grid.none": (
        "所选范围内截至 {day} 没有在册住户。",
        "There are no households active on {day} in the selection.",
    ),
    "visits.col.households": ("在册住户", "Households"),
    "visits.col.covered_30d": ("30 天内走访户", "Visited, 30 days"),
    "visits.col.coverage_30d": ("30 天覆盖率", "30-day coverage"),
    "visits.col.covered_90d": ("90 天内走访户", "Visited, 90 days"),
    "visits.col.coverage_90d": ("90 天覆盖率", "90-day coverage"),
    "visits.col.not_visited": ("90 天未走访户", "Not visited, 90 days"),
    # households not visited in 90 days
    "visits.gap.header": ("90 天未走访住户", "Unvisited, 90 days"),
    "visits.gap.help": (
        "截至日在册、{first} 至 {day} 没有走访记录的住户；从未走访的排在最前，其次按最近走访日期。",
        "Households active on the day with no visit from {first} to {day}; never visited first, "
        "then by the latest visit.",
    ),
    "visits.gap.by_grid": ("各网格 90 天未走访户数", "Not visited in 90 days, by grid"),
    "visits.gap.count_axis": ("户数", "Households"),
    "visits.gap.none": (
        "所选范围内所有在册住户 90 天内均有走访。",
        "Every active household in the selection was visited in the last 90 days.",
    ),
    "visits.gap.export_cap": (
        "导出最多包含 {limit} 户（共 {total} 户）。",
        "Exports hold at most {limit} households (of {total}).",
    ),
    "visits.gap.file": ("90天未走访住户", "not_visited_90_days"),
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
