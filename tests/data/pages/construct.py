"""Write ``themoscowtimes.com.pullout-deadline.constructed.html``: the seed article
``data/articles/004_f0ae970b1b167635.txt`` (The Moscow Times, AFP, 15 Nov 2020) wrapped in minimal HTML with its
real metadata (title, outlet, byline, date and address from that text and ``data/articles/metadata.csv``).

This page was never served by The Moscow Times in this form: it is constructed, so that the link tests read a
page about the handover. Run from the repository's root: ``python tests/data/pages/construct.py``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "data" / "articles" / "004_f0ae970b1b167635.txt"
OUT = Path(__file__).resolve().parent / "themoscowtimes.com.pullout-deadline.constructed.html"
OUTLET = "The Moscow Times"  # data/articles/metadata.csv
BYLINE = "Hervé Bar for AFP"  # the seed's "By [Hervé Bar for AFP](#)" line
PUBLISHED = "2020-11-15"  # the seed's "November 15, 2020" line
URL = "https://www.themoscowtimes.com/2020/11/15/azerbaijan-extends-armenian-pullout-deadline-from-disputed-area-a72048"
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# Lines of the seed that are metadata or site chrome, not article text: the byline, the date, the related-article
# boxes, the photo credit and the address at the end.
SKIPPED = re.compile(r"^(By |November 15, 2020$|\*\*Related article|\*\*Alexander Ryumin|Original url|<https://)")


def paragraphs(text: str) -> tuple[str, list[str]]:
    """The seed's title and its body as HTML elements (``##`` lines as h2, the rest as p), Markdown marks off."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0].lstrip("# ")
    body = []
    for line in lines[1:]:
        if SKIPPED.match(line):
            continue
        plain = LINK.sub(r"\1", line).replace("**", "")
        if plain.startswith("## "):
            body.append(f"<h2>{html.escape(plain[3:])}</h2>")
        else:
            body.append(f"<p>{html.escape(plain)}</p>")
    return title, body


def page(text: str) -> str:
    title, body = paragraphs(text)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)} - {OUTLET}</title>",
        f'<meta property="og:site_name" content="{OUTLET}">',
        f'<meta property="og:title" content="{html.escape(title)}">',
        f'<meta name="author" content="{BYLINE}">',
        f'<meta property="article:published_time" content="{PUBLISHED}">',
        f'<link rel="canonical" href="{URL}">',
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="byline">By {BYLINE}</p>',
        f'<time datetime="{PUBLISHED}">November 15, 2020</time>',
        *body,
        "</article>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(page(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
