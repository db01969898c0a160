"""The timeline chart in a real browser (issue 9, item 3): as readable at a phone's 390x844 as at 1400x900, where it
was a strip of bars 28 px wide with one date under it.

Read from the SVG that Streamlit's vega-embed draws: the axes' labels (Vega hides a label that would overlap another
with opacity 0), the legend's and every text's box against the window.
"""

from __future__ import annotations

import pytest

from geo.charts import ROW_HEIGHT

SIZES = [(1400, 900), (390, 844)]
DAYS = ["2020-11-20", "2020-10-20"]  # the handover's 22 days; the war's 66 (a day before 10 Nov shows the war)
CHART_SVG = '[data-testid="stVegaLiteChart"] svg.marks'

# What the chart shows, read from its SVG: the x axis's visible labels, the y axis's labels and their centres, the
# chart's box and the box around every text (axis labels, legend), in page pixels.
READ_CHART_JS = """(svg) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const axis = (name) => [...svg.querySelectorAll('g.role-axis')]
        .find(g => (g.getAttribute('aria-label') || '').startsWith(name));
    const labels = (g) => [...g.querySelectorAll('.role-axis-label text')];
    const shown = (t) => t.getAttribute('opacity') !== '0' && t.textContent.trim() !== '';
    return {
        chart: box(svg),
        window: [document.documentElement.clientWidth, document.documentElement.scrollWidth],
        x: labels(axis('X-axis')).filter(shown).map(t => t.textContent),
        y: labels(axis('Y-axis')).map(t => ({text: t.textContent, box: box(t)})),
        legend: [...svg.querySelectorAll('.role-legend-label text')].map(t => t.textContent),
        texts: [...svg.querySelectorAll('text')].filter(shown).map(t => ({text: t.textContent, box: box(t)})),
    };
}"""


def read_chart(app, size, day: str) -> dict:
    app.page.set_viewport_size({"width": size[0], "height": size[1]})
    page = app.open(f"/timeline?date={day}")
    svg = page.wait_for_selector(CHART_SVG)
    # Vega draws the axes' labels after the marks' first frame: wait for the y axis to have its rows.
    page.wait_for_function(
        "(sel) => document.querySelectorAll(sel + ' g.role-axis .role-axis-label text').length > 10", arg=CHART_SVG
    )
    return svg.evaluate(READ_CHART_JS)


@pytest.mark.parametrize("day", DAYS, ids=["handover", "war"])
@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_the_chart_is_readable_at_a_desktops_and_a_phones_size(app, size, day):
    chart = read_chart(app, size, day)
    rows = chart["y"]
    assert len(rows) >= 20, [r["text"] for r in rows]
    # Every row keeps its height (it was squeezed into a fixed height before) and its whole name.
    centres = [(r["box"][1] + r["box"][3]) / 2 for r in rows]
    steps = [b - a for a, b in zip(centres, centres[1:], strict=False)]
    assert min(steps) >= ROW_HEIGHT - 1, steps
    assert chart["chart"][3] - chart["chart"][1] >= len(rows) * ROW_HEIGHT
    assert not [r["text"] for r in rows if r["text"].endswith("…")]
    # Dates under the bars: more than one (a phone had one), in the app's format.
    assert len(chart["x"]) > 1, chart["x"]
    assert all(label.split()[-1] in {"Sep", "Oct", "Nov", "Dec"} for label in chart["x"]), chart["x"]
    # The legend names the three controls, and nothing is drawn outside the window or widens the page.
    assert chart["legend"] == ["Armenian control", "Azerbaijani control", "Divided control"]
    width, scroll_width = chart["window"]
    assert scroll_width <= width
    assert chart["chart"][0] >= 0 and chart["chart"][2] <= width, (chart["chart"], width)
    outside = [t for t in chart["texts"] if t["box"][0] < -0.5 or t["box"][2] > width + 0.5]
    assert not outside, outside
