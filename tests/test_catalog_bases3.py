"""Issue 19 and lineage (catalogbases3): common bases that fine-tunes name, recorded from copies of their own cards, so
that a fine-tune of one resolves its base offline instead of failing closed on a base "in no offline source" (LIN002).
Bases whose copies declare no license stay out (more_bases.yaml says which): a record would resolve the base but not
its terms.

The facts are the ones scripts/catalog_facts/more_bases.yaml transcribes; the bench cards that name these bases are in
bench/lineage_pass*_cards.md.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.formats.questions import answers

# base -> the license its copy's front matter declares, and the SPDX id the audit reads it as
_RECORDED = {
    "Open-Orca/Mistral-7B-OpenOrca": "Apache-2.0",
    "sentence-transformers/paraphrase-mpnet-base-v2": "Apache-2.0",
    "BAAI/bge-reranker-base": "MIT",
    "BAAI/bge-m3": "MIT",
    "microsoft/speecht5_tts": "MIT",
    "runwayml/stable-diffusion-v1-5": "LicenseRef-CreativeML-OpenRAIL-M",
}


def _facts(run: Any) -> dict[str, dict[str, Any]]:
    return {r.model: r.facts or {} for r in run.results}


@pytest.mark.parametrize("model", sorted(_RECORDED))
def test_a_recorded_base_is_audited_offline_under_its_declared_license(model: str, example_catalog_run: Any) -> None:
    facts = _facts(example_catalog_run)
    assert model in facts, "the base is not in the embedded catalog"
    found = {a.key: a for a in answers(facts[model])}
    assert _RECORDED[model] in found["license"].answer, found["license"].answer

