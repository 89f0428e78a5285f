"""The demo landlord's places: estates, blocks and streets of houses, as plain data.

Mostly East London (England and Wales calendar), with a street of houses in Cardiff and one
small block in Edinburgh, whose deadlines follow the Scottish bank holidays. Every home gets a
UPRN from a fixed demo range, which is also how `demo-data` knows it has already run.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from homecase.housing.models import CommunalAreaKind, Nation

# 12-digit UPRNs no real address uses; the synthetic generator has its own range.
DEMO_UPRN_BASE = 100_090_000_000


@dataclass(frozen=True)
class BlockPlan:
    name: str
    street: str
    postcode: str
    storeys: int
    height_m: Decimal
    flats_per_floor: int

    @property
    def homes(self) -> int:
        return self.storeys * self.flats_per_floor


@dataclass(frozen=True)
class StreetPlan:
    """A street of houses managed with an estate (no block, no communal areas of its own)."""

    street: str
    postcode: str
    first_number: int
    houses: int


@dataclass(frozen=True)
class EstatePlan:
    name: str
    local_authority: str
    town: str
    community_mix: tuple[tuple[str, int], ...]
    blocks: tuple[BlockPlan, ...] = ()
    streets: tuple[StreetPlan, ...] = ()
    nation: str = Nation.ENGLAND_AND_WALES
    estate_areas: tuple[tuple[str, str], ...] = field(default=())


# Communal areas every block has; lifts only where there are more than four storeys.
BLOCK_AREAS = (
    ("Main entrance door", CommunalAreaKind.ENTRANCE),
    ("Door entry system", CommunalAreaKind.DOOR_ENTRY),
    ("Stairs and landings", CommunalAreaKind.STAIRS),
    ("Bin store", CommunalAreaKind.BIN_STORE),
)
LIFT_FROM_STOREYS = 5

_EAST_LONDON = (
    ("english", 3),
    ("bangladeshi", 3),
    ("somali", 2),
    ("polish", 1),
    ("west_african", 2),
    ("caribbean", 2),
    ("turkish", 1),
)

ESTATES: tuple[EstatePlan, ...] = (
    EstatePlan(
        name="Marsh Lane Estate",
        local_authority="Waltham Forest",
        town="London",
        community_mix=_EAST_LONDON,
        blocks=(
            # The higher-risk building: 12 storeys, 36 m (Building Safety Act 2022).
            BlockPlan("Heron House", "Marsh Lane", "E10 7BJ", 12, Decimal("36.0"), 5),
            BlockPlan("Kingfisher House", "Marsh Lane", "E10 7BL", 6, Decimal("17.4"), 6),
            BlockPlan("Teal Court", "Marsh Lane", "E10 7BN", 4, Decimal("11.6"), 4),
        ),
        estate_areas=(
            ("Estate grounds", CommunalAreaKind.GROUNDS),
            ("Residents' car park", CommunalAreaKind.CAR_PARK),
            ("Estate lighting", CommunalAreaKind.LIGHTING),
        ),
    ),
    EstatePlan(
        name="Bow Common",
        local_authority="Tower Hamlets",
        town="London",
        community_mix=_EAST_LONDON,
        blocks=(
            BlockPlan("Lime Tree House", "Bow Common Lane", "E3 4AU", 6, Decimal("17.5"), 6),
            BlockPlan("Aspen Court", "Bow Common Lane", "E3 4AW", 4, Decimal("11.8"), 4),
        ),
        streets=(StreetPlan("Furze Street", "E3 4DL", 2, 14),),
        estate_areas=(("Play area and gardens", CommunalAreaKind.GROUNDS),),
    ),
    EstatePlan(
        name="Limehouse Fields",
        local_authority="Tower Hamlets",
        town="London",
        community_mix=(("bangladeshi", 5), ("english", 2), ("somali", 2), ("west_african", 1)),
        blocks=(
            BlockPlan("Salmon Court", "Salmon Lane", "E14 7HA", 5, Decimal("14.5"), 6),
            BlockPlan("Repton House", "Repton Street", "E14 7HB", 5, Decimal("14.8"), 6),
            BlockPlan("Dunbar Court", "Dunbar Street", "E14 7HD", 4, Decimal("11.5"), 4),
        ),
        estate_areas=(("Estate grounds", CommunalAreaKind.GROUNDS),),
    ),
    EstatePlan(
        name="Clive Street, Grangetown",
        local_authority="Cardiff",
        town="Cardiff",
        community_mix=(("welsh", 4), ("somali", 1), ("english", 1)),
        streets=(StreetPlan("Clive Street", "CF11 7JB", 1, 20),),
    ),
    EstatePlan(
        name="Restalrig",
        local_authority="City of Edinburgh",
        town="Edinburgh",
        community_mix=(("scottish", 4), ("polish", 1)),
        nation=Nation.SCOTLAND,
        blocks=(BlockPlan("Restalrig Court", "Restalrig Road", "EH7 6HS", 4, Decimal("11.2"), 4),),
    ),
)

DEMO_ESTATE_NAMES = tuple(plan.name for plan in ESTATES)
DEMO_HOME_COUNT = sum(
    sum(b.homes for b in plan.blocks) + sum(s.houses for s in plan.streets) for plan in ESTATES
)
