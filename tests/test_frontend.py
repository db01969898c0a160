"""The front end's files in geo/static/: Node checks their syntax and runs their tests (tests/js/); the HTML that
carries them into a page escapes what it fills in."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from geo import frontend, paths

JS_FILES = sorted(frontend.STATIC.glob("*.js"))


def node() -> str:
    found = shutil.which("node")
    if found is None:  # Node is on the machines and in CI (.ci/run installs it): its absence is a failure
        pytest.fail("node is not installed: the front end's tests need Node.js (Debian: apt-get install nodejs)")
    return found


def test_there_are_front_end_files():
    assert [p.name for p in JS_FILES] == ["handover_map.js", "map_watch.js", "publish_page.js"]


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: p.name)
def test_javascript_parses(path):
    result = subprocess.run([node(), "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_node_tests_pass():
    result = subprocess.run(
        [node(), "--test", "tests/js/"], cwd=paths.ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
    passed = int(result.stdout.split("# pass ")[1].split()[0])
    assert passed >= 5, result.stdout[-2000:]


def test_map_note_escapes_its_caption_and_carries_the_watch():
    html = frontend.map_note_html('Boundaries <b>coarse</b> & "schematic"')
    assert "Boundaries &lt;b&gt;coarse&lt;/b&gt; &amp; &quot;schematic&quot;" in html
    assert "<b>" not in html
    assert html.endswith(f"<script>{frontend.compact_js(frontend.static_text('map_watch.js'))}</script>")
    # The message is there from the start, hidden, inside a live region; the watch finds the map's frame by it.
    assert '<div role="status"><div class="kb-map-missing" data-kb-missing hidden>The map has not loaded.' in html
    assert f'data-kb-grace-ms="{frontend.MAP_GRACE_MS}"' in html
    assert 'data-kb-frame="iframe[src*=&quot;/component/streamlit_folium.st_folium/&quot;]"' in html
    assert 'data-kb-frame-title="Map: who held each district on the day chosen in the sidebar.' in html


def test_a_script_that_would_close_its_element_is_refused(monkeypatch):
    monkeypatch.setattr(frontend, "static_text", lambda name: "var s = '</SCRIPT>';")
    frontend.map_note_html.cache_clear()
    with pytest.raises(ValueError, match="map_watch.js"):
        frontend.map_note_html("caption")


def test_style_html_wraps_the_stylesheet():
    css = frontend.style_html("map_page.css")
    assert css.startswith("<style>") and css.endswith("</style>")
    assert ".kb-map-missing" in css and ".kb-change" in css and ".st-key-day_bar" in css


@pytest.mark.parametrize("name", ["map_watch.js", "handover_map.js"])
def test_the_compacted_scripts_still_parse_and_are_smaller(tmp_path, name):
    compacted = frontend.compact_js(frontend.static_text(name))
    assert len(compacted) < 0.8 * len(frontend.static_text(name))
    script = tmp_path / name
    script.write_text(compacted, encoding="utf-8")
    result = subprocess.run([node(), "--check", str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_map_stylesheet_is_compacted_without_changing_its_rules():
    css = frontend.handover_map_css()
    assert "/*" not in css and "\n" not in css
    assert "#map_div.leaflet-container { height: 100vh !important; }" in css
    assert ".leaflet-tooltip { white-space: normal; width: max-content; max-width: calc(50vw - 24px); }" in css
    assert css.count("{") == css.count("}") == frontend.static_text("handover_map.css").count("{")
