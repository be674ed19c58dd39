"""Modality of an event mention: asserted, claimed, negated, hypothetical, conditional or
future, read off the trigger's own clause and the clauses above it."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.stages import roles

SPEECH_VERBS = frozenset("say state announce report tell add confirm note write declare "
                         "insist stress explain".split())
CLAIM_WORDS = frozenset({"claim"})
# Heads under which an attack is a threat, not an event: "threatened to strike", "ready to".
THREAT_HEADS = frozenset("threaten threat warn warning vow ready prepared poised "
                         "promise pledge vowed".split())
ASPECTUAL_VERBS = frozenset("continue begin start resume keep proceed manage succeed".split())
# Under these the act is asked for or stopped, not done: "called for demonstrations",
# "urged them to stop targeting US forces".
NOT_DONE_HEADS = frozenset("call urge demand ask appeal request stop cease halt end "
                           "refrain avoid prevent attempt try".split())
ENDING_NOUNS = frozenset("end halt cessation ceasefire truce stop".split())
DENIAL_HEADS = frozenset({"deny", "refute", "dismiss"})
HYPOTHETICAL_AUX = frozenset(["would", "could", "might", "may", "should", "must"])
HABITUAL_ADVERBS = frozenset("repeatedly regularly frequently routinely often".split())
HABITUAL_COUNTS = frozenset("dozens scores hundreds thousands numerous many several".split())
HYPOTHETICAL_AMOD = frozenset("possible potential future planned further imminent new".split())


# Clauses that tell an event as the time or cause of another ("vowed revenge after gunmen
# killed 12", "urged calm when protesters marched"): what the clause above asks, fears or
# denies is not said of them.
TIME_MARKS = frozenset("after since when as because while once".split())


# Prepositions that date one event by another: "denied access to him since his arrest".
TIME_PREPOSITIONS = frozenset("after since following".split())


def told_apart(tok: Token) -> bool:
    """A clause (or a phrase: "since his arrest") told as the time or cause of the clause
    above it."""
    if tok.dep_ == "prep" and tok.lower_ in TIME_PREPOSITIONS:
        return any(c.dep_ == "pobj" for c in tok.children)
    return tok.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS
                                       for c in tok.children)


def threat_head(tok: Token) -> Token | None:
    branch = tok
    for anc in tok.ancestors:
        if told_apart(branch) or _past_deed(branch):
            break
        branch = anc
        if anc.lemma_.lower() in THREAT_HEADS:
            return anc
        if anc.lemma_.lower() in SPEECH_VERBS:
            break
    return None


def _past_deed(tok: Token) -> bool:
    """"vowed to hunt down the gunmen who killed 15 villagers": a deed that says who is
    threatened, not the threat."""
    return tok.dep_ == "relcl" and (tok.tag_ == "VBD" or _perfect(tok))


def _perfect(verb: Token) -> bool:
    """"have attacked", "had killed"."""
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


def habitual(tok: Token) -> bool:
    """"Kyiv has repeatedly struck Russian energy facilities", "gangs have attacked dozens of
    police stations": a summary of many acts, not one event to code."""
    if tok.pos_ != "VERB":
        return False
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in tok.children):
        return True
    return _perfect(tok) and any(
        c.dep_ == "dobj" and (c.lower_ in HABITUAL_COUNTS or any(
            g.lower_ in HABITUAL_COUNTS for g in c.subtree if g.i < c.i)) for c in tok.children)


ENDING_VERBS = frozenset("stop cease halt end".split())


def _ended(verb: Token) -> bool:
    """"a truce ending clashes on Monday", "ended the fighting": what was stopped happened
    ("urged them to end the fighting" asks for it)."""
    return verb.lemma_.lower() in ENDING_VERBS and verb.tag_ in ("VBD", "VBG", "VBN") and \
        not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and \
        verb.dep_ not in ("xcomp", "pcomp")


def modality_of(tok: Token, own_clause: bool = False) -> tuple[str, Token | None]:
    """(modality, claimant token) from the trigger's own clause and the clauses above it;
    with ``own_clause``, from its own clause alone."""
    if any(c.dep_ == "neg" for c in tok.children) or any(
        c.dep_ == "det" and c.lower_ in ("no", "never") for c in tok.children
    ):
        return "negated", None
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "xcomp") and any(
        c.dep_ == "neg" for c in tok.head.children
    ):
        return "negated", None
    if tok.pos_ == "NOUN" and any(c.lemma_.lower() in HYPOTHETICAL_AMOD and c.dep_ == "amod"
                                  for c in tok.children):
        return "hypothetical", None
    gathering = gathered_for(tok)
    if gathering is not None:
        return modality_of(gathering)
    # "operations ... to target the territories", "plans to attack": a purpose or an intent;
    # only "continued to attack" and the like report the act itself.
    if tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
            and not (tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ASPECTUAL_VERBS):
        return "hypothetical", None
    branch = tok
    for clause in (tok, *tok.ancestors):
        if clause is not tok and (own_clause or told_apart(branch)):
            break
        lemma = clause.lemma_.lower()
        # "Talks ... ended without a deal": what a verb says of its subject happened.
        subject = clause is not tok and branch.dep_ in ("nsubj", "nsubjpass")
        branch = clause
        if clause is not tok and lemma in DENIAL_HEADS and clause.pos_ == "VERB" and \
                not subject:
            return "negated", None  # "denied carrying out the strike"
        if clause is not tok and clause.pos_ == "VERB" and not subject and _ended(clause):
            break  # what a truce or a deal ended had happened, whatever is said of the deal
        if clause is not tok and lemma in NOT_DONE_HEADS and clause.pos_ == "VERB" and \
                not subject:
            return "hypothetical", None
        if clause is not tok and lemma in ENDING_NOUNS and clause.pos_ == "NOUN":
            return "hypothetical", None  # "an end to the fighting": what would stop
        if lemma in CLAIM_WORDS and clause.pos_ == "VERB":
            subj = roles.subject_of(clause) if clause.pos_ == "VERB" else None
            if subj is not None and any(c.lower_ == "no" for c in subj.children):
                return "asserted", None  # "no group claimed the attack": it still happened
            return "claimed", subj
        if clause.pos_ not in ("VERB", "AUX"):
            continue
        for child in clause.children:
            if child.dep_ == "aux" and child.lower_ in ("will", "shall", "'ll"):
                return "future", None
            if child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_AUX:
                # "KH said it would support...": reported intent, i.e. the future.
                reported = child.lower_ == "would" and clause.dep_ == "ccomp" and \
                    clause.head.lemma_.lower() in SPEECH_VERBS
                return ("future" if reported else "hypothetical"), None
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                             for m in child.children):
                return "conditional", None
        if lemma in SPEECH_VERBS:
            break
    return "asserted", None


def presupposed(tok: Token) -> bool:
    """A past participle or relative clause that describes a noun ("journalists detained on
    Wednesday", "the journalists its agents arrested"): what it tells is given as having
    happened, whatever the clause above asks or denies of the noun."""
    return tok.pos_ == "VERB" and tok.dep_ in ("acl", "relcl") and tok.tag_ in ("VBN", "VBD")


# "took to the streets to protest", "gathered to demonstrate": gathering for a protest is the
# protest itself, as gathering is not an attack ("troops were deployed to attack").
GATHERING_VERBS = frozenset("take gather march rally assemble converge pour flock turn come "
                            "go".split())
PROTEST_PURPOSES = frozenset("protest demonstrate rally march denounce".split())
PROTEST_NOUNS = frozenset("protest rally demonstration march vigil sit-in".split())


def gathered_for(tok: Token) -> Token | None:
    """The gathering verb whose purpose ``tok`` (a protest verb) is, if any."""
    if (tok.pos_ == "VERB" and tok.dep_ in ("advcl", "xcomp")
            and tok.lemma_.lower() in PROTEST_PURPOSES
            and tok.head.lemma_.lower() in GATHERING_VERBS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)):
        return tok.head
    # "poured into the centre of Kragujevac for one of the largest rallies yet"
    if tok.pos_ != "NOUN" or tok.dep_ != "pobj" or tok.lemma_.lower() not in PROTEST_NOUNS:
        return None
    prep = tok.head
    if prep.lower_ == "of" and prep.head.dep_ == "pobj":
        prep = prep.head.head  # "for one of the rallies"
    verb = prep.head
    if prep.lower_ == "for" and verb.pos_ == "VERB" and verb.lemma_.lower() in GATHERING_VERBS:
        return verb
    return None
