"""Review pass 31 W3 (issue 19): the publisher's own code repository, linked with words that say only "repository"
or "code", made training, preprocessing and evaluation code "open" (FLUX.1-schnell's repository holds sampling code
only). The roles are read from the whole line ("reference implementation", "sampling", "inference": inference
code); a link that says no purpose stands for inference code only, and the other code components stay unknown,
saying a repository is linked but not what it holds. Card texts here are written for the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.card import parse_card
from auditor.openness.assess import assess_openness
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"


def _links(body: str) -> list[dict[str, Any]]:
    card = f"---\nlicense: apache-2.0\n---\n{body}"
    return [s.to_dict() for s in parse_card(card, file="README.md").statements if s.kind == "code-link"]


def test_a_generic_link_takes_its_roles_from_its_line() -> None:
    found = _links("We provide a reference implementation and sampling code in a dedicated "
                   "[github repository](https://github.com/acme/tool).\n")
    assert found and found[0]["roles"] == ["inference"]


def test_a_labelled_generic_link_takes_its_roles_from_the_rest_of_its_line() -> None:
    found = _links("- **Repository:** https://github.com/acme/tool (training and evaluation scripts)\n")
    assert found and set(found[0]["roles"]) >= {"training", "evaluation"}


def test_a_link_whose_line_says_no_purpose_stays_generic() -> None:
    found = _links("See our [GitHub repository](https://github.com/acme/tool).\n")
    assert found and found[0]["roles"] == ["code"]


def _line(model_id: str, roles: list[str]) -> dict[str, Any]:
    return {"id": model_id, "gated": False, "private": False, "pipeline_tag": "text-generation", "tags": [],
            "sha": "c" * 40, "siblings": [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")],
            "cardData": {"license": "apache-2.0"},
            "_auditor": {"origin": "hand-written test fixture", "card_body_length": 500, "card_statements": [
                {"kind": "code-link", "as_written": f"https://github.com/{model_id.split('/')[0]}/tool",
                 "line": 12, "roles": roles}]}}


def test_a_generic_own_repository_is_inference_code_only(tmp_path: Path) -> None:
    run = audit_catalog(tmp_path, [_line("acme/generic", ["code"]), _line("acme/trained", ["training"])], POLICY)
    by = {r.model: r for r in run.results}
    generic = assess_openness(by["acme/generic"].record, by["acme/generic"].facts["license"]).components
    assert generic["Inference code"].availability != "unknown"  # the link stands for code to run the model
    for name in ("Training code", "Evaluation code", "Data preprocessing code"):
        assert generic[name].status == "unknown" and generic[name].availability == "unknown", name
        assert generic[name].note and "a code repository is linked (acme/tool (README line 12))" in generic[name].note
    trained = assess_openness(by["acme/trained"].record, by["acme/trained"].facts["license"]).components
    assert trained["Training code"].availability != "unknown"
    assert trained["Inference code"].status == "unknown" and "acme/tool" in str(trained["Inference code"].note)
