"""考核评分 — the committee scores a community's month from the rubric's proposals.

Who does what (``scoring.store`` enforces it again): the chair opens the month, signs it,
withdraws a signature or reopens a locked sheet; members and the chair enter scores (a score
further than the margin from the proposal needs a reason); a second member confirms the
chair's signature, which locks the sheet. The secretary reads the sheet, the review and the
signed files; a grid leader or worker sees his own proposals, his signed scores and his evidence,
nothing of others. The registry is only read: the signed sheet is downloaded for entry there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import streamlit as st

from app_db import app_db_url
from auth.roles import Role
from metrics import rubric as rb
from metrics.assessment import default_month, evidence_flags, quarter_thresholds, sheet
from models.workers import MonthSheet
from scoring import store
from scoring.sheet import MonthView, worker_total
from ui import charts, data, signin, workers_data
from ui import table as tables
from ui.data import ScopeKey
from ui.glossary import help_text
from ui.i18n import Labels, fmt_pct, fmt_score
from ui.setup import PageContext
from ui.table import Column, Table
from ui.workers_view import calendar_figure, criterion_names, flags_table

CHAIR, MEMBER, SECRETARY, WORKER = "chair", "member", "secretary", "worker"
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def part_of(role: Role, is_chair: bool) -> str | None:
    """The user's part in the scoring: chair, member, secretary (reads), worker (his own)."""
    if role == Role.COMMITTEE:
        return CHAIR if is_chair else MEMBER
    if role == Role.SECRETARY:
        return SECRETARY
    if role in (Role.GRID_LEADER, Role.GRID_WORKER):
        return WORKER
    return None


def now() -> dt.datetime:
    return signin.now_utc()


def engine() -> store.sa.Engine:
    return signin.app_engine(app_db_url())


def _communities(ctx: PageContext) -> list[tuple[str, str]]:
    """The communities of his access (code, name), in the filter's order."""
    communities, grids = data.organisation(ctx.url)
    mine = set(grids.filter(pl.col("code").is_in(sorted(ctx.access.grids)))["community_code"])
    if ctx.key.communities:
        mine &= set(ctx.key.communities)
    rows = communities.filter(pl.col("code").is_in(sorted(mine))).select("code", "name")
    return [(c, n) for c, n in rows.iter_rows()]


def community_key(ctx: PageContext, community: str) -> ScopeKey:
    """A whole community within his access: the sheet lists every worker of it."""
    return ScopeKey(communities=(community,), areas=(), grids=(), access=ctx.key.access)


def month_view(
    ctx: PageContext, community: str, period: str, version: int | None, name: str | None = None
) -> MonthView:
    """The month as it stands (or one version of it): the evidence as of the page's day for a
    draft, as of the signing day for a signed version; the rubric the sheet was opened with."""
    app = engine()
    found = store.versions(app, community, period)
    sheet_ = next((s for s in found if s.version == version), found[0] if found else None)
    as_of = sheet_.evidence_as_of if sheet_ is not None and sheet_.evidence_as_of else ctx.as_of
    rubric_v = (
        store.rubric_of(app, sheet_.rubric_version)
        if sheet_ is not None
        else store.rubric_in_force(app)
    )
    criteria = rb.usable_criteria(workers_data.criteria(ctx.url))
    rubric = rubric_v.rubric() if rubric_v is not None else rb.Rubric(rules={})
    evidence = workers_data.month_sheet(ctx.url, community_key(ctx, community), as_of, period)
    entries = tuple(store.entries(app, sheet_.id)) if sheet_ is not None else ()
    return MonthView(
        community, period, as_of, evidence, criteria, rubric, sheet_, entries, community_name=name
    )


def _status_line(labels: Labels, s: store.Sheet | None) -> str:
    if s is None:
        return labels("scoring.status.none")
    parts = [
        labels("scoring.status.version", version=s.version, rubric=s.rubric_version),
        labels(f"scoring.status.{s.status.value}"),
    ]
    if s.signed_at is not None:
        parts.append(labels("scoring.status.signed_by", name=s.signed_by_name, at=_at(s.signed_at)))
    if s.confirmed_at is not None:
        parts.append(
            labels("scoring.status.confirmed_by", name=s.confirmed_by_name, at=_at(s.confirmed_at))
        )
    return " · ".join(parts)


def _at(moment: dt.datetime) -> str:
    return store.log.local(moment).strftime("%Y-%m-%d %H:%M")


def _error(labels: Labels, exc: Exception) -> None:
    if isinstance(exc, store.ScoreProblems):
        st.error(labels("scoring.error.score_problems", count=len(exc.problems)))
        for p in exc.problems[:20]:
            st.markdown(
                "- "
                + labels(
                    f"scoring.problem.{p.problem}",
                    worker=p.worker_name,
                    criterion=p.criterion_code,
                )
            )
    elif isinstance(exc, store.ScoringError):
        st.error(labels(f"scoring.error.{exc.code}", **{k: str(v) for k, v in exc.params.items()}))
    else:
        st.error(labels("scoring.error.rubric", problem=str(exc)))


def _flash(labels: Labels) -> None:
    done = st.session_state.pop("scoring_done", None)
    if done:
        st.success(labels(done[0], **done[1]))


def _done(key: str, **params: Any) -> None:
    st.session_state["scoring_done"] = (key, params)
    st.rerun()


# --- the sheet ------------------------------------------------------------------------------


def _names(view: MonthView, labels: Labels) -> dict[str, str]:
    return criterion_names(view.criteria, labels)


def wide(view: MonthView, labels: Labels, only: int | None = None) -> pl.DataFrame:
    """One row per worker: each criterion's proposal and score, the committee's total, what is
    missing and the reasons needed."""
    long = view.long()
    if only is not None:
        long = long.filter(pl.col("worker_id") == only)
    most = dict(view.criteria.select("code", "max_score").iter_rows())
    rows = []
    for (wid,), part in long.group_by(["worker_id"], maintain_order=True):
        first = part.row(0, named=True)
        scores = {
            c: s for c, s in part.select("criterion_code", "score").iter_rows() if s is not None
        }
        row: dict[str, Any] = {
            "worker_id": wid,
            "worker_name": first["worker_name"],
            "role": labels(f"role.{first['role']}") if first["role"] else "",
            "total": worker_total(scores, most),
            "missing": int(part["score"].is_null().sum()),
        }
        for r in part.iter_rows(named=True):
            row[f"p.{r['criterion_code']}"] = r["proposed"]
            row[f"s.{r['criterion_code']}"] = r["score"]
        rows.append(row)
    return pl.DataFrame(rows)


def wide_table(view: MonthView, labels: Labels) -> Table:
    names = _names(view, labels)
    columns = [
        Column("worker_name", labels("scoring.col.worker"), pinned=True),
        Column("role", labels("scoring.col.role")),
        Column("total", labels("scoring.col.total"), "score"),
        Column("missing", labels("scoring.col.missing"), "int"),
    ]
    for code in view.codes:
        columns.append(
            Column(f"p.{code}", labels.plain("scoring.col.proposed_of", name=names[code]), "score")
        )
        columns.append(
            Column(f"s.{code}", labels.plain("scoring.col.score_of", name=names[code]), "score")
        )
    return Table(columns)


def _why(labels: Labels, why: str | None) -> str:
    return labels(f"scoring.why.{why}") if why else ""


def worker_form(ctx: PageContext, view: MonthView, worker_id: int, part: str) -> None:
    """One worker's criteria: proposal, basis, the registry's score, the committee's score and
    reason — inputs on a draft for the committee, read-only otherwise."""
    labels = ctx.labels
    names = _names(view, labels)
    long = view.long().filter(pl.col("worker_id") == worker_id)
    editable = view.sheet is not None and view.sheet.editable and part in (CHAIR, MEMBER)
    if not editable:
        shown = long.select(
            pl.col("criterion_code")
            .replace_strict(names, default=pl.col("criterion_code"))
            .alias("criterion"),
            "max_score",
            "proposed",
            pl.col("why_none")
            .map_elements(lambda w: _why(labels, w), return_dtype=pl.String)
            .alias("why"),
            *(
                []
                if part == WORKER and not (view.sheet and view.sheet.locked)
                else ["score", "reason"]
            ),
        )
        table = Table(
            [
                Column("criterion", labels("scoring.col.criterion")),
                Column("max_score", labels("scoring.col.max"), "score"),
                Column("proposed", labels("scoring.col.proposed"), "score"),
                Column("why", labels("scoring.col.why")),
                *(
                    [
                        Column("score", labels("scoring.col.score"), "score"),
                        Column("reason", labels("scoring.col.reason")),
                    ]
                    if "score" in shown.columns
                    else []
                ),
            ]
        )
        tables.show(
            table,
            shown,
            about=_about(ctx, view),
            what=labels.plain("scoring.one.file", worker=long["worker_name"][0]),
            key=f"scoring_worker_table_{worker_id}",
            period=view.period,
        )
        return
    score_form(
        ctx,
        view,
        long,
        f"scoring_form_{worker_id}",
        lambda r: labels(
            "scoring.form.score", name=names[r["criterion_code"]], max=fmt_score(r["max_score"])
        ),
        labels("scoring.form.save"),
    )


def _stamp(view: MonthView) -> dict[tuple[int, str], str]:
    """A pair's stored state, in its widgets' keys: a score kept elsewhere (another member,
    "accept all") gives the widget a new key, so it shows the stored value, not a stale one."""
    return {
        (e.worker_id, e.criterion_code): f"{e.entered_at:%Y%m%d%H%M%S%f}" if e.entered_at else "0"
        for e in view.entries
    }


def score_form(
    ctx: PageContext,
    view: MonthView,
    rows: pl.DataFrame,
    form_key: str,
    title_of: Any,
    save_label: str,
) -> None:
    """Score inputs for ``rows`` (of ``view.long()``), each with the proposal, the margin and
    the registry's score in its help, and a reason; saved as one batch or not at all."""
    labels = ctx.labels
    allowed = {
        code: view.rubric.allowed(m)
        for code, m in view.criteria.select("code", "max_score").iter_rows()
    }
    stamps = _stamp(view)
    with st.form(form_key, border=True):
        changes: list[tuple[dict[str, Any], float | None, str]] = []
        for r in rows.iter_rows(named=True):
            code, wid = r["criterion_code"], r["worker_id"]
            stamp = stamps.get((wid, code), "0")
            left, right = st.columns([1, 2])
            hint = (
                labels(
                    "scoring.form.proposal",
                    proposed=fmt_score(r["proposed"]),
                    margin=fmt_score(float(allowed[code])),
                )
                if r["proposed"] is not None
                else _why(labels, r["why_none"])
            )
            recorded = (
                ""
                if r["recorded"] is None
                else " · " + labels("scoring.form.recorded", score=fmt_score(r["recorded"]))
            )
            score = left.number_input(
                title_of(r),
                min_value=0.0,
                max_value=float(r["max_score"]),
                value=r["score"],
                step=0.5,
                format="%.2f",
                help=hint + recorded,
                key=f"scoring_score_{wid}_{code}_{stamp}",
            )
            reason = right.text_input(
                labels("scoring.form.reason"),
                value=r["reason"] or "",
                placeholder=hint,
                key=f"scoring_reason_{wid}_{code}_{stamp}",
                max_chars=500,
            )
            changes.append((r, score, reason))
        saved = st.form_submit_button(save_label, type="primary", key=f"{form_key}_save")
    if saved:
        batch = [
            store.Change(
                worker_id=r["worker_id"],
                worker_name=r["worker_name"],
                criterion_code=r["criterion_code"],
                max_score=r["max_score"],
                proposed=r["proposed"],
                score=None if score is None else float(score),
                reason=reason,
            )
            for r, score, reason in changes
        ]
        try:
            count = store.set_scores(engine(), now(), _actor(ctx), view.sheet.id, batch)
        except (store.ScoringError, ValueError) as exc:
            _error(labels, exc)
        else:
            _done("scoring.saved", count=count)


def criterion_form(ctx: PageContext, view: MonthView, code: str) -> None:
    """One criterion for every worker (a criterion without evidence, scored from a survey or
    the committee's judgement, is entered in one go)."""
    labels = ctx.labels
    rows = view.long().filter(pl.col("criterion_code") == code)
    score_form(
        ctx,
        view,
        rows,
        f"scoring_criterion_form_{code}",
        lambda r: labels(
            "scoring.form.worker_score", worker=r["worker_name"], max=fmt_score(r["max_score"])
        ),
        labels("scoring.form.save_criterion"),
    )


def _about(ctx: PageContext, view: MonthView):
    """What a download of the page's tables says: the page's scope, plus the month."""
    return ctx.about.with_filters((ctx.labels.plain("scoring.month"), view.period))


def _actor(ctx: PageContext) -> store.Actor:
    return store.Actor.of(ctx.user, signin.client())


def evidence_panel(ctx: PageContext, view: MonthView, worker_id: int) -> None:
    """The figures the proposals rest on and the month's calendar of one worker."""
    labels = ctx.labels
    row = next(r for r in view.workers if r["id"] == worker_id)
    figures = [
        ("visits", row["visits"], "int"),
        ("visit_days", row["visit_days"], "int"),
        ("weeks", row["weeks"], "int"),
        ("weeks_meeting_visit_days", row["weeks_meeting_visit_days"], "int"),
        ("visit_days_meeting_rate", row["visit_days_meeting_rate"], "int"),
        ("patrol_rate", row["patrol_rate"], "ratio"),
        ("log_on_time_rate", row["log_on_time_rate"], "ratio"),
        ("incidents_reported", row["incidents_reported"], "int"),
        ("incidents_resolved_72h_rate", row["incidents_resolved_72h_rate"], "ratio"),
    ]
    st.markdown(
        " · ".join(
            f"{labels(f'workers.col.{k}')} **{'—' if v is None else (fmt_pct(v) if f == 'ratio' else f'{v:,}')}**"
            for k, v, f in figures
        )
    )
    detail = workers_data.worker_detail(
        ctx.url, community_key(ctx, view.community), view.as_of, view.period, worker_id
    )
    charts.plotly_chart(
        st, calendar_figure(detail.calendar, labels), width="stretch", key="scoring_calendar"
    )
    st.caption(labels("workers.one.calendar.legend"))


# --- the review -------------------------------------------------------------------------------


def review(ctx: PageContext, view: MonthView, previous: MonthSheet | None) -> None:
    """On the draft: what is missing, the reasons, the flags of evidence vs score, the ranking
    and the month against the previous one."""
    labels = ctx.labels
    names = _names(view, labels)
    long = view.long()
    missing = long.filter(pl.col("score").is_null())
    differing = long.filter(pl.col("needs_reason"))
    a, b, c = st.columns(3)
    a.metric(labels("scoring.review.missing"), f"{missing.height:,}")
    b.metric(labels("scoring.review.differing"), f"{differing.height:,}")
    c.metric(labels("scoring.review.workers"), f"{len(view.workers):,}")
    if missing.height:
        st.caption(
            labels(
                "scoring.review.missing_list",
                list="、".join(
                    f"{w}（{names.get(k, k)}）"
                    for w, k in missing.select("worker_name", "criterion_code").head(12).iter_rows()
                ),
            )
        )
    codes = view.codes
    draft = sheet(view.draft_rows(), codes)
    scored = draft.filter(pl.col("scored"))
    if scored.height:
        flags = evidence_flags(draft, quarter_thresholds(draft))
        st.markdown("**" + labels("scoring.review.flags", count=f"{flags.height:,}") + "**")
        if flags.height:
            tables.show(
                flags_table(labels),
                flags,
                about=_about(ctx, view),
                what=labels.plain("scoring.review.flags.file"),
                key="scoring_flags",
                period=view.period,
            )
        ranked = scored.select("rank", "name", "score_total").rename({"score_total": "draft_total"})
        if previous is not None:
            before = sheet(previous.rows, codes).select(
                pl.col("id"), pl.col("score_total").alias("previous_total")
            )
            ranked = (
                scored.select("rank", "id", "name", pl.col("score_total").alias("draft_total"))
                .join(before, on="id", how="left")
                .with_columns(change=(pl.col("draft_total") - pl.col("previous_total")).round(2))
                .drop("id")
            )
        table = Table(
            [
                Column("rank", labels("scoring.col.rank"), "int"),
                Column("name", labels("scoring.col.worker")),
                Column("draft_total", labels("scoring.col.total"), "score"),
                *(
                    [
                        Column(
                            "previous_total",
                            labels.plain("scoring.col.previous", month=previous.month),
                            "score",
                        ),
                        Column("change", labels("scoring.col.change"), "score"),
                    ]
                    if previous is not None
                    else []
                ),
            ]
        )
        st.markdown("**" + labels("scoring.review.ranking") + "**")
        tables.show(
            table,
            ranked,
            about=_about(ctx, view),
            what=labels.plain("scoring.review.ranking.file"),
            key="scoring_ranking",
            period=view.period,
        )
    if differing.height:
        st.markdown("**" + labels("scoring.review.reasons") + "**")
        shown = differing.select(
            "worker_name",
            pl.col("criterion_code")
            .replace_strict(names, default=pl.col("criterion_code"))
            .alias("criterion"),
            "proposed",
            "score",
            "reason",
        )
        table = Table(
            [
                Column("worker_name", labels("scoring.col.worker")),
                Column("criterion", labels("scoring.col.criterion")),
                Column("proposed", labels("scoring.col.proposed"), "score"),
                Column("score", labels("scoring.col.score"), "score"),
                Column("reason", labels("scoring.col.reason")),
            ]
        )
        tables.show(
            table,
            shown,
            about=_about(ctx, view),
            what=labels.plain("scoring.review.reasons"),
            key="scoring_reasons",
            period=view.period,
        )


# --- sign-off ---------------------------------------------------------------------------------


def actions(ctx: PageContext, view: MonthView, part: str) -> None:
    """The buttons of his part on the sheet's status."""
    labels = ctx.labels
    s = view.sheet
    app = engine()
    actor = _actor(ctx)
    try:
        if s is None:
            if part == CHAIR:
                if st.button(labels("scoring.open"), type="primary", key="scoring_open"):
                    store.open_month(app, now(), actor, view.community, view.period)
                    _done("scoring.opened", month=view.period)
            else:
                st.info(labels("scoring.not_open"))
            return
        if s.status == store.Status.DRAFT and part in (CHAIR, MEMBER):
            proposals = view.proposals().filter(pl.col("proposed").is_not_null())
            scored = {(e.worker_id, e.criterion_code) for e in view.entries if e.score is not None}
            todo = [
                r
                for r in proposals.iter_rows(named=True)
                if (r["worker_id"], r["criterion_code"]) not in scored
            ]
            if todo and st.button(
                labels("scoring.accept_all", count=len(todo)), key="scoring_accept_all"
            ):
                names = {r["id"]: r["name"] for r in view.workers}
                batch = [
                    store.Change(
                        r["worker_id"],
                        names[r["worker_id"]],
                        r["criterion_code"],
                        r["max_score"],
                        r["proposed"],
                        r["proposed"],
                    )
                    for r in todo
                ]
                count = store.set_scores(app, now(), actor, s.id, batch)
                _done("scoring.accepted", count=count)
        if s.status == store.Status.DRAFT and part == CHAIR:
            _, last = _month_end(view.period)
            if ctx.as_of < last:
                st.info(
                    labels(
                        "scoring.sign.month_not_over", month=view.period, day=ctx.as_of.isoformat()
                    )
                )
            elif st.button(labels("scoring.sign"), type="primary", key="scoring_sign"):
                store.sign(app, now(), actor, s.id, ctx.as_of, view.pairs())
                _done("scoring.signed", month=view.period)
        if s.status == store.Status.AWAITING:
            if part == MEMBER and s.signed_by != actor.login:
                if st.button(labels("scoring.confirm"), type="primary", key="scoring_confirm"):
                    store.confirm(app, now(), actor, s.id)
                    _done("scoring.confirmed", month=view.period)
            elif part == CHAIR:
                st.info(labels("scoring.awaiting"))
                with st.form("scoring_withdraw_form", border=False):
                    reason = st.text_input(
                        labels("scoring.withdraw.reason"), key="scoring_withdraw_reason"
                    )
                    if st.form_submit_button(labels("scoring.withdraw"), key="scoring_withdraw"):
                        store.withdraw(app, now(), actor, s.id, reason)
                        _done("scoring.withdrawn", month=view.period)
        if s.status == store.Status.SIGNED and part == CHAIR:
            with (
                st.expander(labels("scoring.reopen.title")),
                st.form("scoring_reopen_form", border=False),
            ):
                reason = st.text_area(labels("scoring.reopen.reason"), key="scoring_reopen_reason")
                if st.form_submit_button(labels("scoring.reopen"), key="scoring_reopen"):
                    new = store.reopen(app, now(), actor, s.id, reason)
                    st.session_state.pop("scoring_version", None)
                    _done("scoring.reopened", version=new.version)
    except (store.ScoringError, ValueError) as exc:
        _error(labels, exc)


def _month_end(period: str) -> tuple[dt.date, dt.date]:
    from metrics.core import month_bounds

    return month_bounds(period)


def downloads(ctx: PageContext, view: MonthView) -> None:
    """The signed sheet: XLSX with the registry's ``assessment`` columns, PDF for the file."""
    labels = ctx.labels
    s = view.sheet
    if s is None or s.confirmed_at is None:
        return

    def made(fmt: str) -> bytes:
        from scoring import export

        body = export.xlsx(view, labels.lang) if fmt == "xlsx" else export.pdf(view, labels.lang)
        store.exported(engine(), now(), _actor(ctx), s, fmt, len(view.entries))
        return body

    name = f"{labels.plain('scoring.file')}-{view.community}-{view.period}-v{s.version}"
    row = st.container(horizontal=True, key="downloads-scoring")
    row.download_button(
        labels("scoring.download.xlsx"),
        data=lambda: made("xlsx"),
        file_name=f"{name}.xlsx",
        mime=MIME_XLSX,
        on_click="ignore",
        icon=":material/table_view:",
        key="scoring_download_xlsx",
        type="primary",
    )
    row.download_button(
        labels("scoring.download.pdf"),
        data=lambda: made("pdf"),
        file_name=f"{name}.pdf",
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        key="scoring_download_pdf",
    )


# --- the page ---------------------------------------------------------------------------------


def choose(where: Any, label: str, choices: dict[str, Any], key: str, **options: Any) -> Any:
    """A selectbox over the choices' display texts, returning the chosen value (display texts
    as options, not a ``format_func``: the state is what the user saw, and a stale one, e.g.
    after the language changed, falls back to the first)."""
    if st.session_state.get(key) not in choices:
        st.session_state.pop(key, None)
    shown = where.selectbox(label, list(choices), key=key, **options)
    return choices[shown]


def worker_choice(worker_id: int, name: str) -> str:
    return f"{name}（{worker_id}）"


def _pick_worker(view: MonthView, labels: Labels) -> int:
    choices = {worker_choice(r["id"], r["name"]): r["id"] for r in view.workers}
    return choose(st, labels("scoring.pick_worker"), choices, "scoring_worker")


def _versions(ctx: PageContext, community: str, period: str) -> int | None:
    found = store.versions(engine(), community, period)
    if len(found) < 2:
        st.session_state.pop("scoring_version", None)
        return None
    labels = ctx.labels
    choices = {
        labels.plain(
            "scoring.version.option",
            version=s.version,
            status=labels.plain(f"scoring.status.{s.status.value}"),
        ): s.version
        for s in found
    }
    return choose(st, labels("scoring.version"), choices, "scoring_version")


def page(ctx: PageContext) -> None:
    labels = ctx.labels
    part = part_of(ctx.user.role, ctx.user.is_chair)
    if part is None:  # the roles table keeps others off the page; never rely on it alone
        st.info(labels("scoring.no_part"))
        return
    _flash(labels)
    communities = _communities(ctx)
    if not communities:
        st.info(labels("scoring.no_community"))
        return
    top = st.columns(3)
    names = dict(communities)
    community = choose(
        top[0],
        labels("scoring.community"),
        {f"{n}（{c}）": c for c, n in communities},
        "scoring_community",
    )
    months = workers_data.months(ctx.url, ctx.as_of)
    if not months:
        st.info(labels("scoring.no_month"))
        return
    if st.session_state.get("scoring_month") not in months:
        st.session_state["scoring_month"] = default_month(ctx.as_of, months)
    period = top[1].selectbox(labels("scoring.month"), months, key="scoring_month")
    with top[2]:
        version = _versions(ctx, community, period)
    if part == WORKER:  # his signed scores are those of the version in force
        signed = store.in_force(engine(), community, period)
        version = signed.version if signed is not None else version
    view = month_view(ctx, community, period, version, names[community])
    st.caption(
        " · ".join(
            (
                labels(
                    "scoring.caption",
                    community=names[community],
                    month=period,
                    day=view.as_of.isoformat(),
                ),
                *ctx.freshness(),
            )
        )
    )
    st.markdown("**" + _status_line(labels, view.sheet) + "**")
    if view.sheet is not None and view.sheet.reopen_reason:
        st.caption(labels("scoring.reopened_because", reason=view.sheet.reopen_reason))
    if not view.workers:
        st.info(labels("workers.no_workers", month=period))
        return
    if part == WORKER:
        own(ctx, view)
        return
    actions(ctx, view, part)
    st.subheader(labels("scoring.sheet"), help=help_text(labels, "score_proposal", "score_signoff"))
    frame = wide(view, labels)
    worker_ids = frame["worker_id"].to_list()

    shown_names = frame["worker_name"].to_list()

    def chosen(i: int) -> None:
        st.session_state["scoring_worker"] = worker_choice(worker_ids[i], shown_names[i])
        st.session_state.pop("scoring_mode", None)

    tables.show(
        wide_table(view, labels),
        frame,
        about=_about(ctx, view),
        what=labels.plain("scoring.sheet"),
        key="scoring_sheet",
        period=period,
        on_row=chosen,
    )
    st.caption(labels("scoring.sheet.hint"))
    editing = view.sheet is not None and view.sheet.editable and part in (CHAIR, MEMBER)
    mode = WORKER
    if editing:
        modes = {labels.plain(f"scoring.mode.{m}"): m for m in (WORKER, "criterion")}
        if st.session_state.get("scoring_mode") not in modes:
            st.session_state.pop("scoring_mode", None)
        shown = st.segmented_control(
            labels("scoring.mode"),
            list(modes),
            default=next(iter(modes)),
            required=True,
            key="scoring_mode",
        )
        mode = modes[shown]
    if mode == "criterion":
        st.subheader(labels("scoring.by_criterion"))
        names = _names(view, labels)
        code = choose(
            st,
            labels("scoring.col.criterion"),
            {names.get(c, c): c for c in view.codes},
            "scoring_criterion",
        )
        criterion_form(ctx, view, code)
    else:
        st.subheader(labels("scoring.one"))
        worker_id = _pick_worker(view, labels)
        left, right = st.columns([3, 2])
        with left:
            worker_form(ctx, view, worker_id, part)
        with right:
            evidence_panel(ctx, view, worker_id)
    st.subheader(labels("scoring.review"), help=help_text(labels, "evidence_flags"))
    previous = workers_data.month_sheet(
        ctx.url, community_key(ctx, community), ctx.as_of, _previous(period)
    )
    review(ctx, view, previous)
    downloads(ctx, view)


def _previous(period: str) -> str:
    from metrics.assessment import previous_month

    return previous_month(period)


def own(ctx: PageContext, view: MonthView) -> None:
    """A grid leader's or worker's own month: proposals, the signed scores, the evidence."""
    labels = ctx.labels
    me = ctx.user.worker_id
    if me is None or all(r["id"] != me for r in view.workers):
        st.info(labels("scoring.own.none", month=view.period))
        return
    signed = view.sheet is not None and view.sheet.locked
    st.caption(labels("scoring.own.signed" if signed else "scoring.own.draft"))
    worker_form(ctx, view, me, WORKER)
    if signed:
        scores = {
            e.criterion_code: e.score
            for e in view.entries
            if e.worker_id == me and e.score is not None
        }
        most = dict(view.criteria.select("code", "max_score").iter_rows())
        st.metric(labels("scoring.col.total"), fmt_score(worker_total(scores, most)))
    evidence_panel(ctx, view, me)
