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
from geo.corpus import Article, Mention, excerpts_for, find_mentions, load_corpus, parse_article
from geo.names import people_gazetteer, place_gazetteer
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


def day_map(day: dt.date, added: tuple[tuple[str, str], ...], slider_key: str | None = KEY_DAY):
    """The base map (cached script) and the day's feature group, for the map page and the HTML download.

    Built on every call: streamlit-folium adds the group to the map, so folium objects are never cached.
    """
    from geo.mapping import base_map, date_layer

    return base_map(map_script(added, slider_key)), date_layer(day_state(day))


@st.cache_data(show_spinner=False, max_entries=32)
def claim_differences(added: tuple[tuple[str, str], ...]):
    """Where the articles differ on a date, a figure or a spelling (:func:`geo.compare.differences`)."""
    from geo.compare import differences

    articles, _mentions, _excerpts = corpus(added)
    return differences(articles, people_gazetteer(people()), place_gazetteer(gazetteer()))


@st.cache_data(show_spinner=False)
def boundary_report():
    """The polygon-versus-official area table and the places that fall outside their own district's polygon."""
    from geo.boundaries import boundary_report as report

    return report(gazetteer(), paths.DISTRICTS_GEOJSON, paths.DISTRICT_AREAS_CSV)


@st.cache_data(show_spinner=False)
def read_doc(name: str) -> str:
    """A Markdown file of the repository (``docs/`` or ``data/``), for the About page. ``name`` is a constant."""
    return (paths.ROOT / name).read_text(encoding="utf-8")
