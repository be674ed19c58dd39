"""Offline `eventwire extract`: same stages, no Kafka, never stopped by a bad line."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import orjson

from pipeline.cli import read_articles
from pipeline.errors import BadMessage, dead_letter_reason
from pipeline.extract import extract_lines

REPO = Path(__file__).resolve().parents[2]
GOOD = orjson.dumps({"id": "g1", "published_at": "2024-05-02",
                     "body": "Houthi rebels fired two missiles at a tanker in the Red Sea."})


def test_bad_lines_are_reported_with_their_number_and_skipped(settings, nlp) -> None:  # type: ignore[no-untyped-def]
    lines = [b"not json", GOOD, b'{"id": 1}', b"", b'{"id": "x", "body": 5}', b"\xff\xfe",
             b'{"id": "deep", "body": "x", "title": ' + b"[" * 5000 + b"]" * 5000 + b"}", GOOD]
    errors = io.StringIO()
    records = list(extract_lines(lines, settings, nlp, errors))
    reported = errors.getvalue()
    for number in (1, 3, 5, 6, 7):
        assert f"line {number}: skipped" in reported, reported
    assert "line 2" not in reported and "line 8" not in reported
    assert records and all(r.article_id == "g1" for r in records)
    assert len({r.event_id for r in records}) == len(records)  # line 8 repeats line 2


def test_cli_extract_reads_and_writes_jsonl(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(p.read_bytes().strip()
                                  for p in sorted((REPO / "fixtures/articles").glob("*.json"))))
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--input", str(source),
                             "--output", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(records) >= 10
    assert {r["article_id"] for r in records} == {p.stem for p in
                                                 (REPO / "fixtures/articles").glob("*.json")}


def test_ingest_reads_jsonl_json_and_plain_text(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(GOOD + b"\nnot json\n")
    (tmp_path / "b.json").write_bytes(b'[{"id": "b1", "body": "x"}, {"id": "b2", "body": "y"}]')
    (tmp_path / "story.txt").write_text("Protesters rallied in Amman.")
    assert [k for k, _ in read_articles(tmp_path / "a.jsonl")] == [b"g1", None]
    assert [k for k, _ in read_articles(tmp_path / "b.json")] == [b"b1", b"b2"]
    [(key, value)] = list(read_articles(tmp_path / "story.txt"))
    assert key == b"story" and orjson.loads(value)["body"] == "Protesters rallied in Amman."


def test_one_policy_decides_dead_letter_or_crash() -> None:
    assert dead_letter_reason(BadMessage("not_json", "x")) == "not_json"
    assert dead_letter_reason(ValueError("bug on one message")) == "processing_error"
    assert dead_letter_reason(MemoryError()) is None
    assert dead_letter_reason(KeyboardInterrupt()) is None


def test_warm_up_loads_the_stages_and_freezes_what_lives_long(nlp) -> None:  # type: ignore[no-untyped-def]
    import gc

    from pipeline.extract import warm_up
    from pipeline.kb import load_kb

    try:
        warm_up(nlp)
        assert gc.get_freeze_count() > 0
        assert load_kb.cache_info().currsize == 1  # type: ignore[attr-defined]
    finally:
        gc.unfreeze()
