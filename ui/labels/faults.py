"""Labels of the fault boundary: what a page says when the registry fails while it runs.

One line each: the page, the problem, and how to retry. Never a host, user, port or path."""

TEXT: dict[str, tuple[str, str]] = {
    "fault.unavailable.unreachable": (
        "「{page}」无法读取数据：连接不上登记库服务器。",
        "{page}: cannot read the data — the registry server cannot be reached.",
    ),
    "fault.unavailable.rejected": (
        "「{page}」无法读取数据：登记库服务器拒绝了登录或数据库名称。",
        "{page}: cannot read the data — the registry server refused the login or the database name.",
    ),
    "fault.unavailable.missing": (
        "「{page}」无法读取数据：登记库文件不存在（可能已被删除或移走）。",
        "{page}: cannot read the data — the registry file is missing (deleted or moved?).",
    ),
    "fault.unavailable.not_a_database": (
        "「{page}」无法读取数据：登记库文件不是数据库或已损坏。",
        "{page}: cannot read the data — the registry file is not a database or is damaged.",
    ),
    "fault.unavailable.unreadable": (
        "「{page}」无法读取数据：登记库文件无法读取。",
        "{page}: cannot read the data — the registry file cannot be read.",
    ),
    "fault.timeout.lock": (
        "「{page}」已放弃查询：登记库被其他会话锁定，等待超过 {seconds} 秒。",
        "{page} gave up a query: the registry is locked by another session, waited more than {seconds} s.",
    ),
    "fault.timeout.statement": (
        "「{page}」已放弃查询：查询运行超过 {seconds} 秒仍未完成。",
        "{page} gave up a query: it ran longer than {seconds} s.",
    ),
    "fault.registry": (
        "「{page}」无法读取登记库：{message}。",
        "{page}: cannot read the registry — {message}.",
    ),
    "fault.retry_hint": (
        "请稍后按“重试”或侧栏的“刷新数据”。",
        "Press Retry (or Refresh data in the sidebar) to try again.",
    ),
    "fault.retry": ("重试", "Retry"),
    "fault.connecting": ("正在连接登记库…", "Connecting to the registry…"),
}
