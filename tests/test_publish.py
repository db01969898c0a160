"""The published page (geo.publish, ``python -m geo publish``): one self-contained file, the copy the app serves kept
current, its names looked up as the app looks them up, and hostile text escaped. Its behaviour in a browser with the
network blocked: tests/e2e/test_published_page.py."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess

import pytest

from geo import publish
from geo.cli import main
from geo.corpus import excerpts_for, find_mentions, load_corpus
from geo.mapdata import load_map_data
from geo.names import normalise, place_gazetteer
from geo.paths import ARTICLES, ROOT
from geo.popups import markers
from tests.test_frontend import node


@pytest.fixture(scope="module")
def page() -> str:
    return publish.load_and_publish("https://example.org/app/")


def test_the_page_loads_nothing_from_outside_itself(page):
    assert len(page.encode("utf-8")) <= publish.MAX_BYTES
    # No script, stylesheet, image, frame or font from anywhere: every <script> is inline, no <link>, <img>, <iframe>.
    assert not re.search(r"<script[^>]*\ssrc=", page, re.IGNORECASE)
    assert not re.search(r"<(link|img|iframe|object|embed|source|video|audio)\b", page, re.IGNORECASE)
    # Every url(...) in the stylesheets is inline data (Leaflet's images), and no source map is named.
    for target in re.findall(r"url\(([^)]*)\)", page):
        assert target.startswith(("data:image/png;base64,", "#default#VML")), target[:60]
    assert "sourceMappingURL" not in page
    assert "@import" not in page
    # Leaflet itself, whole, and its licence credited.
    leaflet = (publish.LEAFLET / "leaflet.js").read_text(encoding="utf-8")
    assert leaflet.split("\n//# sourceMappingURL")[0] in page
    assert "Leaflet</a> 1.9.3 (BSD-2-Clause" in page
    assert page.count("<script>") == page.count("</script>") == 4


def test_the_page_carries_every_day_and_starts_on_the_handover(page):
    data = json.JSONDecoder().raw_decode(page, page.rindex("start(") + len("start("))[0]
    table = data["map"]["table"]
    assert (table["start"], table["days"]) == ("2020-09-27", 66)
    assert len(data["map"]["dayTexts"]) == 66 and data["map"]["dayTexts"][54] == "Fri 20 Nov 2020"
    assert data["firstDay"] == "2020-11-10" and '<html lang="en" data-day="2020-11-10">' in page
    # What changed, by day: Aghdam's entry on 20 Nov cites its source.
    assert "Aghdam" in data["changes"]["2020-11-20"] and "Source: <a href=" in data["changes"]["2020-11-20"]
    assert "2020-11-19" not in data["changes"] or "Aghdam" not in data["changes"]["2020-11-19"]
    # The popups link the app's Sources page by the address given, and no basemap is on until chosen.
    popups = json.dumps([m["popup"] for m in data["map"]["markers"]])
    assert "https://example.org/app/sources?place=" in popups or "more sentence" not in popups
    assert [b["name"] for b in data["basemaps"]] == ["OpenStreetMap", "Light grey (Esri)"]
    assert data["map"]["sliderKey"] is None


def test_the_copy_the_app_serves_is_current():
    expected = publish.load_and_publish(publish.STATIC_APP_URL)
    assert publish.STATIC_COPY.is_file(), "run: python -m geo publish --static"
    assert publish.STATIC_COPY.read_text(encoding="utf-8") == expected, (
        "static/handover_map.html is out of date with the data or the front end: run python -m geo publish --static"
    )
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "enableStaticServing = true" in config


def test_every_name_opens_its_marker_and_the_browser_folds_names_as_python_does():
    places = load_map_data().places
    keys = publish.place_keys(places)
    marker_ids = {m.id for m in markers(places)}
    assert set(keys.values()) <= marker_ids
    assert keys["kalbajar"] == keys["kelbecer"] == keys["քարվաճառ"] == keys["кельбаджар"] == "kalbajar"
    assert keys["khankendi"] == keys["stepanakert"] == "stepanakert"
    assert keys["kalbajar town"] == "kalbajar"  # a seat town opens its district's marker, which it shares
    names = sorted(
        {n for p in places.values() for n in (p.id, p.name, p.name_az, p.name_hy, p.name_ru, *p.aliases) if n}
    )
    assert len(names) > 200
    done = subprocess.run(
        [node(), "tests/js/place_keys.js"],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert dict(zip(names, json.loads(done.stdout), strict=True)) == {n: normalise(n) for n in names}


def test_hostile_text_reaches_the_page_escaped():
    data = load_map_data()
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)> {{7*7}} \u2028"
    places = dict(data.places)
    places["kalbajar"] = dataclasses.replace(
        places["kalbajar"], name=hostile, aliases=(*places["kalbajar"].aliases, hostile)
    )
    data = dataclasses.replace(data, places=places)
    articles = load_corpus(ARTICLES)
    names = place_gazetteer(places)
    mentions = {a.file: find_mentions(a, names) for a in articles}
    excerpts = {pid: excerpts_for(pid, articles, mentions) for pid in places}
    from geo.corridor import IN_FORCE_FROM
    from geo.day_states import build_day_table
    from geo.timeline import map_days, status_on

    table = build_day_table({d: status_on(data.events, places, d) for d in map_days()}, places, IN_FORCE_FROM)
    page = publish.publish_html(data, articles, excerpts, table)
    assert page.count("</script>") == 4  # the page's own four, nothing from the data
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "\u2028" not in page


def test_the_command_writes_the_page_and_refuses_what_it_cannot_use(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["publish", str(out), "--app-url", "https://example.org/app"]) == 0
    assert json.loads(capsys.readouterr().out) == {"out": str(out), "bytes": out.stat().st_size}
    assert 'href="https://example.org/app/"' in out.read_text(encoding="utf-8")
    cases = {
        (str(tmp_path / "map.txt"),): "unknown extension '.txt'; use .html",
        (str(tmp_path / "missing" / "map.html"),): "its folder does not exist",
        (str(tmp_path / "map.html"), "--app-url", "javascript:alert(1)"): "is not an http(s) address",
        (): "publish needs OUT",
        ("--static", str(out)): "--static writes static/handover_map.html: give no OUT",
    }
    for args, message in cases.items():
        with pytest.raises(SystemExit) if "extension" in message or "http(s)" in message else _no_raise():
            status = main(["publish", *args])
            assert status == 2
        assert message in capsys.readouterr().err
    (tmp_path / "dir.html").mkdir()
    assert main(["publish", str(tmp_path / "dir.html")]) == 2
    assert "is a directory" in capsys.readouterr().err


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
