"""Typed records that flow between stages: frozen dataclasses, nothing else.

The JSON form of each (see :mod:`pipeline.codec`) is the message on its topic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """An input message as the feeder sent it (``articles.raw``)."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned text; ``start``/``end`` are offsets into ``CleanArticle.text``."""

    index: int
    start: int
    end: int
    text: str
    is_caption: bool = False


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a mention was read: travels with every later record instead of the raw body."""

    article_id: str
    url: str | None
    source: str | None
    published_at: str | None


@dataclass(frozen=True, slots=True)
class CleanArticle:
    ref: SourceRef
    title: str | None
    text: str
    sentences: tuple[Sentence, ...]
    # Hash of the normalised body: exact copies share it whatever their id.
    fingerprint: str
    # MinHash of the body's word 3-shingles: syndicated near-copies have close signatures.
    signature: tuple[int, ...] = ()
    # ISO date (YYYY-MM-DD) of publication: the message's, else one found in the text.
    published_date: str | None = None
    # Place of reporting from a dateline ("SANAA, Yemen (AP) -"): not the event's place.
    dateline: str | None = None
    ingested_at: float | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """One spaCy token, enough to rebuild a parsed Doc without re-running the model.

    ``start``/``end`` are offsets into the sentence text; ``head`` is an index in the sentence.
    """

    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A linked mention; offsets are token indices in its sentence (``end`` exclusive)."""

    text: str
    start: int
    end: int
    label: str
    kind: str  # actor | place | date | number | other
    kb_id: str | None = None
    name: str | None = None
    sector: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: int | None = None
    # Offsets into CleanArticle.text, for consumers of the linked mentions.
    char_start: int | None = None
    char_end: int | None = None
    type: str | None = None  # KB type: armed_group, city, country, air_base...
    confidence: float | None = None
    # A description that refers back to an actor named earlier ("the group", "the militia").
    coref: bool = False
    # Sponsor of an unnamed group ("Iran-backed militias" -> IRN).
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class LinkedSentence:
    sentence: Sentence
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]
    # False when the pre-filter found no trigger word: tokens then carry no dependencies.
    parsed: bool = True


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    ref: SourceRef
    fingerprint: str
    signature: tuple[int, ...]
    published_date: str | None
    sentences: tuple[LinkedSentence, ...]
    ingested_at: float | None = None
    # The country the article's places are mostly in (else its dateline's): the dedup block
    # of an event the text does not place.
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    text: str
    name: str | None
    kb_id: str | None
    sector: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class Location:
    text: str
    name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: int | None  # 1 town or site, 2 region, 3 country


@dataclass(frozen=True, slots=True)
class Trigger:
    text: str
    start: int  # character offsets into the sentence
    end: int


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """One event mention found in one sentence (``events.candidates``)."""

    candidate_id: str
    block: str
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo_code: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    modality: str
    actor: Participant | None
    target: Participant | None
    location: Location | None
    date: str | None
    date_precision: str | None
    fatalities: int | None
    trigger: Trigger
    sentence: str
    sentence_index: int
    article_id: str
    fingerprint: str
    source: SourceRef
    confidence: float
    ingested_at: float | None = None
    # Which pattern or model decided, and how sure it was: for people debugging a record.
    explanation: str = ""
    # The article's MinHash signature, so that dedup recognises syndicated near-copies.
    signature: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class EventRecord:
    """The sink record (``events``): one per real-world event, re-emitted as it grows."""

    schema_version: str
    event_id: str
    revision: int
    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo_code: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    modality: str
    actor: Participant | None
    target: Participant | None
    location: Location | None
    date: str | None
    date_precision: str | None
    fatalities: int | None
    trigger: Trigger
    sentence: str
    article_id: str
    sources: tuple[SourceRef, ...]
    num_mentions: int
    num_articles: int
    num_sources: int
    # Kafka timestamps of the first/last mention's raw message (ISO 8601 UTC): replay-stable.
    first_seen: str | None
    last_seen: str | None
    confidence: float
    extractor_version: str
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message we could not process, with everything needed to replay it."""

    reason: str
    detail: str
    stage: str
    topic: str | None
    partition: int | None
    offset: int | None
    key: str | None
    value_b64: str
    extractor_version: str
