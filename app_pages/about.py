"""About: method, data provenance and licences, naming conventions, and the limits of the boundaries."""

import streamlit as st

import loaders
import state

state.date_sidebar()
areas, outside = loaders.boundary_report()

st.title("About this map")
st.markdown(loaders.read_doc("docs/about.md"))

st.subheader("Boundaries against official areas")
st.dataframe(areas, hide_index=True, key="about_areas")

st.subheader("Places outside their own district's polygon")
st.write(
    "Natural Earth's lines are coarse: these gazetteer points fall in another district's polygon. Their "
    "coordinates are right; the polygon edge is not precise enough. Listed, not hidden:"
)
st.dataframe(outside, hide_index=True, key="about_outside")

st.subheader("Data files")
st.markdown(loaders.read_doc("data/README.md").split("## Registry", 1)[1])

state.play_tick()
