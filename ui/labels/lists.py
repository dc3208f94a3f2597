"""Labels of paged lists and downloads."""

TEXT: dict[str, tuple[str, str]] = {
    "drill.grid_hint": (
        "点选一行，即只看该网格（网格筛选设为该网格）。",
        "Select a row to see this page for that grid alone (the grid filter is set to it).",
    ),
    "drill.grid_overview_hint": (
        "点选一行，即打开该网格的周例会总览。",
        "Select a row to open that grid's weekly overview.",
    ),
    "list.page": ("页码", "Page"),
    "list.showing": (
        "第 {first}–{last} 条，共 {total} 条（第 {page}/{pages} 页）",
        "Rows {first}–{last} of {total} (page {page} of {pages})",
    ),
    "list.empty": ("没有符合条件的记录。", "No matching records."),
    "list.masked": ("个人信息已脱敏显示。", "Personal data is masked."),
    "export.csv": ("导出 CSV", "Download CSV"),
    "export.xlsx": ("导出 Excel", "Download Excel"),
}
