"""Data: the status on the chosen day and the whole timeline as tables and downloads, and the map as HTML."""

import streamlit as st

import loaders
import state
from geo import exports, mapping
from geo.timeline import MOMENT_DAY, day_text, partial_date_text, period_start_text

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
base, layer = loaders.day_map(day, state.added_articles(), slider_key=None)  # the file has no slider to follow
right.download_button(
    "Map (standalone HTML)",
    mapping.standalone_html(base, layer),
    file_name=f"map-{day.isoformat()}.html",
    mime="text/html",
    key="download_map_html",
    help="The map for this day as one HTML file; it loads Leaflet and the basemap tiles from the internet.",
)

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
