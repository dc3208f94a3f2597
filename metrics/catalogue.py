"""术语与口径 — the one declaration of the dashboard's terms and how each figure is counted.

The glossary page lists every ``Term`` (one anchor each), and every help icon of the app takes
its text from here and links to that anchor. A definition's numbers are not written out: its
placeholders are filled from the rule constants where the figures are computed (``RULES``), so
a rule that changes changes its explanation with it. ``figures`` names the keys of
``kpi-definitions.md`` a term defines; a later figure catalogue (function, grain, window, unit,
direction, target per figure) grows from these entries.

Text is Chinese first, English second, like the label catalogue; no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

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
    #: the keys of ``kpi-definitions.md`` (snapshot and worker indicators) it defines
    figures: tuple[str, ...] = ()

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
        ("as_of",),
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
        ("assessment.period",),
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
        ("scope.grids", "grids.total", "grids.inhabited"),
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
        ("households",),
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
        ("residents.total",),
    ),
    Term(
        "resident",
        "population",
        ("常住", "Resident"),
        (
            "户籍在本社区且在此居住的居民。",
            "Registered here and living here.",
        ),
        ("residents.resident",),
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
        ("residents.floating", "floating_origin"),
    ),
    Term(
        "study_companion",
        "population",
        ("陪读", "Study companion"),
        (
            "为陪伴子女在本地上学而流入居住的人口，是流入来源之一。",
            "Someone who moved here to accompany a child at school: one of the floating origins.",
        ),
        ("floating_origin.study_companion",),
    ),
    Term(
        "nominal",
        "population",
        ("挂户", "Nominal"),
        (
            "户籍登记在本社区、但人不在此居住的居民，计入总人口。",
            "Registered here but living elsewhere; counted among the residents.",
        ),
        ("residents.nominal",),
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
        ("residents.elderly_60_plus",),
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
        ("special_groups",),
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
        ("visits.this_week.visits", "visits.this_week.households_visited", "visit_days"),
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
        ("visits.last_week.start", "visits.last_week.end"),
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
        (
            "visits.last_week.grids",
            "visits.last_week.grids_meeting_visit_days",
            "weeks",
            "weeks_meeting_visit_days",
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
        ("visits.last_week.visit_days", "visits.last_week.visit_days_meeting_rate"),
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
        ("visits.coverage_30d",),
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
        ("visits.coverage_90d",),
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
        ("patrol_rate",),
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
        ("log_on_time_rate",),
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
        ("score_total", "assessment.mean_total", "assessment.workers_scored"),
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
        ("incidents.reported_30d",),
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
        ("incidents.open",),
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
        ("incidents.resolved_within_72h_30d", "incidents_resolved_72h_rate"),
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
        ("rentals.total", "rentals.pledge_signed", "rentals.inspected_90d"),
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
