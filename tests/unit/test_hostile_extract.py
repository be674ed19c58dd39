"""The offline extractor survives the hostile corpus line by line: bad lines are reported
with their number and reason, good articles still give their events."""

from __future__ import annotations

import io

from pipeline.extract import extract_lines
from pipeline.settings import Settings
from tests.hostile_corpus import good_messages, interleaved


def test_extract_survives_the_hostile_corpus(nlp) -> None:  # type: ignore[no-untyped-def]
    # One input per line, as a backfill file has them (newlines inside a value split it,
    # which is one more way for a line to be bad).
    lines = [value.replace(b"\n", b" ") for _, value in interleaved()]
    errors = io.StringIO()
    records = list(extract_lines(lines, Settings(), nlp, errors))
    report = errors.getvalue().splitlines()
    assert len(report) >= 100  # most hostile lines are refused ...
    assert all(line.startswith("line ") and ": skipped: " in line for line in report)
    # ... with a reason the input contract names, never an unexplained crash.
    assert not [line for line in report if "processing_error" in line]
    # Every event the good articles give alone is there, among the hostile lines too.
    alone = list(extract_lines([v for _, v in good_messages()], Settings(), nlp, io.StringIO()))
    expected = {(r.event_type, r.article_id, r.sentence) for r in alone}
    assert expected and expected <= {(r.event_type, r.article_id, r.sentence) for r in records}
