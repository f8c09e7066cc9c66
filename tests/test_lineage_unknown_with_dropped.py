"""Unknown terms are reported (LIN010) also when other terms of the same ancestor are dropped (lineage/launder.py).

A laundering entry used to keep its unverifiable terms to itself: a quantization declaring Apache-2.0 over a base
whose license leaves some obligations unknown got LIN013 for the relicensing and nothing for the terms no one can
check, so under builtin:default the model was only a warning. Unknown never passes silently: every term neither
record can say is a cannot-verify entry, whether or not other terms are dropped beside it.

Synthetic lineages are audited through the real pipeline, knowledge base and rules (tests/test_lineage.py rec);
the catalog case audits the embedded catalog.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.lineage import check_laundering
from auditor.model import ModelRecord
from tests.test_lineage import rec
from tests.test_lineage_same_owner import _audit, _lineage, _rules

# a license the knowledge base holds with some of its obligations unknown (naming, territorial) and others known
SKYWORK = {"license": "other", "license_name": "skywork-community-license"}
# a license the knowledge base holds with every obligation unknown
KATANEMO = {"license": "other", "license_name": "katanemo-research"}


def _base(repo: str, **card: Any) -> ModelRecord:
    return rec(repo, **card)


def test_quantization_over_partly_unknown_base_reports_the_unknown_terms() -> None:
    base = _base("skyorg/Sky-13B", **SKYWORK)
    quant = rec("quanter/Sky-13B-GGUF", license="apache-2.0", base_model="skyorg/Sky-13B",
                base_model_relation="quantized")
    rules = _rules(_audit(quant, base))
    assert "LIN013" in rules  # a quantization relicenses nothing
    assert "LIN010" in rules, "the base's unknown terms must be reported, not hidden behind LIN013"
    message = " ".join(f.message for f in rules["LIN010"])
    assert "skyorg/Sky-13B" in message and "naming" in message and "ancestor's term is unknown" in message
    assert _audit(quant, base).verdict == "fail"  # builtin:default fails on unknown terms, as without LIN013


def test_finetune_dropping_terms_beside_unknown_ones_reports_both() -> None:
    base = _base("skyorg/Sky-13B", **SKYWORK)
    tune = rec("someone/Sky-13B-chat", license="mit", base_model="skyorg/Sky-13B")
    checked = check_laundering(_lineage(tune, base))
    assert checked["laundering"], "the fine-tune drops known terms of the base"
    entry = checked["laundering"][0]
    assert entry["unverifiable_terms"]
    cannot = [c for c in checked["cannot_verify"] if c["ancestor"] == "skyorg/Sky-13B"]
    assert cannot, "the same ancestor's unknown terms are a cannot-verify entry as well"
    for term in entry["unverifiable_terms"]:
        assert term in cannot[0]["reason"]


def test_declared_license_with_unknown_terms_over_known_base_is_reported_beside_the_relicensing() -> None:
    base = _base("maker/Coder-7B", license="apache-2.0")
    quant = rec("publisher/Coder-7B.gguf", base_model="maker/Coder-7B", base_model_relation="quantized", **KATANEMO)
    rules = _rules(_audit(quant, base))
    assert "LIN013" in rules and "LIN010" in rules
    assert "declared license's term is unknown" in " ".join(f.message for f in rules["LIN010"])


@pytest.mark.parametrize(("base_card", "quant_card"), [
    ({"license": "apache-2.0"}, {"license": "apache-2.0"}),  # the base's own license: nothing dropped or unknown
    ({"license": "llama3"}, {"license": "apache-2.0"}),  # every Llama 3 term known: LIN013 only
    (SKYWORK, SKYWORK),  # the base's own license declared again: its obligations are kept as they are
])
def test_no_unknown_terms_no_lin010(base_card: dict[str, str], quant_card: dict[str, str]) -> None:
    base = _base("maker/Base-7B", **base_card)
    quant = rec("quanter/Base-7B-GGUF", base_model="maker/Base-7B", base_model_relation="quantized", **quant_card)
    rules = _rules(_audit(quant, base))
    assert "LIN010" not in rules, [f.message for f in rules.get("LIN010", [])]


def test_catalog_gguf_under_unknown_terms_is_not_only_a_warning() -> None:
    """The catalog's katanemo GGUF: its card's heading and usage code name the publisher's own model, so it is a
    fine-tune of its Apache-2.0 base, quantized (review pass 34 W2), and relicensing it is no LIN013; its declared
    license's unknown terms still cannot be checked against the base's (LIN010), which fails the default policy."""
    from auditor import pipeline

    run = pipeline.audit(["katanemo/Arch-Agent-7B.gguf"], policy="builtin:default", offline=True,
                         allow_incomplete=True)
    rules = _rules(run.results[0])
    assert "LIN013" not in rules and "LIN010" in rules
    assert run.results[0].verdict != "warn"
