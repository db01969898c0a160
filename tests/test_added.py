"""Adding articles to a session: names, the metadata the form gives, the same text twice, and the saved file that
restores them (every hostile file refused with one message naming the file, the article and the problem)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geo import added, paths
from geo.added import MAX_ADDED_ARTICLES, MAX_NAME_LENGTH, MAX_SAVED_BYTES, GivenMetadata
from geo.corpus import MAX_ARTICLE_BYTES, parse_article
from geo.links import LinkedArticle
from geo.tables import DataError
from tests.conftest import SEED_FILES

TEXT = (
    "Convoys leave Kalbajar\n\nResidents of Kalbajar left on Friday before the deadline of November 25, officials said."
)
OTHER = "Troops enter Agdam\n\nAzerbaijani troops entered the Aghdam district on Friday, the ministry said."


def saved(*articles: dict, **fields) -> bytes:
    record = {"format": added.FORMAT, "version": added.VERSION, "articles": list(articles), **fields}
    return json.dumps(record).encode()


def seed_texts() -> list[tuple[str, str]]:
    return [(name, (paths.ARTICLES / name).read_text(encoding="utf-8")) for name in SEED_FILES]


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("mine.txt", "mine.txt"),
        ("notes.MD", "notes.MD"),
        ("report", "report.txt"),  # no suffix: .txt
        ("", "pasted.txt"),
        ("  a   b .txt ", "a b.txt"),
        ("../../../etc/passwd", ".._.._.._etc_passwd.txt"),  # a label, never a path
        ("Kal\u200bba\u202ejar.txt", "Kalbajar.txt"),  # zero-width and bidi override dropped
        ("a\nb\x00c.md", "abc.md"),
        ("x" * 500 + ".md", "x" * (MAX_NAME_LENGTH - 3) + ".md"),
    ],
)
def test_clean_name_gives_a_name_a_saved_file_accepts(name, clean):
    assert added.clean_name(name) == clean
    assert added.name_problem(clean) is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (None, "must be text, not null"),
        (3, "must be text, not a number"),
        ("", "empty"),
        ("a/b.txt", "path separator"),
        ("a\\b.txt", "path separator"),
        ("a\u202eb.txt", "control or invisible"),
        ("x" * 200 + ".txt", "at most 100"),
        ("notes", "must end in .txt or .md"),
        (" a.txt", "spaces"),
    ],
)
def test_name_problem(name, words):
    assert words in added.name_problem(name)


def test_unique_name_numbers_before_the_suffix():
    assert added.unique_name("a.txt", []) == "a.txt"
    assert added.unique_name("a.txt", ["a.txt", "a-2.txt"]) == "a-3.txt"
    assert added.unique_name("b.md", ["b.md"]) == "b-2.md"


def test_the_form_metadata_is_read_back_and_wins_over_the_texts_own():
    text = added.with_metadata(
        TEXT + "\nOutlet: Old Outlet\nOriginal url: https://old.example/1",
        GivenMetadata(outlet="Reuters", published=dt.date(2020, 11, 20), url="https://www.reuters.com/kalbajar-20"),
        "mine.txt",
    )
    article = parse_article(text, "mine.txt")
    assert (article.outlet, article.published, article.url) == (
        "Reuters",
        dt.date(2020, 11, 20),
        "https://www.reuters.com/kalbajar-20",
    )
    assert article.label() == "Reuters, 20 Nov 2020"
    body = "\n".join(text[a:b] for a, b in article.body)
    assert "Reuters" not in body and "reuters.com" not in body and "2020" not in body


def test_nothing_given_leaves_the_text_as_it_is():
    assert added.with_metadata(TEXT, GivenMetadata(), "mine.txt") == TEXT


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (GivenMetadata(url="javascript:alert(1)"), "is not an address"),
        (GivenMetadata(url="https://a.example/x y"), "is not an address"),
        (GivenMetadata(url='https://a.example/"onmouseover=x'), "is not an address"),
        (GivenMetadata(outlet="O" * 81), "at most 80"),
    ],
)
def test_bad_form_metadata_is_refused_naming_the_file(given, words):
    with pytest.raises(DataError, match=words) as raised:
        added.with_metadata(TEXT, given, "mine.txt")
    assert str(raised.value).startswith("mine.txt: ")


def test_a_line_break_in_the_outlet_cannot_add_a_metadata_line():
    text = added.with_metadata(TEXT, GivenMetadata(outlet="Reuters\nOriginal url: https://evil.example"), "m.txt")
    article = parse_article(text, "m.txt")
    assert article.url == "" and article.outlet == "Reuters Original url: https://evil.example"


def test_prepare_refuses_the_same_text_twice_and_a_seed(corpus):
    seeds = list(corpus.values())
    name, text, article = added.prepare(TEXT.encode(), "mine.txt", GivenMetadata(), seeds, 0)
    assert (name, article.file) == ("mine.txt", "mine.txt")
    # The same body with other metadata is the same article.
    again = added.with_metadata(TEXT, GivenMetadata(outlet="Reuters"), "x").encode()
    with pytest.raises(DataError, match="the same text as mine.txt"):
        added.prepare(again, "other.txt", GivenMetadata(), [*seeds, article], 1)
    (seed_name, seed_text), *_ = seed_texts()
    with pytest.raises(DataError, match=f"the same text as {seed_name} \\(The National"):
        added.prepare(seed_text.encode(), "copy.txt", GivenMetadata(), seeds, 0)
    # Another text under a taken name gets a new name.
    name, _text, _article = added.prepare(OTHER.encode(), "mine.txt", GivenMetadata(), [*seeds, article], 1)
    assert name == "mine-2.txt"


def test_prepare_refuses_more_than_the_session_keeps(corpus):
    with pytest.raises(DataError, match=f"holds {MAX_ADDED_ARTICLES} added articles"):
        added.prepare(TEXT.encode(), "mine.txt", GivenMetadata(), list(corpus.values()), MAX_ADDED_ARTICLES)


def test_save_and_load_round_trip_the_seeds_texts():
    texts = seed_texts()
    assert added.load(added.dump(texts), "added-articles.json") == [
        (name, parse_article(text, name).text.replace("\r\n", "\n")) for name, text in texts
    ]


def test_merge_skips_what_the_session_has_and_renames_clashes(corpus):
    seeds = list(corpus.values())
    mine = parse_article(TEXT, "mine.txt")
    to_add, already = added.merge([("mine.txt", TEXT), ("mine-x.txt", OTHER)], [*seeds, mine], 1, "s.json")
    assert (to_add, already) == ([("mine-x.txt", OTHER)], ["mine.txt"])
    to_add, _already = added.merge([("mine.txt", OTHER)], [*seeds, mine], 1, "s.json")
    assert to_add == [("mine-2.txt", OTHER)]
    with pytest.raises(DataError, match="at most 20"):
        added.merge([("new.txt", OTHER)], [*seeds, mine], MAX_ADDED_ARTICLES, "s.json")


ARTICLE = {"name": "a.txt", "text": TEXT}
# (id, file bytes, words of the one message); every message starts with the file's name.
HOSTILE_FILES = [
    ("not-json", b"{format: kb", "not JSON (line 1, column 2)"),
    ("not-utf8", b'{"format": "\xff"}', "not UTF-8"),
    ("nested", b"[" * 100_000, "not a saved-articles file"),  # too deep for Python's json: a RecursionError
    ("huge-number", b"{" + b'"version": ' + b"9" * 5_000 + b"}", "not JSON"),  # int() refuses 5,000 digits
    ("a-list", b"[]", "not a saved-articles file"),
    ("other-format", saved(ARTICLE, format="something-else"), "not a saved-articles file"),
    ("version-2", saved(ARTICLE, version=2), "version 2 is not one this app reads"),
    ("version-true", saved(ARTICLE, version=True), "version True is not one"),
    ("articles-not-list", saved(articles={"name": "a.txt"}), '"articles" must be a list, not an object'),
    ("no-articles", saved(), "holds no articles"),
    ("too-many", saved(*[{"name": f"a{i}.txt", "text": TEXT} for i in range(21)]), "holds 21 articles; at most 20"),
    ("article-not-object", saved(ARTICLE, "text"), "article 2: must be an object"),
    ("unknown-field", saved({**ARTICLE, "outlet": "X"}), "article 1: unknown field 'outlet'"),
    ("name-missing", saved({"text": TEXT}), "article 1: name must be text, not null"),
    ("name-path", saved({"name": "../../etc/passwd.txt", "text": TEXT}), "article 1: name '../../etc/passwd.txt'"),
    ("name-repeated", saved(ARTICLE, ARTICLE), "article 2: name 'a.txt' is also article 1's"),
    ("text-number", saved({"name": "a.txt", "text": 5}), "article 1: text must be text, not a number"),
    ("text-empty", saved({"name": "a.txt", "text": " \n"}), "article 1: a.txt: empty article"),
    ("text-binary", saved({"name": "a.txt", "text": "x\x00y"}), "article 1: a.txt: binary file"),
    (
        "text-surrogate",
        b'{"format": "kb-added-articles", "version": 1, "articles": [{"name": "a.txt", "text": "\\ud800"}]}',
        "lone surrogate",
    ),
    ("text-too-big", saved({"name": "a.txt", "text": "x" * (MAX_ARTICLE_BYTES + 1)}), "the limit for an article"),
    ("only-metadata", saved({"name": "a.txt", "text": "https://a.example/x"}), "only metadata lines"),
    ("file-too-big", b" " * (MAX_SAVED_BYTES + 1), "the limit for saved articles"),
]


@pytest.mark.parametrize(("raw", "words"), [c[1:] for c in HOSTILE_FILES], ids=[c[0] for c in HOSTILE_FILES])
def test_a_hostile_saved_file_is_refused_with_one_message(raw, words):
    with pytest.raises(DataError) as raised:
        added.load(raw, "my save.json")
    message = str(raised.value)
    assert message.startswith("my save.json"), message
    assert words in message, message
    assert "\n" not in message and "Traceback" not in message


def test_a_server_path_is_never_shown():
    with pytest.raises(DataError) as raised:
        added.load(b"[]", "/srv/app/uploads/save.json")
    assert str(raised.value).startswith("save.json: ")


# --- articles read from a link (geo.links; the pages themselves in tests/test_links.py) ------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (
            "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH",
            "www.reuters.com-us-awards-sag-idUSKBN1ZI0EH.txt",
        ),
        ("http://127.0.0.1:8000/pages/reuters.com.parasite.html", "127.0.0.1-reuters.com.parasite.txt"),
        ("https://www.themoscowtimes.com/2020/11/15/", "www.themoscowtimes.com-15.txt"),  # the last part of the path
        ("https://example.com", "example.com.txt"),
        (
            "https://example.com/a/..%2F..%2Fetc%2Fpasswd",
            "example.com-..%2F..%2Fetc%2Fpasswd.txt",
        ),  # a name, not a path
    ],
)
def test_link_name(url, name):
    assert added.link_name(url) == name
    assert added.name_problem(name) is None


def test_a_linked_article_is_written_as_a_pasted_one_with_its_byline_line():
    linked = LinkedArticle(
        url="https://www.themoscowtimes.com/2020/11/15/azerbaijan-extends-armenian-pullout-deadline-a72048",
        title="Azerbaijan Extends Armenian Pullout Deadline From Disputed Area",
        text=TEXT,
        outlet="The Moscow Times",
        byline="Hervé Bar",
        published=dt.date(2020, 11, 15),
    )
    name, text = added.linked_text(linked)
    article = parse_article(text, name)
    assert (article.title, article.outlet, article.byline, article.published, article.url) == (
        linked.title,
        "The Moscow Times",
        "Hervé Bar",
        dt.date(2020, 11, 15),
        linked.url,
    )
    body = "\n".join(text[a:b] for a, b in article.body)
    assert "Hervé" not in body and "themoscowtimes" not in body  # metadata lines, not article text
    # A text that opens with the page's heading does not get the title twice.
    _name, again = added.linked_text(LinkedArticle(url=linked.url, title="Report", text="Report\n\n" + TEXT))
    assert again.count("Report") == TEXT.count("Report") + 1
