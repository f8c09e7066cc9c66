"""Review pass 20: what a legal reviewer found wrong in the reports of catalog models no earlier pass read
(HuggingFaceH4/zephyr-7b-gemma-v0.1, bartowski/aya-expanse-32b-GGUF, abacusai/TheProfessor-155b,
Qwen/Qwen2-72B-Instruct, bartowski/Mistral-Small-Instruct-2409-GGUF, microsoft/Phi-3-vision-128k-instruct,
Linaqruf/animagine-xl-2.0, mlabonne/Beyonder-4x7B-v2; then bartowski/arcee-ai_Virtuoso-Large-GGUF and
NousResearch/Hermes-2-Pro-Llama-3-8B-GGUF).

1. Page one's "ship with every copy" action added "the copyright and attribution notices" for every license with an
   attribution duty, beside the "Notice" text file. Gemma §3.1, Llama 2 §1.b.iii, Tongyi Qianwen §3.c and MRL §2.2
   fix one notice text for a Notice file and ask no copyright notice: a duty the texts do not state, and the notice
   said twice. It is now said only where a license asks notices beyond its Notice file (MIT, Apache, CC, OpenRAIL;
   FLUX.1-dev §4.b forbids removing copyright notices, now recorded), or where a license's attribution duty is not
   known (fail closed).
2. Qwen's "keep the notice in a Notice file (§3.c)" was not read as a Notice file, so page one named no Notice file
   for the Qwen license and asked the generic notices instead.
3. The Notice file item cited the attribution term's whole clause (Llama 3 "§1.b.i, §1.b.iii": §1.b.i is the
   "Built with" display; Apache "§4(c), §4(d)" for the NOTICE file of §4(d)).
4. "Sources of the facts" split an origin at every "; ", also inside a parenthesised note (one README copy shown as
   two sources, the second "front matter transcribed in full)"), and marked a third-party README copy as such only
   when its repository was in parentheses.

Catalog lines are hand-written facts in our own words (made-up ids under p20/); real cards are read through the
embedded catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.formats.actions import next_actions, sources
from auditor.formats.questions import ship_items
from auditor.formats.review import model_view
from auditor.pipeline import audit
from tests.reviewdata import audit_catalog

POLICY = "examples/policy.yaml"
_ORIGIN = "hand-written test fixture"
GENERIC = "the copyright and attribution notices"


def _model(model_id: str, card: dict[str, Any], origin: str = _ORIGIN) -> dict[str, Any]:
    return {"id": model_id, "sha": "b" * 40, "gated": False, "private": False, "pipeline_tag": "text-generation",
            "tags": [], "siblings": [{"rfilename": f} for f in ("README.md", "config.json", "model.safetensors")],
            "cardData": card, "_auditor": {"origin": origin}}


COPY_ORIGIN = ("card: someone/readme-copies@" + "c" * 40 + ":cards/p20_copied.md (a copy of the Hub README, seen "
               "in a code search; front matter transcribed in full); mof: lfai/model_openness_tool@" + "d" * 40
               + ":models/copied.yml (MIT License); renamed from p20/old-name: the same revision SHA under both names")
OWN_ORIGIN = "card: p20/own-file@" + "e" * 40 + ":README.md (the publisher's own repository)"

CATALOG = [
    _model("p20/gemma", {"license": "gemma"}),
    _model("p20/llama2", {"license": "llama2"}),
    _model("p20/tongyi", {"license": "other", "license_name": "tongyi-qianwen"}),
    _model("p20/mrl", {"license": "other", "license_name": "mrl"}),
    _model("p20/qwen", {"license": "other", "license_name": "qwen"}),
    _model("p20/llama3", {"license": "llama3"}),
    _model("p20/flux", {"license": "other", "license_name": "flux-1-dev-non-commercial-license"}),
    _model("p20/mit", {"license": "mit"}),
    _model("p20/apache", {"license": "apache-2.0"}),
    _model("p20/openrail", {"license": "creativeml-openrail-m"}),
    _model("p20/apache-on-llama3", {"license": "apache-2.0", "base_model": "p20/llama3"}),
    _model("p20/impact-on-llama2", {"license": "other", "license_name": "ai2-impact-license-low-risk",
                                    "base_model": "p20/llama2"}),
    _model("p20/copied", {"license": "mit"}, COPY_ORIGIN),
    _model("p20/own-file", {"license": "mit"}, OWN_ORIGIN),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return audit_catalog(tmp_path_factory.mktemp("p20"), CATALOG, POLICY)


def _facts(run: Any, model: str) -> dict[str, Any]:
    return next(r for r in run.results if r.model == model).facts


def _ship(run: Any, model: str) -> list[str]:
    return ship_items(_facts(run, model))


# -- 1 and 2. the generic notices only where a license asks them ---------------------------------------------------

@pytest.mark.parametrize(("model", "notice_clause"), [
    ("p20/gemma", "LicenseRef-Gemma §3.1"), ("p20/llama2", "LicenseRef-Llama-2 §1.b.iii"),
    ("p20/tongyi", "LicenseRef-Tongyi-Qianwen §3.c"), ("p20/mrl", "LicenseRef-MRL-0.1 §2.2"),
    ("p20/qwen", "LicenseRef-Qwen §3.c")])
def test_a_notice_file_license_ships_its_notice_file_and_no_copyright_notices(run: Any, model: str,
                                                                             notice_clause: str) -> None:
    items = _ship(run, model)
    assert items[0] == f'the "Notice" text file with the notice text {notice_clause} fixes (question 7)'
    assert GENERIC not in items
    assert "a copy of the license" in items


@pytest.mark.parametrize("model", ["p20/mit", "p20/apache", "p20/openrail"])
def test_a_license_that_keeps_copyright_notices_still_asks_them(run: Any, model: str) -> None:
    items = _ship(run, model)
    assert GENERIC in items
    assert not any("Notice\" text file" in i for i in items)  # none of them fixes a Notice file text


def test_flux_keeps_both_its_notice_file_and_its_copyright_notices(run: Any) -> None:
    items = _ship(run, "p20/flux")
    assert items[0].startswith('the "Notice" text file with the notice text LicenseRef-FLUX.1-dev-Non-Commercial')
    assert items[0].endswith("§3.b fixes (question 7)")
    assert GENERIC in items  # §4.b: copyright notices on the model may not be altered or removed


def test_an_apache_model_on_a_llama3_base_keeps_apaches_notices_beside_llamas_notice_file(run: Any) -> None:
    items = _ship(run, "p20/apache-on-llama3")
    assert items[0] == 'the "Notice" text file with the notice text LicenseRef-Llama-3 §1.b.iii fixes (question 7)'
    assert ("the attributions of the model's (and any base's) NOTICE file, if it has one (Apache-2.0 §4(d): no fixed "
            "text)") in items
    assert GENERIC in items


def test_an_unknown_attribution_duty_does_not_drop_the_generic_notices(run: Any) -> None:
    facts = _facts(run, "p20/impact-on-llama2")
    assert "LicenseRef-AI2-ImpACT-LR" in facts["license"]["effective_ids"]
    items = ship_items(facts)
    assert items[0].startswith('the "Notice" text file with the notice text LicenseRef-Llama-2 §1.b.iii')
    assert GENERIC in items  # the ImpACT terms' attribution is not known: not dropped on Llama 2's word


def test_page_one_says_the_notice_file_once(run: Any) -> None:
    result = next(r for r in run.results if r.model == "p20/gemma")
    texts = [a.text for a in next_actions(model_view(result, run), run)]
    ship = [t for t in texts if t.startswith("With every copy you distribute")]
    assert len(ship) == 1 and ship[0].count("Notice") == 1 and "copyright" not in ship[0]


# -- 3. the clause of the Notice file ------------------------------------------------------------------------------

def test_the_notice_file_clause_is_not_the_display_clause(run: Any) -> None:
    items = _ship(run, "p20/llama3")
    assert "LicenseRef-Llama-3 §1.b.iii fixes" in items[0]
    assert "§1.b.i," not in items[0]
    assert "§5.b" not in _ship(run, "p20/qwen")[0]


# -- 4. the sources of the facts -----------------------------------------------------------------------------------

def test_a_parenthesised_note_stays_with_its_source_and_the_copy_is_named(run: Any) -> None:
    result = next(r for r in run.results if r.model == "p20/copied")
    found = sources(model_view(result, run))
    assert len(found) == 3
    card = found[0]
    assert card.kind == "secondary"
    assert card.what.startswith("third-party copy held by someone/readme-copies: card: someone/readme-copies@")
    assert card.what.endswith("front matter transcribed in full)")
    assert found[1].what.startswith("third-party copy held by lfai/model_openness_tool: mof: ")
    # a recorded note naming no holder is not called a copy
    assert found[2] == type(card)("secondary", "renamed from p20/old-name: the same revision SHA under both names")


def test_the_publishers_own_file_is_primary(run: Any) -> None:
    result = next(r for r in run.results if r.model == "p20/own-file")
    found = sources(model_view(result, run))
    assert [s.kind for s in found] == ["primary"]
    assert found[0].what.startswith("the publisher's own file (p20/own-file): card: p20/own-file@")


# -- the real reports read in this pass ------------------------------------------------------------------------------

REAL = ["HuggingFaceH4/zephyr-7b-gemma-v0.1", "Qwen/Qwen2-72B-Instruct", "bartowski/Mistral-Small-Instruct-2409-GGUF",
        "abacusai/TheProfessor-155b", "bartowski/arcee-ai_Virtuoso-Large-GGUF", "microsoft/Phi-3-vision-128k-instruct"]


@pytest.fixture(scope="module")
def real_run() -> Any:
    return audit(REAL, policy=POLICY, offline=True, allow_incomplete=True)


@pytest.mark.parametrize(("model", "generic"), [
    ("HuggingFaceH4/zephyr-7b-gemma-v0.1", False), ("Qwen/Qwen2-72B-Instruct", False),
    ("bartowski/Mistral-Small-Instruct-2409-GGUF", False), ("abacusai/TheProfessor-155b", False),
    ("bartowski/arcee-ai_Virtuoso-Large-GGUF", False), ("microsoft/Phi-3-vision-128k-instruct", True)])
def test_real_ship_items(real_run: Any, model: str, generic: bool) -> None:
    items = ship_items(next(r for r in real_run.results if r.model == model).facts)
    assert (GENERIC in items) is generic
    assert any(i.startswith('the "Notice" text file') for i in items) is not generic


def test_real_readme_copy_is_one_source(real_run: Any) -> None:
    result = next(r for r in real_run.results if r.model == "Qwen/Qwen2-72B-Instruct")
    found = sources(model_view(result, real_run))
    # one source for the card, its statements and its prose length, all read from the same copy (cardcopies3)
    assert len(found) == 1 and found[0].what.startswith(
        "third-party copy held by YinanWusoymilk/hf-readme: card, card_statements, card_body_length: ")
    assert "front matter transcribed in full" in found[0].what


def test_flux_kb_note_cites_its_copyright_clause() -> None:
    from auditor.licenses.kb import load_kb  # lazy: only this test reads the base directly

    for license_id in ("LicenseRef-FLUX.1-dev-Non-Commercial-1.0", "LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1"):
        note = str(load_kb().get(license_id).term("attribution").get("note"))
        assert "copyright and other proprietary notices" in note and "(§4.b)" in note


def test_the_corpus_text_says_what_the_flux_note_records(corpus: Path) -> None:
    for name in ("flux-1-dev-non-commercial-license.txt", "flux-1-dev-non-commercial-license_v1.0_2024-08-01.txt"):
        body = (corpus / "licenses" / name).read_text(encoding="utf-8")
        assert "alter or remove copyright and other proprietary notices" in body


# -- 5. question 28 of a model whose license was not identified -------------------------------------------------------

UNKNOWN = [_model("p20/no-license", {}),
           _model("p20/other-no-text", {"license": "other", "license_name": "acme-private-terms"}),
           _model("p20/mit-listed", {"license": "mit"})]


def _policy_answer(run: Any, model: str) -> Any:
    from tests.reviewdata import answer_of  # lazy: only these tests read one answer

    return answer_of(run, model, "policy")


def test_question_28_says_the_policy_setting_for_an_unknown_license(tmp_path: Path) -> None:
    run = audit_catalog(tmp_path, UNKNOWN, POLICY)
    none = _policy_answer(run, "p20/no-license")
    assert none.status == "answered"
    assert none.answer.startswith("no license is declared or found (license state: none)")
    assert "licenses.unknown: fail (rule LIC004): the model fails the policy" in none.answer
    other = _policy_answer(run, "p20/other-no-text")
    assert other.status == "answered"
    assert "licenses.custom: fail (rule LIC006)" in other.answer and "no license text was found" in other.answer
    # near miss: a license the lists judge is answered from the lists, not from the unknown setting
    listed = _policy_answer(run, "p20/mit-listed")
    assert listed.answer == "allowed: MIT" and "LIC004" not in listed.answer


def test_question_28_follows_the_policy_not_a_fixed_sentence(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: p20 lenient\nlicenses:\n  unknown: warn\n  custom: note\n"
                      "rules:\n  LIC006: {enabled: false}\n", encoding="utf-8")
    run = audit_catalog(tmp_path, UNKNOWN, str(policy))
    none = _policy_answer(run, "p20/no-license").answer
    assert "licenses.unknown: warn (rule LIC004): a warning" in none and "fails the policy" not in none
    other = _policy_answer(run, "p20/other-no-text").answer
    assert "rule LIC006 is disabled in the policy's rules" in other and "licenses.custom: note" not in other


def test_question_28_a_severity_override_governs_the_answer(tmp_path: Path) -> None:
    """Review 25, finding 7: `licenses.custom: note` with LIC006 raised to error fails the model; the answer said
    "the policy lets the model pass" beside a fail verdict. The override is what the engine applies."""
    policy = tmp_path / "policy.yaml"
    policy.write_text("name: p20 raised\nlicenses:\n  unknown: fail\n  custom: note\n"
                      "rules:\n  LIC006: {severity: error}\n  LIC004: {severity: note}\n", encoding="utf-8")
    run = audit_catalog(tmp_path, UNKNOWN, str(policy))
    other = _policy_answer(run, "p20/other-no-text").answer
    assert "rule LIC006 at severity error" in other and "the model fails the policy" in other
    assert "lets the model pass" not in other
    lowered = _policy_answer(run, "p20/no-license").answer  # the other way: fail lowered to a note
    assert "rule LIC004 at severity note" in lowered and "lets the model pass" in lowered
    assert "fails the policy" not in lowered
    verdicts = {r.model: r.verdict for r in run.results}
    assert verdicts["p20/other-no-text"] == "fail"  # the answer agrees with the verdict


# -- 6. question 1 of a derivative whose base could not be read --------------------------------------------------------

UNREAD = [_model("p20/merge-of-unread", {"license": "llama2", "base_model": ["p20x/tune-one", "p20y/tune-two"]}),
          _model("p20/own-unread-base", {"license": "llama2", "base_model": "p20/own-sft"}),
          _model("p20/quant-of-meta", {"license": "llama2", "base_model": "meta-llama/p20-not-in-catalog"}),
          _model("p20/read-base-tune", {"license": "llama2", "base_model": "p20/llama2"}),
          _model("p20/llama2", {"license": "llama2"})]


def _licensor_answer(run: Any, model: str) -> Any:
    from tests.reviewdata import answer_of  # lazy: only these tests read one answer

    return answer_of(run, model, "licensor")


def test_question_1_says_an_unread_base_maker_may_hold_rights(tmp_path: Path) -> None:
    run = audit_catalog(tmp_path, UNREAD, POLICY)
    merged = _licensor_answer(run, "p20/merge-of-unread")
    assert merged.status == "partial"
    assert merged.answer.startswith("Meta Platforms Ireland Limited")
    assert ("the base models p20x/tune-one, p20y/tune-two could not be read, and whoever made them may hold rights"
            in merged.answer)
    # near misses: the publisher's own base, a base of the licensor's own organisation, and a base that was read
    for model in ("p20/own-unread-base", "p20/quant-of-meta", "p20/read-base-tune"):
        answer = _licensor_answer(run, model)
        assert answer.status == "answered", model
        assert "could not be read" not in answer.answer, model


# -- 7. the pass-on duty referred to once on page one ------------------------------------------------------------------

@pytest.mark.parametrize(("model", "said"), [
    ("p20/gemma", "Accept and follow the use policy and write it into your terms with recipients"),
    # OpenRAIL writes its restrictions in the license (Attachment A): no separate policy to accept
    ("p20/openrail", "Follow the use restrictions written in the license and write them into your terms with "
                     "recipients"),
])
def test_the_pass_on_obligation_is_referred_to_by_the_use_policy_action_only(run: Any, model: str, said: str) -> None:
    result = next(r for r in run.results if r.model == model)
    view = model_view(result, run)
    pass_on = [f"O{i}" for i, ob in enumerate(view.obligations, 1)
               if ob.text.startswith("Pass the use restrictions on")]
    assert len(pass_on) == 1
    actions = next_actions(view, run)
    holding = [a for a in actions if pass_on[0] in a.refs]
    assert len(holding) == 1
    assert holding[0].text == said


def test_without_a_pass_on_duty_the_carry_refs_stay_with_the_ship_action(run: Any) -> None:
    # near miss: Llama 2 binds derivatives to the use restrictions but asks no clause in the licensee's own terms
    result = next(r for r in run.results if r.model == "p20/llama2")
    view = model_view(result, run)
    bound = [f"O{i}" for i, ob in enumerate(view.obligations, 1) if ob.text.startswith("Derivatives and their use")]
    assert len(bound) == 1
    ship = next(a for a in next_actions(view, run) if a.text.startswith("With every copy you distribute"))
    assert bound[0] in ship.refs
    policy = next(a for a in next_actions(view, run) if a.text.startswith("Accept and follow the use policy"))
    assert policy.text == "Accept and follow the use policy" and bound[0] not in policy.refs


@pytest.mark.parametrize(("base", "licensor", "named"), [
    ("meta-math/MetaMath-7B", "Meta Platforms, Inc.", False),  # review 25, finding 8: a part of the owner is no match
    ("the-bloke/x", "The Apache Software Foundation", False),
    ("open-orca/Mistral-7B-OpenOrca", "OpenAI, Inc.", False),
    ("mistral-community/Mixtral-8x22B-v0.1", "Mistral AI", False),  # a community org is not the maker
    ("meta-llama/Llama-2-7b-hf", "Meta Platforms, Inc.", True),  # the Llama 2 family's own Hub owners
    ("facebook/opt-x", "Meta Platforms, Inc.", True),
    ("mistralai/Mistral-7B-v0.1", "Mistral AI", True),  # the whole owner names the licensor
    ("google/gemma-7b", "Google LLC", True),
    ("me/own-sft", "Someone Else", True),  # the publisher's own base
])
def test_question_1_names_an_unread_bases_maker_only_by_its_whole_owner(base: str, licensor: str, named: bool
                                                                          ) -> None:
    from auditor.formats.questions import _maker_named  # lazy: one helper of the answer under test

    facts = {"model": {"id": "me/model"}, "license": {"ids": ["LicenseRef-Llama-2"]}}
    assert _maker_named(facts, base, licensor) is named
