"""考核细则 — the rubric in force, its versions, and (for the chair) an editor with a preview of
the proposals on last month's evidence. Saving is a new version with a reason
(``scoring.store.save_rubric``); months already open keep the version they were opened with."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from metrics import rubric as rb
from metrics.assessment import default_month
from metrics.workers import INDICATORS
from scoring import store
from ui import table as tables
from ui import workers_data
from ui.glossary import help_text
from ui.i18n import Labels
from ui.scoring_view import (
    CHAIR,
    _at,
    _communities,
    _error,
    _flash,
    community_key,
    engine,
    now,
    part_of,
)
from ui.setup import PageContext
from ui.table import Column, Table
from ui.workers_view import criterion_names


def terms_frame(rubric: rb.Rubric) -> pl.DataFrame:
    """The rubric's terms, one row each: what the editor shows."""
    rows = [
        {
            "criterion_code": code,
            "measure": t.measure,
            "per": t.per,
            "per_factor": float(t.per_factor),
            "weight": float(t.weight),
            "zero_at": float(t.zero_at),
            "full_at": float(t.full_at),
        }
        for code, rule in rubric.rules.items()
        for t in rule.terms
    ]
    return pl.DataFrame(
        rows,
        schema={
            "criterion_code": pl.String,
            "measure": pl.String,
            "per": pl.String,
            "per_factor": pl.Float64,
            "weight": pl.Float64,
            "zero_at": pl.Float64,
            "full_at": pl.Float64,
        },
    )


def body_of(terms: list[dict[str, Any]], margin: float, step: float) -> dict[str, Any]:
    """The editor's rows as a rubric body (``metrics.rubric.parse`` checks it)."""
    criteria: dict[str, dict[str, list]] = {}
    for row in terms:
        code = row.get("criterion_code")
        if not code or not row.get("measure"):
            continue
        term = {
            k: row[k] for k in ("measure", "weight", "zero_at", "full_at") if row.get(k) is not None
        }
        if row.get("per"):
            term["per"] = row["per"]
            term["per_factor"] = row.get("per_factor") or 1
        criteria.setdefault(code, {"terms": []})["terms"].append(term)
    return {"margin": margin, "step": step, "criteria": criteria}


def _indicator(labels: Labels, name: str | None) -> str:
    return labels(f"workers.col.{name}") if name else ""


def preview(ctx: PageContext, community: str, current: rb.Rubric, edited: rb.Rubric | None) -> None:
    """Per criterion: the mean proposal on last month's evidence under the rubric in force and
    the edited one, how many workers' proposals change, the registry's mean score."""
    labels = ctx.labels
    months = workers_data.months(ctx.url, ctx.as_of)
    if not months:
        return
    month = default_month(ctx.as_of, months)  # the latest month that has ended
    evidence = workers_data.month_sheet(ctx.url, community_key(ctx, community), ctx.as_of, month)
    criteria = rb.usable_criteria(workers_data.criteria(ctx.url))
    names = criterion_names(criteria, labels)
    now_ = rb.proposals(current, criteria, evidence.rows)
    new = rb.proposals(edited or current, criteria, evidence.rows)
    recorded = pl.DataFrame(
        [
            {"worker_id": r["id"], "criterion_code": c, "recorded": s}
            for r in evidence.rows
            for c, s in r["scores"].items()
        ],
        schema={"worker_id": pl.Int64, "criterion_code": pl.String, "recorded": pl.Float64},
    )
    joined = (
        now_.select("worker_id", "criterion_code", pl.col("proposed").alias("current"))
        .join(
            new.select("worker_id", "criterion_code", pl.col("proposed").alias("edited")),
            on=["worker_id", "criterion_code"],
        )
        .join(recorded, on=["worker_id", "criterion_code"], how="left")
    )
    summary = (
        joined.group_by("criterion_code", maintain_order=True)
        .agg(
            pl.col("current").mean().round(2),
            pl.col("edited").mean().round(2),
            (pl.col("current").fill_null(-1) != pl.col("edited").fill_null(-1))
            .sum()
            .alias("changed"),
            pl.col("recorded").mean().round(2),
        )
        .with_columns(
            criterion=pl.col("criterion_code").replace_strict(
                names, default=pl.col("criterion_code")
            )
        )
    )
    st.markdown("**" + labels("rubric.preview", month=month) + "**")
    table = Table(
        [
            Column("criterion", labels("rubric.col.criterion")),
            Column("current", labels("rubric.preview.col.current"), "score"),
            Column("edited", labels("rubric.preview.col.edited"), "score"),
            Column("changed", labels("rubric.preview.col.changed"), "int"),
            Column("recorded", labels("rubric.preview.col.recorded"), "score"),
        ]
    )
    tables.show(
        table,
        summary,
        about=ctx.about.with_filters((labels.plain("scoring.month"), month)),
        what=labels.plain("rubric.preview.file"),
        key="rubric_preview",
        period=month,
    )


def page(ctx: PageContext) -> None:
    labels = ctx.labels
    _flash(labels)
    st.caption(" · ".join((labels("rubric.caption"), *ctx.freshness())))
    app = engine()
    versions = store.rubric_versions(app)
    criteria = rb.usable_criteria(workers_data.criteria(ctx.url))
    codes = criteria["code"].to_list()
    names = criterion_names(criteria, labels)
    if versions:
        in_force = versions[0]
        st.markdown(
            "**"
            + labels(
                "rubric.in_force",
                version=in_force.version,
                by=in_force.created_by,
                at=_at(in_force.created_at),
                reason=in_force.reason,
            )
            + "**"
        )
        current = in_force.rubric()
    else:  # a first draft, the seed's rules, for the chair to save as version 1
        st.info(labels("rubric.none"))
        seed = rb.parse(rb.DEMO_RUBRIC)  # its rules for the registry's own criteria
        current = rb.Rubric(
            rules={c: r for c, r in seed.rules.items() if c in codes},
            margin=seed.margin,
            step=seed.step,
        )
    part = part_of(ctx.user.role, ctx.user.is_chair)
    communities = _communities(ctx)
    community = communities[0][0] if communities else None
    without = [names.get(c, c) for c in codes if c not in current.rules]
    terms = terms_frame(current)
    editable = part == CHAIR
    config = {
        "criterion_code": st.column_config.SelectboxColumn(
            labels("rubric.col.criterion"),
            options=codes,
            format_func=lambda c: names.get(c, c),
            required=True,
        ),
        "measure": st.column_config.SelectboxColumn(
            labels("rubric.col.measure"),
            options=list(INDICATORS),
            format_func=lambda m: _indicator(labels, m),
            required=True,
        ),
        "per": st.column_config.SelectboxColumn(
            labels("rubric.col.per"),
            options=list(INDICATORS),
            format_func=lambda m: _indicator(labels, m),
        ),
        "per_factor": st.column_config.NumberColumn(labels("rubric.col.per_factor"), min_value=0),
        "weight": st.column_config.NumberColumn(
            labels("rubric.col.weight"), min_value=0, max_value=1
        ),
        "zero_at": st.column_config.NumberColumn(labels("rubric.col.zero_at")),
        "full_at": st.column_config.NumberColumn(labels("rubric.col.full_at")),
    }
    st.subheader(labels("rubric.terms"), help=help_text(labels, "score_proposal"))
    if not editable:
        shown = terms.with_columns(
            criterion=pl.col("criterion_code").replace_strict(
                names, default=pl.col("criterion_code")
            ),
            measure_name=pl.col("measure").map_elements(
                lambda m: _indicator(labels, m), return_dtype=pl.String
            ),
            per_name=pl.col("per").map_elements(
                lambda m: _indicator(labels, m), return_dtype=pl.String
            ),
        )
        tables.show(
            Table(
                [
                    Column("criterion", labels("rubric.col.criterion")),
                    Column("measure_name", labels("rubric.col.measure")),
                    Column("per_name", labels("rubric.col.per")),
                    Column("per_factor", labels("rubric.col.per_factor"), "score"),
                    Column("weight", labels("rubric.col.weight"), "score"),
                    Column("zero_at", labels("rubric.col.zero_at"), "score"),
                    Column("full_at", labels("rubric.col.full_at"), "score"),
                ]
            ),
            shown,
            about=ctx.about,
            what=labels.plain("rubric.terms.file"),
            key="rubric_terms_table",
        )
        st.caption(labels("rubric.read_only"))
        edited_rubric = None
    else:
        edited = st.data_editor(
            terms,
            hide_index=True,
            placeholder="—",
            width="stretch",
            num_rows="dynamic",
            column_config=config,
            key="rubric_terms",
        )
        left, right = st.columns(2)
        margin = left.number_input(
            labels("rubric.margin"),
            min_value=0.0,
            max_value=1.0,
            value=float(current.margin),
            step=0.05,
            key="rubric_margin",
        )
        step = right.number_input(
            labels("rubric.step"),
            min_value=0.01,
            max_value=10.0,
            value=float(current.step),
            step=0.5,
            key="rubric_step",
        )
        body = body_of(edited.to_dicts(), margin, step)
        edited_rubric = None
        try:
            edited_rubric = rb.parse(body, codes)
        except rb.RubricError as exc:
            _error(labels, exc)
        with st.form("rubric_save_form", border=False):
            reason = st.text_input(labels("rubric.reason"), key="rubric_reason", max_chars=500)
            if st.form_submit_button(
                labels("rubric.save"),
                type="primary",
                key="rubric_save",
                disabled=edited_rubric is None,
            ):
                try:
                    version = store.save_rubric(
                        app, now(), store.Actor.of(ctx.user), rb.dump(edited_rubric), reason, codes
                    )
                except (store.ScoringError, rb.RubricError) as exc:
                    _error(labels, exc)
                else:
                    st.session_state["scoring_done"] = ("rubric.saved", {"version": version})
                    st.rerun()
    if without:
        st.caption(labels("rubric.no_rule", names="、".join(without)))
    if community is not None:
        preview(ctx, community, current, edited_rubric)
    if not versions:
        return
    st.subheader(labels("rubric.versions"), help=help_text(labels, "score_signoff"))
    history = pl.DataFrame(
        [
            {
                "version": v.version,
                "by": v.created_by,
                "at": store.log.local(v.created_at).replace(tzinfo=None),
                "reason": v.reason,
            }
            for v in versions
        ]
    )
    table = Table(
        [
            Column("version", labels("rubric.col.version"), "int"),
            Column("by", labels("rubric.col.by")),
            Column("at", labels("rubric.col.at"), "datetime"),
            Column("reason", labels("rubric.col.reason")),
        ]
    )
    tables.show(
        table,
        history,
        about=ctx.about,
        what=labels.plain("rubric.history.file"),
        key="rubric_versions",
    )
