"""Streamlit glue: session-state key names, the chosen day (bound to ``?date=``), and cached loaders.

This is the only module besides ``app.py`` and ``app_pages/`` that imports Streamlit. Loaders are keyed on hashable
arguments (a day, a tuple of added articles), never on a GeoDataFrame; what they return is plain data.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import streamlit as st

from geo import paths
from geo.corpus import Article, Mention, excerpts_for, find_mentions, load_corpus, parse_article
from geo.names import people_gazetteer, place_gazetteer
from geo.places import Person, Place, load_people, load_places
from geo.timeline import HANDOVER_END, HANDOVER_START, WAR_START, Event, Status, load_timeline, map_days, status_on

# Session-state keys (every widget has one).
KEY_DAY = "day"
KEY_CHOSEN = "chosen_day"  # (day, show_war): the choice, kept across page switches
KEY_MOVED = "day_slider_moved"  # set by the slider's on_change: this run was started by the user moving it
KEY_WAR = "show_war"
KEY_PLAYING = "playing"
KEY_PLAY_BUTTON = "play_button"
KEY_STEP_PENDING = "play_step_pending"
KEY_NOTICE = "day_notice"
KEY_ADDED = "added_articles"
KEY_MAP = "handover_map"
KEY_PASTE_TEXT = "paste_text"
KEY_PASTE_NAME = "paste_name"
KEY_UPLOAD = "upload"
KEY_ADD_BUTTON = "add_article"
KEY_CLEAR_BUTTON = "clear_articles"
KEY_SOURCES_PICK = "sources_pick"
KEY_TIMELINE_ENTITY = "timeline_entity"

DEFAULT_DAY = HANDOVER_START
PLAY_SECONDS = 0.8


def parse_day(value: str | None) -> tuple[dt.date, str]:
    """The day a ``?date=`` value asks for, clamped to the map's range, and a message when it was changed."""
    if not value:
        return DEFAULT_DAY, ""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return DEFAULT_DAY, f"?date={value} is not a date (YYYY-MM-DD); showing {DEFAULT_DAY.isoformat()}."
    if day < WAR_START or day > HANDOVER_END:
        clamped = min(max(day, WAR_START), HANDOVER_END)
        return clamped, (
            f"?date={value} is outside the map's range ({WAR_START.isoformat()} to {HANDOVER_END.isoformat()}); "
            f"showing {clamped.isoformat()}."
        )
    return day, ""


def date_sidebar() -> dt.date:
    """The shared sidebar: title, date controls (range toggle, slider, play). Reads and writes ``?date=``.

    Every page calls it first; it returns the chosen day.
    """
    with st.sidebar:
        st.markdown("### Nagorno-Karabakh handover, Nov 2020")
        return _date_controls()


def _remember_choice() -> None:
    """Keep the day and the range apart from their widgets (also the widgets' ``on_change``).

    Streamlit gives each page its own slider and toggle (a widget's id includes its page) and drops them on a page
    switch, and a page link drops ``?date=``: this copy carries the choice over to the next page.
    """
    st.session_state[KEY_CHOSEN] = (st.session_state[KEY_DAY], st.session_state[KEY_WAR])


def _slider_moved() -> None:
    """The slider's ``on_change``."""
    st.session_state[KEY_MOVED] = True
    _remember_choice()


def _toggle_play() -> None:
    """The play button's ``on_click``: it runs before the widgets, so it may move the day (replay from the start)."""
    playing = not st.session_state.get(KEY_PLAYING, False)
    st.session_state[KEY_PLAYING] = playing
    day, war = st.session_state[KEY_CHOSEN]
    if playing and day >= HANDOVER_END:
        st.session_state[KEY_CHOSEN] = (WAR_START if war else HANDOVER_START, war)


def _date_controls() -> dt.date:
    if st.session_state.pop(KEY_MOVED, False):
        # The user moved the slider: the browser has the value already. Writing the widget's key
        # would make Streamlit send it back, and a rerun overtaken by more arrow presses would move the slider back.
        pass
    elif KEY_CHOSEN in st.session_state:  # a page switch (each page has its own widgets) or a play step
        st.session_state[KEY_DAY], st.session_state[KEY_WAR] = st.session_state[KEY_CHOSEN]
    else:
        day, notice = parse_day(st.query_params.get("date"))
        st.session_state[KEY_DAY] = day
        st.session_state[KEY_WAR] = day < HANDOVER_START
        st.session_state[KEY_NOTICE] = notice
    if st.session_state.pop(KEY_STEP_PENDING, False):
        st.session_state[KEY_DAY] = min(st.session_state[KEY_DAY] + dt.timedelta(days=1), HANDOVER_END)
    st.toggle(
        "Include the war (from 27 Sep)",
        key=KEY_WAR,
        # Not _slider_moved: the toggle changes the slider's range, hence its identity, and the new slider must be
        # given the day again or it would start at its first day.
        on_change=_remember_choice,
        help="Extend the slider back to 27 September 2020 to show the districts taken in the fighting.",
    )
    first = WAR_START if st.session_state[KEY_WAR] else HANDOVER_START
    if st.session_state[KEY_DAY] < first:
        st.session_state[KEY_DAY] = first
    day = st.slider(
        "Day",
        min_value=first,
        max_value=HANDOVER_END,
        step=dt.timedelta(days=1),
        format="ddd D MMM YYYY",
        key=KEY_DAY,
        on_change=_slider_moved,
        help="Drag, or focus the slider and use the arrow keys to step one day.",
    )
    _remember_choice()
    st.query_params["date"] = day.isoformat()
    playing = st.session_state.get(KEY_PLAYING, False)
    st.button(
        "⏸ Pause" if playing else "▶ Play",
        key=KEY_PLAY_BUTTON,
        on_click=_toggle_play,
        help="Step forward one day at a time",
    )
    if st.session_state.get(KEY_NOTICE):
        st.warning(st.session_state[KEY_NOTICE])
    st.caption(f"Link to this day: `?date={day.isoformat()}`")
    return day


def play_tick() -> None:
    """While playing, wait and step the day forward by one (called at the end of every run)."""
    if not st.session_state.get(KEY_PLAYING):
        return
    if st.session_state[KEY_DAY] >= HANDOVER_END:
        st.session_state[KEY_PLAYING] = False
        return
    time.sleep(PLAY_SECONDS)
    st.session_state[KEY_STEP_PENDING] = True
    st.rerun()


def range_start() -> dt.date:
    """The first day of the slider's current range."""
    return WAR_START if st.session_state.get(KEY_WAR) else HANDOVER_START


def added_articles() -> tuple[tuple[str, str], ...]:
    """Articles added in this session, as ``(file name, text)`` pairs."""
    return tuple(st.session_state.get(KEY_ADDED, ()))


def add_article(name: str, text: str) -> str:
    """Keep an article for this session under a unique name; returns the name used."""
    existing = {n for n, _ in added_articles()} | {a.file for a in seed_corpus()}
    base, suffix = (name.rsplit(".", 1) + ["txt"])[:2] if "." in name else (name, "txt")
    unique, counter = f"{base}.{suffix}", 2
    while unique in existing:
        unique, counter = f"{base}-{counter}.{suffix}", counter + 1
    st.session_state[KEY_ADDED] = (*added_articles(), (unique, text))
    return unique


# --- cached loaders -------------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def gazetteer() -> dict[str, Place]:
    return load_places()


@st.cache_data(show_spinner=False)
def people() -> dict[str, Person]:
    return load_people()


@st.cache_data(show_spinner=False)
def events() -> list[Event]:
    return load_timeline(places=gazetteer())


@st.cache_data(show_spinner=False)
def statuses(day: dt.date) -> dict[str, Status]:
    return status_on(events(), gazetteer(), day)


@st.cache_data(show_spinner=False)
def districts_geojson() -> dict:
    return json.loads(paths.DISTRICTS_GEOJSON.read_text(encoding="utf-8"))


@st.cache_data(show_spinner=False)
def label_points() -> dict[str, tuple[float, float]]:
    """A label point (lat, lon) per district: its fixed interior point from the boundary build."""
    from geo.boundaries import DISTRICTS

    return {spec.district_id: (spec.interior_points[0][1], spec.interior_points[0][0]) for spec in DISTRICTS}


@st.cache_data(show_spinner=False)
def corridor() -> dict:
    from shapely.geometry import shape
    from shapely.ops import unary_union

    from geo.corridor import corridor_feature

    union = unary_union([shape(f["geometry"]) for f in districts_geojson()["features"]])
    return corridor_feature(gazetteer(), union)


@st.cache_data(show_spinner=False)
def seed_corpus() -> list[Article]:
    return load_corpus(paths.ARTICLES)


@st.cache_data(show_spinner=False, max_entries=32)
def corpus(added: tuple[tuple[str, str], ...]) -> tuple[list[Article], dict[str, list[Mention]], dict]:
    """Seeds plus the session's added articles, their mentions, and excerpts per place (newest first)."""
    articles = [*seed_corpus(), *(parse_article(text, name) for name, text in added)]
    names = place_gazetteer(gazetteer())
    mentions = {a.file: find_mentions(a, names) for a in articles}
    excerpts = {pid: excerpts_for(pid, articles, mentions) for pid in gazetteer()}
    return articles, mentions, excerpts


@st.cache_data(show_spinner=False)
def day_table():
    """The map's state on every day the slider can reach (:class:`geo.mapping.DayTable`)."""
    from geo.corridor import IN_FORCE_FROM
    from geo.mapping import day_table as build

    return build({day: statuses(day) for day in map_days()}, gazetteer(), IN_FORCE_FROM)


@st.cache_data(show_spinner=False, max_entries=32)
def map_script(added: tuple[tuple[str, str], ...], slider_key: str | None = KEY_DAY) -> str:
    """The base map's Leaflet script for the seeds plus the session's articles (see geo.mapping.base_script).

    It follows the sidebar's slider (``slider_key``) in the browser; ``None`` for a map that leaves the page.
    """
    from geo.mapping import base_script

    _articles, _mentions, excerpts = corpus(added)
    return base_script(districts_geojson(), corridor(), gazetteer(), excerpts, label_points(), day_table(), slider_key)


@st.cache_data(show_spinner=False)
def day_state(day: dt.date) -> dict:
    """One day's map state (the feature group's), cached per day: a step unpickles this, not the whole table."""
    return day_table().state(day)


def day_map(day: dt.date, slider_key: str | None = KEY_DAY):
    """The base map (cached script) and the day's feature group, for the map page and the HTML download.

    Built on every call: streamlit-folium adds the group to the map, so folium objects are never cached.
    """
    from geo.mapping import base_map, date_layer

    return base_map(map_script(added_articles(), slider_key)), date_layer(day_state(day))


@st.cache_data(show_spinner=False, max_entries=32)
def claim_differences(added: tuple[tuple[str, str], ...]):
    """Where the articles differ on a date, a figure or a spelling (:func:`geo.compare.differences`)."""
    from geo.compare import differences

    articles, _mentions, _excerpts = corpus(added)
    return differences(articles, people_gazetteer(people()), place_gazetteer(gazetteer()))


@st.cache_data(show_spinner=False)
def boundary_report():
    """The polygon-versus-official area table and the places that fall outside their own district's polygon."""
    import pandas as pd

    from geo.boundaries import area_table, join_places, load_districts, official_areas

    districts = load_districts()
    points = pd.DataFrame(
        [{"id": p.id, "lat": p.lat, "lon": p.lon, "district": p.district} for p in gazetteer().values()]
    )
    joined = join_places(points, districts)
    return area_table(districts, official_areas()), joined[joined["outside_own_district"]].reset_index(drop=True)


@st.cache_data(show_spinner=False)
def read_doc(name: str) -> str:
    """A Markdown file of the repository (``docs/`` or ``data/``), for the About page."""
    return (paths.ROOT / name).read_text(encoding="utf-8")
