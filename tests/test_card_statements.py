"""Facts a card's prose states (the code license), read as data with their README line.

The sentences below are written for these tests in the shapes real cards use; the corpus test reads the real
OLMo card from ../shared/corpus (never copied here).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from auditor.card import card_statements, parse_card
from auditor.model import ModelRecord
from auditor.openness.evidence import derive_components, stated_code_license
from auditor.openness.github import GitHubClient
from auditor.sources.hubjson import hub_json_from_record, record_from_hub_json


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- **License:** The code and model are released under Apache 2.0.", "Apache 2.0"),
        ("All code, weights, and checkpoints are released under the Apache 2.0 License.", "Apache 2.0"),
        ("Our training code is licensed under the MIT license, see LICENSE.", "MIT"),
        ("The source code is released under the terms of the BSD-3-Clause license.", "BSD-3-Clause"),
        ("This code repository is licensed under the MIT License. Use of the model is subject to X.", "MIT"),
        ("The code is available under Apache-2.0 or MIT.", "Apache-2.0 or MIT"),
        ("The code is available under GPL 3.0 and the weights under CC BY-NC 4.0", "GPL 3.0"),
    ],
)
def test_code_license_statements_are_read(line: str, expected: str) -> None:
    found = [s for s in card_statements(line, first_line=7) if not s.kind.startswith("license-")]  # a "License:" label
    assert [(s.kind, s.as_written, s.line) for s in found] == [("code-license", expected, 7)]


@pytest.mark.parametrize(
    "line",
    [
        "The code in this card is a demo; the model is released under CC-BY-NC-4.0.",
        "The code is not released under any license yet.",
        "The model weights are released under llama2 while the code is under MIT.",
        "The model is released under Apache 2.0.",
        "See the code below, which is released with the paper.",
    ],
)
def test_sentences_that_do_not_state_the_code_license_are_ignored(line: str) -> None:
    assert card_statements(line) == ()


def test_statements_in_fenced_blocks_are_ignored_and_lines_count_from_the_file_start() -> None:
    text = (
        "---\nlicense: apache-2.0\n---\n# Card\n"
        "```python\nprint('the code is released under MIT')\n```\n"
        "The code is released under Apache 2.0.\n"
    )
    parsed = parse_card(text)
    assert [(s.as_written, s.line) for s in parsed.statements] == [("Apache 2.0", 8)]
    assert text.splitlines()[7].startswith("The code is released")


def test_statements_round_trip_through_a_catalog_line() -> None:
    text = "---\nlicense: mit\n---\nThe code is released under the MIT license.\n"
    record = record_from_hub_json({"id": "o/m"}, source="hub", card_text=text)
    expected = {"kind": "code-license", "as_written": "MIT", "line": 4, "roles": ["code"]}
    assert record.card_statements == (expected,)
    line = hub_json_from_record(record)
    assert line["_auditor"]["card_statements"] == [expected]
    again = record_from_hub_json(line, source="catalog")
    assert again.card_statements == record.card_statements


def _record(statements: tuple[dict[str, object], ...], model_id: str = "o/m") -> ModelRecord:
    return ModelRecord(
        id=model_id,
        source="hub",
        sha="a" * 40,
        card={"license": "apache-2.0", "repository": "https://github.com/o/code"},  # the publisher's own repo
        card_present=True,
        card_statements=statements,
        files=("README.md", "config.json", "model.safetensors"),
        gated=False,
    )


def test_a_linked_repository_without_a_github_answer_takes_the_license_the_card_states() -> None:
    record = _record(({"kind": "code-license", "as_written": "Apache 2.0", "line": 12},))
    comps = derive_components(record, None, github=GitHubClient(live=False, recording=False))
    training = comps["Training code"]
    assert (training.status, training.license, training.present) == ("open", "Apache-2.0", True)
    card_ev = [e for e in training.evidence if e.location == "README.md:12"]
    assert card_ev and card_ev[0].revision == "a" * 40 and card_ev[0].value == "Apache-2.0"
    assert "model card states the code is released under Apache-2.0" in training.note
    assert "GitHub's own answer" in training.note


def test_without_a_statement_or_with_conflicting_ones_the_code_stays_unknown() -> None:
    github = GitHubClient(live=False, recording=False)
    assert derive_components(_record(()), None, github=github)["Training code"].status == "unknown"
    two = (
        {"kind": "code-license", "as_written": "MIT", "line": 3},
        {"kind": "code-license", "as_written": "GPL-3.0", "line": 9},
    )
    assert stated_code_license(_record(two)) is None
    assert derive_components(_record(two), None, github=github)["Training code"].status == "unknown"
    unreadable = ({"kind": "code-license", "as_written": "our own terms", "line": 3},)
    assert stated_code_license(_record(unreadable)) is None


def test_a_non_open_stated_license_is_not_open() -> None:
    record = _record(({"kind": "code-license", "as_written": "CC BY-NC 4.0", "line": 5},))
    assert derive_components(record, None, github=GitHubClient(live=False, recording=False))[
        "Training code"
    ].status in ("restricted", "closed")


def test_the_real_olmo_card_states_its_code_license(corpus: Path) -> None:
    parsed = parse_card((corpus / "cards" / "allenai__OLMo-7B.md").read_text(encoding="utf-8"))
    licenses = [s for s in parsed.statements if s.kind == "code-license"]
    assert [s.as_written for s in licenses] == ["Apache 2.0"]
    links = {s.as_written: s.roles for s in parsed.statements if s.kind == "code-link"}
    assert links == {
        "https://github.com/allenai/OLMo": ("training", "inference", "code"),  # + "[GitHub readme](...)", line 132
        "https://github.com/allenai/OLMo-Eval": ("evaluation",),
        "https://github.com/allenai/open-instruct": ("training", "further"),  # "Further fine-tuning code", line 82
    }
    line = licenses[0].line
    text_line = (corpus / "cards" / "allenai__OLMo-7B.md").read_text(encoding="utf-8").splitlines()[line - 1]
    assert "code" in text_line.lower() and "Apache 2.0" in text_line


def test_the_statement_does_not_cover_another_owners_repository() -> None:
    record = _record(({"kind": "code-license", "as_written": "Apache 2.0", "line": 12},), model_id="someone/m")
    training = derive_components(record, None, github=GitHubClient(live=False, recording=False))["Training code"]
    assert training.status == "unknown"  # github.com/o/code is not someone's: the card speaks for its own code


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- **Repository:** https://github.com/org/model-code", [("https://github.com/org/model-code", ("code",))]),
        ("- Core repo (training, inference, fine-tuning etc.): https://github.com/org/core",
         [("https://github.com/org/core", ("training", "inference"))]),
        ("- Evaluation code: https://github.com/org/evals.", [("https://github.com/org/evals", ("evaluation",))]),
        ("- Learn more: [The model's GitHub repository](https://github.com/org/m) for details",
         [("https://github.com/org/m", ("code",))]),
        ("- **Data preprocessing code:** [scripts](https://github.com/org/prep)",
         [("https://github.com/org/prep", ("preprocessing",))]),
    ],
)
def test_code_links_the_prose_labels_as_code(line: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    found = [(s.as_written, s.roles) for s in card_statements(line) if s.kind == "code-link"]
    assert found == expected


@pytest.mark.parametrize(
    "line",
    [
        "This is a merge created using [mergekit](https://github.com/cg123/mergekit).",  # a tool, not its code
        "- Library: [GPT-NeoX](https://github.com/EleutherAI/gpt-neox)",  # a library
        "- Reporting issues with the model: [github.com/org/m](https://github.com/org/m)",
        "**License:** see [https://github.com/org/m/blob/main/LICENSE](https://github.com/org/m/blob/main/LICENSE)",
        "Install with pip from the repository: https://github.com/org/tool",
        "We welcome contributions to our [Github repository](https://github.com/org/safety-tools). " + "x" * 260,
        "Follow the author: https://github.com/someone",
        "- Base model repository: https://github.com/meta-llama/llama",
        "- Original repo: https://github.com/facebookresearch/llama",
        "See [the GitHub repository of the dataset](https://github.com/org/dataset-builder)",
    ],
)
def test_links_that_are_not_the_models_code_are_ignored(line: str) -> None:
    assert [s for s in card_statements(line) if s.kind == "code-link"] == []


def test_a_link_text_is_not_a_label() -> None:
    line = "[repo](https://github.com/org/m) | [GitHub repository of the dataset](https://github.com/org/dataset)"
    assert [s.as_written for s in card_statements(line)] == ["https://github.com/org/m"]


def test_a_repository_named_twice_stands_for_both_roles() -> None:
    body = "- Training code: https://github.com/org/m\n- Evaluation code: https://github.com/org/m/tree/main/eval\n"
    found = [s for s in card_statements(body) if s.kind == "code-link"]
    assert [(s.as_written, s.roles, s.line) for s in found] == [
        ("https://github.com/org/m", ("training", "evaluation"), 1)
    ]


def test_prose_code_links_feed_the_code_components() -> None:
    from auditor.openness.evidence import code_links

    record = _record((
        {"kind": "code-link", "as_written": "https://github.com/o/evals", "line": 30, "roles": ["evaluation"]},
    ))
    links = {repo: (where, covers) for repo, where, _url, covers in code_links(record)}
    assert links["o/evals"] == ("README.md:30", frozenset({"Evaluation code"}))
    assert links["o/code"][1] == frozenset({"Training code", "Inference code", "Evaluation code",
                                            "Data preprocessing code"})


class _AnsweringGitHub:
    """A GitHub client stub that gives one fixed answer (the real client is tested against a loopback server)."""

    def __init__(self, state: str, spdx_id: str | None = None) -> None:
        self.state, self.spdx_id = state, spdx_id

    def repo_license(self, repo: str) -> object:
        from auditor.openness.github import RepoLicense

        return RepoLicense(repo, self.state, spdx_id=self.spdx_id, reason="stub")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("state", "spdx"),
    [("absent", None), ("unidentified", "NOASSERTION"), ("identified", "LicenseRef-Odd-Terms")],
)
def test_any_github_answer_stands_against_the_card_statement(state: str, spdx: str | None) -> None:
    # GitHub said "no license / no such public repository", "a file it cannot identify" or a license we cannot
    # judge: that is an answer, and the card's sentence must not turn it into "open".
    record = _record(({"kind": "code-license", "as_written": "Apache 2.0", "line": 12},))
    training = derive_components(record, None, github=_AnsweringGitHub(state, spdx))["Training code"]  # type: ignore[arg-type]
    assert training.status == "unknown"
    assert not any(e.location.startswith("README.md:") for e in training.evidence)


def test_a_statement_about_one_kind_of_code_covers_that_kind_only() -> None:
    body = "Inference code is released under MIT; training code is not released.\n"
    (statement,) = card_statements(body)
    assert (statement.as_written, statement.roles) == ("MIT", ("inference",))
    record = _record((statement.to_dict(),))
    comps = derive_components(record, None, github=GitHubClient(live=False, recording=False))
    assert (comps["Inference code"].status, comps["Inference code"].license) == ("open", "MIT")
    assert comps["Training code"].status == "unknown"


@pytest.mark.parametrize(
    "line",
    [
        "This code model is released under Apache 2.0.",
        "A code generation model that is licensed under the MIT license.",
        "Code Llama is released under the Llama 2 Community License.",
        "Transformers code is licensed under Apache 2.0, see the library.",
        "The LLaMA code is released under GPL-3.0.",
        "The code is released under Apache 2.0 for research purposes only.",
        "Code is released under the Apache 2.0 license with additional use restrictions.",
        "<!-- The code is released under MIT. -->",
    ],
)
def test_statements_about_something_else_or_with_restrictions_are_not_read(line: str) -> None:
    assert [s for s in card_statements(line) if s.kind == "code-license"] == []


def test_hidden_comments_spanning_lines_and_odd_line_breaks() -> None:
    body = "<!--\nThe code is released under MIT.\n-->\nSee\u2028below.\fThe code is released under Apache 2.0.\n"
    found = [(s.as_written, s.line) for s in card_statements(body)]
    assert found == [("Apache 2.0", 4)]  # only "\n" ends a line, as editors and the Hub count them


def test_very_long_lines_are_not_read_for_statements() -> None:
    from auditor.card import MAX_STATEMENT_LINE

    padded = "The code is released under MIT. " + "x" * MAX_STATEMENT_LINE
    assert card_statements(padded) == ()
    assert card_statements(padded[:200]) != ()


# ---------------------------------------------------------------------------------------------------------
# Training data named in the prose (kind "training-data")


def _training_data(text: str) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(s.as_written, s.line, s.roles) for s in parse_card(text).statements if s.kind == "training-data"]


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        # "### Training data" then a paragraph opening with the corpus's name; its sources "(e.g. CommonCrawl)" are
        # examples inside it, not corpora of their own
        ("EleutherAI__pythia-160m.md", ["The Pile"]),
        # "## Training data": WebText is named; "all Wikipedia pages were removed ... not trained on" is not
        ("openai-community__gpt2.md", ["WebText"]),
        # "### Training Data" with a Hub dataset link in a sentence and in a table: the id and the corpus name
        ("tiiuae__falcon-7b.md", ["tiiuae/falcon-refinedweb", "RefinedWeb"]),
        # a bold line "**Training Data**" opens the section; "**Training Procedure**" is a training section too
        # (its checkpoint list links the Hub datasets the v1 checkpoints were trained on)
        # line 36: the quoted set the checkpoint was fine-tuned on (review pass 32 P6), before the section's names
        ("CompVis__stable-diffusion-v1-4.md", ["laion-aesthetics v2 5+", "LAION", "laion/laion2B-en",
                                                "laion/laion-high-resolution"]),
        # "## Training Details" (broad heading): "125K conversations collected from ShareGPT.com"
        ("lmsys__vicuna-7b-v1.5.md", ["ShareGPT"]),
        # "### Training" with "filtered web data from Falcon RefinedWeb and SlimPajama"
        ("microsoft__phi-2.md", ["RefinedWeb", "SlimPajama"]),
        # "## Training Data" that names no corpus ("publicly available sources"): nothing is read
        ("NousResearch__Llama-2-7b-hf.md", []),
    ],
)
def test_training_data_sections_of_real_cards(corpus: Path, card: str, expected: list[str]) -> None:
    text = (corpus / "cards" / card).read_text(encoding="utf-8")
    found = _training_data(text)
    assert [name for name, _, _ in found] == expected
    lines = text.split("\n")
    for name, line, roles in found:
        cited = lines[line - 1]
        assert (name in cited) if roles == ("hub-dataset",) else (name.split()[-1].lower() in cited.lower())


def test_a_training_data_section_ends_at_the_next_heading_of_its_level_and_skips_code() -> None:
    text = (
        "---\nlicense: mit\n---\n"
        "## Training data\n"  # line 4
        "### Sources\n"  # a subsection stays inside
        "We trained on [RedPajama](https://huggingface.co/datasets/togethercomputer/RedPajama-Data-1T).\n"
        "```\nload_dataset('allenai/c4')  # C4 in a code block is not read\n```\n"
        "## Evaluation\n"  # closes the section
        "We compare with models trained on The Pile.\n"
        "- **Training data:** Dolma\n"  # a labelled line counts anywhere
    )
    assert _training_data(text) == [
        ("togethercomputer/RedPajama-Data-1T", 6, ("hub-dataset",)),
        ("RedPajama", 6, ("named",)),
        ("Dolma", 12, ("named",)),
    ]


def test_training_data_statements_round_trip_through_a_catalog_line() -> None:
    text = "---\nlicense: mit\n---\n## Pre-training data\nThe model saw SlimPajama only.\n"
    parsed = parse_card(text)
    record = ModelRecord(id="o/m", source="catalog", card=parsed.front_matter, card_present=True,
                         card_statements=tuple(s.to_dict() for s in parsed.statements))
    again = record_from_hub_json(hub_json_from_record(record), source="catalog")
    assert [(s["kind"], s["as_written"], s["line"]) for s in again.card_statements] == [
        ("training-data", "SlimPajama", 5), ("training-data-section", "Pre-training data", 4)
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [  # shapes of the corpus cards (allenai__OLMo-7B.md:83, lmsys__vicuna-7b-v1.5.md:21, bigcode__starcoder2-15b.md:91,
        # nomic-ai__gpt4all-lora.md:33, tiiuae__falcon-11B.md:23), reduced to the label and the link
        ("- **Paper:** [Link](https://arxiv.org/abs/2402.00838)", [("2402.00838", ("paper",))]),
        ("- **Paper:** https://arxiv.org/abs/2306.05685", [("2306.05685", ("paper",))]),
        ("- **Paper:** [Link](https://huggingface.co/papers/2402.19173)", [("2402.19173", ("paper",))]),
        ("**Technical Report:** [A report](https://arxiv.org/pdf/2304.12345.pdf)",
         [("2304.12345", ("technical-report",))]),
        ("arXiv: https://arxiv.org/abs/2401.00001", [("2401.00001", ("paper",))]),
        ("See the [arXiv technical report](https://arxiv.org/abs/2407.14885).",
         [("2407.14885", ("technical-report",))]),
        ("Trained on data described in the [RefinedWeb paper](https://arxiv.org/abs/2306.01116).", []),
        ("For full details please read our [paper](https://arxiv.org/abs/2312.15166).", [("2312.15166", ("paper",))]),
        ("* ALiBi positional encodings (see [paper](https://arxiv.org/pdf/2108.12409.pdf))", []),  # bloom.md:275
        ("* Modified from Megatron-LM (see [paper](https://arxiv.org/abs/1909.08053), [code](https://github.com/o/r))",
         []),
        ("- **Paper:** *coming soon*.", []),
        ("- **Paper:** [Blog](https://example.com/blog)", []),
    ],
)
def test_the_cards_own_paper_is_read_from_its_labelled_line(line: str, expected: list) -> None:
    """ux26-11: a paper given as `**Paper:** [Link](https://arxiv.org/abs/...)` counts as the model's paper; a paper a
    sentence cites (someone else's) does not."""
    assert [(s.as_written, s.roles) for s in card_statements(line) if s.kind == "paper-link"] == expected


def test_training_code_prefers_the_core_repository_over_further_fine_tuning_code() -> None:
    """ux26-11: OLMo-7B's card names its core repo (training, inference, fine-tuning) and "Further fine-tuning code";
    Training code is the core repository, and the linked paper is found (Research paper no longer "not linked")."""
    from auditor.model import parse_ref  # lazy: only this test reads the embedded catalog
    from auditor.sources.catalog import CatalogSource

    body = ("# m\n- Core repo (training, inference, fine-tuning etc.): https://github.com/org/core\n"
            "- Further fine-tuning code: https://github.com/org/tune\n"
            "- **Paper:** [Link](https://arxiv.org/abs/2402.00838)\n")
    statements = tuple({"kind": s.kind, "as_written": s.as_written, "line": s.line, "roles": list(s.roles)}
                       for s in card_statements(body))
    record = ModelRecord(id="org/m", source="catalog", card={"license": "apache-2.0"}, card_present=True,
                         card_statements=statements)
    github = GitHubClient(live=False, recording=False)
    for order in (statements, tuple(reversed(statements))):  # whichever line comes first
        comps = derive_components(replace(record, card_statements=order), None, github=github)
        note = comps["Training code"].note
        assert "org/core" in note and "org/tune" not in note, note
        assert "arXiv:2402.00838" in comps["Research paper"].note
    real = CatalogSource().fetch(parse_ref("allenai/OLMo-7B"))
    comps = derive_components(real, None, github=github)
    assert "github.com/allenai/OLMo is linked" in comps["Training code"].note
    assert "arXiv:2402.00838" in comps["Research paper"].note
    # the front matter's bare `arxiv: 2307.09288` (TheBloke__Llama-2-7B-Chat-GGML.md line 12) is a paper too
    bare = ModelRecord(id="org/q", source="catalog", card={"arxiv": "2307.09288"}, card_present=True)
    assert "arXiv:2307.09288" in derive_components(bare, None, github=github)["Research paper"].note
    trailing_zero = replace(bare, card={"arxiv": 2310.19340})  # unquoted, YAML reads the number 2310.1934
    assert "arXiv:2310.19340" in derive_components(trailing_zero, None, github=github)["Research paper"].note
