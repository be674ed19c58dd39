"""`python -m pipeline.calibrate` (run by `make train`): confidence that means something.

The raw confidence (the rule's evidence blended with the classifier's probability) is mapped
to the precision observed at that confidence on the odd-numbered items of the team's dev set
(fixtures/dev); `eventwire eval` checks the calibration on the even-numbered ones.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from pipeline import calibration
from pipeline.evaluate import REPO, REPORTED, dev_line
from pipeline.extract import final_records
from pipeline.nlp import load_nlp
from pipeline.settings import Settings

BINS = 8


def dev_predictions(path: Path, settings: Settings, nlp: Any, half: int
                    ) -> list[tuple[float, bool]]:
    """(confidence, right?) of every record the extractor makes for the dev items of one half
    (0: even, 1: odd); right when a reported gold event of the item has its type."""
    pairs = []
    items = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    for item in items[half::2]:
        wanted = [g["event_type"] for g in item["events"] if g["modality"] in REPORTED]
        for record in final_records([dev_line(item)], settings, nlp):
            right = record.event_type in wanted
            if right:
                wanted.remove(record.event_type)
            pairs.append((record.confidence, right))
    return pairs


def fit(pairs: list[tuple[float, bool]], bins: int = BINS) -> dict[str, list[float]]:
    """Equal-count bins of raw confidence, their precision made monotone (pool adjacent
    violators: a higher raw confidence never means a lower precision)."""
    pairs = sorted(pairs)
    size = max(len(pairs) // bins, 1)
    groups = [pairs[i : i + size] for i in range(0, len(pairs), size)]
    blocks = [[sum(c for c, _ in g) / len(g), sum(ok for _, ok in g), len(g)] for g in groups]
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and merged[-2][1] / merged[-2][2] > merged[-1][1] / merged[-1][2]:
            right = merged.pop()
            left = merged.pop()
            n = left[2] + right[2]
            merged.append([(left[0] * left[2] + right[0] * right[2]) / n, left[1] + right[1], n])
    return {"confidence": [round(b[0], 4) for b in merged],
            "precision": [round(b[1] / b[2], 4) for b in merged],
            "support": [int(b[2]) for b in merged]}


def reliability(pairs: list[tuple[float, bool]], edges: Iterable[float] = (0.4, 0.6, 0.8)
                ) -> tuple[list[tuple[str, int, float, float]], float]:
    """Rows (bin, n, mean confidence, precision) and the expected calibration error."""
    cuts = [0.0, *edges, 1.01]
    rows = []
    error = 0.0
    for low, high in pairwise(cuts):
        inside = [(c, ok) for c, ok in pairs if low <= c < high]
        if not inside:
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        precision = sum(ok for _, ok in inside) / len(inside)
        rows.append((f"{low:.1f}-{min(high, 1.0):.1f}", len(inside), mean, precision))
        error += len(inside) / len(pairs) * abs(mean - precision)
    return rows, error


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.calibrate", description=__doc__)
    parser.add_argument("--dev", type=Path, default=REPO / "fixtures/dev/acled_dev.jsonl")
    args = parser.parse_args(list(argv) if argv is not None else None)
    settings = Settings.from_env()
    calibration.ENABLED = False
    pairs = dev_predictions(args.dev, settings, load_nlp(settings), half=1)
    table = fit(pairs)
    calibration.calibration_path().write_text(json.dumps(table, indent=1) + "\n")
    print(f"{len(pairs)} predictions on the odd dev items; raw -> precision: "
          + ", ".join(f"{c:.2f}->{p:.2f}" for c, p in zip(table["confidence"],
                                                           table["precision"], strict=True)))
    return 0


def check(dev: Path = REPO / "fixtures/dev/acled_dev.jsonl") -> None:
    """Reliability of the calibrated confidence on the even dev items (not fitted on)."""
    settings = Settings.from_env()
    pairs = dev_predictions(dev, settings, load_nlp(settings), half=0)
    rows, error = reliability(pairs)
    print(f"## Confidence calibration, checked on the {len(pairs)} records of the even dev "
          "items (fitted on the odd ones)\n")
    print("| confidence | records | mean confidence | precision |\n|---|---|---|---|")
    for label, n, mean, precision in rows:
        print(f"| {label} | {n} | {mean:.2f} | {precision:.2f} |")
    print(f"\nexpected calibration error: {error:.3f}\n")


if __name__ == "__main__":
    raise SystemExit(main())


