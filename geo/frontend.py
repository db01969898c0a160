"""The front end's own files (``geo/static/``) and the HTML that carries them into a page.

The JavaScript and CSS live in real files, checked by ``node --check`` and tested by ``node --test tests/js/``;
Python only reads them and fills in escaped text. No Streamlit here: ``loaders.py`` caches and draws these.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from geo.markup import esc

STATIC = Path(__file__).resolve().parent / "static"
# streamlit-folium's frame for the map, by the component's address (its title is replaced by MAP_FRAME_TITLE).
MAP_FRAME_SELECTOR = 'iframe[src*="/component/streamlit_folium.st_folium/"]'
# What a screen reader announces for the map's frame (map_watch.js sets it; streamlit-folium's is its module path).
MAP_FRAME_TITLE = (
    "Map: who held each district on the day chosen in the sidebar. The status table on this page says the same."
)
# How long the map may take to appear before the page says it has not loaded. Leaflet is 150 KB from a CDN:
# a slow phone connection may need several seconds; the message goes away again if the map then appears.
MAP_GRACE_MS = 8000
MAP_MISSING = (
    "The map has not loaded. It is drawn with Leaflet, which this page fetches from cdn.jsdelivr.net: a network, "
    "a browser setting or an extension that blocks that site leaves this area empty. The status table on this "
    "page gives the same day's control, and the Data page has the tables to download."
)


def compact_js(code: str) -> str:
    """``code`` without indentation, blank lines and whole-line ``//`` comments (scripts that go out on every rerun
    are smaller so). Only for code whose strings and regular expressions never span lines."""
    lines = (line.strip() for line in code.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def compact_css(code: str) -> str:
    """``code`` without comments and runs of white space (our own stylesheets: no strings holding ``/*``)."""
    return re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", "", code, flags=re.DOTALL)).strip()


@cache
def static_text(name: str) -> str:
    """The text of ``geo/static/<name>``."""
    return (STATIC / name).read_text(encoding="utf-8")


def _script_text(name: str) -> str:
    """A script of ``geo/static/`` compacted, for a ``<script>`` element (refused if it would end that element)."""
    script = compact_js(static_text(name))
    if "</script" in script.lower():
        raise ValueError(f"{name} must not contain '</script'")
    return script


@cache
def handover_map_js() -> str:
    """The map's own script (``handover_map.js``), compacted: it goes out with the map on every rerun."""
    return _script_text("handover_map.js")


@cache
def handover_map_css() -> str:
    """The stylesheet inside the map's frame (``handover_map.css``), compacted."""
    return compact_css(static_text("handover_map.css"))


def style_html(name: str) -> str:
    """A stylesheet of ``geo/static/`` as a ``<style>`` element."""
    return f"<style>{static_text(name)}</style>"


@cache
def map_note_html(caption: str) -> str:
    """The note under the map: ``caption`` (plain text, escaped here), a message hidden until
    ``map_watch.js`` finds that no map has been drawn, and that script (for ``st.html`` with JavaScript allowed).
    Built once per caption: the map page sends it on every rerun."""
    script = _script_text("map_watch.js")
    return (
        f'<div class="kb-map-note" data-kb-frame="{esc(MAP_FRAME_SELECTOR)}" data-kb-grace-ms="{MAP_GRACE_MS}" '
        f'data-kb-frame-title="{esc(MAP_FRAME_TITLE)}">'
        # A live region that is always there: a screen reader announces the message when it is shown.
        f'<div role="status"><div class="kb-map-missing" data-kb-missing hidden>{esc(MAP_MISSING)}</div></div>'
        f"<p>{esc(caption)}</p></div><script>{script}</script>"
    )
