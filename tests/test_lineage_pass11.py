"""Lineage pass 11: organisation renames, joined base_model strings, and 36 real 2025-era cards.

- A Hub organisation renamed as a whole (CohereForAI -> CohereLabs, THUDM -> zai-org) keeps answering its old
  addresses, so cards name a base under either name. Offline, a name the catalog lacked failed closed although it
  held the same repository under the other name. The renames are recorded facts (auditor/data/org_renames.json, each
  with where it is established); a catalog that misses `owner/name` tries the same name under every owner of the same
  organisation, both ways and along chains, and the ancestor says which rename was followed (`renamed`). Only whole
  owners match (not a shared prefix, not an old owner inside a repository name); two owners holding the name is
  ambiguous and refused; a repository the catalog holds under neither name stays unresolved.
- `base_model: "org/a, org/b"` (or spaces, semicolons) was one invalid id: now each id, said as a card problem, when
  every part is a whole `owner/name` id; anything else stays one unresolvable name (fail closed).
- bench/lineage_pass11_cards.md: 36 real cards of 2025-era releases, 36/36 before and after (the bench checks that
  the base named is the one the card names, never a catalogued near miss, and that unknown fails).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.card import card_base_models, joined_ids
from auditor.model import ModelRef
from auditor.sources.catalog import CatalogSource
from auditor.sources.org_renames import OrgRename, is_current_name, org_renames, renamed_counterparts

POLICY = "examples/policy.yaml"
ROOT = Path(__file__).resolve().parents[1]


def _audit(tmp_path: Path, card: str, as_id: str = "acme/derived") -> Any:
    from auditor import pipeline
    from auditor.model import parse_ref

    where = tmp_path / "m"
    where.mkdir(parents=True)
    (where / "README.md").write_text(card, encoding="utf-8")
    ref = parse_ref(str(where), as_id=as_id)
    return pipeline.audit([ref], policy=POLICY, offline=True, allow_incomplete=True).results[0]


def _direct(result: Any) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in result.facts["lineage"]["ancestors"] if a["distance"] == 1}


def _catalog(tmp_path: Path, ids: list[str]) -> CatalogSource:
    path = tmp_path / "cat.jsonl"
    path.write_text("".join(json.dumps({"id": i, "cardData": {"license": "mit"}, "_auditor": {"kind": "model"}})
                            + "\n" for i in ids), encoding="utf-8")
    return CatalogSource(path)


# -- organisation renames ---------------------------------------------------------------------------------------
def test_every_recorded_rename_says_where_it_is_established() -> None:
    facts = org_renames()
    pairs = {(f.old, f.new) for f in facts}
    assert ("CohereForAI", "CohereLabs") in pairs and ("THUDM", "zai-org") in pairs
    assert all(f.origin.strip() and f.old.lower() != f.new.lower() for f in facts)


def test_new_name_in_card_finds_the_catalog_line_under_the_old_name(tmp_path: Path) -> None:
    """zai-org/chatglm3-6b: the embedded catalog records it as THUDM/chatglm3-6b; the base is resolved, named as the
    card names it (the organisation's current name) and the rename followed is said with its origin."""
    result = _audit(tmp_path, "---\nlicense: other\nbase_model: zai-org/chatglm3-6b\n---\n")
    anc = _direct(result)["zai-org/chatglm3-6b"]
    assert anc["resolved"] is True and anc["source"] == "catalog"
    assert "THUDM/chatglm3-6b" in anc["renamed"] and "THUDM was renamed zai-org" in anc["renamed"]
    assert "xorbitsai/inference" in anc["renamed"]  # the origin of the fact
    assert not result.facts["lineage"]["unresolved"]


def test_new_cohere_name_reaches_the_recorded_non_commercial_terms(tmp_path: Path) -> None:
    """CohereLabs/c4ai-command-r-plus is catalogued as CohereForAI/... (CC-BY-NC-4.0): an Apache-2.0 finetune of it
    must fail on the terms reached through the rename, as it does under the old name."""
    new = _audit(tmp_path / "a", "---\nlicense: apache-2.0\nbase_model: CohereLabs/c4ai-command-r-plus\n---\n")
    old = _audit(tmp_path / "b", "---\nlicense: apache-2.0\nbase_model: CohereForAI/c4ai-command-r-plus\n---\n")
    assert new.verdict == old.verdict == "fail"
    assert _direct(new)["CohereLabs/c4ai-command-r-plus"]["license"] == _direct(old)[
        "CohereForAI/c4ai-command-r-plus"]["license"]
    assert "renamed" not in _direct(old)["CohereForAI/c4ai-command-r-plus"]  # read as named: nothing followed


def test_old_name_in_card_finds_the_line_under_the_new_name(tmp_path: Path) -> None:
    """The reverse: a catalog recorded after the rename holds CohereLabs/x; a card written before names
    CohereForAI/x. The record is the catalog's, under the current name, with the rename said."""
    source = _catalog(tmp_path, ["CohereLabs/aya-23-8B"])
    record = source.fetch(ModelRef(repo_id="CohereForAI/aya-23-8B"))
    assert record is not None and record.complete and record.id == "CohereLabs/aya-23-8B"
    evidence = record.evidence("org-rename")
    assert evidence is not None and "CohereForAI was renamed CohereLabs" in (evidence.detail or "")


@pytest.mark.parametrize("asked", [
    "CohereLabs-community/c4ai-command-r-plus",  # an owner that merely shares a prefix
    "Cohere/c4ai-command-r-plus",  # a prefix of the old owner
    "zai-org/chatglm3-6b-32k",  # a repository the organisation's catalogued names do not hold
    "bartowski/THUDM_chatglm3-6b",  # an old owner inside a repository name
    "zai-org/chatglm3",  # a prefix of a held name
])
def test_near_misses_of_a_rename_stay_unresolved(asked: str) -> None:
    assert CatalogSource().fetch(ModelRef(repo_id=asked)) is None


def test_two_owners_of_one_organisation_holding_the_name_is_refused(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain A -> B -> C: a card naming C/x while the catalog holds A/x and B/x (two recordings, perhaps of two
    repositories) does not establish which one is meant: refused, fail closed. With one of them, both renames are
    followed and said."""
    import auditor.sources.catalog as catalog_module

    chain = (OrgRename("orga", "orgb", "test"), OrgRename("orgb", "orgc", "test"))
    assert {c for c, _ in renamed_counterparts("orgc/x", chain)} == {"orga/x", "orgb/x"}
    assert CatalogSource().fetch(ModelRef(repo_id="orgc/x")) is None  # the real facts know no such organisation
    monkeypatch.setattr(catalog_module, "renamed_counterparts", lambda repo_id: renamed_counterparts(repo_id, chain))
    monkeypatch.setattr(catalog_module, "is_current_name", lambda repo_id, followed: is_current_name(
        repo_id, followed, chain))
    (tmp_path / "two").mkdir()
    record = _catalog(tmp_path / "two", ["orga/x", "orgb/x"]).fetch(ModelRef(repo_id="orgc/x"))
    assert record is not None and not record.complete
    assert record.problems[0].code == "org-rename-ambiguous" and "orga/x" in record.problems[0].message
    (tmp_path / "one").mkdir()
    followed = _catalog(tmp_path / "one", ["orga/x"]).fetch(ModelRef(repo_id="orgc/x"))
    assert followed is not None and followed.complete and followed.id == "orgc/x"  # named as the card names it
    detail = followed.evidence("org-rename").detail or ""
    assert "orga was renamed orgb" in detail and "orgb was renamed orgc" in detail


def test_counterparts_compare_whole_owners_without_letter_case() -> None:
    facts = (OrgRename("THUDM", "zai-org", "test"),)
    assert renamed_counterparts("ZAI-ORG/glm-4-9b", facts) == [("THUDM/glm-4-9b", facts)]
    assert renamed_counterparts("thudm/glm-4-9b", facts) == [("zai-org/glm-4-9b", facts)]
    assert renamed_counterparts("zai-org-x/glm-4-9b", facts) == []
    assert renamed_counterparts("glm-4-9b", facts) == []  # no owner
    assert is_current_name("zai-org/glm-4-9b", facts, facts) and not is_current_name("THUDM/glm-4-9b", facts, facts)


# -- joined ids in one base_model string ------------------------------------------------------------------------
@pytest.mark.parametrize("text, parts", [
    ("Qwen/Qwen2.5-7B-Instruct, mistralai/Mistral-7B-v0.1", ["Qwen/Qwen2.5-7B-Instruct", "mistralai/Mistral-7B-v0.1"]),
    ("Qwen/Qwen2.5-7B-Instruct,mistralai/Mistral-7B-v0.1", ["Qwen/Qwen2.5-7B-Instruct", "mistralai/Mistral-7B-v0.1"]),
    ("a/x b/y; c/z", ["a/x", "b/y", "c/z"]),
    ("Qwen/Qwen2.5-7B-Instruct", []),  # one id
    ("Qwen/Qwen2.5-7B-Instruct (instruct)", []),  # prose beside an id: not split
    ("https://huggingface.co/Qwen/Qwen2.5-7B-Instruct, mistralai/Mistral-7B-v0.1", []),  # a URL part
    ("gpt2, mistralai/Mistral-7B-v0.1", []),  # an owner-less part: which model it means is a guess
    ("Llama 3.1 8B", []),
])
def test_joined_ids_only_when_every_part_is_a_whole_id(text: str, parts: list[str]) -> None:
    assert joined_ids(text) == parts


def test_a_joined_string_gives_each_base_and_says_so(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: \"Qwen/Qwen2.5-7B-Instruct, mistralai/Mistral-7B-v0.1\"\n---\n"
    bases, problems = card_base_models({"base_model": "Qwen/Qwen2.5-7B-Instruct, mistralai/Mistral-7B-v0.1"})
    assert bases == ["Qwen/Qwen2.5-7B-Instruct", "mistralai/Mistral-7B-v0.1"]
    assert [p.code for p in problems] == ["base-model-joined"]
    result = _audit(tmp_path, card)
    assert set(_direct(result)) == {"Qwen/Qwen2.5-7B-Instruct", "mistralai/Mistral-7B-v0.1"}
    assert not result.facts["lineage"]["unresolved"]


def test_an_unsure_joined_string_still_fails_closed(tmp_path: Path) -> None:
    card = "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-7B-Instruct (the instruct one)\n---\n"
    result = _audit(tmp_path, card)
    assert result.verdict == "fail" and result.facts["lineage"]["unresolved"]


# -- the bench ----------------------------------------------------------------------------------------------------
def test_pass11_bench_cards_are_all_right() -> None:
    """The recorded cards, audited as the bench does; slow-ish (36 offline audits), so one subprocess."""
    out = subprocess.run([sys.executable, "bench/lineage_cards.py", "bench/lineage_pass11_cards.md"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    wrong = [line for line in out.splitlines() if line.startswith("W |")]
    assert not wrong, wrong
    assert out.strip().splitlines()[-1] == "right: 36/36"


# -- mergekit-multi steps indented inside <details> ---------------------------------------------------------------
MULTI = """# A merge

This model was merged with mergekit.

<details>
  <summary>Reproduction</summary>

  1. Merge with mergekit-multi
  ```yml
    name: core
    merge_method: nuslerp
    models:
      - model: acme/chronos-12b
      - model: acme/eleusis-12b
    ---
    name: blend
    merge_method: nuslerp
    models:
      - model: ./retokenized_local
      - model: acme/crimson-12b
    ---
    merge_method: passthrough
    slices:
    - sources:
      - model: acme/engine-12b
        layer_range: [0, 5]
    - sources:
      - model: core
        layer_range: [5, 10]
    - sources:
      - model: blend
        layer_range: [10, 15]
  ```
</details>
"""


def test_mergekit_multi_steps_inside_details_name_their_hub_ingredients_not_their_steps() -> None:
    from auditor.sources.mergekit import LATER_STAGES, PRODUCTS, mergekit_config_from_card

    config = mergekit_config_from_card(MULTI)
    assert config is not None and config["merge_method"] == "passthrough"  # the model's own configuration first
    assert len(config[LATER_STAGES]) == 2 and config[PRODUCTS] == ["core", "blend"]


def test_mergekit_multi_card_without_front_matter_bases(tmp_path: Path) -> None:
    """The named steps (core, blend) are results, the local folder of a step is no Hub ingredient: the bases are
    the Hub ids the steps merge, nothing else; uncatalogued, so the verdict fails closed."""
    result = _audit(tmp_path, "---\nlicense: apache-2.0\ntags: [merge]\n---\n" + MULTI)
    assert set(_direct(result)) == {"acme/engine-12b", "acme/chronos-12b", "acme/eleusis-12b", "acme/crimson-12b"}
    assert result.verdict == "fail"


def test_indented_fence_of_another_language_and_unnamed_documents() -> None:
    """Near misses: an indented bash block is not read; two `---`-separated configurations without names are two
    stages in the order written; a document that is not YAML leaves the block unread and says so."""
    from auditor.model import Problem
    from auditor.sources.mergekit import LATER_STAGES, mergekit_config_from_card

    bash = "mergekit card\n\n  ```bash\n  merge_method: slerp\n  models: [a/b]\n  ```\n"
    assert mergekit_config_from_card(bash) is None
    two = ("mergekit\n\n```yaml\nmerge_method: slerp\nmodels:\n  - model: a/x\n---\nmerge_method: ties\n"
           "models:\n  - model: b/y\n```\n")
    config = mergekit_config_from_card(two)
    assert config is not None and config["merge_method"] == "slerp"
    assert config[LATER_STAGES][0]["merge_method"] == "ties"
    problems: list[Problem] = []
    bad = "mergekit\n\n  ```yaml\n  name: s\n  merge_method: slerp\n  ---\n  merge_method: [unclosed\n  ```\n"
    assert mergekit_config_from_card(bad, problems) is None
    assert [p.code for p in problems] == ["mergekit-config-invalid"]
