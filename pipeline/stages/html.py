"""Main text of an HTML body, by trafilatura (boilerplate removal that regexes over tags
cannot match), with its captions and metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

_HTML_HINT = re.compile(
    r"<(?:html|body|head|p|div|article|section|main|br|span|h[1-6]|figure|figcaption|ul|li)\b"
    r"[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class ExtractedHtml:
    lines: list[tuple[str, bool]]  # (text, is_caption)
    title: str | None
    date: str | None


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT.findall(text[:20000])) >= 2


def extract_html(html: str) -> ExtractedHtml:
    document = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                           with_metadata=True, favor_precision=True)
    text = getattr(document, "text", None) or ""
    lines = [(line, False) for line in text.split("\n") if line.strip()]
    # trafilatura drops figure captions, which often report the event itself.
    lines.extend((caption, True) for caption in _captions(html) if caption not in text)
    return ExtractedHtml(lines, getattr(document, "title", None) or None,
                         getattr(document, "date", None) or None)


def _captions(html: str) -> list[str]:
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    captions = []
    for node in tree.iter("figcaption"):
        text = " ".join(node.text_content().split())
        if text and text not in captions:
            captions.append(text)
    return captions
