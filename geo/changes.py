"""What changed on a day, as escaped HTML with each change's source: the map page's side column and the published
page's "What changed on this day" show the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from geo.corpus import Article, source_href
from geo.markup import esc, link
from geo.places import Place
from geo.timeline import Event, changes_on, day_text

NO_CHANGE_HTML = '<p class="kb-change">No change of control and no deadline on this day.</p>'


def changes_html(
    events: Iterable[Event], places: Mapping[str, Place], articles: Iterable[Article], day: dt.date
) -> str:
    """The changes of ``day`` (:func:`geo.timeline.changes_on`), one ``<p class="kb-change">`` each with its source
    linked (a seed article by its own address), or :data:`NO_CHANGE_HTML`."""
    articles = list(articles)
    entries = []
    for event in changes_on(events, day):
        what = "Deadline" if event.kind == "deadline" else "Control"
        if event.kind == "deadline" and event.announced == day and event.date != day:
            what = f"Deadline set for {day_text(event.date)}"
        source = link(source_href(event.source_url, articles), event.source_title)
        entries.append(
            f'<p class="kb-change"><b>{esc(places[event.entity_id].label)}</b> · {esc(what)}: {esc(event.status)}'
            f"<br><small>Source: {source}</small></p>"
        )
    return "".join(entries) or NO_CHANGE_HTML
