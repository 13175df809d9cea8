"""Text from files and command-line arguments, shown as text: never Markdown, never HTML.

Streamlit renders Markdown in ``st.markdown``, ``st.caption``, ``st.info``/``warning``/
``error``/``success``, ``st.write`` of a string, and in labels: a unit cell or a sheet name
``![p](http://host/t.png)`` would make the reader's browser fetch that address, and bold,
colours, icons and LaTeX would render. Everything that comes from an uploaded file, a seed
written by an import (source titles and addresses) or a database message goes through
:func:`text` before it meets Markdown, and links are made only by :func:`link` from addresses
:func:`safe_url` accepts.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

__all__ = ["link", "safe_url", "text"]

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; escaping them all turns
# off images, links, emphasis, code, HTML, tables, headings, lists, LaTeX ($), colour and
# directive syntax (:red[…]) and bare-address autolinks (http\:// no longer matches).
_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# Characters kept as they are in an address; everything else (")", "]", "<", quotes, spaces)
# is percent-encoded so it cannot end a Markdown link or an HTML attribute.
_URL_SAFE = "/:?#&=%+~,;@-._!$*'"
# Bare addresses become links in the browser's renderer (GFM autolinks) even with their
# punctuation escaped: a word joiner (U+2060, invisible) after the scheme, "www" and "@"
# breaks the pattern without changing what the reader sees.
_AUTOLINK = re.compile(r"(?i)(\b(?:https?|ftp|mailto|www)(?=[:.])|@)")
_WJ = "\u2060"


def text(value: object) -> str:
    """``value`` as it is written, for any element that renders Markdown.

    Line breaks are kept as Markdown line breaks; nothing in the text is interpreted, and a
    bare address is not turned into a link (an invisible word joiner follows its scheme).

    Examples
    --------
    >>> text("![p](http://host/t.png)").replace("\\u2060", "")
    '\\\\!\\\\[p\\\\]\\\\(http\\\\:\\\\/\\\\/host\\\\/t\\\\.png\\\\)'
    >>> text("Ba Đình")
    'Ba Đình'
    """
    s = "" if value is None else str(value)
    s = _AUTOLINK.sub(lambda m: m.group(1) + _WJ, s)
    s = _PUNCT.sub(r"\\\1", s)
    # Lines stripped: leading spaces or a tab would start a code block.
    return "  \n".join(line.strip() for line in s.splitlines())


def safe_url(url: object) -> str | None:
    """An http(s) address fit for a link (special characters percent-encoded), else None.

    Refused: other schemes (``javascript:``, ``data:``, ``file:``, ``seed:``), no host,
    a user name in the address (``http://bank@evil``), spaces and control characters.

    Examples
    --------
    >>> safe_url("https://example.org/a_(b).pdf")
    'https://example.org/a_%28b%29.pdf'
    >>> safe_url("javascript:alert(1)") is None, safe_url("http://x@evil.test/") is None
    (True, True)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if "@" in parts.netloc:
        return None
    return quote(url, safe=_URL_SAFE)


def link(label: object, url: object) -> str:
    """A Markdown link with an escaped label when ``url`` is a safe address, else the label
    and the address as plain text.

    Examples
    --------
    >>> link("Báo cáo", "https://example.org/x)![i](http://evil/i.png")
    '[Báo cáo](https://example.org/x%29!%5Bi%5D%28http://evil/i.png)'
    >>> link("t", "file:x.csv")
    't (file\\\\:x\\\\.csv)'
    """
    href = safe_url(url)
    if href is None:
        shown = text(label)
        return f"{shown} ({text(url)})" if url and str(url) != str(label) else shown
    # Inside a link destination only ")" and "<" matter, and they are encoded by safe_url.
    return f"[{text(label)}]({href.replace('(', '%28').replace(')', '%29')})"
