"""Entry point: ``streamlit run app.py``. Sets up the page, the navigation and the shared date sidebar."""

import streamlit as st

import state

st.set_page_config(page_title="Karabakh handover map, Nov 2020", page_icon="🗺️", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/map.py", title="Map", icon="🗺️", default=True),
        st.Page("pages/timeline.py", title="Timeline", icon="📅", url_path="timeline"),
        st.Page("pages/sources.py", title="Sources", icon="📰", url_path="sources"),
        st.Page("pages/data.py", title="Data", icon="⬇️", url_path="data"),
        st.Page("pages/about.py", title="About", icon="ℹ️", url_path="about"),
    ]
)

with st.sidebar:
    st.markdown("### Nagorno-Karabakh handover, Nov 2020")
    state.date_sidebar()

navigation.run()
state.play_tick()
