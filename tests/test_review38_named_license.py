"""Review 38 M3: a card whose license section gives the release a general license ("the weights are licensed under
the MIT License") and then some named models of it a license of their own ("Foo-Distill-Llama-8B is derived from
... and is originally licensed under the llama3.1 license") was cited for the general line only, five times, as a
conflict with the metadata that the card itself resolves. The line naming this model is now read (card statement
"named-license-stated") and cited under question 2: agreeing with the metadata, it is said once; disagreeing, it
is the publisher's word beside the metadata. Card lines here are written for the test.
"""

from __future__ import annotations

from typing import Any

from auditor.card import parse_card
from auditor.formats.questions import answers, named_license_for_model

_CARD = (
    "---\nlicense: llama3.1\n---\n# Foo reasoning distills\n\n## License\n"
    "The code and the weights of this release are licensed under the [MIT License](https://example.org/LICENSE).\n"
    "Note that:\n"
    "- Foo-Distill-Qwen-1.5B and Foo-Distill-Qwen-7B are derived from Qwen-2.5 models, which are originally "
    "licensed under [Apache 2.0 License](https://example.org/qwen).\n"
    "- Foo-Distill-Llama-8B is derived from Llama3.1-8B-Base and is originally licensed under "
    "[llama3.1 license](https://example.org/l31).\n"
    "- Our evaluation harness is released under the terms of its own repository.\n"
)


def _named() -> list[dict[str, Any]]:
    return [st.to_dict() for st in parse_card(_CARD, file="README.md").statements
            if st.kind == "named-license-stated"]


def test_a_line_naming_some_models_of_the_release_is_read_with_its_names_and_license() -> None:
    got = {tuple(st["roles"]): (st["as_written"], st["line"]) for st in _named()}
    assert got[("Foo-Distill-Llama-8B",)] == ("llama3.1 license", 10)
    assert got[("Foo-Distill-Qwen-1.5B", "Foo-Distill-Qwen-7B")][0] == "Apache 2.0 License"
    # the base in the object of the sentence ("derived from Llama3.1-8B-Base") is not one of the named models
    assert not any("Llama3.1-8B-Base" in st["roles"] for st in _named())


def _facts(model: str, base: str, own: str = "LicenseRef-Llama-3.1") -> dict[str, Any]:
    named = [{"license": st["as_written"], "line": st["line"], "names": st["roles"], "link": st.get("link")}
             for st in _named()]
    return {"model": {"id": model}, "license": {"ids": [own], "state": "identified"},
            "card": {"present": True, "body_length": 900, "has_base_model": True,
                     "license_stated": {"name": "MIT License", "line": 7, "link": "https://example.org/LICENSE"},
                     "named_license_stated": named},
            "lineage": {"unresolved": [{"id": base, "kind": "model"}], "ancestors": []}}


def test_a_quantized_copy_is_matched_by_its_name_without_the_format_tail() -> None:
    facts = _facts("someone/Foo-Distill-Llama-8B-GGUF", "foo-ai/Foo-Distill-Llama-8B")
    assert named_license_for_model(facts)["line"] == 10
    assert named_license_for_model(_facts("someone/Foo-Distill-Llama-8B-Instruct-v2", "x/y")) is None  # another model


def test_the_agreeing_line_is_cited_once_under_question_two() -> None:
    facts = _facts("someone/Foo-Distill-Llama-8B-GGUF", "foo-ai/Foo-Distill-Llama-8B")
    got = {a.key: a for a in answers(facts)}
    assert "README line 10 gives Foo-Distill-Llama-8B" in got["license"].answer
    assert "the card agrees with it for this model" in got["license"].answer
    for key in ("licensor", "commercial", "derivatives", "contact"):
        assert "README line 7" not in got[key].answer, key  # not repeated in four more answers


def test_a_disagreeing_line_is_the_publishers_word_beside_the_metadata() -> None:
    facts = _facts("someone/Foo-Distill-Qwen-7B-AWQ", "foo-ai/Foo-Distill-Qwen-7B")
    got = {a.key: a for a in answers(facts)}
    assert "README line 9 gives Foo-Distill-Qwen-7B" in got["license"].answer
    assert "where the metadata declares LicenseRef-Llama-3.1" in got["license"].answer
    assert got["commercial"].status == "partial" and "README line 9" in got["commercial"].answer


def test_the_cards_agreeing_line_settles_the_unread_bases_notice_law_and_venue() -> None:
    """The publisher's line gives this model's weights the declared license: questions 2, 4, 5, 9 and 27 still say
    the base is unread, while its notice, law and venue are the declared license's; a disagreeing line leaves them
    open."""
    agreeing = {a.key: a for a in answers(_facts("someone/Foo-Distill-Llama-8B-GGUF", "foo-ai/Foo-Distill-Llama-8B"))}
    assert agreeing["law"].status == "answered" and agreeing["commercial"].status == "partial"
    other = {a.key: a for a in answers(_facts("someone/Foo-Distill-Qwen-7B-AWQ", "foo-ai/Foo-Distill-Qwen-7B"))}
    assert other["law"].status == "partial"
