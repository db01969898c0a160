"""Accessibility in a real browser: axe-core (from the npm registry, like Leaflet; ``harness.axe_violations``) on
every page at a desktop's and a phone's size, and inside the map's frame (issue 9, item 11).

The issue's bar is no serious and no critical finding; the pages now have no finding at all (their headings run
h1, h2 in order), and the map's frame only the two rules that fit a whole page, not a frame inside one: a main
landmark and an h1 (the page around the frame has both).
"""

from __future__ import annotations

import pytest

from tests.e2e import browser as harness

PAGES = ["/", "/timeline", "/sources", "/data", "/about"]
SIZES = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
BLOCKING = {"serious", "critical"}
# What axe asks of a whole document and the map's frame does not need: the page around it has its main and h1.
FRAME_ONLY = {"landmark-one-main", "page-has-heading-one"}
SETTLING = "scrollable-region-focusable"


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/") or "map")
def test_no_serious_or_critical_accessibility_finding(app, npm_assets, path, size):
    page = app.page
    page.set_viewport_size(SIZES[size])
    app.open(f"{path}?date=2020-11-20")
    documents = {"page": page}
    if path == "/":
        frame = harness.map_frame(page)
        harness.wait_painted(frame, "2020-11-20")
        documents["map frame"] = frame
    # Charts and data grids finish drawing after the script run.
    page.wait_for_timeout(1500)
    # Code blocks (the sidebar's link to the view) draw once their highlighter has loaded, after the run.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stCode]')].every(block => block.querySelector('code'))"
    )
    for name, document in documents.items():
        found = harness.axe_violations(document, npm_assets)
        if any(v["id"] == SETTLING for v in found):
            # A region measured while it still lays itself out (a grid sizing itself, the folded sidebar taking its
            # width) has been reported as scrollable without keyboard access, 1 run in 6 on a loaded machine; a
            # region that truly is one is found again a moment later.
            page.wait_for_timeout(1500)
            found = harness.axe_violations(document, npm_assets)
        assert not blocking(found), (name, found)
        assert [v for v in found if name == "page" or v["id"] not in FRAME_ONLY] == [], (name, found)


def test_every_shape_on_the_map_has_a_name_a_screen_reader_reads(app):
    """Inside the map, 30 focusable shapes had no accessible name (issue 9, item 11): districts, the corridor and
    markers are named from their tooltips, and a district's name follows the day."""
    frame = harness.map_frame(app.open("/?date=2020-11-19"))
    harness.wait_painted(frame, "2020-11-19")
    shapes = frame.evaluate(
        """() => [...document.querySelectorAll('path.leaflet-interactive')].map(p => [
            p.getAttribute('data-district') || p.getAttribute('class'), p.getAttribute('role'),
            p.getAttribute('aria-label')])"""
    )
    assert len(shapes) >= harness.DISTRICT_COUNT + 1
    assert all(role in ("img", "button") and label for _, role, label in shapes), shapes
    names = {key: label for key, _, label in shapes}
    assert names["aghdam"].startswith("Aghdam") and "Divided control" in names["aghdam"]
    assert "<" not in "".join(names.values())  # text, not markup
    markers = [label for key, role, label in shapes if role == "button"]
    assert any(label.startswith("Kalbajar") for label in markers)

    harness.day_slider(app.page).focus()
    app.page.keyboard.press("ArrowRight")
    harness.wait_painted(frame, "2020-11-20")
    aghdam = frame.locator("path[data-district=aghdam]").get_attribute("aria-label")
    assert "Azerbaijani control" in aghdam
