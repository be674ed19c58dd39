"""spaCy set-up: the model named in the settings plus the eventwire KB ruler component."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.attributes import use_lookup_attribute_ruler
from pipeline.errors import ModelUnavailable
from pipeline.kb import AMBIGUOUS_CITY_NAMES, KBEntry, KnowledgeBase, load_kb
from pipeline.settings import Settings
from pipeline.stages.dates import MONTHS, WEEKDAYS
from pipeline.stages.naming import OFFICIAL_TITLES
from pipeline.tagfix import TAG_REPAIR

log = logging.getLogger(__name__)

KB_RULER = "eventwire_kb_ruler"
# "Iran-backed militias", "US-led coalition": the name modifies another actor, it is not one.
MODIFIER_SUFFIXES = ("backed", "aligned", "affiliated", "linked", "led", "allied", "sponsored",
                     "funded", "supported", "controlled", "held", "run", "based", "made")
# Names of things that contain place names without being places ("Ararat Mirzoyan" is a
# person, "Ararat" in it no Armenian province).
NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "FAC", "PERSON"})
BACKED_NOUNS = frozenset("militia militias group groups forces fighters rebels proxies "
                         "factions".split())
SITE_NOUNS = frozenset("outpost base airbase camp crossing airport port".split())
# "<Iraqi|Iraq's> forces": nouns naming a state's own actors, by KB actor type.
STATE_NOUNS = {
    **dict.fromkeys("forces troops soldiers military army navy warplanes jets".split(),
                    "military"),
    **dict.fromkeys("government officials authorities administration ministry cabinet "
                    "leadership".split(), "state_government"),
    **dict.fromkeys("police policemen".split(), "police"),
    "intelligence": "intelligence",
}
# "detained 14 people in Novi Sad": after these words a proper name the NER left unlabelled
# is read as a town when the gazetteer has a town of exactly that name.
TOWN_PREPOSITIONS = frozenset({"in", "near", "outside"})
# Nouns a town's name may modify and still be the town: "near Mandera town".
SETTLEMENT_NOUNS = frozenset({"town", "city", "village"})
# Nouns whose "of" names a place: "the streets of León", "the outskirts of Baidoa", "the town
# of Sake". Both forms: the lemmatizer runs after this component.
PLACE_NOUNS = frozenset("outskirts town towns city cities village villages district province "
                        "region area suburb suburbs capital port center centre north south "
                        "east west heart street streets".split())


def load_nlp(settings: Settings) -> Language:
    errors = []
    for name in settings.model_candidates():
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {exc}")
            continue
        log.info("loaded spaCy model %s %s", name, nlp.meta.get("version"))
        use_lookup_attribute_ruler(nlp)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(TAG_REPAIR, after="parser")
        nlp.add_pipe(KB_RULER, after="ner" if "ner" in nlp.pipe_names else None)
        return nlp
    raise ModelUnavailable(
        "no spaCy model could be loaded (set EVENTWIRE_SPACY_MODEL or run `make install`): "
        + "; ".join(errors)
    )


def entity_label(entry: KBEntry) -> str:
    if entry.kind == "demonym":
        return "NORP"
    if entry.kind == "actor":
        return "PERSON" if entry.type == "person" else "ORG"
    if entry.type in ("country", "city"):
        return "GPE"
    return "LOC" if entry.precision == 2 else "FAC"


class KBRuler:
    """Finds knowledge-base names in a Doc, then writes them into ``doc.ents``.

    The KB wins over the statistical NER where they overlap, and the longest match wins
    ("Kataib Hezbollah" over "Hezbollah"). NER entities the KB does not cover are kept.
    """

    def __init__(self, nlp: Language, name: str, kb: KnowledgeBase | None = None) -> None:
        self.name = name
        self.kb = kb or load_kb()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_id: dict[str, list[str]] = {}
        for alias, kb_id in self.kb.aliases.items():
            by_id.setdefault(kb_id, []).append(alias)
        for kb_id, aliases in by_id.items():
            self.matcher.add(kb_id, [nlp.make_doc(alias) for alias in aliases])

    def __call__(self, doc: Doc) -> Doc:
        spans, modifiers = self.find(doc)
        self.set_annotations(doc, spans, modifiers)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def find(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """KB names that are entities, and KB names used as modifiers ("Iran-backed")."""
        spans: list[Span] = []
        modifiers: list[Span] = []
        for match_id, start, end in self.matcher(doc):
            kb_id = doc.vocab.strings[match_id]
            entry = self.kb.entries[kb_id]
            span = Span(doc, start, end, label=entity_label(entry), kb_id=kb_id)
            if _modifies_next(doc, end):
                modifiers.append(span)
                backed = _backed_group(doc, entry, start, end)
                if backed is not None:
                    spans.append(backed)
                continue
            spans.append(self._armed_wing(doc, entry, start, end) or span)
            described = self._state_description(doc, entry, start, end)
            if described is not None:
                spans.append(described)
        return filter_spans(spans), modifiers

    def _armed_wing(self, doc: Doc, entry: KBEntry, start: int, end: int) -> Span | None:
        """"Hamas's armed wing", "the military wing of Hamas": the wing, not the movement."""
        wing = self.kb.armed_wings.get(entry.kb_id)
        if wing is None:
            return None
        after = [t.lower_ for t in doc[end : end + 3]]
        if after[:1] in (["'s"], ["'"]) and after[1:3] in (["armed", "wing"], ["military", "wing"]):
            return Span(doc, start, end + 3, label="ORG", kb_id=wing)
        before = [t.lower_ for t in doc[max(start - 3, 0) : start]]
        if before in (["armed", "wing", "of"], ["military", "wing", "of"]):
            return Span(doc, start - 3, end, label="ORG", kb_id=wing)
        return None

    def _state_description(self, doc: Doc, entry: KBEntry, start: int, end: int
                           ) -> Span | None:
        """"Iraqi forces", "Israel's police", "Iranian officials": the state's own actor."""
        if entry.kind not in ("demonym", "place") or not entry.country:
            return None
        if entry.kind == "place" and entry.type != "country":
            return None
        noun = end + 1 if end < len(doc) and doc[end].text in ("'s", "'") else end
        if noun >= len(doc):
            return None
        actor_type = STATE_NOUNS.get(doc[noun].lower_)
        kb_id = self.kb.state_actors.get((entry.country, actor_type)) if actor_type else None
        if kb_id is None:
            return None
        return Span(doc, start, noun + 1, label="ORG", kb_id=kb_id)

    def set_annotations(self, doc: Doc, spans: list[Span], modifiers: list[Span]) -> None:
        spans = [_extended(span, doc) for span in spans]
        spans = [s for s in spans if not any(m.start < s.end and s.start < m.end and
                                             (m.end - m.start) >= (s.end - s.start)
                                             for m in modifiers)]
        # A KB place inside a longer name the model found is part of that name:
        # "New York" in "The New York Times", a region inside "the Middle East".
        spans = [s for s in spans if not _inside_longer_name(s, doc)]
        taken = {i for span in [*spans, *modifiers] for i in range(span.start, span.end)}
        kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))
                and not _common_noun(e)]
        # "in Croix-des-Bouquets": the model names "Croix" a person; the hyphened whole is
        # the town, and the model's pieces of it go (a name of the model's that reaches
        # beyond it keeps its own reading).
        hyphened = [h for h in _hyphened_towns(doc, taken, self.kb)
                    if not any(_crosses(e, h) for e in kept)]
        kept = [e for e in kept if not any(h.start <= e.start and e.end <= h.end
                                           for h in hyphened)]
        named = taken | {i for e in [*kept, *hyphened] for i in range(e.start, e.end)}
        persons = _titled_persons(doc, named)
        named |= {i for span in persons for i in range(span.start, span.end)}
        towns = _towns_after_preposition(doc, named, self.kb)
        doc.ents = sorted([*spans, *kept, *persons, *hyphened, *towns], key=lambda s: s.start)


def _inside_longer_name(span: Span, doc: Doc) -> bool:
    if span.label_ not in ("GPE", "LOC", "FAC"):
        return False
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and ent.start <= span.start and span.end <= ent.end:
            content = [t for t in ent if t.dep_ != "det" and t.lower_ != "the"]
            if len(content) > span.end - span.start:
                return True
    return False


def _titled_persons(doc: Doc, named: set[int]) -> list[Span]:
    """"governor Abba Kabir Yusuf", "Minister Ama Mensah": proper nouns after an official's
    title are a person, where the model saw no name (it misses many African and Asian
    names). Needs the tagger's NNP; nothing without tags."""
    found = []
    i = 0
    while i < len(doc):
        if doc[i].lower_ in OFFICIAL_TITLES and i + 1 < len(doc):
            end = i + 1
            while end < len(doc) and end - i <= 4 and doc[end].tag_ == "NNP" \
                    and end not in named and doc[end].is_alpha:
                end += 1
            if end - (i + 1) >= 2:  # a first and a last name at least
                found.append(Span(doc, i + 1, end, label="PERSON"))
                i = end
                continue
        i += 1
    return found


def towns_at(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    """"blocked the highway at Chimaltenango": towns after "at" the model left unlabelled
    ("at Harvard" too, so the caller keeps only towns in the article's countries)."""
    named = {i for e in doc.ents for i in range(e.start, e.end)}
    return _towns_after_preposition(doc, named, kb, frozenset({"at"}), of_a_place=False)


def _towns_after_preposition(doc: Doc, named: set[int], kb: KnowledgeBase,
                             prepositions: frozenset[str] = TOWN_PREPOSITIONS,
                             of_a_place: bool = True) -> list[Span]:
    """"in Novi Sad", "near Sarmin": the small model misses many towns, and the KB matches
    anywhere only cities of 250,000 people or more. After a locative preposition (or, with
    ``of_a_place``, the "of" of "the streets of León"), a run of capitalised words that no
    name covers and that is exactly a gazetteer town's name is that town. A run the tagger
    reads as modifying a common noun ("in Police custody") is not."""
    found = []
    for tok in doc:
        if tok.i + 1 >= len(doc) or not (tok.lower_ in prepositions or (
                of_a_place and _of_a_place(tok))):
            continue
        end = start = tok.i + 1
        while end < len(doc) and end not in named and _name_word(doc[end]):
            end += 1
        if end == start or (end < len(doc) and doc[end].tag_ in ("NN", "NNS")
                            and doc[end].lower_ not in SETTLEMENT_NOUNS):
            continue  # ... but "in Mandera town" is the town
        text = doc[start:end].text
        if text in AMBIGUOUS_CITY_NAMES or text.lower() in MONTHS or text.lower() in WEEKDAYS:
            continue
        entry = kb.city(text)
        if entry is not None:
            found.append(Span(doc, start, end, label="GPE", kb_id=entry.kb_id))
    return found


def _of_a_place(tok: Token) -> bool:
    """"through the streets of León", "the outskirts of Gulu": "of" after a place noun."""
    return tok.lower_ == "of" and tok.i > 0 and tok.doc[tok.i - 1].lower_ in PLACE_NOUNS


def _hyphened_towns(doc: Doc, taken: set[int], kb: KnowledgeBase) -> list[Span]:
    """Gazetteer towns written as hyphened words ("fled Croix-des-Bouquets", "the
    Croix-des-Bouquets commissariat"), whatever the model made of their parts: a name so
    joined is rarely anything but a place's."""
    found = []
    start = 0
    while start < len(doc):
        end = start
        while end < len(doc) and end not in taken and (
                _name_word(doc[end]) or _joined_particle(doc[end])):
            end += 1
        span = doc[start:end]
        if end > start + 2 and "-" in span.text and not span.text.endswith("-") and \
                (entry := kb.city(span.text)) is not None:
            found.append(Span(doc, start, end, label="GPE", kb_id=entry.kb_id))
        start = max(end, start + 1)
    return found


def _crosses(a: Span, b: Span) -> bool:
    """Do the spans overlap without ``a`` lying inside ``b``?"""
    return a.start < b.end and b.start < a.end and not (b.start <= a.start and a.end <= b.end)


def _joined_particle(tok: Token) -> bool:
    """"des" in "Croix-des-Bouquets": a lower-case word between two hyphens."""
    doc = tok.doc
    return 0 < tok.i < len(doc) - 1 and doc[tok.i - 1].text == "-" and \
        doc[tok.i + 1].text == "-" and not tok.whitespace_ and \
        not doc[tok.i - 1].whitespace_ and tok.is_lower


def _name_word(tok: Token) -> bool:
    """A word of a place name: "Novi", "Sad", "al-Mayadin" ("al" is lower-case)."""
    return tok.is_title or (tok.text == "-" and tok.i > 0 and not tok.whitespace_
                            and not tok.nbor(-1).whitespace_) or \
        (tok.lower_ in ("al", "el") and tok.i + 1 < len(tok.doc) and tok.nbor().text == "-")


def _common_noun(span: Span) -> bool:
    """The model sometimes takes a capitalised common noun for a name ("Supporters of the
    Houthis march ...", at the start of a sentence): one word the tagger calls a common noun
    is no person or organisation (without tags, nothing is dropped)."""
    return len(span) == 1 and span.label_ in ("PERSON", "ORG") and span[0].tag_ in ("NN", "NNS")


def _backed_group(doc: Doc, entry: KBEntry, start: int, end: int) -> Span | None:
    """"Iran-backed militias": an unnamed armed group, with its sponsor as affiliation."""
    noun = end + 2
    if noun < len(doc) and doc[noun].lower_ in BACKED_NOUNS and entry.country:
        return Span(doc, start, noun + 1, label="ORG", span_id=f"affiliation:{entry.country}")
    return None


def _extended(span: Span, doc: Doc) -> Span:
    """A person's KB name inside the model's longer PERSON name ("Ahmad \"Abu Hussein\"
    al-Hamidawi") takes the whole name; a site name takes its noun ("T-22 outpost")."""
    label, kb_id = span.label_, span.kb_id
    if label == "PERSON":
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.start <= span.start and span.end <= ent.end:
                return Span(doc, ent.start, ent.end, label=label, kb_id=kb_id)
    if label == "FAC" and span.end < len(doc) and doc[span.end].lower_ in SITE_NOUNS:
        return Span(doc, span.start, span.end + 1, label=label, kb_id=kb_id)
    return span


def _modifies_next(doc: Doc, end: int) -> bool:
    return (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].lower_ in MODIFIER_SUFFIXES
    )


@Language.factory(KB_RULER, default_config={})
def make_kb_ruler(nlp: Language, name: str) -> KBRuler:
    return KBRuler(nlp, name)
