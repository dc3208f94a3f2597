"""Generate one community's registry rows, deterministically from (seed, community index).

The population is built around the anchor day (2026-03-10): first the households
and residents active on that day, matching the spec's targets exactly; then the
history around them (registrations and departures before the anchor, churn after
it), which never touches the anchor day's figures. Field work (visits, patrols,
logs), incidents and assessments follow from the workers' behaviour profiles.
"""

from __future__ import annotations

import heapq
import math
import random
from datetime import date
from functools import cache

from demo import names
from demo.layout import grid_boundaries
from demo.spec import (
    ANCHOR,
    CAMPAIGN_END,
    CAMPAIGN_START,
    END,
    HISTORY_START,
    HOLIDAYS,
    TOWNSHIP,
    CommunitySpec,
    GridSpec,
)

O_HISTORY = HISTORY_START.toordinal()
O_CAMPAIGN = CAMPAIGN_START.toordinal()
O_ANCHOR = ANCHOR.toordinal()
O_CAMPAIGN_END = CAMPAIGN_END.toordinal()
O_END = END.toordinal()

ORIGINS = ("out_of_county", "study_companion", "business", "other")

#: Tables in the order they are written (foreign keys point backwards).
COMMUNITY_TABLES = (
    "community", "area", "grid", "worker", "grid_assignment", "household", "resident",
    "resident_group", "household_group", "rental", "visit", "patrol", "work_log", "incident",
    "assessment",
)  # fmt: skip


@cache
def iso(o: int) -> str:
    return date.fromordinal(o).isoformat()


def ts(o: int, sec: int) -> str:
    return f"{iso(o)} {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}"


def weekday(o: int) -> int:
    return (o - 1) % 7


def o(y: int, m: int, d: int) -> int:
    return date(y, m, d).toordinal()


class IdAllocator:
    """Consecutive integer ids per table across the whole build."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def block(self, table: str, n: int) -> int:
        first = self._next.get(table, 1)
        self._next[table] = first + n
        return first


class Hh:
    __slots__ = (
        "seq", "grid", "kind", "origin", "reg", "closed", "address", "members", "id",
        "skip", "template", "newborn_on",
    )  # fmt: skip

    def __init__(self, seq: int, grid: int, kind: str, origin: str | None, template: str) -> None:
        self.seq = seq
        self.grid = grid
        self.kind = kind  # local | nominal | floating
        self.origin = origin
        self.template = template
        self.reg = 0
        self.closed: int | None = None
        self.address = ""
        self.members: list[Person] = []
        self.id = 0
        self.skip = 0.03  # chance a visitor finds nobody home
        self.newborn_on: int | None = None

    def active(self, d: int) -> bool:
        return self.reg <= d and (self.closed is None or self.closed > d)


class Person:
    __slots__ = (
        "hh", "role", "gender", "birth", "residency", "origin", "reg", "left", "name", "idno",
        "phone", "id", "order",
    )  # fmt: skip

    def __init__(self, hh: Hh, role: str, gender: str, birth: int, residency: str) -> None:
        self.hh = hh
        self.role = role
        self.gender = gender
        self.birth = birth
        self.residency = residency
        self.origin = hh.origin if residency == "floating" else None
        self.reg = 0
        self.left: int | None = None
        self.name = ""
        self.idno: str | None = None
        self.phone: str | None = None
        self.id = 0
        self.order = len(hh.members)

    def age_on(self, d: int) -> int:
        b, x = date.fromordinal(self.birth), date.fromordinal(d)
        return x.year - b.year - ((x.month, x.day) < (b.month, b.day))

    def birthday(self, years: int) -> int:
        b = date.fromordinal(self.birth)
        try:
            return date(b.year + years, b.month, b.day).toordinal()
        except ValueError:  # 29 February
            return date(b.year + years, 3, 1).toordinal()


class Worker:
    __slots__ = (
        "idx", "id", "name", "role", "phone", "started", "ended", "profile", "q0", "assign",
        "campaign_days", "mismatch", "evidence", "visit_days", "primary",
    )  # fmt: skip

    def __init__(self, idx: int, role: str, profile: str, q0: float, started: int) -> None:
        self.idx = idx
        self.id = 0
        self.name = ""
        self.role = role
        self.phone = ""
        self.started = started
        self.ended: int | None = None
        self.profile = profile
        self.q0 = q0
        self.assign: list[list] = []  # [grid index, since, until|None]
        self.campaign_days: list[int] = []
        self.mismatch = 0.0  # 0: scores follow evidence; otherwise the committee's own view
        self.evidence: dict[str, dict[str, int]] = {}
        self.visit_days: set[int] = set()
        self.primary = -1

    def in_post(self, d: int) -> bool:
        return self.started <= d and (self.ended is None or self.ended > d)

    def grids_on(self, d: int) -> list[int]:
        if not self.in_post(d):
            return []
        return [g for g, s, u in self.assign if s <= d and (u is None or d < u)]

    def quality(self, d: int) -> float:
        """0 = sloppy, 1 = keeps every rule; changes over time for some profiles."""
        p = self.profile
        if p == "improving":
            return _ramp(d, o(2026, 3, 15), 0.15, o(2026, 9, 15), 0.95)
        if p == "declining":
            return _ramp(d, o(2026, 5, 15), 0.95, o(2026, 10, 15), 0.2)
        if p == "new":
            return _ramp(d, self.started, 0.35, self.started + 35, self.q0)
        return self.q0


def _ramp(d: int, d0: int, v0: float, d1: int, v1: float) -> float:
    if d <= d0:
        return v0
    if d >= d1:
        return v1
    return v0 + (v1 - v0) * (d - d0) / (d1 - d0)


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _weighted_pick(rng: random.Random, weights: dict[str, float]) -> str:
    x = rng.random() * sum(weights.values())
    for key, w in weights.items():
        x -= w
        if x < 0:
            return key
    return key


# -- households: sizes and members --------------------------------------------------------------

_LOCAL_SIZES = {1: 0.09, 2: 0.17, 3: 0.25, 4: 0.23, 5: 0.16, 6: 0.10}
_FLOATING_SIZES = {
    "out_of_county": {1: 0.35, 2: 0.30, 3: 0.20, 4: 0.15},
    "study_companion": {2: 0.55, 3: 0.35, 4: 0.10},
    "business": {1: 0.25, 2: 0.30, 3: 0.25, 4: 0.15, 5: 0.05},
    "other": {1: 0.40, 2: 0.30, 3: 0.20, 4: 0.10},
}
_FLOATING_PREF = {
    "scattered": 1.7, "self_managed": 1.3, "property_managed": 0.8, "work_unit": 0.5,
    "villager_group": 0.6,
}  # fmt: skip
_NOMINAL_PREF = {
    "scattered": 0.9, "self_managed": 1.1, "property_managed": 0.8, "work_unit": 1.3,
    "villager_group": 1.5,
}  # fmt: skip

Member = tuple[str, str, int]  # role, gender, age on the anchor day


def _other(g: str) -> str:
    return "F" if g == "M" else "M"


def _couple(rng: random.Random, head_age: int) -> list[Member]:
    hg = "M" if rng.random() < 0.82 else "F"
    delta = rng.randint(-6, 2) if hg == "M" else rng.randint(-2, 6)
    return [("head", hg, head_age), ("spouse", _other(hg), max(18, min(96, head_age + delta)))]


def _mother_age(members: list[Member]) -> int:
    for _, g, a in members[:2]:
        if g == "F":
            return a
    return members[0][2]


def _children(rng: random.Random, mother_age: int, n: int, role: str = "child") -> list[Member]:
    out = []
    for _ in range(n):
        age = mother_age - rng.randint(21, 36)
        if age < 0:
            age = rng.randint(0, 2)
        out.append((role, rng.choice("MF"), age))
    return out


def _tri(rng: random.Random, lo: int, hi: int, mode: int) -> int:
    return int(rng.triangular(lo, hi + 1, mode))


def local_family(rng: random.Random, size: int) -> tuple[str, list[Member]]:
    """A resident family of ``size`` and its template name."""
    r = rng.random()
    if size == 1:
        if r < 0.5:
            return "single_elderly", [
                ("head", "F" if rng.random() < 0.6 else "M", _tri(rng, 60, 95, 70))
            ]
        return "single", [("head", rng.choice("MMF"), _tri(rng, 19, 59, 28))]
    if size == 2:
        if r < 0.38:
            return "elderly_couple", _couple(rng, _tri(rng, 60, 90, 67))
        if r < 0.62:
            return "young_couple", _couple(rng, rng.randint(22, 34))
        if r < 0.84:
            return "couple", _couple(rng, rng.randint(35, 59))
        parent = ("head", "F" if rng.random() < 0.65 else "M", rng.randint(35, 66))
        return "single_parent", [parent, *_children(rng, parent[2], 1)]
    if size == 3:
        if r < 0.82:
            m = _couple(rng, rng.randint(25, 56))
            return "one_child", m + _children(rng, _mother_age(m), 1)
        m = _couple(rng, rng.randint(28, 50))
        return "with_parent", m + [
            ("parent", rng.choice("MFF"), min(96, m[0][2] + rng.randint(22, 32)))
        ]
    if size == 4:
        if r < 0.55:
            m = _couple(rng, rng.randint(30, 52))
            return "two_children", m + _children(rng, _mother_age(m), 2)
        m = _couple(rng, rng.randint(27, 45))
        gp = ("parent", rng.choice("MFF"), min(96, max(a for _, _, a in m) + rng.randint(22, 32)))
        return "three_generations", m + _children(rng, _mother_age(m), 1) + [gp]
    if size == 5 and r < 0.3:
        m = _couple(rng, rng.randint(32, 50))
        return "three_children", m + _children(rng, _mother_age(m), 3)
    gp = _couple(rng, _tri(rng, 52, 86, 63))
    young_age = max(20, _mother_age(gp) - rng.randint(22, 32))
    young = [("child", rng.choice("MF"), young_age)]
    young.append(("other", _other(young[0][1]), max(20, young_age + rng.randint(-3, 3))))
    mother = young_age if young[0][1] == "F" else young[1][2]
    kids = _children(rng, mother, size - 4, role="grandchild")
    return "three_generations", gp + young + kids


def floating_family(rng: random.Random, origin: str, size: int) -> tuple[str, list[Member]]:
    if origin == "study_companion":
        kids = [("child", rng.choice("MF"), rng.randint(6, 18)) for _ in range(max(1, size - 1))]
        r = rng.random()
        if size >= 4:
            m = _couple(rng, rng.randint(33, 48))
            return "study", m + kids[: size - 2]
        if r < 0.7:
            head = ("head", "F", rng.randint(30, 46))
        elif r < 0.92:
            head = ("head", "F" if rng.random() < 0.7 else "M", rng.randint(55, 72))
        else:
            head = ("head", "M", rng.randint(32, 48))
        return "study", [head, *kids[: size - 1]]
    lo, hi = {"business": (20, 52), "out_of_county": (19, 50), "other": (18, 70)}[origin]
    if size == 1:
        return "single", [("head", rng.choice("MMF"), rng.randint(lo, hi))]
    m = _couple(rng, rng.randint(max(lo, 22), min(hi, 55)))
    return ("young_couple" if size == 2 and m[0][2] < 35 else "couple"), m + _children(
        rng, _mother_age(m), size - 2
    )


def _draw_size(rng: random.Random, dist: dict[int, float]) -> int:
    x = rng.random()
    for size, p in dist.items():
        x -= p
        if x < 0:
            return size
    return size


# -- addresses ----------------------------------------------------------------------------------


def address_of(style: tuple, n: int) -> str:
    """The ``n``-th distinct dwelling address of a grid."""
    kind = style[0]
    if kind == "estate":
        _, estate, floors, units, flats = style
        per_building = floors * units * flats
        b, rest = divmod(n, per_building)
        u, rest = divmod(rest, floors * flats)
        f, flat = divmod(rest, flats)
        return f"{estate}{b + 1}栋{u + 1}单元{f + 1}{flat + 1:02d}"
    if kind == "street":
        streets = style[1]
        s, number = n % len(streets), n // len(streets) + 1
        return f"{streets[s]}{number}号"
    if kind == "block":
        _, street, numbers, floors = style
        per_house = floors * 4
        h, rest = divmod(n, per_house)
        f, flat = divmod(rest, 4)
        number = numbers[h] if h < len(numbers) else numbers[-1] + 2 * (h - len(numbers) + 1)
        return f"{street}{number}号{f + 1}{flat + 1:02d}室"
    return f"{style[1]}居民组{n + 1}号"


# -- the generator ------------------------------------------------------------------------------


class CommunityGenerator:
    """Builds every row of one community; ``rows()`` returns them per table, ids assigned."""

    def __init__(
        self, spec: CommunitySpec, seed: int, ids: IdAllocator, visit_density: float = 1.0
    ) -> None:
        self.spec = spec
        self.seed = seed
        self.ids = ids
        #: multiplies the share of households a worker visits on a visit day (1.0: the seed's)
        self.visit_density = visit_density
        self.grids: list[GridSpec] = list(spec.grids)
        self.inhabited = [i for i, g in enumerate(self.grids) if g.inhabited]
        self.workers: list[Worker] = []
        self.households: list[Hh] = []
        self.persons: list[Person] = []
        self.id_keys: set[tuple[str, int, int]] = set()
        self.resident_groups: list[tuple[Person, str, int, int | None]] = []
        self.household_groups: list[tuple[Hh, str, int, int | None]] = []
        self.rentals: list[tuple[Hh, str, int | None, int | None]] = []
        self.visits: list[tuple[str, Worker, Hh, str]] = []
        self.patrols: list[tuple[int, Worker, int]] = []
        self.logs: list[tuple[int, Worker, str]] = []
        self.incidents: list[tuple] = []
        self.specials: dict[int, dict[int, list[tuple[Hh, str]]]] = {}

    def stream(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.spec.index}:{name}")

    # -- organisation ---------------------------------------------------------------------------

    def build(self) -> dict[str, list[tuple]]:
        self._workers()
        self._campaign_days()
        self._population()
        self._groups()
        self._addresses()
        self._field_work()
        self._incidents()
        return self._rows()

    def _workers(self) -> None:
        spec, rng = self.spec, self.stream("workers")
        used: set[str] = set()

        def new(role: str, profile: str, q0: float, started: int) -> Worker:
            w = Worker(len(self.workers), role, profile, q0, started)
            name = names.person_name(rng, rng.choice("MF"), rng.randint(1968, 1998))
            while name in used:
                name = names.person_name(rng, rng.choice("MF"), rng.randint(1968, 1998))
            used.add(name)
            w.name, w.phone = name, names.phone_number(rng)
            self.workers.append(w)
            return w

        # Leaders: consecutive runs of two or three grids.
        n_grids, n_lead = len(self.grids), spec.leaders
        threes = n_grids - 2 * n_lead
        if not 0 <= threes <= n_lead:
            raise ValueError(
                f"{spec.code}: {n_lead} leaders cannot cover {n_grids} grids two or three each"
            )
        sizes = [3] * threes + [2] * (n_lead - threes)
        lax = rng.randrange(n_lead)
        pos = 0
        for k, size in enumerate(sizes):
            started = rng.randint(o(2024, 9, 1), o(2026, 1, 6))
            q0 = 0.35 if k == lax else rng.uniform(0.65, 1.0)
            w = new("grid_leader", "leader", q0, started)
            for g in range(pos, pos + size):
                w.assign.append([g, started, None])
            w.primary = pos
            pos += size

        # Grid workers: one per inhabited grid, extra ones on the largest grids.
        by_size = sorted(self.inhabited, key=lambda i: (-self.grids[i].households, i))
        n_work = spec.workers
        slots: list[list[int]] = [[g] for g in self.inhabited]
        extra = n_work - len(slots)
        if extra < 0:  # fewer workers than inhabited grids: pair up the smallest grids
            small = sorted(self.inhabited, key=lambda i: (self.grids[i].households, i))
            slots = [[g] for g in self.inhabited if g not in small[: -extra * 2]]
            for a in range(-extra):
                slots.append([small[2 * a], small[2 * a + 1]])
            extra = 0
        for k in range(extra):
            slots.append([by_size[k % len(by_size)]])
        slots.sort(key=lambda s: (s[0], len(s)))
        n = len(slots)
        profiles = ["improving", "declining"] + ["slipping"] * max(1, round(0.15 * n))
        profiles += ["steady"] * round(0.3 * n)
        profiles += ["good"] * (n - len(profiles))
        rng.shuffle(profiles)
        q_of = {"good": (0.85, 1.0), "steady": (0.55, 0.75), "slipping": (0.05, 0.3)}
        base: list[Worker] = []
        for s, profile in zip(slots, profiles, strict=False):
            started = rng.randint(o(2026, 1, 6), o(2026, 2, 16))
            w = new("grid_worker", profile, rng.uniform(*q_of.get(profile, (0.9, 0.9))), started)
            w.assign = [[g, started, None] for g in s]
            w.primary = s[0]
            base.append(w)
        # Uninhabited grids go along with a worker of the same area who has the fewest grids.
        for g, gs in enumerate(self.grids):
            if gs.inhabited:
                continue
            same = [w for w in base if self.grids[w.primary].area == gs.area] or base
            w = min(same, key=lambda w: (len(w.assign), abs(w.primary - g), w.idx))
            w.assign.append([g, w.started, None])

        # Replacements: the old worker leaves, a new one takes over the same grids.
        for slot, ended, started in spec.replacements:
            old = base[slot % len(base)]
            end_o, start_o = ended.toordinal(), started.toordinal()
            old.ended = end_o
            grids = [a[0] for a in old.assign if a[2] is None]
            for a in old.assign:
                if a[2] is None:
                    a[2] = end_o
            w = new("grid_worker", "new", rng.uniform(0.7, 0.9), start_o)
            w.assign = [[g, start_o, None] for g in grids]
            w.primary = grids[0]
        for started in spec.late_starters:
            g = by_size[0]
            w = new("grid_worker", "good", rng.uniform(0.85, 1.0), started.toordinal())
            w.assign = [[g, w.started, None]]
            w.primary = g
        # Mismatched assessments: a sloppy worker scored high, a good one scored low.
        staying = [w for w in base if w.ended is None]
        slack = [w for w in staying if w.profile == "slipping"]
        good = [w for w in staying if w.profile == "good"]
        if slack:
            rng.choice(slack).mismatch = 0.93
        if good:
            rng.choice(good).mismatch = 0.35
        leaders = [w for w in self.workers if w.role == "grid_leader"]
        for giver, taker, g, day in spec.handovers:
            d = day.toordinal()
            for a in leaders[giver].assign:
                if a[0] == g and a[2] is None:
                    a[2] = d
            leaders[taker].assign.append([g, d, None])

    def _campaign_days(self) -> None:
        """The days each worker spends on the collection campaign (Feb 20 – Mar 31)."""
        for w in self.workers:
            rng = self.stream(f"campaign:{w.idx}")
            for d in range(O_CAMPAIGN, O_CAMPAIGN_END + 1):
                if not w.grids_on(d):
                    continue
                q, wd = w.quality(d), weekday(d)
                if w.role == "grid_leader":
                    p = 0.35 if wd < 5 else 0.05
                elif wd < 5:
                    p = 0.72 + 0.28 * q
                else:
                    p = (0.15 + 0.4 * q) if wd == 5 else 0.1 * q
                if rng.random() < p:
                    w.campaign_days.append(d)

    def _slots(self, until: int) -> dict[int, list[tuple[Worker, int]]]:
        rng = self.stream(f"slots:{until}")
        out: dict[int, list[tuple[Worker, int]]] = {g: [] for g in self.inhabited}
        for w in self.workers:
            for d in w.campaign_days:
                if d > until:
                    continue
                if w.role == "grid_leader" and rng.random() > 0.2:
                    continue
                for g in w.grids_on(d):
                    if g in out:
                        out[g].append((w, d))
        return out

    def _special(self, w: Worker, d: int, hh: Hh, purpose: str) -> None:
        self.specials.setdefault(w.idx, {}).setdefault(d, []).append((hh, purpose))

    def _grid_worker_on(self, rng: random.Random, g: int, d: int) -> Worker | None:
        workers = [w for w in self.workers if g in w.grids_on(d)]
        staff = [w for w in workers if w.role == "grid_worker"] or workers
        return rng.choice(staff) if staff else None

    # -- population -----------------------------------------------------------------------------

    def _person(
        self, rng: random.Random, hh: Hh, role: str, gender: str, birth: int, residency: str
    ) -> Person:
        p = Person(hh, role, gender, birth, residency)
        hh.members.append(p)
        self.persons.append(p)
        byear = date.fromordinal(birth).year
        p.name = names.person_name(rng, gender, byear)
        age_now = (O_ANCHOR - birth) // 365
        if age_now >= 14 and rng.random() < 0.93:
            p.phone = names.phone_number(rng)
        if rng.random() < 0.995 or age_now < 1:
            p.idno = self._id_number(rng, p)
        return p

    def _id_number(self, rng: random.Random, p: Person) -> str:
        if p.residency == "floating":
            origin = p.origin or "other"
            home = {"out_of_county": 0.0, "study_companion": 0.8, "business": 0.3, "other": 0.4}[
                origin
            ]
            x = rng.random()
            if x < home:
                region = names.HOME_REGION
            elif x < home + (1 - home) * 0.6:
                region = rng.choice(names.NEARBY_REGIONS)
            else:
                region = rng.choice(names.FAR_REGIONS)
        else:
            region = names.HOME_REGION if rng.random() < 0.93 else rng.choice(names.NEARBY_REGIONS)
        station = self.spec.index % 100
        digits = [1, 3, 5, 7, 9] if p.gender == "M" else [0, 2, 4, 6, 8]
        while True:
            rng.shuffle(digits)
            for dgt in digits:
                key = (region, p.birth, dgt)
                if key not in self.id_keys:
                    self.id_keys.add(key)
                    return names.id_number(region, date.fromordinal(p.birth), station * 10 + dgt)
            p.birth -= 1  # five people of that sex born that day here already: a day earlier

    @staticmethod
    def _birth(rng: random.Random, age: int) -> int:
        return date(2026 - age, 3, 10).toordinal() - rng.randrange(365)

    def _population(self) -> None:
        spec = self.spec
        rng = self.stream("population")
        n_res, n_float, n_nom = spec.population
        n_hh = spec.households
        # 1. floating households, origin by origin, exact person counts.
        comps: list[
            tuple[str, str | None, str, list[Member]]
        ] = []  # kind, origin, template, members
        for origin, target in zip(ORIGINS, spec.origins, strict=True):
            left = target
            while left > 0:
                size = min(left, _draw_size(rng, _FLOATING_SIZES[origin]))
                template, members = floating_family(rng, origin, size)
                comps.append(("floating", origin, template, members))
                left -= size
        n_floating_hh = len(comps)
        # 2. the other households: sizes summing exactly to resident + nominal persons.
        n_local = n_hh - n_floating_hh
        persons = n_res + n_nom
        if n_local <= 0 or not n_local <= persons <= 6 * n_local:
            raise ValueError(
                f"{spec.code}: {persons} persons cannot fill {n_local} households of 1-6"
            )
        sizes = [_draw_size(rng, _LOCAL_SIZES) for _ in range(n_local)]
        diff = persons - sum(sizes)
        while diff:
            i = rng.randrange(n_local)
            if diff > 0 and sizes[i] < 6:
                sizes[i] += 1
                diff -= 1
            elif diff < 0 and sizes[i] > 1:
                sizes[i] -= 1
                diff += 1
        locals_: list[list] = []
        for size in sizes:
            template, members = local_family(rng, size)
            locals_.append(["local", None, template, members])
        # 3. nominal residents: whole 挂户 households first, then young adults living elsewhere.
        order = list(range(n_local))
        rng.shuffle(order)
        nominal_persons = [[] for _ in range(n_local)]  # member positions that are nominal
        done = 0
        for i in order:
            size = len(locals_[i][3])
            if size <= 4 and done + size <= 0.45 * n_nom:
                locals_[i][0] = "nominal"
                done += size
        candidates = []
        for i, comp in enumerate(locals_):
            if comp[0] != "local":
                continue
            for j, (role, _, age) in enumerate(comp[3]):
                if role == "head":
                    continue
                w = 6.0 if 18 <= age <= 40 else 2.0 if 16 <= age <= 60 else 0.4
                candidates.append((rng.random() ** (1.0 / w), i, j))
        need = n_nom - done
        if need > len(candidates):
            raise ValueError(f"{spec.code}: not enough household members to make {n_nom} nominal")
        for _, i, j in heapq.nlargest(need, candidates):
            nominal_persons[i].append(j)
        # 4. households onto grid slots: floating ones prefer scattered / self-managed grids.
        slots = [g for g in self.inhabited for _ in range(self.grids[g].households)]
        keyed = sorted(
            range(len(slots)),
            key=lambda s: -(rng.random() ** (1.0 / _FLOATING_PREF[self.grids[slots[s]].kind])),
        )
        floating_slots, rest = keyed[:n_floating_hh], keyed[n_floating_hh:]
        rest.sort(key=lambda s: -(rng.random() ** (1.0 / _NOMINAL_PREF[self.grids[slots[s]].kind])))
        rng.shuffle(comps)
        nominal_idx = [i for i in range(n_local) if locals_[i][0] == "nominal"]
        local_idx = [i for i in range(n_local) if locals_[i][0] == "local"]
        rng.shuffle(local_idx)
        placed: list[tuple[int, tuple, list[int]]] = []
        for s, comp in zip(floating_slots, comps, strict=True):
            placed.append((slots[s], comp, []))
        for s, i in zip(rest, nominal_idx + local_idx, strict=True):
            placed.append((slots[s], tuple(locals_[i]), nominal_persons[i]))
        placed.sort(key=lambda t: t[0])  # by grid; order within a grid stays random

        # 5. registration dates: many at a collection visit during the campaign, some older.
        reg_slots = self._slots(O_ANCHOR)
        col_slots = self._slots(O_CAMPAIGN_END)
        for g, (kind, origin, template, members), nominal in placed:
            hh = Hh(len(self.households), g, kind, origin, template)
            self.households.append(hh)
            p_old = {"nominal": 0.85, "floating": 0.3, "local": 0.38}[kind]
            if rng.random() < p_old or not reg_slots[g]:
                mean = {"nominal": 2500, "floating": 500, "local": 1800}[kind]
                hh.reg = max(O_HISTORY, O_CAMPAIGN - 1 - int(rng.expovariate(1 / mean)))
                if col_slots[g] and rng.random() < 0.93:
                    w, d = rng.choice(col_slots[g])
                    self._special(w, d, hh, "collection")
            else:
                w, d = rng.choice(reg_slots[g])
                hh.reg = d
                self._special(w, d, hh, "collection")
            hh.skip = 0.75 if kind == "nominal" else 0.15 if kind == "floating" else 0.03
            for j, (role, gender, age) in enumerate(members):
                residency = "nominal" if kind == "nominal" or j in nominal else kind
                if residency == "local":
                    residency = "resident"
                p = self._person(rng, hh, role, gender, self._birth(rng, age), residency)
                p.reg = self._member_reg(rng, hh, p)
        self._history_before(rng)
        self._churn_after(rng)

    @staticmethod
    def _member_reg(rng: random.Random, hh: Hh, p: Person) -> int:
        """A member's registration: with the household, at birth, or on joining it later."""
        if hh.reg >= O_CAMPAIGN:
            return max(hh.reg, p.birth)
        if p.birth > hh.reg:
            return min(O_ANCHOR, p.birth + rng.randint(3, 60))
        if p.role in ("spouse", "other") and rng.random() < 0.12:
            return rng.randint(hh.reg, O_CAMPAIGN - 1)
        return hh.reg

    def _history_before(self, rng: random.Random) -> None:
        """Households closed and residents gone before the anchor day (inactive on it)."""
        weights = [self.grids[g].households for g in self.inhabited]
        n_closed = round(self.spec.households * 0.016)
        for k in range(n_closed):
            g = rng.choices(self.inhabited, weights=weights)[0]
            floating = rng.random() < 0.4
            origin = rng.choice(ORIGINS) if floating else None
            hh = Hh(len(self.households), g, "floating" if floating else "local", origin, "")
            self.households.append(hh)
            hh.reg = rng.randint(o(2012, 1, 1), o(2025, 9, 1))
            hh.closed = (
                O_ANCHOR if k == 0 else rng.randint(max(hh.reg + 120, o(2023, 1, 1)), O_ANCHOR)
            )
            if origin:
                hh.template, members = floating_family(
                    rng, origin, _draw_size(rng, _FLOATING_SIZES[origin])
                )
            else:
                hh.template, members = local_family(rng, _draw_size(rng, _LOCAL_SIZES))
            for role, gender, age in members:
                residency = "floating" if floating else "resident"
                # the family as it was when it left: ages on the closing day
                birth = min(self._birth(rng, age) - (O_ANCHOR - hh.closed), hh.closed - 30)
                p = self._person(rng, hh, role, gender, birth, residency)
                p.reg = min(max(hh.reg, p.birth), hh.closed - 1)
                p.left = hh.closed
            if hh.closed >= O_CAMPAIGN and rng.random() < 0.85:
                w = self._grid_worker_on(rng, g, hh.closed)
                if w:
                    self._special(w, hh.closed, hh, "verification")
        # Individual departures from households that are still active.
        snapshot = [h for h in self.households if h.closed is None and h.reg < O_ANCHOR - 1]
        n_left = round(sum(self.spec.population) * 0.012)
        for k in range(n_left):
            hh = rng.choice(snapshot)
            residency = (
                "nominal"
                if hh.kind == "nominal"
                else "floating"
                if hh.kind == "floating"
                else "resident"
            )
            if rng.random() < 0.4 and hh.kind != "floating":
                role, age = "parent", rng.randint(72, 96)  # an elderly parent who died
            else:
                role, age = rng.choice(("child", "other")), rng.randint(16, 40)
            p = self._person(rng, hh, role, rng.choice("MF"), self._birth(rng, age), residency)
            p.reg = max(hh.reg, min(p.birth, O_ANCHOR - 2))
            last = O_ANCHOR
            p.left = last if k == 0 else rng.randint(max(p.reg + 1, last - 900), last)

    def _churn_after(self, rng: random.Random) -> None:
        """人来有登记, 人走有注销 after the anchor: departures, closures, newcomers."""
        snapshot = [h for h in self.households if h.closed is None]
        for hh in snapshot:
            if hh.kind == "floating":
                p = {
                    "study_companion": 0.10,
                    "business": 0.20,
                    "out_of_county": 0.18,
                    "other": 0.20,
                }[hh.origin]
            else:
                p = 0.01 if hh.kind == "nominal" else 0.02
            if rng.random() < p:
                if hh.origin == "study_companion" and rng.random() < 0.7:
                    hh.closed = rng.randint(o(2026, 7, 1), o(2026, 8, 31))
                else:
                    hh.closed = rng.randint(O_ANCHOR + 1, O_END)
            for m in hh.members:
                if m.left is not None:
                    continue
                if hh.closed is not None:
                    m.left = hh.closed
                    continue
                if m.role == "head":
                    continue
                if m.residency == "floating":
                    q = 0.08
                elif m.residency == "nominal":
                    q = 0.015
                else:
                    q = 0.03 if m.age_on(O_ANCHOR) >= 60 else 0.008
                if rng.random() < q:
                    m.left = rng.randint(O_ANCHOR + 1, O_END)
            if hh.closed is not None and rng.random() < 0.8:
                w = self._grid_worker_on(rng, hh.grid, hh.closed)
                if w:
                    self._special(w, hh.closed, hh, "verification")
        # Newcomers joining existing households.
        for hh in snapshot:
            p = 0.04 if hh.kind == "floating" else 0.012 if hh.kind == "local" else 0.0
            if rng.random() >= p:
                continue
            last = (hh.closed - 1) if hh.closed else O_END
            if last <= O_ANCHOR:
                continue
            residency = "floating" if hh.kind == "floating" else "resident"
            m = self._person(
                rng, hh, "other", rng.choice("MF"), self._birth(rng, rng.randint(18, 45)), residency
            )
            m.reg = rng.randint(O_ANCHOR + 1, last)
            if hh.closed:
                m.left = hh.closed
        # New households.
        n_local = sum(1 for h in snapshot if h.kind != "floating")
        n_float = sum(1 for h in snapshot if h.kind == "floating")
        weights = [self.grids[g].households for g in self.inhabited]
        for k in range(round(n_local * 0.03) + round(n_float * 0.18)):
            floating = k >= round(n_local * 0.03)
            g = rng.choices(self.inhabited, weights=weights)[0]
            if floating:
                origin = _weighted_pick(
                    rng, dict(zip(ORIGINS, (0.24, 0.22, 0.42, 0.12), strict=True))
                )
                template, members = floating_family(
                    rng, origin, _draw_size(rng, _FLOATING_SIZES[origin])
                )
                hh = Hh(len(self.households), g, "floating", origin, template)
                if rng.random() < 0.03:
                    hh.origin = None  # origin not yet collected: counts as unknown
            else:
                template, members = local_family(rng, _draw_size(rng, _LOCAL_SIZES))
                hh = Hh(len(self.households), g, "local", None, template)
            self.households.append(hh)
            if floating and origin == "study_companion" and rng.random() < 0.6:
                reg = rng.randint(o(2026, 8, 20), o(2026, 9, 15))
            else:
                reg = rng.randint(O_ANCHOR + 1, O_END)
            if weekday(reg) >= 5 and rng.random() < 0.85:
                reg += 7 - weekday(reg)
            hh.reg = min(reg, O_END)
            if floating and rng.random() < 0.06 and hh.reg < O_END - 30:
                hh.closed = rng.randint(hh.reg + 20, O_END)
            hh.skip = 0.15 if floating else 0.03
            for role, gender, age in members:
                residency = (
                    "floating" if floating else ("nominal" if rng.random() < 0.06 else "resident")
                )
                p = self._person(rng, hh, role, gender, self._birth(rng, age), residency)
                p.reg = max(hh.reg, p.birth)
                p.left = hh.closed
            w = self._grid_worker_on(rng, g, hh.reg)
            if w:
                self._special(w, hh.reg, hh, "collection")

    # -- special groups and rentals --------------------------------------------------------------

    def _member(self, p: Person, code: str, since: int, until: int | None) -> bool:
        if p.left is not None and (until is None or until > p.left):
            until = p.left
        if since > O_END or (until is not None and until <= since):
            return False
        self.resident_groups.append((p, code, since, until))
        return True

    def _hh_member(self, hh: Hh, code: str, since: int, until: int | None) -> None:
        if hh.closed is not None and (until is None or until > hh.closed):
            until = hh.closed
        if since > O_END or (until is not None and until <= since):
            return
        self.household_groups.append((hh, code, since, until))

    def _groups(self) -> None:
        rng = self.stream("groups")
        newlywed: dict[int, int] = {}
        for hh in list(self.households):
            living = [
                m
                for m in hh.members
                if m.residency != "nominal" and (m.left is None or m.left > hh.reg)
            ]
            all_old = bool(living) and all(m.age_on(O_ANCHOR) >= 60 for m in living)
            children = [m for m in hh.members if m.role == "child"]
            if hh.template == "young_couple" and hh.kind != "nominal" and rng.random() < 0.5:
                married = rng.randint(o(2024, 3, 1), o(2026, 2, 19))
                newlywed[hh.seq] = max(hh.reg, married)
            party: list[int] = []
            for p in list(hh.members):
                joined = self._person_groups(
                    rng, p, hh, living, all_old, children, hh.seq in newlywed
                )
                if joined is not None:
                    party.append(max(joined, p.reg))
            # household-level groups
            head = hh.members[0] if hh.members else None
            if party:
                self._hh_member(hh, "party_household", max(hh.reg, min(party)), None)
            if (
                head is not None
                and len(children) == 1
                and hh.kind == "local"
                and 45 <= head.age_on(O_ANCHOR) <= 75
                and rng.random() < 0.35
            ):
                self._hh_member(hh, "honor_certificate", hh.reg, None)
            if hh.seq in newlywed:
                until = hh.newborn_on
                since = newlywed[hh.seq]
                if until is None and since < o(2025, 3, 1) and rng.random() < 0.3:
                    until = since + 365 + rng.randint(0, 60)
                self._hh_member(hh, "newlywed_childless", since, until)
            self._rental_groups(rng, hh)

    def _person_groups(
        self, rng: random.Random, p: Person, hh: Hh, living: list[Person], all_old: bool,
        children: list[Person], newlywed: bool,
    ) -> int | None:  # fmt: skip
        """Resident-level memberships of ``p``; returns the day p joined the party, if a member."""
        age = p.age_on(O_ANCHOR)
        party = None
        recorded = (
            p.reg if p.reg >= O_CAMPAIGN else rng.randint(max(p.reg, o(2018, 1, 1)), O_CAMPAIGN - 1)
        )
        if rng.random() < (0.062 if age >= 60 else 0.012):
            self._member(p, "disabled", recorded, None)
        if p.residency != "nominal" and p.age_on(O_END) >= 60:
            since = max(p.birthday(60), recorded)
            alone = len(living) == 1 and living[0] is p
            if alone and rng.random() < 0.85:
                self._member(p, "solitary_elderly", since, None)
                if rng.random() < 0.2:
                    self._member(p, "widowed_elderly", since, None)
            if all_old and p in living and rng.random() < (0.6 if alone else 0.85):
                until = rng.randint(O_ANCHOR + 1, O_END) if rng.random() < 0.05 else None
                self._member(p, "empty_nest_elderly", since, until)
        if age >= 18:
            weight = (1.3 if p.gender == "M" else 0.7) * (1.3 if age >= 50 else 1.0)
            weight *= 0.5 if p.residency == "floating" else 1.0
            if rng.random() < 0.06 * weight:
                if rng.random() < 0.03:
                    joined = o(2026, 7, 1)
                else:
                    joined = rng.randint(
                        p.birthday(18), max(p.birthday(18), min(p.birthday(45), O_CAMPAIGN - 1))
                    )
                if self._member(p, "party_member", joined, None):
                    party = joined
            if age <= 60 and rng.random() < (0.005 if p.gender == "M" else 0.001):
                until = rng.randint(O_ANCHOR + 1, O_END) if rng.random() < 0.2 else None
                self._member(p, "key_population", rng.randint(o(2019, 1, 1), O_ANCHOR), until)
            if 30 <= age <= 75 and rng.random() < 0.001:
                until = rng.randint(O_ANCHOR + 1, O_END) if rng.random() < 0.3 else None
                self._member(p, "stability_watch", rng.randint(o(2024, 1, 1), O_ANCHOR), until)
        if p.gender == "F" and p.residency != "nominal":
            if (
                23 <= age <= 45
                and p.role in ("head", "spouse", "other")
                and children
                and rng.random() < 0.08
            ):
                until = rng.randint(O_ANCHOR + 1, O_END) if rng.random() < 0.1 else None
                self._member(p, "iud_check", recorded, until)
            if 20 <= age <= 42 and rng.random() < (0.12 if newlywed else 0.027):
                self._pregnancy(rng, p, hh)
        return party

    def _pregnancy(self, rng: random.Random, p: Person, hh: Hh) -> None:
        conceived = rng.randint(o(2025, 6, 1), o(2026, 10, 31))
        known = conceived + rng.randint(35, 70)
        birth = conceived + rng.randint(266, 285)
        since = max(known, p.reg)
        until = birth if birth <= O_END else None
        self._member(p, "pregnant", since, until)
        self._member(p, "prenatal_check", max(p.reg, since - rng.randint(0, 20)), until)
        # A baby born after the anchor day joins the household (人来有登记).
        if (
            O_ANCHOR < birth <= O_END - 7
            and hh.active(birth)
            and (p.left is None or p.left > birth)
        ):
            reg = birth + rng.randint(7, 45)
            if reg <= O_END and (hh.closed is None or reg < hh.closed):
                role = "grandchild" if p.role == "other" else "child"
                baby = self._person(rng, hh, role, rng.choice("MF"), birth, p.residency)
                baby.origin = p.origin
                baby.reg = reg
                baby.left = hh.closed
                if hh.newborn_on is None:
                    hh.newborn_on = birth

    def _rental_groups(self, rng: random.Random, hh: Hh) -> None:
        kind = self.grids[hh.grid].kind
        code = None
        if hh.kind == "floating" and rng.random() < 0.85:
            p_local = {"study_companion": 0.8, "business": 0.45, "other": 0.5, "out_of_county": 0.0}
            code = (
                "renter_local"
                if rng.random() < p_local.get(hh.origin or "other", 0.5)
                else "renter_nonlocal"
            )
        elif hh.kind == "local" and kind in ("self_managed", "scattered") and rng.random() < 0.04:
            code = "renter_local"
        if code:
            self._hh_member(hh, code, hh.reg, None)
            for _ in range(2 if rng.random() < 0.03 else 1):
                landlord = names.person_name(
                    rng, "M" if rng.random() < 0.65 else "F", rng.randint(1950, 1985)
                )
                pledge = hh.reg + rng.randint(0, 45) if rng.random() < 0.88 else None
                if pledge is not None and pledge > O_END:
                    pledge = None
                last_day = min(O_END, hh.closed - 1) if hh.closed else O_END
                inspected = None
                if rng.random() < 0.85:
                    inspected = max(hh.reg, last_day - int(rng.expovariate(1 / 80)))
                    if inspected > last_day:
                        inspected = None
                self.rentals.append((hh, landlord, pledge, inspected))
        if hh.kind != "nominal" and kind == "property_managed":
            p = 0.45 if hh.reg >= o(2021, 1, 1) and hh.kind == "local" else 0.05
            if rng.random() < p:
                self._hh_member(hh, "home_buyer", hh.reg, None)

    # -- addresses ------------------------------------------------------------------------------

    def _addresses(self) -> None:
        rng = self.stream("addresses")
        by_grid: dict[int, list[Hh]] = {}
        for hh in self.households:
            by_grid.setdefault(hh.grid, []).append(hh)
        for g, hhs in by_grid.items():
            style = self.grids[g].address or ("street", (self.grids[g].name,))
            capacity = int(len(hhs) * 1.3) + 10
            fresh = list(range(capacity))
            rng.shuffle(fresh)
            freed: list[tuple[int, str]] = []
            available: list[str] = []
            for hh in sorted(hhs, key=lambda h: (h.reg, h.seq)):
                while freed and freed[0][0] <= hh.reg:
                    available.append(heapq.heappop(freed)[1])
                if available and (rng.random() < 0.5 or not fresh):
                    k = rng.randrange(len(available))
                    available[k], available[-1] = available[-1], available[k]
                    hh.address = available.pop()
                else:
                    hh.address = address_of(style, fresh.pop())
                if hh.closed is not None:
                    heapq.heappush(freed, (hh.closed, hh.address))

    # -- field work -----------------------------------------------------------------------------

    def _field_work(self) -> None:
        n_days = O_END - O_CAMPAIGN + 1
        by_grid: dict[int, list[Hh]] = {g: [] for g in range(len(self.grids))}
        active = {g: [0] * (n_days + 1) for g in range(len(self.grids))}
        for hh in self.households:
            by_grid[hh.grid].append(hh)
            a = active[hh.grid]
            start = max(hh.reg, O_CAMPAIGN) - O_CAMPAIGN
            stop = (hh.closed - O_CAMPAIGN) if hh.closed is not None else n_days
            if start < n_days and stop > start:
                a[start] += 1
                a[min(stop, n_days)] -= 1
        for a in active.values():
            run = 0
            for t in range(n_days):
                run += a[t]
                a[t] = run
        for w in self.workers:
            self._worker_days(w, by_grid, active)

    def _worker_days(
        self, w: Worker, by_grid: dict[int, list[Hh]], active: dict[int, list[int]]
    ) -> None:
        rng = self.stream(f"field:{w.idx}")
        specials = self.specials.get(w.idx, {})
        campaign = set(w.campaign_days)
        orders: dict[int, list] = {}
        plan: set[int] = set()
        plan_week = -1
        leader = w.role == "grid_leader"
        first = max(w.started, O_CAMPAIGN)
        last = min(O_END, (w.ended - 1) if w.ended else O_END)
        for d in range(first, last + 1):
            grids = w.grids_on(d)
            if not grids:
                continue
            q, wd = w.quality(d), weekday(d)
            holiday = d in HOLIDAYS
            month = iso(d)[:7]
            ev = w.evidence.setdefault(
                month, {"duty": 0, "patrol": 0, "log": 0, "visit_days": 0, "meet": 0}
            )
            if d - wd != plan_week:
                plan_week = d - wd
                plan = self._week_plan(rng, w, plan_week, q, leader)
            day_specials = specials.get(d, [])
            A = sum(active[g][d - O_CAMPAIGN] for g in grids)
            visit_day = (d in campaign) if d <= O_CAMPAIGN_END else (d in plan)
            todays: list[tuple[Hh, str]] = list(day_specials)
            if visit_day and A > 0:
                if leader:
                    rate = rng.uniform(0.006, 0.008 + 0.008 * q)
                else:
                    rate = rng.uniform(0.026 + 0.016 * q, 0.044 + 0.012 * q)
                if self.visit_density != 1.0:  # scale builds only; 1.0 leaves the demo as it is
                    rate *= self.visit_density
                need = math.ceil(rate * A) - len(todays)
                if need > 0:
                    todays += self._routine(rng, w, d, grids, need, todays, by_grid, active, orders)
            if todays:
                w.visit_days.add(d)
                ev["visit_days"] += 1
                if A > 0 and len({id(h) for h, _ in todays}) / A >= 0.04:
                    ev["meet"] += 1
                rng.shuffle(todays)
                times = sorted(self._visit_second(rng) for _ in todays)
                for (hh, purpose), sec in zip(todays, times, strict=True):
                    self.visits.append((ts(d, sec), w, hh, purpose))
            # patrol: at least once a day on duty days, for the diligent
            duty = wd < 5
            if duty:
                ev["duty"] += 1
            if duty and not holiday:
                p_patrol = 0.45 + 0.5 * q
            else:
                p_patrol = 0.12 * q + (0.4 if todays else 0.0)
            patrolled = rng.random() < p_patrol
            if patrolled:
                g = (
                    w.primary
                    if (w.primary in grids and rng.random() < 0.75 and not leader)
                    else rng.choice(grids)
                )
                self.patrols.append((d, w, g))
                if duty:
                    ev["patrol"] += 1
            # work log: 日清 — written the same evening, by most
            if duty and not holiday:
                p_log = 0.75 + 0.23 * q
            elif duty:
                p_log = 0.4
            else:
                p_log = 0.6 if (todays or patrolled) else 0.0
            if rng.random() < p_log:
                if rng.random() < 0.5 + 0.47 * q:
                    day, sec = d, rng.randint(17 * 3600, 23 * 3600 + 1800)
                elif rng.random() < 0.8:
                    day, sec = d + 1, rng.randint(7 * 3600 + 1800, 12 * 3600)
                else:
                    day, sec = d + rng.randint(2, 3), rng.randint(9 * 3600, 18 * 3600)
                if day <= O_END:
                    self.logs.append((d, w, ts(day, sec)))
                    if duty and day == d:
                        ev["log"] += 1

    def _week_plan(
        self, rng: random.Random, w: Worker, monday: int, q: float, leader: bool
    ) -> set[int]:
        days = [
            monday + k for k in range(5) if monday + k not in HOLIDAYS and w.grids_on(monday + k)
        ]
        mu = (0.6 + 0.9 * q) if leader else (1.6 + 2.4 * q)
        k = min(len(days), int(mu + rng.random()))
        if not leader and rng.random() < 0.25 * (1 - q):  # a week lost to other duties
            k = max(0, k - 2)
        plan = set(rng.sample(days, k)) if k > 0 else set()
        if not leader and rng.random() < 0.06 * q:
            plan.add(monday + 5)
        if not leader and rng.random() < 0.02 * q:
            plan.add(monday + 6)
        return plan

    def _routine(
        self, rng: random.Random, w: Worker, d: int, grids: list[int], need: int,
        todays: list[tuple[Hh, str]], by_grid: dict[int, list[Hh]], active: dict[int, list[int]],
        orders: dict[int, list],
    ) -> list[tuple[Hh, str]]:  # fmt: skip
        """Routine visits: each worker walks his grids' households in his own round-robin order."""
        t = d - O_CAMPAIGN
        live = [(g, active[g][t]) for g in grids if active[g][t] > 0]
        if w.role == "grid_leader" and len(live) > 1:  # a leader visits one of his grids a day
            live = [rng.choices(live, weights=[a for _, a in live])[0]]
        total = sum(a for _, a in live)
        seen = {id(h) for h, _ in todays}
        out: list[tuple[Hh, str]] = []
        campaign = d <= O_CAMPAIGN_END
        shares = [need * a / total for _, a in live]
        counts = [int(s) for s in shares]
        for i in sorted(range(len(live)), key=lambda i: counts[i] - shares[i])[
            : need - sum(counts)
        ]:
            counts[i] += 1
        for (g, _), n in zip(live, counts, strict=True):
            state = orders.get(g)
            if state is None:
                order = list(by_grid[g])
                rng.shuffle(order)
                state = orders[g] = [order, rng.randrange(len(order))]
            order, pos = state
            picked, scanned = 0, 0
            while picked < n and scanned < 2 * len(order):
                hh = order[pos]
                pos = (pos + 1) % len(order)
                scanned += 1
                if id(hh) in seen or not hh.active(d) or rng.random() < hh.skip:
                    continue
                if rng.random() < 0.004:  # now and then a household of another grid
                    other = self._other_grid_household(rng, g, d, by_grid, seen)
                    if other is not None:
                        hh = other
                seen.add(id(hh))
                out.append((hh, self._purpose(rng, campaign)))
                picked += 1
            state[1] = pos
        return out

    def _other_grid_household(
        self, rng: random.Random, g: int, d: int, by_grid: dict[int, list[Hh]], seen: set[int]
    ) -> Hh | None:
        others = [x for x in self.inhabited if x != g and by_grid[x]]
        if not others:
            return None
        hh = rng.choice(by_grid[rng.choice(others)])
        return hh if hh.active(d) and id(hh) not in seen else None

    @staticmethod
    def _purpose(rng: random.Random, campaign: bool) -> str:
        x = rng.random()
        if campaign:
            return (
                "collection"
                if x < 0.55
                else "follow_up"
                if x < 0.75
                else "service"
                if x < 0.85
                else "verification"
            )
        return (
            "collection"
            if x < 0.06
            else "follow_up"
            if x < 0.52
            else "service"
            if x < 0.78
            else "verification"
        )

    @staticmethod
    def _visit_second(rng: random.Random) -> int:
        x = rng.random()
        if x < 0.5:
            return rng.randint(8 * 3600, 11 * 3600 + 2700)
        if x < 0.95:
            return rng.randint(14 * 3600, 18 * 3600 + 1800)
        return rng.randint(11 * 3600 + 2700, 18 * 3600 + 3599)

    # -- incidents ------------------------------------------------------------------------------

    _CATEGORY_HOME = {
        "neighbor_dispute": 0.22, "public_security": 0.10, "fire_safety": 0.10, "sanitation": 0.18,
        "facilities": 0.16, "assistance": 0.14, "rental": 0.06, "other": 0.04,
    }  # fmt: skip
    _CATEGORY_STREET = {
        "neighbor_dispute": 0.05, "public_security": 0.18, "fire_safety": 0.20, "sanitation": 0.25,
        "facilities": 0.20, "assistance": 0.02, "rental": 0.0, "other": 0.10,
    }  # fmt: skip
    _MEDIAN_HOURS = {
        "neighbor_dispute": 36, "public_security": 30, "fire_safety": 20, "sanitation": 18,
        "facilities": 44, "assistance": 20, "rental": 40, "other": 30,
    }  # fmt: skip

    def _incidents(self) -> None:
        rng = self.stream("incidents")
        months = [(2026, m) for m in range(2, 12)]
        end_ts = O_END + 1  # resolved before 2026-11-28 00:00 or still open
        for g, gs in enumerate(self.grids):
            lam_month = (1.5 + gs.households / 300) if gs.inhabited else 1.5
            weights = dict(self._CATEGORY_HOME if gs.inhabited else self._CATEGORY_STREET)
            if gs.kind in ("scattered", "self_managed") and gs.inhabited:
                weights["rental"] = 0.10
            for y, m in months:
                lo = max(o(y, m, 1), O_CAMPAIGN)
                hi = min(o(y, m + 1, 1) - 1 if m < 12 else o(y, 12, 31), O_END)
                if hi < lo:
                    continue
                for _ in range(_poisson(rng, lam_month * (hi - lo + 1) / 30)):
                    self._incident(rng, g, rng.randint(lo, hi), weights, end_ts)
            # A couple of cases left open well past 72 hours near the end.
            if rng.random() < 0.25:
                self._incident(
                    rng, g, rng.randint(O_END - 17, O_END - 5), weights, end_ts, force_open=True
                )

    def _incident(
        self, rng: random.Random, g: int, d: int, weights: dict[str, float], end_ts: int,
        force_open: bool = False,
    ) -> None:  # fmt: skip
        category = _weighted_pick(rng, weights)
        reported = d * 86400 + rng.randint(7 * 3600, 21 * 3600)
        staff = [w for w in self.workers if g in w.grids_on(d)]
        reporter = None
        if staff and rng.random() < 0.82:
            ws = [(3.0 if w.role == "grid_worker" else 1.0) * (0.5 + w.quality(d)) for w in staff]
            reporter = rng.choices(staff, weights=ws)[0]
        q = reporter.quality(d) if reporter else 0.7
        accepted: int | None = reported + (
            rng.randint(300, 4 * 3600) if rng.random() < 0.9 else rng.randint(4 * 3600, 26 * 3600)
        )
        escalated = rng.random() < (
            0.08 if category in ("public_security", "neighbor_dispute") else 0.04
        )
        hours = rng.lognormvariate(math.log(self._MEDIAN_HOURS[category]), 0.7) * (1.6 - 0.6 * q)
        if escalated:
            hours = hours * 3 + 48
        resolved: int | None = accepted + int(hours * 3600)
        if force_open or rng.random() < 0.015:
            resolved = None
        if accepted >= end_ts * 86400 or (d >= O_END - 2 and rng.random() < 0.4):
            accepted, resolved = None, None
        if resolved is not None and resolved >= end_ts * 86400:
            resolved = None
        self.incidents.append((reported, g, reporter, category, accepted, resolved, escalated))

    # -- rows -----------------------------------------------------------------------------------

    def _rows(self) -> dict[str, list[tuple]]:
        spec, ids = self.spec, self.ids
        rng = self.stream("rows")
        out: dict[str, list[tuple]] = {t: [] for t in COMMUNITY_TABLES}
        cid = ids.block("community", 1)
        out["community"].append((cid, spec.code, spec.name, TOWNSHIP, spec.area_km2))
        a0 = ids.block("area", len(spec.areas))
        out["area"] = [(a0 + i, cid, n, lead) for i, (n, lead) in enumerate(spec.areas)]
        g0 = ids.block("grid", len(self.grids))
        shapes = grid_boundaries(spec.index, len(self.grids), self.stream("layout"))
        for i, gs in enumerate(self.grids):
            out["grid"].append(
                (
                    g0 + i, cid, a0 + gs.area, f"{spec.code}-{i + 1:02d}", gs.name, gs.kind,
                    1 if gs.inhabited else 0, shapes[i] if gs.has_boundary else None,
                )
            )  # fmt: skip
        w0 = ids.block("worker", len(self.workers))
        for k, w in enumerate(self.workers):
            w.id = w0 + k
            out["worker"].append(
                (
                    w.id,
                    cid,
                    w.name,
                    w.role,
                    w.phone,
                    iso(w.started),
                    iso(w.ended) if w.ended else None,
                )
            )
        out["grid_assignment"] = sorted(
            (w.id, g0 + g, iso(s), iso(u) if u else None)
            for w in self.workers
            for g, s, u in w.assign
        )
        hhs = sorted(self.households, key=lambda h: (h.reg, h.grid, h.seq))
        h0 = ids.block("household", len(hhs))
        for k, hh in enumerate(hhs):
            hh.id = h0 + k
            out["household"].append(
                (
                    hh.id,
                    g0 + hh.grid,
                    hh.address,
                    iso(hh.reg),
                    iso(hh.closed) if hh.closed else None,
                )
            )
        persons = sorted(self.persons, key=lambda p: (p.reg, p.hh.id, p.order))
        p0 = ids.block("resident", len(persons))
        for k, p in enumerate(persons):
            p.id = p0 + k
            out["resident"].append(
                (
                    p.id, p.hh.id, p.name, p.gender, iso(p.birth), p.idno, p.phone, p.residency,
                    p.origin if p.residency == "floating" else None, iso(p.reg),
                    iso(p.left) if p.left else None,
                )
            )  # fmt: skip
        out["resident_group"] = sorted(
            (p.id, code, iso(s), iso(u) if u else None) for p, code, s, u in self.resident_groups
        )
        out["household_group"] = sorted(
            (h.id, code, iso(s), iso(u) if u else None) for h, code, s, u in self.household_groups
        )
        rentals = sorted(self.rentals, key=lambda r: r[0].id)
        r0 = ids.block("rental", len(rentals))
        out["rental"] = [
            (r0 + k, hh.id, landlord, iso(p) if p else None, iso(i) if i else None)
            for k, (hh, landlord, p, i) in enumerate(rentals)
        ]
        visits = sorted(self.visits, key=lambda v: (v[0], v[1].id, v[2].id))
        v0 = ids.block("visit", len(visits))
        out["visit"] = [
            (v0 + k, w.id, hh.id, t, purpose) for k, (t, w, hh, purpose) in enumerate(visits)
        ]
        patrols = sorted(self.patrols, key=lambda p: (p[0], p[1].id))
        pa0 = ids.block("patrol", len(patrols))
        out["patrol"] = [(pa0 + k, w.id, g0 + g, iso(d)) for k, (d, w, g) in enumerate(patrols)]
        logs = sorted(self.logs, key=lambda x: (x[0], x[1].id))
        l0 = ids.block("work_log", len(logs))
        out["work_log"] = [(l0 + k, w.id, iso(d), sub) for k, (d, w, sub) in enumerate(logs)]
        incidents = sorted(self.incidents, key=lambda x: (x[0], x[1]))
        i0 = ids.block("incident", len(incidents))
        for k, (rep, g, reporter, cat, acc, res, esc) in enumerate(incidents):
            out["incident"].append(
                (
                    i0 + k, g0 + g, reporter.id if reporter else None, cat, _ts_sec(rep),
                    _ts_sec(acc) if acc is not None else None,
                    _ts_sec(res) if res is not None else None, 1 if esc else 0,
                )
            )  # fmt: skip
        out["assessment"] = self._assessments(rng, incidents)
        return out

    # -- assessments ----------------------------------------------------------------------------

    _CRITERIA = (("collection", 25.0), ("visits", 25.0), ("patrol", 15.0), ("work_log", 10.0),
                 ("incidents", 15.0), ("satisfaction", 10.0))  # fmt: skip

    def _assessments(self, rng: random.Random, incidents: list[tuple]) -> list[tuple]:
        reported: dict[tuple[int, str], list[int]] = {}
        for rep, _, reporter, _, _, res, _ in incidents:
            if reporter is None:
                continue
            key = (reporter.idx, iso(rep // 86400)[:7])
            ok = res is not None and res - rep <= 72 * 3600
            reported.setdefault(key, []).append(1 if ok else 0)
        periods = [f"2026-{m:02d}" for m in range(3, 11)]
        eligible = []
        for w in self.workers:
            for period in periods:
                y, m = int(period[:4]), int(period[5:])
                first, last = o(y, m, 1), o(y, m + 1, 1) - 1
                if w.started > first + 19 or (w.ended is not None and w.ended <= first + 10):
                    continue
                if w.started > last:
                    continue
                eligible.append((w, period, first, last))
        skipped = set(rng.sample(range(len(eligible)), min(2, len(eligible))))
        committee = f"{self.spec.name}网格化工作领导组"
        rows = []
        for k, (w, period, first, last) in enumerate(eligible):
            if k in skipped:
                continue
            ev = w.evidence.get(
                period, {"duty": 0, "patrol": 0, "log": 0, "visit_days": 0, "meet": 0}
            )
            duty = max(ev["duty"], 1)
            weeks = [d for d in range(first, last + 1) if weekday(d) == 0 and d + 6 <= O_END]
            weeks_ok = sum(
                1 for mon in weeks if sum(1 for x in range(mon, mon + 7) if x in w.visit_days) >= 3
            )
            q_profile = sum(w.quality(d) for d in range(first, last + 1, 7)) / len(
                range(first, last + 1, 7)
            )
            if w.role == "grid_leader":
                q_collection = q_visits = q_profile
            else:
                q_collection = 0.5 * ev["meet"] / max(ev["visit_days"], 1) + 0.5 * min(
                    1.0, ev["visit_days"] / max(3 * len(weeks), 1)
                )
                q_visits = weeks_ok / len(weeks) if weeks else q_collection
            res = reported.get((w.idx, period))
            quality = {
                "collection": q_collection,
                "visits": q_visits,
                "patrol": ev["patrol"] / duty,
                "work_log": ev["log"] / duty,
                "incidents": sum(res) / len(res) if res else 0.8,
            }
            quality["satisfaction"] = 0.3 + 0.7 * sum(quality.values()) / 5
            assessed_on = o(2026, int(period[5:]) + 1, 1) + rng.randint(2, 7)
            while weekday(assessed_on) >= 5:
                assessed_on += 1
            for code, max_score in self._CRITERIA:
                qv = w.mismatch if w.mismatch else quality[code]
                x = 0.5 + 0.5 * qv + rng.gauss(0, 0.05)
                score = round(max(0.3, min(1.0, x)) * max_score * 2) / 2
                rows.append((w.id, period, code, score, committee, iso(assessed_on)))
        return rows


def _ts_sec(total: int) -> str:
    d, sec = divmod(total, 86400)
    return ts(d, sec)


def generate_community(
    spec: CommunitySpec, seed: int, ids: IdAllocator, visit_density: float = 1.0
) -> dict[str, list[tuple]]:
    """Every row of one community, per table in ``COMMUNITY_TABLES`` order.

    ``visit_density`` multiplies the share of households visited on each visit day (routine
    visits only; 1.0 is the seed's rhythm and leaves every row as it is).
    """
    return CommunityGenerator(spec, seed, ids, visit_density).build()
