"""Entry point: ``streamlit run app.py``. Sets up the page and the navigation."""

import logging
from pathlib import Path

import streamlit as st

import state
from geo.markup import md_text
from geo.tables import DataError

FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"

# An embed (?embed=true, in a news page's iframe) starts with the sidebar folded: the map takes the width and the
# day bar above it is the day control (map_page.css).
st.set_page_config(
    page_title="Karabakh handover map, Nov 2020",
    page_icon=str(FAVICON),
    layout="wide",
    initial_sidebar_state="collapsed" if st.context.is_embedded else "auto",
)

# The screens live in app_pages/, not pages/: Streamlit (1.67) still treats a pages/ folder beside the entry script
# as a legacy multipage app on the first run of a server process, so a first visitor opening a link such as
# /timeline would get raw file names as navigation and bypass this file.
# The sidebar draws the navigation itself (state.py: links that carry ?date=), so Streamlit's own is hidden.
navigation = st.navigation(
    [
        st.Page(path, title=title, icon=icon, url_path=url_path or None, default=not url_path)
        for path, title, icon, url_path in state.PAGES
    ],
    position="hidden",
)

# Each page starts with state.date_sidebar() and ends with state.play_tick(): the shared sidebar and the player are
# one function each, called from the pages rather than from here, because AppTest (Streamlit 1.67) reruns only the
# page script after the first run under st.navigation, dropping what this file would draw or do.
try:
    navigation.run()
except DataError as exc:
    # A broken data file: one message naming the file, the row and the problem (relative to the repository, so no
    # server path); the traceback goes to the server's log. Other errors are Streamlit's, shown without details
    # (.streamlit/config.toml: client.showErrorDetails).
    logging.getLogger("karabakh-map").exception("data error")
    st.error(md_text(f"The app's data could not be read: {exc}"))
