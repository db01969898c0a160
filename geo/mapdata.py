"""The map's data files, loaded and validated together: what the picture of a day (:mod:`geo.picture`) and the
published page (:mod:`geo.publish`) are drawn from, as the app loads them (:mod:`loaders`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    # Every settlement with the spans of its own control (geo.settlements.settlement_periods); empty: none drawn.
    settlements: Sequence[Mapping] = ()


def load_map_data() -> MapData:
    """The data files of ``data/``, validated (a damaged file raises :class:`geo.tables.DataError`)."""
    from geo.boundaries import label_points, load_districts_geojson
    from geo.corridor import corridor_feature_in
    from geo.places import load_places
    from geo.settlements import load_settlement_control, load_settlements, settlement_periods
    from geo.timeline import HANDOVER_END, WAR_START, load_timeline

    places = load_places(paths.PLACES_CSV)
    districts = load_districts_geojson(paths.DISTRICTS_GEOJSON, sorted(p.id for p in places.values() if p.is_area))
    events = load_timeline(paths.TIMELINE_CSV, places=places)
    settlements = load_settlements(places=places)
    control = load_settlement_control(settlements=settlements)
    return MapData(
        places=places,
        events=events,
        districts=districts,
        label_points=label_points(districts),
        corridor=corridor_feature_in(places, districts),
        settlements=settlement_periods(settlements, events, control, WAR_START, HANDOVER_END),
    )
