"""Labels shared by every page: navigation, filters, errors, common words."""

TEXT: dict[str, tuple[str, str]] = {
    "link.bad_value": (
        "链接中的{kind}“{value}”无效，已改用默认值。",
        "The link's {kind} “{value}” is not valid; the default is used.",
    ),
    "link.kind.month": ("考核月份", "assessment month"),
    "link.kind.role": ("角色", "role"),
    "link.kind.worker": ("人员", "worker"),
    "link.kind.window": ("统计窗口", "window"),
    "link.kind.figure": ("着色指标", "colour figure"),
    "link.kind.group": ("特殊人群", "special group"),
    "link.kind.ranking": ("排名依据", "ranking"),
    "link.kind.page": ("页码", "page number"),
    "link.kind.weeks": ("趋势周数", "number of weeks"),
    "link.kind.problem": ("问题类型", "kind of problem"),
    "link.kind.check": ("检查项", "check"),
    "link.kind.compare": ("对比网格", "grid compared"),
    "link.kind.calendar_month": ("月份", "month"),
    "app.title": ("社区网格化管理看板", "Community Grid Dashboard"),
    "nav.overview": ("周例会总览", "Weekly overview"),
    "nav.population": ("人口结构", "Population"),
    "nav.special_groups": ("特殊人群", "Special groups"),
    "nav.visits": ("走访覆盖", "Visits and coverage"),
    "nav.workers": ("网格员考核", "Worker assessment"),
    "filter.header": ("筛选", "Filters"),
    "filter.language": ("语言 Language", "Language 语言"),
    "filter.community": ("社区", "Community"),
    "filter.area": ("责任片", "Area"),
    "filter.grid": ("网格", "Grid"),
    "filter.as_of": ("截至日期", "As of"),
    "filter.all": ("全部", "All"),
    "filter.refresh": ("刷新数据", "Refresh data"),
    "filter.refreshed": ("已刷新，数据重新读取", "Data reloaded"),
    "filter.default_day": (
        "默认：登记库最近一次走访日期 {day}（晚于今天的走访不计，见数据质量 DQ23）",
        "Default: the registry's latest visit, {day} (visits dated after today are ignored: "
        "data quality DQ23)",
    ),
    "filter.more_bad_values": (
        "链接中另有 {count} 个无效值，已忽略。",
        "{count} more values in the link were not valid and were ignored.",
    ),
    "filter.bad_code": (
        "链接中的{kind}代码“{code}”不存在，已忽略。",
        "The link's {kind} code “{code}” does not exist and was ignored.",
    ),
    "filter.not_allowed": (
        "链接中的{kind}“{code}”不在您的访问范围内，已忽略。",
        "The link's {kind} “{code}” is outside what you may see and was ignored.",
    ),
    "filter.grid_outside": (
        "链接中的网格“{code}”不在所选社区或责任片内，已忽略。",
        "The link's grid “{code}” is not in the chosen community or area and was ignored.",
    ),
    "filter.bad_day": (
        "链接中的日期“{value}”无效（应为 YYYY-MM-DD），已改用默认日期。",
        "The link's date “{value}” is not valid (YYYY-MM-DD); the default day is used.",
    ),
    "filter.day_out_of_range": (
        "链接中的日期“{value}”超出可查询的范围（{first} 至 {last}），已改用默认日期。",
        "The link's date “{value}” is outside the range that can be shown ({first} to {last}); "
        "the default day is used.",
    ),
    "filter.bad_lang": (
        "链接中的语言“{value}”无效，已改用中文。",
        "The link's language “{value}” is not valid; Chinese is used.",
    ),
    "scope.empty": (
        "所选范围内没有网格：请调整社区、责任片或网格筛选。",
        "No grid matches the selection: change the community, area or grid filter.",
    ),
    "fresh.line": ("数据更新至：{items}", "Data up to: {items}"),
    "store.line.stored": ("日汇总库 {time} 刷新", "daily store refreshed {time}"),
    "store.line.stored_unknown": ("取自日汇总库", "from the daily store"),
    "store.line.building": (
        "日汇总库建立中（{done}/{total} 天），本页为实时查询",
        "daily store being built ({done}/{total} days): this page queries live",
    ),
    "store.line.live": (
        "该日不在日汇总库中，本页为实时查询",
        "this day is not in the daily store: this page queries live",
    ),
    "store.line.failed": (
        "日汇总库刷新失败（{message}），本页为实时查询",
        "the daily store's refresh failed ({message}): this page queries live",
    ),
    "fresh.item": ("{kind} {day}", "{kind} {day}"),
    "fresh.kind.visit": ("走访", "visits"),
    "fresh.kind.patrol": ("巡查", "patrols"),
    "fresh.kind.work_log": ("工作日志", "work logs"),
    "fresh.kind.incident": ("事件", "incidents"),
    "fresh.kind.household": ("住户登记", "household records"),
    "fresh.kind.resident": ("居民登记", "resident records"),
    "fresh.kind.assessment": ("评分录入", "scores entered"),
    "fresh.past": (
        "所选日期 {day} 晚于登记库最近的{kind}记录（{last}）：此后的数字为 0 只表示尚无记录，"
        "不表示没有工作。",
        "The chosen day {day} is after the registry's latest {kind} ({last}): zeros after it "
        "mean nothing recorded yet, not no work.",
    ),
    "scope.summary": (
        "范围：{communities} 个社区，{grids} 个网格，截至 {day}",
        "Scope: communities {communities}, grids {grids}, as of {day}",
    ),
    "error.unexpected": (
        "页面出现意外错误，已记录。请把参考编号 {ref} 告诉管理员。",
        "The page hit an unexpected error, which is recorded. Tell the administrator the "
        "reference {ref}.",
    ),
    "error.registry": ("无法读取登记库：{message}", "Cannot read the registry: {message}"),
    "error.registry_hint": (
        "请检查 REGISTRY_DB_URL 或 .streamlit/secrets.toml 中的登记库地址。",
        "Check the registry URL in REGISTRY_DB_URL or .streamlit/secrets.toml.",
    ),
    "error.demo_missing": (
        "演示登记库尚未生成：请运行 `make run`（首次运行会自动生成）或 `python -m demo ensure`。",
        "The demo registry has not been built: run `make run` (it builds it on first run) or `python -m demo ensure`.",
    ),
    "col.grid": ("网格", "Grid"),
    "col.grid_name": ("网格名称", "Grid name"),
    "col.community": ("社区", "Community"),
    "col.days_with_visits": ("走访天数", "Days with visits"),
    "col.visit_days": ("有住户的走访日", "Visit days"),
    "col.visit_days_meeting_rate": ("达到 {daily_rate} 的走访日", "Days meeting {daily_rate}"),
    "col.problem": ("问题", "Problem"),
    "col.incident": ("事件编号", "Incident"),
    "col.category": ("类别", "Category"),
    "col.reported_at": ("上报时间", "Reported"),
    "col.hours_open": ("已用时", "Open for"),
    "col.hours_open.export": ("已用时（小时）", "Hours open"),
    "col.escalated": ("已上报镇级", "Escalated"),
    # a weekly chart's last point when its week has not ended (hover text)
    "chart.week_running": ("本周未结束（截至 {day}）", "Week in progress (up to {day})"),
    # a span of time (incidents open, median times): under a day in hours, else days and hours
    "duration.hours": ("{hours} 小时", "{hours} h"),
    "duration.days": ("{days} 天", "{days} d"),
    "duration.days_hours": ("{days} 天 {hours} 小时", "{days} d {hours} h"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "week.in_progress": (
        "本周尚未结束：截至{weekday}（本周第 {n} 天，共 7 天），“本周”数字还会增加；与上周对比用的是上周同一天（{prev}）。",
        'The week has not ended: up to {weekday} (day {n} of 7), so "this week" figures will still grow; the comparison is with the same day a week earlier ({prev}).',
    ),
    "week.day.0": ("周一", "Monday"),
    "week.day.1": ("周二", "Tuesday"),
    "week.day.2": ("周三", "Wednesday"),
    "week.day.3": ("周四", "Thursday"),
    "week.day.4": ("周五", "Friday"),
    "week.day.5": ("周六", "Saturday"),
    "week.day.6": ("周日", "Sunday"),
    "registration.shade": ("集中登记周", "registration week"),
}
