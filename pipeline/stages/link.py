"""link(clean, nlp) -> LinkedArticle: NER plus the knowledge base, resolved in context.

Each sentence carries its tokens (lemma, POS, dependency) so the classify stage can rebuild
the parse without running spaCy again, and its entity mentions: canonical name, kb id,
type and sector, country, coordinates for places, offsets and a confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.kb import SMALL_TOWN, KBEntry, KnowledgeBase, load_kb
from pipeline.kb.build_places import fold, match_key
from pipeline.nlp import PLACE_NOUNS, SETTLEMENT_NOUNS, towns_at
from pipeline.records import CleanArticle, Entity, LinkedArticle, LinkedSentence, Sentence, Token
from pipeline.stages import coref, seats
from pipeline.stages.analyse import analyse

_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_DATE_LABELS = frozenset({"DATE", "TIME"})
_NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
# Words around a name that say what kind of thing it is.
_SITE_WORDS = frozenset("base airbase air military camp crossing airport port outpost field "
                        "plant facility".split())
_PERSON_TITLES = frozenset("president mr mr. ms ms. mrs mrs. gen. general leader minister "
                           "sheikh sayyed bashar king prince commander".split())
_LOCATIVE_PREPS = frozenset("in at near from to into toward towards outside inside across "
                            "around".split())
# Verbs whose object is most often a place taken or hit: "armed men stormed Petite-Rivière".
_PLACE_TAKING_VERBS = frozenset("storm overrun capture seize besiege shell raid retake "
                                "recapture encircle".split())
_TOWN_NOUNS = frozenset("town city village district neighbourhood neighborhood suburb "
                        "township".split())
_REGION_WORDS = frozenset("region province state governorate district county department "
                          "oblast prefecture division territory area".split())
# Labels the model gives towns it does not know ("the cities of Novi Sad and Niš": Novi Sad
# as a WORK_OF_ART): where the words say place, a gazetteer town decides.
_MISTAKEN_LABELS = frozenset("PERSON NORP ORG WORK_OF_ART PRODUCT EVENT LAW".split())
# "Liberia-flagged", "Greek-owned": a state or country a ship or firm belongs to.
_FLAG_WORDS = frozenset("flagged registered owned operated managed".split())
# Words that make a place name the start of a force's or a party's name ("Assam Rifles").
_FORCE_NAME_WORDS = frozenset("rifles regiment brigade battalion corps army front guard guards "
                              "police militia movement party".split())
_POSSESSIVE = re.compile(r"['’]s$")
# Confidence of a mention, by how it was linked.
CONFIDENCE = {"kb": 0.95, "kb_context": 0.8, "gazetteer": 0.85, "ner": 0.6}


def link(clean: CleanArticle, nlp: Language, kb: KnowledgeBase | None = None) -> LinkedArticle:
    return link_many([clean], nlp, kb)[0]


def link_many(cleans: Sequence[CleanArticle], nlp: Language, kb: KnowledgeBase | None = None,
              batch_size: int = 8) -> list[LinkedArticle]:
    """`link` for several articles, their sentences through spaCy together (cheaper)."""
    kb = kb or load_kb()
    all_docs = analyse(nlp, [[s.text for s in clean.sentences] for clean in cleans], batch_size)
    return [_link(clean, docs, kb) for clean, docs in zip(cleans, all_docs, strict=True)]


def _link(clean: CleanArticle, docs: list[Doc], kb: KnowledgeBase) -> LinkedArticle:
    # Each name's candidate entries, looked up once: the context and the choice both use them.
    # doc.ents builds its Spans anew at every call: once per sentence.
    ents = [doc.ents for doc in docs]
    options = [[_options(span, kb) for span in names] for names in ents]
    # A town found by another spelling ("Rann", German for Slovenia's Brežice), or a small
    # one ("Llorente" in a story about Colombia is not the Philippines'), is trusted only in
    # a country the article's other names are in, when they are in any.
    otherwise = [[_doubtful(span, found, kb) for span, found in zip(names, opts, strict=True)]
                 for names, opts in zip(ents, options, strict=True)]
    # "a Liberia-flagged carrier": the flag's state is whose, not where; no place context.
    context = _article_countries([[found for span, found, other in zip(names, opts, flags,
                                                                       strict=True)
                                   if not other and not _flag_of(span)]
                                  for names, opts, flags in zip(ents, options, otherwise,
                                                                strict=True)])
    # "at Chimaltenango": a town the model missed after "at", if in a country the article
    # names (or writes from); "at Harvard" in a story about Kenya is no town.
    writer = _dateline_country(clean.dateline, kb) if clean.dateline else None
    for n, doc in enumerate(docs):
        towns = [span for span in towns_at(doc, kb)
                 if kb.entries[span.kb_id_].country in {*context, writer}]
        label = _section_label(doc, kb)
        if label is not None:  # in place of what the model made of the capitals, if anything
            ents[n] = tuple(span for span in ents[n] if span.start >= label.end)
            towns.append(label)
        if towns:
            ents[n] = tuple(sorted((*ents[n], *towns), key=lambda span: span.start))
            options[n] = [_options(span, kb) for span in ents[n]]
            otherwise[n] = [_doubtful(span, found, kb)
                            for span, found in zip(ents[n], options[n], strict=True)]
    # "NUSAYBIN, Turkey - The curfew imposed on Nusaybin": the town the writer stands in,
    # named again, is that town whatever label the model gave the name.
    home = _dateline_town(clean.dateline, kb) if clean.dateline else None
    if home is not None:
        options = [[found or ([home[1]] if match_key(_lookup_text(span)) == home[0] else [])
                    for span, found in zip(names, opts, strict=True)]
                   for names, opts in zip(ents, options, strict=True)]
    # A sea or strait the article names makes its shores likely ("west of Mokha, near the Bab
    # el-Mandeb strait").
    likely = set(context) | {c for opts in options for found in opts if len(found) == 1
                             for c in found[0].coast}
    if context or writer:
        # The dateline's country is one too, and the only one when no other name says.
        likely |= {writer} if writer else set()
        options = [[[o for o in found if o.country in likely] if other else found
                    for found, other in zip(opts, flags, strict=True)]
                   for opts, flags in zip(options, otherwise, strict=True)]
    # The state most of the article's names are in, if one leads: "in the capital" is its.
    ranked = context.most_common(2)
    story = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) \
        else None
    # The dateline is where the writer stands: it breaks a tie between towns of one name
    # ("BEIRUT - ... in Tripoli" is Lebanon's), but says nothing of "the capital" (a story).
    resolving = context.copy()
    if writer:
        resolving[writer] += 1
    linked = []
    named: list[coref.Named] = []  # actors named so far, for "the group" and the like
    town: Entity | None = None  # the town named last, for "the city"
    region: tuple[str, str] | None = None  # the region named last, for "the state capital"
    for n, (sentence, doc) in enumerate(zip(clean.sentences, docs, strict=True)):
        entities = [_entity(span, found, sentence, resolving, clean.published_date)
                    for span, found in zip(ents[n], options[n], strict=True)]
        entities = [_district_of_town(doc, e) for e in entities]
        entities = seats.capitals(doc, sentence, entities, kb, region, story)
        entities = _foreign_towns(doc, entities)
        entities = _spelled_out(doc, entities)
        entities = [_branch(doc, e, kb) for e in entities]
        entities += coref.descriptions(doc, sentence, entities, named, kb)
        entities += coref.pronouns(doc, sentence, entities, named, kb)
        entities += coref.towns(doc, sentence, entities, town)
        entities.sort(key=lambda e: e.start)
        town = coref.last_town(doc, entities, town)
        region = seats.region_of(entities, kb) or region
        coref.remember(named, doc, sentence, entities)
        linked.append(LinkedSentence(sentence=sentence, tokens=_tokens(doc),
                                     entities=tuple(entities), parsed=doc.has_annotation("DEP")))
    return LinkedArticle(ref=clean.ref, fingerprint=clean.fingerprint, signature=clean.signature,
                         published_date=clean.published_date, sentences=tuple(linked),
                         ingested_at=clean.ingested_at,
                         country=_main_country(linked, writer))


def _foreign_towns(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """"an army base at Balad, in Somalia's Middle Shabelle region": the place the sentence
    puts a town in is of another country than the gazetteer's town of that name (Iraq's
    Balad), so the town is one the gazetteer lacks."""
    places = sorted((e for e in entities if e.kind == "place" and e.country),
                    key=lambda e: e.start)
    out = []
    for ent in entities:
        following = next((p for p in places if p.start >= ent.end), None)
        between = [t.lower_ for t in doc[ent.end : following.start]] if following else []
        if ent.type == "city" and following is not None and following.country != ent.country \
                and len(between) <= 3 and ("in" in between or "near" in between) and \
                between[:1] in ([","], ["in"], ["near"]):
            ent = replace(ent, kb_id=None, name=None, country=None, admin1=None, lat=None,
                          lon=None, geonameid=None, precision=None, type=None,
                          confidence=CONFIDENCE["ner"])
        out.append(ent)
    return out


def _spelled_out(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """"Colombia's National Liberation Army (ELN)": a name the KB lacks, spelled out before
    the acronym the KB knows, is the acronym's actor."""
    acronyms = {e.start: e for e in entities if e.kind == "actor" and e.kb_id}
    out = []
    for ent in entities:
        acronym = acronyms.get(ent.end + 1)
        if ent.kind == "actor" and ent.kb_id is None and acronym is not None and \
                doc[ent.end].text == "(" and acronym.end < len(doc) and \
                doc[acronym.end].text == ")":
            ent = replace(ent, kb_id=acronym.kb_id, name=acronym.name, sector=acronym.sector,
                          country=acronym.country, type=acronym.type,
                          confidence=acronym.confidence, affiliation=acronym.affiliation)
        out.append(ent)
    return out


# "Islamic State's West Africa branch": a group's regional part, which the KB names.
_BRANCH_NOUNS = frozenset("branch affiliate wing province franchise offshoot arm".split())


def _branch(doc: Doc, ent: Entity, kb: KnowledgeBase) -> Entity:
    """"Islamic State's West African affiliate" is ISWAP, not the Islamic State: the KB actor
    affiliated with the group whose name holds the words of the region."""
    if ent.kind != "actor" or not ent.kb_id or ent.end >= len(doc) or doc[ent.end].text != "'s":
        return ent
    rest = doc[ent.end + 1 : ent.end + 5]
    noun = next((t for t in rest if t.lower_ in _BRANCH_NOUNS), None)
    region = match_key(doc[ent.end + 1 : noun.i].text).split() if noun is not None else []
    if not region:
        return ent
    for kb_id in kb.affiliates.get(ent.kb_id, ()):
        entry = kb.entries[kb_id]
        name = match_key(entry.name).split()
        # "West African" is "West Africa"; "Somali", "Somalia"
        if all(any(_one_word(w, n) for n in name) for w in region):
            return replace(ent, kb_id=entry.kb_id, name=entry.name, country=entry.country,
                           sector=entry.sector, type=entry.type)
    return ent


def _one_word(a: str, b: str) -> bool:
    """A place's name and its adjective: "Africa" / "African", "Somalia" / "Somali"."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) <= 2 and len(short) >= 4


# Second-level areas named after their chief town: "Rutshuru territory", "Kanbalu township".
_DISTRICT_WORDS = frozenset("district territory township county subdistrict tehsil".split())


def _district_of_town(doc: Doc, ent: Entity) -> Entity:
    """"Rutshuru territory", "Kajuru local government area": the area around the town, in
    the town's region, not the town itself."""
    if ent.kind != "place" or ent.type != "city" or ent.precision != 1 or ent.end >= len(doc):
        return ent
    after = [t.lower_ for t in doc[ent.end : ent.end + 3]]
    if after[0] in _DISTRICT_WORDS or after == ["local", "government", "area"]:
        return replace(ent, precision=2)
    return ent


def _tokens(doc: Doc) -> tuple[Token, ...]:
    return tuple(Token(start=t.idx, end=t.idx + len(t.text), lemma=t.lemma_, pos=t.pos_,
                       tag=t.tag_, dep=t.dep_, head=t.head.i) for t in doc)


def _article_countries(options: list[list[list[KBEntry]]]) -> Counter[str]:
    """Countries of the article's unambiguous names: the context that resolves the others."""
    return Counter(found[0].country for sentence in options for found in sentence
                   if len(found) == 1 and found[0].country)


def _main_country(sentences: list[LinkedSentence], writer: str | None) -> str | None:
    """The country whose places the article names most, its dateline among them: where an
    event the article does not place most likely happened."""
    places = [writer] if writer else []
    places += [e.country for ls in sentences for e in ls.entities
               if e.kind == "place" and e.country
               and (e.confidence or 0) >= CONFIDENCE["gazetteer"] and not _origin(ls, e)]
    counts = Counter(c for c in places if c)
    if not counts:
        # No place names a country: the named parties' do ("Haiti's council condemned ...").
        places = [e.country for ls in sentences for e in ls.entities
                  if e.kind in ("actor", "norp") and e.kb_id and e.country]
        counts = Counter(c for c in places if c)
    # The dateline counts as one place, named first: it wins a tie.
    return max(counts, key=lambda c: (counts[c], -places.index(c))) if counts else None


def _origin(ls: LinkedSentence, ent: Entity) -> bool:
    """"traders arriving from Nigeria": where someone came from, not where the story is."""
    return ent.start > 0 and ls.tokens[ent.start - 1].lemma.lower() == "from"


def _dateline_country(dateline: str, kb: KnowledgeBase) -> str | None:
    for part in reversed([p.strip() for p in dateline.split(",")]):  # "Kharkiv, Ukraine"
        entry = _dateline_place(part, kb)
        if entry is not None and entry.country:
            return entry.country
    return None


def _dateline_place(part: str, kb: KnowledgeBase) -> KBEntry | None:
    """What one part of a dateline names: "BOGOTA" is Bogotá, the likeliest of its options."""
    return next(iter(kb.alternatives(part)), None) or kb.city(part)


def _section_label(doc: Doc, kb: KnowledgeBase) -> Span | None:
    """"SYRIA: Fighting erupted ...": a digest's section label, a country in capitals before
    a colon, which the model misreads ("JORDAN" as a person) or does not read at all."""
    colon = next((t.i for t in doc[:4] if t.text == ":"), None)
    if not colon or not all(t.is_upper for t in doc[:colon]):
        return None
    entry = kb.get(kb.aliases.get(doc[:colon].text.title()))
    if entry is None or entry.type != "country":
        return None
    return Span(doc, 0, colon, label="GPE", kb_id=entry.kb_id)


def _dateline_town(dateline: str, kb: KnowledgeBase) -> tuple[str, KBEntry] | None:
    """The dateline's town ("Nusaybin, Turkey"), as a name key and its gazetteer entry."""
    town = dateline.split(",")[0].strip()
    entry = _dateline_place(town, kb)
    if entry is None or entry.kind != "place" or entry.type != "city":
        return None
    return match_key(town), entry


def _lookup_text(span: Span) -> str:
    text = span.text[4:] if span.text.startswith("the ") else span.text
    return _POSSESSIVE.sub("", text)  # "Kharkiv's Saltivskyi district"


def _doubtful(span: Span, options: list[KBEntry], kb: KnowledgeBase) -> bool:
    """A town trusted only where the article's other names are."""
    return _spelled_otherwise(span, options, kb) or (bool(options) and all(
        o.type == "city" and o.population < SMALL_TOWN for o in options))


def _spelled_otherwise(span: Span, options: list[KBEntry], kb: KnowledgeBase) -> bool:
    """Is the one option a town found by an alternate name, not its own?"""
    if len(options) != 1 or options[0].type != "city":
        return False
    text = _lookup_text(span)
    return text not in kb.candidates and \
        fold(text).casefold() != fold(options[0].name.rstrip("’'")).casefold()


def _options(span: Span, kb: KnowledgeBase) -> list[KBEntry]:
    text = _lookup_text(span)
    options = kb.alternatives(text) if span.kb_id_ else []
    if span.kb_id_ and not options:
        options = [e for e in (kb.get(span.kb_id_),) if e is not None]
    placed = span.label_ in _MISTAKEN_LABELS and _preferred_kind(span) == "place"
    # "the former Inca capital of Cusco": a name the model did not call a place, modifying a
    # common noun, is no town (the gazetteer has an Inca in Mallorca).
    modifier = span.label_ not in _PLACE_LABELS and _modifies_common_noun(span)
    if not options and (span.label_ in _PLACE_LABELS | {"ORG"} or placed) and not modifier:
        # The model often mislabels towns ("Eilat" as ORG, "the outskirts of Baidoa" as
        # a person, "in Culiacan" as a nationality): a gazetteer name decides. Other
        # spellings ("Sana'a") are trusted only where the model or the words saw a place.
        options = kb.alternatives(text) or [
            e for e in (kb.city(text, variants=span.label_ in _PLACE_LABELS or placed),) if e]
        options = [e for e in options if e.kind == "place"]
    return options


def _modifies_common_noun(span: Span) -> bool:
    """"Maritime security firms": one word before a common noun (the tagger's, as the
    sentence may not be parsed)."""
    doc = span.doc
    return (len(span) == 1 and span.end < len(doc) and doc[span.end].tag_ in ("NN", "NNS")
            and doc[span.end].lower_ not in _REGION_WORDS | SETTLEMENT_NOUNS)


def _flag_of(span: Span) -> bool:
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and \
        doc[span.end + 1].lower_ in _FLAG_WORDS


def _heads_a_force_name(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].tag_ in ("NNP", "NNPS") and \
        doc[span.end].lower_ in _FORCE_NAME_WORDS


def _preferred_kind(span: Span) -> str | None:
    """"the al-Asad air base" is a place; "President al-Assad" and "Tehran said" are actors."""
    doc = span.doc
    after = {t.lower_ for t in doc[span.end : span.end + 2]}
    if after & _SITE_WORDS or (span.end < len(doc) and doc[span.end].lower_ in SETTLEMENT_NOUNS):
        return "place"  # "the al-Asad air base", "Mandera town"
    if span.start > 0 and doc[span.start - 1].lower_ in _PERSON_TITLES:
        return "actor"
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE_PREPS:
        return "place"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and \
            {root.head.head.lower_, root.head.head.lemma_.lower()} & PLACE_NOUNS:
        return "place"  # "the outskirts of Baidoa", "the town of Sake"
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _PLACE_TAKING_VERBS:
        return "place"
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss"):
        return "actor"
    return None


def choose(options: list[KBEntry], preferred: str | None, context: Counter[str]
           ) -> tuple[KBEntry, bool]:
    """The option that fits the words around the name, then the article's countries, then the
    default order (most likely first). Returns (entry, whether context decided)."""
    if len(options) == 1:
        return options[0], False
    pool = [o for o in options if o.kind == preferred] or options
    best = max(pool, key=lambda o: (context.get(o.country or "", 0) - _dwarfed(o, options[0]),
                                    -options.index(o)))
    return best, best is not options[0]


# A namesake this many times smaller than the likeliest town of the name needs more than one
# name of its country to be chosen: "the United States welcomed the truce agreed in Moscow" is
# not Moscow, Idaho, but Santiago in a story naming Isabela and the Philippines is theirs.
# Lebanon's Tripoli (a fifth of Libya's) is chosen in a Lebanese story as before.
DWARFED = 20


def _dwarfed(option: KBEntry, likeliest: KBEntry) -> bool:
    return option is not likeliest and option.population > 0 and \
        option.population * DWARFED < likeliest.population


def _entity(span: Span, options: list[KBEntry], sentence: Sentence, context: Counter[str],
            day: str | None) -> Entity:
    start_char = sentence.start + span.start_char
    base: dict[str, Any] = {
        "text": span.text, "start": span.start, "end": span.end, "label": span.label_,
        "char_start": start_char, "char_end": start_char + len(span.text)}
    if options and _flag_of(span) and options[0].kind == "place" and options[0].country:
        # "a Liberia-flagged bulk carrier": a state the ship belongs to, not a place.
        return Entity(**base, kind="norp", country=options[0].country,
                      confidence=CONFIDENCE["kb"])
    if _heads_a_force_name(span):
        # "an Assam Rifles patrol": a force named after the state, neither the state nor where.
        return Entity(**base, kind="other", confidence=CONFIDENCE["ner"])
    if options and _modifies_common_noun(span):
        # "Maritime security firms" in a story about Yemen is a word, not Togo's region: a
        # region named by a modifier must be in a country the article names otherwise.
        options = [o for o in options
                   if o.type != "region" or context.get(o.country or "", 0) > 1]
    if options:
        # Only a choice between entries reads the words around the name (a Span each).
        preferred = _preferred_kind(span) if len(options) > 1 else None
        entry, by_context = choose(options, preferred, context)
        how = "kb_context" if by_context else ("kb" if span.kb_id_ else "gazetteer")
        kind = "norp" if entry.kind == "demonym" else entry.kind
        sector, type_ = entry.sector, entry.type
        if entry.before and day and day < entry.before[0]:
            sector, type_ = entry.before[1:]  # as the actor stood on the story's day
        return Entity(**base, kind=kind, kb_id=entry.kb_id,
                      name=None if entry.kind == "demonym" else entry.name,
                      sector=sector, country=entry.country, admin1=entry.admin1,
                      lat=entry.lat, lon=entry.lon, geonameid=entry.geonameid,
                      precision=entry.precision, type=type_, confidence=CONFIDENCE[how])
    if span.id_.startswith("affiliation:"):
        return Entity(**base, kind="actor", sector="REB", type="armed_group",
                      affiliation=span.id_.split(":", 1)[1], confidence=CONFIDENCE["kb_context"])
    kind = _kind_of_label(span.label_)
    if kind in ("actor", "other") and _named_place(span):
        kind = "place"  # "the town of Sarmin", whatever the model took it for
    return Entity(**base, kind=kind, confidence=CONFIDENCE["ner"])


def _named_place(span: Span) -> bool:
    """"the town of Sarmin", "Merawi, a town south of Bahir Dar"."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and \
            doc[span.start - 2].lower_ in _TOWN_NOUNS:
        return True
    if span.end + 2 >= len(doc) or doc[span.end].text != "," or \
            doc[span.end + 1].lower_ not in ("a", "an", "the"):
        return False
    noun = next((t for t in doc[span.end + 2 : span.end + 4] if t.lower_ in _TOWN_NOUNS), None)
    # The town noun heads the apposition: "a village chief" is a person.
    return noun is not None and (noun.i + 1 >= len(doc) or
                                 doc[noun.i + 1].tag_ not in ("NN", "NNS", "NNP", "NNPS"))


def _kind_of_label(label: str) -> str:
    if label == "NORP":
        return "norp"
    if label in _ACTOR_LABELS:
        return "actor"
    if label in _PLACE_LABELS:
        return "place"
    if label in _DATE_LABELS:
        return "date"
    if label in _NUMBER_LABELS:
        return "number"
    return "other"


