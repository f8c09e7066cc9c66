"""How many of the reviewer's 28 questions the procurement review answers in full, over every model of the embedded
catalog (offline, examples/policy.yaml): the mean, the models at >= 24 (issue 19's target), and each question's
answered / partial / unanswered counts, so a change that makes answers overclaim or go missing shows as numbers.

Run: `python bench/review_coverage.py [--json per-model.json]` (about ten seconds). A fall is not always worse: an
answer that overclaimed and is now partial lowers the mean; read the per-question counts beside it.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.formats.questions import answers  # noqa: E402
from auditor.pipeline import audit  # noqa: E402
from auditor.sources.catalog import CatalogSource  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write each model's question statuses here")
    parser.add_argument("--policy", default=str(ROOT / "examples" / "policy.yaml"))
    args = parser.parse_args()
    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)
    run = audit(ids, policy=args.policy, offline=True, allow_incomplete=True)
    per_question: dict[tuple[int, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    full: list[int] = []
    per_model: dict[str, dict[int, str]] = {}
    for result in run.results:
        items = answers(result.facts or {})
        full.append(sum(a.status == "answered" for a in items))
        per_model[result.model] = {a.number: a.status for a in items}
        for a in items:
            per_question[(a.number, a.key)][a.status] += 1
    print(f"models {len(full)}, mean answered in full {sum(full) / max(len(full), 1):.3f}, "
          f"at >= 24: {sum(n >= 24 for n in full)}")
    for (number, key), counts in sorted(per_question.items()):
        print(f"Q{number:<2} {key:<14} answered {counts['answered']:>4}  partial {counts['partial']:>4}  "
              f"unanswered {counts['unanswered']:>4}")
    if args.json:
        args.json.write_text(json.dumps(per_model, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
