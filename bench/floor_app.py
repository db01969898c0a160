"""The benchmark's floor: the app's mechanism with nothing else, to tell the framework's cost from the app's.

``streamlit run bench/floor_app.py`` (``bench/run.py`` starts it). A sidebar date slider (key ``day``, opened by
``?date=``) and an ``st_folium`` map of 12 tiny triangles restyled through ``feature_group_to_add`` with the same
hooks as the real map (``data-district`` on each path, ``data-kb-day`` and ``data-kb-rerun-day`` on the document).
No data, no other element, and no watching of the slider in the browser: the cost of one Streamlit rerun.
"""

import datetime as dt

import folium
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

FIRST_DAY, LAST_DAY = dt.date(2020, 9, 27), dt.date(2020, 12, 1)  # the app's range with the war shown
LEAFLET_JS = ("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
LEAFLET_CSS = ("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")
BASE_SCRIPT = """
window.kbDistricts = {};
for (var i = 0; i < 12; i++) {
  window.kbDistricts['d' + i] = L.polygon([[39 + i * 0.1, 46], [39 + i * 0.1, 46.1], [39.05 + i * 0.1, 46.05]])
    .addTo(map_div);
}
window.kbApply = function(day) {
  Object.keys(window.kbDistricts).forEach(function(id) {
    var layer = window.kbDistricts[id];
    layer.setStyle({fillColor: '#' + day.slice(-2) + '7788'});
    layer.getElement().setAttribute('data-district', id);
  });
  document.documentElement.setAttribute('data-kb-day', day);
  document.documentElement.setAttribute('data-kb-rerun-day', day);
};
"""


class Script(MacroElement):
    """Raw Leaflet script (the map's variable is ``map_div`` inside streamlit-folium)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


st.set_page_config(page_title="Floor: slider and a minimal map", layout="wide")
with st.sidebar:
    day = st.slider(
        "Day",
        min_value=FIRST_DAY,
        max_value=LAST_DAY,
        value=dt.date.fromisoformat(st.query_params.get("date", FIRST_DAY.isoformat())),
        step=dt.timedelta(days=1),
        key="day",
    )
fmap = folium.Map(location=(39.7, 46.65), zoom_start=8, tiles=None)
fmap.default_js, fmap.default_css = [LEAFLET_JS], [LEAFLET_CSS]
Script(BASE_SCRIPT).add_to(fmap)
layer = folium.FeatureGroup(name="day", control=False)
Script(f"window.kbApply('{day.isoformat()}');").add_to(layer)
st.title(f"Day {day.isoformat()}")
st_folium(fmap, key="floor_map", feature_group_to_add=layer, returned_objects=[], height=620, use_container_width=True)
