"""classify(linked) -> [EventCandidate]: sentences that report an event become candidates.

First rules: trigger words (taxonomy.json) on the dependency parse, with modality (a threat
is THREATEN, never ASSAULT; negated and hypothetical attacks are not events), roles, place
and date. The parse comes with the message; spaCy is not run again here.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from pipeline import textcat, topics
from pipeline.calibration import calibrated
from pipeline.records import (
    Entity,
    EventCandidate,
    LinkedArticle,
    LinkedSentence,
    Participant,
    Trigger,
)
from pipeline.stages import acled, circumstances, conjuncts, naming, nouns, roles, targets
from pipeline.stages.dates import parse_iso
from pipeline.stages.details import (
    event_date,
    fatalities_of,
    sequence_offset,
    told_at_another_time,
    unread_date,
)
from pipeline.stages.modality import (
    SPEECH_VERBS,
    gathered_for,
    habitual,
    modality_of,
    presupposed,
    threat_head,
)
from pipeline.stages.sameness import SAME_PLACE_KM, SYMMETRIC_TYPES, more_specific
from pipeline.stages.triggers import (
    DELIVERY_VERBS,
    Hit,
    find_triggers,
    is_trigger,
    sentence_doc,
    targets_protesters,
    weapon_of,
)
from pipeline.taxonomy import Taxonomy, load_taxonomy

# Acts of speech: only "in X" says where they happened; "accused Israel" is not a place.
SPOKEN_TYPES = frozenset({"ACCUSE", "REQUEST", "SUPPORT", "REJECT", "THREATEN", "CONCEDE",
                          "SANCTION"})
# Events whose place a caption-style sentence often gives away from the trigger
# ("Supporters ... march in the capital Sana'a"): the sentence's one town or site locates them.
LOCATED_BY_SENTENCE = frozenset({"PROTEST"})
# Sectors of the forces that break up protests, and what they break up.
FORCES = frozenset({"COP", "MIL"})
GATHERINGS = frozenset("gathering crowd rally march demonstration protest vigil sit-in".split())
# Verbs whose purpose clause is what was done with the thing used: "used drones to drop".
INSTRUMENT_VERBS = frozenset({"use", "employ"})
# Fighting that takes two sides: "A and B clashed", "A and B fought a battle".
RECIPROCAL = frozenset("fight fighting clash battle skirmish gunfight firefight".split())
# Events worth reporting with a place and no named participant ("an attack on al-Asad").
PLACE_IS_ENOUGH = frozenset({"ASSAULT", "PROTEST"})
# ... and those a town and a day are enough for, with no party named.
TOLD_BY_PLACE_AND_DAY = frozenset({"AGREE", "CONSULT", "COERCE"})


def classify(linked: LinkedArticle) -> list[EventCandidate]:
    taxonomy = load_taxonomy()
    published = parse_iso(linked.published_date)
    candidates: list[EventCandidate] = []
    summaries: set[str] = set()  # mentions that count several events ("two attacks")
    sentences = [ls for ls in linked.sentences if ls.tokens and ls.parsed]
    all_cats = textcat.scores([textcat.masked_text(ls) for ls in sentences])
    for ls, cats in zip(sentences, all_cats, strict=True):
        doc = sentence_doc(ls)
        ents = {i: e for e in ls.entities for i in range(e.start, e.end)}
        hits = find_triggers(doc, ents, taxonomy) or _model_hits(doc, cats, taxonomy)
        # "signed an agreement": the verb reports the event the noun names, once.
        verbs = {(h.token.i, h.event_type) for h in hits}
        hits = [h for h in hits if (getattr(nouns.governing_verb(h.token), "i", None),
                                    h.event_type) not in verbs
                and (_agreed_to(h.token), h.event_type) not in verbs]
        # The day of the event told last: "The strike came five days after ..." counts back
        # from it.
        told = next((date.fromisoformat(c.date) for c in reversed(candidates)
                     if c.date and c.date_precision == "day"), None)
        # "Monday's massacre": a noun named by its day is an event the writer takes as
        # known, which the model's "no event" does not undo.
        judged = []
        for hit in hits:
            found = [textcat.judge(c, cats, circumstances.named_by_its_day(hit.token, ents))
                     for c in _candidate(hit, ls, doc, ents, linked, published, taxonomy, told)]
            if circumstances.several(hit.token):
                summaries.update(c.candidate_id for c in found if c is not None)
            judged.extend(found)
        candidates.extend(_fold_sentence([c for c in judged if c is not None]))
    # "took to the streets of two southern cities", then a sentence for each: the summary is
    # no third event, and would join one of the two (unless it names the towns itself:
    # "attacked two towns, killing nine in Monguno and three in Gwoza" gives one per town;
    # then a town's share gives way to that town's own telling).
    in_towns = [o for o in candidates if o.candidate_id not in summaries and _in_a_town(o)]
    told_in_towns = {o.candidate_id for o in in_towns}
    kept = []
    for c in candidates:
        if c.candidate_id in summaries and any(
                o.event_type == c.event_type and (not _in_a_town(c) or _same_town(o, c))
                for o in in_towns):
            continue
        if c.date is None and c.candidate_id in told_in_towns:
            # "Two bombs on Tuesday, one in Kabul ...; in the morning, a bomb in Kabul": the
            # town's telling takes the day its share of the summary had.
            share = next((s for s in candidates if s.candidate_id in summaries and s.date
                          and s.event_type == c.event_type and _same_town(s, c)), None)
            if share is not None:
                c = replace(c, date=share.date, date_precision=share.date_precision)
        kept.append(replace(c, confidence=calibrated(c.confidence)))
    return kept


def _agreed_to(tok: Token) -> int | None:
    """"agreed to a ceasefire", "agreed on a truce": the verb that the deal noun completes."""
    if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "on", "upon"):
        return tok.head.head.i
    return None


def _same_town(a: EventCandidate, b: EventCandidate) -> bool:
    return a.location is not None and b.location is not None and \
        a.location.name == b.location.name


def _in_a_town(candidate: EventCandidate) -> bool:
    return candidate.location is not None and candidate.location.precision == 1


def _model_hits(doc: Doc, cats: dict[str, float], taxonomy: Taxonomy) -> list[Hit]:
    """No trigger word, but the classifier is sure of an event: its main verb is the trigger
    ("Gunmen opened fire on a bus")."""
    label = textcat.confident_label(cats)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is not None and root.lemma_.lower() in SPEECH_VERBS:
        # "A carrier was hit by two projectiles, the agency said": the report is not the act.
        root = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ == "VERB"),
                    root)
    if label is None or root is None or root.pos_ != "VERB" or \
            root.lemma_.lower() in DELIVERY_VERBS:
        return []  # a weapon flown or driven is an attack only into something (the rule's)
    return [Hit(root, label, taxonomy.type_cameo[label], "model")]


def _fold_sentence(found: list[EventCandidate]) -> list[EventCandidate]:
    """A bare mention ("the initial drone attack") lends its weapon to a mention of the same
    type in its sentence that says where or who ("the attack on the al-Asad base"); alone,
    a bare mention is not reported."""
    full = [c for c in found if c.actor or c.target or c.location]
    for bare in (c for c in found if not (c.actor or c.target or c.location)):
        for i, cand in enumerate(full):
            if cand.event_type == bare.event_type and cand.mode is None and bare.mode:
                full[i] = replace(cand, mode=bare.mode, cameo_code=bare.cameo_code,
                                  acled_event_type=bare.acled_event_type,
                                  acled_sub_event_type=bare.acled_sub_event_type)
                break
    # "A truce between Armenia and Azerbaijan took effect after their ministers agreed to it
    # in Moscow": a shared act told twice in a sentence is one. The mention that neither
    # places nor dates it lends its parties to the one that places it.
    for loose in [c for c in full if c.event_type in SYMMETRIC_TYPES
                  and c.location is None and c.date is None]:
        placed = next((i for i, c in enumerate(full) if c.event_type == loose.event_type
                       and c.location is not None), None)
        if placed is not None:
            full[placed] = replace(full[placed],
                                   actor=more_specific(loose.actor, full[placed].actor),
                                   target=more_specific(loose.target, full[placed].target))
            full.remove(loose)
    return full


def _candidate(hit: Hit, ls: LinkedSentence, doc: Doc, ents: dict[int, Entity],
               linked: LinkedArticle, published: date | None,
               taxonomy: Taxonomy, told: date | None = None) -> list[EventCandidate]:
    """The event ``hit`` reports, or one per place when it coordinates several."""
    tok = hit.token
    event_type, cameo = hit.event_type, hit.cameo
    modality, claimant = modality_of(tok)
    # A clause that describes a noun and dates itself tells an event ("journalists detained
    # on Wednesday"), whatever the clause above asks of the noun ("called for the release
    # of"); undated, it is background ("rebels killed in the civil war").
    # So does a noun named by its day ("called for an investigation into Sunday's air
    # strike"), though not one whose doer denies it ("denied carrying out Tuesday's attack").
    described = presupposed(tok)
    dated_description = (described or circumstances.named_by_its_day(tok, ents)) and \
        event_type not in SPOKEN_TYPES and circumstances.told_as_past(tok, ents, published)
    if dated_description and (modality == "hypothetical" or
                              (described and modality not in ("asserted", "claimed"))):
        modality, claimant = modality_of(tok, own_clause=True)
    if modality == "hypothetical" and tok.dep_ in ("xcomp", "advcl") and (
            tok.head.lemma_.lower() in INSTRUMENT_VERBS
            or (event_type == "PROTEST" and tok.head.lemma_.lower() in ("try", "attempt"))):
        # "protesters tried to march on parliament": trying, they protested; "used drones to
        # drop explosives on a base": the use was the attack.
        modality, claimant = modality_of(tok.head)
    weapon = weapon_of(tok, taxonomy)
    complement = None
    if event_type == "ASSAULT" and circumstances.figurative(tok):
        return []
    if event_type == "ASSAULT":
        threat = threat_head(tok)
        if threat is not None:
            if threat.i != tok.i and is_trigger(threat, "THREATEN", taxonomy):
                return []  # the THREATEN trigger above carries this threat
            event_type, cameo, modality = "THREATEN", "138", "asserted"
        elif modality in ("negated", "hypothetical", "conditional", "future"):
            return []  # a false ASSAULT is worse than a missed one
    elif event_type == "THREATEN":
        # A threat is conditional by nature ("...if the U.S. intervenes"); making it is the act.
        if modality == "conditional":
            modality = "asserted"
        complement = _assault_complement(tok, taxonomy)
        if complement is not None:
            cameo = "138"
            weapon = weapon or weapon_of(complement, taxonomy)
    if modality in ("negated", "hypothetical", "conditional") or habitual(tok):
        return []  # what did not or may not happen, or a summary of many acts
    actor_tok = _actor_token(tok, claimant)
    gathering = gathered_for(tok)  # "Demonstrators took to the streets to protest ..."
    if actor_tok is None and gathering is not None:
        actor_tok = roles.subject_of(gathering)
    actor = roles.participant(actor_tok, ents)
    if actor is not None and (actor.kb_id or "").startswith(nouns.PLACE_IDS):
        actor = None  # "an ambush in Deir ez-Zor, which killed 16": a town does not act
    crowd = actor_tok is not None and actor_tok.lemma_.lower() in roles.CROWDS
    met_with_force = event_type == "ASSAULT" and not crowd and targets_protesters(tok)
    if event_type == "ASSAULT" and (crowd or met_with_force):
        # "protesters torched cars", "a mob lynched two men", "police fired on demonstrators":
        # ACLED's riots and protests met with force, PROTEST in PLOVER.
        event_type, cameo = "PROTEST", "145"
    side = None
    if actor is None and tok.pos_ == "NOUN":
        actor = nouns.noun_actor(tok, ents)
        side = actor if actor is not None and actor.name is None else None
    if event_type == "COERCE" and circumstances.blocked_by_the_people(tok, actor):
        # "coca growers kept up a road blockade": obstructing passage is a protest (CAMEO
        # 144, ACLED's protests); a state's blockade of a port or a town stays coercion.
        event_type, cameo = "PROTEST", "144"
    elif event_type == "COERCE" and tok.pos_ == "NOUN" and \
            tok.lemma_.lower() in circumstances.BLOCKADES:
        return []  # "the blockade of Gaza" is a state of things; "imposed a blockade" the act
    # "An airstrike killed 12 people in Idlib": the verb the event noun is subject of
    # carries its target, place and date; "launched an attack ... in X", "fought off an
    # assault on Y" too, after the noun's own.
    governor = nouns.governing_verb(tok)
    scope = gathering or nouns.occurred_in(tok) or (
        tok.head if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and
        tok.head.lemma_.lower() in circumstances.EFFECT_VERBS else None) or \
        circumstances.effect_clause(tok) or tok
    suffered = circumstances.suffered_in(tok)
    if suffered is not None:
        # "soldiers killed in an ambush by militants near Gao": the verb of the harm done
        # carries who did it, to whom, where and when.
        scope = suffered
        if actor is None:
            actor = roles.participant(roles.subject_of(suffered), ents)
    things = event_type not in SYMMETRIC_TYPES
    # What a clause describes was done to ("journalists detained"), unless the act is
    # shared ("an accord signed with the government"): then it is the thing agreed.
    # "Sudan's government and the rebels sat down at the AU headquarters": sides named
    # together are the parties; what follows "at" is where. Sides met "with" someone are
    # one party ("Hamas, as well as the PFLP, held a meeting with the Houthis").
    partnered = any(c.dep_ == "prep" and c.lower_ == "with"
                    for t in (tok, tok.head if tok.dep_ == "dobj" else tok) for c in t.children)
    paired = targets.conjunct(actor_tok, ents) \
        if actor_tok is not None and not things and not partnered else None
    target = (targets.described(tok, ents) if dated_description and things else None) or \
        paired or targets.target(complement or tok, ents, taxonomy, things)
    for verb in (v for v in (scope, governor) if v is not None and v is not tok):
        if target is None:
            target = targets.target(verb, ents, taxonomy, things, skip=tok)
    if target is None and event_type == "COERCE" and tok.pos_ == "NOUN":
        # "the detention of opposition leader Levan Abashidze": whom it held.
        target = next((roles.participant(p, ents) for c in tok.children
                       if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj"), None)
    if target is None and tok.pos_ == "NOUN":
        target = nouns.patient(tok, ents)
    if target is None and suffered is not None:
        target = targets.described(suffered, ents)
    if target is None and governor is not None and nouns.repelled(governor):
        target = roles.participant(roles.subject_of(governor), ents)  # the defenders
    if target is None and (event_type in SYMMETRIC_TYPES or RECIPROCAL & {
            t.lemma_.lower() for t in (tok, governor) if t is not None}):
        # "A and B met", "A and B fought a battle": the other side is the second party.
        target = targets.conjunct(actor_tok, ents) if actor_tok else nouns.partner(tok, ents)
    if actor is not None and target is not None and actor.kb_id and actor.kb_id == target.kb_id:
        target = None
    if met_with_force and target is not None:
        # The protest is the protesters' act, the force the police's answer: ACLED codes the
        # protesters as the actor and the police as the one acting on them.
        actor, target = target, actor
    elif event_type == "PROTEST" and tok.pos_ == "VERB" and actor is not None and \
            actor.sector in FORCES:
        actor, target = _broken_up(tok, actor, target, ents, taxonomy)
    # "Nairobi and Addis Ababa signed ...", "the deal it reached with Damascus": capitals that
    # act are the parties, not the place.
    acting = {i for t in (*(actor_tok.subtree if actor_tok is not None else ()),
                          *(s for w in doc if w.lower_ == "with" for p in w.children
                            for s in p.subtree))
              if t.i in ents and ents[t.i].kind == "place" and ents[t.i].precision == 1
              and naming.acting_capital(t, ents) for i in range(ents[t.i].start, ents[t.i].end)}
    ents = {i: e for i, e in ents.items() if i not in acting}
    location = roles.location_of(scope, ents, exclude=_actor_indices(actor_tok, tok),
                                 locative_only=event_type in SPOKEN_TYPES)
    if location is None and complement is not None:
        location = roles.location_of(complement, ents)
    if location is None and scope.dep_ == "relcl" and scope.pos_ == "VERB":
        # "a village in Beni territory that militias attacked on Monday": the place of the
        # thing the clause tells of.
        location = roles.location_of(scope.head, ents, exclude=_actor_indices(actor_tok, tok))
    aftermath = circumstances.aftermath_of(tok)
    if location is None and aftermath is not None:
        # "A depot caught fire in Kurchatov after a drone attack": where the harm was.
        location = roles.location_of(aftermath, ents, exclude=_actor_indices(actor_tok, tok))
    if location is None and governor is not None and event_type in conjuncts.PER_PLACE_TYPES:
        location = roles.location_of(governor, ents, exclude=_actor_indices(actor_tok, tok))
    elif location is None and governor is not None and event_type in SYMMETRIC_TYPES:
        # "held their latest meeting on Friday in Tavush province"
        location = roles.location_of(governor, ents, exclude=_actor_indices(actor_tok, tok),
                                     locative_only=True)
    if event_type == "AGREE":
        # "agreed to a ceasefire in Nagorno-Karabakh after ten hours of talks in Moscow": a
        # deal is made where the talks were; the place on the deal is where it applies.
        location = next((venue for t in doc if t.pos_ == "NOUN" and t.i != tok.i
                         and t.lemma_.lower() in nouns.MEETINGS
                         and (venue := roles.location_of(t, ents, locative_only=True))
                         is not None), location)
    if location is not None and target is not None and target.kb_id and \
            target.kb_id.startswith(("site:", "geo:")):
        target = None  # "the attack on Tel Aviv": a place attacked is where, not whom
    village = roles.unknown_place(target, ents)
    if village is not None and (location is None or (location.precision or 3) >= 2):
        # "attacked Merawi, a town south of Bahir Dar": a place the KB lacks, attacked, is
        # where, in or near the known place the sentence gives.
        location, target = roles.placed_in(village, location), None
    if location is None and event_type in LOCATED_BY_SENTENCE:
        location = roles.sentence_site(doc, ents, exclude=_actor_indices(actor_tok, tok, True))
    if (location is None or location.precision == 3) and \
            event_type in conjuncts.PER_PLACE_TYPES:
        seat = conjuncts.seat_of_state(scope, ents)
        if seat is not None and (location is None or location.country == seat.country):
            location = seat
    # A bare thing acted upon ("the planning") does not make an act of speech an event.
    # A person named ("Rind was taken into custody") is someone to report.
    named_target = target is not None and bool(
        target.kb_id or target.country or target.sector or (
            event_type not in SPOKEN_TYPES and circumstances.names_a_person(target, ents)))
    unnamed = actor is None and not named_target and event_type not in PLACE_IS_ENOUGH
    if unnamed and event_type not in TOLD_BY_PLACE_AND_DAY:
        return []  # "talks are underway": nobody to report
    # "condemned on Tuesday the killing of 34 passengers last Saturday": of two days on the
    # verb that answers the event noun, the earlier is the event's, before any other reading.
    when = circumstances.dated_beside_its_report(tok, ents, published) or \
        event_date(tok, ents, published) or next(
        (found for verb in (scope, governor) if verb is not None and verb is not tok
         and (found := event_date(verb, ents, published)) is not None), None)
    if told is not None and (when is None or tok.dep_ == "pobj"):
        # "The strike came five days after a drone attack on the market killed 23 people";
        # "three days after a drone attack on a block whose toll rose on Tuesday" (that day
        # is the toll's).
        when = next(((told + timedelta(days=offset), "day") for clause in (scope, tok)
                     if circumstances.after_the_event_told(clause, taxonomy)
                     and (offset := sequence_offset(clause)) is not None), when)
    if when is None and tok.pos_ == "VERB" and published is not None and \
            not told_at_another_time(tok) and not unread_date(tok, ents) and \
            not circumstances.in_the_event_told(tok, taxonomy):
        # Told with no date, it is news of the day; told as before another event, it is not.
        when = (published, "article")
    if unnamed and not (location is not None and location.precision == 1 and
                        when is not None and when[1] == "day"):
        return []  # ... unless a town and a day tell which ("a truce reached in Zawiya on
        # Tuesday")
    if side is not None and (when is None or when[1] != "day") and actor is side:
        # "since American retaliation": a side alone tells of no one event unless the text
        # dates it ("a Ukrainian drone attack on Saturday").
        actor = None
    mode = weapon.mode if (weapon and event_type in ("ASSAULT", "THREATEN")) else \
        taxonomy.modes.get(event_type)
    if weapon is not None and event_type == "ASSAULT" and cameo == "190":
        cameo = weapon.cameo
    if _mentions_civilians(complement or tok) and target is not None and not target.sector:
        target = replace(target, sector="CVL")
    acled_type, acled_sub = acled.acled_codes(acled.sub_event_type(
        event_type, cameo, tok, weapon, actor, target, taxonomy), taxonomy)
    country = _section_country(ls) or linked.country
    block = _block(location, country, target, actor)
    sentence = ls.sentence
    start = doc[tok.i].idx
    # The article's id is in it: a redelivered article repeats its mentions, while a
    # syndicated copy under another id brings new ones (more articles, more sources).
    candidate_id = hashlib.sha1(
        f"{linked.ref.article_id}|{linked.fingerprint}|{sentence.index}|{start}|{event_type}"
        .encode()).hexdigest()[:24]
    cand = EventCandidate(
        candidate_id=candidate_id,
        block=block,
        event_type=event_type,
        mode=mode,
        contexts=taxonomy.contexts_of(acled.sentence_lemmas(doc)),
        cameo_code=cameo,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        modality=modality,
        actor=actor,
        target=target,
        location=location,
        date=when[0].isoformat() if when else None,
        date_precision=when[1] if when else None,
        fatalities=fatalities_of(tok) if event_type == "ASSAULT" else None,
        trigger=Trigger(text=tok.text, start=start, end=start + len(tok.text)),
        sentence=sentence.text,
        sentence_index=sentence.index,
        article_id=linked.ref.article_id,
        fingerprint=linked.fingerprint,
        source=linked.ref,
        confidence=_confidence(tok, actor, target, location, when, modality),
        ingested_at=linked.ingested_at,
        explanation=f"{hit.source}: {tok.pos_.lower()} trigger '{tok.text}' ({tok.lemma_})",
        signature=linked.signature,
    )
    # Places coordinated in the actor's phrase ("militants based in A and B") say who, not
    # where; the parser hangs lists on a pronoun subject as appositions ("they attacked two
    # ships: X in A and Y in B"), which are no part of it.
    who = {t.i for c in actor_tok.children if c.dep_ != "appos" for t in c.subtree} | \
        {actor_tok.i} if actor_tok is not None else set()
    places = conjuncts.distinct_places(conjuncts.place_units(
        doc, ents, {t.i for t in scope.subtree} - who),
        SAME_PLACE_KM) if event_type in conjuncts.PER_PLACE_TYPES else []
    # One event per place; a toll told for all of them is no one place's.
    return [replace(cand, location=place, block=_block(place, country, target, actor),
                    fatalities=None,
                    candidate_id=hashlib.sha1(f"{candidate_id}|{place.name}".encode())
                    .hexdigest()[:24]) for place in places] or [cand]


def _broken_up(tok: Token, force: Participant, target: Participant | None,
               ents: dict[int, Entity], taxonomy: Taxonomy
               ) -> tuple[Participant | None, Participant | None]:
    """"Police dispersed protesters", "... a gathering of retired workers", "... a protest by
    thousands": ACLED's protest with intervention, the protesters as the actor and the force
    acting on them. Anything else the force did to a protest keeps its roles."""
    acted_on = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if acted_on is None:
        return force, target
    if acted_on.lemma_.lower() in roles.CROWDS or (target is not None and target.sector == "CVL"):
        return target, force
    if acted_on.lemma_.lower() in GATHERINGS or is_trigger(acted_on, "PROTEST", taxonomy):
        members = next((p for c in acted_on.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"), None)
        if members is None:
            return nouns.noun_actor(acted_on, ents), force
        return roles.participant(members, ents) or roles.acted_upon(members, ents), force
    return force, target


def _assault_complement(tok: Token, taxonomy: Taxonomy) -> Token | None:
    """"threatened to attack American bases": the attack threatened, for its target/weapon."""
    for t in tok.subtree:
        if t.i != tok.i and is_trigger(t, "ASSAULT", taxonomy):
            return t
    return None


def _actor_token(tok: Token, claimant: Token | None) -> Token | None:
    if claimant is not None:
        return claimant
    if tok.pos_ == "VERB":
        return roles.subject_of(tok)
    # "an indefinite curfew, ordered by police on Tuesday": the participle's agent did it
    # (not a mediator's: "a truce brokered by Qatar").
    agent = next((p for acl in tok.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
                  and acl.lemma_.lower() not in roles.MEDIATING_VERBS
                  and (p := roles.agent_of(acl)) is not None), None)
    if agent is not None:
        return agent
    # "launched strikes", "held a meeting": the light verb's subject did it.
    head = tok.head
    governor = nouns.governing_verb(tok)
    if governor is not None and not nouns.repelled(governor):
        return roles.subject_of(governor)
    # Headline and caption grammar: "Protesters rally ...", "Supporters of X march ...".
    if tok.dep_ == "ROOT":
        return next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if tok.dep_ == "appos" and head.lemma_.lower() in roles.GENERIC_AGENTS:
        return head
    return None


def _actor_indices(actor: Token | None, trigger: Token, phrase_only: bool = False
                   ) -> set[int]:
    """Tokens that name the actor ("militias in Iraq"): their places are not the event's."""
    if actor is None:
        return set()
    if phrase_only:
        return set(range(actor.left_edge.i, actor.i + 1))
    return {t.i for t in actor.subtree} - {t.i for t in trigger.subtree}


def _mentions_civilians(tok: Token) -> bool:
    return any(t.lemma_.lower() in ("civilian", "worshipper", "villager") for t in tok.subtree)


def _section_country(ls: LinkedSentence) -> str | None:
    """"SYRIA: Fighting that erupted ...": a digest's section names the country its
    sentence is about, whatever the rest of the article is about."""
    first = next((e for e in ls.entities if e.start == 0), None)
    if first is None or first.type != "country" or len(ls.tokens) <= first.end:
        return None
    after = ls.tokens[first.end]
    return first.country if ls.sentence.text[after.start:after.end] == ":" else None


def _block(location: object, article_country: str | None, target: Participant | None,
           actor: Participant | None) -> str:
    """The country the event happened in, as best known: its place's, else the one the
    article is about (before the parties': "Russian forces" strike in Ukraine), else the
    actor's (more often known than the target's, and the same in every report)."""
    parties = (actor and actor.country, target and target.country)
    # A place outside any state (a sea) is reported from anywhere: the actor's side then says
    # more than the article's dateline ("DUBAI - ... in the Arabian Sea").
    order = (*parties, article_country) if location is not None else \
        (article_country, *parties)
    for country in (getattr(location, "country", None), *order):
        if country:
            return str(country)
    return topics.UNKNOWN_BLOCK


def _confidence(tok: Token, actor: Participant | None, target: Participant | None,
                location: object, when: tuple[date, str] | None, modality: str) -> float:
    score = 0.35
    score += 0.2 if actor is not None and actor.kb_id else 0.1 if actor is not None else 0.0
    score += 0.1 if target is not None else 0.0
    score += 0.15 if location is not None else 0.0
    score += 0.1 if when is not None and when[1] != "article" else 0.0
    score += 0.05 if tok.pos_ == "VERB" else 0.0
    if modality == "claimed":
        score -= 0.1
    return round(min(max(score, 0.05), 0.95), 3)
