"""术语与口径 — the one declaration of the dashboard's terms and how each figure is counted.

The glossary page lists every ``Term`` (one anchor each), and every help icon of the app takes
its text from here and links to that anchor. A definition's numbers are not written out: its
placeholders are filled from the rule constants where the figures are computed (``RULES``), so
a rule that changes changes its explanation with it. ``figures`` names the keys of
``kpi-definitions.md`` a term defines. ``FIGURES`` declares each figure once — its key, the
function computing it, grain, window, unit and decimals, the term whose name and definition are
its label and help, the direction that is good and its target — and tiles, tables, exports, the
commands and the brief read it (typed: ``VISITS_COVERAGE_90D.of(snapshot)``, not string paths).

Text is Chinese first, English second, like the label catalogue; no Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from metrics import snapshot as ms
from metrics import township as mt
from metrics import visits as mv
from metrics import workers as mw
from metrics.assessment import visit_compliance
from metrics.core import ELDERLY_AGE, RATIO_PLACES, SCORE_PLACES
from metrics.privacy import SMALL_COUNT_LIMIT, SUPPRESSED
from metrics.registration import BASELINE_WEEKS, MIN_REGISTERED, SURGE_FACTOR
from metrics.snapshot import (
    COVERAGE_30D_DAYS,
    COVERAGE_90D_DAYS,
    INCIDENT_WINDOW_DAYS,
    INSPECTION_DAYS,
    RESOLUTION_HOURS,
    RULE_DAILY_RATE,
    RULE_VISIT_DAYS,
)
from metrics.special_groups import CARE_WINDOW_DAYS
from metrics.visits import WEEKLY_COVERAGE_LINE


def _percent(value: Fraction) -> str:
    return f"{float(value * 100):g}%"


#: every placeholder a definition may use, from the constants the figures are computed with
RULES: dict[str, object] = {
    "visit_days": RULE_VISIT_DAYS,
    "daily_rate": _percent(RULE_DAILY_RATE),
    "weekly_line": _percent(WEEKLY_COVERAGE_LINE),
    "hours": RESOLUTION_HOURS,
    "days_30": COVERAGE_30D_DAYS,
    "days_90": COVERAGE_90D_DAYS,
    "incident_days": INCIDENT_WINDOW_DAYS,
    "inspection_days": INSPECTION_DAYS,
    "not_visited_days": COVERAGE_90D_DAYS,
    "care_days": CARE_WINDOW_DAYS,
    "elderly_age": ELDERLY_AGE,
    "small_limit": SMALL_COUNT_LIMIT,
    "small_max": SMALL_COUNT_LIMIT - 1,
    "suppressed": SUPPRESSED,
    "ratio_places": RATIO_PLACES,
    "score_places": SCORE_PLACES,
    "surge_factor": SURGE_FACTOR,
    "baseline_weeks": BASELINE_WEEKS,
    "min_registered": MIN_REGISTERED,
}


@dataclass(frozen=True)
class Section:
    key: str
    name: tuple[str, str]


@dataclass(frozen=True)
class Term:
    """One entry of the glossary: its anchor, its name and its definition (zh, en)."""

    key: str
    section: str
    name: tuple[str, str]
    definition: tuple[str, str]

    @property
    def figures(self) -> tuple[str, ...]:
        """The keys of the declared figures (``FIGURES``) this term names and explains."""
        return tuple(f.key for f in FIGURES if f.term == self.key)

    @property
    def anchor(self) -> str:
        """The glossary page's anchor of this term (the same in both languages)."""
        return self.key.replace("_", "-")

    def name_in(self, index: int) -> str:
        """The name in language ``index`` (0 zh, 1 en), its rule numbers filled in."""
        return self.name[index].format(**RULES)

    def definition_in(self, index: int) -> str:
        """The definition in language ``index`` (0 zh, 1 en), its rule numbers filled in."""
        return self.definition[index].format(**RULES)


SECTIONS: tuple[Section, ...] = (
    Section("day", ("日期与范围", "Day and scope")),
    Section("population", ("人口", "Population")),
    Section("groups", ("特殊人群", "Special groups")),
    Section("visits", ("入户走访", "Visits")),
    Section("workers", ("网格员考核", "Worker assessment")),
    Section("incidents", ("事件处置", "Incidents")),
    Section("rentals", ("出租房屋", "Rentals")),
    Section("privacy", ("个人信息", "Personal data")),
)

TERMS: tuple[Term, ...] = (
    # --- day and scope ---------------------------------------------------------------------
    Term(
        "as_of",
        "day",
        ("截至日", "As-of day"),
        (
            "各项数字描述截至日当天结束时（次日 0 时前）的情况。默认截至日为登记库最近一次走访的日期"
            "（晚于今天〔北京时间〕的走访不计，属数据质量问题）；没有走访时为今天。",
            "Every figure describes the end of the as-of day (before 00:00 of the next day). By "
            "default it is the date of the registry's latest visit (visits dated after today, "
            "Asia/Shanghai, are ignored as bad data), or today when there is no visit.",
        ),
    ),
    Term(
        "known_on_the_day",
        "day",
        ("截至当日已知", "As known on the day"),
        (
            "回看过去某一天时，只使用当天结束前已经录入的内容：考核评分在录入日期"
            "不晚于截至日、或未填录入日期时才计入，事后补录的评分不会出现在过去的日子里。",
            "Looking back at a past day uses only what had been recorded by its end: a score "
            "counts when its entry date is on or before the as-of day, or is "
            "empty; a score entered later does not appear on earlier days.",
        ),
    ),
    Term(
        "scope",
        "day",
        ("范围", "Scope"),
        (
            "所选的网格：不筛选时为登记库全部网格；选社区、责任片或网格时为同时满足各项筛选的网格。"
            "住户属于其网格，无论网格是否有人居住。",
            "The chosen grids: every grid of the registry without a filter; with community, area "
            "or grid filters, the grids that satisfy all of them. A household belongs to its "
            "grid whether or not the grid is inhabited.",
        ),
    ),
    Term(
        "data_freshness",
        "day",
        ("数据更新至", "Data freshness"),
        (
            "页面标题下列出该页所依据的各类记录中最新的一条的日期（走访、登记、事件、巡查、工作日志、"
            "评分录入，均不晚于今天）。所选日期晚于最新记录时，之后的 0 只表示尚无记录，不表示没有工作。",
            "Under each page's title: the date of the newest record of each kind the page rests "
            "on (visits, registrations, incidents, patrols, work logs, scores entered; none "
            "after today). After the newest record, a zero means nothing recorded yet, not no "
            "work.",
        ),
    ),
    Term(
        "registration_week",
        "day",
        ("集中登记周", "Registration week"),
        (
            "某周登记入库的居民不少于 {min_registered} 人，且超过此前 {baseline_weeks} 个普通周中位数的 "
            "{surge_factor} 倍，或与配置的集中采集期重叠。这类周的人口“增长”是把已有居民录入登记库，"
            "总览的周对比变化显示为灰色并加说明，人口页的每周迁入迁出图以阴影标出。",
            "A week in which at least {min_registered} residents were registered and more than "
            "{surge_factor} × the median of the {baseline_weeks} ordinary weeks before it, or "
            'one that overlaps a configured collection campaign. Its "growth" is existing '
            "residents being entered: the overview shows such changes grey with a note, and the "
            "population page shades those weeks on its weekly chart.",
        ),
    ),
    Term(
        "week_in_progress",
        "day",
        ("未结束的周", "Week in progress"),
        (
            "所选日期不是周日时，“本周”只到所选日期，数字还会增加；周对比用上周同一天，因此是公平的。",
            'When the day chosen is not a Sunday, "this week" runs only up to it and its '
            "figures will still grow; the weekly comparison uses the same weekday a week "
            "earlier, so it is fair.",
        ),
    ),
    Term(
        "data_quality",
        "day",
        ("数据质量核查", "Data-quality checks"),
        (
            "对登记库逐条核查的规则，每条有固定编号（DQ01、DQ02…）。记录按其网格计入范围；不属于任何网格的"
            "记录（类别表、重复键、指向不存在记录的引用）计为“全库”，不论范围。被核查出的记录若影响某项数字，"
            "该数字的说明会注明未计入的条数。",
            "Record-level checks of the registry, each with a stable code (DQ01, DQ02, …). A "
            "record is in scope through its grid; records of no grid (lookups, repeated keys, "
            "references to missing rows) count as registry-wide, whatever the scope. Where a "
            "finding leaves rows out of a figure, the figure's caption says how many.",
        ),
    ),
    Term(
        "ratios",
        "day",
        ("比率", "Ratios"),
        (
            "比率为分子之和 ÷ 分母之和（不是各网格比率的平均），四舍五入保留 {ratio_places} 位小数，"
            "显示为百分比；分母为 0 时显示“—”，不是 0。",
            "A ratio is a sum over a sum (never a mean of ratios), rounded half-up to "
            "{ratio_places} decimals and shown as a percentage; with a zero denominator it shows "
            "“—”, never 0.",
        ),
    ),
    # --- population ------------------------------------------------------------------------
    Term(
        "household",
        "population",
        ("在册住户", "Active household"),
        (
            "登记日期不晚于截至日、且未注销（注销日期为空或晚于截至日）的住户。",
            "A household registered on or before the as-of day and not closed (no closing date, "
            "or one after the day).",
        ),
    ),
    Term(
        "residents",
        "population",
        ("总人口", "Residents"),
        (
            "截至日在册的居民（以居民本人的登记、注销日期为准），按所在住户的网格计入范围；"
            "分为常住、流入、挂户三类。",
            "Residents active on the as-of day (their own registration and leaving dates "
            "decide), in scope through their household's grid; split into resident, floating "
            "and nominal.",
        ),
    ),
    Term(
        "resident",
        "population",
        ("常住", "Resident"),
        (
            "户籍在本社区且在此居住的居民。",
            "Registered here and living here.",
        ),
    ),
    Term(
        "floating",
        "population",
        ("流入", "Floating"),
        (
            "从外地流入、在本社区居住的人口，按流入来源分为外县流入、陪读、"
            "经商务工、其他；来源为空或不是这四个代码之一的计为“未填/无效”。",
            "People from elsewhere living here, by origin: out of county, "
            "study companion, business / work, other; an empty or unknown origin counts as "
            "“unknown”.",
        ),
    ),
    Term(
        "study_companion",
        "population",
        ("陪读", "Study companion"),
        (
            "为陪伴子女在本地上学而流入居住的人口，是流入来源之一。",
            "Someone who moved here to accompany a child at school: one of the floating origins.",
        ),
    ),
    Term(
        "nominal",
        "population",
        ("挂户", "Nominal"),
        (
            "户籍登记在本社区、但人不在此居住的居民，计入总人口。",
            "Registered here but living elsewhere; counted among the residents.",
        ),
    ),
    Term(
        "elderly",
        "population",
        ("{elderly_age} 岁及以上", "Aged {elderly_age}+"),
        (
            "截至日按周岁计算年龄不小于 {elderly_age} 岁的在册居民（生日当天满岁）。",
            "Active residents aged {elderly_age} or more in full years on the as-of day (a "
            "birthday counts on its day).",
        ),
    ),
    # --- special groups --------------------------------------------------------------------
    Term(
        "special_groups",
        "groups",
        ("特殊人群", "Special groups"),
        (
            "登记库“特殊人群”表中的每一类：按人计的类别数截至日在册、且身份在截至日有效的居民，"
            "按户计的类别数在册住户；同一人（户）重复登记只计一次。",
            "Every group of the registry's special-group table: a person-level group counts "
            "active residents whose membership holds on the day, a household-level group active "
            "households; a person (household) listed twice counts once.",
        ),
    ),
    Term(
        "small_count",
        "privacy",
        ("“{suppressed}”规则", "The “{suppressed}” rule"),
        (
            "敏感人群只显示人数，不列名单。有个人信息权限的角色（社区书记、网格长、网格员）看到实际"
            "人数；其他角色（镇综治办、考核小组）看到：0 照常显示，1 至 {small_max} 人显示为"
            "“{suppressed}”，5 人及以上取整到 5 的倍数（7 显示为 5，8 显示为 10），合计由实际合计"
            "取整，不由各格相加，相减只能得到一个范围。“敏感”未填写的类别按敏感处理。",
            "Sensitive groups show counts only, never members. Roles with personal-data access "
            "(secretary, grid leader, grid worker) see the real counts; the others (township "
            "office, committee) see 0 as 0, 1 to {small_max} as “{suppressed}”, and 5 or more "
            "rounded to a multiple of 5 (7 as 5, 8 as 10); a total is rounded from the real "
            "total, not added up from cells, so a difference gives only a range. A group whose "
            "sensitivity is not recorded is treated as sensitive.",
        ),
    ),
    Term(
        "care_gap",
        "groups",
        ("关爱空白", "Care gap"),
        (
            "老年人类别（空巢、独居、孤寡）和残疾人中，所在住户近 {care_days} 天（含截至日）"
            "没有走访记录的人。",
            "Elderly-group members (empty-nest, solitary, widowed) and disabled residents whose "
            "household had no visit in the {care_days} days ending on the as-of day.",
        ),
    ),
    # --- visits ----------------------------------------------------------------------------
    Term(
        "visits",
        "visits",
        ("走访次数与走访日", "Visits and visit days"),
        (
            "走访按走访时间的日期计；本周走访 = 本周一至截至日的走访次数（住户当天是否在册均计），"
            "走访户数为其中不同的住户。走访日：有至少一次走访的日子（网格·日或网格员·日）。",
            "A visit counts on the date of its time; visits this week = visits from Monday to "
            "the as-of day (whether or not the household was active), homes visited = the "
            "distinct households among them. A visit day is a day with at least one visit (per "
            "grid, or per worker).",
        ),
    ),
    Term(
        "last_week",
        "visits",
        ("上一个完整周", "Last complete week"),
        (
            "截至日之前（截至日为周日时含当周）最后一个完整的自然周，周一至周日。",
            "The last complete ISO week, Monday to Sunday, ending on or before the as-of day "
            "(its own week when the day is a Sunday).",
        ),
    ),
    Term(
        "rule_3_day",
        "visits",
        ("3 天规则", "The 3-day rule"),
        (
            "每个网格每周至少有 {visit_days} 天入户走访（工作报告：每周深入网格采集不低于 "
            "{visit_days} 次）。按上一个完整周、有人居住的网格计：达标网格 = 该周有走访的不同日期"
            "不少于 {visit_days} 天的网格。网格员每月的达标周同理。",
            "Each grid is visited on at least {visit_days} days a week (the work report: into "
            "the grid at least {visit_days} times a week). Counted over the last complete week "
            "for inhabited grids: a grid meets it with visits on {visit_days} or more distinct "
            "days. A worker's weeks meeting it in a month are counted the same way.",
        ),
    ),
    Term(
        "rule_4_percent",
        "visits",
        ("{daily_rate} 规则", "The {daily_rate} rule"),
        (
            "每个走访日入户数不低于网格总户数的 {daily_rate}：当天走访的不同住户 ÷ 当天在册住户 ≥ "
            "{daily_rate} 的网格·日计为达标（达标日是一个数，不是比率）；当天没有在册住户的网格·日"
            "不计入。网格员按其当天负责的网格合计。",
            "On each visit day at least {daily_rate} of the grid's households are visited: a "
            "grid-day meets it when distinct households visited that day ÷ households active "
            "that day ≥ {daily_rate} (a count of days, not a ratio); a grid-day with no active "
            "household is left out. For a worker, over the grids assigned that day.",
        ),
    ),
    Term(
        "weekly_coverage",
        "visits",
        ("每周覆盖率与 {weekly_line} 线", "Weekly coverage and the {weekly_line} line"),
        (
            "每周覆盖率 = 该周（周一至周日，本周至截至日）走访过的不同住户 ÷ 该周最后一天的在册住户。"
            "{weekly_line} 线 = 每周 {visit_days} 天 × 每天 {daily_rate}。",
            "Weekly coverage = distinct households visited in the week (Monday to Sunday; this "
            "week up to the as-of day) ÷ households active on its last day. The {weekly_line} "
            "line = {visit_days} days a week × {daily_rate} a day.",
        ),
    ),
    Term(
        "coverage_30d",
        "visits",
        ("{days_30} 天覆盖率", "{days_30}-day coverage"),
        (
            "截至日在册的住户中，近 {days_30} 天（含截至日）至少有一次走访的住户所占比例；"
            "没有在册住户时不计算。",
            "The share of households active on the as-of day with at least one visit in the "
            "{days_30} days ending on it; none when there is no active household.",
        ),
    ),
    Term(
        "coverage_90d",
        "visits",
        ("{days_90} 天覆盖率", "{days_90}-day coverage"),
        (
            "截至日在册的住户中，近 {days_90} 天（含截至日）至少有一次走访的住户所占比例。"
            "其余住户即“{not_visited_days} 天未走访住户”。",
            "The share of households active on the as-of day with at least one visit in the "
            "{days_90} days ending on it. The others are the households not visited in "
            "{not_visited_days} days.",
        ),
    ),
    # --- workers ---------------------------------------------------------------------------
    Term(
        "duty_days",
        "workers",
        ("工作日", "Duty days"),
        (
            "考核月中截至日为止、网格员在岗的周一至周五。巡查率和日志按时率以工作日为分母。",
            "The Monday-to-Friday days of the month, up to the as-of day, on which the worker is "
            "in post: the denominator of the patrol and on-time log rates.",
        ),
    ),
    Term(
        "patrol_rate",
        "workers",
        ("巡查率", "Patrol rate"),
        (
            "有至少一条巡查记录的工作日 ÷ 工作日（每天至少巡查一次）；没有工作日时不计算。",
            "Duty days with at least one patrol ÷ duty days (a patrol a day); none without a "
            "duty day.",
        ),
    ),
    Term(
        "log_on_time_rate",
        "workers",
        ("日志按时率", "On-time log rate"),
        (
            "当天写了当天工作日志（日志日期为该日、提交时间在同一天）的工作日 ÷ 工作日（日清周结）。",
            "Duty days with a work log for that day submitted on that same day ÷ duty days "
            "(written the same day).",
        ),
    ),
    Term(
        "visit_compliance",
        "workers",
        ("走访达标率", "Visit compliance"),
        (
            "考核月中已结束的自然周里，网格员有至少 {visit_days} 天走访的周所占比例（见 3 天规则）。",
            "The share of the month's complete weeks in which the worker visited on at least "
            "{visit_days} days (see the 3-day rule).",
        ),
    ),
    Term(
        "score_total",
        "workers",
        ("考核总分", "Score total"),
        (
            "100 × 得分之和 ÷ 已评项目满分之和，只计截至日已录入的评分（见截至当日已知），保留 "
            "{score_places} 位小数；考核均分为各人总分的平均值。得分为空、为负或高于满分的评分不计入。",
            "100 × the sum of scores ÷ the sum of the scored criteria's maxima, scores entered by "
            "the as-of day only (see as known on the day), to {score_places} decimals; the mean "
            "score is the mean of the workers' totals. A score that is empty, negative or above "
            "its maximum is left out.",
        ),
    ),
    Term(
        "evidence_flags",
        "workers",
        ("评分与证据不一致", "Score and evidence disagree"),
        (
            "总分在前段（不低于高阈值）而走访、巡查、日志达标率至少一项在后段（不高于低阈值），"
            "或总分在后段而至少一项在前段。阈值默认为本表的四分位，也可手动填写。",
            "A total in the top band (at or above the high threshold) with at least one of the "
            "visit, patrol or log compliances in the bottom band (at or below its low), or the "
            "other way round. Thresholds are the sheet's quarters by default, or typed in.",
        ),
    ),
    Term(
        "score_proposal",
        "workers",
        ("建议分（考核细则）", "Proposed score (the rubric)"),
        (
            "考核细则按月度证据为各考核项目算出的分数：每条规则取一项网格员指标（或一项指标除以另一项的"
            "若干倍，最多为 1），在“得零分于”与“得满分于”之间按比例得其权重；建议分为满分乘以各条之和，"
            "按步长四舍五入。演示细则依据工作方案：入户走访一半看每周入格满 {visit_days} 天的周数，"
            "一半看走访达到 {daily_rate} 的天数与（{visit_days} × 周数）之比；巡查与工作日志看巡查率、"
            "日志按时率；事件处置看 {hours} 小时办结率。缺少证据（无在岗工作日、当月尚无完整的周、未上报"
            "事件）或无规则的项目没有建议分，由考核小组评定；评分与建议分相差超过允许幅度须写明理由。",
            "The score the rubric computes for a criterion from the month's evidence: each rule takes "
            "a worker indicator (or one indicator over a multiple of another, at most 1) and earns its "
            "weight in proportion between its zero point and its full point; the proposal is the "
            "maximum times their sum, rounded half-up to the step. The demo's rubric follows the "
            "work plan: visits half from the weeks with visits on {visit_days} days, half from the "
            "days meeting {daily_rate} over {visit_days} × the weeks; patrol and work log from the "
            "patrol and on-time log rates; incidents from the {hours}-hour rate. Without evidence "
            "(no duty day, no week of the month ended, no incident reported) or without a rule there "
            "is no proposal: the committee scores it; a score further from its proposal than the "
            "margin needs a written reason.",
        ),
    ),
    Term(
        "score_signoff",
        "workers",
        ("签署、确认与版本", "Sign-off, confirmation and versions"),
        (
            "组长开启月份（第 1 版草稿），小组成员评分；月份结束、每人每项都有评分后组长签署，另一名成员"
            "确认后锁定。更正须由组长写明理由重新开启，生成下一版草稿，已签署的版本原样保留，新版本签署前"
            "仍以原版本为准。每一步、每项评分的修改（原分 → 新分、理由）都记入访问日志。",
            "The chair opens the month (version 1, a draft) and the committee scores; once the month "
            "is over and every worker has a score on every criterion the chair signs, and a second "
            "member's confirmation locks it. A correction is reopened by the chair with a reason as "
            "the next version, a draft; the signed version is kept as it was and stays in force "
            "until the new one is signed. Every step and every score changed (old → new, reason) is "
            "in the access log.",
        ),
    ),
    # --- incidents -------------------------------------------------------------------------
    Term(
        "incident_stages",
        "incidents",
        ("发现、受理、处置", "Reported, accepted, resolved"),
        (
            "事件按上报时间计入窗口；各环节以其时间早于截至日日终为准。未填受理时间但已处置的事件"
            "计入处置、不计入受理。",
            "An incident is in a window by its report time; a stage is reached when its time "
            "falls before the end of the as-of day. One resolved without an acceptance time "
            "counts as resolved, not as accepted.",
        ),
    ),
    Term(
        "open_incidents",
        "incidents",
        ("未办结事件", "Open incidents"),
        (
            "截至日日终前已上报、且未在日终前处置完毕的事件；超过 {hours} 小时的为逾期。",
            "Incidents reported before the end of the as-of day and not resolved by then; over "
            "{hours} hours open, they are overdue.",
        ),
    ),
    Term(
        "rule_72_hour",
        "incidents",
        ("{hours} 小时规则", "The {hours}-hour rule"),
        (
            "近 {incident_days} 天上报的事件中，在截至日日终前、且上报后不超过 {hours} 小时处置完毕的"
            "比例；没有上报时不计算。网格员的比率按其本人上报的事件计。",
            "Of the incidents reported in the {incident_days} days ending on the as-of day, the "
            "share resolved before its end and within {hours} hours of the report; none when "
            "nothing was reported. A worker's rate counts the incidents he reported.",
        ),
    ),
    # --- rentals ---------------------------------------------------------------------------
    Term(
        "rentals",
        "rentals",
        ("出租房屋", "Rentals"),
        (
            "租住户截至日在册的出租登记条数（按条计，不按户）。已签责任书：签订日期不晚于截至日；"
            "已检查：最近检查日期在近 {inspection_days} 天内。",
            "Rental rows (rows, not households) whose tenant household is active on the as-of "
            "day. Pledge signed: on or before the day; inspected: last inspection in the "
            "{inspection_days} days ending on it.",
        ),
    ),
    Term(
        "floating_in_rentals",
        "rentals",
        ("租住流入人口", "Floating residents in rentals"),
        (
            "截至日在册、人口类别为流入、所在住户在册且至少有一条出租登记的居民（不论责任书、检查情况）。",
            "Residents active on the as-of day, residency floating, whose household is active and "
            "has at least one rental row (whatever its pledge or inspection).",
        ),
    ),
    Term(
        "masking",
        "privacy",
        ("个人信息脱敏", "Personal data masked"),
        (
            "名单和导出中姓名只显示首尾（张*明），电话、身份证号部分隐去，地址只到楼栋。",
            "Lists and downloads show names as 张*明, hide parts of phones and identity "
            "numbers, and give addresses down to the building only.",
        ),
    ),
)

TERM_BY_KEY: dict[str, Term] = {term.key: term for term in TERMS}


def term(key: str) -> Term:
    """The declared term ``key``; a ``KeyError`` names an undeclared one."""
    return TERM_BY_KEY[key]


# --- the figures ----------------------------------------------------------------------------


class Grain(StrEnum):
    """What one value of a figure describes."""

    SCOPE = "scope"  # the whole scope (the snapshot's figures)
    COMMUNITY = "community"
    GRID = "grid"
    WORKER = "worker"  # one worker, one month
    DAY = "day"
    WEEK = "week"


class Unit(StrEnum):
    COUNT = "count"
    RATIO = "ratio"  # a share, shown as a percentage
    SCORE = "score"
    DAY = "day"  # an ISO date
    PERIOD = "period"  # a month, YYYY-MM
    CODES = "codes"  # a list of codes


class Direction(StrEnum):
    """Which way is good: a rise in ``HIGHER`` figures is good news, in ``LOWER`` ones bad."""

    HIGHER = "higher"
    LOWER = "lower"
    NEUTRAL = "neutral"


class Window(StrEnum):
    """Windows that are not a number of days ending on the as-of day."""

    DAY = "day"  # on the as-of day (end of day)
    WEEK_TO_DATE = "week_to_date"  # Monday of the as-of day's ISO week to the day
    LAST_WEEK = "last_complete_week"  # the last complete ISO week ending on or before the day
    MONTH = "month_to_date"  # the days of month M up to the day (worker indicators)
    PERIOD = "assessment_period"  # the latest assessment period not after the day's month


#: decimals a value of each unit is rounded to (kpi-definitions.md: ratios 4, scores 2)
DECIMALS: dict[Unit, int | None] = {
    Unit.COUNT: 0,
    Unit.RATIO: RATIO_PLACES,
    Unit.SCORE: SCORE_PLACES,
    Unit.DAY: None,
    Unit.PERIOD: None,
    Unit.CODES: None,
}


@dataclass(frozen=True)
class Figure:
    """One figure, declared once.

    ``key`` is its key in ``kpi-definitions.md`` (a dotted path into the snapshot, or a worker
    indicator); ``family`` marks a key whose children are codes (``special_groups.<code>``).
    ``compute`` is the function that computes it (for a snapshot figure, the function that
    returns it or its block). ``window`` is a number of days ending on the as-of day or a
    ``Window``. ``term`` is the glossary entry whose name and definition are its label and help
    (``label`` only where the figure's own name differs from the term's). ``target``: the value
    that meets the rule or the office's target, compared by ``direction``.
    """

    key: str
    compute: Callable[..., Any]
    grain: Grain
    window: int | Window
    unit: Unit
    term: str
    direction: Direction = Direction.NEUTRAL
    target: int | float | Fraction | None = None
    label: tuple[str, str] | None = None
    family: bool = False

    @property
    def decimals(self) -> int | None:
        return DECIMALS[self.unit]

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    def of(self, values: Mapping[str, Any]) -> Any:
        """This figure's value in ``values`` (a snapshot object or a worker row)."""
        value: Any = values
        for part in self.path:
            value = value[part]
        return value

    def name_in(self, index: int) -> str:
        """The label in language ``index`` (0 zh, 1 en): its own, else its term's name."""
        return self.label[index].format(**RULES) if self.label else term(self.term).name_in(index)

    def help_in(self, index: int) -> str:
        """The help in language ``index``: the term's definition (never a second copy)."""
        return term(self.term).definition_in(index)

    def meets(self, value: int | float | None) -> bool | None:
        """Whether ``value`` meets the target (``None`` without a target or a value)."""
        if self.target is None or value is None:
            return None
        if self.direction is Direction.LOWER:
            return Fraction(str(value)) <= Fraction(self.target)
        return Fraction(str(value)) >= Fraction(self.target)


S, W, C = Grain.SCOPE, Grain.WORKER, Grain.COMMUNITY
UP, DOWN = Direction.HIGHER, Direction.LOWER

# -- the snapshot (grain: scope) --
AS_OF = Figure("as_of", ms.snapshot, S, Window.DAY, Unit.DAY, "as_of")
SCOPE_COMMUNITIES = Figure("scope.communities", ms.snapshot, S, Window.DAY, Unit.CODES, "scope")
SCOPE_GRIDS = Figure("scope.grids", ms.snapshot, S, Window.DAY, Unit.CODES, "scope")
HOUSEHOLDS = Figure("households", ms.households, S, Window.DAY, Unit.COUNT, "household")
RESIDENTS_TOTAL = Figure("residents.total", ms.residents, S, Window.DAY, Unit.COUNT, "residents")
RESIDENTS_RESIDENT = Figure(
    "residents.resident", ms.residents, S, Window.DAY, Unit.COUNT, "resident"
)
RESIDENTS_FLOATING = Figure(
    "residents.floating", ms.residents, S, Window.DAY, Unit.COUNT, "floating"
)
RESIDENTS_NOMINAL = Figure("residents.nominal", ms.residents, S, Window.DAY, Unit.COUNT, "nominal")
RESIDENTS_ELDERLY = Figure(
    "residents.elderly_60_plus", ms.residents, S, Window.DAY, Unit.COUNT, "elderly"
)
FLOATING_ORIGIN = tuple(
    Figure(
        f"floating_origin.{code}",
        ms.floating_origin,
        S,
        Window.DAY,
        Unit.COUNT,
        "study_companion" if code == "study_companion" else "floating",
    )
    for code in (*ms.FLOATING_ORIGINS, ms.UNKNOWN_ORIGIN)
)
#: the residency split and the floating origins by code (the snapshot's order)
RESIDENCY = {
    "resident": RESIDENTS_RESIDENT,
    "floating": RESIDENTS_FLOATING,
    "nominal": RESIDENTS_NOMINAL,
}
ORIGIN = {origin.path[-1]: origin for origin in FLOATING_ORIGIN}
SPECIAL_GROUPS = Figure(
    "special_groups",
    ms.special_group_totals,
    S,
    Window.DAY,
    Unit.COUNT,
    "special_groups",
    family=True,
)
GRIDS_TOTAL = Figure("grids.total", ms.grid_counts, S, Window.DAY, Unit.COUNT, "scope")
GRIDS_INHABITED = Figure("grids.inhabited", ms.grid_counts, S, Window.DAY, Unit.COUNT, "scope")
WORKERS = tuple(
    Figure(f"workers.{role}", ms.worker_counts, S, Window.DAY, Unit.COUNT, "scope")
    for role in ms.ROLES
)
VISITS_WEEK_START = Figure(
    "visits.week_start", ms.snapshot, S, Window.WEEK_TO_DATE, Unit.DAY, "week_in_progress"
)
VISITS_THIS_WEEK = Figure(
    "visits.this_week.visits", ms.visits_this_week, S, Window.WEEK_TO_DATE, Unit.COUNT, "visits", UP
)
HOUSEHOLDS_VISITED_THIS_WEEK = Figure(
    "visits.this_week.households_visited",
    ms.visits_this_week,
    S,
    Window.WEEK_TO_DATE,
    Unit.COUNT,
    "visits",
    UP,
)
VISITS_COVERAGE_30D = Figure(
    "visits.coverage_30d", ms.coverage, S, ms.COVERAGE_30D_DAYS, Unit.RATIO, "coverage_30d", UP
)
VISITS_COVERAGE_90D = Figure(
    "visits.coverage_90d",
    ms.coverage,
    S,
    ms.COVERAGE_90D_DAYS,
    Unit.RATIO,
    "coverage_90d",
    UP,
    mt.COVERAGE_90D_TARGET,
)
LAST_WEEK_START = Figure(
    "visits.last_week.start", ms.last_week, S, Window.LAST_WEEK, Unit.DAY, "last_week"
)
LAST_WEEK_END = Figure(
    "visits.last_week.end", ms.last_week, S, Window.LAST_WEEK, Unit.DAY, "last_week"
)
LAST_WEEK_GRIDS = Figure(
    "visits.last_week.grids", ms.last_week, S, Window.LAST_WEEK, Unit.COUNT, "rule_3_day"
)
LAST_WEEK_GRIDS_MEETING = Figure(
    "visits.last_week.grids_meeting_visit_days",
    ms.last_week,
    S,
    Window.LAST_WEEK,
    Unit.COUNT,
    "rule_3_day",
    UP,
)
LAST_WEEK_VISIT_DAYS = Figure(
    "visits.last_week.visit_days", ms.last_week, S, Window.LAST_WEEK, Unit.COUNT, "rule_4_percent"
)
LAST_WEEK_VISIT_DAYS_MEETING = Figure(
    "visits.last_week.visit_days_meeting_rate",
    ms.last_week,
    S,
    Window.LAST_WEEK,
    Unit.COUNT,
    "rule_4_percent",
    UP,
)
INCIDENTS_OPEN = Figure(
    "incidents.open", ms.incidents, S, Window.DAY, Unit.COUNT, "open_incidents", DOWN
)
INCIDENTS_REPORTED_30D = Figure(
    "incidents.reported_30d",
    ms.incidents,
    S,
    ms.INCIDENT_WINDOW_DAYS,
    Unit.COUNT,
    "incident_stages",
)
INCIDENTS_RESOLVED_72H_30D = Figure(
    "incidents.resolved_within_72h_30d",
    ms.incidents,
    S,
    ms.INCIDENT_WINDOW_DAYS,
    Unit.RATIO,
    "rule_72_hour",
    UP,
    mt.RESOLVED_72H_TARGET,
)
RENTALS_TOTAL = Figure("rentals.total", ms.rentals, S, Window.DAY, Unit.COUNT, "rentals")
RENTALS_PLEDGE_SIGNED = Figure(
    "rentals.pledge_signed", ms.rentals, S, Window.DAY, Unit.COUNT, "rentals", UP
)
RENTALS_INSPECTED_90D = Figure(
    "rentals.inspected_90d", ms.rentals, S, ms.INSPECTION_DAYS, Unit.COUNT, "rentals", UP
)
ASSESSMENT_PERIOD = Figure(
    "assessment.period", ms.assessment, S, Window.PERIOD, Unit.PERIOD, "known_on_the_day"
)
ASSESSMENT_WORKERS_SCORED = Figure(
    "assessment.workers_scored", ms.assessment, S, Window.PERIOD, Unit.COUNT, "score_total"
)
ASSESSMENT_MEAN = Figure(
    "assessment.mean_total", ms.assessment, S, Window.PERIOD, Unit.SCORE, "score_total", UP
)
ASSESSMENT_MIN = Figure(
    "assessment.min_total", ms.assessment, S, Window.PERIOD, Unit.SCORE, "score_total", UP
)
ASSESSMENT_MAX = Figure(
    "assessment.max_total", ms.assessment, S, Window.PERIOD, Unit.SCORE, "score_total", UP
)

#: the worker indicators' glossary terms and good directions (``python -m metrics workers``)
_INDICATOR_TERMS: dict[str, tuple[str, Direction]] = {
    "visits": ("visits", UP),
    "visit_days": ("visits", UP),
    "weeks": ("rule_3_day", Direction.NEUTRAL),
    "weeks_meeting_visit_days": ("rule_3_day", UP),
    "visit_days_meeting_rate": ("rule_4_percent", UP),
    "patrol_rate": ("patrol_rate", UP),
    "log_on_time_rate": ("log_on_time_rate", UP),
    "incidents_reported": ("incident_stages", Direction.NEUTRAL),
    "incidents_resolved_72h_rate": ("rule_72_hour", UP),
}
WORKER_INDICATORS = tuple(
    Figure(
        name,
        mw.worker_indicators,
        W,
        Window.MONTH,
        Unit.RATIO if mw.INDICATOR_IS_RATIO[name] else Unit.COUNT,
        _INDICATOR_TERMS[name][0],
        _INDICATOR_TERMS[name][1],
    )
    for name in mw.INDICATORS
)
WORKER_SCORE_TOTAL = Figure(
    mw.SCORE_TOTAL, mw.worker_indicators, W, Window.MONTH, Unit.SCORE, "score_total", UP
)
WORKER_SCORES = Figure(
    mw.SCORES, mw.worker_indicators, W, Window.MONTH, Unit.SCORE, "score_total", family=True
)
VISIT_COMPLIANCE = Figure(
    "visit_compliance", visit_compliance, W, Window.MONTH, Unit.RATIO, "visit_compliance", UP
)

# -- the rules (grain: grid, day or week) and the township's targets (grain: community) --
WEEK_VISIT_DAYS = Figure(
    "visits.week.visit_days",
    mv.week_visit_days,
    Grain.WEEK,
    Window.LAST_WEEK,
    Unit.COUNT,
    "rule_3_day",
    UP,
    ms.RULE_VISIT_DAYS,
)
DAILY_RATE = Figure(
    "visits.day.rate",
    mv.daily_rates,
    Grain.DAY,
    Window.DAY,
    Unit.RATIO,
    "rule_4_percent",
    UP,
    ms.RULE_DAILY_RATE,
)
WEEKLY_COVERAGE = Figure(
    "visits.week.coverage",
    mv.weekly_coverage,
    Grain.WEEK,
    Window.WEEK_TO_DATE,
    Unit.RATIO,
    "weekly_coverage",
    UP,
    WEEKLY_COVERAGE_LINE,
)
HOURS_TO_RESOLVE = Figure(
    "incidents.hours_to_resolve",
    ms.resolved_within_72h,
    Grain.DAY,
    ms.INCIDENT_WINDOW_DAYS,
    Unit.COUNT,
    "rule_72_hour",
    DOWN,
    ms.RESOLUTION_HOURS,
)
TOWNSHIP = {
    "coverage_90d": VISITS_COVERAGE_90D,
    "three_day_compliance": Figure(
        "township.three_day_compliance",
        mt.three_day_compliance,
        C,
        Window.LAST_WEEK,
        Unit.RATIO,
        "rule_3_day",
        UP,
        mt.THREE_DAY_TARGET,
    ),
    "daily_rate_compliance": Figure(
        "township.daily_rate_compliance",
        mt.daily_rate_compliance,
        C,
        Window.LAST_WEEK,
        Unit.RATIO,
        "rule_4_percent",
        UP,
        mt.DAILY_RATE_TARGET,
    ),
    "resolved_within_72h": INCIDENTS_RESOLVED_72H_30D,
    "pledge_share": Figure(
        "township.pledge_share",
        mt.pledge_share,
        C,
        Window.DAY,
        Unit.RATIO,
        "rentals",
        UP,
        mt.PLEDGE_SHARE_TARGET,
    ),
}

#: every snapshot figure, in the contract's order
SNAPSHOT_FIGURES: tuple[Figure, ...] = (
    AS_OF,
    SCOPE_COMMUNITIES,
    SCOPE_GRIDS,
    HOUSEHOLDS,
    RESIDENTS_TOTAL,
    RESIDENTS_RESIDENT,
    RESIDENTS_FLOATING,
    RESIDENTS_NOMINAL,
    RESIDENTS_ELDERLY,
    *FLOATING_ORIGIN,
    SPECIAL_GROUPS,
    GRIDS_TOTAL,
    GRIDS_INHABITED,
    *WORKERS,
    VISITS_WEEK_START,
    VISITS_THIS_WEEK,
    HOUSEHOLDS_VISITED_THIS_WEEK,
    VISITS_COVERAGE_30D,
    VISITS_COVERAGE_90D,
    LAST_WEEK_START,
    LAST_WEEK_END,
    LAST_WEEK_GRIDS,
    LAST_WEEK_GRIDS_MEETING,
    LAST_WEEK_VISIT_DAYS,
    LAST_WEEK_VISIT_DAYS_MEETING,
    INCIDENTS_OPEN,
    INCIDENTS_REPORTED_30D,
    INCIDENTS_RESOLVED_72H_30D,
    RENTALS_TOTAL,
    RENTALS_PLEDGE_SIGNED,
    RENTALS_INSPECTED_90D,
    ASSESSMENT_PERIOD,
    ASSESSMENT_WORKERS_SCORED,
    ASSESSMENT_MEAN,
    ASSESSMENT_MIN,
    ASSESSMENT_MAX,
)
#: every figure of a worker row of ``python -m metrics workers``, in the contract's order
WORKER_FIGURES: tuple[Figure, ...] = (*WORKER_INDICATORS, WORKER_SCORE_TOTAL, WORKER_SCORES)
FIGURES: tuple[Figure, ...] = (
    *SNAPSHOT_FIGURES,
    *WORKER_FIGURES,
    VISIT_COMPLIANCE,
    WEEK_VISIT_DAYS,
    DAILY_RATE,
    WEEKLY_COVERAGE,
    HOURS_TO_RESOLVE,
    *(f for f in TOWNSHIP.values() if f not in SNAPSHOT_FIGURES),
)
FIGURE_BY_KEY: dict[str, Figure] = {f.key: f for f in FIGURES}


def figure(key: str) -> Figure:
    """The declared figure ``key``; a ``KeyError`` names an undeclared one."""
    return FIGURE_BY_KEY[key]
