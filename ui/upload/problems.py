"""A problem of an uploaded table in the reader's language, from its code and values."""

from __future__ import annotations

import numbers
import string

from analysis.ingest.phrase import Phrase
from analysis.ingest.reader import Problem
from ui.i18n import lang, vi_marks
from ui.texts.problems import JOINS, PROBLEMS

__all__ = ["phrase_text", "problem_text"]


class _Wording(string.Formatter):
    """Fills a template in one language: phrases worded, lists joined, numbers localised."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, Phrase):
            return phrase_text(value, self.language)
        if isinstance(value, tuple):
            vi, en = JOINS[format_spec]
            joiner = vi if self.language == "vi" else en
            return joiner.join(self.format_field(v, "") for v in value)
        text = format(value, format_spec)
        if (
            self.language == "vi"
            and isinstance(value, numbers.Real)
            and not isinstance(value, bool)
        ):
            # 5,000,000 and 7.2 are 5.000.000 and 7,2 in Vietnamese (as ui.i18n.num writes them);
            # a year or a row number has neither mark.
            text = vi_marks(text)
        return text


def phrase_text(said: Phrase, language: str) -> str:
    """``said`` in ``language`` ("vi" or "en"); its English text when its code has no template."""
    pair = PROBLEMS.get(said.code)
    if pair is None:
        return said.text
    template = pair[0] if language == "vi" else pair[1]
    try:
        return _Wording(language).vformat(template, (), said.values)
    except (KeyError, IndexError, ValueError, TypeError):
        # A template out of step with its site: the English sentence rather than nothing.
        return said.text


def problem_text(problem: Problem, language: str | None = None) -> str:
    """The problem's message in the reader's language (``language`` or the session's)."""
    return phrase_text(problem.phrase, language or lang())
