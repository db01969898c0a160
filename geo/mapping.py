"""The map in the app: a folium map that never changes with the date, and a small feature group that restyles it;
and the one data object the map's script draws from, which the published page (:mod:`geo.publish`) uses too.

The map's parts are built elsewhere, one job a module: how control looks (:mod:`geo.map_style`), the day's state
and every day's (:mod:`geo.day_states`), the popups (:mod:`geo.popups`), the polygons' encoding
(:mod:`geo.polyline`), the script and stylesheet themselves (``geo/static/``, :mod:`geo.frontend`).

The split is what keeps the map still while the date slider moves (see ``app_pages/map.py``):

* :func:`base_map` holds everything that does not depend on the day: basemaps, the district polygons (drawn
  once, neutral), the schematic Lachin corridor, the place markers with their article excerpts, the legend.
  Its Leaflet script is identical from one rerun to the next, so streamlit-folium keeps the same component
  and the user's zoom and pan.
* :func:`date_layer` is a ``folium.FeatureGroup`` holding one call with the day's state, ``window.kbShow(state)``,
  that recolours the districts, sets their labels and tooltips and shows or hides the corridor (the benchmark's
  baseline map uses it).
* The base map also carries every day's state (:class:`geo.day_states.DayTable`, a few KB) and, given the slider's
  key, watches the page around the map's iframe (same origin): a step or a drag of that slider recolours the map at
  once, in the browser, and the day mark the page's side column carries (:data:`PAGE_DAY_ATTR`) says which day
  Streamlit's last run drew; the place mark (:data:`PAGE_PLACE_ATTR`) which popup to open. So the map page sends the
  same map every rerun (streamlit-folium neither remounts nor re-renders it, and Streamlit sends a reference to the
  message the browser already has instead of its 45 KB).

Every string that reaches the map is escaped by :mod:`geo.markup`; data reach the JavaScript as JSON.
Coordinates are WGS84 (EPSG:4326) degrees, ``(lat, lon)`` for Leaflet.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Mapping, Sequence

import folium
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.corpus import Excerpt
from geo.day_states import DayTable, district_head, settlement_table
from geo.frontend import handover_map_css, handover_map_js
from geo.map_style import CONTROL_STYLE, FILL_OPACITY, MARKER_RADIUS, NEUTRAL_STYLE
from geo.markup import esc, script_json
from geo.places import Place
from geo.polyline import MAP_DECIMALS, encode_geometry
from geo.popups import markers, popup_parts
from geo.timeline import MONTHS, day_text

MAP_CENTER = (39.7, 46.65)  # the middle of the mapped districts
MAP_ZOOM = 8
# The districts' extent, (south, west), (north, east): the first view fits it whatever the map's width.
MAP_BOUNDS = ((38.88, 45.57), (40.49, 47.63))
LEGEND_PADDING = (0, 110)  # px kept free at the bottom right for the legend when fitting the first view
SMALL_AREA_KM2 = 100  # a unit this small (Stepanakert) is labelled with its control only, not its name
MAP_HEIGHT = 620
# The attribute the map page puts on its side column with the day its run drew; the map in the page reads it.
PAGE_DAY_ATTR = "data-kb-page-day"
# And the marker whose popup the page asks for (``?place=``, the sidebar's search); the map opens it once.
PAGE_PLACE_ATTR = "data-kb-page-place"
# What a settlement's tooltip says on a day no dated source gives its control.
NO_SETTLEMENT_STATUS = "No dated source gives its control on this day."
# How a citation of the map names it (the popup's "Cite", the published page).
MAP_TITLE = "Nagorno-Karabakh handover map, 2020"
NATURAL_EARTH_CREDIT = (
    'Districts: <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener noreferrer">'
    "Natural Earth</a> (public domain)"
)
OSM_TILES = xyz.OpenStreetMap.Mapnik
LIGHT_TILES = xyz.Esri.WorldGrayCanvas
# The map needs Leaflet only: folium's defaults also load jQuery, Bootstrap, Font Awesome and awesome-markers,
# which nothing here uses (markers are vector circles). Fewer requests, faster first load.
LEAFLET_JS = ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
LEAFLET_CSS = ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")


class _Script(MacroElement):
    """A raw piece of Leaflet script. With ``with_map``, ``code`` is a JavaScript function expression that is called
    with the parent map: the map's variable name is never substituted into the code, so text in the data that looks
    like a placeholder (an article saying "{map}") stays text."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.rendered(this) }}{% endmacro %}")

    def __init__(self, code: str, name: str, with_map: bool = False):
        super().__init__()
        self._name = name
        self.code = code
        self.with_map = with_map

    @staticmethod
    def rendered(this: _Script) -> str:
        if not this.with_map:
            return this.code
        parent = this._parent
        while parent is not None and not isinstance(parent, folium.Map):
            parent = getattr(parent, "_parent", None)
        return f"({this.code})({parent.get_name() if parent is not None else 'null'});"

    def render(self, **kwargs) -> None:
        """Add the script to the page as text. (branca would compile it as a Jinja template: slow for 40 KB.)"""
        self.get_root().script.add_child(_Text(self.rendered(self)), name=self.get_name())


class _Text(Element):
    """Finished text in a page, not read as a template again."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def _legend_html(settlements: bool = False) -> str:
    """The legend: a disclosure (``details``) the map script opens at first on a wide map, folded on a phone."""
    rows = "".join(
        f'<div><span class="kb-swatch" style="background:{s["fill"]};border:2px {"dashed" if s["dash"] else "solid"} '
        f'{s["line"]}"></span>{esc(s["label"])} <small>({esc(s["short"])})</small></div>'
        for s in CONTROL_STYLE.values()
    )
    return (
        '<details class="kb-legend" open><summary>Legend</summary><b>Control on the chosen day</b>'
        + rows
        + '<div><span class="kb-swatch kb-corridor"></span>Lachin corridor (schematic 5 km band)</div>'
        + '<div><span class="kb-dot"></span>Place named in the news (click for excerpts);<br>'
        + "filled when its control differs from its district's</div>"
        + (
            '<div><span class="kb-dot kb-dot-small"></span>Settlement: filled with its own control where a dated source'
            " gives it,<br>hollow where none does</div>"
            if settlements
            else ""
        )
        + "</details>"
    )


def slider_class(key: str) -> str:
    """The CSS class Streamlit gives the container of the widget with ``key`` (its frontend's rule, read in 1.67):
    ``st-key-`` and the key, stripped, with every character other than a letter, digit, ``_`` or ``-`` as ``-``."""
    return "st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key.strip())


def map_districts(districts: dict, places: Mapping[str, Place]) -> list[dict]:
    """The district polygons as embedded in the map: id, tooltip head and encoded rings."""
    return [
        {
            "id": f["properties"]["id"],
            "head": district_head(places[f["properties"]["id"]]),
            "rings": encode_geometry(f["geometry"]),
        }
        for f in districts["features"]
    ]


def label_data(
    label_points: Mapping[str, tuple[float, float]], places: Mapping[str, Place], areas_km2: Mapping[str, float]
) -> dict:
    """Where each district's label goes and the name it shows (none for a unit too small to hold one)."""
    return {
        place_id: {
            "lat": lat,
            "lon": lon,
            "name": esc(places[place_id].name.split(" / ")[0]) if areas_km2.get(place_id, 0) >= SMALL_AREA_KM2 else "",
            # Larger districts' labels are placed first when labels would overlap (handover_map.js, placeLabels).
            "rank": round(areas_km2.get(place_id, 0)),
        }
        for place_id, (lat, lon) in sorted(label_points.items())
    }


def map_data(
    districts: dict,
    corridor: dict,
    places: Mapping[str, Place],
    excerpts: Mapping[str, Sequence[Excerpt]],
    label_points: Mapping[str, tuple[float, float]],
    table: DayTable,
    slider_key: str | None = None,
    added_files: Collection[str] = (),
    app_url: str = "",
    settlements: Sequence[Mapping] = (),
) -> dict:
    """The one JSON object the map's script (``geo/static/handover_map.js``, ``init``) draws everything from.

    Parameters
    ----------
    districts : dict
        GeoJSON FeatureCollection of the district polygons (``properties.id`` is a place id, ``area_km2`` its
        area), EPSG:4326.
    corridor : dict
        GeoJSON Feature of the schematic Lachin corridor (:func:`geo.corridor.corridor_feature`).
    places : mapping
        The gazetteer.
    excerpts : mapping
        Place id to its excerpts (:func:`geo.corpus.excerpts_by_place`), newest first.
    label_points : mapping
        District id to the (lat, lon) of its label.
    table : DayTable
        Every day's state (:func:`geo.day_states.build_day_table`), for the browser to follow the slider on its own.
    slider_key : str, optional
        The Streamlit key of the date slider in the page that holds the map. Given, the map recolours as soon as
        that slider moves and reads the page's place mark (:data:`PAGE_PLACE_ATTR`); without it (the published
        page, the benchmark's baseline), the page around the map drives it.
    added_files : collection of str, optional
        The articles a user added: each one's best sentence on a place is always quoted (:func:`popup_parts`).
    app_url : str, optional
        The app's address, for links to its Sources page from a page that is not the app (the published page).
    settlements : sequence of mapping, optional
        :func:`geo.settlements.settlement_periods`: drawn as small markers in their own control's colour on each
        day, hollow where no dated source gives one (:func:`geo.day_states.settlement_table`).
    """
    citations: dict[str, int] = {}
    marker_list = markers(places)
    marker_data = [
        {
            "id": m.id,
            "lat": m.lat,
            "lon": m.lon,
            "title": esc(m.title),
            "name": esc(places[m.id].name),
            "radius": MARKER_RADIUS.get(m.kind, 6),
            "places": list(m.place_ids),  # a district's marker also shows its seat town's own control
            "popup": popup_parts(m, places, excerpts, citations, added_files, app_url),
        }
        for m in marker_list
    ]
    areas_km2 = {f["properties"]["id"]: f["properties"]["area_km2"] for f in districts["features"]}
    return {
        "css": handover_map_css(),
        "legend": _legend_html(bool(settlements)),
        "credit": NATURAL_EARTH_CREDIT,
        "neutral": NEUTRAL_STYLE,
        "opacity": FILL_OPACITY,
        "decimals": MAP_DECIMALS,
        "districts": map_districts(districts, places),
        "corridor": encode_geometry(corridor["geometry"]),
        "corridorLabel": esc(corridor["properties"]["label"]),
        "labels": label_data(label_points, places, areas_km2),
        "markers": marker_data,
        "citations": list(citations),
        "table": table.compact(),
        "settlements": settlement_table(settlements, table.start, len(table.states)),
        "noSettlementStatus": NO_SETTLEMENT_STATUS,
        "dayTexts": [day_text(table.start + dt.timedelta(days=n), weekday=True) for n in range(len(table.states))],
        "months": list(MONTHS),
        "mapTitle": MAP_TITLE,
        "bounds": MAP_BOUNDS,
        "legendPadding": LEGEND_PADDING,
        "sliderKey": slider_class(slider_key) if slider_key else None,
        "pageDayAttr": PAGE_DAY_ATTR,
        "pagePlaceAttr": PAGE_PLACE_ATTR,
    }


def base_script(
    districts: dict,
    corridor: dict,
    places: Mapping[str, Place],
    excerpts: Mapping[str, Sequence[Excerpt]],
    label_points: Mapping[str, tuple[float, float]],
    table: DayTable,
    slider_key: str | None = None,
    added_files: Collection[str] = (),
    settlements: Sequence[Mapping] = (),
) -> str:
    """The Leaflet script of everything that does not change with the chosen day (cacheable: a plain string): the
    map's own script and :func:`map_data` (same parameters) passed to its ``init``."""
    data = map_data(
        districts, corridor, places, excerpts, label_points, table, slider_key, added_files, settlements=settlements
    )
    return f"function(map){{\n{handover_map_js()}\n{_INIT_CALL}{script_json(data)});\n}}"


_INIT_CALL = "window.kbHandoverMap.init(map, "


def script_data(script: str) -> dict:
    """The data object a :func:`base_script` passes to the map's ``init`` (what the browser receives), as a dict;
    ``script`` may be a whole page's script around it."""
    return json.JSONDecoder().raw_decode(script, script.rindex(_INIT_CALL) + len(_INIT_CALL))[0]


def base_map(script: str) -> folium.Map:
    """The map that stays the same whatever the day: basemaps, layer control, first view, and ``script``
    (:func:`base_script`). Built afresh on every rerun (streamlit-folium adds the day's group to it), cheaply.
    """
    # zoomSnap 0.25: the first view (fitted by the map script to the map's width) may fall between whole zooms, so a
    # phone's map is not left a whole zoom level out, at half the width.
    fmap = folium.Map(
        location=MAP_CENTER, zoom_start=MAP_ZOOM, tiles=None, control_scale=True, font_size="0.8rem", zoom_snap=0.25
    )
    fmap.default_js = [LEAFLET_JS]
    fmap.default_css = [LEAFLET_CSS]
    # Providers as objects: looking them up by name scans all of xyzservices (~10 ms a rerun).
    folium.TileLayer(OSM_TILES, name="OpenStreetMap").add_to(fmap)
    folium.TileLayer(LIGHT_TILES, name="Light grey (Esri)", show=False).add_to(fmap)
    folium.FeatureGroup(name="No basemap", overlay=False, show=False).add_to(fmap)
    _Script(script, "KbBase", with_map=True).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def date_layer(state: dict) -> folium.FeatureGroup:
    """The feature group for one day (a state from :class:`DayTable`): one call that restyles the base map.

    It holds no Leaflet layer of its own: the districts live in the base map, so replacing this group on the next
    day never redraws or moves anything.
    """
    group = folium.FeatureGroup(name=f"Control on {state['day']}", control=False)
    _Script(
        f"window.kbPending = {script_json(state)}; if (window.kbApply) {{ window.kbShow(window.kbPending); }}",
        "KbDay",
    ).add_to(group)
    return group
