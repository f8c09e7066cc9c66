"""Incompatible terms in a lineage (auditor/lineage/compat.py over rules/compatibility.yaml).

Small lineages are built from catalog-like records (as tests/test_lineage.py does) and resolved with the real
knowledge base; the clauses a finding cites are checked against the license texts in ../shared/corpus where
the corpus has them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from auditor.licenses.kb import load_kb
from auditor.lineage import build_lineage, effective_terms
from auditor.lineage.compat import CompatError, incompatibilities, load_compat
from auditor.model import ModelRecord
from tests.test_lineage import rec, resolver_of


def lineage_of(root: ModelRecord, *others: ModelRecord):
    resolver, _ = resolver_of(root, *others)
    return build_lineage(root, resolver, kb=load_kb())


def pairs(lineage) -> dict[frozenset[str], dict[str, Any]]:
    found = incompatibilities(lineage)
    keyed = {frozenset(i["licenses"]): i for i in found}
    assert len(keyed) == len(found), "one finding per conflicting pair of licenses"
    return keyed


GPL, NCSA, SA4, SA3 = "GPL-3.0-only", "CC-BY-NC-SA-4.0", "CC-BY-SA-4.0", "CC-BY-SA-3.0"


# --- the classes of conflict ------------------------------------------------------------------------------


def test_merge_of_gpl_and_cc_by_nc_sa_models_names_both_licenses_clauses_and_paths() -> None:
    lineage = lineage_of(
        rec("me/merge", license="gpl-3.0", base_model=["lab/gpl", "lab/ncsa"], base_model_relation="merge"),
        rec("lab/gpl", license="gpl-3.0"),
        rec("lab/ncsa", license="cc-by-nc-sa-4.0"),
    )
    found = pairs(lineage)
    assert set(found) == {frozenset({GPL, NCSA})}
    item = found[frozenset({GPL, NCSA})]
    assert item["verdict"] == "incompatible" and not item["data"]
    assert item["kinds"] == ["further-restrictions", "share-alike"]
    by_kind = {r["kind"]: r for r in item["reasons"]}
    # GPL-3.0 §10 forbids further restrictions; CC-BY-NC-SA's non-commercial term (§2(a)(1)) is one
    assert by_kind["further-restrictions"]["licenses"] == [GPL, NCSA]
    assert "§10" in by_kind["further-restrictions"]["clauses"][0]
    assert by_kind["further-restrictions"]["clauses"][1] == "commercial_use prohibited (§2(a)(1))"
    # each requires the whole adapted work under itself
    assert "§5(c)" in by_kind["share-alike"]["clauses"][0] and "§3(b)(1)" in by_kind["share-alike"]["clauses"][1]
    sides = {item["a"]["license"]: item["a"], item["b"]["license"]: item["b"]}
    assert sides[GPL]["path"] == ["me/merge"]  # the merge's own license is the nearest GPL-3.0
    assert sides[NCSA]["path"] == ["me/merge", "lab/ncsa"]
    assert "me/merge -> lab/gpl" in sides[GPL]["also_via"]
    assert "me/merge -> lab/ncsa" in item["via"]


def test_copyleft_against_use_restrictions_of_llama_gemma_and_rail() -> None:
    for base, lic, clause in (
        ("meta/llama", "llama2", "use_restrictions required (§1.b.iv)"),
        ("google/gemma", "gemma", "use_restrictions required (§3.2)"),
        ("cv/sd", "creativeml-openrail-m", "use_restrictions required (paragraph 5, Attachment A)"),
    ):
        lineage = lineage_of(rec("me/gpl-ft", license="gpl-3.0", base_model=base), rec(base, license=lic))
        (item,) = incompatibilities(lineage)
        assert item["licenses"][0] == GPL and item["kinds"] == ["further-restrictions"]
        assert clause in item["b"]["clause"], (lic, item["b"]["clause"])
        assert item["b"]["path"] == ["me/gpl-ft", base] and item["b"]["node"] == base


def test_share_alike_with_use_restrictions_and_two_share_alike_licenses() -> None:
    # CC-BY-SA-4.0 §3(b)(3): no additional terms on Adapted Material; the Gemma policy must travel (§3.1)
    lineage = lineage_of(rec("me/sa", license="cc-by-sa-4.0", base_model="google/gemma"),
                         rec("google/gemma", license="gemma"))
    (item,) = incompatibilities(lineage)
    assert item["licenses"] == [SA4, "LicenseRef-Gemma"] and "§3(b)(3)" in item["a"]["clause"]
    # two different share-alike licenses: BY-SA and BY-NC-SA have different License Elements
    lineage = lineage_of(rec("me/m", license="cc-by-sa-4.0", base_model=["a/sa", "a/ncsa"]),
                         rec("a/sa", license="cc-by-sa-4.0"), rec("a/ncsa", license="cc-by-nc-sa-4.0"))
    item = pairs(lineage)[frozenset({SA4, NCSA})]
    assert "share-alike" in item["kinds"] and item["verdict"] == "incompatible"


def test_cc_by_sa_4_with_gpl_3_is_one_way_compatible_not_a_conflict() -> None:
    lineage = lineage_of(rec("me/m", license="gpl-3.0", base_model=["a/sa", "a/gpl"]),
                         rec("a/sa", license="cc-by-sa-4.0"), rec("a/gpl", license="gpl-3.0"))
    item = pairs(lineage)[frozenset({SA4, GPL})]
    assert item["verdict"] == "one-way"
    (reason,) = item["reasons"]
    assert reason["combined_as"] == GPL and "§3(b)(1)" in reason["why"]
    # ... whereas CC-BY-SA-3.0 has no such declaration
    lineage = lineage_of(rec("me/m3", license="gpl-3.0", base_model="a/sa3"), rec("a/sa3", license="cc-by-sa-3.0"))
    assert pairs(lineage)[frozenset({SA3, GPL})]["verdict"] == "incompatible"


def test_no_derivatives_on_any_ancestor_of_a_derivative() -> None:
    lineage = lineage_of(
        rec("me/q", license="cc-by-nd-4.0", base_model="me/ft", base_model_relation="quantized"),
        rec("me/ft", license="apache-2.0", base_model="lab/nd"),
        rec("lab/nd", license="cc-by-nd-4.0"),
    )
    items = [i for i in incompatibilities(lineage) if i["kinds"] == ["no-derivatives"]]
    assert len(items) == 1  # the ND model's one derivative edge; the quantization of an Apache model is none
    (item,) = items
    assert item["licenses"] == ["CC-BY-ND-4.0", "Apache-2.0"]
    assert item["a"]["node"] == "lab/nd" and item["b"]["node"] == "me/ft"
    assert "derivatives prohibited" in item["a"]["clause"] and "me/ft is a finetune of lab/nd" in item["b"]["clause"]
    assert item["via"] == "me/q -> me/ft -> lab/nd"


def test_model_plus_dataset_conflict_is_marked_as_data() -> None:
    lineage = lineage_of(rec("me/gpl", license="gpl-3.0", datasets=["org/nc-sa-data"]),
                         rec("org/nc-sa-data", kind="dataset", license="cc-by-nc-sa-4.0"))
    (item,) = incompatibilities(lineage)
    assert item["data"] is True and {item["a"]["kind"], item["b"]["kind"]} == {"model", "dataset"}
    assert item["b"]["path"][-1] == "dataset:org/nc-sa-data" or item["a"]["path"][-1] == "dataset:org/nc-sa-data"


def test_compatible_and_unknown_combinations_give_no_conflict() -> None:
    lineage = lineage_of(rec("me/ft", license="apache-2.0", base_model=["meta/llama", "a/nc", "a/gpl-lib"]),
                         rec("meta/llama", license="llama2"), rec("a/nc", license="cc-by-nc-4.0"),
                         rec("a/gpl-lib", license="mit"))
    assert incompatibilities(lineage) == []  # restrictions together are fine without a no-restrictions copyleft
    lineage = lineage_of(rec("me/gpl", license="gpl-3.0", base_model="ghost/none"))
    assert incompatibilities(lineage) == []  # unknown is never judged here; LIN002 reports it


def test_licenses_offered_as_a_choice_are_not_combined() -> None:
    kb = load_kb()

    def resolve(record: ModelRecord) -> dict[str, Any]:
        if record.id == "me/dual":
            return {"expression": "GPL-3.0-only OR MIT", "entries": [GPL, "MIT"], "state": "known"}
        entry = kb.get(str(record.card.get("license")))
        return {"expression": entry.id, "entries": [entry.id], "state": "known",
                "terms": {k: {"value": t.value, "clause": t.clause, **t.extra} for k, t in entry.terms.items()}}

    root = rec("me/dual", license="other", base_model="meta/llama")
    resolver, _ = resolver_of(root, rec("meta/llama", license="llama2"))
    dual = build_lineage(root, resolver, resolve=resolve, kb=kb)
    assert [a.id for a in dual.ancestors()] == ["meta/llama"]
    assert incompatibilities(dual) == []  # MIT may be chosen, and MIT adds no conflict with Llama 2


# --- the engine and the facts ------------------------------------------------------------------------------


def _catalog(tmp_path: Path, *records: ModelRecord) -> Path:
    from auditor.sources.hubjson import hub_json_from_record

    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps(hub_json_from_record(r)) + "\n" for r in records), encoding="utf-8")
    return path


def test_audit_reports_one_finding_per_pair_with_both_licenses(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app

    catalog = _catalog(
        tmp_path,
        rec("lab/gpl", license="gpl-3.0"),
        rec("lab/ncsa", license="cc-by-nc-sa-4.0"),
        rec("me/merge", license=["gpl-3.0", "cc-by-nc-sa-4.0"], base_model=["lab/gpl", "lab/ncsa"]),
    )
    result = CliRunner().invoke(app, ["audit", "me/merge", "--offline", "--catalog", str(catalog), "-f", "json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    findings = [f for m in doc["models"] for f in m["findings"] if f["rule"] == "CMP001"]
    assert len(findings) == 1
    assert GPL in findings[0]["message"] and NCSA in findings[0]["message"] and "§10" in findings[0]["message"]


# --- the table -----------------------------------------------------------------------------------------------


def test_every_class_member_is_a_knowledge_base_license_and_every_pair_is_cited() -> None:
    table = load_compat()
    kb = load_kb()
    for cls in table.classes.values():
        for lid, clause in cls.members.items():
            assert kb.entries.get(lid) is not None, f"{cls.name}: {lid} is not in the knowledge base"
            assert "§" in clause, f"{cls.name}.{lid}: a clause reference"
        for term in cls.terms:
            assert term in ("commercial_use", "derivatives", "use_restrictions", "territorial"), term
    assert {p.kind for p in table.pairs} == {"further-restrictions", "share-alike", "no-derivatives"}
    for c in table.compatible:
        assert kb.entries.get(c.source) and kb.entries.get(c.target) and "§" in c.clause


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("classes: {x: {members: {MIT: {}}}}\n", "classes.x.members.MIT"),
        ("classes: {x: {terms: {derivatives: [prohibited]}}}\npairs: [{classes: [x], kind: nope, why: a}]\n",
         "pairs[0].kind"),
        ("classes: {x: {terms: {derivatives: [prohibited]}}}\npairs: [{classes: [y], kind: share-alike, why: a}]\n",
         "pairs[0].classes"),
        ("classes: [1, 2]\n", "'classes'"),
        ("classes: {x: {members: {MIT: {clause: '§1'}}}}\npairs: [{classes: [x], kind: share-alike}]\n",
         "pairs[0].why"),
    ],
)
def test_a_malformed_table_is_one_sentence_naming_the_key(tmp_path: Path, text: str, problem: str) -> None:
    file = tmp_path / "compatibility.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(CompatError) as err:
        load_compat(file)
    assert str(file) in str(err.value) and problem in str(err.value) and "\n" not in str(err.value)


# --- the clauses, against the license texts ----------------------------------------------------------------


def _section(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i + len(start))]


def test_cited_clauses_say_what_the_table_claims(corpus: Path) -> None:
    texts = corpus / "licenses"
    table = load_compat()
    # CC-BY-SA-4.0 §2(a)(5)(C) and §3(b)(1), §3(b)(3)
    sa = (texts / "cc-by-sa-4.0.txt").read_text(encoding="utf-8")
    assert "§2(a)(5)(C)" in table.classes["no-further-restrictions"].members[SA4]
    downstream = _section(sa, "5. Downstream recipients.", "6. No endorsement.")
    assert re.search(r"c\. No downstream restrictions\. You may not offer or impose", downstream)
    share = _section(sa, "b. ShareAlike.", "Section 4")
    assert re.search(r"1\. The Adapter's License You apply must be a Creative Commons\s+license with the same "
                     r"License Elements", share)
    assert re.search(r"3\. You may not offer or impose any additional or different terms", share)
    # the use restrictions that must travel, at the clauses the knowledge base cites
    llama = " ".join((texts / "llama2.txt").read_text(encoding="utf-8").split())
    assert re.search(r"iv\. Your use of the Llama Materials must comply with applicable laws and regulations"
                     r"[^.]*and adhere to the Acceptable Use Policy", llama)
    gemma = (texts / "gemma.txt").read_text(encoding="utf-8")
    restrictions = _section(gemma, "3.2 Use Restrictions", "3.3")
    assert "Prohibited Use Policy" in restrictions
    rail = (texts / "creativeml-openrail-m.txt").read_text(encoding="utf-8")
    assert re.search(r"5\. Use-based restrictions", rail) and "Attachment A" in rail


# --- every inherited term cites the license that grounds it ------------------------------------------------


def test_inherited_terms_of_a_multi_license_ancestor_cite_their_own_license() -> None:
    lineage = lineage_of(rec("me/ft", license="mit", base_model="lab/dual"),
                         rec("lab/dual", license=["unlicense", "gpl-3.0"]))
    inherited = {i["term"]: i for i in effective_terms(lineage)["inherited"]}
    gpl = load_kb().get(GPL)
    for term in ("derivatives", "derivative_must_carry", "attribution"):
        assert inherited[term]["license"] == GPL, term
        assert inherited[term]["clause"] == gpl.term(term).clause, term
    sources = effective_terms(lineage)["terms"]["derivative_must_carry"]["sources"]
    assert {s["license"]: s["clause"] for s in sources if s["from"] == "lab/dual"} == {
        GPL: gpl.term("derivative_must_carry").clause
    }


def test_a_restriction_the_share_alike_license_imposes_itself_is_no_further_restriction() -> None:
    # CC-BY-NC material adapted under CC-BY-NC-SA keeps its non-commercial term: no conflict
    lineage = lineage_of(rec("me/ncsa", license="cc-by-nc-sa-4.0", base_model="a/nc"),
                         rec("a/nc", license="cc-by-nc-4.0"))
    assert incompatibilities(lineage) == []
    # ... but under CC-BY-SA-4.0, which has no non-commercial term, it is a further restriction
    lineage = lineage_of(rec("me/sa", license="cc-by-sa-4.0", base_model="a/nc"),
                         rec("a/nc", license="cc-by-nc-4.0"))
    (item,) = incompatibilities(lineage)
    assert item["kinds"] == ["further-restrictions"] and item["b"]["clause"].startswith("commercial_use prohibited (")


def test_the_lineage_document_carries_the_conflicts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app

    catalog = _catalog(tmp_path, rec("meta/llama", license="llama2"),
                       rec("me/gpl-ft", license="gpl-3.0", base_model="meta/llama"))
    result = CliRunner().invoke(app, ["lineage", "me/gpl-ft", "--offline", "--catalog", str(catalog), "-f", "json"])
    (item,) = json.loads(result.output)["incompatible"]
    assert item["licenses"] == [GPL, "LicenseRef-Llama-2"] and item["via"] == "me/gpl-ft -> meta/llama"


def test_gpl_2_only_with_apache_2_is_a_conflict_but_gpl_3_with_apache_2_is_not() -> None:
    lineage = lineage_of(rec("me/gpl2", license="gpl-2.0", base_model="a/apache"),
                         rec("a/apache", license="apache-2.0"))
    (item,) = incompatibilities(lineage)
    assert item["licenses"] == ["GPL-2.0-only", "Apache-2.0"] and "§3" in item["b"]["clause"]
    lineage = lineage_of(rec("me/gpl3", license="gpl-3.0", base_model="a/apache"),
                         rec("a/apache", license="apache-2.0"))
    assert incompatibilities(lineage) == []
