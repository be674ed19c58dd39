"""Language detection: English function words first, lingua for the rest.

lingua's low-accuracy mode (all languages, models loaded lazily, ~70 MB) misreads short English
sentences full of foreign names ("Kataib Hezbollah claimed a drone attack on Eilat." -> French),
so text whose words are often English function words is English without asking it.
"""

from __future__ import annotations

import re
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Below this many letters a guess is noise; such texts are taken as the message says.
MIN_LETTERS = 40
SAMPLE_CHARS = 2000
# Share of words that are English function words; running English news is at 0.3 or more.
ENGLISH_FUNCTION_SHARE = 0.10
# Short texts (headlines) are English unless lingua all but rules English out.
SHORT_LETTERS = 300
SHORT_ENGLISH_FLOOR = 0.02
_FUNCTION_WORDS = frozenset(
    "the a an of in on at to and or but is are was were be been has have had will would "
    "said says by for with from that this which who it its their they he she his her not "
    "as after against over into during s".split())  # "s": the possessive "'s"
_WORDS = re.compile(r"[^\W\d_]+")


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    words = _WORDS.findall(sample)
    if sum(len(w) for w in words) < MIN_LETTERS:
        return None
    if sum(w.lower() in _FUNCTION_WORDS for w in words) >= ENGLISH_FUNCTION_SHARE * len(words):
        return "en"
    detector = _detector()
    found = detector.detect_language_of(sample)
    if found is None:
        return None
    letters = sum(len(w) for w in words)
    if found is not Language.ENGLISH and letters < SHORT_LETTERS and \
            detector.compute_language_confidence(sample, Language.ENGLISH) >= SHORT_ENGLISH_FLOOR:
        return "en"
    return found.iso_code_639_1.name.lower()
