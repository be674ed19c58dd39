from __future__ import annotations

import pytest

from pipeline.errors import BadMessage, UnsupportedLanguage
from pipeline.records import Article
from pipeline.stages.clean import clean


def article(body: str, **meta: str) -> Article:
    return Article(id="a1", body=body, **meta)


def test_credits_and_chrome_go_captions_stay_marked() -> None:
    body = (
        "Houthi fighters fired missiles at a ship on Monday.\n\n"
        "Protesters rally in Sanaa, Yemen July 19, 2024. (credit: REUTERS/KHALED ABDULLAH)\n"
        "Protesters rally in Sanaa, Yemen July 19, 2024. (credit: REUTERS/KHALED ABDULLAH)\n"
        "Masked fighters parade in Khan Younis. (AP Photo/Yousef Masoud)\n"
        "Most Popular\n"
        "read more: Another story entirely\n"
        "Week's Top Stories\n"
        "Unbiased & Unfiltered News Reporting for 12+ years. Editor-In-Chief of Atlas News."
    )
    result = clean(article(body))
    texts = [s.text for s in result.sentences]
    assert texts == [
        "Houthi fighters fired missiles at a ship on Monday.",
        "Protesters rally in Sanaa, Yemen July 19, 2024.",
        "Masked fighters parade in Khan Younis.",
    ]
    assert [s.is_caption for s in result.sentences] == [False, True, True]
    assert "REUTERS" not in result.text and "Most Popular" not in result.text


def test_sentence_offsets_point_into_the_cleaned_text() -> None:
    body = "“Quoted,” he said.  Second   sentence here.\n\nThird — with a dash\u00a0and nbsp."
    result = clean(article(body))
    assert len(result.sentences) == 3
    for sentence in result.sentences:
        assert result.text[sentence.start:sentence.end] == sentence.text
    assert result.sentences[0].text.startswith('"Quoted,"')
    assert "\u00a0" not in result.text and "  " not in result.text


def test_publication_date_from_the_message_or_the_text() -> None:
    assert clean(article(" date 2024-07-24 The group said...")).published_date == "2024-07-24"
    assert clean(article("Text.", published_at="2024-03-01T08:00:00+00:00")).published_date \
        == "2024-03-01"
    assert clean(article("Published March 15, 2024\nText here.")).published_date == "2024-03-15"
    assert clean(article("Nothing dated here.")).published_date is None


def test_dateline_is_the_place_of_reporting_and_leaves_the_text() -> None:
    result = clean(article("SANAA, Yemen (AP) — Houthi rebels fired a missile on Monday."))
    assert result.dateline == "Sanaa, Yemen"
    assert result.sentences[0].text.startswith("Houthi rebels fired")


@pytest.mark.parametrize(("body", "place"), [
    ("DUBAI, Feb 7 (Meridian Wire) - Yemen's Houthis said they fired missiles.", "Dubai"),
    ("WASHINGTON (AN) - Iraqi militias launched a drone attack.", "Washington"),
    ("KHARKIV, Ukraine (AN) -- Russian missiles hit a plant.", "Kharkiv, Ukraine"),
    ("PORT-AU-PRINCE, Haiti (AN) - A gang raided the town.", "Port-Au-Prince, Haiti"),
    ("CAIRO, Sept 8 (Meridian Wire) – Shelling struck a market.", "Cairo"),
])
def test_datelines_with_a_day_or_any_agency_leave_the_text(body: str, place: str) -> None:
    result = clean(article(body))
    assert result.dateline == place
    assert result.sentences[0].text == body.split(" - ", 1)[-1].split(" -- ", 1)[-1] \
        .split(" – ", 1)[-1]


def test_a_dash_after_ordinary_words_is_not_a_dateline() -> None:
    assert clean(article("US forces - the Pentagon said - struck a depot.")).dateline is None


def test_repeated_headline_is_dropped_and_same_body_same_fingerprint() -> None:
    title = "Houthis fire missiles at ship"
    one = clean(article(f"{title}\nHouthis fired missiles.", title=title))
    assert [s.text for s in one.sentences] == ["Houthis fired missiles."]
    two = clean(Article(id="other", body="Houthis   fired missiles.", title="Another headline"))
    assert one.fingerprint == two.fingerprint
    assert clean(article("Houthis fired rockets.")).fingerprint != one.fingerprint


def test_a_body_of_nothing_but_boilerplate_is_a_bad_message() -> None:
    with pytest.raises(BadMessage) as info:
        clean(article("Most Popular\nread more:\n"))
    assert info.value.reason == "empty_body"


def test_html_bodies_give_their_main_text_captions_and_metadata() -> None:
    html = (
        "<html><head><title>Houthis strike tanker</title>"
        '<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head><body>'
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article>"
        "<h1>Houthis strike tanker</h1><p>By Jane Doe</p>"
        "<p>Houthi rebels fired two missiles at a tanker in the Red Sea on Monday, the US military "
        "said in a statement.</p>"
        "<figure><img src='x.jpg'><figcaption>A tanker burns in the Red Sea. (AP Photo/X)"
        "</figcaption></figure>"
        "<p>No injuries were reported, and the vessel continued its voyage to the Suez Canal.</p>"
        "</article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    result = clean(article(html))
    texts = [s.text for s in result.sentences]
    assert texts[0].startswith("Houthi rebels fired two missiles")
    assert "A tanker burns in the Red Sea." in texts
    assert [s.is_caption for s in result.sentences if s.text.startswith("A tanker")] == [True]
    assert not any("<" in t or "Home" in t or "newsletter" in t or "Jane Doe" in t for t in texts)
    assert result.published_date == "2024-05-02"


def test_mojibake_dashes_and_bylines_are_repaired_or_dropped() -> None:
    body = ("By Jane Doe and John Roe, Reuters\n"
            "The group\u00e2\u20ac\u2122s fighters attacked\u2014and seized\u2014the "
            "2019\u20132020 positions near the border on Monday.")
    result = clean(article(body))
    assert [s.text for s in result.sentences] == [
        "The group's fighters attacked - and seized - the 2019-2020 positions near the border "
        "on Monday."]


def test_other_languages_are_dead_lettered_with_their_language() -> None:
    with pytest.raises(UnsupportedLanguage) as info:
        clean(article("أطلق الحوثيون صاروخين على ناقلة نفط في البحر الأحمر يوم الاثنين، "
                      "بحسب ما أعلن الجيش الأمريكي."))
    assert info.value.reason == "unsupported_language" and info.value.language == "ar"
    with pytest.raises(UnsupportedLanguage):
        clean(article("Les rebelles houthis ont tiré deux missiles sur un pétrolier en mer Rouge "
                      "lundi, selon l'armée américaine."))
    assert clean(article("Short text.", language="en")).sentences


def test_a_date_in_the_text_fills_the_missing_published_at() -> None:
    result = clean(article(" date 2024-07-24 The group said it would strike."))
    assert result.ref.published_at == "2024-07-24"
    given = clean(article("The group said so.", published_at="2024-01-02T03:04:05Z"))
    assert given.ref.published_at == "2024-01-02T03:04:05Z"


def test_an_endless_sentence_is_cut_into_pieces_the_nlp_takes() -> None:
    result = clean(article("the police said that the attack on the town was over and " * 500
                           + "x" * 4500))
    assert len(result.sentences) >= 13
    for sentence in result.sentences:
        assert 0 < len(sentence.text) <= 2000
        assert result.text[sentence.start : sentence.end] == sentence.text
