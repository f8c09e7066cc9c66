"""Where each catalog model's numbered next actions land in the printed review (issue 19 item 1): on page one in
full, on page one in the compact form (one line each, the details in the appendix), or moved whole to page 2.

Offline, examples/policy.yaml, the embedded catalog. `--layout` asks WeasyPrint (as the PDF does) instead of the
HTML's estimate: about a second a model, so `--only` / `--limit` narrow it. Page one with the actions on it must
hold the decision, the actions and the sign-off block; a model whose actions move to page 2 is what issue 19 asks
to avoid.

Run: `python bench/page_one_fit.py [--layout] [--only ID ...] [--limit N] [--json out.json]`.
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
from auditor.pipeline import audit  # noqa: E402
from auditor.sources.catalog import CatalogSource  # noqa: E402

MARK = 'class="page-one"'


def placement(page: str) -> str:
    """full | compact | moved, read from the rendered page one (before the appendix)."""
    one = page.split('<div class="appendix">', 1)[0]
    first = one.split('<section class="actions-all">', 1)[0]
    if 'class="actions compact"' in first:
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
    for result in run.results:
        alone = replace(run, results=(result,))
        page = report_html.to_html(alone, generated_at="2025-01-01T00:00:00Z", lineage_engine="builtin",
                                   page_one_fits=fits)
        where[result.model] = placement(page)
    counts = collections.Counter(where.values())
    print(f"models {len(where)} ({'layout' if fits else 'estimate'}, {time.perf_counter() - start:.0f} s): "
          f"full {counts['full']}, compact {counts['compact']}, moved {counts['moved']}; "
          f"actions on page one {counts['full'] + counts['compact']}")
    for model, w in sorted(where.items()):
        if w == "moved":
            print(f"  moved: {model}")
    if args.json:
        args.json.write_text(json.dumps(where, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
