"""A message as a code and the values it is made from, beside its English sentence.

The command line prints the English sentence (its JSON carries it as ``message``); the app
words the same code and values in the reader's language from its own templates
(``ui/texts/problems.py``). So every sentence the ingest writes is built once, in English,
where it is found, and carries the code and the values a translation needs: the English
template of the code, filled in with the values, gives back the sentence exactly (a test
holds them together).

A value is a string (quoted file text, names, pre-joined lists of numbers), a number, a
tuple (a list the template joins in its own language) or another :class:`Phrase` (a part
of a sentence: where it is, a reason, a cut quotation), worded the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Args", "Phrase", "cut", "phrase"]

#: A message's values: (name, value) pairs, hashable so that a frozen problem stays hashable.
Args = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Phrase:
    """A sentence or a part of one: ``code`` names its template, ``text`` is its English.

    ``str()`` gives the English, so a phrase drops into an English f-string unchanged.

    Examples
    --------
    >>> p = phrase("file.empty", "t.csv is empty", file="t.csv")
    >>> str(p), p.code, p.values
    ('t.csv is empty', 'file.empty', {'file': 't.csv'})
    """

    code: str
    text: str
    args: Args = ()

    def __str__(self) -> str:
        return self.text

    @property
    def values(self) -> dict[str, object]:
        """The arguments by name."""
        return dict(self.args)


def phrase(code: str, text: str, /, **values: object) -> Phrase:
    """A :class:`Phrase` of ``code`` whose English is ``text``, made from ``values``.

    Examples
    --------
    >>> phrase("where.row", "row 9", row=9).args
    (('row', 9),)
    """
    return Phrase(code, text, tuple(values.items()))


def cut(text: object, limit: int = 40) -> str | Phrase:
    """A cell quoted as :func:`analysis.ingest.text.shorten` quotes it, as a message value.

    Short text stays a string (quoted as it is in the file); a cut one becomes a phrase,
    since the length note after it ("… (100,000 characters)") is words of ours.

    Examples
    --------
    >>> cut("Ba Đình")
    'Ba Đình'
    >>> c = cut("x" * 100_000, 5)
    >>> str(c), c.values
    ('xxxxx… (100,000 characters)', {'head': 'xxxxx', 'length': 100000})
    """
    text = str(text)
    if len(text) <= limit:
        return text
    return phrase(
        "text.cut",
        f"{text[:limit]}… ({len(text):,} characters)",
        head=text[:limit],
        length=len(text),
    )
