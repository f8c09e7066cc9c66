"""Knowledge-base terms read for issue 19 ("add the missing terms ... where the texts say them"): the Yi license
version 1.0, read whole, is its own complete entry beside version 2.1; the Intel research license's sections 1-2.2;
the licensors named by the openings of the AI2 ImpACT low-risk, Katanemo and Grok 2 texts. Each is checked through
the procurement review (auditor.formats.questions.answers) of a model under it: the filled questions are answered
with the clause, and the sibling licenses and the terms not read stay as they were (unknown is never answered).

The catalog lines are hand-written minimal facts (Hub ids and license names), in our own words, not recordings; the
real catalog's models are audited offline from the embedded catalog."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.formats.questions import NOT_STATED, answers
from auditor.licenses.kb import INFO_TERM_NAMES, TERM_NAMES, load_kb
from auditor.pipeline import audit
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"


def _model(model_id: str, card: dict[str, Any]) -> dict[str, Any]:
    return {"id": model_id, "sha": "b" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": [], "siblings": [{"rfilename": f} for f in ("README.md", "LICENSE", "config.json",
                                                                  "model.safetensors")],
            "cardData": card, "_auditor": {"card_body_length": 1000, "origin": _ORIGIN}}


CATALOG = [
    _model("kb3/yi-v1", {"license": "other", "license_name": "Yi Series Models License Agreement Version 1.0"}),
    _model("kb3/yi-bare", {"license": "other", "license_name": "yi-license"}),
    _model("kb3/intel", {"license": "intel-research"}),
]
CATALOG_MODELS = ["allenai/tulu-2-dpo-70b", "katanemo/Arch-Agent-7B.gguf", "xai-org/grok-2",
                  "nvidia/Nemotron-Mini-4B-Instruct"]


@pytest.fixture(scope="module")
def made_up(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    run = audit_catalog(tmp_path_factory.mktemp("kbterms3"), CATALOG, POLICY)
    return {r.model: {a.key: a for a in answers(r.facts or {})} for r in run.results}


@pytest.fixture(scope="module")
def catalog() -> dict[str, dict[str, Any]]:
    run = audit(CATALOG_MODELS, policy=POLICY, offline=True, allow_incomplete=True)
    return {r.model: {a.key: a for a in answers(r.facts or {})} for r in run.results}


def _answered(answer: Any, clause: str, *words: str) -> None:
    """Answered in full, citing `clause`, and saying every one of `words`."""
    assert answer.status == "answered", (answer.key, answer.status, answer.answer)
    assert clause in answer.clauses, (answer.key, answer.clauses)
    for word in words:
        assert word in answer.answer, (answer.key, word, answer.answer)


# -- the knowledge base ------------------------------------------------------------------------------------------


def test_yi_version_1_is_a_complete_entry_apart_from_the_community_license() -> None:
    kb = load_kb()
    v1 = kb.get("Yi Series Models License Agreement Version 1.0")
    assert v1 is not None and v1.id == "LicenseRef-Yi-1.0" and v1.status == "complete"
    assert all(v1.term(name).value != "unknown" for name in TERM_NAMES + INFO_TERM_NAMES)
    assert all(v1.term(name).clause for name in ("commercial_use", "attribution", "governing_law", "warranty"))
    # a card's bare name keeps meaning version 2.1, whose text was not read: it stays partial, its clauses unknown
    bare = kb.get("yi-license")
    assert bare is not None and bare.id == "LicenseRef-Yi" and bare.status == "partial"
    assert bare.term("governing_law").value == "unknown" and bare.term("derivatives").value == "unknown"
    assert bare.term("commercial_use").value == "conditional"
    # the retitled 2.1 name and the 1.0 title never collide
    assert kb.get("Yi Series Models Community License Agreement").id == "LicenseRef-Yi"


def test_intel_research_terms_read_and_the_rest_left_unknown() -> None:
    entry = load_kb().get("intel-research")
    assert entry is not None and entry.status == "partial"
    assert (entry.term("commercial_use").value, entry.term("commercial_use").clause) == ("prohibited", "§2, §2.1")
    assert entry.term("derivatives").value == "prohibited"
    assert entry.term("patent_grant").value == "none" and "§2.2" in entry.term("patent_grant").clause
    for name in ("attribution", "output_training", "territorial", "termination_on_litigation", *INFO_TERM_NAMES):
        assert entry.term(name).value == "unknown", name  # sections after 2.2 were not read


# -- the review of a model under each license -----------------------------------------------------------------------


def test_yi_v1_model_answers_law_warranty_indemnity_and_commercial_with_clauses(made_up: dict) -> None:
    got = made_up["kb3/yi-v1"]
    _answered(got["commercial"], "LicenseRef-Yi-1.0 §2", "prohibited")
    _answered(got["law"], "LicenseRef-Yi-1.0 §5", "mainland China")
    _answered(got["venue"], "LicenseRef-Yi-1.0 §5", "People's Court")
    _answered(got["warranty"], "LicenseRef-Yi-1.0 §4", "disclaimed")
    _answered(got["indemnity"], "LicenseRef-Yi-1.0 §4", "the licensee indemnifies the licensor")
    _answered(got["ownership"], "LicenseRef-Yi-1.0", "does not say who owns outputs")
    _answered(got["licensor"], "LicenseRef-Yi-1.0 §1 (definition of \"Licensor\")", "Lingyiwanwu")
    _answered(got["attribution"], "LicenseRef-Yi-1.0 §2.4")
    _answered(got["patent"], "LicenseRef-Yi-1.0 §2, §3", "none", "copyright license only")
    assert "may reach patents" not in got["patent"].answer  # a copyright-only grant is not an IP-rights grant


def test_bare_yi_license_keeps_its_own_unread_terms(made_up: dict) -> None:
    got = made_up["kb3/yi-bare"]
    for key in ("law", "venue", "warranty", "indemnity", "patent", "licensor"):
        assert got[key].status == "unanswered" and NOT_STATED in got[key].answer, key
        assert not any("Yi-1.0" in c for c in got[key].clauses)
    assert "prohibited" not in got["commercial"].answer.split(";")[0]


def test_intel_model_answers_the_read_sections_only(made_up: dict) -> None:
    got = made_up["kb3/intel"]
    _answered(got["commercial"], "LicenseRef-Intel-Research §2, §2.1", "prohibited")
    _answered(got["patent"], "LicenseRef-Intel-Research §2, §2.2", "none")
    _answered(got["derivatives"], "LicenseRef-Intel-Research §2, §2.1, §2.2", "may not be shared")
    _answered(got["carry"], "LicenseRef-Intel-Research §2, §2.2", "not applicable: derivatives may not be shared")
    _answered(got["licensor"], "LicenseRef-Intel-Research §2", "Intel")
    _answered(got["contact"], "LicenseRef-Intel-Research §2.2", "additional consideration")
    for key in ("law", "warranty", "indemnity", "termination", "outputs"):
        assert got[key].status == "unanswered", key  # not read: never guessed


@pytest.mark.parametrize(("model", "clause", "name"), [
    ("allenai/tulu-2-dpo-70b", "LicenseRef-AI2-ImpACT-LR preamble", "Allen Institute for Artificial Intelligence"),
    ("katanemo/Arch-Agent-7B.gguf", "LicenseRef-Katanemo-Research §1.f", "Katanemo Labs, Inc."),
    ("xai-org/grok-2", "LicenseRef-Grok-2-Community §1", "X.AI LLC"),
])
def test_catalog_models_name_the_licensor_the_text_names(catalog: dict, model: str, clause: str, name: str) -> None:
    assert clause in catalog[model]["licensor"].clauses
    assert name in catalog[model]["licensor"].answer
    assert catalog[model]["licensor"].status == "answered"


def test_unread_terms_stay_unanswered_for_the_licenses_read_in_part(catalog: dict) -> None:
    # Katanemo's grant was not read: its own commercial and law answers are not claimed
    katanemo = catalog["katanemo/Arch-Agent-7B.gguf"]
    assert "LicenseRef-Katanemo-Research: " + NOT_STATED in katanemo["law"].answer
    assert katanemo["law"].status != "answered"
    # the NVIDIA community license text was not found: its licensor stays unknown
    nvidia = catalog["nvidia/Nemotron-Mini-4B-Instruct"]
    assert "LicenseRef-NVIDIA-Community-Model: " + NOT_STATED in nvidia["licensor"].answer


def test_grok_contact_says_both_versions_of_the_commercial_term(catalog: dict) -> None:
    contact = catalog["xai-org/grok-2"]["contact"]
    _answered(contact, "LicenseRef-Grok-2-Community §2.a", "US$1,000,000", "Acceptable Use Policy")
