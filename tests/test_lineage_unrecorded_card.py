"""A base recorded without its card is not a base that "declares no license".

The embedded catalog holds some repositories from a stored page only (gated repositories such as
google/gemma-7b: the gate is recorded, the card is not). The lineage said "X declares no license" of them and
the review repeated it, a claim about a card nobody read. Now: a card that was read and is silent still
"declares no license"; a record without its card (card_present unknown, no license file) "was recorded
without its model card or license files"; a repository known to have no README "has no model card and no
license file". Lineage reasons and the review's base-terms caveat both say which.
"""

from __future__ import annotations

from pathlib import Path

from auditor import pipeline
from auditor.formats.questions import answers
from auditor.model import ModelRecord
from auditor.sources.catalog import write_catalog


def _adapter(tmp_path: Path, base: str) -> Path:
    folder = tmp_path / f"adapter-on-{base.replace('/', '-')}"
    folder.mkdir()
    (folder / "README.md").write_text(f"---\nlicense: apache-2.0\nbase_model: {base}\nlibrary_name: peft\n---\n"
                                      "# An adapter\n\nProse.\n", encoding="utf-8")
    (folder / "adapter_config.json").write_text(f'{{"base_model_name_or_path": "{base}", "peft_type": "LORA"}}',
                                                encoding="utf-8")
    return folder


def _reasons(tmp_path: Path, catalog: Path, base: str) -> tuple[list[str], list[str]]:
    run = pipeline.audit([str(_adapter(tmp_path, base))], offline=True, catalogs=[catalog],
                         allow_incomplete=True)
    facts = run.results[0].facts
    reasons = [u["reason"] for u in facts["lineage"]["unverifiable"] if base in u["reason"]]
    caveats = [a.answer for a in answers(facts) if a.key == "license" and base in a.answer]
    return reasons, caveats


def test_the_reason_says_whether_the_bases_card_was_read(tmp_path: Path) -> None:
    bases = {
        "acme/silent-card": ModelRecord(id="acme/silent-card", source="catalog", card={"tags": ["x"]},
                                        card_present=True),
        "acme/page-only": ModelRecord(id="acme/page-only", source="catalog", card=None, card_present=None,
                                      gated="auto"),
        "acme/no-readme": ModelRecord(id="acme/no-readme", source="catalog", card=None, card_present=False,
                                      files=("config.json",)),
    }
    catalog = tmp_path / "catalog.jsonl"
    write_catalog(bases.values(), catalog)
    expected = {"acme/silent-card": ("declares no license", "it declares no license"),
                "acme/page-only": ("was recorded without its model card or license files",
                                   "recorded without its card or license files"),
                "acme/no-readme": ("has no model card and no license file", "no card and no license file")}
    for base, (reason, caveat) in expected.items():
        reasons, caveats = _reasons(tmp_path, catalog, base)
        assert reasons and all(reason in r for r in reasons), (base, reasons)
        assert caveats and caveat in caveats[0], (base, caveats)
        if base != "acme/silent-card":
            assert not any("declares no license" in r for r in reasons + caveats), (base, reasons, caveats)
