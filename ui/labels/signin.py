"""Labels of sign-in, sign-out, the password change and "no access"."""

TEXT: dict[str, tuple[str, str]] = {
    "signin.title": ("登录", "Sign in"),
    "signin.intro": (
        "本看板含居民个人信息，仅限授权人员使用。请用您的账号登录。",
        "This dashboard holds residents' personal data and is for authorised staff only. Sign in with your account.",
    ),
    "signin.login": ("用户名", "Login"),
    "signin.password": ("密码", "Password"),
    "signin.submit": ("登录", "Sign in"),
    "signin.sso": ("用单位统一身份认证登录", "Sign in with your office's single sign-on"),
    "signin.bad": ("用户名或密码不正确。", "The login or the password is not correct."),
    "signin.locked": (
        "登录失败次数过多，已暂时锁定，请于 {until} 后再试。",
        "Too many failed sign-ins: locked for now; try again after {until}.",
    ),
    "signin.disabled": (
        "该账号已被管理员停用，请联系管理员。",
        "This account was locked by the administrator; ask the administrator.",
    ),
    "signin.idle": (
        "您已超过 {minutes} 分钟未操作，为保护居民信息已自动退出，请重新登录。",
        "You were signed out after {minutes} minutes without activity, to protect residents' data; sign in again.",
    ),
    "signin.no_accounts": (
        "尚无任何账号。管理员请在服务器上运行 `python -m admin user add 用户名 --role 角色 …` 创建第一个账号（见 README「在真实数据上部署」）。",
        'No account exists yet. The administrator creates the first one on the server with `python -m admin user add LOGIN --role ROLE …` (see the README, "Deploying on real data").',
    ),
    "signin.demo": (
        "演示库的演示账号（密码均为 `{password}`）：",
        "Demo accounts of the demo registry (password `{password}` for all):",
    ),
    "signin.demo_row": ("`{login}` — {role}：{name}", "`{login}` — {role}: {name}"),
    "signin.change.title": ("请设置新密码", "Choose a new password"),
    "signin.change.why": (
        "您的密码由管理员设置，首次登录须修改。",
        "Your password was set by the administrator and must be changed at the first sign-in.",
    ),
    "signin.change.current": ("当前密码", "Current password"),
    "signin.change.wrong_current": ("当前密码不正确。", "The current password is not right."),
    "signin.change.new": ("新密码", "New password"),
    "signin.change.again": ("再次输入新密码", "New password again"),
    "signin.change.submit": ("保存新密码", "Save the new password"),
    "signin.change.mismatch": ("两次输入的新密码不一致。", "The two new passwords differ."),
    "signin.change.done": ("新密码已保存。", "The new password is saved."),
    "signin.no_access": (
        "您（{who}）没有本看板的访问权限。如需使用，请联系管理员。",
        "You ({who}) have no access to this dashboard. Ask the administrator if you need it.",
    ),
    "signin.page_forbidden": (
        "您的角色（{role}）不能打开「{page}」。",
        'Your role ({role}) cannot open "{page}".',
    ),
    "signin.no_grids": (
        "您在 {day} 没有负责的网格，因此没有可查看的数据。",
        "You are responsible for no grid on {day}, so there is no data to show.",
    ),
    "signin.who": ("{name}（{role}）", "{name} ({role})"),
    "signin.sign_out": ("退出登录", "Sign out"),
    "signin.unavailable": (
        "无法打开看板的账号库，暂时不能登录。请联系管理员。",
        "The dashboard's account database cannot be opened, so nobody can sign in now. Tell the administrator.",
    ),
    "signin.misconfigured": (
        "看板的登录设置有误，暂时不能登录。请联系管理员。",
        "The dashboard's sign-in settings are wrong, so nobody can sign in now. Tell the administrator.",
    ),
    "role.township_office": ("镇综治办", "township office"),
    "role.secretary": ("社区书记", "community secretary"),
    "role.committee": ("考核小组", "assessment committee"),
    "role.committee_chair": ("考核小组组长", "assessment committee chair"),
    "role.grid_leader": ("网格长", "grid leader"),
    "role.grid_worker": ("网格员", "grid worker"),
    "role.admin": ("管理员", "administrator"),
}
