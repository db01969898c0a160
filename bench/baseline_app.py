"""The benchmark's baseline: the real map page, but its folium map rebuilt with the day baked in on every rerun.

``streamlit run bench/baseline_app.py`` (``bench/run.py`` starts it). It runs ``app_pages/map.py`` unchanged except
for ``st_folium``: the day's feature group is added to the map itself instead of being passed as
``feature_group_to_add``. The map's script then differs from one day to the next, so streamlit-folium gives the
component a new key and the browser remounts the map (reloads its iframe, Leaflet and every polygon) on each
step. That is the naive way to draw a day-dependent folium map in Streamlit; the app avoids it. The baseline's map
does not watch the slider either (``slider_key=None``): it changes only when the rerun brings a new map.
"""

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAP_PAGE = ROOT / "app_pages" / "map.py"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `streamlit run` puts bench/ on the path, not the repository

import streamlit as st  # noqa: E402
import streamlit_folium  # noqa: E402

import loaders  # noqa: E402

REAL_ST_FOLIUM = streamlit_folium.st_folium


def rebuilt_st_folium(fig, *, feature_group_to_add=None, **kwargs):
    """``st_folium`` with the feature group drawn into the map: a new map script, hence a remount, each day."""
    if feature_group_to_add is not None:
        feature_group_to_add.add_to(fig)
    return REAL_ST_FOLIUM(fig, **kwargs)


def unwatched_day_map(day, added, slider_key=None):
    """The real map for ``day`` without the in-browser slider watcher."""
    return REAL_DAY_MAP(day, added, slider_key=None)


REAL_DAY_MAP = loaders.day_map
st.set_page_config(page_title="Baseline: map rebuilt on every rerun", layout="wide")
streamlit_folium.st_folium = rebuilt_st_folium  # the page does `from streamlit_folium import st_folium` when it runs
loaders.day_map = unwatched_day_map
runpy.run_path(str(MAP_PAGE), run_name="__main__")
