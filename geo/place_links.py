"""Finding a place by any of its names, for a link (``?place=`` in the app, ``#place=`` in the published page) and for
the map page's search box; and the address of a view (day and place).

A place is opened on the map by its marker: a district and its seat town share one (:func:`geo.popups.markers`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlencode, urlsplit

from geo.markup import SAFE_URL
from geo.names import Gazetteer, normalise, place_gazetteer
from geo.places import Place
from geo.popups import markers

MAX_QUERY = 200  # characters of a place's name looked up; a longer value is no name (and is not read whole)
MAX_QUOTED = 40  # characters of a value a message quotes


def marker_of(places: Mapping[str, Place]) -> dict[str, str]:
    """Each place id to the id of the marker that shows it."""
    return {place_id: m.id for m in markers(places) for place_id in m.place_ids}


def _quoted(value: str) -> str:
    return value if len(value) <= MAX_QUOTED else value[:MAX_QUOTED] + "…"


def find_place(
    query: str, places: Mapping[str, Place], gazetteer: Gazetteer | Callable[[], Gazetteer] | None = None
) -> tuple[str | None, str]:
    """The marker a name asks for, and a message (plain text; the caller escapes it) when the name was not read as
    written: a spelling read as its nearest name, or no place at all.

    Any name, alias or id in any case and script (:func:`geo.names.normalise`), or a misspelling near exactly one
    place (the gazetteer's fuzzy rule). ``gazetteer``: :func:`geo.names.place_gazetteer` of ``places``, or a function
    that gives it, when the caller keeps one (building it takes about 75 ms); an id needs none.
    """
    query = query.strip()
    if not query:
        return None, ""
    if len(query) > MAX_QUERY:
        return None, f"“{_quoted(query)}” is not a place on the map."
    found = marker_of(places)
    if query in found:  # an id, as the app writes it back into the address and reads it again on every rerun
        return found[query], ""
    if callable(gazetteer):
        gazetteer = gazetteer()
    gazetteer = gazetteer if gazetteer is not None else place_gazetteer(places)
    place_id = gazetteer.resolve(query)
    if place_id is None or place_id not in found:
        return None, f"“{_quoted(query)}” is not a place on the map."
    if normalise(query) in gazetteer.by_key:
        return found[place_id], ""
    matched = gazetteer.lookup(query).matched  # a misspelling: its nearest spelling, for the message
    return found[place_id], f"“{_quoted(query)}” read as {places[place_id].name} (nearest spelling: {matched})."


def view_url(base: str, day: str, place: str | None = None) -> str:
    """The address of a day (ISO) and optionally a place on the page at ``base`` (``?date=…&place=…``); a ``base``
    that is not an http(s) address gives the query alone."""
    query = urlencode({"date": day, **({"place": place} if place else {})})
    if not (base and SAFE_URL.match(base)):
        return f"?{query}"
    return f"{base}{'' if urlsplit(base).path else '/'}?{query}"


def embed_snippet(url: str, title: str, height: int = 640) -> str:
    """The ``<iframe>`` an article puts in its page to show ``url`` (an http(s) address; escaped all the same)."""
    from geo.markup import esc

    return (
        f'<iframe src="{esc(url)}" title="{esc(title)}" width="100%" height="{int(height)}" '
        'style="border:0" loading="lazy"></iframe>'
    )
