"""About: method, data provenance and licences, naming conventions, and the limits of the boundaries."""

import streamlit as st

import loaders
import state
from geo.frontend import style_html
from geo.registry import REGISTRY_HEADING, read_registry, registry_html

state.date_sidebar()
areas, outside = loaders.boundary_report()

st.title("About this map")
st.markdown(loaders.read_doc("docs/about.md"))

st.header("Boundaries against official areas")
st.dataframe(areas, hide_index=True, key="about_areas")

st.header("Places outside their own district's polygon")
st.write(
    "Natural Earth's lines are coarse: these gazetteer points fall in another district's polygon. Their "
    "coordinates are right; the polygon edge is not precise enough. Listed, not hidden:"
)
st.dataframe(outside, hide_index=True, key="about_outside")

st.header("Data files")
# The registry's introduction as written in data/README.md, then its table as HTML that wraps in the column (the
# Markdown table, with 64-digit sha256 values, was 1,254 px wide in a 940 px column).
registry = loaders.read_doc("data/README.md").split(REGISTRY_HEADING, 1)[1]
st.markdown("\n".join(line for line in registry.splitlines() if not line.startswith("|")))
st.html(style_html("about.css") + registry_html(read_registry()))

state.play_tick()
