"""Labels of the grid map (网格地图)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.grid_map": ("网格地图", "Grid map"),
    "grid_map.title": ("网格地图", "Grid map"),
    "grid_map.caption": (
        "地图范围：{grids} 个网格，其中 {drawn} 个有可绘制的边界 · 截至 {day} · "
        "网格筛选只高亮网格，不隐藏其他网格",
        "Map: {grids} grids, {drawn} with a boundary to draw · as of {day} · "
        "the grid filter highlights grids, it does not hide the others",
    ),
    "grid_map.figure": ("着色指标", "Colour by"),
    "grid_map.group": ("特殊人群", "Special group"),
    "grid_map.no_groups": ("登记库中没有特殊人群类别。", "The registry has no special groups."),
    "grid_map.sensitive_mark": ("（敏感）", " (sensitive)"),
    "grid_map.figure.residents": ("总人口", "Residents"),
    "grid_map.figure.floating_share": ("流入人口占比", "Floating share"),
    "grid_map.figure.coverage_90d": ("{days_90} 天走访覆盖率", "{days_90}-day visit coverage"),
    "grid_map.figure.days_with_visits": (
        "上周走访 {visit_days} 天要求",
        "Last week's {visit_days}-day rule",
    ),
    "grid_map.figure.open_incidents": ("未办结事件", "Open incidents"),
    "grid_map.figure.special_group": ("特殊人群人数", "Special-group count"),
    "grid_map.legend": ("图例 · {figure}", "Legend · {figure}"),
    "grid_map.alt": ("网格地图，按{figure}着色", "Map of the grids coloured by {figure}"),
    "grid_map.no_data": ("无数据", "No data"),
    "grid_map.not_inhabited": ("非居住网格（不适用）", "Not inhabited (rule does not apply)"),
    "grid_map.days": ("{n} 天有走访", "{n} days with visits"),
    "grid_map.rule_met": ("达到（≥ {visit_days} 天）", "Met (≥ {visit_days} days)"),
    "grid_map.rule_missed": ("未达（< {visit_days} 天）", "Missed (< {visit_days} days)"),
    "grid_map.click_hint": (
        "点击地图上的网格即按该网格筛选，再次点击取消；悬停查看网格指标。",
        "Click a grid to filter by it, click it again to clear; hover for its figures.",
    ),
    "grid_map.highlighted": ("加粗边框：网格筛选 {grids}。", "Bold outline: grid filter {grids}."),
    "grid_map.base_map.none": (
        "未配置底图，只显示网格边界（无需联网）。",
        "No base map: grid boundaries only (no internet needed).",
    ),
    "grid_map.base_map.configured": (
        "底图：已配置的本单位底图。",
        "Base map: your office's configured map.",
    ),
    "grid_map.none_drawable": (
        "所选范围内没有可绘制边界的网格，无法显示地图；请见下方列表。",
        "No grid in the selection has a boundary that can be drawn; see the list below.",
    ),
    "grid_map.undrawable": ("无法绘制的网格（{n} 个）", "Grids that cannot be drawn ({n})"),
    "grid_map.undrawable.none": (
        "所有网格均有可绘制的边界。",
        "Every grid has a boundary that can be drawn.",
    ),
    "grid_map.problem.missing": ("未登记边界", "No boundary recorded"),
    "grid_map.problem.malformed": ("边界不是有效的 GeoJSON", "The boundary is not valid GeoJSON"),
    "grid_map.problem.unsupported": (
        "边界类型不是 Polygon/MultiPolygon（{detail}）",
        "The boundary is not a Polygon or MultiPolygon ({detail})",
    ),
    "grid_map.problem.bad_coordinates": (
        "边界坐标无效：{detail}",
        "Invalid boundary coordinates: {detail}",
    ),
    "grid_map.col.problem": ("原因", "Reason"),
    "grid_map.col.households": ("住户", "Households"),
    "grid_map.col.residents": ("总人口", "Residents"),
    "grid_map.col.floating_share": ("流入人口占比", "Floating share"),
    "grid_map.col.coverage_90d": ("{days_90} 天覆盖率", "{days_90}-day coverage"),
    "grid_map.col.days_with_visits": ("上周走访天数", "Visit days last week"),
    "grid_map.col.meets_visit_days": ("达到 {visit_days} 天要求", "Met the {visit_days}-day rule"),
    "grid_map.col.open_incidents": ("未办结事件", "Open incidents"),
    "grid_map.table": ("各网格指标", "Figures per grid"),
    "grid_map.table.selected": ("所选网格指标", "Figures of the selected grids"),
    "grid_map.export_name": ("网格指标", "grid-figures"),
    "grid_map.export.undrawable": ("无法绘制的网格", "grids-not-drawn"),
    "grid_map.export.figure": ("地图着色指标", "Map colour"),
}
