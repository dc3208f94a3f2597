"""Labels of the worker-assessment page (网格员考核). ``nav.workers`` is in common.py."""

TEXT: dict[str, tuple[str, str]] = {
    "workers.drill_hint": (
        "点选一行，即在下方“个人详情”中查看该人员。",
        "Select a row to see that worker under “One worker” below.",
    ),
    "workers.title": ("网格员考核", "Worker assessment"),
    "workers.caption": (
        "考核月份 {month}，数据截至 {day}",
        "Month {month}, figures as of {day}",
    ),
    "workers.month": ("考核月份", "Month"),
    "workers.month.scored": ("{month} · 已评分", "{month} · scored"),
    "workers.month.unscored": ("{month} · 尚未评分", "{month} · not scored yet"),
    "workers.months_unscored": (
        "截至 {day} 尚未录入评分的月份（只有工作记录）：{months}。评分录入后即计入。",
        "Months with evidence but no scores entered by {day}: {months}. "
        "They count once the scores are entered.",
    ),
    "workers.role": ("角色", "Role"),
    "workers.role.all": ("全部", "All"),
    "workers.no_workers": (
        "{month} 所选范围内没有在岗并分配网格的网格长或网格员。",
        "No grid leader or worker was in post with a grid in the selection in {month}.",
    ),
    "workers.no_role": (
        "所选角色在 {month} 没有人员。",
        "Nobody of the chosen role is listed for {month}.",
    ),
    # the month sheet
    "workers.sheet": ("月度考核表", "Month sheet"),
    "workers.sheet.caption": (
        "共 {count} 人，其中 {scored} 人已评分；按总分排名（同分同名次，未评分者列后）。"
        "点击列名可排序。",
        "{count} people, {scored} scored; ranked by total (ties share a rank, unscored last). "
        "Click a column header to sort.",
    ),
    "workers.sheet.weeks": (
        "计入周数：{weeks}（周一在本月、周日不晚于截至日的自然周）。",
        "Weeks counted: {weeks} (ISO weeks whose Monday is in the month and Sunday not after "
        "the as-of day).",
    ),
    "workers.col.rank": ("排名", "Rank"),
    "workers.col.name": ("姓名", "Name"),
    "workers.col.role": ("角色", "Role"),
    "workers.col.grids": ("负责网格", "Grids"),
    "workers.col.total": ("总分", "Total"),
    "workers.col.status": ("评分状态", "Scoring"),
    "workers.col.visits": ("走访次数", "Visits"),
    "workers.col.visit_days": ("走访天数", "Visit days"),
    "workers.col.weeks": ("计入周数", "Weeks"),
    "workers.col.weeks_meeting_visit_days": (
        "走访满 {visit_days} 天的周",
        "Weeks with {visit_days}+ visit days",
    ),
    "workers.col.visit_days_meeting_rate": (
        "达到 {daily_rate} 的走访日",
        "Visit days meeting {daily_rate}",
    ),
    "workers.col.patrol_rate": ("巡查率", "Patrol rate"),
    "workers.col.log_on_time_rate": ("日志按时率", "Logs on time"),
    "workers.col.incidents_reported": ("上报事件", "Incidents reported"),
    "workers.col.incidents_resolved_72h_rate": ("{hours} 小时办结率", "Resolved within {hours} h"),
    "workers.col.visit_compliance": ("走访达标周占比", "Visit compliance"),
    "workers.col.criterion": ("{name}（满分 {max}）", "{name} (max {max})"),
    "workers.scores_left_out": (
        "另有 {count} 条评分未计入总分（见数据质量 DQ25–DQ28）。",
        "{count} score rows are left out of the totals (see data quality DQ25–DQ28).",
    ),
    "workers.scores_left_out.help": (
        "未计入的评分：得分为空、为负数或高于满分，考核项目满分无效、重复或不存在，"
        "或同一网格员同月同项目有多条评分。",
        "Left out: a score that is empty, negative or above its maximum; a criterion whose "
        "maximum is invalid, that is repeated or missing; several scores of one worker on one "
        "criterion in one month.",
    ),
    "workers.criterion_coded": ("{name}·{code}", "{name} · {code}"),
    "workers.col.month": ("月份", "Month"),
    "workers.col.as_of": ("截至日期", "As of"),
    "workers.col.change": ("{name} 环比", "{name} change"),
    "workers.col.previous": ("{name} 上月", "{name} last month"),
    "workers.unscored": ("未评分", "Not scored"),
    "workers.scored": ("已评分", "Scored"),
    # evidence vs score
    "workers.evidence": ("评分与实绩对照", "Evidence vs score"),
    "workers.evidence.explain": (
        "标记两类不一致：总分处于前 {pct} 而走访、巡查或日志合规处于后 {pct}；或总分处于后 {pct} "
        "而某项合规处于前 {pct}。走访合规 = 走访满 {visit_days} 天的周 ÷ 计入周数；巡查合规 = 巡查率；"
        "日志合规 = 日志按时率。分位数按所列人员线性插值计算，"
        "少于 4 个数值或无差异的指标不作标记。",
        "Two kinds of disagreement are flagged: a total in the top {pct} with visit, patrol or "
        "log compliance in the bottom {pct}; or a total in the bottom {pct} with a compliance in "
        "the top {pct}. Visit compliance = weeks with {visit_days}+ visit days ÷ weeks counted; patrol "
        "compliance = patrol rate; log compliance = logs on time. Quantiles are interpolated "
        "linearly over the people listed; a measure with fewer than 4 values or no spread flags "
        "nobody.",
    ),
    "workers.threshold.mode": ("阈值方式", "Thresholds"),
    "workers.threshold.quantile": ("按分位", "By quantile"),
    "workers.threshold.fixed": ("自定义", "Fixed values"),
    "workers.threshold.share": ("前/后所占比例（%）", "Top/bottom share (%)"),
    "workers.threshold.score_low": ("总分偏低：不高于", "Low total: at most"),
    "workers.threshold.score_high": ("总分偏高：不低于", "High total: at least"),
    "workers.threshold.compliance_low": ("合规偏低：不高于（%）", "Low compliance: at most (%)"),
    "workers.threshold.compliance_high": ("合规偏高：不低于（%）", "High compliance: at least (%)"),
    "workers.threshold.measure": ("指标", "Measure"),
    "workers.threshold.low": ("后段阈值（≤）", "Bottom threshold (≤)"),
    "workers.threshold.high": ("前段阈值（≥）", "Top threshold (≥)"),
    "workers.threshold.none": ("不足以分段", "not enough spread"),
    "workers.measure.score": ("总分", "Total"),
    "workers.measure.visit": ("走访合规", "Visit compliance"),
    "workers.measure.patrol": ("巡查合规", "Patrol compliance"),
    "workers.measure.log": ("日志合规", "Log compliance"),
    "workers.flag.high_score_weak_evidence": ("高分低实绩", "High score, weak evidence"),
    "workers.flag.low_score_strong_evidence": ("低分高实绩", "Low score, strong evidence"),
    "workers.col.flag": ("类型", "Flag"),
    "workers.col.measures": ("依据", "Evidence"),
    "workers.flags.count": ("标记 {count} 条", "{count} flagged"),
    "workers.flags.none": (
        "按当前阈值，没有评分与实绩不一致的人员。",
        "With these thresholds, no score disagrees with the evidence.",
    ),
    # month over month
    "workers.mom": ("环比上月", "Month over month"),
    "workers.mom.caption": (
        "{month} 与上月 {previous} 对比（均截至 {day}）；上月未列入者环比为空。"
        "计入周数：本月 {weeks}，上月 {prev_weeks}。",
        "{month} against {previous} (both as of {day}); empty where the worker was not listed last "
        "month. Weeks counted: {weeks} this month, {prev_weeks} last month.",
    ),
    # one worker
    "workers.one": ("个人详情", "One worker"),
    "workers.one.pick": ("选择人员", "Worker"),
    "workers.one.trend": ("近 6 个月总分", "Total, last 6 months"),
    "workers.one.rates": ("近 6 个月主要指标", "Key indicators, last 6 months"),
    "workers.one.not_listed": ("未列入", "not listed"),
    "workers.one.criteria": (
        "各项得分率与社区平均（{community}）",
        "Criteria vs the mean of {community}",
    ),
    "workers.one.criteria.none": (
        "{month} 未评分，无各项得分可比较。",
        "Not scored for {month}: no criteria to compare.",
    ),
    "workers.one.worker": ("本人", "This worker"),
    "workers.one.mean": ("社区平均", "Community mean"),
    "workers.one.share": ("得分率", "Share of maximum"),
    "workers.one.calendar": ("{month} 每日工作日历", "{month} day by day"),
    "workers.one.calendar.legend": (
        "格内：日期、走访次数；巡 = 巡查，志 = 日志（✓ 当日提交，迟 = 次日及以后提交，"
        "✗ 工作日缺失）；"
        "灰色为截至日之后或非在岗日。",
        "In each cell: the date and visits; P = patrol, L = log (✓ same day, late = submitted "
        "later, ✗ missing on a duty day); grey: after the as-of day or not in post.",
    ),
    "workers.one.calendar.visits": ("走访", "Visits"),
    "workers.one.patrol.yes": ("巡✓", "P✓"),
    "workers.one.patrol.no": ("巡✗", "P✗"),
    "workers.one.log.on_time": ("志✓", "L✓"),
    "workers.one.log.late": ("志迟", "L late"),
    "workers.one.log.missing": ("志✗", "L✗"),
    "workers.one.day": ("{day}日", "{day}"),
    "workers.one.week_of": ("{date} 起", "week of {date}"),
    "workers.one.duty": (
        "工作日 {duty} 天：巡查 {patrolled} 天，日志按时 {on_time} 天",
        "{duty} duty days: patrol on {patrolled}, log on time on {on_time}",
    ),
    "workers.one.grids": ("负责网格（{month}）", "Grids answered for ({month})"),
    "workers.col.grid_code": ("网格代码", "Grid code"),
    "workers.col.grid_name": ("网格名称", "Grid name"),
    "workers.col.since": ("分配起", "Since"),
    "workers.col.until": ("分配止", "Until"),
    "workers.col.in_scope": ("在筛选范围内", "In the selection"),
    "workers.col.households": ("在册住户（截至日）", "Households (as of)"),
    "workers.weekday.0": ("一", "Mon"),
    "workers.weekday.1": ("二", "Tue"),
    "workers.weekday.2": ("三", "Wed"),
    "workers.weekday.3": ("四", "Thu"),
    "workers.weekday.4": ("五", "Fri"),
    "workers.weekday.5": ("六", "Sat"),
    "workers.weekday.6": ("日", "Sun"),
    # export
    "workers.export": ("导出考核表", "Export the sheet"),
    "workers.export.caption": (
        "Excel：{first} 至 {last} 每月一张工作表；CSV：仅 {month}。",
        "Excel: one sheet per month, {first} to {last}; CSV: {month} only.",
    ),
    "workers.export.file": ("网格员考核", "worker-assessment"),
    "workers.export.flags": ("评分与证据不一致", "Score vs evidence flags"),
    "workers.export.thresholds": ("阈值", "Thresholds"),
    "workers.export.quantile": (
        "按本表四分位（前后各 {pct}）",
        "The sheet's quantiles ({pct} each end)",
    ),
    "workers.export.band": ("{measure} 低 {low} / 高 {high}", "{measure} low {low} / high {high}"),
    "workers.export.grids": ("{name}负责网格", "Grids of {name}"),
    "workers.mom.previous_month": ("对比月份", "Compared with"),
}
