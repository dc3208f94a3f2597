"""What each demo community looks like: areas, grids, staff, population targets.

Community 0 is 爱和社区 (AH) exactly as the seed work report describes it on
2026-03-10; 解放路社区 (JFL) follows the grid worker's weekly report; the others
are drawn from name pools with their own random stream.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

TOWNSHIP = "上派镇"

#: Before the campaign: older registrations reach back to here.
HISTORY_START = date(2010, 1, 1)
#: The information-collection campaign (信息采集) starts; field work is recorded from here.
CAMPAIGN_START = date(2026, 2, 20)
#: The day of the seed's figures; population targets hold exactly on it.
ANCHOR = date(2026, 3, 10)
#: Collection visits dominate until the end of March.
CAMPAIGN_END = date(2026, 3, 31)
#: The last day with data (the latest visit date).
END = date(2026, 11, 27)

#: Public holidays of 2026 that fall on weekdays (清明, 劳动节, 端午, 中秋, 国庆).
HOLIDAYS = frozenset(
    date(2026, m, d).toordinal()
    for m, d in (
        (4, 6), (5, 1), (5, 4), (5, 5), (6, 19), (9, 25),
        (10, 1), (10, 2), (10, 5), (10, 6), (10, 7),
    )
)  # fmt: skip

# Address styles of a grid: ("estate", name, buildings' floors, units, flats per floor),
# ("street", street names), ("block", street, house numbers, floors), ("village", name).
Address = tuple


@dataclass(frozen=True)
class GridSpec:
    name: str
    kind: str
    inhabited: bool
    area: int  # index into CommunitySpec.areas
    households: int  # households active on ANCHOR (0 when not inhabited)
    address: Address = ()
    has_boundary: bool = True


@dataclass(frozen=True)
class CommunitySpec:
    index: int
    code: str
    name: str
    area_km2: float
    areas: tuple[tuple[str, str], ...]  # (name, lead_name)
    grids: tuple[GridSpec, ...]
    leaders: int
    workers: int
    #: residents active on ANCHOR: (resident, floating, nominal)
    population: tuple[int, int, int]
    #: active floating residents on ANCHOR by origin, in FLOATING_ORIGINS order
    origins: tuple[int, int, int, int]
    #: (index of an initial grid worker, ended_on, started_on of the replacement)
    replacements: tuple[tuple[int, date, date], ...] = ()
    #: (leader index giving, leader index taking, grid index, day)
    handovers: tuple[tuple[int, int, int, date], ...] = ()
    #: extra grid workers who start after the campaign: started_on days
    late_starters: tuple[date, ...] = ()

    @property
    def households(self) -> int:
        return sum(g.households for g in self.grids)


def _ah() -> CommunitySpec:
    areas = (
        ("建新片", "吴邦尤"),
        ("站前片", "张伏宏"),
        ("爱和片", "吴昌明"),
        ("消防李湾片", "张诗桂"),
        ("人民片", "刘琼"),
    )
    g = GridSpec
    grids = (
        g("建新小区", "property_managed", True, 0, 720, ("estate", "建新小区", 6, 2, 2)),
        g("建新苑", "self_managed", True, 0, 430, ("estate", "建新苑", 5, 2, 2)),
        g("建新商业街", "scattered", False, 0, 0),
        g("站前小区", "self_managed", True, 1, 520, ("estate", "站前小区", 6, 3, 2)),
        g("汽车站片区", "scattered", True, 1, 410, ("street", ("站前路", "车站巷", "新民街"))),
        g("站前物流园", "work_unit", False, 1, 0),
        g("爱和花园", "property_managed", True, 2, 780, ("estate", "爱和花园", 11, 2, 2)),
        g("爱和新村", "self_managed", True, 2, 560, ("estate", "爱和新村", 5, 3, 2)),
        g("粮站宿舍", "work_unit", True, 2, 160, ("estate", "粮站宿舍", 5, 2, 2)),
        g("消防队宿舍", "work_unit", True, 3, 130, ("estate", "消防队宿舍", 6, 2, 2)),
        g("李湾居民组", "villager_group", True, 3, 380, ("village", "李湾")),
        g("李湾工业区", "work_unit", False, 3, 0),
        g("人民路", "scattered", True, 4, 596, ("street", ("人民路", "人民巷", "文化街", "老街"))),
        g("人民路商业街", "scattered", False, 4, 0),
    )
    return CommunitySpec(
        index=0,
        code="AH",
        name="爱和社区",
        area_km2=1.8,
        areas=areas,
        grids=grids,
        leaders=6,
        workers=14,
        population=(9074, 3000, 4000),
        origins=(703, 684, 1254, 359),
        replacements=(
            (8, date(2026, 3, 2), date(2026, 3, 2)),
            (3, date(2026, 7, 1), date(2026, 7, 13)),
        ),
        handovers=((4, 3, 11, date(2026, 9, 1)),),
    )


# The named communities after AH: (code, name, area in km²).
_NAMED = (
    ("JFL", "解放路社区", 0.3),
    ("SH", "三河社区", 2.4),
    ("FL", "丰乐社区", 3.1),
    ("TH", "桃花社区", 2.2),
)
# Further communities: stems with their pinyin initials.
_STEMS = (
    ("紫蓬", "ZP"), ("花岗", "HG"), ("官亭", "GT"), ("山南", "SN"), ("严店", "YD"),
    ("高店", "GD"), ("铭传", "MC"), ("柿树", "SS"), ("金桥", "JQ"), ("长安", "CA"),
    ("新港", "XG"), ("桃园", "TY"), ("聚星", "JX"), ("派河", "PH"), ("芙蓉", "FR"),
    ("启明", "QM"), ("清平", "QP"), ("双河", "SHH"), ("蓬莱", "PL"), ("光明", "GM"),
    ("文昌", "WC"), ("春晖", "CHH"), ("祥和", "XH"), ("金寨", "JZ"), ("莲花", "LH"),
    ("香樟", "XZ"), ("翡翠", "FC"), ("玉兰", "YL"), ("青龙", "QL"), ("白鹭", "BL"),
)  # fmt: skip
_QUARTERS = (("东", "D"), ("西", "X"), ("南", "N"), ("北", "B"), ("新", "XN"), ("中", "Z"))


def community_identity(index: int) -> tuple[str, str, float | None]:
    """Code, name and (for the named ones) area of community ``index`` (1-based after AH)."""
    if index == 0:
        return "AH", "爱和社区", 1.8
    if index <= len(_NAMED):
        return _NAMED[index - 1]
    k = index - len(_NAMED) - 1
    stem, code = _STEMS[k % len(_STEMS)]
    rounds = k // len(_STEMS)
    if rounds == 0:
        return code, f"{stem}社区", None
    q_name, q_code = _QUARTERS[(rounds - 1) % len(_QUARTERS)]
    extra = (rounds - 1) // len(_QUARTERS)
    suffix = str(extra + 1) if extra else ""
    return f"{code}{q_code}{suffix}", f"{stem}{q_name}{suffix}社区", None


_ESTATE_WORDS = (
    "幸福", "阳光", "和平", "金色", "翠竹", "锦绣", "紫薇", "丰泽", "东苑", "南湖", "滨河",
    "桂花", "银杏", "名都", "春晖", "康乐", "书香", "华府", "龙湖", "青年", "富康", "御景",
    "盛世", "嘉园", "学府", "安居", "祥瑞", "恒通", "天润", "明珠",
)  # fmt: skip
_PM_SUFFIX = ("花园", "家园", "华庭", "名苑", "公馆", "新城")
_SM_SUFFIX = ("小区", "新村", "苑", "里")
_UNITS = (
    "粮站", "供销社", "卫生院", "中学", "电力", "水利站", "农机站", "税务所", "邮政",
    "信用社", "食品站", "棉麻公司",
)  # fmt: skip
_STREETS = (
    "建设路", "文化路", "中心街", "新华路", "健康路", "北街", "南街", "河滨路", "迎宾路", "工业路",
    "学府路", "繁华路", "柏堰路", "派河路", "紫云路", "向阳路",
)  # fmt: skip
_VILLAGES = (
    "王郢", "张岗", "刘圩", "高塘", "陈湾", "大庄", "小李郢", "周店", "孙圩", "汪冲", "方岗",
    "吴大郢", "何院", "唐岗", "朱圩", "杨湾",
)  # fmt: skip
_UNINHABITED = ("商业街", "工业园", "农贸市场", "物流园", "文化广场")

_KIND_SIZES = {
    "property_managed": (450, 900),
    "self_managed": (250, 520),
    "work_unit": (80, 220),
    "scattered": (220, 500),
    "villager_group": (150, 380),
}


def _jfl_grids(rng: random.Random) -> tuple[tuple[str, str], tuple[tuple]]:
    # 解放路社区: 0.3 km² around the 解放路 pedestrian street (the grid worker's weekly report).
    areas = ("步行街片", "云集片", "环城片")
    grids = (
        ("解放路步行街", "scattered", False, 0, ()),
        ("长安阁", "property_managed", True, 0, ("estate", "长安阁", 18, 2, 4)),
        ("中天阁", "property_managed", True, 0, ("estate", "中天阁", 16, 2, 4)),
        ("养心阁", "property_managed", True, 1, ("estate", "养心阁", 15, 2, 4)),
        ("云集路杂居楼", "scattered", True, 1, ("block", "云集路", (32, 34, 36, 38, 40), 6)),
        ("陶珠路", "scattered", True, 1, ("street", ("陶珠路", "陶珠巷"))),
        ("环城南路", "scattered", True, 2, ("street", ("环城南路", "南门巷"))),
        ("中保公司宿舍", "work_unit", True, 2, ("estate", "中保公司宿舍", 6, 2, 2)),
        ("解放路老街", "self_managed", True, 0, ("estate", "解放路老街", 5, 2, 2)),
        ("楚江大酒店", "work_unit", False, 2, ()),
    )
    return areas, grids


def _generated_grids(rng: random.Random) -> tuple[tuple[str, ...], tuple[tuple]]:
    n_areas = rng.randint(3, 5)
    n_grids = rng.randint(max(10, 2 * n_areas + 2), 16)
    streets = rng.sample(_STREETS, 6)
    area_names = tuple(f"{s[:-1] if s.endswith(('路', '街')) else s}片" for s in streets[:n_areas])
    words = rng.sample(_ESTATE_WORDS, 12)
    units = rng.sample(_UNITS, 4)
    villages = rng.sample(_VILLAGES, 4)
    n_uninhabited = rng.randint(2, max(2, n_grids // 4))
    kinds: list[str] = []
    for _ in range(n_grids - n_uninhabited):
        kinds.append(
            rng.choices(
                ("property_managed", "self_managed", "work_unit", "scattered", "villager_group"),
                weights=(3, 3, 1.5, 2, 1.5),
            )[0]
        )
    grids: list[tuple] = []
    used: set[str] = set()
    for i, kind in enumerate(kinds):
        area = i * n_areas // len(kinds)
        if kind == "property_managed":
            name = words.pop() + rng.choice(_PM_SUFFIX)
            address: tuple = ("estate", name, rng.choice((11, 15, 18)), 2, rng.choice((2, 4)))
        elif kind == "self_managed":
            name = words.pop() + rng.choice(_SM_SUFFIX)
            address = ("estate", name, rng.choice((5, 6)), rng.choice((2, 3)), 2)
        elif kind == "work_unit":
            name = (units.pop() if units else words.pop()) + "宿舍"
            address = ("estate", name, rng.choice((5, 6)), 2, 2)
        elif kind == "scattered":
            street = streets[i % len(streets)]
            name = street + ("片区" if street in used else "")
            address = ("street", (street, street[:-1] + "巷"))
        else:
            village = villages.pop() if villages else words.pop()
            name = village + "居民组"
            address = ("village", village)
        used.add(name)
        grids.append((name, kind, True, area, address))
    for j in range(n_uninhabited):
        area = rng.randrange(n_areas)
        base = streets[(j + 2) % len(streets)]
        name = base[:-1] + _UNINHABITED[j % len(_UNINHABITED)]
        kind = "work_unit" if "工业" in name or "物流" in name else "scattered"
        pos = rng.randrange(len(grids) + 1)
        grids.insert(pos, (name, kind, False, area, ()))
    # Areas must stay in grid order, so renumber them by first appearance.
    order: dict[int, int] = {}
    for g in grids:
        order.setdefault(g[3], len(order))
    named = tuple(area_names[a] for a in sorted(order, key=order.get))
    return named, tuple((n, k, i, order[a], ad) for n, k, i, a, ad in grids)


def community_spec(index: int, seed: int) -> CommunitySpec:
    """The spec of community ``index``; AH is fixed, the others depend on ``seed``."""
    if index == 0:
        return _ah()
    from demo.names import person_name  # local: names has no dependency on spec

    rng = random.Random(f"{seed}:spec:{index}")
    code, name, area_km2 = community_identity(index)
    if index == 1:
        area_names, raw = _jfl_grids(rng)
    else:
        area_names, raw = _generated_grids(rng)
    leads = []
    for _ in area_names:
        lead = person_name(rng, rng.choice("MMF"), rng.randint(1965, 1990))
        while lead in leads:
            lead = person_name(rng, "M", 1975)
        leads.append(lead)
    total = rng.randint(3000, 6000)
    weights = [rng.uniform(*_KIND_SIZES[k]) if inh else 0.0 for _, k, inh, _, _ in raw]
    sizes = _apportion(total, weights)
    null_boundary = set()
    if index == 1:
        null_boundary.add(len(raw) - 1)
    elif index == 2:
        null_boundary.add(rng.randrange(len(raw)))
    grids = tuple(
        GridSpec(n, k, inh, a, sizes[i], ad, has_boundary=i not in null_boundary)
        for i, (n, k, inh, a, ad) in enumerate(raw)
    )
    inhabited = sum(1 for g in grids if g.inhabited)
    n_leaders = -(-len(grids) * 2 // 5)  # ceil(grids / 2.5): two or three grids each
    n_workers = inhabited + rng.randint(1, 4)
    persons = round(total * rng.uniform(3.25, 3.6))
    floating = round(persons * rng.uniform(0.10, 0.24))
    nominal = round(persons * rng.uniform(0.12, 0.24))
    origin_weights = [rng.uniform(0.15, 0.3), rng.uniform(0.15, 0.3), rng.uniform(0.3, 0.45)]
    origin_weights.append(rng.uniform(0.08, 0.15))
    origins = tuple(_apportion(floating, origin_weights))
    reps = []
    for slot in rng.sample(range(n_workers), rng.randint(1, 2)):
        end = date.fromordinal(
            rng.randint(date(2026, 4, 1).toordinal(), date(2026, 10, 15).toordinal())
        )
        start = date.fromordinal(end.toordinal() + rng.choice((0, 0, 7, 14, 21)))
        reps.append((slot, end, start))
    late = (
        date.fromordinal(rng.randint(date(2026, 4, 1).toordinal(), date(2026, 5, 15).toordinal())),
    )
    return CommunitySpec(
        index=index,
        code=code,
        name=name,
        area_km2=area_km2 if area_km2 is not None else round(rng.uniform(1.2, 4.5), 1),
        areas=tuple(zip(area_names, leads, strict=True)),
        grids=grids,
        leaders=n_leaders,
        workers=n_workers,
        population=(persons - floating - nominal, floating, nominal),
        origins=origins,  # type: ignore[arg-type]
        replacements=tuple(sorted(reps, key=lambda r: r[1])),
        late_starters=late,
    )


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, exact sum)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    for i in sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))[:rest]:
        out[i] += 1
    return out
