"""Agreement of our openness judgments with the European Open Source AI Index's grades (quadratic kappa).

    python bench/eosai_agreement.py [--grades bench/data/eosai_grades.tsv] [--write]

Why: the index (osai-index.eu; its predecessor opening-up-chatgpt.github.io, same team and criteria) grades
each model open / partial / closed on base model weights, end model weights and license. Our `auditor
openness` keeps the two readings the index keeps apart (`availability` and `license_status`, see
docs/openness.md), so the grades can be compared without guessing. This script runs `auditor openness
ID --offline --format json` (the embedded catalog) on every Hub id the grades TSV maps an index row to,
reads our grade the way docs/openness.md "How our grades map to the index's" says, and prints, per
dimension, the confusion matrix, Cohen's kappa with quadratic weights over closed < partial < open (on
the rows where we are not unknown) and the share of rows we leave unknown.

The TSV holds only grades and Hub ids (facts, with their origin in its header), never the index's notes.
With --write the output replaces the "## eosai agreement" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GRADES = HERE / "data" / "eosai_grades.tsv"
RESULTS = HERE / "RESULTS.md"
ORDER = ("closed", "partial", "open")
PARAMS = "Model parameters (Final)"

# availability of the weights -> the index's weights grade: shared without conditions, shared behind an
# access request ("requires signing a consent form"), shown not to be shared.
WEIGHTS_BY_AVAILABILITY = {"downloadable": "open", "gated": "partial", "absent": "closed"}
# status of the final parameters, when their availability is not known: what their terms allow at best.
WEIGHTS_BY_STATUS = {"restricted": "partial", "closed": "closed", "absent": "closed"}
# license_status of the weights' license -> the index's license grade: OSI-approved (open); use
# restrictions, non-commercial or responsible-AI terms (restricted: partial); no license, all rights
# reserved or a license that forbids use (closed).
LICENSE_BY_STATUS = {"open": "open", "restricted": "partial", "closed": "closed"}


def read_grades(path: Path) -> list[dict[str, str]]:
    """The TSV's rows (comment lines start with #)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def openness(model_id: str) -> dict[str, Any] | None:
    """Our offline openness JSON for one Hub id (None when the command gives no JSON)."""
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "openness", model_id, "--offline", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return None
    return doc if isinstance(doc, dict) else None


def weights_grade(doc: dict[str, Any] | None) -> str:
    """Our weights grade: the availability of the final parameters when it is known; else their status
    (weights, if any, under terms that are not open are "not fully shared": partial; closed terms: closed);
    else unknown (declared, published or unknown availability of weights under an open or unknown license)."""
    comp = (doc or {}).get("components", {}).get(PARAMS, {})
    grade = WEIGHTS_BY_AVAILABILITY.get(str(comp.get("availability")))
    if grade is None:
        grade = WEIGHTS_BY_STATUS.get(str(comp.get("status")), "unknown")
    return grade


def availability_grade(doc: dict[str, Any] | None) -> str:
    """The strict reading: the availability of the final parameters alone (the index's words: "shared")."""
    comp = (doc or {}).get("components", {}).get(PARAMS, {})
    return WEIGHTS_BY_AVAILABILITY.get(str(comp.get("availability")), "unknown")


def status_grade(doc: dict[str, Any] | None) -> str:
    """The audit's reading: `openness.weights_status` (the final parameters' status) alone."""
    comp = (doc or {}).get("components", {}).get(PARAMS, {})
    return {"open": "open", **WEIGHTS_BY_STATUS}.get(str(comp.get("status")), "unknown")


def license_grade(doc: dict[str, Any] | None) -> str:
    """Our license grade: the license status of the final parameters' license."""
    comp = (doc or {}).get("components", {}).get(PARAMS, {})
    return LICENSE_BY_STATUS.get(str(comp.get("license_status")), "unknown")


CODE = ("Training code", "Inference code", "Evaluation code", "Data preprocessing code")


def license_criterion_grade(doc: dict[str, Any] | None) -> str:
    """The index's license criterion read literally, for comparison only (not our judgment): open when the
    weights' license is open; when it is not, partial only if some code of the release is shown under an open
    license ("only parts of the project are covered"), else closed, which reads code whose license is not
    known (offline: GitHub not asked) as not OSI-approved; unknown when the weights' license is."""
    grade = license_grade(doc)
    if grade in ("open", "unknown"):
        return grade
    comps = (doc or {}).get("components", {})
    return "partial" if any(comps.get(name, {}).get("license_status") == "open" for name in CODE) else "closed"


def quadratic_kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Cohen's kappa with quadratic weights over ORDER, on (index, ours) pairs; None when undefined."""
    pairs = [(a, b) for a, b in pairs if a in ORDER and b in ORDER]
    n, k = len(pairs), len(ORDER)
    if n == 0:
        return None
    obs = [[0.0] * k for _ in range(k)]
    for a, b in pairs:
        obs[ORDER.index(a)][ORDER.index(b)] += 1
    rows = [sum(r) for r in obs]
    cols = [sum(obs[i][j] for i in range(k)) for j in range(k)]
    weight = [[(i - j) ** 2 / (k - 1) ** 2 for j in range(k)] for i in range(k)]
    observed = sum(weight[i][j] * obs[i][j] for i in range(k) for j in range(k)) / n
    expected = sum(weight[i][j] * rows[i] * cols[j] for i in range(k) for j in range(k)) / (n * n)
    if expected == 0:
        return None
    return 1.0 - observed / expected


def matrix(pairs: list[tuple[str, str]]) -> list[str]:
    """The confusion matrix as text: rows the index's grade, columns ours."""
    cols = (*ORDER, "unknown")
    out = ["index \\ ours " + " ".join(f"{c:>8}" for c in cols)]
    for a in ORDER:
        out.append(f"{a:>13} " + " ".join(f"{sum(1 for x, y in pairs if x == a and y == c):>8}" for c in cols))
    return out


def dimension(
    rows: list[dict[str, str]], id_col: str, grade_col: str, ours: Any, docs: dict[str, Any], label: str = ""
) -> list[str]:
    """One dimension's report: matrix, kappa, unknown share and the disagreeing rows."""
    pairs: list[tuple[str, str]] = []
    detail: list[str] = []
    for row in rows:
        model = row[id_col]
        if not model:
            continue
        mine = ours(docs[model])
        pairs.append((row[grade_col], mine))
        if mine != row[grade_col]:
            detail.append(f"  {row['file']}: {model} index {row[grade_col]}, ours {mine}")
    unknown = sum(1 for _, b in pairs if b == "unknown")
    kappa = quadratic_kappa(pairs)
    head = f"{grade_col}{label}: {len(pairs)} rows, unknown {unknown}/{len(pairs)}"
    if pairs:
        head += f" ({unknown / len(pairs):.0%})"
    head += ", quadratic kappa " + ("undefined" if kappa is None else f"{kappa:.2f}")
    return [head, *matrix(pairs), "disagreements:", *(detail or ["  none"]), ""]


def report(path: Path) -> str:
    """The whole measurement as text."""
    rows = read_grades(path)
    ids = sorted({row[c] for row in rows for c in ("end_id", "base_id", "license_id") if row[c]})
    docs = {model: openness(model) for model in ids}
    out = [f"{len(rows)} index rows with a Hub model in the embedded catalog, {len(ids)} Hub ids ({path.name})", ""]
    out += dimension(rows, "end_id", "end_weights", weights_grade, docs)
    out += dimension(rows, "base_id", "base_weights", weights_grade, docs)
    out += dimension(rows, "license_id", "license", license_grade, docs)
    literal = " (index criterion; code not shown OSI read as closed)"
    out.append(dimension(rows, "license_id", "license", license_criterion_grade, docs, literal)[0])
    for id_col, col in (("end_id", "end_weights"), ("base_id", "base_weights")):
        out.append(dimension(rows, id_col, col, availability_grade, docs, " (availability alone)")[0])
        out.append(dimension(rows, id_col, col, status_grade, docs, " (status alone)")[0])
    return "\n".join(out)


def write_results(text: str) -> None:
    """Replace the measured block of the '## eosai agreement' section of bench/RESULTS.md (its prose and the
    "before" figures stay), or append the section."""
    body = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    marker = "`python bench/eosai_agreement.py --write`\n\n```\n"
    block = marker + text + "\n```\n"
    section = body.find("## eosai agreement")
    start = body.find(marker, section) if section >= 0 else -1
    if start < 0:
        body = body.rstrip("\n") + "\n\n## eosai agreement\n\n" + block
    else:
        end = body.find("```\n", start + len(marker))
        body = body[:start] + block + body[end + len("```\n"):]
    RESULTS.write_text(body, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grades", type=Path, default=GRADES)
    parser.add_argument("--write", action="store_true", help="write the output into bench/RESULTS.md")
    args = parser.parse_args()
    text = report(args.grades)
    print(text)
    if args.write:
        write_results(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
