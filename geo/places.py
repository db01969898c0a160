"""The gazetteer: places named in the news (``data/places.csv``) and people (``data/people.csv``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from geo import paths
from geo.tables import DataError, read_rows, split_aliases

PLACE_COLUMNS = (
    "id",
    "kind",
    "name",
    "name_az",
    "name_hy",
    "name_ru",
    "district",
    "country",
    "lat",
    "lon",
    "coord_source",
    "aliases",
)
PEOPLE_COLUMNS = ("id", "name", "role", "aliases", "source_url")
KINDS = ("district", "city", "town", "village", "monastery")
# Kinds that own a polygon in districts.geojson: the rayons and the city of Khankendi / Stepanakert.
AREA_KINDS = ("district", "city")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Place:
    """One row of ``places.csv``. Coordinates are WGS84 (EPSG:4326) decimal degrees."""

    id: str
    kind: str
    name: str
    name_az: str
    name_hy: str
    name_ru: str
    district: str
    country: str
    lat: float
    lon: float
    coord_source: str
    aliases: tuple[str, ...] = field(default=())

    @property
    def all_names(self) -> tuple[str, ...]:
        """Display name parts, the three language names and every alias, without duplicates, in that order."""
        parts = [p.strip() for p in self.name.split("/")]
        names = [*parts, self.name_az, self.name_hy, self.name_ru, *self.aliases]
        return tuple(dict.fromkeys(n for n in names if n))

    @property
    def label(self) -> str:
        """The display name, with the kind for anything but a district ("Aghdam" vs "Aghdam (town)")."""
        return self.name if self.kind == "district" else f"{self.name} ({self.kind})"

    @property
    def is_area(self) -> bool:
        """True for a unit drawn as a polygon (a district or the city of Stepanakert / Khankendi)."""
        return self.kind in AREA_KINDS and self.district == self.id


@dataclass(frozen=True)
class Person:
    """One row of ``people.csv``."""

    id: str
    name: str
    role: str
    aliases: tuple[str, ...]
    source_url: str

    @property
    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.name, *self.aliases]))


def _coordinate(value: str, low: float, high: float, column: str, path: Path, row: int) -> float:
    try:
        number = float(value)
    except ValueError:
        raise DataError(path, f"{column} {value!r} is not a number", row=row) from None
    if not low <= number <= high:
        raise DataError(path, f"{column} {number} is out of range [{low}, {high}]", row=row)
    return number


def load_places(path: Path = paths.PLACES_CSV) -> dict[str, Place]:
    """Load and validate the gazetteer.

    Returns
    -------
    dict
        ``id -> Place`` in file order.

    Raises
    ------
    DataError
        Naming the file and row: a missing column, an empty or malformed id, a duplicate id, an unknown kind,
        coordinates out of range, a missing coordinate source, or a ``district`` that is not a district id.
    """
    places: dict[str, Place] = {}
    district_refs: list[tuple[int, str, str]] = []
    for row_no, row in read_rows(path, PLACE_COLUMNS):
        place_id = row["id"]
        if not ID_PATTERN.match(place_id):
            raise DataError(path, f"id {place_id!r} is not a lowercase id (a-z, 0-9, '-')", row=row_no)
        if place_id in places:
            raise DataError(path, f"duplicate id {place_id!r}", row=row_no)
        if row["kind"] not in KINDS:
            raise DataError(path, f"kind {row['kind']!r} is not one of {', '.join(KINDS)}", row=row_no)
        if not row["name"]:
            raise DataError(path, "empty name", row=row_no)
        if not row["coord_source"]:
            raise DataError(path, f"{place_id}: coordinates without a source (coord_source is empty)", row=row_no)
        places[place_id] = Place(
            id=place_id,
            kind=row["kind"],
            name=row["name"],
            name_az=row["name_az"],
            name_hy=row["name_hy"],
            name_ru=row["name_ru"],
            district=row["district"],
            country=row["country"],
            lat=_coordinate(row["lat"], -90, 90, "lat", path, row_no),
            lon=_coordinate(row["lon"], -180, 180, "lon", path, row_no),
            coord_source=row["coord_source"],
            aliases=tuple(split_aliases(row["aliases"])),
        )
        if row["district"]:
            district_refs.append((row_no, place_id, row["district"]))
    for row_no, place_id, district in district_refs:
        target = places.get(district)
        if target is None or target.kind not in AREA_KINDS:
            raise DataError(path, f"{place_id}: district {district!r} is not a district id", row=row_no)
    return places


def load_people(path: Path = paths.PEOPLE_CSV) -> dict[str, Person]:
    """Load the people named in the articles, validated like the places (located errors)."""
    people: dict[str, Person] = {}
    for row_no, row in read_rows(path, PEOPLE_COLUMNS):
        if not ID_PATTERN.match(row["id"]):
            raise DataError(path, f"id {row['id']!r} is not a lowercase id", row=row_no)
        if row["id"] in people:
            raise DataError(path, f"duplicate id {row['id']!r}", row=row_no)
        if not row["name"]:
            raise DataError(path, "empty name", row=row_no)
        people[row["id"]] = Person(
            id=row["id"],
            name=row["name"],
            role=row["role"],
            aliases=tuple(split_aliases(row["aliases"])),
            source_url=row["source_url"],
        )
    return people
