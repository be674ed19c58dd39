"""The data contract: pipeline/schemas/*.schema.json against the records the code builds.

Fails when the records, the taxonomy or the schemas drift apart, in either direction: a record
the code emits that the schema rejects, or a schema that accepts what it should not.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from spacy.language import Language

from pipeline import EXTRACTOR_VERSION, SCHEMA_VERSION, codec
from pipeline.errors import REASONS, BadMessage, dead_letter_reason
from pipeline.extract import MemoryState, candidates_of, extract_lines
from pipeline.records import (
    Article,
    DeadLetter,
    EventRecord,
    Location,
    Participant,
    SourceRef,
    Trigger,
)
from pipeline.schemas import load_schema
from pipeline.settings import Settings
from pipeline.stages.clean import clean

REPO = Path(__file__).resolve().parents[2]
ARTICLES = sorted((REPO / "fixtures/articles").glob("*.json"))
TAXONOMY = json.loads((REPO / "pipeline/taxonomy/taxonomy.json").read_text("utf-8"))
DOC = REPO / "docs/event-record.md"
EVENT = Draft202012Validator(load_schema("event"), format_checker=FormatChecker())
DEADLETTER = Draft202012Validator(load_schema("deadletter"), format_checker=FormatChecker())
DELETE = object()


def errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(instance)]


def field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


# (a) the schemas themselves ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["event", "deadletter"])
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://eventwire.dev/schemas/{name}.schema.json"
    assert schema["title"] and schema["description"]


def test_unknown_schema_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown schema"):
        load_schema("events")


def test_event_schema_version_is_the_pipelines() -> None:
    schema = load_schema("event")
    assert schema["x-schema-version"] == SCHEMA_VERSION
    assert schema["properties"]["schema_version"] == {
        "const": SCHEMA_VERSION, "description": schema["properties"]["schema_version"][
            "description"]}


def _objects(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if "properties" in node and "if" not in node else []
        for key, value in node.items():
            if key not in ("if", "then", "else"):  # conditions only narrow declared properties
                found += _objects(value)
        return found
    if isinstance(node, list):
        return [o for item in node for o in _objects(item)]
    return []


@pytest.mark.parametrize(
    ("name", "path", "cls"),
    [
        ("event", (), EventRecord),
        ("event", ("$defs", "participant"), Participant),
        ("event", ("$defs", "location"), Location),
        ("event", ("$defs", "trigger"), Trigger),
        ("event", ("$defs", "source_ref"), SourceRef),
        ("deadletter", (), DeadLetter),
    ],
)
def test_every_field_of_the_record_is_declared_and_required(name: str, path: tuple[str, ...],
                                                          cls: type) -> None:
    node: dict[str, Any] = load_schema(name)
    for part in path:
        node = node[part]
    assert list(node["properties"]) == field_names(cls)
    assert node["required"] == field_names(cls)
    assert node["additionalProperties"] is False


@pytest.mark.parametrize("name", ["event", "deadletter"])
def test_no_object_accepts_undeclared_properties(name: str) -> None:
    objects = _objects(load_schema(name))
    assert objects
    for obj in objects:
        assert obj.get("additionalProperties") is False, obj.get("description")


def test_code_lists_are_the_taxonomys_and_the_error_policys() -> None:
    props = load_schema("event")["properties"]
    assert props["event_type"]["enum"] == list(TAXONOMY["event_types"])
    acled = TAXONOMY["acled"]["sub_event_types"]
    assert set(props["acled_sub_event_type"]["enum"]) == {*acled, None}
    assert len(props["acled_sub_event_type"]["enum"]) == 25 + 1
    assert set(props["acled_event_type"]["enum"]) == {*acled.values(), None}
    assert len(props["acled_event_type"]["enum"]) == 6 + 1
    assert load_schema("deadletter")["properties"]["reason"]["enum"] == list(REASONS)


def test_acled_sub_event_types_belong_to_their_event_type() -> None:
    base = complete_record()
    for sub, acled_type in TAXONOMY["acled"]["sub_event_types"].items():
        record = {**base, "acled_event_type": acled_type, "acled_sub_event_type": sub}
        assert not errors(EVENT, record), (acled_type, sub)
        for other in set(TAXONOMY["acled"]["sub_event_types"].values()) - {acled_type}:
            assert errors(EVENT, {**record, "acled_event_type": other}), (other, sub)


# (b) every record the extractor produces --------------------------------------------------


@pytest.fixture(scope="module")
def fixture_records(settings: Settings, nlp: Language) -> list[dict[str, Any]]:
    lines = [path.read_bytes().strip() for path in ARTICLES]
    skipped = io.StringIO()
    records = [codec.to_dict(r) for r in extract_lines(lines, settings, nlp, skipped)]
    assert not skipped.getvalue(), skipped.getvalue()
    return records


def test_every_extracted_record_validates(fixture_records: list[dict[str, Any]]) -> None:
    assert len(fixture_records) >= 10
    assert {r["article_id"] for r in fixture_records} == {p.stem for p in ARTICLES}
    for record in fixture_records:
        assert not errors(EVENT, record), (record["event_id"], errors(EVENT, record))


def test_what_the_schema_cannot_say_holds_too(fixture_records: list[dict[str, Any]]) -> None:
    for record in fixture_records:
        trigger = record["trigger"]
        assert record["sentence"][trigger["start"]:trigger["end"]] == trigger["text"]
        assert record["num_mentions"] >= record["num_articles"] >= 1
        assert record["num_mentions"] >= record["num_sources"] >= 1
        ids = [s["article_id"] for s in record["sources"]]
        assert len(ids) == len(set(ids))
        assert record["extractor_version"] == EXTRACTOR_VERSION


def test_the_tel_aviv_attack_is_a_complete_record(fixture_records: list[dict[str, Any]]) -> None:
    # The example in docs/event-record.md: regenerate it there if this changes.
    [record] = [r for r in fixture_records if r["event_type"] == "ASSAULT"
                and (r["location"] or {}).get("name") == "Tel Aviv"]
    assert record["revision"] == 1 and record["date"] == "2024-07-19"
    assert record["actor"]["kb_id"] == "actor:houthis"
    assert record["location"]["country"] == "ISR" and record["location"]["precision"] == 1


def test_revisions_validate_as_reports_merge(settings: Settings, nlp: Language) -> None:
    """Each fixture article's events reported again by two other outlets: revisions 2 and 3,
    sources capped, Kafka timestamps set, as on the sink topic."""
    capped = replace(settings, max_sources=2)
    state = MemoryState()
    records: list[EventRecord] = []
    for n, path in enumerate(ARTICLES):
        article = codec.decode_article(path.read_bytes().strip(), settings.max_message_bytes)
        ingested = 1_721_400_000.0 + 3600 * n
        for cand in candidates_of(article, nlp, ingested_at=ingested):
            for copy_no in range(3):
                ref = cand.source if copy_no == 0 else replace(
                    cand.source, article_id=f"{cand.article_id}-copy{copy_no}",
                    url=f"https://news.example/{copy_no}/{cand.article_id}",
                    source=f"outlet-{copy_no}")
                again = replace(cand, candidate_id=f"{cand.candidate_id}-{copy_no}",
                                fingerprint=f"{cand.fingerprint}-{copy_no}", source=ref,
                                article_id=ref.article_id, ingested_at=ingested + 60 * copy_no)
                record = state.add(again, capped)
                if record is not None:
                    records.append(record)
    for record in records:
        as_dict = codec.to_dict(record)
        assert not errors(EVENT, as_dict), (record.event_id, errors(EVENT, as_dict))
    grown = [r for r in records if r.revision >= 3]
    assert grown, "no fixture event merged its copies"
    for record in grown:
        assert len(record.sources) == 2 and record.num_sources >= 3
        assert record.first_seen is not None and record.last_seen is not None
        assert record.first_seen < record.last_seen
        assert record.first_seen.endswith("Z")


# (c) what the schema must reject ----------------------------------------------------------


def complete_record() -> dict[str, Any]:
    """A record with every optional part filled in, as the dedup stage builds one."""
    record = EventRecord(
        schema_version=SCHEMA_VERSION, event_id="ev-0123456789abcdef0123", revision=2,
        event_type="ASSAULT", mode="drone", contexts=("military",), cameo_code="1952",
        acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike",
        modality="claimed",
        actor=Participant("Houthi rebels", "Ansar Allah", "actor:houthis", "REB", "YEM"),
        target=Participant("Israeli civilians", None, None, "CVL", "ISR"),
        location=Location("Tel Aviv", "Tel Aviv", "ISR", "Tel Aviv", 32.08088, 34.78057,
                          293397, 1),
        date="2024-07-19", date_precision="day", fatalities=1,
        trigger=Trigger("attacked", 14, 22),
        sentence="Houthi rebels attacked Tel Aviv with a drone, killing one man.",
        article_id="a1",
        sources=(SourceRef("a1", "https://news.example/1", "Outlet", "2024-07-19T08:00:00Z"),
                 SourceRef("a2", None, None, None)),
        num_mentions=3, num_articles=2, num_sources=2,
        first_seen="2024-07-19T08:00:01.250Z", last_seen="2024-07-19T09:30:00.000Z",
        confidence=0.87, extractor_version=EXTRACTOR_VERSION,
        explanation="rule: verb trigger 'attacked' (attack)",
    )
    return codec.to_dict(record)


def test_the_complete_record_is_valid() -> None:
    assert not errors(EVENT, complete_record())


INVALID = [
    ("event_type not PLOVER", ("event_type",), "ATTACK"),
    ("event_type lower case", ("event_type",), "assault"),
    ("extra field", ("extra",), 1),
    ("extra field in actor", ("actor", "extra"), 1),
    ("extra field in location", ("location", "extra"), 1),
    ("extra field in trigger", ("trigger", "extra"), 1),
    ("extra field in a source", ("sources", 0, "extra"), 1),
    ("field missing in actor", ("actor", "kb_id"), DELETE),
    ("field missing in location", ("location", "geonameid"), DELETE),
    ("field missing in a source", ("sources", 1, "url"), DELETE),
    ("confidence above 1", ("confidence",), 1.5),
    ("confidence below 0", ("confidence",), -0.1),
    ("confidence as text", ("confidence",), "0.8"),
    ("another schema version", ("schema_version",), "2.0"),
    ("event_id not ours", ("event_id",), "ev-0123456789ABCDEF0123"),
    ("event_id too short", ("event_id",), "ev-0123"),
    ("revision 0", ("revision",), 0),
    ("revision as float", ("revision",), 1.5),
    ("cameo code with a letter", ("cameo_code",), "19a"),
    ("cameo code of 5 digits", ("cameo_code",), "19521"),
    ("cameo code as number", ("cameo_code",), 190),
    ("contexts as string", ("contexts",), "military"),
    ("unknown ACLED type", ("acled_event_type",), "Violence"),
    ("unknown ACLED sub-type", ("acled_sub_event_type",), "Drone strike"),
    ("ACLED sub-type of another type", ("acled_sub_event_type",), "Armed clash"),
    ("ACLED type without sub-type", ("acled_sub_event_type",), None),
    ("modality not ours", ("modality",), "reported"),
    ("actor as string", ("actor",), "Houthis"),
    ("actor country not ISO3", ("actor", "country"), "YE"),
    ("actor without text", ("actor", "text"), ""),
    ("location country lower case", ("location", "country"), "isr"),
    ("latitude above 90", ("location", "lat"), 91.0),
    ("longitude below -180", ("location", "lon"), -180.5),
    ("geonameid as string", ("location", "geonameid"), "293397"),
    ("precision 4", ("location", "precision"), 4),
    ("date not ISO", ("date",), "19/07/2024"),
    ("date without padding", ("date",), "2024-7-19"),
    ("date that does not exist", ("date",), "2024-02-30"),
    ("date with a time", ("date",), "2024-07-19T00:00:00Z"),
    ("date precision not ours", ("date_precision",), "decade"),
    ("date precision without a date", ("date",), None),
    ("negative fatalities", ("fatalities",), -1),
    ("fatalities as float", ("fatalities",), 1.5),
    ("trigger offset negative", ("trigger", "start"), -1),
    ("trigger null", ("trigger",), None),
    ("no sources", ("sources",), []),
    ("source without article id", ("sources", 0, "article_id"), None),
    ("zero mentions", ("num_mentions",), 0),
    ("zero articles", ("num_articles",), 0),
    ("zero sources", ("num_sources",), 0),
    ("first_seen not a timestamp", ("first_seen",), "yesterday"),
    ("last_seen without zone", ("last_seen",), "2024-07-19T09:30:00"),
    ("extractor version empty", ("extractor_version",), ""),
    ("explanation null", ("explanation",), None),
    *[(f"{name} missing", (name,), DELETE) for name in field_names(EventRecord)],
]


@pytest.mark.parametrize(("path", "value"), [pytest.param(p, v, id=i) for i, p, v in INVALID])
def test_invalid_records_are_rejected(path: tuple[str | int, ...], value: Any) -> None:
    record = complete_record()
    node: Any = record
    for part in path[:-1]:
        node = node[part]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    assert errors(EVENT, record)


@pytest.mark.parametrize("name", ["actor", "target", "location", "acled_event_type", "mode",
                                  "date", "fatalities", "first_seen", "last_seen"])
def test_documented_nulls_are_accepted(name: str) -> None:
    record = complete_record()
    record[name] = None
    if name == "date":
        record["date_precision"] = None
    if name == "acled_event_type":
        record["acled_sub_event_type"] = None
    assert not errors(EVENT, record)


# (d) dead letters -------------------------------------------------------------------------


def dead_letter(exc: Exception, raw: bytes | None, key: bytes | None, offset: int,
                stage: str = "clean") -> DeadLetter:
    """Built as pipeline/app.py builds it from the message it could not process."""
    reason = dead_letter_reason(exc)
    assert reason is not None
    return DeadLetter(
        reason=reason, detail=str(exc)[:2000], stage=stage, topic="eventwire.articles.raw",
        partition=0, offset=offset, key=key.decode("utf-8", "replace") if key else None,
        value_b64=codec.b64(raw), extractor_version=EXTRACTOR_VERSION,
    )


RAW_FAULTS = [
    b"\xff\xfe{}",
    b"{not json",
    b"[1, 2]",
    b'{"id": "a"}',
    b'{"id": "a", "body": 5}',
    b'{"id": "a", "body": "' + b"x" * 2000 + b'"}',
    b'{"id": "a", "body": "   "}',
    None,
]


def test_dead_letters_validate_for_every_reason() -> None:
    letters: list[tuple[DeadLetter, bytes | None]] = []
    for offset, raw in enumerate(RAW_FAULTS):
        with pytest.raises(BadMessage) as info:
            codec.decode_article(raw, 1024)
        letters.append((dead_letter(info.value, raw, b"k\xff" if offset % 2 else None, offset),
                        raw))
    french = Article(id="fr-1", body="Des milliers de manifestants ont défilé samedi à Paris "
                                     "contre la réforme des retraites, selon les syndicats.")
    with pytest.raises(BadMessage) as info:
        clean(french)
    letters.append((dead_letter(info.value, b"{...}", b"fr-1", 90), b"{...}"))
    letters.append((dead_letter(KeyError("x" * 5000), b"{}", b"a", 91, "dedup"), b"{}"))
    assert {letter.reason for letter, _ in letters} == set(REASONS)
    for letter, raw in letters:
        as_dict = codec.to_dict(letter)
        assert not errors(DEADLETTER, as_dict), (letter.reason, errors(DEADLETTER, as_dict))
        assert base64.b64decode(as_dict["value_b64"], validate=True) == (raw or b"")


INVALID_LETTERS = [
    ("unknown reason", "reason", "oops"),
    ("unknown stage", "stage", "sink"),
    ("value not base64", "value_b64", "not base64!"),
    ("value base64 unpadded", "value_b64", "eyJ"),
    ("value missing", "value_b64", DELETE),
    ("negative offset", "offset", -1),
    ("partition as string", "partition", "0"),
    ("detail too long", "detail", "x" * 2001),
    ("extra field", "error", "x"),
    *[(f"{name} missing", name, DELETE) for name in field_names(DeadLetter)],
]


@pytest.mark.parametrize(("name", "value"),
                         [pytest.param(n, v, id=i) for i, n, v in INVALID_LETTERS])
def test_invalid_dead_letters_are_rejected(name: str, value: Any) -> None:
    letter = codec.to_dict(dead_letter(BadMessage("not_json", "x"), b"{", None, 7))
    assert not errors(DEADLETTER, letter)
    if value is DELETE:
        del letter[name]
    else:
        letter[name] = value
    assert errors(DEADLETTER, letter)


# the documentation's examples -------------------------------------------------------------


def test_the_examples_in_the_documentation_validate() -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text("utf-8"), flags=re.S)
    examples = [json.loads(block) for block in blocks]
    events = [e for e in examples if "event_id" in e]
    letters = [e for e in examples if "value_b64" in e]
    assert events and letters
    for example in events:
        assert not errors(EVENT, example), errors(EVENT, example)
    for example in letters:
        assert not errors(DEADLETTER, example), errors(DEADLETTER, example)
    first_cells = re.findall(r"^\| ([^|]+) \|", DOC.read_text("utf-8"), flags=re.M)
    documented = {name for cell in first_cells for name in re.findall(r"`([a-z_0-9]+)`", cell)}
    missing = set(field_names(EventRecord)) - documented
    assert not missing, f"fields not documented in {DOC.name}: {sorted(missing)}"
