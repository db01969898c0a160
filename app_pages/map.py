"""Home: the map whose district colours follow the sidebar's day, with what changed and the status table.

A step of the slider reruns this page; the rerun does almost nothing per day. The map component gets the same
cached arguments every time (``loaders.show_map``): streamlit-folium keeps it as it is (no remount, zoom and pan
stay) and the map recolours itself in the browser from the slider and the side column's day mark. The side column
is two cached HTML strings per day. ``returned_objects=[]``: the map sends nothing back, so panning never reruns.
"""

import streamlit as st

import loaders
import state
from geo import mapping
from geo.markup import esc
from geo.timeline import day_text

day = state.date_sidebar(places=True)

st.title(f"Who held what on {day_text(day, weekday=True)}")
# The place asked for (?place=, the search box): the map opens its popup when this mark changes.
mark = state.place_request_mark()
place_mark = f'<span hidden {mapping.PAGE_PLACE_ATTR}="{esc(mark)}"></span>' if mark else ""
state.day_bar(day)
# The row's key lets map_page.css stack the two columns where the row is narrow (an embed, a small window).
with st.container(key="map_row"):
    map_column, side_column = st.columns([3, 2], gap="medium")

with map_column:
    loaders.show_map(state.added_articles(), key=state.KEY_MAP, height=mapping.MAP_HEIGHT)
    # The caption, and a message in the map's place if Leaflet cannot load (geo/static/map_watch.js).
    st.html(loaders.map_note_html(), unsafe_allow_javascript=True)

with side_column:
    st.header("What changed on this day")
    st.html(loaders.map_page_css() + loaders.day_changes_html(day))
    st.header("Status on this day")
    # A plain HTML table, not st.dataframe: the data grid's 1.2 MB of scripts would delay the map's first paint.
    st.html(loaders.day_status_html(day) + place_mark)

# The picture is drawn when the button is pressed (a callable), not on every step of the slider.
st.download_button(
    "Picture of this day (PNG)",
    data=lambda: loaders.day_picture_png(day),
    file_name=f"map-{day.isoformat()}.png",
    mime="image/png",
    on_click="ignore",
    key="download_map_png",
)

state.play_tick()
