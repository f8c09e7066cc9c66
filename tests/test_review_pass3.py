"""Third pass of the simulated legal review (issue 19): wrong or contradictory statements found in the reviews of
models the first two passes did not use, each fixed by its class and checked here over the licenses and models
of that class. License texts are read from ../shared/corpus (skipped with a reason when it is absent)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from auditor import pipeline
from auditor.formats.actions import next_actions
from auditor.formats.questions import (
    NOT_STATED,
    _link_month,
    answers,
    declared_unidentified,
    no_distribution,
    review_facts,
    review_term_value,
    ship_items,
    uri_suffices,
)
from auditor.formats.report_md import to_report_markdown
from auditor.formats.review import model_view
from auditor.licenses.kb import load_kb

KB = load_kb()
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NOTICE_FILE_TEXT = re.compile(r"notice\W{0,2}\s*text file", re.IGNORECASE)
MODELS = ("microsoft/phi-2", "microsoft/Orca-2-13b", "CohereForAI/c4ai-command-r-plus", "meta-llama/Meta-Llama-3-70B",
          "openai/whisper-large-v3-turbo", "openai/whisper-base", "databricks/dolly-v2-12b",
          "mistralai/Mixtral-8x7B-Instruct-v0.1",
          "AuriAetherwiing/MN-12B-Starcannon-v2", "01-ai/Yi-VL-6B", "nvidia/Nemotron-4-340B-Instruct",
          "nvidia/Nemotron-Mini-4B-Instruct", "Tap-M/Luna-AI-Llama2-Uncensored",
          "TheBloke/llama-2-13B-chat-limarp-v2-merged-GGUF", "TheBloke/Luna-AI-Llama2-Uncensored-GGML",
          "abacusai/Llama-3-Smaug-8B", "Deci/DeciLM-6b", "pszemraj/flan-t5-large-grammar-synthesis",
          "PygmalionAI/pygmalion-6b", "TheDrummer/Moistral-11B-v3",
          "meta-llama/Llama-4-Scout-17B-16E-Instruct", "meta-llama/Llama-3.2-1B-Instruct",
          "lllyasviel/sd-controlnet-canny", "FinGPT/fingpt-forecaster_dow30_llama2-7b_lora")


@pytest.fixture(scope="module")
def audited() -> dict[str, Any]:
    run = pipeline.audit(list(MODELS), policy="examples/policy.yaml", offline=True, allow_incomplete=True)
    return {"run": run, **{r.model: r for r in run.results}}


def _one_license(entry_id: str) -> dict[str, Any]:
    """The facts of a model under one license and nothing else (what the review reads of it)."""
    carry = KB.get(entry_id).term("derivative_must_carry")
    values = list(carry.value) if carry is not None and isinstance(carry.value, (list, tuple)) else []
    return {"license": {"ids": [entry_id], "effective_ids": [entry_id], "state": "known"},
            "terms": {"derivative_must_carry": {"values": values}}}


def _answer(result: Any, key: str) -> Any:
    return next(a for a in answers(result.facts) if a.key == key)


def test_the_notice_file_is_asked_exactly_where_the_text_asks_it() -> None:
    """'Ship the Notice file' was the first next action of every review, MIT and Creative Commons included; a
    Notice (or NOTICE) text file is asked only where the license text names one."""
    path = CORPUS / "licenses"
    if not path.is_dir():
        pytest.skip("../shared/corpus/licenses is absent")
    checked = []
    for entry in KB:
        if not entry.text_file or not (path / entry.text_file).is_file():
            continue
        says = bool(NOTICE_FILE_TEXT.search((path / entry.text_file).read_text(encoding="utf-8")))
        items = " ".join(ship_items(_one_license(entry.id)))
        asks = '"Notice" text file' in items or "NOTICE file" in items
        assert asks == says, (entry.id, entry.text_file, items)
        checked.append(entry.id)
    assert {"MIT", "Apache-2.0", "CC-BY-4.0", "LicenseRef-Llama-2", "LicenseRef-Llama-3"} <= set(checked)


def test_creative_commons_licenses_take_the_uri_in_place_of_a_copy() -> None:
    """CC BY-family licenses (2.0 to 4.0) accept the license's URI with every copy; 'a copy of the license' alone
    asks more than the text does."""
    cc = [e.id for e in KB if e.id.startswith("CC-BY-")]
    assert len(cc) >= 10
    for license_id in cc:
        items = ship_items(_one_license(license_id))
        if any("copy of the license" in i for i in items):
            assert any("its text or its URI" in i for i in items), license_id


def test_no_ship_action_for_a_license_that_allows_no_distribution(audited: dict[str, Any]) -> None:
    """The Microsoft research terms allow no distribution (§2.e); its review asked to ship the Notice file and a
    copy of the license with every copy distributed. Every KB license that records no carry conditions because
    nothing may be distributed has the review fact, and its review says not to distribute."""
    for entry in KB:
        derivatives, carry = entry.term("derivatives"), entry.term("derivative_must_carry")
        if derivatives is not None and derivatives.value == "prohibited" and carry is not None and carry.value == []:
            assert review_facts().get(entry.id, {}).get("distribution", {}).get("value") == "none", entry.id
    orca = audited["microsoft/Orca-2-13b"]
    assert no_distribution(orca.facts) and no_distribution(audited["microsoft/phi-2"].facts) == []
    texts = [a.text for a in next_actions(model_view(orca), audited["run"])]
    assert any(t.startswith("Do not distribute") for t in texts)
    assert not any("ship" in t.lower() for t in texts)


def test_mit_and_cc_reviews_never_ask_for_a_notice_file(audited: dict[str, Any]) -> None:
    for model in ("microsoft/phi-2", "CohereForAI/c4ai-command-r-plus"):
        texts = [a.text for a in next_actions(model_view(audited[model]), audited["run"])]
        ship = [t for t in texts if t.startswith("With every copy you distribute")]
        assert ship and not any("Notice" in t or "NOTICE" in t for t in ship), (model, texts)
    llama = [a.text for a in next_actions(model_view(audited["meta-llama/Meta-Llama-3-70B"]), audited["run"])]
    assert any('"Notice" text file' in t for t in llama)
    # OpenRAIL (family): what every member read asks (license copy, notices, changes), and no "Notice" file
    rail = [a.text for a in next_actions(model_view(audited["lllyasviel/sd-controlnet-canny"]), audited["run"])]
    ship = [t for t in rail if t.startswith("With every copy you distribute")]
    assert ship and "a copy of the license" in ship[0] and not any("Notice" in t for t in ship), rail


def test_the_modify_question_does_not_deny_what_the_note_allows() -> None:
    """'May we modify and fine-tune it?' answered 'not allowed: no derivatives may be shared (adapted material may
    be made for private use but not shared)' for CC ND 4.0: the answer contradicted its own note. A no-derivatives
    license is answered about sharing, with what the text allows privately."""
    prohibited = [e for e in KB if (t := e.term("derivatives")) is not None and t.value == "prohibited"]
    assert len(prohibited) >= 3
    for entry in prohibited:
        found = {a.key: a for a in answers(_one_license(entry.id))}
        assert not found["derivatives"].answer.startswith("not allowed"), entry.id
        assert "may not be shared" in found["derivatives"].answer, entry.id


def test_a_user_limit_no_license_sets_reads_none(audited: dict[str, Any]) -> None:
    """The effective-terms table said 'mau_limit unknown' under question 5's 'no user or revenue threshold'
    (Apache, MIT, CC): the same report contradicted itself. A known commercial term with no limit is 'none'; a
    Llama license keeps its figure; an unknown commercial term keeps 'unknown'."""
    for model in ("microsoft/phi-2", "mistralai/Mixtral-8x7B-Instruct-v0.1", "CohereForAI/c4ai-command-r-plus"):
        facts = audited[model].facts
        raw = facts["terms"]["mau_limit"]
        assert str(review_term_value(facts, "mau_limit", raw)).startswith("none"), model
        assert "unknown" not in _answer(audited[model], "threshold").answer
    llama = audited["abacusai/Llama-3-Smaug-8B"].facts
    assert review_term_value(llama, "mau_limit", llama["terms"]["mau_limit"]) == 700_000_000
    unknown = {"terms": {"commercial_use": {"value": "unknown"}, "mau_limit": {"value": None}}}
    assert review_term_value(unknown, "mau_limit", unknown["terms"]["mau_limit"]) is None


def test_an_inherited_litigation_clause_shows_in_every_section(audited: dict[str, Any]) -> None:
    """whisper-large-v3-turbo (MIT) on whisper-large-v3 (Apache-2.0): question 16 named Apache §3's patent
    termination, while the effective-terms table said 'no' and the obligations had no litigation item. OpenAI's own
    base is its relicensing (tests/test_lineage_same_owner.py); Databricks' dolly-v2-12b (MIT) on EleutherAI's
    pythia-12b (Apache-2.0) is the same shape from another publisher."""
    turbo = audited["databricks/dolly-v2-12b"]
    assert "Apache-2.0" in _answer(turbo, "termination").answer
    row = str(review_term_value(turbo.facts, "termination_on_litigation",
                                turbo.facts["terms"]["termination_on_litigation"]))
    assert row.startswith("no (the model's own license)") and "Apache-2.0" in row and row.endswith(": yes")
    view = model_view(turbo)
    litigation = [o for o in view.obligations if "litigation clause" in o.text]
    assert litigation and litigation[0].origins[0].license == "Apache-2.0"
    assert litigation[0].origins[0].model == "EleutherAI/pythia-12b"
    # A model under Apache-2.0 itself keeps the one item, with no inherited note.
    base = model_view(audited["openai/whisper-base"])
    assert [o.text for o in base.obligations if "litigation clause" in o.text] == [
        "A litigation clause can end rights under the license (which rights, and suits against whom: see the "
        "clause and question 16)."]


def test_the_contact_follows_a_commercial_condition_that_names_whom_to_ask(audited: dict[str, Any]) -> None:
    """Yi: question 4 said 'commercial use requires prior written authorization from 01.AI, requested by email',
    question 27 'not stated in the knowledge base'. Over the KB: a conditional commercial term whose condition
    names a request or authorisation never leaves the contact question unstated."""
    checked = []
    for entry in KB:
        term = entry.term("commercial_use")
        if term is None or term.value != "conditional":
            continue
        if re.search(r"\b(request|authori[sz]|permission)", str(term.get("condition") or "")):
            contact = next(a for a in answers(_one_license(entry.id)) if a.key == "contact")
            assert NOT_STATED not in contact.answer, entry.id
            checked.append(entry.id)
    assert "LicenseRef-Yi" in checked and "LicenseRef-Llama-2" in checked
    yi = _answer(audited["01-ai/Yi-VL-6B"], "contact")
    assert "01.AI" in yi.answer and yi.status == "answered"


@pytest.mark.parametrize(("link", "month"), [
    ("https://developer.download.nvidia.com/licenses/nvidia-open-model-license-agreement-june-2024.pdf", "2024-06"),
    ("https://huggingface.co/nvidia/x/blob/main/nvidia-community-model-license-aug2024.pdf", "2024-08"),
    ("https://example.com/terms/2025-04/license.pdf", "2025-04"),
    ("https://huggingface.co/Qwen/Qwen2.5-7B/blob/main/LICENSE", None),
    ("https://huggingface.co/bartowski/Ministral-8B-Instruct-2410-GGUF/blob/main/LICENSE", None),
    ("https://mistral.ai/licenses/MRL-0.1.md", None),
])
def test_the_month_a_license_link_names(link: str, month: str | None) -> None:
    assert _link_month(link) == month


def test_a_linked_license_version_other_than_the_kbs_is_said(audited: dict[str, Any]) -> None:
    """Nemotron-4-340B's card links the NVIDIA Open Model License of June 2024; the review named the version of
    2025-04-28 (the KB's) as the model's license and gave the current text as the official one. The knowledge base
    now records the June 2024 text (LicenseRef-NVIDIA-Open-Model-2024-06), and the link picks it: the version the
    card links is the one answered, with its date, and its text is the linked PDF. (A link naming a month no
    recorded version has is still said as a gap: tests/test_review_pass9.py.)"""
    nemotron = audited["nvidia/Nemotron-4-340B-Instruct"]
    license_answer, text_answer = _answer(nemotron, "license"), _answer(nemotron, "text")
    assert "June 2024" in license_answer.answer and "2024-06-14" in license_answer.answer
    assert "2025-04-28" not in license_answer.answer and license_answer.status == "answered"
    assert text_answer.answer.startswith("https://developer.download.nvidia.com/licenses/nvidia-open-model-license"
                                         "-agreement-june-2024.pdf")
    assert text_answer.links[0].endswith("june-2024.pdf")
    # The same month in the link and the KB (Nemotron-Mini: aug2024, KB 2024-08): nothing to say.
    mini = _answer(audited["nvidia/Nemotron-Mini-4B-Instruct"], "license")
    assert "license_link" not in mini.answer


def test_a_lineage_a_name_points_at_qualifies_the_commercial_answers(audited: dict[str, Any]) -> None:
    """Luna-AI-Llama2-Uncensored (CC-BY-SA-4.0, no base_model, its name says Llama 2) and limarp-v2-merged-GGUF
    (AGPL-3.0 on an unread llama-2-13b-chat merge) were answered 'commercial use allowed, no contact needed' from
    the declared license alone. A model that declares the license its name points at is not qualified."""
    for model in ("Tap-M/Luna-AI-Llama2-Uncensored", "TheBloke/llama-2-13B-chat-limarp-v2-merged-GGUF"):
        for key in ("license", "commercial", "threshold", "contact"):
            found = _answer(audited[model], key)
            assert found.status == "partial" and "LicenseRef-Llama-2" in found.answer, (model, key)
    declared = audited["TheBloke/Luna-AI-Llama2-Uncensored-GGML"]
    assert "name suggests" not in _answer(declared, "commercial").answer


def test_the_markdown_review_states_the_fixed_rows(audited: dict[str, Any]) -> None:
    """The effective-terms table of the written review carries the same values as the checks above."""
    run = audited["run"]
    text = to_report_markdown(run)
    assert "| mau\\_limit | none \\(no license sets a monthly-user limit\\) |" in text
    assert "Apache-2.0 \\(inherited from EleutherAI/pythia-12b\\) §3: yes" in text


def test_a_second_declared_license_is_never_dropped(audited: dict[str, Any]) -> None:
    """DeciLM-6b declares `license: [llama2, other]`; the review answered from Llama 2 alone, all 'answered'. Yi-VL-6B
    declares `license: apache-2.0` with `license_name: yi-license`; question 2 listed both without saying the card
    contradicts itself. A list of identified licenses (flan-t5-large-grammar-synthesis: CC-BY-NC-SA-4.0 and
    Apache-2.0) is answered under both, with no qualification of the list itself (its prose names its base,
    google/flan-t5-large, which does qualify it)."""
    deci = audited["Deci/DeciLM-6b"]
    for key in ("license", "commercial", "threshold", "contact"):
        found = _answer(deci, key)
        assert found.status == "partial" and "also declares other" in found.answer, key
    yi = _answer(audited["01-ai/Yi-VL-6B"], "license")
    assert yi.status == "partial" and "license fields disagree" in yi.answer
    assert "LicenseRef-Yi" in yi.answer and "Apache-2.0" in yi.answer
    both = _answer(audited["pszemraj/flan-t5-large-grammar-synthesis"], "license")
    assert "CC-BY-NC-SA-4.0" in both.answer and "Apache-2.0" in both.answer
    assert "also declares" not in both.answer and "disagree" not in both.answer


@pytest.mark.parametrize(("line", "base"), [
    ("A fine-tuned version of [google/flan-t5-large](https://huggingface.co/google/flan-t5-large) for grammar",
     "google/flan-t5-large"),
    ("- **Finetuned from model:** [meta-llama/Meta-Llama-3-8B-Instruct](https://huggingface.co/meta-llama/"
     "Meta-Llama-3-8B-Instruct).", "meta-llama/Meta-Llama-3-8B-Instruct"),
    ("Pymalion 6B is a proof-of-concept dialogue model based on EleutherAI's [GPT-J-6B](https://huggingface.co/"
     "EleutherAI/gpt-j-6B).", "EleutherAI/gpt-j-6B"),
    ("This model card is based on the [DALL-E Mini model card](https://huggingface.co/dalle-mini/dalle-mini).", None),
    ("Based on the [Jina-XLM-RoBERTa architecture](https://huggingface.co/jinaai/xlm-roberta-flash-implementation)",
     None),
    ("Multitask finetuned on [xP3](https://huggingface.co/datasets/bigscience/xP3).", None),
    ("Pythia is based on GPT-NeoX.", None),
])
def test_a_base_the_prose_names_is_read(line: str, base: str | None) -> None:
    from auditor.card import card_statements

    found = [s.as_written for s in card_statements(line) if s.kind == "base-stated"]
    assert found == ([base] if base else [])


def test_a_base_named_only_in_the_prose_qualifies_the_answers(audited: dict[str, Any]) -> None:
    """Item (e) of the earlier passes: Pygmalion-6b names GPT-J-6B as its base only in its prose (no base_model);
    Smaug-8B declares llama2 and names meta-llama/Meta-Llama-3-8B-Instruct in a 'Finetuned from model' line. The
    review answered from the declared license as if there were no base. A card that declares its base in the
    metadata (whisper-large-v3-turbo) is not qualified by its prose."""
    # since lineage pass 7 the lineage follows a base the prose names: its license is answered as inherited
    for model, base in (("PygmalionAI/pygmalion-6b", "EleutherAI/gpt-j-6b"),
                        ("abacusai/Llama-3-Smaug-8B", "meta-llama/Meta-Llama-3-8B-Instruct")):
        for key in ("license", "commercial", "contact"):
            found = _answer(audited[model], key)
            assert found.status == "answered" and f"(inherited from {base})" in found.answer, (model, key)
            assert "its terms were not checked" not in found.answer
    assert "prose names base model" not in _answer(audited["openai/whisper-large-v3-turbo"], "license").answer
    # a prohibition stands whatever the base adds (Moistral: CC-BY-NC-4.0 on a base named in its prose)
    moistral = audited["TheDrummer/Moistral-11B-v3"]
    assert _answer(moistral, "commercial").status == "answered"
    assert "names base model Sao10K/Fimbulvetr-11B-v2" in _answer(moistral, "license").answer


def test_creative_commons_obligations_and_answers_take_the_uri(audited: dict[str, Any]) -> None:
    """'Give every recipient a copy of the license' and question 10's 'a copy of the license' asked more than CC
    BY 4.0 §3(a)(1)(C) does (its text, or its URI or hyperlink); Apache §4(a) asks for the copy itself."""
    cc = audited["CohereForAI/c4ai-command-r-plus"]
    assert "a copy of the license or its URI" in _answer(cc, "carry").answer
    assert any("its text or its URI" in o.text for o in model_view(cc).obligations)
    apache = audited["mistralai/Mixtral-8x7B-Instruct-v0.1"]
    assert "URI" not in _answer(apache, "carry").answer
    assert "Give every recipient a copy of the license." in [o.text for o in model_view(apache).obligations]


def test_the_uri_in_place_of_the_license_is_what_the_texts_say() -> None:
    """Every license text of the corpus that accepts 'the URI or hyperlink' of the license with copies is read as
    accepting it, and no other corpus-backed license is (Apache §4(a), MIT, Llama §1.b.i ask for the copy)."""
    path = CORPUS / "licenses"
    if not path.is_dir():
        pytest.skip("../shared/corpus/licenses is absent")
    checked = 0
    for entry in KB:
        if not entry.text_file or not (path / entry.text_file).is_file():
            continue
        text = " ".join((path / entry.text_file).read_text(encoding="utf-8").split())
        says = re.search(r"URI or hyperlink to,? this Public License", text) is not None
        assert uri_suffices(entry.id) == says, entry.id
        checked += 1
    assert checked >= 20


def test_an_eu_restriction_is_set_against_the_policys_regions(audited: dict[str, Any]) -> None:
    """Llama 4's policy withholds the grant for its multimodal models from EU-domiciled licensees; the policy
    lists EU among its regions (use.regions), and question 13 said 'restricted' without saying that this is the
    organisation's case to check. A text-only Llama 3.2 model, for which the restriction does not apply, is not
    given the note."""
    scout = _answer(audited["meta-llama/Llama-4-Scout-17B-16E-Instruct"], "territory")
    assert "European Union" in scout.answer and "the policy's regions include the EU" in scout.answer
    text_only = _answer(audited["meta-llama/Llama-3.2-1B-Instruct"], "territory")
    assert "policy's regions" not in text_only.answer


def test_an_unidentified_license_outside_the_card_is_not_called_a_declaration() -> None:
    """The sentence names what the card declares only when the card's fields hold the unidentified license; a
    license file nobody identified is said to be found, not declared."""
    card = {"license": {"ids": ["Apache-2.0"], "state": "custom", "evidence": [
        {"location": "README.md#front-matter.license[0]", "value": "apache-2.0", "detail": "canonical Apache-2.0"},
        {"location": "README.md#front-matter.license[1]", "value": "other", "detail": "other: not on the Hub list"}]}}
    assert declared_unidentified(card).startswith("the card also declares other,")
    found = {"license": {"ids": ["Apache-2.0"], "state": "custom", "evidence": [
        {"location": "README.md#front-matter.license", "value": "apache-2.0", "detail": "canonical Apache-2.0"},
        {"location": "file:LICENSE", "value": "custom", "detail": "a license text not identified"}]}}
    assert declared_unidentified(found).startswith("a further license was found")
    known = {"license": {"ids": ["Apache-2.0"], "state": "known", "evidence": []}}
    assert declared_unidentified(known) is None


def test_the_open_source_exemption_reads_every_effective_license(audited: dict[str, Any]) -> None:
    """FinGPT's forecaster adapter (Apache-2.0 on Llama 2): the regulatory row said 'license Apache-2.0 AND
    LicenseRef-Llama-2 is permissive (OSI approved: yes)', the declared license's category for the whole effective
    expression. Every model whose effective licenses include one that is neither open nor OSI approved is not
    called permissive; a combination of open licenses still is."""
    from auditor.formats.regulatory import OPEN_CATEGORIES, regulatory

    checked = 0
    for model in MODELS:
        facts = audited[model].facts
        row = next(i for i in regulatory(facts) if i.topic == "Open-source exemption")
        entries = [KB.get(i) for i in facts["license"].get("effective_ids") or []]
        closed = [e for e in entries if e is not None and e.category not in OPEN_CATEGORIES and not e.osi_approved]
        if closed:
            assert "is permissive" not in row.facts and "not a free and open-source license" in row.facts, model
            assert all(e.id in row.facts for e in closed), model
            checked += 1
    assert checked >= 5
    turbo = next(i for i in regulatory(audited["openai/whisper-large-v3-turbo"].facts)
                 if i.topic == "Open-source exemption")
    assert "is permissive" in turbo.facts


def test_no_use_policy_never_reads_as_no_restriction_beside_an_output_rule() -> None:
    """Tongyi Qianwen: question 6 said 'no acceptable-use policy or use restrictions' while question 12 said outputs
    may not improve other large language models (§5.b). Over the KB: a license with no use policy but an output
    restriction says so in question 6."""
    checked = 0
    for entry in KB:
        uses, outputs = entry.term("use_restrictions"), entry.term("output_training")
        if uses is None or uses.value != "none" or review_facts().get(entry.id, {}).get("aup"):
            continue
        aup = next(a for a in answers(_one_license(entry.id)) if a.key == "aup")
        if outputs is not None and outputs.value in ("restricted", "prohibited"):
            assert "or use restrictions" not in aup.answer and "question 12" in aup.answer, entry.id
            checked += 1
        elif entry.term("commercial_use").value in ("prohibited", "conditional"):  # pass 4: said with question 4
            assert aup.answer.startswith("no acceptable-use policy and") and "question 4" in aup.answer, entry.id
        else:
            assert aup.answer.startswith("no acceptable-use policy or use restrictions"), entry.id
    assert checked >= 2
