"""Run spaCy over the sentences of several articles at once, as cheaply as the link stage allows.

Three savings, each measured by `make bench` (README "Benchmarks"):
- one Doc per article, not one per sentence: spaCy's cost per Doc is high for the 15-30-token
  docs sentences make; the sentences are joined with their boundaries fixed (the parser keeps
  them) and cut apart again afterwards;
- the tagger, parser, attribute ruler and lemmatizer only run on sentences that may hold an
  event or refer back to an actor (the trigger pre-filter): nothing downstream reads a parse
  of the others, which need only their names (NER and the KB ruler);
- the articles of a batch go through ``nlp.pipe`` together.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.stages import coref
from pipeline.tagfix import TAG_REPAIR
from pipeline.taxonomy import load_taxonomy

# What a sentence outside the pre-filter skips: everything that builds or reads the parse.
# The NER model has its own embedding layer, so it runs without the shared tok2vec.
_PARSE_ONLY = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter",
               TAG_REPAIR)


def wants_parse(text: str) -> bool:
    """Whether a sentence may hold an event or refer back to an actor (cheap word lookups)."""
    return load_taxonomy().may_hold_event(text) or coref.may_refer(text)


def analyse(nlp: Language, articles: Sequence[Sequence[str]], batch_size: int = 8
            ) -> list[list[Doc]]:
    """One Doc per sentence, for every article: parsed where `wants_parse`, else names only."""
    wanted = [[wants_parse(text) for text in texts] for texts in articles]
    parsed = _run(nlp, articles, wanted, True, batch_size, ())
    skipped = tuple(p for p in _PARSE_ONLY if p in nlp.pipe_names)
    names_only = _run(nlp, articles, wanted, False, batch_size, skipped)
    out = []
    for flags, full, rest in zip(wanted, parsed, names_only, strict=True):
        full_it, rest_it = iter(full), iter(rest)
        out.append([next(full_it) if flag else next(rest_it) for flag in flags])
    return out


def _run(nlp: Language, articles: Sequence[Sequence[str]], wanted: list[list[bool]],
         flag: bool, batch_size: int, disable: tuple[str, ...]) -> list[list[Doc]]:
    """The sentences whose flag is ``flag``, one joined Doc per article, split again."""
    pieces = [[nlp.make_doc(t) for t, w in zip(texts, flags, strict=True) if w == flag]
              for texts, flags in zip(articles, wanted, strict=True)]
    joined = [_join(nlp, docs) for docs in pieces]
    done = nlp.pipe((d for d in joined if d is not None), batch_size=batch_size,
                    disable=list(disable))
    out: list[list[Doc]] = []
    for docs, doc in zip(pieces, joined, strict=True):
        out.append(_split(next(done), docs) if doc is not None else [])
    return out


def _join(nlp: Language, docs: list[Doc]) -> Doc | None:
    """The sentences as one Doc; each sentence starts a sentence, its other tokens are left to
    the parser (as when it parsed the sentence alone). Empty sentences have no tokens."""
    if not any(len(d) for d in docs):
        return None
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | int | None] = []
    for doc in docs:
        for tok in doc:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
            starts.append(True if tok.i == 0 else None)
    return Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)


def _split(doc: Doc, docs: list[Doc]) -> list[Doc]:
    """Cut the processed Doc back into its sentences. A name the model ran across a sentence
    boundary is dropped (``as_doc`` drops a name cut at either end): a sentence's names are
    its own."""
    bounds = []
    start = 0
    for piece in docs:
        bounds.append((start, start + len(piece)))
        start += len(piece)
    head = list(doc._get_array_attrs())
    array = doc.to_array(head)  # once: as_doc would build it again for every sentence
    # (spaCy's stubs lack as_doc's array arguments.)
    return [doc[a:b].as_doc(array_head=tuple(head), array=array)  # type: ignore[call-arg]
            if b > a else piece for (a, b), piece in zip(bounds, docs, strict=True)]
