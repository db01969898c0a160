"""The player in a real browser (issue 9, item 4): Play steps day by day and stops on the last day reading Play;
Play there starts again from the first day of the range; Pause keeps the day shown; the icons are glyphs of the
Material Symbols font Streamlit serves, not characters a system font may lack ("⏸" was an empty box in Chromium).
"""

from __future__ import annotations

import datetime as dt

from geo.timeline import HANDOVER_END, day_text, map_days
from tests.e2e import browser as harness

DAY_BY_LABEL = {day_text(day, weekday=True): day for day in map_days()}  # the slider shows "Tue 1 Dec 2020"
# Longer than two of state.PLAY_SECONDS (0.8 s): a player that had not stopped would have stepped by then.
STILL_MS = 2_500

# Every label the slider shows from now on, in order (a step's rerun moves it; nothing is missed between polls).
WATCH_SLIDER_JS = """() => {
    window.kbSeen = [];
    const read = () => {
        const thumb = document.querySelector('.st-key-day [data-testid=stSliderThumbValue]');
        const text = thumb && thumb.textContent.trim();
        if (text && window.kbSeen[window.kbSeen.length - 1] !== text) window.kbSeen.push(text);
    };
    read();
    new MutationObserver(read).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
ICON_JS = """(button) => {
    const icon = button.querySelector('[data-testid=stIconMaterial]');
    const style = getComputedStyle(icon);
    return {
        name: icon.textContent.trim(),
        family: style.fontFamily,
        width: icon.getBoundingClientRect().width,
        size: parseFloat(style.fontSize),
        loaded: document.fonts.check(`${style.fontSize} ${style.fontFamily}`, icon.textContent),
    };
}"""


def play_button(page):
    """The visible play button (Streamlit also keeps a hidden copy for its tooltip)."""
    return page.locator(".st-key-play_button").get_by_role("button")


def slider_label(page) -> str:
    return page.locator(".st-key-day [data-testid=stSliderThumbValue]").inner_text().strip()


def wait_stopped(page, label: str) -> None:
    """Wait until the button reads ``label`` ("Play"/"Pause" as a screen reader names it) and no run is going."""
    play_button(page).and_(page.get_by_role("button", name=label, exact=True)).wait_for()
    harness.wait_idle(page)


def assert_icon(page, name: str) -> None:
    """The button's icon is the Material Symbols ligature ``name``, drawn as one glyph of the loaded font."""
    icon = play_button(page).evaluate(ICON_JS)
    assert icon["name"] == name and "Material Symbols" in icon["family"] and icon["loaded"], icon
    # One glyph about one em wide; without the font the word "play_arrow" would be written out, five times wider.
    assert 0 < icon["width"] <= 1.5 * icon["size"], icon
    assert not {"▶", "⏸"} & set(play_button(page).inner_text()), play_button(page).inner_text()


def seen(page) -> list[str]:
    return page.evaluate("() => window.kbSeen")


def test_play_stops_on_the_last_day_reading_play_and_then_starts_from_the_first_day(app):
    page = app.open("/?date=2020-11-28")
    frame = harness.map_frame(page)
    harness.wait_painted(frame, "2020-11-28")
    wait_stopped(page, "Play")
    assert_icon(page, "play_arrow")
    play_button(page).hover()  # the help says what Play does on the last day
    help_text = page.get_by_test_id("stTooltipContent").inner_text()
    assert "1 Dec 2020" in help_text and "first day of the range" in help_text, help_text
    page.evaluate(WATCH_SLIDER_JS)

    play_button(page).click()
    page.wait_for_function("() => window.kbSeen.includes('Tue 1 Dec 2020')", timeout=15_000)
    wait_stopped(page, "Play")
    assert_icon(page, "play_arrow")
    assert seen(page) == [day_text(dt.date(2020, 11, 28) + dt.timedelta(days=i), weekday=True) for i in range(4)]
    harness.wait_painted(frame, HANDOVER_END.isoformat())
    assert page.url.endswith(f"?date={HANDOVER_END.isoformat()}")
    page.wait_for_timeout(STILL_MS)  # stopped: no further step, no further run
    assert slider_label(page) == "Tue 1 Dec 2020" and seen(page)[-1] == "Tue 1 Dec 2020"
    harness.wait_idle(page, timeout=1_000)

    # Play on the last day starts again from the first day of the handover's range and plays on.
    play_button(page).click()
    page.wait_for_function("() => window.kbSeen.includes('Wed 11 Nov 2020')", timeout=15_000)
    assert seen(page)[4:6] == ["Tue 10 Nov 2020", "Wed 11 Nov 2020"]
    play_button(page).and_(page.get_by_role("button", name="Pause", exact=True)).wait_for()
    assert_icon(page, "pause")
    play_button(page).click()  # Pause
    wait_stopped(page, "Play")


def test_pause_keeps_the_day_shown_and_the_map_on_it(app):
    page = app.open("/?date=2020-11-12")
    frame = harness.map_frame(page)
    harness.wait_painted(frame, "2020-11-12")
    page.evaluate(WATCH_SLIDER_JS)
    play_button(page).click()
    page.wait_for_function("() => window.kbSeen.includes('Sat 14 Nov 2020')", timeout=15_000)
    play_button(page).and_(page.get_by_role("button", name="Pause", exact=True)).wait_for()
    play_button(page).click()
    wait_stopped(page, "Play")
    shown = slider_label(page)
    page.wait_for_timeout(STILL_MS)
    assert slider_label(page) == shown and seen(page)[-1] == shown
    day = DAY_BY_LABEL[shown]
    assert dt.date(2020, 11, 14) <= day < HANDOVER_END
    harness.wait_painted(frame, day.isoformat())
    assert page.url.endswith(f"?date={day.isoformat()}")
    # Every day on the way was shown, one after the other, as the app writes a day.
    assert seen(page) == [
        day_text(dt.date(2020, 11, 12) + dt.timedelta(days=i), weekday=True) for i in range(len(seen(page)))
    ]
