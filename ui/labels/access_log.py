"""Labels of the access-log page (访问日志)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.access_log": ("访问日志", "Access log"),
    "access_log.title": ("访问日志", "Access log"),
    "access_log.caption.all": (
        "看板的全部访问日志：登录、退出、显示完整信息、导出及账号管理，最新在前。",
        "The dashboard's whole access log: sign-ins, sign-outs, unmaskings, downloads and account "
        "changes, newest first.",
    ),
    "access_log.caption.scope": (
        "涉及 {communities} 的访问日志：登录、退出、显示完整信息、导出，最新在前。",
        "The access log of {communities}: sign-ins, sign-outs, unmaskings and downloads, newest "
        "first.",
    ),
    "access_log.since": ("起始日期", "From"),
    "access_log.login": ("用户名", "Login"),
    "access_log.action": ("操作", "Action"),
    "access_log.all": ("全部", "All"),
    "access_log.shown": (
        "共 {total} 条，显示最新 {shown} 条。",
        "{total} rows; the newest {shown} are shown.",
    ),
    "access_log.none": ("没有符合条件的日志。", "No log row matches."),
    "access_log.chain_ok": (
        "日志链完整：{rows} 条记录的哈希链逐条核对无误。",
        "The log's chain is intact: the hashes of all {rows} rows check out.",
    ),
    "access_log.chain_broken": (
        "日志链在第 {row} 条处断开（{why}）：日志可能被改动，请报告管理员并保留数据库备份。",
        "The log's chain breaks at row {row} ({why}): the log may have been altered. Report it and "
        "keep the database's backup.",
    ),
    "access_log.col.at": ("时间（北京时间）", "Time (Beijing)"),
    "access_log.col.action": ("操作", "Action"),
    "access_log.col.login": ("用户名", "Login"),
    "access_log.col.role": ("角色", "Role"),
    "access_log.col.page": ("页面", "Page"),
    "access_log.col.scope": ("范围", "Scope"),
    "access_log.col.rows": ("行数", "Rows"),
    "access_log.col.reason": ("原因", "Reason"),
    "access_log.col.client": ("客户端地址", "Client address"),
    "access_log.export": ("访问日志", "access log"),
    "access_log.action.sign_in": ("登录", "sign-in"),
    "access_log.action.sign_in_failed": ("登录失败", "failed sign-in"),
    "access_log.action.sign_in_refused": ("拒绝登录", "refused sign-in"),
    "access_log.action.lockout": ("锁定", "lockout"),
    "access_log.action.sign_out": ("退出", "sign-out"),
    "access_log.action.session_idle": ("超时退出", "idle timeout"),
    "access_log.action.password_changed": ("修改密码", "password changed"),
    "access_log.action.unmask": ("显示完整信息", "unmasked"),
    "access_log.action.export": ("导出", "download"),
    "access_log.action.brief": ("简报", "brief"),
    "access_log.action.admin_user_add": ("新建账号", "account created"),
    "access_log.action.admin_grant_add": ("增加授权", "grant added"),
    "access_log.action.admin_password_reset": ("重置密码", "password reset"),
    "access_log.action.admin_lock": ("锁定账号", "account locked"),
    "access_log.action.admin_unlock": ("解锁账号", "account unlocked"),
    "access_log.action.admin_log_export": ("导出日志", "log exported"),
}
