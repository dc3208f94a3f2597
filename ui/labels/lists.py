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
    "personal.no_lists": (
        "您的角色不查看居民名单，只看汇总数字。",
        "Your role sees no lists of residents, only the figures.",
    ),
    "personal.unmask.title": (
        "显示完整信息（须说明原因，记入访问日志）",
        "Show in full (a reason is required; written to the access log)",
    ),
    "personal.unmask.reason": ("原因", "Reason"),
    "personal.unmask.reason.visit": ("走访", "Home visit"),
    "personal.unmask.reason.verify": ("核实", "Verification"),
    "personal.unmask.reason.report": ("上报", "Report to a higher office"),
    "personal.unmask.reason.other": ("其他", "Other"),
    "personal.unmask.other": ("其他原因（选“其他”时必填）", "Other reason (required for “Other”)"),
    "personal.unmask.show": ("显示本页完整信息", "Show this page in full"),
    "personal.unmask.need_text": (
        "选“其他”时请写明原因。",
        "Write the reason when you choose “Other”.",
    ),
    "personal.unmask.shown": (
        "本页以完整信息显示（原因：{reason}），已记入访问日志；任何操作后恢复脱敏显示。下载仍为脱敏数据。",
        "This page is shown in full (reason: {reason}) and the access log has a row for it; any "
        "action masks it again. Downloads stay masked.",
    ),
    "export.csv": ("导出 CSV", "Download CSV"),
    "export.xlsx": ("导出 Excel", "Download Excel"),
}
