"""The label catalogue: every user-facing string, Chinese first, English second.

``Labels(lang)`` looks strings up by key; code values of the schema (residency,
origins, roles, …) have their own tables; lookup names from the registry
(special groups, incident categories, criteria) come with both names there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("zh", "en")
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}

# key: (中文, English)
TEXT: dict[str, tuple[str, str]] = {
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
    "filter.default_day": ("默认：登记库最近一次走访日期 {day}", "Default: the registry's latest visit, {day}"),
    "filter.bad_code": ("链接中的{kind}代码“{code}”不存在，已忽略。", "The link's {kind} code “{code}” does not exist and was ignored."),
    "filter.bad_day": ("链接中的日期“{value}”无效（应为 YYYY-MM-DD），已改用默认日期。", "The link's date “{value}” is not valid (YYYY-MM-DD); the default day is used."),
    "filter.bad_lang": ("链接中的语言“{value}”无效，已改用中文。", "The link's language “{value}” is not valid; Chinese is used."),
    "scope.empty": ("所选范围内没有网格：请调整社区、责任片或网格筛选。", "No grid matches the selection: change the community, area or grid filter."),
    "scope.summary": ("范围：{communities} 个社区，{grids} 个网格，截至 {day}", "Scope: {communities} communities, {grids} grids, as of {day}"),
    "error.registry": ("无法读取登记库：{message}", "Cannot read the registry: {message}"),
    "error.registry_hint": ("请检查 REGISTRY_DB_URL 或 .streamlit/secrets.toml 中的登记库地址。", "Check the registry URL in REGISTRY_DB_URL or .streamlit/secrets.toml."),
    "error.demo_missing": ("演示登记库尚未生成：请运行 `make run`（首次运行会自动生成）或 `python -m demo ensure`。", "The demo registry has not been built: run `make run` (it builds it on first run) or `python -m demo ensure`."),
    "overview.title": ("周例会总览", "Weekly overview"),
    "overview.caption": ("本周数据与上周同日对比（{prev}）", "This week's figures against the same day last week ({prev})"),
    "overview.population": ("人口", "Population"),
    "overview.floating_origin": ("流入人口来源", "Floating population by origin"),
    "overview.special_groups": ("特殊人群", "Special groups"),
    "overview.work": ("走访与事件", "Visits and incidents"),
    "overview.attention": ("需关注事项", "Needs attention"),
    "overview.attention.none": ("上周各网格均达到走访要求，无超过 72 小时未办结事件。", "Every grid met the visit rules last week; no incident open longer than 72 hours."),
    "overview.grids_below": ("上周未达走访要求的网格（{start} 至 {end}）", "Grids below the visit rules last week ({start} to {end})"),
    "overview.grids_below.none": ("上周各网格均达到走访要求。", "Every grid met the visit rules last week."),
    "overview.overdue": ("超过 72 小时未办结事件：共 {count} 件", "Incidents open longer than 72 hours: {count} in all"),
    "overview.overdue.none": ("无超过 72 小时未办结事件。", "No incident open longer than 72 hours."),
    "overview.overdue.shown": ("显示最早的 {shown} 件，共 {count} 件", "Showing the oldest {shown} of {count}"),
    "overview.no_households": ("所选范围内没有住户数据。", "There are no households in the selection."),
    "overview.no_floating": ("所选范围内没有流入人口。", "There are no floating residents in the selection."),
    "overview.no_groups": ("所选范围内没有特殊人群成员。", "No special-group members in the selection."),
    "tile.households": ("住户", "Households"),
    "tile.residents": ("总人口", "Residents"),
    "tile.resident": ("常住", "Resident"),
    "tile.floating": ("流入", "Floating"),
    "tile.nominal": ("挂户", "Nominal"),
    "tile.elderly": ("60 岁及以上", "Aged 60+"),
    "tile.visits_week": ("本周走访（次）", "Visits this week"),
    "tile.households_visited": ("本周走访户数", "Households visited this week"),
    "tile.coverage_30d": ("30 天走访覆盖率", "30-day coverage"),
    "tile.coverage_90d": ("90 天走访覆盖率", "90-day coverage"),
    "tile.grids_3day": ("上周达到 3 天要求的网格", "Grids meeting the 3-day rule last week"),
    "tile.visit_days_rate": ("上周达到 4% 的走访日", "Visit days meeting 4 % last week"),
    "tile.open_incidents": ("未办结事件", "Open incidents"),
    "tile.incidents_30d": ("30 天上报事件", "Incidents reported, 30 days"),
    "tile.resolved_72h": ("72 小时办结率（30 天）", "Resolved within 72 h (30 days)"),
    "tile.rentals": ("出租房屋", "Rentals"),
    "tile.pledge": ("已签治安责任书", "Pledge signed"),
    "tile.assessment": ("最近考核平均分（{period}）", "Latest mean assessment ({period})"),
    "tile.assessment.none": ("最近考核平均分", "Latest mean assessment"),
    "tile.none": ("—", "—"),
    "chart.residency": ("人口构成", "Residency"),
    "chart.count": ("人数", "People"),
    "chart.members": ("人数/户数", "Members"),
    "chart.origin": ("来源", "Origin"),
    "chart.group": ("人群", "Group"),
    "chart.level.resident": ("人", "people"),
    "chart.level.household": ("户", "households"),
    "col.grid": ("网格", "Grid"),
    "col.grid_name": ("网格名称", "Grid name"),
    "col.community": ("社区", "Community"),
    "col.days_with_visits": ("走访天数", "Days with visits"),
    "col.visit_days": ("有住户的走访日", "Visit days"),
    "col.visit_days_meeting_rate": ("达到 4% 的走访日", "Days meeting 4 %"),
    "col.problem": ("问题", "Problem"),
    "col.incident": ("事件编号", "Incident"),
    "col.category": ("类别", "Category"),
    "col.reported_at": ("上报时间", "Reported"),
    "col.hours_open": ("已用时（小时）", "Hours open"),
    "col.escalated": ("已上报镇级", "Escalated"),
    "problem.days": ("走访不足 3 天（{n} 天）", "Fewer than 3 visit days ({n})"),
    "problem.rate": ("{bad} 个走访日未达 4%", "{bad} visit days below 4 %"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}

CODES: dict[str, dict[str, tuple[str, str]]] = {
    "residency": {
        "resident": ("常住", "Resident"),
        "floating": ("流入", "Floating"),
        "nominal": ("挂户", "Nominal"),
    },
    "floating_origin": {
        "out_of_county": ("外县流入", "Out of county"),
        "study_companion": ("陪读", "Study companion"),
        "business": ("经商务工", "Business / work"),
        "other": ("其他", "Other"),
        "unknown": ("未填/无效", "Unknown"),
    },
    "role": {
        "grid_leader": ("网格长", "Grid leader"),
        "grid_worker": ("网格员", "Grid worker"),
    },
    "grid_kind": {
        "self_managed": ("自管小区楼院", "Self-managed compound"),
        "property_managed": ("物管小区", "Property-managed estate"),
        "work_unit": ("单位小区", "Work-unit compound"),
        "scattered": ("散居居民区", "Scattered dwellings"),
        "villager_group": ("居民组", "Villager group"),
    },
    "visit_purpose": {
        "collection": ("信息采集", "Collection"),
        "follow_up": ("走访关怀", "Follow-up"),
        "service": ("便民服务", "Service"),
        "verification": ("核查", "Verification"),
    },
}


@dataclass(frozen=True)
class Labels:
    """Strings in one language."""

    lang: str = "zh"

    @property
    def index(self) -> int:
        return 0 if self.lang == "zh" else 1

    def __call__(self, key: str, **values: object) -> str:
        pair = TEXT.get(key)
        if pair is None:  # a missing key shows itself rather than failing the page
            return key
        text = pair[self.index]
        return text.format(**values) if values else text

    def code(self, table: str, code: str | None) -> str:
        """The label of a code value; an unknown code is shown as it is."""
        if code is None:
            return self("tile.none")
        pair = CODES.get(table, {}).get(code)
        return pair[self.index] if pair else code

    def codes(self, table: str) -> Mapping[str, str]:
        return {code: pair[self.index] for code, pair in CODES[table].items()}

    def name(self, name_zh: str, name_en: str) -> str:
        """A registry lookup's name in this language."""
        return name_zh if self.lang == "zh" else name_en


def fmt_int(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def fmt_pct(value: float | None, places: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{places}f}%"


def fmt_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
