"""The benchmark's baseline: the real map page, but its folium map rebuilt with the day baked in on every rerun.

``streamlit run bench/baseline_app.py`` (``bench/run.py`` starts it). It runs ``app_pages/map.py`` unchanged except
for the map: instead of the cached, day-independent component arguments (``loaders.show_map``), each rerun builds
the folium map with the day's feature group drawn into it and passes it to ``st_folium``. The map's script then
differs from one day to the next, so streamlit-folium gives the component a new key and the browser remounts the
map (reloads its iframe, Leaflet and every polygon) on each step. That is the naive way to draw a day-dependent
folium map in Streamlit; the app avoids it. The baseline's map does not watch the slider either: it changes only
when the rerun brings a new map.
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
import state  # noqa: E402


def rebuilt_map(added, key: str, height: int) -> None:
    """The day's map rebuilt and drawn with ``st_folium`` on every rerun, without the in-browser slider watcher."""
    from geo.mapping import base_map, date_layer

    day = st.session_state[state.KEY_DAY]
    fmap = base_map(loaders.map_script(added, None))
    date_layer(loaders.day_state(day)).add_to(fmap)
    streamlit_folium.st_folium(
        fmap, key=key, returned_objects=[], height=height, use_container_width=True, render=False
    )


st.set_page_config(page_title="Baseline: map rebuilt on every rerun", layout="wide")
loaders.show_map = rebuilt_map
# The sidebar's page links name the pages of app.py's st.navigation, which this file does not run: leave them out.
st.page_link = lambda *args, **kwargs: None
runpy.run_path(str(MAP_PAGE), run_name="__main__")
