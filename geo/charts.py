"""The timeline chart: control per district and place over time, deadlines, and the chosen day (Altair)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import altair as alt
import pandas as pd

from geo.map_style import CONTROL_STYLE
from geo.places import Place
from geo.timeline import D3_DAY_MONTH, Event, day_text, periods

ROW_HEIGHT = 22  # px per row: tall enough for every row to keep its label at Streamlit's axis font size
TICK_DAYS = 7  # one labelled tick a week from the first day: four on 10 Nov - 1 Dec, ten from 27 Sep, at any width
# Row labels are cut (with an ellipsis; the tooltip has the whole name) beyond this many px: the longest,
# "Stepanakert / Khankendi (city)", needs about 160 px at Streamlit's axis font, which leaves a 390 px phone about
# 170 px of bars.
ROW_LABEL_LIMIT = 170
LEGEND_ROW_WIDTH = 400  # px of bars under which the legend's three entries stack instead of sharing a row
RIGHT_PADDING = 12  # px: room for the last tick's label ("1 Dec", centred a day before the bars' end)


def _days(values: pd.Series) -> pd.Series:
    """Dates as datetime64 (Altair serialises those, not ``datetime.date``).

    Altair sends them as "2020-11-25T00:00:00", which the browser reads as local midnight; a bare "2020-11-25"
    would be read as UTC midnight and drawn on the day before west of Greenwich.
    """
    return pd.to_datetime(values.map(lambda d: d.isoformat()))


def _labels(values: pd.Series) -> pd.Series:
    """Dates as the app writes them on screen (tooltips show these, not Vega's own "Nov 25, 2020")."""
    return values.map(day_text)


def _row_label(place: Place) -> str:
    return place.label


def _week_ticks(start: dt.date, end: dt.date) -> list[alt.DateTime]:
    """Tick values every :data:`TICK_DAYS` from ``start``, at local midnight like the data.

    Left to itself, Vega-Lite puts one tick per 40 px of the plot, which leaves a phone with one tick.
    """
    days = (start + dt.timedelta(days=n) for n in range(0, (end - start).days + 1, TICK_DAYS))
    return [alt.DateTime(year=d.year, month=d.month, date=d.day) for d in days]


def timeline_chart(
    events: list[Event], places: Mapping[str, Place], start: dt.date, end: dt.date, day: dt.date
) -> alt.LayerChart:
    """Bars of control per entity between ``start`` and ``end``, diamonds at deadlines, a rule at ``day``.

    Districts come first, then places, in gazetteer order. Colours are the map's (:data:`geo.map_style.CONTROL_STYLE`).
    """
    spans = pd.DataFrame(periods(events, places, start, end))
    spans["from_text"], spans["to_text"] = _labels(spans["start"]), _labels(spans["end"])
    spans["until"] = _days(spans["end"].map(lambda d: d + dt.timedelta(days=1)))  # bars cover their last day
    spans["start"] = _days(spans["start"])
    spans["end"] = _days(spans["end"])
    spans["control_label"] = spans["control"].map(lambda c: CONTROL_STYLE[c]["label"])
    spans["row"] = spans["entity_id"].map(lambda i: _row_label(places[i]))
    # What a screen reader reads for each mark (Vega-Lite's own text would write "until: Dec 02, 2020", its format and
    # the day after the bar's last).
    spans["description"] = (
        spans["row"] + ": " + spans["control_label"] + ", " + spans["from_text"] + " to " + spans["to_text"]
    )
    rows = [r for r in (_row_label(p) for p in places.values()) if r in set(spans["row"])]
    colour = alt.Color(
        "control_label:N",
        scale=alt.Scale(
            domain=[s["label"] for s in CONTROL_STYLE.values()], range=[s["fill"] for s in CONTROL_STYLE.values()]
        ),
        # Above the bars, not beside them: at the right it took 150 px of a phone's 358 and left the bars 28. One row
        # where the bars are wide, one entry a row where they are not (a row of three is 370 px). No title: each
        # label says "... control".
        legend=alt.Legend(orient="top", title=None, columns=alt.ExprRef(f"width < {LEGEND_ROW_WIDTH} ? 1 : 3")),
    )
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=ROW_LABEL_LIMIT, labelOverlap=False))
    # One date format for every tick. Greedy: a label that would overlap the one before it is hidden (the war's ten
    # weeks on a phone keep four), where Vega's default for time axes hid every other one.
    x_axis = alt.Axis(format=D3_DAY_MONTH, values=_week_ticks(start, end), grid=True, labelOverlap="greedy")
    bars = (
        alt.Chart(spans)
        .mark_bar()
        .encode(
            x=alt.X("start:T", title=None, axis=x_axis),
            x2="until:T",
            y=y,
            color=colour,
            description="description:N",
            tooltip=[
                alt.Tooltip("row:N", title="Place"),
                alt.Tooltip("control_label:N", title="Control"),
                alt.Tooltip("from_text:N", title="From"),
                alt.Tooltip("to_text:N", title="To"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("source_title:N", title="Source"),
            ],
        )
    )
    deadlines = pd.DataFrame(
        [
            {
                "row": _row_label(places[e.entity_id]),
                "date": e.date,
                "date_text": day_text(e.date),
                "status": e.status,
                "announced_text": day_text(e.announced),
                "description": f"{_row_label(places[e.entity_id])}: handover due {day_text(e.date)}, announced "
                f"{day_text(e.announced)}",
                "source_title": e.source_title,
            }
            for e in events
            if e.kind == "deadline" and e.displayed and start <= e.date <= end
        ]
    )
    layers = [bars]
    if not deadlines.empty:
        deadlines["date"] = _days(deadlines["date"])
        layers.append(
            alt.Chart(deadlines)
            .mark_point(shape="diamond", size=90, filled=True, color="#111")
            .encode(
                x="date:T",
                y=y,
                description="description:N",
                tooltip=[
                    alt.Tooltip("row:N", title="Place"),
                    alt.Tooltip("date_text:N", title="Handover due"),
                    alt.Tooltip("announced_text:N", title="Announced"),
                    alt.Tooltip("status:N", title="Deadline"),
                    alt.Tooltip("source_title:N", title="Source"),
                ],
            )
        )
    chosen = pd.DataFrame({"day": [pd.Timestamp(day)], "description": [f"Chosen day: {day_text(day, weekday=True)}"]})
    layers.append(
        alt.Chart(chosen).mark_rule(color="#d00", strokeWidth=2).encode(x="day:T", description="description:N")
    )
    # The height is the bars' alone (ROW_HEIGHT a row) and the width is fitted to the page: autosize fit-x. Streamlit's
    # default, fit, would also squeeze the rows, axis and legend into the height given.
    return alt.layer(*layers).properties(
        width="container",
        height=ROW_HEIGHT * len(rows),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        padding={"left": 0, "top": 5, "bottom": 5, "right": RIGHT_PADDING},
    )
