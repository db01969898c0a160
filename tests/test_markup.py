"""Escaping: article text reaches HTML only through these functions."""

import json

import pytest

from geo.markup import article_html, esc, highlight, link, script_json, table_html


@pytest.mark.parametrize(
    ("text", "spans", "html"),
    [
        ("in Kalbajar today", [(3, 11)], "in <mark>Kalbajar</mark> today"),
        ("<b>Agdam</b>", [(3, 8)], "&lt;b&gt;<mark>Agdam</mark>&lt;/b&gt;"),
        ("a  b\n c", [], "a b c"),  # whitespace collapsed
        ("Stepanakert", [(0, 5), (3, 11)], "<mark>Stepanakert</mark>"),  # overlapping spans merge
    ],
)
def test_highlight(text, spans, html):
    assert highlight(text, spans) == html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", '<a href="https://example.org/a?b=1&amp;c=2" target="_blank"'),
        ("javascript:alert(1)", "x"),  # not http(s): the label alone
        ('https://e.org/"onmouseover="x', "x"),  # quotes are not allowed in the address
    ],
)
def test_link_only_for_http_addresses(url, expected):
    assert link(url, "x").startswith(expected)


def test_script_json_cannot_end_a_script_or_open_a_template():
    value = {"t": "</script><script>alert(1)</script> {{coord|1}} {% raw %} {#x \u2028"}
    text = script_json(value)
    for bad in ("</script", "{{", "{%", "{#", "\u2028"):
        assert bad not in text
    assert json.loads(text) == value


def test_article_html_marks_mentions_and_escapes_the_rest():
    text = "Title\n<i>x</i> near Charektar."
    html = article_html(text, [(0, 5), (6, len(text))], [(text.index("Charektar"), len(text) - 1, "Charektar")])
    assert html == '<p>Title</p>\n<p>&lt;i&gt;x&lt;/i&gt; near <mark title="Charektar">Charektar</mark>.</p>'


def test_article_html_marks_only_inside_their_paragraph():
    text = "Kalbajar\nAghdam and Lachin\nShusha"
    marks = [(0, 8, "K"), (9, 15, "A"), (20, 26, "L"), (7, 12, "across"), (27, 33, "S")]
    html = article_html(text, [(0, 8), (9, 26), (27, 33)], marks)
    assert html == (
        '<p><mark title="K">Kalbajar</mark></p>\n'
        '<p><mark title="A">Aghdam</mark> and <mark title="L">Lachin</mark></p>\n'
        '<p><mark title="S">Shusha</mark></p>'
    )


def test_article_html_many_paragraphs():
    # One mark per paragraph, 20,000 paragraphs: each paragraph finds its marks by bisection.
    text = "Kalbajar\n" * 20_000
    spans = [(9 * i, 9 * i + 8) for i in range(20_000)]
    html = article_html(text, spans, [(a, b, "K") for a, b in spans])
    assert html.count('<mark title="K">Kalbajar</mark>') == 20_000


def test_esc_quotes_attributes():
    assert esc("\"a\" & 'b'") == "&quot;a&quot; &amp; &#x27;b&#x27;"


def test_table_html_escapes_cells_and_links_only_http():
    rows = [{"a": "<b>x</b>", "s": "source", "u": "https://e.org/?q=1&r=2"}, {"a": "y", "s": "source", "u": ""}]
    html = table_html(rows, ["a", "s"], links={"s": "u"})
    assert "<td>&lt;b&gt;x&lt;/b&gt;</td>" in html
    assert '<a href="https://e.org/?q=1&amp;r=2"' in html
    assert "<td>source</td>" in html  # no URL: the label alone


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Azerbaijani army enters Agdam as Armenians flee (RFE/RL, 20 Nov 2020)", "RFE/RL, 20 Nov 2020"),
        ("Bombardment of Tartar (Wikipedia)", "Wikipedia"),
        (
            "Statement by the Prime Minister of the Republic of Armenia, the President of the Republic of Azerbaijan",
            "Statement by the Prime Minister of the…",
        ),
        ("Tartar District", "Tartar District"),
        ("(only brackets)", "(only brackets)"),
        (
            "A title (with a bracketed aside that runs on far too long to be an outlet)",
            "A title (with a bracketed aside that ru…",
        ),
    ],
)
def test_short_source_takes_the_bracketed_outlet_or_cuts_the_title(title, short):
    from geo.markup import short_source

    assert short_source(title) == short
    assert len(short_source(title)) <= 40
