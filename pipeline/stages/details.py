"""When an event happened and how many it killed, read off the parse."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from spacy.tokens import Token

from pipeline.records import Entity
from pipeline.stages.dates import resolve_date
from pipeline.stages.modality import SPEECH_VERBS
from pipeline.stages.roles import sequence_mark, sequence_preposition
from pipeline.taxonomy import load_taxonomy

INTERVAL_DAYS = {"hour": 1 / 24, "day": 1, "night": 1, "week": 7, "fortnight": 14}
DEATH_WORDS = frozenset("kill die dead slay massacre execute behead".split())
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}


def event_date(tok: Token, ents: dict[int, Entity], published: date | None
               ) -> tuple[date, str] | None:
    """A date in the trigger's own phrase, else one attached to the word it modifies; for a
    clause told as before or after the one it modifies, that clause's date moved by the
    interval ("..., a week after their ministers met"), or no date when none is given."""
    if _participle_of_sequence(tok):
        # "..., a day after gunmen rampaged through a town, killing 12": the killing shares
        # the rampage's time.
        return _first_date(tok.subtree, ents, published) or event_date(tok.head, ents,
                                                                         published)
    mark = sequence_mark(tok)
    if mark is not None:
        interval = _interval(tok, mark)
        skip = {t.i for t in interval.subtree} if interval is not None else set()
        own = _first_date((t for t in own_phrase(tok) if t.i not in skip), ents, published)
        if own is not None or interval is None:
            return own
        offset = sequence_offset(tok)
        base = event_date(tok.head, ents, published)
        if offset is None or base is None:
            return None
        return base[0] + timedelta(days=offset), base[1]
    if tok.pos_ == "NOUN" and sequence_preposition(tok) is not None and \
            (offset := sequence_offset(tok)) is not None:
        # "detained 14 late on Tuesday, hours after a march through the capital": the march
        # is dated from the clause the phrase hangs on, unless it says its own day.
        clause = tok.head.head
        if clause.dep_ == "npadvmod":  # the interval the parser hung "after" on
            clause = clause.head
        own = _first_date(tok.subtree, ents, published)
        base = own or event_date(clause, ents, published)
        if own is not None or base is None:
            return own
        return base[0] + timedelta(days=offset), base[1]
    scopes: list[Token] = [tok]
    branch, anc = tok, tok.head
    while anc.i != branch.i and anc.pos_ == "ADP":
        branch, anc = anc, anc.head
    if anc.i != branch.i:
        scopes.append(anc)
    for scope in scopes:
        if scope is tok:
            tokens = own_phrase(tok)
        else:
            tokens = [t for c in scope.children if c.i != branch.i
                      and c.dep_ in ("prep", "npadvmod", "advmod", "pobj") for t in c.subtree]
        if (found := _first_date(tokens, ents, published)) is not None:
            return found
    return None


def _in_a_clause_below(noun: Token, top: Token) -> bool:
    """Is the noun inside a clause that describes a thing under ``top`` ("protests marking
    the anniversary of the 2019 unrest": the unrest, and its year, are another event's)?"""
    anc = noun.head
    while anc.i != top.i and anc.head.i != anc.i:
        if anc.dep_ in ("acl", "relcl"):
            return True
        anc = anc.head
    return False


def own_phrase(tok: Token) -> list[Token]:
    """The trigger's phrase without another event told in a clause that describes a thing in
    it: in "signed a truce ending clashes on Monday" Monday is the clashes' day, not the
    signing's ("drones at two bases hosting troops on Tuesday" keeps its day)."""
    events = load_taxonomy().noun_triggers
    nested = {t.i for d in tok.subtree if d.i != tok.i and d.pos_ == "NOUN"
              and d.lemma_.lower() in events and _in_a_clause_below(d, tok) for t in d.subtree}
    # "said on Tuesday it had detained six men on Sunday": the parser may hang the report's
    # day on the reported clause, which starts at its subject; the clause's own day comes
    # first, the report's serves when the clause has none.
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    start = subject.left_edge.i if subject is not None and tok.dep_ == "ccomp" and \
        tok.head.lemma_.lower() in SPEECH_VERBS else -1
    own = [t for t in tok.subtree if t.i not in nested]
    return [t for t in own if t.i >= start] + [t for t in own if t.i < start]


def _interval(tok: Token, mark: Token) -> Token | None:
    # "a day after": the parser hangs "a day" on the mark, the clause or the word before.
    return next((c for c in (*tok.children, *mark.children, *tok.head.children)
                 if c.dep_ == "npadvmod" and c.right_edge.i == mark.i - 1), None)


def sequence_offset(tok: Token) -> int | None:
    """Days from the clause ``tok`` modifies to ``tok``'s: -5 for "five days after ..." (a
    clause, or an event noun: "three days after a drone attack")."""
    mark = sequence_mark(tok)
    interval = _interval(tok, mark) if mark is not None else None
    if mark is None:
        mark = sequence_preposition(tok)
        if mark is not None:
            # "three days after X" with "three days" on the preposition or, as the parser
            # also has it, the preposition on "hours" ("detained 14, hours after a march").
            interval = next((c for c in mark.children if c.dep_ == "npadvmod"), None) or (
                mark.head if mark.head.dep_ == "npadvmod" else None)
    if mark is None or interval is None:
        return None
    words = " ".join(t.text for t in interval.subtree if t.i < mark.i)
    days = 0 if words.lower() in ("hours", "minutes", "moments") else _days(words)
    return None if days is None else (-days if mark.lower_ == "after" else days)


def told_at_another_time(tok: Token) -> bool:
    """Is the trigger's clause (or the clause its participle belongs to) told as before or
    after another event? Then the article's day is not its day."""
    return sequence_mark(tok) is not None or _participle_of_sequence(tok)


def unread_date(tok: Token, ents: dict[int, Entity]) -> bool:
    """Does the trigger's clause say when in words the resolver cannot place ("on the same
    day", "that night")? Then it is not the article's day either."""
    return any(ent.kind == "date" and ent.label == "DATE" and _days(ent.text) is None
               for t in tok.subtree if (ent := ents.get(t.i)) is not None)


def _participle_of_sequence(tok: Token) -> bool:
    return tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj") and tok.head.i != tok.i and (
        sequence_mark(tok.head) is not None or _participle_of_sequence(tok.head))


def _first_date(tokens: Iterable[Token], ents: dict[int, Entity], published: date | None
                ) -> tuple[date, str] | None:
    seen: set[int] = set()
    for t in tokens:
        ent = ents.get(t.i)
        if ent is not None and ent.kind == "date" and ent.start not in seen:
            seen.add(ent.start)
            if (resolved := resolve_date(ent.text, published)) is not None:
                return resolved
    return None


def _days(interval: str) -> int | None:
    """"a week" -> 7, "two days" -> 2, "48 hours" -> 2; None for anything vaguer."""
    words = interval.lower().replace("-", " ").split()
    if len(words) != 2:
        return None
    count = 1 if words[0] in ("a", "an", "one") else _number(words[0])
    unit = INTERVAL_DAYS.get(words[1].rstrip("s"))
    if count is None or unit is None:
        return None
    return round(count * unit)


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
