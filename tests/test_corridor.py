"""The schematic Lachin corridor band."""

import json

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from geo import paths
from geo.corridor import WIDTH_M, corridor_feature, corridor_polygon


@pytest.fixture(scope="module")
def districts():
    features = json.loads(paths.DISTRICTS_GEOJSON.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"]: shape(f["geometry"]) for f in features}


def test_band_runs_from_the_border_through_lachin_to_stepanakert(places, districts):
    band = corridor_polygon(places, unary_union(list(districts.values())))
    assert band.is_valid and not band.is_empty
    # clipped at the border (to within the 1e-4 degree grid the band is snapped to)
    assert band.within(unary_union(list(districts.values())).buffer(2e-4))
    for district in ("lachin", "stepanakert"):
        assert band.intersects(districts[district])
    assert band.contains(Point(places["lachin-town"].lon, places["lachin-town"].lat))


def test_band_is_about_five_km_wide(places, districts):
    band = corridor_polygon(places, unary_union(list(districts.values())))
    area_m2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(band)[0])
    length_m = Geod(ellps="WGS84").geometry_length(band.exterior if band.geom_type == "Polygon" else band) / 2
    assert 0.8 * WIDTH_M < area_m2 / length_m < 1.2 * WIDTH_M


def test_feature_says_it_is_schematic_and_cites_the_statement(places, districts):
    feature = corridor_feature(places, unary_union(list(districts.values())))
    assert "schematic" in feature["properties"]["label"]
    assert feature["properties"]["source_url"].startswith("http")
