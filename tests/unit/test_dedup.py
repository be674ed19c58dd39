from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.extract import MemoryState
from pipeline.records import EventCandidate, Location, Participant, SourceRef, Trigger
from pipeline.settings import Settings
from pipeline.stages.dedup import collapse

SETTINGS = Settings()
HOUTHIS = Participant("Houthis", "Ansar Allah", "actor:houthis", "REB", "YEM")
ASAD = Location("al-Asad", "Ain al-Asad Air Base", "IRQ", None, 33.8, 42.44, None, 1)
HARIR = Location("al-Harir", "Harir Air Base", "IRQ", None, 36.53, 44.35, None, 1)


def candidate(cid: str, **changes: object) -> EventCandidate:
    base = EventCandidate(
        candidate_id=cid, block="IRQ", event_type="ASSAULT", mode=None, contexts=(),
        cameo_code="190", acled_event_type=None, acled_sub_event_type=None,
        modality="asserted", actor=None, target=None, location=ASAD, date="2024-01-10",
        date_precision="day", fatalities=None, trigger=Trigger("attack", 0, 6),
        sentence="An attack.", sentence_index=0, article_id=f"a-{cid}", fingerprint=f"f-{cid}",
        source=SourceRef(f"a-{cid}", None, f"outlet-{cid}", None), confidence=0.5,
        ingested_at=1_700_000_000.0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_reports_of_one_event_merge_into_revisions_of_one_record() -> None:
    state = MemoryState()
    first = state.add(candidate("1"), SETTINGS)
    second = state.add(candidate("2", actor=HOUTHIS, mode="drone", fatalities=3,
                                 date="2024-01-11", ingested_at=1_700_000_100.0), SETTINGS)
    assert first is not None and second is not None
    assert second.event_id == first.event_id
    assert (first.revision, second.revision) == (1, 2)
    assert second.actor == HOUTHIS and second.mode == "drone" and second.fatalities == 3
    assert (second.num_mentions, second.num_articles, second.num_sources) == (2, 2, 2)
    assert second.first_seen < second.last_seen  # type: ignore[operator]


def test_a_redelivered_candidate_changes_nothing() -> None:
    state = MemoryState()
    assert state.add(candidate("1"), SETTINGS) is not None
    assert state.add(candidate("1"), SETTINGS) is None


def test_distinct_places_days_and_actors_stay_distinct() -> None:
    state = MemoryState()
    ids = {
        state.add(candidate("1"), SETTINGS).event_id,  # type: ignore[union-attr]
        state.add(candidate("2", location=HARIR), SETTINGS).event_id,  # type: ignore[union-attr]
        state.add(candidate("3", date="2024-01-20"), SETTINGS).event_id,  # type: ignore[union-attr]
        state.add(candidate("4", event_type="PROTEST"), SETTINGS).event_id,  # type: ignore[union-attr]
    }
    assert len(ids) == 4
    other = Participant("Hamas", "Hamas", "actor:hamas", "REB", "PSE")
    state.add(candidate("5", actor=HOUTHIS, date="2024-02-01"), SETTINGS)
    assert state.add(candidate("6", actor=other, date="2024-02-01"), SETTINGS).revision == 1  # type: ignore[union-attr]


def test_a_generic_actor_merges_with_the_named_one_and_the_named_one_is_kept() -> None:
    state = MemoryState()
    generic = Participant("Iraqi militias", "Iraqi militias", None, "REB", "IRQ")
    state.add(candidate("1", actor=generic), SETTINGS)
    named = Participant("Kataib Hezbollah", "Kataib Hezbollah", "actor:kataib_hezbollah", "REB",
                        "IRQ")
    record = state.add(candidate("2", actor=named), SETTINGS)
    assert record is not None and record.revision == 2 and record.actor == named


def test_undated_mentions_from_different_articles_merge_only_by_what_they_share() -> None:
    state = MemoryState()
    # Nothing but the type in common: two undated reports stay apart.
    a = state.add(candidate("1", date=None, date_precision=None, location=None), SETTINGS)
    b = state.add(candidate("2", date=None, date_precision=None, location=None), SETTINGS)
    assert a is not None and b is not None and a.event_id != b.event_id
    # A precise place in common ties an undated report to the event dated that day.
    dated = state.add(candidate("3"), SETTINGS)
    undated = state.add(candidate("4", date=None, date_precision=None,
                                  source=SourceRef("a-4", None, "outlet-4", "2024-01-10")),
                        SETTINGS)
    assert dated is not None and undated is not None and undated.event_id == dated.event_id


@pytest.mark.parametrize(("precision", "day"), [("article", "2024-01-12"),
                                                 ("week", "2024-01-14")])
def test_a_loosely_dated_mention_may_be_of_the_days_before(precision: str, day: str) -> None:
    # "..., the army said" in a paper two days later; "bombed the base this week".
    state = MemoryState()
    dated = state.add(candidate("1", date="2024-01-10"), SETTINGS)
    loose = state.add(candidate("2", date=day, date_precision=precision,
                                source=SourceRef("a-2", None, "outlet-2", day)), SETTINGS)
    assert dated is not None and loose is not None and loose.event_id == dated.event_id
    assert (loose.date, loose.date_precision) == ("2024-01-10", "day")  # the text's day kept
    # Without a place or a named party in common it stays apart, and a day the text gives
    # is never moved that far.
    apart = state.add(candidate("3", date=day, date_precision=precision, location=None,
                                source=SourceRef("a-3", None, "outlet-3", day)), SETTINGS)
    firm = state.add(candidate("4", date=day), SETTINGS)
    assert apart is not None and apart.event_id != dated.event_id
    assert firm is not None and firm.event_id != dated.event_id


def test_last_week_may_be_any_day_of_the_week_before() -> None:
    # "last week's attack" in a paper of the 13th is dated the 6th, a week before it.
    state = MemoryState()
    dated = state.add(candidate("1", date="2024-01-10"), SETTINGS)
    loose = state.add(candidate("2", date="2024-01-06", date_precision="week",
                                source=SourceRef("a-2", None, "outlet-2", "2024-01-13")),
                      SETTINGS)
    assert dated is not None and loose is not None and loose.event_id == dated.event_id
    far = state.add(candidate("3", date="2023-12-30", date_precision="week",
                              source=SourceRef("a-3", None, "outlet-3", "2024-01-06")), SETTINGS)
    assert far is not None and far.event_id != dated.event_id


def test_sources_are_capped_newest_kept() -> None:
    state = MemoryState()
    settings = replace(SETTINGS, max_sources=2)
    for n in range(4):
        record = state.add(candidate(str(n)), settings)
    assert record is not None
    assert [s.article_id for s in record.sources] == ["a-2", "a-3"]
    assert record.num_sources == 4 and record.num_mentions == 4


def test_collapse_merges_mentions_within_an_article() -> None:
    merged = collapse([candidate("1", mode="drone"), candidate("2", actor=HOUTHIS),
                       candidate("3", location=HARIR)])
    assert len(merged) == 2
    assert merged[0].mode == "drone" and merged[0].actor == HOUTHIS


def test_an_undated_mention_in_a_syndicated_copy_joins_the_event() -> None:
    from pipeline.stages.clean import signature

    words = ("houthi rebels fired two missiles at a tanker in the red sea on monday the us "
             "military said adding that nobody was hurt and the ship sailed on the attack was "
             "the third on shipping this week and the group said it would go on until the war "
             "in gaza ends officials in sanaa said the strike targeted an israeli linked "
             "vessel").split()
    original = signature(words)
    copy = signature(["by", "jane", "doe", *words, "read", "more"])
    other = signature("police arrested five activists in cairo after a rally".split())
    state = MemoryState()
    # No place, no named party: only the copied text ties them.
    first = state.add(candidate("1", date=None, date_precision=None, location=None,
                                signature=original), SETTINGS)
    again = state.add(candidate("2", date=None, date_precision=None, location=None,
                                signature=copy), SETTINGS)
    apart = state.add(candidate("3", date=None, date_precision=None, location=None,
                                signature=other), SETTINGS)
    assert first is not None and again is not None and apart is not None
    assert again.event_id == first.event_id and again.num_articles == 2
    assert apart.event_id != first.event_id


def test_events_leave_the_state_after_the_window() -> None:
    state = MemoryState()
    settings = replace(SETTINGS, dedup_window_days=7)
    first = state.add(candidate("1", ingested_at=0.0), settings)
    late = state.add(candidate("2", ingested_at=8 * 86400.0), settings)
    assert first is not None and late is not None
    assert late.event_id != first.event_id and late.revision == 1
    assert sum(len(b) for b in state.buckets.values()) == 1  # the expired event is gone


def test_the_merge_radius_is_a_setting() -> None:
    near = Location("Ramadi", "Ramadi", "IRQ", None, 33.42, 43.31, None, 1)
    state = MemoryState()
    state.add(candidate("1"), SETTINGS)  # at al-Asad, about 100 km from Ramadi
    assert state.add(candidate("2", location=near), SETTINGS).revision == 1  # type: ignore[union-attr]
    wide = replace(SETTINGS, dedup_radius_km=150.0)
    state = MemoryState()
    state.add(candidate("1"), wide)
    assert state.add(candidate("2", location=near), wide).revision == 2  # type: ignore[union-attr]


def test_a_state_and_its_organs_are_one_side() -> None:
    russia = Participant("Russia", "Russian Federation", "country:RUS", "GOV", "RUS")
    army = Participant("Russian forces", "Armed Forces of the Russian Federation",
                       "actor:russian_armed_forces", "MIL", "RUS")
    ukraine = Participant("Ukraine", "Ukraine", "country:UKR", "GOV", "UKR")
    state = MemoryState()
    state.add(candidate("1", actor=russia), SETTINGS)
    assert state.add(candidate("2", actor=army), SETTINGS).revision == 2  # type: ignore[union-attr]
    assert state.add(candidate("3", actor=ukraine), SETTINGS).revision == 1  # type: ignore[union-attr]


def test_an_exact_copy_under_another_id_adds_an_article_and_a_source() -> None:
    state = MemoryState()
    first = state.add(candidate("1", date=None, date_precision=None), SETTINGS)
    # Same body (fingerprint) from another outlet under another id: undated, yet one event.
    copy = state.add(candidate("2", date=None, date_precision=None, fingerprint="f-1"),
                     SETTINGS)
    assert first is not None and copy is not None
    assert copy.event_id == first.event_id and copy.revision == 2
    assert (copy.num_articles, copy.num_sources) == (2, 2)
    assert {s.article_id for s in copy.sources} == {"a-1", "a-2"}


def test_a_region_holds_the_places_in_it() -> None:
    anbar = Location("Anbar", "Al Anbar", "IRQ", "Al Anbar", 33.0, 42.0, None, 2)
    erbil = Location("Erbil", "Erbil", "IRQ", "Erbil", 36.2, 44.0, None, 2)
    asad = replace(ASAD, admin1="Al Anbar")
    state = MemoryState()
    state.add(candidate("1", location=asad), SETTINGS)
    assert state.add(candidate("2", location=anbar), SETTINGS).revision == 2  # type: ignore[union-attr]
    assert state.add(candidate("3", location=erbil), SETTINGS).revision == 1  # type: ignore[union-attr]


def test_a_report_joins_the_event_it_shares_most_with() -> None:
    kh = Participant("Kataib Hezbollah", "Kataib Hezbollah", "actor:kataib_hezbollah", "REB",
                     "IRQ")
    state = MemoryState()
    houthi = state.add(candidate("1", actor=HOUTHIS, location=None), SETTINGS)
    at_asad = state.add(candidate("2", actor=kh), SETTINGS)
    assert houthi is not None and at_asad is not None and houthi.event_id != at_asad.event_id
    # Nobody named, at al-Asad: fits both; shares the place with the second only.
    report = state.add(candidate("3"), SETTINGS)
    assert report is not None and report.event_id == at_asad.event_id


def test_each_mention_of_a_copied_article_joins_its_own_event() -> None:
    state = MemoryState()
    article = {"fingerprint": "f-a", "article_id": "a", "source": SourceRef("a", None, "x", None),
               "date": None, "date_precision": None, "location": None}
    first = state.add(candidate("1", **article), SETTINGS)
    second = state.add(candidate("2", **article, sentence="Another attack.", sentence_index=1,
                                 trigger=Trigger("attack", 8, 14)), SETTINGS)
    assert first is not None and second is not None and first.event_id != second.event_id
    copied = {"fingerprint": "f-a", "article_id": "b", "source": SourceRef("b", None, "y", None),
              "date": None, "date_precision": None, "location": None}
    again = state.add(candidate("4", **copied, sentence="Another attack.", sentence_index=1,
                                trigger=Trigger("attack", 8, 14)), SETTINGS)
    once = state.add(candidate("3", **copied), SETTINGS)
    assert again is not None and once is not None
    assert (again.event_id, again.revision) == (second.event_id, 2)
    assert (once.event_id, once.revision) == (first.event_id, 2)


def test_a_report_dated_only_by_its_article_may_be_of_three_days_before_not_four() -> None:
    for published, merged in (("2024-01-13", True), ("2024-01-14", False)):
        state = MemoryState()
        first = state.add(candidate("1", actor=HOUTHIS), SETTINGS)  # 2024-01-10, by its day
        later = state.add(candidate("2", actor=HOUTHIS, date=published,
                                    date_precision="article"), SETTINGS)
        assert first is not None and later is not None
        assert (later.event_id == first.event_id) is merged, published
