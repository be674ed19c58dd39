from __future__ import annotations

import orjson
import pytest

from pipeline import codec
from pipeline.errors import BadMessage
from pipeline.records import CleanArticle, LinkedArticle, LinkedSentence, Sentence, SourceRef, Token


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json", "not_json"),
        (b"[1, 2]", "not_object"),
        (b'"a string"', "not_object"),
        (b'{"body": "text"}', "missing_field"),
        (b'{"id": "a"}', "missing_field"),
        (b'{"id": null, "body": "x"}', "missing_field"),
        (b'{"id": "a", "body": 3}', "wrong_type"),
        (b'{"id": ["a"], "body": "x"}', "wrong_type"),
        (b'{"id": true, "body": "x"}', "wrong_type"),
        (b'{"id": "a", "body": "x", "title": 5}', "wrong_type"),
        (b'{"id": "a", "body": "x", "published_at": "yesterday"}', "wrong_type"),
        (b'{"id": "a", "body": "   "}', "empty_body"),
        (b'{"id": "a", "body": "caf\xe9"}', "not_utf8"),
        (None, "empty_body"),
    ],
)
def test_bad_input_is_rejected_with_its_reason(raw: bytes | None, reason: str) -> None:
    with pytest.raises(BadMessage) as info:
        codec.decode_article(raw, 1024)
    assert info.value.reason == reason
    assert info.value.detail


def test_size_limit_is_checked_before_parsing() -> None:
    raw = orjson.dumps({"id": "a", "body": "x" * 2000})
    with pytest.raises(BadMessage) as info:
        codec.decode_article(raw, 1024)
    assert info.value.reason == "too_large"
    assert codec.decode_article(raw, 4096).body == "x" * 2000


def test_a_valid_article_keeps_its_fields_and_numeric_ids_become_text() -> None:
    article = codec.decode_article(
        b'{"id": 42, "body": "Text.", "source": "AP", "published_at": "2024-07-24T10:00:00Z",'
        b' "url": null, "extra": {"ignored": true}}', 1024)
    assert article.id == "42"
    assert article.source == "AP"
    assert article.published_at == "2024-07-24T10:00:00Z"
    assert article.url is None


def test_records_round_trip_and_tokens_travel_compact() -> None:
    ref = SourceRef("a1", None, "AP", None)
    sentence = Sentence(0, 0, 11, "Bombs fell.")
    tokens = (Token(0, 5, "bomb", "NOUN", "NNS", "nsubj", 1),
              Token(6, 10, "fall", "VERB", "VBD", "ROOT", 1))
    linked = LinkedArticle(ref, "fp", (1, 2), None, (LinkedSentence(sentence, tokens, ()),))
    data = codec.encode(linked)
    assert codec.decode(LinkedArticle, data) == linked
    assert orjson.loads(data)["sentences"][0]["tokens"][0] == [0, 5, "bomb", "NOUN", "NNS",
                                                                "nsubj", 1]
    clean = CleanArticle(ref, None, "Bombs fell.", (sentence,), "fp")
    assert codec.decode(CleanArticle, codec.encode(clean)) == clean
