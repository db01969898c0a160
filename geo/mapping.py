"""Map building: a folium map that never changes with the date, and a small feature group that restyles it.

The split is what keeps the map still while the date slider moves (see ``app_pages/map.py``):

* :func:`base_map` holds everything that does not depend on the day: basemaps, the district polygons (drawn
  once, neutral), the schematic Lachin corridor, the place markers with their article excerpts, the legend.
  Its Leaflet script is identical from one rerun to the next, so streamlit-folium keeps the same component
  and the user's zoom and pan.
* :func:`date_layer` is a ``folium.FeatureGroup`` holding one call with the day's state, ``window.kbShow(state)``,
  that recolours the districts, sets their labels and tooltips and shows or hides the corridor: one day's map in
  a standalone page (the HTML download).
* The base map also carries every day's state (:class:`DayTable`, a few KB) and, given the slider's key, watches
  the page around the map's iframe (same origin): a step or a drag of that slider recolours the map at once, in the
  browser, and the day mark the page's side column carries (:data:`PAGE_DAY_ATTR`) says which day Streamlit's last
  run drew. So the map page sends the same map every rerun (streamlit-folium neither remounts nor re-renders it, and
  Streamlit sends a reference to the message the browser already has instead of its 45 KB).

Every string that reaches the map is escaped by :mod:`geo.markup`; data reach the JavaScript as JSON.
Coordinates are WGS84 (EPSG:4326) degrees, ``(lat, lon)`` for Leaflet.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import folium
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.corpus import Excerpt
from geo.frontend import handover_map_css, handover_map_js
from geo.markup import esc, highlight, link, script_json
from geo.places import Place
from geo.quotes import merge_wire_copies, rank_excerpts
from geo.timeline import CONTROL_LABELS, MONTHS, Status, day_text, since_lines

# Okabe-Ito colours (safe for the common colour-vision deficiencies). Control is also told by the label on
# each district and, for divided control, by a dashed outline, so colour is never the only cue.
CONTROL_STYLE = {
    "armenian": {
        "fill": "#E69F00",
        "line": "#8a5d00",
        "dash": "",
        "label": CONTROL_LABELS["armenian"],
        "short": "Arm.",
    },
    "azerbaijani": {
        "fill": "#0072B2",
        "line": "#004a75",
        "dash": "",
        "label": CONTROL_LABELS["azerbaijani"],
        "short": "Az.",
    },
    "mixed": {
        "fill": "#CC79A7",
        "line": "#6b2f55",
        "dash": "6 4",
        "label": CONTROL_LABELS["mixed"],
        "short": "Div.",
    },
}
NEUTRAL_STYLE = {
    "fillColor": "#bbbbbb",
    "color": "#555555",
    "weight": 1.5,
    "fillOpacity": 0.5,
    "dashArray": "",
}
FILL_OPACITY = 0.55
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
# How a citation of the map names it (the popup's "Cite", the published page).
MAP_TITLE = "Nagorno-Karabakh handover map, 2020"
NATURAL_EARTH_CREDIT = (
    'Districts: <a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener noreferrer">'
    "Natural Earth</a> (public domain)"
)
MARKER_RADIUS = {"district": 7, "city": 8, "town": 6, "village": 5, "monastery": 6}
OSM_TILES = xyz.OpenStreetMap.Mapnik
LIGHT_TILES = xyz.Esri.WorldGrayCanvas
# The map needs Leaflet only: folium's defaults also load jQuery, Bootstrap, Font Awesome and awesome-markers,
# which nothing here uses (markers are vector circles). Fewer requests, faster first load.
LEAFLET_JS = ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
LEAFLET_CSS = ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")


URL_IN_TEXT = re.compile(r"https?://\S+")
# Sentences a popup quotes from one article for one place (the seeds quote at most 3); the rest are counted. The map
# script goes to the browser on every rerun, so an added article that names a place 100 times must not quote it all.
MAX_QUOTES_PER_ARTICLE = 3
QUOTES_PER_PLACE = 3  # a popup quotes the top three of a place; the rest are on the Sources page (?place=)
# Coordinates embedded in the map: 4 decimals is ~10 m, far finer than Natural Earth's lines; saves bytes.
MAP_DECIMALS = 4


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


@dataclass(frozen=True)
class Marker:
    """A marker on the map: one place, or a district together with its seat town (they share a point)."""

    id: str
    place_ids: tuple[str, ...]
    lat: float
    lon: float
    kind: str
    title: str


def markers(places: Mapping[str, Place]) -> list[Marker]:
    """One marker per place; a district and its seat town (``<district>-town``) share one marker.

    A district's marker stands at its seat town, which is where ``places.csv`` puts the district's point.
    """
    found = []
    for place_id, place in places.items():
        if place.kind == "town" and place_id.endswith("-town") and place_id[: -len("-town")] in places:
            continue  # shown on its district's marker
        ids = (place_id, f"{place_id}-town") if f"{place_id}-town" in places else (place_id,)
        title = place.name + (" (district and town)" if len(ids) == 2 else "")
        found.append(Marker(place_id, ids, place.lat, place.lon, place.kind, title))
    return found


def source_citation(excerpt: Excerpt) -> str:
    """How a popup cites an article: its outlet linked to the article, its date and its file (escaped HTML)."""
    date = day_text(excerpt.published) if excerpt.published else "date unknown"
    return f"{link(excerpt.url, excerpt.outlet or 'outlet not given')}, {esc(date)} <code>{esc(excerpt.file)}</code>"


def sources_link(place_id: str, app_url: str = "") -> str:
    """A link to the Sources page showing only the articles that name the place (opens in a new tab).

    ``app_url``: the app's address, for a page that is not the app (the published page); empty in the app itself,
    where the link is relative."""
    href = app_url + "sources?" + urlencode({"place": place_id})
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">all on the Sources page</a>'


def popup_parts(
    marker: Marker,
    places: Mapping[str, Place],
    excerpts: Mapping[str, Sequence[Excerpt]],
    citations: dict[str, int],
    always: Collection[str] = (),
    app_url: str = "",
) -> list:
    """A marker's popup as data: HTML fragments (str), excerpt lists, each ``[[sentence HTML, [citation, ...]]]``,
    and, last, ``{"place": id}``, where the map puts the link to this place on the day shown and its citation (they
    depend on the day, so the browser writes them: ``handover_map.js``, ``placeTools``).

    A place's sentences are ranked, the news first (a deadline, a change of control, a date:
    :func:`geo.quotes.rank_excerpts`); a sentence that several articles print as one wire copy, word for word or
    lightly edited, is quoted once and cited to each of them (:func:`geo.quotes.merge_wire_copies`). At most
    :data:`MAX_QUOTES_PER_ARTICLE` sentences of one article are considered and :data:`QUOTES_PER_PLACE` quotes shown;
    a line counts the rest and links to the Sources page filtered to the place, so a long added article cannot
    swell the map.

    ``always``: files (the articles a user added) whose best sentence on the place is quoted even when it does not
    rank in the top :data:`QUOTES_PER_PLACE`: whoever adds an article sees it on the map.

    ``citations`` maps a citation (:func:`source_citation`) to its index in the map's list of citations; new ones
    are added. :func:`popup_html` and the map's ``kbPopup`` render the parts.

    ``app_url``: the app's address where the popup is not in the app (:func:`sources_link`).
    """
    head = places[marker.id]
    other = " · ".join(esc(n) for n in (head.name_az, head.name_hy) if n)
    parts: list = [f'<div class="kb-popup"><b>{esc(marker.title)}</b><br><small>{other}</small>']
    for place_id in marker.place_ids:
        place = places[place_id]
        found = excerpts.get(place_id, ())
        if len(marker.place_ids) > 1:
            parts.append(f"<div><i>{esc(place.kind.capitalize())}: {esc(place.name)}</i></div>")
        if not found:
            parts.append("<p><small>No article in the corpus names it.</small></p>")
            continue
        # The news first, a few per article, one quote per wire sentence (geo.quotes); the rest on Sources.
        seen: set[tuple[str, str]] = set()  # (file, sentence): a sentence an article repeats is quoted once
        per_article: dict[str, int] = {}
        candidates = []
        for excerpt in rank_excerpts(found):
            if (excerpt.file, excerpt.sentence) in seen:
                continue
            seen.add((excerpt.file, excerpt.sentence))
            if per_article.get(excerpt.file, 0) < MAX_QUOTES_PER_ARTICLE:
                per_article[excerpt.file] = per_article.get(excerpt.file, 0) + 1
                candidates.append(excerpt)
        groups = merge_wire_copies(candidates)
        shown_groups = groups[:QUOTES_PER_PLACE]
        cited_files = {e.file for group in shown_groups for e in group}
        for group in groups[QUOTES_PER_PLACE:]:  # ranked: each added article's first group is its best
            file = group[0].file
            if file in always and file not in cited_files:
                shown_groups.append(group)
                cited_files.update(e.file for e in group)
        quoted = []
        for group in shown_groups:
            sources: list[int] = []
            for excerpt in group:
                cited = citations.setdefault(source_citation(excerpt), len(citations))
                if cited not in sources:
                    sources.append(cited)
            quoted.append([highlight(group[0].sentence, group[0].highlights), sources])
        parts.append(quoted)
        shown = sum(len(group) for group in shown_groups)
        if len(seen) > shown:
            parts.append(
                f"<p><small>{len(seen) - shown} more {'sentence names' if len(seen) - shown == 1 else 'sentences name'}"
                f" {esc(place.name)}: {sources_link(place_id, app_url)}</small></p>"
            )
    url = URL_IN_TEXT.search(head.coord_source)
    parts.append({"place": marker.id})
    parts.append(f"<small>{link(url.group(0) if url else '', 'Coordinates source')}</small></div>")
    return parts


def popup_html(parts: Sequence, citations: Sequence[str], place_tools=None) -> str:
    """The popup's HTML from :func:`popup_parts` (the map's ``kbPopup`` builds the same string in the browser).

    ``place_tools``: a function of the place id giving the HTML of the link and citation part (the browser's
    ``placeTools``); without it that part is left out."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if isinstance(part, dict):
            out.append(place_tools(part["place"]) if place_tools else "")
            continue
        items = (
            f"<li>“{sentence}”<br><small>{'; '.join(citations[i] for i in sources)}</small></li>"
            for sentence, sources in part
        )
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def district_head(place: Place) -> str:
    """The part of a district's tooltip that never changes: its names (display, Azerbaijani, Armenian)."""
    names = " · ".join(esc(n) for n in (place.name_az, place.name_hy) if n)
    return f"<b>{esc(place.name)}</b><br><small>{names}</small>"


def district_tooltip(place: Place, status: Status) -> str:
    """The day's part of a district's tooltip: control and since when its period began (the 1994 ceasefire line
    where it matters, :func:`geo.timeline.since_lines`), status, deadline, source.

    The browser shows it under :func:`district_head`.
    """
    lines = [*(esc(line) for line in since_lines(status)), f"<i>{esc(status.status)}</i>"]
    if status.deadline is not None:
        text = f"Handover due {day_text(status.deadline.date)}"
        if status.replaced_deadlines:
            earlier = ", ".join(day_text(e.date) for e in status.replaced_deadlines)
            text += f" (extended on {day_text(status.deadline.announced)}; was {earlier})"
        lines.append(f"<b>{esc(text)}</b>")
    lines.append(f"<small>Source: {esc(status.source.source_title)}</small>")
    return "<br>".join(lines)


def day_state(
    statuses: Mapping[str, Status], places: Mapping[str, Place], day: dt.date, corridor_from: dt.date
) -> dict:
    """The JSON state ``kbApply`` paints: per district its control, colours, dash, label and tooltip."""
    districts = {}
    for place_id, place in places.items():
        status = statuses.get(place_id)
        if not place.is_area or status is None:
            continue
        style = CONTROL_STYLE[status.control]
        districts[place_id] = {
            "control": status.control,
            "fill": style["fill"],
            "line": style["line"],
            "dash": style["dash"],
            "label": style["short"],
            "tooltip": district_tooltip(place, status),
        }
    # Places whose control differs from their district's (Charektar after 25 Nov): their marker takes the colour.
    exceptions = {}
    for place_id, place in places.items():
        status, district = statuses.get(place_id), statuses.get(place.district)
        if place.is_area or status is None or district is None or status.inherited_from:
            continue
        if status.control != district.control:
            exceptions[place_id] = {"control": status.control, "fill": CONTROL_STYLE[status.control]["fill"]}
    return {
        "day": day.isoformat(),
        "districts": districts,
        "places": exceptions,
        "corridor": day >= corridor_from,
    }


@dataclass(frozen=True)
class DayTable:
    """The map's state on every day from ``start`` on, with each district's day tooltip stored once.

    ``states[i]`` is the state of ``start + i`` days as :func:`day_state` gives it, except that a district's
    ``tooltip`` is replaced by ``tip``, its index in ``tips``. The feature group of a day carries that state; the
    base script carries :meth:`compact`, from which the browser rebuilds the same state for any day
    (``kbStateFor``), so the map can follow the slider before the rerun comes back.
    """

    start: dt.date
    states: tuple[dict, ...]
    tips: tuple[str, ...]

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=len(self.states) - 1)

    def state(self, day: dt.date) -> dict:
        """The state of ``day``; ``KeyError`` outside the table's days."""
        offset = (day - self.start).days
        if not 0 <= offset < len(self.states):
            raise KeyError(f"{day.isoformat()} is outside the map's days ({self.start} to {self.end})")
        return self.states[offset]

    def tooltip(self, day: dt.date, district_id: str) -> str:
        """A district's day tooltip (HTML) on ``day``."""
        return self.tips[self.state(day)["districts"][district_id]["tip"]]

    def compact(self) -> dict:
        """The table as the base script embeds it: per district and per place, the runs of days.

        ``districts[id]`` is a list of ``[first offset, control, tip]`` (``[first offset]`` while the district has
        no status), ``places[id]`` a list of ``[first offset, control]`` (``[first offset]`` while the place follows
        its district), ``corridor`` a list of ``[first offset, 0 or 1]``. Colours come from ``styles``
        (:data:`CONTROL_STYLE`), once.
        """
        district_ids = sorted({d for s in self.states for d in s["districts"]})
        place_ids = sorted({p for s in self.states for p in s["places"]})

        def runs(values: list[tuple]) -> list[list]:
            found = []
            for offset, value in enumerate(values):
                if offset == 0 or value != values[offset - 1]:
                    found.append([offset, *value])
            return found

        def district(state: dict, district_id: str) -> tuple:
            entry = state["districts"].get(district_id)
            return (entry["control"], entry["tip"]) if entry else ()

        return {
            "start": self.start.isoformat(),
            "days": len(self.states),
            "styles": CONTROL_STYLE,
            "tips": list(self.tips),
            "districts": {d: runs([district(s, d) for s in self.states]) for d in district_ids},
            "places": {
                p: runs([(s["places"][p]["control"],) if p in s["places"] else () for s in self.states])
                for p in place_ids
            },
            "corridor": runs([(int(s["corridor"]),) for s in self.states]),
        }


def day_table(
    statuses_by_day: Mapping[dt.date, Mapping[str, Status]], places: Mapping[str, Place], corridor_from: dt.date
) -> DayTable:
    """Every day's :func:`day_state` with tooltips stored once; ``statuses_by_day`` must cover consecutive days."""
    days = sorted(statuses_by_day)
    if not days or (days[-1] - days[0]).days != len(days) - 1:
        raise ValueError("day_table needs statuses for consecutive days")
    tips: dict[str, int] = {}
    states = []
    for day in days:
        state = day_state(statuses_by_day[day], places, day, corridor_from)
        for entry in state["districts"].values():
            entry["tip"] = tips.setdefault(entry.pop("tooltip"), len(tips))
        states.append(state)
    return DayTable(days[0], tuple(states), tuple(tips))


def _legend_html() -> str:
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
        + "filled when its control differs from its district's</div></details>"
    )


def slider_class(key: str) -> str:
    """The CSS class Streamlit gives the container of the widget with ``key`` (its frontend's rule, read in 1.67):
    ``st-key-`` and the key, stripped, with every character other than a letter, digit, ``_`` or ``-`` as ``-``."""
    return "st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key.strip())


def encode_ring(ring: Sequence[Sequence[float]], precision: int = MAP_DECIMALS) -> str:
    """A ring of GeoJSON ``[lon, lat]`` positions in the encoded-polyline format (lat, lon deltas, base64-ish).

    About four characters a point instead of eighteen as JSON numbers; the base script decodes it (``kbDecode``).
    """
    factor = 10**precision
    out, last_lat, last_lon = [], 0, 0
    for lon, lat, *_ in ring:
        lat_i, lon_i = round(lat * factor), round(lon * factor)
        for delta in (lat_i - last_lat, lon_i - last_lon):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        last_lat, last_lon = lat_i, lon_i
    return "".join(out)


def encode_geometry(geometry: dict) -> list[list[str]]:
    """A GeoJSON Polygon or MultiPolygon as a list of polygons, each a list of encoded rings (outer first)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [[encode_ring(ring) for ring in polygon] for polygon in polygons]


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
        Place id to its excerpts (:func:`geo.corpus.excerpts_for`), newest first.
    label_points : mapping
        District id to the (lat, lon) of its label.
    table : DayTable
        Every day's state (:func:`day_table`), for the browser to follow the slider on its own.
    slider_key : str, optional
        The Streamlit key of the date slider in the page that holds the map. Given, the map recolours as soon as
        that slider moves and reads the page's place mark (:data:`PAGE_PLACE_ATTR`); without it (the published
        page, the benchmark's baseline), the page around the map drives it.
    added_files : collection of str, optional
        The articles a user added: each one's best sentence on a place is always quoted (:func:`popup_parts`).
    app_url : str, optional
        The app's address, for links to its Sources page from a page that is not the app (the published page).
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
            "popup": popup_parts(m, places, excerpts, citations, added_files, app_url),
        }
        for m in marker_list
    ]
    areas_km2 = {f["properties"]["id"]: f["properties"]["area_km2"] for f in districts["features"]}
    return {
        "css": handover_map_css(),
        "legend": _legend_html(),
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
) -> str:
    """The Leaflet script of everything that does not change with the chosen day (cacheable: a plain string): the
    map's own script and :func:`map_data` (same parameters) passed to its ``init``."""
    data = map_data(districts, corridor, places, excerpts, label_points, table, slider_key, added_files)
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


def standalone_html(fmap: folium.Map, layer: folium.FeatureGroup) -> str:
    """The map with one day's layer as a self-contained HTML page (Leaflet still loads from its CDN)."""
    layer.add_to(fmap)
    return fmap.get_root().render()


def day_map(
    districts: dict,
    corridor: dict,
    places: Mapping[str, Place],
    excerpts: Mapping[str, Sequence[Excerpt]],
    table: DayTable,
    day: dt.date,
    label_points: Mapping[str, tuple[float, float]],
) -> tuple[folium.Map, folium.FeatureGroup]:
    """The base map and the day's feature group, from the loaded data (see :func:`base_map`, :func:`date_layer`)."""
    script = base_script(districts, corridor, places, excerpts, label_points, table)
    return base_map(script), date_layer(table.state(day))
