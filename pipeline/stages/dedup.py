"""dedup: candidates of one real-world event collapse into one record, stable on replay.

State is a mapping bucket key -> the events stored under it, where a bucket is the candidate's
block (country) and date. A pure function here; the worker keeps the buckets in a faust table.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from pipeline import EXTRACTOR_VERSION, SCHEMA_VERSION
from pipeline.records import EventCandidate, EventRecord, Location, SourceRef
from pipeline.settings import Settings
from pipeline.stages.sameness import (
    SAME_PLACE_KM,
    SYMMETRIC_TYPES,
    more_specific,
    same_participant,
    same_place,
    state_side,
)

NO_DATE = "none"
# Signatures kept per event: the newest reports are the likeliest to be copied again.
MAX_SIGNATURES = 8
# Bounds on what one much-reported event keeps: redeliveries (at-least-once) and copies are
# of recent messages, so the newest suffice.
MAX_MENTION_IDS = 200
MAX_FINGERPRINTS = 32
PRECISE_DATES = ("day",)
# The precision of a date that is only the article's publication day: the text gave none.
ARTICLE_DATE = "article"
# ACLED's battles: two armed sides fight each other, neither only the target.
ARMED_CLASH = "Armed clash"
# A date known to its week ("this week"), dated by the week's last day.
WEEK_DATE, WEEK_DAYS = "week", 6


@dataclass(frozen=True, slots=True)
class StoredEvent:
    record: EventRecord
    mention_ids: tuple[str, ...]
    fingerprints: tuple[str, ...]
    outlets: tuple[str, ...]
    # MinHash signatures of the newest reporting articles, for near-copies: base64 of their
    # 32-bit values, less than half the size of a JSON list of numbers in the state.
    signatures: tuple[str, ...] = ()
    # Kafka timestamp (s) of the newest mention: the window counts from it.
    last_ingested: float | None = None


@dataclass(frozen=True, slots=True)
class DedupResult:
    outcome: str  # new | merged | duplicate
    record: EventRecord | None  # what to emit; None for a duplicate
    updates: dict[str, tuple[StoredEvent, ...]]


def bucket_key(block: str, day: str | None) -> str:
    return f"{block}|{day or NO_DATE}"


def bucket_keys(candidate: EventCandidate, settings: Settings) -> list[str]:
    """Every bucket an event matching ``candidate`` could be stored under."""
    tolerance = settings.dedup_date_tolerance_days
    if candidate.date is None:
        # An undated report ("a dawn raid in the town of Beni") is news of the days just
        # before its publication: it may join an event dated then, as well as undated ones.
        published = _day(candidate.source.published_at)
        before = [bucket_key(candidate.block, (published - timedelta(days=d)).isoformat())
                  for d in range(tolerance + 2)] if published else []
        return [bucket_key(candidate.block, None), *before]
    day = date.fromisoformat(candidate.date)
    # A mention dated only by its article's day may be of up to three days before it (a
    # follow-up days on: "killed 20, the army said"), and an event so dated of up to three
    # days after this one; a mention dated only to its week ("last
    # week") of the days about it, and an event so dated of the days about this one
    # (`compatible`).
    back = {ARTICLE_DATE: tolerance + 2, WEEK_DATE: WEEK_DAYS + tolerance}.get(
        candidate.date_precision or "", WEEK_DAYS)
    ahead = WEEK_DAYS + 1 if candidate.date_precision == WEEK_DATE else tolerance + 2
    # An undated event of the block may be this one: "a truce agreed in Moscow" (undated) and
    # "the truce agreed in Moscow on Friday" (`compatible` asks them to share a party or place).
    return [*(bucket_key(candidate.block, (day + timedelta(days=d)).isoformat())
              for d in range(-back, ahead + 1)), bucket_key(candidate.block, None)]


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def dedup(candidate: EventCandidate, buckets: Mapping[str, tuple[StoredEvent, ...]],
          settings: Settings) -> DedupResult:
    """Merge ``candidate`` into the event it reports, or start a new one.

    Events whose newest mention is older than the window (by Kafka timestamps) leave the
    state when their bucket is next touched; a bucket left empty is deleted (an empty tuple
    in ``updates``). A report of an expired event starts a new record.
    """
    live = {key: _within_window(events, candidate, settings) for key, events in buckets.items()}
    expired = {key: events for key, events in live.items() if events != buckets[key]}
    best: tuple[tuple[int, ...], str, int] | None = None
    for key, stored_events in live.items():
        for position, stored in enumerate(stored_events):
            if candidate.candidate_id in stored.mention_ids:
                return DedupResult("duplicate", None, expired)
            # Another article with this text, or a near copy of it. (Mentions of one article
            # were already merged or kept apart by ``collapse``.)
            copy = (candidate.fingerprint in stored.fingerprints
                    or near_duplicate(stored, candidate, settings)) and all(
                s.article_id != candidate.article_id for s in stored.record.sources)
            # An undated mention in a copy stands for the original's: the event may have
            # learnt its date since from other reports. Elsewhere an undated mention joins an
            # event of its article's last days only by a named party or a precise place they
            # share ("a dawn raid in the town of Beni"; `compatible`).
            mention = replace(candidate, date=stored.record.date) \
                if candidate.date is None and copy else candidate
            if compatible(stored.record, mention, settings.dedup_date_tolerance_days,
                          settings.dedup_radius_km, copy):
                # Of several events the report fits, the one it shares most with: a copy of
                # its article (and the very mention that founded it), then the named parties,
                # place and day they agree on.
                same_mention = (stored.record.sentence, stored.record.trigger.start) == (
                    candidate.sentence, candidate.trigger.start)
                score = (int(copy), int(copy and same_mention),
                         *_agreement(stored.record, candidate, settings))
                if best is None or score > best[0]:
                    best = (score, key, position)
    if best is not None:
        _, key, position = best
        events = list(live[key])
        events[position] = merge(events[position], candidate, settings)
        return DedupResult("merged", events[position].record, {**expired, key: tuple(events)})
    stored = new_event(candidate)
    key = bucket_key(candidate.block, candidate.date)
    return DedupResult("new", stored.record, {**expired, key: (*live.get(key, ()), stored)})


def _within_window(events: tuple[StoredEvent, ...], candidate: EventCandidate,
                   settings: Settings) -> tuple[StoredEvent, ...]:
    if candidate.ingested_at is None:
        return events
    horizon = candidate.ingested_at - settings.dedup_window_days * 86400
    return tuple(e for e in events if e.last_ingested is None or e.last_ingested >= horizon)


def near_duplicate(stored: StoredEvent, candidate: EventCandidate, settings: Settings) -> bool:
    """Is the candidate's article a near-copy of one that reported the stored event?"""
    if not candidate.signature:
        return False
    return any(similarity(s, candidate.signature) >= settings.near_duplicate_threshold
               for s in map(unpack, stored.signatures))


def pack(signature: tuple[int, ...]) -> str:
    return base64.b64encode(struct.pack(f"<{len(signature)}I", *signature)).decode("ascii")


def unpack(packed: str) -> tuple[int, ...]:
    raw = base64.b64decode(packed)
    return struct.unpack(f"<{len(raw) // 4}I", raw)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """MinHash estimate of the Jaccard similarity: the share of equal values."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def compatible(event: EventRecord | EventCandidate, cand: EventCandidate,
               date_tolerance_days: int = 1, radius_km: float = SAME_PLACE_KM,
               copy: bool = False, coasts: bool = True) -> bool:
    """Could the two mentions be of one event: same type, close dates, no party or place
    that differs. ``copy``: one article copies the other, which ties undated mentions."""
    if event.event_type != cand.event_type:
        return False
    # A mention dated only by its article's day, and another of the day before that window:
    # the same event only if they share more (below).
    loose = event.date is not None and cand.date is not None and not _dates_close(
        event.date, cand.date, date_tolerance_days)
    if loose and not _reported_after(event, cand, date_tolerance_days):
        return False
    if not (same_participant(event.actor, cand.actor)
            and same_participant(event.target, cand.target)) and not (
            # "A met B" and "B met A" are one meeting; "clashes between A and B" and
            # "between B and A" one battle.
            _symmetric(event, cand)
            and same_participant(event.actor, cand.target)
            and same_participant(event.target, cand.actor)):
        return False
    if not same_place(event.location, cand.location, radius_km, coasts):
        return False
    # Where either has no date (unknown, not different) only a copied text or a shared actor,
    # target or place ties two mentions to one event. (Keeping an unplaced report that names
    # no KB party off placed events was tried: on the held-out set it cost more merges than
    # the false ones it saved.)
    if event.date is None or cand.date is None or loose:
        return copy or _shared_anchor(event, cand)
    return True


def _symmetric(event: EventRecord | EventCandidate, cand: EventCandidate) -> bool:
    return event.event_type in SYMMETRIC_TYPES or \
        event.acled_sub_event_type == cand.acled_sub_event_type == ARMED_CLASH


def _reported_after(event: EventRecord | EventCandidate, cand: EventCandidate,
                    tolerance: int) -> bool:
    """One of the two is dated only by its article's publication, or only to a week: the other
    may be of the days before ("killed two soldiers, the army said" in the next day's paper;
    "bombed a village this week")."""
    assert event.date is not None and cand.date is not None
    for loose, firm in ((event, cand), (cand, event)):
        if firm.date_precision in (ARTICLE_DATE, WEEK_DATE):
            continue
        days = (date.fromisoformat(loose.date or "") - date.fromisoformat(firm.date or "")).days
        if loose.date_precision == ARTICLE_DATE and 0 <= days <= tolerance + 2:
            return True
        # "this week" (dated by the article), "last week" (a week before it): the days about it.
        if loose.date_precision == WEEK_DATE and abs(days) <= WEEK_DAYS:
            return True
    return False


def _agreement(event: EventRecord, cand: EventCandidate, settings: Settings
               ) -> tuple[int, int]:
    """(shared named parties and precise place, same day): how much two mentions agree on."""
    shared = sum(a is not None and b is not None and bool(a.kb_id) and a.kb_id == b.kb_id
                 for a, b in ((event.actor, cand.actor), (event.target, cand.target)))
    shared += _shared_place(event, cand, settings.dedup_radius_km)
    return shared, int(event.date is not None and event.date == cand.date)


def _shared_anchor(event: EventRecord | EventCandidate, cand: EventCandidate,
                   radius_km: float = SAME_PLACE_KM) -> bool:
    """Do two mentions share a named party (the same KB entry, or two organs of one state)
    or a place finer than a country?"""
    pairs = ((event.actor, cand.actor), (event.target, cand.target))
    for a, b in pairs:
        if a is not None and b is not None and a.kb_id and b.kb_id and (
                a.kb_id == b.kb_id or (state_side(a) and state_side(b)
                                       and a.country == b.country)):
            return True
    return _shared_place(event, cand, radius_km)


def _shared_place(event: EventRecord | EventCandidate, cand: EventCandidate,
                  radius_km: float) -> bool:
    """Both placed finer than a country, and at one place."""
    here, there = event.location, cand.location
    return (here is not None and there is not None and (here.precision or 3) < 3
            and (there.precision or 3) < 3 and same_place(here, there, radius_km))


def new_event(cand: EventCandidate) -> StoredEvent:
    seen = _iso(cand.ingested_at)
    record = EventRecord(
        schema_version=SCHEMA_VERSION,
        event_id="ev-" + hashlib.sha1(f"event|{cand.candidate_id}".encode()).hexdigest()[:20],
        revision=1,
        event_type=cand.event_type,
        mode=cand.mode,
        contexts=cand.contexts,
        cameo_code=cand.cameo_code,
        acled_event_type=cand.acled_event_type,
        acled_sub_event_type=cand.acled_sub_event_type,
        modality=cand.modality,
        actor=cand.actor,
        target=cand.target,
        location=cand.location,
        date=cand.date,
        date_precision=cand.date_precision,
        fatalities=cand.fatalities,
        trigger=cand.trigger,
        sentence=cand.sentence,
        article_id=cand.article_id,
        sources=(cand.source,),
        num_mentions=1,
        num_articles=1,
        num_sources=1,
        first_seen=seen,
        last_seen=seen,
        confidence=cand.confidence,
        extractor_version=EXTRACTOR_VERSION,
        explanation=cand.explanation,
    )
    return StoredEvent(record, (cand.candidate_id,), (cand.fingerprint,), (_outlet(cand.source),),
                       (pack(cand.signature),) if cand.signature else (), cand.ingested_at)


def merge(stored: StoredEvent, cand: EventCandidate, settings: Settings) -> StoredEvent:
    ev = stored.record
    cand = _aligned(ev, cand)
    fingerprints = _add(stored.fingerprints, cand.fingerprint)[-MAX_FINGERPRINTS:]
    outlets = _add(stored.outlets, _outlet(cand.source))
    sources = ev.sources
    # An article's mentions arrive together, so the capped list still holds it when its
    # next mention comes: a syndicated copy (another id) counts as another article.
    new_article = all(s.article_id != cand.source.article_id for s in sources)
    if new_article:
        sources = (*sources, cand.source)[-settings.max_sources :]  # newest kept
    better_date = cand.date is not None and (
        ev.date is None or (cand.date_precision in PRECISE_DATES
                            and ev.date_precision not in PRECISE_DATES)
    )
    seen = _iso(cand.ingested_at)
    record = replace(
        ev,
        revision=ev.revision + 1,
        mode=ev.mode or cand.mode,
        contexts=tuple(sorted({*ev.contexts, *cand.contexts})),
        cameo_code=ev.cameo_code if len(ev.cameo_code) >= len(cand.cameo_code)
        else cand.cameo_code,
        acled_event_type=ev.acled_event_type or cand.acled_event_type,
        acled_sub_event_type=ev.acled_sub_event_type or cand.acled_sub_event_type,
        modality="asserted" if "asserted" in (ev.modality, cand.modality) else ev.modality,
        actor=more_specific(ev.actor, cand.actor),
        target=more_specific(ev.target, cand.target),
        location=_more_precise(ev.location, cand.location),
        date=cand.date if better_date else ev.date,
        date_precision=cand.date_precision if better_date else ev.date_precision,
        fatalities=max((f for f in (ev.fatalities, cand.fatalities) if f is not None),
                       default=None),
        sources=sources,
        num_mentions=ev.num_mentions + 1,
        num_articles=ev.num_articles + new_article,
        num_sources=len(outlets),
        first_seen=min(filter(None, (ev.first_seen, seen)), default=None),
        last_seen=max(filter(None, (ev.last_seen, seen)), default=None),
        confidence=max(ev.confidence, cand.confidence),
    )
    signatures = stored.signatures
    if cand.signature and cand.fingerprint not in stored.fingerprints:
        signatures = (*signatures, pack(cand.signature))[-MAX_SIGNATURES:]
    last = max(filter(None, (stored.last_ingested, cand.ingested_at)), default=None)
    mention_ids = (*stored.mention_ids, cand.candidate_id)[-MAX_MENTION_IDS:]
    return StoredEvent(record, mention_ids, fingerprints, outlets,
                       signatures, last)


def collapse(candidates: Iterable[EventCandidate]) -> list[EventCandidate]:
    """Merge the mentions of one event within one article before they leave it, so that a
    consumer sees one record rather than revision 1 and 2 a moment apart."""
    kept: list[EventCandidate] = []
    for cand in candidates:
        for i, other in enumerate(kept):
            # One article that names a sea and a port apart tells of two places. Mentions in
            # other blocks stay apart, placed or not: an unplaced mention taken into another
            # block's event was lost to the event it was about.
            if other.block == cand.block and (
                    compatible(other, cand, coasts=False) or _restated(other, cand)):
                kept[i] = _absorb(other, cand)
                break
        else:
            kept.append(cand)
    return kept


def _restated(first: EventCandidate, other: EventCandidate) -> bool:
    """In one article, an undated mention ("their condemnation of Saudi Arabia") restates a
    dated one when both name the same actor or target and nothing contradicts."""
    if (first.date is None) == (other.date is None):
        return False
    undated = replace(other, date=first.date) if other.date is None else other
    return compatible(first, undated, coasts=False) and _shared_anchor(first, undated)


def _aligned(event: EventRecord | EventCandidate, cand: EventCandidate) -> EventCandidate:
    """The mention with its sides in the event's order: "the army repelled an attack by
    militants" and "the militants attacked the army" are one clash, whose actor is not the
    army twice over."""
    if same_participant(event.actor, cand.actor) and same_participant(event.target, cand.target):
        return cand
    return replace(cand, actor=cand.target, target=cand.actor)


def _absorb(first: EventCandidate, other: EventCandidate) -> EventCandidate:
    other = _aligned(first, other)
    better_date = other.date is not None and first.date is None
    return replace(
        first,
        mode=first.mode or other.mode,
        contexts=tuple(sorted({*first.contexts, *other.contexts})),
        cameo_code=first.cameo_code if len(first.cameo_code) >= len(other.cameo_code)
        else other.cameo_code,
        acled_event_type=first.acled_event_type or other.acled_event_type,
        acled_sub_event_type=first.acled_sub_event_type or other.acled_sub_event_type,
        actor=more_specific(first.actor, other.actor),
        target=more_specific(first.target, other.target),
        location=_more_precise(first.location, other.location),
        date=other.date if better_date else first.date,
        date_precision=other.date_precision if better_date else first.date_precision,
        fatalities=first.fatalities if first.fatalities is not None else other.fatalities,
        confidence=max(first.confidence, other.confidence),
    )


def _dates_close(a: str, b: str, tolerance: int) -> bool:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= tolerance


def _more_precise(a: Location | None, b: Location | None) -> Location | None:
    if a is None:
        return b
    if b is not None and (b.precision or 3) < (a.precision or 3):
        return b
    return a


def _add(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return values if value in values else (*values, value)


def _outlet(ref: SourceRef) -> str:
    return ref.source or f"article:{ref.article_id}"


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, tz=UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")

