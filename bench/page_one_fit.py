"""Where each catalog model's numbered next actions land in the printed review (issue 19 item 1): on page one in
full, on page one in the compact form (one line each, the details in the appendix; for several models, in two columns
when one does not fit), or moved whole to page 2.

Offline, examples/policy.yaml, the embedded catalog. `--layout` asks WeasyPrint (as the PDF does) instead of the
HTML's estimate: about a second a model, so `--only` / `--limit` narrow it. Page one with the actions on it must
hold the decision, the actions and the sign-off block; a model whose actions move to page 2 is what issue 19 asks
to avoid.

`--together K` measures multi-model reports instead: the models with at least `--min-actions` actions (default 6,
the "two models with about seven actions each" of issue 19 item 1), taken K at a time in id order (neighbours in
id order are often one family, which shares actions; every group is one report).

Run: `python bench/page_one_fit.py [--layout] [--only ID ...] [--limit N] [--together K [--min-actions N]]
[--json out.json]`.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.formats import html as report_html  # noqa: E402
from auditor.formats.actions import next_actions  # noqa: E402
from auditor.formats.review import model_view  # noqa: E402
from auditor.pipeline import audit  # noqa: E402
from auditor.sources.catalog import CatalogSource  # noqa: E402

MARK = 'class="page-one"'


def placement(page: str) -> str:
    """full | compact | columns | moved, read from the rendered page one (before the appendix)."""
    one = page.split('<div class="appendix">', 1)[0]
    first = one.split('<section class="actions-all">', 1)[0]
    if 'class="actions-columns"' in first:
        return "columns"
    if 'compact"' in first:  # class="actions compact" (one model) or "actions grouped compact" (several)
        return "compact"
    if "Next actions to approve" in first:
        return "full"
    return "moved"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", action="store_true", help="lay page one out with WeasyPrint (the PDF's way)")
    parser.add_argument("--only", nargs="*", default=None, help="these model ids only")
    parser.add_argument("--limit", type=int, default=0, help="the first N models only")
    parser.add_argument("--json", type=Path, help="write each model's placement here")
    parser.add_argument("--policy", default=str(ROOT / "examples" / "policy.yaml"))
    parser.add_argument("--together", type=int, default=1, help="models per report (multi-model reports)")
    parser.add_argument("--min-actions", type=int, default=6, help="with --together: models with this many actions")
    args = parser.parse_args()
    ids = sorted({line.id for line in CatalogSource().lines() if line.kind == "model"}, key=str.lower)
    if args.only:
        ids = [i for i in ids if i in set(args.only)]
    if args.limit:
        ids = ids[:args.limit]
    run = audit(ids, policy=args.policy, offline=True, allow_incomplete=True)
    fits = None
    if args.layout:
        from auditor.formats.pdf import page_one_fits as fits  # lazy: heavy (weasyprint), --layout only
    where: dict[str, str] = {}
    start = time.perf_counter()
    groups = [(result,) for result in run.results]
    if args.together > 1:
        many = [r for r in run.results if len(next_actions(model_view(r, run), run)) >= args.min_actions]
        groups = [tuple(many[i:i + args.together]) for i in range(0, len(many) - args.together + 1, args.together)]
    for group in groups:
        alone = replace(run, results=group)
        page = report_html.to_html(alone, generated_at="2025-01-01T00:00:00Z", lineage_engine="builtin",
                                   page_one_fits=fits)
        where[" + ".join(r.model for r in group)] = placement(page)
    counts = collections.Counter(where.values())
    print(f"{'reports' if args.together > 1 else 'models'} {len(where)} ({'layout' if fits else 'estimate'}, "
          f"{time.perf_counter() - start:.0f} s): "
          f"full {counts['full']}, compact {counts['compact']}, compact in two columns {counts['columns']}, "
          f"moved {counts['moved']}; actions on page one {counts['full'] + counts['compact'] + counts['columns']}")
    for model, w in sorted(where.items()):
        if w == "moved":
            print(f"  moved: {model}")
    if args.json:
        args.json.write_text(json.dumps(where, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
