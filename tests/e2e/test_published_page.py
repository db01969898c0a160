"""The published page (``python -m geo publish``) in a real browser with every network request blocked (issue 10,
item 1): it draws the districts, steps its own control, opens #date= and #place=, follows them in its address,
asks nothing of any server until a reader picks a basemap, and has no accessibility finding; the app serves it.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from geo import publish
from tests.e2e import browser as harness

SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
DISTRICTS = 12


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("published") / "map.html"
    path.write_text(publish.load_and_publish("https://example.org/app/"), encoding="utf-8")
    return path


class Offline:
    """A browser context in which every request that is not the file itself is recorded and refused (tiles, when a
    test allows them, get a blank tile)."""

    def __init__(self, chromium, size, allow_tiles=False):
        self.requests: list[str] = []
        self.tiles: list[str] = []
        self.errors: list[str] = []
        self.context = chromium.new_context(viewport=SIZES[size])
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.allow_tiles = allow_tiles

    def _route(self, route):
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        elif self.allow_tiles and harness.TILE_HOSTS.match(url):
            self.tiles.append(url)
            route.fulfill(status=200, body=harness.blank_tile(), content_type="image/png")
        else:
            self.requests.append(url)
            route.abort()

    def open(self, file, fragment=""):
        self.page.goto(file.as_uri() + fragment)
        self.page.wait_for_function("document.querySelectorAll('path[data-district]').length === 12")
        return self.page

    def day(self):
        return self.page.evaluate("document.documentElement.getAttribute('data-day')")

    def control(self, district):
        return self.page.get_attribute(f'path[data-district="{district}"]', "data-control")

    def close(self):
        self.context.close()


@pytest.fixture
def offline(chromium):
    made = []

    def make(size="desktop", allow_tiles=False):
        made.append(Offline(chromium, size, allow_tiles))
        return made[-1]

    yield make
    for browser in made:
        browser.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_page_steps_its_own_days_with_the_network_blocked(offline, page_file, size):
    browser = offline(size)
    page = browser.open(page_file, "#date=2020-11-19")
    assert page.locator("path[data-district]").count() == DISTRICTS
    assert (browser.day(), browser.control("aghdam")) == ("2020-11-19", "mixed")
    assert page.inner_text("#kb-day") == "Thu 19 Nov 2020"
    page.click("#kb-next")
    assert (browser.day(), browser.control("aghdam")) == ("2020-11-20", "azerbaijani")
    assert page.evaluate("location.hash") == "#date=2020-11-20"
    assert page.inner_text("#kb-day") == "Fri 20 Nov 2020"
    assert page.get_attribute("#kb-slider", "aria-valuetext") == "Fri 20 Nov 2020"
    # What changed that day, with its source.
    if size == "phone":  # folded on a phone
        page.locator("#kb-changes summary").click()
    assert "Aghdam" in page.inner_text("#kb-changes-list") and page.locator("#kb-changes-list a").count() >= 1
    # The keyboard: the slider steps a day with an arrow key.
    page.focus("#kb-slider")
    page.keyboard.press("ArrowRight")
    assert browser.day() == "2020-11-21"
    page.click("#kb-prev")
    page.click("#kb-prev")
    assert browser.day() == "2020-11-19" and browser.control("aghdam") == "mixed"
    # Nothing runs off a phone's screen.
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    assert browser.requests == [] and browser.errors == []


@pytest.mark.parametrize("size", list(SIZES))
def test_an_address_opens_a_day_and_a_place_and_follows_the_view(offline, page_file, size):
    browser = offline(size)
    page = browser.open(page_file, "#date=2020-11-25&place=kalbajar")
    assert browser.day() == "2020-11-25"
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.inner_text().startswith("Kalbajar / Karvachar (district and town)")
    # The popup links this view and cites it.
    link = page.get_attribute(".kb-place-link", "href")
    assert link == page_file.as_uri() + "#date=2020-11-25&place=kalbajar"
    citation = page.input_value(".kb-cite textarea")
    assert citation.startswith(
        f"Nagorno-Karabakh handover map, 2020: Kalbajar / Karvachar (district and town), Wed 25 Nov 2020. {link} "
        "(accessed "
    )
    # Another day keeps the place in the address; closing the popup drops it.
    page.click("#kb-prev")
    assert page.evaluate("location.hash") == "#date=2020-11-24&place=kalbajar"
    assert page.get_attribute(".kb-place-link", "href").endswith("#date=2020-11-24&place=kalbajar")
    page.click(".leaflet-popup-close-button")
    assert page.evaluate("location.hash") == "#date=2020-11-24"
    # Any name of a place, in any case or script, opens it; the address then names it by its id.
    page.evaluate(
        "location.hash = '#date=2020-11-20&place=%D0%9A%D0%B5%D0%BB%D1%8C%D0%B1%D0%B0%D0%B4%D0%B6%D0%B0%D1%80'"
    )
    page.wait_for_function("location.hash === '#date=2020-11-20&place=kalbajar'")
    assert browser.day() == "2020-11-20" and page.locator(".leaflet-popup").count() == 1
    assert browser.requests == [] and browser.errors == []


def test_a_bad_address_gets_one_message_shown_as_text(offline, page_file):
    browser = offline()
    page = browser.open(page_file, "#date=%3Cb%3E2020%3C%2Fb%3E&place=%3Cimg%20src%3Dx%3E")
    notice = page.locator("#kb-notice")
    assert notice.is_visible()
    assert notice.inner_text() == (
        "#date=<b>2020</b> is not a day of this map (2020-09-27 to 2020-12-01, as YYYY-MM-DD). "
        "#place=<img src=x> is not a place on this map."
    )
    assert page.locator("#kb-notice b, #kb-notice img").count() == 0
    assert browser.day() == "2020-11-10"  # the handover's first day, as the app
    assert browser.requests == []


def test_play_steps_to_the_last_day_and_stops(offline, page_file):
    browser = offline()
    page = browser.open(page_file, "#date=2020-11-29")
    page.click("#kb-play")
    assert page.inner_text("#kb-play") == "Pause"
    page.wait_for_function("document.documentElement.getAttribute('data-day') === '2020-12-01'")
    page.wait_for_function("document.getElementById('kb-play').textContent === 'Play'")
    assert page.is_disabled("#kb-next")


def test_tiles_are_asked_for_only_once_a_reader_picks_a_basemap(offline, page_file):
    browser = offline(allow_tiles=True)
    page = browser.open(page_file, "#date=2020-11-20")
    page.wait_for_timeout(300)
    assert browser.tiles == [] and browser.requests == []
    page.hover(".leaflet-control-layers")
    page.get_by_label("OpenStreetMap").check()
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    assert browser.tiles and all("tile.openstreetmap.org" in url for url in browser.tiles)
    assert browser.requests == []


@pytest.mark.parametrize("size", list(SIZES))
def test_no_accessibility_finding(offline, page_file, npm_assets, size):
    browser = offline(size)
    page = browser.open(page_file, "#date=2020-11-20")
    # axe-core is injected from the npm copy (the route lets file:// through; add_script_tag sends its text).
    page.add_script_tag(content=(npm_assets[harness.AXE] / "axe.min.js").read_text(encoding="utf-8"))
    assert page.evaluate(harness.AXE_RUN_JS) == []


def test_the_vendored_leaflet_is_the_npm_package(npm_assets):
    dist = npm_assets[("leaflet", "1.9.3")] / "dist"
    for name in ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png", "images/marker-icon.png"):
        assert (publish.LEAFLET / name).read_bytes() == (dist / name).read_bytes(), name
    assert (publish.LEAFLET / "LICENSE").read_bytes() == (dist.parent / "LICENSE").read_bytes()


def test_the_app_serves_the_page(app, app_url):
    with urllib.request.urlopen(app_url + "/app/static/handover_map.html", timeout=30) as response:
        assert response.status == 200
        assert response.headers.get_content_type() == "text/html"
        body = response.read()
    assert body == publish.STATIC_COPY.read_bytes()
    page = app.page
    page.goto(app_url + "/app/static/handover_map.html#date=2020-11-20&place=aghdam")
    page.wait_for_function("document.querySelectorAll('path[data-district]').length === 12")
    assert page.evaluate("document.documentElement.getAttribute('data-day')") == "2020-11-20"
    page.locator(".leaflet-popup-content").wait_for()
    # Its links go to the app's own pages, two levels up from /app/static/.
    assert page.get_attribute(".kb-credits a", "href") == "../../"


def test_the_data_page_gives_the_address_and_the_embeds(app, app_url):
    page = app.open("/data?date=2020-11-20")
    # Code blocks draw once their highlighter's script has loaded, which may be after the run has finished.
    page.locator("[data-testid=stMain] [data-testid=stCode]").nth(2).wait_for()
    codes = page.locator("[data-testid=stMain] [data-testid=stCode] code").all_inner_texts()
    flat = [c.replace("\n", "") for c in codes]
    served = f"{app_url}/app/static/handover_map.html#date=2020-11-20"
    assert served in flat
    assert any(c.startswith(f'<iframe src="{served}" title="Map: who held each district') for c in flat)
    assert any(c.startswith(f'<iframe src="{app_url}/?date=2020-11-20&amp;embed=true"') for c in flat)
    download = page.get_by_role("button", name="Map with every day (HTML)")
    with page.expect_download() as info:
        download.click()
    path = info.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and f'href="{app_url}/"' in text
