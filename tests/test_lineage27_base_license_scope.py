"""Lineage pass 27, the Ziya class: a card whose prose says the base's (another model's) licence rules out commercial
use ("Due to the licensing restrictions of <base> weights, commercial use of the model is precluded", Chinese 由于<base>
权重的许可限制，该模型不能用于商业用途, "License for the base model's weights is a non-commercial license") becomes a
use-scope statement "base-license-non-commercial", and rule CRD005 fails it under a commercial policy whatever license
the card declares (Ziya-LLaMA-13B-v1 declares gpl-3.0). The lines are written for the tests in the cards' shapes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.card import card_statements
from auditor.card_use_scope import use_scope
from tests.cardaudit import audit_card

ROOT = Path(__file__).resolve().parents[1]
SCOPE = "base-license-non-commercial"


def _scopes(text: str) -> list[tuple[str, ...]]:
    return [st.roles for st in card_statements(text) if st.kind == "use-scope-stated"]


@pytest.mark.parametrize("line", [
    "NOTE: Due to the licensing restrictions of Acme weights, the use of the model for commercial purposes is "
    "precluded. Please respect Acme's usage policy.",
    "由于Acme权重的许可限制，该模型不能用于商业用途，请严格遵守Acme的使用政策。",
    "* *Note*: License for the base Acme model's weights is the maker's [non-commercial bespoke license](https://x.org/l).",
    "Because the original model's license prohibits commercial use, these weights may only be used privately.",
    "The upstream weights' license restricts commercial use of this model.",
])
def test_the_bases_licence_barring_commercial_use_is_a_statement(line: str) -> None:
    assert _scopes(f"# Card\n\n{line}\n") == [(SCOPE,)]


@pytest.mark.parametrize("line", [
    "Our model weights are released under Apache-2.0 and allow commercial use.",
    "The base model's license allows research and commercial use of the model.",  # allows
    "Acme's license restricts certain very large commercial deployments of the model.",  # no ban on commercial use
    "The model is licensed under CC-BY-NC-4.0.",  # the model's own license: the declared license says it
    "Commercial use of the model is precluded.",  # no licence named: the publisher's own word, read as before
])
def test_lines_without_a_bases_licence_barring_commercial_use_are_not_this_scope(line: str) -> None:
    assert (SCOPE,) not in _scopes(f"# Card\n\n{line}\n")


def test_the_words_quoted_are_the_sentence_that_says_it() -> None:
    found = use_scope("It runs fast. Due to the license terms of Acme, commercial use of the model is prohibited. "
                      "See below.", 7)
    assert found is not None
    words, line, scope = found
    assert (line, scope) == (7, SCOPE)
    assert words.startswith("Due to the license terms of Acme") and "prohibited" in words and "fast" not in words


def test_a_hostile_long_line_is_read_in_linear_time() -> None:
    line = "license of " + "commercial " * 20_000 + "model"
    assert use_scope(line[:1_999], 1) is None or use_scope(line[:1_999], 1)[2] == SCOPE


def test_crd005_fails_a_permissively_licensed_card_whose_bases_licence_bars_commercial_use(tmp_path: Path) -> None:
    card = ("---\nlicense: gpl-3.0\n---\n# Acme-13B\n\nDelta weights over the native Acme-13B model.\n\n"
            "NOTE: Due to the licensing restrictions of Acme weights, the use of the model for commercial purposes "
            "is precluded.\n")
    result = audit_card(tmp_path, card, "acme/acme-13b-delta")
    assert "CRD005" in {f.rule for f in result.findings}
    assert result.verdict == "fail"
    assert result.facts["card"]["use_scope_stated"]["scope"] == SCOPE


def test_without_the_sentence_the_same_card_does_not_fire_crd005(tmp_path: Path) -> None:
    card = "---\nlicense: gpl-3.0\n---\n# Acme-13B\n\nDelta weights over the native Acme-13B model.\n"
    assert "CRD005" not in {f.rule for f in audit_card(tmp_path, card, "acme/acme-13b-delta").findings}


def test_pass27_bench_cards() -> None:
    """The recorded cards of pass 27, audited as the bench does (one subprocess); the count must not drop."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass27_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    right = int(out.strip().splitlines()[-1].split()[1].split("/")[0])
    assert right >= 30
