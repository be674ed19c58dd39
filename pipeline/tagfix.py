"""A spaCy component that repairs tagging errors the small model makes in news text.

"that talks with Armenia ... had narrowed differences": the tagger calls "talks" a verb
(VBZ) while the parser, rightly, makes it the subject. A present-tense verb standing as a
subject or object, with no subject, auxiliary or object of its own, is a plural noun. The
repair runs after the parser and before the attribute ruler and lemmatizer, so the word gets
the noun's POS and lemma like any other.

"Fighting that erupted on Wednesday has killed 17": a gerund standing as the subject, with
nothing of a verb about it (no subject, object, auxiliary or particle), is the noun.

"Thursday's march in Nairobi passed off peacefully": the tagger takes a lowercase "march" for
the month (NNP). The month is always capitalised, so lowercase it is the noun.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

TAG_REPAIR = "eventwire_tag_repair"
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
GERUND_DEPS = frozenset({"nsubj", "nsubjpass"})
_VERBAL_CHILDREN = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "ccomp",
                              "xcomp"})


def nominal_verbs(doc: Doc) -> list[int]:
    """Indices of VBZ tokens that the parse uses as nouns."""
    return [t.i for t in doc if t.tag_ == "VBZ" and t.dep_ in _NOMINAL_DEPS
            and not any(c.dep_ in _VERBAL_CHILDREN for c in t.children)]


def nominal_gerunds(doc: Doc) -> list[int]:
    """Indices of VBG tokens that stand as a subject with nothing of a verb about them:
    "Fighting that erupted on Wednesday has killed 17" (the noun "fighting")."""
    return [t.i for t in doc if t.tag_ == "VBG" and t.dep_ in GERUND_DEPS
            and not any(c.dep_ in _VERBAL_CHILDREN | {"prt", "neg"} for c in t.children)]


def month_homographs(doc: Doc) -> list[int]:
    """Indices of a lowercase "march" or "marches" tagged as a proper noun."""
    return [t.i for t in doc if t.tag_ in ("NNP", "NNPS") and t.text in ("march", "marches")]


class TagRepair:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for i in nominal_verbs(doc):
            doc[i].tag_ = "NNS"
        for i in nominal_gerunds(doc):
            doc[i].tag_ = "NN"
        for i in month_homographs(doc):
            doc[i].tag_ = "NN" if doc[i].text == "march" else "NNS"
        return doc


@Language.factory(TAG_REPAIR, default_config={})
def make_tag_repair(nlp: Language, name: str) -> TagRepair:
    return TagRepair(nlp, name)
