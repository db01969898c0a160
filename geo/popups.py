"""A marker's popup: the places it shows and the article sentences that name them, the news first, as data the
map's script renders (``geo/static/handover_map.js``, ``popupHtml``) and as HTML (:func:`popup_html`, for tests).

Every string is escaped by :mod:`geo.markup`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from geo.corpus import Excerpt
from geo.markup import esc, highlight, link
from geo.places import Place
from geo.quotes import merge_wire_copies, rank_excerpts
from geo.timeline import day_text

URL_IN_TEXT = re.compile(r"https?://\S+")
# Sentences a popup quotes from one article for one place (the seeds quote at most 3); the rest are counted. The map
# script goes to the browser on every rerun, so an added article that names a place 100 times must not quote it all.
MAX_QUOTES_PER_ARTICLE = 3
QUOTES_PER_PLACE = 3  # a popup quotes the top three of a place; the rest are on the Sources page (?place=)


@dataclass(frozen=True)
class Marker:
    """A marker on the map: one place, or a district together with its seat town (they share a point)."""

    id: str
    place_ids: tuple[str, ...]
    lat: float
    lon: float
    kind: str
    title: str


def markers(places: Mapping[str, Place]) -> list[Marker]:
    """One marker per place; a district and its seat town (``<district>-town``) share one marker.

    A district's marker stands at its seat town, which is where ``places.csv`` puts the district's point.
    """
    found = []
    for place_id, place in places.items():
        if place.kind == "town" and place_id.endswith("-town") and place_id[: -len("-town")] in places:
            continue  # shown on its district's marker
        ids = (place_id, f"{place_id}-town") if f"{place_id}-town" in places else (place_id,)
        title = place.name + (" (district and town)" if len(ids) == 2 else "")
        found.append(Marker(place_id, ids, place.lat, place.lon, place.kind, title))
    return found


def source_citation(excerpt: Excerpt) -> str:
    """How a popup cites an article: its outlet linked to the article, its date and its file (escaped HTML)."""
    date = day_text(excerpt.published) if excerpt.published else "date unknown"
    return f"{link(excerpt.url, excerpt.outlet or 'outlet not given')}, {esc(date)} <code>{esc(excerpt.file)}</code>"


def sources_link(place_id: str, app_url: str = "") -> str:
    """A link to the Sources page showing only the articles that name the place (opens in a new tab).

    ``app_url``: the app's address, for a page that is not the app (the published page); empty in the app itself,
    where the link is relative."""
    href = app_url + "sources?" + urlencode({"place": place_id})
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">all on the Sources page</a>'


def popup_parts(
    marker: Marker,
    places: Mapping[str, Place],
    excerpts: Mapping[str, Sequence[Excerpt]],
    citations: dict[str, int],
    always: Collection[str] = (),
    app_url: str = "",
) -> list:
    """A marker's popup as data: HTML fragments (str), excerpt lists, each ``[[sentence HTML, [citation, ...]]]``,
    and, last, ``{"place": id}``, where the map puts the link to this place on the day shown and its citation (they
    depend on the day, so the browser writes them: ``handover_map.js``, ``placeTools``).

    A place's sentences are ranked, the news first (a deadline, a change of control, a date:
    :func:`geo.quotes.rank_excerpts`); a sentence that several articles print as one wire copy, word for word or
    lightly edited, is quoted once and cited to each of them (:func:`geo.quotes.merge_wire_copies`). At most
    :data:`MAX_QUOTES_PER_ARTICLE` sentences of one article are considered and :data:`QUOTES_PER_PLACE` quotes shown;
    a line counts the rest and links to the Sources page filtered to the place, so a long added article cannot
    swell the map.

    ``always``: files (the articles a user added) whose best sentence on the place is quoted even when it does not
    rank in the top :data:`QUOTES_PER_PLACE`: whoever adds an article sees it on the map.

    ``citations`` maps a citation (:func:`source_citation`) to its index in the map's list of citations; new ones
    are added. :func:`popup_html` and the map's ``kbPopup`` render the parts.

    ``app_url``: the app's address where the popup is not in the app (:func:`sources_link`).
    """
    head = places[marker.id]
    other = " · ".join(esc(n) for n in (head.name_az, head.name_hy) if n)
    parts: list = [f'<div class="kb-popup"><b>{esc(marker.title)}</b><br><small>{other}</small>']
    for place_id in marker.place_ids:
        place = places[place_id]
        found = excerpts.get(place_id, ())
        if len(marker.place_ids) > 1:
            parts.append(f"<div><i>{esc(place.kind.capitalize())}: {esc(place.name)}</i></div>")
        if not found:
            parts.append("<p><small>No article in the corpus names it.</small></p>")
            continue
        # The news first, a few per article, one quote per wire sentence (geo.quotes); the rest on Sources.
        seen: set[tuple[str, str]] = set()  # (file, sentence): a sentence an article repeats is quoted once
        per_article: dict[str, int] = {}
        candidates = []
        for excerpt in rank_excerpts(found):
            if (excerpt.file, excerpt.sentence) in seen:
                continue
            seen.add((excerpt.file, excerpt.sentence))
            if per_article.get(excerpt.file, 0) < MAX_QUOTES_PER_ARTICLE:
                per_article[excerpt.file] = per_article.get(excerpt.file, 0) + 1
                candidates.append(excerpt)
        groups = merge_wire_copies(candidates)
        shown_groups = groups[:QUOTES_PER_PLACE]
        cited_files = {e.file for group in shown_groups for e in group}
        for group in groups[QUOTES_PER_PLACE:]:  # ranked: each added article's first group is its best
            file = group[0].file
            if file in always and file not in cited_files:
                shown_groups.append(group)
                cited_files.update(e.file for e in group)
        quoted = []
        for group in shown_groups:
            sources: list[int] = []
            for excerpt in group:
                cited = citations.setdefault(source_citation(excerpt), len(citations))
                if cited not in sources:
                    sources.append(cited)
            quoted.append([highlight(group[0].sentence, group[0].highlights), sources])
        parts.append(quoted)
        shown = sum(len(group) for group in shown_groups)
        if len(seen) > shown:
            parts.append(
                f"<p><small>{len(seen) - shown} more {'sentence names' if len(seen) - shown == 1 else 'sentences name'}"
                f" {esc(place.name)}: {sources_link(place_id, app_url)}</small></p>"
            )
    url = URL_IN_TEXT.search(head.coord_source)
    parts.append({"place": marker.id})
    parts.append(f"<small>{link(url.group(0) if url else '', 'Coordinates source')}</small></div>")
    return parts


def popup_html(parts: Sequence, citations: Sequence[str], place_tools=None) -> str:
    """The popup's HTML from :func:`popup_parts` (the map's ``kbPopup`` builds the same string in the browser).

    ``place_tools``: a function of the place id giving the HTML of the link and citation part (the browser's
    ``placeTools``); without it that part is left out."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if isinstance(part, dict):
            out.append(place_tools(part["place"]) if place_tools else "")
            continue
        items = (
            f"<li>“{sentence}”<br><small>{'; '.join(citations[i] for i in sources)}</small></li>"
            for sentence, sources in part
        )
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)
