# ruff: noqa: E501  (the hostile inputs read best on one line each)
"""Hostile inputs, pass 8: what people read and what machines validate, given ids, names and card text built to
break it (scripts/hostile_probe.py, the `p8-*` families).

Classes:
- a lone surrogate (a folder name that is not UTF-8, read by Python with surrogateescape; a JSON `"\\ud800"` in a
  catalog, a lock or a Hub answer) ended every output format in a UnicodeEncodeError after the whole run was audited:
  every output is now encoded through textsafe.utf8 (and stdout through its error handler), the surrogate shown as
  U+FFFD, while a real surrogate *pair* (an emoji escaped in JSON) stays the character it spells;
- SBOMs (SPDX 2.3, SPDX 3, CycloneDX) and NOTICE.md carried bidi overrides and terminal escapes from folder and file
  names raw: they now pass through textsafe like every other format people read, and still validate;
- a custom rule reading a field the facts do not have (`model.nonexistent == 1`) read null and never fired, so every
  model passed it silently: it is refused when the policy is loaded, naming file, line and key;
- a LICENSE that is a symbolic link to a folder (or to nothing) was left out of the notice bundle with the bundle
  called complete: it is now said missing (exit 3), while a REUSE `LICENSES/` folder stays out without a word.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from auditor.celcheck import unknown_fields
from auditor.policy import PolicyError, load_policy
from auditor.textsafe import REPLACEMENT, clean, utf8
from tests.hostile._cli import MODEL, run

REPO = Path(__file__).resolve().parents[1]
BIDI = "\u202e"


def _catalog(path: Path, **card: object) -> Path:
    good = {"id": "acme/good", "sha": "a" * 40, "cardData": {"license": "mit"}, "siblings": [{"rfilename": "README.md"}]}
    bad = {"id": "acme/bad", "sha": "b" * 40, "cardData": {"license": "other", **card},
           "siblings": [{"rfilename": "README.md"}]}
    # json.dumps writes a lone surrogate as the escape `\ud800`, as a hostile snapshot or mirror would
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    return path


def _not_utf8_folder(root: Path) -> Path:
    raw = os.fsencode(str(root)) + b"/model-\xff\xfe"
    os.makedirs(raw)
    with open(raw + b"/README.md", "wb") as fh:
        fh.write(b"---\nlicense: mit\n---\n# m\n")
    return Path(os.fsdecode(raw))


def _cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real entry point (stdout a pipe, as in CI): in-process runners do not set up stdout the same way."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], capture_output=True, env=env,
                          cwd=cwd, timeout=120, check=False)


# ---------------------------------------------------------------- lone surrogates reach every output as U+FFFD


def test_utf8_writes_lone_surrogates_as_replacement_and_keeps_everything_else() -> None:
    assert utf8("a\ud800b\udcffc") == "a\ufffdb\ufffdc".encode()
    text = "plain ascii, é, 😀, \u202e"  # near miss: valid text is encoded as is (clean() is another matter)
    assert utf8(text) == text.encode("utf-8")
    assert clean("x\udcffy") == f"x{REPLACEMENT}y"
    assert clean("x😀y") == "x😀y"


def test_catalog_surrogates_through_every_audit_format(tmp_path: Path, schemas: Path) -> None:
    catalog = _catalog(tmp_path / "c.jsonl", license_name="x\ud800y", base_model="acme/b\udcffase")
    out = tmp_path / "out"
    result = run("audit", "acme/good", "acme/bad", "--offline", "--catalog", catalog, "-f",
                 "sarif,junit,json,jsonl,gitlab,markdown,text,github", "-o", out)
    assert result.code in (1, 3)  # audited: the custom license and the unreadable base are findings
    files = sorted(out.iterdir())
    assert len(files) == 8
    for path in files:
        text = path.read_bytes().decode("utf-8")  # every file is UTF-8
        assert "\ud800" not in text and "acme/bad" in text, path.name
    sarif = json.loads((out / "auditor.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads((schemas / "sarif-schema-2.1.0.json").read_text())).validate(sarif)
    assert REPLACEMENT in (out / "auditor.sarif").read_text(encoding="utf-8")


def test_a_surrogate_pair_in_json_stays_the_character_it_spells(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path / "c.jsonl", license_name="smile \ud83d\ude00")  # json.dumps: "\ud83d\ude00"
    assert "\\ud83d\\ude00" in catalog.read_text(encoding="utf-8")
    out = tmp_path / "o.json"
    run("audit", "acme/bad", "--offline", "--catalog", catalog, "-f", "json", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "smile 😀" in text and REPLACEMENT not in text


def test_a_folder_name_that_is_not_utf8_is_audited_and_printed(tmp_path: Path) -> None:
    folder = _not_utf8_folder(tmp_path)
    good = tmp_path / "good"
    good.mkdir()
    (good / "README.md").write_text("---\nlicense: mit\n---\n# m\n", encoding="utf-8")
    done = _cli("audit", folder, good, "--offline", "-f", "jsonl")
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, done.stderr
    assert done.returncode == 0
    models = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines() if '"type": "model"' in line
              or '"type":"model"' in line]
    assert len(models) == 2 and all(m["verdict"] == "pass" for m in models)
    assert any(REPLACEMENT in m["model"] for m in models)
    text = _cli("openness", folder, "--offline")  # rich's console on stdout
    assert text.returncode == 0 and REPLACEMENT.encode() in text.stdout, text.stderr


def test_a_folder_name_that_is_not_utf8_through_sbom_report_and_notice(tmp_path: Path) -> None:
    folder = _not_utf8_folder(tmp_path / "in")
    for args, name in ((["sbom", "-f", "spdx-json"], "s.json"), (["sbom", "-f", "cyclonedx"], "c.json"),
                       (["report"], "r.html"), (["notice"], "n")):
        target = tmp_path / name
        result = run(*args[:1], folder, "--offline", *args[1:], "-o", target)
        assert result.code == 0, (args, result.stderr)
        written = target / "NOTICE.md" if name == "n" else target
        assert REPLACEMENT in written.read_text(encoding="utf-8"), args


# ---------------------------------------------------------------- SBOMs and NOTICE.md are cleaned like the rest


def test_sbom_names_carry_no_bidi_override_and_still_validate(tmp_path: Path) -> None:
    from auditor.formats.sbom_cyclonedx import validation_errors

    folder = tmp_path / f"acme{BIDI}evil\x1b[31m"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# m\n", encoding="utf-8")
    for fmt, name in (("spdx-json", "s.json"), ("spdx3", "s3.json"), ("cyclonedx", "c.json")):
        result = run("sbom", folder, "--offline", "-f", fmt, "-o", tmp_path / name)
        assert result.code == 0, result.stderr
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert BIDI not in text and "\x1b" not in text and "\\u001b" not in text, fmt
        assert f"acme{REPLACEMENT}evil" in text, fmt  # the name is still there, its hidden part made visible
    assert not validation_errors((tmp_path / "c.json").read_text(encoding="utf-8"))


def test_sbom_near_miss_plain_unicode_names_are_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "modèle-日本語"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# m\n", encoding="utf-8")
    run("sbom", folder, "--offline", "-f", "cyclonedx", "-o", tmp_path / "c.json")
    assert "modèle-日本語" in (tmp_path / "c.json").read_text(encoding="utf-8")


def _notice_model(root: Path) -> Path:
    folder = root / "m"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: other\nlicense_name: acme\n---\n# m\n", encoding="utf-8")
    return folder


def test_notice_md_shows_hostile_file_names_without_their_controls(tmp_path: Path) -> None:
    folder = _notice_model(tmp_path)
    (folder / f"NOTICE{BIDI}.txt").write_text("n", encoding="utf-8")
    (folder / "LICENSE\x1b[31m").write_text("l", encoding="utf-8")
    result = run("notice", folder, "--offline", "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    text = (tmp_path / "out" / "NOTICE.md").read_text(encoding="utf-8")
    assert BIDI not in text and "\x1b" not in text
    # the `[` of the escape sequence is written `\[` (Markdown-inert since pass 12), shown as `[` when rendered
    assert f"NOTICE{REPLACEMENT}.txt" in text and f"LICENSE{REPLACEMENT}\\[31m" in text


@pytest.mark.parametrize("target", ["/", "nowhere-at-all"])
def test_a_license_link_to_a_folder_or_nothing_is_said_missing(tmp_path: Path, target: str) -> None:
    folder = _notice_model(tmp_path)
    os.symlink(target, folder / "LICENSE")
    result = run("notice", folder, "--offline", "-o", tmp_path / "out")
    assert result.code == 3, result.stderr  # incomplete: a file the bundle should hold is not in it
    assert "LICENSE" in (tmp_path / "out" / "NOTICE.md").read_text(encoding="utf-8").split("### Missing", 1)[1]


def test_near_miss_a_reuse_licenses_folder_keeps_the_bundle_complete(tmp_path: Path) -> None:
    folder = _notice_model(tmp_path)
    (folder / "LICENSES").mkdir()
    (folder / "LICENSES" / "MIT.txt").write_text("MIT\n", encoding="utf-8")
    (folder / "LICENSE").write_text("terms\n", encoding="utf-8")
    result = run("notice", folder, "--offline", "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    assert "### Missing" not in (tmp_path / "out" / "NOTICE.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- custom rules reading fields the facts lack


def _policy(tmp_path: Path, condition: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text("name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n    severity: error\n"
                    f"    title: t\n    condition: {json.dumps(condition)}\n    message: m\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("condition", ["model.nonexistent == 1", "has(license.no_such_key)",
                                       "terms.commercial_usage != 'allowed'", "size(model . idd) > 0"])
def test_a_rule_reading_a_field_the_facts_lack_is_refused_at_load(tmp_path: Path, condition: str) -> None:
    path = _policy(tmp_path, condition)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    message = str(info.value)
    assert "policy.yaml:8" in message and "custom_rules[0].condition" in message and "which the facts do not have" in message
    result = run("audit", MODEL, "--offline", "--policy", path)
    assert result.code == 2 and "policy.yaml" in result.error


@pytest.mark.parametrize("condition", ["model.id == 'model.nonexistent'", "policy.anything == 1", "has(model.gated)",
                                       "license.declared.exists(x, x.startsWith('a'))", "terms.commercial_use == 'allowed'",
                                       "openness.scores.weights > 50", "datasets.exists(d, d.id == 'x')"])
def test_near_miss_documented_and_free_form_fields_still_load(tmp_path: Path, condition: str) -> None:
    assert unknown_fields(condition) == []
    load_policy(_policy(tmp_path, condition))


def test_a_rule_that_fails_only_on_real_facts_is_an_engine_finding(tmp_path: Path) -> None:
    path = _policy(tmp_path, "size(model.id) / (size(model.id) - size(model.id)) > 0")
    load_policy(path)  # the sample facts cannot know: accepted at load
    result = run("audit", MODEL, "--offline", "--policy", path, "-f", "jsonl")
    assert result.code == 1
    record = next(json.loads(line) for line in result.stdout.splitlines() if '"type": "model"' in line or '"type":"model"' in line)
    assert any(f["rule"] == "ENG001" and "ACME001" in f["message"] for f in record["findings"])


# ---------------------------------------------------------------- text people read on a terminal


def test_error_sentence_quotes_a_path_without_its_escape(tmp_path: Path) -> None:
    folder = tmp_path / "e\x1b[31m"
    folder.mkdir()
    (folder / "p.yaml").write_text("name: [\n", encoding="utf-8")
    for args in (["audit", MODEL, "--offline", "--policy", folder / "p.yaml"], ["policy", "validate", folder / "p.yaml"]):
        done = _cli(*args)
        assert done.returncode == 2
        err = done.stderr.decode("utf-8")
        assert "\x1b" not in err and f"e{REPLACEMENT}[31m" in err and "p.yaml:2" in err, err


def test_catalog_list_and_openness_text_show_card_text_without_controls(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path / "c.jsonl", license_name=f"x{BIDI}\x00\x1b[2Jy")
    listed = _cli("catalog", "list", "--catalog", catalog)
    assert listed.returncode == 0
    text = listed.stdout.decode("utf-8")
    assert "acme/bad" in text and not any(c in text for c in (BIDI, "\x00", "\x1b")), text
    assert f"x{REPLACEMENT}{REPLACEMENT}{REPLACEMENT}[2Jy" in text
    folder = tmp_path / "m\x1b[31m"
    folder.mkdir()
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# m\n", encoding="utf-8")
    shown = _cli("openness", folder, "--offline")
    assert shown.returncode == 0 and b"\x1b" not in shown.stdout and f"m{REPLACEMENT}[31m".encode() in shown.stdout


# ---------------------------------------------------------------- recordings and Hub answers that cannot be pinned or read


def test_is_commit_sha_is_forty_lower_hex_digits_and_nothing_more() -> None:
    from auditor.sources.cache import is_commit_sha

    assert is_commit_sha("86b5e0934494bd15c9632b12f734a8a67f723594")
    for bad in ("86b5e0934494bd15c9632b12f734a8a67f723594\n", "z" * 40, "a" * 39, "a" * 41, "A" * 40,
                "../../../../tmp/escape", "", None):
        assert not is_commit_sha(bad), bad


@pytest.mark.parametrize("sha", ["z" * 40, "abc", "../../../../tmp/p8-escape", "a" * 39 + "\n", "A" * 40])
def test_a_hub_answer_whose_sha_is_no_commit_id_is_incomplete(fake_hub, tmp_path: Path, sha: str) -> None:
    from auditor.model import parse_ref
    from auditor.sources.hub import HubSource

    card = "---\nlicense: mit\n---\n# m\n"
    fake_hub.add_repo("acme/bad-sha", {"cardData": {"license": "mit"}, "gated": False}, {"README.md": card}, sha=sha)
    record = HubSource(endpoint=fake_hub.url, cache_dir=tmp_path, deadline=3, request_timeout=1).fetch(
        parse_ref("acme/bad-sha"))
    assert not record.complete
    fatal = [p for p in record.problems if p.fatal]
    assert fatal and "commit SHA" in fatal[0].message and "\n" not in fatal[0].message
    assert not any(tmp_path.rglob("*escape*"))  # the SHA never became a path


def test_near_miss_a_hub_answer_with_a_real_sha_is_complete(fake_hub, tmp_path: Path) -> None:
    from auditor.model import parse_ref
    from auditor.sources.hub import HubSource

    fake_hub.add_repo("acme/ok", {"cardData": {"license": "mit"}, "gated": False}, {"README.md": "---\nlicense: mit\n---\n"})
    record = HubSource(endpoint=fake_hub.url, cache_dir=tmp_path, deadline=3, request_timeout=1).fetch(parse_ref("acme/ok"))
    assert record.complete and record.sha and len(record.sha) == 40


@pytest.mark.parametrize(("value", "gated", "said"), [
    (False, False, False), ("auto", "auto", False), ("manual", "manual", False), (True, "auto", False), (None, None, False),
    ("yes", None, True), (5, None, True), ("", None, True), (0, None, True), ({"a": 1}, None, True), ("false", None, True)])
def test_gated_values_the_hub_never_sends_are_said_not_read_as_open(value: object, gated: object, said: bool) -> None:
    from auditor.sources.hubjson import record_from_hub_json

    record = record_from_hub_json({"id": "acme/m", "sha": "a" * 40, "gated": value, "cardData": {"license": "mit"}},
                                  source="catalog")
    assert record.gated == gated
    problems = [p for p in record.problems if p.code == "gated-invalid"]
    assert bool(problems) == said
    assert all(not p.fatal and "`gated`" in p.message for p in problems)


def test_gated_invalid_is_a_warning_finding_on_the_model(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "acme/g", "sha": "a" * 40, "gated": "yes", "cardData": {"license": "mit"}}) + "\n",
                    encoding="utf-8")
    result = run("audit", "acme/g", "--offline", "--catalog", path, "-f", "jsonl")
    record = next(json.loads(line) for line in result.stdout.splitlines() if '"type": "model"' in line or '"type":"model"' in line)
    assert any(f["rule"] == "SRC002" and "gated" in f["message"] for f in record["findings"])


@pytest.mark.parametrize("field", ["id", "sha", "revision", "requested"])
def test_a_catalog_line_with_a_lone_surrogate_in_an_indexed_field_is_refused_with_file_and_line(tmp_path: Path, field: str) -> None:
    good = {"id": "acme/good", "sha": "a" * 40, "cardData": {"license": "mit"}}
    bad = {"id": "acme/bad", "sha": "b" * 40, "cardData": {"license": "mit"}}
    if field in ("id", "sha"):
        bad[field] = "acme/b\ud800" if field == "id" else "\ud800"
    else:
        bad["_auditor"] = {field: "x\udcff"}
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = run("audit", "acme/good", "--offline", "--catalog", path)
    assert result.code == 2
    assert "c.jsonl:2" in result.error and "lone surrogate" in result.error and f"`{field}`" in result.error.replace("_auditor.", "")


def test_near_miss_an_emoji_id_part_and_a_surrogate_pair_in_a_catalog_are_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "acme/good", "sha": "a" * 40, "cardData": {"license": "mit", "license_name": "\ud83d\ude00"},
                                "_auditor": {"origin": "snapshot \ud83d\ude00"}}) + "\n", encoding="utf-8")
    assert "\\ud83d" in path.read_text(encoding="utf-8")
    assert run("audit", "acme/good", "--offline", "--catalog", path).code == 0


def test_notice_from_a_lock_with_a_bad_pin_names_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / "auditor.lock"
    entry = {"id": MODEL, "requested": MODEL, "revision": None, "sha": "../../../../etc/passwd", "license": "Apache-2.0",
             "effective_license": "Apache-2.0", "lineage": [], "facts_digest": "0" * 64}
    lock.write_text(json.dumps({"lock_version": 1, "models": [entry], "records": []}), encoding="utf-8")
    result = run("notice", "--lock", lock, "--offline", "-o", tmp_path / "n")
    assert result.code == 2 and "auditor.lock" in result.error and "models[0]" in result.error


# ---------------------------------------------------------------- huge values in the printed review


def test_review_cuts_a_one_megabyte_value_and_says_so(tmp_path: Path) -> None:
    from auditor.formats.html import MAX_VALUE_CHARS, esc

    assert esc("x" * 100) == "x" * 100  # near miss: ordinary values are untouched
    assert esc("y" * MAX_VALUE_CHARS) == "y" * MAX_VALUE_CHARS
    cut = esc("L" * 1_000_000)
    assert len(cut) < MAX_VALUE_CHARS + 100 and "1,000,000 characters in all" in cut
    catalog = _catalog(tmp_path / "c.jsonl", license_name="L" * 1_000_000)
    assert run("report", "acme/bad", "--offline", "--catalog", catalog, "-o", tmp_path / "r.html").code == 0
    assert (tmp_path / "r.html").stat().st_size < 1_000_000


def test_text_format_origin_label_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "acme/o", "sha": "a" * 40, "cardData": {"license": "mit"},
                                "_auditor": {"origin": f"evil\x1b[2J{BIDI}copy"}}) + "\n", encoding="utf-8")
    out = tmp_path / "o.txt"
    run("audit", "acme/o", "--offline", "--catalog", path, "-f", "text", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "Facts from" in text and "\x1b" not in text and BIDI not in text
