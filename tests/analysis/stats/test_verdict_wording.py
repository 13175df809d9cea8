"""Every verdict of the change analysis avoids the phrasings that over-claim.

For every pair of years of the demo panel, in both orders, every indicator and both
languages, the verdict must not read a p-value as the probability of chance, claim proof,
or call a change across a change of method real or rare.
"""

from __future__ import annotations

import itertools
import re

import pytest

from analysis.stats.change import FORBIDDEN_PHRASES, verdict, yoy_table
from analysis.warehouse.store import Store

#: Beyond FORBIDDEN_PHRASES: what may not be said when the years used different methods.
_NOT_ACROSS_METHODS = {
    "en": ("would be rare", "real change in", "the change is real"),
    "vi": ("hiếm khi xảy ra",),
}


def _forbidden(text: str) -> list[str]:
    low = text.lower()
    # Word-boundary match, so "prove" does not hit "improve".
    return [p for p in FORBIDDEN_PHRASES if re.search(rf"(?<!\w){re.escape(p)}", low)]


@pytest.fixture(scope="module")
def demo_verdicts(built_db):
    store = Store(built_db)
    panel = store.panel("demo")
    years = sorted(int(y) for y in panel["year"].unique())
    out = []
    for year_a, year_b in itertools.permutations(years, 2):
        # mc_target large: the verdict does not use the bootstrap, so draw it once only
        table = yoy_table(panel, year_a, year_b, n_boot=200, mc_target=10.0)
        for row in table.to_dict("records"):
            for lang in ("vi", "en"):
                out.append((year_a, year_b, row, lang, verdict(row, lang)))
    return out


def test_the_demo_panel_gives_every_year_pair(demo_verdicts):
    pairs = {(a, b) for a, b, *_ in demo_verdicts}
    assert len(pairs) == 30  # 6 years, both orders
    assert len(demo_verdicts) == 30 * 9 * 2


def test_no_verdict_uses_a_forbidden_phrasing(demo_verdicts):
    bad = [
        (a, b, row["indicator"], lang, hits)
        for a, b, row, lang, text in demo_verdicts
        if (hits := _forbidden(text))
    ]
    assert bad == []


def test_verdicts_across_a_change_of_method_lead_with_it_and_claim_nothing(demo_verdicts):
    crossing = [v for v in demo_verdicts if v[2]["warning"]]
    assert crossing  # 2019-2024 spans three method periods
    for a, b, row, lang, text in crossing:
        lead = (
            "The two years were scored under different methods"
            if lang == "en"
            else "Hai năm được chấm theo phương pháp khác nhau"
        )
        assert text.startswith(lead), (a, b, row["indicator"], lang, text)
        for phrase in _NOT_ACROSS_METHODS[lang]:
            assert phrase not in text, (a, b, row["indicator"], lang, phrase)


def test_verdicts_with_results_lead_with_the_estimate_and_name_the_primary_test(demo_verdicts):
    for a, b, row, lang, text in demo_verdicts:
        if row["status"] != "ok" or row["warning"]:
            continue
        head = "The mean score" if lang == "en" else "Điểm trung bình"
        primary = "Primary test (paired t-test)" if lang == "en" else "Kiểm định chính"
        assert text.startswith(head) and primary in text, (a, b, row["indicator"], text)
        ci = "95% CI" if lang == "en" else "khoảng tin cậy 95%"
        assert ci in text
        units = "not a sample" if lang == "en" else "không phải một mẫu"
        assert units in text


def test_the_forbidden_list_catches_the_old_wording():
    assert _forbidden("a rise this large is unlikely to be chance alone")
    assert _forbidden("mức tăng này khó có thể do ngẫu nhiên")
    assert not _forbidden("scores improved")
