"""Personal data for the demo: Chinese names, phone numbers, GB 11643 identity numbers.

Everything takes an explicit ``random.Random`` so the generator stays deterministic.
"""

from __future__ import annotations

import random
from datetime import date

# Common surnames, most frequent first; weights fall off like the real distribution.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严武戴孔汤葛童储桂"
)
_SURNAME_WEIGHTS = tuple(1.0 / (i + 8) for i in range(len(SURNAMES)))
_SURNAME_CUM = tuple(sum(_SURNAME_WEIGHTS[: i + 1]) for i in range(len(_SURNAME_WEIGHTS)))

# Given-name characters by sex and by generation (born before / from 1980).
_MALE_OLD = "国建军德明华平志文成福贵生荣根友春林山海东庆胜祥宝忠义发兴永昌学正家世长"
_MALE_YOUNG = "伟强磊杰涛超刚辉鹏飞鑫波斌宇浩凯健俊帆帅旭宁龙阳峰亮晨昊轩博睿泽然子梓航铭锐轶"
_FEMALE_OLD = "秀英兰桂凤珍芳玉梅华翠云琴花霞素美淑惠金荣红莲菊琼凤爱巧萍"
_FEMALE_YOUNG = "娜敏静丽艳娟玲燕婷雪慧洁颖倩琳晶欣怡佳梦雨涵萱悦诗思瑶妍可馨彤琪璐蕾"


def person_name(rng: random.Random, gender: str, birth_year: int) -> str:
    """A surname plus a one- or two-character given name fitting sex and generation."""
    surname = SURNAMES[_bisect(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]
    if gender == "M":
        pool = _MALE_OLD if birth_year < 1980 else _MALE_YOUNG
        other = _MALE_YOUNG if birth_year < 1980 else _MALE_OLD
    else:
        pool = _FEMALE_OLD if birth_year < 1980 else _FEMALE_YOUNG
        other = _FEMALE_YOUNG if birth_year < 1980 else _FEMALE_OLD
    first = rng.choice(pool)
    two_chars = 0.55 if birth_year >= 2005 else 0.75
    if rng.random() < two_chars:
        second = rng.choice(pool if rng.random() < 0.8 else other)
        return surname + first + second
    return surname + first


def _bisect(cum: tuple[float, ...], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


_PHONE_PREFIXES = tuple(
    f"1{x}"
    for x in (
        *range(30, 40),
        50,
        51,
        52,
        53,
        55,
        56,
        57,
        58,
        59,
        76,
        77,
        78,
        *range(80, 90),
        98,
        99,
    )
)


def phone_number(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number(region: str, birth: date, sequence: int) -> str:
    """18-character identity number; ``sequence`` is 0..999, odd for men, even for women."""
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:03d}"
    return first17 + id_check_digit(first17)


# Region codes (行政区划代码): the county itself and the places floating residents come from.
HOME_REGION = "340123"  # 肥西县
NEARBY_REGIONS = ("340121", "340122", "340124", "340181", "341521", "341522", "341523")
FAR_REGIONS = (
    "341202", "341621", "342401", "340881", "341122", "320321", "410523", "421122",
    "360121", "330724", "510322", "130722",
)  # fmt: skip
