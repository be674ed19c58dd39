"""The taxonomy: one data file maps trigger words to PLOVER, CAMEO and ACLED codes."""

from __future__ import annotations

import json
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class Weapon:
    mode: str
    cameo: str
    acled_sub: str


@dataclass(frozen=True)
class Taxonomy:
    verb_triggers: dict[str, tuple[str, str]]
    noun_triggers: dict[str, tuple[str, str]]
    weapons: dict[str, Weapon]
    acled_event_type: dict[str, str]
    modes: dict[str, str]
    type_cameo: dict[str, str]
    # Every surface form of every trigger word: the cheap pre-filter before parsing.
    trigger_forms: frozenset[str]
    acled_cues: dict[str, frozenset[str]]
    object_constraints: dict[str, frozenset[str]]
    subject_constraints: dict[str, frozenset[str]]
    contexts: dict[str, frozenset[str]]
    # Verbs whose object decides the event: "sent troops" MOBILIZE, "sent food" AID.
    object_types: dict[str, dict[str, tuple[str, str]]]

    def contexts_of(self, lemmas: AbstractSet[str]) -> tuple[str, ...]:
        """PLOVER contexts the sentence's words point to, in a fixed order."""
        return tuple(sorted(name for name, words in self.contexts.items() if lemmas & words))

    def may_hold_event(self, text: str) -> bool:
        return any(word in self.trigger_forms for word in _WORD.findall(text.lower()))


@cache
def load_taxonomy() -> Taxonomy:
    text = resources.files("pipeline.taxonomy").joinpath("taxonomy.json").read_text("utf-8")
    data = json.loads(text)
    return Taxonomy(
        verb_triggers={k: (v[0], v[1]) for k, v in data["verb_triggers"].items()},
        noun_triggers={k: (v[0], v[1]) for k, v in data["noun_triggers"].items()},
        weapons={k: Weapon(*v) for k, v in data["weapons"].items()},
        acled_event_type=data["acled"]["sub_event_types"],
        modes=data["modes"],
        type_cameo={k: v["cameo"] for k, v in data["event_types"].items()},
        trigger_forms=_trigger_forms(data),
        acled_cues={k: frozenset(v) for k, v in data["acled_cues"].items()
                    if not k.startswith("_")},
        object_constraints={k: frozenset(v) for k, v in data["object_constraints"].items()
                            if not k.startswith("_")},
        object_types={verb: {obj: (t[0], t[1]) for obj, t in table.items()}
                      for verb, table in data["object_types"].items()},
        subject_constraints={k: frozenset(v) for k, v in data["subject_constraints"].items()
                             if not k.startswith("_")},
        contexts={k: frozenset(v) for k, v in data["contexts"].items() if not k.startswith("_")},
    )


def _trigger_forms(data: dict[str, Any]) -> frozenset[str]:
    # Weapons too: "used drones to drop explosives on a base" has no trigger word, but the
    # verbs that deliver a weapon make an attack (`triggers.DELIVERY_VERBS`).
    lemmas = {*data["verb_triggers"], *data["noun_triggers"], *data["light_triggers"]["verbs"],
              *data["light_triggers"].get("objects", ()),
              *data["object_types"], *data["weapons"]}
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms.update({lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    for lemma, extra in data["irregular_forms"].items():
        if not lemma.startswith("_"):
            forms.update(extra)
    return frozenset(forms)
