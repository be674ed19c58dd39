"""Calibrated confidence at run time: the table `python -m pipeline.calibrate` fits."""

from __future__ import annotations

import json
from functools import cache
from itertools import pairwise
from pathlib import Path

from pipeline.textcat import model_path


def calibration_path() -> Path:
    return model_path().parent / "calibration.json"


@cache
def _table() -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    path = calibration_path()
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return tuple(data["confidence"]), tuple(data["precision"])


# Fitting the table switches it off to see the raw confidence.
ENABLED = True


def calibrated(raw: float) -> float:
    """Piecewise-linear map from raw confidence to observed precision (identity untrained)."""
    table = _table() if ENABLED else None
    if table is None:
        return raw
    xs, ys = table
    if raw <= xs[0]:
        return ys[0]
    for (x0, y0), (x1, y1) in pairwise(zip(xs, ys, strict=True)):
        if raw <= x1:
            return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0 or 1.0), 3)
    return ys[-1]
