"""Review 37 W5: an effective term set by an inherited license over a term the model's own license leaves unknown is
the inherited floor: shown (never erased: issue 19), and said to be a floor on every row and in LIC009, as the rows
whose value is "unknown" already say it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.facts import terms_facts
from auditor.formats.questions import review_term_value
from auditor.pipeline import audit

_OWN = {"license": "LicenseRef-Acme-Custom", "value": "unknown", "from": "acme/tuned"}
_BASE = {"license": "LicenseRef-Base", "clause": "§9", "from": "bigco/base"}


def _effective(**terms: Any) -> dict[str, Any]:
    return {name: {"value": value, "sources": [_OWN, {**_BASE, "value": value}]} for name, value in terms.items()}


def test_a_floor_value_is_kept_and_named_a_floor() -> None:
    terms = terms_facts(_effective(output_training="restricted", patent_grant="none", derivatives="unknown"))
    floor = terms["output_training"]
    assert floor["value"] == "restricted"  # the floor is shown
    assert floor["unknown_from"] == ["LicenseRef-Acme-Custom (acme/tuned)"]
    assert "inherited floor" in floor["floor_note"] and "not settled" in floor["floor_note"]
    assert terms["patent_grant"]["unknown_from"] == ["LicenseRef-Acme-Custom (acme/tuned)"]
    assert terms["derivatives"]["unknown_from"] == [] and terms["derivatives"]["floor_note"] == ""


def test_a_settled_term_has_no_floor_note() -> None:
    terms = terms_facts({"commercial_use": {"value": "conditional", "sources": [{**_BASE, "value": "conditional"}]},
                         "mau_limit": {"value": 5, "sources": [_BASE]}})
    assert terms["commercial_use"]["unknown_from"] == [] and terms["commercial_use"]["floor_note"] == ""
    assert terms["mau_limit"]["floor_note"] == ""


def test_the_user_limit_follows_the_commercial_use_floor() -> None:
    effective = _effective(commercial_use="conditional")
    effective["mau_limit"] = {"value": 1000, "sources": [_BASE]}
    terms = terms_facts(effective)
    assert terms["mau_limit"]["value"] == 1000 and terms["mau_limit"]["unknown_from"]


def test_the_table_row_says_the_floor() -> None:
    terms = terms_facts(_effective(termination_on_litigation="yes"))
    row = review_term_value({"terms": terms}, "termination_on_litigation", terms["termination_on_litigation"])
    assert str(row).startswith("yes at least (the inherited floor: LicenseRef-Acme-Custom (acme/tuned)")


def test_catalog_models_keep_their_floor_and_say_it() -> None:
    ids = ["allenai/tulu-2-dpo-70b", "cognitivecomputations/dolphin-2.9-llama3-8b", "TheBloke/Llama-2-7B-Chat-GGML",
           "meta-llama/Llama-2-7b-chat-hf"]
    run = audit(ids, policy=str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml"), offline=True,
                allow_incomplete=True)  # a commercial use, so LIC009 speaks
    by = {r.model: r for r in run.results}
    for model in ids[:3]:
        terms = by[model].facts["terms"]
        assert terms["commercial_use"]["value"] == "conditional" and terms["commercial_use"]["unknown_from"], model
        lic009 = [f.message for f in by[model].findings if f.rule == "LIC009"]
        assert lic009 and "not settled" in lic009[0], model
    bloke = by["TheBloke/Llama-2-7B-Chat-GGML"].facts["terms"]["termination_on_litigation"]
    assert bloke["value"] == "yes" and any("§5.c" in s for s in bloke["sources"])
    llama = by["meta-llama/Llama-2-7b-chat-hf"]
    assert llama.facts["terms"]["commercial_use"]["floor_note"] == ""
    assert all("not settled" not in f.message for f in llama.findings if f.rule == "LIC009")
