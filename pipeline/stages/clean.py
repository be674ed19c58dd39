"""clean(article) -> CleanArticle: normalise text, drop site chrome, keep captions, split
sentences."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from functools import cache

import ftfy
import spacy
from datasketch import MinHash
from spacy.language import Language

from pipeline.errors import BadMessage, UnsupportedLanguage
from pipeline.records import Article, CleanArticle, Sentence, SourceRef
from pipeline.stages.html import ExtractedHtml, extract_html, looks_like_html
from pipeline.stages.language import detect_language

ENGLISH = "en"
SIGNATURE_SIZE = 64

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2002": " ", "\u2003": " ", "\u3000": " ", "\t": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
        "\u2028": "\n", "\u2029": "\n", "\r": "\n",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",
    }
)
# Dashes used as punctuation become a spaced hyphen, so "attack—the" stays two words.
_DASH = re.compile(r"\s*[\u2013\u2014\u2015]\s*")
_RANGE_DASH = re.compile(r"(?<=\d)\u2013(?=\d)")
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*]|-(?=\s))\s*")
# Photo credits ending a caption: "(credit: REUTERS/X)", "(Name/AFP)", "(AP Photo/X)", "(AFP)".
_CREDIT = re.compile(
    r"\s*\((?:credit:\s*[^)]*|photo:\s*[^)]*|(?:AP|AFP|Reuters|EPA|Getty Images) Photo/[^()]*"
    r"|[^()]{0,80}/\s*(?:AFP|AP|Reuters|REUTERS|Getty|EPA|Anadolu|Xinhua|[A-Z][A-Za-z]+ ?Images"
    r"|[A-Z]{2,})[^()]*|AFP|AP|Reuters|REUTERS|Getty Images|EPA)\)\s*$",
    re.IGNORECASE,
)
# Site chrome: a whole line that is navigation, promotion or a newsroom tagline.
_CHROME_LINE = re.compile(
    r"^(?:most popular|most read|read more:?.*|related:?.*|week'?s top stories|top stories|"
    r"advertisement|share (?:this|on).*|click (?:here|to share).*|sign up.*|subscribe.*|"
    r"follow us.*|watch:.*|listen:.*|what to know:?|the statement:?|what does this mean\??|"
    r"(?:photo|image|video) credit:.*|recommended|more on this story|also read:?.*)$",
    re.IGNORECASE,
)
_TAGLINE = re.compile(
    r"(?:news reporting for \d+|editor-in-chief|all rights reserved|copyright \d{4}|"
    r"sign up for our|subscribe to our|newsletter|unbiased & unfiltered)",
    re.IGNORECASE,
)
_LEADING_JUNK = re.compile(r"^\(\s*-\s*")
# "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Reporting by ...; Editing by ...".
_BYLINE = re.compile(
    r"^(?:by|reporting by|writing by|editing by|additional reporting by)\s+"
    r"[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|and|&|in|,|;))*[.;,]?\s*(?:\w+\s*){0,6}$",
    re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^\s*(?:date|published|updated)[:\s]+(\d{4}-\d{2}-\d{2})\b\s*", re.I)
# Longer than any sentence of prose: cut (spaCy also refuses texts over a million characters).
MAX_SENTENCE_CHARS = 2000
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "SANAA, Yemen (AP) -", "DUBAI, Feb 7 (Meridian Wire) -", "WASHINGTON (AN) --": a place in
# capitals, maybe its country, maybe the day, maybe the agency, then a dash.
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*(?:, (?!{_MONTH_ABBR} \d)[A-Z][A-Za-z.' -]*?)?)"
    rf"(?:,? {_MONTH_ABBR} \d{{1,2}})?\s*(?:\([A-Z][\w&.' -]{{0,40}}\))?\s*(?:-{{1,2}}|–|—)\s+"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_PUBLISHED_TEXT = re.compile(
    rf"\b(?:published|updated|posted)(?: on)?:?\s+((?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}})", re.I
)
_WORD = re.compile(r"\w+")
# Unicode's control characters (category Cc: C0, DEL, C1) but the newline. One regex pass
# instead of asking unicodedata about every character of the body.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r" {2,}")


@cache
def _sentencizer() -> Language:
    # Rule-based splitting keeps clean cheap; the tokenizer knows abbreviations like "U.S.".
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # A block is at most the contract's body (1 MiB by default); the rule-based sentencizer
    # handles that much cheaply, unlike the parser whose limit this is.
    nlp.max_length = 20_000_000
    return nlp


def normalise(text: str) -> str:
    # ftfy repairs mojibake ("â€”" for a dash) before anything reads the text.
    text = ftfy.fix_text(text, normalization="NFC").translate(_TRANSLATE)
    text = _DASH.sub(" - ", _RANGE_DASH.sub("-", text))
    text = _CONTROL.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def clean(article: Article, ingested_at: float | None = None) -> CleanArticle:
    title = normalise(article.title).strip() if article.title else None
    published_date = _date_of(article.published_at)
    raw_lines = _raw_lines(article.body)
    if isinstance(raw_lines, ExtractedHtml):
        title = title or (normalise(raw_lines.title) if raw_lines.title else None)
        published_date = published_date or _date_of(raw_lines.date)
        raw_lines = [(normalise(line), caption) for line, caption in raw_lines.lines]
    blocks, found_date, dateline = _story_blocks(raw_lines, title)
    published_date = published_date or found_date
    if not blocks:
        raise BadMessage("empty_body", "nothing but boilerplate in the body")
    text, sentences = _split(blocks)
    language = detect_language(text) or (article.language or ENGLISH).lower()[:2]
    if language != ENGLISH:
        raise UnsupportedLanguage(language)
    words = _WORD.findall(text.lower())
    fingerprint = hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]
    return CleanArticle(
        # A date found in the text stands in for a missing published_at.
        ref=SourceRef(article.id, article.url, article.source,
                      article.published_at or published_date),
        title=title,
        text=text,
        sentences=tuple(sentences),
        fingerprint=fingerprint,
        signature=signature(words),
        published_date=published_date,
        dateline=dateline,
        ingested_at=ingested_at,
    )


def signature(words: list[str], shingle: int = 3) -> tuple[int, ...]:
    """MinHash (datasketch) of the word 3-shingles: the share of equal values estimates the
    Jaccard similarity of two bodies, which a byline, a headline or a tagline barely moves."""
    minhash = _empty_minhash().copy()
    shingles = {" ".join(words[i : i + shingle]) for i in range(max(len(words) - shingle + 1, 1))}
    minhash.update_batch([s.encode() for s in shingles])
    return tuple(int(v) for v in minhash.hashvalues)


@cache
def _empty_minhash() -> MinHash:
    # Building a MinHash draws its permutations anew each time; a copy of this one shares them.
    return MinHash(num_perm=SIGNATURE_SIZE, seed=1)


def _raw_lines(body: str) -> list[tuple[str, bool]] | ExtractedHtml:
    if looks_like_html(body):
        return extract_html(body)
    return [(line, False) for line in normalise(body).split("\n")]


def _story_blocks(raw_lines: list[tuple[str, bool]], title: str | None
                  ) -> tuple[list[tuple[str, bool]], str | None, str | None]:
    """The story's paragraphs (text, is_caption) without chrome; a date and dateline found."""
    published_date = dateline = None
    blocks: list[tuple[str, bool]] = []
    seen: set[str] = set()
    title_key = " ".join(_WORD.findall(title.lower())) if title else None
    for raw_line, known_caption in raw_lines:
        line = _BULLET.sub("", raw_line).strip()
        if not blocks:
            line = _LEADING_JUNK.sub("", line)
            match = _DATE_PREFIX.match(line)
            if match:
                published_date = match.group(1)
                line = line[match.end() :]
            match = _DATELINE.match(line)
            if match:
                dateline = match.group("place").strip().title()
                line = line[match.end() :]
        if not line or _CHROME_LINE.match(line) or _TAGLINE.search(line) or _BYLINE.match(line):
            continue
        if published_date is None:
            match = _PUBLISHED_TEXT.search(line)
            if match:
                published_date = _parse_long_date(match.group(1))
                if match.start() == 0 and len(line) - match.end() < 3:
                    continue  # a line that is only "Published March 15, 2024"
        caption = known_caption or bool(_CREDIT.search(line))
        line = _CREDIT.sub("", line).strip()
        key = " ".join(_WORD.findall(line.lower()))
        # Repeated captions and a headline repeated in the body say nothing new.
        if not key or key in seen or key == title_key:
            continue
        seen.add(key)
        blocks.append((line, caption))
    return blocks, published_date, dateline


def _split(blocks: list[tuple[str, bool]]) -> tuple[str, list[Sentence]]:
    text_parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    nlp = _sentencizer()
    for doc, (block, caption) in zip(nlp.pipe(b for b, _ in blocks), blocks, strict=True):
        for sent in doc.sents:
            # The block's own characters: what ``sent.text`` gives, without a Token per word.
            text = block[sent.start_char : sent.end_char]
            sent_text = text.strip()
            if not sent_text:
                continue
            start = offset + sent.start_char + len(text) - len(text.lstrip())
            for piece_start, piece in _pieces(sent_text):
                sentences.append(Sentence(len(sentences), start + piece_start,
                                          start + piece_start + len(piece), piece, caption))
        text_parts.append(block)
        offset += len(block) + 2  # blocks are joined by a blank line
    return "\n\n".join(text_parts), sentences


def _pieces(text: str) -> list[tuple[int, str]]:
    """A "sentence" longer than any real one (a table, a word repeated, markup debris) cut at
    spaces into pieces the NLP takes: (offset, piece)."""
    pieces = []
    at = 0
    while len(text) - at > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", at, at + MAX_SENTENCE_CHARS)
        cut = cut if cut > at else at + MAX_SENTENCE_CHARS
        pieces.append((at, text[at:cut]))
        at = cut + (text[cut : cut + 1] == " ")
    pieces.append((at, text[at:]))
    return [(start, piece) for start, piece in pieces if piece.strip()]


def _date_of(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


def _parse_long_date(text: str) -> str | None:
    try:
        return datetime.strptime(re.sub(r"\s+", " ", text), "%B %d, %Y").date().isoformat()
    except ValueError:
        return None
