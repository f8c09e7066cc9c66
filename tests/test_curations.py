"""Curations (docs/policy.md#curations): a policy corrects a model's facts before any stage reads them.

Each test audits recorded models (a catalog file written here) under a policy with `curations:` and
checks what the stages made of the corrected record: the license resolved, the lineage walked, the rules
that fired, and the evidence that says the value came from a curation, who made it and what was replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.curations import Curation, curate
from auditor.model import ModelRecord
from auditor.pipeline import audit
from auditor.policy import PolicyError, find_project_policy, load_policy
from auditor.sources.catalog import write_catalog

TODAY = dt.date(2026, 12, 5)
SHA = "c" * 40


def _catalog(tmp_path: Path) -> Path:
    records = [
        ModelRecord(id="meta-llama/Llama-2-7b-hf", source="catalog", sha="b" * 40, card={"license": "llama2"},
                    files=("README.md", "LICENSE.txt", "model.safetensors")),
        ModelRecord(id="lab/nc-base", source="catalog", sha="d" * 40, card={"license": "cc-by-nc-4.0"},
                    files=("README.md", "model.safetensors")),
        # Declares apache-2.0, but (the reviewer found) is under the Llama 2 license; names no base model.
        ModelRecord(id="acme/chat-ft", source="catalog", sha=SHA, card={"license": "apache-2.0"},
                    files=("README.md", "model.safetensors")),
        ModelRecord(id="lab/web-text", source="catalog", kind="dataset", sha="f" * 40,
                    card={"license": "cc-by-nc-4.0"}),
        ModelRecord(id="acme/tuned", source="catalog", sha="e" * 40,
                    card={"license": "cc-by-nc-4.0", "base_model": "lab/nc-base"},
                    base_models=("lab/nc-base",), files=("README.md", "model.safetensors")),
    ]
    path = tmp_path / "catalog.jsonl"
    write_catalog(records, path)
    return path


def _policy(tmp_path: Path, body: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _audit(tmp_path: Path, ref: str, policy: Path | None):
    run = audit(ref, policy=policy, offline=True, catalogs=[_catalog(tmp_path)], today=TODAY)
    return run.results[0]


def _rules(result) -> list[str]:
    return [f.rule for f in result.findings]


LICENSE_CURATION = """\
curations:
  - model: acme/chat-ft
    field: license
    value: llama2
    reason: LICENSE.txt is the Llama 2 Community License; the card's apache-2.0 is a mistake
    author: legal@example.com
    expires: 2027-06-30
    ticket: LEGAL-42
"""


def test_a_wrong_declared_license_is_corrected_with_its_evidence(tmp_path: Path) -> None:
    plain = _audit(tmp_path, "acme/chat-ft", None)
    assert plain.facts["license"]["declared"] == ["Apache-2.0"]
    assert plain.facts["curations"] == {"applied": [], "expired": []}

    result = _audit(tmp_path, "acme/chat-ft", _policy(tmp_path, LICENSE_CURATION))
    facts = result.facts
    assert facts["license"]["declared"] == ["LicenseRef-Llama-2"]
    assert facts["license"]["effective"] == "LicenseRef-Llama-2"
    assert "aup-llama2" in facts["terms"]["use_restrictions"]["values"]  # the corrected license's terms
    [applied] = facts["curations"]["applied"]
    assert applied["field"] == "license" and applied["original"] == "apache-2.0" and applied["value"] == "llama2"
    assert applied["author"] == "legal@example.com" and applied["ticket"] == "LEGAL-42"
    assert applied["where"] == "policy.yaml:2" and applied["sha"] == SHA
    # The claim's evidence names the curation, not the card (which never said llama2).
    [ev] = facts["license"]["evidence"]
    assert ev["source"] == "curation" and ev["location"] == "curation:policy.yaml:2" and ev["value"] == "llama2"
    assert "legal@example.com" in ev["detail"] and "apache-2.0" in ev["detail"]
    assert facts["provenance"]["license"]["source"] == "curation"
    note = next(f for f in result.findings if f.rule == "CUR002")
    assert note.severity == "note" and "apache-2.0" in note.message and "legal@example.com" in note.message
    assert facts["license"]["declared_raw"] != [] and "llama2" in str(facts["license"]["declared_raw"])


def test_curate_returns_a_new_record_and_leaves_the_source_record_alone() -> None:
    record = ModelRecord(id="Acme/Chat-FT", source="hub", sha=SHA, card={"license": "apache-2.0", "licence": "mit"},
                         tags=("license:apache-2.0", "base_model:x/y"))
    cur = Curation(model="acme/*", field="license", value="llama2", reason="r", author="a", expires="2027-01-01")
    new, applied, expired = curate(record, [cur], TODAY)
    assert new is not record and record.card == {"license": "apache-2.0", "licence": "mit"}
    assert new.card == {"license": "llama2"} and new.tags == ("base_model:x/y",)  # every other declaration gone
    other = ModelRecord(id="acme/x", source="hub", card={"license": "other", "license_name": "my-custom"})
    assert curate(other, [cur], TODAY)[0].card == {"license": "llama2"}  # the old `other` license's name goes
    keep = Curation(model="acme/*", field="license", value="other", reason="r", author="a", expires="2027-01-01")
    assert curate(other, [keep], TODAY)[0].card == {"license": "other", "license_name": "my-custom"}
    assert [a.original for a in applied] == ["apache-2.0"] and expired == ()
    # A revision-pinned curation applies only to that revision.
    pinned = Curation(model="acme/chat-ft", field="gated", value="manual", reason="r", author="a",
                      expires="2027-01-01", revision="deadbeef")
    assert curate(record, [pinned], TODAY)[1] == ()
    assert curate(record, [Curation(**{**pinned.__dict__, "revision": SHA[:10]})], TODAY)[0].gated == "manual"


BASE_CURATION = """\
curations:
  - model: acme/chat-ft
    field: base_model
    value: meta-llama/Llama-2-7b-hf
    reason: the card's prose says it is a fine-tune of Llama 2 7B
    author: jane
    expires: 2027-06-30
"""


def test_a_missing_base_model_is_added_and_its_terms_are_inherited(tmp_path: Path) -> None:
    plain = _audit(tmp_path, "acme/chat-ft", None)
    assert plain.facts["lineage"]["ancestors"] == [] and "LIN001" not in _rules(plain)

    result = _audit(tmp_path, "acme/chat-ft", _policy(tmp_path, BASE_CURATION))
    facts = result.facts
    assert facts["model"]["base_models"] == ["meta-llama/Llama-2-7b-hf"]
    [ancestor] = facts["lineage"]["ancestors"]
    assert ancestor["id"] == "meta-llama/Llama-2-7b-hf" and ancestor["license"] == "LicenseRef-Llama-2"
    assert {i["from"] for i in facts["lineage"]["inherited"]} == {"meta-llama/Llama-2-7b-hf"}
    assert "LicenseRef-Llama-2" in facts["license"]["effective_ids"]
    assert "LIN001" in _rules(result)  # apache-2.0 declared over a Llama 2 base: the laundering rule now sees it
    assert facts["provenance"]["base_models"]["source"] == "curation"
    assert facts["curations"]["applied"][0]["original"] == []
    # The edge the reports draw says where the base came from.
    lineage = result.lineage
    [(_, base, edge)] = list(lineage.graph.out_edges(lineage.root, data=True))
    assert base == "meta-llama/Llama-2-7b-hf" and edge["evidence"][0]["source"] == "curation"


def test_a_base_models_curation_reaches_its_derivatives(tmp_path: Path) -> None:
    """lab/nc-base's license is corrected (to Apache-2.0): acme/tuned inherits the corrected terms."""
    plain = _audit(tmp_path, "acme/tuned", None)
    assert any(i["license"] == "CC-BY-NC-4.0" for i in plain.facts["lineage"]["inherited"])
    body = ("curations:\n  - {model: lab/nc-base, field: license, value: apache-2.0, reason: relicensed upstream, "
            "author: jane, expires: 2027-06-30}\n")
    result = _audit(tmp_path, "acme/tuned", _policy(tmp_path, body))
    assert result.facts["lineage"]["ancestors"][0]["license"] == "Apache-2.0"
    assert not any(i["license"] == "CC-BY-NC-4.0" for i in result.facts["lineage"]["inherited"])
    [applied] = result.facts["curations"]["applied"]
    assert applied["model"] == "lab/nc-base" and applied["original"] == "cc-by-nc-4.0"
    # The derivative's own license evidence is its card's, not the base's curation.
    assert {e["source"] for e in result.facts["license"]["evidence"]} == {"catalog"}


def test_an_expired_curation_stops_applying_and_is_reported(tmp_path: Path) -> None:
    body = LICENSE_CURATION.replace("2027-06-30", "2026-12-04")  # the day before TODAY
    result = _audit(tmp_path, "acme/chat-ft", _policy(tmp_path, body))
    assert result.facts["license"]["declared"] == ["Apache-2.0"]  # the card's own value again
    assert result.facts["curations"]["applied"] == []
    [expired] = result.facts["curations"]["expired"]
    assert expired["matched"] == "acme/chat-ft" and expired["expires"] == "2026-12-04"
    finding = next(f for f in result.findings if f.rule == "CUR001")
    assert finding.severity == "warning" and "expired on 2026-12-04" in finding.message
    assert "policy.yaml:2" in finding.message
    assert "CUR001" not in _rules(_audit(tmp_path, "acme/chat-ft", _policy(tmp_path, LICENSE_CURATION)))


def test_the_first_matching_curation_wins_and_the_extending_policy_comes_first(tmp_path: Path) -> None:
    _policy(tmp_path, LICENSE_CURATION.replace("llama2", "mit"), "base.yaml")
    child = _policy(tmp_path, "extends: base.yaml\n" + LICENSE_CURATION, "child.yaml")
    result = _audit(tmp_path, "acme/chat-ft", child)
    assert result.facts["license"]["declared"] == ["LicenseRef-Llama-2"]
    assert [a["where"] for a in result.facts["curations"]["applied"]] == ["child.yaml:3"]


@pytest.mark.parametrize(("entry", "line", "key", "needle"), [
    ("field: licence\n    value: mit", 4, "curations[0].field", "'licence' is not allowed"),
    ("field: license\n    value: not-a-license-xyz", 5, "curations[0].value", "not a license id auditor knows"),
    ("field: base_model\n    value: [no-owner]", 5, "curations[0].value", "not a repository id"),
    ("field: gated\n    value: yes-please", 5, "curations[0].value", "not false, auto or manual"),
    ("field: base_model_relation\n    value: cousin", 5, "curations[0].value", "not one of finetune"),
])
def test_a_malformed_curation_names_file_line_and_key(tmp_path: Path, entry: str, line: int, key: str,
                                                       needle: str) -> None:
    path = _policy(tmp_path, f"name: x\ncurations:\n  - model: acme/m\n    {entry}\n    reason: because\n"
                             "    author: me\n    expires: 2027-01-01\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.file, info.value.line, info.value.key) == (str(path), line, key)
    assert needle in info.value.message


def test_missing_author_and_impossible_expiry_are_errors(tmp_path: Path) -> None:
    path = _policy(tmp_path, "curations:\n  - {model: a/b, field: gated, value: false, reason: why, "
                             "expires: 2027-01-01}\n")
    with pytest.raises(PolicyError, match="author"):
        load_policy(path)
    path = _policy(tmp_path, "curations:\n  - model: a/b\n    field: gated\n    value: false\n    reason: why\n"
                             "    author: me\n    expires: 2027-02-30\n")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert info.value.line == 7 and "curations[0].expires" in str(info.value)


def test_cli_reports_a_malformed_curation_in_one_sentence(tmp_path: Path) -> None:
    path = _policy(tmp_path, "curations:\n  - model: 'acme/[x'\n    field: gated\n    value: manual\n"
                             "    reason: why\n    author: me\n    expires: 2027-01-01\n")
    result = CliRunner().invoke(app, ["audit", "acme/chat-ft", "--offline", "--catalog", str(_catalog(tmp_path)),
                                      "--policy", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "policy.yaml:2" in result.output and "curations[0].model" in result.output


def test_project_auditor_yaml_curations_apply_in_check(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / "auditor.yaml").write_text(
        "models:\n  - id: acme/chat-ft\n    purpose: chat\n"
        "curations:\n  - model: acme/chat-ft\n    field: license\n    value: llama2\n"
        "    reason: LICENSE.txt is Llama 2\n    author: jane\n    expires: 2027-06-30\n", encoding="utf-8")
    found = find_project_policy(project)
    assert found == project / "auditor.yaml"
    policy = load_policy(found)
    assert [c["field"] for c in policy.data["curations"]] == ["license"]
    assert policy.data["curations"][0]["_where"] == "auditor.yaml:5"
    result = CliRunner().invoke(app, ["check", str(project), "--offline", "--catalog", str(_catalog(tmp_path)),
                                      "--format", "json"])
    assert "Traceback" not in result.output, result.output
    data = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])
    facts = data["models"][0]["facts"]
    assert facts["license"]["declared"] == ["LicenseRef-Llama-2"]
    assert facts["curations"]["applied"][0]["author"] == "jane"


def test_auditor_yaml_curation_errors_carry_the_files_own_line(tmp_path: Path) -> None:
    (tmp_path / "auditor.yaml").write_text(
        "models: [acme/m]\npolicy:\n  use: {commercial: true}\n"
        "curations:\n  - model: acme/m\n    field: gated\n    value: sometimes\n"
        "    reason: why\n    author: me\n    expires: 2027-01-01\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "auditor.yaml")
    assert info.value.line == 7 and info.value.key == "curations[0].value"


def test_auditor_yaml_curations_that_are_not_a_list_are_an_error_with_a_line(tmp_path: Path) -> None:
    (tmp_path / "auditor.yaml").write_text("models: [acme/m]\n\ncurations:\n  model: acme/m\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "auditor.yaml")
    assert (info.value.line, info.value.key) == (3, "curations") and "must be a list" in info.value.message


def test_a_second_curation_of_the_same_fact_in_one_file_is_an_error(tmp_path: Path) -> None:
    entry = ("  - {model: acme/m, field: gated, value: manual, reason: why not, author: me, "
             "expires: 2027-01-01}\n")
    with pytest.raises(PolicyError) as info:
        load_policy(_policy(tmp_path, "curations:\n" + entry + entry))
    assert info.value.line == 3 and info.value.key == "curations[1].field" and "never apply" in info.value.message


def test_one_curating_view_per_resolver_that_does_not_keep_it_alive(tmp_path: Path) -> None:
    import gc
    import weakref

    from auditor.curations import curating
    from auditor.sources.base import Resolver

    policy = load_policy(_policy(tmp_path, LICENSE_CURATION))
    resolver = Resolver([])
    view = curating(resolver, policy, TODAY)
    assert view is not None and curating(resolver, policy, TODAY) is view and view.resolver is resolver
    assert curating(resolver, load_policy(None), TODAY) is None  # no curations: no view, records untouched
    alive = weakref.ref(resolver)
    del resolver, view
    gc.collect()
    assert alive() is None


def test_datasets_and_gated_state_are_corrected_too(tmp_path: Path) -> None:
    body = ("curations:\n"
            "  - {model: acme/chat-ft, field: datasets, value: [lab/web-text], reason: the paper names it, "
            "author: jane, expires: 2027-06-30}\n"
            "  - {model: acme/chat-ft, field: gated, value: manual, reason: the Hub page asks for a form, "
            "author: jane, expires: 2027-06-30}\n")
    plain = _audit(tmp_path, "acme/chat-ft", None)
    assert plain.facts["datasets"] == [] and plain.facts["model"]["gated"] is None
    result = _audit(tmp_path, "acme/chat-ft", _policy(tmp_path, body))
    [dataset] = result.facts["datasets"]
    assert dataset["id"] == "lab/web-text" and dataset["license"] == "CC-BY-NC-4.0"  # read through the curation
    assert result.facts["model"]["gated"] == "manual"
    assert {a["field"]: a["original"] for a in result.facts["curations"]["applied"]} == {"datasets": [],
                                                                                          "gated": None}


def test_every_output_shows_a_curated_license_as_curated_not_as_declared(tmp_path: Path) -> None:
    """ux26-7: "Declared license llama2 (card)" told a reviewer the card said what only the curation says. Every
    output that shows a declared license says what the card declared and what the curation made of it; the
    facts say so too (license.curated), and an SBOM's declared license is the card's (Apache-2.0), its
    concluded one the curated."""
    runner = CliRunner()
    catalog, policy = _catalog(tmp_path), _policy(tmp_path, LICENSE_CURATION)
    common = ["--offline", "--catalog", str(catalog), "--policy", str(policy), "--allow-incomplete"]
    expected = "apache-2.0 (card); curated to llama2 (policy.yaml:2)"
    text = runner.invoke(app, ["audit", "acme/chat-ft", *common]).output
    assert expected in text and "llama2 (card)" not in text
    for fmt in ("md", "html", "junit", "markdown"):
        out = tmp_path / f"out.{fmt}"
        command = "report" if fmt in ("md", "html") else "audit"
        result = runner.invoke(app, [command, "acme/chat-ft", *common, "--format", fmt, "-o", str(out)])
        shown = out.read_text(encoding="utf-8")
        assert expected.replace("(", "\\(").replace(")", "\\)") in shown or expected in shown, (fmt, result.output)
        assert "llama2 (card)" not in shown and "llama2 \\(card\\)" not in shown, fmt
    data = json.loads(runner.invoke(app, ["audit", "acme/chat-ft", *common, "--format", "json"]).output)
    curated = data["models"][0]["facts"]["license"]["curated"]
    assert curated == {"field": "license", "declared": "apache-2.0", "declared_ids": ["Apache-2.0"],
                       "value": "llama2", "where": "policy.yaml:2", "author": "legal@example.com"}
    cdx_path, spdx_path = tmp_path / "bom.cdx.json", tmp_path / "bom.spdx.json"
    runner.invoke(app, ["sbom", "acme/chat-ft", *common, "-f", "cyclonedx", "-o", str(cdx_path)])
    runner.invoke(app, ["sbom", "acme/chat-ft", *common, "-f", "spdx-json", "-o", str(spdx_path)])
    cdx = json.loads(cdx_path.read_text())
    entries = [c for c in [cdx["metadata"].get("component") or {}, *cdx.get("components", [])]
               if str(c.get("name")).endswith("chat-ft")]
    props = [(p["name"], p["value"]) for c in entries
             for p in [*c.get("properties", []), *(c.get("modelCard") or {}).get("properties", [])]]
    assert ("auditor:license:declared", "Apache-2.0") in props
    assert ("auditor:note", f"declared license: {expected}") in props
    evidence = [e["license"] for c in entries for e in (c.get("evidence") or {}).get("licenses", [])]
    assert evidence and all(e.get("id") == "Apache-2.0" and e["acknowledgement"] == "declared" for e in evidence)
    spdx = json.loads(spdx_path.read_text())
    package = next(p for p in spdx["packages"] if p["name"] == "acme/chat-ft")
    assert package["licenseDeclared"] == "Apache-2.0" and "Llama" in package["licenseConcluded"]


def test_an_uncurated_license_is_still_the_cards() -> None:
    """The neighbour: without a curation, nothing says "curated" and the declared license is the card's."""
    from auditor.formats.summary import curated_declaration  # lazy: only this test needs the formatter

    assert curated_declaration({"license": {"declared": ["MIT"], "curated": None}}) is None
    assert curated_declaration({"license": {"curated": {"field": "license_name", "declared": None, "value": "x",
                                                        "where": None}}}) == \
        "license_name none (card); curated to x (policy)"
