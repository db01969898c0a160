"""The gazetteer: places named in the news (``data/places.csv``) and people (``data/people.csv``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from geo import paths
from geo.names import normalise, place_gazetteer
from geo.tables import DataError, parse_number, parse_url, quote, read_rows, split_aliases

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
# Which place a name shared by two places means, lowest first, as geo.names.place_gazetteer ranks them: a district
# beats the town of the same name. Two places of the same rank sharing a name make that name ambiguous.
NAME_RANK = {"district": 0, "city": 1, "town": 2, "village": 3, "monastery": 3}


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


def _check_shared_names(
    names: dict[str, tuple[str, ...]], rank: dict[str, int], rows: dict[str, int], path: Path
) -> None:
    """Raise ``DataError`` naming both rows when two entries of the same rank share a name (after folding).

    The rule of :class:`geo.names.Gazetteer`, checked here so that the message can name the file and the rows.
    """
    first: dict[str, tuple[str, str]] = {}  # folded name -> (entry id, name as written)
    for entry_id, entry_names in names.items():
        for name in entry_names:
            key = normalise(name)
            held = first.get(key)
            if not key or (held is not None and held[0] == entry_id):
                continue
            if held is None:
                first[key] = (entry_id, name)
            elif rank[held[0]] == rank[entry_id]:
                other, other_name = held
                raise DataError(
                    path,
                    f"{entry_id}: name {quote(name)} is also a name of {other} ({quote(other_name)}, row "
                    f"{rows[other]}); a name must say which one it means",
                    row=rows[entry_id],
                )
            elif rank[entry_id] < rank[held[0]]:
                first[key] = (entry_id, name)


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
        coordinates that are not numbers or out of range, a missing coordinate source, a ``district`` that is
        not a district id, a district whose ``district`` is not its own id, or a name shared by two places of the
        same rank (both rows named). Problems of the file itself (encoding, quoting, columns) as
        :func:`geo.tables.read_rows`.
    """
    places: dict[str, Place] = {}
    rows: dict[str, int] = {}
    district_refs: list[tuple[int, str, str]] = []
    for row_no, row in read_rows(path, PLACE_COLUMNS):
        place_id = row["id"]
        if not ID_PATTERN.match(place_id):
            raise DataError(path, f"id {quote(place_id)} is not a lowercase id (a-z, 0-9, '-')", row=row_no)
        if place_id in places:
            raise DataError(path, f"duplicate id {quote(place_id)} (first at row {rows[place_id]})", row=row_no)
        if row["kind"] not in KINDS:
            raise DataError(path, f"kind {quote(row['kind'])} is not one of {', '.join(KINDS)}", row=row_no)
        if row["kind"] == "district" and row["district"] != place_id:
            raise DataError(
                path, f"{place_id}: a district's district must be its own id, not {quote(row['district'])}", row=row_no
            )
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
            lat=parse_number(row["lat"], float, -90, 90, path, row_no, "lat"),
            lon=parse_number(row["lon"], float, -180, 180, path, row_no, "lon"),
            coord_source=row["coord_source"],
            aliases=tuple(split_aliases(row["aliases"])),
        )
        rows[place_id] = row_no
        if row["district"]:
            district_refs.append((row_no, place_id, row["district"]))
    if not places:
        raise DataError(path, "no rows: the gazetteer is empty")
    for row_no, place_id, district in district_refs:
        target = places.get(district)
        if target is None or target.kind not in AREA_KINDS:
            raise DataError(path, f"{place_id}: district {quote(district)} is not a district id", row=row_no)
    _check_shared_names(
        {pid: p.all_names for pid, p in places.items()},
        {pid: NAME_RANK[p.kind] for pid, p in places.items()},
        rows,
        path,
    )
    try:
        place_gazetteer(places)  # the rule above is the gazetteer's; should they ever differ, still name the file
    except ValueError as exc:
        raise DataError(path, str(exc)) from None
    return places


def load_people(path: Path = paths.PEOPLE_CSV) -> dict[str, Person]:
    """Load the people named in the articles, validated like the places (located errors).

    Raises
    ------
    DataError
        Naming the file and row: a malformed or duplicate id, an empty name, a ``source_url`` that is not an
        http(s) address, or a name shared by two people (both rows named).
    """
    people: dict[str, Person] = {}
    rows: dict[str, int] = {}
    for row_no, row in read_rows(path, PEOPLE_COLUMNS):
        if not ID_PATTERN.match(row["id"]):
            raise DataError(path, f"id {quote(row['id'])} is not a lowercase id (a-z, 0-9, '-')", row=row_no)
        if row["id"] in people:
            raise DataError(path, f"duplicate id {quote(row['id'])} (first at row {rows[row['id']]})", row=row_no)
        if not row["name"]:
            raise DataError(path, "empty name", row=row_no)
        parse_url(row["source_url"], path, row_no)
        rows[row["id"]] = row_no
        people[row["id"]] = Person(
            id=row["id"],
            name=row["name"],
            role=row["role"],
            aliases=tuple(split_aliases(row["aliases"])),
            source_url=row["source_url"],
        )
    _check_shared_names({pid: p.all_names for pid, p in people.items()}, dict.fromkeys(people, 0), rows, path)
    return people
