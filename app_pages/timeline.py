"""Timeline: control per district and place over time, deadlines, and every dated row with its source."""

import streamlit as st

import loaders
import state
from geo.charts import timeline_chart
from geo.corpus import source_href
from geo.markup import esc, link
from geo.timeline import MOMENT_DAY, day_text, disputes

day = state.date_sidebar()
places = loaders.gazetteer()
events = loaders.events()
articles, _mentions, _excerpts = loaders.corpus(state.added_articles())

st.title("Timeline")
st.caption(
    "Bars: who held each district, and each place whose fate differs from its district's. Diamonds: handover "
    "deadlines. Red line: the day chosen in the sidebar. Hover for the status and its source."
)
st.altair_chart(timeline_chart(events, places, state.range_start(), state.HANDOVER_END, day), key="timeline_chart")

st.header("Where sources disagree")
st.write("The map uses the row marked *displayed*; the others are kept and shown here.")
for group in disputes(events):
    # Escaped HTML, not Markdown: statuses and source titles are data, quoted as they are.
    items = "".join(
        f"<li>{day_text(event.date)} ({'<b>displayed</b>' if event.displayed else 'kept'}): {esc(event.status)}. "
        f"{link(source_href(event.source_url, articles), event.source_title)}</li>"
        for event in group
    )
    st.html(
        f"<p><b>{esc(places[group[0].entity_id].name)}</b> · <code>{esc(group[0].claim)}</code></p><ul>{items}</ul>"
    )

st.header("Every dated row")
entity = st.selectbox(
    "Show",
    ["All", *sorted({e.entity_id for e in events})],
    key=state.KEY_TIMELINE_ENTITY,
    format_func=lambda i: i if i == "All" else places[i].label,
)
st.dataframe(
    [
        {
            "Place": places[e.entity_id].name,
            "Date": e.date,
            "Kind": e.kind,
            "Control": e.control,
            "Status": e.status,
            "Displayed": e.displayed,
            "Source": e.source_title,
            "Link": source_href(e.source_url, articles) or None,
        }
        for e in events
        if entity == "All" or e.entity_id == entity
    ],
    hide_index=True,
    # A date column, not text: it sorts by date and shows the app's format.
    column_config={
        "Date": st.column_config.DateColumn("Date", format=MOMENT_DAY),
        "Link": st.column_config.LinkColumn("Link", display_text="open"),
    },
    key="timeline_rows",
)

state.play_tick()
