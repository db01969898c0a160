"""The published page: the map as one self-contained HTML file (``python -m geo publish OUT.html``).

A Streamlit session per reader does not scale to a news site's audience; a static file does, on any web server. The
page works with no network at all: Leaflet (vendored in ``geo/static/vendor/``, its images as data URIs), the map's
script and every day's state are inside it. It draws the same map as the app (``geo/static/handover_map.js``, from
:func:`geo.mapping.map_data`) and adds its own control (``geo/static/publish_page.js``): every day from 27 Sep to
1 Dec 2020 with a slider, previous, next and play, the day shown large, what changed that day with its sources, and
the address's fragment (``#date=YYYY-MM-DD&place=<id or name>``) that opens a view and follows it. ``<html>`` carries
``data-day`` with the day shown.

No basemap is shown until a reader picks one (the layer button): until then the page requests nothing from any
server, and a news site does not send its readers to OpenStreetMap's tile servers unasked (their tile usage policy
is not meant for a large audience).

The app serves a copy, ``static/handover_map.html`` (Streamlit's static file serving), kept current by a test.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from geo import paths
from geo.changes import NO_CHANGE_HTML, changes_html
from geo.corpus import Article, Excerpt, excerpts_by_place, find_mentions, load_corpus
from geo.corridor import IN_FORCE_FROM
from geo.day_states import DayTable, build_day_table
from geo.frontend import STATIC, compact_css, static_text
from geo.mapdata import MapData, load_map_data
from geo.mapping import LIGHT_TILES, MAP_TITLE, OSM_TILES, map_data
from geo.markup import esc, script_json
from geo.names import normalise, place_gazetteer
from geo.places import Place
from geo.popups import markers
from geo.timeline import HANDOVER_END, HANDOVER_START, WAR_START, day_text, map_days, status_on

LEAFLET = STATIC / "vendor" / "leaflet-1.9.3"
LEAFLET_VERSION = "1.9.3"
TEMPLATE = "publish_page.html"
# The copy the app serves at /app/static/handover_map.html (.streamlit/config.toml: enableStaticServing).
STATIC_COPY = paths.ROOT / "static" / "handover_map.html"
# From the static copy (<app>/app/static/), the app's own pages are two levels up.
STATIC_APP_URL = "../../"
MAX_BYTES = 600_000  # issue 10: the page with Leaflet inlined stays under this
PLAY_MS = 800  # as the app's Play (state.PLAY_SECONDS)
SLOT = re.compile(r"<!--kb:([a-z-]+)-->")


class PublishError(ValueError):
    """The page cannot be built as asked (a missing file of the front end, a slot left empty)."""


def place_keys(places: Mapping[str, Place]) -> dict[str, str]:
    """Every name of every place (its id, names in each language and aliases), as the key the page looks a
    ``#place=`` up by (:func:`geo.names.normalise`, mirrored by ``publish_page.js``), to the id of its marker (a
    district's seat town opens the district's marker, which it shares)."""
    marker_of = {pid: m.id for m in markers(places) for pid in m.place_ids}
    keys: dict[str, str] = {}
    # Ids first, then names: where two places share a name, the one whose id it is wins; otherwise the first.
    for place_id in marker_of:
        keys.setdefault(normalise(place_id), marker_of[place_id])
    for place_id, place in places.items():
        for name in (place.name, *place.name.split(" / "), place.name_az, place.name_hy, place.name_ru, *place.aliases):
            key = normalise(name) if name else ""
            if key:
                keys.setdefault(key, marker_of[place_id])
    return keys


def _leaflet_css() -> str:
    """Leaflet's stylesheet with the images it names inlined as data URIs (the page loads nothing)."""
    css = (LEAFLET / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        image = LEAFLET / "images" / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\(images/([a-z0-9-]+\.png)\)", inline, css)


def _script(text: str, name: str) -> str:
    """A script for a ``<script>`` element: its source-map comment dropped (a browser's tools would fetch it), and
    refused if anything in it would end the element."""
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    if "</script" in text.lower():
        raise PublishError(f"{name} must not contain '</script'")
    return text


def _credits(app_url: str) -> str:
    app = (
        f'<a href="{esc(app_url)}" target="_blank" rel="noopener noreferrer">the interactive app</a>'
        if app_url
        else "the interactive app"
    )
    return (
        "Control and deadlines: a hand-curated timeline, every row with its source (see "
        + app
        + " for the timeline, the articles and the method). Districts: "
        '<a href="https://www.naturalearthdata.com/" target="_blank" rel="noopener noreferrer">Natural Earth</a> '
        "(public domain), coarse at this scale. The Lachin corridor is a schematic 5 km band. Map library: "
        f'<a href="https://leafletjs.com/" target="_blank" rel="noopener noreferrer">Leaflet</a> {LEAFLET_VERSION} '
        "(BSD-2-Clause, inlined in this page)."
    )


def page_data(
    data: MapData,
    articles: Sequence[Article],
    excerpts: Mapping[str, Sequence[Excerpt]],
    table: DayTable,
    app_url: str = "",
) -> dict:
    """The one JSON object ``publish_page.js`` starts from: the map's data and the page's own."""
    days = [table.start + dt.timedelta(days=n) for n in range(len(table.states))]
    changes = {day.isoformat(): changes_html(data.events, data.places, articles, day) for day in days}
    return {
        "map": map_data(
            data.districts,
            data.corridor,
            data.places,
            excerpts,
            data.label_points,
            table,
            app_url=app_url,
            settlements=data.settlements,
        ),
        "changes": {day: html for day, html in changes.items() if html != NO_CHANGE_HTML},
        "noChange": NO_CHANGE_HTML,
        "places": place_keys(data.places),
        "basemaps": [
            {
                "name": "OpenStreetMap",
                "url": OSM_TILES.build_url(),
                "attribution": OSM_TILES.html_attribution,
                "maxZoom": OSM_TILES.get("max_zoom", 19),
            },
            {
                "name": "Light grey (Esri)",
                "url": LIGHT_TILES.build_url(),
                "attribution": LIGHT_TILES.html_attribution,
                "maxZoom": LIGHT_TILES.get("max_zoom", 16),
            },
        ],
        "playMs": PLAY_MS,
        "firstDay": HANDOVER_START.isoformat(),
    }


def publish_html(
    data: MapData,
    articles: Sequence[Article],
    excerpts: Mapping[str, Sequence[Excerpt]],
    table: DayTable,
    app_url: str = "",
) -> str:
    """The published page as one HTML string (see the module's docstring). ``app_url``: the app's address, for the
    credits and the popups' links to its Sources page; empty, they name the app without a link."""
    first = HANDOVER_START
    values = {
        "first-day": first.isoformat(),
        "first-day-text": esc(day_text(first, weekday=True)),
        "title": esc(MAP_TITLE),
        "heading": esc(f"Who held what around Nagorno-Karabakh, {day_text(WAR_START)} to {day_text(HANDOVER_END)}"),
        "description": esc(
            "Who held each district around Nagorno-Karabakh, day by day through the 2020 war and the November "
            "handover, with the news that reported it."
        ),
        "leaflet-css": _leaflet_css(),
        "page-css": compact_css(static_text("publish_page.css")),
        "credits": _credits(app_url),
        "noscript": esc("This map needs JavaScript. The app's Timeline and Data pages have the same facts as tables."),
        "leaflet-js": _script((LEAFLET / "leaflet.js").read_text(encoding="utf-8"), "leaflet.js"),
        "map-js": _script(static_text("handover_map.js"), "handover_map.js"),
        "page-js": _script(static_text("publish_page.js"), "publish_page.js"),
        "data": script_json(page_data(data, articles, excerpts, table, app_url)),
    }
    template = static_text(TEMPLATE)
    wanted = set(SLOT.findall(template))
    if wanted != set(values):
        raise PublishError(f"{TEMPLATE}: slots {sorted(wanted ^ set(values))} are not filled or not in the page")
    return SLOT.sub(lambda m: values[m.group(1)], template)


def load_and_publish(app_url: str = "") -> str:
    """The published page from the files of ``data/`` (a damaged file raises :class:`geo.tables.DataError`)."""
    data = load_map_data()
    articles = load_corpus(paths.ARTICLES)
    names = place_gazetteer(data.places)
    mentions = {a.file: find_mentions(a, names) for a in articles}
    excerpts = excerpts_by_place(articles, mentions)
    table = build_day_table({d: status_on(data.events, data.places, d) for d in map_days()}, data.places, IN_FORCE_FROM)
    return publish_html(data, articles, excerpts, table, app_url)


def write_static_copy(path: Path = STATIC_COPY) -> int:
    """Write the copy the app serves; returns its size in bytes."""
    page = load_and_publish(STATIC_APP_URL).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page)
    return len(page)
