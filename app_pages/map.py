"""Home: the map whose district colours follow the sidebar's day, with what changed and the status table.

The folium map is rebuilt identically on every rerun, so streamlit-folium keeps the same component (same
key, no remount: zoom and pan stay); only the day's feature group changes (``feature_group_to_add``).
``returned_objects=[]``: the page reads nothing back from the map, so panning never triggers a rerun.
"""

import streamlit as st
from streamlit_folium import st_folium

import loaders
import state
from geo import mapping
from geo.corpus import source_href
from geo.exports import status_rows
from geo.markup import esc, link, table_html
from geo.timeline import changes_on

STATUS_TABLE_CSS = (
    "<style>.kb-change{line-height:1.45;margin:0 0 .8rem}"
    ".kb-status{max-height:380px;overflow-y:auto}.kb-table{font-size:0.85rem;width:100%}"
    ".kb-table td,.kb-table th{padding:2px 6px}</style>"
)

day = state.date_sidebar()
places = loaders.gazetteer()
statuses = loaders.statuses(day)
articles, _mentions, _excerpts = loaders.corpus(state.added_articles())

st.title(f"Who held what on {day:%a} {day.day} {day:%b %Y}")
map_column, side_column = st.columns([3, 2], gap="medium")

with map_column:
    base, layer = loaders.day_map(day, state.added_articles())
    st_folium(
        base,
        key=state.KEY_MAP,
        feature_group_to_add=layer,
        returned_objects=[],
        height=mapping.MAP_HEIGHT,
        use_container_width=True,
        render=False,  # st_folium renders the map's script itself; the whole-page render would only cost time
    )
    st.caption(
        "Colours show control on the chosen day; hover a district for its status, deadline and source, click a "
        "marker for the article sentences that name the place. The Lachin corridor is a schematic 5 km band, "
        "not a surveyed line. Boundaries: Natural Earth (public domain), coarse at this scale."
    )

with side_column:
    st.subheader("What changed on this day")
    changes = changes_on(loaders.events(), day)
    if not changes:
        st.write("No change of control and no deadline on this day.")
    for event in changes:
        what = "Deadline" if event.kind == "deadline" else "Control"
        if event.kind == "deadline" and event.announced == day and event.date != day:
            what = f"Deadline set for {event.date.day} {event.date:%b}"
        source = link(source_href(event.source_url, articles), event.source_title)
        st.html(
            f'<p class="kb-change"><b>{esc(places[event.entity_id].label)}</b>'
            f" · {esc(what)}: {esc(event.status)}<br>"
            f"<small>Source: {source}</small></p>"
        )
    st.subheader("Status on this day")
    # A plain HTML table, not st.dataframe: the data grid's 1.2 MB of scripts would delay the map's first paint.
    rows = [
        {
            "Place": places[r["id"]].label,
            "Control": mapping.CONTROL_STYLE[r["control"]]["label"],
            "Since": r["since"],
            "Deadline": r["deadline"],
            "Source": "source",
            "url": source_href(r["source_url"], articles),
        }
        for r in status_rows(statuses, places)
    ]
    table = table_html(rows, ["Place", "Control", "Since", "Deadline", "Source"], links={"Source": "url"})
    st.html(f'{STATUS_TABLE_CSS}<div class="kb-status">{table}</div>')


state.play_tick()
