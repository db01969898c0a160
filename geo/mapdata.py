"""The map's data files, loaded and validated together: what the picture of a day (:mod:`geo.picture`) and the
published page (:mod:`geo.publish`) are drawn from, as the app loads them (:mod:`loaders`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from geo import paths
from geo.places import Place
from geo.timeline import Event


@dataclass(frozen=True)
class MapData:
    """What a picture is drawn from, loaded as the app loads it (:mod:`loaders`, :mod:`geo.cli`).

    ``districts`` is the validated FeatureCollection of ``data/districts.geojson``; ``label_points`` maps a district
    id to ``(lat, lon)``; ``corridor`` is :func:`geo.corridor.corridor_feature_in`'s Feature.
    """

    places: Mapping[str, Place]
    events: list[Event]
    districts: dict
    label_points: Mapping[str, tuple[float, float]]
    corridor: dict


def load_map_data() -> MapData:
    """The data files of ``data/``, validated (a damaged file raises :class:`geo.tables.DataError`)."""
    from geo.boundaries import label_points, load_districts_geojson
    from geo.corridor import corridor_feature_in
    from geo.places import load_places
    from geo.timeline import load_timeline

    places = load_places(paths.PLACES_CSV)
    districts = load_districts_geojson(paths.DISTRICTS_GEOJSON, sorted(p.id for p in places.values() if p.is_area))
    return MapData(
        places=places,
        events=load_timeline(paths.TIMELINE_CSV, places=places),
        districts=districts,
        label_points=label_points(districts),
        corridor=corridor_feature_in(places, districts),
    )
