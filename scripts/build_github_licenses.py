"""Build auditor/data/github_licenses.json: the licenses of GitHub code repositories, recorded for offline use.

Why a recording: the openness stage asks the GitHub API for the license of each code repository a model
links, and offline (or without --github) that question has no answer, so the code of even the best-known
open models stayed "unknown". This builder records, for a few such repositories, what their LICENSE file
is, identified by this project's own matcher (auditor.licenses.identify), with the file's origin
(repository@commit:path of the stored copy that was read) and the date of the recording. The license text
is never stored: only the identification, its score and where the text was read.

Inputs: scripts/github_license_sources.yaml (which file was read where, and which repositories could not
be read) and --texts DIR, a local folder holding one copy of each text named
<owner>__<repo>@<commit>__<file name> (kept outside the repository).

Usage:  python scripts/build_github_licenses.py --texts DIR [--out FILE]
        python scripts/build_github_licenses.py --check [--texts DIR]
`--check` fails (exit 1) when the committed recording does not match the sources file; given --texts it
also re-identifies every text and compares the result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # runnable as a plain script from a checkout
    sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

SOURCES = REPO / "scripts" / "github_license_sources.yaml"
OUT = REPO / "auditor" / "data" / "github_licenses.json"
MIN_SCORE = 0.9  # a recording is a claim made without GitHub: only a confident identification is recorded
NAMES = {"Apache-2.0": "Apache License 2.0", "MIT": "MIT License", "BSD-3-Clause": 'BSD 3-Clause "New" License'}
SEEN_VIA = "stored copy read through the search tool's code corpus"


class BuildError(Exception):
    """A sources entry or text the builder cannot use; the message names it."""


def load_sources(path: Path = SOURCES) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not isinstance(data.get("read"), list):
        raise BuildError(f"{path}: expected a mapping with a `read` list")
    if not str(data.get("recorded") or "").strip():
        raise BuildError(f"{path}: `recorded` (the date of the recording) is missing")
    for number, entry in enumerate(data["read"], 1):
        missing = [k for k in ("repo", "commit", "path") if not str((entry or {}).get(k) or "").strip()]
        if missing:
            raise BuildError(f"{path} read[{number}]: missing {', '.join(missing)}")
    for number, entry in enumerate(data.get("not_found") or [], 1):
        if not (entry or {}).get("repo") or not (entry or {}).get("reason"):
            raise BuildError(f"{path} not_found[{number}]: needs `repo` and `reason`")
    return data


def text_name(entry: dict[str, Any]) -> str:
    owner, name = str(entry["repo"]).split("/", 1)
    return f"{owner}__{name}@{entry['commit']}__{Path(str(entry['path'])).name}"


def identify_entry(entry: dict[str, Any], texts: Path) -> dict[str, Any]:
    """The recorded identification of one entry's text (never the text itself)."""
    from auditor.licenses.identify import identify_file

    path = texts / text_name(entry)
    if not path.is_file():
        raise BuildError(f"{entry['repo']}: no text at {path}")
    found = identify_file(path)
    where = f"{entry['repo']}@{entry['commit']}:{entry['path']}"
    if found is None:
        raise BuildError(f"{where}: auditor.licenses.identify does not identify this text; not recorded")
    if found.score < MIN_SCORE:
        raise BuildError(f"{where}: identified as {found.license_id} with score {found.score:.2f} only "
                         f"(below {MIN_SCORE}); not recorded")
    if found.also:
        others = ", ".join(a.license_id for a in found.also)
        raise BuildError(f"{where}: the file holds more than one license ({found.license_id}, {others}); "
                         "a single SPDX id would misstate it, so it is not recorded")
    return {"spdx_id": found.license_id, "score": round(found.score, 4), "method": found.method}


def build(sources: dict[str, Any], texts: Path) -> dict[str, Any]:
    repositories: dict[str, Any] = {}
    for entry in sources["read"]:
        found = identify_entry(entry, texts)
        where = f"{entry['repo']}@{entry['commit']}:{entry['path']}"
        record: dict[str, Any] = {
            "spdx_id": found["spdx_id"],
            "path": entry["path"],
            "commit": entry["commit"],
            "identification": {"by": "auditor.licenses.identify", "method": found["method"],
                               "score": found["score"]},
            "origin": (f"{where} ({SEEN_VIA}) identified by auditor.licenses.identify as {found['spdx_id']} "
                       f"({found['method']}, score {found['score']:.2f})"),
            "recorded": str(sources["recorded"]),
        }
        if found["spdx_id"] in NAMES:
            record["name"] = NAMES[found["spdx_id"]]
        if entry.get("linked_from"):
            record["linked_from"] = entry["linked_from"]
        repositories[entry["repo"]] = record
    return {
        "about": ("Licenses of GitHub code repositories, recorded for offline use by "
                  "scripts/build_github_licenses.py from scripts/github_license_sources.yaml. Each entry "
                  "says where its LICENSE file was read and how it was identified; no license text is "
                  "stored. The openness stage uses an entry only when GitHub itself is not asked, and "
                  "reports it as a recording, never as a live answer."),
        "format": 1,
        "repositories": dict(sorted(repositories.items(), key=lambda kv: kv[0].lower())),
        "not_recorded": {e["repo"]: " ".join(str(e["reason"]).split()) for e in sources.get("not_found") or []},
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def check(sources: dict[str, Any], committed: dict[str, Any], texts: Path | None) -> list[str]:
    """What is wrong with the committed recording, given the sources (and the texts when available)."""
    problems: list[str] = []
    repos = committed.get("repositories") or {}
    wanted = {e["repo"]: e for e in sources["read"]}
    for name in sorted(set(repos) - set(wanted)):
        problems.append(f"{name}: recorded but not in the sources file")
    for name, entry in wanted.items():
        have = repos.get(name)
        if have is None:
            problems.append(f"{name}: in the sources file but not recorded")
            continue
        for key in ("commit", "path"):
            if have.get(key) != entry[key]:
                problems.append(f"{name}: {key} {have.get(key)!r} differs from the sources file ({entry[key]!r})")
        if not str(have.get("origin") or "").strip() or not have.get("recorded"):
            problems.append(f"{name}: no origin or recording date")
        if texts is not None:
            try:
                found = identify_entry(entry, texts)
            except BuildError as exc:
                problems.append(str(exc))
                continue
            if found["spdx_id"] != have.get("spdx_id"):
                problems.append(f"{name}: the text now identifies as {found['spdx_id']}, "
                                f"recorded {have.get('spdx_id')}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--texts", type=Path, help="folder with the license texts that were read")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail when the committed recording is stale")
    args = parser.parse_args(argv)
    try:
        sources = load_sources(args.sources)
        if args.check:
            committed = json.loads(args.out.read_text(encoding="utf-8"))
            problems = check(sources, committed, args.texts)
            for problem in problems:
                print(f"build_github_licenses: {problem}", file=sys.stderr)
            return 1 if problems else 0
        if args.texts is None:
            raise BuildError("--texts DIR is needed to build (the license texts are not kept in the repository)")
        doc = build(sources, args.texts)
    except (BuildError, OSError, ValueError, yaml.YAMLError) as exc:
        print(f"build_github_licenses: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(render(doc), encoding="utf-8")
    print(f"wrote {len(doc['repositories'])} recorded licenses to {args.out} "
          f"({len(doc['not_recorded'])} repositories listed as not recorded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
