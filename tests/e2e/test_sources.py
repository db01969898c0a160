"""The Sources page in a real browser (issue 9, items 5, 9 and 10): an article pasted with its outlet is offered side
by side, the "Add an article" panel stays open while the user works in it, metadata addresses wrap inside their
column, and no ISO date is written on the page, at a desktop's and a phone's size."""

from __future__ import annotations

import json
import re

import pytest

from geo.paths import ROOT
from tests.e2e import browser as harness
from tests.e2e.test_browser import BENIGN_CONSOLE_ERRORS

SIZES = [(1400, 900), (390, 844)]
ISO_DATE = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")
TITLE = "Convoys leave Kalbajar as the deadline nears"
PASTED = (
    f"{TITLE}\n20 November 2020\n\nResidents of Kalbajar left on Friday before the deadline of November 25, "
    "officials said."
)
UPLOADED = b"Troops enter Agdam\n\nAzerbaijani troops entered the Aghdam district on Friday, the ministry said."
# Each metadata note, with its right edge and its column's, and whether its text is wider than its box.
OVERFLOW_JS = """() => [...document.querySelectorAll('.kb-metadata')].map(el => {
    const column = el.closest('[data-testid="stColumn"]') || el.parentElement;
    return [el.getBoundingClientRect().right, column.getBoundingClientRect().right, el.scrollWidth - el.clientWidth];
})"""


def expander_open(page) -> bool:
    return page.locator('[data-testid="stExpander"] details').first.evaluate("(d) => d.open")


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_a_pasted_article_with_its_outlet_is_offered_side_by_side_and_the_panel_stays_open(app, size):
    page = app.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    app.open("/sources?date=2020-11-20")
    page.get_by_label("Article text").fill(PASTED)
    page.locator(".st-key-paste_text_outlet input").fill("Reuters")
    page.locator(".st-key-add_article button").click()
    page.get_by_text("Added pasted.txt").wait_for()
    harness.wait_idle(page)
    assert page.get_by_label("Article text").input_value() == ""  # one article per click: the box is emptied
    assert expander_open(page)

    # Choosing a file keeps the panel open and its Add button shown; adding it adds the file alone.
    page.get_by_role("tab", name="Upload a file").click()
    page.locator(".st-key-upload input[type=file]").set_input_files(
        {"name": "upload.txt", "mimeType": "text/plain", "buffer": UPLOADED}
    )
    page.get_by_text("upload.txt").first.wait_for()
    harness.wait_idle(page)
    assert expander_open(page)
    add_upload = page.locator(".st-key-add_uploaded_article button")
    assert add_upload.is_visible()
    add_upload.click()
    page.get_by_text("Added upload.txt").wait_for()
    harness.wait_idle(page)
    assert expander_open(page)
    notice = page.get_by_text("2 added articles in this browser tab")
    assert "reload" in notice.inner_text()

    # The pasted article is offered by its outlet and date, and shown with them.
    picker = page.locator(".st-key-sources_pick").get_by_role("combobox")
    picker.click()
    picker.fill("Reuters")  # typing keeps the list open and filters it
    page.get_by_role("option", name="Reuters, 20 Nov 2020").click()
    harness.wait_idle(page)
    header = page.locator("h3", has_text=TITLE)
    header.wait_for()
    assert "Reuters, 20 Nov 2020" in header.locator("xpath=..").inner_text()
    errors = [e for e in app.errors if not any(benign.match(e) for benign in BENIGN_CONSOLE_ERRORS)]
    assert not errors, errors


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_metadata_addresses_wrap_inside_their_column(app, size):
    page = app.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    app.open("/sources?date=2020-11-20")
    page.locator(".kb-metadata").nth(2).wait_for()  # the three columns render one after another
    notes = page.evaluate(OVERFLOW_JS)
    assert len(notes) == 3  # one per seed shown side by side; the notes quote the seeds' long addresses
    for right, column_right, overflow in notes:
        assert right <= column_right + 1, notes
        assert overflow <= 1, notes
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["/sources?date=2020-11-20", "/sources?place=kalbajar&date=2020-11-20"])
def test_no_iso_date_is_written_on_the_sources_page(app, size, path):
    page = app.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    app.open(path)
    main = page.locator('[data-testid="stMain"]')
    main.locator(".kb-metadata").first.wait_for()
    # textContent, not innerText: the folded lists of differences count too.
    text = main.evaluate("(el) => el.textContent")
    assert "16 Nov 2020" in text and "15 Nov 2020" in text
    assert not ISO_DATE.findall(text), ISO_DATE.findall(text)


def test_a_link_to_a_page_on_this_machine_is_refused_with_one_message(app):
    """Add from a link, in a real browser: a saved page served on 127.0.0.1 (tests/test_links.py's server) is refused
    by the app, which has no way to allow private hosts; the message is one line of text and nothing is added.
    The page read from a link and added is tested in tests/test_app.py (the download given) and tests/test_cli.py
    (python -m geo extract --allow-private-hosts from the same server)."""
    from tests.test_links import REUTERS, serve

    server = serve("127.0.0.1")
    try:
        page = app.page
        app.open("/sources?date=2020-11-20")
        page.get_by_role("tab", name="Add from a link").click()
        url = server.url(f"/pages/{REUTERS}")
        page.locator(".st-key-link_url input").fill(url)
        page.locator(".st-key-add_link_article button").click()
        error = page.locator("[data-testid=stAlertContentError]")
        error.wait_for()
        harness.wait_idle(page)
        shown = error.inner_text().replace("\u2060", "")
        assert shown == f"{url}: refused: 127.0.0.1 is a loopback address, not a public web server"
        assert error.locator("a").count() == 0  # the address is text, not a link
        assert server.seen == [] and expander_open(page)
        assert page.get_by_text(re.compile(r"[0-9]+ added articles? in this browser tab")).count() == 0
    finally:
        server.shutdown()
        server.server_close()


def test_a_russian_article_pasted_reaches_the_right_popups_with_its_date(app):
    """Issue 11: a real Russian excerpt (tests/data/multilingual, ru-03: Sovetskaya Rossiya, 12 Nov 2020) pasted on the
    Sources page puts its sentences in the popups of the places it names, in their inflected forms («Кельбаджарский
    район», «Лачинский район», «Агдамский район»), cited to its outlet and date; the sentence quoted for Kalbajar is
    the one with its deadline («до 15 ноября»), which the extractor dates 15 Nov (tests/test_multilingual.py checks
    the dates themselves)."""
    rows = (ROOT / "tests" / "data" / "multilingual" / "excerpts.jsonl").read_text(encoding="utf-8").splitlines()
    row = next(json.loads(line) for line in rows if json.loads(line)["id"] == "ru-03")
    page = app.page
    app.open("/sources?date=2020-11-20")
    page.get_by_label("Article text").fill(f"Date: {row['published']}\n\n{row['text']}")
    page.locator(".st-key-paste_text_outlet input").fill("Sovetskaya Rossiya")
    page.locator(".st-key-add_article button").click()
    page.get_by_text("Added pasted.txt").wait_for()
    harness.wait_idle(page)
    # To the map in the same session (a new page load would be a new session, without the added article).
    page.locator("[data-testid=stSidebarNav] a, [data-testid=stSidebar] a", has_text="Map").first.click()
    harness.wait_idle(page)
    frame = harness.map_frame(page)
    harness.wait_painted(frame, "2020-11-20")
    expected = {"kalbajar": "Кельбаджарский район", "lachin": "Лачинский район", "aghdam": "Агдамский район"}
    for marker, name in expected.items():
        frame.evaluate(f"() => kbMarkers[{marker!r}].openPopup()")
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(state="visible")
        quote = popup.locator("li", has_text="Sovetskaya Rossiya")
        assert quote.count() == 1, (marker, popup.inner_text()[:400])
        assert name in quote.locator("mark").all_inner_texts(), marker
        assert "Sovetskaya Rossiya, 12 Nov 2020" in quote.inner_text()
        if marker == "kalbajar":
            assert "до 15 ноября" in quote.inner_text()
        frame.evaluate("() => kbMap.closePopup()")
