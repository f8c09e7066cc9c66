"""Review pass 33 (issue 19): the classes a simulated legal review of eight catalog models found (FINDINGS33).

W1. A Hub access-request form read as a license-acceptance gate whatever it asks: Mistral-7B-v0.1's only key is
    `extra_gated_description`, a privacy-notice link, yet a fine-tune of it was told to "accept the license of the
    gated base (Apache-2.0)". A form is a license gate only when its words name a license, agreement, terms or use
    policy (or a part of it was not recorded: fail closed); a permissive base asks no acceptance whatever its form.

Catalog lines are hand-written facts in our own words (made-up ids under p33/); real records are read through the
embedded catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.formats.actions import next_actions
from auditor.formats.questions import gated_bases
from auditor.formats.review import model_view
from auditor.model import ModelRecord, gate_form_asks
from tests.reviewdata import answer_of, audit_catalog
from tests.test_review_pass10 import _model

POLICY = "examples/policy.yaml"
PRIVACY = ('If you want to learn more about how we process your personal data, please read our '
           '<a href="https://example.org/terms/">Privacy Policy</a>.')


def _unrecorded(line: dict[str, Any]) -> dict[str, Any]:
    line["gated"] = None
    line["sha"] = None
    return line


CATALOG = [
    # a permissive base whose form only links a privacy notice (the link's address says "terms": not a word shown)
    _unrecorded(_model("p33/privacy-form-apache", {"license": "apache-2.0", "extra_gated_description": PRIVACY})),
    # a non-permissive base with the same privacy-only form: still no acceptance asked at that form
    _unrecorded(_model("p33/privacy-form-llama", {"license": "llama3.1", "extra_gated_description": PRIVACY})),
    # a non-permissive base whose form asks acceptance in a field label
    _unrecorded(_model("p33/terms-form-llama", {"license": "llama3.1", "extra_gated_fields": {
        "Name": "text", "I accept the terms of the license": "checkbox"}})),
    # a permissive base whose form does ask acceptance: Apache's grant still needs none
    _unrecorded(_model("p33/terms-form-apache", {"license": "apache-2.0",
                                                  "extra_gated_button_content": "Acknowledge license"})),
    _unrecorded(_model("p33/tune-privacy-apache", {"license": "apache-2.0", "base_model": "p33/privacy-form-apache",
                                                   "base_model_relation": "finetune"})),
    _unrecorded(_model("p33/tune-privacy-llama", {"license": "llama3.1", "base_model": "p33/privacy-form-llama",
                                                  "base_model_relation": "finetune"})),
    _unrecorded(_model("p33/tune-terms-llama", {"license": "llama3.1", "base_model": "p33/terms-form-llama",
                                                "base_model_relation": "finetune"})),
    _unrecorded(_model("p33/quant-terms-apache", {"license": "apache-2.0", "base_model": "p33/terms-form-apache",
                                                  "base_model_relation": "quantized"})),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass33"), CATALOG, POLICY)


def _result(run: Any, model: str) -> Any:
    return next(r for r in run.results if r.model == model)


def _actions(run: Any, model: str) -> list[str]:
    return [a.text for a in next_actions(model_view(_result(run, model)), run)]


# -- W1: what the gate form asks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("card", "omitted", "asks"), [
    ({"extra_gated_description": PRIVACY}, {}, "contact"),
    ({"extra_gated_fields": {"Name": "text", "Email": "text", "Country": "country"}}, {}, "contact"),
    ({"extra_gated_fields": {"I agree to use this model for non-commercial use ONLY": "checkbox"}}, {}, "terms"),
    ({"extra_gated_heading": "Acknowledge license to access the repository"}, {}, "terms"),
    ({"extra_gated_prompt": "By submitting you agree to the [Acceptable Use Policy](https://x.org/aup)."}, {},
     "terms"),
    ({"extra_gated_description": PRIVACY}, {"card.extra_gated_prompt": {"sha256": "0" * 64, "length": 900}},
     "terms"),  # a prompt left out of the recording: its words unknown, fail closed
    ({"extra_gated_eu_disallowed": True}, {}, "terms"),  # a switch alone: what the form shows is unknown
    ({"license": "mit"}, {}, ""),
])
def test_gate_form_asks_reads_the_words_not_the_keys(card: dict[str, Any], omitted: dict[str, Any],
                                                      asks: str) -> None:
    record = ModelRecord(id="org/m", source="catalog", card=card, omitted=omitted)
    assert gate_form_asks(record) == asks


def test_a_privacy_only_form_on_a_permissive_base_asks_no_acceptance(run: Any) -> None:
    facts = _result(run, "p33/tune-privacy-apache").facts
    assert gated_bases(facts) == []
    gate = answer_of(run, "p33/tune-privacy-apache", "gate")
    assert "privacy notice" in gate.answer and "no license acceptance is owed" in gate.answer
    assert "must be accepted" not in gate.answer
    assert not any("gated base" in t for t in _actions(run, "p33/tune-privacy-apache"))
    acceptance = answer_of(run, "p33/tune-privacy-apache", "acceptance")
    assert "p33/privacy-form-apache" not in acceptance.answer


def test_a_privacy_only_form_on_a_community_base_is_not_a_license_gate(run: Any) -> None:
    assert gated_bases(_result(run, "p33/tune-privacy-llama").facts) == []
    assert not any("gated base" in t for t in _actions(run, "p33/tune-privacy-llama"))


def test_a_permissive_base_asks_no_acceptance_whatever_its_form(run: Any) -> None:
    assert gated_bases(_result(run, "p33/quant-terms-apache").facts) == []
    gate = answer_of(run, "p33/quant-terms-apache", "gate")
    assert "permissive license whose grant asks no acceptance" in gate.answer


def test_near_miss_a_terms_form_on_a_community_base_still_binds(run: Any) -> None:
    facts = _result(run, "p33/tune-terms-llama").facts
    assert [a["id"] for a in gated_bases(facts)] == ["p33/terms-form-llama"]
    asked = [t for t in _actions(run, "p33/tune-terms-llama") if t.startswith("Accept the license of the gated base")]
    # a fine-tune holds weights made from the base's, never "holds its weights" (a copy the audit never saw)
    assert asked and "weights were made from the base's (fine-tuning)" in asked[0]
    assert "this copy holds its weights" not in asked[0]


def test_a_card_with_a_privacy_only_form_says_so_in_its_own_gate_answer(run: Any) -> None:
    gate = answer_of(run, "p33/privacy-form-apache", "gate")
    assert gate.status == "partial" and "names no license or use policy to accept" in gate.answer
    assert "asks for its terms to be accepted" not in gate.answer
    acceptance = answer_of(run, "p33/privacy-form-apache", "acceptance")
    assert "contact details only" in acceptance.answer and "so there are terms to accept" not in acceptance.answer


def test_real_mistral_fine_tunes_are_not_sent_to_accept_apache() -> None:
    """The embedded catalog: every model whose base is mistralai/Mistral-7B-v0.1 (a privacy-notice form only)."""
    from auditor import pipeline  # lazy: one audit over real records

    ids = ["teknium/OpenHermes-2.5-Mistral-7B", "HuggingFaceH4/zephyr-7b-beta"]
    run = pipeline.audit(ids, policy=POLICY, offline=True, allow_incomplete=True)
    for result in run.results:
        assert "mistralai/Mistral-7B-v0.1" in {a["id"] for a in result.facts["lineage"]["ancestors"]}
        assert gated_bases(result.facts) == []
        texts = [a.text for a in next_actions(model_view(result), run)]
        assert not any("Mistral-7B-v0.1" in t and t.startswith("Accept") for t in texts)


# -- W2: the card's own usage code loading the repository with trust_remote_code=True -----------------------------

from auditor.card import parse_card  # noqa: E402
from auditor.card_remote_code import remote_code_snippets  # noqa: E402


def _snippet(code: str) -> list[tuple[str, int]]:
    return remote_code_snippets(f"# A model\n\nLoad it:\n\n```python\n{code}\n```\n")


@pytest.mark.parametrize(("code", "found"), [
    ('model = AutoModel.from_pretrained("org/m", trust_remote_code=True)', [("org/m", 6)]),
    ('model = AutoModelForCausalLM.from_pretrained(\n    "org/m",\n    device_map="auto",\n'
     '    trust_remote_code=True,\n)', [("org/m", 9)]),
    ('model_id = "org/m"\nmodel = AutoModel.from_pretrained(model_id, trust_remote_code=True)', [("org/m", 7)]),
    ('m = SentenceTransformer("org/m", trust_remote_code=True)', [("org/m", 6)]),
    ("vllm serve org/m --trust-remote-code", [("org/m", 6)]),
    ('pipe = pipeline(model="org/m", kwargs={"trust_remote_code": True})', [("org/m", 6)]),
    # near misses: commented out, False, a tokenizer alone, no id, outside a fenced block
    ('# model = AutoModel.from_pretrained("org/m", trust_remote_code=True)', []),
    ('model = AutoModel.from_pretrained("org/m")  # trust_remote_code=True if old transformers', []),
    ('model = AutoModel.from_pretrained("org/m", trust_remote_code=False)', []),
    ("vllm serve org/m --trust-remote-code=false", []),
    ('tok = AutoTokenizer.from_pretrained("org/m", trust_remote_code=True)\n'
     'model = LlamaForCausalLM.from_pretrained("org/m")', []),
    ('model = AutoModel.from_pretrained(path, trust_remote_code=True)', []),
])
def test_the_reader_finds_the_id_a_trust_remote_code_call_loads(code: str, found: list[tuple[str, int]]) -> None:
    assert _snippet(code) == found


def test_near_miss_prose_saying_trust_remote_code_is_not_code() -> None:
    body = "# A model\n\nLoad `org/m` with trust_remote_code=True on transformers < 4.37.\n"
    assert remote_code_snippets(body) == []


def test_the_statement_carries_the_readme_line() -> None:
    card = ("---\nlicense: mit\n---\n# M\n\n```python\nm = AutoModel.from_pretrained(\"org/m\", "
            "trust_remote_code=True)\n```\n")
    statements = [st for st in parse_card(card).statements if st.kind == "remote-code-snippet"]
    assert [(st.as_written, st.line) for st in statements] == [("org/m", 7)]


def _with_snippet(model_id: str, loaded: str, **line: Any) -> dict[str, Any]:
    out = _model(model_id, {"license": "mit"})
    out["siblings"] = None
    out["_auditor"] = {**out["_auditor"], "card_statements": [
        {"kind": "remote-code-snippet", "as_written": loaded, "line": 42}]}
    out.update(line)
    return out


REMOTE = [
    _with_snippet("p33/own-remote", "p33/own-remote"),
    _with_snippet("p33/other-remote", "p33/some-other-model"),
    # the file list is known and holds no code: the card's flag is moot
    {**_with_snippet("p33/listed-remote", "p33/listed-remote"),
     "siblings": [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")]},
]


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass33w2"), REMOTE, POLICY)


def _sec(run: Any, model: str) -> dict[str, Any]:
    return {f.rule: f for f in _result(run, model).findings if f.rule.startswith("SEC")}


def test_a_card_loading_its_own_repository_with_remote_code_fails_under_trust_remote_code_fail(remote: Any) -> None:
    result = _result(remote, "p33/own-remote")
    assert result.facts["files"]["remote_code"] is True
    sec002 = _sec(remote, "p33/own-remote")["SEC002"]
    assert str(sec002.severity) in ("error", "Severity.ERROR") and "README line 42" in sec002.message
    assert result.verdict == "fail"


def test_near_miss_a_card_loading_another_model_says_nothing_of_its_own_code(remote: Any) -> None:
    assert _result(remote, "p33/other-remote").facts["files"]["remote_code"] is False
    assert "SEC002" not in _sec(remote, "p33/other-remote")


def test_near_miss_a_known_file_list_decides_over_the_cards_flag(remote: Any) -> None:
    assert _result(remote, "p33/listed-remote").facts["files"]["remote_code"] is False
    assert "SEC002" not in _sec(remote, "p33/listed-remote")


def test_real_phi3_and_jina_records_fail_closed_with_file_and_line() -> None:
    from auditor import pipeline  # lazy: one audit over real records

    run = pipeline.audit(["microsoft/Phi-3-mini-4k-instruct", "jinaai/jina-embeddings-v3"], policy=POLICY,
                         offline=True, allow_incomplete=True)
    for result in run.results:
        sec002 = next(f for f in result.findings if f.rule == "SEC002")
        assert "trust_remote_code=True (README line " in sec002.message and result.verdict == "fail"


# -- E1: no local path of the developer's corpus in shipped data or a rendered report ------------------------------

import re  # noqa: E402

_LOCAL_PATH = re.compile(r"(?:\.\./)+shared/|/work/|/home/|/tmp/")
_REPO = Path(__file__).resolve().parents[1]


def test_no_shipped_data_or_rules_file_names_a_local_path() -> None:
    """A report quotes the origins of auditor/data and rules/ (dataset notes, catalog origins, license notes): a
    reviewer cannot open "../shared/corpus/cards/..." (review pass 33, E1); cite repo@sha:path instead."""
    checked = 0
    for folder in (_REPO / "auditor" / "data", _REPO / "rules"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".json", ".jsonl", ".yaml", ".yml", ".md", ".tsv", ".txt"):
                checked += 1
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    assert not _LOCAL_PATH.search(line), f"{path.relative_to(_REPO)}:{number}"
    assert checked > 50


def test_no_rendered_report_holds_a_local_path() -> None:
    from auditor import pipeline  # lazy: real records rendered
    from auditor.formats import REGISTRY, RenderContext  # lazy: as above

    ids = ["EleutherAI/pythia-160m", "meta-llama/Llama-3.1-8B-Instruct", "google-bert/bert-base-uncased"]
    run = pipeline.audit(ids, policy=POLICY, offline=True, allow_incomplete=True)
    for name in ("review-markdown", "html", "json"):
        text = REGISTRY[name].render(run, RenderContext()).decode("utf-8")
        found = _LOCAL_PATH.search(text)
        assert found is None, (name, text[max(found.start() - 120, 0):found.end() + 60] if found else "")


# -- E2: the license the card's prose names drives the obligations and the notice, as it drives the questions -------


PROSE_CARD = {"license": "unknown"}


def _prose_line(model_id: str) -> dict[str, Any]:
    out = _model(model_id, PROSE_CARD)
    out["_auditor"] = {**out["_auditor"], "card_statements": [
        {"kind": "license-stated", "as_written": "Gemma Terms of Use", "line": 12}]}
    return out


def test_obligations_and_notice_follow_the_prose_named_license(tmp_path: Path) -> None:
    from auditor.notice import model_notice  # lazy: the notice of one record

    run = audit_catalog(tmp_path, [_prose_line("p33/prose-licensed")], POLICY)
    result = _result(run, "p33/prose-licensed")
    assert result.facts["terms"]["commercial_use"]["value"] == "unknown"  # the facts and the verdict stay as they are
    view = model_view(result)
    assert view.obligations and not any(ob.unknown for ob in view.obligations)
    said = " ".join(ob.text for ob in view.obligations)
    assert "LicenseRef-Gemma" in " ".join(str(o) for ob in view.obligations for o in ob.origins)
    assert "Not established" not in said
    notice = model_notice(result.record, result.facts, hub=None, offline=True, requested="p33/prose-licensed")
    assert notice.attribution and "README line 12" in (notice.license or "")
    assert any("README line 12" in s for s in notice.attribution_sources)


def test_near_miss_a_declared_license_is_not_replaced_by_the_prose(tmp_path: Path) -> None:
    line = _prose_line("p33/declared-mit")
    line["cardData"] = {"license": "mit"}
    run = audit_catalog(tmp_path, [line], POLICY)
    origins = " ".join(str(o) for ob in model_view(_result(run, "p33/declared-mit")).obligations for o in ob.origins)
    assert "LicenseRef-Gemma" not in origins


def test_real_falcon_11b_obligations_and_notice_carry_the_publication_statement() -> None:
    from auditor import pipeline  # lazy: a real record
    from auditor.notice import model_notice  # lazy: as above

    run = pipeline.audit(["tiiuae/falcon-11B"], policy=POLICY, offline=True, allow_incomplete=True)
    result = run.results[0]
    view = model_view(result)
    assert not any(ob.unknown for ob in view.obligations)
    notice = model_notice(result.record, result.facts, hub=None, offline=True, requested="tiiuae/falcon-11B")
    assert any("Falcon LLM technology" in a for a in notice.attribution)


# -- P7: the Falcon 2 entry's naming clause (§8, pointing at §6) and the scope of its output restriction (§5.2) -----


def test_falcon_2_naming_and_output_terms_carry_their_clauses() -> None:
    from auditor.licenses.kb import load_kb  # lazy: the knowledge base

    entry = load_kb().get("LicenseRef-Falcon-2-11B-TII-1.0")
    assert entry is not None
    naming, outputs = entry.term("naming"), entry.term("output_training")
    assert naming is not None and naming.clause == "§8" and "§6" in str(naming.get("note"))
    assert outputs is not None and outputs.clause == "§5.2" and "Acceptable Use Policy" in str(outputs.get("note"))


# -- P3: training-data quotes read whole sentences, from the right section ------------------------------------------


def _data_statements(prose: str) -> dict[str, tuple[str, int]]:
    card = f"---\nlicense: mit\n---\n{prose}"
    return {st.kind: (st.as_written, st.line) for st in parse_card(card).statements
            if st.kind in ("training-data-sentence", "training-data-section")}


def test_a_sentence_wrapped_at_the_line_end_is_read_across_the_break() -> None:
    found = _data_statements("# M\n\nAll sizes are trained on the exact\nsame data, in the same order.\n")
    assert found["training-data-sentence"] == ("the exact same data", 6)


def test_near_miss_a_paragraph_break_ends_the_sentence() -> None:
    found = _data_statements("# M\n\nAll sizes are trained on the exact\n\nSame words in a new paragraph.\n")
    assert found["training-data-sentence"] == ("the exact", 6)


def test_a_comma_between_adjectives_does_not_cut_the_data() -> None:
    found = _data_statements("# M\n\nIt was trained on a mix of publicly available, synthetic datasets using DPO.\n")
    assert found["training-data-sentence"][0] == "a mix of publicly available, synthetic datasets"


def test_near_miss_a_comma_after_a_name_still_ends_it() -> None:
    found = _data_statements("# M\n\nThe models are trained on PixMo, a dataset of captions.\n")
    assert found["training-data-sentence"][0] == "PixMo"


def test_a_limitation_is_not_the_training_data_when_a_datasets_section_exists() -> None:
    prose = ("# M\n\n## Limitations\n\n+ Quality: the models are trained primarily on English text.\n\n"
             "## Training\n\n* Training data: 4.9T tokens\n\n### Datasets\n\nPublic documents and synthetic data.\n")
    found = _data_statements(prose)
    assert "training-data-sentence" not in found
    assert found["training-data-section"] == ("Datasets", 14)  # the heading, not the bullet before it


def test_near_miss_a_limitation_is_kept_when_the_card_says_nothing_else_of_its_data() -> None:
    found = _data_statements("# M\n\n## Limitations\n\nIt was trained on various public datasets.\n")
    assert found["training-data-sentence"] == ("various public datasets", 8)


# -- P5/P6: statements the card makes in sentences: who trained it, where to ask for commercial use, the data -------


def _statements(prose: str) -> list[tuple[str, str, int, tuple[str, ...]]]:
    card = f"---\nlicense: cc-by-nc-4.0\n---\n{prose}"
    return [(st.kind, st.as_written, st.line, st.roles) for st in parse_card(card).statements
            if st.kind in ("holder-stated", "contact-stated", "training-data-sentence")]


def test_a_sentence_naming_who_trained_the_model_states_its_developer() -> None:
    found = _statements('# M\n\n<b>The embedding model trained by <a href="https://x.example/"><b>Acme AI</b></a>.'
                        '</b>\n')
    assert found == [("holder-stated", "Acme AI", 6, ("developer",))]


def test_near_miss_trained_by_the_community_names_no_developer() -> None:
    assert _statements("# M\n\nThis model was trained by the community on shared GPUs.\n") == []


def test_a_commercial_inquiry_sentence_gives_the_commercial_contact() -> None:
    found = _statements("# M\n\n## License\n\nFor commercial usage inquiries, feel free to "
                        "[contact us](https://acme.example/contact-sales/).\n")
    assert found == [("contact-stated", "https://acme.example/contact-sales/", 8, ("commercial",))]


def test_near_miss_a_commercial_sentence_without_a_contact_gives_none() -> None:
    assert _statements("# M\n\nCommercial use is allowed, see [the license](https://acme.example/license).\n") == []


def test_the_commercial_contact_reaches_question_27(tmp_path: Path) -> None:
    line = _model("p33/nc-contact", {"license": "cc-by-nc-4.0"})
    line["_auditor"] = {**line["_auditor"], "card_statements": [
        {"kind": "contact-stated", "as_written": "https://acme.example/sales", "line": 40, "roles": ["commercial"]}]}
    run = audit_catalog(tmp_path, [line], POLICY)
    contact = answer_of(run, "p33/nc-contact", "contact")
    said = "where the card says to ask about commercial use: https://acme.example/sales (README line 40)"
    assert said in contact.answer


def test_a_count_with_thousands_separators_does_not_cut_the_data_sentence() -> None:
    found = _statements("# M\n\nIt was trained on 1,000,000 entries of primarily GPT-4 generated data, and more.\n")
    assert found == [("training-data-sentence", "1,000,000 entries of primarily GPT-4 generated data", 6, ())]


# -- P2: the ancestor a card's "fine-tuned version of X" names, followed above an unresolved declared base ---------


def _dpo(model_id: str, declared: str, stated: str) -> dict[str, Any]:
    out = _model(model_id, {"license": "gemma", "base_model": declared})
    out["_auditor"] = {**out["_auditor"], "card_statements": [
        {"kind": "base-stated", "as_written": stated, "line": 35, "roles": ["finetuned-version"]}]}
    return out


STATED = [
    _model("p33/gemma-like", {"license": "gemma"}),
    _model("p33/sft-known", {"license": "gemma", "base_model": "p33/other-start"}),
    _model("p33/other-start", {"license": "gemma"}),
    _dpo("p33/dpo-missing-sft", "p33/sft-not-catalogued", "p33/gemma-like"),
    _dpo("p33/dpo-missing-both", "p33/sft-not-catalogued", "p33/also-not-catalogued"),
    _dpo("p33/dpo-known-sft", "p33/sft-known", "p33/gemma-like"),
]


@pytest.fixture(scope="module")
def stated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("pass33p2"), STATED, POLICY)


def _ancestors(run: Any, model: str) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in _result(run, model).facts["lineage"]["ancestors"]}


def test_the_stated_ancestor_is_followed_above_an_unresolved_declared_base(stated: Any) -> None:
    ancestors = _ancestors(stated, "p33/dpo-missing-sft")
    assert ancestors["p33/sft-not-catalogued"]["resolved"] is False
    assert ancestors["p33/gemma-like"]["resolved"] is True and ancestors["p33/gemma-like"]["license"]
    inherited = _result(stated, "p33/dpo-missing-sft").facts["lineage"]["inherited"]
    assert any(i["from"] == "p33/gemma-like" for i in inherited)
    assert any(f.rule == "LIN002" for f in _result(stated, "p33/dpo-missing-sft").findings)  # still said


def test_near_miss_a_stated_model_no_source_holds_stays_unfollowed(stated: Any) -> None:
    assert "p33/also-not-catalogued" not in _ancestors(stated, "p33/dpo-missing-both")
    assert sum(f.rule == "LIN002" for f in _result(stated, "p33/dpo-missing-both").findings) == 1


def test_near_miss_a_readable_declared_base_is_followed_and_the_disagreement_reported(stated: Any) -> None:
    ancestors = _ancestors(stated, "p33/dpo-known-sft")
    assert "p33/sft-known" in ancestors and "p33/gemma-like" not in ancestors
    findings = _result(stated, "p33/dpo-known-sft").findings
    assert any(f.rule == "LIN012" and "fine-tuned from p33/gemma-like" in f.message for f in findings)
