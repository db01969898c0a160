"""Streamlit glue, part two: the cached loaders. Each one calls ``geo/`` and caches what it returns.

Loaders are keyed on hashable arguments (a day, a tuple of added articles), never on a GeoDataFrame; what they
return is plain data. Paths are read from ``geo.paths`` when a loader runs, not when this module is imported, so
a test can point the app at a corrupted copy of ``data/``. A problem in a data file raises
``geo.tables.DataError``, which ``app.py`` shows as one message.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo import paths
from geo.corpus import Article, Mention, excerpts_by_place, find_mentions, load_corpus, parse_article
from geo.names import Gazetteer, people_gazetteer, place_gazetteer
from geo.places import Person, Place, load_people, load_places
from geo.timeline import Event, Status, load_timeline, map_days, status_on

KEY_DAY = "day"  # the sidebar slider's key; the map in the browser follows the widget with this key


@st.cache_data(show_spinner=False)
def gazetteer() -> dict[str, Place]:
    return load_places(paths.PLACES_CSV)


@st.cache_data(show_spinner=False)
def people() -> dict[str, Person]:
    return load_people(paths.PEOPLE_CSV)


@st.cache_data(show_spinner=False)
def place_names() -> Gazetteer:
    """The places' names for matching (:func:`geo.names.place_gazetteer`): built once (about 75 ms); a cache hit
    unpickles it (under 2 ms)."""
    return place_gazetteer(gazetteer())


@st.cache_data(show_spinner=False)
def events() -> list[Event]:
    return load_timeline(paths.TIMELINE_CSV, places=gazetteer())


@st.cache_data(show_spinner=False)
def statuses(day: dt.date) -> dict[str, Status]:
    return status_on(events(), gazetteer(), day)


@st.cache_data(show_spinner=False)
def districts_geojson() -> dict:
    """``data/districts.geojson``, validated against the districts of ``places.csv``."""
    from geo.boundaries import load_districts_geojson

    district_ids = sorted(p.id for p in gazetteer().values() if p.is_area)
    return load_districts_geojson(paths.DISTRICTS_GEOJSON, district_ids)


@st.cache_data(show_spinner=False)
def label_points() -> dict[str, tuple[float, float]]:
    """A label point (lat, lon) per district."""
    from geo.boundaries import label_points as points

    return points(districts_geojson())


@st.cache_data(show_spinner=False)
def corridor() -> dict:
    from geo.corridor import corridor_feature_in

    return corridor_feature_in(gazetteer(), districts_geojson())


@st.cache_data(show_spinner=False)
def settlement_periods() -> list[dict]:
    """Every settlement with the spans of its own control over the map's days (:mod:`geo.settlements`)."""
    from geo.settlements import load_settlement_control, load_settlements
    from geo.settlements import settlement_periods as periods
    from geo.timeline import HANDOVER_END, WAR_START

    settlements = load_settlements(places=gazetteer())
    control = load_settlement_control(settlements=settlements)
    return periods(settlements, events(), control, WAR_START, HANDOVER_END)


@st.cache_data(show_spinner=False)
def settlement_rows() -> tuple[dict, list[Event]]:
    """The settlements (GeoNames id as text -> :class:`geo.settlements.Settlement`) and every row of
    ``settlement_control.csv``, the kept alternatives too (the timeline page lists where sources disagree)."""
    from geo.settlements import load_settlement_control, load_settlements

    settlements = load_settlements(places=gazetteer())
    return settlements, load_settlement_control(settlements=settlements)


@st.cache_data(show_spinner=False)
def seed_corpus() -> list[Article]:
    return load_corpus(paths.ARTICLES)


@st.cache_data(show_spinner=False, max_entries=32)
def corpus(added: tuple[tuple[str, str], ...]) -> tuple[list[Article], dict[str, list[Mention]], dict]:
    """Seeds plus the session's added articles, their mentions, and excerpts per place (newest first)."""
    articles = [*seed_corpus(), *(parse_article(text, name) for name, text in added)]
    names = place_names()
    mentions = {a.file: find_mentions(a, names) for a in articles}
    excerpts = excerpts_by_place(articles, mentions)
    return articles, mentions, excerpts


@st.cache_data(show_spinner=False)
def day_table():
    """The map's state on every day the slider can reach (:class:`geo.day_states.DayTable`)."""
    from geo.corridor import IN_FORCE_FROM
    from geo.day_states import build_day_table

    return build_day_table({day: statuses(day) for day in map_days()}, gazetteer(), IN_FORCE_FROM)


@st.cache_data(show_spinner=False, max_entries=32)
def map_script(added: tuple[tuple[str, str], ...], slider_key: str | None = KEY_DAY) -> str:
    """The base map's Leaflet script for the seeds plus the session's articles (see geo.mapping.base_script).

    It follows the sidebar's slider (``slider_key``) in the browser; ``None`` for a map that leaves the page.
    """
    from geo.mapping import base_script

    _articles, _mentions, excerpts = corpus(added)
    return base_script(
        districts_geojson(),
        corridor(),
        gazetteer(),
        excerpts,
        label_points(),
        day_table(),
        slider_key,
        added_files={name for name, _text in added},
        settlements=settlement_periods(),
    )


@st.cache_data(show_spinner=False)
def day_state(day: dt.date) -> dict:
    """One day's map state (the feature group's), cached per day: a step unpickles this, not the whole table."""
    return day_table().state(day)


# --- the map page's rerun: everything it draws is computed once (per corpus, per day) and cached as plain strings --


@st.cache_data(show_spinner=False, max_entries=32)
def map_component_args(added: tuple[tuple[str, str], ...], key: str) -> dict:
    """What ``st_folium`` sends the browser for the base map (``key``: the page's map key), computed once per
    corpus: the same every day, so a rerun neither rebuilds the folium map nor resends its 41 KB script.

    The day reaches the map through the slider it watches and the side column's day mark (``day_status_html``),
    not through a feature group. ``tests/test_app.py`` checks these are the arguments ``st_folium`` itself would
    pass for this map with ``returned_objects=[]`` and ``use_container_width=True``.
    """
    import streamlit_folium as sf

    from geo.mapping import base_map

    fmap = base_map(map_script(added, KEY_DAY))
    fmap.render()
    html, header = sf._get_html(fmap), sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    links: dict[str, list[str]] = {"css": [], "js": []}
    pending = [fmap]
    while pending:  # st_folium's own walk: every element's default_css and default_js, in tree order
        element = pending.pop(0)
        links["css"].extend(href for _name, href in getattr(element, "default_css", []))
        links["js"].extend(src for _name, src in getattr(element, "default_js", []))
        pending[:0] = list(getattr(element, "_children", {}).values())
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(fmap),
        "key": sf.generate_js_hash(script, key, False),
        "returned_objects": [],
        "default": {},
        "zoom": None,
        "center": None,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(dict.fromkeys(links["css"])),
        "js_links": list(dict.fromkeys(links["js"])),
        "wrap_longitude": False,
    }


def show_map(added: tuple[tuple[str, str], ...], key: str, height: int) -> None:
    """Draw the map component (streamlit-folium's own frontend) with the cached arguments: a rerun costs a dict
    lookup, where ``st_folium`` would render the folium map again (30-60 ms on the 2-core machine)."""
    import streamlit_folium as sf

    sf._component_func(**map_component_args(added, key), height=height, width=None)


MAP_CAPTION = (
    "Colours show control on the chosen day; hover a district for its status, deadline and source, click a marker "
    "for the article sentences that name the place. The Lachin corridor is a schematic 5 km band, not a surveyed "
    "line. Boundaries: Natural Earth (public domain), coarse at this scale."
)


def map_note_html() -> str:
    """The note under the map: its caption and the watch that says so when the map cannot load."""
    from geo.frontend import map_note_html

    return map_note_html(MAP_CAPTION)


def map_page_css() -> str:
    """The map page's stylesheet (geo/static/map_page.css) as a ``<style>`` element."""
    from geo.frontend import style_html

    return style_html("map_page.css")


@st.cache_data(show_spinner=False, max_entries=128)
def day_changes_html(day: dt.date) -> str:
    """ "What changed on this day" as escaped HTML (the timeline cites seed articles only, so no added article
    changes it)."""
    from geo.changes import changes_html

    return changes_html(events(), gazetteer(), seed_corpus(), day)


@st.cache_data(show_spinner=False, max_entries=128)
def day_status_html(day: dt.date) -> str:
    """The status table of ``day`` as escaped HTML, marked with the day (``geo.mapping.PAGE_DAY_ATTR``): the map
    in the page reads the mark to know which day the server's last run drew. The mark is ISO, for the script; the
    table's dates are written for the reader (``geo.timeline.day_text``)."""
    from geo.corpus import source_href
    from geo.exports import status_rows
    from geo.map_style import CONTROL_STYLE
    from geo.mapping import PAGE_DAY_ATTR
    from geo.markup import short_source, table_html
    from geo.timeline import day_text, period_start_text

    places, articles, on_day = gazetteer(), seed_corpus(), statuses(day)
    rows = []
    for r in status_rows(on_day, places):
        deadline = on_day[r["id"]].deadline
        rows.append(
            {
                "Place": places[r["id"]].label,
                "Control": CONTROL_STYLE[r["control"]]["label"],
                "Since": period_start_text(on_day[r["id"]]),
                "Deadline": day_text(deadline.date) if deadline else "",
                "Source": short_source(r["source_title"]) or "source",
                "url": source_href(r["source_url"], articles),
            }
        )
    table = table_html(rows, ["Place", "Control", "Since", "Deadline", "Source"], links={"Source": "url"})
    return f'<div class="kb-status" {PAGE_DAY_ATTR}="{day.isoformat()}">{table}</div>'


@st.cache_data(show_spinner=False, max_entries=4)
def published_page(app_url: str) -> str:
    """The published page (:func:`geo.publish.load_and_publish`), linking the app at ``app_url``."""
    from geo.publish import load_and_publish

    return load_and_publish(app_url)


@st.cache_data(show_spinner=False, max_entries=32)
def claim_differences(added: tuple[tuple[str, str], ...]):
    """Where the articles differ on a date, a figure or a spelling (:func:`geo.compare.differences`)."""
    from geo.compare import differences

    articles, _mentions, _excerpts = corpus(added)
    return differences(articles, people_gazetteer(people()), place_names())


@st.cache_data(show_spinner=False)
def boundary_report():
    """The polygon-versus-official area table and the places that fall outside their own district's polygon."""
    from geo.boundaries import boundary_report as report

    return report(gazetteer(), paths.DISTRICTS_GEOJSON, paths.DISTRICT_AREAS_CSV)


@st.cache_data(show_spinner=False)
def read_doc(name: str) -> str:
    """A Markdown file of the repository (``docs/`` or ``data/``), for the About page. ``name`` is a constant."""
    return (paths.ROOT / name).read_text(encoding="utf-8")


@st.cache_data(show_spinner=False, max_entries=8)
def day_picture_png(day: dt.date) -> bytes:
    """The picture of ``day`` as PNG (:func:`geo.picture.day_picture`), from the data the app has loaded, cached per
    day. Drawing one takes a second or two: the map page asks for it only when the download button is pressed."""
    from geo.mapdata import MapData
    from geo.picture import day_picture

    data = MapData(gazetteer(), events(), districts_geojson(), label_points(), corridor(), settlement_periods())
    return day_picture(data, day, "png")
