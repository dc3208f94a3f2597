"""Population-page queries on the tiny registry and on an edge registry, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa

from data_access import daily
from data_access import population as pq
from data_access import queries as q
from data_access import schema as s
from data_access.loaders import Registry
from data_access.scope import Scope
from metrics import population as mp
from metrics.core import ELDERLY_AGE, born_by_for_age
from tests.data_access.tiny import AS_OF
from tests.support.frames import plain

D = dt.date


def build_edges(engine: sa.Engine) -> None:
    """Residents on the edges of ages, weeks and activity; as of AS_OF (Tuesday 2026-03-10)."""
    s.metadata.create_all(engine)
    old = D(2020, 1, 1)

    def resident(rid, hh, gender, birth, residency, registered, left=None):
        return dict(
            id=rid, household_id=hh, name=f"居民{rid}", gender=gender, birth_date=birth,
            id_number=None, phone=None, residency=residency, floating_origin=None,
            registered_on=registered, left_on=left,
        )  # fmt: skip

    with engine.begin() as conn:
        conn.execute(
            s.community.insert(), [dict(id=1, code="EC", name="边界社区", township="上派镇")]
        )
        conn.execute(s.grid.insert(), [
            dict(id=1, community_id=1, code="E-01", name="一号", kind="scattered", inhabited=True),
            dict(id=2, community_id=1, code="E-02", name="空", kind="work_unit", inhabited=False),
        ])  # fmt: skip
        conn.execute(s.household.insert(), [
            dict(id=1, grid_id=1, address="1栋101", registered_on=old, closed_on=None),
            dict(id=2, grid_id=1, address="1栋102", registered_on=old, closed_on=None),  # size 0
            dict(id=3, grid_id=1, address="1栋103", registered_on=old, closed_on=AS_OF),  # closed
        ])  # fmt: skip
        conn.execute(s.resident.insert(), [
            resident(1, 1, "M", D(2021, 3, 10), "resident", old),  # 5 on d: band 1
            resident(2, 1, "F", D(2021, 3, 11), "resident", D(2025, 9, 15)),  # 4; first Monday
            resident(3, 1, "M", D(1926, 3, 10), "nominal", old),  # 100: band 20
            resident(4, 1, "F", D(1920, 1, 1), "nominal", old),  # 106: band 20
            resident(5, 1, "X", D(1990, 1, 1), "floating", D(2025, 9, 14)),  # Sunday before
            resident(6, 1, "M", D(2026, 4, 1), "resident", AS_OF),  # born after d (bad data)
            resident(7, 1, "F", D(1980, 6, 15), "floating", D(2026, 3, 2)),  # 45: band 9
            resident(8, 2, "M", D(1970, 1, 1), "resident", old, D(2026, 3, 8)),  # left on a Sunday
            resident(9, 2, "F", D(1970, 1, 1), "floating", old, D(2026, 3, 9)),  # left on a Monday
            resident(10, 2, "M", D(1970, 1, 1), "resident", D(2026, 3, 11)),  # registered after d
            resident(11, 3, "F", D(1950, 3, 11), "nominal", old),  # 75; household closed
            resident(12, 1, "M", D(2000, 1, 1), "resident", old, D(2026, 3, 11)),  # leaves after d
        ])  # fmt: skip


@pytest.fixture
def edges(engine_name: str, registry_url) -> Registry:
    return Registry.open(registry_url(engine_name, "population_edges", build_edges))


@pytest.fixture
def tiny(tiny_url: str) -> Registry:
    return Registry.open(tiny_url)


def _weeks(day: dt.date) -> tuple[list[dt.date], dt.date]:
    weeks = mp.trend_weeks(day)
    return [w.start for w in weeks], weeks[-1].end


# --- the tiny registry -----------------------------------------------------


def test_age_sex_counts_on_tiny(tiny: Registry) -> None:
    rs = tiny.resolve(Scope(as_of=AS_OF))
    with tiny.connect() as conn:
        frame = pq.age_sex_counts(conn, rs, mp.age_band_born_by(AS_OF))
    # 张三 turns 60 on d (band 12); 赵六 is 59 (band 11); 王五 left on d
    assert sorted(frame.rows()) == [
        ("F", 7, 1),
        ("F", 11, 1),
        ("M", 9, 1),
        ("M", 12, 1),
        ("M", 15, 1),
    ]


def test_movements_on_tiny_one_community(tiny: Registry) -> None:
    rs = tiny.resolve(Scope(as_of=AS_OF, communities=("AH",)))
    with tiny.connect() as conn:
        frame = daily.movements_by_week(conn, rs, *_weeks(AS_OF))
    assert sorted(frame.rows()) == [
        ("arrivals", D(2025, 12, 29), "floating", 1),
        ("arrivals", D(2025, 12, 29), "nominal", 1),
        ("arrivals", D(2025, 12, 29), "resident", 1),  # 孙八 of JF-01 is out of scope
        ("arrivals", D(2026, 3, 9), "floating", 2),
        ("departures", D(2026, 3, 9), "floating", 1),
    ]


def test_household_sizes_on_tiny(tiny: Registry) -> None:
    rs = tiny.resolve(Scope(as_of=AS_OF))
    with tiny.connect() as conn:
        assert pq.household_sizes(conn, rs).rows() == [(1, 2), (2, 1)]  # household 3 closed on d


# --- the edge registry ------------------------------------------------------


def test_age_bands_on_birthdays_and_beyond_one_hundred(edges: Registry) -> None:
    rs = edges.resolve(Scope(as_of=AS_OF))
    with edges.connect() as conn:
        frame = pq.age_sex_counts(conn, rs, mp.age_band_born_by(AS_OF))
    assert sorted(frame.rows()) == [
        ("F", 0, 1),  # 4 years old, 5 tomorrow
        ("F", 9, 1),
        ("F", 15, 1),  # household closed on d: the resident's own dates decide
        ("F", 20, 1),
        ("M", 0, 1),  # born after d: band 0, so the pyramid's total is residents.total
        ("M", 1, 1),  # 5 years old on d
        ("M", 5, 1),  # leaves after d: still active
        ("M", 20, 1),  # exactly 100
        ("X", 7, 1),
    ]


def test_a_band_is_the_highest_whose_date_is_met_whatever_the_dates_order(edges: Registry) -> None:
    """The age bands' dates fall band by band, and the band is found by halving; dates in any
    other order (or too few) are tested one by one. Each way gives the definition, checked here
    against the residents themselves."""
    rs = edges.resolve(Scope(as_of=AS_OF))
    falling = mp.age_band_born_by(AS_OF)
    shuffled = [falling[i] for i in (3, 0, 19, 7, 7, 12, 1)]
    active = sa.and_(
        s.resident.c.registered_on <= AS_OF,
        sa.or_(s.resident.c.left_on.is_(None), s.resident.c.left_on > AS_OF),
    )
    with edges.connect() as conn:
        people = conn.execute(sa.select(s.resident.c.gender, s.resident.c.birth_date).where(active))
        people = people.all()
        for born_by in (falling, falling[:7], shuffled, falling[:1], []):
            expected: dict[tuple[str, int], int] = {}
            for gender, birth in people:
                met = [k for k, d in enumerate(born_by, start=1) if birth <= d]
                key = (gender, max(met, default=0))
                expected[key] = expected.get(key, 0) + 1
            frame = pq.age_sex_counts(conn, rs, born_by)
            assert sorted(frame.rows()) == sorted((g, b, n) for (g, b), n in expected.items())


def test_movements_fall_in_the_week_of_their_day_and_stop_at_the_day(edges: Registry) -> None:
    rs = edges.resolve(Scope(as_of=AS_OF))
    with edges.connect() as conn:
        frame = daily.movements_by_week(conn, rs, *_weeks(AS_OF))
    assert sorted(frame.rows()) == [
        (
            "arrivals",
            D(2025, 9, 15),
            "resident",
            1,
        ),  # on the first Monday; the Sunday before is out
        ("arrivals", D(2026, 3, 2), "floating", 1),
        ("arrivals", D(2026, 3, 9), "resident", 1),  # registered on d; the one of d+1 is out
        ("departures", D(2026, 3, 2), "resident", 1),  # left on Sunday 8 March
        (
            "departures",
            D(2026, 3, 9),
            "floating",
            1,
        ),  # left on Monday 9 March; leaving after d is out
    ]


def test_household_sizes_count_active_residents_and_keep_empty_households(edges: Registry) -> None:
    rs = edges.resolve(Scope(as_of=AS_OF))
    with edges.connect() as conn:
        raw = pq.household_sizes(conn, rs)
    assert raw.rows() == [(0, 1), (8, 1)]
    assert (
        mp.household_size_distribution(raw).filter(pl.col("label") == "6+")["households"].item()
        == 1
    )


def test_a_grid_without_households_gives_empty_frames(edges: Registry) -> None:
    rs = edges.resolve(Scope(as_of=AS_OF, grids=("E-02",)))
    with edges.connect() as conn:
        assert pq.age_sex_counts(conn, rs, mp.age_band_born_by(AS_OF)).is_empty()
        assert daily.movements_by_week(conn, rs, *_weeks(AS_OF)).is_empty()
        assert pq.household_sizes(conn, rs).is_empty()


def test_an_empty_scope_asks_nothing(edges: Registry) -> None:
    rs = edges.resolve(Scope(as_of=AS_OF, communities=("EC",), grids=("E-01",)))
    empty = type(rs)(as_of=AS_OF, grid_ids=(), grid_codes=(), community_codes=())
    with edges.connect() as conn:
        assert pq.age_sex_counts(conn, empty, mp.age_band_born_by(AS_OF)).is_empty()
        assert daily.movements_by_week(conn, empty, *_weeks(AS_OF)).is_empty()
        assert pq.household_sizes(conn, empty).is_empty()
    assert not rs.empty


def _profile_equals_the_two_queries(registry: Registry, days: list[dt.date], scopes) -> int:
    """``resident_profile_by_grid`` against ``queries.resident_counts`` and
    ``age_sex_counts(by_grid=True)`` on each day and scope; returns the residents compared."""
    seen = 0
    with registry.connect() as conn:
        for day in days:
            for scope in scopes:
                rs = registry.resolve(Scope(as_of=day, **scope))
                elderly_by = born_by_for_age(day, ELDERLY_AGE)
                bands = mp.age_band_born_by(day)
                residents, ages = pq.resident_profile_by_grid(conn, rs, elderly_by, bands)
                assert plain(residents) == plain(q.resident_counts(conn, rs, elderly_by))
                assert plain(ages) == plain(pq.age_sex_counts(conn, rs, bands, by_grid=True))
                seen += int(residents["residents"].sum() or 0)
    return seen


def test_one_scan_gives_the_resident_counts_and_the_ages(edges: Registry, tiny: Registry) -> None:
    """The store's build reads a day's residents once (``resident_profile_by_grid``): the same
    frames as the two live queries, on every edge of ages and activity, on both engines."""
    days = [AS_OF + dt.timedelta(days=n) for n in (-400, -7, -1, 0, 1, 30)]
    assert _profile_equals_the_two_queries(edges, days, [{}, {"grids": ("E-02",)}]) > 0
    assert _profile_equals_the_two_queries(tiny, days, [{}]) > 0
    empty = edges.resolve(Scope(as_of=AS_OF, communities=("EC",), grids=("E-01",)))
    empty = type(empty)(as_of=AS_OF, grid_ids=(), grid_codes=(), community_codes=())
    with edges.connect() as conn:
        frames = pq.resident_profile_by_grid(conn, empty, AS_OF, mp.age_band_born_by(AS_OF))
    assert all(frame.is_empty() for frame in frames)


def test_one_scan_gives_the_resident_counts_and_the_ages_on_the_demo(demo_sqlite) -> None:
    demo = Registry.open(str(demo_sqlite))
    last = demo.default_as_of()
    days = [last - dt.timedelta(days=90), last]
    scopes = [{}, {"communities": ("AH",)}]
    assert _profile_equals_the_two_queries(demo, days, scopes) > 10_000
