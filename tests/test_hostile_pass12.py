"""Findings of hostile pass 12 (scripts/hostile_probe.py families not run since pass 11, and the new p11 family).

Why each:
1. The text format escaped C0/C1 controls (NEL among them) but left U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
   SEPARATOR raw: a folder name or a card value holding one split a model's line in a CI log (and for
   `str.splitlines`). They are now written `\\u2028` / `\\u2029`, the JSONL writer's form.
2. A waiver (or curation) expiry written as a timestamp had two rules: unquoted (`2099-01-01T00:00:00+14:00`,
   which YAML reads as a datetime) it was silently cut to its date, quoted (`'2099-01-01 10:00'`) it was refused
   with a regex. One rule now: an expiry is a date alone; any timestamp, quoted or not, is refused with one
   sentence naming the file, line and key (cutting it would move a `+14:00` expiry to another day).
3. NOTICE.md escaped only `|` in card text: a base model id `acme/[b](javascript:alert(2))` became a live link in a
   heading and a reason, `![t](http://...)` a remote image, `<https://...>` an autolink, and a backtick in an id
   broke out of its code span. Card and repository text is now Markdown-inert there; ids in code spans get a fence
   longer than any backtick run they hold.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.hostile._cli import MODEL, one_sentence, run

SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085", "\x0b": "\\u000b", "\x0c": "\\u000c",
              "\x1c": "\\u001c", "\x1d": "\\u001d", "\x1e": "\\u001e"}


# -- 1. line separators in the text format ----------------------------------------------------------------------------


def _model(root: Path, name: str, card: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(card, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("char", "escaped"), list(SEPARATORS.items()))
def test_text_output_escapes_every_line_separator_in_a_folder_name(tmp_path: Path, char: str, escaped: str
                                                                     ) -> None:
    hostile = _model(tmp_path, f"m{char}x", "---\nlicense: mit\n---\n# A model\n")
    good = _model(tmp_path, "good", "---\nlicense: mit\n---\n# A model\n")
    result = run("audit", hostile, good, MODEL, "--offline", "-f", "text")
    assert result.code == 0, result.stderr
    assert char not in result.stdout
    # every line is one str.splitlines line: no record was cut in two by the separator
    assert result.stdout.splitlines() == result.stdout.split("\n")[:-1]
    assert any(line.startswith(("PASS ", "WARN ")) and line.endswith(f"m{escaped}x")
               for line in result.stdout.splitlines())
    assert any(line.endswith("good") for line in result.stdout.splitlines())  # the run went on
    assert MODEL in result.stdout


def test_text_output_escapes_separators_in_card_values_and_keeps_plain_unicode(tmp_path: Path) -> None:
    card = ("---\nlicense: other\nlicense_name: \"acme\u2028evil\u2029x\"\n---\n"
            "# Modèle 中 \u05e2\u05d1\u05e8\u05d9\u05ea\n")
    folder = _model(tmp_path, "modèle_中", card)
    result = run("audit", folder, "--offline", "-f", "text")
    assert result.code in (0, 1), result.stderr
    assert "\u2028" not in result.stdout and "\u2029" not in result.stdout
    assert "acme\\u2028evil\\u2029x" in result.stdout
    assert "modèle_中" in result.stdout  # near miss: accented, CJK text stays as written
    assert result.stdout.splitlines() == result.stdout.split("\n")[:-1]
    jsonl = run("audit", folder, "--offline", "-f", "jsonl")
    record = json.loads(jsonl.stdout.splitlines()[0])
    assert record["model"] == str(folder) or record["model"].endswith("modèle_中")


# -- 2. waiver and curation expiries ----------------------------------------------------------------------------------


def _policy(tmp_path: Path, expires: str, section: str = "waivers") -> Path:
    if section == "waivers":
        entry = f"  - model: '{MODEL}'\n    rule: LIC001\n    reason: Legal approval LEG-1\n    expires: {expires}\n"
    else:
        entry = (f"  - model: '{MODEL}'\n    field: license\n    value: apache-2.0\n    reason: Checked the LICENSE "
                 f"file\n    author: legal\n    expires: {expires}\n")
    path = tmp_path / "policy.yaml"
    path.write_text(f"name: x\n{section}:\n{entry}", encoding="utf-8")
    return path


TIMESTAMPS = ["2099-01-01T00:00:00+14:00", "2099-01-01T00:00:00Z", "2099-01-01 10:00:00", "'2099-01-01 10:00'",
              "2099-01-01 10:00", "'2099-01-01T23:59:59-12:00'", "2099-01-01Z", "'2099-01-01+02:00'"]


@pytest.mark.parametrize("section", ["waivers", "curations"])
@pytest.mark.parametrize("expires", TIMESTAMPS)
def test_an_expiry_with_a_time_or_zone_is_refused_quoted_or_not(tmp_path: Path, expires: str, section: str
                                                                 ) -> None:
    path = _policy(tmp_path, expires, section)
    word = "waiver" if section == "waivers" else "curation"
    line = 6 if section == "waivers" else 8
    for args in (("policy", "validate", path), ("audit", MODEL, "--offline", "--policy", path, "-f", "jsonl")):
        result = run(*args)
        assert result.code == 2, result.stdout
        assert one_sentence(result.stderr), result.stderr
        assert f"policy.yaml:{line}:" in result.error and f"{section}[0].expires" in result.error
        assert f"{word} expiry '2099-01-01" in result.error
        assert "has a time of day or a time zone; write the date alone (YYYY-MM-DD)" in result.error
        assert result.stdout == ""  # no half-written output under a refused policy


@pytest.mark.parametrize("section", ["waivers", "curations"])
@pytest.mark.parametrize("expires", ["2099-01-01", "'2099-01-01'", '"2099-01-01"'])
def test_near_miss_a_date_alone_quoted_or_not_is_one_valid_expiry(tmp_path: Path, expires: str, section: str
                                                                  ) -> None:
    path = _policy(tmp_path, expires, section)
    assert run("policy", "validate", path).code == 0
    result = run("audit", MODEL, "--offline", "--policy", path, "-f", "jsonl")
    assert result.code == 0, result.stderr
    assert [json.loads(line)["type"] for line in result.stdout.splitlines()] == ["model", "run"]


@pytest.mark.parametrize("expires", ["' 2099-01-01 '", "2099-W01-1", "2100-02-29", "'2099-1-1'"])
def test_near_miss_other_bad_dates_keep_their_own_sentence(tmp_path: Path, expires: str) -> None:
    result = run("policy", "validate", _policy(tmp_path, expires))
    assert result.code == 2 and one_sentence(result.stderr)
    assert "policy.yaml:6:" in result.error and "expires" in result.error
    assert "time of day" not in result.error  # not taken for a timestamp


def test_a_reason_that_is_a_timestamp_is_no_expiry(tmp_path: Path) -> None:
    # near miss: only `expires` is checked; a timestamp elsewhere is text (or the schema's business)
    path = tmp_path / "policy.yaml"
    path.write_text(f"name: x\nwaivers:\n  - model: '{MODEL}'\n    rule: LIC001\n    reason: 'approved 2026-01-01 "
                    "10:00 by legal'\n    expires: 2099-01-01\n", encoding="utf-8")
    assert run("policy", "validate", path).code == 0


# -- 3. NOTICE.md: card text is inert Markdown ------------------------------------------------------------------------

_LIVE_LINK = re.compile(r"(?<!\\)\]\((?:javascript:|http://evil)")


def _prose(text: str) -> str:
    """NOTICE.md without its code spans (a code span shows its text as written: nothing in it is live)."""
    return re.sub(r"(`+).*?\1", "", text)


def test_notice_md_keeps_links_images_and_html_from_a_card_inert(tmp_path: Path) -> None:
    card = ("---\nlicense: other\nlicense_name: \"[x](javascript:alert(1)) ![t](http://evil.example/t.png)\"\n"
            "base_model: \"acme/[b](javascript:alert(2))\"\ndatasets: [\"<https://evil.example>\"]\n---\n# x\n")
    folder = _model(tmp_path, "m", card)
    good = _model(tmp_path, "good", "---\nlicense: mit\n---\n# A model\n")
    result = run("notice", folder, good, "--offline", "-o", tmp_path / "out")
    assert result.code == 3  # the base cannot be resolved: said missing, the run went on
    text = (tmp_path / "out" / "NOTICE.md").read_text(encoding="utf-8")
    assert "## acme/\\[b\\](javascript:alert(2))" in text  # the heading shows the id, escaped
    assert "base_model 'acme/\\[b\\](javascript:alert(2))'" in text  # and so does the reason
    assert not _LIVE_LINK.search(_prose(text))
    assert "## good" in text and "## m" in text  # every model has its section
    for line in text.splitlines():
        if line.startswith("|"):  # every table row keeps the header's columns
            assert len(re.split(r"(?<!\\)\|", line)) == 6, line


def test_notice_md_code_spans_hold_an_id_with_backticks(tmp_path: Path) -> None:
    folder = _model(tmp_path, "m", "---\nlicense: mit\nbase_model: \"acme/a`b``c\"\n---\n# x\n")
    run("notice", folder, "--offline", "-o", tmp_path / "out")
    text = (tmp_path / "out" / "NOTICE.md").read_text(encoding="utf-8")
    assert "- Requested as: ``` acme/a`b``c ```" in text or "- Requested as: ```acme/a`b``c```" in text
    # near miss: an id without backticks keeps the plain one-backtick span (the folder by its name: no absolute
    # local path in a notice, review pass 29 W3)
    assert re.search(r"^- Requested as: `m[^`]*`$", text, re.MULTILINE) and str(folder) not in text


def test_near_miss_notice_md_plain_text_is_unchanged(tmp_path: Path) -> None:
    folder = _model(tmp_path, "plain-model", "---\nlicense: mit\n---\n# x\n")
    (folder / "LICENSE").write_text("MIT License (text elided)\n", encoding="utf-8")
    assert run("notice", folder, "--offline", "-o", tmp_path / "out").code == 0
    text = (tmp_path / "out" / "NOTICE.md").read_text(encoding="utf-8")
    assert "## plain-model" in text and "- License: MIT" in text and "\\" not in text.split("### Files")[0]
