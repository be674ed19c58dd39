"""The sentence event-type classifier: a spaCy text categoriser over masked sentences.

Names are masked by their kind ("ACTOR fired missiles at PLACE") so that the model learns how
events are told, not who was in the training sentences. `make train` builds it
(pipeline/train.py); it ships in pipeline/models/event_textcat, nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.records import EventCandidate, LinkedSentence
from pipeline.stages.sameness import NON_STATE_ARMED

NONE = "NONE"
LABELS = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
          NONE)
PLACEHOLDERS = {"actor": "ACTOR", "place": "PLACE", "norp": "NORP", "date": "DATE",
                "number": "NUM"}


def model_path() -> Path:
    return Path(str(resources.files("pipeline").joinpath("models", "event_textcat")))


def masked_text(ls: LinkedSentence) -> str:
    """The sentence with each entity replaced by its kind, lower-cased otherwise."""
    text = ls.sentence.text
    starts = {e.start: e for e in ls.entities}
    words: list[str] = []
    i = 0
    while i < len(ls.tokens):
        entity = starts.get(i)
        if entity is not None and entity.kind in PLACEHOLDERS:
            words.append(PLACEHOLDERS[entity.kind])
            i = max(entity.end, i + 1)
            continue
        token = ls.tokens[i]
        words.append(text[token.start : token.end].lower())
        i += 1
    return " ".join(w for w in words if w.strip())


@cache
def load_textcat() -> Language | None:
    """The trained model, or None when it has not been built (rules then work alone)."""
    path = model_path()
    return spacy.load(path) if (path / "meta.json").exists() else None


# Evaluation switches the model off to measure what the rules do alone.
ENABLED = True


def scores(texts: list[str]) -> list[dict[str, float]]:
    model = load_textcat() if ENABLED else None
    if model is None:
        return [{} for _ in texts]
    return [dict(doc.cats) for doc in model.pipe(texts, batch_size=64)]


# Thresholds chosen on the team's seed gold and dev data, never on ../shared/eval.
MODEL_ONLY = 0.9  # a sentence with no trigger word becomes an event only above this
VETO_NONE = 0.6  # a rule's event is dropped when the model says "no event" at least this
VETO_TYPE = 0.1  # sure and gives the rule's type less than this ("shares rallied")
RULE_WEIGHT = 0.5  # confidence = blend of the rule's evidence and the model's probability


def confident_label(cats: dict[str, float]) -> str | None:
    if not cats:
        return None
    label = max(cats, key=cats.__getitem__)
    return label if label != NONE and cats[label] >= MODEL_ONLY else None


def judge(candidate: EventCandidate, cats: dict[str, float], named_by_its_day: bool = False
          ) -> EventCandidate | None:
    """Weigh a rule's candidate with the model: veto the ones it is sure are not events
    ("an attack on press freedom"), blend the confidence, and say so in the explanation.
    ``named_by_its_day``: the trigger is a noun named by its day ("Monday's massacre"), which
    the model cannot veto."""
    if not cats:
        return candidate
    p_type = cats.get(candidate.event_type, 0.0)
    if cats.get(NONE, 0.0) >= VETO_NONE and p_type < VETO_TYPE and not named_by_its_day and \
            not _told_event(candidate):
        return None
    confidence = RULE_WEIGHT * candidate.confidence + (1 - RULE_WEIGHT) * p_type
    return replace(candidate, confidence=round(min(max(confidence, 0.05), 0.99), 3),
                   explanation=f"{candidate.explanation}; model {candidate.event_type} "
                               f"{p_type:.2f}")


def _told_event(candidate: EventCandidate) -> bool:
    """An attack with a weapon, a day and a place ("the death toll from Thursday's car bombing
    in Mogadishu rose to nine"): the model reads follow-ups as no event, yet they report one.
    So is an arrest of someone on a day at a place ("arrested 52 people in Zulia state on
    Tuesday", inside a long attributed sentence): arresting has no figurative sense to veto,
    nor has a crowd marching on a day through a place."""
    told = candidate.date_precision == "day" and candidate.location is not None
    if candidate.event_type == "PROTEST":
        # "a day after thousands of miners marched through the regional capital": people
        # marching on a day through a place protested, whatever the sentence is about.
        return told and candidate.actor is not None
    if candidate.event_type in ("COERCE", "CONSULT"):
        # Nor has a meeting of two named sides on a day at a place.
        return told and candidate.target is not None and candidate.actor is not None
    if candidate.event_type == "ASSAULT" and candidate.date_precision == "day" and \
            candidate.target is not None and candidate.actor is not None and \
            candidate.actor.sector in NON_STATE_ARMED:
        # "missing after bandits stormed the community on Monday": armed men who fell on
        # someone on a day attacked, even where no place the gazetteer knows is named.
        return True
    if candidate.event_type == "THREATEN" and candidate.actor is not None and \
            candidate.actor.sector in NON_STATE_ARMED:
        # "militias have issued a 72-hour ultimatum to civil servants": armed men's threats
        # have no figurative sense to veto.
        return True
    return candidate.event_type == "ASSAULT" and candidate.mode is not None and told
