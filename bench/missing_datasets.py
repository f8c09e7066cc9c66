"""Which datasets the embedded catalog's models declare (card `datasets:`, `dataset:` tags) that the catalog holds
no record of, even through the recorded organisation renames (auditor/data/org_renames.json), and how many models
declare each: where a training-data answer (questions 24/25) says "the catalog holds no record".

Run: `python bench/missing_datasets.py [--all]` (--all also lists the datasets that have a record).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.model import ModelRef  # noqa: E402
from auditor.sources.catalog import CatalogSource  # noqa: E402


def declared(line: object) -> list[str]:
    """The dataset ids a catalog model line declares, in its card or its tags."""
    data = getattr(line, "body", None) or {}
    card = data.get("cardData") or {}
    raw = card.get("datasets") or []
    out = [raw] if isinstance(raw, str) else [str(d) for d in raw if isinstance(d, str)]
    out += [t.removeprefix("dataset:") for t in data.get("tags") or []
            if isinstance(t, str) and t.startswith("dataset:")]
    return list(dict.fromkeys(d.strip() for d in out if d.strip()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()
    catalog = CatalogSource()
    by_dataset: dict[str, list[str]] = collections.defaultdict(list)
    for line in catalog.lines():
        if line.kind == "model":
            for ds in declared(line):
                by_dataset[ds].append(line.id)
    missing = []
    for ds, models in sorted(by_dataset.items(), key=lambda kv: (-len(kv[1]), kv[0].lower())):
        record = catalog.fetch(ModelRef(repo_id=ds, kind="dataset"))
        found = record is not None and record.complete
        if not found:
            missing.append(ds)
        if args.all or not found:
            print(f"{'ok     ' if found else 'MISSING'} {len(models):>3}  {ds}  ({', '.join(models[:3])}"
                  f"{', ...' if len(models) > 3 else ''})")
    print(f"declared datasets {len(by_dataset)}, without a record {len(missing)}, "
          f"models declaring one without a record "
          f"{len({m for ds in missing for m in by_dataset[ds]})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
