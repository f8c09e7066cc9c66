"""Twenty-seventh pass of the simulated legal review (issue 19, /work/wt/FINDINGS27.md), by class:

- W1 a base family the card's prose says the weights were made from ("Finetuned from: LLaMA", nomic-ai/gpt4all-lora
  README line 26) is a floor for the answers and, through LIC019, for the verdict; "based on" alone is not;
- W2 no rule asserts a license text's absence from a file list nobody recorded (LIC006 vs LIC018), and question 3
  lists the card's own link for a prose-named license first;
- W3 page one lists the legal review the policy requires (LIC003, any rule whose remedy is a review and a waiver);
- W4 the knowledge base's carry lists agree with its notes: copyleft entries carry `source`;
- W5 the compute reader pairs the card template's "Hardware Type:" and "Hours used:" fields;
- W6 the notice duty is one obligation, not "Include this notice" plus "Keep the notices listed";
- partial 4, 5, 8, 9: a card gate form beside a recorded `gated: false`, a test-fixture recording's label, the
  Stability AI Community §III revenue ending in question 16 and the card's contact in question 27, the Markdown
  cut mark, the exemption row's fact.

Catalog lines and card lines are our own minimal words (origins noted where a real card showed the class)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.card import card_statements
from auditor.card_made_from import made_from_phrase
from auditor.compute import estimate, template_hours
from auditor.formats.actions import RECORDED_FIXTURE, next_actions, sources
from auditor.formats.questions import answers
from auditor.formats.regulatory import regulatory
from auditor.formats.report_md import md
from auditor.formats.review import model_view, obligations
from auditor.pipeline import audit
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
ORIGIN = "hand-written test fixture"
KB_DIR = Path(__file__).resolve().parents[1] / "rules" / "licenses"


def _line(model_id: str, card: dict[str, Any], statements: list[dict[str, Any]] | None = None,
          files: bool = True, **extra: Any) -> dict[str, Any]:
    line: dict[str, Any] = {"id": model_id, "gated": False, "private": False, "pipeline_tag": "text-generation",
                            "tags": [], "cardData": card, "_auditor": {"origin": ORIGIN}}
    if files:
        line["sha"] = "b" * 40
        line["siblings"] = [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")]
    if statements:
        line["_auditor"]["card_statements"] = statements
    line.update(extra)
    return line


def _family(name: str, family: str, phrase: str | None, line: int = 26) -> list[dict[str, Any]]:
    roles = [family, phrase] if phrase else [family]
    return [{"as_written": name, "kind": "base-family-stated", "line": line, "roles": roles}]


CATALOG = [
    # gpt4all-lora's shape (nomic-ai/gpt4all-lora README line 26: "Finetuned from: [LLaMA](github link)")
    _line("p27/lora-on-llama", {"license": "gpl-3.0"}, _family("LLaMA", "LLaMA", "Finetuned from")),
    # near miss: "based on LLaMA" may name a design; a record made before the phrase was kept has none
    _line("p27/based-on-llama", {"license": "gpl-3.0"}, _family("LLaMA", "LLaMA", "Based on")),
    _line("p27/old-record", {"license": "gpl-3.0"}, _family("LLaMA", "LLaMA", None)),
    # the family's own publisher is no derivative of it
    _line("meta-llama/p27-own", {"license": "gpl-3.0"}, _family("LLaMA", "LLaMA", "Finetuned from")),
    # a permissive base: a floor for the answers, nothing for the verdict to fail
    _line("p27/tune-of-bloom", {"license": "apache-2.0"}, _family("BLOOM", "BLOOM", "fine-tuned from")),
    # stablelm-2-1_6b's shape: `license: other`, the prose names the license and links its own LICENSE.md
    _line("p27/other-unlisted", {"license": "other"},
          [{"as_written": "Stability AI Community License", "kind": "license-stated", "line": 87,
            "link": "https://huggingface.co/p27/other-unlisted/blob/main/LICENSE.md"}], files=False),
    _line("p27/deepseek", {"license": "other", "license_name": "deepseek", "license_link": "LICENSE"}),
    _line("p27/apache", {"license": "apache-2.0"}),
    _line("p27/gpl", {"license": "gpl-3.0"}),
    _line("p27/agpl", {"license": "agpl-3.0"}),
    # sd-v1-4's shape: a recorded gated:false beside a card with the Hub's access-request form
    _line("p27/form-but-open", {"license": "creativeml-openrail-m", "extra_gated_prompt": "Accept the terms",
                                "extra_gated_heading": "Please read the LICENSE"}),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass27"), CATALOG, POLICY)


def _result(run: Any, model: str) -> Any:
    return next(r for r in run.results if r.model == model)


def _answer(run: Any, model: str, key: str) -> Any:
    return next(a for a in answers(_result(run, model).facts) if a.key == key)


def _rules(run: Any, model: str) -> set[str]:
    return {f.rule for f in _result(run, model).findings if f.active}


# -- W1: a made-from prose base is a floor -------------------------------------------------------------------------

def test_the_card_keeps_the_made_from_phrase() -> None:
    body = "# A LoRA\n\n- **Finetuned from:** [LLaMA](https://github.com/facebookresearch/llama)\n"
    found = [st for st in card_statements(body) if st.kind == "base-family-stated"]
    assert [(st.as_written, st.roles) for st in found] == [("LLaMA", ("LLaMA", "Finetuned from"))]
    weights = [st for st in card_statements("This model is based on the weights of LLaMA.\n")
               if st.kind == "base-family-stated"]
    assert weights and weights[0].roles[1] == "based on the weights of"


@pytest.mark.parametrize(("phrase", "made"), [("Finetuned from", True), ("fine-tuned version of", True),
                                              ("distilled from", True), ("based on the weights of", True),
                                              ("Quantizations of", True), ("based on", False), ("Based on", False),
                                              ("built upon", False), (None, False), ("", False)])
def test_only_a_made_from_phrase_counts(phrase: str | None, made: bool) -> None:
    assert made_from_phrase(phrase) is made


def test_a_made_from_base_is_a_floor_for_the_answers(run: Any) -> None:
    commercial = _answer(run, "p27/lora-on-llama", "commercial")
    assert commercial.answer.startswith("prohibited under LicenseRef-LLaMA-1-Research"), commercial.answer
    assert '"Finetuned from", README line 26' in commercial.answer  # the evidence stays on the answer
    for key in ("aup", "outputs", "territory", "attribution"):
        said = _answer(run, "p27/lora-on-llama", key).answer
        assert "LicenseRef-LLaMA-1-Research" in said and "README line 26" in said, (key, said)
    assert "denies LicenseRef-LLaMA-1-Research" in _answer(run, "p27/lora-on-llama", "policy").answer


def test_a_made_from_base_the_policy_denies_fails_the_model(run: Any) -> None:
    result = _result(run, "p27/lora-on-llama")
    assert "LIC019" in _rules(run, "p27/lora-on-llama") and result.verdict == "fail"
    action = next_actions(model_view(result, run), run)[0]
    assert "LIC019" in action.refs


@pytest.mark.parametrize("model", ["p27/based-on-llama", "p27/old-record", "meta-llama/p27-own"])
def test_no_floor_without_a_made_from_statement_about_another_family(run: Any, model: str) -> None:
    facts = _result(run, model).facts
    assert facts["license"]["prose_base"] is None
    assert "LIC019" not in _rules(run, model)
    assert "LicenseRef-LLaMA-1-Research" not in _answer(run, model, "outputs").answer


def test_a_permissive_prose_base_is_answered_and_does_not_fail(run: Any) -> None:
    base = _result(run, "p27/tune-of-bloom").facts["license"]["prose_base"]
    assert base["license"] == "LicenseRef-BigScience-BLOOM-RAIL-1.0" and base["phrase"] == "fine-tuned from"
    assert "LicenseRef-BigScience-BLOOM-RAIL-1.0" in _answer(run, "p27/tune-of-bloom", "aup").answer
    assert "LIC019" not in _rules(run, "p27/tune-of-bloom")


# -- W2: no absence from an unknown file list ----------------------------------------------------------------------

def test_an_unknown_file_list_asserts_no_absence(run: Any) -> None:
    rules = _rules(run, "p27/other-unlisted")
    assert "LIC006" not in rules and "LIC018" in rules  # still fails closed: the terms were not read
    lic018 = next(f for f in _result(run, "p27/other-unlisted").findings if f.rule == "LIC018")
    assert "not checked" in lic018.message and "/blob/main/LICENSE.md" in lic018.message


def test_a_known_file_list_without_a_license_file_keeps_lic006(tmp_path: Path) -> None:
    folder = tmp_path / "custom"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: other\nlicense_name: acme-terms\n---\n# x\n")
    (folder / "config.json").write_text("{}")
    done = audit([str(folder)], policy=POLICY, offline=True, allow_incomplete=True)
    rules = {f.rule for f in done.results[0].findings}
    assert "LIC006" in rules and "LIC018" not in rules


def test_question_3_lists_the_cards_own_link_first(run: Any) -> None:
    text = _answer(run, "p27/other-unlisted", "text").answer
    link = text.find("https://huggingface.co/p27/other-unlisted/blob/main/LICENSE.md")
    assert link == 0 and "README line 87" in text
    assert text.find("stability.ai") > link  # the knowledge base's reference text follows


# -- W3: the policy's legal review is on page one --------------------------------------------------------------------

def test_page_one_lists_the_legal_review_the_policy_requires(run: Any) -> None:
    result = _result(run, "p27/deepseek")
    assert "LIC003" in _rules(run, "p27/deepseek")
    actions = next_actions(model_view(result, run), run)
    review = [a for a in actions if "LIC003" in a.refs]
    assert len(review) == 1 and review[0].text.startswith("Have legal review")
    assert "LicenseRef-DeepSeek" in review[0].text and actions[0] is review[0]


def test_no_review_action_without_a_review_finding(run: Any) -> None:
    result = _result(run, "p27/apache")
    assert "LIC003" not in _rules(run, "p27/apache")
    assert not any(a.text.startswith("Have legal review") for a in next_actions(model_view(result, run), run))


# -- W4: the knowledge base's carry lists agree with its notes ------------------------------------------------------

# what a note says when a license makes the source travel with copies (GPL "corresponding source", MPL "access to the
# source", EUPL "provide a machine-readable copy of the source code"); not "the source" as attribution (Yi, Skywork)
_SOURCE_DUTY = re.compile(r"(?i)corresponding\s+source|access\s+to\s+the\s+source|source\s+(?:code\s+)?"
                          r"(?:\w+\s+){0,6}(?:must\s+be|is)\s+(?:made\s+)?(?:available|provided)|with\s+source\s+"
                          r"(?:available|\(|offered)|copy\s+of\s+the\s+source\s+code")


def _kb() -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(KB_DIR.glob("*.yaml"))]


def _said(entry: dict[str, Any]) -> str:
    terms = entry.get("terms") or {}
    return " ".join([str(entry.get("notes") or "")] + [str(t.get("note") or "") for t in terms.values()
                                                       if isinstance(t, dict)])


def _carry(entry: dict[str, Any]) -> list[str]:
    return list(((entry.get("terms") or {}).get("derivative_must_carry") or {}).get("value") or [])


def test_every_kb_entry_whose_notes_make_source_travel_carries_it() -> None:
    wrong = [name for name, entry in _kb() if _SOURCE_DUTY.search(_said(entry)) and "source" not in _carry(entry)]
    assert wrong == []


def test_every_kb_entry_that_carries_source_says_why() -> None:
    unexplained = [name for name, entry in _kb() if "source" in _carry(entry) and not _SOURCE_DUTY.search(_said(entry))]
    assert unexplained == []


@pytest.mark.parametrize("license_id", ["gpl-2.0-only", "gpl-3.0-only", "agpl-3.0-only", "lgpl-2.1-only",
                                        "lgpl-3.0-only", "licenseref-gpl-family", "licenseref-lgpl-family"])
def test_the_gnu_copyleft_licenses_carry_source(license_id: str) -> None:
    assert "source" in _carry(dict(_kb())[license_id])


def test_the_network_clause_is_said_for_agpl(run: Any) -> None:
    carry = _answer(run, "p27/agpl", "carry").answer
    assert "corresponding source" in carry and "§13" in carry and "network" in carry
    assert any(o.text.startswith("Make the corresponding source available") for o in
               obligations(_result(run, "p27/gpl").facts))


# -- W5: the card template's Environmental Impact block ---------------------------------------------------------

def test_the_template_fields_on_separate_lines_give_a_bound() -> None:
    body = "## Environmental Impact\n\n- **Hardware Type:** A100 PCIe 40GB\n- **Hours used:** 150000\n"
    found = template_hours(body, first_line=300)
    assert found == [("Hours used: 150000 | Hardware Type: A100 PCIe 40GB", 303)]
    bound = estimate([{"kind": "training-gpu-hours", "as_written": found[0][0], "line": 303}])
    assert bound is not None and bound["method"] == "gpu-hours-upper-bound"
    assert 1e23 < bound["flop"] < 2e23 and bound["accelerator"]


def test_wall_clock_hours_on_several_accelerators_take_the_larger_reading() -> None:
    one = estimate([{"kind": "training-gpu-hours", "as_written": "Hours used: 10 | Hardware Type: 8x A100", "line": 1}])
    gpu = estimate([{"kind": "training-gpu-hours", "as_written": "Hours used: 10 GPU hours | Hardware Type: 8x A100",
                     "line": 1}])
    assert one is not None and gpu is not None and one["hours"] == 80 and gpu["hours"] == 10


@pytest.mark.parametrize("body", ["- **Hours used:** 150000\n",  # no hardware field near it
                                  "- **Hardware Type:** A100\n" + "text\n" * 12 + "- **Hours used:** 10\n",
                                  "- **Hardware Type:** A100\n- **Hours used:** More information needed\n"])
def test_no_pair_no_bound(body: str) -> None:
    assert template_hours(body) == []


def test_the_card_reader_replaces_the_hardware_less_reading() -> None:
    body = "- **Hardware Type:** 32x A100-80GB\n- **Hours used:** 480 GPU-hours\n"
    hours = [st for st in card_statements(body) if st.kind == "training-gpu-hours"]
    assert [st.as_written for st in hours] == ["Hours used: 480 GPU-hours | Hardware Type: 32x A100-80GB"]


def test_the_embedded_sd_v1_4_row_gives_the_bound() -> None:
    done = audit(["CompVis/stable-diffusion-v1-4"], policy=POLICY, offline=True, allow_incomplete=True)
    row = next(r for r in regulatory(done.results[0].facts) if r.topic.startswith("Systemic risk"))
    assert "at most 1.68e+23 FLOP" in row.facts and "states no training compute" not in row.facts


# -- W6: one obligation per duty --------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", ["p27/deepseek", "p27/apache", "p27/gpl"])
def test_the_notice_duty_is_one_obligation(run: Any, model: str) -> None:
    obs = obligations(_result(run, model).facts)
    assert not any(o.text.startswith("Keep the notices listed") for o in obs)
    notices = [o for o in obs if o.group == "notices" and not o.unknown]
    assert notices and all("with every copy and derivative you distribute" in o.text for o in notices)
    texts = [o.text() for n in notices for o in n.origins]
    assert len(texts) == len(set(texts))


# -- partial 4: the gate form and the recorded fixture ----------------------------------------------------------

def test_a_card_gate_form_beside_a_recorded_open_gate_is_said(run: Any) -> None:
    gate = _answer(run, "p27/form-but-open", "gate")
    assert gate.status == "partial" and "extra_gated_prompt" in gate.answer and "disagree" in gate.answer
    assert _answer(run, "p27/apache", "gate").status == "answered"  # near miss: no form, no disagreement


def test_a_test_fixture_recording_is_not_plain_primary() -> None:
    done = audit(["CompVis/stable-diffusion-v1-4"], policy=POLICY, offline=True, allow_incomplete=True)
    kinds = {s.kind for s in sources(model_view(done.results[0], done)) if "API response" in s.what}
    assert kinds == {RECORDED_FIXTURE}


# -- partial 5: the Stability AI Community License's revenue ending ---------------------------------------------

def test_question_16_names_the_revenue_ending(run: Any) -> None:
    ending = _answer(run, "p27/other-unlisted", "termination")
    assert "§III" in ending.answer and "1,000,000" in ending.answer and "§IV.c(iv)" in ending.answer
    assert "also ends" not in _answer(run, "p27/apache", "termination").answer


@pytest.mark.parametrize(("line", "address"), [
    ("* **Contact**: For questions and comments about the model, please email `lm@example.org`", "lm@example.org"),
    ("Contact: team@example.com", "team@example.com"),
    ("Contact us: write to hello@example.net for access", "hello@example.net"),
    ("For questions, email lm@example.org", None),  # no "Contact" label: not a contact line
    ("Contact: see the GitHub issues", None),  # a label without an address
])
def test_the_cards_contact_line_keeps_the_address_only(line: str, address: str | None) -> None:
    found = [st.as_written for st in card_statements(f"# Card\n\n{line}\n") if st.kind == "contact-stated"]
    assert found == ([address] if address else [])


def test_question_27_offers_the_cards_contact(tmp_path: Path) -> None:
    lines = [_line("p27/contact", {"license": "llama3"},
                   [{"as_written": "lm@example.org", "kind": "contact-stated", "line": 89}]),
             _line("p27/contact-apache", {"license": "apache-2.0"},
                   [{"as_written": "lm@example.org", "kind": "contact-stated", "line": 9}])]
    for line in lines:  # the prose was read (review pass 31: an unread one adds its caveat after the contact)
        line["_auditor"]["card_body_length"] = 1000
    done = audit_catalog(tmp_path, lines, POLICY)
    said = next(a for a in answers(_result(done, "p27/contact").facts) if a.key == "contact").answer
    assert said.endswith("the card's own contact for questions: lm@example.org (README line 89)")
    allowed = next(a for a in answers(_result(done, "p27/contact-apache").facts) if a.key == "contact").answer
    assert "lm@example.org" not in allowed  # no license to ask for: the address is no answer


# -- partial 8: a cut answer says so ------------------------------------------------------------------------------

def test_a_cut_cell_says_it_is_cut_at_a_word() -> None:
    long = "word " * 400
    cut = md(long, limit=600)
    assert "cut here" in cut and "more characters" in cut
    assert cut.split(" … ")[0].endswith("word")
    assert "cut here" not in md("short answer", limit=600)


# -- partial 9: the exemption row states the known fact --------------------------------------------------------

def test_the_exemption_row_states_a_known_use_restriction(run: Any) -> None:
    row = next(r for r in regulatory(_result(run, "p27/deepseek").facts) if r.topic == "Open-source exemption")
    assert "it restricts use (LicenseRef-DeepSeek: use restrictions" in row.facts
    assert "if it restricts use" not in row.facts
