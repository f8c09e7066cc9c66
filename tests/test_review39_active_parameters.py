"""Review 38 M5 (issue 19): a mixture of experts' active parameters were taken from its name only; zephyr-orpo-141b-
A35b's card says "141B total parameters and 39B active parameters" (the name's 35B was an error it corrects). The
card's active count is read (a "parameter-count" statement kept as written), and the compute estimate and the
systemic-risk row use it over the name's. The cards are written for the test."""

from __future__ import annotations

from pathlib import Path

from auditor.card import card_statements
from auditor.compute import active_parameters, estimate
from auditor.formats.regulatory import regulatory
from auditor.formats.review import model_view
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")

_CARD = """---
license: apache-2.0
---
# Kelp-MoE 90B-A20B

Kelp-MoE is a mixture of experts with 90B total parameters and 24B active parameters (the name's 20B was a typo).

It was trained on 2 trillion tokens.
"""


def _statements() -> list[dict]:
    return [{"kind": s.kind, "as_written": s.as_written, "line": s.line, "roles": list(s.roles)}
            for s in card_statements(_CARD)]


def test_the_card_reader_keeps_the_active_count_apart_from_the_total() -> None:
    found = active_parameters(_statements())
    assert found == {"count": 24e9, "as_written": "24B active parameters", "line": 6}


def test_the_estimate_uses_the_cards_active_count_over_the_names() -> None:
    got = estimate(_statements(), None, None, "acme/Kelp-MoE-90B-A20B")
    assert got is not None and got["parameters"] == 24e9
    assert "the card states" in got["parameters_from"] and "24B active parameters" in got["parameters_from"]


def test_the_systemic_risk_row_names_the_cards_count_and_the_names(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folder = tmp_path / "acme__Kelp-MoE-90B-A20B"
    folder.mkdir()
    (folder / "README.md").write_text(_CARD.replace("It was trained on 2 trillion tokens.\n", ""), encoding="utf-8")
    run = audit(str(folder), policy=POLICY, offline=True, allow_incomplete=True)
    rows = regulatory(model_view(run.results[0], run).facts)
    said = " ".join(r.facts for r in rows)
    assert 'card states "24B active parameters" (README line 6); its name says 20B' in said
    assert "as its name says" not in said
