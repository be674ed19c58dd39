"""Capitals named by description: "Kenya's capital", "the Kenyan capital" (a state's),
"Tigray's regional capital", "the Balochistan capital", "the capital of Borno State" and,
after a region was named, "the state capital" (a first-level region's seat); a bare "the
capital" is that of the state the article is about. Likewise a state's largest cities:
"Kazakhstan's largest city", "the country's second-largest city", "Tanzania's commercial
capital"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.kb import KBEntry, KnowledgeBase
from pipeline.records import Entity, Sentence

# "the state capital", "Tigray's regional capital": words that make a capital a region's.
REGION_WORDS = frozenset("regional state provincial province departmental region".split())
POSSESSIVE = ("'s", "’s")
# "the first protest outside the capital": not there.
AWAY = frozenset("outside beyond from".split())
SIZE_WORDS = frozenset({"largest", "biggest"})
# "Tanzania's commercial capital": its largest city, where business is.
TRADE_WORDS = frozenset("commercial economic financial business".split())
RANKS = {"second": 1}  # "second-largest": the second of kb.largest
CONFIDENCE = 0.95  # as sure as the KB name of the state or region it is named by


def region_of(entities: list[Entity], kb: KnowledgeBase, before: int | None = None
              ) -> tuple[str, str] | None:
    """The (country, admin1) of the last region the entities name before token ``before``."""
    found = None
    for ent in sorted(entities, key=lambda e: e.start):
        if before is not None and ent.start >= before:
            break
        if ent.kind == "place" and ent.type == "region" and ent.country and ent.admin1 and \
                _first_level(ent) and (ent.country, ent.admin1) in kb.seats:
            found = (ent.country, ent.admin1)
    return found


def _first_level(region: Entity) -> bool:
    """A first-level region, whose seat the KB knows; "the provincial capital of Sulu" is not
    the seat of the region Sulu lies in (Cotabato)."""
    return bool(region.country and region.admin1) and region.name == region.admin1


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
    return _largest_cities(doc, sentence, out, kb, story_country)


def _largest_cities(doc: Doc, sentence: Sentence, entities: list[Entity], kb: KnowledgeBase,
                    story_country: str | None) -> list[Entity]:
    """"Kazakhstan's largest city", "the largest city in Serbia", "the country's
    second-largest city" (``story_country``'s), "its largest city" (the state named before
    in the sentence, else the story's): the city of that rank."""
    out = list(entities)
    at = {i: e for e in entities for i in range(e.start, e.end)}
    for tok in doc:
        if tok.lower_ not in ("city", "capital") or tok.i in at:
            continue
        words = SIZE_WORDS if tok.lower_ == "city" else TRADE_WORDS
        size = next((c for c in tok.children if c.dep_ == "amod" and c.lower_ in words), None)
        if size is None or _restates_a_name(tok, at):
            continue
        ordinals = [c for c in size.children if c.dep_ in ("advmod", "npadvmod", "amod")
                    or c.like_num or c.ent_type_ == "ORDINAL"]
        if any(c.lower_ not in RANKS for c in ordinals):
            continue  # "the fifth-largest city": a rank the data does not hold
        rank = next((RANKS[c.lower_] for c in ordinals), 0)
        country = _country_of_city(tok, at, entities, story_country)
        ranked = kb.largest.get(country or "", ())
        if rank < len(ranked) and (city := kb.get(ranked[rank])) is not None:
            start = min(t.i for t in tok.subtree if t.i <= tok.i)
            # One place: the state that names the city is not another place of the event.
            out = [e for e in out if not start <= e.start <= tok.i]
            out.append(_place(doc, sentence, start, tok.i + 1, city))
    return out


def _restates_a_name(city: Token, at: dict[int, Entity]) -> bool:
    """"Kharkiv, Ukraine's second-largest city", "the largest city, Almaty": named there."""
    return (city.dep_ == "appos" and city.head.i in at) or any(
        c.dep_ == "appos" and c.i in at for c in city.children)


def _country_of_city(city: Token, at: dict[int, Entity], entities: list[Entity],
                     story_country: str | None) -> str | None:
    for c in city.children:
        if c.dep_ == "poss":
            if c.i in at:
                return _country(at[c.i])
            if c.lower_ == "its":  # the state named before in the sentence, else the story's
                before = [e for e in entities if e.end <= c.i and _country(e)]
                return _country(before[-1]) if before else story_country
            if c.lower_ == "country" and any(d.lower_ == "the" for d in c.children):
                return story_country
        if c.dep_ == "prep" and c.lower_ in ("in", "of"):
            named = next((p for p in c.children if p.dep_ == "pobj" and p.i in at), None)
            if named is not None:
                return _country(at[named.i])
    return None


def _country(ent: Entity) -> str | None:
    return ent.country if ent.kind == "place" and ent.type == "country" else None


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
        city = kb.get(kb.seats.get((ent.country or "", ent.admin1 or ""))) \
            if _first_level(ent) else None
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
