"""Review pass 31 W4 (issue 19): a declared license whose `derivative_must_carry` is unknown (AI2 ImpACT-LR, Yi,
NVIDIA Community) cannot be shown to drop what an ancestor asks a derivative to carry: lineage says "cannot verify"
(LIN010), never "dropped" (LIN001). A known carry term that lacks an item still drops it."""

from __future__ import annotations

from typing import Any

from auditor.licenses.kb import load_kb
from auditor.lineage.launder import compare_terms

_LLAMA2_LIKE: dict[str, dict[str, Any]] = {
    "derivative_must_carry": {"value": ["license-copy", "notice", "use-restrictions"], "clause": "§1.b"},
}


def test_an_unknown_own_carry_term_is_unverifiable_not_dropped() -> None:
    own = {"derivative_must_carry": {"value": "unknown"}}
    dropped, unsure = compare_terms(["LicenseRef-Own"], own, ["LicenseRef-Anc"], _LLAMA2_LIKE)
    assert not [d for d in dropped if d["term"].startswith("derivative_must_carry")]
    assert any(u.startswith("derivative_must_carry") for u in unsure)


def test_an_absent_own_carry_term_is_unverifiable_too() -> None:
    dropped, unsure = compare_terms(["LicenseRef-Own"], {}, ["LicenseRef-Anc"], _LLAMA2_LIKE)
    assert not dropped and any(u.startswith("derivative_must_carry") for u in unsure)


def test_a_known_own_carry_term_still_drops_what_it_lacks() -> None:
    own = {"derivative_must_carry": {"value": ["notice"]}}
    dropped, unsure = compare_terms(["MIT"], own, ["LicenseRef-Anc"], _LLAMA2_LIKE)
    items = {d["declared_value"] is None and d["term"] for d in dropped}
    assert "derivative_must_carry:license-copy" in items and "derivative_must_carry:use-restrictions" in items
    assert not any(u.startswith("derivative_must_carry") for u in unsure)


def test_every_kb_license_with_an_unknown_carry_term_gives_no_carry_drop_against_llama2() -> None:
    kb = load_kb()
    llama2 = kb.get("LicenseRef-Llama-2")
    assert llama2 is not None
    anc = {name: {"value": t.value, "clause": t.clause} for name, t in llama2.terms.items()}
    unknown = [e for e in kb.entries.values() if (e.terms.get("derivative_must_carry") is not None
                                           and e.terms["derivative_must_carry"].value == "unknown")]
    assert unknown, "the knowledge base holds licenses whose carry terms are unknown (ImpACT-LR, Yi, ...)"
    for entry in unknown:
        own = {name: {"value": t.value, "clause": t.clause} for name, t in entry.terms.items()}
        dropped, _ = compare_terms([entry.id], own, [llama2.id], anc)
        assert not [d for d in dropped if d["term"].startswith("derivative_must_carry")], entry.id


def test_every_rail_attachment_a_license_says_the_licensors_runtime_restriction() -> None:
    """Review pass 31 P6: the RAIL texts' "Updates and Runtime Restrictions" paragraph (the licensor may restrict
    usage remotely and asks for the latest version) is in each Attachment A license's use-restriction note; BigCode
    OpenRAIL-M (§7) lacked it while CreativeML, BLOOM and BigScience carried it."""
    with_policy = [e for e in load_kb().entries.values() if e.terms.get("use_restrictions") is not None
                   and str(e.terms["use_restrictions"].get("policy") or "").endswith("attachment-a")]
    assert len(with_policy) >= 5
    for entry in with_policy:
        assert "remotely" in str(entry.terms["use_restrictions"].get("note") or ""), entry.id
