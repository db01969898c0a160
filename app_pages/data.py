"""Data: the status on the chosen day and the whole timeline as tables and downloads; the published page (the map
with every day, one HTML file) to download, its address and the snippets that embed it or the app."""

from urllib.parse import urlencode

import streamlit as st

import loaders
import state
from geo import exports, place_links
from geo.timeline import MOMENT_DAY, day_text, partial_date_text, period_start_text

PUBLISHED_PATH = "app/static/handover_map.html"  # Streamlit's static file serving (.streamlit/config.toml)
EMBED_TITLE = "Map: who held each district around Nagorno-Karabakh, day by day, 2020"

day = state.date_sidebar()
places = loaders.gazetteer()
statuses = loaders.statuses(day)

st.title("Data")
# On screen the app's date format; the downloads below keep ISO dates.
st.header(f"Status on {day_text(day, weekday=True)}")
st.dataframe(
    [
        # "since": when the current period of control began, in words ("April 1993"; the CSV has it as
        # period_start). The deadline as a date (the rows have ISO text, for the CSV): it sorts as a date.
        {
            **{k: v for k, v in row.items() if k != "period_start"},
            "since": period_start_text(statuses[row["id"]]),
            "deadline": getattr(statuses[row["id"]].deadline, "date", None),
        }
        for row in exports.status_rows(statuses, places)
    ],
    hide_index=True,
    column_config={"deadline": st.column_config.DateColumn("deadline", format=MOMENT_DAY)},
    key="data_status",
)
left, middle, right = st.columns(3)
left.download_button(
    "Status (CSV)",
    exports.status_csv(statuses, places),
    file_name=f"status-{day.isoformat()}.csv",
    mime="text/csv",
    key="download_status_csv",
)
middle.download_button(
    "Status with polygons (GeoJSON)",
    exports.status_geojson(statuses, places, loaders.districts_geojson(), day),
    file_name=f"status-{day.isoformat()}.geojson",
    mime="application/geo+json",
    key="download_status_geojson",
)
app_root = state.app_root_url()
right.download_button(
    "Map with every day (HTML)",
    # Built when the button is pressed (about 1.5 s the first time), not on every run of this page.
    data=lambda: loaders.published_page(app_root),
    file_name="nagorno-karabakh-handover-map.html",
    mime="text/html",
    on_click="ignore",
    key="download_published_page",
    help="The published page: one HTML file with every day from 27 Sep to 1 Dec 2020 and its own day control. "
    "It needs no network and no server: open it, or put it on any web server.",
)

st.header("Publish and embed")
st.caption(
    "The published page is one file any number of readers can open without a session of this app. This app serves "
    "it at the address below; #date= and #place= in its address open a day and a place."
)
page_url = f"{app_root}{PUBLISHED_PATH}#date={day.isoformat()}" if app_root else ""
if page_url:
    st.code(page_url, language=None, wrap_lines=True)
    st.caption("Embed the published page in an article (an iframe; it works on a phone):")
    st.code(place_links.embed_snippet(page_url, EMBED_TITLE), language="html", wrap_lines=True)
    st.caption("Or embed this app (the map page, sidebar folded, the day bar above the map):")
    st.code(
        place_links.embed_snippet(f"{app_root}?{urlencode({'date': day.isoformat(), 'embed': 'true'})}", EMBED_TITLE),
        language="html",
        wrap_lines=True,
    )
else:
    st.caption(f"The app's own address is not known here; the page is at {PUBLISHED_PATH} under it.")

st.header("The whole timeline")
events = loaders.events()
st.caption(f"{len(events)} rows, every one with its source; rows marked displayed=no are kept alternatives.")
st.download_button(
    "Timeline (CSV)",
    exports.timeline_csv(events),
    file_name="timeline.csv",
    mime="text/csv",
    key="download_timeline_csv",
)
st.dataframe(
    [
        {
            "entity_id": e.entity_id,
            "date": e.date,
            "kind": e.kind,
            "control": e.control,
            "held_since": partial_date_text(e.held_since) if e.held_since else "",
            "status": e.status,
            "displayed": e.displayed,
            "source": e.source_title,
        }
        for e in events
    ],
    hide_index=True,
    column_config={"date": st.column_config.DateColumn("date", format=MOMENT_DAY)},
    key="data_timeline",
)
st.caption("Licences and the command that rebuilt each file: see the About page and `data/README.md`.")

state.play_tick()
