"""JSON Schemas (draft 2020-12) of the records on the sink topics, shipped with the package.

``load_schema("event")`` is the contract of the ``events`` topic, ``load_schema("deadletter")``
that of ``deadletter``; docs/event-record.md explains them field by field.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

NAMES = ("event", "deadletter")


def load_schema(name: str) -> dict[str, Any]:
    """Return the schema ``<name>.schema.json`` as a dict (a fresh copy on every call)."""
    if name not in NAMES:
        raise ValueError(f"unknown schema {name!r}; expected one of {', '.join(NAMES)}")
    text = resources.files(__name__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
