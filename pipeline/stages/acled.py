"""ACLED event type and sub-event type of a PLOVER event, by ACLED's codebook.

The decision reads the trigger, its weapon and the sentence's words (taxonomy.json,
"acled_cues"): e.g. an air strike during a ground battle is one Battles event; a protest met
with tear gas is "Protest with intervention", with live fire "Excessive force against
protesters"; an armed attack on civilians is "Violence against civilians".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.records import Participant
from pipeline.taxonomy import Taxonomy, Weapon

ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "COP", "SPY", "UAF", "CRM"})
FORCES_OWN = frozenset("police gendarmerie army military naval navy".split())
STATE_SECTORS = frozenset({"MIL", "GOV", "COP", "SPY"})
_LEMMAS = "eventwire.lemmas"  # sentence_lemmas' cache in Doc.user_data
REMOTE = frozenset({"Air/drone strike", "Shelling/artillery/missile attack",
                    "Remote explosive/landmine/IED", "Grenade", "Suicide bomb",
                    "Chemical weapon"})


def sub_event_type(event_type: str, cameo: str, trigger: Token, weapon: Weapon | None,
                   actor: Participant | None, target: Participant | None,
                   taxonomy: Taxonomy) -> str | None:
    cues = taxonomy.acled_cues
    words = sentence_lemmas(trigger.doc)
    lemma = trigger.lemma_.lower()
    if event_type == "ASSAULT":
        return _assault(lemma, cameo, weapon, actor, target, words, cues)
    if event_type == "PROTEST":
        protesters = bool(words & {"protester", "demonstrator", "protest", "demonstration",
                                   "rally", "march", "sit"})
        if protesters and words & {"kill", "dead", "death", "shoot", "live"}:
            return "Excessive force against protesters"
        if not protesters and (lemma in cues["mob"] or words & cues["mob"]
                               or words & {"crowd", "resident", "villager", "vigilante"}):
            return "Mob violence"
        if lemma in ("riot", "rioting") or (words & cues["violent"] and "peaceful" not in words):
            return "Violent demonstration"
        if words & cues["intervention"] or lemma == "disperse":
            return "Protest with intervention"
        return "Peaceful protest"
    if event_type == "COERCE":
        if cameo == "173" or lemma in ("arrest", "detain", "detention"):
            return "Arrests"
        if lemma in cues["disrupted"]:
            return "Disrupted weapons use"
        return None
    if event_type == "AGREE":
        return "Agreement"
    if event_type == "RETREAT" and words & {"town", "city", "village", "territory", "area",
                                            "base", "control"}:
        return "Non-violent transfer of territory"
    if event_type == "MOBILIZE" and words & {"base", "headquarters", "outpost"} and \
            words & {"establish", "set", "build", "open"}:
        return "Headquarters or base established"
    return None


def _assault(lemma: str, cameo: str, weapon: Weapon | None, actor: Participant | None,
             target: Participant | None, words: frozenset[str], cues: dict[str, frozenset[str]]
             ) -> str | None:
    if lemma in cues["abduction"] or cameo == "181":
        return "Abduction/forced disappearance"
    if lemma in cues["sexual"]:
        return "Sexual violence"
    if lemma in cues["looting"]:
        return "Looting/property destruction"
    if lemma in cues["mob"]:
        return "Mob violence"
    if lemma in cues["regain"]:
        return "Government regains territory" if _state(actor) or not actor \
            else "Non-state actor overtakes territory"
    if lemma in cues["overtake"]:
        if _state(actor):
            return "Government regains territory"
        if actor is not None:
            return "Non-state actor overtakes territory"
    battle = lemma in cues["battle"] or bool(words & cues["battle"])
    if battle and not (target and target.sector == "CVL"):
        return "Armed clash"  # air strikes and shelling during a battle are part of it
    if weapon is not None and weapon.acled_sub in REMOTE:
        return weapon.acled_sub
    if target is not None and target.sector == "CVL":
        return "Attack"
    if target is not None and actor is not None and (
            target.sector in ARMED_SECTORS or _forces_own(target)):
        # "rebels attacked army positions, forcing civilians to flee": a battle, whoever
        # else the sentence names
        return "Armed clash"
    if words & cues["civilian"]:
        return "Attack"
    if weapon is not None:
        return weapon.acled_sub
    return None


def _forces_own(target: Participant) -> bool:
    """"a gendarmerie post", "an army convoy": a thing of the armed forces, whose attackers
    fight them (not a side itself: "a mosque in a military camp" is one target)."""
    return not target.kb_id and bool(FORCES_OWN.intersection(target.text.lower().split()))


def _state(p: Participant | None) -> bool:
    return p is not None and (p.sector in STATE_SECTORS or bool(p.kb_id and p.kb_id.startswith(
        "country:")))


def sentence_lemmas(doc: Doc) -> frozenset[str]:
    """The sentence's lower-cased lemmas, read once per Doc: every candidate of the sentence
    asks twice (its ACLED type, its PLOVER contexts)."""
    lemmas: frozenset[str] | None = doc.user_data.get(_LEMMAS)
    if lemmas is None:
        lemmas = doc.user_data[_LEMMAS] = frozenset(t.lemma_.lower() for t in doc)
    return lemmas


def acled_codes(sub: str | None, taxonomy: Taxonomy) -> tuple[str | None, str | None]:
    return (taxonomy.acled_event_type.get(sub), sub) if sub else (None, None)
