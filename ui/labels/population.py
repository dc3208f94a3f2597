"""Labels of the population page (人口结构). ``nav.population`` is in common.py."""

TEXT: dict[str, tuple[str, str]] = {
    "population.title": ("人口结构", "Population and floating population"),
    "population.mean_size": (
        "户均人口 {mean} 人（{households} 户在册住户，按截至日在册人口计）",
        "{mean} residents per household ({households} active households, counting residents "
        "active on the day)",
    ),
    "population.section.grids": ("各网格人口构成", "Population by grid"),
    "population.by_grid": ("常住 / 流入 / 挂户（按网格）", "Resident / floating / nominal by grid"),
    "population.origin_by_grid": (
        "流入人口来源（按网格）",
        "Floating residents by origin and grid",
    ),
    "population.no_residents": (
        "所选范围内截至该日没有在册人口。",
        "There are no active residents in the selection on this day.",
    ),
    "population.no_floating": (
        "所选范围内截至该日没有流入人口。",
        "There are no floating residents in the selection on this day.",
    ),
    "population.no_households": (
        "所选范围内截至该日没有在册住户。",
        "There are no active households in the selection on this day.",
    ),
    "population.section.table": ("各网格住户与人口", "Households and residents by grid"),
    "population.table_hint": (
        "共 {grids} 个网格；点击列标题可排序。",
        "{grids} grids; click a column header to sort.",
    ),
    "population.export_name": ("各网格住户与人口", "households-and-residents-by-grid"),
    "population.section.structure": ("年龄性别与家庭规模", "Age, sex and household size"),
    "population.pyramid": ("年龄性别金字塔（5 岁一组）", "Age–sex pyramid (5-year bands)"),
    "population.sex.male": ("男", "Male"),
    "population.sex.female": ("女", "Female"),
    "population.age": ("年龄（周岁）", "Age (full years)"),
    "population.years": ("岁", " years"),
    "population.other_gender": (
        "另有 {count} 人性别代码不是 M/F，未计入金字塔。",
        "{count} residents with a gender code other than M/F are not in the pyramid.",
    ),
    "population.sizes": ("家庭规模分布", "Household size"),
    "population.size_axis": ("户内在册人数", "Active residents in the household"),
    "population.size_label": ("{size} 人", "{size}"),
    "population.sizes_hint": (
        "户内人数按截至日在册人口计；“0 人”为无在册人口的在册住户。",
        "Size counts the household's residents active on the day; “0” is an active household "
        "with none.",
    ),
    "population.section.movements": (
        "人来有登记、人走有注销（近 26 周）",
        "Arrivals and departures (last 26 weeks)",
    ),
    "population.movements_hint": (
        "{first} 至 {last}，按周（周一至周日，本周截至所选日期）："
        "登记 = 登记日期在该周的人口，注销 = 注销日期在该周的人口，净变化 = 登记 − 注销。",
        "{first} to {last}, by week (Monday to Sunday, the current week up to the chosen "
        "day): arrivals = residents registered that week, departures = residents whose "
        "leaving date falls that week, net = arrivals − departures.",
    ),
    "population.no_movements": (
        "近 26 周所选范围内没有人口登记或注销。",
        "No resident was registered or left in the selection over the last 26 weeks.",
    ),
    "population.arrivals": ("登记", "Arrivals"),
    "population.departures": ("注销", "Departures"),
    "population.net": ("净变化", "Net change"),
    "population.arrivals_26w": ("26 周登记人数", "Arrivals, 26 weeks"),
    "population.departures_26w": ("26 周注销人数", "Departures, 26 weeks"),
    "population.net_26w": ("26 周净变化", "Net change, 26 weeks"),
    "population.movements_chart": (
        "每周登记与注销（按人口类别）",
        "Weekly arrivals and departures by residency",
    ),
    "population.week_of": ("周（周一）", "Week (Monday)"),
    "population.registration_weeks": (
        "阴影为集中登记周（{weeks} 起）：当周登记的人数远多于平时，这些“迁入”多为把已有居民录入登记库，不是人口流入。",
        'Shaded: registration weeks (from {weeks}) — far more residents were registered than usual; those "arrivals" are mostly existing residents being entered, not people moving in.',
    ),
}
