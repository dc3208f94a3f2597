"""访问日志 — the access log for the secretary (the rows concerning his communities) and the
administrator (every row, and the check of its hash chain). Read from the app database only;
showing the log writes nothing to it, a download of it is one more row (``ui.audit``)."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import streamlit as st

from auth import log
from auth.roles import RIGHTS
from ui import data, signin
from ui import table as tables
from ui.i18n import TEXT
from ui.setup import PageContext
from ui.table import Column, Table

#: at most this many rows on the page (newest first); narrow by day, login or action for more
SHOWN = 500


def _communities(ctx: PageContext) -> list[str] | None:
    """The communities whose log rows he may read; None: every row (the administrator)."""
    if RIGHTS[ctx.user.role].accounts:
        return None
    _, grids = data.organisation(ctx.url)
    mine = grids.filter(pl.col("code").is_in(sorted(ctx.access.grids)))["community_code"]
    return sorted(set(mine.to_list()) | set(ctx.user.granted("community")))


def _table(ctx: PageContext) -> Table:
    labels = ctx.labels
    return Table(
        [
            Column("at", labels("access_log.col.at"), "datetime"),
            Column("action_name", labels("access_log.col.action")),
            Column("login", labels("access_log.col.login")),
            Column("role_name", labels("access_log.col.role")),
            Column("page_name", labels("access_log.col.page")),
            Column("scope", labels("access_log.col.scope")),
            Column("rows", labels("access_log.col.rows"), "int"),
            Column("change", labels("access_log.col.change")),
            Column("reason", labels("access_log.col.reason")),
            Column("client", labels("access_log.col.client")),
        ]
    )


def _frame(ctx: PageContext, rows: list[dict]) -> pl.DataFrame:
    labels = ctx.labels

    def named(prefix: str, code: str | None) -> str:
        if not code:
            return ""
        key = f"{prefix}.{code}"
        return labels.plain(key) if key in TEXT else code

    def reason(logged: str | None) -> str:
        """An unmasking's reason in words: "verify" → 核实, "other: 协查" → 其他：协查."""
        if not logged:
            return ""
        code, _, text = logged.partition(": ")
        key = f"personal.unmask.reason.{code}"
        if key not in TEXT:
            return logged
        word = labels.plain(key)
        return f"{word}：{text}" if text else word

    return pl.DataFrame(
        {
            "at": [r["at_local"].replace(tzinfo=None) for r in rows],
            "action_name": [named("access_log.action", r["action"]) for r in rows],
            "login": [r["login"] or "" for r in rows],
            "role_name": [named("role", r["role"]) for r in rows],
            "page_name": [named("nav", r["page"]) for r in rows],
            "scope": [r["scope"] or "" for r in rows],
            "rows": [r["rows"] for r in rows],
            "change": [change(labels, r["action"], r["detail"]) for r in rows],
            "reason": [reason(r["reason"]) for r in rows],
            "client": [r["client"] or "" for r in rows],
        },
        schema={
            "at": pl.Datetime,
            "action_name": pl.String,
            "login": pl.String,
            "role_name": pl.String,
            "page_name": pl.String,
            "scope": pl.String,
            "rows": pl.Int64,
            "change": pl.String,
            "reason": pl.String,
            "client": pl.String,
        },
    )


def _score(value: object) -> str:
    return "—" if value is None else f"{float(value):.2f}"


def change(labels, action: str, detail: str | None) -> str:
    """What a scoring row changed, in words: "孔帅 · patrol：11.00 → 6.00（建议 11.00）", or the
    month and version a sign-off concerns; empty for other rows."""
    if not detail or not (action.startswith("score_") or action == "rubric_save"):
        return ""
    try:
        d = json.loads(detail)
    except ValueError:
        return ""
    if action == "score_set":
        return labels.plain(
            "access_log.change.score",
            worker=d.get("worker", d.get("worker_id")),
            criterion=d.get("criterion"),
            old=_score(d.get("old")),
            new=_score(d.get("new")),
            proposed=_score(d.get("proposed")),
        )
    if action == "rubric_save":
        return labels.plain("access_log.change.rubric", version=d.get("version"))
    return labels.plain(
        "access_log.change.sheet", month=d.get("period", ""), version=d.get("version", "")
    )


def page(ctx: PageContext) -> None:
    labels = ctx.labels
    engine = signin.app_engine(signin.app_db_url())
    communities = _communities(ctx)
    if communities is None:
        st.caption(labels("access_log.caption.all"))
        checked, broken = log.verify(engine)
        if broken is None:
            st.success(labels("access_log.chain_ok", rows=f"{checked:,}"))
        else:
            st.error(labels("access_log.chain_broken", row=broken.id, why=broken.problem))
    else:
        every, _ = data.organisation(ctx.url)
        names = dict(zip(every["code"].to_list(), every["name"].to_list(), strict=True))
        shown = [names[code] for code in communities if code in names]
        st.caption(labels("access_log.caption.scope", communities=labels.join(shown)))
    left, middle, right = st.columns(3)
    since = left.date_input(
        labels("access_log.since"),
        value=dt.date.today() - dt.timedelta(days=30),
        key="log_since",
        format="YYYY-MM-DD",
    )
    login = middle.text_input(labels("access_log.login"), key="log_login", max_chars=64)
    actions = sorted(log.ACTIONS)
    action = right.selectbox(
        labels("access_log.action"),
        [None, *actions],
        format_func=lambda a: (
            labels.plain("access_log.all") if a is None else labels.plain(f"access_log.action.{a}")
        ),
        key="log_action",
    )
    start = dt.datetime.combine(since, dt.time()) - dt.timedelta(hours=8)  # Beijing → UTC
    rows = log.entries(engine, since=start, login=login.strip() or None, communities=communities)
    if action is not None:
        rows = [r for r in rows if r["action"] == action]
    if not rows:
        st.info(labels("access_log.none"))
        return
    st.caption(
        labels("access_log.shown", total=f"{len(rows):,}", shown=f"{min(len(rows), SHOWN):,}")
    )
    frame = _frame(ctx, rows)
    tables.show(
        _table(ctx),
        frame.head(SHOWN),
        about=ctx.about,
        what=labels.plain("access_log.export"),
        key="access_log",
        export=lambda: frame,
    )
