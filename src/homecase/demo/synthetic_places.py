"""Where the synthetic landlord's homes are: estates across English cities (and Cardiff), each
with blocks of flats (some higher-risk) and streets of houses, with valid, distinct postcodes.

Pure Python over a seeded random: plans only, which `synthetic.py` turns into rows.
"""

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from homecase.housing import rules

# 12-digit UPRNs: the synthetic range, apart from the demo's (100090...).
SYNTHETIC_UPRN_BASE = 200_000_000_000

_LONDON = (
    ("english", 3),
    ("bangladeshi", 2),
    ("somali", 1),
    ("polish", 1),
    ("west_african", 2),
    ("caribbean", 2),
    ("turkish", 1),
)
_CITIES = (("english", 8), ("polish", 1), ("west_african", 1), ("caribbean", 1), ("somali", 1))


@dataclass(frozen=True)
class Region:
    town: str
    local_authority: str
    outward_codes: tuple[str, ...]
    community_mix: tuple[tuple[str, int], ...]
    house_share: float  # of an estate's homes, the share that are houses rather than flats


REGIONS: tuple[Region, ...] = (
    Region("London", "Tower Hamlets", ("E1", "E2", "E3", "E14"), _LONDON, 0.05),
    Region("London", "Newham", ("E6", "E7", "E13", "E15", "E16"), _LONDON, 0.15),
    Region("London", "Hackney", ("E5", "E8", "E9", "N16"), _LONDON, 0.05),
    Region("London", "Southwark", ("SE1", "SE5", "SE15", "SE16", "SE17"), _LONDON, 0.05),
    Region("London", "Lambeth", ("SE11", "SW2", "SW8", "SW9"), _LONDON, 0.05),
    Region("London", "Islington", ("N1", "N7", "N19"), _LONDON, 0.05),
    Region("Manchester", "Manchester", ("M8", "M9", "M11", "M12", "M13", "M40"), _CITIES, 0.4),
    Region("Salford", "Salford", ("M5", "M6", "M7"), _CITIES, 0.4),
    Region("Birmingham", "Birmingham", ("B6", "B7", "B9", "B10", "B11", "B12"), _CITIES, 0.45),
    Region("Leeds", "Leeds", ("LS6", "LS7", "LS8", "LS9", "LS11"), _CITIES, 0.45),
    Region("Liverpool", "Liverpool", ("L4", "L5", "L6", "L8", "L20"), _CITIES, 0.45),
    Region("Bristol", "Bristol", ("BS2", "BS3", "BS5", "BS13"), _CITIES, 0.35),
    Region("Newcastle upon Tyne", "Newcastle upon Tyne", ("NE4", "NE6", "NE15"), _CITIES, 0.45),
    Region("Sheffield", "Sheffield", ("S2", "S5", "S9"), _CITIES, 0.5),
    Region("Nottingham", "Nottingham", ("NG3", "NG5", "NG7"), _CITIES, 0.5),
    Region(
        "Cardiff",
        "Cardiff",
        ("CF5", "CF11", "CF24"),
        (("welsh", 5), ("english", 2), ("somali", 1)),
        0.5,
    ),
)

_PLACE_WORDS = (
    "Alder",
    "Ashfield",
    "Beechwood",
    "Birchfield",
    "Blackthorn",
    "Bramble",
    "Brookside",
    "Canal",
    "Chestnut",
    "Clayton",
    "Cloverdale",
    "Cromwell",
    "Darwin",
    "Eastfield",
    "Elmhurst",
    "Fairfield",
    "Fernhill",
    "Foxley",
    "Gladstone",
    "Grange",
    "Hawthorn",
    "Hazelwood",
    "Heathside",
    "Highfield",
    "Hollybush",
    "Kingsmead",
    "Lakeside",
    "Larkhill",
    "Linden",
    "Maple",
    "Meadowbank",
    "Millbrook",
    "Northfield",
    "Oakfield",
    "Orchard",
    "Parkside",
    "Pinewood",
    "Priory",
    "Queensbridge",
    "Ravenscroft",
    "Redcliffe",
    "Riverside",
    "Rosebank",
    "Rowan",
    "Sandford",
    "Southfield",
    "Springwell",
    "Stanhope",
    "Sycamore",
    "Thornbury",
    "Victoria",
    "Waterside",
    "Wellington",
    "Westfield",
    "Whitehall",
    "Willowbrook",
    "Windsor",
    "Woodlands",
    "Wyndham",
    "Yewtree",
)
_ESTATE_SUFFIXES = ("Estate", "Gardens", "Park", "Fields", "Green", "Grove", "Village")
_BLOCK_WORDS = (
    "Heron",
    "Kingfisher",
    "Swift",
    "Kestrel",
    "Wren",
    "Lapwing",
    "Curlew",
    "Plover",
    "Osprey",
    "Falcon",
    "Merlin",
    "Skylark",
    "Nightingale",
    "Thames",
    "Severn",
    "Trent",
    "Mersey",
    "Tyne",
    "Avon",
    "Lea",
    "Medway",
    "Fleet",
    "Brunel",
    "Faraday",
    "Pankhurst",
    "Seacole",
    "Attlee",
    "Bevan",
    "Lansbury",
    "Morrison",
    "Tolpuddle",
    "Peterloo",
    "Rochdale",
    "Jarrow",
)
_BLOCK_SUFFIXES = ("House", "Court", "Point", "Lodge", "Mansions")
_STREET_SUFFIXES = ("Road", "Street", "Close", "Way", "Avenue", "Crescent", "Walk")
_STOREYS = ((3, 6), (4, 12), (5, 10), (6, 8), (8, 2), (10, 2), (12, 1), (15, 1), (20, 1))
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use
_STOREY_HEIGHT_M = Decimal("2.9")


@dataclass(frozen=True)
class BlockPlan:
    name: str
    street: str
    postcode: str
    storeys: int
    flats_per_floor: int

    @property
    def homes(self) -> int:
        return self.storeys * self.flats_per_floor

    @property
    def height_m(self) -> Decimal:
        return self.storeys * _STOREY_HEIGHT_M


@dataclass(frozen=True)
class StreetPlan:
    street: str
    postcode: str
    houses: int


@dataclass(frozen=True)
class EstatePlan:
    name: str
    region: Region
    blocks: tuple[BlockPlan, ...]
    streets: tuple[StreetPlan, ...]

    @property
    def homes(self) -> int:
        return sum(b.homes for b in self.blocks) + sum(s.houses for s in self.streets)


class Postcodes:
    """Distinct valid postcodes per outward code: 4,000 inward codes each before repeating."""

    def __init__(self) -> None:
        self._used: dict[str, int] = {}

    def next(self, outward: str) -> str:
        n = self._used.get(outward, 0)
        self._used[outward] = n + 1
        n %= 10 * len(_INWARD_LETTERS) ** 2
        letters = len(_INWARD_LETTERS)
        inward = (
            f"{(n // letters**2 + 1) % 10}{_INWARD_LETTERS[n // letters % letters]}"
            f"{_INWARD_LETTERS[n % letters]}"
        )
        return rules.normalise_postcode(f"{outward} {inward}")


def _unique(candidates: Iterator[str], used: set[str]) -> str:
    for name in candidates:
        if name not in used:
            used.add(name)
            return name
    raise AssertionError("unreachable: candidates are endless")


def _names(rng: random.Random, words: tuple[str, ...], suffixes: tuple[str, ...]) -> Iterator[str]:
    """Endless candidate names: random word and suffix first, then numbered ones."""
    for _ in range(len(words) * len(suffixes)):
        yield f"{rng.choice(words)} {rng.choice(suffixes)}"
    for n in itertools.count(2):
        yield f"{rng.choice(words)} {rng.choice(suffixes)} {n}"


def estate_plans(rng: random.Random, homes: int) -> Iterator[EstatePlan]:
    """Estates of a few hundred homes each until `homes` is reached exactly."""
    estate_names: set[str] = set()
    postcodes = Postcodes()
    left = homes
    while left > 0:
        region = rng.choice(REGIONS)
        size = min(left, rng.randint(150, 900))
        name = _unique(_names(rng, _PLACE_WORDS, _ESTATE_SUFFIXES), estate_names)
        plan = _estate(rng, name, region, size, postcodes)
        left -= plan.homes
        yield plan


def _estate(
    rng: random.Random, name: str, region: Region, size: int, postcodes: Postcodes
) -> EstatePlan:
    houses = round(size * region.house_share)
    block_names: set[str] = set()
    blocks: list[BlockPlan] = []
    flats = size - houses
    while flats > 0:
        storeys = rng.choices([s for s, _ in _STOREYS], weights=[w for _, w in _STOREYS])[0]
        per_floor = rng.randint(4, 8)
        if storeys * per_floor > flats:  # the last block takes what is left...
            per_floor = min(per_floor, flats)
            storeys = flats // per_floor
            houses += flats - storeys * per_floor  # ...and the odd few become houses
            flats = storeys * per_floor
        block_name = _unique(_names(rng, _BLOCK_WORDS, _BLOCK_SUFFIXES), block_names)
        street = f"{rng.choice(_PLACE_WORDS)} {rng.choice(_STREET_SUFFIXES)}"
        blocks.append(
            BlockPlan(
                block_name,
                street,
                postcodes.next(rng.choice(region.outward_codes)),
                storeys,
                per_floor,
            )
        )
        flats -= storeys * per_floor
    return EstatePlan(name, region, tuple(blocks), _streets(rng, region, houses, postcodes))


def _streets(
    rng: random.Random, region: Region, houses: int, postcodes: Postcodes
) -> tuple[StreetPlan, ...]:
    streets = []
    names: set[str] = set()
    while houses > 0:
        count = min(houses, rng.randint(10, 40))
        name = _unique(_names(rng, _PLACE_WORDS, _STREET_SUFFIXES), names)
        streets.append(StreetPlan(name, postcodes.next(rng.choice(region.outward_codes)), count))
        houses -= count
    return tuple(streets)
