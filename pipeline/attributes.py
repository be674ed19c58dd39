"""The model's attribute ruler (tag -> POS and morphology, plus exceptions), with its one-token
patterns looked up in dicts instead of run through a Matcher.

In en_core_web_sm 157 of the ruler's 179 patterns are one token matched on TAG and/or LOWER;
the Matcher tried every one at every token and cost as much as the parser in the link stage.
The other patterns (dependencies, two tokens, NOT_IN ...) stay in a Matcher. Matches are
applied in the stock order (pattern index: later rules win), so the output is the stock
ruler's (checked token by token in tests/unit/test_attributes.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import normalize_token_attrs
from spacy.tokens import Doc

LOOKUP_ATTRIBUTE_RULER = "eventwire_attribute_ruler"
_LOOKUP_KEYS = ("LOWER", "TAG")


class LookupAttributeRuler(AttributeRuler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (LOWER or None, TAG or None) -> pattern indices, in order
        self._lookup: dict[tuple[str | None, str | None], list[int]] = {}
        self._keys: list[int] = []  # pattern index -> its match id
        self._added: list[dict[str, Any]] = []

    def add(self, patterns: Iterable[list[dict[Any, Any]]], attrs: dict[str, Any],
            index: int = 0) -> None:
        patterns = list(patterns)
        attr_id = len(self.attrs)
        key = self.vocab.strings.add(str(attr_id))
        rest: list[list[dict[str, Any]]] = []
        for pattern in patterns:
            values = _lookup_values(pattern)
            if values is None:
                rest.append(pattern)
                continue
            for lower, tag in values:
                self._lookup.setdefault((lower, tag), []).append(attr_id)
        if rest:
            self.matcher.add(key, rest)
        self._keys.append(key)
        self._added.append({"patterns": patterns, "attrs": attrs, "index": index})
        self._attrs_unnormed.append(attrs)
        self.attrs.append(normalize_token_attrs(self.vocab, attrs))
        self.indices.append(index)

    @property
    def patterns(self) -> list[dict[str, Any]]:
        return list(self._added)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = {(int(self.vocab.strings[m]), m, s, e)
                 for m, s, e in self.matcher(doc, allow_missing=True, as_spans=False)}
        lookup = self._lookup
        for tok in doc:
            lower, tag = tok.lower_, tok.tag_
            for probe in ((lower, tag), (lower, None), (None, tag)):
                for attr_id in lookup.get(probe, ()):
                    found.add((attr_id, self._keys[attr_id], tok.i, tok.i + 1))
        return sorted(found)


def _lookup_values(pattern: list[dict[Any, Any]]) -> list[tuple[str | None, str | None]] | None:
    """The (LOWER, TAG) pairs a one-token pattern on LOWER and/or TAG matches, else None."""
    if len(pattern) != 1 or not pattern[0] or set(pattern[0]) - set(_LOOKUP_KEYS):
        return None
    options: list[list[str | None]] = []
    for attr in _LOOKUP_KEYS:
        value = pattern[0].get(attr)
        if value is None:
            options.append([None])
        elif isinstance(value, str):
            options.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"} and \
                all(isinstance(v, str) for v in value["IN"]):
            options.append(list(value["IN"]))
        else:
            return None
    return [(lower, tag) for lower, tag in product(*options)]


@Language.factory(LOOKUP_ATTRIBUTE_RULER, default_config={"validate": False, "scorer": None})
def make_lookup_attribute_ruler(nlp: Language, name: str, validate: bool,
                                scorer: Any) -> LookupAttributeRuler:
    return LookupAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def use_lookup_attribute_ruler(nlp: Language) -> None:
    """Swap the model's attribute ruler for the lookup one, with the same patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    stock = nlp.get_pipe("attribute_ruler")
    if isinstance(stock, LookupAttributeRuler) or not isinstance(stock, AttributeRuler):
        return
    patterns = stock.patterns
    nlp.replace_pipe("attribute_ruler", LOOKUP_ATTRIBUTE_RULER)
    lookup = nlp.get_pipe("attribute_ruler")
    assert isinstance(lookup, LookupAttributeRuler)
    lookup.add_patterns(patterns)
