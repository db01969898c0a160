"""The gazetteer file: the required places, ids, names and located errors."""

import pytest

from geo import paths
from geo.places import PLACE_COLUMNS, load_places
from geo.tables import DataError

REQUIRED = [
    "kalbajar",
    "aghdam",
    "lachin",
    "stepanakert",
    "charektar",
    "dadivank",
    "shusha",
    "fuzuli",
    "jabrayil",
    "zangilan",
    "qubadli",
    "khojaly",
    "khojavend",
    "tartar",
    "hadrut",
    "goris",
    "vardenis",
]


@pytest.mark.parametrize("place_id", REQUIRED)
def test_required_place_is_there_with_sourced_coordinates(places, place_id):
    place = places[place_id]
    assert place.coord_source and "http" in place.coord_source
    assert 38.5 < place.lat < 40.6 and 45.5 < place.lon < 47.6  # the region of the map


@pytest.mark.parametrize(
    ("place_id", "both"),
    [
        ("stepanakert", ("Stepanakert", "Khankendi")),
        ("lachin", ("Lachin", "Berdzor")),
        ("shusha-town", ("Shusha", "Shushi")),
    ],
)
def test_display_names_give_both_names_in_use(places, place_id, both):
    assert all(name in places[place_id].name for name in both)


@pytest.mark.parametrize("place_id", ["kalbajar", "lachin", "aghdam"])
def test_district_and_town_share_a_name_and_the_district_has_the_bare_id(places, place_id):
    assert places[place_id].kind == "district"
    assert places[f"{place_id}-town"].kind == "town"
    assert places[f"{place_id}-town"].district == place_id


def test_every_place_has_names_in_the_scripts_used(places):
    for place in places.values():
        assert place.name_hy and any("\u0530" <= ch <= "\u058f" for ch in place.name_hy), place.id
        assert place.name_ru and any("\u0400" <= ch <= "\u04ff" for ch in place.name_ru), place.id


HEADER = ",".join(PLACE_COLUMNS)
GOOD = "kalbajar,district,Kalbajar,Kəlbəcər,Քարվաճառ,Кельбаджар,kalbajar,AZ,40.1,46.0,Source https://x.org,Kelbajar"
# A second, valid row (a village in that district); each case breaks one cell of it.
VILLAGE = "charektar,village,Charektar,Çərəkdar,Չարեքտար,Чаректар,kalbajar,AZ,40.14,46.34,Source https://x.org,"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (VILLAGE.replace("40.14", "140.14"), "lat 140.14 is out of range"),
        (VILLAGE.replace("46.34", "east"), "lon 'east' is not a number"),
        (VILLAGE.replace(",village,", ",hamlet,"), "kind 'hamlet' is not one of"),
        (VILLAGE.replace("charektar,village", "Charektar,village"), "not a lowercase id"),
        (VILLAGE.replace("Source https://x.org", ""), "coordinates without a source"),
        (VILLAGE.replace(",kalbajar,AZ", ",nowhere,AZ"), "district 'nowhere' is not a district id"),
        (VILLAGE.replace(",kalbajar,AZ", ",charektar,AZ"), "district 'charektar' is not a district id"),
        (GOOD, "duplicate id 'kalbajar'"),
    ],
)
def test_bad_rows_are_named(tmp_path, row, problem):
    path = tmp_path / "places.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{row}\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_places(path)
    assert str(err.value).startswith("places.csv, row 3: ") and problem in str(err.value)


def test_not_utf8_is_named(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes(paths.PLACES_CSV.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_places(path)
