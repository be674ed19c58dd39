"""When an event happened and how many it killed, read off the parse."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from pipeline.records import Entity
from pipeline.stages.dates import resolve_date

DEATH_WORDS = frozenset("kill die dead slay massacre execute behead".split())
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}


def event_date(tok: Token, ents: dict[int, Entity], published: date | None
               ) -> tuple[date, str] | None:
    """A date in the trigger's own phrase, else one attached to the word it modifies."""
    scopes: list[Token] = [tok]
    branch, anc = tok, tok.head
    while anc.i != branch.i and anc.pos_ == "ADP":
        branch, anc = anc, anc.head
    if anc.i != branch.i:
        scopes.append(anc)
    seen: set[int] = set()
    for scope in scopes:
        if scope is tok:
            tokens = list(tok.subtree)
        else:
            tokens = [t for c in scope.children if c.i != branch.i
                      and c.dep_ in ("prep", "npadvmod", "advmod", "pobj") for t in c.subtree]
        for t in tokens:
            ent = ents.get(t.i)
            if ent is None or ent.kind != "date" or ent.start in seen:
                continue
            seen.add(ent.start)
            resolved = resolve_date(ent.text, published)
            if resolved is not None:
                return resolved
    return None


def fatalities_of(tok: Token) -> int | None:
    """The number reported killed: "killing six civilians", "three soldiers were killed",
    "at least 12 dead", "left 4 people dead"; the trigger's own clause first, then the
    sentence (news sentences report one toll)."""
    for scope in ([*tok.subtree, tok.head], list(tok.doc)):
        for word in scope:
            if word.lemma_.lower() not in DEATH_WORDS:
                continue
            for holder in _death_holders(word):
                number = next((_number(n.lower_) for n in holder.children
                               if n.dep_ == "nummod"), None)
                if number is None and holder.like_num:
                    number = _number(holder.lower_)
                if number is not None:
                    return number
    return None


def _death_holders(word: Token) -> list[Token]:
    """Tokens that may carry the count: the object or passive subject of "kill", the subject
    of "die", the noun "dead" qualifies ("12 people dead", "12 dead")."""
    holders = [c for c in word.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
    if word.dep_ in ("amod", "acomp", "oprd", "nummod") or word.lemma_.lower() == "dead":
        holders.append(word.head)
        holders.extend(c for c in word.children if c.dep_ in ("nummod", "npadvmod"))
    return holders


def _number(text: str) -> int | None:
    if text.replace(",", "").isdigit():
        return int(text.replace(",", ""))
    return NUMBER_WORDS.get(text)
