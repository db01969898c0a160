"""Timeline: control per district and place over time, deadlines, the settlements with a dated status, and every
dated row with its source."""

import streamlit as st

import loaders
import state
from geo.charts import timeline_chart
from geo.corpus import source_href
from geo.markup import esc, link
from geo.settlements import settlement_span_rows
from geo.timeline import HANDOVER_END, MOMENT_DAY, day_text, disputes

day = state.date_sidebar()
places = loaders.gazetteer()
events = loaders.events()
articles, _mentions, _excerpts = loaders.corpus(state.added_articles())
settlements, settlement_events = loaders.settlement_rows()

st.title("Timeline")
st.caption(
    "Bars: who held each district, and each place whose fate differs from its district's. Diamonds: handover "
    "deadlines. Red line: the day chosen in the sidebar. Hover for the status and its source."
)
st.altair_chart(timeline_chart(events, places, state.range_start(), state.HANDOVER_END, day), key="timeline_chart")

st.header("Where sources disagree")
st.write("The map uses the row marked *displayed*; the others are kept and shown here.")
names = {**{key: s.name for key, s in settlements.items()}, **{key: p.name for key, p in places.items()}}
for group in [*disputes(events), *disputes(settlement_events)]:
    # Escaped HTML, not Markdown: statuses and source titles are data, quoted as they are.
    items = "".join(
        f"<li>{day_text(event.date)} ({'<b>displayed</b>' if event.displayed else 'kept'}): {esc(event.status)}. "
        f"{link(source_href(event.source_url, articles), event.source_title)}</li>"
        for event in group
    )
    st.html(f"<p><b>{esc(names[group[0].entity_id])}</b> · <code>{esc(group[0].claim)}</code></p><ul>{items}</ul>")

st.header("Settlements with a dated status")
st.caption(
    "Villages and towns (GeoNames) with control rows of their own: who held each, from when, and the source. A "
    "settlement with no row has no status; it never takes its district's. Towns that are places of the map are in "
    "the bars above, under their own name. Until: empty where the span runs past the map's last day."
)
st.dataframe(
    [
        {**row, "url": source_href(row["url"], articles) or None}
        for row in settlement_span_rows(loaders.settlement_periods(), places, HANDOVER_END)
    ],
    hide_index=True,
    column_config={
        "Since": st.column_config.DateColumn("Since", format=MOMENT_DAY),
        "From": st.column_config.DateColumn("From", format=MOMENT_DAY),
        "Until": st.column_config.DateColumn("Until", format=MOMENT_DAY),
        "url": st.column_config.LinkColumn("Link", display_text="open"),
    },
    key="timeline_settlements",
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
