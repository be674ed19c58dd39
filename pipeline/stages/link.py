"""link(clean, nlp) -> LinkedArticle: NER plus the knowledge base, per sentence.

Each sentence carries its tokens (lemma, POS, dependency) so the classify stage can rebuild
the parse without running spaCy again.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.kb import KBEntry, KnowledgeBase, load_kb
from pipeline.records import CleanArticle, Entity, LinkedArticle, LinkedSentence, Token

_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_DATE_LABELS = frozenset({"DATE", "TIME"})
_NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})


def link(
    clean: CleanArticle, nlp: Language, kb: KnowledgeBase | None = None, batch_size: int = 32
) -> LinkedArticle:
    kb = kb or load_kb()
    texts = [s.text for s in clean.sentences]
    linked = [
        LinkedSentence(sentence=s, tokens=_tokens(doc), entities=_entities(doc, kb))
        for s, doc in zip(clean.sentences, nlp.pipe(texts, batch_size=batch_size), strict=True)
    ]
    return LinkedArticle(
        ref=clean.ref,
        fingerprint=clean.fingerprint,
        published_date=clean.published_date,
        sentences=tuple(linked),
        ingested_at=clean.ingested_at,
    )


def _tokens(doc: Doc) -> tuple[Token, ...]:
    return tuple(
        Token(
            start=t.idx,
            end=t.idx + len(t.text),
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
        )
        for t in doc
    )


def _entities(doc: Doc, kb: KnowledgeBase) -> tuple[Entity, ...]:
    return tuple(_entity(span, kb) for span in doc.ents)


def resolve(span_text: str, label: str, kb_id: str | None, kb: KnowledgeBase) -> KBEntry | None:
    entry = kb.get(kb_id)
    if entry is None and label in _PLACE_LABELS | {"ORG"}:
        # The model often mislabels towns ("Eilat" as ORG): a gazetteer city name decides.
        text = span_text[4:] if span_text.startswith("the ") else span_text
        entry = kb.city(text, variants=label in _PLACE_LABELS)
    return entry


def _entity(span: Span, kb: KnowledgeBase) -> Entity:
    entry = resolve(span.text, span.label_, span.kb_id_ or None, kb)
    if entry is not None:
        kind = "norp" if entry.kind == "demonym" else entry.kind
        return Entity(
            text=span.text, start=span.start, end=span.end, label=span.label_, kind=kind,
            kb_id=entry.kb_id, name=None if entry.kind == "demonym" else entry.name,
            sector=entry.sector, country=entry.country, admin1=entry.admin1,
            lat=entry.lat, lon=entry.lon, geonameid=entry.geonameid, precision=entry.precision,
        )
    label = span.label_
    if label == "NORP":
        kind = "norp"
    elif label in _ACTOR_LABELS:
        kind = "actor"
    elif label in _PLACE_LABELS:
        kind = "place"
    elif label in _DATE_LABELS:
        kind = "date"
    elif label in _NUMBER_LABELS:
        kind = "number"
    else:
        kind = "other"
    return Entity(text=span.text, start=span.start, end=span.end, label=label, kind=kind)
