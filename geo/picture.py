"""A picture of one day's map for print and for sharing: PNG or SVG, drawn with geopandas and matplotlib (no browser).

It shows what the app's map shows on that day: each district in its control's Okabe-Ito colour (the map's
:data:`geo.map_style.CONTROL_STYLE`) with a hatch of its own, so control can be told in greyscale too, its names and
its control's short label; the schematic Lachin corridor from the day it took effect; the gazetteer's places; the
day as the title; a legend; and the credits (Natural Earth, GeoNames, the corridor's statement, the sources of that
day's changes); the settlements of GeoNames that are not places of the gazetteer, as small dots filled in their own
control's colour on the day, hollow where no dated source of their own gives one (:mod:`geo.settlements`: a
settlement never takes its district's control). Coordinates are WGS84 (EPSG:4326) degrees, drawn with one degree of
longitude shortened by the cosine of the map's middle latitude, so shapes look as they do on the ground.

Figures are built with :class:`matplotlib.figure.Figure` on the Agg canvas, never through ``pyplot``: no global
figure state, safe in Streamlit's threads. :func:`day_figure` returns the figure before it is saved, its artists
named by ``gid`` (``district-<id>``, ``corridor``, ``place-<id>``, ``settlement-<GeoNames id>``), which SVG writes
as element ids.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import matplotlib
from matplotlib import colors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import shape

from geo.corridor import IN_FORCE_FROM, STATEMENT_TITLE
from geo.map_style import CONTROL_STYLE, FILL_OPACITY
from geo.mapdata import MapData
from geo.markup import short_source
from geo.places import Place
from geo.timeline import Event, Status, changes_on, day_text, status_on

FORMATS = ("png", "svg")
# 10 x 13.5 inches at 180 dots an inch: 1800 x 2430 px (issue 10 asks for at least 1600 px); on A4 or Letter paper
# it prints at about 80 %, the labels at 7-8 pt. The height leaves room under the map for the legend and up to ten
# lines of credits (the settlements' sources add three).
FIGURE_INCHES = (10.0, 13.5)
DPI = 180
# A hatch per control, so that a greyscale print tells them apart: lines one way, dots, crossed lines. The legend
# names each hatch; divided control also keeps the map's dashed outline.
HATCHES = {
    "armenian": ("///", "diagonal lines"),
    "azerbaijani": ("..", "dots"),
    "mixed": ("xx", "crossed lines, dashed outline"),
}
CORRIDOR_STYLE = {"facecolor": (0, 0, 0, 0.25), "edgecolor": "#000000", "linewidth": 1.2, "linestyle": ":"}
# Markers sit above the labels' light boxes (annotations are drawn at zorder 3), so a label never hides a place.
PLACE_MARKER = {"marker": "o", "markersize": 6, "markeredgecolor": "#111111", "markeredgewidth": 1.0, "zorder": 3.3}
# A settlement's dot: smaller than a place's, under the places but above the labels' boxes (zorder), filled in its
# control's colour (no hatch: a dot is too small for one; the legend and the label's short control say which) or
# hollow with a grey ring where no dated source gives its control. Filled against hollow reads in greyscale; the
# colours' lightness differs too.
SETTLEMENT_MARKER = {"marker": "o", "markersize": 4.5, "markeredgewidth": 0.9, "zorder": 3.2}
NO_STATUS_EDGE = "#555555"
GEONAMES = "Settlements: GeoNames (CC BY 4.0); a settlement's control only from a dated source of its own."
# Labels sit on a light box so they stay legible over any fill and hatch. (A stroked halo, matplotlib's path effect,
# would turn the SVG's text into outlines: no longer searchable or read out.)
LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": (1, 1, 1, 0.75), "edgecolor": "none"}
# Points from a place to its label, and the label's alignment, where the default (up right) would cover another
# label: Dadivank and Charektar are 6 km apart; around Stepanakert, Shusha, Khojaly and their towns are close.
PLACE_LABEL_OFFSETS = {
    "dadivank": ((0, 7), "center"),
    "charektar": ((6, -10), "left"),
    "shusha-town": ((-6, -4), "right"),
}
# A settlement's label goes below right of its dot, except where that covers a district's label: Lisagor / Turshsu's
# (GeoNames 393875), 3 km from Shusha district's label point, goes below right, out from under it (below left it
# would sit by Lachin town's marker).
SETTLEMENT_LABEL_OFFSETS = {393875: ((8, -16), "left")}
# Where the label of a unit too small to hold one goes, (lat, lon): Stepanakert / Khankendi's, 23 km², north-east
# of the city over the edge of Khojavend and Aghdam, where no other label is; a line joins it to the city.
SMALL_UNIT_LABELS = {"stepanakert": (39.93, 46.9)}
MARGIN_DEGREES = 0.06  # around the districts and places
# Where the figure's parts go, as fractions of its height: title band on top, legend and credits below the map.
TITLE_TOP, MAP_TOP, MAP_BOTTOM = 0.975, 0.92, 0.22
CREDIT_GAP = 0.008  # between the legend's lowest row and the credits, as a fraction of the figure's height
CREDIT_WIDTH = 150  # characters a credit line wraps at (8 pt on a 10 inch figure)
NATURAL_EARTH = "Boundaries: Natural Earth 1:10m (public domain), coarse at this scale."


def hatch_legend_label(control: str) -> str:
    """ "Armenian control (Arm.): diagonal lines": the legend's words for a control, its map label and its hatch."""
    style = CONTROL_STYLE[control]
    return f"{style['label']} ({style['short']}): {HATCHES[control][1]}"


def credit_lines(events: list[Event], day: dt.date, settlements: Sequence[Mapping] = ()) -> list[str]:
    """The credits under the map: the boundaries, GeoNames, the corridor (from the day it took effect), the sources
    of the day's changes, or of the most recent change before it when nothing changed that day, and the sources of
    the settlements drawn filled (their own rows: ``settlements`` is :attr:`MapData.settlements`)."""
    lines = [NATURAL_EARTH, GEONAMES]
    if day >= IN_FORCE_FROM:
        lines.append(f"Lachin corridor: a schematic 5 km band, not a surveyed line; source: {STATEMENT_TITLE}.")
    changed_on = max((d for d in _change_days(events) if d <= day), default=None)
    if changed_on is not None:
        titles = list(dict.fromkeys(credit_source(e.source_title) for e in changes_on(events, changed_on)))
        when = "this day" if changed_on == day else f"the latest change, {day_text(changed_on)}"
        lines.append(f"Sources of {when}: " + "; ".join(titles) + ".")
    # The sources only, each once (one announcement names many villages): with 40 settlements filled, a source per
    # settlement ran to eight lines under the legend. Which settlement each gives is on the Timeline page.
    held = dict.fromkeys(
        credit_source(span["source_title"])
        for item in settlements
        if not item["place_id"]
        for span in item["periods"]
        if span["start"] <= day.isoformat() <= span["end"]
    )
    if held:
        lines.append("Settlements' control (each settlement's source: the Timeline page): " + "; ".join(held) + ".")
    return lines


def credit_source(title: str) -> str:
    """A source in the credits: its outlet and date where its title ends with them in brackets ("RFE/RL, 20 Nov
    2020"), else the whole title (the statement's ends with a bare date: "(10.11.2020)")."""
    short = short_source(title, limit=60)
    return short if ", " in short and title.endswith(f"({short})") else " ".join(title.split())


def _change_days(events: list[Event]) -> set[dt.date]:
    days = {e.date for e in events if e.displayed}
    return days | {e.announced for e in events if e.displayed and e.kind == "deadline" and e.announced}


def settlement_control_on(settlement: Mapping, day: dt.date) -> str | None:
    """The control of one item of :func:`geo.settlements.settlement_periods` on ``day``: the span that covers the
    day, or None where none does (no dated source of the settlement's own)."""
    iso = day.isoformat()  # ISO days compare as text
    for span in settlement["periods"]:
        if span["start"] <= iso <= span["end"]:
            return span["control"]
    return None


def _draw_settlements(ax, data: MapData, day: dt.date) -> None:
    """The settlements that are not places of the gazetteer (a linked one is drawn as its place); those with a
    status on the day are named, with their control's short label."""
    for item in data.settlements:
        if item["place_id"]:
            continue
        control = settlement_control_on(item, day)
        style = CONTROL_STYLE.get(control)
        ax.plot(
            item["lon"],
            item["lat"],
            linestyle="none",
            markerfacecolor=style["fill"] if style else "none",
            markeredgecolor=style["line"] if style else NO_STATUS_EDGE,
            gid=f"settlement-{item['geonameid']}",
            **SETTLEMENT_MARKER,
        )
        if style:
            offset, align = SETTLEMENT_LABEL_OFFSETS.get(item["geonameid"], ((4, -9), "left"))
            ax.annotate(
                f"{item['name']}: {style['short']}",
                (item["lon"], item["lat"]),
                xytext=offset,
                textcoords="offset points",
                ha=align,
                fontsize=7,
                fontstyle="italic",
                bbox=LABEL_BOX,
                gid=f"settlement-label-{item['geonameid']}",
            )


def _drop_crowded_labels(fig: Figure, ax, data: MapData) -> None:
    """Remove the settlements' labels that would cover another label: the districts' and places' labels are kept,
    then the settlements' in order of population (towns before villages; GeoNames gives most villages none), each
    kept only where it covers no label kept before it. Its dot stays, filled in its control's colour; the Timeline
    page and the interactive map name it. (Moving labels until they fit, as ``adjustText`` does, drew leader lines
    across the crowded villages of Hadrut and Askeran and still overlapped there.)"""
    renderer = fig.canvas.get_renderer()
    settlement_labels = {t.get_gid(): t for t in ax.texts if (t.get_gid() or "").startswith("settlement-label-")}
    kept = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() not in settlement_labels]
    order = sorted(
        (item for item in data.settlements if f"settlement-label-{item['geonameid']}" in settlement_labels),
        key=lambda item: (-int(item.get("population") or 0), item["geonameid"]),
    )
    for item in order:
        label = settlement_labels[f"settlement-label-{item['geonameid']}"]
        box = label.get_window_extent(renderer).expanded(1.05, 1.2)  # the label's light box reaches past its text
        if any(box.overlaps(other) for other in kept):
            label.remove()
        else:
            kept.append(box)


def _polygon_names(place: Place) -> str:
    """A district's label: the gazetteer's display name, both names where two are in use, one per line."""
    return place.name.replace(" / ", " /\n")


def _map_axes(fig: Figure, data: MapData):
    """The map's axes, sized so a degree of longitude is as long as on the ground at the middle latitude."""
    frame = gpd.GeoSeries([shape(f["geometry"]) for f in data.districts["features"]], crs="EPSG:4326")
    west, south, east, north = frame.total_bounds
    for place in data.places.values():
        west, east = min(west, place.lon), max(east, place.lon)
        south, north = min(south, place.lat), max(north, place.lat)
    west, south, east, north = (
        west - MARGIN_DEGREES,
        south - MARGIN_DEGREES,
        east + MARGIN_DEGREES,
        north + MARGIN_DEGREES,
    )
    ax = fig.add_axes((0.03, MAP_BOTTOM, 0.94, MAP_TOP - MAP_BOTTOM))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_axis_off()
    return ax


def _draw_districts(ax, data: MapData, statuses: Mapping[str, Status]) -> None:
    features = sorted(data.districts["features"], key=lambda f: -f["properties"]["area_km2"])  # small ones on top
    for feature in features:
        district_id = feature["properties"]["id"]
        control = statuses[district_id].control
        style = CONTROL_STYLE[control]
        # The hatch takes its colour from rcParams when the collection is made (matplotlib before 3.10 has no
        # hatch colour argument): the control's darker line colour.
        with matplotlib.rc_context({"hatch.color": style["line"], "hatch.linewidth": 0.8}):
            gpd.GeoSeries([shape(feature["geometry"])]).plot(
                ax=ax,
                facecolor=colors.to_rgba(style["fill"], FILL_OPACITY),
                edgecolor=style["line"],
                linewidth=1.4,
                linestyle=(0, (6, 4)) if style["dash"] else "-",
                hatch=HATCHES[control][0],
                aspect=None,  # geopandas would reset the axes' aspect to 1 (no CRS) or its own
                gid=f"district-{district_id}",
            )


def _draw_labels(ax, data: MapData, statuses: Mapping[str, Status]) -> None:
    for district_id, (lat, lon) in data.label_points.items():
        place = data.places[district_id]
        beside = SMALL_UNIT_LABELS.get(district_id)
        text = f"{_polygon_names(place)}\n{CONTROL_STYLE[statuses[district_id].control]['short']}"
        ax.annotate(
            text,
            (lon, lat),
            xytext=(beside[1], beside[0]) if beside else (lon, lat),
            textcoords="data",
            ha="left" if beside else "center",
            va="center",
            fontsize=9 if beside else 10,
            fontweight="bold",
            linespacing=1.1,
            bbox=LABEL_BOX,
            arrowprops={"arrowstyle": "-", "color": "#111111", "lw": 0.8, "shrinkA": 2} if beside else None,
            gid=f"label-{district_id}",
        )


def _exceptions(data: MapData, statuses: Mapping[str, Status]) -> dict[str, str]:
    """Places held apart from their district on the day (Charektar after 25 Nov), place id -> control: filled
    markers, as on the app's map."""
    found = {}
    for place_id, place in data.places.items():
        status, district = statuses.get(place_id), statuses.get(place.district)
        if place.is_area or status is None or district is None or status.inherited_from:
            continue
        if status.control != district.control:
            found[place_id] = status.control
    return found


def _draw_places(ax, data: MapData, exceptions: Mapping[str, str]) -> None:
    for place_id, place in data.places.items():
        if place.is_area:
            continue
        control = exceptions.get(place_id)
        fill = CONTROL_STYLE[control]["fill"] if control else "white"
        ax.plot(place.lon, place.lat, linestyle="none", markerfacecolor=fill, gid=f"place-{place_id}", **PLACE_MARKER)
        district = data.places.get(place.district)
        seat = district is not None and district.name == place.name  # its district's label carries the name
        short = CONTROL_STYLE[control]["short"] if control else ""
        if seat and not control:
            continue
        name = short if seat else place.name + (f": {short}" if control else "")
        (dx, dy), align = PLACE_LABEL_OFFSETS.get(place_id, ((6, 3), "left"))
        ax.annotate(
            name,
            (place.lon, place.lat),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=align,
            fontsize=8.5,
            fontstyle="italic",
            bbox=LABEL_BOX,
            gid=f"place-label-{place_id}",
        )


def _legend(fig: Figure, day: dt.date, exceptions: Mapping[str, str], settlements: bool):
    handles = [
        Patch(
            facecolor=colors.to_rgba(style["fill"], FILL_OPACITY),
            edgecolor=style["line"],
            hatch=HATCHES[control][0],
            linestyle=(0, (3, 2)) if style["dash"] else "-",
            label=hatch_legend_label(control),
        )
        for control, style in CONTROL_STYLE.items()
    ]
    if day >= IN_FORCE_FROM:
        handles.append(Patch(**CORRIDOR_STYLE, label="Lachin corridor (schematic 5 km band)"))
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            markerfacecolor="white",
            label="Place; unnamed: its district's seat town",
            **PLACE_MARKER,
        )
    )
    if exceptions:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                markerfacecolor="#777777",
                label="Filled in its control's colour: held apart from its district",
                **PLACE_MARKER,
            )
        )
    if settlements:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                markerfacecolor="#777777",
                markeredgecolor="#333333",
                label="Settlement: filled in its own control's colour; named where room",
                **SETTLEMENT_MARKER,
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                markerfacecolor="none",
                markeredgecolor=NO_STATUS_EDGE,
                label="Settlement, hollow: no dated source of its own",
                **SETTLEMENT_MARKER,
            )
        )
    return fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.03, MAP_BOTTOM - 0.005),
        ncols=2,
        fontsize=9.5,
        frameon=False,
        handlelength=2.6,
        handleheight=1.6,
    )


def day_figure(data: MapData, day: dt.date) -> Figure:
    """The picture of ``day`` as a matplotlib figure on the Agg canvas (1800 px wide at :data:`DPI`), unsaved.

    Raises
    ------
    ValueError
        If ``day`` is before the timeline's coverage (:func:`geo.timeline.status_on`).
    """
    statuses = status_on(data.events, data.places, day)
    fig = Figure(figsize=FIGURE_INCHES, dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    fig.text(
        0.03, TITLE_TOP, f"Who held what on {day_text(day, weekday=True)}", fontsize=20, fontweight="bold", va="top"
    )
    fig.text(
        0.03,
        TITLE_TOP - 0.03,
        "The districts around Nagorno-Karabakh during the 2020 war and the November 2020 ceasefire handover",
        fontsize=10.5,
        va="top",
    )
    ax = _map_axes(fig, data)
    _draw_districts(ax, data, statuses)
    if day >= IN_FORCE_FROM:
        gpd.GeoSeries([shape(data.corridor["geometry"])]).plot(ax=ax, aspect=None, gid="corridor", **CORRIDOR_STYLE)
    exceptions = _exceptions(data, statuses)
    _draw_settlements(ax, data, day)
    _draw_places(ax, data, exceptions)
    _draw_labels(ax, data, statuses)
    _drop_crowded_labels(fig, ax, data)
    legend = _legend(fig, day, exceptions, any(not item["place_id"] for item in data.settlements))
    credit_rows = credit_lines(data.events, day, data.settlements)
    credit_text = "\n".join(textwrap.fill(line, CREDIT_WIDTH) for line in credit_rows)
    # The credits hang under the legend, whose height depends on its rows: measured on the canvas, not guessed.
    legend_bottom = fig.transFigure.inverted().transform(legend.get_window_extent(fig.canvas.get_renderer()))[0][1]
    fig.text(
        0.03,
        legend_bottom - CREDIT_GAP,
        credit_text,
        fontsize=8,
        va="top",
        linespacing=1.3,
        color="#222222",
        gid="credits",
    )
    return fig


def save_figure(fig: Figure, out: str | Path | BinaryIO, fmt: str) -> None:
    """Write ``fig`` as ``fmt`` (``"png"`` or ``"svg"``) to a path or a binary file. SVG keeps its text as text
    (searchable, selectable, read by screen readers), not as outlines."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}: use one of {', '.join(FORMATS)}")
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(out, format=fmt, dpi=DPI, facecolor="white")


def day_picture(data: MapData, day: dt.date, fmt: str = "png") -> bytes:
    """The picture of ``day`` as PNG or SVG bytes."""
    buffer = io.BytesIO()
    save_figure(day_figure(data, day), buffer, fmt)
    return buffer.getvalue()
