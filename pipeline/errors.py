"""One error base class, and the one policy that decides dead-letter vs crash."""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error the pipeline raises on purpose."""


class BadMessage(EventwireError):
    """The message itself is unusable: it goes to the dead-letter topic, the worker goes on.

    ``reason`` is a short stable code (a metric label value); ``detail`` is for humans.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class UnsupportedLanguage(BadMessage):
    """An article in a language the extractor does not handle (kept on the dead-letter topic)."""

    def __init__(self, language: str) -> None:
        super().__init__("unsupported_language",
                         f"the article is in {language!r}; only English is extracted")
        self.language = language


class ModelUnavailable(EventwireError):
    """No spaCy model could be loaded: a deployment fault, not a message fault."""


# Reasons a message is dead-lettered. Kept closed so metric labels stay few.
REASONS = (
    "not_utf8",
    "not_json",
    "not_object",
    "missing_field",
    "wrong_type",
    "too_large",
    "empty_body",
    "unsupported_language",
    "processing_error",
)


def dead_letter_reason(exc: BaseException) -> str | None:
    """Return the dead-letter reason for ``exc``, or None when the worker must crash.

    Message faults and unexpected errors inside a stage on one message are dead-lettered
    (one poisoned article must not stop the stream); deployment faults and anything that is
    not an ``Exception`` (KeyboardInterrupt, MemoryError...) stop the worker, which restarts
    and resumes from its last committed offset.
    """
    if isinstance(exc, BadMessage):
        return exc.reason
    if isinstance(exc, (ModelUnavailable, MemoryError)):
        return None
    if isinstance(exc, Exception):
        return "processing_error"
    return None
