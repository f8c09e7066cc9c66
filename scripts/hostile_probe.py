# ruff: noqa: E501  (the generated inputs read best on one line each)
"""Hostile-input probe: build bad inputs for every user-facing entry point, run the CLI on each, classify.

Not a test (it takes minutes and prints a table): a generator for finding classes of failures, whose
findings become fast tests in tests/test_hostile_pass2.py and tests/test_hostile_pass3.py (the `p3-*`
entries: manifest and lock shapes, tagged config YAML, CEL forms, suppressions, sockets and deep folders, CLI
values, catalog recordings, project policies, lineage files, Hub lineage, and a raw-fault fake Hub: HTML,
gzip bombs, drips, endless bodies, lying lengths, redirect loops) and tests/test_hostile_pass4.py (the `p4-*`
entries: failures in words not exception classes, what stands at a policy's `extends:`, catalog lines claiming
another owner's id, project files passed over, ids spoofed with hidden or look-alike characters) and
tests/test_hostile_pass11.py (the `p10-*` entries: CEL conditions failing on real facts, look-alike rule ids,
waiver dates, locks and catalogs with a key twice or two disagreeing entries, cards in UTF-16/Latin-1, a repository
of link loops, unreadable files and hostile file names through every format, refs files with Unicode line ends, odd
option values, and a fake Hub sending deep or ambiguous JSON, odd Retry-After values and 5xx storms) and
tests/test_hostile_pass13.py (the `p12-*` entries: the process's surroundings: the environment set to garbage,
stdout closed or full and stdin closed, Ctrl-C mid-run, paths too long for the file system or empty, card folders
that are files, FIFOs, sockets, devices or link loops, special files in a checked repository, read-only outputs,
refs files with a NUL or in UTF-16, policies with merge keys, Python tags or 3,000-deep CEL) and
tests/test_hostile_pass15.py (the `p13-*` entries: ignore files of a checked repository that cannot be read or are
FIFOs, report/sbom/notice saying which model is incomplete and why, paths too long or looping on the way, NUL/BOM/
UTF-16 in policies, catalogs, locks, auditor.yaml and MOF files, hostile locks, odd HF_HUB_OFFLINE/XDG/TMPDIR
values, HF_TOKEN no header can carry, off-host redirects and wrong-typed Hub answers) and tests/hostile/ (the
`p14-*` entries: ignore files ABOVE a checked subfolder that cannot be read or are FIFOs, outputs with a file
on the way or past a file-size limit, locks of a future version and locks notice ignored, CRLF/CR/UTF-16
policies and manifests, odd waiver dates and refs files, odd TZ/AUDITOR_* values, renamed models and faults in
the middle of a lineage) and tests/hostile/test_pass17_*.py (the `p15-*` entries: two local folders of one name
through every output, YAML-corner front matter and huge card bodies through every format, hostile file names and
SARIF URIs, one model named at 50,000 places, repeated refs-file lines, policy license lists naming a license by its
Hub id or a spelling, credentials in the endpoint URL, and a fake Hub's odd but real-shaped answers: siblings or
cardData missing or mistyped, a listed README that is a 404, UTF-16, an LFS pointer, empty or binary) and
tests/hostile/test_pass18_*.py (the `p16-*` entries, what users actually feed auditor: policies with a key twice,
merge-conflict markers, Python tags, NaN/dates/huge numbers, look-alike keys, BOM+CRLF, tabs; locks edited by hand
or a merge; base_model as a mapping, number or nested list and JSON front matter; project files that are folders,
FIFOs or unreadable, .gitignore and --exclude globs that backtrack; outputs into folders; garbage environment
values and ASCII-only stdout; cache entries cut short, FIFOs, links to /dev/zero, and concurrent runs on one cache;
odd Hub answers; refs files and CLI values; terminal escapes in card values. p9-scan toml-data-table's bound is
`--max-models`, test_pass18_max_models.py) and tests/test_hostile19.py (the `p17-*` entries: every file-writing command's
-o at /dev/full, under a file, in a read-only folder, a non-UTF-8 name, a dangling link; --endpoint and HF_ENDPOINT
malformed; refs pasted as URLs, with revisions, blanks, look-alike slashes; license expressions that do not parse,
base_model as a path; every policy key of the wrong type; check/lock PATH a FIFO, loop, file or missing; Hub statuses
410/451/5xx for a model, its base or README and SHAs that are none; odd environment values; every file-reading
option given a link loop, a dangling link, a folder or a name with a newline) and tests/test_hostile20_*.py (the
`p18-*` entries: a malformed, look-alike, hidden-character or non-UTF-8 reference among healthy ones as an argument,
a refs-file line, with --jobs and through report; revisions hostile to paths; YAML anchors, merge keys, tags and keys
of every shape in policies; huge or deeply nested CEL; locks and catalogs with wrong SHAs, types and duplicates;
outputs at /dev/full, a folder, links and FIFOs; environment values that are junk; every nested Hub field of the
wrong type; faults on the base, dataset, LICENSE, refs and commits endpoints) and tests/test_hostile22_lock_records.py (the
`p20-*` entries: refs files and stdin with NULs, BOMs, URLs, options and 1M lines; locks of the wrong types, cut
short, 40 MB or linked out of the tree through check, notice and report; notice bundles whose LICENSE leads out of
the folder; policies with tags, merge keys, keys twice, unknown CEL functions and malformed or expired waivers;
catalogs of mixed kinds and hostile ids; card front matter of every type; README folders, FIFOs and links; outputs
unwritable; HF_HOME, AUDITOR_* and a cache spoilt between runs; a fake Hub's 429s with junk Retry-After, 5xx storms,
cut or mistyped bodies, redirect loops, drips and stalls) and tests/hostile/test_pass21_*.py (the `p21-*` entries:
notice on hostile repository files and names, report/SARIF/JUnit/SPDX/CycloneDX with hostile card fields and ids,
--jobs batches with bad inputs, refs files of a million blank/CRLF/NUL lines, policies of YAML corners (alias bombs,
4,300-digit ints, odd dates, unicode and YAML 1.1 keys), environment variables, outputs at folders and links, Hub
file names with queries or CR/LF, commit histories with hostile titles, dates and ids, whole cards of one phrase;
each flagged case of the re-run p3..p17 families was triaged the same way) and tests/hostile/test_pass26_*.py (the
`p23-*` entries: locks spoilt by hand or merge through check --locked, notice --lock and lock (ids with hidden or
look-alike characters, one entry copied 10,000 times, a BOM); refs files in UTF-16/32, Latin-1, NUL-separated, 10 MB
lines, /proc/self/environ and a pasted HF_TOKEN line (the token never printed); catalog lineage 5,000 deep and 10,000
wide, cycles, look-alike bases; policies with typed keys, tags, odd counts, 3,000 custom rules and waiver dates with
zones; CEL run-time faults; look-alike and encoded ids on the command line; 1 MB front matter, 50 MB config.json, a
README linked to /proc/self/environ; control characters and lone surrogates through SARIF/JUnit/JSON/HTML (each
output parsed); HF_ENDPOINT junk; generated .gitignore files, minified JS and binary .py in checked repositories;
odd -o paths), tests/hostile/test_pass25_binary_card.py and test_pass25_memory_bound.py (the `p24-*` entries: READMEs
that are not text (control-character lines, random bytes, PNG, gzip, NUL runs, cp1251) and lines of control characters
in a real card, bounded time; 10,000 unknown ids streamed offline under a memory bound) and
tests/hostile/test_pass29_p25.py (the `p25-*` entries: message templates with `{{ }}`, policies as JSON, pyproject.toml
and YAML with hostile values, waiver expiries, notices whose LICENSE or license_link is no file, locks, refs files of
odd lines and 2,000,000 lines, catalog shas that are none, notebooks with cells of the wrong types, Hugging Face cache
folders whose refs/main is a FIFO or junk, `licenses identify` on UTF-16 or binary files). Each case runs
`python -m auditor ...` in a
subprocess with a timeout and a memory watch, and is classified as broken when:
- stderr holds a traceback or "internal error";
- the exit code is not 0/1/2/3, or the run hung (timeout) or grew past the memory bound;
- a model of the run is missing from the output (the run did not go on), or the affected model has no
  finding/problem;
- the run exits 0 although what it was given cannot be known (fail closed);
- an exit-2 message does not name the file (and line/key where the case says so), or is more than one line.

    python scripts/hostile_probe.py [--only SUBSTRING] [--jobs N] [--show]
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BERT = "google-bert/bert-base-uncased"
GOOD_CARD = "---\nlicense: mit\n---\n# A good model\n"
# Inputs whose model must carry a warning (or a card problem) but may exit 0: a custom license is a warning
# under the default policy (`custom: warn`), a file beside the card that cannot be read a SRC002 warning.
WARN_ONLY = frozenset({
    "base-self", "config-deep", "config-dir", "config-fifo", "config-huge-int", "config-invalid", "config-list",
    "config-unreadable", "config-weird-types", "extra-gated-huge", "license-dir", "license-fifo",
    "license-file-binary", "license-file-empty", "license-file-huge", "license-file-nul", "license-file-oneline",
    "license-file-regexbomb", "license-file-utf16", "license-link-file-url", "license-link-huge",
    "license-link-traversal", "license-name-dict", "license-name-int", "license-unreadable", "mergekit-bomb",
    "mergekit-fifo", "mergekit-invalid", "mergekit-list", "mergekit-weird", "mergekit-weird2", "mof-bomb",
    "mof-invalid", "mof-weird", "mof-weird2", "mof-weird3", "subdir-unreadable",
})
TIMEOUT = 60.0
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
MAX_RSS_MB = 1500


@dataclass
class Case:
    entry: str
    name: str
    argv: list[str]
    models: list[str] = field(default_factory=list)  # labels that must appear in the output (jsonl `model`)
    affected: str | None = None  # label whose record must carry a finding (not pass)
    fail_closed: bool = False  # exit 0 would be a silent pass
    error_names: list[str] = field(default_factory=list)  # an exit-2 message must contain each
    allow2: bool = True  # exit 2 is an acceptable answer
    want2: bool = False  # exit 2 is the only acceptable answer
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    check: Callable[[Result], str | None] | None = None  # extra verdict: a message when broken
    timeout: float = TIMEOUT
    runner: list[str] | None = None  # python arguments before argv (default: -m auditor)


@dataclass
class Result:
    case: Case
    code: int | None
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float
    problems: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        out = []
        for line in self.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    out.append(json.loads(line))
        return out


# ------------------------------------------------------------------ building inputs


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def model_dir(base: Path, name: str, readme: str | bytes | None = GOOD_CARD, **files: str | bytes) -> Path:
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    if readme is not None:
        write(folder / "README.md", readme)
    for fname, content in files.items():
        stem, _, ext = fname.rpartition("__")  # adapter_config__json -> adapter_config.json
        write(folder / (f"{stem}.{ext}" if stem else fname), content)
    return folder


def audit_local(base: Path, name: str, folder: Path, *, fail_closed: bool = False, finding: bool | None = None,
                check: Callable[[Result], str | None] | None = None, extra: list[str] | None = None) -> Case:
    """Audit the hostile folder beside a good folder and a catalog model: all three must come out; the
    hostile one with a warning or error (or a card problem) when `finding` (default: when `fail_closed`)."""
    good = model_dir(base, "good-model")
    argv = ["audit", str(folder), str(good), BERT, "--offline", "--format", "jsonl", *(extra or [])]
    wants = fail_closed if finding is None else finding
    return Case("audit-local", name, argv, models=[folder.name, "good-model", BERT],
                affected=folder.name if wants else None, fail_closed=fail_closed, allow2=False, check=check)


def card_cases(base: Path) -> list[Case]:
    cases: list[Case] = []

    def card(name: str, readme: str | bytes, *, fail_closed: bool = True, finding: bool | None = None,
             check: Callable[[Result], str | None] | None = None, **files: str | bytes) -> None:
        folder = model_dir(base / name, "hostile-model", readme, **files)
        if name in WARN_ONLY:
            fail_closed, finding = False, True
        cases.append(audit_local(base / name, name, folder, fail_closed=fail_closed, finding=finding, check=check))

    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
    card("yaml-bomb", f"---\n{bomb}license: mit\n---\nbody\n")
    card("yaml-bomb-in-license", f"---\n{bomb}license: *i\n---\nbody\n")
    card("yaml-invalid", "---\nlicense: [mit\n---\nbody\n")
    card("yaml-tab", "---\nlicense:\tmit\n\tbase_model: x\n---\nbody\n")
    card("yaml-merge-key", "---\nbase: &b {license: mit}\n<<: *b\n---\nbody\n", fail_closed=False)
    card("yaml-recursive-alias", "---\nlicense: &a [*a]\n---\n")
    card("yaml-self-alias-map", "---\nx: &a {y: *a}\nlicense: mit\n---\n", fail_closed=False)
    card("yaml-multi-doc", "---\nlicense: mit\n---\n---\nlicense: gpl\n---\n", fail_closed=False)
    card("yaml-python-tag", "---\nlicense: !!python/object/apply:os.system ['echo pwned']\n---\n")
    card("yaml-custom-tag", "---\nlicense: !custom mit\n---\n")
    card("yaml-binary-tag", "---\nlicense: !!binary aGVsbG8=\n---\n")
    card("yaml-set", "---\nlicense: !!set {mit, apache-2.0}\n---\n")
    card("yaml-omap", "---\nlicense: !!omap [{a: 1}]\n---\n")
    card("yaml-timestamp-license", "---\nlicense: 2024-01-01\n---\n")
    card("yaml-float-license", "---\nlicense: 1.0\n---\n")
    card("yaml-bool-license", "---\nlicense: yes\n---\n")
    card("yaml-inf-license", "---\nlicense: .inf\n---\n")
    card("yaml-nan-license", "---\nlicense: .nan\n---\n")
    card("yaml-huge-int", "---\nlicense: " + "9" * 5000 + "\n---\n")
    card("yaml-huge-int-base", "---\nlicense: mit\nbase_model: " + "9" * 5000 + "\n---\n")
    card("yaml-bad-date", "---\nlicense: mit\ndate: 2027-02-30\n---\n", fail_closed=False)
    card("yaml-bad-date-in-license", "---\nlicense: 2027-02-30\n---\n")
    card("yaml-key-complex", "---\n? [a, b]\n: c\nlicense: mit\n---\n", fail_closed=False)
    card("yaml-key-null", "---\n~: x\nlicense: mit\n---\n", fail_closed=False)
    card("yaml-key-int", "---\n1: x\nlicense: mit\n---\n", fail_closed=False)
    card("yaml-key-dict-alias", "---\nk: &k {a: 1}\n*k : v\nlicense: mit\n---\n", fail_closed=False)
    card("yaml-front-is-list", "---\n- license: mit\n---\n")
    card("yaml-front-is-scalar", "---\nmit\n---\n")
    card("yaml-front-empty", "---\n---\nbody\n")
    card("yaml-unterminated", "---\nlicense: mit\nbody with no end\n")
    card("yaml-deep", "---\nlicense: mit\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n", fail_closed=False)
    card("yaml-deep-block", "---\nlicense: mit\n" + "".join(" " * i + f"k{i}:\n" for i in range(2000))
         + "---\n", fail_closed=False)
    card("yaml-deep-in-license", "---\nlicense: " + "[" * 200 + "mit" + "]" * 200 + "\n---\n")
    card("yaml-long-line", "---\nlicense: mit\ntags: [" + ",".join(["t"] * 200_000) + "]\n---\n",
         fail_closed=False)
    card("yaml-long-scalar", "---\nlicense: " + "m" * 900_000 + "\n---\n")
    card("yaml-long-key", "---\n" + "k" * 500_000 + ": v\nlicense: mit\n---\n", fail_closed=False)
    card("yaml-oversize", "---\nlicense: mit\nx: |\n" + ("  " + "y" * 100 + "\n") * 12000 + "---\n")
    card("yaml-many-keys", "---\nlicense: mit\n" + "".join(f"k{i}: {i}\n" for i in range(60000)) + "---\n",
         fail_closed=False)
    card("yaml-many-aliases", "---\nlicense: mit\na: &a 1\nb: [" + ",".join(["*a"] * 5000) + "]\n---\n",
         fail_closed=False)
    card("yaml-dup-license", "---\nlicense: mit\nlicense: gpl-3.0\n---\n", fail_closed=False)
    card("yaml-unicode-license", "---\nlicense: ｍｉｔ\n---\n")
    card("yaml-rtl-license", "---\nlicense: \u202emit\n---\n")
    card("yaml-zero-width", "---\nlicense: mi\u200bt\n---\n")
    card("yaml-control-char", "---\nlicense: mit\x07\n---\n")
    card("yaml-escape-nul", '---\nlicense: "mit\\0"\n---\n')
    card("yaml-surrogate-escape", '---\nlicense: "\\ud800"\n---\n')
    card("nul-bytes", b"---\nlicense: mit\x00\n---\n")
    card("nul-in-body", b"---\nlicense: mit\n---\nbody\x00\x00 more\n", fail_closed=False)
    card("non-utf8", b"---\nlicense: mit\xff\xfe\n---\n")
    card("non-utf8-body", b"---\nlicense: mit\n---\n\xff\xfe\xfd body\n", fail_closed=False)
    card("latin1-card", "---\nlicense: mit\nauthor: Jos\xe9\n---\n".encode("latin-1"), fail_closed=False)
    card("utf16-card", GOOD_CARD.encode("utf-16"))
    card("utf16-card-le-nobom", GOOD_CARD.encode("utf-16-le"))
    card("utf32-card", GOOD_CARD.encode("utf-32"))
    card("bom-card", "\ufeff" + GOOD_CARD, fail_closed=False, check=declares("MIT"))
    card("double-bom-card", "\ufeff\ufeff" + GOOD_CARD, fail_closed=False, check=declares("MIT"))
    card("crlf-card", GOOD_CARD.replace("\n", "\r\n"), fail_closed=False, check=declares("MIT"))
    card("cr-only-card", GOOD_CARD.replace("\n", "\r"))  # the Hub reads no front matter there either (CRD004)
    card("mixed-eol-card", "---\r\nlicense: mit\n---\r\nbody\r", fail_closed=False, check=declares("MIT"))
    card("leading-blank-lines", "\n\n---\nlicense: mit\n---\n", fail_closed=False, check=declares("MIT"))
    card("leading-spaces-fence", "   ---\nlicense: mit\n   ---\n", fail_closed=False)
    card("fence-with-trailing", "--- \nlicense: mit\n--- \n")  # not a fence for the Hub either (CRD004)
    card("dots-end", "---\nlicense: mit\n...\n", fail_closed=True)
    card("zero-byte-card", "")
    card("only-fences", "---\n---\n")
    card("whitespace-card", " \n\t\n")
    card("license-int", "---\nlicense: 42\n---\n")
    card("license-null", "---\nlicense: null\n---\n")
    card("license-empty-str", "---\nlicense: ''\n---\n")
    card("license-empty-list", "---\nlicense: []\n---\n")
    card("license-list-null", "---\nlicense: [null]\n---\n")
    card("license-list-int", "---\nlicense: [1, 2]\n---\n")
    card("license-list-dicts", "---\nlicense: [{id: mit}, {name: x}]\n---\n")
    card("license-dict", "---\nlicense: {id: mit}\n---\n")
    card("license-nested-list", "---\nlicense: [[mit], [[apache-2.0]]]\n---\n")
    card("license-list-mixed", "---\nlicense: [mit, 3, null, {a: b}]\n---\n")
    card("license-bool-list", "---\nlicense: [true]\n---\n")
    card("license-spdx-expr", "---\nlicense: MIT AND (Apache-2.0 OR\n---\n")
    card("license-spdx-weird", "---\nlicense: '((((((MIT'\n---\n")
    card("license-spdx-with", "---\nlicense: GPL-2.0 WITH WITH\n---\n")
    card("license-huge-list", "---\nlicense: [" + ",".join(f"l{i}" for i in range(50000)) + "]\n---\n")
    card("license-name-dict", "---\nlicense: other\nlicense_name: {a: b}\nlicense_link: [1]\n---\n")
    card("license-name-int", "---\nlicense: other\nlicense_name: 5\nlicense_link: 7\n---\n")
    card("license-link-huge", "---\nlicense: other\nlicense_name: x\nlicense_link: " + "h" * 100000 + "\n---\n")
    card("license-link-file-url", "---\nlicense: other\nlicense_name: x\nlicense_link: file:///etc/passwd\n---\n")
    card("license-link-traversal", "---\nlicense: other\nlicense_name: x\nlicense_link: ../../../../etc/passwd\n---\n")
    card("base-int", "---\nlicense: mit\nbase_model: 42\n---\n", fail_closed=True)
    card("base-null", "---\nlicense: mit\nbase_model: null\n---\n", fail_closed=False)
    card("base-empty", "---\nlicense: mit\nbase_model: ''\n---\n", fail_closed=False)
    card("base-list-dicts", "---\nlicense: mit\nbase_model: [{id: a/b}]\n---\n", fail_closed=True)
    card("base-dict", "---\nlicense: mit\nbase_model: {a: b}\n---\n", fail_closed=True)
    card("base-nested", "---\nlicense: mit\nbase_model: [[a/b, [c/d]]]\n---\n", fail_closed=True)
    card("base-bool", "---\nlicense: mit\nbase_model: true\n---\n", fail_closed=True)
    card("base-self", "---\nlicense: mit\nbase_model: hostile-model\n---\n", fail_closed=True)
    card("base-path", "---\nlicense: mit\nbase_model: ../../../../etc\n---\n", fail_closed=True)
    card("base-abs-path", "---\nlicense: mit\nbase_model: /etc/passwd\n---\n", fail_closed=True)
    card("base-url", "---\nlicense: mit\nbase_model: https://evil.example/x/y\n---\n", fail_closed=True)
    card("base-hf-url", f"---\nlicense: mit\nbase_model: https://huggingface.co/{BERT}\n---\n",
         fail_closed=False)
    card("base-weird-chars", "---\nlicense: mit\nbase_model: \"a/b\\n\\tc;rm -rf\"\n---\n", fail_closed=True)
    card("base-too-many-slashes", "---\nlicense: mit\nbase_model: a/b/c/d/e\n---\n", fail_closed=True)
    card("base-at-rev", "---\nlicense: mit\nbase_model: a/b@../../x\n---\n", fail_closed=True)
    card("base-huge-list", "---\nlicense: mit\nbase_model: [" + ",".join(f"o/m{i}" for i in range(20000))
         + "]\n---\n", fail_closed=True)
    card("base-long-id", "---\nlicense: mit\nbase_model: " + "a" * 5000 + "/" + "b" * 5000 + "\n---\n",
         fail_closed=True)
    card("base-relation-bad", f"---\nlicense: mit\nbase_model: {BERT}\nbase_model_relation: [x]\n---\n",
         fail_closed=False)
    card("base-relation-int", f"---\nlicense: mit\nbase_model: {BERT}\nbase_model_relation: 3\n---\n",
         fail_closed=False)
    card("datasets-int", "---\nlicense: mit\ndatasets: 5\n---\n", fail_closed=False)
    card("datasets-dicts", "---\nlicense: mit\ndatasets: [{a: b}, null, 3]\n---\n", fail_closed=False)
    card("datasets-nested", "---\nlicense: mit\ndatasets: [[x, [y]]]\n---\n", fail_closed=False)
    card("datasets-dict", "---\nlicense: mit\ndatasets: {a: b}\n---\n", fail_closed=False)
    card("datasets-path", "---\nlicense: mit\ndatasets: [../../etc/passwd, /dev/zero]\n---\n",
         fail_closed=False)
    card("tags-int", "---\nlicense: mit\ntags: 5\n---\n", fail_closed=False)
    card("tags-dicts", "---\nlicense: mit\ntags: [{a: b}, [1], null]\n---\n", fail_closed=False)
    card("tags-license-weird", "---\nlicense: mit\ntags: ['license:', 'license:{a}', 'base_model:', "
         "'base_model:adapter:', 'base_model:quantized:x/y/z']\n---\n", fail_closed=False)
    card("tags-huge", "---\nlicense: mit\ntags: [" + ",".join(f"t{i}" for i in range(100000)) + "]\n---\n",
         fail_closed=False)
    card("model-index-weird", "---\nlicense: mit\nmodel-index: [{name: 1, results: 5}, 3, null]\n---\n",
         fail_closed=False)
    card("model-index-dict", "---\nlicense: mit\nmodel-index: {a: {b: c}}\n---\n", fail_closed=False)
    card("extra-gated-weird", "---\nlicense: mit\nextra_gated_prompt: [1, 2]\nextra_gated_fields: 3\n---\n",
         fail_closed=False)
    card("extra-gated-huge", "---\nlicense: other\nlicense_name: x\nextra_gated_prompt: '"
         + "Permission is hereby granted " * 30000 + "'\n---\n")
    card("language-weird", "---\nlicense: mit\nlanguage: {a: [1, {b: 2}]}\npipeline_tag: [x]\n"
         "library_name: 5\n---\n", fail_closed=False)
    card("inference-weird", "---\nlicense: mit\ninference: {parameters: [1]}\nwidget: 3\n---\n",
         fail_closed=False)
    card("huge-body", "---\nlicense: mit\n---\n" + ("word " * 200 + "\n") * 12000, fail_closed=False)
    card("huge-one-line-body", "---\nlicense: mit\n---\n" + "x" * 6_000_000, fail_closed=False)
    card("huge-body-license-lines", "---\nlicense: mit\n---\n" + "License: Apache 2.0\n" * 200000,
         fail_closed=False)
    card("regex-bomb-body", "---\nlicense: mit\n---\n" + "the code " * 40000 + "\n", fail_closed=False)
    card("regex-bomb-body2", "---\nlicense: mit\n---\n" + "code " + "a " * 100000 + "\n", fail_closed=False)
    card("regex-bomb-label", "---\nlicense: mit\n---\n" + "- **" + "a" * 59 + ":" * 50000 + "\n",
         fail_closed=False)
    card("regex-bomb-links", "---\nlicense: mit\n---\n" + "[github](https://github.com/" * 30000 + "\n",
         fail_closed=False)
    card("regex-bomb-compute", "---\nlicense: mit\n---\n" + "3.8 x 10^" * 50000 + " FLOPs\n",
         fail_closed=False)
    card("regex-bomb-gpu", "---\nlicense: mit\n---\n" + "GPU hours " * 50000 + "\n", fail_closed=False)
    card("regex-bomb-training", "---\nlicense: mit\n---\n## Training data\n" + "datasets/" * 50000 + "\n",
         fail_closed=False)
    card("datasets-huge", "---\nlicense: mit\ndatasets: [" + ",".join(f"org/d{i}" for i in range(50000)) + "]\n---\n",
         fail_closed=False, finding=True)
    card("language-huge", "---\nlicense: mit\nlanguage: [" + ",".join(["en"] * 100000) + "]\n---\n", fail_closed=False)
    card("license-name-huge-list", "---\nlicense: other\nlicense_name: [" + ",".join(f"n{i}" for i in range(50000))
         + "]\n---\n", fail_closed=False, finding=True)
    card("model-index-huge", "---\nlicense: mit\nmodel-index: [" + ",".join(["{name: x, results: []}"] * 30000)
         + "]\n---\n", fail_closed=False)
    card("mergekit-10k", "---\nlicense: mit\n---\n", fail_closed=True,
         mergekit_config__yml="merge_method: linear\nmodels:\n" + "".join(f"  - model: org/m{i}\n" for i in range(10000)))
    card("adapter-huge-lists", "---\nlicense: mit\nbase_model: google-bert/bert-base-uncased\n---\n",
         fail_closed=False, adapter_config__json=json.dumps({"base_model_name_or_path": "google-bert/bert-base-uncased",
                                                           "target_modules": [f"m{i}" for i in range(100000)]}))
    card("fences-unclosed", "---\nlicense: mit\n---\n```\n" + "License: MIT\n" * 10, fail_closed=False)
    card("html-in-card", "---\nlicense: mit\nmodel_name: <script>alert(1)</script>\n---\n<script>x</script>",
         fail_closed=False)
    # files beside the card
    card("config-invalid", GOOD_CARD, fail_closed=False, config__json='{"a": ')
    card("config-list", GOOD_CARD, fail_closed=False, config__json="[1,2]")
    card("config-deep", GOOD_CARD, fail_closed=False, config__json="[" * 100000 + "]" * 100000)
    card("config-nan", GOOD_CARD, fail_closed=False, config__json='{"a": NaN, "b": Infinity, "c": -Infinity}')
    card("config-huge-int", GOOD_CARD, fail_closed=False, config__json='{"a": ' + "9" * 10000 + "}")
    card("config-non-utf8", GOOD_CARD, fail_closed=False, config__json=b'{"a": "\xff"}')
    card("config-weird-types", GOOD_CARD, fail_closed=False, finding=True,
         config__json='{"architectures": 5, "model_type": [1], "auto_map": "x", "_name_or_path": {"a": 1},'
         ' "quantization_config": 3, "torch_dtype": null}')
    card("config-name-or-path-traversal", GOOD_CARD, fail_closed=False, finding=True,
         config__json='{"_name_or_path": "../../../../etc/passwd", "auto_map": {"AutoModel": "x--y.z"}}')
    card("adapter-invalid", "---\nlicense: mit\n---\n", fail_closed=True, adapter_config__json="{")
    card("adapter-list", "---\nlicense: mit\n---\n", fail_closed=True, adapter_config__json="[]")
    card("adapter-base-int", "---\nlicense: mit\n---\n", fail_closed=True,
         adapter_config__json='{"base_model_name_or_path": 5, "peft_type": "LORA"}')
    card("adapter-base-dict", "---\nlicense: mit\n---\n", fail_closed=True,
         adapter_config__json='{"base_model_name_or_path": {"a": 1}, "peft_type": ["LORA"]}')
    card("adapter-base-null", "---\nlicense: mit\n---\n", fail_closed=True,
         adapter_config__json='{"base_model_name_or_path": null, "peft_type": "LORA"}')
    card("adapter-base-local-path", "---\nlicense: mit\n---\n", fail_closed=True,
         adapter_config__json='{"base_model_name_or_path": "/home/user/models/llama", "peft_type": "LORA"}')
    card("adapter-base-empty", "---\nlicense: mit\n---\n", fail_closed=True,
         adapter_config__json='{"base_model_name_or_path": "", "peft_type": "LORA"}')
    card("adapter-deep", "---\nlicense: mit\n---\n", fail_closed=True,
         adapter_config__json="{\"a\":" * 100000 + "1" + "}" * 100000)
    card("mergekit-invalid", "---\nlicense: mit\n---\n", fail_closed=True, mergekit_config__yml="models: [")
    card("mergekit-weird", "---\nlicense: mit\n---\n", fail_closed=True,
         mergekit_config__yml="models: 5\nbase_model: [1]\nslices: {a: b}\n")
    card("mergekit-weird2", "---\nlicense: mit\n---\n", fail_closed=True,
         mergekit_config__yml="models: [{model: 5}, {model: {model: [1]}}, null, 3]\nbase_model: {a: 1}\n"
         "slices: [{sources: 5}, {sources: [{model: null}, 3]}]\n")
    card("mergekit-bomb", "---\nlicense: mit\n---\n", fail_closed=True, mergekit_config__yml=bomb)
    card("mergekit-list", "---\nlicense: mit\n---\n", fail_closed=True, mergekit_config__yml="- a\n- b\n")
    card("mof-invalid", GOOD_CARD, fail_closed=False, mof__yml="release: [")
    card("mof-weird", GOOD_CARD, fail_closed=False, mof__yml="release: 5\n")
    card("mof-weird2", GOOD_CARD, fail_closed=False, finding=True,
         mof__yml="release: {name: [1], components: 5, license: {a: b}}\n")
    card("mof-weird3", GOOD_CARD, fail_closed=False, finding=True,
         mof__yml="release:\n  components: [{name: 5, license: [1]}, 3, null, {name: Model parameters (Final),"
         " license: {x: y}}]\n")
    card("mof-bomb", GOOD_CARD, fail_closed=False, mof__yml=bomb)
    card("license-file-binary", "---\nlicense: other\nlicense_name: x\n---\n", LICENSE=os.urandom(4000))
    card("license-file-huge", "---\nlicense: other\nlicense_name: x\n---\n", LICENSE="MIT License\n" * 400000)
    card("license-file-empty", "---\nlicense: other\nlicense_name: x\n---\n", LICENSE="")
    card("license-file-nul", "---\nlicense: other\nlicense_name: x\n---\n", LICENSE=b"MIT\x00License" * 100)
    card("license-file-regexbomb", "---\nlicense: other\nlicense_name: x\n---\n",
         LICENSE="Permission " * 100000)
    card("license-file-oneline", "---\nlicense: other\nlicense_name: x\n---\n", LICENSE="a" * 1_900_000)
    card("license-file-utf16", "---\nlicense: other\nlicense_name: x\n---\n",
         LICENSE=(ROOT / "LICENSE").read_text().encode("utf-16"))
    return cases


def declares(spdx: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        for rec in result.records():
            if str(rec.get("model")).endswith("hostile-model"):
                declared = rec.get("facts", {}).get("license", {}).get("declared")
                if declared != [spdx]:
                    return f"declared license {declared!r}, expected [{spdx!r}]"
                return None
        return None

    return check


def special_file_cases(base: Path) -> list[Case]:
    cases: list[Case] = []

    def folder_case(name: str, build: Callable[[Path], None], *, fail_closed: bool = True,
                    finding: bool | None = None) -> None:
        folder = base / name / "hostile-model"
        folder.mkdir(parents=True)
        build(folder)
        if name in WARN_ONLY:
            fail_closed, finding = False, True
        cases.append(audit_local(base / name, name, folder, fail_closed=fail_closed, finding=finding))

    folder_case("readme-symlink-out", lambda f: (f / "README.md").symlink_to("/etc/passwd"))
    folder_case("readme-symlink-loop", lambda f: (f / "README.md").symlink_to(f / "README.md"))
    folder_case("readme-symlink-dangling", lambda f: (f / "README.md").symlink_to(f / "nope"))
    folder_case("readme-dir", lambda f: (f / "README.md").mkdir())
    folder_case("readme-fifo", lambda f: os.mkfifo(f / "README.md"))
    folder_case("readme-devzero", lambda f: (f / "README.md").symlink_to("/dev/zero"))
    folder_case("readme-unreadable", lambda f: (write(f / "README.md", GOOD_CARD).chmod(0)))
    folder_case("license-unreadable", lambda f: (write(f / "README.md", "---\nlicense: other\n---\n"),
                                                 write(f / "LICENSE", "x").chmod(0)))
    folder_case("license-dir", lambda f: (write(f / "README.md", "---\nlicense: other\n---\n"),
                                          (f / "LICENSE").mkdir()))
    folder_case("license-fifo", lambda f: (write(f / "README.md", "---\nlicense: other\n---\n"),
                                           os.mkfifo(f / "LICENSE")))
    folder_case("config-fifo", lambda f: (write(f / "README.md", GOOD_CARD), os.mkfifo(f / "config.json")),
                fail_closed=False)
    folder_case("config-dir", lambda f: (write(f / "README.md", GOOD_CARD), (f / "config.json").mkdir()),
                fail_closed=False)
    folder_case("config-unreadable", lambda f: (write(f / "README.md", GOOD_CARD),
                                                write(f / "config.json", "{}").chmod(0)), fail_closed=False)
    folder_case("adapter-unreadable", lambda f: (write(f / "README.md", GOOD_CARD),
                                                 write(f / "adapter_config.json", "{}").chmod(0)))
    folder_case("adapter-fifo", lambda f: (write(f / "README.md", GOOD_CARD),
                                           os.mkfifo(f / "adapter_config.json")))
    folder_case("adapter-symlink-out", lambda f: (write(f / "README.md", GOOD_CARD),
                                                  (f / "adapter_config.json").symlink_to("/etc/hostname")))
    folder_case("mergekit-fifo", lambda f: (write(f / "README.md", GOOD_CARD),
                                            os.mkfifo(f / "mergekit_config.yml")))
    folder_case("subdir-unreadable", lambda f: (write(f / "README.md", GOOD_CARD), (f / "sub").mkdir(),
                                                write(f / "sub" / "model.safetensors", "x"),
                                                (f / "sub").chmod(0)), fail_closed=False)
    folder_case("dir-symlink-loop", lambda f: (write(f / "README.md", GOOD_CARD),
                                               (f / "loop").symlink_to(f)), fail_closed=False)
    folder_case("many-files", lambda f: (write(f / "README.md", GOOD_CARD),
                                         [write(f / f"w{i}.bin", "") for i in range(21000)]), fail_closed=False)
    folder_case("weird-file-names", lambda f: (write(f / "README.md", GOOD_CARD),
                                               write(f / "a\nb.safetensors", ""),
                                               write(f / "\udcff.bin".encode("utf-8", "surrogateescape").decode(
                                                   "utf-8", "surrogateescape"), "")), fail_closed=False)
    folder_case("non-utf8-file-name", lambda f: (write(f / "README.md", GOOD_CARD),
                                                 Path(os.fsdecode(bytes(f) + b"/\xff\xfe.safetensors")).write_text(
                                                     "")), fail_closed=False)
    folder_case("readme-case", lambda f: write(f / "readme.md", GOOD_CARD))
    # The folder itself
    cases.append(Case("audit-local", "path-is-file", ["audit", str(write(base / "pf" / "file.txt", "x")),
                                                      BERT, "--offline", "--format", "jsonl"],
                      models=[BERT], fail_closed=True, allow2=True))
    unreadable = base / "unreadable-dir" / "hostile-model"
    unreadable.mkdir(parents=True)
    write(unreadable / "README.md", GOOD_CARD)
    unreadable.chmod(0)
    cases.append(Case("audit-local", "dir-unreadable", ["audit", str(unreadable), BERT, "--offline",
                                                        "--format", "jsonl"],
                      models=[BERT], affected="hostile-model", fail_closed=True, allow2=False))
    cases.append(Case("audit-local", "path-fifo", ["audit", str(_fifo(base / "pfifo" / "x")), BERT, "--offline",
                                                   "--format", "jsonl"], models=[BERT], fail_closed=True))
    cases.append(Case("audit-local", "as-bad-id", ["audit", str(model_dir(base / "asbad", "m")), "--as", "../x",
                                                   "--offline", "--format", "jsonl"], want2=True,
                      error_names=["--as"]))
    cases.append(Case("audit-local", "as-with-two", ["audit", str(model_dir(base / "as2", "m")),
                                                     str(model_dir(base / "as2", "n")), "--as", "a/b",
                                                     "--offline", "--format", "jsonl"], want2=True,
                      error_names=["--as"]))
    return cases


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _bad_paths(prefix: str, content: str) -> list[tuple[str, Callable[[Path], object]]]:
    """(case name, maker) for an input file that cannot be read as one: a folder, missing, a FIFO, /dev/zero,
    unreadable (with `content`). Catalogs and refs files are probed with the same five."""
    return [(f"{prefix}-dir", lambda p: p.mkdir(parents=True)),
            (f"{prefix}-missing", lambda p: p.parent.mkdir(parents=True)),
            (f"{prefix}-fifo", lambda p: _fifo(p)),
            (f"{prefix}-devzero", lambda p: (p.parent.mkdir(parents=True), p.symlink_to("/dev/zero"))),
            (f"{prefix}-unreadable", lambda p: write(p, content).chmod(0))]


# ------------------------------------------------------------------ catalogs


def catalog_line(repo_id: str, **extra: Any) -> str:
    body = {"id": repo_id, "sha": "a" * 40, "cardData": {"license": "mit"}, "siblings": [{"rfilename": "README.md"}]}
    body.update(extra)
    return json.dumps(body)


def catalog_cases(base: Path) -> list[Case]:
    cases: list[Case] = []

    def cat(name: str, lines: list[str] | bytes, refs: list[str], *, models: list[str] | None = None,
            affected: str | None = None, fail_closed: bool | None = None, want2: bool = False,
            names: list[str] | None = None, allow2: bool = True, extra: list[str] | None = None) -> None:
        path = base / name / "catalog.jsonl"
        write(path, lines if isinstance(lines, bytes) else "\n".join(lines) + "\n")
        argv = ["audit", *refs, "--offline", "--catalog", str(path), "--format", "jsonl", *(extra or [])]
        if fail_closed is None:  # a cycle is a LIN009 warning, a custom license without text a LIC006 one
            fail_closed = name not in ("self-base", "cycle2", "cycle3-list", "auditor-license-texts-weird")
        cases.append(Case("catalog", name, argv, models=models if models is not None else refs, affected=affected,
                          fail_closed=fail_closed, want2=want2, allow2=allow2,
                          error_names=names if names is not None else ["catalog.jsonl"]))

    good = catalog_line("acme/good")
    cat("truncated-line", [good, catalog_line("acme/bad")[:30]], ["acme/good"], want2=True,
        names=["catalog.jsonl", ":2"], fail_closed=False)
    cat("not-object", [good, "[1,2]"], ["acme/good"], want2=True, names=["catalog.jsonl", ":2"], fail_closed=False)
    cat("id-int", [good, '{"id": 5}'], ["acme/good"], want2=True, names=["catalog.jsonl", ":2"], fail_closed=False)
    cat("id-empty", [good, '{"id": ""}'], ["acme/good"], fail_closed=False)
    cat("id-weird", [good, '{"id": "../../etc/passwd"}', '{"id": "a/b/c/d"}', '{"id": "x y/z"}'],
        ["acme/good"], fail_closed=False)
    cat("carddata-list", [good, catalog_line("acme/bad", cardData=[1, 2])], ["acme/good", "acme/bad"],
        affected="acme/bad")
    cat("carddata-str", [good, catalog_line("acme/bad", cardData="license: mit")], ["acme/good", "acme/bad"],
        affected="acme/bad")
    cat("carddata-license-dict", [good, catalog_line("acme/bad", cardData={"license": {"a": 1}})],
        ["acme/good", "acme/bad"], affected="acme/bad")
    cat("carddata-license-nested", [good, catalog_line("acme/bad", cardData={"license": [[["mit"]]]})],
        ["acme/good", "acme/bad"], affected="acme/bad")
    cat("carddata-base-int", [good, catalog_line("acme/bad", cardData={"license": "mit", "base_model": 5})],
        ["acme/good", "acme/bad"], affected="acme/bad")
    cat("carddata-base-dicts", [good, catalog_line("acme/bad", cardData={"license": "mit",
                                                                         "base_model": [{"a": 1}, None, 3]})],
        ["acme/good", "acme/bad"], affected="acme/bad")
    cat("carddata-datasets-weird", [good, catalog_line("acme/bad", cardData={"license": "mit",
                                                                             "datasets": [{"a": 1}, None, 3, [4]]})],
        ["acme/good", "acme/bad"], fail_closed=False)
    cat("siblings-weird", [good, catalog_line("acme/bad", siblings=[1, None, {"rfilename": 5}, {"x": "y"}, "a"])],
        ["acme/good", "acme/bad"], fail_closed=False)
    cat("siblings-dict", [good, catalog_line("acme/bad", siblings={"a": 1})], ["acme/good", "acme/bad"],
        fail_closed=False)
    cat("siblings-str", [good, catalog_line("acme/bad", siblings="README.md")], ["acme/good", "acme/bad"],
        fail_closed=False)
    cat("tags-weird", [good, catalog_line("acme/bad", tags=[1, None, {"a": 1}, "license:", "base_model:"])],
        ["acme/good", "acme/bad"], fail_closed=False)
    cat("tags-str", [good, catalog_line("acme/bad", tags="license:mit")], ["acme/good", "acme/bad"],
        fail_closed=False)
    cat("gated-weird", [good, catalog_line("acme/bad", gated={"a": 1})], ["acme/good", "acme/bad"],
        fail_closed=False)
    cat("sha-weird", [good, catalog_line("acme/bad", sha=5)], ["acme/good", "acme/bad"], fail_closed=False)
    cat("sha-notsha", [good, catalog_line("acme/bad", sha="../../x")], ["acme/good", "acme/bad"], fail_closed=False)
    cat("config-weird", [good, catalog_line("acme/bad", config=[1])], ["acme/good", "acme/bad"], fail_closed=False)
    cat("config-weird2", [good, catalog_line("acme/bad", config={"architectures": 5, "auto_map": [1],
                                                                 "model_type": {"a": 1}})],
        ["acme/good", "acme/bad"], fail_closed=False)
    cat("auditor-meta-weird", [good, catalog_line("acme/bad", _auditor=5)], ["acme/good", "acme/bad"],
        fail_closed=False)
    cat("auditor-meta-weird2", [good, catalog_line("acme/bad", _auditor={"kind": 5, "license_texts": [1],
                                                                         "adapter_config": 3, "mof": [1],
                                                                         "mergekit_config": "x",
                                                                         "card_present": "yes",
                                                                         "origin": {"a": 1}})],
        ["acme/good", "acme/bad"], fail_closed=False)
    cat("auditor-meta-weird3", [good, catalog_line("acme/bad", _auditor={"kind": "dataset"})],
        ["acme/good", "acme/bad"], fail_closed=False)
    cat("auditor-license-texts-weird", [good, catalog_line("acme/bad", cardData={"license": "other"},
                                                           _auditor={"license_texts": {"LICENSE": 5, "x": None}})],
        ["acme/good", "acme/bad"], affected="acme/bad")
    cat("card-text-weird", [good, catalog_line("acme/bad", _auditor={"card_text": 5})], ["acme/good", "acme/bad"],
        fail_closed=False)
    cat("duplicate-ids", [good, catalog_line("acme/good", cardData={"license": "gpl-3.0"}), good],
        ["acme/good"], fail_closed=False)
    cat("duplicate-ids-case", [good, catalog_line("ACME/GOOD", cardData={"license": "cc-by-nc-4.0"})],
        ["acme/good"], fail_closed=False)
    cat("self-base", [good, catalog_line("acme/self", cardData={"license": "mit", "base_model": "acme/self"})],
        ["acme/good", "acme/self"], affected="acme/self")
    cat("cycle2", [good, catalog_line("acme/a", cardData={"license": "mit", "base_model": "acme/b"}),
                   catalog_line("acme/b", cardData={"license": "mit", "base_model": "acme/a"})],
        ["acme/good", "acme/a", "acme/b"], affected="acme/a")
    cat("cycle3-list", [good, catalog_line("acme/a", cardData={"license": "mit", "base_model": ["acme/b", "acme/c"]}),
                        catalog_line("acme/b", cardData={"license": "mit", "base_model": "acme/c"}),
                        catalog_line("acme/c", cardData={"license": "mit", "base_model": ["acme/a", "acme/a"]})],
        ["acme/good", "acme/a"], affected="acme/a")
    deep = [catalog_line(f"acme/m{i}", cardData={"license": "mit", "base_model": f"acme/m{i + 1}"})
            for i in range(10000)] + [catalog_line("acme/m10000")]
    cat("chain-10k", [good, *deep], ["acme/good", "acme/m0"], affected="acme/m0")
    wide = [catalog_line("acme/wide", cardData={"license": "mit", "base_model": [f"acme/w{i}" for i in range(5000)]})]
    wide += [catalog_line(f"acme/w{i}") for i in range(5000)]
    cat("wide-5k", [good, *wide], ["acme/good", "acme/wide"], affected="acme/wide")
    diamond = []
    for level in range(30):  # 2^30 paths through a 60-node diamond ladder
        diamond.append(catalog_line(f"acme/d{level}", cardData={"license": "mit",
                                                               "base_model": [f"acme/l{level}", f"acme/r{level}"]}))
        diamond.append(catalog_line(f"acme/l{level}", cardData={"license": "mit", "base_model": f"acme/d{level + 1}"}))
        diamond.append(catalog_line(f"acme/r{level}", cardData={"license": "mit", "base_model": f"acme/d{level + 1}"}))
    diamond.append(catalog_line("acme/d30"))
    cat("diamond-ladder", [good, *diamond], ["acme/good", "acme/d0"], fail_closed=False)
    cat("base-missing", [good, catalog_line("acme/orphan", cardData={"license": "mit", "base_model": "nope/nope"})],
        ["acme/good", "acme/orphan"], affected="acme/orphan")
    cat("non-utf8", b'{"id": "acme/good"}\n{"id": "acme/x\xff"}\n', ["acme/good"], want2=True,
        names=["catalog.jsonl", "line 2"], fail_closed=False)
    cat("bom", ("\ufeff" + good + "\n").encode(), ["acme/good"], fail_closed=False)
    cat("crlf", (good + "\r\n" + catalog_line("acme/b") + "\r\n").encode(), ["acme/good", "acme/b"], fail_closed=False)
    cat("nul", (good + "\n\x00\x00\n").encode(), ["acme/good"], want2=True, names=["catalog.jsonl", ":2"],
        fail_closed=False)
    cat("empty-file", b"", ["acme/good"], models=[], fail_closed=True, names=["catalog.jsonl"])
    cat("nan", [good, '{"id": "acme/nan", "cardData": {"license": NaN}}'], ["acme/good", "acme/nan"],
        affected="acme/nan")
    cat("huge-int", [good, '{"id": "acme/big", "cardData": {"license": ' + "9" * 10000 + "}}"],
        ["acme/good", "acme/big"], affected="acme/big")
    cat("deep-unused", [good, '{"id": "acme/deep", "x": ' + "[" * 100000 + "]" * 100000 + "}"],
        ["acme/good"], fail_closed=False)
    cat("long-line", [good, catalog_line("acme/long", cardData={"license": "mit", "x": "y" * 5_000_000})],
        ["acme/good", "acme/long"], fail_closed=False)
    cat("dup-keys-json", [good, '{"id": "acme/dup", "cardData": {"license": "mit", "license": "cc-by-nc-4.0"}}'],
        ["acme/good", "acme/dup"], fail_closed=False)
    cat("revision-weird", [good, catalog_line("acme/rev", revision=5)], ["acme/good", "acme/rev"], fail_closed=False)
    cat("revision-weird-ref", [good, catalog_line("acme/rev")], ["acme/good", "acme/rev@../../x"],
        models=["acme/good"], fail_closed=True, names=["acme/rev@../../x"])
    cat("datasets-huge", [good, catalog_line("acme/dh", cardData={"license": "mit",
                                                                  "datasets": [f"o/d{i}" for i in range(50000)]})],
        ["acme/good", "acme/dh"], fail_closed=False)
    cat("license-huge", [good, catalog_line("acme/lh", cardData={"license": [f"l{i}" for i in range(50000)]})],
        ["acme/good", "acme/lh"], affected="acme/lh")
    cat("siblings-huge", [good, catalog_line("acme/sh", siblings=[{"rfilename": f"f{i}.bin"} for i in range(200000)])],
        ["acme/good", "acme/sh"], fail_closed=False)
    cat("basemodels-huge", [good, catalog_line("acme/bh", baseModels={"models": [{"id": f"o/m{i}"} for i in range(20000)]})],
        ["acme/good", "acme/bh"], affected="acme/bh")
    cat("all-flag", [good, catalog_line("acme/bad", cardData=[1])], [], models=["acme/good", "acme/bad"],
        affected="acme/bad", extra=["--all"])
    # catalog paths themselves
    for name, make in _bad_paths("catalog", good):
        path = base / name / "catalog.jsonl"
        make(path)
        cases.append(Case("catalog", name, ["audit", "acme/good", "--offline", "--catalog", str(path)],
                          want2=True, error_names=["catalog.jsonl"]))
    # `catalog list` on a hostile catalog
    for name in ("truncated-line", "carddata-list", "sha-weird", "siblings-weird", "auditor-meta-weird2",
                 "non-utf8", "tags-str", "card-text-weird", "revision-weird"):
        path = base / name / "catalog.jsonl"
        cases.append(Case("catalog-list", name, ["catalog", "list", "--catalog", str(path)],
                          error_names=["catalog.jsonl"]))
    return cases


# ------------------------------------------------------------------ policies


def policy_cases(base: Path) -> list[Case]:
    cases: list[Case] = []

    def pol(name: str, text: str | bytes, names: list[str] | None = None, *, valid: bool | None = False,
            filename: str = "policy.yaml") -> None:
        """valid False: must be refused (exit 2); None: either answer, but no crash (reviewed by hand)."""
        path = write(base / name / filename, text)
        want = names if names is not None else [filename]
        cases.append(Case("policy", name, ["audit", BERT, "--offline", "--policy", str(path)],
                          want2=valid is False, error_names=want))
        cases.append(Case("policy-validate", name, ["policy", "validate", str(path)], want2=valid is False,
                          error_names=want))

    keys = {
        "name": None, "description": None, "extends": None, "use": "commercial", "licenses": "allow",
        "openness": "min_mof_class", "lineage": "max_depth", "data": "noncommercial_training_data",
        "security": "pickle_weights", "card": "missing", "rules": None, "custom_rules": None, "fail_on": None,
        "waivers": None, "curations": None,
    }
    bad_values = {"int": "5", "list": "[1, 2]", "dict": "{a: 1}", "null": "null", "str": "'nonsense'",
                  "bool": "true", "nested": "[[{a: [1]}]]", "float": "1.5e300"}
    for key, sub in keys.items():
        for label, value in bad_values.items():
            pol(f"top-{key}-{label}", f"name: x\n{key}: {value}\n", ["policy.yaml", key], valid=None)
            if sub:
                pol(f"sub-{key}-{sub}-{label}", f"name: x\n{key}:\n  {sub}: {value}\n", ["policy.yaml", sub],
                    valid=None)
    # keys within nested maps
    subs = {
        "use": ["distribution", "monthly_active_users", "modify", "train_other_models_on_outputs", "regions",
                "models", "roles"],
        "licenses": ["review", "deny", "not_allowed", "unknown", "custom", "conflicts"],
        "openness": ["osaid", "gated", "require"],
        "lineage": ["max_nodes", "unresolved_base", "laundering", "suspected", "too_deep"],
    }
    for key, names in subs.items():
        for sub in names:
            for label in ("int", "dict", "nested", "str"):
                pol(f"sub-{key}-{sub}-{label}", f"name: x\n{key}:\n  {sub}: {bad_values[label]}\n",
                    ["policy.yaml", sub], valid=None)
    pol("unknown-top", "name: x\nfoo: 1\n", ["policy.yaml", "foo"])
    pol("unknown-sub", "name: x\nlicenses:\n  alow: [MIT]\n", ["policy.yaml", "alow"])
    pol("rules-weird", "name: x\nrules: {CRD001: 5, LIN004: {enabled: maybe}, NOPE001: {severity: error}}\n",
        ["policy.yaml", "rules"])
    pol("rules-severity-bad", "name: x\nrules: {CRD001: {severity: catastrophic}}\n", ["policy.yaml", "severity"])
    pol("rules-list", "name: x\nrules: [CRD001]\n", ["policy.yaml", "rules"])
    pol("cel-syntax", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n    severity: error\n"
        "    title: t\n    condition: 'model.id ==== \"a\"'\n    message: m\n", ["policy.yaml", "condition"])
    pol("cel-runtime", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n    severity: error\n"
        "    title: t\n    condition: '1 / 0 == 1'\n    message: m\n", ["policy.yaml"], valid=None)
    pol("cel-runtime-field", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n"
        "    severity: error\n    title: t\n    condition: 'model.id.size() > 0 && license.declared[99] == \"x\"'\n"
        "    message: m\n", ["policy.yaml"], valid=None)
    pol("cel-type-error", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n"
        "    severity: error\n    title: t\n    condition: 'model.id + 1 == 2'\n    message: m\n", ["policy.yaml"],
        valid=None)
    pol("cel-non-bool", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n"
        "    severity: error\n    title: t\n    condition: 'model.id'\n    message: m\n", ["policy.yaml"],
        valid=None)
    pol("cel-huge", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n    severity: error\n"
        "    title: t\n    condition: '" + "(" * 5000 + "true" + ")" * 5000 + "'\n    message: m\n",
        ["policy.yaml", "condition"])
    pol("cel-long-chain", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n"
        "    severity: error\n    title: t\n    condition: '" + " && ".join(["true"] * 20000) + "'\n    message: m\n",
        ["policy.yaml"], valid=None)
    pol("cel-regex-bomb", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n"
        "    severity: error\n    title: t\n    condition: '\"" + "a" * 40 + "!\".matches(\"^(a+)+$\")'\n"
        "    message: m\n", ["policy.yaml"], valid=None)
    pol("cel-bad-regex", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n"
        "    severity: error\n    title: t\n    condition: 'model.id.matches(\"(\")'\n    message: m\n",
        ["policy.yaml"], valid=None)
    pol("cel-macro-explosion", "name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n"
        "    severity: error\n    title: t\n    condition: '[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10]"
        ".all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, "
        "[1,2,3,4,5,6,7,8,9,10].all(f, true))))))'\n    message: m\n", ["policy.yaml"], valid=None)
    pol("custom-rule-missing-fields", "name: x\ncustom_rules:\n  - id: ACME001\n", ["policy.yaml", "custom_rules"])
    pol("custom-rule-dup-id", "name: x\ncustom_rules:\n" + ("  - {id: ACME001, name: x, area: license, severity: error,"
        " title: t, condition: 'true', message: m}\n") * 2, ["policy.yaml", "ACME001"])
    pol("custom-rule-builtin-id", "name: x\ncustom_rules:\n  - {id: LIC001, name: x, area: license, severity: error,"
        " title: t, condition: 'true', message: m}\n", ["policy.yaml", "LIC001"])
    pol("custom-rule-bad-area", "name: x\ncustom_rules:\n  - {id: ACME001, name: x, area: 5, severity: error,"
        " title: t, condition: 'true', message: m}\n", ["policy.yaml", "area"])
    pol("custom-rule-message-braces", "name: x\ncustom_rules:\n  - {id: ACME001, name: x, area: license, "
        "severity: error, title: t, condition: 'true', message: '{model.nope} {{ {0} {'}\n", ["policy.yaml"],
        valid=None)
    pol("custom-rule-message-format", "name: x\ncustom_rules:\n  - {id: ACME001, name: x, area: license, "
        "severity: error, title: t, condition: 'true', message: '{model.id!r:>99999999} {model.__class__}'}\n",
        ["policy.yaml"], valid=None)
    pol("waiver-bad-date", "name: x\nwaivers:\n  - {model: a, rule: LIC001, reason: Legal approval LEG-1, expires: 2027-02-30}\n",
        ["policy.yaml", "expires"])
    pol("waiver-date-str", "name: x\nwaivers:\n  - {model: a, rule: LIC001, reason: Legal approval LEG-1, expires: tomorrow}\n",
        ["policy.yaml", "expires"])
    pol("waiver-date-int", "name: x\nwaivers:\n  - {model: a, rule: LIC001, reason: Legal approval LEG-1, expires: 20270101}\n",
        ["policy.yaml", "expires"])
    pol("waiver-date-datetime", "name: x\nwaivers:\n  - {model: a, rule: LIC001, reason: Legal approval LEG-1, "
        "expires: 2027-01-01T10:00:00}\n", ["policy.yaml"], valid=None)
    pol("waiver-date-year0", "name: x\nwaivers:\n  - {model: a, rule: LIC001, reason: Legal approval LEG-1, expires: '0000-01-01'}\n",
        ["policy.yaml", "expires"])
    pol("waiver-date-far", "name: x\nwaivers:\n  - {model: a, rule: LIC001, reason: Legal approval LEG-1, expires: 9999-12-31}\n",
        ["policy.yaml"], valid=None)
    pol("waiver-no-reason", "name: x\nwaivers:\n  - {model: a, rule: LIC001, expires: 2027-01-01}\n",
        ["policy.yaml", "reason"])
    pol("waiver-list-of-str", "name: x\nwaivers: [a, b]\n", ["policy.yaml", "waivers"])
    pol("waiver-bad-glob", "name: x\nwaivers:\n  - {model: '[', rule: LIC001, reason: Legal approval LEG-1, expires: 2027-01-01}\n",
        ["policy.yaml"], valid=None)
    pol("waiver-rule-unknown", "name: x\nwaivers:\n  - {model: a, rule: NOPE999, reason: Legal approval LEG-1, expires: 2027-01-01}\n",
        ["policy.yaml", "NOPE999"])
    pol("waiver-rule-list", "name: x\nwaivers:\n  - {model: a, rule: [LIC001], reason: Legal approval LEG-1, expires: 2027-01-01}\n",
        ["policy.yaml", "rule"])
    pol("extends-self", "name: x\nextends: ./policy.yaml\n", ["policy.yaml", "extends"])
    pol("extends-missing", "name: x\nextends: ./nope.yaml\n", ["policy.yaml", "nope.yaml"])
    pol("extends-builtin-missing", "name: x\nextends: builtin:nope\n", ["policy.yaml", "builtin:nope"])
    pol("extends-list", "name: x\nextends: [builtin:default, builtin:commercial]\n", ["policy.yaml", "extends"],
        valid=None)
    pol("extends-abs", "name: x\nextends: /etc/passwd\n", ["policy.yaml"])
    pol("extends-devzero", "name: x\nextends: /dev/zero\n", ["policy.yaml"])
    pol("extends-dir", "name: x\nextends: /tmp\n", ["policy.yaml"])
    pol("extends-url", "name: x\nextends: https://evil.example/p.yaml\n", ["policy.yaml", "extends"])
    loop = base / "extends-loop"
    write(loop / "a.yaml", "name: a\nextends: ./b.yaml\n")
    write(loop / "b.yaml", "name: b\nextends: ./a.yaml\n")
    cases.append(Case("policy", "extends-loop", ["audit", BERT, "--offline", "--policy", str(loop / "a.yaml")],
                      want2=True, error_names=["a.yaml"]))
    chain = base / "extends-chain"
    for i in range(300):
        write(chain / f"p{i}.yaml", f"name: p{i}\nextends: ./p{i + 1}.yaml\n")
    write(chain / "p300.yaml", "name: end\n")
    cases.append(Case("policy", "extends-chain-300", ["audit", BERT, "--offline", "--policy", str(chain / "p0.yaml")],
                      allow2=True))
    pol("extends-bad-child", "name: x\nextends: ./child.yaml\n", ["child.yaml"])
    write(base / "extends-bad-child" / "child.yaml", "name: c\nfail_on: 5\n")
    pol("bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
        ["policy.yaml"])
    pol("invalid-yaml", "name: x\nlicenses: [\n", ["policy.yaml:3:"])
    pol("tab-yaml", "name: x\nlicenses:\n\tallow: [MIT]\n", ["policy.yaml:3:"])
    pol("non-utf8", b"name: x\xff\n", ["policy.yaml"])
    pol("nul", b"name: x\x00\n", ["policy.yaml"])
    pol("empty", "", ["policy.yaml"], valid=None)
    pol("list-top", "- a\n- b\n", ["policy.yaml"])
    pol("scalar-top", "hello\n", ["policy.yaml"])
    pol("utf16", "name: x\n".encode("utf-16"), ["policy.yaml"], valid=None)
    pol("bom", "\ufeffname: x\n", ["policy.yaml"], valid=None)
    pol("dup-key", "name: x\nfail_on: error\nfail_on: warning\n", ["policy.yaml", "fail_on"])
    pol("license-glob-bad", "name: x\nlicenses:\n  allow: ['[']\n", ["policy.yaml"], valid=None)
    pol("license-category-bad", "name: x\nlicenses:\n  allow: ['category:nope']\n", ["policy.yaml", "'nope'"])
    pol("license-entry-int", "name: x\nlicenses:\n  allow: [5, null, {a: 1}]\n", ["policy.yaml", "allow"])
    pol("mof-class-bad", "name: x\nopenness:\n  min_mof_class: IV\n", ["policy.yaml", "min_mof_class"])
    pol("require-bad", "name: x\nopenness:\n  require: {weights: maybe, nope: open}\n", ["policy.yaml"])
    pol("roles-bad", "name: x\nuse:\n  models: [{model: 5, role: [1]}, 3]\n", ["policy.yaml", "models"])
    pol("roles-unknown", "name: x\nuse:\n  models: [{model: 'a/*', role: nope}]\n", ["policy.yaml", "nope"])
    pol("roles-def-bad", "name: x\nuse:\n  roles: {serve: {distribution: 5}, x: 3}\n", ["policy.yaml", "roles"])
    pol("mau-negative", "name: x\nuse:\n  monthly_active_users: -5\n", ["policy.yaml", "monthly_active_users"])
    pol("mau-huge", "name: x\nuse:\n  monthly_active_users: " + "9" * 5000 + "\n",
        ["policy.yaml", "monthly_active_users"])
    pol("max-depth-negative", "name: x\nlineage:\n  max_depth: -1\n", ["policy.yaml", "max_depth"])
    pol("max-depth-huge", "name: x\nlineage:\n  max_depth: 1e400\n", ["policy.yaml", "max_depth"])
    pol("max-nodes-zero", "name: x\nlineage:\n  max_nodes: 0\n", ["policy.yaml", "max_nodes"])
    pol("curations-weird", "name: x\ncurations: [{model: 5, license: [1]}, 3]\n", ["policy.yaml", "curations"])
    pol("allow-huge", "name: x\nlicenses:\n  allow: [" + ",".join(f"LicenseRef-x{i}" for i in range(50000)) + "]\n",
        ["policy.yaml"], valid=None)
    pol("waivers-huge", "name: x\nwaivers:\n" + "".join(f"  - {{model: 'a/m{i}', rule: LIC001, reason: Legal ok, "
        "expires: 2030-01-01}\n" for i in range(20000)), ["policy.yaml"], valid=None)
    pol("custom-rules-many", "name: x\ncustom_rules:\n" + "".join(f"  - {{id: ACME{i:03d}, name: x, area: license, "
        "severity: note, title: t, condition: 'true', message: m}\n" for i in range(1000)), ["policy.yaml"], valid=None)
    pol("toml-bad", "[tool.auditor\n", ["pyproject.toml"], filename="pyproject.toml")
    pol("toml-wrong-type", "[tool.auditor]\nfail_on = 5\n", ["pyproject.toml", "fail_on"], filename="pyproject.toml")
    pol("toml-no-table", "[tool.other]\nx = 1\n", ["pyproject.toml"], filename="pyproject.toml", valid=None)
    pol("toml-non-utf8", b"[tool.auditor]\nname = \"\xff\"\n", ["pyproject.toml"], filename="pyproject.toml")
    pol("json-policy", '{"name": "x", "fail_on": 5}', ["policy.json"], filename="policy.json")
    pol("txt-policy", "name: x\n", ["policy.txt"], filename="policy.txt", valid=None)
    for name, make in [("policy-dir", lambda p: p.mkdir(parents=True)),
                       ("policy-missing", lambda p: p.parent.mkdir(parents=True)),
                       ("policy-fifo", lambda p: _fifo(p)),
                       ("policy-devzero", lambda p: (p.parent.mkdir(parents=True), p.symlink_to("/dev/zero"))),
                       ("policy-unreadable", lambda p: write(p, "name: x\n").chmod(0))]:
        path = base / name / "policy.yaml"
        make(path)
        cases.append(Case("policy", name, ["audit", BERT, "--offline", "--policy", str(path)],
                          want2=True, error_names=["policy.yaml"]))
    cases.append(Case("policy", "builtin-unknown", ["audit", BERT, "--offline", "--policy", "builtin:nope"],
                      want2=True, error_names=["builtin:nope"]))
    cases.append(Case("policy", "builtin-traversal", ["audit", BERT, "--offline", "--policy", "builtin:../../x"],
                      want2=True, error_names=["builtin:"]))
    cases.append(Case("policy", "policy-show-bad", ["policy", "show", str(base / "bomb" / "policy.yaml")],
                      want2=True, error_names=["policy.yaml"]))
    return cases


# ------------------------------------------------------------------ check (repository scan)


def check_cases(base: Path) -> list[Case]:
    cases: list[Case] = []
    ref_line = f'from transformers import AutoModel\nAutoModel.from_pretrained("{BERT}")\n'

    def repo(name: str, files: dict[str, str | bytes], *, models: bool = True, fail_closed: bool = False,
             extra: list[str] | None = None, want2: bool = False, names: list[str] | None = None,
             scan_problem: str | None = None) -> None:
        root = base / name
        write(root / "app.py", ref_line)
        for rel, content in files.items():
            write(root / rel, content)
        argv = ["check", str(root), "--offline", "--format", "json", "--no-cache", *(extra or [])]

        def checker(result: Result) -> str | None:
            if result.code == 2:
                return None
            try:
                data = json.loads(result.stdout)
            except json.JSONDecodeError:
                return "stdout is not JSON"
            found = json.dumps(data)
            if models and BERT not in found:
                return f"{BERT} (in app.py) missing from the check output"
            # A malformed manifest entry is a result of its own (rule MAN001, the run incomplete) since the
            # manifest fail-closed change; any other file's problem is a scan problem.
            reported = {p.get("file") for p in data.get("scan_problems", [])}
            reported |= {loc.get("file") for m in data.get("models", []) for f in m.get("findings", [])
                         if f.get("rule") == "MAN001" for loc in f.get("locations") or [m.get("locations", [{}])[0]]}
            if scan_problem and scan_problem not in reported:
                return f"no scan problem for {scan_problem}"
            return None

        cases.append(Case("check", name, argv, fail_closed=fail_closed, check=checker, want2=want2,
                          error_names=names or []))

    repo("bad-json", {"config.json": '{"model": "acme/x", '}, scan_problem="config.json")
    repo("bad-toml", {"pyproject.toml": "[tool.x\nmodel = 'acme/x'"}, scan_problem="pyproject.toml")
    repo("bad-yaml", {"conf.yaml": "model_name_or_path: acme-ai/tiny\nx:\n  - [\n"}, scan_problem="conf.yaml")
    repo("yaml-bomb", {"conf.yaml": "model: acme/x\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                       "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                       "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                       "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"})
    repo("yaml-python-tag", {"conf.yaml": "model: !!python/object/apply:os.system ['echo acme/x']\n"})
    repo("yaml-multi-doc", {"conf.yaml": "model: acme/x\n---\nmodel: acme/y\n---\n[\n"})
    repo("binary-py", {"weights.py": os.urandom(20000)})
    repo("nul-py", {"x.py": b"import os\x00\nfrom_pretrained('acme/x')\n"})
    repo("latin1-py", {"x.py": "# caf\xe9\nfrom_pretrained('acme/x')\n".encode("latin-1")})
    repo("utf16-py", {"x.py": "from_pretrained('acme/x')\n".encode("utf-16")})
    repo("bom-py", {"x.py": "\ufeffAutoModel.from_pretrained('acme/x')\n"})
    repo("deep-py", {"x.py": "x = " + "(" * 100000 + ")" * 100000 + "\nfrom_pretrained('acme/x')\n"})
    repo("deep-py-calls", {"x.py": "from_pretrained('acme/x')\nx = " + "f(" * 3000 + ")" * 3000 + "\n"})
    repo("long-line-py", {"x.py": "x = '" + "a" * 5_000_000 + "'\nfrom_pretrained('acme/x')\n"})
    repo("many-strings-py", {"x.py": "\n".join(f"from_pretrained('acme/m{i}')" for i in range(3000))})
    repo("py-syntax-error", {"x.py": "def (:\nfrom_pretrained('acme/x')\n"})
    repo("py2-code", {"x.py": "print 'hello'\nmodel = AutoModel.from_pretrained('acme/x')\n"})
    repo("py-fstring-weird", {"x.py": "n='x'\nAutoModel.from_pretrained(f'acme/{n}' + 5 * 'a')\n"})
    repo("huge-notebook", {"nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": [
        "from_pretrained('acme/x')\n"] * 10, "outputs": [{"text": "y" * 1000}] * 10}] * 5000, "nbformat": 4})})
    repo("bad-notebook", {"nb.ipynb": '{"cells": [{"cell_type": "code", "source": 5}], "nbformat": 4}'})
    repo("bad-notebook2", {"nb.ipynb": '{"cells": 5}'})
    repo("bad-notebook3", {"nb.ipynb": '[1,2]'})
    repo("bad-notebook4", {"nb.ipynb": '{"cells": [1, null, {"source": [1, null, {"a": 1}]}]}'})
    repo("bad-notebook5", {"nb.ipynb": '{"cells": [{"cell_type": "code", "source": "x", "metadata": 5}],'
                           ' "metadata": {"kernelspec": 5, "language_info": [1]}}'})
    repo("notebook-truncated", {"nb.ipynb": '{"cells": [{"cell_type": "code", "source": ["from_pretrained('})
    repo("notebook-non-utf8", {"nb.ipynb": b'{"cells": [{"cell_type": "code", "source": ["\xff"]}]}'})
    repo("json-deep", {"config.json": '{"model": "acme/x", "x": ' + "[" * 100000 + "]" * 100000 + "}"})
    repo("json-nan", {"config.json": '{"model": "acme/x", "x": NaN}'})
    repo("json-huge-int", {"config.json": '{"model": "acme/x", "x": ' + "9" * 10000 + "}"})
    repo("json-weird-model", {"config.json": '{"_name_or_path": 5, "model_name_or_path": {"a": 1}, '
                              '"base_model": [1, null], "model": "acme/x"}'})
    repo("toml-deep", {"pyproject.toml": "[tool.x]\nmodel = 'acme/x'\na = " + "[" * 100000 + "]" * 100000 + "\n"})
    repo("auditor-yaml-bad", {"auditor.yaml": "models: [\n"}, want2=True, names=["auditor.yaml"])
    repo("auditor-yaml-weird", {"auditor.yaml": "name: x\nmodels: 5\n"}, scan_problem="auditor.yaml",
         fail_closed=True)
    repo("auditor-yaml-models-weird", {"auditor.yaml": "name: x\nmodels: [5, null, {a: 1}, '../../x']\n"},
         scan_problem="auditor.yaml", fail_closed=True)
    repo("auditor-yaml-fifo", {}, want2=True, names=["auditor.yaml"])
    _fifo(base / "auditor-yaml-fifo" / "auditor.yaml")
    repo("pyproject-bad-auditor", {"pyproject.toml": "[tool.auditor]\nfail_on = [1]\n"}, want2=True,
         names=["pyproject.toml", "fail_on"])
    repo("pyproject-non-utf8", {"pyproject.toml": b"[tool.auditor]\nname = '\xff'\n"}, want2=True,
         names=["pyproject.toml"])
    repo("symlink-out", {}, models=True)
    (base / "symlink-out" / "evil.py").symlink_to("/etc/passwd")
    repo("symlink-loop", {}, models=True)
    (base / "symlink-loop" / "loop").symlink_to(base / "symlink-loop")
    repo("fifo-py", {}, models=True)
    _fifo(base / "fifo-py" / "x.py")
    repo("devzero-py", {}, models=True)
    (base / "devzero-py" / "x.py").symlink_to("/dev/zero")
    repo("unreadable-py", {"x.py": "from_pretrained('acme/x')\n"})
    (base / "unreadable-py" / "x.py").chmod(0)
    repo("unreadable-dir", {"sub/x.py": "from_pretrained('acme/x')\n"})
    (base / "unreadable-dir" / "sub").chmod(0)
    repo("dir-named-py", {"pkg.py/x": "x"})
    repo("many-files", {f"d/f{i}.py": "x = 1\n" for i in range(3000)})
    repo("weird-ref-strings", {"x.py": "from_pretrained('a/b@' + 'x'*10)\nfrom_pretrained('../../etc/passwd')\n"
                               "from_pretrained('hf://a/b/c/d')\nfrom_pretrained('a/b@\\x00')\n"
                               "from_pretrained('" + "a" * 300 + "/b')\nfrom_pretrained('a\\nb/c')\n"})
    repo("mergekit-in-repo", {"merge.yml": "models: [{model: 5}, {model: null}]\nmerge_method: slerp\n"
                              "base_model: {a: 1}\nslices: 7\n"})
    repo("exclude-bad", {}, extra=["--exclude", "[", "--exclude", "]]"])
    repo("diff-no-git", {}, extra=["--diff", "nope-ref-xyz"], want2=True, names=["git"])
    repo("diff-dash-ref", {}, extra=["--diff", "--output=/tmp/x"], want2=True)
    repo("lock-bad-json", {"auditor.lock": "{"}, extra=["--locked"], want2=True, names=["auditor.lock"])
    repo("lock-wrong-shape", {"auditor.lock": '{"lock_version": 1, "models": 5}'}, extra=["--locked"], want2=True,
         names=["auditor.lock"])
    repo("lock-wrong-shape2", {"auditor.lock": json.dumps({"lock_version": 1, "models": [
        5, None, {"id": 5}, {"id": BERT, "sha": [1], "license": {"a": 1}, "lineage": 5, "facts_digest": 3}]})},
        extra=["--locked"], want2=True, names=["auditor.lock"])
    repo("lock-version-bad", {"auditor.lock": '{"lock_version": 99, "models": []}'}, extra=["--locked"], want2=True,
         names=["auditor.lock"])
    repo("lock-version-str", {"auditor.lock": '{"lock_version": "1", "models": []}'}, extra=["--locked"], want2=True,
         names=["auditor.lock"])
    repo("lock-list", {"auditor.lock": "[]"}, extra=["--locked"], want2=True, names=["auditor.lock"])
    repo("lock-non-utf8", {"auditor.lock": b'{"lock_version": 1, "models": ["\xff"]}'}, extra=["--locked"],
         want2=True, names=["auditor.lock"])
    repo("lock-empty", {"auditor.lock": ""}, extra=["--locked"], want2=True, names=["auditor.lock"])
    repo("lock-missing", {}, extra=["--locked"], want2=True, names=["auditor.lock"])
    repo("lock-dir", {"auditor.lock/x": "x"}, extra=["--locked"], want2=True, names=["auditor.lock"])
    cases.append(Case("check", "path-missing", ["check", str(base / "nope"), "--offline"], want2=True,
                      error_names=["nope"]))
    cases.append(Case("check", "path-file", ["check", str(write(base / "pfile" / "x.py", ref_line)), "--offline"],
                      allow2=True))
    cases.append(Case("check", "path-fifo", ["check", str(_fifo(base / "pfifo2" / "x")), "--offline"], want2=True))
    return cases


# ------------------------------------------------------------------ refs-file


def refs_file_cases(base: Path) -> list[Case]:
    cases: list[Case] = []

    def refs(name: str, content: bytes, models: list[str], *, want2: bool = False, names: list[str] | None = None,
             fail_closed: bool = False, stdin: bool = False) -> None:
        path = write(base / name / "refs.txt", content)
        argv = ["audit", "--offline", "--format", "jsonl", "--refs-file", "-" if stdin else str(path)]
        cases.append(Case("refs-file", name, argv, models=models, want2=want2, fail_closed=fail_closed,
                          error_names=names if names is not None else ["refs.txt"],
                          stdin=content if stdin else None))

    refs("bad-ref-line", f"{BERT}\n../../../etc\n:::\n".encode(), [BERT], fail_closed=True)
    refs("bad-ref-line2", f"{BERT}\na/b/c/d/e\n@@@\nhf://\n".encode(), [BERT], fail_closed=True)
    refs("crlf", f"{BERT}\r\n# c\r\n\r\n".encode(), [BERT])
    refs("bom", f"\ufeff{BERT}\n".encode(), [BERT])
    refs("non-utf8", f"{BERT}\n\xff\xfe\n".encode("latin-1"), [BERT], fail_closed=True)
    refs("nul", f"{BERT}\n\x00\n".encode(), [BERT], fail_closed=True)
    refs("trailing-comment", f"{BERT}  # the bert\n".encode(), [BERT])
    refs("spaces", f"   {BERT}   \n\t\n".encode(), [BERT])
    refs("empty", b"", [], fail_closed=True)
    refs("only-comments", b"# x\n\n# y\n", [], fail_closed=True)
    refs("long-line", (BERT + "\n" + "a" * 5_000_000 + "\n").encode(), [BERT], fail_closed=True)
    refs("many-lines", (BERT + "\n" + "\n".join(f"acme/m{i}" for i in range(3000)) + "\n").encode(), [BERT],
         fail_closed=True)
    refs("utf16", f"{BERT}\n".encode("utf-16"), [BERT])
    refs("stdin", f"{BERT}\n../x\n".encode(), [BERT], stdin=True, fail_closed=True, names=["standard input"])
    refs("dup-lines", f"{BERT}\n{BERT}\nhf://{BERT}\n".encode(), [BERT])
    refs("dash-option-line", f"{BERT}\n--policy=/etc/passwd\n-v\n".encode(), [BERT], fail_closed=True)
    refs("local-path-line", f"{BERT}\n/etc\n./nope\n".encode(), [BERT], fail_closed=True)
    refs("url-line", f"{BERT}\nhttps://huggingface.co/{BERT}\nhttps://evil.example/a/b\n".encode(), [BERT],
         fail_closed=True)
    refs("dataset-line", f"{BERT}\ndatasets/wikipedia\n".encode(), [BERT])
    for name, make in _bad_paths("refs", BERT):
        path = base / name / "refs.txt"
        make(path)
        cases.append(Case("refs-file", name, ["audit", "--offline", "--refs-file", str(path)], want2=True,
                          error_names=["refs.txt"]))
    return cases


# ------------------------------------------------------------------ other commands


def other_cases(base: Path) -> list[Case]:
    cases: list[Case] = []
    out = base / "out"
    out.mkdir()
    hostile = model_dir(base / "m", "hostile-model", "---\nlicense: [mit\n---\n")
    devzero_lock = base / "devzero.lock"
    devzero_lock.symlink_to("/dev/zero")
    bad_lock = write(base / "bad.lock", '{"lock_version": 1, "models": [{"id": 5}, 3]}')
    bad_lock2 = write(base / "bad2.lock", json.dumps({"lock_version": 1, "models": [
        {"id": BERT, "sha": "x" * 40, "revision": 5, "license": [1], "metadata": "x", "accepted": 5}]}))
    non_utf8_lock = write(base / "nu.lock", b'{"lock_version": 1,\xff}')
    file_as_dir = write(base / "file", "x")
    argsets: dict[str, list[tuple[str, list[str], dict[str, Any]]]] = {
        "report": [
            ("hostile-card", ["report", str(hostile), BERT, "--offline", "-o", str(out / "r.html")], {}),
            ("hostile-card-md", ["report", str(hostile), "--offline", "-f", "md", "-o", str(out / "r.md")], {}),
            ("bad-format", ["report", BERT, "--offline", "-f", "docx", "-o", str(out / "r.docx")], {"want2": True}),
            ("out-is-dir", ["report", BERT, "--offline", "-o", str(out)], {"want2": True}),
            ("out-under-file", ["report", BERT, "--offline", "-o", str(file_as_dir / "x.html")], {"want2": True}),
            ("out-devnull", ["report", BERT, "--offline", "-o", "/dev/null"], {}),
            ("out-unwritable", ["report", BERT, "--offline", "-o", "/proc/x.html"], {"want2": True}),
            ("lock-bad", ["report", BERT, "--offline", "-o", str(out / "r2.html"), "--lock", str(bad_lock)],
             {"want2": True, "error_names": ["bad.lock"]}),
            ("lock-devzero", ["report", BERT, "--offline", "-o", str(out / "r3.html"), "--lock", str(devzero_lock)],
             {"want2": True, "error_names": ["devzero.lock"]}),
            ("lock-bad2", ["report", BERT, "--offline", "-o", str(out / "r4.html"), "--lock", str(bad_lock2)],
             {"error_names": ["bad2.lock"]}),
            ("lineage-engine-bad", ["report", BERT, "--offline", "-o", str(out / "r5.html"), "--lineage-engine",
                                    "nope"], {"want2": True}),
            ("bad-ref", ["report", "a/b/c/d", "--offline", "-o", str(out / "r6.html")], {"allow2": True}),
        ],
        "sbom": [
            ("hostile-card", ["sbom", str(hostile), BERT, "--offline", "-f", "cyclonedx", "-o", str(out / "s.json")],
             {}),
            ("hostile-card-spdx3", ["sbom", str(hostile), "--offline", "-f", "spdx3", "-o", str(out / "s3.json")], {}),
            ("bad-format", ["sbom", BERT, "--offline", "-f", "nope", "-o", str(out / "s.x")], {"want2": True}),
            ("out-is-dir", ["sbom", BERT, "--offline", "-f", "spdx-json", "-o", str(out)], {"want2": True}),
            ("not-found", ["sbom", "nope/nope", "--offline", "-f", "spdx-json", "-o", str(out / "s4.json")],
             {"fail_closed": True}),
        ],
        "lineage": [
            ("hostile-card", ["lineage", str(hostile), "--offline", "-f", "json"], {}),
            ("depth-neg", ["lineage", BERT, "--offline", "--depth", "-1"], {"want2": True}),
            ("depth-huge", ["lineage", BERT, "--offline", "--depth", "99999999999999999999"], {}),
            ("max-nodes-huge", ["lineage", BERT, "--offline", "--max-nodes", "9" * 30], {}),
            ("bad-format", ["lineage", BERT, "--offline", "-f", "png"], {"want2": True}),
            ("not-found", ["lineage", "nope/nope", "--offline"], {"fail_closed": True}),
            ("dataset-weird", ["lineage", "datasets/../../x", "--offline"], {"fail_closed": True}),
            ("svg-out-dir", ["lineage", BERT, "--offline", "-f", "svg", "-o", str(out)], {"want2": True}),
        ],
        "openness": [
            ("hostile-card", ["openness", str(hostile), "--offline"], {}),
            ("mof-bad-yaml", ["openness", "--mof", str(write(base / "mof1.yml", "release: ["))],
             {"want2": True, "error_names": ["mof1.yml"]}),
            ("mof-weird", ["openness", "--mof", str(write(base / "mof2.yml", "release: 5\n"))],
             {"want2": True, "error_names": ["mof2.yml"]}),
            ("mof-weird2", ["openness", "--mof", str(write(base / "mof3.yml",
                                                          "release: {components: [1, null, {name: 5}]}\n"))],
             {"error_names": ["mof3.yml"]}),
            ("mof-weird3", ["openness", "--mof", str(write(base / "mof4.yml",
                                                          "release:\n  components:\n    - {name: Model parameters "
                                                          "(Final), license: [1], location: {a: 1}}\n"
                                                          "  license: {distribution: 5}\n"))],
             {"error_names": ["mof4.yml"]}),
            ("mof-missing", ["openness", "--mof", str(base / "nope.yml")], {"want2": True,
                                                                             "error_names": ["nope.yml"]}),
            ("mof-devzero", ["openness", "--mof", "/dev/zero"], {"want2": True, "error_names": ["/dev/zero"]}),
            ("mof-bomb", ["openness", "--mof", str(write(base / "mof5.yml", BOMB + "release: {}\n"))],
             {"want2": True, "error_names": ["mof5.yml"]}),
            ("no-args", ["openness"], {"want2": True}),
            ("github-api-bad", ["openness", BERT, "--offline", "--github", "--github-api", "not a url"], {}),
        ],
        "licenses": [
            ("show-unknown", ["licenses", "show", "nope-license"], {"want2": True, "error_names": ["nope-license"]}),
            ("show-weird", ["licenses", "show", "../../etc/passwd"], {"want2": True}),
            ("show-empty", ["licenses", "show", ""], {"want2": True}),
            ("identify-binary", ["licenses", "identify", str(write(base / "bin.txt", os.urandom(50000)))], {}),
            ("identify-missing", ["licenses", "identify", str(base / "nope.txt")], {"want2": True,
                                                                                   "error_names": ["nope.txt"]}),
            ("identify-dir", ["licenses", "identify", str(base)], {"want2": True}),
            ("identify-devzero", ["licenses", "identify", "/dev/zero"], {"want2": True}),
            ("identify-fifo", ["licenses", "identify", str(_fifo(base / "lic.fifo"))], {"want2": True}),
            ("identify-huge", ["licenses", "identify",
                               str(write(base / "huge.txt", "Permission is hereby " * 2000000))], {}),
            ("identify-utf16", ["licenses", "identify", str(write(base / "u16.txt",
                                                                   (ROOT / "LICENSE").read_text().encode("utf-16")))],
             {}),
            ("identify-empty", ["licenses", "identify", str(write(base / "empty.txt", ""))], {}),
            ("identify-nul", ["licenses", "identify", str(write(base / "nul.txt", b"MIT\x00" * 1000))], {}),
            ("identify-unreadable", ["licenses", "identify", str(_unreadable(base / "unr.txt"))], {"want2": True}),
            ("identify-stdin", ["licenses", "identify", "-"], {"stdin": b"\xff\xfe" * 1000}),
            ("list-bad-opt", ["licenses", "list", "--category", "nope"], {"allow2": True}),
        ],
        "lock": [
            ("hostile-repo", ["lock", str(_repo_with(base / "lockrepo", {"x.py": "from_pretrained('acme/x')\n",
                                                                         "auditor.lock": "{"})), "--offline"],
             {"error_names": ["auditor.lock"]}),
            ("accepted-on-bad", ["lock", str(_repo_with(base / "lockrepo2", {})), "--offline", "--accepted-by", "J",
                                 "--accepted-on", "2027-02-30"], {"want2": True, "error_names": ["--accepted-on"]}),
            ("accepted-on-weird", ["lock", str(_repo_with(base / "lockrepo3", {})), "--offline", "--accepted-by", "J",
                                   "--accepted-on", "yesterday"], {"want2": True, "error_names": ["--accepted-on"]}),
            ("accepted-by-empty", ["lock", str(_repo_with(base / "lockrepo4", {})), "--offline", "--accepted-by", "",
                                   ], {"want2": True, "error_names": ["--accepted-by"]}),
            ("accepted-by-newline", ["lock", str(_repo_with(base / "lockrepo5", {})), "--offline", "--accepted-by",
                                     "J\nK"], {"allow2": True}),
            ("lock-file-dir", ["lock", str(_repo_with(base / "lockrepo6", {})), "--offline", "--lock-file",
                               str(base)], {"want2": True}),
            ("lock-file-devzero", ["lock", str(_repo_with(base / "lockrepo7", {})), "--offline", "--lock-file",
                                   str(devzero_lock)], {"want2": True}),
            ("lock-prev-weird", ["lock", str(_repo_with(base / "lockrepo8", {"auditor.lock": bad_lock2.read_text()})),
                                 "--offline", "--accepted-by", "J"], {"error_names": ["auditor.lock"]}),
            ("lock-prev-nonutf8", ["lock", str(_repo_with(base / "lockrepo9", {"auditor.lock": b"\xff"})),
                                   "--offline"], {"error_names": ["auditor.lock"]}),
        ],
        "notice": [
            ("hostile-card", ["notice", str(hostile), "--offline", "-o", str(out / "n1")], {}),
            ("lock-bad", ["notice", "--lock", str(bad_lock), "--offline", "-o", str(out / "n2")],
             {"want2": True, "error_names": ["bad.lock"]}),
            ("lock-bad2", ["notice", "--lock", str(bad_lock2), "--offline", "-o", str(out / "n3")],
             {"error_names": ["bad2.lock"], "fail_closed": True}),
            ("lock-devzero", ["notice", "--lock", str(devzero_lock), "--offline", "-o", str(out / "n4")],
             {"want2": True, "error_names": ["devzero.lock"]}),
            ("lock-non-utf8", ["notice", "--lock", str(non_utf8_lock), "--offline", "-o", str(out / "n5")],
             {"want2": True, "error_names": ["nu.lock"]}),
            ("out-is-file", ["notice", BERT, "--offline", "-o", str(file_as_dir)], {"want2": True}),
            ("no-lock-no-refs", ["notice", "--offline", "-o", str(out / "n6")], {"want2": True, "cwd": str(base)}),
            ("local-license-fifo", ["notice", str(_fifo_license(base / "nfifo")), "--offline", "-o", str(out / "n7")],
             {"fail_closed": True}),
            ("local-license-symlink-out", ["notice", str(_symlink_license(base / "nsym")), "--offline", "-o",
                                           str(out / "n8")], {"fail_closed": True}),
            ("local-license-unreadable", ["notice", str(_unreadable_license(base / "nunr")), "--offline", "-o",
                                          str(out / "n9")], {"fail_closed": True}),
            ("bad-ref-sha", ["notice", "a/b@zzz", "--offline", "-o", str(out / "n10")], {"fail_closed": True}),
        ],
        "snapshot": [
            ("out-dir", ["snapshot", BERT, "--offline", "-o", str(out)], {"want2": True}),
            ("out-devfull", ["snapshot", BERT, "--offline", "-o", "/dev/full"], {"want2": True}),
            ("hostile-card", ["snapshot", str(hostile), BERT, "--offline", "-o", str(out / "snap.jsonl")], {}),
            ("not-found", ["snapshot", "nope/nope", "--offline", "-o", str(out / "snap2.jsonl")],
             {"fail_closed": True}),
            ("bad-ref", ["snapshot", "a/b/c/d", "--offline", "-o", str(out / "snap3.jsonl")], {"want2": True}),
        ],
        "rules": [
            ("explain-unknown", ["rules", "explain", "NOPE999"], {"want2": True, "error_names": ["NOPE999"]}),
            ("explain-weird", ["rules", "explain", "../../etc/passwd"], {"want2": True}),
            ("list-bad-policy", ["rules", "list", "--policy", str(write(base / "rp.yaml", "fail_on: [\n"))],
             {"want2": True, "error_names": ["rp.yaml"]}),
        ],
        "cli": [
            ("unknown-command", ["nope"], {"want2": True}),
            ("unknown-option", ["audit", "--nope"], {"want2": True}),
            ("jobs-zero", ["audit", BERT, "--offline", "-j", "0"], {"want2": True}),
            ("jobs-huge", ["audit", BERT, "--offline", "-j", "100000"], {}),
            ("format-bad", ["audit", BERT, "--offline", "-f", "xml"], {"want2": True}),
            ("format-many-bad", ["audit", BERT, "--offline", "-f", "json,json,,"], {"allow2": True}),
            ("output-dir-missing-parent", ["audit", BERT, "--offline", "-o", str(base / "a" / "b" / "c.json"),
                                           "-f", "json"], {}),
            ("endpoint-bad", ["audit", "acme/x", "--endpoint", "not a url"], {"fail_closed": True, "timeout": 90}),
            ("endpoint-file", ["audit", "acme/x", "--endpoint", "file:///etc/passwd"],
             {"fail_closed": True, "timeout": 90}),
            ("endpoint-unreachable", ["audit", "acme/x", "--endpoint", "http://127.0.0.1:9"],
             {"fail_closed": True, "timeout": 90}),
            ("ref-nul", ["audit", "a/b\x01c", "--offline"], {"fail_closed": True}),
            ("ref-empty", ["audit", "", "--offline"], {"fail_closed": True}),
            ("ref-long", ["audit", "a" * 100000 + "/b", "--offline"], {"fail_closed": True}),
            ("ref-weird-rev", ["audit", f"{BERT}@", "--offline"], {"fail_closed": True}),
            ("ref-weird-rev2", ["audit", f"{BERT}@@main", "--offline"], {"fail_closed": True}),
            ("ref-hf-only", ["audit", "hf://", "--offline"], {"fail_closed": True}),
            ("all-and-refs", ["audit", "--all", BERT, "--offline"], {}),
            ("cache-dir-is-file", ["audit", "acme/x", "--offline"],
             {"fail_closed": True, "env": {"AUDITOR_CACHE_DIR": str(file_as_dir), "HF_HOME": str(file_as_dir)}}),
            ("cache-dir-unwritable", ["check", str(_repo_with(base / "cdrepo", {})), "--offline"],
             {"env": {"AUDITOR_CACHE_DIR": "/proc/nope"}}),
            ("hf-home-weird", ["audit", BERT, "--offline"], {"env": {"HF_HOME": "/dev/null"}}),
        ],
    }
    for entry, items in argsets.items():
        for name, argv, opts in items:
            cases.append(Case(entry, name, argv, **opts))
    return cases


def _unreadable(path: Path) -> Path:
    write(path, "MIT License").chmod(0)
    return path


def _repo_with(root: Path, files: dict[str, str | bytes]) -> Path:
    write(root / "app.py", f'AutoModel.from_pretrained("{BERT}")\n')
    for rel, content in files.items():
        write(root / rel, content)
    return root


def _fifo_license(folder: Path) -> Path:
    model_dir(folder.parent, folder.name, "---\nlicense: other\nlicense_name: x\n---\n")
    os.mkfifo(folder / "LICENSE")
    return folder


def _symlink_license(folder: Path) -> Path:
    model_dir(folder.parent, folder.name, "---\nlicense: other\nlicense_name: x\n---\n")
    (folder / "LICENSE").symlink_to("/etc/passwd")
    return folder


def _unreadable_license(folder: Path) -> Path:
    model_dir(folder.parent, folder.name, "---\nlicense: other\nlicense_name: x\n---\n")
    write(folder / "LICENSE", "x").chmod(0)
    return folder


# ------------------------------------------------------------------ the online path, against the loopback fake Hub


def hub_cases(base: Path, hub: Any) -> list[Case]:
    """Each case audits one faulty repository beside a good one through the real huggingface_hub client; the
    good one must come out complete and the faulty one with a finding, exit 3 (never 0), in bounded time."""
    cases: list[Case] = []
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/good", good_body, {"README.md": card, "model.safetensors": b"\0"})

    def case(name: str, body: dict[str, Any] | None = None, files: dict[str, str | bytes] | None = None, *,
             faults: list[dict[str, Any]] = (), fail_closed: bool = True, finding: bool = True,
             extra: list[str] | None = None, cmd: str = "audit") -> None:
        repo = f"acme/{name}"
        if body is not None:
            hub.add_repo(repo, {**good_body, **body}, {"README.md": card, **(files or {})})
        for f in faults:
            f = dict(f)
            path = f.pop("path").replace("{repo}", repo)
            hub.fault(path, **f)
            if path.endswith(repo):  # the API path, also at a revision (no case's id is another's prefix then)
                hub.fault(path + "/revision/*", **f)
        home = base / name
        home.mkdir(parents=True)
        argv = [cmd, repo, "acme/good", "--endpoint", hub.url, "--format", "jsonl", *(extra or [])]
        cases.append(Case("hub", name, argv, models=[repo, "acme/good"], affected=repo if finding else None,
                          fail_closed=fail_closed, allow2=False, timeout=120,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                               "HF_HUB_DISABLE_TELEMETRY": "1", "HF_ENDPOINT": hub.url},
                          check=_good_complete))

    api = "/api/models/{repo}"
    readme = "/{repo}/resolve/*/README.md"
    case("api-500", {}, faults=[{"path": api, "status": 500}])
    case("api-500-once", {}, faults=[{"path": api, "status": 500, "times": 1}], fail_closed=False, finding=False)
    case("api-503-retry-after", {}, faults=[{"path": api, "status": 503, "retry_after": 1, "times": 1}],
         fail_closed=False, finding=False)
    case("api-404", None)
    case("api-401", None, faults=[{"path": api, "status": 401}])
    case("api-403", None, faults=[{"path": api, "status": 403}])
    case("api-429-once", {}, faults=[{"path": api, "status": 429, "retry_after": 1, "times": 1}],
         fail_closed=False, finding=False)
    # A Retry-After past the deadline stops the run's Hub requests (the Hub limits the client, not one
    # repository): the healthy model may come out incomplete too, which fails closed.
    for name, after in (("api-429-forever", 3600), ("api-429-garbage", "soon"), ("api-429-negative", "-5"),
                        ("api-429-httpdate", "Wed, 21 Oct 2099 07:28:00 GMT")):
        case(name, {}, faults=[{"path": api, "status": 429, "retry_after": after}])
        cases[-1].check = None
    case("api-truncated", {}, faults=[{"path": api, "kind": "truncate"}])
    case("api-nulls", {}, faults=[{"path": api, "kind": "nulls"}])
    case("api-stall", {}, faults=[{"path": api, "kind": "stall"}])
    case("api-302-elsewhere", {}, faults=[{"path": api, "status": 302,
                                           "headers": {"Location": "http://127.0.0.2:9/api/models/x"}}])
    case("api-307-loop", {}, faults=[{"path": api, "status": 307, "headers": {"Location": "/api/models/acme/api-307-loop"}}])
    case("api-418", {}, faults=[{"path": api, "status": 418}])
    case("readme-500", {}, faults=[{"path": readme, "status": 500}])
    case("readme-429-forever", {}, faults=[{"path": readme, "status": 429, "retry_after": 3600}])
    case("readme-stall", {}, faults=[{"path": readme, "kind": "stall"}])
    case("readme-403", {}, faults=[{"path": readme, "status": 403}], fail_closed=False)  # API cardData used, warned
    case("readme-bomb", {"cardData": {}, "tags": []}, {"README.md": "---\n" + BOMB + "license: mit\n---\n"}, fail_closed=True)
    case("readme-non-utf8", {"cardData": {}}, {"README.md": b"---\nlicense: mit\xff\n---\n"}, fail_closed=False,
         finding=False)
    case("readme-huge", {"cardData": {}}, {"README.md": "---\nlicense: mit\n---\n" + "x" * 30_000_000},
         fail_closed=False, finding=False)
    case("readme-nul", {"cardData": {}, "tags": []}, {"README.md": b"---\nlicense: mit\x00\n---\n"})
    weird = {
        "carddata-list": {"cardData": [1, 2]},
        "carddata-str": {"cardData": "license: mit"},
        "siblings-dict": {"siblings": {"a": 1}},
        "siblings-weird": {"siblings": [1, None, {"rfilename": 5}, "x"]},
        "sha-int": {"sha": 5},
        "tags-str": {"tags": "license:mit"},
        "tags-weird": {"tags": [1, None, {"a": 1}]},
        "gated-weird": {"gated": {"a": 1}},
        "private-weird": {"private": "yes"},
        "config-weird": {"config": {"architectures": 5, "auto_map": [1], "model_type": {"a": 1}}},
        "config-list": {"config": [1]},
        "basemodels-weird": {"baseModels": {"models": 5, "relation": [1]}},
        "basemodels-list": {"baseModels": [{"id": 5}]},
        "safetensors-weird": {"safetensors": {"total": "x", "parameters": 5}},
        "lastmodified-weird": {"lastModified": 5, "createdAt": {"a": 1}},
        "cardData-base-weird": {"cardData": {"license": "mit", "base_model": [{"a": 1}, 5]}},
        "id-mismatch": {"id": "other/repo"},
        "id-int": {"id": 5},
        "library-weird": {"library_name": [1], "pipeline_tag": {"a": 1}},
    }
    for name, body in weird.items():
        if name in ("sha-int",):
            case(name, body)
        else:
            case(name, body, fail_closed=False, finding=False)
    case("base-500", {"cardData": {"license": "mit", "base_model": "acme/base-broken"}},
         {"README.md": "---\nlicense: mit\nbase_model: acme/base-broken\n---\n"},
         faults=[{"path": "/api/models/acme/base-broken", "status": 500}])
    hub.add_repo("acme/base-broken", good_body, {"README.md": card})
    case("refs-500", {}, faults=[{"path": "/api/models/{repo}/refs", "status": 500}], fail_closed=False,
         finding=False)
    case("license-other-500", {"cardData": {"license": "other", "license_name": "x"}},
         {"README.md": "---\nlicense: other\nlicense_name: x\n---\n", "LICENSE": "terms"},
         faults=[{"path": "/{repo}/resolve/*/LICENSE", "status": 500}])
    case("adapter-500", {"cardData": {"license": "mit"}}, {"adapter_config.json": "{}"},
         faults=[{"path": "/{repo}/resolve/*/adapter_config.json", "status": 500}])
    case("adapter-truncated", {"cardData": {"license": "mit"}}, {"adapter_config.json": '{"base_model_name_or_p'})
    case("adapter-huge-int", {"cardData": {"license": "mit"}},
         {"adapter_config.json": '{"base_model_name_or_path": ' + "9" * 5000 + "}"})
    case("mergekit-weird", {"cardData": {"license": "mit"}}, {"mergekit_config.yml": "models: 5\n"},
         fail_closed=False)
    for name in ("api-500", "api-truncated", "api-nulls", "readme-500", "carddata-list", "config-weird",
                 "refs-500", "siblings-weird", "sha-int", "id-int", "basemodels-weird", "license-other-500",
                 "adapter-huge-int", "mergekit-weird", "readme-bomb"):
        repo = f"acme/{name}"
        home = base / f"x-{name}"
        home.mkdir(parents=True)
        env = {"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_ENDPOINT": hub.url}
        common = ["--endpoint", hub.url]
        for entry, argv in (("hub-report", ["report", repo, *common, "-f", "md", "-o", str(home / "r.md")]),
                            ("hub-lineage", ["lineage", repo, *common, "-f", "json"]),
                            ("hub-openness", ["openness", repo, *common, "-f", "json"]),
                            ("hub-sbom", ["sbom", repo, *common, "-f", "spdx-json", "-o", str(home / "s.json")]),
                            ("hub-notice", ["notice", repo, *common, "-o", str(home / "n")]),
                            ("hub-snapshot", ["snapshot", repo, *common, "-o", str(home / "snap.jsonl")])):
            cases.append(Case(entry, name, argv, timeout=120, env=env))
    return cases


def _good_complete(result: Result) -> str | None:
    for rec in result.records():
        if rec.get("model") == "acme/good" and rec.get("verdict") == "incomplete":
            return "acme/good (healthy) came out incomplete"
    return None


class _ResetServer:
    """A loopback server that accepts each connection and closes it at once (a connection reset)."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        import socket
        import struct

        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()


def reset_cases(base: Path, server: _ResetServer) -> list[Case]:
    home = base / "reset"
    home.mkdir(parents=True)
    env = {"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_ENDPOINT": server.url}
    return [Case("hub", "connection-reset", ["audit", "acme/x", BERT, "--endpoint", server.url, "--format", "jsonl"],
                 models=["acme/x"], affected="acme/x", fail_closed=True, allow2=False, timeout=120, env=env),
            Case("hub", "connection-reset-report", ["report", "acme/x", "--endpoint", server.url, "-o",
                                                    str(home / "r.html")], fail_closed=True, timeout=120, env=env),
            Case("hub", "connection-reset-lineage", ["lineage", "acme/x", "--endpoint", server.url],
                 fail_closed=True, timeout=120, env=env)]


# ------------------------------------------------------------------ pass 3: answers no well-behaved server sends


RAW_KINDS = ("html", "json-list", "json-null", "empty-200", "gzip-bomb", "drip", "endless", "huge-body",
             "length-lies-short", "length-lies-long", "text-plain-json", "deflate-garbage", "redirect-scheme",
             "redirect-301-loop", "bad-status-line", "header-bomb")


def _gzip_bomb() -> bytes:
    """4 GB of zeros, gzip-compressed to about 4 MB."""
    import gzip
    import io

    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        block = b"\0" * (1 << 20)
        for _ in range(4096):
            gz.write(block)
    return buf.getvalue()


_STATIC = {"html": (b"<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>", "text/html"),
           "json-list": (b'[{"id": "acme/x"}]', "application/json"), "json-null": (b"null", "application/json"),
           "empty-200": (b"", "application/json"), "text-plain-json": (b'{"id": 5, "sha": [1]}', "text/plain")}


class _RawFaults:
    """The raw fault kinds, mixed into the fake Hub's request handler by raw_hub."""

    fake: Any
    path: str
    wfile: Any
    close_connection: bool
    bomb = b""

    def _raw(self) -> bool:
        """Answer the request with its raw fault, if one matches (True), else leave it to the fake Hub."""
        path = self.path.split("?", 1)[0]
        fault = None if self.fake.closing.is_set() else next(
            (f for f in self.fake.faults if f.kind in RAW_KINDS + P10_RAW_KINDS + P13_RAW_KINDS and fnmatch.fnmatchcase(path, f.path)),
            None)
        if fault is None:
            return False
        send: Any = self._send  # type: ignore[attr-defined]
        if fault.kind in _STATIC or fault.kind in _P10_STATIC:
            body, ctype = {**_STATIC, **_P10_STATIC}[fault.kind]
            send(200, body, content_type=ctype)
        elif fault.kind == "offhost-redirect":  # to a TEST-NET-1 address (RFC 5737) that no host answers
            send(302, b"", {"Location": "http://192.0.2.1:81" + path}, content_type="text/plain")
        elif fault.kind in _P13_STATIC:
            body, ctype = _P13_STATIC[fault.kind]
            send(200, body, content_type=ctype)
        elif fault.kind == "redirect-ab-loop":  # A -> A/b -> A -> ...: two addresses sending to each other
            send(302, b"", {"Location": path[:-2] if path.endswith("/b") else path + "/b"}, content_type="text/plain")
        elif fault.kind == "gzip-bomb":
            send(200, type(self).bomb, {"Content-Encoding": "gzip"})
        elif fault.kind == "deflate-garbage":
            send(200, b"\x78\x9c" + bytes(range(256)) * 4, {"Content-Encoding": "deflate"})
        elif fault.kind == "redirect-scheme":
            send(302, b"", {"Location": "file:///etc/passwd"}, content_type="text/plain")
        elif fault.kind == "redirect-301-loop":
            send(301, b"", {"Location": path}, content_type="text/plain")
        else:
            getattr(self, "_" + fault.kind.replace("-", "_"))()
        return True

    def _drip(self) -> None:
        self._head({"Content-Length": "1000000"})
        with contextlib.suppress(OSError):
            for ch in b'{"id": "' + b"x" * 999_990:
                if self.fake.closing.is_set():
                    return
                self.wfile.write(bytes([ch]))
                self.wfile.flush()
                time.sleep(1.0)

    def _endless(self, chunked: bool = True) -> None:
        self._head({"Transfer-Encoding": "chunked"} if chunked else {"Content-Length": str(3 << 30)})
        chunk = b" " * (1 << 16)
        with contextlib.suppress(OSError):
            while not self.fake.closing.is_set():
                self.wfile.write((b"%x\r\n" % len(chunk) + chunk + b"\r\n") if chunked else chunk)

    def _huge_body(self) -> None:
        self._endless(chunked=False)

    def _length_lies(self, factor: float) -> None:
        body = b'{"id": "acme/x", "sha": "' + b"a" * 40 + b'"}'
        self._head({"Content-Length": str(int(len(body) * factor))})
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def _length_lies_short(self) -> None:
        self._length_lies(0.5)

    def _length_lies_long(self) -> None:
        self._length_lies(10)

    def _bad_status_line(self) -> None:
        self.wfile.write(b"HTTP/1.1 banana\r\n\r\n")
        self.close_connection = True

    def _header_bomb(self) -> None:
        self._head({**{f"X-H{i}": "v" * 100 for i in range(10000)}, "Content-Length": "2"})
        self.wfile.write(b"{}")

    def _head(self, headers: dict[str, str]) -> None:
        self.send_response(200)  # type: ignore[attr-defined]
        self.send_header("Content-Type", "application/json")  # type: ignore[attr-defined]
        for key, value in headers.items():
            self.send_header(key, value)  # type: ignore[attr-defined]
        self.end_headers()  # type: ignore[attr-defined]


def raw_hub(FakeHub: Any) -> Any:
    """The loopback fake Hub with more fault kinds, answered at the socket level: an HTML page or a JSON
    list with 200, a gzip bomb (a few MB that expand to GBs), a slow-loris body (one byte a second), an
    endless chunked body, a body far larger than any answer, a Content-Length that lies either way, a
    redirect to a file:// URL or in a 301 loop, a garbage status line and 10,000 headers."""
    from http.server import ThreadingHTTPServer

    from tests.fakehub import _Handler

    class RawHandler(_RawFaults, _Handler):
        bomb = _gzip_bomb()

        def _handle(self, method: str) -> None:
            if not self._raw():
                super()._handle(method)

    class RawHub(FakeHub):
        def start(self) -> Any:
            hub = self

            class Handler(RawHandler):
                fake = hub

            self.server = _QuietServer(("127.0.0.1", 0), Handler)
            self.server.daemon_threads = True
            self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                           daemon=True, name="fakehub")
            self.thread.start()
            return self

    class _QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client that hangs up on a bomb or a drip is the point, not news

    return RawHub

def _manifest_checker(found: str | None = None, problem: bool = False) -> Callable[[Result], str | None]:
    """The check output must hold BERT (from app.py); `found` a model id the scan must see; `problem` a
    MAN001 result or scan problem naming auditor.yaml."""
    def check(result: Result) -> str | None:
        if result.code == 2:
            return None
        try:
            data = json.loads(result.stdout)
        except json.JSONDecodeError:
            return "stdout is not JSON"
        text = json.dumps(data)
        if BERT not in text:
            return f"{BERT} (in app.py) missing from the check output"
        if found and not any(m.get("model") == found for m in data.get("models", [])):
            return f"{found} was not found by the scan"
        reported = {p.get("file") for p in data.get("scan_problems", [])} | {
            m.get("model", "").split(":")[0] for m in data.get("models", [])
            if any(f.get("rule") == "MAN001" for f in m.get("findings", []))}
        if problem and "auditor.yaml" not in reported:
            return "no MAN001 or scan problem for auditor.yaml"
        return None

    return check


def _check_repo(root: Path, files: dict[str, str | bytes]) -> Path:
    write(root / "app.py", f'from transformers import AutoModel\nAutoModel.from_pretrained("{BERT}")\n')
    for rel, content in files.items():
        write(root / rel, content)
    return root


def manifest_yaml_cases(base: Path) -> list[Case]:
    """auditor.yaml written with every YAML feature and every wrong type an entry can hold: merge keys,
    duplicate keys, tags, anchors, timestamps, NaN, bidi controls, newlines, `..`, URLs, 10k-character ids."""
    cases: list[Case] = []
    entries = {  # name -> (manifest text, malformed: a MAN001 result and exit != 0 expected)
        "merge-top": ("base: &b\n  - acme/x\nstuff:\n  <<: {models: *b}\nmodels: *b\n", False),
        "merge-in-entry": ("defaults: &d {revision: main}\nmodels:\n  - <<: *d\n    id: acme/x\n", True),
        "merge-only-entry": ("defaults: &d {id: acme/x}\nmodels:\n  - <<: *d\n    purpose: y\n", True),
        "merge-models": ("a: &a {models: [acme/x]}\n<<: *a\n", True),
        "dup-models": ("models:\n  - acme/x\nmodels:\n  - acme/y\n", True),
        "dup-id": ("models:\n  - {id: acme/x, id: acme/y}\n", True),
        "anchor-reuse": ("list: &l [acme/x, acme/y]\nmodels: *l\ndatasets: *l\n", False),
        "alias-entry": ("models:\n  - &e {id: acme/x, purpose: p}\n  - *e\n", False),
        "custom-tag-id": ("models:\n  - {id: !custom acme/x}\n", None),
        "binary-id": ("models:\n  - {id: !!binary YWNtZS94}\n", True),
        "set-models": ("models: !!set {acme/x, acme/y}\n", True),
        "omap-models": ("models: !!omap [{acme/x: 1}]\n", True),
        "timestamp-id": ("models:\n  - 2024-01-01\n", True),
        "bool-id": ("models:\n  - {id: yes}\n", True),
        "int-revision": ("models:\n  - {id: acme/x, revision: 12345}\n", None),
        "float-revision": ("models:\n  - {id: acme/x, revision: 1.5e300}\n", None),
        "nan-revision": ("models:\n  - {id: acme/x, revision: .nan}\n", None),
        "bad-date-revision": ("models:\n  - {id: acme/x, revision: 2027-02-30}\n", None),
        "list-revision": ("models:\n  - {id: acme/x, revision: [main]}\n", True),
        "empty-revision": ("models:\n  - {id: acme/x, revision: ''}\n", None),
        "bidi-id": ('models:\n  - "acme/x\\u202e"\n', True),
        "zero-width-id": ('models:\n  - "acme/x\\u200b"\n', True),
        "confusable-id": ('models:\n  - "acme/\\u0430bc"\n', True),
        "newline-id": ('models:\n  - "acme/x\\nacme/y"\n', True),
        "dotdot-id": ("models:\n  - ../../etc\n", True),
        "url-id": ("models:\n  - https://evil.example/a/b\n", True),
        "hf-url-id": (f"models:\n  - https://huggingface.co/{BERT}\n", None),
        "long-id": ("models:\n  - acme/" + "x" * 10000 + "\n", True),
        "empty-id": ("models:\n  - ''\n  - {id: ''}\n", True),
        "at-only": ("models:\n  - acme/x@\n  - '@main'\n", True),
        "sha-like-revision": ("models:\n  - acme/x@" + "g" * 40 + "\n", None),
        "purpose-huge": ("models:\n  - {id: acme/x, purpose: '" + "p" * 500_000 + "'}\n", None),
        "purpose-dict": ("models:\n  - {id: acme/x, purpose: {a: [1]}}\n", None),
        "datasets-weird": ("datasets:\n  - 5\n  - {id: [1]}\n  - ../x\n", True),
        "deep-entries": ("models:\n  - " + "[" * 900 + "]" * 900 + "\n", True),
        "many-entries": ("models:\n" + "".join(f"  - acme/m{i}\n" for i in range(3000)), None),
        "utf16-manifest": ("models:\n  - acme/x\n".encode("utf-16"), None),  # type: ignore[dict-item]
        "latin1-manifest": ("models:\n  - {id: acme/x, purpose: caf\xe9}\n".encode("latin-1"), None),  # type: ignore[dict-item]
        "nul-manifest": (b"models:\n  - acme/x\x00\n", None),  # type: ignore[dict-item]
        "bom-manifest": ("\ufeffmodels:\n  - acme/x\n", None),
        "crlf-manifest": ("models:\r\n  - acme/x\r\n", None),
        "python-tag": ("models:\n  - !!python/object/apply:os.system ['echo x']\n", None),
    }
    for name, (text, malformed) in entries.items():
        root = _check_repo(base / name, {"auditor.yaml": text})
        cases.append(Case("p3-manifest", name, ["check", str(root), "--offline", "--format", "json", "--no-cache"],
                          fail_closed=bool(malformed), error_names=["auditor.yaml"],
                          check=_manifest_checker(problem=bool(malformed))))
    return cases


def lock_shape_cases(base: Path) -> list[Case]:
    """A lock whose entries hold the wrong JSON types (each field in turn), NaN, true for a version, a
    10,000-character id: one sentence naming the lock from check --locked, report --lock and notice --lock."""
    good_entry = {"id": BERT, "requested": BERT, "revision": None, "sha": "86b5e0934494bd15c9632b12f734a8a67f723594",
                  "license": "Apache-2.0", "effective_license": "Apache-2.0", "lineage": [], "facts_digest": "0" * 64}
    variants: dict[str, Any] = {
        "requested-int": {"requested": 5}, "id-int": {"id": 5}, "id-null": {"id": None}, "requested-list": {"requested": [BERT]},
        "revision-dict": {"revision": {"a": 1}}, "sha-int": {"sha": 5}, "license-list": {"license": [1]},
        "effective-dict": {"effective_license": {"a": 1}}, "lineage-str": {"lineage": "x"},
        "lineage-ints": {"lineage": [5, None]}, "lineage-dict": {"lineage": {"a": 1}}, "digest-int": {"facts_digest": 5},
        "id-newline": {"id": "a/b\nc", "requested": "a/b\nc"}, "requested-empty": {"requested": ""},
        "acceptance-bad-date": {"acceptance": {"by": "J", "on": "2027-02-30"}},
        "acceptance-not-date": {"acceptance": {"by": "J", "on": "yesterday"}},
    }
    docs: dict[str, Any] = {name: {"lock_version": 1, "models": [{**good_entry, **upd}], "records": []}
                            for name, upd in variants.items()}
    docs["version-true"] = {"lock_version": True, "models": [], "records": []}
    docs["version-float"] = {"lock_version": 1.0, "models": [], "records": []}
    docs["models-dict"] = {"lock_version": 1, "models": {"a": 1}, "records": []}
    docs["models-missing"] = {"lock_version": 1, "records": []}
    docs["entry-int"] = {"lock_version": 1, "models": [good_entry, 5], "records": []}
    raw = {name: json.dumps(doc) for name, doc in docs.items()}
    raw["nan-version"] = '{"lock_version": NaN, "models": []}'
    raw["inf-version"] = '{"lock_version": Infinity, "models": []}'
    raw["big-version"] = '{"lock_version": 1e999, "models": []}'
    cases: list[Case] = []
    for name, text in raw.items():
        root = _check_repo(base / name, {"auditor.lock": text})
        lock = str(root / "auditor.lock")
        cases.append(Case("p3-lock", name, ["check", str(root), "--offline", "--locked", "--no-cache", "-f", "json"],
                          want2=True, error_names=["auditor.lock"]))
        cases.append(Case("p3-lock-report", name, ["report", BERT, "--offline", "--lock", lock, "-o",
                                                   str(root / "r.html")], want2=True, error_names=["auditor.lock"]))
        cases.append(Case("p3-lock-notice", name, ["notice", "--lock", lock, "--offline", "-o", str(root / "n")],
                          want2=True, error_names=["auditor.lock"]))
    return cases


def config_yaml_cases(base: Path) -> list[Case]:
    """YAML configs found by `check`, written with tags, merge keys, duplicate keys: the model under a model
    key is found (or the file is a scan problem), never silently skipped."""
    cases: list[Case] = []
    for name, text, found in (
            ("custom-tag", "model_name_or_path: !env acme/x\n", "acme/x"),
            ("include-tag", "model_name_or_path: !include acme/x\n", "acme/x"),
            ("str-tag", "model_name_or_path: !!str acme/x\n", "acme/x"),
            ("merge-key", "base: &b {model_name_or_path: acme/x}\ntrain:\n  <<: *b\n  lr: 1\n", "acme/x"),
            ("dup-key", "model_name_or_path: acme/x\nmodel_name_or_path: acme/y\n", "acme/y"),
            ("anchored", "m: &m acme/x\nmodel_name_or_path: *m\n", "acme/x"),
            ("python-tag-beside", "model_name_or_path: acme/x\nx: !!python/name:os.system\n", "acme/x"),
            ("binary-beside", "model_name_or_path: acme/x\nx: !!binary aGVsbG8=\n", "acme/x"),
            ("bomb-beside", "model_name_or_path: acme/x\n" + BOMB, None)):
        root = _check_repo(base / name, {"conf.yaml": text})
        cases.append(Case("p3-config-yaml", name, ["check", str(root), "--offline", "--format", "json", "--no-cache"],
                          check=_manifest_checker(found=found)))
    return cases


def cel_cases(base: Path) -> list[Case]:
    """CEL conditions the first pass did not write: deep unary chains, member chains, nested lists and maps,
    nested ternaries, huge literals, bad escapes, macros on non-lists."""
    cases: list[Case] = []
    conditions = {
        "not-chain": "!" * 5000 + "true",
        "neg-chain": "-" * 5000 + "1 > 0",
        "member-chain": "model" + ".a" * 5000 + " == 1",
        "list-nest": "[" * 3000 + "]" * 3000 + " == []",
        "map-nest": "{1: " * 2000 + "1" + "}" * 2000 + " == {}",
        "ternary-nest": "true ? " * 3000 + "true" + " : false" * 3000,
        "call-nest": "size(" * 3000 + "'a'" + ")" * 3000 + " > 0",
        "index-chain": "[1]" + "[0]" * 5000 + " == 1",
        "huge-int": "1" * 5000 + " > 0",
        "huge-string": "'" + "a" * 2_000_000 + "'.size() > 0",
        "bad-escape": "'\\uZZZZ' == 'a'",
        "bad-octal": "'\\999' == 'a'",
        "bytes-compare": "b'\\xff' == 'a'",
        "macro-on-int": "(5).all(x, x > 0)",
        "has-non-field": "has(model)",
        "dyn-mix": "dyn(1) == 'a'",
        "uint-overflow": "18446744073709551615u + 1u > 0u",
        "int-overflow": "9223372036854775807 + 1 > 0",
        "string-times": "'a' * 1000000 == ''",
        "division-by-zero-int": "1 / 0 == 0",
        "modulo-zero": "1 % 0 == 0",
        "double-div-zero": "1.0 / 0.0 > 0.0",
        "unicode-ident": "mödel.id == 'x'",
        "nul-in-condition": "model.id == '\x00'",
        "empty-condition": "",
        "only-spaces": "   ",
    }
    for name, cond in conditions.items():
        text = ("name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n    severity: error\n"
                f"    title: t\n    condition: {json.dumps(cond)}\n    message: m\n")
        path = write(base / name / "policy.yaml", text)
        cases.append(Case("p3-cel", name, ["audit", BERT, "--offline", "--policy", str(path)],
                          error_names=["policy.yaml"]))
        cases.append(Case("p3-cel-validate", name, ["policy", "validate", str(path)], error_names=["policy.yaml"]))
    return cases


def suppression_cases(base: Path) -> list[Case]:
    """Inline `# auditor: ignore[...]` comments no one would write: 100,000 rules, unclosed brackets, bidi and
    escape characters in the reason, a 1 MB reason, in a notebook and a YAML file; every output format."""
    lines = [
        "AutoModel.from_pretrained('acme/a')  # auditor: ignore[" + ",".join(["LIC001"] * 100000) + "] reviewed",
        "AutoModel.from_pretrained('acme/b')  # auditor: ignore[" + "[" * 100000 + "] reviewed",
        "AutoModel.from_pretrained('acme/c')  # auditor: ignore[*] \u202e reason \x1b[31m red",
        "AutoModel.from_pretrained('acme/d')  # auditor: ignore[LIC001] " + "r" * 1_000_000,
        "AutoModel.from_pretrained('acme/e')  # auditor: ignore[] reason",
        "AutoModel.from_pretrained('acme/f')  # auditor: ignore[LIC001" + " " * 100000 + "x",
        "# auditor: ignore[*] " + "a" * 100 + "\n" * 1 + "# auditor: ignore[*] two above",
        "AutoModel.from_pretrained('acme/g')  # AUDITOR: IGNORE[lic001] lower case",
    ]
    nb = {"cells": [{"cell_type": "code", "source": ["from_pretrained('acme/h')  # auditor: ignore[" + "X" * 5000
                                                         + "] r\n"]}], "nbformat": 4}
    cases: list[Case] = []
    root = _check_repo(base / "suppress", {"sup.py": "from transformers import AutoModel\n" + "\n".join(lines) + "\n",
                                           "nb.ipynb": json.dumps(nb),
                                           "conf.yaml": "model_name_or_path: acme/i  # auditor: ignore[*" * 1000 + "\n"})
    cases.append(Case("p3-suppress", "json", ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                      check=_manifest_checker(found="acme/a")))
    for fmt in ("text", "sarif", "junit", "github", "gitlab", "markdown"):
        cases.append(Case("p3-suppress", fmt, ["check", str(root), "--offline", "--no-cache", "-f", fmt]))
    return cases


def filesystem_cases(base: Path) -> list[Case]:
    """Sockets, symlinks to the root folder, 300-deep folders, in a checked repository and a model folder."""
    import socket

    def sock(path: Path) -> None:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()

    cases: list[Case] = []
    for name, build in (
            ("socket-py", lambda r: sock(r / "x.py")),
            ("socket-manifest", lambda r: sock(r / "auditor.yaml")),
            ("symlink-root", lambda r: (r / "root").symlink_to("/")),
            ("symlink-parent", lambda r: (r / "up").symlink_to("..")),
            ("deep-dirs", lambda r: write(r.joinpath(*["d"] * 300) / "x.py", "from_pretrained('acme/deep')\n")),
            ("newline-name", lambda r: write(r / "a\nb.py", "from_pretrained('acme/x')\n")),
            ("lock-socket", lambda r: sock(r / "auditor.lock"))):
        root = _check_repo(base / name, {})
        build(root)
        extra = ["--locked"] if name == "lock-socket" else []
        cases.append(Case("p3-fs", name, ["check", str(root), "--offline", "--no-cache", "-f", "json", *extra],
                          check=None if extra else _manifest_checker(), error_names=[
                              "auditor.lock" if extra else "auditor.yaml"] if name.endswith(("socket", "manifest"))
                          else []))
    for name, build, fail_closed in (
            ("model-readme-socket", lambda f: sock(f / "README.md"), True),
            ("model-config-socket", lambda f: (write(f / "README.md", GOOD_CARD), sock(f / "config.json")), False),
            ("model-adapter-socket", lambda f: (write(f / "README.md", GOOD_CARD), sock(f / "adapter_config.json")),
             True),
            ("model-license-socket", lambda f: (write(f / "README.md", "---\nlicense: other\nlicense_name: x\n---\n"),
                                                sock(f / "LICENSE")), False),
            ("model-symlink-root", lambda f: (write(f / "README.md", GOOD_CARD), (f / "root").symlink_to("/")), False),
            ("model-deep-dirs", lambda f: (write(f / "README.md", GOOD_CARD),
                                           write(f.joinpath(*["d"] * 300) / "w.safetensors", "")), False)):
        folder = base / name / "hostile-model"
        folder.mkdir(parents=True)
        build(folder)
        case = audit_local(base / name, name, folder, fail_closed=fail_closed,
                           finding=bool(fail_closed or "socket" in name))
        case.entry = "p3-fs-model"
        cases.append(case)
    return cases


def cli_value_cases(base: Path) -> list[Case]:
    """Option values the first pass did not try."""
    repo = _check_repo(base / "repo", {})
    out = base / "out"
    out.mkdir()
    items: list[tuple[str, list[str], dict[str, Any]]] = [
        ("jobs-negative", ["audit", BERT, "--offline", "-j", "-1"], {"want2": True}),
        ("jobs-text", ["audit", BERT, "--offline", "-j", "many"], {"want2": True}),
        ("jobs-float", ["audit", BERT, "--offline", "-j", "1.5"], {"want2": True}),
        ("jobs-huge-int", ["audit", BERT, "--offline", "-j", "9" * 40], {"allow2": True}),
        ("audit-out-devfull", ["audit", BERT, "--offline", "-f", "json", "-o", "/dev/full"], {"want2": True}),
        ("audit-out-dir", ["audit", BERT, "--offline", "-f", "json", "-o", str(out)], {"want2": True}),
        ("audit-out-proc", ["audit", BERT, "--offline", "-f", "json", "-o", "/proc/nope/x.json"], {"want2": True}),
        ("audit-formats-out-file", ["audit", BERT, "--offline", "-f", "json,sarif", "-o", str(write(out / "f", "x"))],
         {"want2": True}),
        ("check-out-devfull", ["check", str(repo), "--offline", "--no-cache", "-f", "json", "-o", "/dev/full"],
         {"want2": True}),
        ("format-empty", ["audit", BERT, "--offline", "-f", ""], {"want2": True}),
        ("format-unicode", ["audit", BERT, "--offline", "-f", "jsön"], {"want2": True}),
        ("format-commas", ["audit", BERT, "--offline", "-f", ",,,"], {"want2": True}),
        ("exclude-huge", ["check", str(repo), "--offline", "--no-cache", "--exclude", "*" * 100000], {}),
        ("exclude-globstar-bomb", ["check", str(repo), "--offline", "--no-cache", "--exclude", "**/" * 5000 + "x"], {}),
        ("exclude-brackets", ["check", str(repo), "--offline", "--no-cache", "--exclude", "[!" * 5000], {}),
        ("diff-long-ref", ["check", str(repo), "--offline", "--diff", "a" * 10000], {"want2": True}),
        ("lock-file-socket-dir", ["check", str(repo), "--offline", "--locked", "--lock-file", "/dev/null"],
         {"want2": True}),
        ("catalog-many", ["audit", BERT, "--offline", *(["--catalog", str(write(out / "c.jsonl", "\n"))] * 500)], {}),
        ("lineage-depth-zero", ["lineage", BERT, "--offline", "--depth", "0"], {}),
        ("lineage-max-nodes-zero", ["lineage", BERT, "--offline", "--max-nodes", "0"], {"want2": True}),
        ("refs-file-is-catalog", ["audit", "--offline", "--refs-file", str(write(out / "cat.jsonl",
                                                                                  catalog_line("acme/x") + "\n"))],
         {"fail_closed": True}),
        ("policy-is-catalog", ["audit", BERT, "--offline", "--policy", str(out / "cat.jsonl")], {"want2": True}),
        ("catalog-is-policy", ["audit", BERT, "--offline", "--catalog", str(write(out / "p.yaml", "name: x\n"))],
         {"want2": True}),
        ("as-bidi", ["audit", str(model_dir(base / "asb", "m")), "--as", "acme/x\u202e", "--offline"], {"want2": True}),
        ("ref-confusable", ["audit", "google-bert/bert-base-unc\u0430sed", "--offline"], {"want2": True}),
        ("ref-zero-width", ["audit", "google-bert/bert-base-unc\u200based", "--offline"], {"want2": True}),
        ("ref-escape", ["audit", "a/b\x1b[31mred", "--offline"], {"want2": True}),
        ("ref-tree-url", ["audit", f"https://huggingface.co/{BERT}/tree/main", "--offline"], {"fail_closed": True}),
    ]
    return [Case("p3-cli", name, argv, **opts) for name, argv, opts in items]


def raw_hub_cases(base: Path, hub: Any) -> list[Case]:
    """The online audit against answers no well-behaved server sends (see raw_hub): the faulty repository
    comes out with a finding, the healthy one complete, memory and time bounded."""
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    cases: list[Case] = []
    for kind in RAW_KINDS:
        for where, pattern in (("api", "/api/models/{repo}"), ("readme", "/{repo}/resolve/*/README.md"),
                               ("refs", "/api/models/{repo}/refs")):
            name = f"{kind}-{where}"
            repo = f"acme/raw-{name}"
            hub.add_repo(repo, good_body, {"README.md": card})
            hub.fault(pattern.replace("{repo}", repo), kind)
            if where == "api":
                hub.fault(f"/api/models/{repo}/revision/*", kind)
            home = base / name
            home.mkdir(parents=True)
            ref = f"{repo}@main" if where == "refs" else repo
            # a body that is no card is a card without front matter (a warning): the API's cardData still
            # declares the license, so exit 0 with a warning is a correct answer for README faults
            fails = where == "api"
            cases.append(Case("p3-hub-raw", name, ["audit", ref, "acme/good", "--endpoint", hub.url, "--format",
                                                   "jsonl"],
                              models=[ref, "acme/good"], affected=ref if where != "refs" else None,
                              fail_closed=fails, allow2=False, timeout=120,
                              env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                                   "HF_ENDPOINT": hub.url}, check=_good_complete))
    for kind in ("gzip-bomb", "endless", "huge-body", "html", "json-null", "drip"):  # the commit listing (report)
        name = f"{kind}-commits"
        repo = f"acme/raw-{name}"
        hub.add_repo(repo, good_body, {"README.md": card})
        hub.fault(f"/api/models/{repo}/commits/*", kind)
        home = base / name
        home.mkdir(parents=True)
        cases.append(Case("p3-hub-raw", name, ["report", repo, "--endpoint", hub.url, "-f", "md", "-o",
                                               str(home / "r.md")], timeout=120,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                               "HF_ENDPOINT": hub.url}))
    return cases


def catalog_meta_cases(base: Path) -> list[Case]:
    """Catalog lines whose ids, SHAs and `_auditor` recordings hold what no snapshot writes: bidi controls,
    newlines, confusables, 10k-character ids, NaN and Infinity, unreadable recorded problems, UTF-16."""
    good = catalog_line("acme/good")
    lines: dict[str, tuple[list[str] | bytes, bool]] = {  # name -> (catalog, acme/x must fail closed)
        "id-bidi": ([good, catalog_line("acme/x\u202e")], True),
        "id-newline": ([good, catalog_line("acme/x\nacme/y")], True),
        "id-long": ([good, catalog_line("acme/" + "x" * 10000)], True),
        "id-confusable": ([good, catalog_line("acme/\u0430bc")], True),
        "id-url": ([good, catalog_line("https://huggingface.co/acme/x")], True),
        "sha-nan": ([good, '{"id": "acme/x", "sha": NaN, "cardData": {"license": "mit"}}'], False),
        "license-deep": ([good, catalog_line("acme/x", cardData={"license": json.loads("[" * 90 + '"mit"' + "]" * 90)})],
                         True),
        "base-deep": ([good, catalog_line("acme/x", cardData={"license": "mit", "base_model": json.loads(
            "[" * 90 + '"acme/good"' + "]" * 90)})], True),
        "base-bidi": ([good, catalog_line("acme/x", cardData={"license": "mit", "base_model": "acme/good\u202e"})], True),
        "license-inf": ([good, '{"id": "acme/x", "sha": "' + "a" * 40 + '", "cardData": {"license": Infinity}}'], True),
        "number-1e999": ([good, '{"id": "acme/x", "sha": "' + "a" * 40 + '", "cardData": {"license": "mit"}, '
                                '"downloads": 1e999}'], False),
        "problems-unreadable": ([good, catalog_line("acme/x", _auditor={"problems": [1, None, {"code": 5}]})], True),
        "problems-not-list": ([good, catalog_line("acme/x", _auditor={"problems": "none"})], True),
        "problems-fatal-str": ([good, catalog_line("acme/x", _auditor={"problems": [
            {"code": "hub-http-error", "message": "m", "fatal": "yes"}]})], True),
        "statements-weird": ([good, catalog_line("acme/x", _auditor={"card_statements": [1, None, {"a": 1}]})], False),
        "origin-huge": ([good, catalog_line("acme/x", _auditor={"origin": "o" * 1_000_000})], False),
        "dates-weird": ([good, catalog_line("acme/x", lastModified="2027-02-30T00:00:00Z", createdAt=[1])], False),
        "gated-str": ([good, catalog_line("acme/x", gated="yes")], False),
        "utf16-file": (("\n".join([good, catalog_line("acme/x")]) + "\n").encode("utf-16"), False),
    }
    cases: list[Case] = []
    big = write(base / "lines-1m" / "catalog.jsonl", "".join(  # a whole-Hub snapshot: memory must stay bounded
        f'{{"id": "acme/m{i}", "sha": "{"a" * 40}", "cardData": {{"license": "mit"}}}}\n' for i in range(1_000_000)))
    cases.append(Case("p3-catalog", "lines-1m", ["audit", "acme/m7", "--offline", "--catalog", str(big), "-f", "jsonl"],
                      models=["acme/m7"], timeout=180))
    for name, (content, fails) in lines.items():
        path = write(base / name / "catalog.jsonl", content if isinstance(content, bytes) else "\n".join(content) + "\n")
        cases.append(Case("p3-catalog", name, ["audit", "acme/good", "acme/x", "--offline", "--catalog", str(path),
                                               "--format", "jsonl"],
                          models=["acme/good", "acme/x"], affected="acme/x" if fails else None, fail_closed=fails,
                          error_names=["catalog.jsonl"]))
    return cases


def project_policy_cases(base: Path) -> list[Case]:
    """The policy a checked repository keeps for itself (auditor.yaml `policy:`, `curations:`, pyproject.toml),
    written with the wrong types, merge keys, self- and symlink-loops, a socket to extend, deep TOML."""
    import socket

    cases: list[Case] = []
    items: dict[str, tuple[dict[str, str | bytes], bool | None]] = {  # name -> (files, exit 2 wanted / None: either)
        "policy-wrong-type": ({"auditor.yaml": "policy:\n  name: x\n  fail_on: [1]\n"}, True),
        "policy-int": ({"auditor.yaml": "policy: 5\n"}, True),
        "policy-builtin-bad": ({"auditor.yaml": "policy: builtin:nope\n"}, True),
        "policy-outside": ({"auditor.yaml": "policy: ../../../etc/passwd\n"}, True),
        "policy-merge": ({"auditor.yaml": "policy:\n  <<: {name: x}\n  fail_on: error\n"}, None),
        "policy-extends-self": ({"auditor.yaml": "policy:\n  extends: ./auditor.yaml\n"}, True),
        "policy-extends-symlink-loop": ({"auditor.yaml": "policy:\n  extends: ./loop1.yaml\n"}, True),
        "policy-extends-socket": ({"auditor.yaml": "policy:\n  extends: ./sock.yaml\n"}, True),
        "policy-bomb": ({"auditor.yaml": "policy:\n  name: x\n" + "".join("  " + x + "\n" for x in BOMB.splitlines())},
                        True),
        "policy-tag": ({"auditor.yaml": "policy:\n  name: !!python/name:os.system\n"}, True),
        "curations-int": ({"auditor.yaml": "curations: 5\n"}, True),
        "curations-merge": ({"auditor.yaml": "d: &d {field: license, value: mit, reason: the card is wrong here, "
                                             "author: a, expires: 2030-01-01}\ncurations:\n  - <<: *d\n"
                                             f"    model: {BERT}\n"}, None),
        "curations-dup": ({"auditor.yaml": f"curations:\n  - {{model: {BERT}, model: x, field: license, value: mit, "
                                           "reason: the card is wrong here, author: a, expires: 2030-01-01}\n"}, True),
        "pyproject-deep": ({"pyproject.toml": "[tool.auditor]\nname = 'x'\nx = " + "[" * 5000 + "]" * 5000 + "\n"},
                           True),
        "pyproject-types": ({"pyproject.toml": "[tool.auditor]\nname = 'x'\n[tool.auditor.licenses]\n"
                                               "allow = [1979-05-27, inf, nan]\n"}, True),
        "pyproject-utf16": ({"pyproject.toml": "[tool.auditor]\nname = 'x'\n".encode("utf-16")}, True),
        "pyproject-huge-int": ({"pyproject.toml": "[tool.auditor]\nname = 'x'\n[tool.auditor.use]\n"
                                                  "monthly_active_users = " + "9" * 5000 + "\n"}, True),
    }
    for name, (files, want2) in items.items():
        root = _check_repo(base / name, files)
        if name == "policy-extends-symlink-loop":
            (root / "loop1.yaml").symlink_to("loop2.yaml")
            (root / "loop2.yaml").symlink_to("loop1.yaml")
        if name == "policy-extends-socket":
            s = socket.socket(socket.AF_UNIX)
            s.bind(str(root / "sock.yaml"))
            s.close()
        names = ["pyproject.toml"] if name.startswith("pyproject") else ["auditor.yaml"]
        cases.append(Case("p3-project-policy", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          want2=bool(want2), error_names=names,
                          check=None if want2 else _manifest_checker()))
    return cases


def lineage_file_cases(base: Path) -> list[Case]:
    """mergekit and adapter configs beside a card, holding hostile values: URLs, `..`, bidi controls,
    10k-character ids, self-references, NaN, 1e999, tags, merge and duplicate keys, UTF-16, 5,000 slices."""
    mk = {
        "mk-nested-model": "merge_method: linear\nmodels:\n  - model: " + "{model: " * 100 + "a/b" + "}" * 100 + "\n",
        "mk-nan-weights": "merge_method: linear\nmodels:\n  - model: org/a\n    parameters: {weight: .nan}\n"
                          "  - model: org/b\n    parameters: {weight: 1e999}\n",
        "mk-self": "merge_method: slerp\nbase_model: hostile-model\nmodels:\n  - model: hostile-model\n",
        "mk-odd-ids": "merge_method: linear\nmodels:\n  - model: org/a+org/lora\n  - model: ../../etc\n"
                      "  - model: https://evil.example/a/b\n  - model: /abs/path\n",
        "mk-slices-5k": "merge_method: passthrough\nslices:\n" + "".join(
            f"  - sources:\n      - model: org/m{i}\n        layer_range: [0, 1]\n" for i in range(5000)),
        "mk-bidi": 'merge_method: linear\nmodels:\n  - model: "org/a\\u202e"\n  - model: "org/\\u0430"\n',
        "mk-method-list": "merge_method: [1]\nmodels:\n  - model: org/a\n",
        "mk-tags": "merge_method: linear\nmodels:\n  - model: !env org/a\n  - model: !!binary YWNtZS94\n",
        "mk-merge-key": "d: &d {model: org/a}\nmerge_method: linear\nmodels:\n  - <<: *d\n",
        "mk-dup-models": "merge_method: linear\nmodels: [{model: org/a}]\nmodels: [{model: org/b}]\n",
    }
    ad = {
        "ad-url": '{"base_model_name_or_path": "https://evil.example/a/b", "peft_type": "LORA"}',
        "ad-dotdot": '{"base_model_name_or_path": "../../etc", "peft_type": "LORA"}',
        "ad-bidi": '{"base_model_name_or_path": "org/a\\u202e", "peft_type": "LORA"}',
        "ad-long": '{"base_model_name_or_path": "org/' + "a" * 10000 + '", "peft_type": "LORA"}',
        "ad-self": '{"base_model_name_or_path": "hostile-model", "peft_type": "LORA"}',
        "ad-nan": '{"base_model_name_or_path": NaN, "peft_type": "LORA", "r": Infinity}',
        "ad-dup": '{"base_model_name_or_path": "google-bert/bert-base-uncased", "base_model_name_or_path": "org/other"}',
        "ad-utf16": '{"base_model_name_or_path": "google-bert/bert-base-uncased"}'.encode("utf-16"),
        "ad-bom": '\ufeff{"base_model_name_or_path": "google-bert/bert-base-uncased"}',
        "ad-huge": '{"base_model_name_or_path": "google-bert/bert-base-uncased", "x": "' + "y" * 5_000_000 + '"}',
    }
    cases: list[Case] = []
    for group, fname, table in (("mk", "mergekit_config.yml", mk), ("ad", "adapter_config.json", ad)):
        for name, text in table.items():
            folder = model_dir(base / name, "hostile-model", "---\nlicense: mit\n---\n", **{fname.replace(".", "__"): text})
            case = audit_local(base / name, name, folder, fail_closed=True)
            case.entry = f"p3-lineage-{group}"
            cases.append(case)
    return cases


def hub_lineage_cases(base: Path, hub: Any) -> list[Case]:
    """Bases on the (fake) Hub: a 500-deep chain, a two-cycle, a self-reference, 300 bases at once."""
    def add(rid: str, base_model: Any = None) -> None:
        card = {"license": "mit", **({"base_model": base_model} if base_model else {})}
        front = json.dumps(card)  # JSON is YAML: the card's front matter says the same as cardData
        hub.add_repo(rid, {"gated": False, "private": False, "cardData": card}, {"README.md": f"---\n{front}\n---\n"})

    for i in range(500):
        add(f"chain/m{i}", f"chain/m{i + 1}")
    add("chain/m500")
    add("cyc/a", "cyc/b")
    add("cyc/b", "cyc/a")
    add("cyc/self", "cyc/self")
    add("wide/root", [f"wide/w{i}" for i in range(300)])
    for i in range(300):
        add(f"wide/w{i}")
    cases: list[Case] = []
    for name, ref in (("chain-500", "chain/m0"), ("cycle-2", "cyc/a"), ("self", "cyc/self"), ("wide-300", "wide/root")):
        home = base / name
        home.mkdir(parents=True)
        env = {"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_ENDPOINT": hub.url}
        cases.append(Case("p3-hub-lineage", name, ["audit", ref, "acme/good", "--endpoint", hub.url, "-f", "jsonl"],
                          models=[ref, "acme/good"], affected=ref, allow2=False, timeout=180, env=env,
                          check=_good_complete))
        cases.append(Case("p3-hub-lineage", name + "-lineage", ["lineage", ref, "--endpoint", hub.url, "-f", "json"],
                          timeout=180, env=env))
    return cases


def pass3_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("manifest", manifest_yaml_cases), ("lock", lock_shape_cases), ("cfg", config_yaml_cases),
                        ("cel", cel_cases), ("suppress", suppression_cases), ("fs", filesystem_cases),
                        ("cli", cli_value_cases), ("raw", lambda b: raw_hub_cases(b, hub)),
                        ("catalog", catalog_meta_cases), ("project-policy", project_policy_cases),
                        ("lineage-files", lineage_file_cases), ("hub-lineage", lambda b: hub_lineage_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


_CLASS_NAME = __import__("re").compile(r"\b[A-Z][a-zA-Z]+(?:Error|Exception|Protocol|Timeout)\b")


def no_class_names(result: Result) -> str | None:
    """Broken when the output or stderr names an exception class (DecodingError, UnsupportedProtocol)."""
    hit = _CLASS_NAME.search(result.stdout + result.stderr)
    return f"names an exception class: {hit.group(0)}" if hit else None


def words_cases(base: Path, hub: Any) -> list[Case]:
    """p4-words: file reads that fail below HTTP (a body that cannot be decoded, a redirect to a protocol the
    client does not speak) say what happened in words, never the HTTP library's exception class."""
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    cases: list[Case] = []
    for kind in ("deflate-garbage", "redirect-scheme"):
        for where, pattern in (("readme", "/{repo}/resolve/*/README.md"), ("api", "/api/models/{repo}"),
                               ("refs", "/api/models/{repo}/refs")):
            name = f"{kind}-{where}"
            repo = f"acme/p4-{name}"
            hub.add_repo(repo, good_body, {"README.md": card})
            hub.fault(pattern.replace("{repo}", repo), kind)
            home = base / name
            home.mkdir(parents=True)
            ref = f"{repo}@main" if where == "refs" else repo
            cases.append(Case("p4-words", name, ["audit", ref, "acme/good", "--endpoint", hub.url, "-f", "jsonl"],
                              models=[ref, "acme/good"], affected=ref if where != "refs" else None,
                              fail_closed=where == "api", allow2=False, timeout=120,
                              env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                                   "HF_ENDPOINT": hub.url}, check=no_class_names))
    return cases


def says(words: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        return None if words in result.stderr + result.stdout else f"does not say {words!r}"
    return check


def extends_cases(base: Path) -> list[Case]:
    """p4-extends: a project policy whose `extends:` names a socket, a FIFO, a device, a symbolic-link loop or
    a dangling link: exit 2, one sentence naming auditor.yaml, saying what stands there."""
    import socket

    def sock(path: Path) -> None:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()

    def loop(path: Path) -> None:
        path.symlink_to("loop2.yaml")
        path.with_name("loop2.yaml").symlink_to(path.name)

    builds: dict[str, tuple[Callable[[Path], object], str]] = {
        "socket": (sock, "is a socket, not a regular file"),
        "fifo": (_fifo, "is a named pipe (FIFO), not a regular file"),
        "loop": (loop, "is a symbolic-link loop"),
        "dangling": (lambda p: p.symlink_to("gone.yaml"), "symbolic link to a file that does not exist"),
        "device": (lambda p: p.symlink_to("/dev/null"), "points outside the repository"),
    }
    cases: list[Case] = []
    for name, (build, words) in builds.items():
        root = _check_repo(base / name, {"auditor.yaml": "policy:\n  extends: ./parent.yaml\n"})
        build(root / "parent.yaml")
        cases.append(Case("p4-extends", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          want2=True, error_names=["auditor.yaml"], check=says(words)))
    return cases


def catalog_claim_cases(base: Path) -> list[Case]:
    """p4-catalog-claim: a catalog line claiming (`_auditor.requested`) another owner's id: the claimed model is
    a finding naming the line, never served from it; the Hub's own aliases (a rename by the owner) still are."""
    good = catalog_line("acme/good")
    items = {
        "other-owner": ([good, catalog_line("evil/x", _auditor={"requested": "acme/victim"})], "acme/victim", True),
        "other-owner-case": ([good, catalog_line("evil/x", _auditor={"requested": "ACME/Victim"})], "acme/victim",
                             True),
        "legacy-name-other": ([good, catalog_line("evil/gpt9", _auditor={"requested": "victim"})], "victim", True),
        "same-owner-rename": ([good, catalog_line("acme/new", _auditor={"requested": "acme/old"})], "acme/old",
                              False),
    }
    cases: list[Case] = []
    for name, (lines, ref, refused) in items.items():
        path = write(base / name / "catalog.jsonl", "\n".join(lines) + "\n")
        cases.append(Case("p4-catalog-claim", name, ["audit", ref, "acme/good", "--offline", "--catalog", str(path),
                                                     "-f", "jsonl"],
                          models=[ref, "acme/good"], affected=ref if refused else None, fail_closed=refused,
                          allow2=False, check=says("catalog.jsonl:2") if refused else None))
    return cases


def project_file_cases(base: Path) -> list[Case]:
    """p4-project-file: a project file written for auditor that policy discovery passes over (policy keys at
    the top of auditor.yaml or .auditor.yaml, a .auditor.yaml with no `policy:`, a `policy:` in auditor.yml)
    is one warning line naming the file; a .auditor.yaml `policy:` is the project's policy."""
    items = {
        "dot-toplevel": ({".auditor.yaml": "name: x\nfail_on: note\n"}, "warning: ", ".auditor.yaml"),
        "dot-nothing": ({".auditor.yaml": "name: x\n"}, "has no `policy:` key", ".auditor.yaml"),
        "yaml-toplevel": ({"auditor.yaml": "models: [acme/x]\nlicenses: {deny: [MIT]}\n"}, "`licenses`",
                          "auditor.yaml"),
        "yml-policy": ({"auditor.yml": "models: [acme/x]\npolicy: {fail_on: note}\n"}, "is not read", "auditor.yml"),
        "dot-policy": ({".auditor.yaml": "policy:\n  name: dotted\n  fail_on: note\n"}, '"name": "dotted"', None),
    }
    cases: list[Case] = []
    for name, (files, words, file) in items.items():
        root = _check_repo(base / name, {**files, "app.py": f'AutoModel.from_pretrained("{BERT}")\n'})

        def check(result: Result, words: str = words, file: str | None = file) -> str | None:
            if file is not None and (result.stderr.count("warning: ") != 1 or file not in result.stderr):
                return f"no one warning line naming {file}"
            return says(words)(result)
        cases.append(Case("p4-project-file", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          allow2=False, check=check))
    return cases


def spoofed_id_cases(base: Path) -> list[Case]:
    """p4-spoofed-id: a model id in code or config written with a bidi control, a zero-width character or a
    look-alike letter is a scan problem (`scan-suspicious-id`) at its line, never dropped in silence and never
    audited as the id it hides."""
    ids = {"rlo": "acme-ai/na\u202emodel", "isolate": "acme-ai/\u2066model\u2069", "zwsp": "acme-ai/mo\u200bdel",
           "cyrillic": "acme-ai/m\u043edel", "fullwidth": "\uff41cme-ai/model", "greek": "acme-ai/m\u03bfdel"}
    cases: list[Case] = []
    for name, rid in ids.items():
        for kind, files in (("py", {"app.py": f'from transformers import AutoModel\nAutoModel.from_pretrained("{rid}")\n'}),
                            ("yaml", {"conf.yaml": f"model_name_or_path: {rid}\n"}),
                            ("ipynb", {"nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": [
                                f'AutoModel.from_pretrained("{rid}")\n'], "outputs": [], "execution_count": None}],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5})})):
            root = _check_repo(base / f"{name}-{kind}", files)
            cases.append(Case("p4-spoofed-id", f"{name}-{kind}", ["check", str(root), "--offline", "--no-cache",
                                                                   "-f", "json"],
                              allow2=False, check=says('"code": "scan-suspicious-id"')))
    return cases


def pass4_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("words", lambda b: words_cases(b, hub)), ("extends", extends_cases),
                        ("catalog-claim", catalog_claim_cases), ("project-file", project_file_cases),
                        ("spoofed-id", spoofed_id_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 6


def escape_cases(base: Path) -> list[Case]:
    """p6-escape: escapes in code and config that spell no character (an unknown `\\N{...}` name, a named sequence,
    a code point above U+10FFFF, a lone surrogate) are read as written, never a traceback; a JSON surrogate pair is
    one character (a tag character hides an id as a zero-width space does); a million escapes on one line are
    read in time and named in a bounded message."""
    spoof = 'from transformers import AutoModel\nAutoModel.from_pretrained("acme-ai/mo{}del")\n'
    found = says('"code": "scan-suspicious-id"')
    items: dict[str, tuple[dict[str, str | bytes], Callable[[Result], str | None] | None]] = {
        "unknown-name": ({"app.py": spoof.format("\\N{NO SUCH CHARACTER NAME}")}, None),
        "named-sequence": ({"app.py": spoof.format("\\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}")}, None),
        "named-zwsp": ({"app.py": spoof.format("\\N{ZERO WIDTH SPACE}")}, found),
        "above-max-U": ({"app.py": spoof.format("\\U00110000")}, None),
        "above-max-braced": ({"src/main.rs": 'fn main() { let model_id = "acme-ai/mo\\u{110000}del"; }\n'}, None),
        "max-braced-zwsp": ({"src/main.rs": 'fn main() { let model_id = "acme-ai/mo\\u{200B}del"; }\n'}, found),
        "lone-surrogate": ({"conf.json": '{"model_name_or_path": "acme-ai/mo\\ud800del"}\n'}, None),
        "lone-low-surrogate": ({"conf.json": '{"model_name_or_path": "acme-ai/mo\\udc01del"}\n'}, None),
        "pair-tag": ({"conf.json": '{"model_name_or_path": "acme-ai/mo\\udb40\\udc01del"}\n'}, found),
        "pair-emoji": ({"conf.json": '{"model_name_or_path": "acme-ai/mo\\ud83d\\ude00del"}\n'}, None),
        # 300,000: a file under the scan's 2 MB limit (tests/test_hostile_pass6.py reads a million)
        "many-escapes-line": ({"app.py": 'x = "' + "\\u200b" * 300_000 + '"\n' + spoof.format("\\u200b")}, found),
        "many-escapes-in-id": ({"app.py": spoof.format("\\u200b" * 300_000)}, found),
        "many-names-in-id": ({"app.py": spoof.format("\\N{ZERO WIDTH SPACE}" * 100_000)}, found),
        "many-kinds-in-id": ({"app.py": spoof.format("".join(f"\\u{c:04x}" for c in [
            *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF]))},
            found),
    }
    cases: list[Case] = []
    for name, (files, check) in items.items():
        root = _check_repo(base / name, files)

        def bounded(result: Result, check: Callable[[Result], str | None] | None = check) -> str | None:
            if len(result.stdout) > 200_000:
                return f"output of {len(result.stdout)} characters (the escapes echoed)"
            return check(result) if check is not None else None
        cases.append(Case("p6-escape", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          allow2=False, check=bounded))
    return cases


_LINK_TARGET = __import__("re").compile(
    r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))|\]\(\s*([^)\s]*)|<((?:javascript|data|file|https?):[^>\s]*)>""",
    __import__("re").IGNORECASE)
_URL_IN_SOURCE = __import__("re").compile(r"""https://[^\s"'<>()\[\]{}`\\|]+""")
_SECRET_IN_LINK = __import__("re").compile(r"://[^/?#\s]*@|[?&](?:access_)?token=|\bhf_[A-Za-z0-9]{8,}|p1\d-s3cr3t",
                                           __import__("re").IGNORECASE)
REFERENCE_TREE: list[Path] = [ROOT]  # the tree whose own reference links a report may carry (main sets --tree)
_REFERENCE_URLS: set[str] = set()


def reference_urls() -> set[str]:
    """The https addresses the audited tree itself writes (license pages of the knowledge base, the regulation a
    rule cites, the rules' references): a report that links them links its own sources, not a card's."""
    if not _REFERENCE_URLS:
        tree = REFERENCE_TREE[0]
        for folder, pattern in (("rules", "*.yaml"), ("policies", "*.yaml"), ("auditor", "*.py"),
                                ("auditor", "*.yaml"), ("auditor", "*.json"), ("auditor", "*.html")):
            for path in (tree / folder).rglob(pattern):
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    _REFERENCE_URLS.update(m.group().rstrip(".,;:'\"") for m in _URL_IN_SOURCE.finditer(
                        path.read_text(encoding="utf-8")))
        _REFERENCE_URLS.add("https://")  # never empty: read once
    return _REFERENCE_URLS


def _bad_link(target: str, offered: list[str]) -> bool:
    """Whether a link target of a report is one no report should hold live: anything but the report's own anchors,
    its own reference links (reference_urls) and the links the case expects it to offer; and, whatever the target,
    a link carrying a secret (credentials in the address, a token) or pointing at a local path."""
    import html  # lazy: only the p6 checks read reports

    target = html.unescape(target.replace("<wbr>", "")).strip()
    if _SECRET_IN_LINK.search(target):
        return True
    if target.startswith("#"):
        return False
    if target.startswith("https://") and (target in reference_urls() or target.rstrip("/") in reference_urls()):
        return False
    if any(word and target == word for word in offered):
        return False
    # An address the report links as it shows it (formats/html.py links http(s) addresses in any text): fine when a
    # browser goes where a reader thinks, i.e. printable ASCII, no backslash (read as `/`: `https://evil\@good`
    # goes to evil) and nothing before an `@` in the host part.
    return _WEB_LINK.fullmatch(target) is None


_WEB_LINK = __import__("re").compile(r"(?i)https?://[a-z0-9][a-z0-9.:-]*(?:[/?#][!#-\[\]-~]*)?")


def _outputs_without(paths: list[Path], banned: list[str], wanted: list[str] | None = None
                     ) -> Callable[[Result], str | None]:
    """A check that the reports written hold no live link (an href, a markdown link or autolink) but to their own
    anchors, their own reference links (the tree's knowledge base and rules: reference_urls) and the links the case
    expects offered (`wanted` addresses); none to a local path or carrying a secret; none of `banned`; and each of
    `wanted` (in the text as read: HTML entities and <wbr> undone)."""
    def check(result: Result) -> str | None:
        import html  # lazy: only the p6 checks read reports

        offered = [w for w in wanted or [] if "://" in w]
        for path in paths:
            try:
                raw = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return f"{path.name} was not written"
            text = html.unescape(raw.replace("<wbr>", "")).replace("\\", "")
            for live in _LINK_TARGET.finditer(raw):
                target = next((g for g in live.groups() if g is not None), "")
                if _bad_link(target, offered):
                    return f"{path.name} holds a live link: {raw[live.start():live.start() + 60]!r}"
            for word in banned:
                if word in text:
                    return f"{path.name} holds {word[:60]!r}"
            for word in wanted or []:
                if word not in text:
                    return f"{path.name} lacks {word[:60]!r}"
        return None
    return check


def base_line_cases(base: Path) -> list[Case]:
    """p6-base-line: a card whose prose labels its base ("Finetuned from model: ...", "Base model: [x](...)") with a
    hostile id or link: huge, hidden or look-alike characters, a path, a javascript: or data: link, nested
    brackets. The run goes on, the model is never passed on an id the Hub cannot hold, and neither the id nor
    the link reaches a report as anything but quoted text."""
    lines = {
        "huge-id": "- **Finetuned from model:** acme/" + "x" * 900,
        "huge-line": "- **Finetuned from model:** acme/" + "x" * 200_000,
        "zwsp-id": "Base model: acme/mo\u200bdel",
        "rlo-id": "- **Finetuned from model:** acme/\u202eledom",
        "cyrillic-id": "Base model: acme/m\u043edel",
        "fullwidth-link": "Base model: [x](https://huggingface.co/\uff41cme/model)",
        "traversal-id": "Base model: acme/..",
        "traversal-link": "Base model: [x](https://huggingface.co/../../etc/passwd)",
        "traversal-dots": "Finetuned from model: ../../acme/model",
        "javascript-link": "Base model: [acme/model](javascript:alert(document.cookie))",
        "data-link": "Finetuned from model: [x](data:text/html,<script>alert(1)</script>)",
        "file-link": "Base model: [x](file:///etc/passwd)",
        "nested-brackets": "Base model: [[a](https://huggingface.co/acme/a)](https://huggingface.co/acme/b)",
        "open-brackets": "Base model: " + "[" * 900 + "acme/model",
        "html-in-label": "Base model: <img src=x onerror=alert(1)>acme/model",
    }
    cases: list[Case] = []
    for name, line in lines.items():
        folder = model_dir(base / name, "hostile-model", f"---\nlicense: mit\n---\n# A model\n\n{line}\n")
        hidden = name in ("zwsp-id", "rlo-id", "cyrillic-id", "fullwidth-link")  # a base no Hub id: fail closed
        cases.append(audit_local(base / name, f"p6-{name}", folder, fail_closed=hidden))
        out = base / name / "out"
        out.mkdir()
        html, md = out / "r.html", out / "r.md"
        banned = ["<script", "onerror=", "\u202e"]
        cases.append(Case("p6-base-report", name, ["report", str(folder), "--offline", "-o", str(html)],
                          check=_outputs_without([html], banned)))
        cases.append(Case("p6-base-report", f"{name}-md", ["report", str(folder), "--offline", "-f", "md", "-o",
                                                            str(md)], check=_outputs_without([md], banned)))
    return cases


def license_link_cases(base: Path) -> list[Case]:
    """p6-license-link: the card's own license link, which the review offers for a license the knowledge base does
    not hold ("the card's link, not verified"), is offered only when it is an https address or a file of the
    repository; javascript:, data:, file:, http:, a very long address and one with hidden characters never are."""
    good = "https://example.org/acme-license.txt"
    links = {
        "javascript": "javascript:alert(1)", "data": "data:text/html;base64,PHNjcmlwdD4=", "file": "file:///etc/passwd",
        "http": "http://example.org/license", "long": "https://example.org/" + "a" * 5000,
        "rlo": "https://example.org/\u202etxt.exe", "zwsp": "https://exa\u200bmple.org/license",
        "idn": "https://ex\u0430mple.org/license", "parent": "../../LICENSE", "backslash": "https://example.org\\@evil",
        "good": good, "repo-file": "LICENSE.md",
    }
    cases: list[Case] = []
    for name, link in links.items():
        for style, card in (("license-link", f"---\nlicense: other\nlicense_name: acme-license\nlicense_link: "
                                             f"{json.dumps(link)}\n---\n# A model\n"),
                            ("license-line", f"---\nlicense: other\n---\n# A model\n\nLicense: [Acme License]({link})\n")):
            case_name = f"{style}-{name}"
            folder = model_dir(base / case_name, "hostile-model", card)
            out = base / case_name / "out"
            out.mkdir()
            html, md = out / "r.html", out / "r.md"
            offered = name in ("good", "repo-file")
            shown = good if name == "good" else "LICENSE.md" if offered else link[:200]
            wanted = ["the card's link, not verified", shown] if offered else None
            banned = [] if offered else ["the card's link, not verified", f"{link[:200]} (the card's license_link)"]
            cases.append(Case("p6-license-link", case_name, ["report", str(folder), "--offline", "-o", str(html)],
                              check=_outputs_without([html], banned, wanted)))
            cases.append(Case("p6-license-link", f"{case_name}-md",
                              ["report", str(folder), "--offline", "-f", "md", "-o", str(md)],
                              check=_outputs_without([md], banned, wanted)))
    return cases


def pass6_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("escape", escape_cases), ("base-line", base_line_cases),
                        ("license-link", license_link_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 7


def _py_config(body: str) -> str:
    """A Python file that writes a YAML configuration from a triple-quoted string (auditor/scan/pystrings.py)."""
    return f'cfg = """\nbase_model: acme-ai/model-x\n{body}"""\nopen("config.yaml", "w").write(cfg)\n'


def _notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
                                 for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _bounded(limit: int, check: Callable[[Result], str | None] | None = None) -> Callable[[Result], str | None]:
    def verdict(result: Result) -> str | None:
        if len(result.stdout) > limit:
            return f"output of {len(result.stdout)} characters"
        return check(result) if check is not None else None
    return verdict


def scan_shape_cases(base: Path) -> list[Case]:
    """p7-scan: the shapes scanrecall5 taught `auditor check` to read, made hostile: YAML in Python strings (bombs,
    depth, 2 MB, tags, duplicate keys, non-UTF-8), %%writefile cells (../ and absolute names, a name line of blanks,
    huge cells, a cell writing a notebook or a .py that writes), built command lines (f-strings of 20,000 parts,
    command runners calling each other), JS template literals nested 5,000 deep, Helm values with huge lists. A
    configuration the YAML reader refuses is said (fail closed), never dropped in silence."""
    refused = says('holds a YAML configuration in a string that')
    found = says('"id": "acme-ai/model-x"')
    items: dict[str, tuple[dict[str, str | bytes], Callable[[Result], str | None] | None]] = {
        "pystr-bomb": ({"a.py": _py_config(BOMB)}, found),
        "pystr-aliases": ({"a.py": _py_config("a: &a x\n" + "".join(f"b{i}: *a\n" for i in range(1200)))}, refused),
        "pystr-deep-flow": ({"a.py": _py_config("k: " + "[" * 5000 + "]" * 5000 + "\n")}, refused),
        "pystr-deep-map": ({"a.py": _py_config("".join(" " * i + f"k{i}:\n" for i in range(600)))}, refused),
        "pystr-2mb": ({"a.py": _py_config("x: " + "a" * 1_900_000 + "\n")}, refused),
        "pystr-tag": ({"a.py": _py_config("x: !!python/object/apply:os.system ['id']\n")}, found),
        "pystr-dup": ({"a.py": _py_config("base_model: acme-ai/model-x\n" * 3)}, found),
        "pystr-non-utf8": ({"a.py": _py_config("name: x\n").encode() + b"# \xff\xfe\n"}, says("is not UTF-8")),
        # many strings and cells naming one model: the scan's cost (thousands of distinct models cost the audit of
        # each, whatever file names them)
        "pystr-many": ({"a.py": "".join(f'c{i} = """\nbase_model: acme-ai/model-x\nname: n{i}\n"""\n' for i in range(20000))},
                       found),
        "nb-traversal": ({"n.ipynb": _notebook("%%writefile ../../../etc/config.yaml\nbase_model: acme-ai/model-x\n")}, found),
        "nb-absolute": ({"n.ipynb": _notebook("%%writefile /tmp/x/train.py\nAutoModel.from_pretrained('acme-ai/model-x')\n")}, found),
        "nb-backslash": ({"n.ipynb": _notebook("%%writefile ..\\..\\config.yaml\nbase_model: acme-ai/model-x\n")}, found),
        "nb-blank-name": ({"n.ipynb": _notebook("%%writefile x" + " " * 400_000 + "y\nbase_model: acme-ai/model-x\n")}, None),
        "nb-huge-cell": ({"n.ipynb": _notebook("%%writefile c.yaml\n" + "".join(f"- model: acme-ai/m{i}\n" for i in range(60000)))},
                         says("larger than")),
        "nb-many-cells": ({"n.ipynb": _notebook(*(f"%%writefile c{i}.yaml\nbase_model: acme-ai/model-x\n" for i in range(5000)))},
                          found),
        "nb-writes-nb": ({"n.ipynb": _notebook("%%writefile inner.ipynb\n" + _notebook("%%writefile c.yaml\n" + BOMB))}, None),
        "nb-writes-writer": ({"n.ipynb": _notebook("%%writefile a.py\n" + _py_config(BOMB))}, found),
        "fstring-parts": ({"a.py": 'import subprocess\nsubprocess.run(f"python train.py --model_name_or_path acme-ai/model-x '
                                   + "".join(f"{{a{i}}} " for i in range(20000)) + '", shell=True)\n'}, None),
        "runner-chain": ({"a.py": "import subprocess\ndef r0(c):\n    subprocess.run(c, shell=True)\n" + "".join(
            f"def r{i}(c):\n    return r{i - 1}(c + ' --x')\n" for i in range(1, 3000))
            + "r2999('python t.py --model_name_or_path acme-ai/model-x')\n"}, None),
        "runner-cycle": ({"a.py": "import subprocess\ndef a(c):\n    return b(c)\ndef b(c):\n    subprocess.run(c, shell=True)\n"
                                  "    return a(c)\na('python t.py --model_name_or_path acme-ai/model-x')\n"}, None),
        "js-nested": ({"a.js": "const m = `acme-ai/x" + "${`a" * 5000 + "`}" * 5000 + "`;\nfrom_pretrained('acme-ai/model-x')\n"}, None),
        "js-open": ({"a.ts": "const model = `acme-ai/model-x" + "${" * 200_000 + "`;\n"}, None),
        "helm-list": ({"values.yaml": "servingEngineSpec:\n  modelSpec:\n" + "".join(
            f"  - name: m{i}\n    repository: vllm/vllm-openai\n    tag: latest\n    modelURL: acme-ai/model-x\n" for i in range(9000))},
            says('"id": "acme-ai/model-x"')),
        "helm-2mb": ({"values.yaml": "models:\n" + "".join(f"  - modelURL: acme-ai/m{i}\n" for i in range(80000))}, says("larger than")),
    }
    cases: list[Case] = []
    for name, (files, check) in items.items():
        root = _check_repo(base / name, files)
        cases.append(Case("p7-scan", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          allow2=False, check=_bounded(20_000_000, check)))
    return cases


_HF = "https://huggingface.co/"


def made_from_cards(base: Path) -> list[Case]:
    """p7-card: the new made-from phrases and the distiller's line at their worst (100k-character lines of a phrase
    repeated, links never closed, 30,000 such lines), a fenced mergekit config in a card that never names mergekit
    (bombs, 20,000 models, 10,000 experts), base_model:adapter: tags by the thousand, a merge named by 20,000 tags
    (the review's merge_named stays bounded), datasets: lists of loader names. Each through audit and every renderer."""
    fence = "```yaml\n{}```\n"
    cards = {
        "ft-repeat": "fine-tuned from " * 7000,
        "quants-repeat": "static quants of " * 6000,
        "distilled-repeat": "a distilled version of " * 5000 + _HF + "acme/teacher",
        "link-unclosed": "fine-tuned from [x](" * 5000,
        "link-unclosed-hf": "based on " + ("[x](" + _HF) * 4000,
        "hf-endless-id": "based on " + _HF + "a" * 100_000,
        "weights-with": "[" + "x" * 100 + "](" + _HF + "a/b" + " with" * 20000,
        "not-own-clause": "unlike " * 15000 + "fine-tuned from " + _HF + "acme/base",
        "many-lines": "\n".join(f"fine-tuned from {_HF}acme/m{i} and static quants of [`acme/q{i}`]()" for i in range(30000)),
        "many-hidden": "\n".join(f"fine-tuned from {_HF}acme/m\u200b{i}" for i in range(20000)),
        "quoted-many": "converted to MLX format from " + "`acme/b` " * 20000,
        "mergekit-bomb": fence.format(BOMB + "merge_method: slerp\nbase_model: acme/a\n"),
        "mergekit-experts": fence.format("base_model: acme/a\ngate_mode: hidden\nexperts:\n" + "".join(
            f"  - source_model: acme/e{i}\n    positive_prompts: [x]\n" for i in range(10000))),
        "mergekit-models": fence.format("merge_method: linear\nmodels:\n" + "".join(
            f"  - model: acme/m{i}\n    parameters: {{weight: 0.1}}\n" for i in range(20000))),
        "mergekit-deep": fence.format("merge_method: linear\nmodels: " + "[" * 3000 + "]" * 3000 + "\n"),
        "padded-base": "padding words\n" * 16_000 + "Fine-tuned from " + _HF + "meta-llama/Llama-2-7b-hf\n",
    }
    # a mergekit configuration or a base the audit could not read must be said (a warning: may exit 0)
    unread = {"mergekit-bomb", "mergekit-experts", "mergekit-models", "mergekit-deep", "padded-base"}
    metas = {
        "adapter-tags": "tags:\n" + "".join(f"- base_model:adapter:acme/a{i}\n" for i in range(5000)),
        "merge-tags": "tags:\n- merge\n- mergekit\n" + "".join(f"- acme/m{i}\n" for i in range(20000)),
        "merge-tags-long": "tags:\n- merge\n" + "".join(f"- acme/{'m' * 90}{i}\n" for i in range(2000)),
        "datasets-loaders": "datasets:\n" + "".join(f"- {n}\n" for n in ["imagefolder", "csv", "json", "audiofolder",
                                                                         "parquet", "text"] * 3000),
    }
    cases: list[Case] = []
    for name, body in cards.items():
        folder = model_dir(base / name, "hostile-model", f"---\nlicense: mit\n---\n# A model\n\n{body}\n")
        cases.append(audit_local(base / name, f"p7-{name}", folder, finding=name in unread, check=_bounded(5_000_000)))
    for name, meta in metas.items():
        folder = model_dir(base / name, "hostile-model", f"---\nlicense: mit\n{meta}---\n# A model\n")
        # adapter bases never read fail the model (LIN002); a merge named only by tags is a review fact, not a finding
        cases.append(audit_local(base / name, f"p7-{name}", folder, fail_closed=name == "adapter-tags",
                                 check=_bounded(5_000_000)))
    folder = model_dir(base / "merge-review", "hostile-model", "---\nlicense: mit\ntags:\n- merge\n" + "".join(
        f"- acme/m{i}\n" for i in range(20000)) + "---\n# A model\n")
    out = base / "merge-review" / "r.md"
    cases.append(Case("p7-merge-review", "report-md", ["report", str(folder), "--offline", "-f", "md", "-o", str(out)],
                      check=_report_bounded(out, 400_000)))
    return cases


def _report_bounded(path: Path, limit: int) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        try:
            size = path.stat().st_size
        except OSError:
            return f"{path.name} was not written"
        return f"{path.name} is {size} bytes" if size > limit else None
    return check


def legacy_alias_cases(base: Path) -> list[Case]:
    """p7-legacy: a catalog of 100,000 owner-less renames (and their organisations' other records, whose owner-less
    names catalog.legacy_aliases derives): loaded in bounded time and memory, the alias answering, an ambiguous name
    (two organisations) never guessed."""
    lines = []
    for i in range(100_000):
        lines.append(json.dumps({"id": f"org{i % 50}/model-{i}", "sha": "a" * 40, "cardData": {"license": "mit"},
                                 "_auditor": {"requested": f"model-{i}"}}))
        lines.append(json.dumps({"id": f"org{i % 50}/other-{i}", "sha": "b" * 40, "cardData": {"license": "mit"}}))
    lines.append(json.dumps({"id": "org1/twice", "sha": "c" * 40, "cardData": {"license": "mit"}}))
    lines.append(json.dumps({"id": "org2/twice", "sha": "c" * 40, "cardData": {"license": "mit"}}))
    path = write(base / "legacy" / "catalog.jsonl", "\n".join(lines) + "\n")
    argv = ["audit", "model-77", "other-99999", "twice", "--offline", "--catalog", str(path), "--format", "jsonl"]
    return [Case("p7-legacy", "renames-100k", argv, models=["model-77", "other-99999", "twice"], affected="twice",
                 fail_closed=True, allow2=False, timeout=120.0)]


def pass7_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("scan", scan_shape_cases), ("card", made_from_cards), ("legacy", legacy_alias_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 8


SCHEMAS = ROOT.parent.parent / "shared" / "schemas" if (ROOT.parent.parent / "shared").is_dir() else Path("/work/shared/schemas")
# What no human-facing output may carry raw: C0 controls but tab/newline/CR, DEL, bidi embeddings, overrides and
# isolates, lone surrogates (JSON and JSONL keep data as the source said it, escaped by the JSON encoder).
_RAW_UNSAFE = __import__("re").compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE_TEXTS = {
    "ctl": "acme\x07\x1b[31m\x08x",
    "bidi": "acme\u202eevil\u2066x",
    "cdata": "x]]><injected/>",
    "script": "</script><script>alert(1)</script>",
    "comment": "--><!--",
    "md-link": "[click](javascript:alert(1))",
    "gh-command": "x\n::error::injected%0A::set-output name=x::y",
    "template": "${{ github.token }} {{7*7}}",
    "nul": "a\x00b",
    "surrogate": "a\ud800b\udcffc",
    "big": "L" * 1_000_000,
}


def _output_problem(kind: str, path: Path) -> str | None:
    """Why an output file is broken: missing, not UTF-8, a raw control/bidi/surrogate in a format people read, or
    (SARIF, JUnit, SPDX 2.3, CycloneDX, JSON) not valid against its schema; HTML that does not parse or runs code."""
    try:
        data = path.read_bytes()
    except OSError:
        return f"{path.name} was not written"
    if kind == "pdf":
        return None if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] else f"{path.name} is not a whole PDF"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"{path.name} is not UTF-8 ({exc.reason} at {exc.start})"
    if kind not in ("json", "jsonl", "pdf"):
        bad = _RAW_UNSAFE.search(text)
        if bad:
            return f"{path.name} carries a raw {bad.group()!r} at {bad.start()}"
    try:
        return _SCHEMA_CHECKS.get(kind, lambda _p, _t: None)(path, text)
    except Exception as exc:  # a validator that cannot read the file: the file is broken
        return f"{path.name} does not validate as {kind}: {type(exc).__name__}: {str(exc)[:200]}"


def _sarif_problem(path: Path, text: str) -> str | None:
    import jsonschema  # lazy: only the p8 output checks need it

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    error = next(iter(jsonschema.Draft4Validator(schema).iter_errors(json.loads(text))), None)
    return f"{path.name} is not valid SARIF: {error.message[:200]}" if error else None


def _junit_problem(path: Path, text: str) -> str | None:
    import xmlschema  # lazy: only the p8 output checks need it

    xmlschema.XMLSchema(str(SCHEMAS / "JUnit.xsd")).validate(text)
    return None


def _spdx_problem(path: Path, text: str) -> str | None:
    from spdx_tools.spdx.parser.parse_anything import parse_file  # lazy: heavy
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    errors = validate_full_spdx_document(parse_file(str(path)))
    return f"{path.name} is not valid SPDX 2.3: {str(errors[0])[:200]}" if errors else None


def _cyclonedx_problem(path: Path, text: str) -> str | None:
    from auditor.formats.sbom_cyclonedx import validation_errors  # lazy: the tree under test

    error = validation_errors(text)
    return f"{path.name} is not valid CycloneDX: {str(error)[:200]}" if error else None


def _html_problem(path: Path, text: str) -> str | None:
    import tinyhtml5  # lazy: only the p8 output checks need it

    tree = tinyhtml5.parse(text)
    for element in tree.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag == "script" and element.text and "alert(" in element.text:
            return f"{path.name} runs a script from the input"
        for key, value in element.attrib.items():
            if str(key).lower().startswith("on") or "javascript:" in str(value).lower():
                return f"{path.name} has {key}={str(value)[:60]!r} from the input"
    return None


def _json_problem(path: Path, text: str) -> str | None:
    for line in text.splitlines() if path.suffix == ".jsonl" else [text]:
        if line.strip():
            json.loads(line)
    return None


_SCHEMA_CHECKS: dict[str, Callable[[Path, str], str | None]] = {
    "sarif": _sarif_problem, "junit": _junit_problem, "spdx": _spdx_problem, "cyclonedx": _cyclonedx_problem,
    "html": _html_problem, "json": _json_problem, "jsonl": _json_problem, "gitlab": _json_problem,
    "spdx3": _json_problem,
}


def _outputs_valid(outputs: dict[str, Path], then: Callable[[Result], str | None] | None = None
                   ) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        for kind, path in outputs.items():
            problem = _output_problem(kind, path)
            if problem:
                return problem
        return then(result) if then is not None else None
    return check


def _stdout_clean(result: Result) -> str | None:
    """Off a terminal auditor writes no escape of its own: any control or bidi character on stdout came from the input."""
    bad = _RAW_UNSAFE.search(result.stdout)
    return f"stdout carries a raw {bad.group()!r} at {bad.start()}" if bad else None


def _all_models(count: int, then: Callable[[Result], str | None] | None = None) -> Callable[[Result], str | None]:
    """JSONL output: one model record per reference given (the run went on for every one of them)."""
    def check(result: Result) -> str | None:
        seen = sum(1 for r in result.records() if r.get("type") == "model")
        if seen < count:
            return f"{seen} model records for {count} references"
        return then(result) if then is not None else None
    return check


def _hostile_folders(base: Path) -> list[Path]:
    """Local model folders whose names (and cards) carry each hostile text a file name can hold."""
    folders = []
    for key, text in HOSTILE_TEXTS.items():
        if key in ("nul", "big", "surrogate"):
            continue
        name = text.replace("/", "_").replace("\n", "_")[:200]
        card = ("---\nlicense: other\nlicense_name: " + json.dumps(text, ensure_ascii=False) + "\nbase_model: "
                + json.dumps("acme/" + text[:80], ensure_ascii=False) + "\n---\n# " + text + "\n")
        folders.append(model_dir(base, f"h-{key}-{name}", card.replace("\x00", "")))
    raw = os.fsencode(str(base)) + b"/h-not-utf8-\xff\xfe\xe2\x80"
    os.makedirs(raw, exist_ok=True)
    with open(raw + b"/README.md", "wb") as fh:
        fh.write(b"---\nlicense: mit\n---\n# \xff card not utf-8\n")
    folders.append(Path(os.fsdecode(raw)))
    return folders


def _hostile_catalog(path: Path) -> tuple[Path, list[str]]:
    """A catalog whose records carry each hostile text in the license name, the base, a dataset and a file name."""
    lines = [catalog_line("acme/good")]
    ids = []
    for key, text in HOSTILE_TEXTS.items():
        rid = f"acme/p8-{key}"
        ids.append(rid)
        lines.append(json.dumps({
            "id": rid, "sha": "a" * 40, "tags": ["license:other", f"license:{text[:100]}"],
            "cardData": {"license": "other", "license_name": text, "license_link": text[:100],
                         "base_model": f"acme/{text[:50]}", "datasets": [text[:100]]},
            "siblings": [{"rfilename": "README.md"}, {"rfilename": f"LICENSE-{text[:100]}"}],
            "_auditor": {"origin": text[:200]}}))
    write(path, "\n".join(lines) + "\n")
    return path, ids


def output_cases(base: Path) -> list[Case]:
    """p8-out: ids, license names, bases and card text holding controls, bidi overrides, `]]>`, `</script>`, a GitHub
    workflow command, NUL, lone surrogates, a 1 MB name and a folder name that is not UTF-8, through every output
    format; each output validated (SARIF, JUnit XSD, SPDX 2.3, CycloneDX 1.6, JSON) and HTML parsed."""
    cases: list[Case] = []
    folders = _hostile_folders(base / "folders")
    catalog, ids = _hostile_catalog(base / "catalog.jsonl")
    targets = [("local", [str(f) for f in folders], []), ("catalog", ["acme/good", *ids], ["--catalog", str(catalog)])]
    for label, refs, extra in targets:
        out = base / f"out-{label}"
        fmt = out / "fmt"
        outs = {"sarif": fmt / "auditor.sarif", "junit": fmt / "auditor-junit.xml", "json": fmt / "auditor.json",
                "gitlab": fmt / "auditor-codequality.json", "markdown": fmt / "auditor.md"}
        cases.append(Case("p8-out", f"{label}-audit-formats",
                          ["audit", *refs, "--offline", *extra, "-f", "sarif,junit,json,gitlab,markdown", "-o", str(fmt)],
                          allow2=False, check=_outputs_valid(outs), timeout=120))
        for fmt_name in ("text", "github", "jsonl"):
            cases.append(Case("p8-out", f"{label}-audit-{fmt_name}", ["audit", *refs, "--offline", *extra, "-f", fmt_name],
                              allow2=False, timeout=120,
                              check=_all_models(len(refs)) if fmt_name == "jsonl" else _stdout_clean))
        for kind, fmt_name, fname in (("html", "html", "r.html"), ("md", "md", "r.md"), ("pdf", "pdf", "r.pdf")):
            # WeasyPrint takes ~15 s a model on a loaded 2-core machine: the PDF gets the four most hostile models
            # (the 1 MB name, the surrogates, NUL, </script>), so its time measures them, not the model count
            some = refs if kind != "pdf" else [r for r in refs if r.rsplit("-", 1)[-1] in ("good", "big", "surrogate", "nul", "script")] or refs[:5]
            cases.append(Case("p8-out", f"{label}-report-{kind}", ["report", *some, "--offline", *extra, "-f", fmt_name,
                                                                   "-o", str(out / fname)],
                              allow2=False, timeout=300 if kind == "pdf" else 180, check=_outputs_valid({kind: out / fname})))
        for kind, fmt_name, fname in (("spdx", "spdx-json", "s.spdx.json"), ("spdx3", "spdx3", "s3.json"),
                                      ("cyclonedx", "cyclonedx", "c.json")):
            cases.append(Case("p8-out", f"{label}-sbom-{kind}", ["sbom", *refs, "--offline", *extra, "-f", fmt_name,
                                                                 "-o", str(out / fname)],
                              allow2=False, timeout=180, check=_outputs_valid({kind: out / fname})))
        cases.append(Case("p8-out", f"{label}-notice", ["notice", *refs, "--offline", *extra, "-o", str(out / "n")],
                          allow2=False, timeout=120, check=_outputs_valid({"markdown": out / "n" / "NOTICE.md"})))
        for one in refs[:: max(1, len(refs) // 4)]:
            short = one.rstrip("/").rsplit("/", 1)[-1][:20]
            for cmd, fmt_name in (("lineage", "mermaid"), ("lineage", "json"), ("lineage", "text"),
                                  ("openness", "json"), ("openness", "text")):
                cases.append(Case("p8-out", f"{label}-{cmd}-{fmt_name}-{short}",
                                  [cmd, one, "--offline", *extra, "-f", fmt_name], allow2=False, timeout=120,
                                  check=None if fmt_name == "json" else _stdout_clean))
        snap = out / "snap.jsonl"
        cases.append(Case("p8-out", f"{label}-snapshot", ["snapshot", *refs, "--offline", *extra, "-o", str(snap)],
                          allow2=False, timeout=120, check=_outputs_valid({"jsonl": snap})))
    return cases


def notice_file_cases(base: Path) -> list[Case]:
    """p8-notice: LICENSE and NOTICE files that are binary, 200 MB, UTF-16 or Latin-1, links out of the tree (to a
    file, a folder, /dev/zero, nowhere), link loops, 3,000 of them, named with controls or bidi overrides: the bundle
    is written, NOTICE.md is clean, and every file left out is said missing (exit 3), never dropped in silence."""
    card = "---\nlicense: other\nlicense_name: acme\n---\n# x\n"
    shapes: dict[str, tuple[Callable[[Path], object], bool]] = {
        "binary": (lambda f: (write(f / "LICENSE", os.urandom(100_000)), write(f / "NOTICE", b"x\x00y")), False),
        "huge": (lambda f: _sparse(f / "LICENSE", 200 * 1024 * 1024), True),
        "utf16-latin1": (lambda f: (write(f / "LICENSE", "MIT License\n".encode("utf-16")),
                                    write(f / "NOTICE", b"\xff\xfe latin \xe9\n")), False),
        "link-out-file": (lambda f: os.symlink("/etc/hostname", f / "LICENSE"), True),
        "link-out-dir": (lambda f: os.symlink("/", f / "LICENSE"), True),
        "link-devzero": (lambda f: os.symlink("/dev/zero", f / "NOTICE"), True),
        "link-dangling": (lambda f: os.symlink(f / "nowhere", f / "LICENSE"), True),
        "link-loop": (lambda f: (os.symlink("LICENSE2", f / "LICENSE"), os.symlink("LICENSE", f / "LICENSE2")), True),
        "link-parent": (lambda f: os.symlink("../outside.txt", f / "LICENSE"), True),
        "many": (lambda f: [write(f / f"LICENSE-{i}.txt", "x\n") for i in range(3000)], False),
        "names-hostile": (lambda f: (write(f / "NOTICE\u202e.txt", "y"), write(f / "LICENSE\x1b[31m", "z"),
                                     write(f / "LICENSE]]>", "w")), False),
        "name-not-utf8": (lambda f: write(Path(os.fsdecode(os.fsencode(str(f)) + b"/LICENSE.\xff\xfe")), "x"), False),
        "license-dir-only": (lambda f: write(f / "LICENSES" / "MIT.txt", "MIT\n"), False),  # REUSE: a folder, fine
    }
    cases: list[Case] = []
    for name, (make, incomplete) in shapes.items():
        folder = model_dir(base / name, "hostile-model", card)
        write(base / name / "outside.txt", "outside")
        make(folder)
        out = base / name / "out"

        def check(result: Result, out: Path = out, incomplete: bool = incomplete) -> str | None:
            problem = _output_problem("markdown", out / "NOTICE.md")
            if problem:
                return problem
            if incomplete and result.code == 0:
                return "a file left out of the bundle, exit 0 (complete)"
            return None
        cases.append(Case("p8-notice", name, ["notice", str(folder), "--offline", "-o", str(out)], allow2=False,
                          check=check, timeout=120))
    return cases


def _sparse(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def tampered_lock_cases(base: Path) -> list[Case]:
    """p8-lock: a lock written by `auditor lock` then edited: a record's license changed, two records for one model
    that disagree, the model's record dropped, a SHA that is not hex or not the record's, 200,000 extra records,
    a lone surrogate or a bidi override in a record, a 1 MB id: `check --locked` never passes what it cannot know,
    in bounded time; `report --lock` and `notice --lock` say the lock's file name when they refuse it."""
    bert_sha = "86b5e0934494bd15c9632b12f734a8a67f723594"
    record = {"id": BERT, "sha": bert_sha, "cardData": {"license": "apache-2.0"}, "tags": ["license:apache-2.0"],
              "siblings": [{"rfilename": "README.md"}, {"rfilename": "model.safetensors"}]}
    entry = {"id": BERT, "requested": BERT, "revision": None, "sha": bert_sha, "license": "Apache-2.0",
             "effective_license": "Apache-2.0", "lineage": [], "facts_digest": "0" * 64}

    def lock(models: list[dict[str, Any]], records: list[dict[str, Any]]) -> str:
        return json.dumps({"lock_version": 1, "generated_by": "auditor", "models": models, "records": records})

    nc = {**record, "cardData": {"license": "cc-by-nc-4.0"}, "tags": ["license:cc-by-nc-4.0"]}
    docs: dict[str, tuple[str, bool]] = {  # name -> (lock text, exit 0 would be a silent pass)
        "record-license-nc": (lock([entry], [nc]), False),
        "records-disagree": (lock([entry], [record, nc]), False),
        "record-dropped": (lock([entry], []), True),
        "sha-not-hex": (lock([{**entry, "sha": "z" * 40}], [record]), True),
        "sha-other": (lock([{**entry, "sha": "f" * 40}], [record]), True),
        "sha-traversal": (lock([{**entry, "sha": "../../../../etc/passwd"}], [record]), True),
        "records-200k": (lock([entry], [record, *({"id": f"acme/m{i}", "sha": "a" * 40} for i in range(200_000))]), False),
        "record-surrogate": (lock([entry], [{**record, "cardData": {"license": "apache\ud800"}}]), True),
        "record-bidi": (lock([entry], [{**record, "cardData": {"license": "apache-2.0\u202e"}}]), True),
        "id-1mb": (lock([{**entry, "id": "a/" + "b" * 1_000_000, "requested": "a/" + "b" * 1_000_000}], [record]), True),
        "record-types": (lock([entry], [{**record, "cardData": [1], "siblings": "x", "tags": {"a": 1}}]), True),
        "models-1mb-lineage": (lock([{**entry, "lineage": [{"id": "x/y", "sha": "a" * 40}] * 100_000}], [record]), False),
    }
    cases: list[Case] = []
    for name, (text, closed) in docs.items():
        root = _check_repo(base / name, {"auditor.lock": text})
        cases.append(Case("p8-lock", name, ["check", str(root), "--offline", "--locked", "--no-cache", "-f", "jsonl"],
                          fail_closed=closed, error_names=["auditor.lock"], timeout=120))
        lockfile = str(root / "auditor.lock")
        cases.append(Case("p8-lock-report", name, ["report", BERT, "--offline", "--lock", lockfile, "-o",
                                                   str(root / "r.html")], error_names=["auditor.lock"], timeout=120,
                          check=lambda r, p=root / "r.html": _output_problem("html", p) if r.code != 2 else None))
        cases.append(Case("p8-lock-notice", name, ["notice", "--lock", lockfile, "--offline", "-o", str(root / "n")],
                          error_names=["auditor.lock"], timeout=120))
    return cases


def cel_limit_cases(base: Path) -> list[Case]:
    """p8-cel: custom-rule conditions at CEL's limits, checked at load (`policy validate`) and at run time: regex
    catastrophes in matches(), invalid patterns, division by zero and type errors that only real facts reach, fields
    the facts do not have, literal lists of 20,000, 3,000-deep parentheses. A rule that cannot be evaluated is either
    refused at load (exit 2, naming the file) or an ENG001 finding on the model: never a silent pass."""
    conditions = {
        "regex-nested-plus": ("model.id.matches('(a+)+$')", False),
        "regex-alternation": ("model.id.matches('^(a|aa)+$')", False),
        "regex-backref": ("model.id.matches('(a)\\\\1')", True),
        "regex-invalid": ("model.id.matches('(')", True),
        "regex-huge-repeat": ("model.id.matches('a{1000}{1000}')", True),
        "regex-lookahead": ("model.id.matches('(?=a)')", True),
        "div-zero-runtime": ("size(model.id) / (size(model.id) - size(model.id)) > 0", True),
        "mod-zero-runtime": ("size(model.id) % (size(license.declared) - size(license.declared)) == 0", True),
        "unknown-field": ("model.nonexistent == 1", True),
        "unknown-field-has": ("has(license.no_such_key)", True),
        "unknown-field-ne": ("terms.commercial_usage != 'allowed'", True),
        "type-runtime": ("license.declared.exists(x, x + 1 > 0)", True),
        "non-bool": ("model.id", True),
        "list-20k": ("model.id in [" + ",".join(f"'m{i}'" for i in range(20_000)) + "]", False),
        "paren-3000": ("(" * 3000 + "true" + ")" * 3000, False),
        "and-chain-20k": (" && ".join(["true"] * 20_000), False),
        "string-concat-growth": ("size(model.id + model.id + model.id + model.id) > 0", False),
        "all-nested-4": ("license.declared.all(a, license.declared.all(b, license.declared.all(c, "
                         "license.declared.all(d, true))))", False),
        "timestamp-bad": ("timestamp('not a date') > timestamp('2020-01-01T00:00:00Z')", True),
        "int-parse-bad": ("int('x') > 0", True),
    }
    cases: list[Case] = []
    for name, (cond, must_not_pass) in conditions.items():
        text = ("name: x\ncustom_rules:\n  - id: ACME001\n    name: x\n    area: license\n    severity: error\n"
                f"    title: t\n    condition: {json.dumps(cond)}\n    message: m\n")
        path = write(base / name / "policy.yaml", text)
        cases.append(Case("p8-cel", name, ["audit", BERT, "--offline", "--policy", str(path), "-f", "jsonl"],
                          fail_closed=must_not_pass, error_names=["policy.yaml", "custom_rules"], timeout=60))
        cases.append(Case("p8-cel-validate", name, ["policy", "validate", str(path)], error_names=["policy.yaml"],
                          timeout=60))
    return cases


def refs_file_shapes(base: Path) -> list[Case]:
    """p8-refs: --refs-file with a NUL inside a line, a BOM before CRLF lines, CR-only line ends, a million lines
    (comments, blanks, one reference repeated), a line of a million spaces, a reference followed by a NUL and junk."""
    shapes: dict[str, tuple[bytes, bool]] = {
        "nul-inside": (f"{BERT}\nacme/a\x00b\n".encode(), True),
        "nul-after-ref": (f"{BERT}\x00junk\n".encode(), True),
        "bom-crlf": (f"\ufeff{BERT}\r\n# c\r\n".encode(), False),
        "bom-twice": (f"\ufeff\ufeff{BERT}\n".encode(), True),
        "cr-only": (f"{BERT}\r# c\r".encode(), False),
        "million-comments": (f"{BERT}\n".encode() + b"# c\n" * 1_000_000, False),
        "million-blank": (f"{BERT}\n".encode() + b"\r\n" * 1_000_000, False),
        "million-same": (f"{BERT}\n".encode() * 1_000_000, False),
        "million-spaces": (f"{BERT}\n".encode() + b" " * 1_000_000 + b"\n", False),
        "utf16-bom-crlf": (f"{BERT}\r\n".encode("utf-16"), False),
        "bidi-ref": (f"{BERT}\nacme/\u202emodel\n".encode(), True),
        "surrogate-bytes": (f"{BERT}\n".encode() + b"acme/\xed\xa0\x80x\n", True),
    }
    cases: list[Case] = []
    for name, (content, closed) in shapes.items():
        path = write(base / name / "refs.txt", content)
        cases.append(Case("p8-refs", name, ["audit", "--offline", "--format", "jsonl", "--refs-file", str(path)],
                          models=[BERT], fail_closed=closed, error_names=["refs.txt"], timeout=120,
                          check=_bounded(5_000_000)))
    return cases


# Every top-level field of the Hub's model answer (../shared/corpus/hub/FIELDS.md §3 and §4) and the card fields
# of §1 under cardData, each given every wrong JSON type.
HUB_FIELDS = ("_id", "id", "modelId", "author", "sha", "lastModified", "createdAt", "private", "gated", "disabled",
              "downloads", "likes", "library_name", "pipeline_tag", "mask_token", "tags", "cardData", "config",
              "transformersInfo", "model-index", "siblings", "spaces", "safetensors", "widgetData", "inference",
              "usedStorage", "baseModels", "childrenModelCount", "gguf", "securityStatus", "trendingScore")
CARD_FIELDS = ("license", "license_name", "license_link", "license_details", "base_model", "base_model_relation",
               "new_version", "datasets", "finetuned_from", "extra_gated_prompt", "extra_gated_fields",
               "extra_gated_heading", "extra_gated_eu_disallowed", "gated", "tags", "model-index")
WRONG_VALUES: tuple[Any, ...] = (5, -1, 1e308, "", "x\u202e\x00", True, None, [1, None, {}], {"a": [1]}, "\ud800",
                                 [[["deep"]]], {"": {"": None}})


def catalog_type_cases(base: Path) -> list[Case]:
    """p8-catalog: one catalog per field, a record for each wrong type of it beside a good record, every record
    audited (and through sbom and report); duplicate ids that disagree; an id given as an int, a list, a dict."""
    cases: list[Case] = []
    for where, fields in (("top", HUB_FIELDS), ("card", CARD_FIELDS)):
        for fname in fields:
            lines = [catalog_line("acme/good")]
            refs = ["acme/good"]
            for i, value in enumerate(WRONG_VALUES):
                rid = f"acme/w-{i}"
                body = json.loads(catalog_line(rid))
                if where == "top":
                    if fname in ("id", "modelId"):
                        body["_auditor"] = {"requested": rid}
                    body[fname] = value
                else:
                    body["cardData"][fname] = value
                lines.append(json.dumps(body))
                refs.append(rid)
            path = write(base / where / fname.replace("_", "-") / "catalog.jsonl", "\n".join(lines) + "\n")
            name = f"{where}-{fname}"
            # a line without a string id, or whose id or SHA holds a lone surrogate, refuses the catalog (exit 2 naming
            # file and line), as a line that is not JSON does
            sha_bad = where == "top" and fname == "sha"
            refused = where == "top" and fname in ("id", "sha")
            cases.append(Case("p8-catalog", name, ["audit", *refs, "--offline", "--catalog", str(path), "-f", "jsonl"],
                              error_names=["catalog.jsonl"], timeout=120,
                              check=_all_models(len(refs)) if not refused else None,
                              fail_closed=sha_bad or (where == "card" and fname == "license")))
            out = path.parent
            cases.append(Case("p8-catalog-sbom", name, ["sbom", *refs, "--offline", "--catalog", str(path), "-f",
                                                         "cyclonedx", "-o", str(out / "c.json")],
                              error_names=["catalog.jsonl"], timeout=120,
                              check=lambda r, p=out / "c.json": _output_problem("cyclonedx", p) if r.code != 2 else None))
            cases.append(Case("p8-catalog-report", name, ["report", *refs[:4], "--offline", "--catalog", str(path),
                                                           "-o", str(out / "r.html")],
                              error_names=["catalog.jsonl"], timeout=120,
                              check=lambda r, p=out / "r.html": _output_problem("html", p) if r.code != 2 else None))
    return cases


def hub_type_cases(base: Path, hub: Any) -> list[Case]:
    """p8-hub: the fake Hub answering with each FIELDS.md field in every wrong type (one run per field, a repository
    per type beside a good one), 1,000,000 siblings, cardData that disagrees with the README, a SHA that is not hex
    (or names a path), lastModified that is no date, `gated` as "manual", "auto", true, false, "yes", 5."""
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    cases: list[Case] = []

    def run(name: str, repos: list[str], *, closed: bool = False, check: Callable[[Result], str | None] | None = None,
            timeout: float = 180) -> None:
        home = base / name
        home.mkdir(parents=True, exist_ok=True)
        argv = ["audit", *repos, "acme/good", "--endpoint", hub.url, "--format", "jsonl"]
        cases.append(Case("p8-hub", name, argv, models=[*repos, "acme/good"], allow2=False, fail_closed=closed,
                          timeout=timeout, env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                                                "HF_HUB_DISABLE_TELEMETRY": "1", "HF_ENDPOINT": hub.url},
                          check=lambda r: _good_complete(r) or (check(r) if check else None)))

    for fname in HUB_FIELDS:
        repos = []
        for i, value in enumerate(WRONG_VALUES):
            rid = f"acme/p8h-{fname.replace('_', '').lower()}-{i}"
            hub.add_repo(rid, {**good_body}, {"README.md": card}, sha=hashlib.sha1(rid.encode()).hexdigest())
            repo = hub.repos[("model", rid.lower())]
            for body, _files in repo.revisions.values():
                body[fname] = value  # after add_repo, which sets id and sha itself
            repos.append(rid)
        run(f"field-{fname}", repos, closed=fname == "sha")
    siblings = [{"rfilename": f"shard-{i:07d}.safetensors"} for i in range(1_000_000)]
    hub.add_repo("acme/p8h-siblings-1m", {**good_body, "siblings": siblings}, {"README.md": card})
    run("siblings-1m", ["acme/p8h-siblings-1m"], timeout=300)
    hub.add_repo("acme/p8h-disagree", {**good_body, "cardData": {"license": "cc-by-nc-4.0"},
                                       "tags": ["license:cc-by-nc-4.0"]}, {"README.md": card})
    run("carddata-disagrees", ["acme/p8h-disagree"])
    for name, sha in (("sha-not-hex", "z" * 40), ("sha-short", "abc"), ("sha-path", "../../../../tmp/p8-escape"),
                      ("sha-upper", "A" * 40), ("sha-1mb", "a" * 1_000_000), ("sha-newline", "a" * 39 + "\n")):
        rid = f"acme/p8h-{name}"
        hub.add_repo(rid, good_body, {"README.md": card}, sha=sha)
        run(name, [rid], closed=True)  # the Hub writes 40 lower-case hex digits: anything else pins nothing
    for name, value in (("lastmod-garbage", "yesterday"), ("lastmod-int", 10 ** 30), ("lastmod-year0", "0000-00-00T00:00:00Z"),
                        ("lastmod-far", "99999-01-01T00:00:00Z")):
        rid = f"acme/p8h-{name}"
        hub.add_repo(rid, {**good_body, "lastModified": value, "createdAt": value}, {"README.md": card})
        run(name, [rid])
    for name, value, closed in (("gated-manual", "manual", False), ("gated-auto", "auto", False),
                                ("gated-true", True, False), ("gated-false", False, False),
                                ("gated-yes", "yes", False), ("gated-int", 5, False), ("gated-empty", "", False)):
        rid = f"acme/p8h-{name}"
        hub.add_repo(rid, {**good_body, "gated": value}, {"README.md": card})

        def gate(result: Result, rid: str = rid, value: Any = value) -> str | None:
            for rec in result.records():
                if rec.get("model") == rid:
                    seen = (rec.get("facts") or {}).get("model", {}).get("gated")
                    said = any("gated" in str(f.get("message")) for f in rec.get("findings") or ())
                    if value not in (False, None) and (seen is False or (seen is None and not said)):
                        return f"gated {value!r} audited as {seen!r} without a word"
            return None
        run(name, [rid], closed=closed, check=gate)
    return cases


def mixture_cases(base: Path) -> list[Case]:
    """p8-mix: one hostile model among 49 good ones (a local folder with a YAML bomb, a catalog line of wrong types,
    an unknown id): all 49 are audited and the exit code fails closed (never 0)."""
    cases: list[Case] = []
    good = [model_dir(base / "local", f"good-{i:02d}") for i in range(49)]
    bad = model_dir(base / "local", "bad-bomb", "---\n" + BOMB + "license: *i\n---\n")
    refs = [str(p) for p in good[:25]] + [str(bad)] + [str(p) for p in good[25:]]
    cases.append(Case("p8-mix", "local-bomb", ["audit", *refs, "--offline", "-f", "jsonl"], allow2=False,
                      fail_closed=True, models=[p.name for p in [*good, bad]], affected="bad-bomb", timeout=180))
    lines = [catalog_line(f"acme/good-{i:02d}") for i in range(49)]
    lines.insert(20, json.dumps({"id": "acme/bad", "sha": 5, "cardData": [1], "siblings": "x", "tags": {"a": 1}}))
    path = write(base / "catalog.jsonl", "\n".join(lines) + "\n")
    ids = [f"acme/good-{i:02d}" for i in range(49)]
    cases.append(Case("p8-mix", "catalog-types", ["audit", *ids[:20], "acme/bad", *ids[20:], "--offline", "--catalog",
                                                  str(path), "-f", "jsonl"], allow2=False, fail_closed=True,
                      models=[*ids, "acme/bad"], affected="acme/bad", timeout=180))
    cases.append(Case("p8-mix", "catalog-unknown", ["audit", *ids[:30], "acme/not-recorded", *ids[30:], "--offline",
                                                    "--catalog", str(path), "-f", "jsonl"], allow2=False,
                      fail_closed=True, models=[*ids, "acme/not-recorded"], affected="acme/not-recorded", timeout=180))
    refs_file = write(base / "refs.txt", "\n".join([*ids[:10], "../../etc/passwd", *ids[10:]]) + "\n")
    cases.append(Case("p8-mix", "refs-one-bad-line", ["audit", "--offline", "--catalog", str(path), "--refs-file",
                                                      str(refs_file), "-f", "jsonl"], fail_closed=True,
                      models=ids, error_names=["refs.txt"], timeout=180))
    return cases


def pass8_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("out", output_cases), ("notice", notice_file_cases), ("lock", tampered_lock_cases),
                        ("cel", cel_limit_cases), ("refs", refs_file_shapes), ("catalog", catalog_type_cases),
                        ("hub", lambda b: hub_type_cases(b, hub)), ("mix", mixture_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 9


def _timed(limit: float, then: Callable[[Result], str | None] | None = None) -> Callable[[Result], str | None]:
    """Broken when the run took longer than `limit` seconds (start-up included) or `then` says so."""
    def check(result: Result) -> str | None:
        if result.seconds > limit:
            return f"took {result.seconds:.1f}s (bound {limit:.0f}s)"
        return then(result) if then is not None else None
    return check


def p9_scan_cases(base: Path) -> list[Case]:
    """p9-scan: the newest config readers of `auditor check` made hostile: Jsonnet/libsonnet (100k-deep objects,
    unclosed strings, comments and text blocks, 50k chained `local`s, 5 MB of tokens), YAML here-documents (bombs,
    unterminated, 10k of them, deep), TOML data tables (deep inline tables, 50k keys naming one model, invalid), gin
    bindings (endless lines, unclosed quotes) and Make `$(VAR)` addresses (cycles, 10k-long chains, endless names).
    A config the reader refuses must be said (a problem naming the file), never dropped in silence; bounded time."""
    found = says('"id": "acme-ai/model-x"')
    hub = "https://huggingface.co/"
    items: dict[str, tuple[dict[str, str | bytes], Callable[[Result], str | None] | None]] = {
        "jsonnet-deep-obj": ({"c.jsonnet": "{ model_name: 'acme-ai/model-x', a: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "}\n"}, found),
        "jsonnet-deep-arr": ({"c.jsonnet": "{ model: " + "[" * 200_000 + "]" * 200_000 + ", model_name: 'acme-ai/model-x' }\n"}, found),
        "jsonnet-open-arr": ({"c.jsonnet": "{ model_name: 'acme-ai/model-x', x: " + "[" * 300_000 + "\n"}, found),
        "jsonnet-unclosed-str": ({"c.jsonnet": "{ model_name: 'acme-ai/model-x', x: \"" + "a\\\"" * 200_000 + "\n"}, found),
        "jsonnet-unclosed-comment": ({"c.libsonnet": "{ model_name: 'acme-ai/model-x' } /*" + " */ /* " * 100_000 + "/*"}, found),
        "jsonnet-textblocks": ({"c.jsonnet": "{ model_name: 'acme-ai/model-x', t: " + "||| x\n" * 100_000 + "}\n"}, found),
        "jsonnet-local-chain": ({"c.jsonnet": "local model_0 = 'acme-ai/model-x';\n" + "".join(
            f"local model_{i} = model_{i - 1};\n" for i in range(1, 50_000)) + "{ model_name: model_49999 }\n"}, None),
        "jsonnet-many-locals": ({"c.jsonnet": "".join(f"local model_{i} = 'acme-ai/model-x';\n" for i in range(50_000))
                                 + "{ model_name: 'acme-ai/model-x' }\n"}, found),
        "jsonnet-5mb": ({"c.jsonnet": "{ model_name: 'acme-ai/model-x',\n" + "a: 'b',\n" * 700_000 + "}\n"}, None),
        # an expression the walk does not understand is passed over (the file is never evaluated): bounded time only
        "jsonnet-colons": ({"c.jsonnet": "{ model_name: 'acme-ai/model-x' " + ":" * 500_000 + "}\n"}, None),
        "jsonnet-nul": ({"c.jsonnet": "{ model_name: 'acme-ai/model-x', x: '\x00' }\n" + "\x00" * 10_000}, None),
        "jsonnet-pretrained-huge": ({"c.jsonnet": "{type: 'pretrained_transformer', model_name: '" + "a-1" * 300_000 + "'}\n"}, None),
        "heredoc-bomb": ({"deploy.sh": "cat <<EOF | kubectl apply -f -\n" + BOMB + "env:\n- name: MODEL_ID\n  value: acme-ai/model-x\nEOF\n"}, None),
        "heredoc-invalid": ({"deploy.sh": "cat <<EOF > values.yaml\nmodel: [acme-ai/model-x\n  : : :\nEOF\n"}, None),
        "heredoc-unterminated": ({"deploy.sh": "cat <<EOF | kubectl apply -f -\n" + "".join(
            f"- model: acme-ai/m{i}\n" for i in range(60_000))}, None),
        "heredoc-many": ({"deploy.sh": "".join("cat <<EOF | kubectl apply -f -\nmodel: acme-ai/model-x\nEOF\n" for _ in range(10_000))}, found),
        "heredoc-many-open": ({"deploy.sh": "cat <<EOF > v.yaml\n" * 20_000}, None),
        "heredoc-deep": ({"deploy.sh": "cat <<EOF | kubectl create -f -\nmodel: " + "[" * 5000 + "]" * 5000 + "\nEOF\n"}, None),
        "heredoc-tags": ({"deploy.sh": "cat <<'EOF' > a.yml\nx: !!python/object/apply:os.system ['id']\nmodel: acme-ai/model-x\nEOF\n"}, found),
        "heredoc-long-line": ({"deploy.sh": "cat <<" + "A" * 500_000 + " | kubectl apply -f -\nmodel: acme-ai/model-x\n"}, None),
        "toml-deep-inline": ({"pyproject.toml": "[tool.x]\nmodel = 'acme-ai/model-x'\na = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n"}, None),
        "toml-deep-array": ({"c.toml": "model = 'acme-ai/model-x'\na = " + "[" * 3000 + "]" * 3000 + "\n"}, None),
        "toml-many-keys": ({"c.toml": "[models]\n" + "".join(f"model_{i} = 'acme-ai/model-x'\n" for i in range(50_000))}, found),
        "toml-data-table": ({"c.toml": "".join(f"[[data]]\ndataset = 'acme-ai/d{i}'\nmodel = 'acme-ai/model-x'\n" for i in range(20_000))}, found),
        "toml-invalid": ({"c.toml": "model = 'acme-ai/model-x'\n[[a]\nb = \n"}, says("c.toml")),
        "toml-dup": ({"c.toml": "model = 'acme-ai/model-x'\nmodel = 'acme-ai/other'\n"}, says("c.toml")),
        "toml-huge-string": ({"c.toml": "model = 'acme-ai/model-x'\nx = '" + "a" * 3_000_000 + "'\n"}, None),
        "toml-nul": ({"c.toml": "model = 'acme-ai/model-x'\nx = '\x00'\n"}, says("c.toml")),
        "gin-long": ({"config.gin": "train.model_name = 'acme-ai/model-x" + "x" * 500_000 + "'\n"}, None),
        "gin-unclosed": ({"config.gin": "train.model_name = 'acme-ai/model-x\n" * 20_000}, None),
        "gin-many": ({"config.gin": "".join(f"s{i}/build.model = 'acme-ai/model-x'\n" for i in range(30_000))}, found),
        "gin-blanks": ({"config.gin": "a" + " " * 300_000 + "= 'acme-ai/model-x'\n" + ".model_name" * 50_000 + "\n"}, None),
        "make-cycle": ({"Makefile": "A = $(B)\nB = $(A)\nURL = " + hub + "$(A)/model-x\nall:\n\tcurl $(URL)\n"}, None),
        "make-chain": ({"Makefile": "V0 = acme-ai/model-x\n" + "".join(f"V{i} = $(V{i - 1})\n" for i in range(1, 10_000))
                        + "all:\n\tgit clone " + hub + "$(V9999)\n"}, None),
        "make-self": ({"Makefile": "M = $(M)$(M)\nall:\n\thuggingface-cli download $(M)\n"}, None),
        "make-fanout": ({"Makefile": "A0 = x\n" + "".join(f"A{i} = $(A{i - 1})$(A{i - 1})\n" for i in range(1, 60))
                         + "all:\n\tcurl " + hub + "$(A59)\n"}, None),
        "make-long-url": ({"Makefile": "all:\n\tcurl " + hub + "$(" * 200_000 + "\n"}, None),
        "make-many-vars": ({"Makefile": "".join(f"MODEL{i} ?= acme-ai/model-x\n" for i in range(30_000))
                            + "all:\n\thuggingface-cli download acme-ai/model-x\n"}, found),
    }
    cases: list[Case] = []
    for name, (files, check) in items.items():
        root = _check_repo(base / name, files)
        cases.append(Case("p9-scan", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          allow2=False, check=_timed(40, _bounded(20_000_000, check)), timeout=90))
    return cases


def p9_card_cases(base: Path) -> list[Case]:
    """p9-card: mergekit multi-stage blocks (10k stages, a stage naming another, bombs and deep nesting in a fence,
    unclosed fences, stages of wrong types) and axolotl config blocks (10k datasets, base_model of every type, a bomb)
    inside cards; compute tables (100k rows, 1e400, NaN, "∞", negative, thousands separators of many locales, emphasis
    nested 1,000 deep, 200k-column rows). Every model must come out in bounded time, the hostile one with a finding
    when what it says could not be read."""
    fence = "```yaml\n{}```\n"
    stage = "- name: s{i}\n  merge_method: linear\n  models:\n  - model: {m}\n  - model: acme/b{i}\n"
    cards = {
        "mk-stages-10k": (fence.format("slices: []\n" + "".join(stage.format(i=i, m=f"s{i - 1}" if i else "acme/a")
                                                                 for i in range(10_000))), False),
        "mk-stages-bomb": (fence.format(BOMB + "- name: s0\n  merge_method: linear\n  models: *i\n"), True),
        "mk-stages-cycle": (fence.format("- name: a\n  merge_method: linear\n  models:\n  - model: b\n"
                                         "- name: b\n  merge_method: linear\n  models:\n  - model: a\n"), False),
        "mk-stages-self": (fence.format("- name: hostile-model\n  merge_method: linear\n  models:\n  - model: hostile-model\n"), False),
        "mk-stages-types": (fence.format("- name: [1, 2]\n  merge_method: {a: b}\n  models: 7\n- 12\n- null\n- name: x\n  models: [{model: {x: 1}}, 3]\n"), False),
        "mk-docs-10k": ("".join(fence.format(f"merge_method: linear\nmodels:\n- model: acme/m{i}\n") for i in range(10_000)), False),
        "mk-multi-doc": (fence.format("---\n".join(f"name: s{i}\nmerge_method: slerp\nbase_model: acme/a{i}\n" for i in range(10_000))), False),
        "mk-deep": (fence.format("merge_method: linear\nmodels:\n" + "".join("  " * i + "- model:\n" for i in range(1, 800))), False),
        "mk-unclosed": ("```yaml\nmerge_method: linear\nmodels:\n" + "- model: acme/m\n" * 50_000, False),
        "mk-fences-open": ("```yaml\nmerge_method: slerp\n" * 20_000, False),
        "axo-datasets-10k": (fence.format("base_model: acme/base\nadapter: lora\ndatasets:\n" + "".join(
            f"  - path: acme/d{i}\n    type: alpaca\n" for i in range(10_000))), False),
        "axo-base-types": (fence.format("base_model: [acme/a, {x: 1}, 3]\nadapter: lora\nsequence_len: 4096\n"), False),
        "axo-base-bomb": (fence.format(BOMB + "base_model: *i\nadapter: lora\nmicro_batch_size: 2\n"), True),
        "axo-bomb-named-base": (fence.format(BOMB + "base_model: acme/p9-unrecorded\nadapter: lora\nmicro_batch_size: 2\n"), True),
        "axo-huge-block": (fence.format("base_model: acme/p9-unrecorded\nadapter: lora\nmicro_batch_size: 2\n"
                                        + "# padding\n" * 20_000), True),
        "axo-base-huge": (fence.format("base_model: acme/" + "a" * 1_000_000 + "\nadapter: lora\nmicro_batch_size: 2\n"), True),
        "axo-both": (fence.format("base_model: acme/a\nmerge_method: slerp\nadapter: qlora\nmodels:\n- model: acme/b\n"), False),
        "cmp-rows-100k": ("Time (GPU hours)\n\n| Model | Time (GPU hours) |\n|---|---|\n" + "".join(
            f"| hostile-model {i}B | {i},000 |\n" for i in range(100_000)) + "\nTotal 3.3M GPU hours on H100-80GB\n", False),
        "cmp-1e400": ("Trained with 1e400 FLOPs and 1" + "0" * 400 + " GPU hours on H100-80GB.\n", False),
        "cmp-nan": ("Training used NaN GPU hours on A100-80GB and nan x 10^25 FLOPs and ∞ GPU hours and inf FLOPs.\n", False),
        "cmp-negative": ("Training used -3.3M GPU hours on H100-80GB and −1e25 FLOPs.\n", False),
        "cmp-locales": ("".join(f"Training used {n} GPU hours on H100-80GB.\n" for n in (
            "1.234.567", "1 234 567", "1\u202f234\u202f567", "1'234'567", "12,34,567", "1٬234٬567", "١٢٣٤", "1,234.567,89",
            "1" + ",000" * 5000, "9" * 5000)), False),
        "cmp-emphasis": ("Training used " + "**" * 1000 + "3.3M" + "**" * 1000 + " GPU hours on H100-80GB.\n"
                         + "*_" * 50_000 + "1 GPU hours\n", False),
        "cmp-columns": ("| Time (GPU hours) " * 200_000 + "|\n" + "|---" * 200_000 + "|\n" + "| 1 " * 200_000 + "|\n", False),
        "cmp-blanks": ("Trained for 3" + " " * 200_000 + "x" + "\n" + "1 " * 200_000 + "\n" + "1," * 200_000 + "GPU\n", False),
        "cmp-exponent": ("Trained with 3.8 x 10^" + "9" * 10_000 + " FLOPs and 10^99999 FLOPs.\n", False),
    }
    cases: list[Case] = []
    for name, (body, unread) in cards.items():
        said = "Built with axolotl.\n\n" if name.startswith("axo-") else ""  # an axolotl block is read only then
        folder = model_dir(base / name, "hostile-model", f"---\nlicense: mit\n---\n# A model\n\n{said}{body}\n")
        cases.append(audit_local(base / name, f"p9-{name}", folder, finding=unread,
                                 check=_timed(60, _bounded(10_000_000))))
        for fmt in ("sarif", "cyclonedx", "spdx3", "markdown", "html"):
            out = base / name / f"out.{fmt}"
            argv = ["audit", str(folder), "--offline", "-f", fmt, "-o", str(out)] if fmt in ("sarif", "markdown") \
                else ["sbom", str(folder), "--offline", "-f", fmt, "-o", str(out)] if fmt != "html" \
                else ["report", str(folder), "--offline", "-o", str(out)]
            cases.append(Case("p9-card-out", f"{name}-{fmt}", argv, check=_timed(60), timeout=120))
    return cases


def p9_rename_cases(base: Path) -> list[Case]:
    """p9-rename: organisation renames (auditor/data/org_renames.json) met by hostile inputs: a card whose base is the
    model itself under the other owner name, a catalog holding one repository under both owner names that disagree
    (which one is meant is not established: fail closed), a catalog line claiming the new name whose record says the
    old, a base named under an owner that only shares the renamed one's prefix, and a --refs-file naming both."""
    def rec(rid: str, lic: str, base_model: str | None = None) -> dict[str, Any]:
        card = {"license": lic, **({"base_model": base_model} if base_model else {})}
        return {"id": rid, "sha": "a" * 40, "cardData": card, "tags": [f"license:{lic}"],
                "siblings": [{"rfilename": "README.md"}]}
    lines = {
        "both-names": [rec("CohereForAI/p9-x", "mit"), rec("CohereLabs/p9-x", "cc-by-nc-4.0"),
                       rec("acme/child", "mit", "CohereForAI/p9-x")],
        "both-names-new": [rec("CohereForAI/p9-x", "mit"), rec("CohereLabs/p9-x", "cc-by-nc-4.0"),
                           rec("acme/child", "mit", "CohereLabs/p9-x")],
        "self-renamed": [rec("CohereLabs/p9-self", "mit", "CohereForAI/p9-self")],
        "self-renamed-old": [rec("THUDM/p9-self", "mit", "zai-org/p9-self")],
        "mutual": [rec("CohereLabs/p9-a", "mit", "CohereForAI/p9-b"), rec("CohereLabs/p9-b", "mit", "CohereForAI/p9-a"),
                   rec("acme/child", "mit", "THUDM/p9-a")],
        "chain-mixed": [rec("zai-org/p9-g", "mit", "CohereForAI/p9-c"), rec("CohereLabs/p9-c", "mit", "THUDM/p9-g")],
        "prefix-owner": [rec("CohereForAI-community/p9-x", "mit"), rec("acme/child", "mit", "CohereLabs-community/p9-x")],
        "case-owner": [rec("cohereforai/p9-x", "mit"), rec("acme/child", "mit", "COHERELABS/p9-x")],
        "claims-other": [{**rec("CohereLabs/p9-x", "mit"), "id": "CohereForAI/p9-x"}, rec("acme/child", "mit", "CohereLabs/p9-x")],
    }
    targets = {"both-names": ["acme/child"], "both-names-new": ["acme/child"], "self-renamed": ["CohereLabs/p9-self"],
               "self-renamed-old": ["THUDM/p9-self"], "mutual": ["CohereLabs/p9-a", "acme/child"],
               "chain-mixed": ["zai-org/p9-g"], "prefix-owner": ["acme/child"], "case-owner": ["acme/child"],
               "claims-other": ["acme/child"]}
    # a base named exactly as a catalog line is that line (the rename is followed only for a name the catalog misses);
    # the line under the other name does not make it unknown
    closed = {"prefix-owner"}
    cases: list[Case] = []
    for name, recs in lines.items():
        path = write(base / name / "catalog.jsonl", "".join(json.dumps(r) + "\n" for r in recs))
        refs = [*targets[name], BERT]
        cases.append(Case("p9-rename", name, ["audit", *refs, "--offline", "--catalog", str(path), "-f", "jsonl"],
                          models=refs, affected=targets[name][-1] if name in closed else None,
                          fail_closed=name in closed, allow2=False, check=_timed(60)))
        for cmd, extra in (("lineage", ["-f", "json"]), ("report", ["-f", "md", "-o", str(base / name / "r.md")]),
                           ("sbom", ["-f", "cyclonedx", "-o", str(base / name / "s.json")])):
            cases.append(Case(f"p9-rename-{cmd}", name, [cmd, targets[name][0], "--offline", "--catalog", str(path), *extra],
                              check=_timed(60)))
        refs_file = write(base / name / "refs.txt", "".join(f"{r}\n" for r in (*refs, "CohereForAI/p9-x", "CohereLabs/p9-x")))
        cases.append(Case("p9-rename-refs", name, ["audit", "--offline", "--catalog", str(path), "--refs-file",
                                                   str(refs_file), "-f", "jsonl"], models=refs, allow2=False,
                          check=_timed(60)))
    return cases


def _fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def p9_lock_notice_cases(base: Path) -> list[Case]:
    """p9-locks: `auditor lock`, `check --locked`, `report --lock` and `notice --lock` given a lock that is a FIFO, a
    2 GB sparse file, binary, a link out of the folder, a folder, a link loop; `notice` over LICENSE files that are a
    FIFO, a 2 GB sparse file, a link to a FIFO. Never a hang; the lock's file named when refused; a LICENSE left out
    said (exit 3), never dropped in silence."""
    shapes: dict[str, Callable[[Path], object]] = {
        "fifo": lambda p: _fifo(p),
        "sparse-2g": lambda p: _sparse(p, 2 * 1024 ** 3),
        "binary": lambda p: write(p, os.urandom(200_000)),
        "link-out": lambda p: os.symlink("/etc/passwd", p),
        "link-fifo": lambda p: (_fifo(p.parent / "elsewhere.fifo"), os.symlink(p.parent / "elsewhere.fifo", p)),
        "dir": lambda p: p.mkdir(parents=True),
        "link-loop": lambda p: (os.symlink(p.name + "2", p), os.symlink(p.name, p.parent / (p.name + "2"))),
        "devzero": lambda p: os.symlink("/dev/zero", p),
    }
    cases: list[Case] = []
    for name, make in shapes.items():
        root = _check_repo(base / "lock" / name, {})
        make(root / "auditor.lock")
        lockfile = str(root / "auditor.lock")
        cases.append(Case("p9-lock-check", name, ["check", str(root), "--offline", "--locked", "--no-cache", "-f", "jsonl"],
                          fail_closed=True, error_names=["auditor.lock"], check=_timed(60), timeout=90))
        cases.append(Case("p9-lock-report", name, ["report", BERT, "--offline", "--lock", lockfile, "-o", str(root / "r.html")],
                          error_names=["auditor.lock"], check=_timed(60), timeout=90))
        cases.append(Case("p9-lock-notice", name, ["notice", "--lock", lockfile, "--offline", "-o", str(root / "n")],
                          error_names=["auditor.lock"], check=_timed(60), timeout=90))
        cases.append(Case("p9-lock-write", name, ["lock", str(root), "--offline"], error_names=["auditor.lock"],
                          check=_timed(60), timeout=90))
        folder = model_dir(base / "notice" / name, "hostile-model", "---\nlicense: other\nlicense_name: acme\n---\n# x\n")
        make(folder / "LICENSE")
        out = base / "notice" / name / "out"

        def check(result: Result, out: Path = out, bundled: bool = name in ("binary", "dir")) -> str | None:
            # a binary LICENSE is bundled as it is; an empty LICENSE folder holds no file, as an absent one
            if result.code == 0 and not bundled:
                return "a LICENSE that cannot be bundled, exit 0 (complete)"
            return _output_problem("markdown", out / "NOTICE.md")
        cases.append(Case("p9-notice", name, ["notice", str(folder), "--offline", "-o", str(out)], allow2=False,
                          check=_timed(60, check), timeout=90))
        cases.append(Case("p9-notice-audit", name, ["audit", str(folder), "--offline", "-f", "jsonl"],
                          models=["hostile-model"], allow2=False, check=_timed(60), timeout=90))
    return cases


# Generic hostile strings for every module-level pattern: long runs of blanks, repeated partial matches of the
# pattern's own words, unclosed brackets and emphasis, digits with separators, Hub addresses without end.
_REGEX_PROBE = r'''
import re, sys, time, importlib, pkgutil
import auditor
from auditor.lazyre import LazyPattern
N = int(sys.argv[2])
mods = sys.argv[1].split(",")
def words(src):
    ws = re.findall(r"[A-Za-z][A-Za-z-]{2,}", src)
    return sorted(set(ws))[:40] or ["x"]
bad = 0
for name in mods:
    mod = importlib.import_module(name)
    for attr, pat in sorted(vars(mod).items()):
        if isinstance(pat, LazyPattern):
            pat = pat.compiled if "compiled" in pat.__dict__ else pat._compile()
        if not isinstance(pat, re.Pattern) or not isinstance(pat.pattern, str):
            continue
        # a pattern its module only anchors (`.match`, `.fullmatch`) is timed so; any other use is timed as a search
        src = open(mod.__file__, encoding="utf-8").read()
        anchored = not re.search(re.escape(attr) + r"(?:\.compiled)?\.(?:search|finditer|findall|sub|subn|split)\b", src) \
            and re.search(re.escape(attr) + r"\.(?:match|fullmatch)\b", src) is not None
        ws = words(pat.pattern)
        joined = " ".join(ws)
        inputs = {"blanks": " " * N + "x", "tabs-nl": " \t\n" * (N // 3), "nl": "\n" * N + "x",
                  "digits": "1" * N, "sep-digits": "1," * (N // 2), "dots": "1." * (N // 2), "star": "*" * N,
                  "under": "_" * N, "brackets": "[x](" * (N // 4), "pipes": "| x " * (N // 4), "hyphen": "-" * N,
                  "hub": "https://huggingface.co/" + "a/" * (N // 2), "slashes": "a/" * (N // 2), "word": "a" * N,
                  "words": (joined + " ") * max(1, N // (len(joined) + 1)),
                  "words-nospace": "".join(ws) * max(1, N // max(1, len("".join(ws)))),
                  "words-blanks": "".join(w + " " * 50 for w in ws) * max(1, N // (len(joined) + 50 * len(ws))),
                  "backticks": "`" * N, "quotes": "'\"" * (N // 2), "colon": ": " * (N // 2), "id-blanks": ("a/b " + " " * 20) * (N // 24)}
        for w in ws[:12]:
            inputs["rep-" + w] = (w + " ") * (N // (len(w) + 1))
            inputs["rep-" + w + "-blank"] = (w + " " * 30) * (N // (len(w) + 30))
        for kind, text in inputs.items():
            print(f"start {name}.{attr} {kind}", flush=True)
            t = time.monotonic()
            if anchored:
                pat.match(text)
                pat.fullmatch(text)
            else:
                for m in pat.finditer(text):
                    pass
            dt = time.monotonic() - t
            if dt > 2.0:
                bad += 1
                print(f"SLOW {name}.{attr} {kind} {dt:.1f}s", flush=True)
print(f"done bad={bad}", flush=True)
'''


def p9_regex_cases(base: Path) -> list[Case]:
    """p9-regex: every module-level pattern of the card and lineage readers (auditor/card.py, auditor/lineage/,
    auditor/compute.py, auditor/sources/mergekit.py) run over 20,000-character hostile strings (long runs of
    blanks, its own words repeated with and without blanks, unclosed links, digits with separators); a pattern
    taking more than 2 s on one string is broken (catastrophic backtracking)."""
    mods = ["auditor.card", "auditor.compute", "auditor.sources.mergekit", "auditor.sources.local"] + [
        f"auditor.{p.stem}" for p in sorted((ROOT / "auditor").glob("card_*.py"))] + [
        f"auditor.lineage.{p.stem}" for p in sorted((ROOT / "auditor" / "lineage").glob("*.py")) if p.stem != "__init__"]

    def check(result: Result) -> str | None:
        slow = [x for x in result.stdout.splitlines() if x.startswith("SLOW")]
        if result.code is None or "done bad=" not in result.stdout:
            last = [x for x in result.stdout.splitlines() if x.startswith("start")]
            return f"did not finish (last: {last[-1] if last else '-'})"
        return "; ".join(slow) or None
    return [Case("p9-regex", mod.rsplit(".", 1)[-1], [mod, "20000"], runner=["-c", _REGEX_PROBE],
                 check=check, timeout=600) for mod in mods]


def pass9_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("scan", p9_scan_cases), ("card", p9_card_cases), ("rename", p9_rename_cases),
                        ("locks", p9_lock_notice_cases), ("regex", p9_regex_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 10 (hostile pass 11)


_CUSTOM = ("name: x\ncustom_rules:\n  - id: {rid}\n    name: x\n    area: license\n    severity: error\n"
           "    title: t\n    condition: {cond}\n    message: m\n")


def _affected_finding(label: str) -> Callable[[Result], str | None]:
    """The run went on and `label`'s record carries an error or warning finding (exit 2 is judged elsewhere)."""
    def check(result: Result) -> str | None:
        if result.code == 2:
            return None
        for rec in result.records():
            if rec.get("type") == "model" and str(rec.get("model", "")).endswith(label):
                if any(f.get("severity") in ("error", "warning") for f in rec.get("findings", [])):
                    return None
                return f"{label} has no error/warning finding"
        return f"{label} missing from the output"
    return check


def p10_policy_cases(base: Path) -> list[Case]:
    """p10-policy: custom-rule conditions that parse but fail on the facts (index past a list's end, a field a
    model lacks, string against number, a map key absent, a regex that cannot compile built at run time); rule
    ids with look-alike letters (Cyrillic, full width, zero width) in `rules:`, `waivers:` and `custom_rules:`;
    lists of 100,000 license globs; waivers dated with a zone, a time, an expiry in the past, spaces, a week date.
    A condition that cannot be evaluated is a finding on the model (never a pass); a policy that cannot be read
    is one sentence naming the file and the key."""
    cases: list[Case] = []
    runtime = {
        "index-past-end": "license.declared.size() >= 0 && [1][5] == 1",
        "field-missing": "model.nope_field == 'x'",
        "nested-missing": "model.card.nope.deeper == 1",
        "string-vs-int": "model.id > 5",
        "map-key-absent": "{'a': 1}['b'] == 1",
        "int-overflow-rt": "size(model.id) * 9223372036854775807 > 0",
        "regex-from-data": "model.id.matches(model.id + '(')",
        "list-vs-string": "'mit' in model.id.size()",
        "dyn-type-error": "dyn(model.id) + 1 == 2",
        "int-plus-double": "model.id.size() + 1.5 > 0.0",
    }
    for name, cond in runtime.items():
        path = write(base / "rt" / name / "policy.yaml", _CUSTOM.format(rid="ACME001", cond=json.dumps(cond)))
        cases.append(Case("p10-cel-runtime", name, ["audit", BERT, "--offline", "--policy", str(path), "-f", "jsonl"],
                          models=[BERT], affected=BERT, fail_closed=True, error_names=["policy.yaml"]))
    confusables = {
        "cyrillic-rule": ("name: x\nrules:\n  LI\u0421001: {severity: note}\n", "rules"),
        "fullwidth-rule": ("name: x\nrules:\n  \uff2c\uff29\uff23001: {severity: note}\n", "rules"),
        "zero-width-rule": ("name: x\nrules:\n  LIC\u200b001: {enabled: false}\n", "rules"),
        "cyrillic-waiver": ("name: x\nwaivers:\n  - {model: '*', rule: LI\u0421001, reason: Legal approval LEG-1, "
                            "expires: 2099-01-01}\n", "rule"),
        "bidi-waiver-rule": ("name: x\nwaivers:\n  - {model: '*', rule: \"LIC001\u202e\", reason: Legal approval LEG-1, "
                             "expires: 2099-01-01}\n", "rule"),
        "lowercase-waiver-rule": ("name: x\nwaivers:\n  - {model: '*', rule: lic001, reason: Legal approval LEG-1, "
                                  "expires: 2099-01-01}\n", "rule"),
        "custom-id-cyrillic-builtin": (_CUSTOM.format(rid="LI\u0421001", cond="'true'"), "LI"),
        "custom-id-zero-width": (_CUSTOM.format(rid="\"ACME\u200b001\"", cond="'true'"), "id"),
        "fail-on-confusable": ("name: x\nfail_on: \u0435rror\n", "fail_on"),
        "key-confusable": ("name: x\nlic\u0435nses:\n  allow: [MIT]\n", "lic"),
    }
    for name, (text, key) in confusables.items():
        path = write(base / "conf" / name / "policy.yaml", text)
        cases.append(Case("p10-policy-confusable", name, ["policy", "validate", str(path)], want2=True,
                          error_names=["policy.yaml", key]))
        cases.append(Case("p10-policy-confusable-audit", name, ["audit", BERT, "--offline", "--policy", str(path)],
                          want2=True, error_names=["policy.yaml"]))
    huge = {
        "deny-100k": "name: x\nlicenses:\n  deny: [" + ",".join(f"'LicenseRef-z{i}*'" for i in range(100_000)) + "]\n",
        "review-100k-categories": "name: x\nlicenses:\n  review: [" + ",".join(["'category:permissive'"] * 100_000) + "]\n",
        "rules-20k": "name: x\nrules:\n" + "".join(f"  ACME{i:05d}: {{severity: note}}\n" for i in range(20_000)),
        "roles-10k": "name: x\nuse:\n  models: [" + ",".join(f"{{model: 'a/m{i}', role: serve}}" for i in range(10_000)) + "]\n",
    }
    for name, text in huge.items():
        path = write(base / "huge" / name / "policy.yaml", text)
        cases.append(Case("p10-policy-huge", name, ["audit", BERT, "--offline", "--policy", str(path), "-f", "jsonl"],
                          models=[BERT], error_names=["policy.yaml"], check=_timed(45), timeout=90))
    waivers = {
        "expires-zone": ("2099-01-01T00:00:00+14:00", "expires"),
        "expires-z": ("2099-01-01T00:00:00Z", "expires"),
        "expires-space-time": ("'2099-01-01 10:00'", "expires"),
        "expires-week": ("2099-W01-1", "expires"),
        "expires-ordinal": ("2099-001", "expires"),
        "expires-padded": ("' 2099-01-01 '", "expires"),
        "expires-slashes": ("2099/01/01", "expires"),
        "expires-null": ("null", "expires"),
        "expires-list": ("[2099-01-01]", "expires"),
        "expires-leap-bad": ("2100-02-29", "expires"),
    }
    for name, (value, key) in waivers.items():
        text = f"name: x\nwaivers:\n  - {{model: '{BERT}', rule: LIC001, reason: Legal approval LEG-1, expires: {value}}}\n"
        path = write(base / "waiver" / name / "policy.yaml", text)
        want = ["policy.yaml", key] if key else ["policy.yaml"]
        cases.append(Case("p10-waiver", name, ["policy", "validate", str(path)], want2=key is not None, error_names=want))
        cases.append(Case("p10-waiver-audit", name, ["audit", BERT, "--offline", "--policy", str(path), "-f", "jsonl"],
                          models=[] if key else [BERT], want2=key is not None, error_names=want))
    # an expired waiver never hides the finding it waived: a non-commercial model under the commercial policy
    expired = write(base / "waiver" / "expired" / "policy.yaml",
                    "name: x\nextends: builtin:commercial\nwaivers:\n  - {model: 'acme/nc', rule: '*', reason: Legal "
                    "approval LEG-1, expires: 2001-01-01}\n")
    catalog = write(base / "waiver" / "expired" / "catalog.jsonl",
                    catalog_line("acme/nc", cardData={"license": "cc-by-nc-4.0"}, tags=["license:cc-by-nc-4.0"]) + "\n")
    cases.append(Case("p10-waiver-expired", "expired-nc", ["audit", "acme/nc", "--offline", "--catalog", str(catalog),
                                                           "--policy", str(expired), "-f", "jsonl"],
                      models=["acme/nc"], affected="acme/nc", fail_closed=True, allow2=False))
    return cases


def p10_lock_cases(base: Path) -> list[Case]:
    """p10-lock: locks with two entries for one model that disagree (SHA, license), the same key twice in one JSON
    object, 100,000-deep arrays, a BOM, UTF-16, CRLF, trailing garbage, a second JSON document: `check --locked`
    never passes what it cannot know and names the lock; `report --lock` and `notice --lock` name it too."""
    sha = "86b5e0934494bd15c9632b12f734a8a67f723594"
    entry = {"id": BERT, "requested": BERT, "revision": None, "sha": sha, "license": "Apache-2.0",
             "effective_license": "Apache-2.0", "lineage": [], "facts_digest": "0" * 64}
    record = {"id": BERT, "sha": sha, "cardData": {"license": "apache-2.0"}, "tags": ["license:apache-2.0"],
              "siblings": [{"rfilename": "README.md"}]}

    def doc(models: list[Any], records: list[Any] | None = None) -> str:
        return json.dumps({"lock_version": 1, "generated_by": "auditor", "models": models,
                           "records": [record] if records is None else records})

    good = doc([entry])
    texts: dict[str, tuple[str | bytes, bool]] = {  # name -> (lock bytes, exit 0 would be a silent pass)
        "dup-entry-sha": (doc([entry, {**entry, "sha": "f" * 40}]), True),
        "dup-entry-license": (doc([entry, {**entry, "license": "CC-BY-NC-4.0", "effective_license": "CC-BY-NC-4.0"}]), True),
        "dup-entry-same": (doc([entry, entry]), False),
        "dup-requested-other-id": (doc([entry, {**entry, "id": "acme/other"}]), True),
        "dup-key-sha": (good.replace(f'"sha": "{sha}"', f'"sha": "{"f" * 40}", "sha": "{sha}"', 1), True),
        "dup-key-models": (good.replace('"models": [', '"models": [], "models": [', 1), True),
        "dup-key-version": (good.replace('"lock_version": 1', '"lock_version": 1, "lock_version": 99', 1), True),
        "deep-array": ('{"lock_version": 1, "models": ' + "[" * 100_000 + "]" * 100_000 + "}", True),
        "deep-object": ('{"lock_version": 1, "models": [], "x": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}", True),
        "bom": ("\ufeff" + good, False),
        "utf16": (good.encode("utf-16"), False),
        "crlf": (json.dumps(json.loads(good), indent=1).replace("\n", "\r\n"), False),
        "trailing-garbage": (good + "\n}}garbage", True),
        "two-docs": (good + "\n" + good, True),
        "nul-inside": (good[:-1] + ', "x": "\\u0000"}', False),
        "empty": ("", True),
        "whitespace": ("   \n\t\n", True),
    }
    cases: list[Case] = []
    for name, (text, closed) in texts.items():
        root = _check_repo(base / name, {"auditor.lock": text})
        lockfile = str(root / "auditor.lock")
        cases.append(Case("p10-lock-check", name, ["check", str(root), "--offline", "--locked", "--no-cache", "-f", "jsonl"],
                          fail_closed=closed, error_names=["auditor.lock"], check=_timed(60), timeout=90))
        cases.append(Case("p10-lock-report", name, ["report", BERT, "--offline", "--lock", lockfile, "-f", "md", "-o",
                                                    str(root / "r.md")], error_names=["auditor.lock"], timeout=90,
                          check=lambda r, p=root / "r.md": _output_problem("markdown", p) if r.code != 2 else None))
        cases.append(Case("p10-lock-notice", name, ["notice", "--lock", lockfile, "--offline", "-o", str(root / "n")],
                          error_names=["auditor.lock"], fail_closed=closed, timeout=90))
    return cases


def p10_catalog_cases(base: Path) -> list[Case]:
    """p10-catalog: a catalog with one id twice holding different facts (license, SHA, base), a line with the same
    key twice, 100,000-deep JSON on a line, a BOM, CRLF line ends, UTF-16, a line separator (U+2028) inside a
    line: the affected model has a finding and the line is named; the others come out."""
    good = catalog_line("acme/good")
    shapes: dict[str, tuple[list[str] | bytes, str, bool]] = {
        "dup-id-license": ([good, catalog_line("acme/x"), catalog_line("acme/x", cardData={"license": "cc-by-nc-4.0"},
                                                                         tags=["license:cc-by-nc-4.0"])], "acme/x", True),
        # two SHAs of one repository are its history (the newest line answers): not a conflict
        "dup-id-sha": ([good, catalog_line("acme/x"), catalog_line("acme/x", sha="b" * 40)], "acme/x", False),
        "dup-id-base": ([good, catalog_line("acme/x", cardData={"license": "mit", "base_model": "acme/a"}),
                         catalog_line("acme/x", cardData={"license": "mit", "base_model": "acme/b"})], "acme/x", True),
        "dup-id-case": ([good, catalog_line("acme/x"), catalog_line("ACME/X", cardData={"license": "gpl-3.0"})], "acme/x", True),
        "dup-key-license": ([good, '{"id": "acme/x", "sha": "' + "a" * 40 + '", "cardData": {"license": "cc-by-nc-4.0", '
                                   '"license": "mit"}, "siblings": []}'], "acme/x", True),
        "dup-key-id": ([good, '{"id": "acme/y", "id": "acme/x", "sha": "' + "a" * 40 + '", "cardData": {"license": "mit"}}'],
                       "acme/x", True),
        "deep-line": ([good, '{"id": "acme/x", "sha": "' + "a" * 40 + '", "cardData": ' + "[" * 100_000 + "]" * 100_000 + "}"],
                      "acme/x", True),
        "deep-object-line": ([good, '{"id": "acme/x", "x": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}"], "acme/x", True),
        "bom-first": (("\ufeff" + good + "\n" + catalog_line("acme/x") + "\n").encode(), "acme/x", False),
        "crlf": ((good + "\r\n" + catalog_line("acme/x") + "\r\n").encode(), "acme/x", False),
        "utf16": ((good + "\n" + catalog_line("acme/x") + "\n").encode("utf-16"), "acme/x", False),
        "line-separator": ([good, catalog_line("acme/x", cardData={"license": "mit\u2028cc-by-nc-4.0"})], "acme/x", True),
        "nan-sha": ([good, '{"id": "acme/x", "sha": NaN, "cardData": {"license": "mit"}}'], "acme/x", True),
    }
    cases: list[Case] = []
    for name, (lines, ref, closed) in shapes.items():
        data = lines if isinstance(lines, bytes) else ("\n".join(lines) + "\n").encode()
        path = write(base / name / "catalog.jsonl", data)
        cases.append(Case("p10-catalog", name, ["audit", ref, "acme/good", "--offline", "--catalog", str(path), "-f", "jsonl"],
                          models=[ref, "acme/good"], affected=ref if closed else None, fail_closed=closed,
                          error_names=["catalog.jsonl"], check=_timed(60), timeout=90))
        cases.append(Case("p10-catalog-list", name, ["catalog", "list", "--catalog", str(path)],
                          error_names=["catalog.jsonl"], check=_timed(60), timeout=90))
    return cases


def p10_card_cases(base: Path) -> list[Case]:
    """p10-card: front matter in UTF-16 (LE and BE, with BOM), UTF-32, Latin-1 and Windows-1252, a UTF-8 BOM before
    the fence, CRLF and CR-only fences, a `%YAML` directive, `!!python/object` and `!!python/name` tags, merge keys
    (`<<: [*a, *b]`) that set the license, an anchor shared by license and base, a JSON `adapter_config.json` with
    its base named twice or 100,000 levels deep: each card read as it says or said unreadable, never a pass."""
    cases: list[Case] = []

    def card(name: str, readme: str | bytes, *, closed: bool = True, **files: str | bytes) -> None:
        folder = model_dir(base / name, "hostile-model", readme, **files)
        # Under builtin:commercial, where a non-commercial or custom license read as the card says fails: the
        # default policy's use is internal and non-commercial, so a card read correctly passes there.
        cases.append(audit_local(base / name, name, folder, fail_closed=closed, finding=True if closed else None,
                                 check=None, extra=["--policy", "builtin:commercial"]))

    nc = "---\nlicense: cc-by-nc-4.0\n---\n# m\n"
    card("utf16le-bom", nc.encode("utf-16"))
    card("utf16be-bom", b"\xfe\xff" + nc.encode("utf-16-be"))
    card("utf32-bom", nc.encode("utf-32"))
    card("latin1-name", "---\nlicense: other\nlicense_name: acm\xe9 licence\n---\n# m\n".encode("latin-1"))
    card("cp1252-quotes", "---\nlicense: \u201cmit\u201d\n---\n# m\n".encode("cp1252"))
    card("bom-before-fence", ("\ufeff" + nc).encode(), closed=True)
    card("crlf-fences", nc.replace("\n", "\r\n").encode())
    card("cr-only-fences", nc.replace("\n", "\r").encode())
    card("yaml-directive", "---\n%YAML 1.1\n---\nlicense: cc-by-nc-4.0\n---\n")
    card("python-object", "---\nlicense: !!python/object:os.system {}\n---\n")
    card("python-name", "---\nlicense: !!python/name:os.system\n---\n")
    card("python-module", "---\nlicense: !!python/module:os\n---\n")
    card("merge-list-license", "---\na: &a {license: cc-by-nc-4.0}\nb: &b {x: 1}\n<<: [*a, *b]\n---\n")
    card("anchor-license-base", "---\nlicense: &l cc-by-nc-4.0\nbase_model: *l\n---\n")
    card("adapter-dup-base", "---\nlicense: mit\n---\n", closed=True,
         adapter_config__json='{"base_model_name_or_path": "acme/a", "base_model_name_or_path": "acme/b", "peft_type": "LORA"}')
    card("adapter-deep", "---\nlicense: mit\n---\n", closed=False,
         adapter_config__json='{"peft_type": "LORA", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    card("config-deep-object", "---\nlicense: mit\n---\n", closed=False,
         config__json='{"x": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}")
    card("config-dup-keys", "---\nlicense: mit\n---\n", closed=False,
         config__json='{"_name_or_path": "acme/a", "_name_or_path": "acme/b", "architectures": ["X"]}')
    return cases


def p10_repo_cases(base: Path) -> list[Case]:
    """p10-repo: a checked repository holding a symlink loop (a folder linking to its parent), a link to itself,
    an unreadable file that names a model, an unreadable folder, file names with a newline, a carriage return, an
    ANSI escape, a bidi override, `]]>` and a tab, a 100,000-deep JSON notebook and a 50 MB line: every format
    written (SARIF validated against the 2.1.0 schema, JUnit against its XSD), no raw control character in text,
    SARIF or JUnit, each unreadable file said, the model the readable files name found."""
    cases: list[Case] = []
    root = _check_repo(base / "repo", {})
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")
    os.symlink("self", root / "self")
    write(root / "secret.py", 'from_pretrained("acme/hidden")\n').chmod(0)
    locked = root / "locked"
    write(locked / "inner.py", 'from_pretrained("acme/inner")\n')
    locked.chmod(0)
    for fname in ("new\nline.py", "car\rriage.py", "esc\x1b[31m.py", "bidi\u202eyp.py", "cdata]]>.py", "tab\tname.py",
                  "amp&lt;.py", "pct%0A::error::x.py"):
        write(root / fname, f'AutoModel.from_pretrained("acme/m-{len(fname)}")\n')
    write(root / "deep.ipynb", '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    write(root / "deep.json", '{"model_name_or_path": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}")
    write(root / "long.py", "x = '" + "a" * 50_000_000 + "'\n")
    out = base / "out"
    outs = {"sarif": out / "auditor.sarif", "junit": out / "auditor-junit.xml", "json": out / "auditor.json",
            "gitlab": out / "auditor-codequality.json", "markdown": out / "auditor.md"}

    def said_unreadable(result: Result) -> str | None:
        text = (out / "auditor.json").read_text(encoding="utf-8", errors="replace") if (out / "auditor.json").exists() else ""
        return None if "secret.py" in text else "the unreadable secret.py is not said"

    cases.append(Case("p10-repo", "formats", ["check", str(root), "--offline", "--no-cache", "-f",
                                              "sarif,junit,json,gitlab,markdown", "-o", str(out)],
                      fail_closed=True, allow2=False, check=_outputs_valid(outs, _timed(120, said_unreadable)), timeout=180))
    for fmt in ("text", "github"):
        cases.append(Case("p10-repo", fmt, ["check", str(root), "--offline", "--no-cache", "-f", fmt],
                          fail_closed=True, allow2=False, check=_timed(120, _stdout_clean), timeout=180))
    cases.append(Case("p10-repo", "lock", ["lock", str(root), "--offline", "--lock-file", str(base / "out.lock")],
                      allow2=False, fail_closed=True, check=_timed(120), timeout=180))
    single = base / "one"
    for fmt, fname in (("sarif", "a.sarif"), ("junit", "a.xml")):
        cases.append(Case("p10-repo", f"single-{fmt}", ["check", str(root), "--offline", "--no-cache", "-f", fmt, "-o",
                                                        str(single / fname)],
                          fail_closed=True, allow2=False, check=_outputs_valid({fmt: single / fname}), timeout=180))
    return cases


def p10_refs_cases(base: Path) -> list[Case]:
    """p10-refs: --refs-file lines ended by U+2028, NEL, a form feed or a vertical tab; a comment after a BOM; a
    reference in smart quotes; a line of 20 MB with no newline; a file that is only a BOM; a reference with a
    trailing tab and comment; each unreadable line named (file and line), the good reference audited."""
    shapes: dict[str, tuple[bytes, bool]] = {
        "u2028": (f"{BERT}\u2028acme/x\n".encode(), True),
        "nel": (f"{BERT}\n".encode() + "acme/x\x85acme/y\n".encode(), True),
        "form-feed": (f"{BERT}\n\x0c\nacme/x\x0c\n".encode(), True),
        "vertical-tab": (f"{BERT}\nacme/x\x0bacme/y\n".encode(), True),
        "bom-comment": (f"\ufeff# list\n{BERT}\n".encode(), False),
        "smart-quotes": (f"{BERT}\n\u201cacme/x\u201d\n".encode(), True),
        "huge-no-newline": (f"{BERT}\n".encode() + b"a" * 20_000_000, True),
        "only-bom": ("\ufeff".encode(), True),
        "tab-comment": (f"{BERT}\t# the bert\n".encode(), False),
        "latin1-comment": (f"{BERT}\n# caf\xe9\n".encode("latin-1"), False),
    }
    cases: list[Case] = []
    for name, (content, closed) in shapes.items():
        path = write(base / name / "refs.txt", content)
        models = [] if name == "only-bom" else [BERT]
        cases.append(Case("p10-refs", name, ["audit", "--offline", "--format", "jsonl", "--refs-file", str(path)],
                          models=models, fail_closed=closed, error_names=["refs.txt"], check=_timed(60), timeout=90))
    return cases


def p10_cli_cases(base: Path) -> list[Case]:
    """p10-cli: option values no one types: an empty format, a format named twice, a format list of commas, an
    empty output path, an output path with a newline, an exclude glob that is an unclosed class, --diff in a folder
    that is not a git repository or with a ref that is an option, a lock file under a missing folder, a negative or
    text --depth, `rules explain` and `licenses show` with a look-alike id. Exit 2 with one sentence, never a crash."""
    root = _check_repo(base / "repo", {})
    out = base / "out"
    out.mkdir()
    items: list[tuple[str, list[str], dict[str, Any]]] = [
        ("format-empty", ["audit", BERT, "--offline", "-f", ""], {"want2": True}),
        ("format-twice", ["audit", BERT, "--offline", "-f", "json,json", "-o", str(out / "twice")], {}),
        ("format-commas", ["audit", BERT, "--offline", "-f", ",,,"], {"want2": True}),
        ("format-space", ["audit", BERT, "--offline", "-f", " json "], {}),
        ("format-case", ["audit", BERT, "--offline", "-f", "SARIF"], {}),
        ("output-empty", ["audit", BERT, "--offline", "-f", "json", "-o", ""], {"want2": True}),
        ("output-newline", ["audit", BERT, "--offline", "-f", "json", "-o", str(out / "a\nb.json")], {}),
        ("exclude-unclosed", ["check", str(root), "--offline", "--no-cache", "--exclude", "[", "-f", "json"], {}),
        ("exclude-everything", ["check", str(root), "--offline", "--no-cache", "--exclude", "**", "-f", "json"], {}),
        ("diff-not-git", ["check", str(root), "--offline", "--no-cache", "--diff", "main"],
         {"want2": True, "error_names": ["--diff"]}),
        ("diff-option-ref", ["check", str(root), "--offline", "--no-cache", "--diff", "--output=/tmp/x"],
         {"want2": True}),
        ("lock-file-missing-dir", ["lock", str(root), "--offline", "--lock-file", str(base / "no" / "such" / "a.lock")], {}),
        ("locked-missing", ["check", str(root), "--offline", "--locked", "--lock-file", str(base / "none.lock")],
         {"want2": True, "error_names": ["none.lock"]}),
        ("depth-text", ["lineage", BERT, "--offline", "--depth", "deep"], {"want2": True}),
        ("depth-float", ["lineage", BERT, "--offline", "--depth", "1.5"], {"want2": True}),
        ("jobs-negative", ["audit", BERT, "--offline", "-j", "-3"], {"want2": True}),
        ("rules-explain-confusable", ["rules", "explain", "LI\u0421001"], {"want2": True, "error_names": ["LI"]}),
        ("licenses-show-confusable", ["licenses", "show", "\u039cIT"], {"want2": True}),
        ("policy-validate-many", ["policy", "validate", str(write(base / "p1.yaml", "name: a\n")),
                                  str(write(base / "p2.yaml", "name: b\nfail_on: 5\n"))],
         {"want2": True, "error_names": ["p2.yaml"]}),
        ("policy-show-missing", ["policy", "show", str(base / "nope.yaml")], {"want2": True, "error_names": ["nope.yaml"]}),
        ("catalog-list-missing", ["catalog", "list", "--catalog", str(base / "nope.jsonl")],
         {"want2": True, "error_names": ["nope.jsonl"]}),
        ("catalog-list-kind-bad", ["catalog", "list", "--kind", "spaceship"], {"want2": True}),
        ("notice-lock-missing", ["notice", "--lock", str(base / "gone.lock"), "--offline", "-o", str(out / "n")],
         {"want2": True, "error_names": ["gone.lock"]}),
        ("report-format-pdf-stdout", ["report", BERT, "--offline", "-f", "pdf"], {"allow2": True}),
        ("sbom-stdout-bad", ["sbom", BERT, "--offline", "-f", "spdx-json,cyclonedx"], {"allow2": True}),
        ("ref-only-at", ["audit", "@main", "--offline"], {"fail_closed": True}),
        ("ref-trailing-slash", ["audit", BERT + "/", "--offline", "-f", "jsonl"], {"fail_closed": False}),
        ("ref-double-slash", ["audit", "acme//x", "--offline"], {"fail_closed": True}),
    ]
    return [Case("p10-cli", name, argv, **opts) for name, argv, opts in items]


_P10_STATIC = {
    "deep-json": (b'{"id": "acme/x", "cardData": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "application/json"),
    "dup-keys-json": (b'{"id": "acme/x", "sha": "' + b"a" * 40 + b'", "cardData": {"license": "cc-by-nc-4.0", '
                      b'"license": "mit"}, "tags": ["license:mit"]}', "application/json"),
    "bom-json": (b'\xef\xbb\xbf{"id": "acme/x", "sha": "' + b"a" * 40 + b'", "cardData": {"license": "mit"}}',
                 "application/json"),
    "xml-ctype": (b'<?xml version="1.0"?><error>rate limited</error>', "application/xml"),
    "json-as-octet": (b'{"id": "acme/x", "cardData": {"license": "mit"}}', "application/octet-stream"),
    "nan-json": (b'{"id": "acme/x", "sha": NaN, "cardData": {"license": "mit"}}', "application/json"),
    "utf16-json": ('{"id": "acme/x", "cardData": {"license": "mit"}}'.encode("utf-16"), "application/json"),
}
P10_RAW_KINDS = (*_P10_STATIC, "redirect-ab-loop")


def p10_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p10-hub: the fake Hub answering with 100,000-deep JSON, a key given twice (a license hidden behind another),
    a BOM before the JSON, XML or octet-stream content types, NaN, UTF-16 JSON, a redirect loop between two
    addresses; 429 with Retry-After 0, 1.5, empty, padded, 10^20, a date in the past, in another format; a storm of
    500/502/503/504 on every path. The faulty model has a finding (never a pass), the healthy one comes out
    complete, time bounded."""
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/good", good_body, {"README.md": card, "model.safetensors": b"\0"})
    cases: list[Case] = []

    def run(name: str, *, closed: bool = True, finding: bool = True) -> None:
        repo = f"acme/p10-{name}"
        home = base / name
        home.mkdir(parents=True)
        cases.append(Case("p10-hub", name, ["audit", repo, "acme/good", "--endpoint", hub.url, "-f", "jsonl"],
                          models=[repo, "acme/good"], affected=repo if finding else None, fail_closed=closed,
                          allow2=False, timeout=150,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                               "HF_ENDPOINT": hub.url}, check=_timed(120)))

    for kind in P10_RAW_KINDS:
        repo = f"acme/p10-{kind}"
        hub.add_repo(repo, good_body, {"README.md": card})
        hub.fault(f"/api/models/{repo}", kind)
        hub.fault(f"/api/models/{repo}/revision/*", kind)
        hub.fault(f"/api/models/{repo}/b", kind)
        run(kind, closed=kind != "bom-json", finding=kind != "bom-json")  # a BOM before good JSON: read as it says
    for name, after in (("ra-zero", "0"), ("ra-fraction", "1.5"), ("ra-empty", ""), ("ra-padded", "  2  "),
                        ("ra-huge", "1" + "0" * 20), ("ra-past-date", "Wed, 21 Oct 2015 07:28:00 GMT"),
                        ("ra-iso-date", "2099-01-01T00:00:00Z"), ("ra-bidi", "1\u202e")):
        repo = f"acme/p10-{name}"
        hub.add_repo(repo, good_body, {"README.md": card})
        hub.fault(f"/api/models/{repo}", status=429, retry_after=after.encode("utf-8").decode("latin-1"))
        hub.fault(f"/api/models/{repo}/revision/*", status=429, retry_after=after.encode("utf-8").decode("latin-1"))
        run(name)
        cases[-1].check = _timed(120)  # a Retry-After past the deadline may stop the healthy model too
    for status in (500, 502, 503, 504):
        name = f"storm-{status}"
        repo = f"acme/p10-{name}"
        hub.add_repo(repo, good_body, {"README.md": card})
        for pattern in (f"/api/models/{repo}", f"/api/models/{repo}/*", f"/{repo}/resolve/*"):
            hub.fault(pattern, status=status)
        run(name)
    return cases


def pass10_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("policy", p10_policy_cases), ("lock", p10_lock_cases), ("catalog", p10_catalog_cases),
                        ("card", p10_card_cases), ("repo", p10_repo_cases), ("refs", p10_refs_cases),
                        ("cli", p10_cli_cases), ("hub", lambda b: p10_hub_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 11: outputs, concurrency, hostile card values

_LINE_BREAKS = __import__("re").compile("[\x85\u2028\u2029]")
# Three forked runs of one command (forked, not exec'd: as nobody the interpreter's path may not be reachable again).
_CONCURRENT = ("import os, runpy, sys\n"
               "argv = ['auditor', *sys.argv[1:]]\n"
               "kids = []\n"
               "for _ in range(3):\n"
               "    pid = os.fork()\n"
               "    if pid == 0:\n"
               "        sys.argv = argv\n"
               "        sys.stdout = open(os.devnull, 'w')\n"
               "        try:\n"
               "            runpy.run_module('auditor', run_name='__main__')\n"
               "        except SystemExit as exc:\n"
               "            os._exit(exc.code if isinstance(exc.code, int) else 1)\n"
               "        os._exit(0)\n"
               "    kids.append(pid)\n"
               "codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in kids]\n"
               "sys.exit(max(codes))\n")
P11_TEXTS = {
    "long-id": ("L" * 240, "acme/" + "b" * 5000, ["acme/" + "d" * 3000]),
    "rtl": ("\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \u202bembedded\u202c", "acme/\u0628\u0627\u0633",
            ["acme/\u05d3\u05d0\u05d8\u05d4"]),
    "html": ("<img src=x onerror=alert(1)>", "acme/\"><svg onload=alert(1)>", ["\" onmouseover=\"alert(1)"]),
    "md-pipe": ("a | b || c \\| d", "acme/x|y", ["acme/d|e", "| --- | --- |"]),
    "md-link": ("[x](javascript:alert(1)) ![t](http://evil.example/t.png)", "acme/[b](javascript:alert(2))",
                ["<https://evil.example>"]),
    "separators": ("a\u2028b\u2029c", "acme/x\u2028y", ["acme/d\u2029e"]),
}


def _md_tables_intact(text: str) -> str | None:
    """Every Markdown table keeps its column count on every row: a `|` from the input is escaped."""
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if len(block) >= 2:
            widths = {len(__import__("re").split(r"(?<!\\)\|", row)) for row in block}
            if len(widths) > 1:
                return f"a Markdown table's rows differ in columns ({sorted(widths)}): {block[0][:80]!r}"
        block = []
    return None


def _md_safe(path: Path) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        problem = _output_problem("markdown", path)
        if problem:
            return problem
        text = path.read_text(encoding="utf-8")
        prose = __import__("re").sub(r"(`+).*?\1", "", text)  # a code span shows its text, links and all, inert
        if __import__("re").search(r"(?<!\\)\]\((?:javascript:|http://evil)", prose):
            return f"{path.name} carries a live link from the input"
        if _LINE_BREAKS.search(text):
            return f"{path.name} carries a raw Unicode line break"
        return _md_tables_intact(text)
    return check


def _text_clean(result: Result) -> str | None:
    """Text on stdout: no control or bidi character and no Unicode line break from the input."""
    bad = _RAW_UNSAFE.search(result.stdout) or _LINE_BREAKS.search(result.stdout)
    return f"stdout carries a raw {bad.group()!r} at {bad.start()}" if bad else None


def _p11_folders(base: Path) -> list[Path]:
    folders = []
    for key, (name_text, base_id, datasets) in P11_TEXTS.items():
        card = ("---\nlicense: other\nlicense_name: " + json.dumps(name_text, ensure_ascii=False) + "\nlicense_link: "
                + json.dumps("javascript:alert(1)" if key == "html" else name_text[:100], ensure_ascii=False)
                + "\nbase_model: " + json.dumps(base_id, ensure_ascii=False) + "\ndatasets: "
                + json.dumps(datasets, ensure_ascii=False) + "\n---\n# " + name_text + "\n")
        label = name_text.replace("/", "_").replace("\n", "_")[:200] if key in ("long-id", "rtl", "md-pipe") else key
        folders.append(model_dir(base, f"p11-{key}-{label}" if key != "long-id" else label, card))
    return folders


def _p11_output_cases(base: Path) -> list[Case]:
    """p11-out: `-o` at a directory, under a regular file, at a device, into a folder nobody may write, at a link."""
    folder = base / "outputs"
    existing_dir = folder / "a-dir"
    existing_dir.mkdir(parents=True)
    plain = write(folder / "a-file.txt", "keep\n")
    readonly = folder / "read-only"
    readonly.mkdir()
    repo = folder / "read-only-repo"
    write(repo / "app.py", f'from transformers import AutoModel\nAutoModel.from_pretrained("{BERT}")\n')
    os.symlink(existing_dir, folder / "link-to-dir")
    placements = {
        "report-md-into-dir": (["report", BERT, "-f", "md", "-o", str(existing_dir)], "a-dir"),
        "report-html-under-file": (["report", BERT, "-f", "html", "-o", str(plain / "r.html")], "a-file.txt"),
        "report-pdf-dev-full": (["report", BERT, "-f", "pdf", "-o", "/dev/full"], "/dev/full"),
        "report-md-empty": (["report", BERT, "-f", "md", "-o", ""], "report"),
        "report-into-read-only": (["report", BERT, "-f", "html", "-o", str(readonly / "r.html")], "read-only"),
        "report-link-to-dir": (["report", BERT, "-f", "md", "-o", str(folder / "link-to-dir")], "link-to-dir"),
        "audit-formats-into-file": (["audit", BERT, "-f", "sarif,junit", "-o", str(plain)], "a-file.txt"),
        "audit-jsonl-into-read-only": (["audit", BERT, "-f", "jsonl", "-o", str(readonly / "a.jsonl")], "read-only"),
        "audit-sarif-into-dir": (["audit", BERT, "-f", "sarif", "-o", str(existing_dir)], "a-dir"),
        "notice-into-file": (["notice", BERT, "-o", str(plain)], "a-file.txt"),
        "notice-into-read-only": (["notice", BERT, "-o", str(readonly / "n")], "read-only"),
        "snapshot-into-dir": (["snapshot", BERT, "-o", str(existing_dir)], "a-dir"),
        "sbom-into-read-only": (["sbom", BERT, "-f", "cyclonedx", "-o", str(readonly / "s.json")], "read-only"),
        "lock-read-only-repo": (["lock", str(repo)], "auditor.lock"),
    }
    cases = [Case("p11-out", name, [*argv, "--offline"], want2=True, error_names=[named])
             for name, (argv, named) in placements.items()]
    readonly.chmod(0o555)
    repo.chmod(0o555)
    return cases


def _p11_concurrent_cases(base: Path) -> list[Case]:
    """p11-concurrent: three runs writing one output file (or folder) at once: whichever wins, the file is whole."""
    out = base / "concurrent"
    out.mkdir(parents=True)
    shapes = {
        "report-html": (["report", BERT, "--offline", "-f", "html", "-o", str(out / "r.html")], "html", out / "r.html"),
        "report-md": (["report", BERT, "--offline", "-f", "md", "-o", str(out / "r.md")], "markdown", out / "r.md"),
        "audit-sarif": (["audit", BERT, "--offline", "-f", "sarif", "-o", str(out / "a.sarif")], "sarif", out / "a.sarif"),
        "snapshot": (["snapshot", BERT, "--offline", "-o", str(out / "s.jsonl")], "jsonl", out / "s.jsonl"),
        "notice": (["notice", BERT, "--offline", "-o", str(out / "n")], "markdown", out / "n" / "NOTICE.md"),
    }
    return [Case("p11-concurrent", name, argv, allow2=False, runner=["-c", _CONCURRENT], timeout=240,
                 check=_outputs_valid({kind: path})) for name, (argv, kind, path) in shapes.items()]


def _p11_card_cases(base: Path) -> list[Case]:
    """p11-card: card values 5,000 characters long, right-to-left text, HTML/JS, `|` that would break a Markdown
    table, Markdown links and images, Unicode line separators: through report (md, HTML, PDF), notice, text,
    markdown, lineage and the SBOM; every model comes out and every output is whole and inert."""
    folders = _p11_folders(base / "cards")
    refs = [str(f) for f in folders]
    out = base / "card-out"
    cases = [
        Case("p11-card", "report-md", ["report", *refs, "--offline", "-f", "md", "-o", str(out / "r.md")],
             allow2=False, timeout=180, check=_md_safe(out / "r.md")),
        Case("p11-card", "report-html", ["report", *refs, "--offline", "-f", "html", "-o", str(out / "r.html")],
             allow2=False, timeout=180, check=_outputs_valid({"html": out / "r.html"})),
        Case("p11-card", "report-pdf", ["report", refs[1], refs[2], "--offline", "-f", "pdf", "-o", str(out / "r.pdf")],
             allow2=False, timeout=300, check=_outputs_valid({"pdf": out / "r.pdf"})),
        Case("p11-card", "notice", ["notice", *refs, "--offline", "-o", str(out / "n")], allow2=False, timeout=120,
             check=_md_safe(out / "n" / "NOTICE.md")),
        Case("p11-card", "audit-text", ["audit", *refs, "--offline", "-f", "text"], allow2=False, timeout=120,
             check=_text_clean),
        Case("p11-card", "audit-markdown", ["audit", *refs, "--offline", "-f", "markdown", "-o", str(out / "a.md")],
             allow2=False, timeout=120, check=_md_safe(out / "a.md")),
        Case("p11-card", "audit-jsonl", ["audit", *refs, "--offline", "-f", "jsonl"], allow2=False, timeout=120,
             models=[f.name for f in folders], check=_all_models(len(refs))),
        Case("p11-card", "sbom-cyclonedx", ["sbom", *refs, "--offline", "-f", "cyclonedx", "-o", str(out / "c.json")],
             allow2=False, timeout=120, check=_outputs_valid({"cyclonedx": out / "c.json"})),
        Case("p11-card", "sbom-spdx", ["sbom", *refs, "--offline", "-f", "spdx-json", "-o", str(out / "s.spdx.json")],
             allow2=False, timeout=120, check=_outputs_valid({"spdx": out / "s.spdx.json"})),
    ]
    cases += _p11_lock_cases(base / "lock")
    for ref, folder in zip(refs, folders, strict=True):
        key = folder.name.split("-")[1] if folder.name.startswith("p11-") else "long"
        for cmd, fmt in (("lineage", "text"), ("lineage", "mermaid"), ("openness", "text")):
            cases.append(Case("p11-card", f"{cmd}-{fmt}-{key}", [cmd, ref, "--offline", "-f", fmt], allow2=False,
                              timeout=120, check=_text_clean))
    return cases


def _lock_whole(path: Path, count: int) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        try:
            models = json.loads(path.read_text(encoding="utf-8"))["models"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return f"{path.name} is not a whole lock: {type(exc).__name__}"
        return None if len(models) == count else f"{path.name} locks {len(models)} of {count} models"
    return check


def _p11_lock_cases(base: Path) -> list[Case]:
    """p11-card lock: catalog models whose card values are each P11 text, locked from a repository that uses them."""
    lines, ids = [], []
    for key, (name_text, base_id, datasets) in P11_TEXTS.items():
        ids.append(f"acme/p11-{key}")
        lines.append(json.dumps({"id": ids[-1], "sha": "a" * 40, "tags": ["license:other"], "siblings": [{"rfilename": "README.md"}],
                                 "cardData": {"license": "other", "license_name": name_text, "base_model": base_id[:200],
                                              "datasets": datasets}}, ensure_ascii=False))
    catalog = write(base / "catalog.jsonl", "\n".join(lines) + "\n")
    repo = base / "repo"
    write(repo / "app.py", "from transformers import AutoModel\n" + "".join(f'AutoModel.from_pretrained("{i}")\n' for i in ids))
    common = ["--offline", "--catalog", str(catalog)]
    return [Case("p11-card", "lock", ["lock", str(repo), *common], allow2=False, timeout=120,
                 check=_lock_whole(repo / "auditor.lock", len(ids))),
            Case("p11-card", "check-text", ["check", str(repo), *common, "--no-cache", "-f", "text"], allow2=False,
                 timeout=120, check=_text_clean)]


def pass11_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("out", _p11_output_cases), ("concurrent", _p11_concurrent_cases), ("card", _p11_card_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 12: the process's surroundings

# The auditor run with one standard stream replaced first: argv[1] is `closed-stdout`, `full-stdout` or
# `closed-stdin`, the rest the auditor's arguments (a shell's `>&-`, `> /dev/full`, `<&-`). In this process (a
# process dropped to nobody may not exec the interpreter again): Python makes a stream it finds closed at start-up
# None, as done here.
_STREAM = ("import os, runpy, sys\n"
           "how, args = sys.argv[1], sys.argv[2:]\n"
           "if how == 'closed-stdout':\n"
           "    os.close(1); sys.stdout = None\n"
           "elif how == 'full-stdout':\n"
           "    os.dup2(os.open('/dev/full', os.O_WRONLY), 1)\n"
           "elif how == 'closed-stdin':\n"
           "    os.close(0); sys.stdin = None\n"
           "sys.argv = ['auditor', *args]\n"
           "runpy.run_module('auditor', run_name='__main__')\n")

# Ctrl-C once the run is mid-way (its streamed -o output has data in the temporary file), then: exit 130, one
# sentence, the previous target whole, no temporary file left. Prints SIGINT-OK and exits 0 when all hold. The run
# is a forked child of this process (a process dropped to nobody may not exec the interpreter again).
_SIGINT = ("import os, signal, sys, time, glob, runpy\n"
           "target, args = sys.argv[1], sys.argv[2:]\n"
           "folder = os.path.dirname(target)\n"
           "tmp = os.path.join(folder, '.' + os.path.basename(target) + '.*.tmp')\n"
           "r, w = os.pipe()\n"
           "pid = os.fork()\n"
           "if pid == 0:\n"
           "    # a probe started with `&` from a script inherits SIGINT ignored, which auditor rightly keeps ignoring:\n"
           "    # the child gets Ctrl-C as a terminal gives it\n"
           "    signal.signal(signal.SIGINT, signal.default_int_handler)\n"
           "    os.close(r); os.dup2(w, 2); os.dup2(os.open(os.devnull, os.O_WRONLY), 1)\n"
           "    sys.argv = ['auditor', *args]\n"
           "    try:\n"
           "        runpy.run_module('auditor', run_name='__main__')\n"
           "    except SystemExit as exc:\n"
           "        sys.stderr.flush()\n"
           "        os._exit(exc.code if isinstance(exc.code, int) else 1)\n"
           "    os._exit(0)\n"
           "os.close(w)\n"
           "end = time.monotonic() + 60\n"
           "while time.monotonic() < end and os.waitpid(pid, os.WNOHANG) == (0, 0):\n"
           "    if any(os.path.getsize(p) > 0 for p in glob.glob(tmp)):\n"
           "        break\n"
           "    time.sleep(0.02)\n"
           "os.kill(pid, signal.SIGINT)\n"
           "_, status = os.waitpid(pid, 0)\n"
           "err = os.read(r, 1 << 20).decode('utf-8', 'replace')\n"
           "sys.stderr.write(err)\n"
           "code = os.waitstatus_to_exitcode(status)\n"
           "bad = []\n"
           "if code != 130: bad.append(f'exit {code}, not 130')\n"
           "if open(target).read() != 'previous\\n': bad.append('the previous output was replaced')\n"
           "if glob.glob(tmp): bad.append('a temporary file was left')\n"
           "if 'interrupted' not in err: bad.append('no sentence says it was interrupted')\n"
           "print('; '.join(bad) or 'SIGINT-OK')\n")


def _says(words: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        return None if words in result.stdout else f"stdout lacks {words!r}: {result.stdout[-200:]!r}"
    return check


def _stdout_has(*words: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        missing = [w for w in words if w not in result.stdout]
        return f"stdout lacks {missing}" if missing else None
    return check


def _untouched(path: Path, content: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        try:
            now = path.read_text(encoding="utf-8")
        except OSError as exc:
            return f"{path.name} is gone ({exc.strerror})"
        return None if now == content else f"{path.name} was replaced"
    return check


def _p12_env_cases(base: Path) -> list[Case]:
    """p12-env: the environment set to garbage: the cache and Hub folders pointing at a device, a file or a path
    too long for the file system; the Hub endpoint not a URL (exit 2 naming HF_ENDPOINT, offline ignored); COLUMNS
    0, -1, 10^20 and text on a forced terminal (the model id stays whole); LANG=C and an ASCII-only stdout with a
    non-ASCII folder name."""
    folder = model_dir(base / "names", "modèle-中")
    cache_file = write(base / "a-file", "x")
    long_dir = str(base / ("d" * 300))
    items: list[tuple[str, dict[str, str], list[str], dict[str, Any]]] = []
    for name, env in (("cache-devnull", {"AUDITOR_CACHE_DIR": "/dev/null", "HF_HOME": "/dev/null"}),
                      ("cache-file", {"AUDITOR_CACHE_DIR": str(cache_file), "HF_HOME": str(cache_file)}),
                      ("cache-too-long", {"AUDITOR_CACHE_DIR": long_dir, "HF_HOME": long_dir}),
                      ("cache-empty", {"AUDITOR_CACHE_DIR": "", "HF_HOME": ""}),
                      ("cache-relative", {"AUDITOR_CACHE_DIR": "../../..", "HF_HOME": "~nobody-here/x"})):
        items.append((name, env, ["audit", BERT, str(folder), "--offline", "-f", "jsonl"],
                      {"models": [BERT, folder.name], "allow2": False}))
    for name, value in (("endpoint-ipv6", "http://[::1"), ("endpoint-scheme", "ftp://mirror"),
                        ("endpoint-words", "not a url"), ("endpoint-port", "http://h:99999"),
                        ("endpoint-newline", "http://h\nx")):
        items.append((name, {"HF_ENDPOINT": value}, ["audit", "acme/x", "-f", "json"],
                      {"want2": True, "error_names": ["HF_ENDPOINT"]}))
        items.append((f"{name}-offline", {"HF_ENDPOINT": value}, ["audit", BERT, "--offline", "-f", "jsonl"],
                      {"models": [BERT], "allow2": False}))
    for cols in ("0", "-1", "100000000000000000000", "abc", "3"):
        items.append((f"columns-{cols[:6]}", {"COLUMNS": cols, "LINES": cols, "FORCE_COLOR": "1"},
                      ["audit", BERT, "--offline"], {"allow2": False, "check": _stdout_has(BERT, "PASS")}))
    items.append(("no-color-garbage", {"NO_COLOR": "\x1b[31m", "FORCE_COLOR": "maybe", "TERM": "x" * 5000},
                  ["audit", BERT, "--offline"], {"allow2": False, "check": _stdout_has(BERT)}))
    items.append(("lang-c", {"LANG": "C", "LC_ALL": "C"}, ["audit", str(folder), "--offline"],
                  {"allow2": False, "check": _stdout_has("modèle-中")}))
    for fmt in ("text", "json", "markdown", "sarif"):
        items.append((f"ascii-stdout-{fmt}", {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"},
                      ["audit", str(folder), "--offline", "-f", fmt], {"allow2": False}))
    return [Case("p12-env", name, argv, env=env, **opts) for name, env, argv, opts in items]


def _p12_stream_cases(base: Path) -> list[Case]:
    """p12-stream: standard output closed (`>&-`) or full (`> /dev/full`) for every kind of output, standard input
    closed under `--refs-file -`: exit 2 and one sentence, never a traceback or an internal error; a closed stdout
    with the output in a file changes nothing."""
    out = base / "out"
    out.mkdir()
    cases: list[Case] = []
    for how in ("closed-stdout", "full-stdout"):
        for name, argv in (("audit-json", ["audit", BERT, "--offline", "-f", "json"]),
                           ("audit-text", ["audit", BERT, "--offline"]),
                           ("audit-jsonl", ["audit", BERT, "--offline", "-f", "jsonl"]),
                           ("check-sarif", ["check", str(_check_repo(base / how / "repo", {})), "--offline",
                                            "--no-cache", "-f", "sarif"]),
                           ("sbom-dash", ["sbom", BERT, "--offline", "-f", "cyclonedx", "-o", "-"]),
                           ("lineage", ["lineage", BERT, "--offline"]),
                           ("licenses", ["licenses", "list"]), ("help", ["--help"])):
            cases.append(Case("p12-stream", f"{how}-{name}", [how, *argv], runner=["-c", _STREAM], want2=True,
                              error_names=["standard output"]))
    cases.append(Case("p12-stream", "closed-stdout-to-file", ["closed-stdout", "audit", BERT, "--offline", "-f", "json",
                                                              "-o", str(out / "a.json")],
                      runner=["-c", _STREAM], allow2=False, check=_outputs_valid({"json": out / "a.json"})))
    cases.append(Case("p12-stream", "closed-stdin-refs", ["closed-stdin", "audit", "--offline", "--refs-file", "-"],
                      runner=["-c", _STREAM], want2=True, error_names=["standard input"]))
    return cases


def _p12_sigint_cases(base: Path) -> list[Case]:
    """p12-sigint: Ctrl-C mid-run, output streamed into an -o file (JSON Lines) or written at the end (JSON,
    several formats): exit 130 and one sentence, the previous file whole, no temporary file left."""
    models = base / "models"
    refs = [str(model_dir(models, f"m{i:04d}")) for i in range(2500)]
    refs_file = write(base / "refs.txt", "\n".join(refs) + "\n")
    cases: list[Case] = []
    for fmt, fname in (("jsonl", "run.jsonl"), ("json", "run.json")):
        target = write(base / fmt / fname, "previous\n")
        argv = [str(target), "audit", "--refs-file", str(refs_file), "--offline", "-f", fmt, "-o", str(target), "-j", "1"]
        cases.append(Case("p12-sigint", fmt, argv, runner=["-c", _SIGINT], allow2=False, timeout=180,
                          check=_says("SIGINT-OK")))
    return cases


def _p12_path_cases(base: Path) -> list[Case]:
    """p12-path: paths at the OS limits and empty ones: a 300-byte name (ENAMETOOLONG) given to every path option,
    an empty string to every path option (never the current folder), a checked repository whose files sit deeper
    than PATH_MAX, a card folder that is a file, a FIFO, a socket, a device or a symbolic-link loop."""
    import socket

    long = str(base / ("n" * 300))
    cases: list[Case] = []
    for name, argv, named in (
            ("output", ["audit", BERT, "--offline", "-f", "json", "-o", long + ".json"], "nnnn"),
            ("policy", ["audit", BERT, "--offline", "-p", long + ".yaml"], "--policy"),
            ("catalog", ["audit", BERT, "--offline", "--catalog", long + ".jsonl"], "catalog"),
            ("refs-file", ["audit", "--offline", "--refs-file", long], "nnnn"),
            ("check-path", ["check", long, "--offline"], "nnnn"),
            ("lock-file", ["lock", str(_check_repo(base / "lrepo", {})), "--offline", "--lock-file", long], "nnnn"),
            ("model-folder", ["audit", long + "/x", "--offline"], "nnnn")):
        cases.append(Case("p12-path", f"too-long-{name}", argv, want2=True, error_names=[named]))
    empty_cwd = base / "cwd"
    empty_cwd.mkdir()
    for name, argv in (("output", ["audit", BERT, "--offline", "-f", "json", "-o", ""]),
                       ("notice", ["notice", BERT, "--offline", "-o", ""]),
                       ("catalog", ["audit", BERT, "--offline", "--catalog", ""]),
                       ("check", ["check", "", "--offline"]),
                       ("lock-file", ["lock", str(base / "lrepo"), "--offline", "--lock-file", ""]),
                       ("policy", ["audit", BERT, "--offline", "-p", ""]),
                       ("policy-validate", ["policy", "validate", ""]),
                       ("rules-policy", ["rules", "list", "-p", ""]),
                       ("refs-file", ["audit", "--offline", "--refs-file", ""]),
                       ("mof", ["openness", "--mof", ""])):
        cases.append(Case("p12-path", f"empty-{name}", argv, want2=True, cwd=str(empty_cwd),
                          check=lambda r, d=empty_cwd: f"wrote into the working folder: {os.listdir(d)}"
                          if os.listdir(d) else None))
    deep = _check_repo(base / "deep", {})
    here = os.getcwd()
    try:
        os.chdir(deep)
        for _ in range(20):  # 20 x 250 bytes: deeper than PATH_MAX (4096), built one relative step at a time
            os.mkdir("p" * 250)
            os.chdir("p" * 250)
        write(Path("train.py"), 'AutoModel.from_pretrained("acme/deep-model")\n')
    finally:
        os.chdir(here)
    cases.append(Case("p12-path", "deeper-than-path-max", ["check", str(deep), "--offline", "--no-cache", "-f", "json"],
                      allow2=False, check=_timed(120), timeout=180))

    def sock(path: Path) -> None:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()

    kinds = base / "kinds"
    kinds.mkdir()
    write(kinds / "file-card", GOOD_CARD)
    os.mkfifo(kinds / "fifo-card")
    sock(kinds / "sock-card")
    (kinds / "loop-a").symlink_to(kinds / "loop-b")
    (kinds / "loop-b").symlink_to(kinds / "loop-a")
    (kinds / "dev-card").symlink_to("/dev/zero")
    # Something that is there but is no folder is a model that cannot be read: an incomplete result with one
    # sentence saying what it is, the other models of the run audited (pass 14); nothing there at all is a typo
    # (exit 2), as a malformed id is.
    for name in ("file-card", "fifo-card", "sock-card", "loop-a", "dev-card"):
        cases.append(Case("p12-path", f"card-folder-is-{name}", ["audit", str(kinds / name), BERT, "--offline",
                                                                 "-f", "jsonl"],
                          models=[BERT, name], affected=name, fail_closed=True, allow2=False))
    # since p18 (pass 20) a path among other references that is not there is reported as not audited and the run
    # goes on (exit 3, the sentence names it), as for every other hostile reference; it was exit 2 before
    cases.append(Case("p12-path", "card-folder-missing", ["audit", str(kinds / "missing"), BERT, "--offline", "-f",
                                                          "jsonl"], models=[BERT], fail_closed=True, allow2=False,
                      check=says("missing")))
    return cases


def _p12_repo_cases(base: Path) -> list[Case]:
    """p12-repo: a checked repository holding a FIFO, a socket, a device link and a link loop under the names the
    scan reads (x.py, requirements.txt, config.json, Dockerfile), beside a file that names a model: no hang, the
    model found, every format valid."""
    import socket

    root = _check_repo(base / "repo", {"app.py": 'AutoModel.from_pretrained("acme/seen-model")\n'})
    os.mkfifo(root / "fifo.py")
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(root / "requirements.txt"))
    s.close()
    (root / "config.json").symlink_to("/dev/zero")
    (root / "Dockerfile").symlink_to(root / "Dockerfile")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to("..")
    write(root / "long-line.py", "x = 1  # " + "y" * 3_000_000 + '\nAutoModel.from_pretrained("acme/after-long")\n')
    out = base / "out"
    outs = {"sarif": out / "auditor.sarif", "junit": out / "auditor-junit.xml", "json": out / "auditor.json"}

    def found(result: Result) -> str | None:
        text = (out / "auditor.json").read_text(encoding="utf-8") if (out / "auditor.json").exists() else ""
        return None if "acme/seen-model" in text else "the model named in app.py was not found"

    return [Case("p12-repo", "special-files", ["check", str(root), "--offline", "--no-cache", "-f", "sarif,junit,json",
                                               "-o", str(out)], allow2=False, timeout=120,
                 check=_outputs_valid(outs, found))]


def _p12_readonly_cases(base: Path) -> list[Case]:
    """p12-readonly: an output file (or its folder) the user made read-only, for every command that writes one:
    exit 2 and one sentence naming it, the file as it was (a rename would replace it, even for root)."""
    repo = _check_repo(base / "repo", {})
    cases: list[Case] = []
    for name, argv in (("audit", ["audit", BERT, "--offline", "-f", "json", "-o", "{out}"]),
                       ("check", ["check", str(repo), "--offline", "--no-cache", "-f", "junit", "-o", "{out}"]),
                       ("lock", ["lock", str(repo), "--offline", "--lock-file", "{out}"]),
                       ("report", ["report", BERT, "--offline", "-o", "{out}"]),
                       ("sbom", ["sbom", BERT, "--offline", "-f", "spdx-json", "-o", "{out}"]),
                       ("snapshot", ["snapshot", BERT, "--offline", "-o", "{out}"]),
                       ("lineage", ["lineage", BERT, "--offline", "-o", "{out}"]),
                       ("openness", ["openness", BERT, "--offline", "-o", "{out}"])):
        target = write(base / name / "out.file", "kept\n")
        target.chmod(0o444)
        cases.append(Case("p12-readonly", name, [a.replace("{out}", str(target)) for a in argv], want2=True,
                          error_names=["out.file", "read-only"], check=_untouched(target, "kept\n")))
    folder = base / "ro-folder"
    folder.mkdir()
    cases.append(Case("p12-readonly", "notice-folder", ["notice", BERT, "--offline", "-o", str(folder / "n")],
                      want2=True, error_names=["read-only"],
                      check=lambda r: f"wrote into the read-only folder: {os.listdir(folder)}" if os.listdir(folder)
                      else None))
    folder.chmod(0o555)
    return cases


def _p12_input_cases(base: Path) -> list[Case]:
    """p12-input: a refs file with a NUL, a BOM with CRLF, UTF-16; a policy whose anchors and merge keys set its
    severities, one with `!!python/object/apply`, one with a CEL condition 3,000 parentheses deep."""
    cases: list[Case] = []
    for name, data in (("nul", f"{BERT}\nacme/x\x00y\n".encode()), ("bom-crlf", f"\ufeff{BERT}\r\n# c\r\n".encode()),
                       ("utf16", f"{BERT}\n".encode("utf-16"))):
        path = write(base / name / "refs.txt", data)
        cases.append(Case("p12-input", f"refs-{name}", ["audit", "--offline", "-f", "jsonl", "--refs-file", str(path)],
                          models=[BERT] if name != "utf16" else [], fail_closed=name != "bom-crlf",
                          error_names=["refs.txt"]))
    rule = "custom_rules:\n  - {id: ACME001, name: x, area: license, severity: error, title: t, message: m, when: '%s'}\n"
    for name, text in (
            ("merge-keys", "name: x\nbase: &b {severity: error}\nrules:\n  CRD001: {<<: *b}\n"),
            ("python-tag", "name: !!python/object/apply:os.system ['echo pwned']\n"),
            ("deep-cel", "name: x\n" + rule % ("(" * 3000 + "true" + ")" * 3000)),
            ("anchor-bomb", "name: x\n" + BOMB)):
        path = write(base / name / "policy.yaml", text)
        cases.append(Case("p12-input", f"policy-{name}", ["policy", "validate", str(path)], want2=True,
                          error_names=["policy.yaml"]))
        cases.append(Case("p12-input", f"policy-{name}-audit", ["audit", BERT, "--offline", "--policy", str(path)],
                          want2=True, error_names=["policy.yaml"]))
    return cases


def pass12_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("env", _p12_env_cases), ("stream", _p12_stream_cases), ("sigint", _p12_sigint_cases),
                        ("path", _p12_path_cases), ("repo", _p12_repo_cases), ("readonly", _p12_readonly_cases),
                        ("input", _p12_input_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 13


def _names_in(where: str, *words: str) -> Callable[[Result], str | None]:
    """`where` ("stdout" or "stderr") holds each of `words` (the file, the model, the reason)."""
    def check(result: Result) -> str | None:
        text = getattr(result, where)
        missing = [w for w in words if w not in text]
        return f"{where} lacks {missing}: {text[-300:]!r}" if missing else None
    return check


def _p13_ignore_cases(base: Path) -> list[Case]:
    """p13-ignore: the ignore files of a checked repository made hostile: a .gitignore (root or nested) or
    .git/info/exclude nobody may read, with git and without (git warns and applies it as empty), a .gitignore
    that is a FIFO (git blocks on it forever), a directory or a device link, in UTF-16, with NUL bytes, 100,000
    patterns or a pattern of 300 `**/`. An ignore file not applied leaves the check unknown: exit 3 naming it."""
    other = "openai-community/gpt2"
    cases: list[Case] = []

    def repo(name: str, git: bool, make: Callable[[Path], object], *, closed: bool = True) -> None:
        root = _check_repo(base / name, {"secret/a.py": f'AutoModel.from_pretrained("{other}")\n'})
        write(root / ".gitignore", "secret/\n")
        if git:
            subprocess.run(["git", "init", "-q", str(root)], check=True)
        make(root)
        check = _names_in("stdout", ".gitignore" if "exclude" not in name else "exclude") if closed else None
        cases.append(Case("p13-ignore", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          fail_closed=closed, allow2=False, check=_timed(45, check), timeout=90))

    for git in (False, True):
        tag = "git-" if git else ""
        repo(f"{tag}unreadable", git, lambda r: _unreadable(r / ".gitignore"))
        # nested: the folder's own .gitignore does the ignoring (an ignored folder's is never read, by git or us)
        repo(f"{tag}nested-unreadable", git, lambda r: ((r / ".gitignore").unlink(),
                                                        _unreadable(write(r / "secret" / ".gitignore", "*.py\n"))))
        repo(f"{tag}fifo", git, lambda r: (r / ".gitignore").unlink() or _fifo(r / ".gitignore"))
        repo(f"{tag}nested-fifo", git, lambda r: ((r / ".gitignore").unlink(), _fifo(r / "secret" / ".gitignore")))
        repo(f"{tag}is-dir", git, lambda r: (r / ".gitignore").unlink() or (r / ".gitignore").mkdir(), closed=False)
        repo(f"{tag}utf16", git, lambda r: write(r / ".gitignore", "secret/\n".encode("utf-16")), closed=False)
        repo(f"{tag}nul", git, lambda r: write(r / ".gitignore", b"sec\0ret/\n"), closed=False)
        repo(f"{tag}many", git, lambda r: write(r / ".gitignore", "".join(f"p{i}/**/x{i}\n" for i in range(100_000))),
             closed=False)
        repo(f"{tag}starstar", git, lambda r: write(r / ".gitignore", "**/" * 300 + "x\n" + "*" * 5000 + "a\n"),
             closed=False)
    repo("git-info-exclude-unreadable", True, lambda r: (write(r / ".git" / "info" / "exclude", "secret/\n"),
                                                         (r / ".gitignore").unlink(),
                                                         _unreadable(r / ".git" / "info" / "exclude")))
    repo("info-exclude-fifo", False, lambda r: ((r / ".gitignore").unlink(), (r / ".git" / "info").mkdir(parents=True),
                                                _fifo(r / ".git" / "info" / "exclude")))
    return cases


def _p13_incomplete_cases(base: Path) -> list[Case]:
    """p13-incomplete: report, sbom (each format) and notice written to a file for a model that cannot be read:
    stderr says which model and why in one sentence, not only that the audit could not be completed."""
    cases: list[Case] = []
    for name, argv in (("report-md", ["report", "acme/p13-missing", "--offline", "-f", "md", "-o", str(base / "r.md")]),
                       ("report-html", ["report", "acme/p13-missing", BERT, "--offline", "-o", str(base / "r.html")]),
                       ("sbom-spdx", ["sbom", "acme/p13-missing", "--offline", "-f", "spdx-json", "-o", str(base / "s.spdx")]),
                       ("sbom-cdx", ["sbom", BERT, "acme/p13-missing", "--offline", "-f", "cyclonedx",
                                     "-o", str(base / "s.json")]),
                       ("sbom-spdx3", ["sbom", "acme/p13-missing", "--offline", "-f", "spdx3", "-o", str(base / "s3.json")]),
                       ("notice", ["notice", "acme/p13-missing", "--offline", "-o", str(base / "n")])):
        cases.append(Case("p13-incomplete", name, argv, fail_closed=True, allow2=False,
                          check=_names_in("stderr", "acme/p13-missing", "not found")))
    return cases


def _p13_path_cases(base: Path) -> list[Case]:
    """p13-path: a model folder or checked repository whose path cannot be looked at: a name too long for lstat, a
    link loop on the way, a file on the way: exit 2 with a sentence saying which, never "not a directory" alone."""
    (base / "loop-a").symlink_to(base / "loop-b")
    (base / "loop-b").symlink_to(base / "loop-a")
    write(base / "plain-file", "x\n")
    long = str(base / ("n" * 300))
    cases = []
    for name, path, words in (("too-long", long, "too long"), ("loop-on-way", str(base / "loop-a" / "m"), "loop"),
                              ("file-on-way", str(base / "plain-file" / "m"), "is a file")):
        cases.append(Case("p13-path", f"check-{name}", ["check", path, "--offline"], want2=True, error_names=[words]))
        # audit: among other references the path is reported as not audited and the run goes on (p18, pass 20)
        cases.append(Case("p13-path", f"audit-{name}", ["audit", path, BERT, "--offline", "-f", "jsonl"], models=[BERT],
                          fail_closed=True, allow2=False, check=says(words)))
    return cases


def _p13_encoding_cases(base: Path) -> list[Case]:
    """p13-encoding: NUL bytes, a UTF-8 BOM and UTF-16 in every input kind the first passes left out: a policy,
    a catalog, a lock for `check --locked` / `report --lock` / `notice --lock`, auditor.yaml and a MOF file.
    A BOM before good text is read as it says; a NUL or UTF-16 is one sentence naming the file (exit 2) or a
    finding, never a crash or a pass on what was not read."""
    policy = "name: p13\nlicenses:\n  deny: [cc-by-nc-4.0]\n"
    catalog = catalog_line(BERT.replace("google-bert", "acme"), license="mit")
    cases: list[Case] = []
    shapes = {"nul": lambda t: t.encode() + b"\0\n", "bom": lambda t: b"\xef\xbb\xbf" + t.encode(),
              "utf16": lambda t: t.encode("utf-16"), "nul-inside": lambda t: t[:5].encode() + b"\0" + t[5:].encode()}
    lrepo = _check_repo(base / "lrepo", {})
    for shape, enc in shapes.items():
        ok = shape == "bom"
        pol = write(base / shape / "policy.yaml", enc(policy))
        cases.append(Case("p13-encoding", f"policy-{shape}", ["audit", BERT, "--offline", "-p", str(pol)],
                          want2=not ok, allow2=not ok, error_names=[] if ok else ["policy.yaml"]))
        cat = write(base / shape / "catalog.jsonl", enc(catalog + "\n"))
        cases.append(Case("p13-encoding", f"catalog-{shape}", ["audit", "acme/bert-base-uncased", "--offline", "--catalog",
                                                              str(cat), "-f", "jsonl"],
                          fail_closed=not ok, error_names=[] if ok else ["catalog.jsonl"]))
        lock = write(base / shape / "auditor.lock", enc('{"version": 1, "models": {}}\n'))
        for cmd, argv in (("check-locked", ["check", str(lrepo), "--offline", "--locked", "--lock-file", str(lock)]),
                          ("report-lock", ["report", BERT, "--offline", "--lock", str(lock), "-o", str(base / shape / "r.md")]),
                          ("notice-lock", ["notice", BERT, "--offline", "--lock", str(lock), "-o", str(base / shape / "n")])):
            cases.append(Case("p13-encoding", f"{cmd}-{shape}", argv, fail_closed=cmd == "check-locked" and not ok,
                              error_names=["auditor.lock"]))
        repo = _check_repo(base / shape / "repo", {})
        write(repo / "auditor.yaml", enc(f"models:\n  - {BERT}\n"))
        # auditor.yaml also holds the project's policy: one it cannot read stops the run (exit 2) as --policy does
        cases.append(Case("p13-encoding", f"manifest-{shape}", ["check", str(repo), "--offline", "--no-cache", "-f", "json"],
                          fail_closed=not ok, allow2=not ok, error_names=["auditor.yaml"]))
        mof = write(base / shape / "mof.yaml", enc("model: x\ncomponents: []\n"))
        cases.append(Case("p13-encoding", f"mof-{shape}", ["openness", "--mof", str(mof)], error_names=["mof.yaml"]))
    return cases


def _p13_lock_cases(base: Path) -> list[Case]:
    """p13-lock: a lock truncated mid-entry, 100,000 brackets deep, 60 MB of whitespace, a list at the top, models
    as a string, through `check --locked`, `report --lock`, `notice --lock` and `sbom`-style readers: one sentence
    naming the lock (exit 2) or, for check, never a pass on a lock not read."""
    repo = _check_repo(base / "repo", {})
    shapes = {"truncated": '{"version": 1, "models": {"' + BERT + '": {"sha": "ab',
              "deep": "[" * 100_000 + "]" * 100_000, "top-list": "[]", "models-str": '{"version": 1, "models": "all"}',
              "huge-ws": " " * 60_000_000 + "{}", "models-null-key": '{"version": 1, "models": {"": null}}',
              "version-huge": '{"version": 1' + "0" * 5000 + ', "models": {}}'}
    cases = []
    for name, text in shapes.items():
        lock = write(base / name / "auditor.lock", text)
        for cmd, argv in (("check-locked", ["check", str(repo), "--offline", "--locked", "--lock-file", str(lock)]),
                          ("report-lock", ["report", BERT, "--offline", "--lock", str(lock), "-o", str(base / name / "r.md")]),
                          ("notice-lock", ["notice", BERT, "--offline", "--lock", str(lock), "-o", str(base / name / "n")])):
            cases.append(Case("p13-lock", f"{cmd}-{name}", argv, fail_closed=cmd == "check-locked",
                              error_names=["auditor.lock"], check=_timed(45)))
    return cases


def _p13_env_cases(base: Path) -> list[Case]:
    """p13-env: HF_HUB_OFFLINE set to odd values (maybe, 2, an empty string, padded TRUE), the cache folders under
    a read-only folder or XDG dirs at /dev/null, TMPDIR missing: an unknown model stays incomplete, a catalog model
    still audits, no crash."""
    ro = base / "ro"
    ro.mkdir()
    cases = []
    envs = {"offline-maybe": {"HF_HUB_OFFLINE": "maybe"}, "offline-2": {"HF_HUB_OFFLINE": "2"},
            "offline-empty": {"HF_HUB_OFFLINE": ""}, "offline-padded": {"HF_HUB_OFFLINE": " TRUE "},
            "hf-home-ro": {"HF_HOME": str(ro / "hf"), "AUDITOR_CACHE_DIR": str(ro / "cache")},
            "xdg-devnull": {"XDG_CACHE_HOME": "/dev/null", "XDG_CONFIG_HOME": "/dev/null", "XDG_DATA_HOME": "/dev/null"},
            "tmpdir-missing": {"TMPDIR": str(base / "no" / "such"), "TMP": "/dev/null/x"}}
    repo = _check_repo(base / "repo", {})
    for name, env in envs.items():
        cases.append(Case("p13-env", name, ["audit", "acme/p13-unknown", BERT, "-f", "jsonl"], env=env,
                          models=["acme/p13-unknown", BERT], affected="acme/p13-unknown", fail_closed=True,
                          allow2=False, check=_timed(60), timeout=90))
        cases.append(Case("p13-env", f"check-{name}", ["check", str(repo), "--offline", "-f", "json"], env=env,
                          allow2=False, check=_says(BERT)))
    os.chmod(ro, 0o555)
    return cases


_P13_STATIC = {
    "offhost-redirect": None, "wrong-types-deep": (b'{"id": ["acme/x"], "sha": {"a": 1}, "private": "no", "gated": 3, '
                                                   b'"siblings": {"rfilename": 1}, "cardData": [{"license": {"x": "mit"}}], '
                                                   b'"tags": "license:mit", "config": "x"}', "application/json"),
    "deep-object": (b'{"id": "acme/x", "cardData": ' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"}", "application/json"),
}
P13_RAW_KINDS = tuple(_P13_STATIC)


def _p13_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p13-hub: the fake Hub redirecting to a host that is not the loopback (a TEST-NET address no one answers),
    answering with every field of the wrong type at once, 50,000-deep objects: the faulty model has a finding, the
    healthy one comes out, time bounded."""
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/good", good_body, {"README.md": card, "model.safetensors": b"\0"})
    cases = []
    for kind in P13_RAW_KINDS:
        repo = f"acme/p13-{kind}"
        hub.add_repo(repo, good_body, {"README.md": card})
        for pattern in (f"/api/models/{repo}", f"/api/models/{repo}/revision/*", f"/{repo}/resolve/*"):
            hub.fault(pattern, kind)
        home = base / kind
        home.mkdir(parents=True)
        cases.append(Case("p13-hub", kind, ["audit", repo, "acme/good", "--endpoint", hub.url, "-f", "jsonl"],
                          models=[repo, "acme/good"], affected=repo, fail_closed=True, allow2=False, timeout=150,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                               "HF_ENDPOINT": hub.url}, check=_timed(120)))
    # HF_TOKEN that no Authorization header can carry: one sentence naming HF_TOKEN (never quoting the secret);
    # a token pasted with whitespace around it is that token, and the run goes on
    for name, token in (("token-non-ascii", "hf_tökén"), ("token-newline", "hf_ab\ncd"),
                        ("token-control", "hf_ab\x01cd"), ("token-space", "hf_ab cd")):
        home = base / name
        cases.append(Case("p13-hub", name, ["audit", "acme/good", "--endpoint", hub.url, "-f", "jsonl"], want2=True,
                          error_names=["HF_TOKEN"], env={"HF_TOKEN": token, "HF_HOME": str(home / "hf"),
                                                         "AUDITOR_CACHE_DIR": str(home / "cache")},
                          check=lambda r, t=token: "the token was echoed" if t in r.stderr + r.stdout else None))
    home = base / "token-padded"
    cases.append(Case("p13-hub", "token-padded", ["audit", "acme/good", "--endpoint", hub.url, "-f", "jsonl"],
                      models=["acme/good"], allow2=False, env={"HF_TOKEN": "  hf_abc\n", "HF_HOME": str(home / "hf"),
                                                               "AUDITOR_CACHE_DIR": str(home / "cache")},
                      check=_good_complete))
    return cases


def pass13_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("ignore", _p13_ignore_cases), ("incomplete", _p13_incomplete_cases), ("path", _p13_path_cases),
                        ("encoding", _p13_encoding_cases), ("lock", _p13_lock_cases), ("env", _p13_env_cases),
                        ("hub", lambda b: _p13_hub_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 14


def _p14_ignore_cases(base: Path) -> list[Case]:
    """p14-ignore: the ignore files ABOVE a checked subfolder (top/a/b checked; top/a/.gitignore, top/.gitignore,
    top/.git/info/exclude) made unreadable or FIFOs, with git and without: git applies an unreadable one as empty
    and blocks forever on a FIFO. The check is unknown (exit 3, the file named), in bounded time; a FIFO beside the
    checked folder (top/a/c/.gitignore) is no ignore file of it: exit 0, not a hang."""
    other = "openai-community/gpt2"
    cases: list[Case] = []

    def repo(name: str, git: bool, where: str, make: Callable[[Path], object], *, closed: bool = True) -> None:
        top = base / name / "top"
        write(top / "a" / "b" / "app.py", f'AutoModel.from_pretrained("{BERT}")\n')
        write(top / "a" / "b" / "secret" / "x.py", f'AutoModel.from_pretrained("{other}")\n')
        if git:
            subprocess.run(["git", "init", "-q", str(top)], check=True)
        else:
            (top / ".git").mkdir()
        target = top / where
        target.parent.mkdir(parents=True, exist_ok=True)
        write(target, "secret/\n")
        make(target)
        check = _names_in("stdout", os.path.relpath(target, top / "a" / "b")) if closed else _says(other)
        cases.append(Case("p14-ignore", name, ["check", str(top / "a" / "b"), "--offline", "--no-cache", "-f", "json"],
                          fail_closed=closed, allow2=False, check=_timed(45, check), timeout=150))

    for git in (False, True):
        tag = "git-" if git else ""
        for label, where in (("between", "a/.gitignore"), ("top", ".gitignore"), ("exclude", ".git/info/exclude")):
            repo(f"{tag}{label}-unreadable", git, where, _unreadable)
            repo(f"{tag}{label}-fifo", git, where, lambda p: p.unlink() or _fifo(p))
        repo(f"{tag}sibling-fifo", git, "a/c/.gitignore", lambda p: p.unlink() or _fifo(p), closed=False)
    return cases


def _p14_output_cases(base: Path) -> list[Case]:
    """p14-output: outputs whose path has a file or a FIFO where a folder must be (`-o report.md/x.json`), and
    writes past a file-size limit (RLIMIT_FSIZE: the disk-full of a quota, EFBIG on write): one sentence naming
    what stands in the way or the write that failed (exit 2), no traceback, nothing half-written left."""
    blocker = write(base / "blocker", "an earlier report\n")
    fifo = _fifo(base / "fifo")
    cases = []
    for tag, stop in (("file", blocker), ("fifo", fifo)):
        for name, argv in (("audit-json", ["audit", BERT, "--offline", "-f", "json", "-o", f"{stop}/deeper/a.json"]),
                           ("audit-formats", ["audit", BERT, "--offline", "-f", "json,sarif", "-o", f"{stop}/dir"]),
                           ("notice", ["notice", BERT, "--offline", "-o", f"{stop}/n"]),
                           ("snapshot", ["snapshot", BERT, "--offline", "-o", f"{stop}/s.jsonl"]),
                           ("sbom", ["sbom", BERT, "--offline", "-f", "spdx3", "-o", f"{stop}/s.json"]),
                           ("lineage", ["lineage", BERT, "--offline", "-f", "svg", "-o", f"{stop}/l.svg"])):
            cases.append(Case("p14-output", f"{tag}-{name}", argv, want2=True,
                              error_names=[str(stop), "not a folder"]))
    limit = ("import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000)); "
             "sys.argv[0] = 'auditor'; runpy.run_module('auditor', run_name='__main__')")
    fsize = base / "fsize"
    # each case writes into a folder of its own: with --jobs 2 a neighbour's temporary file in a shared folder read as
    # this case's half-written file
    for name, argv in (("audit-json", ["audit", BERT, "openai-community/gpt2", "--offline", "-f", "json", "-o", "a.json"]),
                       ("audit-jsonl", ["audit", BERT, "openai-community/gpt2", "--offline", "-f", "jsonl", "-o", "a.jsonl"]),
                       ("report-html", ["report", BERT, "--offline", "-o", "r.html"]),
                       ("sbom", ["sbom", BERT, "--offline", "-f", "cyclonedx", "-o", "s.json"]),
                       ("snapshot", ["snapshot", BERT, "--offline", "-o", "s.jsonl"])):
        out = fsize / name
        out.mkdir(parents=True)
        argv = [*argv[:-1], str(out / argv[-1])]
        cases.append(Case("p14-output", f"fsize-{name}", argv, runner=["-c", limit], want2=True,
                          error_names=[str(out)],
                          check=lambda r, o=out: f"half-written files left: {sorted(p.name for p in o.iterdir())}"
                          if any(p.name.startswith(".") for p in o.iterdir()) else None))
    return cases


def _p14_lock_cases(base: Path) -> list[Case]:
    """p14-lock: a lock written by a future auditor (lock_version 3, 10^40) through `check --locked`, `report
    --lock` and `notice MODEL --lock` (which read no lock when models were named): one sentence naming the lock
    and saying it is newer; a garbage lock given to notice beside a model is exit 2, never ignored."""
    repo = _check_repo(base / "repo", {})
    cases = []
    good = {"lock_version": 1, "generated_by": "auditor 0.1.0", "models": [], "records": []}
    for name, text in (("v3", json.dumps({**good, "lock_version": 3})), ("v-huge", json.dumps({**good, "lock_version": 10**40})),
                       ("garbage", "not json {"), ("truncated", json.dumps(good)[:20])):
        lock = write(base / name / "auditor.lock", text)
        words = ["auditor.lock", "newer"] if name.startswith("v") else ["auditor.lock"]
        for cmd, argv in (("check-locked", ["check", str(repo), "--offline", "--locked", "--lock-file", str(lock)]),
                          ("report-lock", ["report", BERT, "--offline", "--lock", str(lock), "-o", str(base / name / "r.md")]),
                          ("notice-named-lock", ["notice", BERT, "--offline", "--lock", str(lock), "-o", str(base / name / "n")])):
            cases.append(Case("p14-lock", f"{cmd}-{name}", argv, want2=True, error_names=words))
    return cases


def _p14_text_cases(base: Path) -> list[Case]:
    """p14-text: policies and auditor.yaml with CRLF or CR-only line ends (read as the text says), in UTF-16 with
    a byte-order mark (one sentence naming the file), a policy that is a symbolic-link loop, `extends:` ten deep or
    in a cycle through auditor.yaml; waivers expiring on 2026-02-30, at a time zone, in year 9999; refs files with
    CRLF, binary bytes, a FIFO, a directory and 1,000,000 lines naming one model (bounded time)."""
    cases: list[Case] = []
    policy = "name: p14\nlicenses:\n  deny: [cc-by-nc-4.0]\n"
    for name, data, ok in (("crlf", policy.replace("\n", "\r\n").encode(), True),
                           ("cr-only", policy.replace("\n", "\r").encode(), True),
                           ("utf16-bom", policy.encode("utf-16"), False), ("utf16be-bom", b"\xfe\xff" + policy.encode("utf-16-be"), False)):
        pol = write(base / "pol" / name / "policy.yaml", data)
        cases.append(Case("p14-text", f"policy-{name}", ["audit", BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[] if not ok else [BERT], want2=not ok, allow2=not ok,
                          error_names=[] if ok else ["policy.yaml"]))
        repo = _check_repo(base / "manifest" / name, {})
        write(repo / "auditor.yaml", data.replace(b"name: p14", b"models: [" + BERT.encode() + b"]")
              if ok else f"models: [{BERT}]\n".encode("utf-16"))
        cases.append(Case("p14-text", f"manifest-{name}", ["check", str(repo), "--offline", "--no-cache", "-f", "json"],
                          want2=not ok, allow2=not ok, error_names=[] if ok else ["auditor.yaml"],
                          check=_says(BERT) if ok else None))
    loop = base / "pol" / "loop"
    loop.mkdir(parents=True)
    (loop / "a.yaml").symlink_to(loop / "b.yaml")
    (loop / "b.yaml").symlink_to(loop / "a.yaml")
    cases.append(Case("p14-text", "policy-link-loop", ["audit", BERT, "--offline", "-p", str(loop / "a.yaml")], want2=True,
                      error_names=["a.yaml", "loop"]))
    deep = base / "pol" / "deep"
    (deep / ".git").mkdir(parents=True)
    for i in range(10):
        write(deep / f"e{i}.yaml", f"extends: e{i + 1}.yaml\n")
    write(deep / "e10.yaml", "name: deep\n")
    cases.append(Case("p14-text", "extends-ten-deep", ["audit", BERT, "--offline", "-p", str(deep / "e0.yaml")], want2=True,
                      error_names=["extends"]))
    cyc = _check_repo(base / "pol" / "cycle", {})
    write(cyc / "auditor.yaml", "policy:\n  extends: other.yaml\n")
    write(cyc / "other.yaml", "extends: auditor.yaml\n")
    cases.append(Case("p14-text", "extends-cycle-manifest", ["check", str(cyc), "--offline", "--no-cache"], want2=True,
                      error_names=["cycle"]))
    for name, expires, ok in (("feb-30", "2026-02-30", False), ("tz", "2026-12-31T00:00:00+14:00", False),
                              ("far-future", "9999-12-31", True), ("week", "2026-W52-1", False)):
        pol = write(base / "waiver" / name / "policy.yaml",
                    f"name: w\nwaivers:\n  - model: \"google-bert/*\"\n    rule: \"*\"\n    reason: a reason long enough\n"
                    f"    expires: {expires}\n")
        cases.append(Case("p14-text", f"waiver-{name}", ["audit", BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT] if ok else [], want2=not ok, allow2=not ok,
                          error_names=[] if ok else ["policy.yaml", ":6:", "expires"]))
    for name, data, want2 in (("crlf", f"{BERT}\r\nopenai-community/gpt2\r\n".encode(), False),
                              ("binary", bytes(range(256)) * 40, True),
                              ("million", (BERT + "\n").encode() * 1_000_000, False)):
        refs = write(base / "refs" / name / "refs.txt", data)
        cases.append(Case("p14-text", f"refs-{name}", ["audit", "--refs-file", str(refs), "--offline", "-f", "jsonl"],
                          models=[] if want2 else [BERT], want2=want2, allow2=want2,
                          error_names=["refs.txt"] if want2 else [], timeout=150, check=_timed(120)))
    cases.append(Case("p14-text", "refs-fifo", ["audit", "--refs-file", str(_fifo(base / "refs" / "fifo.txt")), "--offline"],
                      want2=True, error_names=["fifo.txt"], check=_timed(20)))
    cases.append(Case("p14-text", "refs-dir", ["audit", "--refs-file", str(base / "refs"), "--offline"], want2=True,
                      error_names=["directory"]))
    return cases


def _p14_env_cases(base: Path) -> list[Case]:
    """p14-env: the environment set to odd values not tried before: TZ a zone no database has or an offset of
    10^5 hours, AUDITOR_NO_CACHE / AUDITOR_OFFLINE / AUDITOR_DEBUG garbage, TERM=dumb with NO_COLOR, COLUMNS=0
    with a non-ASCII folder under LANG=C, the Hub cache below a file: every model comes out, the run goes on."""
    folder = model_dir(base / "names", "modèle-ü")
    blocker = write(base / "blocker", "x")
    cases = []
    for name, env in (("tz-unknown", {"TZ": "Mars/Olympus_Mons"}), ("tz-offset-huge", {"TZ": "UTC+99999"}),
                      ("auditor-garbage", {"AUDITOR_NO_CACHE": "\x01maybe", "AUDITOR_OFFLINE": "perhaps",
                                           "AUDITOR_DEBUG": "", "AUDITOR_GITHUB_API": "ftp://x"}),
                      ("term-dumb", {"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "0"}),
                      ("lang-c-columns", {"LANG": "C", "LC_ALL": "C", "COLUMNS": "-1", "FORCE_COLOR": "1"}),
                      ("hf-home-below-file", {"HF_HOME": str(blocker / "hf"), "AUDITOR_CACHE_DIR": str(blocker / "c")})):
        cases.append(Case("p14-env", name, ["audit", BERT, str(folder), "acme/p14-unknown", "--offline", "-f", "jsonl"],
                          env=env, models=[BERT, folder.name, "acme/p14-unknown"], affected="acme/p14-unknown",
                          fail_closed=True, allow2=False))
        cases.append(Case("p14-env", f"text-{name}", ["audit", BERT, str(folder), "--offline"], env=env, allow2=False,
                          check=_stdout_has(BERT)))
    return cases


def _p14_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p14-hub: a model renamed on the Hub (a 307 to its new name; a chain of two; to a name that is gone), and
    faults in the MIDDLE of a lineage: the base answering 500 every time, 429 with a Retry-After as an HTTP date, -5
    or 10^20, a truncated body, a gzip bomb, HTML. The child is never a pass on a base not read (a finding names the
    base), the healthy model comes out complete, time bounded."""
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/good", good_body, {"README.md": card, "model.safetensors": b"\0"})
    cases: list[Case] = []

    def run(name: str, ref: str, *, closed: bool) -> None:
        home = base / name
        home.mkdir(parents=True)
        cases.append(Case("p14-hub", name, ["audit", ref, "acme/good", "--endpoint", hub.url, "-f", "jsonl"],
                          models=[ref, "acme/good"], affected=ref if closed else None, fail_closed=closed, allow2=False,
                          timeout=150, env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                                            "HF_ENDPOINT": hub.url}, check=_timed(120, _good_complete)))

    hub.add_repo("acme/p14-new-name", good_body, {"README.md": card})
    hub.rename("acme/p14-old-name", "acme/p14-new-name")
    run("renamed", "acme/p14-old-name", closed=False)
    hub.add_repo("acme/p14-third", good_body, {"README.md": card})
    hub.rename("acme/p14-first", "acme/p14-second")
    hub.rename("acme/p14-second", "acme/p14-third")
    run("renamed-twice", "acme/p14-first", closed=False)
    hub.rename("acme/p14-gone-old", "acme/p14-gone-new")
    run("renamed-to-gone", "acme/p14-gone-old", closed=True)
    faults: list[tuple[str, dict[str, Any]]] = [
        ("base-500", {"status": 500}), ("base-429-date", {"status": 429, "retry_after": "Wed, 21 Oct 2099 07:28:00 GMT"}),
        ("base-429-negative", {"status": 429, "retry_after": "-5"}), ("base-429-huge", {"status": 429, "retry_after": "1" + "0" * 20}),
        ("base-truncated", {"kind": "truncate"}), ("base-gzip-bomb", {"kind": "gzip-bomb"}), ("base-html", {"kind": "html"})]
    for name, fault in faults:
        child, parent = f"acme/p14-{name}-child", f"acme/p14-{name}-parent"
        front = json.dumps({"license": "mit", "base_model": parent})
        hub.add_repo(child, {**good_body, "cardData": {"license": "mit", "base_model": parent}},
                     {"README.md": f"---\n{front}\n---\n# child\n"})
        hub.add_repo(parent, good_body, {"README.md": card})
        for pattern in (f"/api/models/{parent}", f"/api/models/{parent}/*", f"/{parent}/resolve/*"):
            hub.fault(pattern, **fault)
        run(name, child, closed=True)
        cases[-1].check = _timed(120, _names_in("stdout", parent))
    return cases


def pass14_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("ignore", _p14_ignore_cases), ("output", _p14_output_cases), ("lock", _p14_lock_cases),
                        ("text", _p14_text_cases), ("env", _p14_env_cases), ("hub", lambda b: _p14_hub_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 15


def _jsonl_models(result: Result) -> dict[str, dict[str, Any]]:
    return {str(r.get("model")): r for r in result.records() if r.get("type") == "model"}


def _twins_kept(first: Path, second: Path) -> Callable[[Result], str | None]:
    """Both same-named folders came out, each with its own license."""
    def check(result: Result) -> str | None:
        recs = _jsonl_models(result)
        got = [((recs.get(str(f)) or {}).get("facts") or {}).get("license", {}).get("declared") for f in (first, second)]
        return None if got == [["MIT"], ["Apache-2.0"]] else f"the two folders named model came out as {got}"
    return check


def _sbom_twins(kind: str, path: Path) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        problem = _output_problem(kind, path)
        if problem:
            return problem
        doc = json.loads(path.read_text(encoding="utf-8"))
        if kind == "spdx":
            names = [p.get("licenseDeclared") for p in doc.get("packages", []) if p.get("name") == "model"]
        elif kind == "cyclonedx":
            names = [c.get("bom-ref") for c in doc.get("components", []) if c.get("name") == "model"]
        else:
            names = [e.get("spdxId") for e in doc.get("@graph", []) if e.get("type") == "ai_AIPackage" and e.get("name") == "model"]
        return None if len(set(names)) == 2 else f"{path.name} holds {len(set(names))} of the two folders named model"
    return check


def _notice_twins(out: Path) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        texts = sorted(p.read_text(encoding="utf-8", errors="replace") for p in out.glob("*/LICENSE"))
        return None if texts == ["apache text\n", "mit text\n"] else f"the bundle holds {texts!r}, not both LICENSE files"
    return check


def _p15_same_name_cases(base: Path) -> list[Case]:
    """p15-same-name: two local folders that share a name (`a/model`, `b/model`, different licenses) through audit
    (serial and --jobs), the three SBOMs and the notice bundle: both models in every output, neither overwritten."""
    first, second = base / "a" / "model", base / "b" / "model"
    for folder, lic in ((first, "mit"), (second, "apache-2.0")):
        write(folder / "README.md", f"---\nlicense: {lic}\n---\n# A model\n")
        write(folder / "LICENSE", f"{lic.split('-')[0]} text\n")
    refs = [str(first), str(second)]
    out = base / "out"
    cases = [Case("p15-same-name", "audit", ["audit", *refs, "--offline", "-f", "jsonl"], allow2=False, check=_twins_kept(first, second)),
             Case("p15-same-name", "audit-jobs", ["audit", *refs, "--offline", "-f", "jsonl", "-j", "2"], allow2=False,
                  check=_twins_kept(first, second)),
             Case("p15-same-name", "notice", ["notice", *refs, "--offline", "-o", str(out / "n")], allow2=False,
                  check=_notice_twins(out / "n"))]
    for kind, fmt in (("spdx", "spdx-json"), ("cyclonedx", "cyclonedx"), ("spdx3", "spdx3")):
        path = out / f"{kind}.json"
        cases.append(Case("p15-same-name", f"sbom-{kind}", ["sbom", *refs, "--offline", "-f", fmt, "-o", str(path)],
                          allow2=False, check=_sbom_twins(kind, path)))
    return cases


P15_CARDS: dict[str, tuple[str, bool]] = {  # name -> (card, fail closed)
    "base-binary-tag": ("---\nlicense: mit\nbase_model: !!binary bWV0YS1sbGFtYS9MbGFtYS0yLTdiLWhm\n---\n", True),
    "base-date": ("---\nlicense: mit\nbase_model: 2024-01-01\n---\n", True),
    "base-set": ("---\nlicense: mit\nbase_model: !!set {meta-llama/Llama-2-7b-hf}\n---\n", True),
    "base-dup-key": ("---\nlicense: mit\nbase_model: google-bert/bert-base-uncased\nbase_model: meta-llama/Llama-2-7b-hf\n---\n", True),
    "base-alias-of-license": ("---\nlicense: &l mit\nbase_model: *l\n---\n", True),
    "base-10k-dicts": ("---\nlicense: mit\nbase_model: [" + ",".join(f"{{id: o/m{i}}}" for i in range(10000)) + "]\n---\n", True),
    "base-10k-mixed": ("---\nlicense: mit\nbase_model: [" + ",".join(["meta-llama/Llama-2-7b-hf", "5", "null", "{a: b}", "[x]"] * 2000) + "]\n---\n", True),
    "base-int-tag": ("---\nlicense: mit\nbase_model: !!int 5\n---\n", True),
    "license-float-tag": ("---\nlicense: !!float 1\n---\n", True),
    "license-list-mit-5-null": ("---\nlicense: [mit, 5, null]\n---\n", True),
    "license-link-js": ("---\nlicense: other\nlicense_name: acme\nlicense_link: javascript:alert(document.cookie)\n---\n", False),
    "license-link-data": ("---\nlicense: other\nlicense_name: acme\nlicense_link: 'data:text/html,<script>alert(1)</script>'\n---\n", False),
    "license-link-padded-js": ("---\nlicense: other\nlicense_name: acme\nlicense_link: ' JaVaScRiPt:alert(1)'\n---\n", False),
    "license-link-list": ("---\nlicense: other\nlicense_name: acme\nlicense_link: [javascript:alert(1), https://ok.example]\n---\n", False),
    "license-name-html": ("---\nlicense: other\nlicense_name: '<img src=x onerror=alert(1)>'\nlicense_link: 'https://x.example/\"><script>alert(1)</script>'\n---\n", False),
    "md-backticks": ("---\nlicense: other\nlicense_name: \"x`[a](javascript:alert(1))`y ``z``[b](javascript:alert(2))\"\n"
                     "datasets: ['[d]: javascript:alert(4)', \"<a href='javascript:alert(5)'>e</a>\", '&lt;script&gt;x&lt;/script&gt;']\n"
                     "base_model: 'acme/<img src=x onerror=alert(1)>'\n---\n", True),
    "keys-dates-bools": ("---\n2024-01-01: x\nyes: y\n1.5: z\n.nan: w\nlicense: mit\n---\n", False),
    "front-tagged-map": ("---\n!!map {license: mit}\n---\n", False),
    "front-custom-tag": ("---\n!foo\nlicense: mit\n---\n", True),
    "license-key-space": ("---\n'license ': mit\n---\n", True),
    "datasets-10k-dicts": ("---\nlicense: mit\ndatasets: [" + ",".join(f"{{name: d{i}}}" for i in range(10000)) + "]\n---\n", False),
    "table-1mb": ("---\nlicense: mit\n---\n| a | b | c |\n|---|---|---|\n" + "| x | y | z |\n" * 80000, False),
    "links-100k": ("---\nlicense: mit\n---\n" + "".join(f"[l{i}](https://huggingface.co/o/m{i}) " for i in range(100000)), False),
    "hf-links-5k": ("---\nlicense: mit\n---\n## Base model\n" + "".join(f"- https://huggingface.co/org{i}/model{i}\n" for i in range(5000)), False),
    "headings-100k": ("---\nlicense: mit\n---\n" + "# License\n" * 100000, False),
    "blockquote-deep": ("---\nlicense: mit\n---\n" + ">" * 100000 + " license: apache\n", False),
    "list-deep": ("---\nlicense: mit\n---\n" + "".join("  " * i + "- x\n" for i in range(3000)), False),
    "comment-unclosed": ("---\nlicense: mit\n---\n<!--\n" + "License: Apache-2.0\n" * 1000, False),
    "emoji-zwj-flood": ("---\nlicense: mit\n---\n" + "\U0001f642\u200d" * 200000, False),
    "combining-flood": ("---\nlicense: mit\n---\na" + "\u0301" * 500000, False),
}


def _p15_card_cases(base: Path) -> list[Case]:
    """p15-card: front matter in YAML's odd corners (tags on base_model, dates, sets, aliases between fields, keys
    that are dates/bools/floats, a tagged root, 10,000-entry lists of dicts), license links that are javascript:,
    data: or lists, Markdown that would close a code span early, and bodies of 1 MB tables, 100,000 links or
    headings, 100,000-deep quotes, unclosed comments, ZWJ and combining floods: each beside a good model, then all
    of them at once through every format, each output validated and inert."""
    cases: list[Case] = []
    folders = []
    for name, (card, closed) in P15_CARDS.items():
        folder = model_dir(base / name, "hostile-model", card)
        folders.append(folder)
        case = audit_local(base / name, name, folder, fail_closed=bool(closed), finding=closed is not False,
                           check=_timed(60))
        cases.append(Case("p15-card", name, case.argv, models=case.models, affected=case.affected,
                          fail_closed=closed, allow2=False, check=case.check, timeout=120))
    refs = [str(f) for f in folders]
    out = base / "out"
    fmt = out / "fmt"
    outs = {"sarif": fmt / "auditor.sarif", "junit": fmt / "auditor-junit.xml", "gitlab": fmt / "auditor-codequality.json",
            "markdown": fmt / "auditor.md"}
    cases += [
        Case("p15-card", "all-audit-formats", ["audit", *refs, "--offline", "-f", "sarif,junit,gitlab,markdown", "-o", str(fmt)],
             allow2=False, timeout=300, check=_outputs_valid(outs, _md_safe(fmt / "auditor.md"))),
        Case("p15-card", "all-report-html", ["report", *refs, "--offline", "-o", str(out / "r.html")], allow2=False,
             timeout=300, check=_outputs_valid({"html": out / "r.html"})),
        Case("p15-card", "all-report-md", ["report", *refs, "--offline", "-f", "md", "-o", str(out / "r.md")], allow2=False,
             timeout=300, check=_md_safe(out / "r.md")),
        Case("p15-card", "all-notice", ["notice", *refs, "--offline", "-o", str(out / "n")], allow2=False, timeout=300,
             check=_md_safe(out / "n" / "NOTICE.md")),
        Case("p15-card", "all-audit-text", ["audit", *refs, "--offline", "-f", "text"], allow2=False, timeout=300,
             check=_text_clean),
    ]
    for kind, fmt_name in (("spdx", "spdx-json"), ("cyclonedx", "cyclonedx"), ("spdx3", "spdx3")):
        path = out / f"s-{kind}.json"
        cases.append(Case("p15-card", f"all-sbom-{kind}", ["sbom", *refs, "--offline", "-f", fmt_name, "-o", str(path)],
                          allow2=False, timeout=300, check=_timed(150, _outputs_valid({kind: path}))))
    return cases


def _sarif_uris_clean(path: Path) -> Callable[[Result], str | None]:
    """Every SARIF artifact URI is a URI reference: no raw space, `#`, `?`, `%` not followed by two hex digits,
    backslash or control character (GitHub refuses the upload or points at the wrong file)."""
    import re

    bad = re.compile(r"[\s#?\\\x00-\x1f\x7f]|%(?![0-9A-Fa-f]{2})")

    def check(result: Result) -> str | None:
        problem = _output_problem("sarif", path)
        if problem:
            return problem
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'"uri"\s*:\s*"((?:[^"\\]|\\.)*)"', text):
            uri = json.loads(f'"{match.group(1)}"')
            if not uri.startswith("file://") and bad.search(uri):
                return f"{path.name} has the artifact URI {uri[:80]!r}"
        return None
    return check


def _p15_file_name_cases(base: Path) -> list[Case]:
    """p15-file-names: a checked repository whose files carry a space, `#`, `?`, `%`, `%20`, a backslash, a newline,
    brackets, a leading dash, non-ASCII or a bidi override in their names, each naming a model: SARIF URIs stay URI
    references, JUnit and Markdown stay valid, the annotations and text carry no raw control character."""
    root = base / "repo"
    line = f'from transformers import AutoModel\nAutoModel.from_pretrained("{BERT}")\n'
    for name in ("my app.py", "a#b.py", "q?.py", "100%.py", "a%20b.py", "a\\b.py", "new\nline.py", "[x](y).py", "-rf.py",
                 "\u00fc\u00f1\u00ee.py", "evil\u202etxt.py", "tab\there.py", "`tick`.py", "<b>.py", "pipe|name.py"):
        write(root / name, line)
    out = base / "out"
    return [
        Case("p15-file-names", "check-formats", ["check", str(root), "--offline", "--no-cache", "-f", "sarif,junit,markdown,github",
                                                 "-o", str(out)], allow2=False, timeout=120,
             check=_sarif_uris_clean(out / "auditor.sarif")),
        Case("p15-file-names", "check-junit-md", ["check", str(root), "--offline", "--no-cache", "-f", "junit,markdown", "-o", str(out / "b")],
             allow2=False, timeout=120, check=_outputs_valid({"junit": out / "b" / "auditor-junit.xml"},
                                                             _md_safe(out / "b" / "auditor.md"))),
        Case("p15-file-names", "check-text", ["check", str(root), "--offline", "--no-cache", "-f", "text"], allow2=False,
             timeout=120, check=_text_clean),
    ]


def _p15_scan_cases(base: Path) -> list[Case]:
    """p15-scan: one model named 50,000 times in one file, and 2,000 times in each of 30 files: the check report
    stays small and says the places were cut (a scan problem), the model audited once."""
    def capped(result: Result) -> str | None:
        if "scan-locations-capped" not in result.stdout:
            return "no scan problem says the places were cut"
        return None
    many = {"c.jsonnet": "".join(f"local model_{i} = 'acme-ai/model-x';\n" for i in range(50_000)) + "{ model_name: 'acme-ai/model-x' }\n"}
    spread = {f"d{i}/app.py": "from transformers import AutoModel\n" + "".join(
        f'AutoModel.from_pretrained("acme-ai/model-x")  # {j}\n' for j in range(2000)) for i in range(30)}
    cases = []
    for name, files in (("one-file-50k", many), ("thirty-files-60k", spread)):
        root = _check_repo(base / name, files)
        cases.append(Case("p15-scan", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"], allow2=False,
                          timeout=150, check=_timed(90, _bounded(3_000_000, capped))))
        cases.append(Case("p15-scan", f"{name}-sarif", ["check", str(root), "--offline", "--no-cache", "-f", "sarif", "-o",
                                                         str(base / name / "out.sarif")], allow2=False, timeout=150,
                          check=_timed(90, _outputs_valid({"sarif": base / name / "out.sarif"}))))
    return cases


def _p15_refs_cases(base: Path) -> list[Case]:
    """p15-refs: a refs file of one line a million times, or two lines alternating: one result each, bounded time."""
    cases = []
    for name, data in (("million-same", (BERT + "\n").encode() * 1_000_000),
                       ("alternating", (BERT + "\nopenai-community/gpt2\n").encode() * 300_000),
                       ("same-with-notes", b"".join(f"{BERT}  # note {i}\n".encode() for i in range(300_000)))):
        refs = write(base / name / "refs.txt", data)
        cases.append(Case("p15-refs", name, ["audit", "--refs-file", str(refs), "--offline", "-f", "jsonl"], models=[BERT],
                          allow2=False, timeout=120, check=_timed(60, _bounded(2_000_000))))
    return cases


def _p15_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p15-hub: the fake Hub answering real-shaped but odd things: siblings missing, null or of strings, cardData a
    string, a list, null or absent, base_model only in tags, a README the file list names but a 404, a README in
    UTF-16, an LFS pointer, empty or binary, an id that is another repository's, private or disabled true, tags a
    string. The odd model comes out (with a finding where its card cannot be read), the healthy one complete."""
    card = "---\nlicense: mit\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/good", good_body, {"README.md": card, "model.safetensors": b"\0"})
    hub.add_repo("meta-llama/Llama-2-7b-hf", {"gated": "manual", "tags": ["license:llama2"], "cardData": {"license": "llama2"}},
                 {"README.md": "---\nlicense: llama2\n---\n# l\n"})
    cases: list[Case] = []
    shapes: list[tuple[str, dict[str, Any], dict[str, str | bytes] | None, Callable[[dict[str, Any]], None] | None, bool]] = [
        ("no-siblings", {}, None, lambda b: b.pop("siblings"), False),
        ("siblings-null", {}, None, lambda b: b.__setitem__("siblings", None), False),
        ("siblings-strings", {}, None, lambda b: b.__setitem__("siblings", ["README.md", 5, None, {"x": 1}]), True),
        ("carddata-str", {"cardData": "license: mit"}, None, None, True),
        ("carddata-list", {"cardData": ["license", "mit"]}, None, None, True),
        ("carddata-null", {"cardData": None}, None, None, False),
        ("carddata-absent", {}, None, lambda b: b.pop("cardData"), False),
        ("base-in-tags-only", {"tags": ["license:mit", "base_model:finetune:meta-llama/Llama-2-7b-hf"]}, None, None, True),
        ("readme-404-listed", {}, {}, lambda b: b.__setitem__("siblings", [{"rfilename": "README.md"}]), True),
        ("readme-utf16", {}, {"README.md": card.encode("utf-16")}, None, True),
        ("readme-utf16-le", {}, {"README.md": card.encode("utf-16-le")}, None, True),
        ("readme-lfs", {}, {"README.md": "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 1234\n"}, None, True),
        ("readme-empty", {}, {"README.md": b""}, None, True),
        ("readme-binary", {}, {"README.md": bytes(range(256)) * 12}, None, True),
        ("id-mismatch", {}, None, lambda b: b.__setitem__("id", "meta-llama/Llama-2-7b-hf"), True),
        ("carddata-license-list", {"cardData": {"license": ["mit", 5, None]}}, None, None, False),
        ("private-true", {"private": True}, None, None, False),
        ("disabled-true", {"disabled": True}, None, None, False),
        ("tags-string", {"tags": "license:mit"}, None, None, False),
    ]
    # a README that cannot be read beside a readable cardData: a warning that names it (the license is known), not a pass
    warned = {"readme-404-listed", "readme-utf16", "readme-utf16-le", "readme-lfs", "readme-empty", "readme-binary"}
    for name, body, files, post, closed in shapes:
        finding = closed or name in warned
        closed = closed and name not in warned
        rid = f"acme/p15-{name}"
        repo = hub.add_repo(rid, {**good_body, **body}, {"README.md": card} if files is None else files)
        for revision_body, _ in repo.revisions.values():
            if post is not None:
                post(revision_body)
        home = base / name
        home.mkdir(parents=True)
        cases.append(Case("p15-hub", name, ["audit", rid, "acme/good", "--endpoint", hub.url, "-f", "jsonl"],
                          models=[rid, "acme/good"], affected=rid if finding else None, fail_closed=closed, allow2=False,
                          timeout=150, env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                                            "HF_ENDPOINT": hub.url}, check=_timed(120, _good_complete)))
    return cases


def _verdict_of(model: str, wanted: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        got = (_jsonl_models(result).get(model) or {}).get("verdict")
        return None if got == wanted else f"{model} came out {got!r}, not {wanted!r}"
    return check


def _p15_policy_cases(base: Path) -> list[Case]:
    """p15-policy: license lists naming licenses as people write them (the Hub's id, a spelling, a ScanCode key, any
    case): `deny` must deny the license it names, never match nothing and let the model pass."""
    llama = "meta-llama/Llama-2-7b-hf"
    cases = []
    for name, written in (("hub-id", "llama2"), ("canonical", "LicenseRef-Llama-2"), ("lower", "licenseref-llama-2"),
                          ("spelling", "Llama-2"), ("scancode", "llama-2-license-2023")):
        pol = write(base / name / "policy.yaml", f"name: p\nlicenses:\n  deny: [{written}]\n")
        cases.append(Case("p15-policy", f"deny-{name}", ["audit", llama, BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[llama, BERT], affected=llama, fail_closed=True, allow2=False,
                          check=_verdict_of(llama, "fail")))
    pol = write(base / "allow-spelling" / "policy.yaml", "name: p\nlicenses:\n  allow: [Apache2]\n  not_allowed: fail\n")
    cases.append(Case("p15-policy", "allow-spelling", ["audit", BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                      models=[BERT], allow2=False,
                      check=lambda r: "Apache2 did not allow Apache-2.0" if any(
                          f.get("rule") == "LIC002" for f in (_jsonl_models(r).get(BERT) or {}).get("findings") or ()) else None))
    return cases


def _p15_endpoint_cases(base: Path, hub: Any) -> list[Case]:
    """p15-endpoint: an endpoint carrying `user:password@` (a mirror or proxy that asks for them), unreachable,
    unusable or answering: the password is in no message, output or cache file."""
    secret = "p15-s3cr3t"

    def hidden(out: Path) -> Callable[[Result], str | None]:
        def check(result: Result) -> str | None:
            if secret in result.stdout + result.stderr:
                return "the endpoint's password was quoted"
            for path in [p for p in out.rglob("*") if p.is_file()] if out.exists() else []:
                if secret.encode() in path.read_bytes():
                    return f"the endpoint's password is in {path.name}"
            return None
        return check

    cases = []
    for name, endpoint in (("refused", f"http://u:{secret}@127.0.0.1:9"), ("bad-ipv6", f"http://u:{secret}@[::1"),
                           ("ftp", f"ftp://u:{secret}@127.0.0.1"), ("answering", hub.url.replace("http://", f"http://u:{secret}@"))):
        home = base / name
        home.mkdir(parents=True)
        cases.append(Case("p15-endpoint", name, ["audit", "acme/good", "--endpoint", endpoint, "-f", "sarif,json,markdown",
                                                 "-o", str(home / "out")], timeout=150,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache")}, check=hidden(home)))
    return cases


def pass15_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("same-name", _p15_same_name_cases), ("card", _p15_card_cases), ("file-names", _p15_file_name_cases),
                        ("scan", _p15_scan_cases), ("refs", _p15_refs_cases), ("policy", _p15_policy_cases),
                        ("hub", lambda b: _p15_hub_cases(b, hub)), ("endpoint", lambda b: _p15_endpoint_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ p16: what users actually feed auditor

LLAMA2 = "meta-llama/Llama-2-7b-hf"
_CONFLICT = "<<<<<<< HEAD\n{a}=======\n{b}>>>>>>> feature\n"


def _p16_exit2_or(check: Callable[[Result], str | None]) -> Callable[[Result], str | None]:
    """Exit 2 (refused, classified by the exit rules) or else `check` must hold."""
    def inner(result: Result) -> str | None:
        return None if result.code == 2 else check(result)
    return inner


def _p16_policy_cases(base: Path) -> list[Case]:
    """p16-policy: policy files as people edit them: a key twice, merge-conflict markers, Python tags, NaN, dates or
    lists where a word is expected, integers past any limit, keys with look-alike letters, a BOM with CRLF (which
    must still work), tabs, several documents, JSON arrays, Latin-1, a NUL. Either one sentence naming the file
    (and the key where there is one), exit 2, or a run whose Llama 2 model is still denied: never a deny lost."""
    deny = "licenses:\n  deny: [llama2]\n"
    denied = _verdict_of(LLAMA2, "fail")
    items: dict[str, tuple[str | bytes, list[str], bool]] = {
        # name: (content, words an exit-2 sentence must hold, exit 2 required)
        "dup-top": ("fail_on: error\nfail_on: warning\n" + deny, ["fail_on"], True),
        "dup-nested": ("licenses:\n  deny: [llama2]\n  deny: [gpl-3.0]\n", ["deny"], True),
        "conflict": (_CONFLICT.format(a="fail_on: error\n", b="fail_on: warning\n") + deny, [], True),
        "conflict-in-list": ("licenses:\n  deny:\n<<<<<<< HEAD\n    - llama2\n=======\n    - gpl-3.0\n>>>>>>> x\n", [], True),
        "python-tag": ("fail_on: !!python/object/apply:os.system ['true']\n" + deny, ["fail_on"], True),
        "python-name-tag": ("name: !!python/name:os.system\n" + deny, ["name"], True),
        "fail-on-nan": ("fail_on: .nan\n" + deny, ["fail_on"], True),
        "fail-on-date": ("fail_on: 2024-01-01\n" + deny, ["fail_on"], True),
        "fail-on-list": ("fail_on: [error]\n" + deny, ["fail_on"], True),
        "fail-on-null": ("fail_on: ~\n" + deny, [], False),
        "max-depth-huge": ("lineage:\n  max_depth: " + "9" * 400 + "\n" + deny, ["max_depth"], True),
        "max-nodes-inf": ("lineage:\n  max_nodes: .inf\n" + deny, ["max_nodes"], True),
        "max-depth-float": ("lineage:\n  max_depth: 2.5\n" + deny, ["max_depth"], True),
        "max-depth-bool": ("lineage:\n  max_depth: true\n" + deny, ["max_depth"], True),
        "waiver-expires-int": ("waivers:\n  - {model: 'a/*', rule: LIC001, reason: r, expires: 20300101}\n" + deny, ["expires"], True),
        "waiver-model-int": ("waivers:\n  - {model: 5, rule: LIC001, reason: r, expires: '2030-01-01'}\n" + deny, ["model"], True),
        "waiver-reason-list": ("waivers:\n  - {model: 'a/*', rule: LIC001, reason: [r], expires: '2030-01-01'}\n" + deny, ["reason"], True),
        "waivers-dict": ("waivers: {model: 'a/*'}\n" + deny, ["waivers"], True),
        "deny-string": ("licenses:\n  deny: llama2\n", [], False),
        "deny-null-item": ("licenses:\n  deny: [~, llama2]\n", [], False),
        "deny-dict-item": ("licenses:\n  deny: [{a: 1}, llama2]\n", ["deny"], True),
        "deny-int-item": ("licenses:\n  deny: [5, llama2]\n", [], False),
        "lookalike-key": ("l\u0456censes:\n  deny: [llama2]\n", ["censes"], True),
        "lookalike-value": ("fail_on: \u0435rror\n" + deny, ["fail_on"], True),
        "bom-crlf": ("\ufeffname: p\r\n" + deny.replace("\n", "\r\n"), [], False),
        "crlf-only-cr": ("name: p\r" + deny.replace("\n", "\r"), [], False),
        "tabs": ("name: p\nlicenses:\n\tdeny: [llama2]\n", ["policy.yaml"], True),
        "multi-doc": ("fail_on: error\n---\n" + deny, [], False),
        "json-array": ("[1, 2]\n", [], True),
        "json-object": ('{"licenses": {"deny": ["llama2"]}}\n', [], False),
        "scalar": ("just words\n", [], True),
        "latin1": ("name: caf\xe9\n".encode("latin-1") + deny.encode(), [], True),
        "nul": ("name: p\x00\n" + deny, [], True),
        "merge-key": ("x-base: &b {deny: [llama2]}\nlicenses:\n  <<: *b\n", [], False),
        "anchor-alias": ("licenses:\n  deny: &d [llama2]\n  review: *d\n", [], False),
        "huge-name": ("name: " + "n" * 2_000_000 + "\n" + deny, [], False),
        "many-deny": ("licenses:\n  deny: [" + ", ".join(f"x-{i}" for i in range(100_000)) + ", llama2]\n", [], False),
        "unknown-top": ("licences:\n  deny: [llama2]\n", ["licences"], True),
        "extends-int": ("extends: 5\n" + deny, ["extends"], True),
        "extends-twice": ("extends: [builtin:default, builtin:default]\n" + deny, [], False),
    }
    cases = []
    for name, (content, words, must2) in items.items():
        pol = write(base / name / "policy.yaml", content)
        cases.append(Case("p16-policy", name, ["audit", LLAMA2, BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[LLAMA2, BERT], want2=must2, error_names=["policy.yaml", *words], timeout=90,
                          check=_timed(45, _p16_exit2_or(denied))))
    return cases


_P16_FORK = """
import os, runpy, sys, tempfile, traceback
def start(args, env=None):
    \"\"\"auditor ARGS in a forked child (the interpreter's path may not be runnable as nobody): (pid, out, err).\"\"\"
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        if env is not None:
            os.environ.clear(); os.environ.update(env)
        sys.argv = ["auditor", *args]
        code = 0
        try:
            runpy.run_module("auditor", run_name="__main__")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc(); code = 1
        sys.stdout.flush(); sys.stderr.flush(); os._exit(code)
    return pid, out, err
def finish(started):
    pid, out, err = started
    _, status = os.waitpid(pid, 0)
    out.seek(0); err.seek(0)
    return os.waitstatus_to_exitcode(status), out.read(), err.read()
def auditor(args, env=None):
    return finish(start(args, env))
def answer(result):
    code, out, err = result
    sys.stdout.buffer.write(out); sys.stderr.buffer.write(err); sys.stdout.flush(); sys.stderr.flush(); os._exit(code)
"""


_P16_LOCK_RUN = _P16_FORK + """
import json, pathlib, subprocess, sys
root, how = pathlib.Path(sys.argv[1]), sys.argv[2]
auditor(["lock", str(root), "--offline", "--no-cache"])
lock = root / "auditor.lock"
text = lock.read_text(encoding="utf-8")
data = json.loads(text)
entry = data["models"][0]
if how == "conflict":
    text = text.replace('"models": [', '"models": [\\n<<<<<<< HEAD\\n' + json.dumps(entry) + ',\\n=======\\n' + json.dumps({**entry, "sha": "b" * 40}) + ',\\n>>>>>>> x\\n', 1)
elif how == "crlf":
    text = text.replace("\\n", "\\r\\n")
elif how == "bom":
    text = "\\ufeff" + text
elif how == "sha-upper":
    text = text.replace(entry["sha"], entry["sha"].upper())
elif how == "sha-short":
    text = text.replace(entry["sha"], entry["sha"][:39])
elif how == "sha-int":
    text = text.replace('"' + entry["sha"] + '"', "12345")
elif how == "models-dict":
    data["models"] = {"a": entry}; text = json.dumps(data)
elif how == "dup-case":
    data["models"].append({**entry, "id": entry["id"].upper(), "requested": entry["requested"].upper(), "sha": "c" * 40}); text = json.dumps(data)
elif how == "version-str":
    data["lock_version"] = "1"; text = json.dumps(data)
elif how == "version-inf":
    text = text.replace('"lock_version": ' + str(data["lock_version"]), '"lock_version": 1e400', 1)
elif how == "trailing-comma":
    text = text.rstrip().rstrip("}") + ",}"
elif how == "null":
    text = "null"
elif how == "yaml":
    text = "models:\\n  - id: " + entry["id"] + "\\n"
elif how == "records-dropped":
    data["records"] = []; text = json.dumps(data)
elif how == "license-edited":
    data["models"][0]["license"] = "MIT"; text = json.dumps(data)
elif how == "truncated":
    text = text[: len(text) // 2]
lock.write_text(text, encoding="utf-8", newline="")
answer(auditor(["check", str(root), "--locked", "--no-cache", "-f", "json"]))
"""


def _p16_lock_cases(base: Path) -> list[Case]:
    """p16-lock: auditor.lock edited by hand or by a merge (conflict markers, CRLF, BOM, a SHA upper-case, short or a
    number, models a mapping, the same model twice in other case, a version as text or infinity, a trailing comma,
    null, YAML, records dropped, a license edited, cut in half), then `check --locked`: one sentence naming the
    lock (exit 2) or a result that does not pass what the lock no longer vouches for."""
    cases = []
    for how in ("conflict", "crlf", "bom", "sha-upper", "sha-short", "sha-int", "models-dict", "dup-case", "version-str",
                "version-inf", "trailing-comma", "null", "yaml", "records-dropped", "license-edited", "truncated"):
        root = _check_repo(base / how, {})
        # the records decide the verdict; the entry's `license` is what `lock` saw then (LCK002 compares it, online)
        ok_if_pass = how in ("crlf", "bom", "license-edited")
        cases.append(Case("p16-lock", how, [str(root), how], runner=["-c", _P16_LOCK_RUN], fail_closed=not ok_if_pass,
                          error_names=["auditor.lock"], timeout=120))
    return cases


def _p16_card_cases(base: Path) -> list[Case]:
    """p16-card: base_model and front matter in shapes the Hub's own validator refuses but hand-written cards hold:
    a mapping, a number, nested lists, a list of mappings, a boolean, a URL, an id with a newline; front matter that
    is JSON, a list, a scalar; license as a mapping; datasets as a mapping. The model comes out with a finding
    (its base unknown), never as a pass with no base."""
    cases = []
    shapes = {
        "base-dict": "base_model: {name: meta-llama/Llama-2-7b-hf}\n",
        "base-int": "base_model: 7\n",
        "base-float": "base_model: 1.5\n",
        "base-bool": "base_model: true\n",
        "base-nested-list": "base_model: [[meta-llama/Llama-2-7b-hf]]\n",
        "base-list-of-dicts": "base_model:\n  - {id: meta-llama/Llama-2-7b-hf}\n",
        "base-list-mixed": "base_model: [meta-llama/Llama-2-7b-hf, 5, ~, {a: b}]\n",
        "base-newline": "base_model: \"meta-llama/Llama-2-7b-hf\\nacme/other\"\n",
        "base-url": "base_model: https://huggingface.co/meta-llama/Llama-2-7b-hf\n",
        "base-empty-list": "base_model: []\n",
        "base-empty-str": "base_model: ''\n",
        "base-at-rev": "base_model: meta-llama/Llama-2-7b-hf@main\n",
        "base-relation-garbage": "base_model: meta-llama/Llama-2-7b-hf\nbase_model_relation: {x: 1}\n",
        "base-huge-list": "base_model: [" + ", ".join(f"acme/m{i}" for i in range(5000)) + "]\n",
    }
    for name, front in shapes.items():
        folder = model_dir(base / name, "hostile-model", "---\nlicense: mit\n" + front + "---\n# m\n")
        cases.append(audit_local(base / name, name, folder, fail_closed=name not in ("base-empty-list", "base-empty-str"),
                                 finding=True))
    fronts = {
        "front-json": '---\n{"license": "mit", "base_model": "meta-llama/Llama-2-7b-hf"}\n---\n',
        "front-json-trailing-comma": '---\n{"license": "mit", "base_model": "meta-llama/Llama-2-7b-hf",}\n---\n',
        "front-list-of-maps": "---\n- license: mit\n- base_model: meta-llama/Llama-2-7b-hf\n---\n",
        "front-scalar-int": "---\n42\n---\n",
        "license-dict": "---\nlicense: {id: mit}\n---\n",
        "license-nested-list": "---\nlicense: [[mit]]\n---\n",
        "datasets-dict": "---\nlicense: mit\ndatasets: {a: b}\n---\n",
        "front-crlf-bom": "\ufeff---\r\nlicense: mit\r\nbase_model: meta-llama/Llama-2-7b-hf\r\n---\r\n",
    }
    for name, card in fronts.items():
        folder = model_dir(base / name, "hostile-model", card + "# m\n")
        cases.append(audit_local(base / name, name, folder, fail_closed=True, finding=True))
    return cases


def _p16_check_cases(base: Path) -> list[Case]:
    """p16-check: the project files of a checked repository in the shapes a working copy holds: auditor.yaml with
    merge-conflict markers, a key twice, a directory, a FIFO or unreadable; pyproject.toml whose tool.auditor is a
    string; auditor.lock a folder or a FIFO; .gitignore with 20,000 patterns; a link loop beside the code. BERT
    (named in app.py) comes out, and what could not be read is said."""
    items: dict[str, Callable[[Path], object]] = {
        "manifest-conflict": lambda r: write(r / "auditor.yaml", _CONFLICT.format(a="models:\n  - id: acme-ai/a\n", b="models:\n  - id: acme-ai/b\n")),
        "manifest-dup": lambda r: write(r / "auditor.yaml", "models:\n  - id: acme-ai/a\nmodels:\n  - id: acme-ai/b\n"),
        "manifest-dir": lambda r: (r / "auditor.yaml").mkdir(),
        "manifest-fifo": lambda r: _fifo(r / "auditor.yaml"),
        "manifest-unreadable": lambda r: _unreadable(write(r / "auditor.yaml", "models:\n  - id: acme-ai/a\n")),
        "manifest-python-tag": lambda r: write(r / "auditor.yaml", "models:\n  - id: !!python/object/apply:os.system ['true']\n"),
        "pyproject-string": lambda r: write(r / "pyproject.toml", "[tool]\nauditor = 'strict'\n"),
        "pyproject-policy-int": lambda r: write(r / "pyproject.toml", "[tool.auditor]\npolicy = 5\n"),
        "lock-dir": lambda r: (r / "auditor.lock").mkdir(),
        "lock-fifo": lambda r: _fifo(r / "auditor.lock"),
        "lock-unreadable": lambda r: _unreadable(write(r / "auditor.lock", "{}")),
        "gitignore-many": lambda r: write(r / ".gitignore", "".join(f"*{i}*[!a-z]?x/**/y{i}\n" for i in range(20_000))),
        "gitignore-pathological": lambda r: write(r / ".gitignore", "*a" * 200 + "b\n" + "**/" * 500 + "z\n"),
        "link-loop": lambda r: (r / "loop").symlink_to("loop"),
        "link-to-parent": lambda r: (r / "up").symlink_to(".."),
    }
    cases = []
    for name, build in items.items():
        root = _check_repo(base / name, {})
        build(root)
        closed = name in ("manifest-conflict", "manifest-dir", "manifest-fifo", "manifest-unreadable",
                          "manifest-python-tag")
        # without --locked a lock only feeds the license-change comparison: one it cannot read must be said
        then = says("auditor.lock") if name.startswith("lock-") and name != "lock-dir" else None
        cases.append(Case("p16-check", name, ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          fail_closed=closed, error_names=[], timeout=90,
                          check=_timed(45, _p16_exit2_or(lambda r, t=then: says(BERT)(r) or (t(r) if t else None)))))
    return cases


def _p16_output_cases(base: Path) -> list[Case]:
    """p16-output: -o an existing folder for one format, a folder where a format's file must go, /proc, a name
    ending in a slash, a format named twice or with blanks, an empty format list: one sentence (exit 2) or the
    outputs written, never a traceback."""
    cases = []
    folder = base / "existing"
    folder.mkdir(parents=True)
    cases.append(Case("p16-output", "single-into-dir", ["audit", BERT, "--offline", "-f", "json", "-o", str(folder)],
                      error_names=[]))
    blocked = base / "blocked"
    (blocked / "auditor.sarif").mkdir(parents=True)
    cases.append(Case("p16-output", "format-file-is-dir", ["audit", BERT, "--offline", "-f", "json,sarif", "-o", str(blocked)],
                      error_names=["auditor.sarif"]))
    cases.append(Case("p16-output", "proc", ["audit", BERT, "--offline", "-f", "json", "-o", "/proc/version"]))
    cases.append(Case("p16-output", "trailing-slash", ["audit", BERT, "--offline", "-f", "json", "-o", str(base / "new") + "/"]))
    cases.append(Case("p16-output", "format-twice", ["audit", BERT, "--offline", "-f", "json,json", "-o", str(base / "twice")]))
    cases.append(Case("p16-output", "format-blanks", ["audit", BERT, "--offline", "-f", " json , sarif ", "-o", str(base / "blanks")]))
    cases.append(Case("p16-output", "format-empty", ["audit", BERT, "--offline", "-f", ""], want2=True))
    cases.append(Case("p16-output", "format-commas", ["audit", BERT, "--offline", "-f", ",,,"], want2=True))
    cases.append(Case("p16-output", "report-into-dir", ["report", BERT, "--offline", "-f", "md", "-o", str(folder)]))
    cases.append(Case("p16-output", "sbom-into-dir", ["sbom", BERT, "--offline", "-o", str(folder)]))
    return cases


def _p16_env_cases(base: Path) -> list[Case]:
    """p16-env: HF_HOME and AUDITOR_CACHE_DIR a file or /dev/null, AUDITOR_MAX_MODELS and AUDITOR_NO_CACHE garbage,
    an ASCII-only or Latin-1 standard output with non-ASCII model names, HF_HUB timeouts that are words."""
    cases = []
    afile = write(base / "a-file", "x")
    card = "---\nlicense: mit\n---\n# Mod\u00e8le \u6a21\u578b \U0001f600\n"
    uni = model_dir(base / "uni", "mod\u00e8le-\u6a21\u578b", card)
    repo = _check_repo(base / "repo", {})
    envs = {
        "hf-home-file": {"HF_HOME": str(afile)},
        "cache-file": {"AUDITOR_CACHE_DIR": str(afile)},
        "cache-devnull": {"AUDITOR_CACHE_DIR": "/dev/null"},
        "cache-proc": {"AUDITOR_CACHE_DIR": "/proc/self"},
        "max-models-word": {"AUDITOR_MAX_MODELS": "many"},
        "max-models-negative": {"AUDITOR_MAX_MODELS": "-1"},
        "max-models-huge": {"AUDITOR_MAX_MODELS": "9" * 40},
        "no-cache-word": {"AUDITOR_NO_CACHE": "maybe"},
        "hub-timeout-word": {"HF_HUB_DOWNLOAD_TIMEOUT": "soon", "HF_HUB_ETAG_TIMEOUT": "-5"},
    }
    for name, env in envs.items():
        cases.append(Case("p16-env", name, ["check", str(repo), "--offline", "-f", "json"], env=env,
                          check=_p16_exit2_or(says(BERT))))
    for name, env in {"ascii-stdout": {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"},
                      "latin1-stdout": {"PYTHONIOENCODING": "latin-1"},
                      "ascii-strict": {"PYTHONIOENCODING": "ascii:strict", "LANG": "POSIX"}}.items():
        for fmt in ("text", "json", "markdown"):
            cases.append(Case("p16-env", f"{name}-{fmt}", ["audit", str(uni), BERT, "--offline", "-f", fmt], env=env,
                              allow2=False))
    return cases


_P16_CACHE_RUN = _P16_FORK + """
import os, pathlib, subprocess, sys
root, how, cache = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
env = {**os.environ, "AUDITOR_CACHE_DIR": str(cache)}
args = ["check", str(root), "--offline", "-f", "json"]
if how != "concurrent":
    auditor(args, env)
files = [p for p in cache.rglob("*") if p.is_file()]
if how == "concurrent":
    import json
    outs = [finish(one) for one in [start(args, env) for _ in range(4)]]
    codes = {o[0] for o in outs}
    models = {tuple(sorted(m["model"] for m in json.loads(o[1])["models"])) if o[1].strip().startswith(b"{") else None for o in outs}
    if len(codes) != 1 or len(models) != 1:
        sys.stderr.write("MISMATCH between concurrent runs: codes %s models %s\\n" % (codes, models)); os._exit(9)
    answer(outs[0])
for p in files:
    if how == "truncate":
        data = p.read_bytes(); p.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        p.write_bytes(b"")
    elif how == "garbage":
        p.write_bytes(bytes(range(256)) * 8)
    elif how == "json-wrong":
        p.write_text('{"schema": 1, "kind": 5, "body": [], "files": "x", "references": {"a": 1}}')
    elif how == "devzero":
        p.unlink(); p.symlink_to("/dev/zero")
    elif how == "fifo":
        p.unlink(); os.mkfifo(p)
    elif how == "dir":
        p.unlink(); p.mkdir()
    elif how == "unreadable":
        p.chmod(0)
    elif how == "tmp-left":
        (p.parent / (p.name + ".tmp")).write_bytes(b"{")
answer(auditor(args, env))
"""


def _p16_cache_cases(base: Path) -> list[Case]:
    """p16-cache: the cache folder after crashes and hostility: entries cut in half, empty, binary, JSON of the wrong
    shape, links to /dev/zero, FIFOs, folders, unreadable, temporary files left behind; and four runs at once
    sharing one cache. The second run treats what it cannot use as a miss: the same models, bounded time."""
    cases = []
    for how in ("truncate", "empty", "garbage", "json-wrong", "devzero", "fifo", "dir", "unreadable", "tmp-left",
                "concurrent"):
        root = _check_repo(base / how / "repo", {"c.yaml": "model: acme-ai/model-x\n"})
        cases.append(Case("p16-cache", how, [str(root), how, str(base / how / "cache")], runner=["-c", _P16_CACHE_RUN],
                          allow2=False, timeout=150, check=_timed(120, says(BERT))))
    return cases


def _p16_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p16-hub: a fake Hub answering JSON cut short, an id and siblings of the wrong types, 429 with a Retry-After a
    century away or in words, a README that is a gzip bomb, endless or huge: the model is incomplete with a finding,
    the healthy one complete, bounded time."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/p16-good", good, {"README.md": card})
    faults: dict[str, tuple[str, dict[str, Any]]] = {
        "json-cut": ("/api/models/acme/p16-json-cut*", {"kind": "body", "body": b'{"id": "acme/p16-json-cut", "sha": "ab'}),
        "json-types": ("/api/models/acme/p16-json-types*", {"kind": "body", "body": b'{"id": 5, "sha": null, "siblings": {"a": 1}, "cardData": 7, "tags": [1, null]}'}),
        "json-deep": ("/api/models/acme/p16-json-deep*", {"kind": "body", "body": b'{"id": "acme/p16-json-deep", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"}),
        "json-bigint": ("/api/models/acme/p16-json-bigint*", {"kind": "body", "body": b'{"id": "acme/p16-json-bigint", "downloads": ' + b"9" * 100_000 + b"}"}),
        "retry-century": ("/api/models/acme/p16-retry-century*", {"kind": "status", "status": 429, "retry_after": "Wed, 21 Oct 2126 07:28:00 GMT"}),
        "retry-words": ("/api/models/acme/p16-retry-words*", {"kind": "status", "status": 429, "retry_after": "later please"}),
        "retry-huge-int": ("/api/models/acme/p16-retry-huge-int*", {"kind": "status", "status": 503, "retry_after": "9" * 400}),
        "readme-bomb": ("/acme/p16-readme-bomb/resolve/*", {"kind": "gzip-bomb"}),
        "readme-endless": ("/acme/p16-readme-endless/resolve/*", {"kind": "endless"}),
        "readme-html": ("/acme/p16-readme-html/resolve/*", {"kind": "html"}),
        "readme-loop": ("/acme/p16-readme-loop/resolve/*", {"kind": "redirect-ab-loop"}),
    }
    cases = []
    for name, (path, spec) in faults.items():
        rid = f"acme/p16-{name}"
        hub.add_repo(rid, good, {"README.md": card})
        spec = dict(spec)
        hub.fault(path, spec.pop("kind"), **spec)
        home = base / name
        home.mkdir(parents=True)
        readme = name.startswith("readme")
        # a 429/503 speaks for the whole Hub (every worker holds): the healthy model may be incomplete too, in time
        then = None if name.startswith("retry") else _p16_good_complete
        cases.append(Case("p16-hub", name, ["audit", rid, "acme/p16-good", "--endpoint", hub.url, "-f", "jsonl"],
                          models=[rid, "acme/p16-good"], affected=rid, fail_closed=not readme, allow2=False, timeout=150,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_ENDPOINT": hub.url},
                          check=_timed(120, then)))
    return cases


def _p16_good_complete(result: Result) -> str | None:
    rec = next((r for r in result.records() if r.get("model") == "acme/p16-good"), {})
    return "acme/p16-good (healthy) came out incomplete" if rec.get("verdict") == "incomplete" else None


def _p16_refs_cases(base: Path) -> list[Case]:
    """p16-refs: --refs-file as editors and scripts leave it: BOM with CRLF, a Latin-1 line, one 5 MB line, a NUL in
    the middle, trailing notes and tabs, hf:// and Hub URLs, a model written in NFD, 20,000 distinct ids. Either
    one sentence naming the file (and the line), exit 2, or every listed model audited."""
    items: dict[str, tuple[str | bytes, bool]] = {
        "bom-crlf": ("\ufeff" + BERT + "\r\n" + LLAMA2 + "\r\n", False),
        "latin1": (BERT.encode() + b"\n# caf\xe9\n" + LLAMA2.encode() + b"\n", False),  # a comment, skipped
        "one-long-line": (BERT + "\n" + "a" * 5_000_000 + "\n", True),
        "nul-middle": (BERT + "\n" + "acme/x\x00y\n" + LLAMA2 + "\n", True),
        "notes-tabs": (BERT + "\t# the encoder\n\t" + LLAMA2 + "   \n", False),
        "hf-and-url": ("hf://" + BERT + "\nhttps://huggingface.co/" + LLAMA2 + "\n", False),
        "nfd-id": (BERT + "\n" + "acme/mode\u0301le\n", False),
        "ansi": (BERT + "\n\x1b[31macme/red\x1b[0m\n", True),
        # an explicit list is the scale use (docs/scale.md): every model audited, one JSON line each, memory bounded
        "many-distinct": ("".join(f"acme/m{i}\n" for i in range(5_000)) + BERT + "\n", False),
    }
    cases = []
    for name, (content, bad_line) in items.items():
        path = write(base / name / "refs.txt", content)
        models = [] if name in ("many-distinct", "nfd-id", "hf-and-url") else [BERT] if name in (
            "one-long-line", "ansi") else [BERT, LLAMA2]
        # a bad line is that line's unreadable model while the others are audited (hostile20): exit 3, not 2
        cases.append(Case("p16-refs", name, ["audit", "--refs-file", str(path), "--offline", "-f", "jsonl"], models=models,
                          fail_closed=bad_line, allow2=not bad_line, error_names=["refs.txt"], timeout=120,
                          check=_timed(90, _p18_bad_kept() if bad_line else None)))
    return cases


def _p16_cli_cases(base: Path) -> list[Case]:
    """p16-cli: values a user types or a script builds: builtin: names with a path in them, extends: a URL or a builtin
    that is not there, --exclude globs that backtrack, 3,000 models on one command line, a revision with blanks or
    a `..`, --catalog a folder, a gzip file or /dev/zero."""
    cases = []
    for name, spec in (("builtin-traversal", "builtin:../../../etc/passwd"), ("builtin-empty", "builtin:"),
                       ("builtin-slash", "builtin:default/"), ("builtin-nul", "builtin:def\x01ault")):
        cases.append(Case("p16-cli", name, ["audit", BERT, "--offline", "-p", spec], want2=True, error_names=["builtin"]))
    for name, extends in (("extends-url", "https://example.com/p.yaml"), ("extends-builtin-missing", "builtin:nope"),
                          ("extends-traversal", "builtin:../policies/default")):
        pol = write(base / name / "policy.yaml", f"extends: {extends}\n")
        cases.append(Case("p16-cli", name, ["audit", BERT, "--offline", "-p", str(pol)], want2=True,
                          error_names=["policy.yaml"], timeout=30))
    root = _check_repo(base / "exclude", {("a" * 60 + "/") * 3 + "b" * 100 + ".py": f'AutoModel.from_pretrained("{LLAMA2}")\n'})
    for name, glob in (("exclude-backtrack", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c"),
                       ("exclude-stars", "**/" * 200 + "*"), ("exclude-brackets", "[" * 5000),
                       ("exclude-huge", "x" * 100_000)):
        cases.append(Case("p16-cli", name, ["check", str(root), "--offline", "--no-cache", "-f", "json", "--exclude", glob],
                          timeout=60, check=_timed(30)))
    many = [f"acme/m{i}" for i in range(3000)]
    cases.append(Case("p16-cli", "argv-3000", ["audit", *many, BERT, "--offline", "-f", "jsonl"], models=[BERT], timeout=120,
                      check=_timed(90)))
    for name, ref in (("rev-blank", BERT + "@ main"), ("rev-dotdot", BERT + "@../../x"), ("rev-long", BERT + "@" + "a" * 5000),
                      ("rev-empty", BERT + "@"), ("id-dotdot", "../etc/passwd"), ("id-triple", "a/b/c/d")):
        cases.append(Case("p16-cli", name, ["audit", ref, "--offline", "-f", "jsonl"], error_names=[]))
    folder = base / "catalog-dir"
    folder.mkdir()
    import gzip
    gz = write(base / "cat.jsonl.gz", gzip.compress(b'{"id": "acme/x"}\n' * 100))
    for name, cat in (("catalog-dir", str(folder)), ("catalog-gzip", str(gz)), ("catalog-devzero", "/dev/zero")):
        cases.append(Case("p16-cli", name, ["audit", BERT, "--offline", "--catalog", cat], want2=True,
                          error_names=[Path(cat).name], timeout=30))
    return cases


def _no_escapes(result: Result) -> str | None:
    bad = next((c for c in result.stdout if c in "\x1b\x07\x08\x9b" or "\x80" <= c < "\xa0"), None)
    return None if bad is None else f"stdout carries the control character U+{ord(bad):04X}"


def _p16_escape_cases(base: Path) -> list[Case]:
    """p16-escape: card values carrying terminal escapes (colour, window title, OSC 8 links, cursor moves, C1 CSI)
    in license_name, base_model, model name and LICENSE text, through text, markdown, github and gitlab output:
    nothing reaches the terminal raw."""
    esc = {"title": "\x1b]0;pwned\x07", "osc8": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
           "csi": "\x1b[2J\x1b[H", "c1": "\x9b31m", "bs": "ok\x08\x08KO"}
    cases = []
    for name, seq in esc.items():
        card = (f"---\nlicense: other\nlicense_name: \"acme{seq}license\"\nbase_model: \"acme/b{seq}x\"\n"
                f"model_name: \"n{seq}\"\n---\n# Title {seq}\n")
        folder = model_dir(base / name, f"m-{name}", card, LICENSE=f"Terms {seq}\n")
        for fmt in ("text", "markdown", "github", "gitlab"):
            cases.append(Case("p16-escape", f"{name}-{fmt}", ["audit", str(folder), "--offline", "-f", fmt], allow2=False,
                              check=_no_escapes))
        cases.append(Case("p16-escape", f"{name}-lineage", ["lineage", str(folder), "--offline"], allow2=False, check=_no_escapes))
        cases.append(Case("p16-escape", f"{name}-notice", ["notice", str(folder), "--offline", "-o", "-"], allow2=False,
                          check=_no_escapes))
    return cases


def pass16_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("policy", _p16_policy_cases), ("lock", _p16_lock_cases), ("card", _p16_card_cases),
                        ("check", _p16_check_cases), ("output", _p16_output_cases), ("env", _p16_env_cases),
                        ("cache", _p16_cache_cases), ("hub", lambda b: _p16_hub_cases(b, hub)), ("refs", _p16_refs_cases),
                        ("cli", _p16_cli_cases), ("escape", _p16_escape_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 17


def _p17_written(path: Path) -> Callable[[Result], str | None]:
    """When the run went on (exit 0/1/3), what it said it wrote must be there: never a result lost quietly."""
    def check(result: Result) -> str | None:
        if result.code == 2 or path.exists():
            return None
        return f"exit {result.code} but {os.fsencode(path)!r} was not written"
    return check


def _p17_line_named(name: str) -> Callable[[Result], str | None]:
    """An exit-2 sentence about a YAML file names the line (`file:LINE:`) as well as the file."""
    def check(result: Result) -> str | None:
        if result.code != 2:
            return None
        at = result.stderr.find(name + ":")
        return None if at >= 0 and result.stderr[at + len(name) + 1:at + len(name) + 2].isdigit() else \
            f"the message does not name a line of {name}"
    return check


def _p17_output_cases(base: Path) -> list[Case]:
    """p17-out: every command that writes a file given a target it cannot use or that is odd: /dev/full, a path under a
    regular file, a read-only folder, a name in bytes that are not UTF-8, a dangling symbolic link, an existing folder.
    One sentence naming the target (exit 2), or the output written where it was asked: never a traceback, never a
    success with nothing written."""
    repo = _check_repo(base / "repo", {})
    blocker = write(base / "blocker", "x")
    ro = base / "ro-dir"
    ro.mkdir()
    existing = base / "existing-dir"
    existing.mkdir()
    (base / "dangling").symlink_to(base / "nowhere-at-all")
    commands: dict[str, Callable[[str], list[str]]] = {
        "lineage": lambda t: ["lineage", BERT, "--offline", "-o", t],
        "lineage-svg": lambda t: ["lineage", BERT, "--offline", "-f", "svg", "-o", t],
        "openness": lambda t: ["openness", BERT, "--offline", "-f", "json", "-o", t],
        "notice": lambda t: ["notice", BERT, "--offline", "-o", t],
        "lock": lambda t: ["lock", str(repo), "--offline", "--no-cache", "--lock-file", t],
        "check": lambda t: ["check", str(repo), "--offline", "--no-cache", "-f", "json", "-o", t],
        "snapshot": lambda t: ["snapshot", BERT, "--offline", "--no-lineage", "-o", t],
        "report-md": lambda t: ["report", BERT, "--offline", "-f", "md", "-o", t],
        "sbom": lambda t: ["sbom", BERT, "--offline", "-f", "cyclonedx", "-o", t],
        "audit-sarif": lambda t: ["audit", BERT, "--offline", "-f", "sarif", "-o", t],
    }
    cases = []
    for cmd, argv in commands.items():
        targets: dict[str, tuple[str, list[str], bool, Path | None]] = {
            # name: (target, words an exit-2 sentence holds, exit 2 required, file that must exist otherwise)
            "devfull": ("/dev/full", ["/dev/full"], True, None),
            "under-file": (str(blocker / f"{cmd}.out"), ["blocker"], True, None),
            "read-only-dir": (str(ro / f"{cmd}.out"), ["ro-dir"], True, None),
            "non-utf8": (os.fsdecode(os.fsencode(str(base)) + f"/{cmd}-\xff\xfe".encode("latin-1") + b".out"), [], False,
                         Path(os.fsdecode(os.fsencode(str(base)) + f"/{cmd}-\xff\xfe".encode("latin-1") + b".out"))),
            "dangling-link": (str(base / "dangling" / f"{cmd}.out"), [], False, None),
        }
        if cmd != "notice":
            targets["existing-dir"] = (str(existing), ["existing-dir"], False, None)
        for name, (target, words, must2, made) in targets.items():
            cases.append(Case("p17-out", f"{cmd}-{name}", argv(target), error_names=words, want2=must2, timeout=90,
                              check=_p17_written(made) if made is not None else None))
    ro.chmod(0o555)
    return cases


def _p17_endpoint_cases(base: Path) -> list[Case]:
    """p17-endpoint: a Hub endpoint (--endpoint, then HF_ENDPOINT) that no client can use: empty, a scheme alone, an
    unclosed IPv6 bracket, a port past 65535 or 0, ftp:, no scheme, a newline or blanks, a user name, 2,000 slashes,
    percent garbage. The model is not passed (exit 2 with one sentence naming the endpoint, or incomplete, exit 3),
    in bounded time; only numeric loopback hosts, so nothing leaves the machine."""
    values = {
        "empty": "", "scheme-only": "http://", "ipv6-unclosed": "http://[::1", "port-huge": "http://127.0.0.1:99999",
        "port-zero": "http://127.0.0.1:0", "ftp": "ftp://127.0.0.1/", "no-scheme": "127.0.0.1:9",
        "newline": "http://127.0.0.1:9/\nX-Evil: 1", "blank-around": " http://127.0.0.1:9 ", "userinfo": "http://user@127.0.0.1:9",
        "many-slashes": "http://127.0.0.1:9" + "/" * 2000, "percent": "http://127.0.0.1:9/%zz%",
    }
    cases = []
    for name, value in values.items():
        home = base / name
        env = {"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache")}
        cases.append(Case("p17-endpoint", f"option-{name}", ["audit", "acme/p17-x", "--endpoint", value, "-f", "jsonl"],
                          fail_closed=True, env=env, timeout=90, check=_timed(60)))
        cases.append(Case("p17-endpoint", f"env-{name}", ["audit", "acme/p17-x", "-f", "jsonl"], fail_closed=True,
                          env={**env, "HF_ENDPOINT": value}, timeout=90, check=_timed(60)))
    return cases


def _p17_ref_cases(base: Path) -> list[Case]:
    """p17-ref: a model named the ways people paste it: Hub URLs to a file, a tree or with a query, without a scheme,
    hf.co and Ollama-style tags, revisions that are short SHAs, PR refs, branches with a slash or look-alike letters,
    blanks, tabs and newlines around it, look-alike slashes (full width, fraction, division), combining marks,
    backslashes, `./` segments, percent-encoding, a `models/` prefix. Beside BERT: BERT is always audited; the odd
    one is either BERT (same answer), a one-sentence refusal, or an incomplete model: never a pass of something
    never read."""
    # refs that may lawfully mean BERT itself (exit 0 is then right)
    same = {
        "url-blob": f"https://huggingface.co/{BERT}/blob/main/README.md",
        "url-resolve": f"https://huggingface.co/{BERT}/resolve/main/config.json",
        "url-no-scheme": f"huggingface.co/{BERT}",
        "url-http": f"http://huggingface.co/{BERT}",
        "url-www": f"https://www.huggingface.co/{BERT}",
        "url-hf-co": f"https://hf.co/{BERT}",
        "url-query": f"https://huggingface.co/{BERT}?library=transformers",
        "url-fragment": f"https://huggingface.co/{BERT}#model-card",
        "leading-blank": " " + BERT,
        "trailing-newline": BERT + "\n",
        "trailing-tab": BERT + "\t",
        "case-variant": BERT.upper(),
        "models-prefix": "models/" + BERT,
        "hf-models": "hf://models/" + BERT,
    }
    odd = {
        "ollama-tag": f"hf.co/{BERT}:Q4_K_M",
        "colon-tag": BERT + ":latest",
        "rev-short-sha": BERT + "@abc1234",
        "rev-zero-sha": BERT + "@" + "0" * 40,
        "rev-pr": BERT + "@refs/pr/1",
        "rev-branch-slash": BERT + "@feature/x",
        "rev-lookalike": BERT + "@m\u0430in",
        "rev-newline": BERT + "@main\nother",
        "fullwidth-slash": BERT.replace("/", "\uff0f"),
        "fraction-slash": BERT.replace("/", "\u2044"),
        "division-slash": BERT.replace("/", "\u2215"),
        "nbsp-inside": BERT.replace("-", "\u00a0", 1),
        "combining": BERT + "\u0301",
        "tab-inside": BERT.replace("/", "/\t"),
        "dot-segment": BERT.replace("/", "/./"),
        "backslash": BERT.replace("/", "\\"),
        "percent-slash": BERT.replace("/", "%2F"),
        "trailing-dot": BERT + ".",
        "url-other-host": f"https://example.com/{BERT}",
        "url-datasets": "https://huggingface.co/datasets/acme/p17-none",
        "spaces": "spaces/acme/p17-none",
        "hf-datasets": "hf://datasets/acme/p17-none",
        "url-userinfo": f"https://user:pw@huggingface.co/{BERT}",
        "rtl-override": "\u202e" + BERT,
    }
    cases = []
    for name, ref in {**same, **odd}.items():
        cases.append(Case("p17-ref", name, ["audit", ref, BERT, "--offline", "-f", "jsonl"], models=[BERT],
                          fail_closed=name in odd, timeout=60))
    return cases


def _p17_card_cases(base: Path) -> list[Case]:
    """p17-card: license values as expressions that do not parse (an unclosed parenthesis, a trailing OR, an unknown
    exception, 5,000 terms, 2,000-deep parentheses), as URLs, blanks, look-alike letters, zero-width or full-width
    characters; base_model as a path on disk; front matter fenced by `+++` (TOML) or closed by `...`, 5 MB or 100,000
    keys, tags 100,000 long. The hostile model comes out with a finding, never a pass; bounded time."""
    items: dict[str, tuple[str | bytes, bool | None]] = {
        # name: (card, must not pass; None: a warning finding, exit 0 allowed)
        "expr-unclosed": ("---\nlicense: 'mit AND (apache-2.0'\n---\n", True),
        "expr-trailing-or": ("---\nlicense: 'MIT OR'\n---\n", True),
        "expr-leading-and": ("---\nlicense: 'AND MIT'\n---\n", True),
        "expr-unknown-exception": ("---\nlicense: 'GPL-3.0-only WITH Nope-exception'\n---\n", True),
        "expr-with-alone": ("---\nlicense: 'WITH'\n---\n", True),
        "expr-5000-terms": ("---\nlicense: '" + " OR ".join(f"LicenseRef-x{i}" for i in range(5000)) + "'\n---\n", True),
        "expr-deep-parens": ("---\nlicense: '" + "(" * 2000 + "mit" + ")" * 2000 + "'\n---\n", False),
        "expr-mixed-unknown": ("---\nlicense: 'mit AND nope-license-z'\n---\n", True),
        "license-url": ("---\nlicense: https://opensource.org/licenses/MIT\n---\n", True),
        "license-blank": ("---\nlicense: '   '\n---\n", True),
        "license-cyrillic": ("---\nlicense: \u043cit\n---\n", True),
        "license-zero-width": ("---\nlicense: \"m\u200bit\"\n---\n", True),
        "license-fullwidth": ("---\nlicense: \uff4d\uff49\uff54\n---\n", True),
        "license-list-1000": ("---\nlicense: [" + ", ".join(f"x-nope-{i}" for i in range(1000)) + "]\n---\n", True),
        "license-spdx-plus-garbage": ("---\nlicense: 'apache-2.0+++'\n---\n", True),
        "base-path-relative": ("---\nlicense: mit\nbase_model: ../good-model\n---\n", True),
        "base-path-abs": ("---\nlicense: mit\nbase_model: /etc\n---\n", True),
        "base-path-home": ("---\nlicense: mit\nbase_model: ~/models/x\n---\n", True),
        "base-dot": ("---\nlicense: mit\nbase_model: .\n---\n", True),
        "base-file-url": ("---\nlicense: mit\nbase_model: file:///etc/passwd\n---\n", True),
        "front-toml": ("+++\nlicense = 'mit'\n+++\n# m\n", True),
        "front-dots-close": ("---\nlicense: mit\n...\n# m\n", False),
        "front-5mb-value": ("---\nlicense: mit\nnote: " + "y" * 5_000_000 + "\n---\n", False),
        "front-100k-keys": ("---\nlicense: mit\n" + "".join(f"k{i}: v\n" for i in range(100_000)) + "---\n", False),
        "tags-100k": ("---\nlicense: mit\ntags: [" + ", ".join(f"t{i}" for i in range(100_000)) + "]\n---\n", False),
        "datasets-100k": ("---\nlicense: mit\ndatasets: [" + ", ".join(f"acme/d{i}" for i in range(100_000)) + "]\n---\n", False),
        # a custom license is a warning under builtin:default (`custom: warn`): a finding, exit 0 allowed
        "license-link-js": ("---\nlicense: other\nlicense_link: 'javascript:alert(1)'\n---\n", None),
        "license-name-newlines": ("---\nlicense: other\nlicense_name: \"a\\nb\\nc\"\n---\n", None),
    }
    cases = []
    for name, (card, closed) in items.items():
        folder = model_dir(base / name, "hostile-model", card if isinstance(card, bytes) else card + "# m\n")
        case = audit_local(base / name, name, folder, fail_closed=bool(closed), finding=closed is not False,
                           check=_timed(60))
        case.entry, case.timeout = "p17-card", 120
        cases.append(case)
    return cases


def _p17_policy_leaves() -> dict[str, tuple[str, str]]:
    """Every scalar leaf of the policy format, with a value of the wrong type and the YAML that puts it there."""
    scalar_paths = [
        "name", "description", "fail_on", "use.commercial", "use.distribution", "use.monthly_active_users", "use.modify",
        "use.train_other_models_on_outputs", "use.regions", "use.models", "use.roles", "licenses.allow",
        "licenses.review", "licenses.deny", "licenses.not_allowed", "licenses.unknown", "licenses.custom",
        "licenses.conflicts", "licenses.secondary_source", "openness.min_mof_class", "openness.osaid",
        "openness.gated", "openness.require", "openness.require.weights", "openness.require.data",
        "openness.require.code", "lineage.max_depth", "lineage.max_nodes", "lineage.unresolved_base",
        "lineage.laundering", "lineage.suspected", "lineage.too_deep", "data.noncommercial_training_data",
        "data.no_derivatives_training_data", "data.share_alike_training_data", "data.unknown_training_data",
        "datasets.training_is_adaptation", "security.pickle_weights", "security.trust_remote_code", "card.missing",
        "card.no_license", "card.no_base_model", "scan.scopes", "scan.scopes.tests", "scan.scopes.examples",
        "rules", "custom_rules", "curations", "waivers",
    ]
    out = {}
    for path in scalar_paths:
        parts = path.split(".")
        text = "".join(f"{'  ' * i}{p}:\n" for i, p in enumerate(parts[:-1]))
        text += f"{'  ' * (len(parts) - 1)}{parts[-1]}: {{wrong: [type, 1]}}\n"
        if path in ("use.models", "licenses.allow", "licenses.review", "licenses.deny", "custom_rules", "curations",
                    "waivers", "use.regions"):
            text = text.replace("{wrong: [type, 1]}", "{wrong: 1}")
        out[path] = (parts[-1], text)
    return out


def _p17_policy_cases(base: Path) -> list[Case]:
    """p17-policy: every key of the policy format given a value of the wrong type (a mapping where a word, number,
    boolean or list belongs), one by one, after a valid first line; and the items of custom_rules, waivers, curations
    and use.models with wrong-typed fields. One sentence naming policy.yaml, the key and its line (exit 2)."""
    cases = []
    for path, (leaf, text) in _p17_policy_leaves().items():
        pol = write(base / path / "policy.yaml", "name: p17\n" + text if path != "name" else text)
        cases.append(Case("p17-policy", "leaf-" + path, ["audit", BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                          want2=True, error_names=["policy.yaml", leaf], check=_p17_line_named("policy.yaml")))
    items = {
        "custom-severity-word": ("custom_rules:\n  - {id: ACME001, title: t, condition: 'true', message: m, severity: huge}\n", "severity"),
        "custom-area-list": ("custom_rules:\n  - {id: ACME001, title: t, condition: 'true', message: m, area: [a]}\n", "area"),
        "custom-references-str": ("custom_rules:\n  - {id: ACME001, title: t, condition: 'true', message: m, references: 5}\n", "references"),
        "custom-message-map": ("custom_rules:\n  - {id: ACME001, title: t, condition: 'true', message: {a: 1}}\n", "message"),
        "custom-condition-list": ("custom_rules:\n  - {id: ACME001, title: t, condition: [true], message: m}\n", "condition"),
        "custom-id-int": ("custom_rules:\n  - {id: 7, title: t, condition: 'true', message: m}\n", "id"),
        "custom-dup-id": ("custom_rules:\n  - {id: ACME001, title: t, condition: 'true', message: m}\n"
                          "  - {id: ACME001, title: u, condition: 'false', message: n}\n", "ACME001"),
        "custom-builtin-id": ("custom_rules:\n  - {id: LIC001, title: t, condition: 'true', message: m}\n", "LIC001"),
        "custom-placeholder-unknown": ("custom_rules:\n  - {id: ACME001, title: t, condition: 'true', message: 'x {nope.field} y'}\n", "nope"),
        "custom-placeholder-unclosed": ("custom_rules:\n  - {id: ACME001, title: t, condition: 'true', message: 'x {model.id y'}\n", "message"),
        "waiver-item-str": ("waivers:\n  - 'LIC001 for everyone'\n", "waivers"),
        "waiver-rule-list": ("waivers:\n  - {model: 'a/*', rule: [LIC001], reason: r, expires: '2030-01-01'}\n", "rule"),
        "waiver-expires-year0": ("waivers:\n  - {model: 'a/*', rule: LIC001, reason: r, expires: '0000-01-01'}\n", "expires"),
        "waiver-expires-month13": ("waivers:\n  - {model: 'a/*', rule: LIC001, reason: r, expires: '2030-13-01'}\n", "expires"),
        "waiver-unknown-key": ("waivers:\n  - {model: 'a/*', rule: LIC001, reason: Legal approval LEG-1, expires: '2030-01-01', ticket: 5}\n", "ticket"),
        "curation-item-int": ("curations:\n  - 5\n", "curations"),
        "curation-fields-wrong": ("curations:\n  - {model: [a], license: {x: 1}, reason: r}\n", "model"),
        "use-models-item-int": ("use:\n  models: [5]\n", "models"),
        "use-roles-list": ("use:\n  roles: [serve]\n", "roles"),
        "rules-entry-list": ("rules:\n  LIC001: [warning]\n", "LIC001"),
        "rules-severity-word": ("rules:\n  LIC001: {severity: loud}\n", "severity"),
        "rules-enabled-str": ("rules:\n  LIC001: {enabled: 'nope'}\n", "enabled"),
    }
    for name, (text, key) in items.items():
        pol = write(base / "items" / name / "policy.yaml", "name: p17\n" + text)
        cases.append(Case("p17-policy", name, ["audit", BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                          want2=True, error_names=["policy.yaml", key], check=_p17_line_named("policy.yaml")))
    return cases


def _p17_check_cases(base: Path) -> list[Case]:
    """p17-check: `check` and `lock` given a PATH that is a FIFO, a symbolic-link loop, an unreadable folder, a missing
    path, /dev/null, a regular file; and repositories 300 folders deep, with a file of a million lines or one line of
    20 MB naming a model at the end. One sentence naming the path (exit 2), or BERT found and audited, bounded time."""
    cases = []
    roots: dict[str, Callable[[Path], Path]] = {
        "fifo": lambda b: _fifo(b / "root.fifo"),
        "link-loop": lambda b: (b / "loop-root").symlink_to(b / "loop-root") or b / "loop-root",
        "unreadable": lambda b: _unreadable_dir(_check_repo(b / "locked-root", {})),
        "missing": lambda b: b / "missing-root",
        "devnull": lambda b: Path("/dev/null"),
    }
    for name, make in roots.items():
        folder = base / name
        folder.mkdir(parents=True)
        root = make(folder)
        word = root.name
        cases.append(Case("p17-check", f"check-{name}", ["check", str(root), "--offline", "--no-cache", "-f", "json"],
                          want2=True, error_names=[word], timeout=60, check=_timed(30)))
        cases.append(Case("p17-check", f"lock-{name}", ["lock", str(root), "--offline", "--no-cache"],
                          want2=True, error_names=[word], timeout=60, check=_timed(30)))
    single = write(base / "single" / "app.py", f'AutoModel.from_pretrained("{BERT}")\n')
    for cmd in ("check", "lock"):
        argv = [cmd, str(single), "--offline", "--no-cache"] + (["-f", "json"] if cmd == "check" else
                                                                [])
        cases.append(Case("p17-check", f"{cmd}-regular-file", argv, error_names=["app.py"], timeout=60,
                          check=_p16_exit2_or(says(BERT))))
    deep = base / "deep"
    nested = deep.joinpath(*(["d"] * 300))
    write(nested / "app.py", f'AutoModel.from_pretrained("{BERT}")\n')
    lines = write(base / "lines" / "app.py", "x = 1\n" * 1_000_000 + f'AutoModel.from_pretrained("{BERT}")\n')
    wide = write(base / "wide" / "app.py", "x = '" + "a" * 20_000_000 + f"'; AutoModel.from_pretrained(\"{BERT}\")\n")
    for name, root in (("deep-300", deep), ("million-lines", lines.parent), ("line-20mb", wide.parent)):
        for cmd in ("check", "lock"):
            argv = [cmd, str(root), "--offline", "--no-cache"] + (["-f", "json"] if cmd == "check" else [])
            cases.append(Case("p17-check", f"{cmd}-{name}", argv, allow2=False, timeout=150,
                              check=_timed(120, _p17_found_or_skipped if cmd == "check" else None)))
    return cases


def _p17_found_or_skipped(result: Result) -> str | None:
    """BERT found, or the file that names it said to be skipped by design (docs/check.md: larger than 2 MB)."""
    text = result.stdout + result.stderr
    return None if BERT in text or "not scanned" in text else f"neither finds {BERT} nor says the file was not scanned"


def _p17_path_option_cases(base: Path) -> list[Case]:
    """p17-pathopt: every option that names a file to read (-p, --catalog, --refs-file, --lock-file, --mof, notice and
    report --lock, `licenses identify`, `policy validate`/`show`, `catalog list`) given a symbolic-link loop, a
    dangling link, a missing name in bytes that are not UTF-8, a name with a newline, a folder. One sentence naming
    the file (exit 2), never a traceback and never "no such file" for a thing that is there."""
    repo = _check_repo(base / "repo", {})
    loop = base / "loop.yaml"
    loop.symlink_to(loop)
    dangling = base / "dangling.yaml"
    dangling.symlink_to(base / "gone-away.yaml")
    folder = base / "a-folder.yaml"
    folder.mkdir()
    raw = os.fsdecode(os.fsencode(str(base)) + b"/bytes-\xff\xfe.yaml")
    newline = str(base / "two\nlines.yaml")
    options: dict[str, Callable[[str], list[str]]] = {
        "policy": lambda t: ["audit", BERT, "--offline", "-p", t],
        "catalog": lambda t: ["audit", BERT, "--offline", "--catalog", t],
        "refs-file": lambda t: ["audit", "--offline", "--refs-file", t],
        "lock-file": lambda t: ["check", str(repo), "--offline", "--no-cache", "--locked", "--lock-file", t],
        "mof": lambda t: ["openness", "--mof", t],
        "notice-lock": lambda t: ["notice", "--lock", t, "--offline", "-o", str(base / "notice-out")],
        "report-lock": lambda t: ["report", BERT, "--offline", "--lock", t, "-o", str(base / "r.html")],
        "identify": lambda t: ["licenses", "identify", t],
        "validate": lambda t: ["policy", "validate", t],
        "policy-show": lambda t: ["policy", "show", t],
        "catalog-list": lambda t: ["catalog", "list", t],
    }
    cases = []
    for opt, argv in options.items():
        for kind, target, word in (("link-loop", str(loop), "loop.yaml"), ("dangling", str(dangling), "dangling.yaml"),
                                   ("non-utf8", raw, "bytes-"), ("newline", newline, "lines.yaml"),
                                   ("folder", str(folder), "a-folder.yaml")):
            check = _says_not("no such file") if kind in ("link-loop", "folder") else None
            cases.append(Case("p17-pathopt", f"{opt}-{kind}", argv(target), want2=True, error_names=[word], timeout=60,
                              check=check))
    return cases


def _says_not(words: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        return f"says {words!r} of a thing that is there" if words in result.stderr.lower() else None
    return check


def _unreadable_dir(path: Path) -> Path:
    path.chmod(0)
    return path


def _p17_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p17-hub: the fake Hub answering a model's API with statuses the earlier passes did not send (400, 402, 405, 409,
    410 Gone, 422, 451 Unavailable For Legal Reasons, 501, 502, 504, 511, 204 with no body), a base model's API with 410
    or 451, a README with 410 or 451, and SHAs that are not SHAs (short, 41 characters, not hex, a list). The model
    comes out incomplete with a finding (its base: the terms it inherits unknown), the healthy one complete."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/p17-good", good, {"README.md": card})
    cases: list[Case] = []

    def run(name: str, rid: str, *, closed: bool = True, finding: bool = True) -> None:
        home = base / name
        home.mkdir(parents=True)
        cases.append(Case("p17-hub", name, ["audit", rid, "acme/p17-good", "--endpoint", hub.url, "-f", "jsonl"],
                          models=[rid, "acme/p17-good"], affected=rid if finding else None, fail_closed=closed,
                          allow2=False, timeout=150, env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                                                          "HF_ENDPOINT": hub.url}, check=_timed(120, _p17_good_complete)))

    for status in (400, 402, 405, 409, 410, 422, 451, 501, 502, 504, 511, 204):
        rid = f"acme/p17-api-{status}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}", "status", status=status)
        hub.fault(f"/api/models/{rid}/revision/*", "status", status=status)
        run(f"api-{status}", rid)
    for status in (410, 451, 404):
        base_id = f"acme/p17-base-{status}"
        hub.add_repo(base_id, good, {"README.md": card})
        hub.fault(f"/api/models/{base_id}", "status", status=status)
        hub.fault(f"/api/models/{base_id}/revision/*", "status", status=status)
        rid = f"acme/p17-child-of-{status}"
        hub.add_repo(rid, {**good, "cardData": {"license": "mit", "base_model": base_id}},
                     {"README.md": f"---\nlicense: mit\nbase_model: {base_id}\n---\n# m\n"})
        run(f"base-{status}", rid)
    for status in (410, 451):
        rid = f"acme/p17-readme-{status}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/{rid}/resolve/*", "status", status=status)
        run(f"readme-{status}", rid, closed=False)
    for name, sha in (("sha-short", "abc123"), ("sha-41", "a" * 41), ("sha-not-hex", "z" * 40), ("sha-list", ["a" * 40]),
                      ("sha-int", 12345), ("sha-empty", "")):
        rid = f"acme/p17-{name}"
        repo = hub.add_repo(rid, good, {"README.md": card})
        for revision_body, _ in repo.revisions.values():
            revision_body["sha"] = sha
        run(name, rid, closed=False, finding=False)
    return cases


def _p17_good_complete(result: Result) -> str | None:
    rec = next((r for r in result.records() if r.get("model") == "acme/p17-good"), {})
    return "acme/p17-good (healthy) came out incomplete" if rec.get("verdict") == "incomplete" else None


def _p17_env_cases(base: Path) -> list[Case]:
    """p17-env: environment values the earlier passes did not set: AUDITOR_OFFLINE and AUDITOR_DEBUG as words,
    AUDITOR_ALLOW_SPECIAL_OUTPUT garbage with -o /dev/full, AUDITOR_GITHUB_API not a URL, HF_HOME under a regular file
    or unwritable, HF_ENDPOINT with a path, XDG_CACHE_HOME a FIFO, HOME unset-like (empty). The run goes on or one
    sentence; never a traceback."""
    afile = write(base / "a-file", "x")
    repo = _check_repo(base / "repo", {})
    fifo = _fifo(base / "cache.fifo")
    envs = {
        "offline-word": {"AUDITOR_OFFLINE": "perhaps"},
        "debug-word": {"AUDITOR_DEBUG": "no"},
        "github-api-word": {"AUDITOR_GITHUB_API": "::::"},
        "hf-home-under-file": {"HF_HOME": str(afile / "hf")},
        "hf-home-proc": {"HF_HOME": "/proc/self/hf"},
        "xdg-cache-fifo": {"XDG_CACHE_HOME": str(fifo)},
        "home-empty": {"HOME": ""},
        "home-missing": {"HOME": str(base / "no-home")},
        "hf-token-path-missing": {"HF_TOKEN_PATH": str(base / "no" / "token")},
        "hf-token-path-dir": {"HF_TOKEN_PATH": str(base)},
        "hf-hub-cache-file": {"HF_HUB_CACHE": str(afile)},
        "hf-hub-disable-word": {"HF_HUB_DISABLE_TELEMETRY": "maybe", "HF_HUB_DISABLE_PROGRESS_BARS": "perhaps"},
    }
    cases = []
    for name, env in envs.items():
        cases.append(Case("p17-env", name, ["check", str(repo), "--offline", "--no-cache", "-f", "json"], env=env,
                          allow2=False, timeout=60, check=says(BERT), cwd=str(base)))
    cases.append(Case("p17-env", "special-output-word", ["audit", BERT, "--offline", "-f", "json", "-o", "/dev/full"],
                      env={"AUDITOR_ALLOW_SPECIAL_OUTPUT": "yes please"}, want2=True, error_names=["/dev/full"]))
    cases.append(Case("p17-env", "openness-github-api-env", ["openness", BERT, "--offline", "--github"],
                      env={"AUDITOR_GITHUB_API": "http://[::1"}, timeout=60))
    return cases


def pass17_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("out", _p17_output_cases), ("endpoint", _p17_endpoint_cases), ("ref", _p17_ref_cases),
                        ("card", _p17_card_cases), ("policy", _p17_policy_cases), ("check", _p17_check_cases),
                        ("hub", lambda b: _p17_hub_cases(b, hub)), ("env", _p17_env_cases),
                        ("pathopt", _p17_path_option_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ p18: refs, revisions, YAML and CEL corners, locks,
# catalogs, outputs, environment, nested Hub types and faults on the Hub's other endpoints


def _p18_bad_kept(count: int = 1, then: Callable[[Result], str | None] | None = None) -> Callable[[Result], str | None]:
    """At least `count` models of the run came out incomplete with an error finding (the malformed or unreadable
    ones), besides the healthy models the case lists."""
    def check(result: Result) -> str | None:
        bad = [r for r in result.records() if r.get("type") == "model" and r.get("verdict") == "incomplete"
               and any(f.get("severity") == "error" for f in r.get("findings") or ())]
        if result.code in (0, 1, 3) and len(bad) < count:
            return f"{len(bad)} of the {count} hostile model(s) reported as not audited"
        return then(result) if then is not None else None
    return check


_P18_REFS = {
    "cyrillic-o": "acme/m\u043edel", "division-slash": "acme\u2215model", "fullwidth-slash": "acme\uff0fmodel",
    "fullwidth-letter": "\uff41cme/model", "zwsp-end": "acme/model\u200b", "zwj-mid": "acme/mo\u200ddel",
    "rlo-start": "\u202eacme/model", "rlm-end": "acme/model\u200f", "lri": "acme/\u2066model\u2069",
    "unicode-hyphen": "acme\u2010ai/model", "combining-acute": "acme/mode\u0301l", "bom-start": "\ufeffacme/model",
    "nbsp-inside": "acme/mo\u00a0del", "ideographic-space": "acme/mo\u3000del", "emoji": "acme/\U0001f600",
    "escape-seq": "acme/x\x1b[31mred", "bell": "acme/x\x07", "backspace": "acme/xy\x08\x08model",
    "tab-inside": "acme/mo\tdel", "huge-name": "acme/" + "x" * 5000, "huge-owner": "a" * 300 + "/b",
    "empty-rev": "acme/model@", "at-only": "@main", "double-at": "acme/model@@main", "two-revs": "acme/model@main@dev",
    "rev-rlo": "acme/model@\u202emain", "rev-zwsp": "acme/model@main\u200b", "hf-cyrillic": "hf://\u0430cme/model",
    "datasets-cyrillic": "datasets/\u0430cme/data", "double-slash": "acme//model", "three-parts": "acme/x/y/z",
    "dot-dot-name": "acme/..", "dash-start": "-acme/model", "double-dash": "acme/x--y", "trailing-dot": "acme/model.",
    "tilde-user": "~p18-no-such-user/model", "absolute-missing": "/p18/no/such/model/dir",
    "url-http": "http://huggingface.co/acme/model", "shell": "acme/model;rm -rf ~", "quote": "acme/mo'del\"",
    "percent": "acme/mo%2Fdel", "backslash": "acme\\model", "lone-surrogate-like": "acme/\udcff",
}
_P18_FILE_ONLY = {"nul-inside": "acme/mo\x00del", "nul-only": "\x00", "vt": "acme/mo\x0bdel", "ff": "acme/mo\x0cdel",
                  "u2028": "acme/mo\u2028del", "nel": "acme/mo\x85del", "cr-mid": "acme/mo\rdel"}


def _p18_ref_cases(base: Path) -> list[Case]:
    """p18-ref: one hostile reference (a look-alike, a bidi or zero-width mark, a control character, a NUL in a
    refs file, a path with nothing there, a URL) among healthy ones, as an argument, as a --refs-file line, with
    --jobs and through report: the healthy model is audited, the hostile one reported as not audited (fail
    closed), one sentence, no traceback."""
    cases: list[Case] = []
    for name, ref in _P18_REFS.items():
        if "\x00" in ref or "\udcff" in ref:
            continue  # no argv holds a NUL; a lone surrogate cannot be passed as an argument either
        # after `--`: `-acme/model` is otherwise an unknown option to the command line, a usage error by design
        cases.append(Case("p18-ref", f"arg-{name}", ["audit", "--offline", "-f", "jsonl", "--", ref, BERT], models=[BERT],
                          fail_closed=True, allow2=False, check=_p18_bad_kept()))
    for name, ref in {**_P18_REFS, **_P18_FILE_ONLY}.items():
        path = base / f"refs-{name}.txt"
        path.write_bytes(f"{BERT}\n{ref}\n".encode("utf-8", "surrogateescape"))
        cases.append(Case("p18-ref", f"file-{name}", ["audit", "--refs-file", str(path), "--offline", "-f", "jsonl"],
                          models=[BERT], fail_closed=True, allow2=False, check=_p18_bad_kept(1)))
    for name in ("cyrillic-o", "rlo-start", "huge-name", "absolute-missing", "shell"):
        ref = _P18_REFS[name]
        cases.append(Case("p18-ref", f"jobs-{name}", ["audit", ref, BERT, "openai-community/gpt2", "--offline", "--jobs",
                                                      "2", "-f", "jsonl"], models=[BERT, "openai-community/gpt2"],
                          fail_closed=True, allow2=False, check=_p18_bad_kept()))
        out = base / f"report-{name}.html"
        cases.append(Case("p18-ref", f"report-{name}", ["report", ref, BERT, "--offline", "--allow-incomplete", "-o",
                                                        str(out)], fail_closed=True, allow2=False))
        cases.append(Case("p18-ref", f"allow-incomplete-{name}", ["audit", ref, BERT, "--offline", "--allow-incomplete",
                                                                  "-f", "jsonl"], models=[BERT], fail_closed=True,
                          allow2=False, check=_p18_bad_kept()))
    return cases


def _p18_no_escape(marker: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        hits = [p for p in (Path("/tmp"), Path(tempfile.gettempdir())) if list(p.glob(marker + "*"))]
        return f"a file {marker}* appeared outside the cache" if hits else _p18_good_complete(result)
    return check


def _p18_good_complete(result: Result) -> str | None:
    rec = next((r for r in result.records() if r.get("model") == "acme/p18-good"), {})
    return "acme/p18-good (healthy) came out incomplete" if rec.get("verdict") == "incomplete" else None


def _p18_hub_run(cases: list[Case], base: Path, hub: Any, entry: str, name: str, argv: list[str], *, rid: str | None,
                 closed: bool = True, check: Callable[[Result], str | None] | None = None, timeout: float = 150) -> None:
    home = base / name
    home.mkdir(parents=True, exist_ok=True)
    models = ["acme/p18-good"] if argv[0] == "audit" else []
    cases.append(Case(entry, name, [*argv, "--endpoint", hub.url], models=models, affected=rid if models else None,
                      fail_closed=closed, allow2=False, timeout=timeout,
                      env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                           "HF_ENDPOINT": hub.url},
                      check=_timed(timeout - 20, check or (_p18_good_complete if models else None))))


def _p18_rev_cases(base: Path, hub: Any) -> list[Case]:
    """p18-rev: revisions hostile to the paths a cache or a download builds from them (`..` runs, absolute paths,
    encoded slashes, 300 characters, NUL-like encodings, git revision syntax) against the fake Hub: the model is
    not audited at a revision no one gave, nothing is written outside the cache, the healthy model goes on."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/p18-good", good, {"README.md": card})
    hub.add_repo("acme/p18-rev", good, {"README.md": card})
    revs = {"dotdot": "../../../../../../tmp/p18-escape-dotdot", "main-dotdot": "main/../../../../tmp/p18-escape-main",
            "absolute": "/tmp/p18-escape-abs", "encoded-slash": "main%2F..%2F..%2Fp18-escape-enc",
            "long-255": "a" * 255, "long-300": "a" * 300, "pr-ref": "refs/pr/1", "dot-git": ".git",
            "dash": "-rf", "double-slash": "main//x", "tilde": "HEAD~1", "caret": "main^", "colon": "main:README.md",
            "question": "main?x=1", "hash": "main#frag", "backslash": "main\\..\\p18-escape-bs",
            "upper-sha": "A" * 40, "unknown-sha": "0" * 40, "dot": ".", "lock-suffix": "main.lock"}
    cases: list[Case] = []
    for name, rev in revs.items():
        _p18_hub_run(cases, base, hub, "p18-rev", name, ["audit", f"acme/p18-rev@{rev}", "acme/p18-good", "-f", "jsonl"],
                     rid=None, check=_p18_no_escape("p18-escape"))
    return cases


_P18_POLICIES = {
    "alias-shared-list": "licenses:\n  allow: &a [MIT, Apache-2.0]\n  review: *a\n",
    "merge-into-licenses": "base: &b {unknown: fail}\nlicenses:\n  <<: *b\n  allow: [MIT]\n",
    "merge-list": "a: &a {unknown: fail}\nb: &b {custom: warn}\nlicenses:\n  <<: [*a, *b]\n",
    "merge-scalar": "licenses:\n  <<: 5\n  allow: [MIT]\n",
    "merge-top": "x: &x {fail_on: error}\n<<: *x\n",
    "dup-nested": "licenses:\n  allow: [MIT]\n  allow: [Apache-2.0]\n",
    "dup-top": "fail_on: error\nfail_on: warning\n",
    "python-apply": "name: !!python/object/apply:os.system [\"true\"]\n",
    "python-name": "name: !!python/name:os.system\n",
    "python-tuple": "licenses:\n  allow: !!python/tuple [MIT]\n",
    "binary": "name: !!binary aGVsbG8=\n",
    "set": "licenses:\n  allow: !!set {MIT, Apache-2.0}\n",
    "omap": "licenses: !!omap [allow: [MIT]]\n",
    "pairs": "licenses: !!pairs [allow: [MIT], allow: [BSD-3-Clause]]\n",
    "timestamp-name": "name: !!timestamp 2020-01-01\n",
    "local-tag": "name: !acme x\n",
    "float-nan-mau": "use: {monthly_active_users: !!float nan}\n",
    "float-inf-mau": "use: {monthly_active_users: .inf}\n",
    "hex-int": "use: {monthly_active_users: 0x10}\n",
    "str-tag-list": "name: !!str [a]\n",
    "null-licenses": "licenses: !!null\n",
    "map-tag-list": "licenses: !!map []\n",
    "undefined-alias": "licenses:\n  allow: *nope\n",
    "recursive-list": "licenses:\n  allow: &l [MIT, *l]\n",
    "recursive-map": "licenses: &m\n  allow: [MIT]\n  self: *m\n",
    "deep-bomb": "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]\n" for i in range(1, 9)) + "licenses: {allow: *a8}\n",
    "long-anchor": f"licenses:\n  allow: &{'a' * 100_000} [MIT]\n",
    "complex-key-list": "? [a, b]\n: c\n",
    "complex-key-map": "? {a: 1}\n: x\n",
    "null-key": "~: x\n",
    "int-key": "1: x\n",
    "bool-key": "true: x\n",
    "two-docs": "name: a\n---\nname: b\n",
    "yaml-1-1": "%YAML 1.1\n---\nname: a\n",
    "yaml-2-0": "%YAML 2.0\n---\nname: a\n",
    "end-marker-garbage": "name: a\n...\n@@@ not yaml {{\n",
    "tag-directive": "%TAG !e! tag:example.com,2000:\n---\nname: !e!foo x\n",
}


def _p18_policy_cases(base: Path) -> list[Case]:
    """p18-policy: YAML corners in a policy: anchors shared between lists, merge keys of every shape, a key twice,
    Python/binary/set/omap/timestamp/local tags, NaN and infinity, undefined and recursive aliases, a deep alias
    bomb, a 100 KB anchor name, complex and non-string keys, two documents, YAML directives. One sentence naming
    the file (exit 2) or a run that reads it as the YAML says; never a traceback or a hang."""
    cases: list[Case] = []
    for name, text in _P18_POLICIES.items():
        pol = write(base / f"{name}.yaml", text)
        cases.append(Case("p18-policy", name, ["audit", BERT, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT], error_names=[pol.name], timeout=60))
    return cases


def _p18_cel_cases(base: Path) -> list[Case]:
    """p18-cel: custom rule conditions that are huge, deeply nested in every operator, quadratic or cubic to
    evaluate, or fail at run time: one sentence naming the policy (exit 2) or a finding; never a hang or a
    traceback."""
    conds = {
        "not-20k": "!" * 20_000 + "true",
        "minus-20k": "-" * 20_000 + "1 > 0",
        "and-50k": " && ".join(["true"] * 50_000),
        "plus-50k": " + ".join(["1"] * 50_000) + " > 0",
        "string-1mb": '"' + "a" * 1_000_000 + '" == ""',
        "list-deep-2k": "[" * 2000 + "]" * 2000 + " == []",
        "map-deep-1k": "{'a': " * 1000 + "1" + "}" * 1000 + " == {}",
        "size-deep-1k": "size(" * 1000 + "'a'" + ")" * 1000 + " > 0",
        "ternary-deep-5k": "true ? " * 5000 + "true" + " : false" * 5000,
        "index-deep-5k": "[[1]]" + "[0]" * 5000 + " == 1",
        "nested-map-cubic": "[" + ",".join(["1"] * 300) + "].all(a, [" + ",".join(["1"] * 300) + "].all(b, [" +
                            ",".join(["1"] * 300) + "].all(c, a == b)))",
        "list-100k": "size([" + ",".join(["1"] * 100_000) + "]) > 0",
        "regex-nested": "model.id.matches('" + "(" * 1000 + "a" + ")*" * 1000 + "$')",
        "regex-backtrack": "model.id.matches('(a+)+$')",
        "div-zero": "1 / 0 == 1",
        "bad-int": "int('x') == 1",
        "non-bool": "model.id",
        "unicode-ident": "mod\u0435l.id == 'x'",
        "null-byte-string": "model.id == 'a\\x00b'",
        "huge-int": "9" * 5000 + " > 0",
    }
    cases: list[Case] = []
    for name, cond in conds.items():
        pol = base / f"{name}.yaml"
        write(pol, "custom_rules:\n  - id: ACME001\n    title: hostile condition\n    condition: " + json.dumps(cond)
              + "\n    message: \"{model.id} matched\"\n")
        cases.append(Case("p18-cel", name, ["audit", BERT, "--offline", "-p", str(pol), "-f", "jsonl"], models=[BERT],
                          error_names=[pol.name], timeout=60))
    return cases


def _locked_repo(base: Path, *models: str) -> Path | None:
    """The lock of a repository (its parent folder) whose code loads `models`, locked offline by the reference
    tree, or None when the lock could not be made (the family then has no cases)."""
    repo = _check_repo(base / "repo", {"app.py": "".join(f'AutoModel.from_pretrained("{m}")\n' for m in models)})
    made = subprocess.run([sys.executable, "-m", "auditor", "lock", str(repo), "--offline", "--no-cache"],
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(REFERENCE_TREE[0])},
                          cwd=str(repo), timeout=120)
    lock_path = repo / "auditor.lock"
    return lock_path if made.returncode == 0 and lock_path.exists() else None


def _p18_lock_cases(base: Path) -> list[Case]:
    """p18-lock: a lock with a SHA that names another commit, SHAs and ids of the wrong type, `models` a mapping or a
    string, entries that disagree with `records`, odd lock_version values, a facts digest of the wrong type, two
    entries for one model: `check --locked` says so in one sentence naming the lock or audits without trusting what
    it cannot read (never a silent pass on a SHA it did not read), and report/notice --lock go on."""
    lock_path = _locked_repo(base, BERT)
    if lock_path is None:
        return []
    good = json.loads(lock_path.read_text(encoding="utf-8"))

    def entry(doc: dict[str, Any]) -> dict[str, Any]:
        return doc["models"][0]

    edits: dict[str, tuple[Callable[[dict[str, Any]], None], bool]] = {
        "sha-other": (lambda d: entry(d).update(sha="1" * 40), True),
        "sha-int": (lambda d: entry(d).update(sha=12345), True),
        "sha-list": (lambda d: entry(d).update(sha=["a" * 40]), True),
        "sha-null": (lambda d: entry(d).update(sha=None), False),  # what a lock writes for a model it cannot pin
        "sha-path": (lambda d: entry(d).update(sha="../../etc/passwd"), True),
        "sha-upper": (lambda d: entry(d).update(sha=entry(d)["sha"].upper()), False),
        "id-int": (lambda d: entry(d).update(id=5), True),
        "id-list": (lambda d: entry(d).update(id=[BERT]), True),
        "id-other": (lambda d: entry(d).update(id="acme/not-the-model"), False),  # `requested` still finds it
        "models-map": (lambda d: d.update(models={"a": entry(d)}), True),
        "models-string": (lambda d: d.update(models=BERT), True),
        "model-string": (lambda d: d.update(models=[BERT]), True),
        "twice-disagreeing": (lambda d: d["models"].append({**entry(d), "sha": "2" * 40}), True),
        "version-string": (lambda d: d.update(lock_version="1"), False),
        "version-float": (lambda d: d.update(lock_version=1.5), False),
        "version-negative": (lambda d: d.update(lock_version=-1), False),
        "digest-int": (lambda d: entry(d).update(facts_digest=5), False),
        "digest-wrong": (lambda d: entry(d).update(facts_digest="0" * 64), False),
        "lineage-map": (lambda d: entry(d).update(lineage={"a": 1}), False),
        "requested-int": (lambda d: entry(d).update(requested=5), False),
        "license-int": (lambda d: entry(d).update(license=5, effective_license=[1]), False),
        "records-empty": (lambda d: d.update(records=[]), False),
        "records-string": (lambda d: d.update(records="x"), False),
        "records-other-sha": (lambda d: [r.update(sha="3" * 40) for r in d.get("records") or [] if isinstance(r, dict)
                                         and r.get("id") == BERT], True),
    }
    cases: list[Case] = []
    for name, (edit, closed) in edits.items():
        doc = json.loads(json.dumps(good))
        edit(doc)
        folder = _check_repo(base / name, {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'})
        lock = write(folder / "auditor.lock", json.dumps(doc, indent=1))
        cases.append(Case("p18-lock", name, ["check", str(folder), "--offline", "--no-cache", "--locked", "-f", "json"],
                          fail_closed=closed, error_names=["auditor.lock"], timeout=60))
        if name in ("sha-int", "models-map", "id-list", "records-string", "twice-disagreeing"):
            cases.append(Case("p18-lock", f"report-{name}", ["report", BERT, "--offline", "--lock", str(lock), "-o",
                                                             str(base / name / "r.html")], error_names=["auditor.lock"]))
            cases.append(Case("p18-lock", f"notice-{name}", ["notice", "--lock", str(lock), "--offline", "-o",
                                                             str(base / name / "n")], error_names=["auditor.lock"]))
    return cases


def _p18_catalog_cases(base: Path) -> list[Case]:
    """p18-catalog: a catalog holding one id twice (the same, with other licenses, other SHAs, other letter case, a
    trailing blank), a model and a dataset of one name, 10,000 copies of one line, ids that are paths or empty:
    one sentence naming the catalog (exit 2) or an audit that does not pick one disagreeing line in silence."""
    lines = {
        "same-twice": [catalog_line("acme/dup"), catalog_line("acme/dup")],
        "licenses-disagree": [catalog_line("acme/dup"), catalog_line("acme/dup", cardData={"license": "cc-by-nc-4.0"})],
        "shas-disagree": [catalog_line("acme/dup"), catalog_line("acme/dup", sha="b" * 40)],
        "case-differs": [catalog_line("acme/dup"), catalog_line("ACME/DUP", cardData={"license": "cc-by-nc-4.0"})],
        "trailing-blank": [catalog_line("acme/dup"), catalog_line("acme/dup ", cardData={"license": "cc-by-nc-4.0"})],
        "model-and-dataset": [catalog_line("acme/dup"), json.dumps({"id": "acme/dup", "sha": "c" * 40, "_auditor":
                                                                   {"kind": "dataset"}, "cardData": {"license": "mit"}})],
        "ten-thousand": [catalog_line("acme/dup")] * 10_000,
        "id-path": [catalog_line("../../etc/passwd"), catalog_line("acme/dup")],
        "id-empty": [catalog_line(""), catalog_line("acme/dup")],
        "id-int": [json.dumps({"id": 5, "sha": "a" * 40}), catalog_line("acme/dup")],
        "id-rlo": [catalog_line("acme/\u202edup"), catalog_line("acme/dup")],
        "dup-key-line": ['{"id": "acme/dup", "id": "acme/other", "sha": "' + "a" * 40 + '"}', catalog_line("acme/dup")],
        "renamed-twice": [catalog_line("acme/dup", _auditor={"renamed_from": ["acme/old"]}),
                          catalog_line("acme/dup2", _auditor={"renamed_from": ["acme/old"]})],
        "sha-case": [catalog_line("acme/dup", sha="a" * 40), catalog_line("acme/dup", sha="A" * 40)],
        "blank-lines-crlf": ["", catalog_line("acme/dup") + "\r", "   ", catalog_line("acme/dup")],
    }
    cases: list[Case] = []
    for name, body in lines.items():
        cat = write(base / f"{name}.jsonl", "\n".join(body) + "\n")
        # lines at other SHAs are history (the newest answers, auditor/sources/catalog.py): not a conflict
        closed = name in ("licenses-disagree", "case-differs", "dup-key-line")
        cases.append(Case("p18-catalog", name, ["audit", "acme/dup", BERT, "--offline", "--catalog", str(cat), "-f",
                                                "jsonl"], models=[BERT], fail_closed=closed,
                          error_names=[cat.name], timeout=90))
    return cases


def _p18_output_cases(base: Path) -> list[Case]:
    """p18-out: every writing command's output at /dev/full, an existing folder, a link to a file elsewhere, a link
    to /dev/null, a link looping on itself, a FIFO no one reads: exit 2 with one sentence naming the output, or a
    written file; never a hang, a traceback, or exit 0 with nothing written."""
    repo = _check_repo(base / "repo", {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'})
    cases: list[Case] = []
    for target_name in ("dev-full", "folder", "link-elsewhere", "link-devnull", "link-loop", "fifo"):
        where = base / target_name
        where.mkdir()
        commands: dict[str, Callable[[str], list[str]]] = {
            "audit-json": lambda t: ["audit", BERT, "--offline", "-f", "json", "-o", t],
            "audit-multi": lambda t: ["audit", BERT, "--offline", "-f", "json,sarif", "-o", t],
            "report-html": lambda t: ["report", BERT, "--offline", "-o", t],
            "report-md": lambda t: ["report", BERT, "--offline", "-f", "md", "-o", t],
            "sbom": lambda t: ["sbom", BERT, "--offline", "-f", "cyclonedx", "-o", t],
            "snapshot": lambda t: ["snapshot", BERT, "--offline", "-o", t],
            "notice": lambda t: ["notice", BERT, "--offline", "-o", t],
            "lock": lambda t: ["lock", str(repo), "--offline", "--no-cache", "--lock-file", t],
            "check-sarif": lambda t: ["check", str(repo), "--offline", "--no-cache", "-f", "sarif", "-o", t],
        }
        for cmd, argv in commands.items():
            if target_name == "dev-full":
                target = "/dev/full"
            elif target_name == "folder":
                target = str(where / f"{cmd}-dir")
                Path(target).mkdir()
                write(Path(target) / "keep.txt", "x")
            elif target_name == "link-elsewhere":
                outside = write(where / f"{cmd}-outside.txt", "precious\n")
                link = where / f"{cmd}-link"
                link.symlink_to(outside)
                target = str(link)
            elif target_name == "link-devnull":
                link = where / f"{cmd}-null"
                link.symlink_to("/dev/null")
                target = str(link)
            elif target_name == "link-loop":
                link = where / f"{cmd}-loop"
                link.symlink_to(link)
                target = str(link)
            else:
                target = str(_fifo(where / f"{cmd}.fifo"))
            word = Path(target).name
            cases.append(Case("p18-out", f"{target_name}-{cmd}", argv(target), timeout=60,
                              error_names=[word], check=_p18_wrote_or_said(target, target_name)))
    return cases


def _p18_wrote_or_said(target: str, kind: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        if result.code == 2:
            return None
        if kind in ("dev-full", "link-loop") and result.code in (0, 1, 3):
            return f"exit {result.code} although nothing could be written to {Path(target).name}"
        return None
    return check


def _p18_env_cases(base: Path, hub: Any) -> list[Case]:
    """p18-env: HF_HOME and AUDITOR_CACHE_DIR unwritable, a device or empty; AUDITOR_MAX_MODELS in Arabic digits, hex,
    negative, a float; AUDITOR_NO_CACHE, AUDITOR_OFFLINE, AUDITOR_DEBUG as words; AUDITOR_KEY huge; HF_HUB timeouts
    negative or NaN; HF_TOKEN with a newline or non-ASCII; COLUMNS and FORCE_COLOR junk; an ASCII-only locale. The run
    goes on or stops with one sentence; never a traceback."""
    locked = base / "locked"
    locked.mkdir()
    (locked / "hf").mkdir()
    locked.chmod(0o555)
    repo = _check_repo(base / "repo", {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'})
    envs: dict[str, dict[str, str]] = {
        "hf-home-readonly": {"HF_HOME": str(locked / "hf")}, "hf-home-devnull": {"HF_HOME": "/dev/null"},
        "hf-home-empty": {"HF_HOME": ""}, "cache-readonly": {"AUDITOR_CACHE_DIR": str(locked / "c")},
        "cache-devfull": {"AUDITOR_CACHE_DIR": "/dev/full"}, "cache-empty": {"AUDITOR_CACHE_DIR": ""},
        "cache-relative-dots": {"AUDITOR_CACHE_DIR": "../../../../../../"},
        "max-arabic": {"AUDITOR_MAX_MODELS": "\u0661\u0662"}, "max-hex": {"AUDITOR_MAX_MODELS": "0x10"},
        "max-negative": {"AUDITOR_MAX_MODELS": "-1"}, "max-float": {"AUDITOR_MAX_MODELS": "1e3"},
        "max-huge": {"AUDITOR_MAX_MODELS": "9" * 400}, "max-blank": {"AUDITOR_MAX_MODELS": " "},
        "no-cache-word": {"AUDITOR_NO_CACHE": "maybe"}, "no-cache-2": {"AUDITOR_NO_CACHE": "2"},
        "offline-fullwidth": {"AUDITOR_OFFLINE": "\uff11"}, "offline-yes": {"AUDITOR_OFFLINE": "yes"},
        "debug-junk": {"AUDITOR_DEBUG": "\u202e1"}, "key-huge": {"AUDITOR_KEY": "k" * 100_000},
        "key-rlo": {"AUDITOR_KEY": "\u202ekey"}, "github-file": {"AUDITOR_GITHUB_API": "file:///etc/passwd"},
        "etag-negative": {"HF_HUB_ETAG_TIMEOUT": "-5"}, "download-nan": {"HF_HUB_DOWNLOAD_TIMEOUT": "nan"},
        "token-newline": {"HF_TOKEN": "hf_abc\ndef"}, "token-unicode": {"HF_TOKEN": "hf_\u00e9\u202e"},
        "columns-negative": {"COLUMNS": "-5"}, "columns-word": {"COLUMNS": "wide"},
        "force-color-junk": {"FORCE_COLOR": "\u202e", "TERM": "\x1b]0;x\x07"}, "no-color-empty": {"NO_COLOR": ""},
        "ascii-locale": {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        "tmpdir-missing": {"TMPDIR": str(base / "no-such-tmp")}, "tz-junk": {"TZ": ":/etc/passwd"},
    }
    cases: list[Case] = []
    for name, env in envs.items():
        cases.append(Case("p18-env", name, ["audit", BERT, "acme/p18-env-missing", "--offline", "-f", "jsonl"], env=env,
                          models=[BERT], fail_closed=True, timeout=60))
        if name in ("hf-home-readonly", "hf-home-devnull", "cache-readonly", "cache-devfull", "token-newline",
                    "token-unicode", "etag-negative", "download-nan"):
            cases.append(Case("p18-env", f"online-{name}", ["audit", "acme/p18-good", "--endpoint", hub.url, "-f",
                                                            "jsonl"], env={"HF_ENDPOINT": hub.url, **env},
                              models=["acme/p18-good"], allow2=name.startswith("token-"), timeout=120))
        if name.startswith(("max-", "no-cache-")):
            cases.append(Case("p18-env", f"check-{name}", ["check", str(repo), "--offline", "-f", "json"], env=env,
                              timeout=60, check=_p16_exit2_or(says(BERT))))  # an option's env value: exit 2 is fair
    return cases


_P18_NESTED: dict[str, dict[str, Any]] = {
    "sib-name-int": {"siblings": [{"rfilename": 5}]}, "sib-name-null": {"siblings": [{"rfilename": None}]},
    "sib-name-list": {"siblings": [{"rfilename": ["a"]}]}, "sib-traversal": {"siblings": [{"rfilename": "../../etc/passwd"}]},
    "sib-absolute": {"siblings": [{"rfilename": "/etc/passwd"}]}, "sib-strings": {"siblings": ["README.md", "LICENSE"]},
    "sib-null-item": {"siblings": [None, {"rfilename": "README.md"}]}, "sib-list-item": {"siblings": [[]]},
    "sib-name-100k": {"siblings": [{"rfilename": "x" * 100_000}]},
    "sib-dup": {"siblings": [{"rfilename": "README.md"}, {"rfilename": "README.md"}]},
    "sib-nul": {"siblings": [{"rfilename": "a\x00b.safetensors"}]},
    "sib-size-word": {"siblings": [{"rfilename": "LICENSE", "size": "big"}]},
    "sib-lfs-int": {"siblings": [{"rfilename": "model.safetensors", "lfs": 5}]},
    "card-license-map": {"cardData": {"license": {"a": 1}}}, "card-license-nulls": {"cardData": {"license": [None]}},
    "card-license-nested": {"cardData": {"license": [[]]}}, "card-base-map": {"cardData": {"base_model": {"x": 1}}},
    "card-base-int": {"cardData": {"base_model": [5]}}, "card-base-null-good": {"cardData": {"base_model": [None, "acme/p18-good"]}},
    "card-datasets-int": {"cardData": {"datasets": 5}}, "card-datasets-map": {"cardData": {"datasets": {"a": "b"}}},
    "card-license-name-list": {"cardData": {"license": "other", "license_name": ["x"]}},
    "card-license-link-int": {"cardData": {"license": "other", "license_link": 5}},
    "card-relation-int": {"cardData": {"base_model_relation": 5}},
    "card-relation-list": {"cardData": {"base_model_relation": ["adapter"]}},
    "card-gated-fields-str": {"cardData": {"extra_gated_fields": "x"}},
    "card-gated-prompt-int": {"cardData": {"extra_gated_prompt": 5}}, "card-tags-str": {"cardData": {"tags": "x"}},
    "card-model-index-str": {"cardData": {"model-index": "x"}}, "card-model-index-ints": {"cardData": {"model-index": [5]}},
    "card-new-version-int": {"cardData": {"new_version": 5}}, "card-list": {"cardData": ["license", "mit"]},
    "st-int": {"safetensors": 5}, "st-params-int": {"safetensors": {"parameters": 5}},
    "st-params-word": {"safetensors": {"parameters": {"F32": "x"}}}, "st-total-word": {"safetensors": {"total": "x"}},
    "st-params-negative": {"safetensors": {"parameters": {"F32": -1}}, "total": -1},
    "st-total-huge": {"safetensors": {"total": 10 ** 400}},
    "cfg-arch-int": {"config": {"architectures": 5}}, "cfg-arch-ints": {"config": {"architectures": [5]}},
    "cfg-type-list": {"config": {"model_type": ["x"]}}, "cfg-quant-int": {"config": {"quantization_config": 5}},
    "cfg-automap-str": {"config": {"auto_map": "x"}}, "cfg-automap-int": {"config": {"auto_map": {"AutoModel": 5}}},
    "cfg-list": {"config": [1]},
    "ti-int": {"transformersInfo": 5}, "ti-auto-int": {"transformersInfo": {"auto_model": 5}},
    "ti-processor-list": {"transformersInfo": {"processor": ["x"]}},
    "bm-int": {"baseModels": 5}, "bm-fields-int": {"baseModels": {"relation": 5, "models": 5}},
    "bm-models-ints": {"baseModels": {"models": [5]}}, "bm-id-int": {"baseModels": {"models": [{"id": 5}]}},
    "bm-id-path": {"baseModels": {"relation": "finetune", "models": [{"id": "../x"}]}},
    "bm-relation-weird": {"baseModels": {"relation": "\u202efinetune", "models": [{"id": "acme/p18-good"}]}},
    "gguf-int": {"gguf": 5}, "gguf-arch-int": {"gguf": {"architecture": 5}},
    "gguf-ctx-word": {"gguf": {"context_length": "x"}}, "gguf-total-word": {"gguf": {"total": "x"}},
    "spaces-int": {"spaces": 5}, "spaces-ints": {"spaces": [5]}, "widget-int": {"widgetData": 5},
    "inference-int": {"inference": 5}, "author-list": {"author": ["x"]}, "library-map": {"library_name": {"a": 1}},
    "pipeline-list": {"pipeline_tag": [1]}, "downloads-word": {"downloads": "x"}, "likes-negative": {"likes": -1},
    "storage-word": {"usedStorage": "x"}, "mask-int": {"mask_token": 5}, "modelid-int": {"modelId": 5},
    "underscore-id-int": {"_id": 5}, "created-int": {"createdAt": 5}, "disabled-word": {"disabled": "yes"},
    "private-word": {"private": "no"}, "gated-list": {"gated": ["manual"]}, "tags-nested": {"tags": [["license:mit"]]},
    "tags-rlo": {"tags": ["license:\u202emit"]}, "security-word": {"securityStatus": "x"},
}


def _p18_hub_nested_cases(base: Path, hub: Any) -> list[Case]:
    """p18-hubtypes: the Hub's answer with one nested field of the wrong type (each sibling, cardData entry,
    safetensors, config, transformersInfo, baseModels, gguf member), or a top-level field p8 did not give that type:
    the model audited or reported as not read, the healthy model complete, never a traceback."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    cases: list[Case] = []
    for name, fields in _P18_NESTED.items():
        rid = f"acme/p18t-{name}"
        repo = hub.add_repo(rid, good, {"README.md": card}, sha=hashlib.sha1(rid.encode()).hexdigest())
        for body, _files in repo.revisions.values():
            body.update(fields)
        _p18_hub_run(cases, base, hub, "p18-hubtypes", name, ["audit", rid, "acme/p18-good", "-f", "jsonl"], rid=None,
                     closed=False)
    return cases


def _p18_body_cases(base: Path, hub: Any) -> list[Case]:
    """p18-body: the Hub's other endpoints (a base model's API, a training dataset's API, the LICENSE file, the
    branch listing and the commit listing the review reads) cut short, a gzip bomb, garbage deflate, a lying length,
    HTML, a JSON list or null, an empty 200: the model that needs them is incomplete or says what it could not read,
    the healthy one complete; never a hang, a traceback or a silent pass."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    kinds = ("gzip-bomb", "deflate-garbage", "length-lies-short", "html", "json-list", "json-null", "empty-200")
    cases: list[Case] = []
    for kind in kinds:
        short = kind.replace("-", "")
        base_id, child = f"acme/p18b-base-{short}", f"acme/p18b-child-{short}"
        hub.add_repo(base_id, good, {"README.md": card})
        hub.fault(f"/api/models/{base_id}*", kind)
        hub.add_repo(child, {**good, "cardData": {"license": "mit", "base_model": base_id}},
                     {"README.md": f"---\nlicense: mit\nbase_model: {base_id}\n---\n# m\n"})
        _p18_hub_run(cases, base, hub, "p18-body", f"base-{kind}", ["audit", child, "acme/p18-good", "-f", "jsonl"],
                     rid=child, closed=True)
        ds, user = f"acme/p18b-data-{short}", f"acme/p18b-user-{short}"
        hub.add_repo(ds, {"cardData": {"license": "mit"}, "tags": ["license:mit"]}, {"README.md": card}, kind="dataset")
        hub.fault(f"/api/datasets/{ds}*", kind)
        hub.add_repo(user, {**good, "cardData": {"license": "mit", "datasets": [ds]}, "tags": ["license:mit", f"dataset:{ds}"]},
                     {"README.md": f"---\nlicense: mit\ndatasets: [{ds}]\n---\n# m\n"})
        _p18_hub_run(cases, base, hub, "p18-body", f"dataset-{kind}", ["audit", user, "acme/p18-good", "-f", "jsonl"],
                     rid=None, closed=False)
        lic = f"acme/p18b-license-{short}"
        hub.add_repo(lic, {**good, "cardData": {"license": "other"}, "tags": ["license:other"]},
                     {"README.md": "---\nlicense: other\n---\n# m\n", "LICENSE": "Custom terms\n"})
        hub.fault(f"/{lic}/resolve/*/LICENSE", kind)
        # a custom license is a warning under the default policy (exit 0) whether or not its text was read
        _p18_hub_run(cases, base, hub, "p18-body", f"license-{kind}", ["audit", lic, "acme/p18-good", "-f", "jsonl"],
                     rid=lic, closed=False)
        hist = f"acme/p18b-history-{short}"
        hub.add_repo(hist, good, {"README.md": card})
        hub.fault(f"/api/models/{hist}/refs*", kind)
        hub.fault(f"/api/models/{hist}/commits/*", kind)
        _p18_hub_run(cases, base, hub, "p18-body", f"history-{kind}", ["report", hist, "-f", "md", "-o",
                                                                      str(base / f"history-{kind}.md")],
                     rid=None, closed=False)
    return cases


def pass18_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("ref", _p18_ref_cases), ("rev", lambda b: _p18_rev_cases(b, hub)), ("policy", _p18_policy_cases),
                        ("cel", _p18_cel_cases), ("lock", _p18_lock_cases), ("catalog", _p18_catalog_cases),
                        ("out", _p18_output_cases), ("env", lambda b: _p18_env_cases(b, hub)),
                        ("hubtypes", lambda b: _p18_hub_nested_cases(b, hub)), ("body", lambda b: _p18_body_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 21: p19, a CI tool's attackers


GPT2 = "openai-community/gpt2"

# A run of auditor in this process while a thread keeps changing the checked repository under it: a file that
# grows, one cut to nothing and written again, one swapped for a folder, files made and removed, a link flipped
# between a device and a file, a FIFO in and out of place. Forked, not exec'd (as nobody the interpreter's path may
# not be reachable again).
_P19_CHURN = ("import os, runpy, sys, threading, time\n"
              "how, root, args = sys.argv[1], sys.argv[2], sys.argv[3:]\n"
              "stop = threading.Event()\n"
              "def churn():\n"
              "    p = os.path.join(root, 'churn.py'); n = 0\n"
              "    while not stop.is_set():\n"
              "        n += 1\n"
              "        try:\n"
              "            if how == 'grow':\n"
              "                with open(p, 'a') as fh: fh.write('x = 1\\n' * 2000)\n"
              "            elif how == 'truncate':\n"
              "                with open(p, 'w') as fh: fh.write(('x = 1\\n' * 20000) if n % 2 else '')\n"
              "            elif how == 'swap':\n"
              "                if os.path.isdir(p): os.rmdir(p); open(p, 'w').write('y = 2\\n')\n"
              "                else:\n"
              "                    os.unlink(p); os.mkdir(p)\n"
              "            elif how == 'delete':\n"
              "                d = os.path.join(root, 'sub'); os.makedirs(d, exist_ok=True)\n"
              "                q = os.path.join(d, f'f{n % 50}.py')\n"
              "                if os.path.exists(q): os.unlink(q)\n"
              "                else: open(q, 'w').write('AutoModel.from_pretrained(\"acme/p19-churn\")\\n')\n"
              "            elif how == 'link':\n"
              "                if os.path.lexists(p): os.unlink(p)\n"
              "                os.symlink('/dev/zero' if n % 2 else '/etc/hostname', p)\n"
              "            elif how == 'fifo':\n"
              "                if os.path.lexists(p): os.unlink(p)\n"
              "                os.mkfifo(p) if n % 2 else open(p, 'w').write('z = 3\\n')\n"
              "            elif how == 'rmtree':\n"
              "                d = os.path.join(root, 'tree', 'a', 'b'); os.makedirs(d, exist_ok=True)\n"
              "                open(os.path.join(d, 'x.py'), 'w').write('q = 1\\n')\n"
              "                import shutil; shutil.rmtree(os.path.join(root, 'tree'), ignore_errors=True)\n"
              "        except OSError:\n"
              "            pass\n"
              "        time.sleep(0.001)\n"
              "t = threading.Thread(target=churn, daemon=True); t.start()\n"
              "sys.argv = ['auditor', *args]\n"
              "try:\n"
              "    runpy.run_module('auditor', run_name='__main__')\n"
              "finally:\n"
              "    stop.set()\n")


def _p19_json(result: Result) -> dict[str, Any] | None:
    with contextlib.suppress(json.JSONDecodeError):
        doc = json.loads(result.stdout)
        if isinstance(doc, dict):
            return doc
    return None


def _p19_found(*wanted: str, other: str | None = None, said: bool = False) -> Callable[[Result], str | None]:
    """`check -f json`: stdout one JSON document holding every wanted model; `other` (a model named in the hostile
    file itself) audited, or the run says what it could not read (a scan problem or a not-checked model); `said`:
    something must be said whatever (an unreadable part of the repository)."""
    def check(result: Result) -> str | None:
        if result.code not in (0, 1, 3):
            return None
        doc = _p19_json(result)
        if doc is None:
            return "stdout is not one JSON document"
        models = {str(m.get("model")) for m in doc.get("models") or () if isinstance(m, dict)}
        lost = [w for w in wanted if w not in models]
        if lost:
            return f"lost {', '.join(lost)}"
        spoken = bool(doc.get("scan_problems")) or any(
            isinstance(m, dict) and m.get("verdict") == "incomplete" for m in doc.get("models") or ())
        if other is not None and other not in models and not spoken:
            return f"{other} (in the hostile file) neither audited nor its file said to be unread"
        if said and not spoken and result.code == 0:
            return "a part of the repository was not read and nothing says so"
        return None
    return check


def _p19_repo(base: Path, name: str, files: dict[str, str | bytes] | None = None) -> Path:
    return _check_repo(base / name, files or {})


def _p19_mknod(path: Path, major: int, minor: int, block: bool = False) -> bool:
    import stat

    try:
        os.mknod(path, (stat.S_IFBLK if block else stat.S_IFCHR) | 0o666, os.makedev(major, minor))
    except OSError:
        return False
    return True


def _p19_add(cases: list[Case], name: str, root: Path, *, other: str | None = None, said: bool = False,
             closed: bool = False, bound: float = 60, runner: list[str] | None = None,
             argv_extra: list[str] | None = None, allow2: bool = False, names: list[str] | None = None) -> None:
    argv = ["check", str(root), "--offline", "--no-cache", "-f", "json", *(argv_extra or [])]
    if runner is not None:
        argv = [*runner[1:], *argv]
    cases.append(Case("p19-repo", name, argv, fail_closed=closed, allow2=allow2, error_names=names or [],
                      timeout=bound + 30, runner=["-c", runner[0]] if runner is not None else None,
                      check=_timed(bound, _p19_found(BERT, other=other, said=said))))


def _p19_deep(root: Path, depth: int, part: str = "d") -> None:
    """`depth` folders named `part` below root and x.py naming GPT2 at the bottom, made through folder descriptors:
    pathlib and os.makedirs recurse once per level, and a path past PATH_MAX cannot be named whole."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        leaf = os.open("x.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, f'AutoModel.from_pretrained("{GPT2}")\n'.encode())
        os.close(leaf)
    finally:
        os.close(fd)


_P19_LINKS: dict[str, Callable[[Path], object]] = {
    "link-self": lambda r: (r / "x.py").symlink_to(r / "x.py"),
    "link-pair": lambda r: ((r / "a.py").symlink_to(r / "b.py"), (r / "b.py").symlink_to(r / "a.py")),
    "link-dir-parent": lambda r: (r / "sub").mkdir() or (r / "sub" / "up").symlink_to(".."),
    "link-dir-self": lambda r: (r / "me").symlink_to("."),
    "link-dir-root": lambda r: (r / "sys").symlink_to("/"),
    "link-dir-proc": lambda r: (r / "proc").symlink_to("/proc"),
    "link-dir-dev": lambda r: (r / "devices").symlink_to("/dev"),
    "link-dangling": lambda r: (r / "gone.py").symlink_to("/p19/no/such/file.py"),
    "link-devzero-py": lambda r: (r / "model.py").symlink_to("/dev/zero"),
    "link-urandom-json": lambda r: (r / "config.json").symlink_to("/dev/urandom"),
    "link-random-yaml": lambda r: (r / "params.yaml").symlink_to("/dev/random"),
    "link-stdin-py": lambda r: (r / "in.py").symlink_to("/proc/self/fd/0"),
    "link-tty-py": lambda r: (r / "tty.py").symlink_to("/dev/tty"),
    "link-kmsg-py": lambda r: (r / "kmsg.py").symlink_to("/dev/kmsg"),
    "link-procmem-py": lambda r: (r / "mem.py").symlink_to("/proc/self/mem"),
    "link-procstatus-py": lambda r: (r / "status.py").symlink_to("/proc/self/status"),
    "link-requirements-zero": lambda r: (r / "requirements.txt").symlink_to("/dev/zero"),
    "link-dockerfile-urandom": lambda r: (r / "Dockerfile").symlink_to("/dev/urandom"),
    "link-notebook-zero": lambda r: (r / "nb.ipynb").symlink_to("/dev/zero"),
    "link-chain-40": lambda r: [(r / f"l{i}.py").symlink_to(r / f"l{i + 1}.py") for i in range(40)]
    and write(r / "l40.py", f'AutoModel.from_pretrained("{GPT2}")\n'),
}


def _p19_special_cases(base: Path) -> list[Case]:
    """Links, FIFOs, a socket and device nodes under the names the scan reads."""
    cases: list[Case] = []
    for name, make in _P19_LINKS.items():
        root = _p19_repo(base, name)
        make(root)
        _p19_add(cases, name, root)
    for name, rel in (("fifo-py", "x.py"), ("fifo-requirements", "requirements.txt"), ("fifo-dockerfile", "Dockerfile"),
                      ("fifo-notebook", "nb.ipynb"), ("fifo-deep", "a/b/c/x.py"), ("fifo-json", "config.json"),
                      ("fifo-pyproject", "pyproject.toml")):
        root = _p19_repo(base, name)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)
        _p19_add(cases, name, root, allow2=rel == "pyproject.toml", names=["pyproject.toml"])
    import socket

    root = _p19_repo(base, "socket-py")
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(root / "sock.py"))
    s.close()
    _p19_add(cases, "socket-py", root)
    for name, rel, major, minor, block in (("node-zero", "dev.py", 1, 5, False), ("node-null", "null.json", 1, 3, False),
                                           ("node-urandom", "config.yaml", 1, 9, False),
                                           ("node-block", "disk.py", 7, 0, True)):
        root = _p19_repo(base, name)
        if _p19_mknod(root / rel, major, minor, block):
            _p19_add(cases, name, root)
    return cases


def _p19_size_cases(base: Path) -> list[Case]:
    """0-byte and 2 GB sparse files under scanned and project-file names; folders 1,000 and 2,100 deep, 250-character
    names 40 deep, 20,000 folders and 20,000 empty files."""
    cases: list[Case] = []
    for name, rel in (("empty-py", "empty.py"), ("empty-json", "config.json"), ("empty-requirements", "requirements.txt"),
                      ("empty-notebook", "nb.ipynb"), ("empty-dockerfile", "Dockerfile"), ("empty-pyproject", "pyproject.toml"),
                      ("empty-gitignore", ".gitignore"), ("empty-yaml", "params.yaml"), ("empty-setup-cfg", "setup.cfg"),
                      ("empty-toml", "conf.toml"), ("empty-auditor-yaml", "auditor.yaml"), ("empty-lock", "auditor.lock")):
        root = _p19_repo(base, name, {rel: ""})
        _p19_add(cases, name, root, allow2=rel in ("auditor.yaml", "auditor.lock"), names=[rel])
    for name, rel in (("sparse-py", "big.py"), ("sparse-json", "config.json"), ("sparse-notebook", "nb.ipynb"),
                      ("sparse-requirements", "requirements.txt"), ("sparse-gitignore", ".gitignore"),
                      ("sparse-dockerfile", "Dockerfile"), ("sparse-pyproject", "pyproject.toml"),
                      ("sparse-auditor-yaml", "auditor.yaml"), ("sparse-lock", "auditor.lock"),
                      ("sparse-safetensors", "w.safetensors"), ("sparse-yaml", "params.yaml"),
                      ("sparse-sub-gitignore", "sub/.gitignore")):
        root = _p19_repo(base, name)
        _sparse(root / rel, 2 << 30)
        _p19_add(cases, name, root, allow2=rel in ("auditor.yaml", "pyproject.toml", "auditor.lock"),
                 names=[rel.rsplit("/")[-1]])
    for name, depth, part in (("deep-1000", 1000, "d"), ("deep-2100", 2100, "d"), ("deep-long-names", 40, "n" * 250)):
        root = _p19_repo(base, name)
        _p19_deep(root, depth, part)
        _p19_add(cases, name, root, other=GPT2, bound=90)
    wide = _p19_repo(base, "wide-20000-folders")
    for i in range(20_000):
        (wide / f"d{i}").mkdir()
    _p19_add(cases, "wide-20000-folders", wide, bound=90)
    many = _p19_repo(base, "wide-20000-files")
    for i in range(20_000):
        (many / f"f{i}.py").touch()
    _p19_add(cases, "wide-20000-files", many, bound=90)
    return cases


_P19_NAMES: dict[str, bytes] = {
    "newline": b"x\ny.py", "cr": b"x\ry.py", "tab": b"x\ty.py", "escape": b"\x1b[31mred\x1b[0m.py",
    "bell": b"\x07.py", "del": b"\x7f.py", "invalid-utf8": b"\xff\xfe.py", "latin1": b"caf\xe9.py",
    "overlong": b"\xc0\xaf.py", "surrogate-bytes": b"\xed\xa0\x80.py", "rlo": "\u202egnp.py".encode(),
    "zwsp": "\u200b.py".encode(), "spaces": b"   .py", "dash": b"-rf.py", "help": b"--help.py",
    "long-255": b"a" * 252 + b".py", "colon-star": b"a:*?.py", "backslash": b"a\\b.py", "percent": b"%2e%2e.py",
    "quotes": b"a\"'`.py", "html": b"<script>alert(1)<.py", "cjk": "\u6a21\u578b.py".encode(),
    "nfd": "cafe\u0301.py".encode(), "dir-newline": b"d\ne/x.py", "dir-invalid-utf8": b"\xff\xfe/x.py",
    "dir-escape": b"\x1b]0;pwned\x07/x.py", "nb-newline": b"n\nb.ipynb", "yaml-invalid-utf8": b"conf\xff.yaml",
    "u2028": "a\u2028b.py".encode(), "nul-like": b"a%00b.py",
}


def _p19_notebook(source: str) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": [source]}], "metadata": {}, "nbformat": 4,
                       "nbformat_minor": 5})


def _p19_name_cases(base: Path) -> list[Case]:
    """File and folder names with newlines, escapes, invalid UTF-8, bidi marks, 255 bytes: GPT2 inside is audited or
    the file said unread; SARIF, JUnit and JSON stay valid and stdout carries no raw control character."""
    cases: list[Case] = []
    for name, raw in _P19_NAMES.items():
        root = _p19_repo(base, f"name-{name}")
        line = f'AutoModel.from_pretrained("{GPT2}")\n'
        body = _p19_notebook(line) if raw.endswith(b".ipynb") else (f"model_name_or_path: {GPT2}\n"
                                                                      if raw.endswith(b".yaml") else line)
        write(root / os.fsdecode(raw), body)
        _p19_add(cases, f"name-{name}", root, other=GPT2)
        if name in ("newline", "escape", "invalid-utf8", "rlo", "dir-escape", "html"):
            out = base / f"name-{name}-out"
            outs = {"sarif": out / "auditor.sarif", "junit": out / "auditor-junit.xml", "json": out / "auditor.json"}
            cases.append(Case("p19-repo", f"name-{name}-formats", ["check", str(root), "--offline", "--no-cache", "-f",
                                                                   "sarif,junit,json", "-o", str(out)],
                              allow2=False, timeout=90, check=_outputs_valid(outs, _stdout_clean)))
    return cases


def _p19_denied_cases(base: Path) -> list[Case]:
    """Folders and files the run may not read: what they hold is unknown, so the check is not a pass (exit 3 or a
    finding) and says which; a denied folder the .gitignore excludes, or node_modules, costs nothing."""
    cases: list[Case] = []
    line = f'AutoModel.from_pretrained("{GPT2}")\n'
    for name, rel, mode in (("sub-000", "sub", 0), ("sub-111", "sub", 0o111), ("sub-444", "sub", 0o444),
                            ("nested-000", "a/b/c", 0), ("file-000", "sub/x.py", 0), ("notebook-000", "sub/nb.ipynb", 0),
                            ("config-000", "config.yaml", 0)):
        root = _p19_repo(base, name)
        text = (f"model_name_or_path: {GPT2}\n" if rel.endswith(".yaml") else _p19_notebook(line)
                if rel.endswith(".ipynb") else line)
        target = root / rel if "." in rel.rsplit("/", 1)[-1] else root / rel / "x.py"
        write(target, text)
        (root / rel).chmod(mode)
        _p19_add(cases, name, root, other=GPT2, said=True, closed=True)
        if name in ("sub-000", "file-000"):
            _p19_add(cases, f"{name}-jobs", root, other=GPT2, said=True, closed=True, argv_extra=["--jobs", "2"])
    root = _p19_repo(base, "ignored-000", {".gitignore": "sub/\n"})
    write(root / "sub" / "x.py", line)
    (root / "sub").chmod(0)
    _p19_add(cases, "ignored-000", root)
    root = _p19_repo(base, "node-modules-000")
    write(root / "node_modules" / "x.py", "x = 1\n")
    (root / "node_modules").chmod(0)
    _p19_add(cases, "node-modules-000", root)
    return cases


_P19_IGNORE_BOMBS: dict[str, str | bytes] = {
    "100k-lines": "".join(f"pattern-{i}/*.py\n" for i in range(100_000)),
    "stars-10k": "*" * 10_000 + "a\n",
    "star-a-5k": "*a" * 5_000 + "\n",
    "doublestar-2k": "**/" * 2_000 + "x\n",
    "brackets-open": "[" * 5_000 + "\n",
    "range-2k": "[a-z]" * 2_000 + "\n",
    "question-10k": "?" * 10_000 + "\n",
    "backslash-end": "\\" * 5_001 + "\n",
    "negate-50k": "".join(("!app.py\n" if i % 2 else "app.py\n") for i in range(50_000)) + "!app.py\n",
    "one-line-50mb": "a" * 50_000_000 + "\n",
    "binary": bytes(range(256)) * 4_000,
    "invalid-utf8": b"\xff\xfe\xfd*.py\n\xc0\xafapp.py\n",
    "utf16": "*.md\n".encode("utf-16"),
    "crlf": "*.md\r\nbuild/\r\n",
    "bom": "\ufeff*.md\n",
    "ignore-all-but": "*\n!app.py\n",
    "braces-nested": "{" * 3_000 + "a" + "}" * 3_000 + "\n",
    "charclass-negated-5k": "[!" + "a" * 5_000 + "]\n",
    "spaces-1m": " " * 1_000_000 + "\n",
    "nul-inside": "a\x00b\n*.md\n",
}


def _p19_ignore_cases(base: Path) -> list[Case]:
    """.gitignore files built to backtrack, exhaust memory or confuse a decoder; 2,000 nested ones; broken .git
    folders (a gitdir to nowhere, a FIFO, a loop, garbage HEAD or index, a link to /dev/zero, unreadable, an
    info/exclude bomb)."""
    cases: list[Case] = []
    for name, text in _P19_IGNORE_BOMBS.items():
        root = _p19_repo(base, f"gitignore-{name}", {".gitignore": text})
        write(root / ("a" * 200 + "b.py"), "x = 1\n")
        _p19_add(cases, f"gitignore-{name}", root, bound=60)
    nested = _p19_repo(base, "gitignore-nested-2000")
    fd = os.open(nested, os.O_RDONLY | os.O_DIRECTORY)
    for i in range(2000):
        os.mkdir("g", dir_fd=fd)
        inner = os.open("g", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
        ign = os.open(".gitignore", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(ign, f"*.tmp{i}\n!keep{i}\n".encode())
        os.close(ign)
    os.close(fd)
    _p19_add(cases, "gitignore-nested-2000", nested, bound=90)
    gits: dict[str, Callable[[Path], object]] = {
        "git-file-nowhere": lambda r: write(r / ".git", "gitdir: /p19/no/such/git/dir\n"),
        "git-fifo": lambda r: os.mkfifo(r / ".git"),
        "git-loop": lambda r: (r / ".git").symlink_to(r / ".git"),
        "git-head-garbage": lambda r: (write(r / ".git" / "HEAD", "\x00\xff garbage\n"),
                                       (r / ".git" / "objects").mkdir(), (r / ".git" / "refs").mkdir()),
        "git-devzero": lambda r: (r / ".git").symlink_to("/dev/zero"),
        "git-unreadable": lambda r: (r / ".git").mkdir() or (r / ".git").chmod(0),
        "git-exclude-bomb": lambda r: subprocess.run(["git", "init", "-q", str(r)], check=False)
        and write(r / ".git" / "info" / "exclude", "*a" * 5_000 + "\n" + "".join(f"p{i}\n" for i in range(100_000))),
        "git-index-garbage": lambda r: subprocess.run(["git", "init", "-q", str(r)], check=False)
        and write(r / ".git" / "index", b"DIRC" + bytes(range(256)) * 100),
    }
    for name, make in gits.items():
        root = _p19_repo(base, name)
        make(root)
        _p19_add(cases, name, root, bound=60)
    return cases


def _p19_repo_cases(base: Path) -> list[Case]:
    """p19-repo: `auditor check` on repositories built to hurt a CI tool: link loops and links to /, /proc and devices,
    FIFOs, sockets and device nodes under scanned names, 0-byte and 2 GB sparse files, folders 1,000 and 2,100 deep
    (paths past PATH_MAX), 20,000 folders, names with newlines, escapes, invalid UTF-8 and bidi marks,
    permission-denied folders and files, .gitignore files built to backtrack or exhaust memory, broken .git folders,
    and files changing while they are read. BERT (app.py) is always audited, within a time bound; a part that
    cannot be read is said (never a silent pass); stdout stays one JSON document."""
    cases: list[Case] = []
    for build in (_p19_special_cases, _p19_size_cases, _p19_name_cases, _p19_denied_cases, _p19_ignore_cases):
        cases.extend(build(base))
    for how in ("grow", "truncate", "swap", "delete", "link", "fifo", "rmtree"):
        root = _p19_repo(base, f"churn-{how}")
        _p19_add(cases, f"churn-{how}", root, runner=[_P19_CHURN, how, str(root)], bound=90)
    return cases


def _p19_cel_cases(base: Path) -> list[Case]:
    """p19-cel: custom rule conditions that parse and type-check but fail at run time on a real model's facts
    (division by zero, a missing key, a list index past the end, a type mismatch, integer overflow, a bad regex or
    timestamp built from a fact, huge lists) and message templates that name what is not there: each model gets
    a finding that says the rule could not be evaluated (never a silent pass), or exit 2 naming the policy; the
    run goes on for every model."""
    conds = {
        "div-zero-fact": "size(model.id) / (size(model.id) - size(model.id)) > 0",
        "mod-zero-fact": "size(model.id) % 0 == 1",
        "missing-key": "model.nope == 'x'",
        "missing-nested": "model.nope.deeper == 'x'",
        "missing-index-key": "model['nope'] == 'x'",
        "map-missing": "{'a': 1}[model.id] == 1",
        "index-past-end": "license.declared[100] == 'x'",
        "index-negative": "[1, 2][-1] == 2",
        "index-string": "model.id[0] == 'g'",
        "int-of-id": "int(model.id) > 0",
        "double-of-id": "double(model.id) > 0.0",
        "uint-underflow": "uint(size(model.id)) - 1000u > 0u",
        "int-overflow-add": "9223372036854775807 + size(model.id) > 0",
        "int-overflow-mul": "size(model.id) * 9223372036854775807 > 0",
        "int-overflow-neg": "-9223372036854775807 - size(model.id) - 10 < 0",
        "string-plus-int": "model.id + size(model.id) == 'x'",
        "compare-mixed": "dyn(model.id) > 5",
        "equals-mixed": "dyn(size(model.id)) == 'x'",
        "bool-of-string": "dyn(model.id) && true",
        "not-of-string": "!dyn(model.id)",
        "ternary-string": "dyn(model.id) ? true : false",
        "regex-from-fact": "model.id.matches(model.id + '[')",
        "regex-invalid": "model.id.matches('(' + string(size(model.id)))",
        "timestamp-from-fact": "timestamp(model.id) > timestamp('2020-01-01T00:00:00Z')",
        "duration-from-fact": "duration(model.id) > duration('1s')",
        "map-over-string": "dyn(model.id).exists(x, x == 'a')",
        "size-of-int": "size(dyn(size(model.id))) > 0",
        "has-on-list": "has(license.declared.x)",
        "in-string": "'a' in dyn(model.id)",
        "ancestors-missing-field": "lineage.ancestors.all(a, a.nope == 'x') && size(model.id) / 0 > 0",
        "exists-div-zero": "[1, 2, 3].exists(x, x / (x - x) > 0)",
        "map-div-zero": "size([0, 1].map(x, 10 / x)) == 2",
        "filter-error": "size(license.declared.filter(x, x / 2 > 0)) >= 0",
        "list-100k-exists": "[" + ",".join(str(i) for i in range(100_000)) + "].exists(x, x / (x - 99999) > 1)",
        "list-200k-size": "size([" + ",".join(["'ab'"] * 200_000) + "]) > 0",
        "string-repeat-concat": "size(model.id + model.id + model.id + model.id) > 0 && model.nope",
        "error-or-true": "model.nope || true",
        "error-and-false": "model.nope && false",
        "error-after-true": "true && model.nope == 1",
        "nested-error": "[[1]].all(l, l.all(x, {'a': x}[model.id] == 1))",
    }
    cases: list[Case] = []
    for name, cond in conds.items():
        pol = base / f"{name}.yaml"
        write(pol, "custom_rules:\n  - id: ACME001\n    title: hostile condition\n    condition: " + json.dumps(cond)
              + "\n    message: \"{model.id} matched\"\n")
        # `error || true` and `error && false` are decided by CEL's commutative logic: a pass is the answer there
        closed = name not in ("error-or-true", "error-and-false", "equals-mixed")  # `1 == 'x'` is false in CEL
        cases.append(Case("p19-cel", name, ["audit", BERT, GPT2, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT, GPT2], affected=BERT if closed else None, fail_closed=closed,
                          error_names=[pol.name], timeout=90, check=_timed(60, no_class_names)))
    messages = {"msg-missing": "{license.nope.deeper}", "msg-index": "{license.declared[9]}",
                "msg-huge": "{model.id}" * 20_000, "msg-format": "{model.id:>99999999}", "msg-attr": "{model.id.__class__}",
                "msg-unclosed": "{model.id", "msg-nested": "{{model.id}}{{{model.id}}}"}
    for name, message in messages.items():
        pol = base / f"{name}.yaml"
        write(pol, "custom_rules:\n  - id: ACME001\n    title: hostile message\n    condition: \"true\"\n    message: "
              + json.dumps(message) + "\n")
        cases.append(Case("p19-cel", name, ["audit", BERT, GPT2, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT, GPT2], error_names=[pol.name], timeout=90, check=_timed(60)))
    return cases


def _p19_line_named(path: Path, line: int) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        if result.code == 2 and f"{path.name}:{line}" not in result.stderr and f"line {line}" not in result.stderr:
            return f"the error does not name line {line} of {path.name}"
        return None
    return check


def _p19_catalog_cases(base: Path) -> list[Case]:
    """p19-catalog: `--catalog` JSON Lines with one id twice, a BOM (first line, a later line), CRLF or CR line ends,
    a last line cut short, NaN, Infinity, 1e400 and 5,000-digit numbers, nesting 100,000 deep, NUL and invalid
    UTF-8, lone surrogate escapes, a line that is an array, a string or null, a 20 MB line, one bad line among 10,000:
    one sentence naming the catalog and the line (exit 2) or the affected model with a finding; never a traceback,
    a hang or a silent pass on what was not read."""
    good = catalog_line("acme/good")
    sha = "a" * 40
    raw_x = '{"id": "acme/x", "sha": "' + sha + '", "cardData": {"license": "mit"}, '
    shapes: dict[str, tuple[list[str] | bytes, int | None, bool]] = {
        # name: (lines, the bad line or None, fail closed on acme/x)
        "dup-same": ([good, catalog_line("acme/x"), catalog_line("acme/x")], None, False),
        "dup-license": ([good, catalog_line("acme/x"), catalog_line("acme/x", cardData={"license": "cc-by-nc-4.0"})],
                        None, True),
        # both lines record the gate (a field only one line records is no disagreement, by design)
        "dup-gated": ([good, catalog_line("acme/x", gated=False), catalog_line("acme/x", gated="manual")], None, True),
        "dup-base": ([good, catalog_line("acme/x"), catalog_line("acme/x", cardData={"license": "mit", "base_model":
                                                                                      "meta-llama/Llama-2-7b-hf"})],
                     None, True),
        "bom-first": (("\ufeff" + good + "\n" + catalog_line("acme/x") + "\n").encode(), None, False),
        "bom-middle": ((good + "\n\ufeff" + catalog_line("acme/x") + "\n").encode(), 2, False),
        "bom-twice": (("\ufeff\ufeff" + good + "\n" + catalog_line("acme/x") + "\n").encode(), 1, False),
        "crlf": ((good + "\r\n" + catalog_line("acme/x") + "\r\n").encode(), None, False),
        "cr-only": ((good + "\r" + catalog_line("acme/x") + "\r").encode(), None, False),
        "mixed-ends": ((good + "\r\n" + catalog_line("acme/x") + "\n\r\n").encode(), None, False),
        "truncated-last": ((good + "\n" + catalog_line("acme/x")[:-20]).encode(), 2, False),
        "truncated-mid-string": ((good + "\n" + '{"id": "acme/x", "sha": "aaaa').encode(), 2, False),
        "no-final-newline": ((good + "\n" + catalog_line("acme/x")).encode(), None, False),
        "nan-field": ([good, raw_x + '"downloads": NaN}'], 2, False),
        "nan-license": ([good, '{"id": "acme/x", "sha": "' + sha + '", "cardData": {"license": NaN}}'], 2, True),
        "infinity": ([good, raw_x + '"likes": Infinity}'], 2, False),
        "neg-infinity": ([good, raw_x + '"likes": -Infinity}'], 2, False),
        "1e400": ([good, raw_x + '"downloads": 1e400}'], 2, False),
        "neg-1e400": ([good, raw_x + '"downloads": -1e400}'], 2, False),
        "1e400-in-card": ([good, '{"id": "acme/x", "sha": "' + sha + '", "cardData": {"license": "mit", "x": 1e400}}'],
                          2, False),
        "int-5000-digits": ([good, raw_x + '"downloads": ' + "9" * 5000 + "}"], 2, False),
        "int-5000-in-card": ([good, '{"id": "acme/x", "sha": "' + sha + '", "cardData": {"license": "mit", "x": '
                              + "9" * 5000 + "}}"], 2, False),
        "deep-array": ([good, raw_x + '"x": ' + "[" * 100_000 + "]" * 100_000 + "}"], 2, False),
        "deep-object": ([good, raw_x + '"x": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}"], 2, False),
        "deep-card": ([good, '{"id": "acme/x", "sha": "' + sha + '", "cardData": ' + '{"license":' * 5_000 + '"mit"'
                       + "}" * 5_000 + "}"], 2, True),
        "nul-byte": ((good + "\n" + raw_x + '"x": "a\x00b"}\n').encode(), 2, False),
        "nul-escape": ([good, raw_x + '"x": "a\\u0000b"}'], None, False),
        "invalid-utf8": ((good + "\n").encode() + b'{"id": "acme/x", "sha": "' + sha.encode() + b'", "cardData": '
                         b'{"license": "m\xffit"}}\n', 2, True),
        "lone-surrogate": ([good, '{"id": "acme/x", "sha": "' + sha + '", "cardData": {"license": "mit\\ud800"}}'],
                           2, True),
        "surrogate-id": ([good, '{"id": "acme/x\\udfff", "sha": "' + sha + '"}', catalog_line("acme/x")], 2, False),
        "line-array": ([good, "[" + catalog_line("acme/x") + "]", catalog_line("acme/x")], 2, False),
        "line-string": ([good, json.dumps(catalog_line("acme/x")), catalog_line("acme/x")], 2, False),
        "line-null": ([good, "null", catalog_line("acme/x")], 2, False),
        "line-number": ([good, "42", catalog_line("acme/x")], 2, False),
        "line-20mb": ([good, '{"id": "acme/x", "sha": "' + sha + '", "cardData": {"license": "mit"}, "x": "'
                       + "a" * 20_000_000 + '"}'], None, False),
        "bad-line-of-10000": ([catalog_line(f"acme/m{i}") for i in range(4999)] + ['{"id": "acme/broken",']
                              + [catalog_line(f"acme/n{i}") for i in range(5000)] + [good, catalog_line("acme/x")],
                              5000, False),
        "trailing-comma": ([good, raw_x[:-2] + ",}"], 2, False),
        "single-quotes": ([good, "{'id': 'acme/x'}"], 2, False),
        "comment-line": ([good, "// a comment", catalog_line("acme/x")], 2, False),
        "two-objects-one-line": ([good, catalog_line("acme/x") + catalog_line("acme/x")], 2, False),
        "garbage-after": ([good, catalog_line("acme/x") + " trailing"], 2, False),
        # a whole file in another encoding or compressed: no line to name, the file is named
        "utf16-le": ((good + "\n" + catalog_line("acme/x") + "\n").encode("utf-16-le"), None, False),
        "utf32": ((good + "\n" + catalog_line("acme/x") + "\n").encode("utf-32"), None, False),
        "gzip": (__import__("gzip").compress((good + "\n" + catalog_line("acme/x") + "\n").encode()), None, False),
        "sha-number": ([good, '{"id": "acme/x", "sha": 1e400, "cardData": {"license": "mit"}}'], 2, False),
        "siblings-100k": ([good, catalog_line("acme/x", siblings=[{"rfilename": f"f{i}.bin"} for i in range(100_000)])],
                          None, False),
        "tags-dict": ([good, catalog_line("acme/x", tags={"license": "mit"})], None, False),
        "card-huge-list": ([good, catalog_line("acme/x", cardData={"license": ["mit"] * 100_000})], None, False),
    }
    cases: list[Case] = []
    for name, (lines, bad_line, closed) in shapes.items():
        data = lines if isinstance(lines, bytes) else ("\n".join(lines) + "\n").encode()
        path = write(base / name / "catalog.jsonl", data)
        check = _timed(60, _p19_line_named(path, bad_line) if bad_line else None)
        cases.append(Case("p19-catalog", name, ["audit", "acme/x", "acme/good", "--offline", "--catalog", str(path), "-f",
                                                "jsonl"], models=["acme/x", "acme/good"],
                          affected="acme/x" if closed else None, fail_closed=closed, error_names=["catalog.jsonl"],
                          check=check, timeout=90))
    return cases


def _p19_lock_cases(base: Path) -> list[Case]:
    """p19-lock: a lock tampered with by hand or by a merge: an entry whose `id` is not the repository its `requested`
    names, whose `revision` is not the one `requested` names, whose `sha` is not the commit its `revision` names;
    records of another repository, a record whose license was edited; BOM, CRLF, NaN, 1e400, huge numbers, a
    trailing second document, keys twice, deep nesting, an acceptance of the wrong shape: `check --locked` says so
    in one sentence naming the lock, or audits without trusting what it cannot read; never a silent pass."""
    lock_path = _locked_repo(base, BERT, GPT2)
    if lock_path is None:
        return []
    good_text = lock_path.read_text(encoding="utf-8")
    good = json.loads(good_text)
    version = f'"lock_version": {good["lock_version"]}'  # the version `auditor lock` writes today

    def entry(doc: dict[str, Any], rid: str = BERT) -> dict[str, Any]:
        return next(m for m in doc["models"] if m["id"] == rid)

    def record(doc: dict[str, Any], rid: str = BERT) -> dict[str, Any]:
        return next(r for r in doc["records"] if r["id"] == rid)

    edits: dict[str, tuple[Callable[[dict[str, Any]], Any], bool]] = {
        "id-other-repo": (lambda d: entry(d).update(id="evil/other"), True),
        # both entries taken before either is edited (edited in turn, the second lookup found the first again)
        "id-swapped": (lambda d: [m.update(id=new) for m, new in ((entry(d), GPT2), (entry(d, GPT2), BERT))], True),
        "requested-other": (lambda d: entry(d).update(requested="evil/other"), True),
        "requested-rev-unpinned": (lambda d: entry(d).update(requested=BERT + "@v1"), True),
        "revision-without-requested": (lambda d: entry(d).update(revision="v1"), True),
        "revision-sha-other": (lambda d: entry(d).update(requested=BERT + "@" + "1" * 40, revision="1" * 40), True),
        "requested-case": (lambda d: entry(d).update(requested=BERT.upper()), False),
        "id-blank-padded": (lambda d: entry(d).update(id=" " + BERT + " "), False),
        "record-other-id": (lambda d: record(d).update(id="evil/other"), True),
        "record-license-edited": (lambda d: record(d).setdefault("cardData", {}).update(license="cc-by-nc-4.0"), True),
        "record-sha-other": (lambda d: record(d).update(sha="4" * 40), True),
        "record-dropped": (lambda d: d.update(records=[r for r in d["records"] if r["id"] != BERT]), True),
        "record-twice-differing": (lambda d: d["records"].append({**record(d), "cardData": {"license": "gpl-3.0"}}),
                                   True),
        # refused by design (auditor/lockfile.py LockSource: hub_would_serve): BERT's own record answers
        "record-requested-claim": (lambda d: record(d, GPT2).setdefault("_auditor", {}).update(requested=BERT), False),
        "acceptance-string": (lambda d: entry(d).update(acceptance="yes"), True),
        "acceptance-bad-date": (lambda d: entry(d).update(acceptance={"by": "x", "on": "2027-02-30"}), True),
        "lineage-strings": (lambda d: entry(d).update(lineage=["a", "b"]), True),
        "lineage-deep": (lambda d: entry(d).update(lineage=[{"id": [[[[["x"]]]]]}]), False),
        "kind-model": (lambda d: entry(d).update(kind="model"), True),
        "version-true": (lambda d: d.update(lock_version=True), True),
        "version-big": (lambda d: d.update(lock_version=10 ** 40), True),
        "models-empty": (lambda d: d.update(models=[]), True),
        "models-null": (lambda d: d.update(models=None), True),
        "extra-keys": (lambda d: entry(d).update(extra={"x": 1}), False),
    }
    cases: list[Case] = []

    def add(name: str, text: str | bytes, closed: bool) -> None:
        folder = _check_repo(base / name, {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'
                                                     f'AutoModel.from_pretrained("{GPT2}")\n'})
        lock = write(folder / "auditor.lock", text)
        cases.append(Case("p19-lock", name, ["check", str(folder), "--offline", "--no-cache", "--locked", "-f", "json"],
                          fail_closed=closed, error_names=["auditor.lock"], timeout=90, check=_timed(60)))
        if name in ("id-other-repo", "requested-other", "record-other-id", "revision-sha-other"):
            cases.append(Case("p19-lock", f"report-{name}", ["report", BERT, "--offline", "--lock", str(lock), "-o",
                                                             str(base / name / "r.html")], error_names=["auditor.lock"]))
            cases.append(Case("p19-lock", f"notice-{name}", ["notice", "--lock", str(lock), "--offline", "-o",
                                                             str(base / name / "n")], error_names=["auditor.lock"]))
            cases.append(Case("p19-lock", f"unlocked-{name}", ["check", str(folder), "--offline", "--no-cache", "-f",
                                                               "json"], error_names=["auditor.lock"], timeout=90,
                              check=_p19_found(BERT, GPT2)))

    for name, (edit, closed) in edits.items():
        doc = json.loads(json.dumps(good))
        edit(doc)
        add(name, json.dumps(doc, indent=1), closed)
    texts: dict[str, tuple[str | bytes, bool]] = {
        "bom": ("\ufeff" + good_text, False),
        "crlf": (good_text.replace("\n", "\r\n"), False),
        "nan": (good_text.replace(version, '"lock_version": NaN', 1), True),
        "1e400": (good_text.replace(version, '"lock_version": 1e400', 1), True),
        "version-5000-digits": (good_text.replace(version, '"lock_version": ' + "9" * 5000, 1), True),
        "second-document": (good_text + good_text, True),
        "trailing-garbage": (good_text + "\n<<<<<<< HEAD\n", True),
        "models-twice": (good_text.replace('"models": [', '"models": [], "models": [', 1), True),
        "deep-nesting": (good_text.replace('"records": [', '"records": [' + "[" * 100_000 + "]" * 100_000 + ",", 1), True),
        "utf16": (good_text.encode("utf-16"), True),
        "latin1-byte": (good_text.encode().replace(b'"lock_version"', b'"lock_version\xe9"'), True),
        "nul": (good_text.replace('"lock_version"', '"lock\\u0000_version"'), True),
        "truncated": (good_text[: len(good_text) // 2], True),
        "empty": ("", True),
        "whitespace": ("  \n\n", True),
    }
    for name, (text, closed) in texts.items():
        add(name, text, closed)
    return cases


def _p19_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p19-hub: the fake Hub answering a model, its base, its README or its dataset with wrong types, 3xx loops
    (self, A-B, 307/308, without a Location, 30 distinct hops), gzip bombs, slow-drip bodies, JSON cut short, and
    401/403/404/451/500/503 in every mix: the model that needs the answer has a finding or is not audited (never a
    pass on what was not read), the healthy model is complete, time bounded."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/p19-good", good, {"README.md": card})
    cases: list[Case] = []

    def run(name: str, argv: list[str], rid: str | None, closed: bool = True, timeout: float = 150,
            finding: bool = True) -> None:
        home = base / name
        home.mkdir(parents=True, exist_ok=True)
        models = ["acme/p19-good", *([rid] if rid else [])] if argv[0] == "audit" else []
        cases.append(Case("p19-hub", name, [*argv, "--endpoint", hub.url], models=models,
                          affected=rid if models and finding else None, fail_closed=closed, allow2=False, timeout=timeout,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                               "HF_ENDPOINT": hub.url},
                          check=_timed(timeout - 20, _p19_good_complete if models else None)))

    statuses = (401, 403, 404, 451, 500, 503)
    for status in statuses:
        rid = f"acme/p19-model-{status}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", status=status, retry_after="0" if status == 503 else None)
        run(f"model-{status}", ["audit", rid, "acme/p19-good", "-f", "jsonl"], rid)
        readme = f"acme/p19-readme-{status}"
        hub.add_repo(readme, good, {"README.md": card})
        hub.fault(f"/{readme}/resolve/*/README.md", status=status, retry_after="0" if status == 503 else None)
        # a README refused (401/403) or missing beside the API's cardData: a warning that names it (p15's contract)
        run(f"readme-{status}", ["audit", readme, "acme/p19-good", "-f", "jsonl"], readme, closed=status not in (401, 403, 404))
        base_id, child = f"acme/p19-base-{status}", f"acme/p19-child-{status}"
        hub.add_repo(base_id, good, {"README.md": card})
        hub.fault(f"/api/models/{base_id}*", status=status, retry_after="0" if status == 503 else None)
        hub.add_repo(child, {**good, "cardData": {"license": "mit", "base_model": base_id}},
                     {"README.md": f"---\nlicense: mit\nbase_model: {base_id}\n---\n# m\n"})
        run(f"base-{status}", ["audit", child, "acme/p19-good", "-f", "jsonl"], child)
    # mixes: the model answers, its base and README each fail in another way; several at once in one run
    for a, b in ((401, 503), (403, 500), (451, 404), (503, 451), (500, 401)):
        rid = f"acme/p19-mix-{a}-{b}"
        base_id = f"acme/p19-mixbase-{a}-{b}"
        hub.add_repo(base_id, good, {"README.md": card})
        hub.fault(f"/api/models/{base_id}*", status=a, retry_after="0" if a == 503 else None)
        hub.add_repo(rid, {**good, "cardData": {"license": "mit", "base_model": base_id}},
                     {"README.md": f"---\nlicense: mit\nbase_model: {base_id}\n---\n# m\n"})
        hub.fault(f"/{rid}/resolve/*/README.md", status=b, retry_after="0" if b == 503 else None)
        run(f"mix-{a}-{b}", ["audit", rid, "acme/p19-good", "-f", "jsonl"], rid)
    all_ids = [f"acme/p19-model-{s}" for s in statuses]
    run("mix-all-statuses", ["audit", *all_ids, "acme/p19-good", "--jobs", "2", "-f", "jsonl"], all_ids[0])
    # transient: the first answers fail, the retry succeeds: complete, not incomplete
    for status in (500, 503):
        rid = f"acme/p19-flaky-{status}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", status=status, times=1, retry_after="0")
        run(f"flaky-{status}", ["audit", rid, "acme/p19-good", "-f", "jsonl"], None, closed=False)
    raw = ("gzip-bomb", "drip", "length-lies-short", "html", "json-list", "json-null", "empty-200", "redirect-301-loop",
           "redirect-ab-loop", "deflate-garbage", "text-plain-json", "wrong-types-deep")
    for kind in raw:
        short = kind.replace("-", "")
        rid = f"acme/p19-api-{short}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", kind)
        run(f"api-{kind}", ["audit", rid, "acme/p19-good", "-f", "jsonl"], rid)
        readme = f"acme/p19-card-{short}"
        hub.add_repo(readme, good, {"README.md": card})
        hub.fault(f"/{readme}/resolve/*/README.md", kind)
        # a README answered with junk beside the API's cardData: a warning that names it (p15 readme-empty/binary)
        run(f"readme-{kind}", ["audit", readme, "acme/p19-good", "-f", "jsonl"], readme, closed=kind == "drip")
        if kind in ("gzip-bomb", "drip", "redirect-301-loop", "html", "json-null"):
            base_id, child = f"acme/p19-rawbase-{short}", f"acme/p19-rawchild-{short}"
            hub.add_repo(base_id, good, {"README.md": card})
            hub.fault(f"/api/models/{base_id}*", kind)
            hub.add_repo(child, {**good, "cardData": {"license": "mit", "base_model": base_id}},
                         {"README.md": f"---\nlicense: mit\nbase_model: {base_id}\n---\n# m\n"})
            run(f"base-{kind}", ["audit", child, "acme/p19-good", "-f", "jsonl"], child)
    # redirects the raw kinds lack: 307 and 308 to itself, a 302 without a Location, 30 distinct hops
    for name, status, headers in (("307-self", 307, None), ("308-self", 308, None), ("302-no-location", 302, {}),
                                  ("303-relative-garbage", 303, {"Location": "::::/\x7f"})):
        rid = f"acme/p19-redir-{name}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", status=status,
                  headers=headers if headers is not None else {"Location": f"/api/models/{rid}"})
        run(f"redirect-{name}", ["audit", rid, "acme/p19-good", "-f", "jsonl"], rid)
    hops = "acme/p19-redir-hops"
    hub.add_repo(hops, good, {"README.md": card})
    for i in range(30, 0, -1):  # the exact hops first: the first matching fault answers
        hub.fault(f"/api/models/{hops}{'/h' * i}", status=302, headers={"Location": f"/api/models/{hops}{'/h' * (i + 1)}"})
    hub.fault(f"/api/models/{hops}*", status=302, headers={"Location": f"/api/models/{hops}/h"})
    run("redirect-30-hops", ["audit", hops, "acme/p19-good", "-f", "jsonl"], hops)
    # wrong types in the answer's body, one field each (the API answers 200 with them)
    wrong: dict[str, dict[str, Any]] = {
        "sha-int": {"sha": 5}, "sha-list": {"sha": ["a" * 40]}, "sha-short": {"sha": "abc"},
        "id-int": {"id": 7}, "id-other": {"id": "evil/other"}, "gated-string": {"gated": "sometimes"},
        "private-string": {"private": "no"}, "tags-dict": {"tags": {"license": "mit"}}, "tags-int-list": {"tags": [1, 2]},
        "card-string": {"cardData": "license: mit"}, "card-license-list-dicts": {"cardData": {"license": [{"a": 1}]}},
        "siblings-dict": {"siblings": {"rfilename": "README.md"}}, "siblings-strings": {"siblings": ["README.md"]},
        "siblings-rfilename-int": {"siblings": [{"rfilename": 5}]}, "lastmodified-int": {"lastModified": 5},
        "disabled-true": {"disabled": True}, "card-base-dict": {"cardData": {"license": "mit", "base_model": {"a": 1}}},
        "safetensors-string": {"safetensors": "big"}, "downloads-nan-string": {"downloads": "NaN"},
        "license-int": {"cardData": {"license": 3}, "tags": ["license:3"]},
    }
    closed_wrong = {"sha-int", "sha-list", "sha-short", "id-int", "id-other", "card-string", "card-license-list-dicts",
                    "disabled-true", "card-base-dict", "license-int", "gated-string"}
    # a finding is owed where the field decides something (which repository, which revision, the license, the base,
    # the gate, the file list); a mistyped count or flag that decides nothing may pass quietly (p15 tags-string)
    quiet = {"private-string", "tags-dict", "tags-int-list", "lastmodified-int", "downloads-nan-string",
             "safetensors-string", "disabled-true", "id-int"}
    for name, fields in wrong.items():
        rid = f"acme/p19-type-{name}"
        # the README says what cardData says (the Hub derives one from the other): the odd value is the card's own
        front = card if "cardData" not in fields or not isinstance(fields["cardData"], dict) else (
            "---\n" + json.dumps(fields["cardData"]) + "\n---\n# m\n")
        repo = hub.add_repo(rid, good, {"README.md": front}, sha=hashlib.sha1(rid.encode()).hexdigest())
        for body, _files in repo.revisions.values():
            body.update(fields)
        run(f"type-{name}", ["audit", rid, "acme/p19-good", "-f", "jsonl"], rid,
            closed=name in closed_wrong - {"gated-string", "id-int", "disabled-true"}, finding=name not in quiet)
    # through the other commands: a mix of statuses under lineage, report, sbom and check
    rid = "acme/p19-child-451"
    run("lineage-451", ["lineage", rid, "-f", "json"], None)
    # report and sbom exit 0 whatever the verdict, 3 only when incomplete (an unread base is a failing finding)
    run("report-451", ["report", rid, "-o", str(base / "r451.html")], None, closed=False)
    run("sbom-503", ["sbom", "acme/p19-child-503", "-f", "cyclonedx", "-o", str(base / "s503.json")], None, closed=False)
    run("openness-401", ["openness", "acme/p19-model-401", "-f", "json"], None)
    repo = _check_repo(base / "hub-repo", {"app.py": "".join(f'AutoModel.from_pretrained("{r}")\n' for r in
                                                               [*all_ids, "acme/p19-good", "acme/p19-api-gzipbomb"])})
    run("check-mixed", ["check", str(repo), "--no-cache", "-f", "json"], None)
    return cases


def _p19_good_complete(result: Result) -> str | None:
    rec = next((r for r in result.records() if r.get("model") == "acme/p19-good"), {})
    return "acme/p19-good (healthy) came out incomplete" if rec.get("verdict") == "incomplete" else None


def pass19_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("repo", _p19_repo_cases), ("cel", _p19_cel_cases), ("catalog", _p19_catalog_cases),
                        ("lock", _p19_lock_cases), ("hub", lambda b: _p19_hub_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ pass 20: the inputs earlier families touched least


def _p20_healthy(*labels: str) -> Callable[[Result], str | None]:
    """Broken when a healthy model of the run came out incomplete (the hostile input leaked onto it)."""
    def check(result: Result) -> str | None:
        for rec in result.records():
            if rec.get("type") == "model" and rec.get("model") in labels and rec.get("verdict") == "incomplete":
                return f"{rec.get('model')} (healthy) came out incomplete"
        return None
    return check


def _p20_no_leak(folder: Path, secret: str) -> Callable[[Result], str | None]:
    """Broken when a file under `folder` (an output) holds `secret`: a link out of the input was followed and copied."""
    def check(result: Result) -> str | None:
        if not folder.exists():
            return None
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink() and secret.encode() in path.read_bytes()[:2_000_000]:
                    return f"{path.name} holds what a link out of the model's folder points at"
        return None
    return check


_P20_REF_LINES: dict[str, tuple[bytes, str]] = {
    # name: (the hostile line(s) after BERT's, kind: "bad" a line that names nothing auditable (the run goes on, fail
    # closed), "same" a line that is BERT again or nothing at all (exit 0 is right), "file" the whole file unreadable)
    "nul-in-line": (b"openai-comm\x00unity/gpt2\n", "bad"),
    "nul-alone": (b"\x00\n", "bad"),
    "nul-run": (b"\x00" * 4096 + b"\n", "bad"),
    "crlf": (b"\r\n# c\r\n", "same"),
    "cr-only": (b"\r# c\r", "same"),
    "bom-second-line": (b"\xef\xbb\xbfacme/zzz-not-a-model\n", "bad"),
    "latin1-byte": (b"acme/caf\xe9\n", "bad"),
    "invalid-utf8-run": (b"\xff\xfe\xfd/\x80\x81\n", "bad"),
    "comment-after-ref": (BERT.encode() + b"  # pinned by legal\n", "same"),
    "comment-only": (b"# nothing here\n#\n   # indented comment\n", "same"),
    "hash-in-name": (b"acme/x#y\n", "bad"),
    "tabs-around": (b"\t" + BERT.encode() + b"\t\n", "same"),
    "dup-x100": ((BERT + "\n").encode() * 100, "same"),
    "dup-case": (BERT.upper().encode() + b"\n", "same"),
    # a Hub URL is refused as a reference, one sentence with the file and line (p17-ref's contract), or read as gpt2
    "url-https": (b"https://huggingface.co/openai-community/gpt2\n", "any"),
    "url-tree": (b"https://huggingface.co/openai-community/gpt2/tree/main\n", "any"),
    "url-blob": (b"https://huggingface.co/openai-community/gpt2/blob/main/README.md\n", "any"),
    "url-datasets": (b"https://huggingface.co/datasets/acme/some-data\n", "bad"),
    "url-spaces": (b"https://huggingface.co/spaces/acme/app\n", "bad"),
    "url-evil-host": (b"https://evil.example/openai-community/gpt2\n", "bad"),
    "url-http": (b"http://huggingface.co/openai-community/gpt2\n", "any"),
    "url-git-ssh": (b"git@hf.co:openai-community/gpt2\n", "bad"),
    "url-query": (b"https://huggingface.co/openai-community/gpt2?x=1#frag\n", "any"),
    "url-userinfo": (b"https://user:pass@huggingface.co/openai-community/gpt2\n", "any"),
    "hf-scheme": (b"hf://openai-community/gpt2\n", "any"),  # labelled as written, hf://...
    "hf-scheme-triple": (b"hf:///openai-community/gpt2\n", "any"),  # an empty host: the same repository
    "line-1mb": (b"acme/" + b"x" * 1_000_000 + b"\n", "bad"),
    "dash-alone": (b"-\n", "bad"),
    "option-like": (b"--all\n", "bad"),
    "option-policy": (b"-p /etc/passwd\n", "bad"),
    "at-only": (b"@" + b"a" * 40 + b"\n", "bad"),
    "at-empty": (b"openai-community/gpt2@\n", "bad"),
    "at-twice": (b"openai-community/gpt2@main@main\n", "bad"),
    "trailing-slash": (b"openai-community/gpt2/\n", "any"),
    "three-parts": (b"a/b/c\n", "bad"),
    "dotdot": (b"../../../../etc\n", "bad"),
    "tilde": (b"~/models/x\n", "bad"),
    "env-var": (b"$HOME/x\n", "bad"),
    "shell": (b"$(touch /tmp/p20-pwned)\n", "bad"),
    "windows-path": (b"C:\\models\\x\n", "bad"),
    "unc-path": (b"\\\\server\\share\\x\n", "bad"),
    "bidi": ("acme/\u202egood\n".encode(), "bad"),
    "zero-width": ("openai-community/gp\u200bt2\n".encode(), "bad"),
    "fullwidth-slash": ("openai-community\uff0fgpt2\n".encode(), "bad"),
    "cyrillic": ("openai-community/gpt\u04352\n".encode(), "bad"),
    "nbsp-inside": ("openai-community/\u00a0gpt2\n".encode(), "bad"),
    "form-feed": (b"\x0c\n", "same"),
    "esc-sequence": (b"\x1b[31macme/red\x1b[0m\n", "bad"),
    "spaces-inside": (b"openai-community / gpt2\n", "bad"),
    "two-refs-one-line": (b"openai-community/gpt2 acme/other\n", "bad"),
    "comma-list": (b"openai-community/gpt2,acme/other\n", "bad"),
    "json-line": (b'{"id": "openai-community/gpt2"}\n', "bad"),
    "quoted": (b'"openai-community/gpt2"\n', "any"),
}


def _p20_refs_cases(base: Path) -> list[Case]:
    """p20-refs: --refs-file and `--refs-file -` holding what people paste: NUL bytes, CRLF/CR, BOMs and bytes of other
    encodings mid-file, comments after a ref, 100 copies of one ref, URLs (tree/blob pages, datasets, spaces, other
    hosts, ssh, userinfo), options and shell words as lines, look-alike and hidden characters, a 1 MB line, 1M lines;
    and whole files that are UTF-16, UTF-32, empty, a folder, gzip. BERT (the healthy line) is always audited; a
    line that names nothing auditable is reported as not audited (fail closed), in one sentence."""
    cases: list[Case] = []
    for name, (line, kind) in _P20_REF_LINES.items():
        data = (BERT + "\n").encode() + line
        path = write(base / f"refs-{name}.txt", data)
        closed = kind == "bad"
        models = [BERT] + (["openai-community/gpt2"] if kind == "ok-gpt2" else [])
        for how in ("file", "stdin") if name in ("nul-in-line", "crlf", "bom-second-line", "url-https", "dup-x100",
                                                  "comment-after-ref", "latin1-byte", "bidi", "line-1mb") else ("file",):
            argv = ["audit", "--offline", "-f", "jsonl", "--refs-file", "-" if how == "stdin" else str(path)]
            cases.append(Case("p20-refs", f"{how}-{name}", argv, models=models, fail_closed=closed, allow2=False,
                              stdin=data if how == "stdin" else None, check=_timed(60, _p20_healthy(BERT))))
    whole: dict[str, bytes] = {
        "utf16-le-bom": (BERT + "\n").encode("utf-16"),
        "utf16-be-nobom": (BERT + "\n").encode("utf-16-be"),
        "utf32": (BERT + "\n").encode("utf-32"),
        "gzip": __import__("gzip").compress((BERT + "\n").encode()),
        "bom-crlf": b"\xef\xbb\xbf" + (BERT + "\r\n").encode(),
        "only-blank": b"\n\n   \n\t\n",
        "only-nul": b"\x00" * 100,
        "empty": b"",
        "binary": bytes(range(256)) * 64,
    }
    for name, data in whole.items():
        path = write(base / f"whole-{name}.txt", data)
        ok = name == "bom-crlf"
        cases.append(Case("p20-refs", f"whole-{name}", ["audit", "--offline", "-f", "jsonl", "--refs-file", str(path)],
                          models=[BERT] if ok else [], fail_closed=not ok, error_names=[] if ok else [path.name],
                          allow2=not ok))
        if name in ("utf16-le-bom", "only-nul", "empty"):
            cases.append(Case("p20-refs", f"stdin-whole-{name}", ["audit", "--offline", "-f", "jsonl", "--refs-file", "-"],
                              stdin=data, fail_closed=True))
    million = write(base / "refs-1m.txt", (BERT + "\n").encode() * 1_000_000)
    cases.append(Case("p20-refs", "dup-1m-lines", ["audit", "--offline", "-f", "jsonl", "--refs-file", str(million)],
                      models=[BERT], allow2=False, timeout=120, check=_timed(90)))
    cases.append(Case("p20-refs", "stdin-dup-1m-lines", ["audit", "--offline", "-f", "jsonl", "--refs-file", "-"],
                      stdin=(BERT + "\n").encode() * 1_000_000, models=[BERT], allow2=False, timeout=120, check=_timed(90)))
    # linear at about 1 ms a model (each unknown one is a record of its own): 30,000, not 200,000, within the bound
    distinct = write(base / "refs-30k-distinct.txt", "".join(f"acme/p20-nope-{i}\n" for i in range(30_000)) + BERT + "\n")
    cases.append(Case("p20-refs", "distinct-30k", ["audit", "--offline", "-f", "jsonl", "--refs-file", str(distinct)],
                      fail_closed=True, allow2=False, timeout=150, check=_timed(120)))
    folder = base / "refs-is-folder"
    folder.mkdir()
    cases.append(Case("p20-refs", "refs-folder", ["audit", "--offline", "--refs-file", str(folder)], want2=True,
                      error_names=[folder.name]))
    unread = _unreadable(write(base / "refs-unreadable.txt", BERT + "\n"))
    cases.append(Case("p20-refs", "refs-unreadable", ["audit", "--offline", "--refs-file", str(unread)], want2=True,
                      error_names=[unread.name]))
    loop = base / "refs-loop.txt"
    loop.symlink_to(loop.name)
    cases.append(Case("p20-refs", "refs-link-loop", ["audit", "--offline", "--refs-file", str(loop)], want2=True,
                      error_names=[loop.name]))
    both = write(base / "refs-plus-args.txt", "acme/\u202ebad\n")
    cases.append(Case("p20-refs", "refs-and-args", ["audit", BERT, "--offline", "-f", "jsonl", "--refs-file", str(both)],
                      models=[BERT], fail_closed=True, allow2=False))
    for cmd in ("report", "sbom", "lineage", "openness", "notice"):
        path = write(base / f"refs-cmd-{cmd}.txt", f"{BERT}\nacme/\u200bzero\n")
        out = base / f"out-{cmd}"
        argv = [cmd, "--offline", "--refs-file", str(path)]
        if cmd in ("report", "sbom", "notice"):
            argv += ["-o", str(out / ("n" if cmd == "notice" else "r.json"))] + (["-f", "cyclonedx"] if cmd == "sbom" else [])
        cases.append(Case("p20-refs", f"cmd-{cmd}", argv, fail_closed=cmd in ("lineage", "openness")))
    return cases


def _p20_lock_cases(base: Path) -> list[Case]:
    """p20-lock: `check --locked`, `notice --lock` and `report --lock` given a lock edited into the wrong types,
    cut short, 40 MB, NUL/BOM/UTF-16, or a link out of the repository (to /etc/passwd, /dev/zero, a folder, a loop):
    one sentence naming the lock (exit 2), or the affected model with a finding; never a pass on what was not read."""
    lock_path = _locked_repo(base, BERT, GPT2)
    if lock_path is None:
        return []
    repo = lock_path.parent
    text = lock_path.read_text(encoding="utf-8")
    good = json.loads(text)

    def edited(fn: Callable[[dict[str, Any]], Any]) -> str:
        doc = json.loads(text)
        fn(doc)
        return json.dumps(doc, indent=1)

    def set_model(key: str, value: Any) -> Callable[[dict[str, Any]], Any]:
        return lambda d: d["models"][0].__setitem__(key, value)

    variants: dict[str, str | bytes] = {
        "models-dict": edited(lambda d: d.__setitem__("models", {"a": 1})),
        "models-string": edited(lambda d: d.__setitem__("models", BERT)),
        "models-null": edited(lambda d: d.__setitem__("models", None)),
        "models-ints": edited(lambda d: d.__setitem__("models", [1, 2])),
        "records-int": edited(lambda d: d.__setitem__("records", 5)),
        "records-strings": edited(lambda d: d.__setitem__("records", ["x"])),
        "version-string": edited(lambda d: d.__setitem__("lock_version", "1")),
        "version-float": edited(lambda d: d.__setitem__("lock_version", 1.5)),
        "version-99": edited(lambda d: d.__setitem__("lock_version", 99)),
        "version-bool": edited(lambda d: d.__setitem__("lock_version", True)),
        "version-missing": edited(lambda d: d.pop("lock_version")),
        "sha-int": edited(set_model("sha", 12345)),
        "sha-list": edited(set_model("sha", ["a" * 40])),
        "sha-uppercase": edited(set_model("sha", str(good["models"][0].get("sha") or "a" * 40).upper())),
        "id-list": edited(set_model("id", [BERT])),
        "id-null": edited(set_model("id", None)),
        "license-dict": edited(set_model("license", {"spdx": "mit"})),
        "license-int": edited(set_model("license", 7)),
        "lineage-string": edited(set_model("lineage", "none")),
        "lineage-deep": edited(set_model("lineage", "P20-DEEP")).replace('"P20-DEEP"', "[" * 5000 + "]" * 5000),
        "digest-int": edited(set_model("facts_digest", 0)),
        "requested-int": edited(set_model("requested", 3)),
        "effective-list-ints": edited(set_model("effective_license", [1, 2])),
        "record-carddata-string": edited(lambda d: d["records"][0].__setitem__("cardData", "license: mit")),
        "record-id-int": edited(lambda d: d["records"][0].__setitem__("id", 5)),
        "truncated-half": text[: len(text) // 2],
        "truncated-one": text[:-2],
        "empty": "",
        "whitespace": "   \n\n",
        "top-list": "[" + text + "]",
        "top-null": "null",
        "top-string": json.dumps(text),
        "nul-inside": text.replace('"models"', '"mod\u0000els"', 1).replace("\\u0000", "\x00"),
        "bom": "\ufeff" + text,
        "utf16": text.encode("utf-16"),
        "crlf": text.replace("\n", "\r\n"),
        "nan": text.replace(f'"lock_version": {good["lock_version"]}', '"lock_version": NaN', 1),
        "two-docs": text + "\n" + text,
        "yaml-not-json": "lock_version: 1\nmodels: []\n",
        "conflict-markers": "<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> branch\n",
        "huge-40mb": edited(lambda d: d.__setitem__("padding", "x" * 40_000_000)),
        "many-models": edited(lambda d: d.__setitem__("models", d["models"] + [dict(d["models"][0], id=f"acme/m{i}",
                                                                                     requested=f"acme/m{i}")
                                                                              for i in range(20_000)])),
    }
    cases: list[Case] = []
    for name, content in variants.items():
        folder = base / f"lock-{name}"
        folder.mkdir()
        lock = write(folder / "auditor.lock", content)
        # CRLF is still JSON; a key this version does not write, or entries for models the code no longer names,
        # leave the pins it checks intact: a pass is right there
        cases.append(Case("p20-lock", f"check-{name}", ["check", str(repo), "--locked", "--lock-file", str(lock), "--no-cache",
                                                         "-f", "json"], fail_closed=name not in ("crlf", "huge-40mb", "many-models"),
                          error_names=["auditor.lock"],
                          timeout=120, check=_timed(90)))
        if name in ("models-dict", "sha-int", "id-list", "truncated-half", "utf16", "top-list", "version-99", "nan",
                    "conflict-markers", "license-dict", "record-carddata-string", "huge-40mb", "empty"):
            out = base / f"notice-{name}"
            cases.append(Case("p20-lock", f"notice-{name}", ["notice", "--lock", str(lock), "--offline", "-o", str(out)],
                              fail_closed=True, error_names=["auditor.lock"], timeout=120))
            cases.append(Case("p20-lock", f"report-{name}", ["report", GPT2, "--lock", str(lock), "--offline", "-o",
                                                              str(base / f"report-{name}.html")],
                              fail_closed=name not in ("license-dict", "record-carddata-string", "huge-40mb"),
                              error_names=["auditor.lock"], timeout=120))
    links = {"to-passwd": "/etc/passwd", "to-zero": "/dev/zero", "to-folder": str(repo), "to-missing": "/nonexistent/p20.lock"}
    for name, target in links.items():
        folder = base / f"link-{name}"
        folder.mkdir()
        lock = folder / "auditor.lock"
        lock.symlink_to(target)
        cases.append(Case("p20-lock", f"check-link-{name}", ["check", str(repo), "--locked", "--lock-file", str(lock),
                                                               "--no-cache", "-f", "json"], fail_closed=True,
                          error_names=["auditor.lock"], timeout=60))
        cases.append(Case("p20-lock", f"notice-link-{name}", ["notice", "--lock", str(lock), "--offline", "-o",
                                                               str(base / f"nl-{name}")], fail_closed=True,
                          error_names=["auditor.lock"], timeout=60, check=_p20_no_leak(base / f"nl-{name}", "root:x:0:0")))
    loop = base / "link-loop"
    loop.mkdir()
    (loop / "auditor.lock").symlink_to("auditor.lock")
    cases.append(Case("p20-lock", "check-link-loop", ["check", str(repo), "--locked", "--lock-file", str(loop / "auditor.lock"),
                                                       "--no-cache"], fail_closed=True, error_names=["auditor.lock"]))
    fifo_dir = base / "lock-fifo"
    fifo_dir.mkdir()
    _fifo(fifo_dir / "auditor.lock")
    cases.append(Case("p20-lock", "notice-fifo", ["notice", "--lock", str(fifo_dir / "auditor.lock"), "--offline", "-o",
                                                   str(base / "nf")], fail_closed=True, error_names=["auditor.lock"],
                      timeout=60, check=_timed(30)))
    return cases


def _p20_notice_cases(base: Path) -> list[Case]:
    """p20-notice: `auditor notice` on local folders whose LICENSE/NOTICE are links out of the folder (to /etc/passwd,
    a parent file), links to /dev/zero or in a loop, FIFOs, folders, unreadable, 60 MB, binary, or named with a
    newline: nothing outside the model's folder is copied, nothing hangs, the missing file is listed (exit 3), the
    other model's files are still written."""
    cases: list[Case] = []
    secret = write(base / "outside-secret.txt", "P20-SECRET-OUTSIDE the model folder\n")
    makers: dict[str, Callable[[Path], object]] = {
        "license-to-passwd": lambda f: (f / "LICENSE").symlink_to("/etc/passwd"),
        "license-to-parent": lambda f: (f / "LICENSE").symlink_to(os.path.relpath(secret, f)),
        "notice-to-parent": lambda f: (f / "NOTICE").symlink_to(os.path.relpath(secret, f)),
        "license-to-zero": lambda f: (f / "LICENSE").symlink_to("/dev/zero"),
        "license-loop": lambda f: (f / "LICENSE").symlink_to("LICENSE"),
        "license-fifo": lambda f: _fifo(f / "LICENSE"),
        "license-folder": lambda f: (f / "LICENSE").mkdir(),
        "license-unreadable": lambda f: _unreadable(write(f / "LICENSE", "MIT License\n")),
        "license-60mb": lambda f: write(f / "LICENSE", b"MIT License\n" + b"x" * 60_000_000),
        "license-binary": lambda f: write(f / "LICENSE", bytes(range(256)) * 100),
        "notice-newline-name": lambda f: write(f / "NOTICE\nx", "n\n"),
        "folder-is-link-out": lambda f: None,
    }
    for name, make in makers.items():
        folder = model_dir(base, f"{name}-model", "---\nlicense: apache-2.0\n---\n# m\n")
        if name == "folder-is-link-out":
            target = model_dir(base, "real-elsewhere", "---\nlicense: apache-2.0\n---\n# m\n")
            write(target / "LICENSE", "Apache License\n")
            folder = base / "link-out-model"
            folder.symlink_to(target)
        else:
            make(folder)
        out = base / f"bundle-{name}"
        cases.append(Case("p20-notice", name, ["notice", str(folder), BERT, "--offline", "-o", str(out)],
                          allow2=False, timeout=90,
                          check=_timed(60, _p20_no_leak(out, "root:x:0:0") if "passwd" in name
                                       else _p20_no_leak(out, "P20-SECRET-OUTSIDE"))))
    return cases


def _p20_policy_cases(base: Path) -> list[Case]:
    """p20-policy: policies built by an attacker or a careless user: YAML anchors, merge keys (also nested and of a
    list), `!!python/object` and other tags, keys twice at every level, CEL calling unknown functions or macros,
    a 5 MB literal, nesting 2,000 deep, waivers with malformed, impossible or typed dates and expired ones, policies
    that are a list, a scalar, empty, 30 MB, NUL or UTF-16: exit 2 with one sentence naming the file (and key or
    line), or the run with a finding; an expired waiver never silences its rule."""
    fire = "custom_rules:\n  - id: ACME001\n    title: always\n    condition: \"true\"\n    severity: error\n    message: \"{model.id} fires\"\n"
    waiver = "waivers:\n  - model: \"*\"\n    rule: ACME001\n    reason: legal accepted it\n    expires: {date}\n"
    bad: dict[str, str | bytes] = {
        "tag-python-object": "name: !!python/object:os.system {}\n",
        "tag-python-apply": "name: !!python/object/apply:os.system [\"touch /tmp/p20-pwned\"]\n",
        "tag-python-name": "fail_on: !!python/name:builtins.print\n",
        "tag-custom": "name: !vault |\n  abc\n",
        "tag-binary-key": "!!binary bmFtZQ==: x\n",
        "tag-set": "licenses:\n  allow: !!set {mit: null}\n",
        "tag-omap": "licenses: !!omap [allow: [mit]]\n",
        "tag-timestamp-name": "name: !!timestamp 2020-01-01\n",
        "anchor-alias-key": "a: &k name\n*k : x\n",
        "merge-list-of-lists": "base: &b {fail_on: error}\nlicenses:\n  <<: [[*b]]\n",
        "merge-scalar": "licenses:\n  <<: 5\n",
        "merge-into-list": "x: &x [1]\nlicenses:\n  allow:\n    <<: *x\n",
        "merge-unknown-key": "d: &d {alow: [mit]}\nlicenses:\n  <<: *d\n",
        "dup-top": "name: a\nname: b\n",
        "dup-nested": "licenses:\n  allow: [mit]\n  allow: [apache-2.0]\n",
        "dup-in-rule": fire.replace("    severity: error\n", "    severity: error\n    severity: note\n"),
        "dup-via-merge-and-key": "d: &d {fail_on: note}\n<<: *d\nfail_on: error\nfail_on: warning\n",
        "cel-unknown-function": fire.replace('condition: "true"', 'condition: "frobnicate(model.id)"'),
        "cel-unknown-method": fire.replace('condition: "true"', 'condition: "model.id.frobnicate()"'),
        "cel-unknown-macro": fire.replace('condition: "true"', 'condition: "[1].flatMap(x, x) == []"'),
        "cel-wrong-arity": fire.replace('condition: "true"', 'condition: "size(model.id, 2) > 0"'),
        "cel-huge-literal": fire.replace('condition: "true"', 'condition: "model.id == \'' + "a" * 5_000_000 + '\'"'),
        "cel-deep-parens": fire.replace('condition: "true"', 'condition: "' + "(" * 2000 + "true" + ")" * 2000 + '"'),
        "cel-deep-not": fire.replace('condition: "true"', 'condition: "' + "!" * 20000 + 'true"'),
        "cel-deep-list": fire.replace('condition: "true"', 'condition: "size(' + "[" * 3000 + "]" * 3000 + ') > 0"'),
        "cel-empty": fire.replace('condition: "true"', 'condition: ""'),
        "cel-int": fire.replace('condition: "true"', "condition: 5"),
        "cel-list": fire.replace('condition: "true"', "condition: [true]"),
        "cel-non-bool": fire.replace('condition: "true"', 'condition: "size(model.id)"'),
        "cel-nul": fire.replace('condition: "true"', 'condition: "true\\0"'),
        "rules-map": "custom_rules: {id: ACME001}\n",
        "rule-id-int": fire.replace("id: ACME001", "id: 1001"),
        "rule-id-builtin": fire.replace("id: ACME001", "id: LIC001"),
        "rule-id-bidi": fire.replace("id: ACME001", 'id: "ACME\\u202e001"'),
        "rules-10k": "custom_rules:\n" + "".join(f"  - {{id: ACME{i:05d}, title: t, condition: 'false', message: m}}\n"
                                                 for i in range(10_000)),
        "waiver-date-month13": fire + waiver.format(date="2030-13-01"),
        "waiver-date-feb30": fire + waiver.format(date="2030-02-30"),
        "waiver-date-words": fire + waiver.format(date="next tuesday"),
        "waiver-date-int": fire + waiver.format(date="20300101"),
        "waiver-date-float": fire + waiver.format(date="2030.5"),
        "waiver-date-list": fire + waiver.format(date="[2030-01-01]"),
        "waiver-date-dict": fire + waiver.format(date="{y: 2030}"),
        "waiver-date-null": fire + waiver.format(date="null"),
        "waiver-date-empty": fire + waiver.format(date='""'),
        "waiver-date-slashes": fire + waiver.format(date="01/02/2030"),
        "waiver-date-year-0": fire + waiver.format(date="0000-01-01"),
        "waiver-date-year-99999": fire + waiver.format(date="99999-01-01"),
        "waiver-date-timestamp": fire + waiver.format(date="2030-01-01T00:00:00Z"),
        "waiver-date-bool": fire + waiver.format(date="yes"),
        "waiver-no-reason": fire + waiver.format(date="2030-01-01").replace("    reason: legal accepted it\n", ""),
        "waiver-rule-int": fire + waiver.format(date="2030-01-01").replace("rule: ACME001", "rule: 1"),
        "waiver-model-list": fire + waiver.format(date="2030-01-01").replace('model: "*"', "model: [a]"),
        "waivers-string": fire + "waivers: all\n",
        "top-list": "- name: x\n",
        "top-scalar": "just words\n",
        "top-int": "5\n",
        "nul": "name: a\x00b\n",
        "utf16": "name: x\nfail_on: error\n".encode("utf-16"),
        "utf32": "name: x\n".encode("utf-32"),
        "invalid-utf8": b"name: caf\xe9\n",
        "bomb": BOMB + "name: x\n",
        "tabs-indent": "licenses:\n\tallow: [mit]\n",
        "unclosed-flow": "licenses: {allow: [mit\n",
        "huge-30mb": "name: x\ndescription: '" + "y" * 30_000_000 + "'\n",
        "keys-100k": "".join(f"k{i}: {i}\n" for i in range(100_000)),
        "deep-yaml": "name: x\nuse: " + "[" * 5000 + "]" * 5000 + "\n",
        "extends-url": "extends: https://evil.example/p.yaml\n",
        "extends-passwd": "extends: /etc/passwd\n",
        "extends-dev-zero": "extends: /dev/zero\n",
        "extends-list-of-ints": "extends: [1, 2]\n",
        # refused by design with file, line and key: a waiver of a rule no one has, a top-level key holding anchors
        "waiver-other-rule": fire + waiver.format(date="2030-01-01").replace("rule: ACME001", "rule: ACME999"),
        "anchor-reused-rules": "r: &r {id: ACME001, title: t, condition: 'true', severity: error, message: m}\n"
                               "custom_rules:\n  - *r\n",
        "merge-rule": "r: &r {title: t, condition: 'true', severity: error, message: m}\n"
                      "custom_rules:\n  - <<: *r\n    id: ACME001\n",
    }
    lawful = {"tag-timestamp-name"}  # `name` is shown only; a date there is read as its text (as `name: 2020-01-01`)
    ok_fail_closed: dict[str, str] = {
        "waiver-expired": fire + waiver.format(date="2020-01-01"),
        "waiver-expired-quoted": fire + waiver.format(date="'2001-09-09'"),
        "waiver-other-model": fire + waiver.format(date="2030-01-01").replace('model: "*"', "model: nobody/*"),
        "anchor-in-rules": "custom_rules:\n  - &r {id: ACME001, title: t, condition: 'true', severity: error, message: m}\n",
        "merge-in-rule": "custom_rules:\n  - <<: {title: t, condition: 'true', severity: error, message: m}\n"
                         "    id: ACME001\n",
    }
    cases: list[Case] = []
    for name, content in bad.items():
        pol = write(base / f"{name}.yaml", content)
        cases.append(Case("p20-policy", f"audit-{name}", ["audit", BERT, GPT2, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT, GPT2], error_names=[pol.name], fail_closed=name not in lawful, timeout=90,
                          check=_timed(60, no_class_names)))
        if name in ("tag-python-apply", "dup-nested", "cel-unknown-function", "waiver-date-feb30", "utf16", "bomb",
                    "huge-30mb", "merge-unknown-key", "cel-deep-parens", "top-list", "extends-dev-zero"):
            cases.append(Case("p20-policy", f"validate-{name}", ["policy", "validate", str(pol)], want2=True,
                              error_names=[pol.name], timeout=90, check=_timed(60)))
    for name, content in ok_fail_closed.items():
        pol = write(base / f"{name}.yaml", content)
        cases.append(Case("p20-policy", f"audit-{name}", ["audit", BERT, GPT2, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT, GPT2], affected=BERT, fail_closed=True, allow2=False, check=_timed(60)))
    cases.append(Case("p20-policy", "pwned-marker", ["policy", "validate", str(base / "tag-python-apply.yaml")],
                      want2=True, check=_p18_no_escape("p20-pwned") if "_p18_no_escape" in globals() else None))
    return cases


def _p20_catalog_cases(base: Path) -> list[Case]:
    """p20-catalog: --catalog files mixing kinds (datasets, spaces, unknown kinds, a model id under a dataset line),
    a 50 MB line, ids with bidi controls, confusables, `..`, absolute paths, URLs or nothing, the same catalog twice,
    a folder, /dev/zero, a FIFO: the healthy model is audited, a model whose line cannot be trusted has a finding,
    an unreadable catalog is one sentence naming it."""
    good = catalog_line("acme/good")
    sha = "b" * 40
    shapes: dict[str, tuple[list[str] | bytes, str, bool]] = {
        # name: (catalog, the id audited beside acme/good, fail closed on it)
        "kind-dataset-line": ([good, json.dumps({"id": "acme/x", "sha": sha, "kind": "dataset", "cardData": {"license": "mit"}})],
                              "acme/x", False),
        "kind-space-line": ([good, json.dumps({"id": "acme/x", "sha": sha, "kind": "space", "cardData": {"license": "mit"}})],
                            "acme/x", False),
        "kind-unknown": ([good, json.dumps({"id": "acme/x", "sha": sha, "kind": "banana", "cardData": {"license": "mit"}})],
                         "acme/x", False),
        "kind-int": ([good, json.dumps({"id": "acme/x", "sha": sha, "kind": 5, "cardData": {"license": "mit"}})], "acme/x",
                     False),
        "kind-mixed-same-id": ([good, json.dumps({"id": "acme/x", "sha": sha, "kind": "dataset",
                                                  "cardData": {"license": "cc-by-nc-4.0"}}), catalog_line("acme/x")],
                               "acme/x", False),
        "datasets-prefix-id": ([good, catalog_line("datasets/acme/x")], "datasets/acme/x", True),
        "line-50mb": ([good, catalog_line("acme/x", cardData={"license": "mit", "pad": "p" * 50_000_000})], "acme/x", False),
        "id-bidi-rlo": ([good, catalog_line("acme/\u202ex")], "acme/\u202ex", True),
        "id-bidi-isolate": ([good, catalog_line("acme/x\u2066")], "acme/x\u2066", True),
        "id-confusable-owner": ([good, catalog_line("\u0430cme/x")], "\u0430cme/x", True),
        "id-dotdot": ([good, catalog_line("../../etc/passwd")], "../../etc/passwd", True),
        "id-owner-dotdot": ([good, catalog_line("acme/../x")], "acme/../x", True),
        "id-absolute": ([good, catalog_line("/etc/passwd")], "/etc/passwd", True),
        "id-dot-name": ([good, catalog_line("acme/.")], "acme/.", True),
        "id-empty": ([good, catalog_line(""), catalog_line("acme/x")], "acme/x", False),
        "id-space": ([good, catalog_line("acme/x y")], "acme/x y", True),
        "id-url": ([good, catalog_line("https://huggingface.co/acme/x"), catalog_line("acme/x")], "acme/x", False),
        "id-backslash": ([good, catalog_line("acme\\x")], "acme\\x", True),
        "base-dotdot": ([good, catalog_line("acme/x", cardData={"license": "mit", "base_model": "../../etc/passwd"})],
                        "acme/x", True),
        "base-bidi": ([good, catalog_line("acme/x", cardData={"license": "mit", "base_model": "acme/\u202egood"})],
                      "acme/x", True),
        "base-confusable": ([good, catalog_line("acme/x", cardData={"license": "mit", "base_model": "\u0430cme/good"})],
                            "acme/x", True),
        "license-bidi": ([good, catalog_line("acme/x", cardData={"license": "mit\u202e"})], "acme/x", True),
        "license-confusable": ([good, catalog_line("acme/x", cardData={"license": "m\u0456t"})], "acme/x", True),
    }
    cases: list[Case] = []
    for name, (lines, rid, closed) in shapes.items():
        path = write(base / name / "catalog.jsonl", "\n".join(lines) + "\n")
        cases.append(Case("p20-catalog", name, ["audit", "acme/good", "--offline", "--catalog", str(path), "-f", "jsonl",
                                                "--", rid],
                          models=["acme/good"], affected=rid if closed else None, fail_closed=closed, allow2=False,
                          error_names=["catalog.jsonl"], timeout=120, check=_timed(90)))
    twice = write(base / "twice" / "catalog.jsonl", good + "\n" + catalog_line("acme/x") + "\n")
    cases.append(Case("p20-catalog", "same-file-twice", ["audit", "acme/good", "acme/x", "--offline", "--catalog", str(twice),
                                                          "--catalog", str(twice), "-f", "jsonl"],
                      models=["acme/good", "acme/x"], allow2=False))
    folder = base / "catalog-folder"
    folder.mkdir()
    zero = base / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    fifo = _fifo(base / "fifo.jsonl")
    for name, path in (("folder", folder), ("dev-zero", zero), ("fifo", fifo)):
        cases.append(Case("p20-catalog", f"catalog-{name}", ["audit", "acme/good", "--offline", "--catalog", str(path)],
                          want2=True, error_names=[path.name], timeout=60, check=_timed(30)))
    cases.append(Case("p20-catalog", "all-mixed-kinds", ["audit", "--all", "--offline", "--catalog",
                                                         str(base / "kind-mixed-same-id" / "catalog.jsonl"), "-f", "jsonl"],
                      models=["acme/good"], allow2=False))
    cases.append(Case("p20-catalog", "list-bidi", ["catalog", "list", "--catalog", str(base / "id-bidi-rlo" / "catalog.jsonl")],
                      check=_text_clean if "_text_clean" in globals() else None))
    return cases


def _p20_card_cases(base: Path) -> list[Case]:
    """p20-card: model-card front matter a careless or hostile publisher writes: a license list of 10,000 entries,
    base_model as a mapping, number, bool, date, nested lists or 5,000 ids, tags of every YAML type, a YAML bomb,
    front matter never closed, `...` as its end, UTF-16/UTF-32 cards, a card of 101 MB, tags and keys twice: the
    folder is audited with a finding when its license or base cannot be read (never a silent pass), the other
    models go on, time and memory bounded."""
    def fm(body: str) -> str:
        return "---\n" + body + "\n---\n# A model\n"
    # name: (README, fail closed; None: a warning is owed but exit 0 is right). A card's `license:` tag is read only
    # where the card declares no license (licenses/resolve.py _read_tags), and CC-BY-NC passes builtin:default
    cards: dict[str, tuple[str | bytes, bool | None]] = {
        "license-list-10k": (fm("license:\n" + "".join(f"- lic-{i}\n" for i in range(10_000))), True),
        "license-list-10k-mit": (fm("license: [" + ", ".join(["mit"] * 10_000) + "]"), False),
        "license-list-mixed-types": (fm("license: [mit, 5, null, {a: 1}, [apache-2.0], true]"), True),
        "license-null": (fm("license: null"), True),
        "license-empty": (fm("license: ''"), True),
        "license-empty-list": (fm("license: []"), True),
        "license-date": (fm("license: 2020-01-01"), True),
        "license-bool": (fm("license: yes"), True),
        "license-float": (fm("license: 2.0"), True),
        "license-binary-tag": (fm("license: !!binary bWl0"), True),
        "license-python-tag": (fm("license: !!python/object/apply:os.system ['true']"), True),
        "license-twice": (fm("license: mit\nlicense: cc-by-nc-4.0"), None),
        "license-anchor": (fm("x: &l cc-by-nc-4.0\nlicense: *l"), False),
        "license-merge": (fm("d: &d {license: mit}\n<<: *d\nlicense: cc-by-nc-4.0"), False),
        "license-name-only": (fm("license: other\nlicense_name: " + "n" * 200_000), None),  # custom: warn
        "base-dict": (fm("license: mit\nbase_model: {id: acme/base}"), True),
        "base-int": (fm("license: mit\nbase_model: 42"), True),
        "base-bool": (fm("license: mit\nbase_model: true"), True),
        "base-date": (fm("license: mit\nbase_model: 2020-01-01"), True),
        "base-nested": (fm("license: mit\nbase_model: [[acme/a, [acme/b]], [[[acme/c]]]]"), True),
        "base-deep": (fm("license: mit\nbase_model: " + "[" * 500 + "acme/a" + "]" * 500), True),
        "base-5000": (fm("license: mit\nbase_model:\n" + "".join(f"- acme/b{i}\n" for i in range(5000))), True),
        "base-null-list": (fm("license: mit\nbase_model: [null, null]"), True),
        "base-url": (fm("license: mit\nbase_model: https://evil.example/acme/x"), True),
        "base-path": (fm("license: mit\nbase_model: /etc/passwd"), True),
        "tags-int": (fm("license: mit\ntags: 5"), False),
        "tags-dict": (fm("license: mit\ntags: {a: b}"), False),
        "tags-nested": (fm("license: mit\ntags: [[a, [b]], {c: d}, 1, null, 2020-01-01, true]"), False),
        "tags-100k": (fm("license: mit\ntags: [" + ", ".join(f"t{i}" for i in range(100_000)) + "]"), False),
        "tags-license-conflict": (fm("license: mit\ntags: [license:cc-by-nc-4.0]"), False),
        "bomb": (fm(BOMB + "license: mit"), True),
        "bomb-in-license": (fm(BOMB + "license: *i"), True),
        "not-closed": ("---\nlicense: mit\n# A model\n\nbody text\n", True),
        "not-closed-1mb": ("---\nlicense: mit\n" + "key: value\n" * 100_000, True),
        "dots-end": ("---\nlicense: mit\n...\n# m\n", False),
        "no-newline-after-open": ("---license: mit\n---\n# m\n", True),
        "only-dashes": ("---\n---\n", True),
        "fm-tab-indent": ("---\nlicense:\n\t- mit\n---\n# m\n", True),
        "fm-json": ('---\n{"license": "mit", "base_model": {"a": 1}}\n---\n# m\n', True),
        "fm-list": ("---\n- license: mit\n---\n# m\n", True),
        "fm-scalar": ("---\nmit\n---\n# m\n", True),
        "utf16-le": (fm("license: mit").encode("utf-16"), False),
        "utf16-be-nobom": (fm("license: mit").encode("utf-16-be"), True),
        "utf32": (fm("license: mit").encode("utf-32"), False),
        "card-101mb": (fm("license: mit").encode() + b"x" * 101_000_000, False),
        "fm-101mb": (b"---\nlicense: mit\npad: '" + b"p" * 101_000_000 + b"'\n---\n# m\n", True),
        "nul-in-fm": (fm("license: m\x00it"), True),
        "bidi-license": (fm("license: \"mit\\u202e\""), True),
    }
    cases: list[Case] = []
    for name, (readme, closed) in cards.items():
        folder = model_dir(base / name, "hostile-model", readme)
        case = audit_local(base / name, name, folder, fail_closed=bool(closed), finding=closed is not False)
        case.entry = "p20-card"
        case.timeout = 120
        case.check = _timed(90, _p20_healthy("good-model", BERT))
        cases.append(case)
    return cases


def _p20_folder_cases(base: Path) -> list[Case]:
    """p20-folder: local model folders whose README is a folder, a FIFO, unreadable, a link loop, a link to /dev/zero,
    /etc/passwd or a file outside; a folder that is a link loop, unreadable, empty, holds 20,000 files or a config
    that is a FIFO: the folder is reported with a finding (fail closed), the others audited, nothing hangs."""
    makers: dict[str, tuple[Callable[[Path], object], bool]] = {
        "readme-folder": (lambda f: (f / "README.md").mkdir(), True),
        "readme-fifo": (lambda f: _fifo(f / "README.md"), True),
        "readme-unreadable": (lambda f: _unreadable(write(f / "README.md", GOOD_CARD)), True),
        "readme-loop": (lambda f: (f / "README.md").symlink_to("README.md"), True),
        "readme-zero": (lambda f: (f / "README.md").symlink_to("/dev/zero"), True),
        "readme-urandom": (lambda f: (f / "README.md").symlink_to("/dev/urandom"), True),
        "readme-passwd": (lambda f: (f / "README.md").symlink_to("/etc/passwd"), True),
        "readme-dangling": (lambda f: (f / "README.md").symlink_to("/nonexistent/p20"), True),
        "readme-lowercase-fifo": (lambda f: _fifo(f / "readme.md"), True),
        "config-fifo": (lambda f: (write(f / "README.md", GOOD_CARD), _fifo(f / "config.json")), False),
        "adapter-fifo": (lambda f: (write(f / "README.md", GOOD_CARD), _fifo(f / "adapter_config.json")), False),
        "files-20k": (lambda f: [write(f / f"shard-{i:05d}.bin", b"") for i in range(20_000)], True),
        "empty": (lambda f: None, True),
    }
    cases: list[Case] = []
    for name, (make, closed) in makers.items():
        folder = base / name / "hostile-model"
        folder.mkdir(parents=True)
        make(folder)
        case = audit_local(base / name, name, folder, fail_closed=closed)
        case.entry, case.timeout, case.check = "p20-folder", 90, _timed(60, _p20_healthy("good-model", BERT))
        cases.append(case)
    loop_parent = base / "folder-loop"
    loop_parent.mkdir()
    (loop_parent / "hostile-model").symlink_to("hostile-model")
    case = audit_local(loop_parent, "folder-loop", loop_parent / "hostile-model", fail_closed=True)
    case.entry = "p20-folder"
    cases.append(case)
    locked = base / "folder-unreadable" / "hostile-model"
    write(locked / "README.md", GOOD_CARD)
    locked.chmod(0)
    case = audit_local(base / "folder-unreadable", "folder-unreadable", locked, fail_closed=True)
    case.entry = "p20-folder"
    cases.append(case)
    return cases


def _p20_output_cases(base: Path) -> list[Case]:
    """p20-out: every writing command's output at an unwritable folder, at an existing folder named like the file,
    at /dev/full, under a regular file, at a FIFO: one sentence naming the path (exit 2), never a traceback, never
    a half-written file reported as written."""
    ro = base / "read-only"
    ro.mkdir()
    ro.chmod(0o555)
    as_dir = base / "as-dir"
    for n in ("out.json", "r.html", "s.json", "snap.jsonl", "auditor.lock", "n", "out.sarif"):
        (as_dir / n).mkdir(parents=True)
    write(as_dir / "n" / "NOTICE.md", "")  # a notice folder that already holds something is fine: not a target here
    a_file = write(base / "a-file", "x")
    fifo = _fifo(base / "out.fifo")
    repo = _check_repo(base / "repo", {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'})
    targets = {"read-only": ro / "{n}", "dir-named-like-file": as_dir / "{n}", "dev-full": Path("/dev/full"),
               "under-file": a_file / "{n}", "fifo": fifo}
    cases: list[Case] = []
    for where, target in targets.items():
        for cmd, fname, argv in (("audit", "out.json", ["audit", BERT, "--offline", "-f", "json"]),
                                 ("audit-multi", "out.sarif", ["audit", BERT, "--offline", "-f", "sarif,junit"]),
                                 ("report", "r.html", ["report", BERT, "--offline"]),
                                 ("sbom", "s.json", ["sbom", BERT, "--offline", "-f", "spdx-json"]),
                                 ("snapshot", "snap.jsonl", ["snapshot", BERT, "--offline"]),
                                 ("lock", "auditor.lock", ["lock", str(repo), "--offline", "--no-cache"]),
                                 ("notice", "n", ["notice", BERT, "--offline"])):
            if where == "dir-named-like-file" and cmd in ("notice", "audit-multi"):
                continue  # a folder is what these take
            if where == "fifo" and cmd in ("audit-multi", "notice"):
                continue
            path = str(target).replace("{n}", fname)
            opt = "--lock-file" if cmd == "lock" else "-o"
            shown = Path(path).name if where not in ("dev-full",) else "/dev/full"
            cases.append(Case("p20-out", f"{cmd}-{where}", [*argv, opt, path], want2=True, error_names=[shown],
                              timeout=60, check=_timed(40)))
    return cases


def _p20_env_cases(base: Path) -> list[Case]:
    """p20-env: HF_HOME and the cache unwritable, files, links to /dev/full or corrupted (junk in every file the
    cache keeps), AUDITOR_* and HF_* variables holding junk: the audit goes on (a cache is a convenience) or exit 2
    naming the variable; never a traceback or a pass built on a corrupted cache entry."""
    ro = base / "ro-home"
    ro.mkdir()
    ro.chmod(0o555)
    a_file = write(base / "a-file", "x")
    corrupt = base / "corrupt-cache"
    for rel in ("scan/ab/abcdef.json", "hub/models/x.json", "index.sqlite", "scan/index.json", "catalog/x.jsonl",
                "version", "meta.json"):
        write(corrupt / rel, b"\x00\xff junk {[" * 10)
    envs: dict[str, dict[str, str]] = {
        "hf-home-ro": {"HF_HOME": str(ro / "hf")},
        "hf-home-file": {"HF_HOME": str(a_file)},
        "hf-home-dev-full": {"HF_HOME": "/dev/full"},
        "hf-home-proc": {"HF_HOME": "/proc/self/hf"},
        "hf-home-empty": {"HF_HOME": ""},
        "hf-home-newline": {"HF_HOME": str(base / "a\nb")},
        "cache-ro": {"AUDITOR_CACHE_DIR": str(ro / "cache")},
        "cache-file": {"AUDITOR_CACHE_DIR": str(a_file)},
        "cache-corrupt": {"AUDITOR_CACHE_DIR": str(corrupt)},
        "cache-relative": {"AUDITOR_CACHE_DIR": "relative/cache"},
        "cache-dev-null": {"AUDITOR_CACHE_DIR": "/dev/null"},
        "max-models-junk": {"AUDITOR_MAX_MODELS": "lots"},
        "max-models-negative": {"AUDITOR_MAX_MODELS": "-5"},
        "max-models-float": {"AUDITOR_MAX_MODELS": "1.5"},
        "max-models-huge": {"AUDITOR_MAX_MODELS": "9" * 40},
        "no-cache-junk": {"AUDITOR_NO_CACHE": "perhaps"},
        "no-cache-empty": {"AUDITOR_NO_CACHE": ""},
        "offline-junk": {"AUDITOR_OFFLINE": "sometimes"},
        "debug-junk": {"AUDITOR_DEBUG": "\x1b[31m"},
        "key-junk": {"AUDITOR_KEY": "\udcff" if False else "k" * 100_000},
        "special-output-junk": {"AUDITOR_ALLOW_SPECIAL_OUTPUT": "maybe"},
        "github-api-junk": {"AUDITOR_GITHUB_API": "not a url"},
        "hf-offline-junk": {"HF_HUB_OFFLINE": "perhaps"},
        "hf-endpoint-junk": {"HF_ENDPOINT": "::::"},
        "xdg-cache-file": {"XDG_CACHE_HOME": str(a_file), "AUDITOR_CACHE_DIR": ""},
        "home-missing": {"HOME": "/nonexistent/p20", "AUDITOR_CACHE_DIR": "", "HF_HOME": ""},
    }
    repo = _check_repo(base / "repo", {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'})
    cases: list[Case] = []
    for name, env in envs.items():
        names = [k for k in env]
        cases.append(Case("p20-env", f"audit-{name}", ["audit", BERT, GPT2, "--offline", "-f", "jsonl"], env=env,
                          models=[BERT, GPT2], error_names=names[:1], timeout=60, check=_timed(40), cwd=str(base)))
        if name in ("cache-ro", "cache-file", "cache-corrupt", "no-cache-junk", "max-models-junk", "cache-dev-null"):
            cases.append(Case("p20-env", f"check-{name}", ["check", str(repo), "--offline", "-f", "json"], env=env,
                              error_names=names[:1], timeout=60, check=_timed(40), cwd=str(base)))
    # a cache made by a healthy run, then every file in it cut short, emptied or overwritten with junk, read again
    for how in ("truncate", "junk", "empty", "nul"):
        cache = base / f"seeded-{how}"
        cache.mkdir()
        for cmd, argv in (("check", ["check", str(repo), "--offline", "-f", "json"]),
                          ("audit", ["audit", BERT, GPT2, "--offline", "-f", "jsonl"])):
            cases.append(Case("p20-env", f"cache-{how}-{cmd}", argv, env={"AUDITOR_CACHE_DIR": str(cache / cmd)},
                              runner=["-c", _P20_CORRUPT, how, str(cache / cmd)], timeout=90,
                              models=[BERT, GPT2] if cmd == "audit" else [], check=_timed(60)))
    return cases


# Run auditor once to fill the cache, spoil every file in it (`how`), then run the same command again in this process.
# Forked, not exec'd: as nobody the interpreter's path may not be reachable again (see _P19_CHURN).
_P20_CORRUPT = ("import os, runpy, sys\n"
                "how, cache, args = sys.argv[1], sys.argv[2], sys.argv[3:]\n"
                "pid = os.fork()\n"
                "if pid == 0:\n"
                "    fd = os.open(os.devnull, os.O_WRONLY)\n"
                "    os.dup2(fd, 1); os.dup2(fd, 2)\n"
                "    sys.argv = ['auditor', *args]\n"
                "    try:\n"
                "        runpy.run_module('auditor', run_name='__main__')\n"
                "    finally:\n"
                "        os._exit(0)\n"
                "os.waitpid(pid, 0)\n"
                "for top, _dirs, files in os.walk(cache):\n"
                "    for name in files:\n"
                "        path = os.path.join(top, name)\n"
                "        try:\n"
                "            data = open(path, 'rb').read()\n"
                "            spoilt = {'truncate': data[: len(data) // 2], 'junk': b'\\xff\\x00{[junk' * 50, 'empty': b'',\n"
                "                      'nul': b'\\x00' * max(len(data), 1)}[how]\n"
                "            open(path, 'wb').write(spoilt)\n"
                "        except OSError:\n"
                "            pass\n"
                "sys.argv = ['auditor', *args]\n"
                "runpy.run_module('auditor', run_name='__main__')\n")


def _p20_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p20-hub: a loopback fake Hub answering 429 with Retry-After values no server should send (words, negative,
    a year away, a date in 2099, fractions, NaN, empty), 5xx storms under --jobs, JSON cut short or of the wrong
    shape, text/html and text/plain where JSON belongs, redirects in a loop, a stall and a slow drip: the affected
    model is incomplete with a finding naming what failed, the healthy one complete, time bounded (a Retry-After is
    never slept past a short cap)."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/p20-good", good, {"README.md": card})
    cases: list[Case] = []

    def run(name: str, argv: list[str], rid: str | None, closed: bool = True, timeout: float = 150,
            others: list[str] | None = None, finding: bool | None = None) -> None:
        home = base / name
        home.mkdir(parents=True, exist_ok=True)
        models = ["acme/p20-good", *(others or []), *([rid] if rid else [])] if argv[0] == "audit" else []
        cases.append(Case("p20-hub", name, [*argv, "--endpoint", hub.url], models=models,
                          affected=rid if models and (closed if finding is None else finding) else None, fail_closed=closed, allow2=False, timeout=timeout,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"),
                               "HF_ENDPOINT": hub.url},
                          check=_timed(timeout - 30, _p20_healthy("acme/p20-good") if models else None)))

    def child_of(base_id: str, rid: str) -> None:
        hub.add_repo(rid, {**good, "cardData": {"license": "mit", "base_model": base_id}},
                     {"README.md": f"---\nlicense: mit\nbase_model: {base_id}\n---\n# m\n"})

    retry_after = {"words": "soon", "negative": "-5", "year": "31536000", "huge": "9" * 30, "date-2099":
                   "Thu, 01 Jan 2099 00:00:00 GMT", "date-bad": "Wed, 99 Foo 2026 99:99:99 GMT", "float": "0.5",
                   "exp": "1e9", "nan": "NaN", "empty": "", "spaces": "   ", "two-values": "1, 2"}
    for name, value in retry_after.items():
        rid = f"acme/p20-429-{name}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", status=429, retry_after=value)
        run(f"429-api-{name}", ["audit", rid, "acme/p20-good", "-f", "jsonl"], rid, timeout=120)
        if name in ("year", "date-2099", "words"):
            readme = f"acme/p20-429-readme-{name}"
            hub.add_repo(readme, good, {"README.md": card})
            hub.fault(f"/{readme}/resolve/*/README.md", status=429, retry_after=value)
            run(f"429-readme-{name}", ["audit", readme, "acme/p20-good", "-f", "jsonl"], readme, timeout=120)
            base_id, child = f"acme/p20-429-base-{name}", f"acme/p20-429-child-{name}"
            hub.add_repo(base_id, good, {"README.md": card})
            hub.fault(f"/api/models/{base_id}*", status=429, retry_after=value)
            child_of(base_id, child)
            run(f"429-base-{name}", ["audit", child, "acme/p20-good", "-f", "jsonl"], child, timeout=120)
    flaky = "acme/p20-429-once"
    hub.add_repo(flaky, good, {"README.md": card})
    hub.fault(f"/api/models/{flaky}*", status=429, retry_after="1", times=1)
    run("429-once-recovers", ["audit", flaky, "acme/p20-good", "-f", "jsonl"], None, closed=False, others=[flaky])
    storm = [f"acme/p20-storm-{i}" for i in range(6)]
    for i, rid in enumerate(storm):
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", status=(500, 502, 503, 504, 429, 500)[i], retry_after="0")
    run("storm-jobs-4", ["audit", *storm, "acme/p20-good", "--jobs", "4", "-f", "jsonl"], storm[0], others=storm[1:])
    bodies = {"cut-in-string": b'{"id": "acme/x", "sha": "aaa', "open-brace": b"{", "cut-after-key": b'{"id":',
              "empty-list": b"[]", "string": b'"hello"', "true": b"true", "carddata-null": b'{"cardData": null}',
              "sha-only": b'{"sha": "' + b"c" * 40 + b'"}', "nul": b'{"id": "a\x00b"}', "utf16": '{"id": "x"}'.encode("utf-16"),
              "latin1": b'{"id": "acme/caf\xe9"}', "huge-number": b'{"id": "acme/x", "downloads": ' + b"9" * 10_000 + b"}"}
    for name, body in bodies.items():
        rid = f"acme/p20-body-{name}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", "body", body=body)
        run(f"body-api-{name}", ["audit", rid, "acme/p20-good", "-f", "jsonl"], rid)
        if name in ("cut-in-string", "empty-list", "carddata-null"):
            base_id, child = f"acme/p20-bodybase-{name}", f"acme/p20-bodychild-{name}"
            hub.add_repo(base_id, good, {"README.md": card})
            hub.fault(f"/api/models/{base_id}*", "body", body=body)
            child_of(base_id, child)
            run(f"body-base-{name}", ["audit", child, "acme/p20-good", "-f", "jsonl"], child)
    for kind in ("truncate", "nulls"):
        rid = f"acme/p20-{kind}"
        hub.add_repo(rid, good, {"README.md": card})
        hub.fault(f"/api/models/{rid}*", kind)
        run(f"{kind}-api", ["audit", rid, "acme/p20-good", "-f", "jsonl"], rid, closed=kind == "truncate")
    for kind in ("html", "text-plain-json", "redirect-301-loop", "redirect-ab-loop", "json-list"):
        short = kind.replace("-", "")
        for where, pattern in (("readme", "/{r}/resolve/*/README.md"), ("base", "/api/models/{r}*")):
            rid = f"acme/p20-{where}-{short}"
            hub.add_repo(rid, good, {"README.md": card})
            if where == "base":
                child = f"acme/p20-child-{short}"
                hub.fault(pattern.replace("{r}", rid), kind)
                child_of(rid, child)
                run(f"{kind}-{where}", ["audit", child, "acme/p20-good", "-f", "jsonl"], child)
            else:
                hub.fault(pattern.replace("{r}", rid), kind)
                # a README answered with junk beside the API's cardData: a warning naming it (p19-hub's contract)
                run(f"{kind}-{where}", ["audit", rid, "acme/p20-good", "-f", "jsonl"], rid, closed=False, finding=True)
    drip = "acme/p20-drip-base"
    hub.add_repo(drip, good, {"README.md": card})
    hub.fault(f"/api/models/{drip}*", "drip")
    child_of(drip, "acme/p20-drip-child")
    run("drip-base", ["audit", "acme/p20-drip-child", "acme/p20-good", "-f", "jsonl"], "acme/p20-drip-child", timeout=180)
    stall = "acme/p20-stall"
    hub.add_repo(stall, good, {"README.md": card})
    hub.fault(f"/{stall}/resolve/*/README.md", "stall")
    run("stall-readme", ["audit", stall, "acme/p20-good", "-f", "jsonl"], stall, timeout=180)
    # through the other commands
    bad = "acme/p20-429-words"
    out = base / "cmd-out"
    out.mkdir()
    run("cmd-lineage", ["lineage", "acme/p20-429-child-words", "-f", "json"], None)
    run("cmd-report", ["report", bad, "-o", str(out / "r.html")], None, closed=False)
    run("cmd-sbom", ["sbom", "acme/p20-bodychild-cut-in-string", "-f", "cyclonedx", "-o", str(out / "s.json")], None,
        closed=False)
    run("cmd-notice", ["notice", "acme/p20-body-cut-in-string", "-o", str(out / "n")], None)
    run("cmd-openness", ["openness", "acme/p20-body-empty-list", "-f", "json"], None)
    repo = _check_repo(base / "repo", {"app.py": f'AutoModel.from_pretrained("{bad}")\n'
                                                'AutoModel.from_pretrained("acme/p20-good")\n'})
    run("cmd-check", ["check", str(repo), "--no-cache", "-f", "json"], None)
    run("cmd-lock", ["lock", str(repo), "--no-cache", "--lock-file", str(out / "auditor.lock")], None)
    return cases


def pass20_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("refs", _p20_refs_cases), ("lock", _p20_lock_cases), ("notice", _p20_notice_cases),
                        ("policy", _p20_policy_cases), ("catalog", _p20_catalog_cases), ("card", _p20_card_cases),
                        ("folder", _p20_folder_cases), ("out", _p20_output_cases), ("env", _p20_env_cases),
                        ("hub", lambda b: _p20_hub_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases



# ------------------------------------------------------------------ p21: the least-probed corners


def _p21_md_clean(path: Path) -> Callable[[Result], str | None]:
    """A Markdown output (NOTICE.md, a review) that exists is inert: no raw control, bidi or line-break character,
    no live link from the input, tables whole; one that does not exist is fine when the run said why (exit 2)."""
    safe = _md_safe(path)

    def check(result: Result) -> str | None:
        if result.code == 2 and not path.exists():
            return None
        return safe(result)
    return check


def _p21_json_stdout(result: Result) -> str | None:
    """`-f json` on stdout parses as one JSON document (exit 2's sentence goes to stderr)."""
    if result.code == 2:
        return None
    try:
        json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        return f"stdout is not JSON: {exc.msg} at {exc.pos}"
    return None


def _p21_all(*checks: Callable[[Result], str | None] | None) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        for one in checks:
            msg = one(result) if one is not None else None
            if msg:
                return msg
        return None
    return check


def _p21_inside(out: Path) -> Callable[[Result], str | None]:
    """Nothing was written beside the output folder: a file name from the repository never leads out of it."""
    before = {p.name for p in out.parent.iterdir()} if out.parent.exists() else set()

    def check(result: Result) -> str | None:
        after = {p.name for p in out.parent.iterdir()} if out.parent.exists() else set()
        extra = sorted(after - before - {out.name})
        return f"wrote outside the output folder: {extra[:3]}" if extra else None
    return check


_P21_SECRET = "P21-SECRET-OUTSIDE-THE-FOLDER"


def _p21_notice_makers(secret: Path, outside_dir: Path) -> dict[str, Callable[[Path], object]]:
    big_line = b"Apache License " + b"x" * 900_000 + b"\n"

    def name(raw: bytes, data: bytes = b"notice\n") -> Callable[[Path], object]:
        def make(f: Path) -> None:
            with open(os.fsencode(str(f)) + b"/" + raw, "wb") as fh:
                fh.write(data)
        return make

    def link(target: str) -> Callable[[Path], object]:
        return lambda f: (f / "LICENSE").symlink_to(target)

    def chain(f: Path) -> None:  # inside at first, then out
        (f / "sub").mkdir()
        (f / "sub" / "x").symlink_to(os.path.relpath(secret, f / "sub"))
        (f / "LICENSE").symlink_to("sub/x")

    def socket_file(f: Path) -> None:
        import socket
        s = socket.socket(socket.AF_UNIX)
        with contextlib.suppress(OSError):
            s.bind(str(f / "LICENSE"))
        s.close()

    return {
        "link-abs-outside": link(str(secret)),
        "link-rel-outside": lambda f: (f / "LICENSE").symlink_to(os.path.relpath(secret, f)),
        "link-dir-outside": link(str(outside_dir)),
        "link-chain-out": chain,
        "link-proc-environ": link("/proc/self/environ"),
        "link-dev-urandom": link("/dev/urandom"),
        "link-dev-null": link("/dev/null"),
        "link-dangling": link("nowhere/LICENSE"),
        "link-self-loop": link("LICENSE"),
        "link-to-readme": link("README.md"),
        "notice-link-outside": lambda f: (f / "NOTICE").symlink_to(str(secret)),
        "use-policy-link-outside": lambda f: (f / "USE_POLICY.md").symlink_to(str(secret)),
        "fifo-license": lambda f: _fifo(f / "LICENSE"),
        "fifo-notice": lambda f: _fifo(f / "NOTICE"),
        "fifo-use-policy": lambda f: _fifo(f / "USE_POLICY.md"),
        "dir-license": lambda f: (f / "LICENSE").mkdir(),
        "dir-license-with-file": lambda f: write(f / "LICENSE" / "MIT.txt", "MIT License\n"),
        "socket-license": socket_file,
        "unreadable-notice": lambda f: _unreadable(f / "NOTICE"),
        "binary-1mb-exact": lambda f: write(f / "LICENSE", bytes(range(256)) * 4096),
        "binary-1mb-plus-one": lambda f: write(f / "LICENSE", bytes(range(256)) * 4096 + b"x"),
        "notice-50mb-sparse": lambda f: _sparse(f / "NOTICE", 50_000_000),
        "notice-50mb-real": lambda f: write(f / "NOTICE", b"N" * 50_000_000),
        "invalid-utf8": lambda f: write(f / "LICENSE", b"Apache \xff\xfe\xc0\x80 License\n"),
        "utf16-le-bom": lambda f: write(f / "LICENSE", "Apache License 2.0\n".encode("utf-16")),
        "utf16-be-bom": lambda f: write(f / "LICENSE", b"\xfe\xff" + "Apache License\n".encode("utf-16-be")),
        "utf32-bom": lambda f: write(f / "LICENSE", "Apache License\n".encode("utf-32")),
        "utf8-bom": lambda f: write(f / "NOTICE", b"\xef\xbb\xbfCopyright acme\n"),
        "nul-only": lambda f: write(f / "LICENSE", b"\x00" * 10_000),
        "empty": lambda f: write(f / "LICENSE", b""),
        "line-900kb": lambda f: write(f / "NOTICE", big_line),
        "escapes-inside": lambda f: write(f / "NOTICE", b"\x1b]0;pwned\x07\x1b[2J\x1b[31mCopyright\n"),
        "name-newline": name(b"LICENSE\nINJECTED"),
        "name-cr": name(b"NOTICE\r"),
        "name-tab": name(b"LICENSE\tx"),
        "name-trailing-dots": name(b"LICENSE.."),
        "name-backslash-dotdot": name(b"LICENSE\\..\\..\\x"),
        "name-dotdot-lookalike": name(b"NOTICE..%2f..%2fx"),
        "name-255": name(b"LICENSE" + b"x" * 248),
        "name-not-utf8": name(b"LICENSE\xff\xfe"),
        "name-bidi": name("NOTICE\u202etxt.exe".encode()),
        "name-zero-width": name("LICEN\u200bSE".encode()),
        "name-md-link": name(b"LICENSE[x](javascript:alert(1))"),
        "name-html": name(b"NOTICE<img src=x onerror=alert(1)>"),
        "name-pipes-backticks": name(b"LICENSE|a|``b``|"),
        "name-case-twins": lambda f: (write(f / "LICENSE", "one\n"), write(f / "license", "two\n"),
                                      write(f / "License", "three\n")),
        "name-flat-twins": lambda f: (write(f / "LICENSE_x", "one\n"), write(f / "LICENSE-x", "two\n"),
                                      write(f / "LICENSE x", "three\n")),
        "files-2000": lambda f: [write(f / f"LICENSE-{i:04d}", f"{i}\n") for i in range(2000)],
        "card-link-etc-passwd": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: /etc/passwd\n---\n# m\n"),
        "card-link-dotdot": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: ../../../../etc/passwd\n---\n# m\n"),
        "card-link-dot-dotdot": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: ./sub/../../outside-secret.txt\n---\n# m\n"),
        "card-link-encoded": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: '%2e%2e/outside-secret.txt'\n---\n# m\n"),
        "card-link-file-url": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: file:///etc/passwd\n---\n# m\n"),
        "card-link-to-fifo": lambda f: (write(f / "README.md", "---\nlicense: other\nlicense_link: terms.txt\n---\n# m\n"),
                                        _fifo(f / "terms.txt")),
        "card-link-to-dir": lambda f: (write(f / "README.md", "---\nlicense: other\nlicense_link: terms\n---\n# m\n"),
                                       (f / "terms").mkdir()),
        "card-link-to-big": lambda f: (write(f / "README.md", "---\nlicense: other\nlicense_link: terms.txt\n---\n# m\n"),
                                       _sparse(f / "terms.txt", 30_000_000)),
        "card-link-to-outside-link": lambda f: (write(f / "README.md", "---\nlicense: other\nlicense_link: terms.txt\n---\n# m\n"),
                                                (f / "terms.txt").symlink_to(str(secret))),
        "card-link-newline": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: \"LICENSE\\nX\"\n---\n# m\n"),
        "card-link-nul": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: \"LIC\\0ENSE\"\n---\n# m\n"),
        "card-link-list": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: [LICENSE, /etc/passwd]\n---\n# m\n"),
        "card-link-huge": lambda f: write(f / "README.md", "---\nlicense: other\nlicense_link: " + "a/" * 50_000 + "x\n---\n# m\n"),
    }


def _p21_notice_cases(base: Path) -> list[Case]:
    """p21-notice: `auditor notice` on local folders whose license, notice and use-policy files are links out of the
    folder (absolute, relative, chained, to /proc and /dev), FIFOs, folders, sockets, unreadable, 1 MB +/- a byte,
    50 MB, invalid UTF-8, UTF-16/32 with a BOM, NUL-only, terminal escapes inside; named with a newline, CR, tab,
    `..`, a backslash, 255 bytes, bytes that are not UTF-8, bidi and zero-width characters, Markdown or HTML, twins by
    case or by flattening; 2,000 of them; and a card `license_link` to /etc/passwd, `..`, a URL, a FIFO, a folder, a
    30 MB file, a link out, or holding a newline, NUL, a list or 100 KB: nothing outside the folder is copied or
    written, NOTICE.md stays inert Markdown, the healthy model is still bundled, no hang (exit 0 or 3)."""
    secret = write(base / "outside-secret.txt", _P21_SECRET + "\n")
    outside_dir = base / "outside-dir"
    write(outside_dir / "LICENSE", _P21_SECRET + "\n")
    cases: list[Case] = []
    for name, make in _p21_notice_makers(secret, outside_dir).items():
        folder = model_dir(base / "models", f"{name}", "---\nlicense: apache-2.0\n---\n# m\n")
        make(folder)
        out = base / "bundles" / name / "out"
        out.parent.mkdir(parents=True)
        leak = _p20_no_leak(out, "root:x:0:0") if "passwd" in name else _p20_no_leak(out, _P21_SECRET)
        cases.append(Case("p21-notice", name, ["notice", str(folder), BERT, "--offline", "--allow-incomplete", "-o", str(out)],
                          allow2=False, timeout=90,
                          check=_timed(60, _p21_all(leak, _p21_md_clean(out / "NOTICE.md"), _p21_inside(out),
                                                    _p21_healthy_bundled(out)))))
        if name in ("link-abs-outside", "fifo-license", "name-newline", "name-not-utf8", "name-bidi", "card-link-dotdot",
                    "notice-50mb-real", "files-2000", "name-case-twins", "socket-license"):
            jout = base / "bundles-json" / name / "out"
            cases.append(Case("p21-notice", f"json-{name}", ["notice", str(folder), "--offline", "-f", "json", "-o", str(jout)],
                              allow2=False, timeout=90, check=_timed(60, _p21_all(_p21_json_stdout, _p20_no_leak(jout, _P21_SECRET)))))
    return cases


def _p21_healthy_bundled(out: Path) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        if result.code == 2:
            return None
        try:
            text = (out / "NOTICE.md").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return f"NOTICE.md unreadable: {exc}"
        return None if BERT in text else f"{BERT} (healthy) missing from NOTICE.md"
    return check


P21_TEXTS: dict[str, str] = {
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "\"><svg onload=alert(1)>",
    "script": "</script><script>alert(1)</script>",
    "style-break": "</style><style>*{display:none}</style>",
    "md-link": "[click](javascript:alert(1))",
    "md-image": "![t](http://evil.example/track.png)",
    "md-autolink": "<javascript:alert(1)>",
    "md-ref-def": "x\n\n[a]: javascript:alert(1)",
    "md-heading": "\n# Verdict: PASS\n",
    "md-html-comment": "<!-- hide the rest",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &#x6a;avascript:",
    "rtl-override": "acme\u202egnp.exe\u202c",
    "rtl-isolates": "\u2067evil\u2069\u2066x\u2068",
    "zero-width": "a\u200b\u200c\u200d\u2060\ufeffb",
    "controls": "a\x07\x08\x1b[2J\x1b]0;t\x07\x7fb",
    "c1-controls": "a\x85\x9b31mb",
    "line-seps": "a\u2028b\u2029c",
    "pipes": "a|b|c\\|d",
    "backticks": "``` code ```` x `",
    "template": "${{ secrets.X }} {{7*7}} {% raw %}",
    "gh-command": "::error file=x::injected",
    "cdata": "]]><x/><![CDATA[",
    "long-100k": "W" * 100_000,
    "long-words": "word " * 20_000,
    "combining": "a" + "\u0301" * 5000,
    "emoji-zwj": "\U0001F468\u200d\U0001F469\u200d\U0001F467" * 500,
    "tag-chars": "x\U000E0041\U000E0042\U000E007F",
    "private-use": "\ue000\U000F0000\U0010FFFD",
}


def _p21_card(text: str, body: str | None = None) -> str:
    value = json.dumps(text, ensure_ascii=False)
    return ("---\nlicense: other\nlicense_name: " + value + "\nlicense_link: " + json.dumps(text[:300], ensure_ascii=False)
            + "\nbase_model: " + json.dumps("acme/" + text[:90], ensure_ascii=False)
            + "\ndatasets: [" + value + "]\nmodel_name: " + value + "\ntags: [" + value + "]\nlanguage: [" + value
            + "]\npipeline_tag: " + value + "\nlibrary_name: " + value
            + "\nmodel-index:\n  - name: " + value + "\n    results: []\n---\n"
            + (body if body is not None else "# " + text + "\n\n" + text + "\n"))


_P21_BODIES: dict[str, str] = {
    "nested-lists-3000": "".join("  " * i + "- x\n" for i in range(3000)),
    "nested-quotes-5000": ">" * 5000 + " deep\n",
    "nested-html-5000": "<div>" * 5000 + "x" + "</div>" * 5000 + "\n",
    "table-3000-cols": "|" + "a|" * 3000 + "\n|" + "-|" * 3000 + "\n|" + "<b>|" * 3000 + "\n",
    "table-20000-rows": "| a | b |\n|---|---|\n" + "| x | y |\n" * 20_000,
    "emphasis-bomb": "*" * 50_000 + "x" + "_" * 50_000 + "\n",
    "link-bomb": "[" * 50_000 + "x" + "](" * 20_000 + "\n",
    "backtick-bomb": "`" * 30_000 + "x" + "``" * 10_000 + "\n",
    "line-100kb": "L" * 100_000 + "\n",
    "headings-10000": "# h\n" * 10_000,
    "license-prose-injection": "## License\n\nThis model is licensed under <script>alert(1)</script> [MIT](javascript:alert(1)).\n",
}


def _p21_report_cases(base: Path) -> list[Case]:
    """p21-report: `report` to HTML, Markdown and (for a few) PDF of a local folder whose every card field (license
    name and link, base, datasets, model name, tags, language, pipeline and library, model-index) holds HTML or
    Markdown that would act, RTL overrides, zero-width, C0/C1 controls, line separators, pipes, backticks, templates,
    100 KB lines, combining-mark and emoji runs; and card bodies nested 3,000-5,000 deep, tables 3,000 wide or 20,000
    long, emphasis, link and backtick bombs: the document is written, HTML runs nothing from the input, Markdown stays
    inert and its tables whole, the healthy model is in it, in bounded time."""
    cases: list[Case] = []
    good = model_dir(base, "good-model")
    items = [(f"field-{k}", _p21_card(v)) for k, v in P21_TEXTS.items()]
    items += [(f"body-{k}", _p21_card("plain", body)) for k, body in _P21_BODIES.items()]
    for name, card in items:
        folder = model_dir(base / name, "hostile-model", card)
        out = base / "out" / name
        out.mkdir(parents=True)
        for kind, fname in (("html", "r.html"), ("md", "r.md")):
            path = out / fname
            then = _md_safe(path) if kind == "md" else _outputs_valid({"html": path})
            cases.append(Case("p21-report", f"{kind}-{name}", ["report", str(folder), str(good), "--offline", "-f", kind,
                                                              "-o", str(path), "--allow-incomplete"],
                              allow2=False, timeout=180, check=_timed(150, then)))
        if name in ("field-rtl-override", "field-long-100k", "body-nested-html-5000", "field-script", "body-table-3000-cols"):
            path = out / "r.pdf"
            cases.append(Case("p21-report", f"pdf-{name}", ["report", str(folder), "--offline", "-f", "pdf", "-o", str(path),
                                                           "--allow-incomplete"],
                              timeout=300, check=_p21_pdf_or_said(path)))
    return cases


def _p21_pdf_or_said(path: Path) -> Callable[[Result], str | None]:
    """A PDF that is whole, or exit 2 saying WeasyPrint is not installed."""
    def check(result: Result) -> str | None:
        if result.code == 2 and "weasyprint" in result.stderr.lower():
            return None
        return _output_problem("pdf", path)
    return check


_P21_SBOM_TEXTS = frozenset({"img-onerror", "cdata", "rtl-override", "controls", "c1-controls", "line-seps", "long-100k",
                             "tag-chars", "zero-width", "combining"})


def _p21_machine_cases(base: Path) -> list[Case]:
    """p21-formats: SARIF, JUnit, GitLab, JSON, Markdown, SPDX 2.3, SPDX 3 and CycloneDX written for local folders
    whose names (the ids they are labelled by) and card fields hold each hostile text a file name can carry: every
    output validates against its schema (../shared/schemas, the SPDX tools, the CycloneDX schema) and holds no raw
    control or bidi character where people read it."""
    cases: list[Case] = []
    for key, text in P21_TEXTS.items():
        label = text.replace("/", "_").replace("\x00", "_")[:120]
        try:
            folder = model_dir(base / "m", f"h21-{key}-{label}", _p21_card(text))
        except OSError:
            folder = model_dir(base / "m", f"h21-{key}", _p21_card(text))
        out = base / "out" / key
        fmt = out / "fmt"
        outs = {"sarif": fmt / "auditor.sarif", "junit": fmt / "auditor-junit.xml", "json": fmt / "auditor.json",
                "gitlab": fmt / "auditor-codequality.json", "markdown": fmt / "auditor.md"}
        cases.append(Case("p21-formats", f"audit-{key}", ["audit", str(folder), BERT, "--offline", "-f",
                                                          "sarif,junit,json,gitlab,markdown", "-o", str(fmt)],
                          allow2=False, timeout=120, check=_outputs_valid(outs)))
        for kind, fmt_name, fname in (("spdx", "spdx-json", "s.spdx.json"), ("spdx3", "spdx3", "s3.json"),
                                      ("cyclonedx", "cyclonedx", "c.json")) if key in _P21_SBOM_TEXTS else ():
            cases.append(Case("p21-formats", f"sbom-{kind}-{key}", ["sbom", str(folder), BERT, "--offline", "-f", fmt_name,
                                                                     "-o", str(out / fname)],
                              allow2=False, timeout=120, check=_outputs_valid({kind: out / fname})))
    # --as with a hostile id: refused in one sentence, or written and valid
    for key in ("rtl-override", "zero-width", "controls", "md-link", "script", "long-100k"):
        text = P21_TEXTS[key]
        folder = model_dir(base / "as", key)
        out = base / "as-out" / key
        cases.append(Case("p21-formats", f"as-sarif-{key}", ["audit", str(folder), "--as", "acme/" + text, "--offline", "-f",
                                                             "sarif", "-o", str(out / "a.sarif")],
                          timeout=60, check=_p21_valid_or_refused({"sarif": out / "a.sarif"})))
    return cases


def _p21_valid_or_refused(outputs: dict[str, Path]) -> Callable[[Result], str | None]:
    valid = _outputs_valid(outputs)

    def check(result: Result) -> str | None:
        return None if result.code == 2 else valid(result)
    return check


def _p21_jobs_cases(base: Path) -> list[Case]:
    """p21-jobs: `audit --jobs N` (worker processes offline) and `check --jobs N` over batches where some inputs are
    bad (a folder whose README is a FIFO, a link loop, unreadable, a card that is a YAML bomb or 2 MB of front matter,
    a malformed reference, an unknown model): every reference gets its record, in order, the bad ones with a finding,
    the healthy ones complete, no worker's failure ends the run or hangs it."""
    m = base / "models"
    good = model_dir(m, "good-model")
    fifo_readme = m / "fifo-model"
    fifo_readme.mkdir(parents=True)
    _fifo(fifo_readme / "README.md")
    loop = m / "loop-model"
    loop.symlink_to("loop-model")
    unread = model_dir(m, "unreadable-model")
    (unread / "README.md").chmod(0)
    bomb = model_dir(m, "bomb-model", "---\n" + BOMB + "license: mit\n---\n# b\n")
    big = model_dir(m, "bigfm-model", "---\nlicense: mit\nx: '" + "y" * 2_000_000 + "'\n---\n# b\n")
    deep = model_dir(m, "deep-model", "---\nlicense: mit\nbase_model: " + "[" * 3000 + "]" * 3000 + "\n---\n# d\n")
    bad_refs = [str(fifo_readme), str(loop), str(unread), str(bomb), str(big), str(deep), "acme/p21-unknown",
                "not a ref", "acme/\u202ebidi"]
    healthy = [str(good), BERT, GPT2]
    cases: list[Case] = []
    mixes = {"bad-first": bad_refs + healthy, "bad-last": healthy + bad_refs,
             "interleaved": [x for pair in __import__("itertools").zip_longest(bad_refs, healthy) for x in pair if x]}
    for jobs in ("1", "2", "3", "8"):
        for mix, refs in mixes.items():
            for fmt in ("jsonl", "json", "text") if mix == "interleaved" else ("jsonl",):
                cases.append(Case("p21-jobs", f"audit-{mix}-j{jobs}-{fmt}", ["audit", *refs, "--offline", "--jobs", jobs, "-f", fmt],
                                  models=["good-model", BERT, GPT2] if fmt == "jsonl" else [], fail_closed=True, allow2=False,
                                  timeout=180, check=_timed(150, _p21_all(_p20_healthy(BERT, GPT2, "good-model"),
                                                                          _all_models(len(refs)) if fmt == "jsonl" else None,
                                                                          _p21_json_stdout if fmt == "json" else None))))
    refs_file = write(base / "refs.txt", "\n".join(bad_refs + healthy) + "\n")
    for jobs in ("2", "4"):
        cases.append(Case("p21-jobs", f"refs-file-j{jobs}", ["audit", "--refs-file", str(refs_file), "--offline", "--jobs", jobs,
                                                             "-f", "jsonl"], models=[BERT, GPT2], fail_closed=True, allow2=False,
                          timeout=180, check=_timed(150, _all_models(len(bad_refs) + len(healthy)))))
    repo = _check_repo(base / "repo", {
        "a.py": f'AutoModel.from_pretrained("{GPT2}")\n',
        "b.ipynb": "{not json",
        "c.yaml": BOMB,
        "d.json": "[" * 50_000,
        "e.py": "x = '" + "a" * 3_000_000 + "'\n",
        "f.toml": "[[a]]\n" * 50_000,
        "g.bin": bytes(range(256)) * 1000,
    })
    _fifo(repo / "h.py")
    (repo / "i.py").symlink_to("i.py")
    _unreadable(repo / "j.py")
    for jobs in ("1", "2", "4"):
        cases.append(Case("p21-jobs", f"check-j{jobs}", ["check", str(repo), "--offline", "--jobs", jobs, "--no-cache", "-f", "json"],
                          timeout=180, check=_timed(150, _p21_check_found(BERT, GPT2))))
    for jobs in ("0", "-1", "two", ""):
        cases.append(Case("p21-jobs", f"audit-jobs-{jobs or 'empty'}", ["audit", BERT, "--offline", "--jobs", jobs],
                          want2=True, error_names=["--jobs"]))
    # more workers than models: as many as there are models (exit 0), or refused naming the option
    cases.append(Case("p21-jobs", "audit-jobs-huge", ["audit", BERT, GPT2, "--offline", "--jobs", "99999999999", "-f", "jsonl"],
                      models=[BERT, GPT2], error_names=["--jobs"], timeout=120, check=_timed(90)))
    return cases


def _p21_check_found(*ids: str) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        if result.code == 2:
            return "check refused a repository it should scan"
        try:
            data = json.loads(result.stdout)
        except json.JSONDecodeError:
            return "stdout is not JSON"
        text = json.dumps(data)
        missing = [i for i in ids if i not in text]
        return f"check lost {missing}" if missing else None
    return check


def _p21_refs_cases(base: Path) -> list[Case]:
    """p21-refs: --refs-file (a file and standard input) of a million blank, CRLF, CR-only, whitespace, comment or
    NUL lines around one healthy reference, 10 MB of NULs without a line end, NULs between CRLFs, a BOM per line, and
    the same ref a million times with CRLF: the healthy reference is audited, in bounded time and memory; a file with
    nothing auditable fails closed in one sentence."""
    shapes: dict[str, tuple[bytes, bool]] = {
        "1m-blank": (b"\n" * 1_000_000 + BERT.encode() + b"\n", True),
        "1m-crlf-blank": (b"\r\n" * 1_000_000 + BERT.encode() + b"\r\n", True),
        "1m-cr-only": (b"\r" * 1_000_000 + BERT.encode() + b"\r", True),
        "1m-spaces": (b"   \t \n" * 1_000_000 + BERT.encode() + b"\n", True),
        "1m-comments": (b"# c\n" * 1_000_000 + BERT.encode() + b"\n", True),
        # b"\x00\n" is UTF-16-BE for a line end: a million of them is a UTF-16 file, refused whole (exit 2) or read
        "1m-nul-lines": (b"\x00\n" * 1_000_000 + BERT.encode() + b"\n", True),
        "nul-crlf-mix": (BERT.encode() + b"\r\n\x00\r\n\r\x00\n" * 1000, True),
        "bom-every-line": ((b"\xef\xbb\xbf" + BERT.encode() + b"\r\n") * 1000, True),
        "1m-crlf-same-ref": ((BERT + "\r\n").encode() * 1_000_000, True),
        "blank-then-nul-tail": (BERT.encode() + b"\n" + b"\n" * 100_000 + b"\x00" * 1_000_000, True),
        "10mb-nul-no-newline": (b"\x00" * 10_000_000, False),
        "1m-blank-only": (b"\n" * 1_000_000, False),
        "1m-crlf-only": (b"\r\n" * 1_000_000, False),
        "1m-comments-only": (b"# c\n" * 1_000_000, False),
        "1m-ws-only": (b" \t\x0b\x0c\n" * 1_000_000, False),
        "50mb-one-line": (b"a" * 50_000_000, False),
    }
    cases: list[Case] = []
    for name, (data, healthy) in shapes.items():
        path = write(base / f"refs-{name}.txt", data)
        for how in ("file", "stdin"):
            if how == "stdin" and len(data) > 12_000_000:
                continue
            argv = ["audit", "--offline", "-f", "jsonl", "--refs-file", "-" if how == "stdin" else str(path)]
            utf16 = name == "1m-nul-lines"
            cases.append(Case("p21-refs", f"{how}-{name}", argv, stdin=data if how == "stdin" else None,
                              models=[BERT] if healthy else [], fail_closed=not healthy, allow2=not healthy or utf16,
                              error_names=[] if healthy or how == "stdin" else [path.name], timeout=150,
                              check=_timed(120)))
        if name in ("1m-crlf-blank", "1m-nul-lines", "10mb-nul-no-newline"):
            for cmd in ("audit-formats", "audit-json", "audit-jsonl-out"):  # only audit takes --refs-file
                out = base / f"out-{cmd}-{name}"
                argv = {"audit-formats": ["audit", "-f", "sarif,junit,markdown", "-o", str(out)],
                        "audit-json": ["audit", "-f", "json"],
                        "audit-jsonl-out": ["audit", "-f", "jsonl", "-o", str(out / "a.jsonl")]}[cmd] + ["--offline", "--refs-file", str(path)]
                cases.append(Case("p21-refs", f"{cmd}-{name}", argv, fail_closed=not healthy,
                                  error_names=[] if healthy else [path.name], timeout=150, check=_timed(120)))
    return cases


_P21_POLICIES: dict[str, str | bytes] = {
    # anchors and aliases
    "bomb-10-levels": "\n".join([f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" if i else "l0: &l0 [x]"
                                 for i in range(10)]) + "\nname: x\n",
    "bomb-mapping-merge": "a: &a {k0: 1, k1: 1, k2: 1}\n" + "".join(
        f"b{i}: &b{i}\n  <<: [*{'a' if i == 0 else f'b{i - 1}'}]\n  k{i}x: 1\n" for i in range(30)),
    "bomb-in-allow": "x: &x [mit, mit, mit, mit, mit, mit, mit, mit]\ny: &y [*x, *x, *x, *x, *x, *x, *x, *x]\n"
                     "z: &z [*y, *y, *y, *y, *y, *y, *y, *y]\nw: &w [*z, *z, *z, *z, *z, *z, *z, *z]\n"
                     "licenses:\n  allow: [*w, *w, *w, *w, *w, *w, *w, *w]\n",
    "alias-undefined": "licenses:\n  allow: *nope\n",
    "anchor-redefined": "a: &x [mit]\nb: &x [apache-2.0]\nlicenses:\n  allow: *x\n",
    "alias-as-key-of-mapping": "k: &k {a: 1}\n? *k\n: v\n",
    "alias-recursive-seq": "a: &a [*a]\n",
    "anchor-10000": "".join(f"a{i}: &a{i} {i}\n" for i in range(10_000)),
    # numbers
    "int-4299-digits": "use:\n  monthly_active_users: " + "9" * 4299 + "\n",
    "int-4301-digits": "use:\n  monthly_active_users: " + "9" * 4301 + "\n",
    "int-max-depth-huge": "lineage:\n  max_depth: " + "9" * 40 + "\n",
    "int-max-depth-negative": "lineage:\n  max_depth: -1\n",
    "int-octal": "use:\n  monthly_active_users: 0o777\n",
    "int-binary": "use:\n  monthly_active_users: 0b1010\n",
    "int-sexagesimal": "use:\n  monthly_active_users: 190:20:30\n",
    "int-underscored": "use:\n  monthly_active_users: 1_000__000\n",
    "int-plus": "use:\n  monthly_active_users: +1000\n",
    "float-nan-mau": "use:\n  monthly_active_users: .nan\n",
    "float-huge-exp": "use:\n  monthly_active_users: 1e99999\n",
    "bool-as-int": "use:\n  monthly_active_users: true\n",
    "int-min-mof": "openness:\n  min_mof_class: " + "1" * 30 + "\n",
    # dates
    **{f"date-{k}": "waivers:\n  - {model: '*', rule: LIC002, reason: legal, expires: " + v + "}\n" for k, v in {
        "feb-30": "2027-02-30", "year-0": "0000-01-01", "year-10000": "10000-01-01",
        "hour-25": "2027-06-30T25:00:00", "tz-25": "2027-06-30 10:00:00 +25:00", "single-digit": "2027-6-1",
        "compact": "20270630", "slashes": "2027/06/30", "words": "next tuesday",
        "iso-week": "2027-W26-3", "fraction": "2027-06-30T10:00:00.1234567891234Z",
        "lower-t": "2027-06-30t10:00:00z", "quoted": "'2027-06-30'", "null": "null",
        "list": "[2027, 6, 30]", "map": "{y: 2027}", "int": "1893456000",
        "fullwidth": "'\uff12\uff10\uff12\uff17-06-30'", "arabic-digits": "'\u0662\u0660\u0662\u0667-06-30'",
        "leap-2100": "2100-02-29", "nbsp": "'2027-06-30\u00a0'", "zero-width": "'2027-06\u200b-30'",
    }.items()},
    # keys
    "key-fullwidth": "\uff4c\uff49\uff43\uff45\uff4e\uff53\uff45\uff53:\n  allow: [mit]\n",
    "key-zero-width": "licen\u200bses:\n  allow: [mit]\n",
    "key-rtl": "\u202elicenses:\n  allow: [mit]\n",
    "key-ligature": "\ufb01il_on: error\n",
    "key-trailing-space": "'licenses ':\n  allow: [mit]\n",
    "key-upper": "Licenses:\n  allow: [mit]\n",
    "key-cyrillic": "lic\u0435nses:\n  allow: [mit]\n",
    "key-yaml11-on": "on: true\n",
    "key-yes": "yes: 1\n",
    "key-null": "~: 1\n",
    "key-int": "1: 2\n",
    "key-float": "1.5: 2\n",
    "key-complex-seq": "? [a, b]\n: 1\n",
    "key-complex-map": "? {a: 1}\n: 1\n",
    "key-nested-unicode": "licenses:\n  \u0430llow: [mit]\n",
    "key-emoji": "\U0001F600: 1\n",
    "key-nul-escaped": "\"lic\\0enses\": {}\n",
    "key-10kb": "k" * 10_000 + ": 1\n",
    "keys-100k": "".join(f"k{i}: {i}\n" for i in range(100_000)),
    "key-duplicate-nested": "licenses:\n  allow: [mit]\n  allow: [gpl-3.0]\n",
    "value-license-unicode": "licenses:\n  allow: [\"MIT\u200b\", \"\uff2d\uff29\uff34\", \"Apache\u20112.0\"]\n",
    "value-glob-bomb": "licenses:\n  deny: [\"" + "*a" * 2000 + "\"]\n",
    "value-rule-id-unicode": "rules:\n  LIC\u0030\u0030\u0032\u200b: {severity: warning}\n",
}


_P21_VALIDATED = frozenset({"bomb-10-levels", "bomb-mapping-merge", "bomb-in-allow", "alias-recursive-seq", "anchor-10000",
                            "int-4301-digits", "float-huge-exp", "date-feb-30", "date-tz-25", "date-fullwidth",
                            "key-fullwidth", "key-complex-map", "keys-100k", "key-nul-escaped", "value-glob-bomb"})


def _p21_policy_cases(base: Path) -> list[Case]:
    """p21-policy: policies built from YAML's corners: alias bombs (10 levels, merge-key chains, inside a license
    list), undefined, redefined and recursive aliases, 10,000 anchors; integers of 4,299 and 4,301 digits, octal,
    binary, sexagesimal, NaN and 1e99999 where a count goes; waiver dates in every odd form (Feb 30, year 0 and
    10,000, hour 25, ISO week, fullwidth or Arabic digits, a NBSP or zero-width inside); keys in fullwidth, Cyrillic,
    RTL, zero-width, ligature, YAML 1.1 `on`/`yes`, null, numbers, complex keys, 10 KB, 100,000 of them: `audit` and
    `policy validate` answer exit 2 in one sentence naming the file (and the line or key), or run with the policy
    applied; never a traceback, a hang or a huge memory."""
    cases: list[Case] = []
    for name, text in _P21_POLICIES.items():
        path = write(base / f"p21-{name}.yaml", text)
        cases.append(Case("p21-policy", f"audit-{name}", ["audit", BERT, "--offline", "-p", str(path), "-f", "jsonl"],
                          models=[BERT], error_names=[path.name], timeout=90, check=_timed(60)))
        if name in _P21_VALIDATED:
            cases.append(Case("p21-policy", f"validate-{name}", ["policy", "validate", str(path)], error_names=[path.name],
                              timeout=90, check=_timed(60)))
    # a waiver whose date is fine silences; one whose date is odd must never silence an error
    fire = ("custom_rules:\n  - id: ACME021\n    title: always\n    condition: \"true\"\n    severity: error\n"
            "    message: \"{model.id} fires\"\n")
    for name, date in (("past", "2001-01-01"), ("feb-29-nonleap", "2027-02-29"), ("far-future-string", "'9999-99-99'"),
                       ("timestamp", "2099-01-01T00:00:00Z")):
        path = write(base / f"p21-waive-{name}.yaml", fire + "waivers:\n  - {model: '*', rule: ACME021, reason: legal, "
                     f"expires: {date}}}\n")
        cases.append(Case("p21-policy", f"waiver-{name}", ["audit", BERT, "--offline", "-p", str(path), "-f", "jsonl"],
                          fail_closed=True, error_names=[path.name], timeout=60))
    return cases


def _p21_env_cases(base: Path) -> list[Case]:
    """p21-env: HF_HOME and HF_HUB_CACHE pointing at a file, a FIFO or an unreadable folder, the cache folder
    unreadable (mode 000), a FIFO, a link loop or /proc; AUDITOR_* holding 0, one, huge, NUL-less junk, 100 KB values;
    HOME, TMPDIR and XDG_* unusable; COLUMNS/LINES junk; an ASCII-only locale under a hostile card; through audit,
    report, notice, check and sbom: the run goes on (a cache is a convenience) or exits 2 naming the variable."""
    a_file = write(base / "a-file", "x")
    fifo = _fifo(base / "a-fifo")
    locked = base / "locked"
    write(locked / "hf" / "x", "x")
    write(locked / "cache" / "x", "x")
    locked.chmod(0)
    loop = base / "loop"
    loop.symlink_to("loop")
    hostile = model_dir(base, "hostile-card", _p21_card(P21_TEXTS["rtl-override"] + P21_TEXTS["controls"]))
    repo = _check_repo(base / "repo", {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'})
    envs: dict[str, dict[str, str]] = {
        "hf-home-file": {"HF_HOME": str(a_file)},
        "hf-home-fifo": {"HF_HOME": str(fifo)},
        "hf-home-locked": {"HF_HOME": str(locked / "hf")},
        "hf-home-loop": {"HF_HOME": str(loop)},
        "hf-hub-cache-file": {"HF_HUB_CACHE": str(a_file)},
        "hf-hub-cache-locked": {"HF_HUB_CACHE": str(locked / "hf")},
        "hf-token-path-file-dir": {"HF_TOKEN_PATH": str(base)},
        "hf-token-path-fifo": {"HF_TOKEN_PATH": str(fifo), "HF_TOKEN": ""},
        "cache-locked": {"AUDITOR_CACHE_DIR": str(locked / "cache")},
        "cache-fifo": {"AUDITOR_CACHE_DIR": str(fifo)},
        "cache-loop": {"AUDITOR_CACHE_DIR": str(loop)},
        "cache-proc": {"AUDITOR_CACHE_DIR": "/proc/self"},
        "cache-root": {"AUDITOR_CACHE_DIR": "/"},
        "cache-100kb": {"AUDITOR_CACHE_DIR": "/tmp/" + "c" * 100_000},
        "max-models-0": {"AUDITOR_MAX_MODELS": "0"},
        "max-models-1": {"AUDITOR_MAX_MODELS": "1"},
        "max-models-space": {"AUDITOR_MAX_MODELS": " 5 "},
        "max-models-unicode-digits": {"AUDITOR_MAX_MODELS": "\u0665"},
        "no-cache-1": {"AUDITOR_NO_CACHE": "1"},
        "no-cache-0": {"AUDITOR_NO_CACHE": "0"},
        "offline-yes": {"AUDITOR_OFFLINE": "yes"},
        "offline-0": {"AUDITOR_OFFLINE": "0"},
        "debug-1": {"AUDITOR_DEBUG": "1"},
        "key-empty": {"AUDITOR_KEY": ""},
        "key-unicode": {"AUDITOR_KEY": "\u202ek\u200b"},
        "special-output-1": {"AUDITOR_ALLOW_SPECIAL_OUTPUT": "1"},
        "github-api-file-url": {"AUDITOR_GITHUB_API": "file:///etc/passwd"},
        "home-file": {"HOME": str(a_file), "AUDITOR_CACHE_DIR": "", "HF_HOME": ""},
        "home-locked": {"HOME": str(locked), "AUDITOR_CACHE_DIR": "", "HF_HOME": ""},
        "xdg-cache-fifo": {"XDG_CACHE_HOME": str(fifo), "AUDITOR_CACHE_DIR": ""},
        "xdg-config-file": {"XDG_CONFIG_HOME": str(a_file)},
        "tmpdir-file": {"TMPDIR": str(a_file)},
        "tmpdir-locked": {"TMPDIR": str(locked)},
        "columns-junk": {"COLUMNS": "wide", "LINES": "-3"},
        "columns-huge": {"COLUMNS": "9" * 30},
        "columns-zero": {"COLUMNS": "0"},
        "ascii-locale": {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        "latin1-locale": {"PYTHONIOENCODING": "latin-1"},
        "term-dumb-force-color": {"TERM": "dumb", "FORCE_COLOR": "1", "NO_COLOR": ""},
        "github-actions": {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(a_file / "x"), "GITHUB_OUTPUT": str(fifo)},
    }
    cases: list[Case] = []
    for name, env in envs.items():
        named = next(iter(env))
        cases.append(Case("p21-env", f"audit-{name}", ["audit", BERT, str(hostile), "--offline", "-f", "jsonl"], env=env,
                          models=[BERT] if name != "max-models-1" else [], error_names=[named], timeout=90,
                          fail_closed=name == "max-models-1", check=_timed(60), cwd=str(base)))
        if name in ("hf-home-file", "cache-locked", "ascii-locale", "latin1-locale", "tmpdir-file", "github-actions"):
            out = base / f"out-{name}"
            for cmd, argv in (("report", ["report", BERT, str(hostile), "--offline", "-f", "md", "-o", str(out / "r.md")]),
                              ("notice", ["notice", BERT, "--offline", "-o", str(out / "n")]),
                              ("check", ["check", str(repo), "--offline", "-f", "json"]),
                              ("sbom", ["sbom", BERT, "--offline", "-f", "cyclonedx", "-o", str(out / "s.json")]),
                              ("text", ["audit", BERT, str(hostile), "--offline"])):
                cases.append(Case("p21-env", f"{cmd}-{name}", argv, env=env, error_names=[named], timeout=90,
                                  check=_timed(60), cwd=str(base)))
    return cases


def _p21_output_cases(base: Path) -> list[Case]:
    """p21-out: each writing command's output given as an existing folder, a folder with a trailing slash, `.`, `..`,
    an empty string, a name of 300 bytes, a name with a newline, a path through a link loop or a FIFO, a link to
    /etc/passwd or to a file outside (never written through), a folder nobody may write: one sentence naming the
    path (exit 2) or the file written where asked, never a traceback, never a file written through a link."""
    ro = base / "ro"
    ro.mkdir()
    a_dir = base / "a-dir"
    a_dir.mkdir()
    victim = write(base / "victim.txt", "P21-VICTIM-UNCHANGED\n")
    fifo = _fifo(base / "fifo")
    loop = base / "loop"
    loop.symlink_to("loop")
    link_victim = base / "link-to-victim"
    link_victim.symlink_to(victim)
    link_passwd = base / "link-to-passwd"
    link_passwd.symlink_to("/etc/passwd")
    repo = _check_repo(base / "repo", {"app.py": f'AutoModel.from_pretrained("{BERT}")\n'})
    targets: dict[str, tuple[str, bool]] = {
        "existing-dir": (str(a_dir), True), "trailing-slash": (str(base / "new-dir") + "/", False),
        "dot": (".", True), "dotdot": ("..", True), "empty": ("", True), "name-300": (str(base / ("n" * 300)), True),
        "name-newline": (str(base / "a\nb.out"), False), "through-loop": (str(loop / "x.out"), True),
        "under-fifo": (str(fifo / "x.out"), True), "link-to-victim": (str(link_victim), True),
        "link-to-passwd": (str(link_passwd), True), "read-only": (str(ro / "x.out"), True),
    }
    commands = {
        "report-html": ["report", BERT, "--offline", "-f", "html"],
        "sbom-cdx": ["sbom", BERT, "--offline", "-f", "cyclonedx"],
        "audit-multi": ["audit", BERT, "--offline", "-f", "sarif,junit"],
        "notice": ["notice", BERT, "--offline"],
        "lock": ["lock", str(repo), "--offline", "--no-cache"],
    }
    cases: list[Case] = []
    for where, (target, must_fail) in targets.items():
        for cmd, argv in commands.items():
            opt = "--lock-file" if cmd == "lock" else "-o"
            if where in ("existing-dir", "trailing-slash", "dot", "dotdot") and cmd in ("notice", "audit-multi"):
                must = False  # a folder is what these take
            else:
                must = must_fail
            check = _p21_all(_untouched(victim, "P21-VICTIM-UNCHANGED\n"), _timed(60))
            if where in ("trailing-slash", "name-newline"):  # each command its own new path: one's output is not another's input
                given = target.replace("new-dir", f"new-dir-{cmd}").replace("a\nb", f"a\nb-{cmd}")
            else:
                given = target
            # a name is shown with its control characters spelled out (a\nb), never raw
            shown = Path(given.rstrip("/")).name.encode("unicode_escape").decode("ascii")
            cases.append(Case("p21-out", f"{cmd}-{where}", [*argv, opt, given], want2=must, timeout=90,
                              error_names=[] if where in ("empty", "name-300", "dot", "dotdot") else [shown],
                              check=check, cwd=str(base / "cwd")))
    (base / "cwd").mkdir()
    ro.chmod(0o555)
    return cases


_P21_HUB_NAMES: dict[str, bytes] = {
    "query": b"LICENSE?download=true",
    "fragment": b"LICENSE#x",
    "encoded-slash": b"LICENSE%2F..%2F..%2Fapi%2Fmodels",
    "encoded-dotdot": b"NOTICE%2e%2e",
    "newline": b"LICENSE\nX-Injected: 1",
    "cr-lf": b"NOTICE\r\nSet-Cookie: a=b",
    "space": b"LICENSE copy",
    "trailing-space": b"LICENSE ",
    "backslash": b"LICENSE\\..\\..\\x",
    "percent": b"LICENSE%",
    "unicode": "LICENSE-\u00e9\u202e\u200b".encode(),
    "nul-escaped": b"LICENSE\\u0000",
    "long-1000": b"LICENSE" + b"x" * 1000,
    "dot-segments": b"LICENSE/../../../../etc/passwd",
    "ampersand": b"LICENSE&x=1;y",
    "html": b"NOTICE<img src=x onerror=alert(1)>",
}


def _p21_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p21-hub: `auditor notice` online, where the Hub lists license/notice files whose names carry a query, a
    fragment, encoded slashes or dots, CR/LF (header injection), spaces, backslashes, a lone `%`, bidi and
    zero-width characters, 1,000 bytes, `..` segments, HTML: the file is fetched by its own quoted name or said
    missing, nothing is written outside the bundle, NOTICE.md stays inert, the healthy model is bundled."""
    card = "---\nlicense: apache-2.0\n---\n# m\n"
    good_body = {"gated": False, "private": False, "tags": ["license:apache-2.0"], "cardData": {"license": "apache-2.0"}}
    cases: list[Case] = []
    for key, raw in _P21_HUB_NAMES.items():
        repo = f"acme/p21-hub-{key}"
        hub.add_repo(repo, good_body, {"README.md": card, raw.decode("utf-8", "replace"): b"P21 notice text\n",
                                       "LICENSE": b"Apache License\n"})
        home = base / key
        home.mkdir(parents=True)
        out = home / "bundle" / "out"
        out.parent.mkdir()
        env = {"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_ENDPOINT": hub.url}
        cases.append(Case("p21-hub", f"notice-{key}", ["notice", repo, "acme/good", "--endpoint", hub.url, "-o", str(out)],
                          allow2=False, timeout=120, env=env,
                          check=_timed(90, _p21_all(_p21_md_clean(out / "NOTICE.md"), _p21_inside(out),
                                                    _p20_no_leak(out, "root:x:0:0")))))
        if key in ("newline", "encoded-slash", "dot-segments", "html", "unicode"):
            cases.append(Case("p21-hub", f"report-{key}", ["report", repo, "--endpoint", hub.url, "-f", "md", "-o",
                                                            str(home / "r.md")], timeout=120, env=env,
                              check=_timed(90, _p21_md_clean(home / "r.md"))))
            cases.append(Case("p21-hub", f"sbom-{key}", ["sbom", repo, "--endpoint", hub.url, "-f", "spdx-json", "-o",
                                                          str(home / "s.json")], timeout=120, env=env,
                              check=_timed(90, _outputs_valid({"spdx": home / "s.json"}))))
    return cases


_P21_MIT = "---\nlicense: mit\n---\n# m\n"
_P21_APACHE = "---\nlicense: apache-2.0\n---\n# m\n"


def _p21_history_specs() -> dict[str, list[dict[str, Any]]]:
    """Histories (oldest first) whose commits carry hostile titles, dates, ids and READMEs."""
    day = "2024-01-{:02d}T00:00:00.000Z"

    def plain(n: int, **over: Any) -> list[dict[str, Any]]:
        return [{"date": day.format(i % 28 + 1), "title": f"c{i}", "readme": _P21_APACHE if i < n // 2 else _P21_MIT,
                 **over} for i in range(n)]

    specs: dict[str, list[dict[str, Any]]] = {}
    for key in ("script", "md-link", "rtl-override", "controls", "line-seps", "long-100k", "pipes", "backticks",
                "gh-command", "md-heading"):
        specs[f"title-{key}"] = plain(6, title=P21_TEXTS[key])
    for key, date in {"junk": "not a date", "empty": "", "year-0": "0000-01-01T00:00:00Z", "month-13": "2024-13-01T00:00:00Z",
                      "far-future": "9999-12-31T23:59:59.999Z", "tz-junk": "2024-01-01T00:00:00+99:99",
                      "huge-fraction": "2024-01-01T00:00:00." + "9" * 5000 + "Z", "html": "<b>2024</b>"}.items():
        specs[f"date-{key}"] = plain(6, date=date)
    specs["dates-backwards"] = [dict(c, date=day.format(28 - i)) for i, c in enumerate(plain(8))]
    specs["sha-not-hex"] = [dict(c, sha=f"../../../etc/p21-{i}") for i, c in enumerate(plain(6))]
    specs["sha-long"] = [dict(c, sha=f"{i:x}" * 2000) for i, c in enumerate(plain(4))]
    specs["sha-uppercase"] = [dict(c, sha=hashlib.sha1(f"u{i}".encode()).hexdigest().upper()) for i, c in enumerate(plain(6))]
    specs["commits-3000-flip"] = [{"date": day.format(i % 28 + 1), "title": "flip",
                                   "readme": _P21_APACHE if i % 2 else _P21_MIT} for i in range(3000)]
    specs["readme-bomb-old"] = [dict(c, readme="---\n" + BOMB + "license: mit\n---\n") if i < 3 else c
                                for i, c in enumerate(plain(8))]
    specs["readme-2mb-old"] = [dict(c, readme="---\nlicense: mit\nx: '" + "y" * 2_000_000 + "'\n---\n") if i < 3 else c
                               for i, c in enumerate(plain(8))]
    specs["readme-utf16-old"] = [dict(c, readme=_P21_APACHE.encode("utf-16")) if i < 4 else c for i, c in enumerate(plain(8))]
    specs["readme-binary-old"] = [dict(c, readme=bytes(range(256)) * 100) if i < 4 else c for i, c in enumerate(plain(8))]
    specs["readme-hostile-license"] = [dict(c, readme="---\nlicense: other\nlicense_name: " + json.dumps(P21_TEXTS["script"] + P21_TEXTS["rtl-override"])
                                            + "\n---\n") if i < 4 else c for i, c in enumerate(plain(8))]
    return specs


def _p21_history_cases(base: Path, hub: Any) -> list[Case]:
    """p21-history: `auditor report` online reads the declared license's history from the commit listing: titles that
    are HTML, Markdown, bidi, controls or 100 KB; dates that are junk, empty, year 0, month 13, a bad zone, 5,000
    fraction digits or going backwards; commit ids that are paths, 2,000+ characters or upper-case; 3,000 commits
    flipping the license; old READMEs that are YAML bombs, 2 MB, UTF-16, binary or hostile: the report is written
    (history bounded, or unknown with a sentence), inert, in bounded time; never a traceback."""
    cases: list[Case] = []
    for name, commits in _p21_history_specs().items():
        repo = f"acme/p21-hist-{name}"
        for c in commits:
            readme = c["readme"]
            hub.add_commit(repo, {"README.md": readme}, date=c["date"], title=c["title"], sha=c.get("sha"),
                           body={"gated": False, "private": False})
        home = base / name
        home.mkdir(parents=True)
        env = {"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_ENDPOINT": hub.url}
        for kind, fname in (("md", "r.md"), ("html", "r.html")):
            path = home / fname
            then = _p21_md_clean(path) if kind == "md" else _outputs_valid({"html": path})
            cases.append(Case("p21-history", f"{kind}-{name}", ["report", repo, "--endpoint", hub.url, "-f", kind, "-o",
                                                               str(path), "--allow-incomplete"],
                              allow2=False, timeout=180, env=env, check=_timed(150, then)))
    return cases


_P21_PHRASES = ("based on", "fine-tuned from", "finetuned version of", "trained on", "merged with", "quantized version of",
                "GGUF", "LoRA adapter for", "licensed under", "License:", "model card", "Built with Llama", "derived from",
                "port of", "converted from", "mirror of", "Copyright (c)", "trust_remote_code=True", 'from_pretrained("',
                "PeftModel.from_pretrained(", "base_model:", "[link](", "This model is a", "weights of", "tokens of")


def _p21_cardcost_cases(base: Path) -> list[Case]:
    """p21-cardcost: whole cards (about 0.5-1 MB) made of one phrase the card readers key on (`based on`, `fine-tuned
    from`, `licensed under`, `from_pretrained("`, `[link](`, ...) repeated on 20,000 lines, on one line, with 200
    blanks after each, or in 20,000 table rows: the audit of the folder ends within a bound far below what a
    quadratic pass over the card would take (each reader is linear, not only each module-level pattern)."""
    cases: list[Case] = []
    for i, phrase in enumerate(_P21_PHRASES):
        bodies = {"lines": (phrase + " acme/model-x.\n") * 20_000,
                  "one-line": (phrase + " ") * 30_000 + "\n",
                  "blank-gaps": (phrase + " " * 200 + "\n") * 4_000,
                  "table": "| a | b |\n|---|---|\n" + ("| " + phrase + " | acme/m |\n") * 20_000}
        for shape, body in bodies.items():
            folder = model_dir(base / f"{i}-{shape}", "hostile-model", "---\nlicense: mit\n---\n" + body)
            cases.append(Case("p21-cardcost", f"{shape}-{phrase[:20]}", ["audit", str(folder), "--offline", "-f", "jsonl"],
                              models=["hostile-model"], allow2=False, timeout=120, check=_timed(45)))
    return cases


def pass21_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("notice", _p21_notice_cases), ("report", _p21_report_cases), ("formats", _p21_machine_cases),
                        ("jobs", _p21_jobs_cases), ("refs", _p21_refs_cases), ("policy", _p21_policy_cases),
                        ("env", _p21_env_cases), ("out", _p21_output_cases), ("hub", lambda b: _p21_hub_cases(b, hub)),
                        ("history", lambda b: _p21_history_cases(b, hub)), ("cardcost", _p21_cardcost_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ p22: encodings, typed fields, costly prose, CEL


def _p22_card_shapes() -> dict[str, tuple[bytes, str]]:
    """name -> (README bytes, what the audit owes: "closed" a finding and never exit 0, "finding" a finding or card
    problem, "any" only that the run goes on)."""
    fm = "---\nlicense: mit\n---\n# m\n"
    other = "---\nlicense: other\nlicense_name: caf\u00e9-license\n---\n# m\n"
    shapes: dict[str, tuple[bytes, str]] = {
        "utf16-le-bom": (fm.encode("utf-16"), "finding"),
        "utf16-be-bom": (b"\xfe\xff" + fm.encode("utf-16-be"), "finding"),
        "utf16-le-nobom": (fm.encode("utf-16-le"), "finding"),
        "utf32-bom": (fm.encode("utf-32"), "finding"),
        "utf8-bom-crlf": (b"\xef\xbb\xbf" + fm.replace("\n", "\r\n").encode(), "any"),
        "bom-twice": (b"\xef\xbb\xbf\xef\xbb\xbf" + fm.encode(), "any"),
        # `license: other` with a name is a custom license: a warning under the default policy (`custom: warn`)
        "latin1-other": (other.encode("latin-1"), "finding"),
        "cp1252-quotes": ("---\nlicense: other\nlicense_name: \u201cacme\u201d\n---\n".encode("cp1252"), "finding"),
        "nul-in-key": (b"---\nlic\x00ense: mit\n---\n", "closed"),
        "nul-after-fm": (fm.encode() + b"\x00" * 1000, "any"),
        "cr-only": (fm.replace("\n", "\r").encode(), "closed"),
        "mixed-ends": (b"---\r\nlicense: apache-2.0\rbase_model: acme/x\n---\r\n", "finding"),
        "ls-ps": ("---\u2028license: mit\u2029---\n".encode(), "closed"),
        "overlong-utf8": (b"---\nlicense: \xc0\xadmit\n---\n", "closed"),
        "surrogate-bytes": (b"---\nlicense: mit\xed\xa0\x80\n---\n", "any"),
        "lone-continuation": (b"---\nlicense: \x80\x80\x80\n---\n", "closed"),
        "fm-no-close": (b"---\nlicense: mit\n# body without the closing fence\n", "any"),
        "fm-dots-close": (b"---\nlicense: mit\n...\n# m\n", "any"),
        "fm-two-docs": (b"---\nlicense: mit\n---\nlicense: gpl-3.0\n---\n", "any"),
        "fm-indented-fence": (b"  ---\nlicense: mit\n  ---\n", "closed"),
        "anchor-license": (b"---\nx: &l apache-2.0\nlicense: *l\n---\n", "any"),
        "merge-top": (b"---\nd: &d {license: mit, base_model: acme/base}\n<<: *d\n---\n", "any"),
        "merge-list": (b"---\na: &a {license: mit}\nb: &b {base_model: acme/b}\n<<: [*a, *b]\n---\n", "any"),
        "merge-scalar": (b"---\n<<: mit\nlicense: mit\n---\n", "any"),
        "tag-python-object": (b"---\nlicense: !!python/object:os.system [x]\n---\n", "closed"),
        "tag-python-apply-base": (b"---\nlicense: mit\nbase_model: !!python/object/apply:os.getcwd []\n---\n", "finding"),
        "tag-binary-license": (b"---\nlicense: !!binary bWl0\n---\n", "closed"),
        "tag-binary-base": (b"---\nlicense: mit\nbase_model: !!binary YWNtZS94\n---\n", "finding"),
        "tag-set-license": (b"---\nlicense: !!set {mit: null}\n---\n", "closed"),
        "tag-omap-license": (b"---\nlicense: !!omap [{a: mit}]\n---\n", "closed"),
        "tag-custom": (b"---\nlicense: !vault mit\n---\n", "closed"),
        "tag-str-int": (b"---\nlicense: !!str 5\n---\n", "closed"),
        "tag-float-inf": (b"---\nlicense: !!float .inf\n---\n", "closed"),
        "alias-bomb-datasets": (("---\nlicense: mit\n" + BOMB + "datasets: *i\n---\n").encode(), "any"),
        "base-100k-list": (("---\nlicense: mit\nbase_model:\n" + "".join(f"- acme/m{i}\n" for i in range(100_000))
                            + "---\n").encode(), "finding"),
        "datasets-100k": (("---\nlicense: mit\ndatasets:\n" + "".join(f"- acme/d{i}\n" for i in range(100_000))
                           + "---\n").encode(), "any"),
        "license-50k-list": (("---\nlicense:\n" + "- mit\n" * 50_000 + "---\n").encode(), "any"),
        "license-deep": (("---\nlicense: " + "[" * 3000 + "mit" + "]" * 3000 + "\n---\n").encode(), "closed"),
        "base-deep-map": (("---\nlicense: mit\nbase_model: " + "{a: " * 2000 + "x" + "}" * 2000 + "\n---\n").encode(),
                          "finding"),
        "license-1mb": (("---\nlicense: " + "m" * 900_000 + "\n---\n").encode(), "closed"),
        "key-1mb": (("---\n" + "k" * 900_000 + ": 1\nlicense: mit\n---\n").encode(), "any"),
    }
    typed = {"int": "5", "float": "2.0", "bool": "true", "null": "null", "date": "2024-01-01",
             "list-of-maps": "[{a: 1}]", "map": "{id: acme/x}", "nan": ".nan", "empty": "''"}
    for key, owes in (("license", "closed"), ("license_name", "finding"), ("license_link", "finding"),
                      ("base_model", "finding"), ("base_model_relation", "any"), ("datasets", "any"),
                      ("tags", "any"), ("pipeline_tag", "any"), ("library_name", "any"), ("language", "any"),
                      ("extra_gated_prompt", "any"), ("model-index", "any"), ("model_name", "any")):
        for tname, value in typed.items():
            if key not in ("license", "base_model", "license_name") and tname not in ("int", "map"):
                continue
            lines = {"license": "license: other\nlicense_name: acme\n" if key == "license_link" else
                     "license: other\n" if key == "license_name" else "license: mit\n"}
            head = "" if key == "license" else lines["license"]
            base = "base_model: acme/base\n" if key == "base_model_relation" else ""
            shown_owes = owes if not (key == "base_model" and tname in ("null", "empty")) else "any"
            shown_owes = "any" if key == "license_link" and tname in ("null", "empty") else shown_owes
            shapes[f"{key}-{tname}"] = (f"---\n{head}{base}{key}: {value}\n---\n# m\n".encode(), shown_owes)
    for name, value in (("rtl", "acme/\u202ebase"), ("zero-width", "meta-llama/Llama\u200b-2-7b-hf"),
                        ("cyrillic-a", "meta-llama/Ll\u0430ma-2-7b-hf"), ("fullwidth-slash", "meta-llama\uff0fLlama-2-7b-hf"),
                        ("percent", "meta-llama%2FLlama-2-7b-hf"), ("dotdot", "../../../etc/passwd"),
                        ("absolute", "/etc/passwd"), ("url-creds", "https://user:hunter2@huggingface.co/acme/x"),
                        ("file-url", "file:///etc/passwd"), ("tilde", "~/model"), ("nul-escaped", "acme/x\\0y"),
                        ("newline", "acme/x\\ny"), ("only-slash", "/"), ("combining", "acme/x\u0301"),
                        ("long", "acme/" + "x" * 20_000)):
        shapes[f"base-id-{name}"] = (f'---\nlicense: mit\nbase_model: "{value}"\n---\n# m\n'.encode(), "finding")
    return shapes


def _p22_card_cases(base: Path) -> list[Case]:
    """p22-card: READMEs in UTF-16/32 (with and without BOM), Latin-1, CP-1252, overlong UTF-8, NUL bytes, CR-only or
    mixed line ends, U+2028; front matter with anchors, merge keys, `!!python/*`, `!!binary`, `!!set`, custom tags,
    alias bombs, 100k-entry lists, 3,000-deep nesting, 1 MB values; every card field holding an int, float, bool,
    null, date, map, NaN, hex; base_model ids with bidi controls, zero-width or look-alike characters, `%2F`, `..`,
    absolute paths, URLs with credentials. Audited beside a healthy folder and a catalog model: all three come out,
    the hostile one with a finding where the card gives no usable license (never a pass)."""
    cases: list[Case] = []
    for name, (data, owes) in _p22_card_shapes().items():
        folder = model_dir(base / name, "hostile-model", data)
        # a password written in the card's own base_model is the card's public text, quoted in the finding that names
        # the id as invalid (LIN002): only the user's credentials (HF_TOKEN, an --endpoint's userinfo) are kept out
        case = audit_local(base / name, name, folder, fail_closed=owes == "closed", finding=owes != "any",
                           check=_timed(60))
        case.entry = "p22-card"
        cases.append(case)
    return cases


def _p22_cardblank_cases(base: Path) -> list[Case]:
    """p22-cardblank: 200 card lines of a phrase the prose readers key on ("licensed under", "code is released under
    MIT", "using X as the base", "based on", "fine-tuned from", ...) followed by a run of blanks, tabs or markup up to
    the 1,000-character line bound: every reader is linear in the line (p21-cardcost kept the run at 200 blanks, where a
    quadratic reader still ends in seconds)."""
    phrases = ("This model is licensed under", "The code is released under MIT", "The code is licensed under",
               "Trained using", "We merged using", "It is based on", "fine-tuned from", "according to",
               "subject to", "governed by", "derived from", "initialized from", "a quantized version of",
               "Copyright", "Developed by", "trained on", "the previous version", "Base model:", "distilled from",
               "is a merge of", "For research only", "Contact", "parameters", "GPU hours", "tokens")
    fills = {"blanks": " ", "tabs": "\t", "nbsp": "\u00a0", "stars": "*", "dashes": "-"}
    cases: list[Case] = []
    for i, phrase in enumerate(phrases):
        for fname, fill in fills.items():
            if fname not in ("blanks",) and i % 10 != 0:
                continue
            line = phrase + fill * (990 - len(phrase)) + "x"
            folder = model_dir(base / f"{i}-{fname}", "hostile-model", "---\nlicense: mit\n---\n" + (line + "\n") * 200)
            cases.append(Case("p22-cardblank", f"{fname}-{phrase[:24]}", ["audit", str(folder), "--offline", "-f", "jsonl"],
                              models=["hostile-model"], allow2=False, timeout=150, check=_timed(60)))
    return cases


def _p22_config_cases(base: Path) -> list[Case]:
    """p22-config: adapter_config.json, config.json and model_index.json cut short, 20 MB, 10,000 deep, a list, NUL,
    UTF-16, with base_model_name_or_path of the wrong type, `..`, an absolute path, a URL with credentials or hidden
    characters: the folder is audited beside the healthy ones; an adapter whose config names no usable base has a
    finding."""
    bodies: dict[str, tuple[bytes, bool]] = {
        "cut": (b'{"base_model_name_or_path": "acme/x"', True),
        "huge": (b'{"base_model_name_or_path": "acme/x", "pad": "' + b"x" * 20_000_000 + b'"}', False),
        "deep": (b"[" * 10_000 + b"]" * 10_000, True),
        "list": (b'["acme/x"]', True),
        "nul": (b'{"base_model_name_or_path": "acme/\x00x"}', True),
        "utf16": ('{"base_model_name_or_path": "acme/x"}'.encode("utf-16"), False),
        "int": (b'{"base_model_name_or_path": 5}', True),
        "map": (b'{"base_model_name_or_path": {"a": 1}}', True),
        "dotdot": (b'{"base_model_name_or_path": "../../../../etc"}', True),
        "absolute": (b'{"base_model_name_or_path": "/etc/passwd"}', True),
        "creds": (b'{"base_model_name_or_path": "https://u:hunter2@huggingface.co/acme/x"}', True),
        "bidi": ('{"base_model_name_or_path": "acme/\u202ex"}'.encode(), True),
        "dup-key": (b'{"base_model_name_or_path": "acme/x", "base_model_name_or_path": "acme/y"}', False),
        "nan": (b'{"base_model_name_or_path": NaN}', True),
        "big-int": (b'{"r": ' + b"9" * 100_000 + b', "base_model_name_or_path": "acme/x"}', False),
        "empty": (b"", True),
    }
    cases: list[Case] = []
    for fname in ("adapter_config.json", "config.json", "model_index.json"):
        for name, (body, finding) in bodies.items():
            if fname != "adapter_config.json" and name not in ("cut", "huge", "deep", "list", "utf16", "int", "nan"):
                continue
            key = f"{fname.split('.')[0]}-{name}"
            folder = model_dir(base / key, "hostile-model", "---\nlicense: mit\n---\n# m\n")
            write(folder / fname, body)
            case = audit_local(base / key, key, folder, finding=finding and fname == "adapter_config.json",
                               check=_timed(60))
            case.entry = "p22-config"
            cases.append(case)
    return cases


def _p22_policy_cases(base: Path) -> list[Case]:
    """p22-policy: custom rules whose CEL does not parse (unclosed, bad operators, unknown escapes), is costly (nested
    comprehensions over ranges, string repetition), fails at run time on real facts (index out of range, int of a
    word, a map key absent, division by zero, a type mismatch), or calls matches() with invalid or catastrophic
    patterns; globs in licenses, waivers and curations that are invalid or backtrack (`*a*a*a*...`, 10,000 stars,
    unclosed brackets). Exit 2 naming the file (load-time errors), or the run goes on with a finding for each model."""
    rule = ("custom_rules:\n  - id: ACME022\n    title: t\n    severity: error\n    message: m\n"
            "    condition: {cond}\n")
    load_errors = {
        "cel-unclosed": "'size(model.id'", "cel-bad-op": "'model.id === \"x\"'", "cel-bad-escape": "'\"\\\\q\" == model.id'",
        "cel-trailing-dot": "'model.'", "cel-keyword": "'model.id in in []'", "cel-bad-number": "'1e99999999 > 0'",
        "cel-unicode-op": "'model.id \u2260 \"x\"'", "cel-only-comment": "'// nothing'",
    }
    runtime = {
        "cel-index": "'license.declared[99999] == \"x\"'", "cel-int-of-word": "'int(model.id) > 0'",
        "cel-missing-key": "'{\"a\": 1}[\"b\"] == 1'", "cel-div-zero": "'1 / (size(model.id) - size(model.id)) > 0'",
        "cel-type-mix": "'model.id + 1 == 2'", "cel-bad-regex": "'model.id.matches(\"(\")'",
        "cel-catastrophic-regex": "'(\"a\" * 1).matches(\"(a+)+$\") || model.id.matches(\"^(a|a)*$\")'",
        "cel-nested-all": "'[' + ','.join(['1'] * 1) + ']'",
        "cel-null-field": "'model.revision.startsWith(\"x\")'", "cel-duration": "'duration(\"forever\") > duration(\"1s\")'",
        "cel-timestamp": "'timestamp(\"yesterday\") > timestamp(\"2020-01-01T00:00:00Z\")'",
        "cel-overflow": "'9223372036854775807 + 1 > 0'", "cel-uint-neg": "'uint(-1) > 0u'",
    }
    runtime["cel-nested-all"] = "'[" + ",".join(["1"] * 400) + "].all(x, [" + ",".join(["1"] * 400) + "].all(y, x == y))'"
    runtime["cel-string-growth"] = "'size(model.id + model.id + model.id + model.id) > 0 && model.id.matches(\"^(.*)*x$\")'"
    globs = {
        "allow-stars": "licenses:\n  allow: ['" + "*a" * 500 + "b']\n",
        "deny-10k-stars": "licenses:\n  deny: ['" + "*" * 10_000 + "x']\n",
        "review-bracket": "licenses:\n  review: ['[[[[']\n",
        "allow-backslash": "licenses:\n  allow: ['mit\\\\']\n",
        "waiver-glob-stars": "waivers:\n  - {model: '" + "*a" * 500 + "', rule: '*', reason: r, expires: 2030-01-01}\n",
        "waiver-glob-bracket": "waivers:\n  - {model: '[!', rule: '*', reason: r, expires: 2030-01-01}\n",
        "curation-glob-stars": "curations:\n  - {model: '" + "*?" * 2000 + "', field: license, value: mit, reason: r, "
                               "author: a, expires: 2030-01-01}\n",
        "curation-value-typed": "curations:\n  - {model: '*', field: base_model, value: {a: [1]}, reason: r, "
                                "author: a, expires: 2030-01-01}\n",
        "curation-field-unknown": "curations:\n  - {model: '*', field: '__class__', value: x, reason: r, author: a, "
                                  "expires: 2030-01-01}\n",
    }
    cases: list[Case] = []
    for name, cond in {**load_errors, **runtime}.items():
        pol = write(base / f"{name}.yaml", rule.format(cond=cond))
        # `"\\q"` is CEL's escaped backslash and RE2 runs `^(.*)*x$` in linear time: both conditions are valid and
        # false, so the audit passes lawfully
        cases.append(Case("p22-policy", name, ["audit", BERT, GPT2, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT, GPT2], error_names=[pol.name], timeout=120,
                          fail_closed=name not in ("cel-bad-escape", "cel-string-growth"),
                          check=_timed(90, no_class_names)))
        if name in load_errors or name in ("cel-bad-regex", "cel-catastrophic-regex"):
            cases.append(Case("p22-policy", f"validate-{name}", ["policy", "validate", str(pol)], error_names=[pol.name],
                              timeout=90, check=_timed(60)))
    for name, text in globs.items():
        pol = write(base / f"{name}.yaml", text)
        cases.append(Case("p22-policy", name, ["audit", BERT, GPT2, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT, GPT2], error_names=[pol.name], timeout=120, check=_timed(90, no_class_names)))
    return cases


def _p22_catalog_cases(base: Path) -> list[Case]:
    """p22-catalog: --catalog lines of JSON that Python accepts and JSON does not (NaN, Infinity), trailing commas,
    comments, keys twice, 100,000 deep, a 20 MB string, a BOM on line 2, and records of the wrong types (siblings a
    map or 300,000 entries, cardData a list, sha an int, id a list, gated a word): the healthy model is audited, the
    hostile one has a finding or the line is refused naming the file and line."""
    good = catalog_line("acme/good")
    rid = "acme/p22-cat"
    lines: dict[str, str | bytes] = {
        "nan": catalog_line(rid).replace('"sha"', '"x": NaN, "sha"'),
        "infinity": catalog_line(rid).replace('"sha"', '"x": -Infinity, "sha"'),
        "trailing-comma": catalog_line(rid)[:-1] + ",}",
        "comment": "// " + catalog_line(rid),
        "dup-id": catalog_line(rid).replace('{"id"', '{"id": "acme/other", "id"'),
        "deep": '{"id": "' + rid + '", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "string-20mb": catalog_line(rid, pad="x" * 20_000_000),
        "bom-line": b"\xef\xbb\xbf" + catalog_line(rid).encode(),
        "siblings-map": catalog_line(rid, siblings={"rfilename": "README.md"}),
        "siblings-300k": catalog_line(rid, siblings=[{"rfilename": f"f{i}.bin"} for i in range(300_000)]),
        "siblings-ints": catalog_line(rid, siblings=[1, [2], None]),
        "carddata-list": catalog_line(rid, cardData=["license", "mit"]),
        "sha-int": catalog_line(rid, sha=5),
        "id-list": catalog_line(rid).replace(f'"id": "{rid}"', f'"id": ["{rid}"]'),
        "gated-word": catalog_line(rid, gated="sometimes"),
        "license-int": catalog_line(rid, cardData={"license": 5}),
        "base-map": catalog_line(rid, cardData={"license": "mit", "base_model": {"id": "x"}}),
        "cut": catalog_line(rid)[:40],
        "utf16-line": catalog_line(rid).encode("utf-16"),
        "nul-line": catalog_line(rid).encode().replace(b"acme", b"ac\x00me", 1),
    }
    cases: list[Case] = []
    for name, line in lines.items():
        data = good.encode() + b"\n" + (line if isinstance(line, bytes) else line.encode()) + b"\n"
        path = write(base / name / "catalog.jsonl", data)
        # a record whose file list is not a list reads as one without a file list (as a record with none: unknown
        # files are SEC003/SEC005's business under policies that ask), a SHA or gated state of the wrong type as
        # unknown, an unknown key as ignored: the license (mit) is known, so a pass is lawful for those
        lawful = name in ("string-20mb", "siblings-map", "siblings-ints", "siblings-300k", "sha-int", "gated-word")
        cases.append(Case("p22-catalog", name, ["audit", "acme/good", rid, "--offline", "--catalog", str(path), "-f", "jsonl"],
                          models=["acme/good"], affected=None if lawful else rid, fail_closed=not lawful,
                          error_names=[path.name], timeout=120, check=_timed(90)))
    return cases


def _p22_output_cases(base: Path) -> list[Case]:
    """p22-out: an output path that is the command's own input (the README read, the policy, the catalog, the refs
    file, the lock), a folder, or /dev/null's parent: either refused in one sentence naming it, or written with the
    input still intact; snapshot over its own --catalog must not lose the catalog it reads."""
    cases: list[Case] = []
    folder = model_dir(base, "hostile-model")
    readme = folder / "README.md"
    policy = write(base / "policy.yaml", "fail_on: error\n")
    catalog = write(base / "cat.jsonl", catalog_line("acme/good") + "\n")
    refs = write(base / "refs.txt", BERT + "\n")

    def intact(path: Path, start: bytes) -> Callable[[Result], str | None]:
        def check(result: Result) -> str | None:
            try:
                now = path.read_bytes()
            except OSError as exc:
                return f"{path.name} is gone ({exc.strerror})"
            if result.code != 2 and not now:
                return f"{path.name} was emptied"
            return None
        return check

    specs = [
        ("report-over-readme", ["report", str(folder), "--offline", "-f", "md", "-o", str(readme)], readme),
        ("sbom-over-policy", ["sbom", BERT, "--offline", "-p", str(policy), "-f", "cyclonedx", "-o", str(policy)], policy),
        ("report-over-refs", ["report", "--refs-file", str(refs), "--offline", "-f", "md", "-o", str(refs)], refs),
        ("snapshot-over-catalog", ["snapshot", "acme/good", "--offline", "--catalog", str(catalog), "-o", str(catalog)],
         catalog),
        ("audit-out-over-catalog", ["audit", "acme/good", "--offline", "--catalog", str(catalog), "-f", "json", "-o",
                                    str(catalog)], catalog),
        ("notice-into-model", ["notice", str(folder), "--offline", "-o", str(folder)], readme),
        ("sbom-to-root", ["sbom", BERT, "--offline", "-f", "cyclonedx", "-o", "/"], None),
        ("report-to-proc", ["report", BERT, "--offline", "-f", "md", "-o", "/proc/self/status"], None),
        ("audit-out-dev-null-dir", ["audit", BERT, "--offline", "-f", "json", "-o", "/dev/null/x.json"], None),
    ]
    for name, argv, guarded in specs:
        start = guarded.read_bytes() if guarded is not None else b""
        cases.append(Case("p22-out", name, argv, timeout=90,
                          check=_timed(60, intact(guarded, start)) if guarded is not None else _timed(60)))
    repo = _check_repo(base / "repo", {})
    lock = repo / "auditor.lock"
    cases.append(Case("p22-out", "lock-over-app", ["lock", str(repo), "--offline", "--no-cache", "--lock-file",
                                                    str(repo / "app.py")], check=intact(repo / "app.py", b"")))
    cases.append(Case("p22-out", "lock-file-is-folder", ["lock", str(repo), "--offline", "--no-cache", "--lock-file",
                                                          str(repo)], error_names=[repo.name]))
    cases.append(Case("p22-out", "check-locked-missing", ["check", str(repo), "--offline", "--locked", "--lock-file",
                                                           str(lock) + ".nope"], fail_closed=True))
    return cases


def _p22_command_cases(base: Path) -> list[Case]:
    """p22-cmd: every subcommand given one hostile argument it has not been given before: rules explain with a 100k
    or bidi id, licenses show/identify with binary, folders, FIFOs, NULs, 20 MB, UTF-16 texts; catalog list of a
    hostile catalog; policy show of a policy extending itself; lineage/openness with -f of junk."""
    cases: list[Case] = []
    binary = write(base / "bin.txt", bytes(range(256)) * 100)
    utf16 = write(base / "u16.txt", "Permission is hereby granted, free of charge".encode("utf-16"))
    huge = write(base / "huge.txt", "Permission is hereby granted " * 700_000)
    nul = write(base / "nul.txt", b"MIT License\x00" * 1000)
    one_line = write(base / "oneline.txt", "x" * 5_000_000)
    folder = base / "dir"
    folder.mkdir()
    fifo = base / "fifo"
    os.mkfifo(fifo)
    self_ext = write(base / "self.yaml", "extends: self.yaml\n")
    ring_a = write(base / "ring-a.yaml", "extends: ring-b.yaml\n")
    write(base / "ring-b.yaml", "extends: ring-a.yaml\n")
    cat = write(base / "cat.jsonl", catalog_line("acme/good") + "\n" + "{" * 50_000 + "\n" + catalog_line("acme/\u202eevil") + "\n")
    specs: list[tuple[str, list[str], bool, list[str]]] = [
        ("rules-explain-long", ["rules", "explain", "X" * 100_000], True, []),
        ("rules-explain-bidi", ["rules", "explain", "LIC\u202e001"], True, []),
        ("rules-explain-nul-ish", ["rules", "explain", "LIC001\\x00"], True, []),
        ("rules-list-policy-dir", ["rules", "list", "-p", str(folder)], True, [folder.name]),
        ("licenses-show-long", ["licenses", "show", "M" * 100_000], True, []),
        ("licenses-show-glob", ["licenses", "show", "*"], True, []),
        ("licenses-identify-binary", ["licenses", "identify", str(binary)], False, []),
        ("licenses-identify-utf16", ["licenses", "identify", str(utf16)], False, []),
        ("licenses-identify-huge", ["licenses", "identify", str(huge)], False, []),
        ("licenses-identify-nul", ["licenses", "identify", str(nul)], False, []),
        ("licenses-identify-oneline", ["licenses", "identify", str(one_line)], False, []),
        ("licenses-identify-dir", ["licenses", "identify", str(folder)], True, [folder.name]),
        ("licenses-identify-fifo", ["licenses", "identify", str(fifo)], True, [fifo.name]),
        ("catalog-list-hostile", ["catalog", "list", "--catalog", str(cat)], False, []),
        ("policy-show-self", ["policy", "show", str(self_ext)], True, [self_ext.name]),
        ("policy-validate-ring", ["policy", "validate", str(ring_a)], True, [ring_a.name]),
        ("lineage-format-junk", ["lineage", BERT, "--offline", "-f", "\u202ejson"], True, []),
        ("openness-format-list", ["openness", BERT, "--offline", "-f", "json,json,json"], False, []),
        ("audit-as-traversal", ["audit", str(model_dir(base, "m")), "--as", "../../etc", "--offline", "-f", "jsonl"], False, []),
    ]
    for name, argv, want2, names in specs:
        cases.append(Case("p22-cmd", name, argv, want2=want2, error_names=names, timeout=90, check=_timed(60)))
    return cases


def _p22_hub_cases(base: Path, hub: Any) -> list[Case]:
    """p22-hub: a loopback fake Hub whose answers are of the wrong types in new places (siblings of 300,000 entries,
    entries that are ints or lists, rfilename with `..` or a NUL, cardData.base_model a map, gated a number, tags a
    string, sha a list, lastModified junk), and faults on the base's README (503 with Retry-After -1, a redirect to
    itself, a drip): the healthy model complete, the affected one with a finding, time bounded."""
    card = "---\nlicense: mit\n---\n# m\n"
    good = {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}}
    hub.add_repo("acme/p22-good", good, {"README.md": card})
    cases: list[Case] = []
    shapes: dict[str, tuple[dict[str, Any], bool]] = {
        "siblings-300k": ({**good, "siblings": [{"rfilename": f"shard-{i}.safetensors"} for i in range(300_000)]}, False),
        "siblings-ints": ({**good, "siblings": [1, [2], None, "README.md"]}, False),
        "siblings-dotdot": ({**good, "siblings": [{"rfilename": "../../etc/passwd"}, {"rfilename": "README.md"}]}, False),
        "siblings-nul": ({**good, "siblings": [{"rfilename": "READ\u0000ME.md"}]}, False),
        "base-map": ({**good, "cardData": {"license": "mit", "base_model": {"id": "acme/x"}}}, False),
        "base-list-of-lists": ({**good, "cardData": {"license": "mit", "base_model": [["acme/x"]]}}, False),
        "gated-number": ({**good, "gated": 3}, False),  # a card problem (warning) names it; the license is mit
        "tags-string": ({**good, "tags": "license:mit"}, False),
        "license-list-of-maps": ({**good, "cardData": {"license": [{"id": "mit"}]}}, False),  # the license:mit tag names it
        "lastmodified-junk": ({**good, "lastModified": "yesterday-ish"}, False),
        "private-string": ({**good, "private": "no"}, False),
        "carddata-huge-string": ({**good, "cardData": {"license": "mit", "x": "y" * 5_000_000}}, False),
    }
    env_home = base / "home"

    def run(name: str, argv: list[str], rid: str | None, closed: bool) -> None:
        home = env_home / name
        models = ["acme/p22-good", *([rid] if rid else [])]
        cases.append(Case("p22-hub", name, [*argv, "--endpoint", hub.url], models=models,
                          affected=rid if closed else None, fail_closed=closed, allow2=False, timeout=150,
                          env={"HF_HOME": str(home / "hf"), "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_ENDPOINT": hub.url},
                          check=_timed(120, _p20_healthy("acme/p22-good"))))

    for name, (body, closed) in shapes.items():
        rid = f"acme/p22-{name}"
        # the README is the card, read before the API's cardData: where cardData is the hostile part, the README has
        # no front matter (with `license: mit` in it the model passed on the README's word). A README without front
        # matter is itself the card's word (a card problem, the license from the license: tag), so a base_model only
        # cardData holds is not read: exit 0 with that warning is lawful (re-run on e227d5e)
        hub.add_repo(rid, body, {"README.md": "# m\n" if "cardData" in body and body["cardData"] != good["cardData"]
                                 else card})
        run(f"api-{name}", ["audit", rid, "acme/p22-good", "-f", "jsonl"], rid, closed)
    for name, kind, extra in (("503-neg", "status", {"status": 503, "retry_after": "-1"}),
                              ("redirect-loop", "redirect-301-loop", {}), ("drip", "drip", {})):
        base_id, child = f"acme/p22-rbase-{name}", f"acme/p22-rchild-{name}"
        hub.add_repo(base_id, good, {"README.md": card})
        hub.fault(f"/{base_id}/resolve/*/README.md", kind, **extra)
        hub.add_repo(child, {**good, "cardData": {"license": "mit", "base_model": base_id}},
                     {"README.md": f"---\nlicense: mit\nbase_model: {base_id}\n---\n# m\n"})
        run(f"base-readme-{name}", ["audit", child, "acme/p22-good", "-f", "jsonl"], None, False)
    return cases


def pass22_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("card", _p22_card_cases), ("cardblank", _p22_cardblank_cases), ("config", _p22_config_cases),
                        ("policy", _p22_policy_cases), ("catalog", _p22_catalog_cases), ("out", _p22_output_cases),
                        ("cmd", _p22_command_cases), ("hub", lambda b: _p22_hub_cases(b, hub))):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ p23: locks, lineage shapes, typed YAML, outputs


def _p23_valid_outputs(*paths: Path) -> Callable[[Result], str | None]:
    """Broken when an output that exists is not what its format promises: strict UTF-8, JSON (SARIF, JSON) that
    parses and holds no lone surrogate escape, JUnit XML that parses, HTML with no raw control character."""
    def check(result: Result) -> str | None:
        import re as _re  # lazy: probe-only helper
        import xml.etree.ElementTree as ET  # lazy: probe-only helper
        for path in paths:
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            for one in files:
                if not one.is_file():
                    continue
                data = one.read_bytes()
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    return f"{one.name} is not UTF-8 ({exc.reason})"
                if one.suffix in (".json", ".sarif") or one.name.endswith(".sarif.json"):
                    try:
                        json.loads(text)
                    except ValueError as exc:
                        return f"{one.name} is not JSON ({exc})"
                    if _re.search(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])", text):
                        return f"{one.name} holds a lone surrogate escape"
                if one.suffix == ".xml":
                    try:
                        ET.fromstring(data)
                    except ET.ParseError as exc:
                        return f"{one.name} is not XML ({exc})"
                if one.suffix in (".html", ".xml", ".md") and _re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
                    return f"{one.name} holds a raw control character"
        return None
    return check


def _p23_no_text(secret: str, *paths: Path) -> Callable[[Result], str | None]:
    """Broken when stdout, stderr or an output file holds `secret`."""
    def check(result: Result) -> str | None:
        if secret in result.stdout or secret in result.stderr:
            return "the secret is printed"
        for path in paths:
            files = sorted(path.rglob("*")) if path.is_dir() else [path]
            for one in files:
                with contextlib.suppress(OSError):
                    if one.is_file() and secret.encode() in one.read_bytes():
                        return f"{one.name} holds the secret"
        return None
    return check


def _p23_not_said(words: str) -> Callable[[Result], str | None]:
    """Broken when stdout or stderr holds `words` (a library's advice to a programmer, not a sentence for the user)."""
    def check(result: Result) -> str | None:
        return f"says {words!r}" if words in result.stdout + result.stderr else None
    return check


def _p23_lock_cases(base: Path) -> list[Case]:
    """p23-lock: `check --locked`, `notice --lock` and `lock` over locks a hand or a tool spoilt in ways not tried:
    models a map, 10,000 models naming one id, a record whose facts are a string, SHAs of 39 or 41 characters or
    upper case, lock_version a string, a float, negative or huge, YAML instead of JSON, JSON with comments, a lock
    that is a link to /proc/self/environ, and repositories whose app.py is binary or whose lock is a folder."""
    repo0 = base / "template"
    _check_repo(repo0, {})
    built = subprocess.run([sys.executable, "-m", "auditor", "lock", str(repo0), "--offline", "--no-cache"],
                           env={**os.environ, "PYTHONPATH": str(REFERENCE_TREE[0])}, capture_output=True, check=False)
    try:
        good = json.loads((repo0 / "auditor.lock").read_text())
    except (OSError, ValueError):
        print(f"p23-lock: no template lock ({built.stderr.decode()[-300:]})")
        return []
    model = good["models"][0]

    def variant(**over: Any) -> str:
        doc = json.loads(json.dumps(good))
        for key, value in over.items():
            if key.startswith("m_"):
                doc["models"][0][key[2:]] = value
            else:
                doc[key] = value
        return json.dumps(doc)

    locks: dict[str, tuple[str | bytes, bool]] = {  # name -> (lock text, whether the locked check must fail closed)
        "models-map": (variant(models={"a": model}), True),
        "models-10k-same": (variant(models=[model] * 10_000), False),
        "facts-string": (variant(m_facts="x"), True),
        "facts-list": (variant(m_facts=[1, 2]), True),
        "sha-39": (variant(m_sha="a" * 39), True),
        "sha-41": (variant(m_sha="a" * 41), True),
        "sha-upper": (variant(m_sha=model["sha"].upper()), True),
        "sha-nonhex": (variant(m_sha="z" * 40), True),
        "version-string": (variant(lock_version="2"), True),
        "version-float": (variant(lock_version=2.0), True),
        "version-negative": (variant(lock_version=-1), True),
        "version-huge": (variant(lock_version=10 ** 30), True),
        "version-bool": (variant(lock_version=True), True),
        "records-map": (variant(records={"x": 1}), True),
        "records-ints": (variant(records=[1, 2, 3]), True),
        "id-traversal": (variant(m_id="../../etc/passwd"), True),
        "id-bidi": (variant(m_id="google-bert/bert-base-\u202euncased"), True),
        "digest-wrong": (variant(m_facts_digest="0" * 64), True),
        "yaml-lock": ("lock_version: 2\nmodels: []\n", True),
        "json-comment": ("// hand edit\n" + json.dumps(good), True),
        "bom-crlf": (b"\xef\xbb\xbf" + json.dumps(good, indent=1).replace("\n", "\r\n").encode(), False),
        "utf16": (json.dumps(good).encode("utf-16"), True),
        "nul-middle": (json.dumps(good).encode().replace(b'"models"', b'"mod\x00els"'), True),
        "deep-facts": (variant(m_facts="@DEEP@").replace('"@DEEP@"', "[" * 5000 + "]" * 5000), True),
        "empty-object": ("{}", True),
    }
    cases: list[Case] = []
    for name, (text, closed) in locks.items():
        repo = _check_repo(base / name, {})
        write(repo / "auditor.lock", text)
        cases.append(Case("p23-lock", f"check-locked-{name}", ["check", str(repo), "--offline", "--locked", "--no-cache", "-f", "json"],
                          fail_closed=closed, error_names=["auditor.lock"], timeout=120,
                          check=_timed(90, _p23_not_said("utf-8-sig"))))
        if name in ("models-map", "facts-string", "sha-39", "version-string", "id-traversal", "yaml-lock", "utf16",
                    "deep-facts", "models-10k-same", "records-ints"):
            cases.append(Case("p23-lock", f"notice-{name}", ["notice", "--lock", str(repo / "auditor.lock"), "--offline",
                                                            "-o", str(base / f"n-{name}")],
                              # one entry copied 10,000 times is one model: 42 s when each copy was covered again
                              fail_closed=closed, error_names=["auditor.lock"], timeout=120,
                              check=_timed(20 if name == "models-10k-same" else 90)))
    # lock over repositories that fight the scanner
    repo = _check_repo(base / "environ-link", {})
    os.symlink("/proc/self/environ", repo / "auditor.lock")
    cases.append(Case("p23-lock", "check-locked-environ", ["check", str(repo), "--offline", "--locked", "--no-cache", "-f", "json"],
                      env={"HF_TOKEN": "hf_p23SECRETenvironTOKEN"}, fail_closed=True,
                      check=_p23_no_text("hf_p23SECRETenvironTOKEN")))
    repo = _check_repo(base / "lock-dir", {})
    (repo / "auditor.lock").mkdir()
    cases.append(Case("p23-lock", "lock-when-lock-is-dir", ["lock", str(repo), "--offline", "--no-cache"], want2=True,
                      error_names=["auditor.lock"]))
    repo = _check_repo(base / "binary-py", {"model.py": bytes(range(256)) * 4000, "weights.py": b"\x00" * 100_000})
    cases.append(Case("p23-lock", "lock-binary-py", ["lock", str(repo), "--offline", "--no-cache"], check=_timed(60)))
    return cases


def _p23_refs_cases(base: Path) -> list[Case]:
    """p23-refs: --refs-file in UTF-16 BE/LE with and without BOM, UTF-32, Latin-1 bytes, a NUL-separated list, CR
    only, a line that is only a BOM, a 10 MB line, a directory, /dev/null, /proc/self/environ (which holds a token:
    never printed), a file whose lines are absolute paths of folders that do not exist: the readable lines are
    audited, the rest named, never exit 0 for a line that names nothing."""
    lines = f"{BERT}\nacme/\u00e9t\u00e9\n"
    files: dict[str, tuple[bytes, bool]] = {  # name -> (bytes, must fail closed)
        "utf16-be-bom": (b"\xfe\xff" + lines.encode("utf-16-be"), True),
        "utf16-le-nobom": (lines.encode("utf-16-le"), True),
        "utf32": (lines.encode("utf-32"), True),
        "latin1": (f"{BERT}\nacme/\xe9t\xe9\n".encode("latin-1"), True),
        "nul-separated": (f"{BERT}\0{GPT2}\0".encode(), True),
        "cr-only": (f"{BERT}\r{GPT2}\r".encode(), False),
        "bom-only-line": (f"\ufeff\n{BERT}\n".encode(), False),
        "line-10mb": ((BERT + "\n" + "a" * 10_000_000 + "\n").encode(), True),
        "missing-folders": (f"{BERT}\n/nonexistent/p23/model\n./nope/model\n".encode(), True),
        "tabs-inside": (f"{BERT}\tcomment\n".encode(), False),
        "ref-with-at-empty": (f"{BERT}\n{GPT2}@\n".encode(), True),
        "url-encoded-slash": (f"{BERT}\nacme%2Fgood\n".encode(), True),
    }
    cases: list[Case] = []
    for name, (data, closed) in files.items():
        path = write(base / f"{name}.txt", data)
        cases.append(Case("p23-refs", name, ["audit", "--refs-file", str(path), "--offline", "-f", "jsonl"],
                          fail_closed=closed, error_names=[path.name], timeout=120, check=_timed(90)))
    folder = base / "refs-dir"
    folder.mkdir()
    cases.append(Case("p23-refs", "directory", ["audit", "--refs-file", str(folder), "--offline"], want2=True,
                      error_names=[folder.name]))
    cases.append(Case("p23-refs", "dev-null", ["audit", "--refs-file", "/dev/null", "--offline"], fail_closed=True))
    cases.append(Case("p23-refs", "proc-environ", ["audit", "--refs-file", "/proc/self/environ", "--offline", "-f", "jsonl"],
                      env={"HF_TOKEN": "hf_p23SECRETrefsTOKEN"}, fail_closed=True, check=_p23_no_text("hf_p23SECRETrefsTOKEN")))
    # /proc/self/environ quotes its first 80 characters, which hold the token only when it comes first: a line that
    # is the variable as pasted from a shell (`export HF_TOKEN=...` copied into the list) is the sharp form
    pasted = write(base / "pasted.txt", f"HF_TOKEN=hf_p23SECRETpasteTOKEN\x00PATH=/bin\n{BERT}\n".encode())
    for fmt in ("text", "json", "jsonl"):
        cases.append(Case("p23-refs", f"token-pasted-{fmt}", ["audit", "--refs-file", str(pasted), "--offline", "-f", fmt],
                          env={"HF_TOKEN": "hf_p23SECRETpasteTOKEN"}, fail_closed=True,
                          check=_p23_no_text("hf_p23SECRETpasteTOKEN")))
    cases.append(Case("p23-refs", "report-proc-environ", ["report", "--refs-file", "/proc/self/environ", "--offline", "-f",
                                                          "md", "-o", str(base / "environ.md")],
                      env={"HF_TOKEN": "hf_p23SECRETrepTOKEN"}, check=_p23_no_text("hf_p23SECRETrepTOKEN", base / "environ.md")))
    return cases


def _p23_catalog_cases(base: Path) -> list[Case]:
    """p23-catalog: lineage shapes a catalog can hold: a chain 5,000 deep, a base list of 10,000 ids, a model whose
    base list names itself among others, a 3-cycle through lists, an id twice with different bases, one base both as
    a string and a map, a base id with `..`, a URL, a fullwidth solidus, an RTL mark: the healthy model is audited,
    the hostile one has a finding (depth or unresolved bases are never a pass), all in bounded time."""
    good = catalog_line("acme/good")
    rid = "acme/p23"
    chain = [catalog_line(f"acme/c{i}", cardData={"license": "mit", "base_model": f"acme/c{i + 1}"}) for i in range(5000)]
    chain.append(catalog_line("acme/c5000"))
    shapes: dict[str, tuple[list[str], bool]] = {  # name -> (lines after good, the hostile model must fail closed)
        "chain-5000": (chain, True),
        "bases-10k": ([catalog_line(rid, cardData={"license": "mit", "base_model": [f"acme/b{i}" for i in range(10_000)]})], True),
        "self-among-others": ([catalog_line(rid, cardData={"license": "mit", "base_model": ["acme/good", rid]})], False),
        "cycle3": ([catalog_line(rid, cardData={"license": "mit", "base_model": ["acme/y"]}),
                    catalog_line("acme/y", cardData={"license": "mit", "base_model": ["acme/z"]}),
                    catalog_line("acme/z", cardData={"license": "mit", "base_model": [rid]})], False),
        "dup-id-diff-bases": ([catalog_line(rid, cardData={"license": "mit", "base_model": "acme/good"}),
                               catalog_line(rid, cardData={"license": "mit", "base_model": "acme/missing"})], True),
        "base-dotdot": ([catalog_line(rid, cardData={"license": "mit", "base_model": "acme/../etc"})], True),
        "base-url": ([catalog_line(rid, cardData={"license": "mit", "base_model": "https://evil.example/x/y"})], True),
        "base-fullwidth-slash": ([catalog_line(rid, cardData={"license": "mit", "base_model": "acme\uff0fgood"})], True),
        "base-rtl": ([catalog_line(rid, cardData={"license": "mit", "base_model": "acme/\u200fgood"})], True),
        "base-pct-slash": ([catalog_line(rid, cardData={"license": "mit", "base_model": "acme%2Fgood"})], True),
        "base-list-of-lists": ([catalog_line(rid, cardData={"license": "mit", "base_model": [["acme/good"]]})], True),
        "license-list-of-lists": ([catalog_line(rid, cardData={"license": [["mit"], ["apache-2.0"]]})], True),
        "license-deep": ([catalog_line(rid, cardData={"license": "@DEEP@"}).replace('"@DEEP@"', "[" * 3000 + '"mit"' + "]" * 3000)], True),
        "relation-junk": ([catalog_line(rid, cardData={"license": "mit", "base_model": "acme/good",
                                                        "base_model_relation": ["merge", {"x": 1}]})], False),
    }
    cases: list[Case] = []
    for name, (lines, closed) in shapes.items():
        path = write(base / name / "catalog.jsonl", "\n".join([good, *lines]) + "\n")
        target = "acme/c0" if name == "chain-5000" else rid
        # a catalog line the reader cannot use (nested past its depth bound) stops the run naming file and line, as every
        # malformed catalog line does (the `catalog` family's truncated-line): exit 2 is lawful for that one
        refused = name == "license-deep"
        cases.append(Case("p23-catalog", name, ["audit", "acme/good", target, "--offline", "--catalog", str(path), "-f", "jsonl"],
                          models=["acme/good", target], affected=target if closed else None, fail_closed=closed,
                          allow2=refused, error_names=["catalog.jsonl", ":2"] if refused else [], timeout=150,
                          check=_timed(120)))
        if name in ("chain-5000", "bases-10k", "cycle3", "license-deep"):
            for cmd, extra in (("lineage", ["-f", "json"]), ("sbom", ["-f", "cyclonedx", "-o", str(base / f"{name}.cdx.json")]),
                               ("report", ["-f", "html", "-o", str(base / f"{name}.html")])):
                cases.append(Case("p23-catalog", f"{cmd}-{name}", [cmd, target, "--offline", "--catalog", str(path), *extra],
                                  timeout=150, check=_timed(120)))
    bom = write(base / "bom" / "catalog.jsonl", b"\xef\xbb\xbf" + (good + "\n" + catalog_line(rid) + "\n").encode())
    cases.append(Case("p23-catalog", "bom-first-line", ["audit", "acme/good", rid, "--offline", "--catalog", str(bom)],
                      error_names=["catalog.jsonl"], fail_closed=True, check=_p23_not_said("utf-8-sig")))
    return cases


_P23_POLICIES: dict[str, str] = {
    "date-key": "licenses:\n  allow: [MIT]\n2024-01-01: x\n",
    "null-key": "licenses:\n  allow: [MIT]\n~: x\n",
    "bool-key": "licenses:\n  allow: [MIT]\ntrue: x\n",
    "int-key-in-rules": "rules:\n  1: {severity: error}\n",
    "binary-tag": "licenses:\n  allow: !!binary TUlU\n",
    "set-tag": "licenses:\n  allow: !!set {MIT, Apache-2.0}\n",
    "omap-tag": "licenses: !!omap [{allow: [MIT]}]\n",
    "python-object": "licenses:\n  allow: !!python/object/apply:os.system ['echo p23-pwned']\n",
    "python-name": "fail_on: !!python/name:os.system\n",
    "float-tag-mau": "use:\n  monthly_active_users: !!float 1e400\n",
    "mau-huge": "use:\n  monthly_active_users: " + "9" * 4000 + "\n",
    "mau-nan": "use:\n  monthly_active_users: .nan\n",
    "mau-negative": "use:\n  monthly_active_users: -5\n",
    "max-depth-negative": "lineage:\n  max_depth: -1\n",
    "max-depth-huge": "lineage:\n  max_depth: 100000000000000000000\n",
    "max-depth-float": "lineage:\n  max_depth: 2.5\n",
    "fail-on-list": "fail_on: [error]\n",
    "fail-on-date": "fail_on: 2024-01-01\n",
    "deep-list": "licenses:\n  allow: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep-map": "licenses:\n  allow: [MIT]\nx: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "merge-into-licenses": "base: &b {allow: [MIT], deny: [MIT]}\nlicenses:\n  <<: *b\n  allow: [Apache-2.0]\n",
    "merge-list": "a: &a {allow: [MIT]}\nb: &b {deny: [GPL-3.0-only]}\nlicenses:\n  <<: [*a, *b]\n",
    "dup-key-licenses": "licenses:\n  allow: [MIT]\nlicenses:\n  deny: [MIT]\n",
    "dup-key-nested": "licenses:\n  allow: [MIT]\n  allow: [Apache-2.0]\n",
    "anchor-self": "a: &a [*a]\n",
    "extends-list": "extends: [builtin:default, builtin:commercial]\n",
    "extends-empty": "extends: ''\n",
    "extends-url": "extends: https://evil.example/policy.yaml\n",
    "extends-proc": "extends: /proc/self/environ\n",
    "yaml-directive": "%YAML 1.1\n---\nfail_on: error\n",
    "two-documents": "fail_on: error\n---\nfail_on: warning\n",
    "only-comment": "# nothing here\n",
    "document-end-only": "...\n",
    "tab-indent": "licenses:\n\tallow: [MIT]\n",
    "unicode-escape-key": "\"lic\\u0065nses\":\n  allow: [MIT]\n",
    "nbsp-value": "fail_on: \"error\u00a0\"\n",
    "rules-severity-junk": "rules:\n  LIC001: {severity: fatal}\n",
    "rules-enabled-string": "rules:\n  LIC001: {enabled: 'no'}\n",
    "rules-list": "rules: [LIC001]\n",
}
_P23_WAIVER_DATES: dict[str, str] = {
    "tz-plus25": "2099-01-01T00:00:00+25:00", "tz-word": "'2099-01-01 CET'", "year-zero": "0000-01-01",
    "int-date": "20990101", "date-list": "[2099-01-01]", "empty": "''", "null": "~", "tomorrow": "tomorrow",
    "iso-week": "2099-W01-1", "leap-second": "'2016-12-31T23:59:60Z'", "year-10000": "'10000-01-01'",
    "expired-with-tz": "2001-01-01T00:00:00-12:00",
}


def _p23_policy_cases(base: Path) -> list[Case]:
    """p23-policy: policies with keys that are dates, null or booleans, !!binary/!!set/!!omap/!!python tags, counts of
    4,000 digits, NaN, negative or fractional, fail_on of the wrong type, 5,000-deep lists, merge keys into the
    license lists, keys twice, extends to lists, URLs and /proc, YAML directives and two documents; and waivers whose
    expiry carries an hour offset of 25, a zone word, year 0 or 10,000, a leap second or an ISO week: exit 2 in one
    sentence naming the file, or the run with the policy applied; an odd waiver date never silences an error."""
    cases: list[Case] = []
    for name, text in _P23_POLICIES.items():
        path = write(base / f"p23-{name}.yaml", text)
        closed = name in ("python-object", "python-name")
        cases.append(Case("p23-policy", f"audit-{name}", ["audit", BERT, "--offline", "-p", str(path), "-f", "jsonl"],
                          models=[BERT], error_names=[path.name], timeout=90, fail_closed=closed,
                          check=_timed(60, _p18_no_escape("p23-pwned") if closed else None)))
        cases.append(Case("p23-policy", f"validate-{name}", ["policy", "validate", str(path)], error_names=[path.name],
                          timeout=90, check=_timed(60)))
    # 3,000 custom rules (under the policy's size bound): each was type-checked on a sample converted anew (20 s)
    many = write(base / "p23-many-rules.yaml", "custom_rules:\n" + "".join(
        f"  - {{id: AC{chr(65 + i // 1000)}{i % 1000:03d}, title: t, severity: note, message: m, "
        f"condition: 'model.id == \"acme/x{i}\"'}}\n" for i in range(3000)))
    cases.append(Case("p23-policy", "audit-many-rules", ["audit", BERT, GPT2, "--offline", "-p", str(many), "-f", "jsonl"],
                      models=[BERT, GPT2], timeout=90, check=_timed(14)))
    fire = ("custom_rules:\n  - id: ACME023\n    title: always\n    condition: \"true\"\n    severity: error\n"
            "    message: \"{model.id} fires\"\n")
    for name, date in _P23_WAIVER_DATES.items():
        path = write(base / f"p23-waive-{name}.yaml", fire + "waivers:\n  - {model: '*', rule: ACME023, reason: legal, "
                     f"expires: {date}}}\n")
        cases.append(Case("p23-policy", f"waiver-{name}", ["audit", BERT, "--offline", "-p", str(path), "-f", "jsonl"],
                          fail_closed=name != "tz-plus25" and name != "year-10000", error_names=[path.name], timeout=60))
    return cases


def _p23_cel_cases(base: Path) -> list[Case]:
    """p23-cel: CEL conditions that fail only on some models or only at run time in new ways: a map over a list
    dividing by zero, INT64_MIN / -1 and % -1, int() of a 20-digit string, double NaN compared, a timestamp past
    year 9999, a string repeated by size, a has() on a non-message, a macro over a map's keys dividing, a ternary of
    mixed types, a comprehension 3 deep over 100: each model gets a finding (never a silent pass), the run goes on."""
    rule = ("custom_rules:\n  - id: ACME023\n    title: t\n    severity: error\n    message: m\n"
            "    condition: {cond}\n")
    conds = {
        "map-div-zero": "'[1, 2].map(x, x / 0).size() > 0'",
        "int-min-div": "'-9223372036854775808 / -1 > 0'",
        "int-min-mod": "'-9223372036854775808 % -1 == 0'",
        "int-of-20-digits": "'int(\"99999999999999999999\") > 0'",
        "nan-compare": "'double(\"NaN\") == double(\"NaN\")'",
        "timestamp-past-9999": "'timestamp(\"9999-12-31T23:59:59Z\") + duration(\"1s\") > timestamp(\"2020-01-01T00:00:00Z\")'",
        "has-on-string": "'has(model.id.x)'",
        "map-keys-div": "'{\"a\": 1}.exists(k, 1 / 0 == 1)'",
        "ternary-mixed": "'(size(model.id) > 0 ? 1 : \"x\") == 1'",
        "triple-comprehension": "'[' + ','.join(['1'] * 100) + '].all(a, [' + ','.join(['1'] * 100) + '].all(b, [' + ','.join(['1'] * 100) + '].all(c, a == b)))'",
        "double-overflow": "'1.7976931348623157e308 * 10.0 > 0.0'",
        "uint-overflow": "'18446744073709551615u + 1u > 0u'",
        "string-to-bytes-bad": "'bytes(model.id).size() / 0 > 0'",
        "list-index-negative": "'license.declared[-1] == \"x\"'",
    }
    conds["triple-comprehension"] = ("'[" + ",".join(["1"] * 100) + "].all(a, [" + ",".join(["1"] * 100) + "].all(b, ["
                                     + ",".join(["1"] * 100) + "].all(c, a == b)))'")
    cases: list[Case] = []
    lawful = ("nan-compare", "triple-comprehension", "ternary-mixed")  # valid conditions that are false or true
    for name, cond in conds.items():
        pol = write(base / f"{name}.yaml", rule.format(cond=cond))
        cases.append(Case("p23-cel", name, ["audit", BERT, GPT2, "--offline", "-p", str(pol), "-f", "jsonl"],
                          models=[BERT, GPT2], error_names=[pol.name], timeout=120, fail_closed=name not in lawful,
                          check=_timed(90, no_class_names)))
    return cases


def _p23_id_cases(base: Path) -> list[Case]:
    """p23-id: model ids on the command line with Cyrillic look-alikes, an RTL mark or override, a zero-width joiner,
    `..` parts, a URL-encoded slash, a fullwidth solidus, a fragment or query, two slashes, 300 characters, a leading
    dash after `--`: each through audit (JSON Lines beside a healthy id), SARIF/JUnit and report; never a pass for
    an id that names nothing, never a raw bidi control in an output."""
    ids = {
        "cyrillic-o": "g\u043eogle-bert/bert-base-uncased", "rlm": "google-bert/\u200fbert-base-uncased",
        "rlo": "google-bert/\u202ebert-base-uncased", "zwj": "google-bert/bert\u200d-base-uncased",
        "dotdot-name": "google-bert/..", "dotdot-org": "../bert-base-uncased", "dotdot-middle": "google-bert/../x",
        "pct-slash": "google-bert%2Fbert-base-uncased", "fullwidth-slash": "google-bert\uff0fbert-base-uncased",
        "fragment": "google-bert/bert-base-uncased#x", "query": "google-bert/bert-base-uncased?revision=x",
        "double-slash": "google-bert//bert-base-uncased", "long": "acme/" + "x" * 300,
        "combining": "google-bert/bert-base-uncased\u0301", "dash-lead": "-acme/x",
    }
    cases: list[Case] = []
    for name, rid in ids.items():
        cases.append(Case("p23-id", f"audit-{name}", ["audit", GPT2, "--offline", "-f", "jsonl", "--", rid], models=[GPT2],
                          fail_closed=True, timeout=60))
        out = base / name
        out.mkdir()
        cases.append(Case("p23-id", f"formats-{name}", ["audit", "--offline", "-f", "sarif,junit,json", "-o", str(out), "--", rid],
                          fail_closed=True, timeout=60, check=_p23_valid_outputs(out)))
        if name in ("rlo", "cyrillic-o", "dotdot-middle", "pct-slash", "long"):
            cases.append(Case("p23-id", f"report-{name}", ["report", "--offline", "-f", "html", "-o", str(out / "r.html"), "--", rid],
                              timeout=60, check=_p23_valid_outputs(out / "r.html")))
    return cases


def _p23_card_cases(base: Path) -> list[Case]:
    """p23-card: cards whose front matter is over 1 MB, holds 10,000 base_model entries, base_model a map of maps,
    license a list of lists or 2,000 deep, license_name a list, datasets 50,000 long, tags a map, a config.json of
    50 MB, a README that is a link to /proc/self/environ (with a token set: never copied) or to itself, binary files
    named README.md: the healthy models are audited, the hostile one has a finding, bounded time and memory."""
    fm = "---\n{}\n---\n# m\n"
    cards: dict[str, tuple[str | bytes, bool | None]] = {  # name -> (README, fail closed; None: a finding, exit 0 lawful)
        "fm-1mb": (fm.format("license: mit\nextra: \"" + "x" * 1_200_000 + "\""), False),
        "fm-1mb-lines": (fm.format("license: mit\n" + "".join(f"k{i}: v\n" for i in range(120_000))), False),
        "bases-10k": (fm.format("license: mit\nbase_model:\n" + "".join(f"  - acme/b{i}\n" for i in range(10_000))), True),
        "base-map-of-maps": (fm.format("license: mit\nbase_model: {a: {b: {c: acme/x}}}"), True),
        "license-list-of-lists": (fm.format("license: [[mit], [apache-2.0]]"), True),
        "license-deep": (fm.format("license: " + "[" * 2000 + "mit" + "]" * 2000), True),
        # a custom license (`other`) is a warning under the default policy (`custom: warn`): exit 0 with a finding
        "license-name-list": (fm.format("license: other\nlicense_name: [[a], [b]]\nlicense_link: [x]"), None),
        "datasets-50k": (fm.format("license: mit\ndatasets:\n" + "".join(f"  - acme/d{i}\n" for i in range(50_000))), False),
        "tags-map": (fm.format("license: mit\ntags: {a: 1}"), False),
        "license-surrogate": (fm.format('license: "\\ud800mit"'), True),
        "license-control": (fm.format('license: other\nlicense_name: "a\\x1b[31mred\\x07\\x00"'), None),
        "binary-readme": (bytes(range(256)) * 2000, True),
    }
    cases: list[Case] = []
    for name, (text, closed) in cards.items():
        folder = model_dir(base / name, "hostile-model", text)
        cases.append(audit_local(base / name, name, folder, fail_closed=bool(closed), finding=closed is not False,
                                 check=_timed(90, _p20_healthy("good-model", BERT))))
        cases[-1].entry, cases[-1].timeout = "p23-card", 120
    folder = model_dir(base / "config-50mb", "hostile-model", GOOD_CARD)
    with (folder / "config.json").open("w") as fh:
        fh.write('{"architectures": ["X"], "pad": "')
        fh.write("x" * 50_000_000)
        fh.write('"}')
    case = audit_local(base / "config-50mb", "config-50mb", folder, check=_timed(90))
    case.entry, case.timeout = "p23-card", 120
    cases.append(case)
    folder = model_dir(base / "config-bom", "hostile-model", GOOD_CARD)
    write(folder / "config.json", b'\xef\xbb\xbf{"architectures": ["BertModel"]}')
    case = audit_local(base / "config-bom", "config-bom", folder, finding=True, check=_p23_not_said("utf-8-sig"))
    case.entry = "p23-card"
    cases.append(case)
    folder = model_dir(base / "readme-environ", "hostile-model", None)
    os.symlink("/proc/self/environ", folder / "README.md")
    out = base / "environ-out"
    for cmd, argv in (("audit", ["audit", str(folder), "--offline", "-f", "jsonl"]),
                      ("notice", ["notice", str(folder), "--offline", "-o", str(out / "n")]),
                      ("report", ["report", str(folder), "--offline", "-f", "html", "-o", str(out / "r.html")])):
        cases.append(Case("p23-card", f"readme-environ-{cmd}", argv, env={"HF_TOKEN": "hf_p23SECRETcardTOKEN"},
                          fail_closed=cmd == "audit", check=_p23_no_text("hf_p23SECRETcardTOKEN", out)))
    folder = model_dir(base / "readme-self", "hostile-model", None)
    os.symlink("README.md", folder / "README.md")
    cases.append(Case("p23-card", "readme-self-link", ["audit", str(folder), BERT, "--offline", "-f", "jsonl"],
                      models=[BERT], affected=None, fail_closed=True))
    return cases


def _p23_format_cases(base: Path) -> list[Case]:
    """p23-fmt: findings whose message carries control characters, lone surrogates (YAML `\\ud800`), a NUL, an
    escape sequence, `]]>` and a 100 KB value, through SARIF, JUnit, JSON, GitLab, Markdown and HTML written to
    files: every output strict UTF-8 and parseable, no raw control character in XML or HTML."""
    fields = {
        "surrogate-name": 'license: other\nlicense_name: "x\\udc80y\\ud800"',
        "controls-name": 'license: other\nlicense_name: "\\x01\\x02\\x0b\\x0c\\x1b[2J\\x7f"',
        "nul-name": 'license: other\nlicense_name: "a\\0b"',
        "cdata-end": 'license: other\nlicense_name: "]]></failure><x>"',
        "surrogate-base": 'license: mit\nbase_model: "acme/\\ud83d"',
        "controls-base": 'license: mit\nbase_model: "acme/\\x1b]8;;http://x\\x07y"',
        "long-name": 'license: other\nlicense_name: "' + "\\x01" * 20_000 + '"',
        "surrogate-license": 'license: "\\udfff"',
    }
    cases: list[Case] = []
    for name, front in fields.items():
        folder = model_dir(base / name, "hostile-model", f"---\n{front}\n---\n# m\n")
        out = base / name / "out"
        out.mkdir()
        # `license: other` is a custom license, a warning under the default policy: exit 0 is lawful for those
        cases.append(Case("p23-fmt", f"audit-{name}", ["audit", str(folder), BERT, "--offline", "-f",
                                                       "sarif,junit,json,gitlab,markdown", "-o", str(out)],
                          fail_closed="license: other" not in front, timeout=90, check=_p23_valid_outputs(out)))
        cases.append(Case("p23-fmt", f"report-{name}", ["report", str(folder), "--offline", "-f", "html", "-o",
                                                        str(base / name / "r.html")],
                          timeout=90, check=_p23_valid_outputs(base / name / "r.html")))
        repo = _check_repo(base / name / "repo", {"auditor.yaml": f"models:\n  - {{id: '{folder}'}}\n"})
        cout = base / name / "cout"
        cout.mkdir()
        cases.append(Case("p23-fmt", f"check-{name}", ["check", str(repo), "--offline", "--no-cache", "-f", "sarif,junit",
                                                       "-o", str(cout)],
                          timeout=90, check=_p23_valid_outputs(cout)))
    return cases


def _p23_env_cases(base: Path) -> list[Case]:
    """p23-env: HF_ENDPOINT set to a file URL, a URL with credentials (never printed), an IPv6 literal cut short, a
    `javascript:` URL, a port of 99999, whitespace, 10,000 characters, a NUL-free control; HF_HOME unwritable or a
    file while the run must still go on offline; AUDITOR_CACHE_DIR under /proc. Exit 2 naming the variable, or the run
    goes on; never a traceback or the credentials."""
    unwritable = base / "ro"
    unwritable.mkdir()
    unwritable.chmod(0o500)
    afile = write(base / "afile", "x")
    endpoints = {
        "file-url": "file:///etc/passwd", "creds": "https://user:p23SECRETpw@hub.example", "ipv6-cut": "http://[::1",
        "javascript": "javascript:alert(1)", "port-huge": "http://127.0.0.1:99999", "spaces": "   ",
        "long": "http://" + "a" * 10_000 + ".example", "bell": "http://hub\x07.example", "no-scheme": "hub.example",
        "ftp": "ftp://127.0.0.1/", "unicode-host": "http://h\u00fcb.example",
    }
    cases: list[Case] = []
    for name, value in endpoints.items():
        cases.append(Case("p23-env", f"endpoint-{name}", ["audit", BERT, "acme/p23-online", "-f", "jsonl"],
                          env={"HF_ENDPOINT": value}, fail_closed=True, timeout=90,
                          check=_timed(60, _p23_no_text("p23SECRETpw"))))
        cases.append(Case("p23-env", f"endpoint-offline-{name}", ["audit", BERT, "--offline", "-f", "jsonl"],
                          env={"HF_ENDPOINT": value}, models=[BERT], allow2=False, timeout=60,
                          check=_p23_no_text("p23SECRETpw")))
    for name, env in {"hf-home-ro": {"HF_HOME": str(unwritable)}, "hf-home-file": {"HF_HOME": str(afile)},
                      "cache-proc": {"AUDITOR_CACHE_DIR": "/proc/self/p23"},
                      "cache-ro": {"AUDITOR_CACHE_DIR": str(unwritable / "c")}}.items():
        cases.append(Case("p23-env", name, ["audit", BERT, GPT2, "--offline", "-f", "jsonl"], env=env,
                          models=[BERT, GPT2], allow2=False, timeout=60))
    return cases


def _p23_check_cases(base: Path) -> list[Case]:
    """p23-check: `auditor check` on repositories built to cost: a .gitignore of 200,000 lines or of patterns with
    100 `**/` each, a 10 MB single-line minified JS naming a model, a .py that is binary or UTF-16, a notebook of 10 MB
    on one line, a .py of 50,000 nested brackets, 20,000 empty folders: the model named in app.py is found, bounded
    time and memory."""
    minified = "var a=" + "1+" * 5_000_000 + f"1;var m='{GPT2}';"
    repos: dict[str, dict[str, str | bytes]] = {
        "gitignore-200k": {".gitignore": "".join(f"dir{i}/**/*.tmp\n" for i in range(200_000))},
        "gitignore-stars": {".gitignore": "".join("**/" * 100 + f"x{i}\n" for i in range(2000))},
        "gitignore-negations": {".gitignore": "*\n!app.py\n!*/\n" * 20_000},
        "minified-js": {"dist/app.min.js": minified},
        "binary-py": {"blob.py": bytes(range(256)) * 40_000},
        "utf16-py": {"u16.py": f'AutoModel.from_pretrained("{GPT2}")\n'.encode("utf-16")},
        "notebook-oneline": {"nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": ["x=1\n"] * 500_000}]})},
        "nested-brackets": {"deep.py": "x = " + "[" * 50_000 + "]" * 50_000 + "\n"},
        "yaml-bomb-config": {"config.yaml": BOMB + "model: *i\n"},
        "long-line-py": {"long.py": "s = '" + "a" * 20_000_000 + "'\n"},
    }
    cases: list[Case] = []
    for name, files in repos.items():
        repo = _check_repo(base / name, files)
        # a generated .gitignore's lines were each compiled up front (200,000 lines: 28-40 s before the first file)
        cases.append(Case("p23-check", name, ["check", str(repo), "--offline", "--no-cache", "-f", "json"], timeout=150,
                          check=_timed(20 if name.startswith("gitignore") else 120, says("bert-base-uncased"))))
    repo = _check_repo(base / "empty-dirs", {})
    for i in range(20_000):
        (repo / "d" / f"e{i}").mkdir(parents=True)
    cases.append(Case("p23-check", "empty-dirs-20k", ["check", str(repo), "--offline", "--no-cache", "-f", "json"],
                      timeout=150, check=_timed(120, says("bert-base-uncased"))))
    return cases


def _p23_output_cases(base: Path) -> list[Case]:
    """p23-out: multi-format -o given a file (not a folder), a folder in a missing parent, a path with a NUL-like
    escape, a name of 300 characters; single-format -o to an existing folder: exit 2 naming the path or written."""
    afile = write(base / "afile.txt", "keep")
    missing = base / "no" / "such" / "dir"
    cases: list[Case] = []
    for name, where in (("file", str(afile)), ("missing-parent", str(missing)), ("long-name", str(base / ("n" * 300))),
                        ("trailing-space", str(base / "sp ") + "/")):
        cases.append(Case("p23-out", f"multi-{name}", ["audit", BERT, "--offline", "-f", "sarif,junit", "-o", where],
                          timeout=60, error_names=[Path(where.rstrip("/")).name[:40]]))
        cases.append(Case("p23-out", f"report-{name}", ["report", BERT, "--offline", "-f", "html", "-o", where],
                          timeout=60, error_names=[Path(where.rstrip("/")).name[:40]]))
    return cases


def pass23_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("lock", _p23_lock_cases), ("refs", _p23_refs_cases), ("catalog", _p23_catalog_cases),
                        ("policy", _p23_policy_cases), ("cel", _p23_cel_cases), ("id", _p23_id_cases),
                        ("card", _p23_card_cases), ("fmt", _p23_format_cases), ("env", _p23_env_cases),
                        ("check", _p23_check_cases), ("out", _p23_output_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ p24: binary READMEs, memory per model

def _p24_rss_below(limit_mb: float) -> Callable[[Result], str | None]:
    def check(result: Result) -> str | None:
        return f"peak RSS {result.rss_mb:.0f} MB (bound {limit_mb:.0f} MB)" if result.rss_mb > limit_mb else None
    return check


def _p24_png(size: int) -> bytes:
    """A valid PNG of about `size` bytes of noise (a README that is really an image)."""
    import struct  # lazy: only this builder writes PNG chunks
    import zlib  # lazy: only this builder compresses

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    side = int((size / 3) ** 0.5)
    noise = os.urandom(side * side * 3)
    rows = b"".join(b"\0" + noise[y * side * 3:(y + 1) * side * 3] for y in range(side))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def _p24_card_cases(base: Path) -> list[Case]:
    """p24-card: a README.md that is not text, 0.5-2 MB: lines of 255 control characters, random bytes, a PNG, a gzip
    archive, a NUL run, cp1251 text; and a real card with 150 lines of 765 control characters in its prose. Before
    (pass 25): 9.5-11 s each on a busy machine, read as prose to say "no front matter". Now: a `card-not-text` finding
    naming README.md, the model failing closed, the healthy ones audited, in a few seconds."""
    import gzip  # lazy: only this family writes archives
    import random  # lazy: only this family draws control characters

    rng = random.Random(24)
    controls = bytes(c for c in range(32) if c not in (9, 10, 13))
    line = bytes(rng.choice(controls) for _ in range(255))
    readmes: dict[str, bytes] = {
        "control-lines-1mb": b"\n".join(line[i % 7:] + line[:i % 7] for i in range(4_000)),
        "random-2mb": os.urandom(2_000_000),
        "png-1mb": _p24_png(1_000_000),
        "gzip-of-a-card": gzip.compress(("---\nlicense: mit\n---\n" + "Prose about a model.\n" * 40_000).encode(), 1),
        "nul-run": b"\0" * 600_000,
        "cp1251": ("Модель обучена на корпусе текстов. " * 20_000).encode("cp1251"),
    }
    cases: list[Case] = []
    for name, data in readmes.items():
        folder = model_dir(base / name, "hostile-model", data)
        case = audit_local(base / name, name, folder, fail_closed=True,
                           check=_timed(8, _p20_healthy("good-model", BERT)))
        case.entry = "p24-card"
        cases.append(case)
        cases.append(Case("p24-card", f"{name}-says", case.argv, check=says("README.md is not text"), timeout=60))
    prose = "---\nlicense: mit\n---\n" + "This model is a fine-tune of a base, trained on open data.\n" * 200
    wordless = "\n".join(line.decode() * 3 for _ in range(150))  # 765 characters: under the statement readers' bound
    folder = model_dir(base / "control-lines-in-card", "hostile-model", prose + wordless[:150_000] + "\n")
    case = audit_local(base / "control-lines-in-card", "control-lines-in-card", folder, finding=False,
                       check=_timed(8))
    case.entry = "p24-card"
    cases.append(case)
    return cases


def _p24_memory_cases(base: Path) -> list[Case]:
    """p24-mem: `audit --refs-file` of 10,000 unknown ids, offline, streamed (jsonl): every id is fetched as a model
    and as a dataset, and the resolver kept each record and each fetch's task to the end (121 MB before; 368 MB at
    40,000). Now a task is dropped once settled and the memo keeps the 4,096 records last used: under 80 MB."""
    refs = write(base / "unknown-10k.txt", "".join(f"acme-p24/unknown-model-{i:06d}\n" for i in range(10_000)))
    return [Case("p24-mem", "unknown-ids-10k-jsonl", ["audit", "--refs-file", str(refs), "--offline", "-f", "jsonl"],
                 fail_closed=True, timeout=240, check=_p24_rss_below(80))]


def pass24_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("card", _p24_card_cases), ("mem", _p24_memory_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ p25: templates, policy forms, notices, odd inputs

def _p25_rule(message: str, condition: str = "true") -> str:
    return ("custom_rules:\n  - id: ACME025\n    title: t\n    severity: error\n"
            f"    condition: {json.dumps(condition)}\n    message: {json.dumps(message)}\n")


def _p25_template_cases(base: Path) -> list[Case]:
    """p25-tmpl: custom rule message templates a user writes: `{{x}}` (the str.format escape for a literal brace),
    `{{model.id}}` (a Jinja habit), braces around a fallback, 20,000 placeholders, a placeholder of 10,000 dots, a
    fallback holding a bar or a newline: the run with the rule applied (the braces printed as written), or exit 2
    in one sentence naming the file and `custom_rules[0].message`."""
    messages = {
        "escaped-literal": ("{{x}} is not set for {model.id}", "{x} is not set for"),
        "escaped-json": ("config {{a: 1}} on {model.id}", "config {a: 1} on"),
        "escaped-only": ("{{}}", "{}"),
        "escaped-close-open": ("}}{{ {model.id}", "}{ "),
        "jinja-known": ("{{model.id}} fires", None),
        "jinja-spaced": ("{{ model.id }} fires", None),
        "triple": ("{{{model.id}}} fires", None),
        "unclosed": ("{model.id fires", None),
        "lone-close": ("model.id} fires", None),
        "fallback-braces": ("{card.license_stated.link|{none}}", None),
        "fallback-bar": ("{card.license_stated.link|a|b}", None),
        "many-placeholders": ("{model.id} " * 20_000, None),
        "dots": ("{model" + "." * 10_000 + "id}", None),
        "star": ("{model.*}", None),
        "unknown-root": ("{secret.token}", None),
        "env-like": ("${HF_TOKEN} {model.id}", None),
        "percent": ("%(model)s %s {model.id}", None),
        "non-string-int": (12345, None),
        "non-string-list": (["{model.id}"], None),
    }
    cases: list[Case] = []
    for name, (message, shown) in messages.items():
        if isinstance(message, str):
            text = _p25_rule(message)
        else:
            text = ("custom_rules:\n  - id: ACME025\n    title: t\n    severity: error\n    condition: 'true'\n"
                    f"    message: {json.dumps(message)}\n")
        path = write(base / f"tmpl-{name}.yaml", text)
        check = _timed(60, says(shown) if shown else None)
        cases.append(Case("p25-tmpl", f"audit-{name}", ["audit", BERT, GPT2, "--offline", "-p", str(path), "-f", "jsonl"],
                          models=[BERT, GPT2], affected=BERT, error_names=[path.name, "custom_rules[0].message"]
                          if shown is None else [], want2=False, allow2=shown is None, timeout=90, check=check))
        cases.append(Case("p25-tmpl", f"validate-{name}", ["policy", "validate", str(path)],
                          error_names=[path.name] if shown is None else [], allow2=shown is None, timeout=60))
    return cases


def _p25_policy_form_cases(base: Path) -> list[Case]:
    """p25-form: a policy in every accepted form with hostile keys, values and encodings: JSON with NaN, Infinity,
    1e999, a key twice, a BOM, 5,000-deep arrays, comments; pyproject.toml whose [tool.auditor] is a string, an array,
    holds datetimes, huge ints, a key twice, is UTF-16 or Latin-1, or a `policy` table beside other keys; YAML with an
    anchored custom rule used twice, a merge key into a rule, a rule list given as a map. Each: the policy applied
    or exit 2 in one sentence naming the file."""
    docs: dict[str, tuple[str, str | bytes]] = {
        "json-nan": ("p.json", '{"use": {"monthly_active_users": NaN}}'),
        "json-infinity": ("p.json", '{"use": {"monthly_active_users": Infinity}}'),
        "json-1e999": ("p.json", '{"use": {"monthly_active_users": 1e999}}'),
        "json-dup-key": ("p.json", '{"fail_on": "error", "fail_on": "warning"}'),
        "json-bom": ("p.json", b'\xef\xbb\xbf{"fail_on": "error"}'),
        "json-deep": ("p.json", '{"licenses": {"allow": ' + "[" * 5000 + "]" * 5000 + "}}"),
        "json-comment": ("p.json", '// org policy\n{"fail_on": "error"}'),
        "json-trailing-comma": ("p.json", '{"fail_on": "error",}'),
        "json-array": ("p.json", '[{"fail_on": "error"}]'),
        "json-string": ("p.json", '"builtin:default"'),
        "json-utf16": ("p.json", '{"fail_on": "error"}'.encode("utf-16")),
        "json-huge-int": ("p.json", '{"lineage": {"max_depth": ' + "9" * 5000 + "}}"),
        "toml-string": ("pyproject.toml", '[tool]\nauditor = "strict"\n'),
        "toml-array": ("pyproject.toml", '[tool]\nauditor = [1, 2]\n'),
        "toml-datetime": ("pyproject.toml", "[tool.auditor]\nfail_on = 2024-01-01T00:00:00Z\n"),
        "toml-huge-int": ("pyproject.toml", "[tool.auditor.lineage]\nmax_depth = 99999999999999999999\n"),
        "toml-dup-key": ("pyproject.toml", '[tool.auditor]\nfail_on = "error"\nfail_on = "warning"\n'),
        "toml-utf16": ("pyproject.toml", '[tool.auditor]\nfail_on = "error"\n'.encode("utf-16")),
        "toml-latin1": ("pyproject.toml", '[project]\nname = "caf\xe9"\n[tool.auditor]\nfail_on = "error"\n'.encode("latin-1")),
        "toml-policy-and-keys": ("pyproject.toml", '[tool.auditor]\nfail_on = "error"\n[tool.auditor.policy]\nfail_on = "warning"\n'),
        "toml-no-table": ("pyproject.toml", '[project]\nname = "x"\n'),
        "toml-nan": ("pyproject.toml", "[tool.auditor.use]\nmonthly_active_users = nan\n"),
        "toml-inf": ("pyproject.toml", "[tool.auditor.use]\nmonthly_active_users = inf\n"),
        "toml-custom-rule-array": ("pyproject.toml", '[[tool.auditor.custom_rules]]\nid = "ACME025"\ntitle = "t"\nseverity = "error"\n'
                                   'condition = "true"\nmessage = "{{x}} on {model.id}"\n'),
        "yaml-anchor-rule-twice": ("p.yaml", "custom_rules:\n  - &r {id: ACME025, title: t, severity: error, condition: 'true', message: m}\n  - *r\n"),
        "yaml-merge-into-rule": ("p.yaml", "x: &x {title: t, severity: error, condition: 'true', message: m}\ncustom_rules:\n  - <<: *x\n    id: ACME025\n"),
        "yaml-rules-map": ("p.yaml", "custom_rules:\n  ACME025: {title: t, severity: error, condition: 'true', message: m}\n"),
        "yaml-utf16-nobom": ("p.yaml", "fail_on: error\n".encode("utf-16-le")),
        "yaml-latin1": ("p.yaml", "# caf\xe9\nfail_on: error\n".encode("latin-1")),
        "yaml-condition-int": ("p.yaml", "custom_rules:\n  - {id: ACME025, title: t, severity: error, condition: 1, message: m}\n"),
        "yaml-condition-multiline-null": ("p.yaml", "custom_rules:\n  - {id: ACME025, title: t, severity: error, condition: \"model.id ==\\u0000'x'\", message: m}\n"),
        "yaml-severity-bool": ("p.yaml", "custom_rules:\n  - {id: ACME025, title: t, severity: yes, condition: 'true', message: m}\n"),
        "yaml-id-lowercase": ("p.yaml", "custom_rules:\n  - {id: acme025, title: t, severity: error, condition: 'true', message: m}\n"),
        "yaml-id-builtin": ("p.yaml", "custom_rules:\n  - {id: LIC001, title: t, severity: error, condition: 'true', message: m}\n"),
    }
    cases: list[Case] = []
    for name, (fname, text) in docs.items():
        folder = base / name
        path = write(folder / fname, text)
        cases.append(Case("p25-form", f"audit-{name}", ["audit", BERT, "--offline", "-p", str(path), "-f", "jsonl"],
                          models=[BERT], error_names=[fname], timeout=90, check=_timed(60)))
        cases.append(Case("p25-form", f"validate-{name}", ["policy", "validate", str(path)], error_names=[fname],
                          timeout=60, check=_timed(45)))
        if fname == "pyproject.toml":  # found by `check` as the project's policy
            repo = _check_repo(base / f"repo-{name}", {})
            write(repo / "pyproject.toml", text)
            cases.append(Case("p25-form", f"check-{name}", ["check", str(repo), "--offline", "--no-cache", "-f", "json"],
                              error_names=["pyproject.toml"], timeout=90, check=_timed(60)))
    return cases


_P25_EXPIRES = {
    "feb-30": "2099-02-30", "month-13": "2099-13-01", "words": "'Feb 1 2099'", "zulu": "2099-01-01T00:00:00Z",
    "int-zero": "0", "bool": "true", "max": "9999-12-31", "map": "{year: 2099}", "nan": ".nan",
    "slashes": "2099/01/01", "two-digit": "99-01-01", "space-time": "'2099-01-01 00:00'", "unicode-digits": "'２０９９-01-01'",
}


def _p25_waiver_cases(base: Path) -> list[Case]:
    """p25-waiver: waivers whose expiry is not a date (Feb 30, month 13, words, a map, NaN, fullwidth digits), whose
    model glob is an unclosed `[`, whose list is a map, whose reason is 1 MB: an odd expiry never silences an error
    (exit 2 naming the file, or the error still fires)."""
    fire = _p25_rule("{model.id} fires")
    cases: list[Case] = []
    for name, date in _P25_EXPIRES.items():
        path = write(base / f"waive-{name}.yaml", fire + "waivers:\n  - {model: '*', rule: ACME025, reason: legal, "
                     f"expires: {date}}}\n")
        cases.append(Case("p25-waiver", f"expires-{name}", ["audit", BERT, "--offline", "-p", str(path), "-f", "jsonl"],
                          fail_closed=name != "max", error_names=[path.name], timeout=60))
    others = {
        "glob-unclosed": "waivers:\n  - {model: 'google-bert/[bert', rule: ACME025, reason: legal, expires: 2099-01-01}\n",
        "glob-star-star": "waivers:\n  - {model: '**', rule: ACME025, reason: legal, expires: 2099-01-01}\n",
        "waivers-map": "waivers:\n  x: {model: '*', rule: ACME025, reason: legal, expires: 2099-01-01}\n",
        "reason-huge": "waivers:\n  - {model: 'nobody/none', rule: ACME025, expires: 2099-01-01, reason: '" + "r" * 900_000 + "'}\n",
        "rule-lowercase": "waivers:\n  - {model: '*', rule: acme025, reason: legal, expires: 2099-01-01}\n",
        "rule-list": "waivers:\n  - {model: '*', rule: [ACME025], reason: legal, expires: 2099-01-01}\n",
        "model-int": "waivers:\n  - {model: 5, rule: ACME025, reason: legal, expires: 2099-01-01}\n",
    }
    for name, tail in others.items():
        path = write(base / f"waive-{name}.yaml", fire + tail)
        cases.append(Case("p25-waiver", name, ["audit", BERT, "--offline", "-p", str(path), "-f", "jsonl"],
                          fail_closed=name != "glob-star-star", error_names=[path.name], timeout=60, check=_timed(45)))
    return cases


def _p25_notice_cases(base: Path) -> list[Case]:
    """p25-notice: `auditor notice` over local models whose LICENSE or NOTICE is a FIFO, a folder, a link to
    /proc/self/environ (a token there is never copied or printed), a 30 MB file, binary, a link loop, unreadable;
    `--as` given junk; -o at /dev/full, a file, under a file; refs that are a lock's folder: a bundle written with
    the missing files listed (exit 3), or exit 2 in one sentence."""
    secret = "hf_p25SECRETnoticeTOKEN"
    cases: list[Case] = []
    card = "---\nlicense: other\nlicense_name: acme\nlicense_link: LICENSE\n---\n# m\n"

    def notice(name: str, build: Callable[[Path], object], *, closed: bool = True) -> None:
        folder = model_dir(base / name, "hostile-model", card)
        build(folder)
        good = model_dir(base / name, "good-model")
        out = base / name / "out"
        cases.append(Case("p25-notice", name, ["notice", str(folder), str(good), "--offline", "-o", str(out), "-f", "json"],
                          fail_closed=closed, env={"HF_TOKEN": secret}, timeout=90,
                          check=_timed(60, _p23_no_text(secret, out))))

    notice("license-fifo", lambda f: os.mkfifo(f / "LICENSE"))
    notice("license-dir", lambda f: (f / "LICENSE").mkdir())
    notice("license-environ", lambda f: (f / "LICENSE").symlink_to("/proc/self/environ"))
    notice("notice-environ", lambda f: (write(f / "LICENSE", "terms\n"), (f / "NOTICE").symlink_to("/proc/self/environ")), closed=False)
    notice("license-huge", lambda f: write(f / "LICENSE", b"x" * 30_000_000), closed=False)
    notice("license-binary", lambda f: write(f / "LICENSE", bytes(range(256)) * 1000), closed=False)
    notice("license-loop", lambda f: ((f / "LICENSE").symlink_to("LICENSE2"), (f / "LICENSE2").symlink_to("LICENSE")))
    notice("license-unreadable", lambda f: (write(f / "LICENSE", "terms\n"), os.chmod(f / "LICENSE", 0)))
    notice("license-name-newline", lambda f: write(f / "LICENSE\nNOTICE.md", "terms\n"))
    notice("use-policy-dotdot", lambda f: write(f / "README.md", card.replace("LICENSE", "../../../../etc/passwd")))
    good = model_dir(base / "outs", "good-model")
    plain = base / "outs" / "plain-file"
    write(plain, "x")
    for name, where in (("dev-full", "/dev/full"), ("a-file", str(plain)), ("under-a-file", str(plain / "sub")),
                        ("proc", "/proc/self/p25")):
        cases.append(Case("p25-notice", f"out-{name}", ["notice", str(good), "--offline", "-o", where], want2=True,
                          timeout=60))
    for name, rid in (("as-traversal", "../../etc"), ("as-empty", ""), ("as-three-parts", "a/b/c"), ("as-nul-like", "a/b\u2400")):
        cases.append(Case("p25-notice", name, ["notice", str(good), "--offline", "--as", rid, "-o", str(base / f"o-{name}")],
                          timeout=60))
    return cases


def _p25_lock_cases(base: Path) -> list[Case]:
    """p25-lock: lock files that are empty, `null`, a link to a FIFO or /dev/zero, 0 bytes, or whose models name a
    local path, an id with `@`, a revision with a slash; through check --locked, notice --lock and report --lock-file
    where taken: exit 2 naming auditor.lock, or the run fail closed."""
    locks: dict[str, Callable[[Path], object]] = {
        "empty": lambda p: write(p, b""),
        "null": lambda p: write(p, "null"),
        "number": lambda p: write(p, "2"),
        "fifo": lambda p: os.mkfifo(p),
        "dev-zero": lambda p: p.symlink_to("/dev/zero"),
        "dangling": lambda p: p.symlink_to("nowhere.lock"),
        "local-path-id": lambda p: write(p, json.dumps({"lock_version": 2, "models": [{"id": "/etc", "sha": "a" * 40}]})),
        "id-with-at": lambda p: write(p, json.dumps({"lock_version": 2, "models": [{"id": f"{BERT}@main", "sha": "a" * 40}]})),
        "models-null": lambda p: write(p, json.dumps({"lock_version": 2, "models": None})),
        "model-null": lambda p: write(p, json.dumps({"lock_version": 2, "models": [None]})),
        "huge-string": lambda p: write(p, json.dumps({"lock_version": 2, "models": [], "x": "a" * 30_000_000})),
    }
    cases: list[Case] = []
    for name, build in locks.items():
        repo = _check_repo(base / name, {})
        build(repo / "auditor.lock")
        cases.append(Case("p25-lock", f"check-{name}", ["check", str(repo), "--offline", "--locked", "--no-cache", "-f", "json"],
                          fail_closed=True, error_names=["auditor.lock"], timeout=90, check=_timed(60)))
        cases.append(Case("p25-lock", f"notice-{name}", ["notice", "--lock", str(repo / "auditor.lock"), "--offline",
                                                        "-o", str(base / f"n-{name}")],
                          fail_closed=True, error_names=["auditor.lock"], timeout=90, check=_timed(60)))
    return cases


def _p25_refs_cases(base: Path) -> list[Case]:
    """p25-refs: --refs-file lines a user pastes: a `#` comment after an id, an option (`--policy x`), `~/model`, a
    shell variable, 2 MB of spaces then an id, 50,000 copies of one id, a tab-separated table (id, licence), a Windows
    path: the good ids audited, each odd line said (a finding or a sentence), never a traceback."""
    lines = {
        "inline-comment": f"{BERT}  # the base\n{GPT2}\n",
        "option-line": f"--policy /etc/passwd\n{BERT}\n",
        "tilde": f"~/models/x\n{BERT}\n",
        "shell-var": f"$HOME/models/x\n${{ORG}}/model\n{BERT}\n",
        "spaces-2mb": " " * 2_000_000 + f"{BERT}\n{GPT2}\n",
        "same-50k": f"{BERT}\n" * 50_000,
        "tsv": f"{BERT}\tapache-2.0\n{GPT2}\tmit\n",
        "windows-path": f"C:\\models\\x\n{BERT}\n",
        "markdown-list": f"- {BERT}\n* {GPT2}\n",
        "quoted": f"\"{BERT}\"\n'{GPT2}'\n",
    }
    cases: list[Case] = []
    for name, text in lines.items():
        path = write(base / f"{name}.txt", text)
        cases.append(Case("p25-refs", name, ["audit", "--refs-file", str(path), "--offline", "-f", "jsonl"],
                          models=[BERT], error_names=[path.name], timeout=90, check=_timed(60)))
    # 60 MB: two million lines naming one model; the list of lines was built whole (a 90 MB list peaked at 459 MB)
    path = write(base / "same-2m.txt", f"{BERT}\n" * 2_000_000)
    cases.append(Case("p25-refs", "same-2m-memory", ["audit", "--refs-file", str(path), "--offline", "-f", "jsonl"],
                      models=[BERT], timeout=120, check=_p24_rss_below(200)))
    return cases


def _p25_catalog_cases(base: Path) -> list[Case]:
    """p25-catalog: catalog lines a hand or a tool spoilt: `null`, an array, a number, NaN, a key twice, an id that is
    a number or null, license a list of maps, a 5 MB record, a BOM in the middle, a trailing comma: the good lines
    read, the odd ones said with file and line, the asked-for model failing closed."""
    rid = "acme/p25-cat"
    good = {"id": rid, "sha": "b" * 40, "license": "mit", "card": {"license": "mit"}}
    hub_shaped = {"id": rid, "cardData": {"license": "mit"}, "tags": ["license:mit"]}  # a record that passes
    bad_lines = {
        "null-line": "null",
        "array-line": json.dumps([good]),
        "number-line": "42",
        "nan-value": json.dumps(good)[:-1] + ', "downloads": NaN}',
        "dup-key": json.dumps(good)[:-1] + f', "id": "{rid}-other"}}',
        "id-number": json.dumps({**good, "id": 7}),
        "id-null": json.dumps({**good, "id": None}),
        "license-maps": json.dumps({**good, "license": [{"id": "mit"}]}),
        "huge-record": json.dumps({**good, "card": {"license": "mit", "x": "y" * 5_000_000}}),
        "bom-middle": "\ufeff" + json.dumps(good),
        "trailing-comma": json.dumps(good)[:-1] + ",}",
        # a recording whose sha is no commit SHA: the revision the facts were read at is unknown, and said
        "sha-short": json.dumps({**hub_shaped, "sha": "abc"}),
        "sha-int": json.dumps({**hub_shaped, "sha": 12345}),
        "sha-branch": json.dumps({**hub_shaped, "sha": "main"}),
        "sha-upper": json.dumps({**hub_shaped, "sha": "B" * 40}),
    }
    cases: list[Case] = []
    for name, line in bad_lines.items():
        path = write(base / f"{name}.jsonl", json.dumps({"id": "acme/good2", "sha": "c" * 40, "license": "mit"}) + "\n" + line + "\n")
        cases.append(Case("p25-catalog", name, ["audit", "acme/good2", rid, "--offline", "--catalog", str(path), "-f", "jsonl"],
                          models=["acme/good2", rid], affected=rid, fail_closed=True, error_names=[path.name],
                          timeout=90, check=_timed(60)))
    return cases


def _p25_card_cases(base: Path) -> list[Case]:
    """p25-card: front matter whose license is a date, a 400-digit int, .nan, a nested list, a merge of an anchor,
    !!binary, a set; base_model a date or a float; adapter_config.json whose base is a number, a list, a path out of
    the folder or NaN; config.json with `_name_or_path` a map: the model audited with a finding, the run goes on."""
    cards = {
        "license-date": "---\nlicense: 2024-01-01\n---\n",
        "license-bigint": "---\nlicense: " + "7" * 400 + "\n---\n",
        "license-nan": "---\nlicense: .nan\n---\n",
        "license-nested": "---\nlicense: [[mit, [apache-2.0]]]\n---\n",
        "license-merge": "---\nx: &x {license: mit}\n<<: *x\nlicense_name: y\n---\n",
        "license-binary": "---\nlicense: !!binary TUlU\n---\n",
        "license-set": "---\nlicense: !!set {mit, apache-2.0}\n---\n",
        "base-date": "---\nlicense: mit\nbase_model: 2024-01-01\n---\n",
        "base-float": "---\nlicense: mit\nbase_model: 1.5e300\n---\n",
        "license-timestamp-tag": "---\nlicense: !!timestamp 2001-12-14t21:59:43.10-05:00\n---\n",
    }
    cases: list[Case] = []
    for name, text in cards.items():
        folder = model_dir(base / name, "hostile-model", text)
        # a merge key is YAML (the Hub's reader takes it too): `<<: *x` declares license: mit, a pass
        case = audit_local(base / name, name, folder, fail_closed=name != "license-merge", check=_timed(60))
        case.entry = "p25-card"
        cases.append(case)
    configs = {
        "adapter-base-int": {"adapter_config.json": '{"base_model_name_or_path": 12345, "peft_type": "LORA"}'},
        "adapter-base-list": {"adapter_config.json": '{"base_model_name_or_path": ["a/b", "c/d"], "peft_type": "LORA"}'},
        "adapter-base-escape": {"adapter_config.json": '{"base_model_name_or_path": "../../../../etc", "peft_type": "LORA"}'},
        "adapter-nan": {"adapter_config.json": '{"base_model_name_or_path": NaN, "peft_type": "LORA"}'},
        "adapter-utf16": {"adapter_config.json": '{"base_model_name_or_path": "a/b", "peft_type": "LORA"}'.encode("utf-16")},
        "config-name-map": {"config.json": '{"_name_or_path": {"a": 1}, "architectures": "Bert"}'},
        "config-array": {"config.json": "[1, 2, 3]"},
        "config-dup": {"config.json": '{"_name_or_path": "a/b", "_name_or_path": "c/d"}'},
    }
    for name, files in configs.items():
        folder = model_dir(base / name, "hostile-model", "---\nlicense: mit\n---\n# m\n")
        for fname, content in files.items():
            write(folder / fname, content)
        case = audit_local(base / name, name, folder, finding=True, check=_timed(60))
        case.entry = "p25-card"
        cases.append(case)
    return cases


def _p25_scan_cases(base: Path) -> list[Case]:
    """p25-scan: `auditor check` on repositories holding a notebook of broken JSON, cells a map, a source a number, a
    UTF-16 notebook, a Python file in UTF-16 or Latin-1 naming a model, a 20 MB line, a FIFO named app2.py, an
    unreadable config, a link loop of folders: the models named elsewhere found, each unreadable file said, bounded."""
    id2 = "openai-community/gpt2"
    repos: dict[str, Callable[[Path], object]] = {
        "nb-broken": lambda r: write(r / "a.ipynb", '{"cells": [{"cell_type": "code", "source": ["from_pretrained(\'' + id2 + "')\""),
        "nb-cells-map": lambda r: write(r / "a.ipynb", json.dumps({"cells": {"a": 1}, "nbformat": 4})),
        "nb-source-int": lambda r: write(r / "a.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": 5}], "nbformat": 4})),
        "nb-utf16": lambda r: write(r / "a.ipynb", json.dumps({"cells": [{"cell_type": "code", "source": [f"AutoModel.from_pretrained('{id2}')"]}], "nbformat": 4}).encode("utf-16")),
        "py-utf16": lambda r: write(r / "b.py", f"AutoModel.from_pretrained('{id2}')\n".encode("utf-16")),
        "py-latin1": lambda r: write(r / "b.py", f"# caf\xe9\nAutoModel.from_pretrained('{id2}')\n".encode("latin-1")),
        "huge-line": lambda r: write(r / "b.py", "x = '" + "a" * 20_000_000 + f"'; AutoModel.from_pretrained('{id2}')\n"),
        "fifo-py": lambda r: os.mkfifo(r / "app2.py"),
        "unreadable-yaml": lambda r: (write(r / "c.yaml", f"model: {id2}\n"), os.chmod(r / "c.yaml", 0)),
        "dir-loop": lambda r: ((r / "sub").mkdir(), (r / "sub" / "up").symlink_to("..")),
    }
    said = {"nb-source-int": "cell 1 has a source that is a number", "nb-cells-map": "no 'cells' list",
            "nb-broken": "a.ipynb", "py-latin1": "b.py", "huge-line": "b.py"}  # a file passed over is said
    cases: list[Case] = []
    for name, build in repos.items():
        repo = _check_repo(base / name, {})
        build(repo)
        then = says(BERT)
        if name in said:
            then = (lambda first, second: lambda r: first(r) or second(r))(then, says(said[name]))
        cases.append(Case("p25-scan", name, ["check", str(repo), "--offline", "--no-cache", "-f", "json"], timeout=120,
                          check=_timed(90, then)))
    return cases


def _p25_env_cases(base: Path) -> list[Case]:
    """p25-env: HF_HOME a file, /proc, a read-only folder; HF_ENDPOINT empty, blanks, ftp://, with a password (never
    printed); AUDITOR_CACHE_DIR a file; XDG_CACHE_HOME /dev/null: an offline audit and a check still run."""
    plain = write(base / "plain", "x")
    ro = base / "ro"
    ro.mkdir()
    os.chmod(ro, 0o555)
    repo = _check_repo(base / "repo", {})
    envs = {
        "hf-home-file": {"HF_HOME": str(plain)}, "hf-home-proc": {"HF_HOME": "/proc/self/p25"},
        "hf-home-ro": {"HF_HOME": str(ro / "hf")}, "endpoint-empty": {"HF_ENDPOINT": ""},
        "endpoint-blanks": {"HF_ENDPOINT": "   "}, "endpoint-ftp": {"HF_ENDPOINT": "ftp://127.0.0.1/"},
        "endpoint-password": {"HF_ENDPOINT": "http://u:p25SECRETpw@127.0.0.1:9/"},
        "cache-file": {"AUDITOR_CACHE_DIR": str(plain)}, "xdg-devnull": {"XDG_CACHE_HOME": "/dev/null", "AUDITOR_CACHE_DIR": ""},
    }
    cases: list[Case] = []
    for name, env in envs.items():
        cases.append(Case("p25-env", f"audit-{name}", ["audit", BERT, GPT2, "--offline", "-f", "jsonl"], env=env,
                          models=[BERT, GPT2], allow2=False, timeout=60, check=_timed(45, _p23_no_text("p25SECRETpw"))))
        cases.append(Case("p25-env", f"check-{name}", ["check", str(repo), "--offline", "-f", "json"], env=env,
                          allow2=False, timeout=60, check=_timed(45, _p23_no_text("p25SECRETpw"))))
    return cases


def _p25_output_cases(base: Path) -> list[Case]:
    """p25-out: lock --lock-file, snapshot -o, sbom -o and report -o at /dev/full, /proc, a folder, under a file, a
    read-only folder: exit 2 in one sentence naming the path, no traceback."""
    plain = write(base / "plain", "x")
    ro = base / "ro"
    ro.mkdir()
    os.chmod(ro, 0o555)
    repo = _check_repo(base / "repo", {})
    wheres = {"dev-full": "/dev/full", "proc": "/proc/self/p25.out", "folder": str(base), "under-file": str(plain / "x"),
              "read-only": str(ro / "out")}
    cases: list[Case] = []
    for name, where in wheres.items():
        for cmd, argv in (("lock", ["lock", str(repo), "--offline", "--no-cache", "--lock-file", where]),
                          ("snapshot", ["snapshot", BERT, "--offline", "-o", where]),
                          ("sbom", ["sbom", BERT, "--offline", "-f", "spdx-json", "-o", where]),
                          ("openness", ["openness", BERT, "--offline", "-f", "json", "-o", where])):
            cases.append(Case("p25-out", f"{cmd}-{name}", argv, want2=True, timeout=60, check=_timed(45)))
    return cases


def _p25_cache_cases(base: Path) -> list[Case]:
    """p25-cache: a Hugging Face cache repository folder (`models--org--name`) given as a local model whose refs/main
    is a FIFO, a folder, junk, 10 KB, a link out of the cache, missing, or names a snapshot that is not there: the
    model incomplete in one sentence (which snapshot is unknown), the run going on; never a hang on the FIFO, never
    the folder of blobs read as the model (no card) or a notice "complete" with no file."""
    sha = "0123456789abcdef0123456789abcdef01234567"
    builds: dict[str, Callable[[Path], object]] = {
        "fifo": lambda ref: os.mkfifo(ref), "folder": lambda ref: ref.mkdir(), "junk": lambda ref: write(ref, "main\n"),
        "huge": lambda ref: write(ref, sha * 250), "out-link": lambda ref: ref.symlink_to("/etc/hostname"),
        "missing": lambda ref: None, "no-snapshot": lambda ref: write(ref, "f" * 40),
        "devzero": lambda ref: ref.symlink_to("/dev/zero"),
    }
    cases: list[Case] = []
    for name, build in builds.items():
        folder = base / name / "hub" / "models--acme--cached"
        (folder / "refs").mkdir(parents=True)
        snap = model_dir(folder / "snapshots", sha, "---\nlicense: mit\n---\n# m\n")
        write(snap / "LICENSE", "MIT terms\n")
        build(folder / "refs" / "main")
        cases.append(Case("p25-cache", f"audit-{name}", ["audit", str(folder), BERT, "--offline", "-f", "jsonl"],
                          models=[folder.name, BERT], affected=folder.name, fail_closed=True, allow2=False,
                          timeout=60, check=_timed(30, _p20_healthy(BERT))))
        cases.append(Case("p25-cache", f"notice-{name}", ["notice", str(folder), "--offline", "-o", str(base / name / "out")],
                          fail_closed=True, timeout=60, check=_timed(30)))
    return cases


def _p25_identify_cases(base: Path) -> list[Case]:
    """p25-identify: `auditor licenses identify` on a LICENSE in UTF-16 or UTF-32, random bytes, a PNG, a FIFO, a
    folder, /dev/zero, a link to /proc/self/environ (a token there never printed), 6 MB: exit 2 in one sentence naming
    the file and why (never "no known license identified", exit 0, for text it could not read)."""
    mit = "Permission is hereby granted, free of charge, to any person obtaining a copy of this software.\n" * 30
    files: dict[str, Callable[[Path], object]] = {
        "utf16": lambda p: write(p, mit.encode("utf-16")), "utf16-nobom": lambda p: write(p, mit.encode("utf-16-le")),
        "utf32": lambda p: write(p, mit.encode("utf-32")), "random": lambda p: write(p, os.urandom(200_000)),
        "png": lambda p: write(p, _p24_png(50_000)), "fifo": lambda p: os.mkfifo(p), "folder": lambda p: p.mkdir(),
        "devzero": lambda p: p.symlink_to("/dev/zero"), "huge": lambda p: write(p, mit * 2000),
    }
    cases: list[Case] = []
    for name, build in files.items():
        path = base / name / "LICENSE"
        path.parent.mkdir(parents=True)
        build(path)
        cases.append(Case("p25-identify", name, ["licenses", "identify", str(path)], want2=True,
                          error_names=[str(path)], timeout=60, check=_timed(30)))
    environ = base / "environ" / "LICENSE"
    environ.parent.mkdir(parents=True)
    environ.symlink_to("/proc/self/environ")
    cases.append(Case("p25-identify", "environ", ["licenses", "identify", str(environ), "-f", "json"],
                      env={"HF_TOKEN": "hf_p25SECRETidentify"}, timeout=60, check=_p23_no_text("hf_p25SECRETidentify")))
    return cases


def pass25_cases(base: Path, hub: Any) -> list[Case]:
    cases: list[Case] = []
    for name, build in (("tmpl", _p25_template_cases), ("form", _p25_policy_form_cases), ("waiver", _p25_waiver_cases),
                        ("notice", _p25_notice_cases), ("lock", _p25_lock_cases), ("refs", _p25_refs_cases),
                        ("catalog", _p25_catalog_cases), ("card", _p25_card_cases), ("scan", _p25_scan_cases),
                        ("env", _p25_env_cases), ("out", _p25_output_cases), ("cache", _p25_cache_cases),
                        ("identify", _p25_identify_cases)):
        folder = base / name
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases


# ------------------------------------------------------------------ running and classifying


def run_case(case: Case, env_base: dict[str, str]) -> Result:
    env = {**env_base, **case.env}
    started = time.monotonic()
    # As root, permission-denied inputs would read fine: run as nobody (the inputs were chowned to it).
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    proc = subprocess.Popen([*drop, sys.executable, *(case.runner or ["-m", "auditor"]), *case.argv], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=case.cwd or env["HOME"],
                            start_new_session=True)
    peak = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            try:
                with open(f"/proc/{proc.pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmRSS:"):
                            peak[0] = max(peak[0], int(line.split()[1]) / 1024)
                if peak[0] > MAX_RSS_MB:
                    os.killpg(proc.pid, 9)
            except OSError:
                pass

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = proc.communicate(case.stdin or b"", timeout=case.timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
        code = None
    done.set()
    result = Result(case, code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                    time.monotonic() - started, peak[0])
    classify(result)
    return result


def _run_or_say(case: Case, env: dict[str, str]) -> Result:
    """run_case, with a case the probe itself could not start (a working folder that is gone) reported as such
    instead of ending the whole run and losing every result before it."""
    try:
        return run_case(case, env)
    except OSError as exc:
        return Result(case, None, "", f"probe could not start the case: {exc}", 0.0, 0.0, [f"PROBE-ERROR {exc}"])


def classify(r: Result) -> None:
    if r.code is None:
        r.problems.append("HANG" if r.rss_mb <= MAX_RSS_MB else "MEMORY")
        return
    _classify_exit(r)
    if r.code in (0, 1, 3) and (r.case.models or r.case.affected):
        _classify_records(r)
    if r.case.check is not None:
        msg = r.case.check(r)
        if msg:
            r.problems.append("CHECK " + msg)


def _classify_exit(r: Result) -> None:
    c, p = r.case, r.problems
    if r.rss_mb > MAX_RSS_MB:
        p.append(f"MEMORY {r.rss_mb:.0f} MB")
    if "Traceback" in r.stderr or "internal error" in r.stderr.lower():
        p.append("TRACEBACK")
    if r.code not in (0, 1, 2, 3):
        p.append(f"EXIT {r.code}")
    if c.want2 and r.code != 2:
        p.append(f"EXPECTED-2 got {r.code}")
    if not c.allow2 and not c.want2 and r.code == 2:
        p.append("RUN-ABORTED (exit 2 where the run should go on)")
    if c.fail_closed and r.code == 0:
        p.append("SILENT-PASS (exit 0)")
    if r.code != 2:
        return
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    if len(lines) > 1 and not any(x.lstrip().startswith(("Usage:", "Try ")) for x in lines):
        p.append(f"MULTI-LINE error ({len(lines)} lines)")
    if len(r.stderr) > 2000:
        p.append(f"LONG error ({len(r.stderr)} characters)")
    for name in c.error_names:
        if name.lower() not in r.stderr.lower():
            p.append(f"MESSAGE lacks {name!r}")


def _classify_records(r: Result) -> None:
    c, p = r.case, r.problems
    recs: dict[str, dict[str, Any]] = {}
    for rec in r.records():  # a local folder is labelled by the path given: key it by its last part too
        if rec.get("type") == "model" and isinstance(rec.get("model"), str):
            recs[rec["model"]] = recs[rec["model"].rstrip("/").rsplit("/", 1)[-1]] = rec
    for label in c.models:
        if label not in recs:
            p.append(f"LOST model {label}")
    if not c.affected or c.affected not in recs:
        return
    rec = recs[c.affected]
    if rec.get("verdict") == "pass" and c.fail_closed:
        p.append(f"AFFECTED model {c.affected} verdict pass")
    card_probs = rec.get("facts", {}).get("card", {}).get("problems") or []
    serious = [f for f in rec.get("findings", []) if f.get("severity") in ("error", "warning")]
    if not serious and not card_probs:
        p.append(f"NO-FINDING for {c.affected}")


def other_commands_on(cases: list[Case], base: Path) -> list[Case]:
    """Every hostile model folder of the audit cases through report, sbom, openness, lineage and notice too:
    a card the audit survives may still break a renderer."""
    out: list[Case] = []
    for case in cases:
        if case.entry != "audit-local" or len(case.argv) < 2 or not case.argv[1].endswith("hostile-model"):
            continue
        folder = case.argv[1]
        dest = base / case.name
        dest.mkdir(parents=True, exist_ok=True)
        for entry, argv in (
                ("x-report", ["report", folder, "--offline", "-f", "md", "-o", str(dest / "r.md")]),
                ("x-report-html", ["report", folder, "--offline", "-o", str(dest / "r.html")]),
                ("x-sbom", ["sbom", folder, "--offline", "-f", "spdx3", "-o", str(dest / "s.json")]),
                ("x-openness", ["openness", folder, "--offline", "-f", "json"]),
                ("x-lineage", ["lineage", folder, "--offline", "-f", "mermaid"]),
                ("x-notice", ["notice", folder, "--offline", "-o", str(dest / "n")]),
                ("x-audit-sarif", ["audit", folder, "--offline", "-f", "sarif,junit,github,gitlab,markdown",
                                   "-o", str(dest / "fmt")])):
            # report, sbom, openness and notice exit 0 whatever the verdict (3 only when incomplete): only
            # crashes, hangs and exit codes are classified here
            out.append(Case(entry, case.name, argv))
    return out


def catalog_commands_on(cases: list[Case], base: Path) -> list[Case]:
    """The hostile catalogs through lineage, openness, report, sbom, snapshot (a round trip) and lock."""
    out: list[Case] = []
    for case in cases:
        if case.entry != "catalog" or "--catalog" not in case.argv:
            continue
        catalog = case.argv[case.argv.index("--catalog") + 1]
        refs = [a for a in case.argv[1:case.argv.index("--offline")] if "/" in a and not a.startswith("-")]
        target = next((r for r in reversed(refs) if r != "acme/good"), None)
        if target is None:
            continue
        dest = base / case.name
        dest.mkdir(parents=True, exist_ok=True)
        common = ["--offline", "--catalog", catalog]
        for entry, argv in (
                ("c-lineage", ["lineage", target, *common, "-f", "json"]),
                ("c-openness", ["openness", target, *common, "-f", "json"]),
                ("c-report", ["report", target, *common, "-f", "md", "-o", str(dest / "r.md")]),
                ("c-sbom", ["sbom", target, *common, "-f", "cyclonedx", "-o", str(dest / "s.json")]),
                ("c-snapshot", ["snapshot", target, *common, "-o", str(dest / "snap.jsonl")]),
                ("c-audit-formats", ["audit", target, *common, "-f", "sarif,junit,github,gitlab,markdown,json",
                                     "-o", str(dest / "fmt")])):
            out.append(Case(entry, case.name, argv))
        repo = dest / "repo"
        repo.mkdir()
        write(repo / "app.py", f'AutoModel.from_pretrained("{target}")\n')
        out.append(Case("c-lock", case.name, ["lock", str(repo), *common]))
        out.append(Case("c-check", case.name, ["check", str(repo), *common, "--no-cache", "-f", "json"]))
    return out


def _group_wanted(group: str, patterns: list[str]) -> bool:
    """Whether a group of inputs can hold a family the --entry patterns name (`passN` builds the pN-* families;
    the base groups the unnumbered ones and the x-*/c-* commands run on them): building every group's inputs
    took longer than running one family."""
    if not patterns:
        return True
    if group.startswith("pass"):
        prefix = "p" + group[4:] + "-"
        return any(fnmatch.fnmatchcase(prefix + "x", p) or p.startswith(prefix) or p == "p" + group[4:] for p in patterns)
    return any(not __import__("re").match(r"p\d", p) for p in patterns)


def all_cases(base: Path, hub: Any, reset: _ResetServer, patterns: list[str] | None = None) -> list[Case]:
    cases: list[Case] = []
    # The healthy repository many families audit beside a faulty one (p3-hub-raw, p10-hub, ...): hub_cases added
    # it, so a run of --entry p3-* without the base groups found acme/good missing and flagged every case
    hub.add_repo("acme/good", {"gated": False, "private": False, "tags": ["license:mit"], "cardData": {"license": "mit"}},
                 {"README.md": "---\nlicense: mit\n---\n# m\n", "model.safetensors": b"\0"})
    for group, build in (("cards", card_cases), ("special", special_file_cases), ("catalog", catalog_cases),
                         ("policy", policy_cases), ("check", check_cases), ("refs", refs_file_cases),
                         ("other", other_cases), ("hub", lambda b: hub_cases(b, hub)),
                         ("reset", lambda b: reset_cases(b, reset)), ("pass3", lambda b: pass3_cases(b, hub)),
                         ("pass4", lambda b: pass4_cases(b, hub)), ("pass6", lambda b: pass6_cases(b, hub)),
                         ("pass7", lambda b: pass7_cases(b, hub)), ("pass8", lambda b: pass8_cases(b, hub)),
                         ("pass9", lambda b: pass9_cases(b, hub)), ("pass10", lambda b: pass10_cases(b, hub)), ("pass11", lambda b: pass11_cases(b, hub)),
                         ("pass12", lambda b: pass12_cases(b, hub)), ("pass13", lambda b: pass13_cases(b, hub)),
                         ("pass14", lambda b: pass14_cases(b, hub)), ("pass15", lambda b: pass15_cases(b, hub)),
                         ("pass16", lambda b: pass16_cases(b, hub)), ("pass17", lambda b: pass17_cases(b, hub)),
                         ("pass18", lambda b: pass18_cases(b, hub)), ("pass19", lambda b: pass19_cases(b, hub)),
                         ("pass20", lambda b: pass20_cases(b, hub)),
                         ("pass21", lambda b: pass21_cases(b, hub)), ("pass22", lambda b: pass22_cases(b, hub)),
                         ("pass23", lambda b: pass23_cases(b, hub)), ("pass24", lambda b: pass24_cases(b, hub)),
                         ("pass25", lambda b: pass25_cases(b, hub))):
        if not _group_wanted(group, patterns or []):
            continue
        folder = base / group
        folder.mkdir(parents=True)
        cases.extend(build(folder))
    return cases + other_commands_on(cases, base / "x") + catalog_commands_on(cases, base / "c")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--entry", default="", help="run only these families: comma-separated names or globs "
                        "(c-*,x-report); the cases still run one at a time with --jobs 1")
    parser.add_argument("--jobs", type=int, default=6)
    parser.add_argument("--show", action="store_true", help="print every case's stderr first line")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--progress", type=Path, help="append each case's result here as it ends (JSON Lines): a run "
                        "cut short keeps what it found")
    parser.add_argument("--reverse", action="store_true", help="run the cases last family first (the newest families)")
    parser.add_argument("--tree", type=Path, default=ROOT,
                        help="the auditor source tree to run (e.g. an older revision from git archive)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="hostile-probe-"))
    home = base / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "HF_HOME": str(home / "hf"),
           "AUDITOR_CACHE_DIR": str(home / "cache"), "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HUB_OFFLINE": "0",
           "PYTHONPATH": str(args.tree.resolve()), "LANG": "C.UTF-8", "COLUMNS": "200", "HF_ENDPOINT": "http://127.0.0.1:9"}
    sys.path.insert(0, str(ROOT))
    REFERENCE_TREE[0] = args.tree.resolve()
    from tests.fakehub import FakeHub

    hub = raw_hub(FakeHub)().start()
    reset = _ResetServer()
    try:
        patterns = [p for p in args.entry.split(",") if p]
        cases = [c for c in all_cases(base / "inputs", hub, reset, patterns) if args.only in f"{c.entry}/{c.name}"
                 and (not args.entry or any(fnmatch.fnmatchcase(c.entry, pattern)
                                            for pattern in args.entry.split(",")))]
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "--no-dereference", "65534:65534", str(base)], check=True)
        if args.reverse:
            cases.reverse()
        progress_lock = threading.Lock()

        def one(case: Case) -> Result:
            result = _run_or_say(case, env)
            if args.progress:
                with progress_lock, args.progress.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"entry": case.entry, "name": case.name, "code": result.code,
                                         "problems": result.problems, "stderr": result.stderr[-3000:],
                                         "seconds": round(result.seconds, 2)}) + "\n")
            return result

        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(one, cases))
    finally:
        hub.stop()
        subprocess.run(["chmod", "-R", "u+rwx", str(base)], check=False)
        # not shutil.rmtree: it recurses once per level, and p19 builds folders 2,100 deep
        subprocess.run(["rm", "-rf", "--one-file-system", str(base)], check=False)
    per_entry: dict[str, list[int]] = {}
    for r in results:
        tally = per_entry.setdefault(r.case.entry, [0, 0])
        tally[0] += 1
        tally[1] += bool(r.problems)
        first = next((x for x in r.stderr.splitlines() if x.strip()), "")
        if r.problems or args.show:
            mark = "BROKEN" if r.problems else "ok"
            print(f"{mark:6} {r.case.entry}/{r.case.name} exit={r.code} {r.seconds:.1f}s {r.rss_mb:.0f}MB "
                  f"{'; '.join(r.problems)}")
            if first:
                print(f"       stderr: {first[:300]}")
            tb = [x for x in r.stderr.splitlines() if x.strip()]
            if "TRACEBACK" in r.problems and tb:
                print(f"       last: {tb[-1][:300]}")
    print()
    for entry, (n, broken) in per_entry.items():
        print(f"{entry:16} tried {n:4}  broken {broken}")
    total = sum(n for n, _ in per_entry.values())
    broken = sum(b for _, b in per_entry.values())
    print(f"{'total':16} tried {total:4}  broken {broken}")
    if args.json:
        args.json.write_text(json.dumps([{"entry": r.case.entry, "name": r.case.name, "code": r.code,
                                          "problems": r.problems, "stderr": r.stderr[-3000:],
                                          "seconds": round(r.seconds, 2)} for r in results], indent=1))
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
