"""Review pass 35 (issue 19): what secondary sources say, and what they must never be made to say.

- W2: a Model Openness Tool (MOT) record that gives the weights an open license, beside a third party's record that
  the weights are under the publisher's own model license (the open one being the code's), must not make the open
  license the weights' license: the state is custom, the disagreement a conflict, and the answers on terms say the
  terms are unknown instead of describing the code's license. The builder keeps "custom" records and applies a
  release's record to the same publisher's variants (chat, GGUF).
- W1: a license form whose text names the licensor of the release it was written for (BLOOM RAIL: BigScience) is,
  for another publisher's model, granted by that model's rights holder.
- A, G, D: a MOF record's producer, its other components' licenses (each for its component only) and its Datasets
  component reach the answers, marked secondary.
- E2: a notice bundle says when its license is known only second-hand.

The catalog lines are hand-written minimal facts in our own words (made-up ids), not recordings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from auditor.formats.questions import answers
from auditor.licenses.resolve import resolve_license
from auditor.licenses.review_facts import review_facts
from auditor.notice import model_notice, notice_markdown
from auditor.sources.hubjson import hub_json_from_record, record_from_hub_json
from tests.reviewdata import audit_catalog

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import build_catalog  # noqa: E402

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"
_SOURCE = "example/graphs@0000000:assets/example.yaml"
_LINK = "https://example.org/acme/MODEL_LICENSE.pdf"
_FRAMEWORK = {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"}


def _mof(components: list[tuple[str, str]], producer: str = "Acme Research Lab") -> dict[str, Any]:
    return {"framework": _FRAMEWORK,
            "release": {"name": "Acme", "version": "9B", "license": {}, "producer": producer, "origin": "",
                        "components": [{"name": n, "description": "", "license": lic} for n, lic in components]}}


def _line(model_id: str, **meta: Any) -> dict[str, Any]:
    """A record with no card read (the MOF-only and third-party-only records of the catalog)."""
    return {"id": model_id, "cardData": {}, "_auditor": {"origin": _ORIGIN, "card_present": False, **meta}}


_CUSTOM = {"name": "custom", "source": _SOURCE, "link": _LINK, "code_license": "Apache 2.0",
           "recorded_for": "acme/Acme-9B"}


def _answers(run: Any, model: str) -> dict[str, Any]:
    result = next(r for r in run.results if r.model == model)
    return {a.key: a for a in answers(result.facts)}


# -- W2: the builder ----------------------------------------------------------------------------------------------


def test_the_builder_keeps_custom_records_with_their_link_and_code_license(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    src = {"repo": "x/graphs", "commit": "abc", "path": "assets/a.yaml"}
    rows = [{"id": "a/one", "asset_type": "model", "license": "custom", "source": src,
             "license_explanation": f"see {_LINK}. Code license is under Apache 2.0"},
            {"id": "a/two", "asset_type": "model", "license": "other", "source": src},
            {"id": "a/three", "asset_type": "model", "license": "unknown", "source": src}]
    (facts / "ecosystem_graphs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found = build_catalog.read_third_party_licenses(tmp_path)
    assert found["a/one"] == {"name": "custom", "source": "x/graphs@abc:assets/a.yaml", "link": _LINK,
                              "code_license": "Apache 2.0"}
    assert found["a/two"] == {"name": "other", "source": "x/graphs@abc:assets/a.yaml"}
    assert "a/three" not in found


def test_a_release_record_applies_to_the_same_publishers_variants_only() -> None:
    records = {"acme/Acme-9B": {"name": "custom", "source": _SOURCE},
               "acme/Acme": {"name": "MIT", "source": _SOURCE}}
    assert build_catalog.family_record("acme/Acme-9B-Chat-GGUF", records)["recorded_for"] == "acme/Acme-9B"
    assert build_catalog.family_record("acme/Acme-9Bx", records)["recorded_for"] == "acme/Acme"  # "-9Bx" is a variant
    assert build_catalog.family_record("other/Acme-9B-Chat", records) is None  # another publisher's
    assert build_catalog.family_record("acme/Acmeish", records) is None  # no separator: another name


def test_extra_record_fields_round_trip_through_the_catalog_shape() -> None:
    record = record_from_hub_json(_line("acme/Acme-9B-Chat", third_party_licenses=[_CUSTOM]), source="catalog")
    assert record.third_party_licenses == (_CUSTOM,)
    assert record_from_hub_json(hub_json_from_record(record), source="catalog").third_party_licenses == (_CUSTOM,)


# -- W2: the resolver and the answers ---------------------------------------------------------------------------


def _resolved(**meta: Any) -> Any:
    return resolve_license(record_from_hub_json(_line("acme/Acme-9B-Chat-GGUF", **meta), source="catalog"))


def test_a_custom_record_outweighs_a_mof_weights_license_and_says_so() -> None:
    mof = _mof([("Inference code", "Apache-2.0"), ("Model parameters (Final)", "Apache-2.0")])
    alone = _resolved(mof=mof)
    assert alone.state == "known" and alone.entries == ("Apache-2.0",)  # the control: the MOF license is read
    both = _resolved(mof=mof, third_party_licenses=[_CUSTOM])
    assert both.state == "custom" and "Apache-2.0" not in both.entries and not both.detected
    conflict = next(c for c in both.conflicts if c.kind == "secondary-sources-disagree")
    assert "Apache-2.0" in conflict.message and _LINK in conflict.message and "code" in conflict.message
    assert both.secondary_custom and both.secondary_custom["set_aside"] == ["Apache-2.0"]
    only = _resolved(third_party_licenses=[_CUSTOM])
    assert only.state == "custom" and only.secondary_custom["link"] == _LINK


def test_a_differing_known_license_record_is_a_conflict_beside_the_mof_one() -> None:
    mof = _mof([("Model parameters (Final)", "Apache-2.0")])
    other = _resolved(mof=mof, third_party_licenses=[{"name": "CC BY NC 4.0", "source": _SOURCE}])
    assert other.entries == ("Apache-2.0",)
    assert any(c.kind == "secondary-sources-disagree" and "CC BY NC 4.0" in c.message for c in other.conflicts)


def test_the_answers_never_describe_the_code_license_as_the_weights(tmp_path: Path) -> None:
    mof = _mof([("Inference code", "Apache-2.0"), ("Model parameters (Final)", "Apache-2.0")],
               producer="Acme Research Lab")
    run = audit_catalog(tmp_path, [_line("acme/Acme-9B-Chat-GGUF", mof=mof, third_party_licenses=[_CUSTOM])], POLICY)
    found = _answers(run, "acme/Acme-9B-Chat-GGUF")
    assert "custom" in found["license"].answer and _LINK in found["license"].answer
    assert "disagree" in found["license"].answer and found["license"].status == "partial"
    assert found["text"].answer.startswith(_LINK) and found["text"].status == "partial"
    for key in ("commercial", "derivatives", "patent", "law", "warranty"):
        assert found[key].status == "unanswered" and "Apache" not in found[key].answer, key
        assert "allowed" not in found[key].answer, key
    assert not found["contact"].answer.startswith("none needed")
    assert not found["policy"].answer.startswith("allowed") and "custom" in found["policy"].answer
    assert "Acme Research Lab" in found["licensor"].answer
    rules = {f.rule for f in next(r for r in run.results if r.model == "acme/Acme-9B-Chat-GGUF").findings}
    assert {"LIC024", "LIC005"} <= rules and "LIC018" not in rules and "LIC023" not in rules
    assert "LIC024" in found["policy"].answer and next(
        r for r in run.results if r.model == "acme/Acme-9B-Chat-GGUF").verdict == "fail"


def test_a_secondary_only_license_says_the_contact_rests_on_it(tmp_path: Path) -> None:
    mof = _mof([("Model parameters (Final)", "Apache-2.0")])
    run = audit_catalog(tmp_path, [_line("acme/open-9b", mof=mof)], POLICY)
    found = _answers(run, "acme/open-9b")
    assert found["contact"].answer.startswith("none needed") and "secondary source" in found["contact"].answer


# -- W1: a reused license form's licensor -------------------------------------------------------------------------


def test_every_form_licensor_is_named_by_the_publisher_with_its_authors() -> None:
    forms = {k: v["licensor"] for k, v in review_facts().items() if isinstance(v.get("licensor"), dict)
             and v["licensor"].get("form_of")}
    assert "LicenseRef-BigScience-BLOOM-RAIL-1.0" in forms
    for license_id, fact in forms.items():
        assert fact.get("named_by") == "publisher", license_id
        assert fact["form_of"].get("orgs") and fact["form_of"].get("licensor"), license_id


def test_a_reused_form_names_the_models_rights_holder_not_the_forms_author(tmp_path: Path) -> None:
    mof = _mof([("Model parameters (Final)", "bigscience-bloom-rail-1.0")], producer="Acme Research Lab")
    lines = [_line("acme/bio-lm", mof=mof), _line("bigscience/bloom-like", mof=mof)]
    run = audit_catalog(tmp_path, lines, POLICY)
    reused = _answers(run, "acme/bio-lm")["licensor"].answer
    assert "for this model: the publisher, acme," in reused and "Acme Research Lab" in reused
    assert "not of this model" in reused  # the form's own Licensor is said as the one of another release
    own = _answers(run, "bigscience/bloom-like")["licensor"].answer
    assert own.startswith("the participants of BigScience") and "for this model" not in own


# -- A, G, D: what a MOF record holds ----------------------------------------------------------------------------


def test_component_licenses_stay_their_components_and_the_producer_is_said(tmp_path: Path) -> None:
    mof = _mof([("Model parameters (Final)", "Component not included"),
                ("Inference code", "commercial use restricted; CC-BY-NC-SA-4.0"), ("Datasets", "pubmed-abstracts"),
                ("Model card", "unlicensed")], producer="Acme Research Lab")
    run = audit_catalog(tmp_path, [_line("acme/nc-code", mof=mof)], POLICY)
    result = next(r for r in run.results if r.model == "acme/nc-code")
    assert result.facts["license"]["state"] == "none"  # no component's license became the weights'
    found = {a.key: a for a in answers(result.facts)}
    assert "Acme Research Lab" in found["licensor"].answer and found["licensor"].status == "partial"
    assert "Inference code: CC-BY-NC-SA-4.0" in found["license"].answer and "not the weights" in found["license"].answer
    assert "denies" in found["license"].answer  # the policy's deny list, said of the component's license
    assert found["commercial"].status == "partial" and "prohibited" in found["commercial"].answer
    assert "unknown for the weights" in found["commercial"].answer
    assert "pubmed-abstracts" in found["data"].answer and found["data"].status == "partial"
    assert "Model card" not in found["license"].answer  # "unlicensed" says nothing


# -- E2: notices -------------------------------------------------------------------------------------------------


def test_a_notice_of_a_second_hand_license_carries_a_caveat(tmp_path: Path) -> None:
    mof = _mof([("Model parameters (Final)", "Apache-2.0")])
    lines = [_line("acme/open-9b", mof=mof),
             {"id": "acme/own-9b", "cardData": {"license": "apache-2.0"},
              "_auditor": {"origin": _ORIGIN, "card_present": True}},
             _line("acme/Acme-9B-Chat-GGUF", mof=mof, third_party_licenses=[_CUSTOM])]
    run = audit_catalog(tmp_path, lines, POLICY)
    notices = {r.model: model_notice(record_from_hub_json(next(x for x in lines if x["id"] == r.model),
                                                          source="catalog"),
                                     r.facts, hub=None, offline=True, requested=r.model) for r in run.results}
    assert notices["acme/open-9b"].license_caveat and "unconfirmed" in notices["acme/open-9b"].license_caveat
    assert notices["acme/own-9b"].license_caveat is None
    custom = notices["acme/Acme-9B-Chat-GGUF"]
    assert custom.license and _LINK in custom.license and custom.license_caveat
    text = notice_markdown(list(notices.values()), generated_by="test")
    assert text.count("- License source: unconfirmed") == 2
