"""The map's state on a day, and on every day at once: what the map's script paints (each district's control, colours,
label and tooltip; the places whose control differs from their district's; the corridor), from the timeline's
statuses. The base map carries :meth:`DayTable.compact`, from which the browser rebuilds any day's state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geo.map_style import CONTROL_STYLE
from geo.markup import esc
from geo.places import Place
from geo.timeline import Status, day_text, since_lines


def district_head(place: Place) -> str:
    """The part of a district's tooltip that never changes: its names (display, Azerbaijani, Armenian)."""
    names = " · ".join(esc(n) for n in (place.name_az, place.name_hy) if n)
    return f"<b>{esc(place.name)}</b><br><small>{names}</small>"


def district_tooltip(place: Place, status: Status) -> str:
    """The day's part of a district's tooltip: control and since when its period began (the 1994 ceasefire line
    where it matters, :func:`geo.timeline.since_lines`), status, deadline, source.

    The browser shows it under :func:`district_head`.
    """
    lines = [*(esc(line) for line in since_lines(status)), f"<i>{esc(status.status)}</i>"]
    if status.deadline is not None:
        text = f"Handover due {day_text(status.deadline.date)}"
        if status.replaced_deadlines:
            earlier = ", ".join(day_text(e.date) for e in status.replaced_deadlines)
            text += f" (extended on {day_text(status.deadline.announced)}; was {earlier})"
        lines.append(f"<b>{esc(text)}</b>")
    lines.append(f"<small>Source: {esc(status.source.source_title)}</small>")
    return "<br>".join(lines)


def state_on_day(
    statuses: Mapping[str, Status], places: Mapping[str, Place], day: dt.date, corridor_from: dt.date
) -> dict:
    """The JSON state ``kbApply`` paints: per district its control, colours, dash, label and tooltip."""
    districts = {}
    for place_id, place in places.items():
        status = statuses.get(place_id)
        if not place.is_area or status is None:
            continue
        style = CONTROL_STYLE[status.control]
        districts[place_id] = {
            "control": status.control,
            "fill": style["fill"],
            "line": style["line"],
            "dash": style["dash"],
            "label": style["short"],
            "tooltip": district_tooltip(place, status),
        }
    # Places whose control differs from their district's (Charektar after 25 Nov): their marker takes the colour.
    exceptions = {}
    for place_id, place in places.items():
        status, district = statuses.get(place_id), statuses.get(place.district)
        if place.is_area or status is None or district is None or status.inherited_from:
            continue
        if status.control != district.control:
            exceptions[place_id] = {"control": status.control, "fill": CONTROL_STYLE[status.control]["fill"]}
    return {
        "day": day.isoformat(),
        "districts": districts,
        "places": exceptions,
        "corridor": day >= corridor_from,
    }


@dataclass(frozen=True)
class DayTable:
    """The map's state on every day from ``start`` on, with each district's day tooltip stored once.

    ``states[i]`` is the state of ``start + i`` days as :func:`state_on_day` gives it, except that a district's
    ``tooltip`` is replaced by ``tip``, its index in ``tips``. The feature group of a day carries that state; the
    base script carries :meth:`compact`, from which the browser rebuilds the same state for any day
    (``kbStateFor``), so the map can follow the slider before the rerun comes back.
    """

    start: dt.date
    states: tuple[dict, ...]
    tips: tuple[str, ...]

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=len(self.states) - 1)

    def state(self, day: dt.date) -> dict:
        """The state of ``day``; ``KeyError`` outside the table's days."""
        offset = (day - self.start).days
        if not 0 <= offset < len(self.states):
            raise KeyError(f"{day.isoformat()} is outside the map's days ({self.start} to {self.end})")
        return self.states[offset]

    def tooltip(self, day: dt.date, district_id: str) -> str:
        """A district's day tooltip (HTML) on ``day``."""
        return self.tips[self.state(day)["districts"][district_id]["tip"]]

    def compact(self) -> dict:
        """The table as the base script embeds it: per district and per place, the runs of days.

        ``districts[id]`` is a list of ``[first offset, control, tip]`` (``[first offset]`` while the district has
        no status), ``places[id]`` a list of ``[first offset, control]`` (``[first offset]`` while the place follows
        its district), ``corridor`` a list of ``[first offset, 0 or 1]``. Colours come from ``styles``
        (:data:`CONTROL_STYLE`), once.
        """
        district_ids = sorted({d for s in self.states for d in s["districts"]})
        place_ids = sorted({p for s in self.states for p in s["places"]})

        def runs(values: list[tuple]) -> list[list]:
            found = []
            for offset, value in enumerate(values):
                if offset == 0 or value != values[offset - 1]:
                    found.append([offset, *value])
            return found

        def district(state: dict, district_id: str) -> tuple:
            entry = state["districts"].get(district_id)
            return (entry["control"], entry["tip"]) if entry else ()

        return {
            "start": self.start.isoformat(),
            "days": len(self.states),
            "styles": CONTROL_STYLE,
            "tips": list(self.tips),
            "districts": {d: runs([district(s, d) for s in self.states]) for d in district_ids},
            "places": {
                p: runs([(s["places"][p]["control"],) if p in s["places"] else () for s in self.states])
                for p in place_ids
            },
            "corridor": runs([(int(s["corridor"]),) for s in self.states]),
        }


def build_day_table(
    statuses_by_day: Mapping[dt.date, Mapping[str, Status]], places: Mapping[str, Place], corridor_from: dt.date
) -> DayTable:
    """Every day's :func:`state_on_day` with tooltips stored once; ``statuses_by_day`` must cover consecutive days."""
    days = sorted(statuses_by_day)
    if not days or (days[-1] - days[0]).days != len(days) - 1:
        raise ValueError("build_day_table needs statuses for consecutive days")
    tips: dict[str, int] = {}
    states = []
    for day in days:
        state = state_on_day(statuses_by_day[day], places, day, corridor_from)
        for entry in state["districts"].values():
            entry["tip"] = tips.setdefault(entry.pop("tooltip"), len(tips))
        states.append(state)
    return DayTable(days[0], tuple(states), tuple(tips))


def settlement_table(periods: Sequence[Mapping], start: dt.date, days: int) -> dict:
    """The settlements the map draws as small markers, each with the runs of its own control over the map's days.

    ``periods`` is :func:`geo.settlements.settlement_periods`' list. A settlement that is also a place of the gazetteer
    (``place_id``) is left out: the place's own marker shows it. Returns ``{"items": [{id, head (HTML), lat, lon,
    runs}], "tips": [HTML]}``, where ``runs`` is a list of ``[first offset, control, tip]`` (``[first offset]`` while
    the settlement has no dated status of its own: the map then draws it hollow and says so), as
    :meth:`DayTable.compact` gives a district's.
    """
    tips: dict[str, int] = {}
    items = []
    for settlement in periods:
        if settlement.get("place_id"):
            continue
        values: list[tuple] = [()] * days
        for period in settlement["periods"]:
            first = max((dt.date.fromisoformat(period["start"]) - start).days, 0)
            last = min((dt.date.fromisoformat(period["end"]) - start).days, days - 1)
            tip = (
                f"{esc(period['label'])} since {esc(day_text(dt.date.fromisoformat(period['since'])))}"
                f"<br><i>{esc(period['status'])}</i><br><small>Source: {esc(period['source_title'])}</small>"
            )
            index = tips.setdefault(tip, len(tips))
            for offset in range(first, last + 1):
                values[offset] = (period["control"], index)
        runs = [[offset, *value] for offset, value in enumerate(values) if offset == 0 or value != values[offset - 1]]
        firsts = (n.split("|")[0] for n in (settlement.get("name_az"), settlement.get("name_hy")) if n)
        others = " · ".join(n for n in firsts if n and n != settlement["name"])  # "Tuğ" once, not "Tuğ · Tuğ"
        items.append(
            {
                "id": f"s{settlement['geonameid']}",
                "name": esc(settlement["name"]),
                "head": f"<b>{esc(settlement['name'])}</b>" + (f"<br><small>{esc(others)}</small>" if others else ""),
                "lat": round(settlement["lat"], 4),
                "lon": round(settlement["lon"], 4),
                "runs": runs,
            }
        )
    return {"items": items, "tips": list(tips)}
