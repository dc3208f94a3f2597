"""Data-quality rules on tiny literal frames: GB 11643 identity numbers, counts, masking."""

import datetime as dt

import polars as pl
import pytest

from metrics import quality as m
from metrics.privacy import Disclosure

D = dt.date
VALID = "11010519491231002X"  # the standard's worked example: check character X
VALID_DIGIT = "340121198001010035"  # worked by hand: Σ = 161 ≡ 7 (mod 11) → 5


def chunk(*rows: tuple) -> pl.DataFrame:
    """(id, grid_id, id_number, birth_date, gender)."""
    return pl.DataFrame(
        list(rows),
        schema={
            "id": pl.Int64,
            "grid_id": pl.Int64,
            "id_number": pl.String,
            "birth_date": pl.Date,
            "gender": pl.String,
        },
        orient="row",
    )


def faults(*rows: tuple) -> set[tuple[int, str]]:
    return {(r["id"], r["check"]) for r in m.id_number_faults(chunk(*rows)).iter_rows(named=True)}


def test_weights_are_the_standards() -> None:
    assert m.ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def test_check_character_of_the_worked_example() -> None:
    assert m.gb11643_check_character(VALID[:17]) == "X"
    assert m.gb11643_check_character(VALID_DIGIT[:17]) == "5"


def test_check_character_rejects_non_digits() -> None:
    with pytest.raises(ValueError):
        m.gb11643_check_character("1101051949123100A")
    with pytest.raises(ValueError):
        m.gb11643_check_character("1101051949123100")  # 16 digits


def test_id_number_valid() -> None:
    assert m.id_number_valid(VALID)
    assert m.id_number_valid(VALID_DIGIT)
    assert not m.id_number_valid(VALID[:17] + "1")
    assert not m.id_number_valid(VALID.lower())  # a lower-case x is not the standard's X
    assert not m.id_number_valid(VALID + " ")
    assert not m.id_number_valid("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")  # non-ASCII digits


def test_polars_check_agrees_with_the_function() -> None:
    numbers = [VALID, VALID_DIGIT, VALID[:17] + "0", "110105194912310021", "12345"]
    frame = pl.DataFrame({"id_number": numbers})
    failed = frame.select(m.id_check_failed())["id_number"].to_list()
    assert failed == [not m.id_number_valid(n) for n in numbers]


def test_a_clean_resident_is_not_reported() -> None:
    assert (
        faults((1, 1, VALID, D(1949, 12, 31), "F"), (2, 1, VALID_DIGIT, D(1980, 1, 1), "M"))
        == set()
    )


def test_null_and_blank_numbers_are_not_checked() -> None:
    assert faults((1, 1, None, D(1980, 1, 1), "M"), (2, 1, "  ", D(1980, 1, 1), "M")) == set()


def test_wrong_check_character_is_dq01_only() -> None:
    assert faults((1, 1, VALID[:17] + "3", D(1949, 12, 31), "F")) == {(1, "DQ01")}


def test_malformed_number_is_dq01_and_not_compared() -> None:
    assert faults((1, 1, "3401211980", D(1980, 1, 1), "M")) == {(1, "DQ01")}


def test_lower_case_x_fails_the_check_but_birth_and_gender_are_still_compared() -> None:
    assert faults((1, 1, VALID.lower(), D(1949, 12, 31), "F")) == {(1, "DQ01")}
    assert faults((1, 1, VALID.lower(), D(1949, 12, 30), "M")) == {
        (1, "DQ01"),
        (1, "DQ02"),
        (1, "DQ03"),
    }


def test_birth_date_in_the_number_differs() -> None:
    assert faults((1, 1, VALID, D(1949, 12, 30), "F")) == {(1, "DQ02")}


def test_impossible_birth_date_in_the_number() -> None:
    first17 = "34012119800230001"  # 30 February
    number = first17 + m.gb11643_check_character(first17)
    assert faults((1, 1, number, D(1980, 3, 1), "M")) == {(1, "DQ02")}


def test_gender_parity() -> None:
    # 17th digit 2 of the worked example: even, female
    assert faults((1, 1, VALID, D(1949, 12, 31), "M")) == {(1, "DQ03")}
    # a gender that is no code is DQ06's business, not DQ03's
    assert faults((1, 1, VALID, D(1949, 12, 31), "female")) == set()


def test_fault_counts_and_totals_have_every_check() -> None:
    rows = m.id_number_faults(
        chunk(
            (1, 1, VALID[:17] + "3", D(1949, 12, 31), "F"),
            (2, 1, VALID[:17] + "4", D(1949, 12, 31), "F"),
            (3, 2, VALID, D(1949, 12, 31), "M"),
        )
    )
    counts = m.fault_counts(rows)
    assert sorted(counts.iter_rows()) == [("DQ01", 1, 2, 0), ("DQ03", 2, 1, 0)]
    totals = m.totals(counts)
    assert list(totals) == [c.code for c in m.CHECKS]
    assert (totals["DQ01"], totals["DQ03"], totals["DQ22"]) == (2, 1, 0)


def test_fault_counts_of_nothing() -> None:
    assert m.fault_counts(m.EMPTY_FAULTS).is_empty()
    assert set(m.totals(m.fault_counts(m.EMPTY_FAULTS)).values()) == {0}


def test_fault_page_orders_by_grid_code_then_id() -> None:
    rows = pl.DataFrame(
        {"id": [9, 4, 7, 5], "grid_id": [1, 2, 1, 1], "check": ["DQ01", "DQ01", "DQ01", "DQ02"]}
    )
    grids = pl.DataFrame({"id": [1, 2], "code": ["B-01", "A-01"]})
    assert m.fault_page(rows, "DQ01", grids, 0, 10) == [4, 7, 9]
    assert m.fault_page(rows, "DQ01", grids, 1, 1) == [7]


def counts(*rows: tuple) -> pl.DataFrame:
    """(check, grid_id, records[, sensitive]) rows; none held back unless given."""
    full = [row if len(row) == 4 else (*row, 0) for row in rows]
    return pl.DataFrame(full, schema=m.COUNT_SCHEMA, orient="row")


def test_per_grid_has_every_grid_and_only_checks_that_report() -> None:
    grids = pl.DataFrame({"id": [2, 1], "code": ["AH-02", "AH-01"], "name": ["站前", "建新"]})
    out = m.per_grid(grids, counts(("DQ04", 1, 3), ("DQ22", 2, 1), ("DQ09", 1, 0)))
    assert out.columns == ["grid_id", "code", "name", "DQ04", "DQ22"]
    assert out["code"].to_list() == ["AH-01", "AH-02"]
    assert out["DQ04"].to_list() == [3, 0]


def test_per_grid_puts_registry_wide_rows_last() -> None:
    grids = pl.DataFrame({"id": [1], "code": ["AH-01"], "name": ["建新"]})
    out = m.per_grid(grids, counts(("DQ12", None, 1), ("DQ04", 1, 2)))
    assert out["code"].to_list() == ["AH-01", None]
    assert out["DQ12"].to_list() == [0, 1]
    assert out["DQ04"].to_list() == [2, 0]


def test_per_grid_without_any_fault_is_just_the_grids() -> None:
    grids = pl.DataFrame({"id": [1], "code": ["AH-01"], "name": ["建新"]})
    assert m.per_grid(grids, counts()).columns == ["grid_id", "code", "name"]


def test_held_back_rows_are_counted_per_check() -> None:
    out = m.held_back(counts(("DQ20", 1, 7, 2), ("DQ20", 2, 3, 1), ("DQ21", 1, 4)))
    assert (out["DQ20"], out["DQ21"], out["DQ01"]) == (3, 0, 0)


def test_exact_disclosure_keeps_every_row() -> None:
    rows = counts(("DQ20", 1, 7, 2))
    assert m.disclosed(rows, Disclosure.EXACT).equals(rows)


def test_protected_disclosure_counts_only_the_rows_it_may_list() -> None:
    # 7 rows in grid 1, 2 of them about a sensitive membership: the protected role's exact
    # figures count the 5 it may list, so 7 - 5 can be worked out by no one
    out = m.disclosed(
        counts(("DQ20", 1, 7, 2), ("DQ20", 2, 1, 1), ("DQ04", 1, 3)), Disclosure.PROTECTED
    )
    assert sorted(out.iter_rows()) == [("DQ04", 1, 3, 0), ("DQ20", 1, 5, 0), ("DQ20", 2, 0, 0)]
    assert m.totals(out)["DQ20"] == 5
    grids = pl.DataFrame({"id": [1, 2], "code": ["AH-01", "AH-02"], "name": ["建新", "站前"]})
    assert m.per_grid(grids, out)["DQ20"].to_list() == [5, 0]


def test_masked_list_masks_names_addresses_and_numbers() -> None:
    rows = pl.DataFrame(
        [("AH-01", "resident", 1, None, "张小明", "建新小区3栋2单元501", VALID, "id_number", None)],
        schema=m.LIST_SCHEMA,
        orient="row",
    )
    got = m.masked_list(rows).row(0, named=True)
    assert (got["name"], got["address"], got["id_number"]) == (
        "张*明",
        "建新小区3栋**",
        "1101************2X",
    )


def test_check_codes_are_stable_and_unique() -> None:
    codes = [c.code for c in m.CHECKS]
    assert codes == [f"DQ{i:02d}" for i in range(1, 29)]
    assert len({c.key for c in m.CHECKS}) == len(codes)
