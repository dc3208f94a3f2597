"""``page_setup``: the first call of every page.

It makes a page correct and safe however it is reached — through ``app.py``
or directly from its own URL on a fresh server (Streamlit then skips
``app.py``). It sets the page config, opens the registry (or stops with a
message), draws the navigation and the shared filters, keeps the filters in
the URL, and returns the page's context: labels, scope and resolved grids.

Sign-in and access are here too, in this order: no registry is read before the user is signed
in; the menu lists only the pages his role may open, and a page he may not open stops with a
message (also when its URL is the first request to a fresh server); the filters offer only the
communities, areas and grids of his access, a link naming one outside it is named and ignored;
and the scope every query gets is narrowed to his grids (``Access.narrow`` →
``Scope.narrowed_to``), with or without a filter chosen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import polars as pl
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from app_db import app_db_url
from auth.access import Access
from auth.accounts import User
from data_access.config import DEMO_DB_PATH, configured_url, uses_demo
from data_access.loaders import today_local
from data_access.scope import ResolvedScope, Scope
from metrics.core import MAX_DAY, MIN_DAY, day_in_range
from metrics.privacy import Disclosure
from ui import daily_store, data, faults, printing, run_times, signin, url_state
from ui.audit import Audit
from ui.export import About, describe_scope, generated_by
from ui.i18n import LANGUAGES, Labels, language_switch
from ui.nav import PAGES, PageSpec
from ui.text import Markdown
from ui.url_state import UrlControl, shown

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: the shared filters' URL parameters; a page's own controls add theirs (``ui.url_state``)
SHARED = ("lang", "community", "area", "grid", "as_of")
#: a link's bad values: at most this many warnings
MAX_LINK_WARNINGS = 5
#: ``as_of=latest`` in a link (like no ``as_of`` at all): the registry's default day
LATEST = "latest"


@dataclass(frozen=True)
class PageContext:
    labels: Labels
    url: str
    key: data.ScopeKey
    as_of: dt.date
    default_as_of: dt.date
    resolved: ResolvedScope
    #: what the page's downloads say about scope, day and filters (``ui.export``)
    about: About
    #: the signed-in user's access on the page's day: his grids and rights
    access: Access
    #: the newest record of each kind the page's figures rest on (kind → day, or None)
    fresh: dict[str, dt.date | None] = field(default_factory=dict)
    #: where the figures come from: the daily store and its last refresh, or live queries
    store_line: str | None = None

    @property
    def user(self) -> User:
        return self.access.user

    @property
    def scope(self) -> Scope:
        return self.key.scope(self.as_of)

    @property
    def disclosure(self) -> Disclosure:
        """How this user may see sensitive counts: exact with personal-data access, else "<5"
        and multiples of 5 (``metrics.privacy``)."""
        return Disclosure.of(self.access.rights.exact_small_counts)

    def with_key(self, key: data.ScopeKey) -> PageContext:
        """The same page on another scope (the township review's own, ``ui.township_data``)."""
        return replace(self, key=key, resolved=data.resolved_scope(self.url, key, self.as_of))

    def summary(self, *more: str) -> str:
        """One line for under a page's title: communities, grids and day of the scope, then
        ``more``, then how fresh the data is."""
        scope = self.labels(
            "scope.summary",
            communities=len(self.resolved.community_codes),
            grids=len(self.resolved.grid_codes),
            day=self.as_of.isoformat(),
        )
        return " · ".join((scope, *more, *self.freshness()))

    def freshness(self) -> tuple[str, ...]:
        """ "Data up to: visits 2026-11-27, incidents …" for the kinds this page uses."""
        known = [
            self.labels.plain("fresh.item", kind=self.labels(f"fresh.kind.{k}"), day=d.isoformat())
            for k, d in self.fresh.items()
            if d is not None
        ]
        if not known:
            return (self.store_line,) if self.store_line else ()
        line = self.labels("fresh.line", items=Markdown(self.labels.join(known)))
        return (f"{line} · {self.store_line}",) if self.store_line else (line,)


@dataclass(frozen=True)
class Filters:
    lang: str
    communities: tuple[str, ...]
    areas: tuple[int, ...]
    grids: tuple[str, ...]
    as_of: dt.date

    def as_query(self, latest: dt.date | None = None) -> dict[str, list[str]]:
        """The filters as URL parameters; the day only when it is not ``latest`` (the registry's
        default day), so a link without ``as_of`` keeps following the registry."""
        return {
            "lang": [self.lang],
            "community": list(self.communities),
            "area": [str(a) for a in self.areas],
            "grid": list(self.grids),
            "as_of": [] if self.as_of == latest else [self.as_of.isoformat()],
        }


def _query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in SHARED}


def _clean(values: list[str]) -> list[str]:
    """Values of a repeated parameter; ``a,b`` is accepted as two values."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _language() -> str:
    chosen = st.session_state.get("f_lang")
    if chosen in LANGUAGES:
        return chosen
    from_url = st.query_params.get("lang", "zh")
    return from_url if from_url in LANGUAGES else "zh"


def _link_day(default_day: dt.date) -> dt.date:
    """The link's day when it is a good one, else ``default_day`` (``_init_from_url`` warns)."""
    values = st.query_params.get_all("as_of")
    if values and values[0].strip().lower() != LATEST:
        parsed = _parse_day(values[0])
        if parsed is not None and day_in_range(parsed):
            return parsed
    return default_day


def _within(
    communities: pl.DataFrame, grids: pl.DataFrame, access: Access
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The communities and grids of the user's access: what the filters may offer (a community
    granted to him is offered even while it has no grid)."""
    grids = grids.filter(pl.col("code").is_in(sorted(access.grids)))
    codes = set(grids["community_code"].to_list())
    if access.rights.registry_data:
        user = access.user
        codes |= set(
            communities.filter(
                pl.col("code").is_in(list(user.granted("community")))
                | pl.col("township").is_in(list(user.granted("township")))
            )["code"].to_list()
        )
    return communities.filter(pl.col("code").is_in(sorted(codes))), grids


def _init_from_url(
    labels: Labels,
    communities: pl.DataFrame,
    grids: pl.DataFrame,
    default_day: dt.date,
    registry: tuple[pl.DataFrame, pl.DataFrame] | None = None,
) -> list[str]:
    """Put the URL's filter values into the widgets' state; return warnings for bad values.

    ``communities`` and ``grids``: those the user may see; ``registry``: all of them, to tell a
    code outside his access (named so) from a code that does not exist."""
    query = _query()
    every_community, every_grid = registry if registry is not None else (communities, grids)

    def unknown(kind: str, code: str, exists: bool) -> str:
        if exists:
            return labels("filter.not_allowed", kind=labels(f"filter.{kind}"), code=shown(code))
        return labels("filter.bad_code", kind=labels(f"filter.{kind}"), code=shown(code))

    warnings: list[str] = []
    lang = (query["lang"] or ["zh"])[0]
    if lang not in LANGUAGES:
        warnings.append(labels("filter.bad_lang", value=shown(lang)))
        lang = "zh"
    st.session_state["f_lang"] = lang

    known_communities = set(communities["code"].to_list())
    chosen_communities = []
    for code in _clean(query["community"]):
        if code in known_communities:
            chosen_communities.append(code)
        else:
            warnings.append(
                unknown("community", code, code in set(every_community["code"].to_list()))
            )
    known_areas = set(grids["area_id"].drop_nulls().to_list())
    chosen_areas = []
    for text in _clean(query["area"]):
        if text.isdigit() and int(text) in known_areas:
            chosen_areas.append(int(text))
        else:
            exists = text.isdigit() and int(text) in set(every_grid["area_id"].drop_nulls())
            warnings.append(unknown("area", text, exists))
    known_grids = set(grids["code"].to_list())
    within = grids
    if chosen_communities:
        within = within.filter(pl.col("community_code").is_in(chosen_communities))
    if chosen_areas:
        within = within.filter(pl.col("area_id").is_in(chosen_areas))
    selectable = set(within["code"].to_list())
    chosen_grids = []
    for code in _clean(query["grid"]):
        if code in selectable:
            chosen_grids.append(code)
        elif code in known_grids:
            warnings.append(labels("filter.grid_outside", code=shown(code)))
        else:
            warnings.append(unknown("grid", code, code in set(every_grid["code"].to_list())))
    st.session_state["f_community"] = list(dict.fromkeys(chosen_communities))
    st.session_state["f_area"] = list(dict.fromkeys(chosen_areas))
    st.session_state["f_grid"] = list(dict.fromkeys(chosen_grids))

    day = default_day
    if query["as_of"] and query["as_of"][0].strip().lower() != LATEST:
        text = query["as_of"][0]
        parsed = _parse_day(text)
        if parsed is None:
            warnings.append(labels("filter.bad_day", value=shown(text)))
        elif not day_in_range(parsed):
            warnings.append(
                labels(
                    "filter.day_out_of_range",
                    value=shown(text),
                    first=MIN_DAY.isoformat(),
                    last=MAX_DAY.isoformat(),
                )
            )
        else:
            day = parsed
    st.session_state["f_as_of"] = day
    warnings = list(dict.fromkeys(warnings))  # the same bad value twice is one warning
    if len(warnings) > MAX_LINK_WARNINGS:
        more = len(warnings) - MAX_LINK_WARNINGS
        warnings = [*warnings[:MAX_LINK_WARNINGS], labels("filter.more_bad_values", count=more)]
    return warnings


def _parse_day(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a date; ``None`` when malformed or impossible (not when out of range)."""
    if not _DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _keep(key: str, options: list) -> None:
    """Drop selected values that are no longer among a widget's options."""
    allowed = set(options)
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in allowed]


def _sidebar_filters(labels: Labels, communities: pl.DataFrame, grids: pl.DataFrame) -> Filters:
    sidebar = st.sidebar
    sidebar.subheader(labels("filter.header"))
    names = dict(zip(communities["code"].to_list(), communities["name"].to_list(), strict=True))
    _keep("f_community", list(names))
    chosen = sidebar.multiselect(
        labels("filter.community"),
        options=list(names),
        format_func=lambda code: f"{names[code]}（{code}）",
        key="f_community",
        placeholder=labels("filter.all"),
    )
    in_communities = grids.filter(pl.col("community_code").is_in(chosen)) if chosen else grids
    areas = (
        in_communities.filter(pl.col("area_id").is_not_null())
        .unique(subset=["area_id"])
        .sort("community_code", "area_id")
    )
    area_names = {
        row["area_id"]: f"{row['community_name']} · {row['area_name']}"
        + (f"（{row['area_lead']}）" if row["area_lead"] else "")
        for row in areas.iter_rows(named=True)
    }
    _keep("f_area", list(area_names))
    chosen_areas = sidebar.multiselect(
        labels("filter.area"),
        options=list(area_names),
        format_func=lambda a: area_names[a],
        key="f_area",
        placeholder=labels("filter.all"),
    )
    in_areas = (
        in_communities.filter(pl.col("area_id").is_in(chosen_areas))
        if chosen_areas
        else in_communities
    )
    grid_names = dict(zip(in_areas["code"].to_list(), in_areas["name"].to_list(), strict=True))
    _keep("f_grid", list(grid_names))
    chosen_grids = sidebar.multiselect(
        labels("filter.grid"),
        options=list(grid_names),
        format_func=lambda code: f"{code} · {grid_names[code]}",
        key="f_grid",
        placeholder=labels("filter.all"),
    )
    as_of = sidebar.date_input(
        labels("filter.as_of"),
        key="f_as_of",
        min_value=MIN_DAY,
        max_value=MAX_DAY,
        format="YYYY-MM-DD",
    )
    return Filters(
        lang=st.session_state["f_lang"],
        communities=tuple(chosen),
        areas=tuple(chosen_areas),
        grids=tuple(chosen_grids),
        as_of=as_of,
    )


def _navigation(
    labels: Labels,
    query: dict[str, list[str]] | None,
    where=None,
    access: Access | None = None,
) -> None:
    """The menu: the pages ``access`` may open (none before the sign-in)."""
    where = where if where is not None else st.sidebar
    if access is None:
        return
    for page in PAGES:
        if not access.may_open(page.key):
            continue
        try:
            where.page_link(
                page.path, label=labels(f"nav.{page.key}"), icon=page.icon, query_params=query
            )
        except StreamlitPageNotFoundError:
            # a page run as the entry script itself (a test harness) has no other pages to link
            return


def _page(page_key: str) -> PageSpec:
    return next(p for p in PAGES if p.key == page_key)


def _warn_if_past_the_data(
    labels: Labels, as_of: dt.date, fresh: dict[str, dt.date | None]
) -> None:
    """A day after the newest data shows zeros that mean "not recorded yet", not "no work": say
    so. Measured by the visits where the page uses them, else by its newest record."""
    if fresh.get("visit") is not None:
        kind, last = "visit", fresh["visit"]
    else:
        dated = [(d, k) for k, d in fresh.items() if d is not None]
        if not dated:
            return
        last, kind = max(dated)
    if as_of > last:
        st.warning(
            labels(
                "fresh.past",
                day=as_of.isoformat(),
                kind=labels(f"fresh.kind.{kind}"),
                last=last.isoformat(),
            )
        )


def page_setup(page_key: str, controls: Sequence[UrlControl] = ()) -> PageContext:
    """Set up a page whose own controls in the link are ``controls`` (``ui.url_state``); returns
    its context, or stops the script with a message."""
    run_times.page(page_key)
    labels = Labels(_language())
    st.set_page_config(
        page_title=f"{labels(f'nav.{page_key}')} · {labels('app.title')}",
        page_icon="🏘️",
        layout="wide",
    )
    printing.print_stylesheet()  # every page prints clean, the sign-in page and a refusal too
    url_state.follow()  # a drill-through asked for in a callback opens its page now
    faults.showing(page_key, labels)
    url = configured_url()
    if uses_demo(url) and not DEMO_DB_PATH.is_file():
        st.error(labels("error.demo_missing"))
        st.stop()
    # nothing of the registry is read for someone who is not signed in
    user = signin.signed_in_user(labels, url)
    # a failure here is shown beside the sign-out button; opening an unreachable server takes
    # its connect timeout, so say what is happening meanwhile
    with (
        data.boundary(before=lambda: signin.who_and_sign_out(labels, user)),
        st.spinner(labels("fault.connecting")),
    ):
        every_community, every_grid = data.organisation(url)
        default_day = data.default_as_of(url)
        latest = data.latest_records(url, today_local())

    warnings: list[str] = []
    # a new session, or a link from outside (pasted, back/forward, a drill-through): the filters
    # and the page's controls take their values from it
    from_link = url_state.arrived() or "f_as_of" not in st.session_state
    st.session_state[url_state.FROM_LINK] = from_link
    # his grids on the page's day (a grid worker's assignment changes with the day)
    day = _link_day(default_day) if from_link else st.session_state["f_as_of"]
    access = data.access(url, user, day)
    if not access.may_open(page_key):
        _forbidden(labels, access, page_key)
    communities, grids = _within(every_community, every_grid, access)
    if from_link:
        registry = (every_community, every_grid)
        warnings = _init_from_url(labels, communities, grids, default_day, registry)
    # the language widget is a new widget on every page: written back, its value survives a page switch
    st.session_state["f_lang"] = _language()
    labels = Labels(st.session_state["f_lang"])
    faults.showing(page_key, labels)

    # the language switch comes first: every other label depends on it
    language_switch(labels, st.sidebar)
    navigation = st.sidebar.container()
    filters = _sidebar_filters(labels, communities, grids)
    # the caches are cleared before the run (a callback), so this run reads everything again,
    # inside the fault boundary like any other
    if st.sidebar.button(
        labels("filter.refresh"),
        key="f_refresh",
        icon=":material/refresh:",
        on_click=data.clear_caches,
    ):
        st.toast(labels("filter.refreshed"))
    st.sidebar.caption(labels("filter.default_day", day=default_day.isoformat()))
    signin.who_and_sign_out(labels, user)

    shared = {k: v for k, v in filters.as_query(latest=default_day).items() if v}
    # the page's controls keep their parameters (each writes its own when drawn); anything else
    # in the URL, another page's controls included, is dropped
    wanted = shared | url_state.declared(controls)
    if url_state.link() != wanted:
        st.query_params.from_dict(wanted)
    url_state.remember()
    # a link to a page carries the shared filters only
    _navigation(labels, shared, navigation, access)
    navigation.divider()
    for warning in warnings:
        st.warning(warning)
    if _page(page_key).sources and not access.grids:
        # a grid worker between assignments sees nothing, never everything
        st.info(labels("signin.no_grids", day=filters.as_of.isoformat()))
        st.stop()

    fresh = {kind: latest.get(kind) for kind in _page(page_key).sources}
    _warn_if_past_the_data(labels, filters.as_of, fresh)

    # the one place a page's scope is made: what he chose, narrowed to what he may see
    chosen_scope = Scope(None, filters.communities, filters.areas, filters.grids)
    key = data.ScopeKey.of(access.narrow(chosen_scope))
    resolved = data.resolved_scope(url, key, filters.as_of)
    words, file_scope, chosen = describe_scope(
        labels,
        communities,
        grids,
        chosen_communities=filters.communities,
        chosen_areas=filters.areas,
        chosen_grids=filters.grids,
        in_scope=resolved.grid_codes,
    )
    by = generated_by(labels, f"{user.display_name}（{user.login}）")
    audit = Audit(
        engine=signin.app_engine(app_db_url()),
        user=user,
        client=signin.client(),
        page=page_key,
        scope=words,
        communities=resolved.community_codes,
        filters=tuple(chosen),
    )
    about = About(labels, words, file_scope, filters.as_of, chosen, by, audit=audit)
    store_line = daily_store.line(labels, data.registry_for(url), url, filters.as_of)
    return PageContext(
        labels=labels,
        url=url,
        store_line=store_line,
        key=key,
        as_of=filters.as_of,
        default_as_of=default_day,
        resolved=resolved,
        fresh=fresh,
        about=about,
        access=access,
    )


def _forbidden(labels: Labels, access: Access, page_key: str) -> None:
    """A page his role may not open, reached by its URL: the menu of those he may, a message."""
    _navigation(labels, None, st.sidebar, access)
    signin.who_and_sign_out(labels, access.user)
    role = signin.role_name(labels, access.user)
    st.title(labels(f"nav.{page_key}"))
    st.error(labels("signin.page_forbidden", role=role, page=labels(f"nav.{page_key}")))
    st.stop()


def freshness_caption(ctx: PageContext) -> None:
    """How fresh the data is, for a page whose own caption is not ``ctx.summary``."""
    line = ctx.freshness()
    if line:
        st.caption(line[0])


def require_grids(ctx: PageContext) -> None:
    """Stop with a sentence when the scope holds no grid."""
    if ctx.resolved.empty:
        st.info(ctx.labels("scope.empty"))
        st.stop()


def set_grid_filter(codes: Sequence[str]) -> None:
    """Set the shared grid filter from a widget callback (a map click, a table row).

    Callbacks run before the page draws its widgets, so ``page_setup`` shows the new
    selection in the sidebar on this very rerun and writes it to the URL.
    """
    st.session_state["f_grid"] = list(dict.fromkeys(codes))


def filter_query(**changes: Sequence[str]) -> dict[str, list[str]]:
    """The shared filters as URL parameters, with ``changes`` replacing some (an empty value drops
    the parameter): for ``st.switch_page(page, query_params=...)`` that keeps the other filters."""
    query = {name: values for name, values in _query().items() if values}
    for name, values in changes.items():
        if values:
            query[name] = [str(v) for v in values]
        else:
            query.pop(name, None)
    return query
