"""Labels of the incident-handling page (事件处置)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav.incidents": ("事件处置", "Incidents"),
    "incidents.title": ("事件处置", "Incident handling"),
    "incidents.caption": (
        "统计窗口：{first} 至 {day}（按上报日期）；积压按 {day} 日终计算",
        "Window: {first} to {day} (by report date); backlog at the end of {day}",
    ),
    "incidents.window": ("统计窗口", "Window"),
    "incidents.window.days": ("近 {days} 天", "Last {days} days"),
    # stages
    "incidents.stages": ("发现 → 受理 → 处置", "Reported → accepted → resolved"),
    "incidents.stage.reported": ("发现（上报）", "Reported"),
    "incidents.stage.accepted": ("受理", "Accepted"),
    "incidents.stage.resolved": ("处置完毕", "Resolved"),
    "incidents.median.to_accept": ("受理中位用时", "Median to accept"),
    "incidents.median.to_resolve": ("处置中位用时", "Median to resolve"),
    "incidents.median.total": ("全程中位用时", "Median in all"),
    "incidents.tile.rate_72h": ("{hours} 小时办结率", "Within {hours} h"),
    "incidents.tile.escalated": ("上报镇级", "Escalated"),
    "incidents.tile.escalated_share": ("上报镇级占比", "Escalated %"),
    "incidents.tile.open": ("未办结（日终）", "Open (end of day)"),
    "incidents.tile.overdue": ("超 {hours} 小时未办结", "Open over {hours} h"),
    "incidents.stages.note": (
        "中位小时只计时间先后正常的事件（时间倒置见数据质量 DQ21）。",
        "Median hours leave out pairs running backwards (data quality DQ21).",
    ),
    "incidents.funnel": ("处置环节", "Stages"),
    "incidents.none": (
        "所选范围内，统计窗口中没有上报的事件。",
        "No incident was reported in the selection during the window.",
    ),
    "incidents.by_category": ("按事件类别", "By category"),
    "incidents.by_grid": ("按网格", "By grid"),
    "incidents.col.reported": ("上报", "Reported"),
    "incidents.col.accepted": ("受理", "Accepted"),
    "incidents.col.resolved": ("处置", "Resolved"),
    "incidents.col.to_accept": ("发现→受理 中位小时", "Median h to accept"),
    "incidents.col.to_resolve": ("受理→处置 中位小时", "Median h to resolve"),
    "incidents.col.total": ("发现→处置 中位小时", "Median h in all"),
    "incidents.col.rate_72h": ("{hours} 小时办结率", "Within {hours} h"),
    "incidents.col.escalated": ("上报镇级", "Escalated"),
    "incidents.col.accepted_at": ("受理时间", "Accepted"),
    # backlog
    "incidents.backlog": ("未办结积压（按已用时长）", "Open backlog by age"),
    "incidents.backlog.note": (
        "按距上报的时长分段；恰好 24 小时计入“≤1 天”，依此类推。",
        "By time since they were reported; exactly 24 hours counts as ≤ 1 day, and so on.",
    ),
    "incidents.bucket.le_1d": ("≤1 天", "≤ 1 day"),
    "incidents.bucket.d1_3": ("1–3 天", "1–3 days"),
    "incidents.bucket.d3_7": ("3–7 天", "3–7 days"),
    "incidents.bucket.gt_7d": (">7 天", "> 7 days"),
    "incidents.backlog.axis": ("未办结事件（件）", "Open incidents"),
    "incidents.backlog.none": (
        "截至日日终没有未办结事件。",
        "No incident is open at the end of the day.",
    ),
    # weekly
    "incidents.weekly": (
        "每周 {hours} 小时办结率（近 {weeks} 周）",
        "Weekly {hours}-hour resolution (last {weeks} weeks)",
    ),
    "incidents.weekly.note": (
        "按上报所在周（周一至周日，本周截至截至日）；近 3 天上报的事件可能尚未办结。",
        "By the week an incident was reported (Monday to Sunday, this week up to the as-of "
        "day); incidents of the last three days may still be open.",
    ),
    "incidents.weekly.week": ("周（周一）", "Week (Monday)"),
    "incidents.weekly.running": ("本周未结束", "week in progress"),
    "incidents.weekly.rate": ("{hours} 小时办结率", "Resolved within {hours} h"),
    "incidents.weekly.reported": ("上报事件", "Reported"),
    "incidents.weekly.escalated": ("上报镇级", "Escalated"),
    "incidents.weekly.count_axis": ("事件（件）", "Incidents"),
    "incidents.weekly.none": (
        "近 {weeks} 周没有上报的事件。",
        "No incident reported in the last {weeks} weeks.",
    ),
    # overdue list
    "incidents.overdue": (
        "超过 {hours} 小时未办结（最早的在前）：共 {count} 件",
        "Open longer than {hours} hours, oldest first: {count} in all",
    ),
    "incidents.overdue.none": (
        "没有超过 {hours} 小时未办结的事件。",
        "No incident has been open longer than {hours} hours.",
    ),
    "incidents.export_name": ("超时未办结事件", "overdue-incidents"),
    "incidents.export.by_category": ("事件处置按类别", "incidents-by-category"),
    "incidents.export.by_grid": ("事件处置按网格", "incidents-by-grid"),
    "incidents.export_capped": (
        "导出最多 {limit} 条（最早的）。",
        "Downloads hold at most {limit} rows (the oldest).",
    ),
}
