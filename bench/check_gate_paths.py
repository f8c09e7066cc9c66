"""Which of the Python scanner's gates sends each file to `ast.parse`, and what those files cost (issue 15, `check`).

For every .py file of a tree (default: this venv's site-packages), the gates of auditor/scan/python.py `find_hits`
are asked one by one, in the process, exactly as find_hits asks them; each file they let through is then scanned
(`find_hits`: parse, survey, finder, kept hits) and timed. The table groups files by the gate paths that let them
through (a file may pass several): how many, their find_hits CPU time, and how many of them yield a reference.
It says where a cold `check` spends its time on files that name nothing, and which gate a sharper (still exact)
test would have to replace to win it back. No output of the scanner is changed; nothing is written.

Run: `python bench/check_gate_paths.py [TREE]`.
"""

from __future__ import annotations

import sys
import sysconfig
import time
from collections import Counter, defaultdict
from pathlib import Path

from auditor.scan import python as scanpy
from auditor.scan.prefilter import python_may_hold
from auditor.scan.pystrings import may_hold_config_string


def gate_paths(chunks: list[str]) -> list[str]:
    """The gates of find_hits that let these chunks through, by name (empty: the file is not parsed)."""
    referenced = scanpy._plain_reference(chunks)
    legacy = not referenced and any(scanpy.has_legacy_literal(text) for text in chunks)
    if not (any(may_hold_config_string(text) for text in chunks)
            or scanpy._worth_parsing(chunks, referenced or legacy, legacy)):
        return []
    found = []
    if any(may_hold_config_string(text) for text in chunks):
        found.append("config-string")
    if referenced and python_may_hold(chunks, scanpy._has_candidate, scanpy._never):
        found.append("candidate")
    if referenced and python_may_hold(chunks, scanpy._never, scanpy._has_trigger):
        found.append("trigger")
    if legacy and python_may_hold(chunks, scanpy._candidate_or_legacy, scanpy._has_trigger):
        found.append("legacy")
    if scanpy._may_run_commands(chunks):
        found.append("commands")
    if scanpy._may_hold_file_address(chunks, referenced or legacy):
        found.append("file-address")
    if (not (referenced or legacy) and any(scanpy._has_id_prefix(text) for text in chunks)
            and python_may_hold(chunks, scanpy._has_id_prefix, scanpy._never)):
        found.append("id-prefix")
    return found


def main(argv: list[str]) -> int:
    tree = Path(argv[0]) if argv else Path(sysconfig.get_paths()["purelib"])
    files = sorted(p for p in tree.rglob("*.py") if "__pycache__" not in p.parts and p.is_file())
    groups: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0])
    triggers: Counter[str] = Counter()
    gates = 0.0
    for path in files:
        try:
            chunks = [scanpy.decode_python(path.read_bytes())]
        except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
            continue
        start = time.process_time()
        found = gate_paths(chunks)
        gates += time.process_time() - start
        if not found:
            continue
        if "trigger" in found:
            triggers.update(word for word in scanpy._TRIGGERS if word in chunks[0])
        start = time.process_time()
        hits, _ = scanpy.find_hits(chunks)
        group = groups["+".join(found)]
        group[0] += 1
        group[1] += time.process_time() - start
        group[2] += bool(hits)
    parsed = sum(int(g[0]) for g in groups.values())
    print(f"{tree}: {len(files)} .py files; the gates asked one by one {gates:.2f} s CPU; {parsed} files parsed, "
          f"find_hits {sum(g[1] for g in groups.values()):.2f} s CPU\n")
    print("| gate paths that let the file through | files | find_hits CPU s | files with a reference |")
    print("|---|---|---|---|")
    for name, (count, cpu, with_hits) in sorted(groups.items(), key=lambda item: -item[1][1]):
        print(f"| {name} | {count} | {cpu:.2f} | {with_hits} |")
    print(f"\ntrigger words in the files the trigger gate let through: {dict(triggers.most_common())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
