"""Data-quality checks (数据质量): the catalogue of record-level checks, the GB 11643 rules for
identity numbers, and the masking of the drill-down lists.

Each check has a stable code. "In scope" means attached to a grid in scope: a resident through
its household, a visit through its household, a rental through its household, an incident,
patrol or assignment through its grid; a worker-level record (worker, work log, assessment)
belongs to the first grid, by code, in scope that its worker has any ``grid_assignment`` to
(whatever its dates; a worker with no such assignment is out of every scope). ``d`` is the
as-of day; "dated by ``d``" means a date ``<= d`` or a timestamp before the end of ``d``.
Code values match the schema's lists exactly (case-sensitive); a blank text is whitespace only.

A record is reported by

- DQ01 ``id_check_digit``: an active resident's identity number (not NULL, not blank) is not 17
  ASCII digits followed by a digit or an upper-case ``X``, or its 18th character is not the
  GB 11643 check character of the first 17 (a lower-case ``x`` fails);
- DQ02 ``id_birth_date``: an active resident's identity number has 18 characters, the first 17
  digits, and its characters 7–14 (``YYYYMMDD``) are not a valid date equal to ``birth_date``;
- DQ03 ``id_gender``: the same, ``gender`` is ``M`` or ``F``, and the parity of the 17th digit
  disagrees with it (odd: ``M``, even: ``F``);
- DQ04 ``floating_no_origin``: an active ``floating`` resident's ``floating_origin`` is NULL or
  blank;
- DQ05 ``residency_code``: an active resident's ``residency`` is not one of the three codes;
- DQ06 ``gender_code``: an active resident's ``gender`` is not ``M``/``F``;
- DQ07 ``origin_code``: an active resident's ``floating_origin`` is neither NULL, blank nor one
  of the four codes (whatever the residency);
- DQ08 ``origin_not_floating``: an active resident whose ``residency`` is ``resident`` or
  ``nominal`` has a ``floating_origin`` (not NULL, not blank) — the schema wants NULL;
- DQ09 ``grid_kind_code``: a grid's ``kind`` is not one of the five codes;
- DQ10 ``worker_role_code``: a worker's ``role`` is not ``grid_leader``/``grid_worker``;
- DQ11 ``visit_purpose_code``: a visit dated by ``d`` has a ``purpose`` not among the four codes;
- DQ12 ``group_applies_to_code``: a ``special_group`` row's ``applies_to`` is not
  ``resident``/``household`` (a registry-wide row: no grid, whatever the scope);
- DQ13 ``incident_category_code``: an incident reported by ``d`` has a ``category`` that is not
  a code of ``incident_category``;
- DQ14 ``resident_in_closed_household``: a resident active on ``d`` belongs to a household not
  active on ``d`` (closed on or before ``d``, or registered after it);
- DQ15 ``household_without_resident``: a household active on ``d`` has no resident active on
  ``d``;
- DQ16 ``visit_inactive_household``: a visit dated by ``d`` went to a household not active on
  the visit's day;
- DQ17 ``visit_worker_not_in_post``: a visit dated by ``d`` was made by a worker not in post on
  the visit's day (or by no known worker);
- DQ18 ``visit_grid_not_assigned``: a visit dated by ``d`` was made by a worker with no
  ``grid_assignment`` active on the visit's day to the household's grid;
- DQ19 ``duplicate_id_number``: an active resident's identity number (not NULL, not blank) is
  also that of another resident active on ``d``, anywhere in the registry (exact text);
- DQ20 ``future_date``: a field of ``FUTURE_FIELDS`` holds a date after ``d`` (a timestamp at
  or after the end of ``d``); one row per record and field;
- DQ21 ``interval_reversed``: a pair of ``INTERVAL_FIELDS`` whose end is strictly before its
  start (an equal pair is an empty interval, not reported); one row per record and pair;
- DQ22 ``grid_without_boundary``: a grid's ``boundary`` is NULL or blank;
- DQ23 ``visit_after_today``: a visit in scope dated after today in Asia/Shanghai (whatever
  ``d``): the default day ignores it (contract 1.1);
- DQ24 ``group_sensitive_missing``: a ``special_group`` row's ``sensitive`` is NULL — taken as
  sensitive everywhere (fails closed; registry-wide);
- DQ25 ``score_out_of_range``: a score (worker in scope) of a criterion that scores is NULL,
  negative or above the criterion's ``max_score`` — left out of every total;
- DQ26 ``criterion_max_invalid``: an ``assessment_criterion`` row's ``max_score`` is NULL, 0 or
  less, or above ``MAX_SCORE_LIMIT`` — its scores are left out (registry-wide);
- DQ27 ``duplicate_key``: a row sharing a key of ``KEY_FIELDS`` with another row of its table
  (a code, an id, an assessment's worker–period–criterion); one row per row sharing it
  (registry-wide) — a repeated criterion's or score key's scores are left out, a repeated
  group code is one group (sensitive when any row says so);
- DQ28 ``orphan_reference``: a reference of ``ORPHAN_FIELDS`` (not NULL) to a row that does
  not exist; one row per record and field (registry-wide: such a row reaches no grid) — the
  row is left out of every figure that needs its parent.

Registry-wide checks (DQ12, DQ24, DQ26–DQ28) count whatever the scope.
"Active resident" is a resident active on ``d`` (the resident's own dates) in scope. DQ11, DQ13
and DQ16–DQ18 look at visits and incidents dated by ``d`` (later ones are DQ20's); the grid,
worker, lookup, DQ20 and DQ21 checks look at every row in scope whatever its dates. A check's
count per grid is the number of rows it reports under that grid; its total is their sum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from metrics.privacy import Disclosure, mask_address, mask_id_number, mask_name


@dataclass(frozen=True)
class Check:
    code: str  # stable: DQ01 …
    key: str  # the label key suffix and a readable name
    subject: str  # what a reported row is: resident, household, visit, grid, worker, lookup, field
    computed: str = "sql"  # "sql": pushed down; "ids": the identity-number pass in polars


CHECKS: tuple[Check, ...] = (
    Check("DQ01", "id_check_digit", "resident", "ids"),
    Check("DQ02", "id_birth_date", "resident", "ids"),
    Check("DQ03", "id_gender", "resident", "ids"),
    Check("DQ04", "floating_no_origin", "resident"),
    Check("DQ05", "residency_code", "resident"),
    Check("DQ06", "gender_code", "resident"),
    Check("DQ07", "origin_code", "resident"),
    Check("DQ08", "origin_not_floating", "resident"),
    Check("DQ09", "grid_kind_code", "grid"),
    Check("DQ10", "worker_role_code", "worker"),
    Check("DQ11", "visit_purpose_code", "visit"),
    Check("DQ12", "group_applies_to_code", "lookup"),
    Check("DQ13", "incident_category_code", "incident"),
    Check("DQ14", "resident_in_closed_household", "resident"),
    Check("DQ15", "household_without_resident", "household"),
    Check("DQ16", "visit_inactive_household", "visit"),
    Check("DQ17", "visit_worker_not_in_post", "visit"),
    Check("DQ18", "visit_grid_not_assigned", "visit"),
    Check("DQ19", "duplicate_id_number", "resident"),
    Check("DQ20", "future_date", "field"),
    Check("DQ21", "interval_reversed", "field"),
    Check("DQ22", "grid_without_boundary", "grid"),
    Check("DQ23", "visit_after_today", "visit"),
    Check("DQ24", "group_sensitive_missing", "lookup"),
    Check("DQ25", "score_out_of_range", "field"),
    Check("DQ26", "criterion_max_invalid", "lookup"),
    Check("DQ27", "duplicate_key", "field"),
    Check("DQ28", "orphan_reference", "field"),
)
CHECK_BY_CODE = {check.code: check for check in CHECKS}
ID_CHECKS = tuple(c.code for c in CHECKS if c.computed == "ids")
SQL_CHECKS = tuple(c.code for c in CHECKS if c.computed == "sql")

#: (table, field) pairs DQ20 looks at: things that happen or are recorded, never planned ends.
FUTURE_FIELDS: tuple[tuple[str, str], ...] = (
    ("resident", "birth_date"),
    ("resident", "registered_on"),
    ("resident", "left_on"),
    ("household", "registered_on"),
    ("household", "closed_on"),
    ("visit", "visited_at"),
    ("patrol", "patrolled_on"),
    ("work_log", "log_date"),
    ("work_log", "submitted_at"),
    ("incident", "reported_at"),
    ("incident", "accepted_at"),
    ("incident", "resolved_at"),
    ("rental", "pledge_signed_on"),
    ("rental", "last_inspected_on"),
    ("worker", "started_on"),
    ("grid_assignment", "since"),
    ("resident_group", "since"),
    ("household_group", "since"),
    ("assessment", "assessed_on"),
)

#: (table, start, end) pairs DQ21 looks at: the end strictly before the start is reported.
INTERVAL_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("household", "registered_on", "closed_on"),
    ("resident", "registered_on", "left_on"),
    ("worker", "started_on", "ended_on"),
    ("grid_assignment", "since", "until"),
    ("resident_group", "since", "until"),
    ("household_group", "since", "until"),
    ("incident", "reported_at", "accepted_at"),
    ("incident", "reported_at", "resolved_at"),
    ("incident", "accepted_at", "resolved_at"),
)

#: (table, key columns) DQ27 looks at: keys the schema makes unique, which a registry without
#: the constraints (an imported spreadsheet) may repeat.
KEY_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("community", ("code",)),
    ("grid", ("code",)),
    ("special_group", ("code",)),
    ("incident_category", ("code",)),
    ("assessment_criterion", ("code",)),
    ("community", ("id",)),
    ("grid", ("id",)),
    ("household", ("id",)),
    ("resident", ("id",)),
    ("worker", ("id",)),
    ("assessment", ("worker_id", "period", "criterion_code")),
)

#: (table, column, parent table, parent column) DQ28 looks at: references that must find a row.
ORPHAN_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("area", "community_id", "community", "id"),
    ("grid", "community_id", "community", "id"),
    ("grid", "area_id", "area", "id"),
    ("household", "grid_id", "grid", "id"),
    ("resident", "household_id", "household", "id"),
    ("resident_group", "resident_id", "resident", "id"),
    ("resident_group", "group_code", "special_group", "code"),
    ("household_group", "household_id", "household", "id"),
    ("household_group", "group_code", "special_group", "code"),
    ("rental", "household_id", "household", "id"),
    ("worker", "community_id", "community", "id"),
    ("grid_assignment", "worker_id", "worker", "id"),
    ("grid_assignment", "grid_id", "grid", "id"),
    ("visit", "worker_id", "worker", "id"),
    ("visit", "household_id", "household", "id"),
    ("patrol", "worker_id", "worker", "id"),
    ("patrol", "grid_id", "grid", "id"),
    ("work_log", "worker_id", "worker", "id"),
    ("incident", "grid_id", "grid", "id"),
    ("incident", "reported_by", "worker", "id"),
    ("assessment", "worker_id", "worker", "id"),
    ("assessment", "criterion_code", "assessment_criterion", "code"),
)

# --- GB 11643 identity numbers -------------------------------------------------------

#: weight of each of the first 17 digits: 2^(17-i) mod 11
ID_WEIGHTS: tuple[int, ...] = tuple(pow(2, 17 - i, 11) for i in range(17))
#: the check character for a weighted sum ≡ 0, 1, … 10 (mod 11)
CHECK_CHARACTERS = "10X98765432"
_WELL_FORMED = r"^[0-9]{17}[0-9X]$"
_SEVENTEEN_DIGITS = r"^[0-9]{17}.$"


def gb11643_check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of an identity number."""
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError(f"expected 17 ASCII digits, got {first17!r}")
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def id_number_valid(id_number: str) -> bool:
    """17 digits and the right check character (``X`` upper-case only)."""
    return bool(re.fullmatch(_WELL_FORMED, id_number)) and (
        gb11643_check_character(id_number[:17]) == id_number[17]
    )


def id_check_failed() -> pl.Expr:
    """DQ01 on a column ``id_number``: malformed, or the wrong check character."""
    idn = pl.col("id_number")
    weighted = pl.sum_horizontal(
        [idn.str.slice(i, 1).cast(pl.Int64, strict=False) * w for i, w in enumerate(ID_WEIGHTS)]
    )
    expected = pl.lit(CHECK_CHARACTERS).str.slice(weighted % 11, 1)
    well_formed = idn.str.contains(_WELL_FORMED)
    return ~well_formed | (idn.str.slice(17, 1) != expected)


def id_birth_date_failed() -> pl.Expr:
    """DQ02: 17 leading digits, and characters 7–14 are not a valid date equal to ``birth_date``."""
    idn = pl.col("id_number")
    in_id = idn.str.slice(6, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    return idn.str.contains(_SEVENTEEN_DIGITS) & (
        in_id.is_null() | pl.col("birth_date").is_null() | (in_id != pl.col("birth_date"))
    )


def id_gender_failed() -> pl.Expr:
    """DQ03: 17 leading digits, a valid ``gender``, and the 17th digit's parity disagrees."""
    idn = pl.col("id_number")
    in_id = (
        pl.when(idn.str.slice(16, 1).cast(pl.Int64, strict=False) % 2 == 1)
        .then(pl.lit("M"))
        .otherwise(pl.lit("F"))
    )
    return (
        idn.str.contains(_SEVENTEEN_DIGITS)
        & pl.col("gender").is_in(["M", "F"])
        & (in_id != pl.col("gender"))
    )


def id_number_faults(chunk: pl.DataFrame) -> pl.DataFrame:
    """The rows of a chunk of active residents (id, grid_id, id_number, birth_date, gender)
    that fail DQ01–DQ03: one row per (resident, check), columns id, grid_id, check.

    Residents whose identity number is NULL or blank are not checked."""
    present = chunk.filter(
        pl.col("id_number").is_not_null() & (pl.col("id_number").str.strip_chars() != "")
    )
    flagged = present.select(
        "id",
        "grid_id",
        id_check_failed().fill_null(False).alias("DQ01"),
        id_birth_date_failed().fill_null(False).alias("DQ02"),
        id_gender_failed().fill_null(False).alias("DQ03"),
    )
    return (
        flagged.unpivot(index=["id", "grid_id"], variable_name="check", value_name="failed")
        .filter(pl.col("failed"))
        .select(
            pl.col("id").cast(pl.Int64),
            pl.col("grid_id").cast(pl.Int64),
            pl.col("check").cast(pl.String),
        )
    )


EMPTY_FAULTS = pl.DataFrame(schema={"id": pl.Int64, "grid_id": pl.Int64, "check": pl.String})
#: records: the rows a check reports per grid; sensitive: those of them about a sensitive group's
#: membership (counted, never listed)
COUNT_SCHEMA = {
    "check": pl.String,
    "grid_id": pl.Int64,
    "records": pl.Int64,
    "sensitive": pl.Int64,
}


def fault_counts(faults: pl.DataFrame) -> pl.DataFrame:
    """Rows reported per check and grid, from ``id_number_faults`` rows."""
    if faults.is_empty():
        return pl.DataFrame(schema=COUNT_SCHEMA)
    return (
        faults.group_by("check", "grid_id")
        .agg(pl.len().cast(pl.Int64).alias("records"))
        # the identity checks list every resident they count: none is held back
        .with_columns(pl.lit(0, dtype=pl.Int64).alias("sensitive"))
        .select(list(COUNT_SCHEMA))
    )


def fault_page(
    faults: pl.DataFrame, check: str, grids: pl.DataFrame, offset: int, limit: int
) -> list[int]:
    """Resident ids of one identity check's list page, ordered by grid code, then resident id."""
    rows = faults.filter(pl.col("check") == check).join(
        grids.select(pl.col("id").alias("grid_id"), pl.col("code").alias("grid_code")),
        on="grid_id",
        how="left",
    )
    return rows.sort("grid_code", "id", nulls_last=False).slice(offset, limit)["id"].to_list()


def _by_check(counts: pl.DataFrame, column: str) -> dict[str, int]:
    by_check = counts.group_by("check").agg(pl.col(column).sum())
    found = dict(zip(by_check["check"].to_list(), by_check[column].to_list(), strict=True))
    return {check.code: int(found.get(check.code, 0)) for check in CHECKS}


def totals(counts: pl.DataFrame) -> dict[str, int]:
    """Every check's total (0 when it reports nothing), in catalogue order."""
    return _by_check(counts, "records")


def held_back(counts: pl.DataFrame) -> dict[str, int]:
    """Every check's rows about a sensitive group's membership (counted, never listed)."""
    return _by_check(counts, "sensitive")


def disclosed(counts: pl.DataFrame, disclosure: Disclosure) -> pl.DataFrame:
    """The counts a page shows to ``disclosure``: all rows to ``EXACT``; to ``PROTECTED`` only
    the rows it may list, so that no exact figure includes a sensitive membership (a total
    minus the listed rows would tell how many there are). The rows held back are shown apart,
    protected like the sensitive groups' own counts (``metrics.privacy.shown_count``)."""
    if disclosure is Disclosure.EXACT:
        return counts
    return counts.with_columns(
        (pl.col("records") - pl.col("sensitive")).alias("records"),
        pl.lit(0, dtype=pl.Int64).alias("sensitive"),
    )


def per_grid(grids: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """One row per grid in scope (and one with a NULL grid for registry-wide rows, when any),
    one column per check code that reports something: the rows reported there."""
    wide_codes = [code for code, n in totals(counts).items() if n]
    base = grids.select(pl.col("id").alias("grid_id"), "code", "name")
    if not wide_codes:
        return base.sort("code")
    wide = counts.filter(pl.col("records") > 0).pivot(
        on="check", index="grid_id", values="records", aggregate_function="sum"
    )
    for code in wide_codes:
        if code not in wide.columns:
            wide = wide.with_columns(pl.lit(0, dtype=pl.Int64).alias(code))
    wide = wide.select("grid_id", *wide_codes)
    registry_wide = wide.filter(pl.col("grid_id").is_null()).with_columns(
        pl.lit(None, dtype=pl.String).alias("code"), pl.lit(None, dtype=pl.String).alias("name")
    )
    joined = base.join(wide, on="grid_id", how="left").with_columns(
        pl.col(wide_codes).fill_null(0).cast(pl.Int64)
    )
    parts = [joined.sort("code")]
    if registry_wide.height:
        parts.append(
            registry_wide.select(joined.columns).with_columns(pl.col(wide_codes).fill_null(0))
        )
    return pl.concat(parts, how="vertical_relaxed")


LIST_SCHEMA = {
    "grid_code": pl.String,
    "table": pl.String,
    "record_id": pl.Int64,
    "record_key": pl.String,
    "name": pl.String,
    "address": pl.String,
    "id_number": pl.String,
    "field": pl.String,
    "value": pl.String,
}


def masked_list(rows: pl.DataFrame) -> pl.DataFrame:
    """A drill-down page with its personal data masked: names 张*明, addresses below the building,
    identity numbers 3401************34."""
    return rows.with_columns(
        pl.col("name").map_elements(mask_name, return_dtype=pl.String, skip_nulls=True),
        pl.col("address").map_elements(mask_address, return_dtype=pl.String, skip_nulls=True),
        pl.col("id_number").map_elements(mask_id_number, return_dtype=pl.String, skip_nulls=True),
    )
