"""ui.plain: file text shown as text under a CommonMark renderer, links only from checked
http(s) addresses (property tests with markdown-it-py standing in for the browser's renderer)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ui.plain import link, safe_url, text

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TAG = re.compile(r"<[^>]+>")

HOSTILE = [
    "![p](http://host/t.png)",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ `code` ~~del~~ $x^2$ :red[colour] :material/home:",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "| a | b |\n|---|---|",
    "http://bare.example/x www.example.org",
    "a\\*b\\",
    "<http://auto.link>",
    "&amp; &#x41;",
]


def _rendered(markdown: str) -> str:
    return MD.render(markdown)


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
@settings(max_examples=300)
def test_any_text_renders_as_itself_with_no_markup(value: str) -> None:
    out = _rendered(text(value))
    tags = {t for t in _TAG.findall(out) if t not in ("<p>", "</p>", "<br />")}
    assert not tags, (value, out)
    shown = html.unescape(_TAG.sub("", out)).replace("\u2060", "")  # the word joiners
    assert " ".join(shown.split()) == " ".join(value.replace("\x00", "\ufffd").split())


def test_the_probes_strings_render_as_text() -> None:
    for value in HOSTILE:
        out = _rendered(text(value))
        assert "<img" not in out and "<a " not in out and "<strong" not in out, out


@given(st.text(max_size=60))
def test_safe_url_gives_an_http_address_without_link_breaking_characters_or_none(value) -> None:
    url = safe_url(value)
    if url is None:
        return
    assert re.match(r"^https?://", url, re.I)
    assert not set(url) & set(' \t\r\n()<>"[]\\`{}|^')


def test_bare_addresses_are_not_left_for_an_autolinker() -> None:
    # Streamlit's renderer links bare addresses even with their punctuation escaped.
    for value in ("see http://evil.test/x", "www.evil.test", "mail me@evil.test", "HTTPS://E.T"):
        escaped = text(value)
        assert not re.search(r"(?i)(https?|ftp)\\?:|www\\?\.|\w\\?@\w", escaped), escaped


def test_a_title_and_address_with_a_parenthesis_do_not_break_out() -> None:
    out = _rendered(
        link(
            "Title](http://evil/) ![x](http://evil/i.png)", "https://a.org/x)![i](http://evil/i.png"
        )
    )
    assert out.count("<a ") == 1 and "<img" not in out, out
    assert 'href="https://a.org/x%29!%5Bi%5D%28http://evil/i.png"' in out


def test_only_http_addresses_become_links() -> None:
    for url in (
        "javascript:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "seed:x.pdf",
        "http://user@evil.test/",
        "https://",
        "http://a b.org/",
    ):
        assert safe_url(url) is None, url
        assert "<a " not in _rendered(link("t", url)), url
    assert safe_url("https://hanoi.gov.vn/a?b=1&c=2#d") == "https://hanoi.gov.vn/a?b=1&c=2#d"
