"""The one module that owns orjson: records to JSON bytes and back, and input validation."""

from __future__ import annotations

import base64
import dataclasses
import operator
import types
import typing
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any, TypeVar, cast

import orjson

from pipeline.errors import BadMessage
from pipeline.records import Article, Token

T = TypeVar("T")

REQUIRED_FIELDS = ("id", "body")
OPTIONAL_FIELDS = ("title", "url", "source", "published_at", "language")
MAX_ID_CHARS = 512


# Records with very many instances per message travel as arrays of their field values, in
# field order, rather than as objects: the token table of an article is ~5x smaller that way.
COMPACT = (Token,)
_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS


def encode(record: Any) -> bytes:
    """Serialise a record (dataclasses nest; tuples become lists)."""
    return orjson.dumps(record, default=_default, option=_OPTIONS)


def _default(obj: Any) -> Any:
    # Called once per record and token (tens of thousands per linked article): the field
    # getter is built once per class rather than asking `dataclasses.fields` every time.
    to_plain = _TO_PLAIN.get(type(obj))
    if to_plain is None:
        to_plain = _TO_PLAIN[type(obj)] = _to_plain(type(obj))
    return to_plain(obj)


_TO_PLAIN: dict[type, Callable[[Any], Any]] = {}


def _to_plain(cls: type) -> Callable[[Any], Any]:
    if not dataclasses.is_dataclass(cls):
        def refuse(obj: Any) -> Any:
            raise TypeError(f"cannot serialise {cls.__name__}")
        return refuse
    names = tuple(f.name for f in dataclasses.fields(cls))
    # attrgetter of one name gives the value itself, not a 1-tuple.
    values = operator.attrgetter(*names) if len(names) > 1 else \
        (lambda obj: (getattr(obj, names[0]),))
    if cls in COMPACT:
        return values  # a tuple: orjson writes it as the same array as a list
    return lambda obj: dict(zip(names, values(obj), strict=True))


def to_dict(record: Any) -> dict[str, Any]:
    result: dict[str, Any] = orjson.loads(encode(record))
    return result


def decode(cls: type[T], data: bytes | str | dict[str, Any]) -> T:
    """Build a record of type ``cls`` from its JSON form (trusted: our own topics)."""
    obj = orjson.loads(data) if isinstance(data, (bytes, str)) else data
    built: T = _builder(cast(Any, cls))(obj)
    return built


@cache
def _builder(tp: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        cls: Any = tp
        hints = typing.get_type_hints(tp)
        parts = [(f.name, _builder(hints[f.name])) for f in dataclasses.fields(tp)]

        if cls in COMPACT:
            if all(build is _as_is for _, build in parts):
                # A token's fields are plain values: nothing to build, and a token table has
                # tens of thousands of rows. A row of the wrong length fails as before.
                return lambda values: cls(*_check_length(values, len(parts)))
            return lambda values: cls(*(build(v) for (_, build), v in zip(parts, values,
                                                                          strict=True)))

        def build_dataclass(obj: dict[str, Any]) -> Any:
            return cls(**{name: build(obj[name]) for name, build in parts if name in obj})

        return build_dataclass
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        build_inner = _builder(inner[0]) if len(inner) == 1 else _as_is
        if build_inner is _as_is:
            return _as_is  # None is None either way
        return lambda v: None if v is None else build_inner(v)
    if origin is tuple:
        build_item = _builder(typing.get_args(tp)[0])
        if build_item is _as_is:
            return tuple
        return lambda v: tuple(build_item(x) for x in v)
    return _as_is


def _as_is(value: Any) -> Any:
    return value


def _check_length(values: list[Any], length: int) -> list[Any]:
    if len(values) != length:
        raise ValueError(f"expected {length} values, got {len(values)}")
    return values


def decode_article(raw: bytes | None, max_bytes: int) -> Article:
    """Validate an input message against the contract; raise :class:`BadMessage` if it fails."""
    if raw is None:
        raise BadMessage("empty_body", "message has no value")
    if len(raw) > max_bytes:
        raise BadMessage("too_large", f"message is {len(raw)} bytes, limit is {max_bytes}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadMessage("not_utf8", f"invalid UTF-8 at byte {exc.start}") from exc
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise BadMessage("not_json", str(exc)) from exc
    return article_from_obj(obj)


def article_from_obj(obj: Any) -> Article:
    if not isinstance(obj, dict):
        raise BadMessage("not_object", f"expected a JSON object, got {type(obj).__name__}")
    for name in REQUIRED_FIELDS:
        if name not in obj or obj[name] is None:
            raise BadMessage("missing_field", f"required field {name!r} is missing")
    article_id = obj["id"]
    # Numeric ids are common in wire feeds; accept them as their decimal text.
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id.strip():
        raise BadMessage("wrong_type", "field 'id' must be a non-empty string")
    if len(article_id) > MAX_ID_CHARS:
        raise BadMessage("wrong_type", f"field 'id' is longer than {MAX_ID_CHARS} characters")
    body = obj["body"]
    if not isinstance(body, str):
        raise BadMessage("wrong_type", f"field 'body' must be a string, got {type(body).__name__}")
    if not body.strip():
        raise BadMessage("empty_body", "field 'body' is empty")
    optional: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise BadMessage("wrong_type", f"field {name!r} must be a string or null")
        optional[name] = value or None
    if optional["published_at"] is not None:
        optional["published_at"] = _check_iso8601(optional["published_at"])
    return Article(id=article_id.strip(), body=body, **optional)


def _check_iso8601(value: str) -> str:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadMessage("wrong_type", f"published_at {value!r} is not ISO 8601") from exc
    return value


def b64(data: bytes | None) -> str:
    return base64.b64encode(data or b"").decode("ascii")
