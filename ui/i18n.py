"""The label catalogue: every user-facing string, Chinese first, English second.

``Labels(lang)`` looks strings up by key; code values of the schema (residency,
origins, roles, …) have their own tables; lookup names from the registry
(special groups, incident categories, criteria) come with both names there.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from metrics.catalogue import RULES
from ui import labels as labels_package
from ui.text import Markdown, md

LANGUAGES = ("zh", "en")
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
#: the language switch's widget key (``language_switch``)
LANGUAGE_KEY = "f_lang"


def language_switch(
    labels: Labels,
    where: Any,
    on_change: Callable[[], None] | None = None,
    key: str = LANGUAGE_KEY,
) -> None:
    """The 中文 | English switch (widget ``f_lang`` in every sidebar; the sign-in page's has a
    key of its own, so the run that signs in can go on to draw the page's)."""
    where.segmented_control(
        labels("filter.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.get,
        key=key,
        label_visibility="collapsed",
        required=True,
        on_change=on_change,
    )


def _catalogue() -> dict[str, tuple[str, str]]:
    """Every ``ui/labels/*.py`` module's ``TEXT`` (key: (中文, English)), merged; a key is defined once."""
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(labels_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{labels_package.__name__}.{info.name}")
        for key, pair in module.TEXT.items():
            if key in merged:
                raise ValueError(f"label {key!r} is defined twice (ui/labels/{info.name}.py)")
            merged[key] = pair
    return merged


TEXT = _catalogue()


def _rule_text(index: int) -> dict[str, object]:
    """The rules' values as a label writes them: "4%" in Chinese, "4 %" in English."""
    if index == 0:
        return dict(RULES)
    return {
        k: v[:-1] + " %" if isinstance(v, str) and v.endswith("%") else v for k, v in RULES.items()
    }


#: (中文, English): every rule placeholder a label may use
RULE_TEXT = (_rule_text(0), _rule_text(1))


class _Values(dict):
    """Format values where a placeholder nobody gives stays as written (``{name}``)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


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

    def __call__(self, key: str, **values: object) -> Markdown:
        """The label as Markdown, every interpolated string escaped (``ui.text.md``).

        A value from a link or the registry shows as its characters, never as a link or an
        image. Numbers and dates are formatted as they are; a value that is ``Markdown`` already
        (another label, or text escaped once) is kept. For a sink that does not render Markdown
        (plotly, tables, file names, select options) use ``plain``.
        """
        return Markdown(self._text(key, {k: _escaped(v) for k, v in values.items()}))

    def plain(self, key: str, **values: object) -> str:
        """The label with its values as they are, for sinks that show text as text (select and
        multiselect options, table headers and cells, exports, file names) or escape it themselves
        (plotly figures go through ``ui.charts``, pydeck tooltips through ``html.escape``)."""
        return self._text(key, values)

    def _text(self, key: str, values: Mapping[str, object]) -> str:
        pair = TEXT.get(key)
        if pair is None:  # a missing key shows itself rather than failing the page
            return key
        text = pair[self.index]
        if "{" not in text:
            return text
        # a rule's number ("{days_90} 天", "{daily_rate}") comes from where the figure is
        # computed (``metrics.catalogue.RULES``); a placeholder neither gives stays as it is
        return text.format_map(_Values({**RULE_TEXT[self.index], **values}))

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

    def duration(self, hours: float | None) -> str:
        """A span of hours as read: "2.4 小时" under a day, "3 天 5 小时" from a day on (whole
        hours, days with thousands separators); ``None`` as "—"."""
        if hours is None:
            return "—"
        if hours < 24:
            shown = f"{hours:,.0f}" if float(hours).is_integer() else f"{hours:,.1f}"
            return self.plain("duration.hours", hours=shown)
        days, rest = divmod(round(hours), 24)
        if rest == 0:
            return self.plain("duration.days", days=f"{days:,}")
        return self.plain("duration.days_hours", days=f"{days:,}", hours=rest)

    def join(self, items: Sequence[str]) -> str:
        """Items as a list in running text: 甲、乙 in Chinese, "a, b" in English."""
        return ("、" if self.lang == "zh" else ", ").join(items)


def _escaped(value: object) -> object:
    return md(value) if isinstance(value, str) else value


def fmt_int(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def fmt_pct(value: float | None, places: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{places}f}%"


def fmt_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
