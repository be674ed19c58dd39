"""Capitals named by description: "Kenya's capital", "the Kenyan capital" (a state's),
"Tigray's regional capital", "the Balochistan capital", "the capital of Borno State" and,
after a region was named, "the state capital" (a first-level region's seat); a bare "the
capital" is that of the state the article is about."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.kb import KBEntry, KnowledgeBase
from pipeline.records import Entity, Sentence

# "the state capital", "Tigray's regional capital": words that make a capital a region's.
REGION_WORDS = frozenset("regional state provincial province departmental region".split())
POSSESSIVE = ("'s", "’s")
# "the first protest outside the capital": not there.
AWAY = frozenset("outside beyond from".split())
CONFIDENCE = 0.95  # as sure as the KB name of the state or region it is named by


def region_of(entities: list[Entity], kb: KnowledgeBase, before: int | None = None
              ) -> tuple[str, str] | None:
    """The (country, admin1) of the last region the entities name before token ``before``."""
    found = None
    for ent in sorted(entities, key=lambda e: e.start):
        if before is not None and ent.start >= before:
            break
        if ent.kind == "place" and ent.type == "region" and ent.country and ent.admin1 and \
                (ent.country, ent.admin1) in kb.seats:
            found = (ent.country, ent.admin1)
    return found


def capitals(doc: Doc, sentence: Sentence, entities: list[Entity], kb: KnowledgeBase,
             named_region: tuple[str, str] | None = None, story_country: str | None = None
             ) -> list[Entity]:
    """The entities, with a capital named by description as one place: the state's or the
    region's it names, that of ``named_region`` (the region the article named last), or for
    a bare "the capital" that of ``story_country`` (the state the article's names are in)."""
    out = []
    taken: set[int] = set()
    for ent in entities:
        found = _capital_of(doc, ent, kb)
        if found is None:
            out.append(ent)
            continue
        start, end, city = found
        taken.update(range(start, end))
        out.append(_place(doc, sentence, start, end, city))
    for tok in doc:
        if tok.lower_ != "capital" or tok.i in taken or tok.i < 1 or \
                any(e.start <= tok.i < e.end for e in out):
            continue
        if tok.i >= 2 and doc[tok.i - 1].lower_ in REGION_WORDS and \
                doc[tok.i - 2].lower_ == "the":
            # "the state capital", "the regional capital": the seat of the region named last.
            region = region_of(out, kb, before=tok.i) or named_region
            seat = kb.get(kb.seats.get(region)) if region else None
            if seat is not None:
                out.append(_place(doc, sentence, tok.i - 1, tok.i + 1, seat))
        elif doc[tok.i - 1].lower_ == "the" and story_country and not _named_next(tok, out) \
                and tok.head.lower_ not in AWAY:
            # "clashes in the capital": the capital of the state the story is about.
            capital = kb.get(kb.capitals.get(story_country))
            if capital is not None:
                out.append(_place(doc, sentence, tok.i, tok.i + 1, capital))
    return out


def _named_next(tok: Token, entities: list[Entity]) -> bool:
    """"the capital of X", "the capital, Kyiv", "the capital Sana'a": named there."""
    following = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if following is None:
        return False
    if following.lower_ in ("of", ",", "city"):
        return True
    return any(e.start == tok.i + 1 for e in entities)


def _capital_of(doc: Doc, ent: Entity, kb: KnowledgeBase) -> tuple[int, int, KBEntry] | None:
    """(start, end, city) of "<ent>'s [regional] capital", "the <ent> capital" or "the capital
    of <ent>", where ent names a state (or its people) or a region with a seat."""
    if ent.kind not in ("place", "norp"):
        return None
    if ent.type == "region":
        city = kb.get(kb.seats.get((ent.country or "", ent.admin1 or "")))
    else:
        city = kb.get(kb.capitals.get(ent.country or "")) \
            if ent.kind == "norp" or ent.type == "country" else None
    if city is None:
        return None
    end = ent.end
    if end < len(doc) and doc[end].text in POSSESSIVE and ent.kind == "place":
        end += 1
    if ent.type == "region" and end < len(doc) and doc[end].lower_ in REGION_WORDS:
        end += 1
    of_place = ent.kind == "norp" or end > ent.end or (
        ent.start > 0 and doc[ent.start - 1].lower_ == "the")
    if end < len(doc) and doc[end].lower_ == "capital" and of_place:
        return ent.start, end + 1, city
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and \
            doc[ent.start - 2].lower_ == "capital" and ent.kind == "place" and \
            end == ent.end:  # not "the capital of Somalia's Hiiraan region"
        return ent.start - 2, ent.end, city  # "the capital of Borno State"
    return None


def _place(doc: Doc, sentence: Sentence, start: int, end: int, city: KBEntry) -> Entity:
    span = doc[start:end]
    start_char = sentence.start + span.start_char
    return Entity(
        text=span.text, start=start, end=end, label="GPE", kind="place", kb_id=city.kb_id,
        name=city.name, country=city.country, admin1=city.admin1, lat=city.lat, lon=city.lon,
        geonameid=city.geonameid, precision=city.precision, char_start=start_char,
        char_end=start_char + len(span.text), type=city.type, confidence=CONFIDENCE)
