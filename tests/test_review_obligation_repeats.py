"""No obligation says the same thing twice.

The outputs obligation of a Llama 2 derivative printed the §1.b.v note twice: once as inherited from the base,
once labelled with the license id from the knowledge base ("...; LicenseRef-Llama-2: the Llama Materials and
their outputs may not..."). Checked over every embedded-catalog model: within one obligation, no part
separated by "; " repeats another once a leading license id label is set aside.
"""

from __future__ import annotations

import json
import re

from auditor import pipeline
from auditor.formats.review import obligations
from auditor.sources.catalog import embedded_catalog_path, read_catalog_lines

_LABEL = re.compile(r"^[A-Za-z0-9.+-]+: ")


def _parts(text: str) -> list[str]:
    body = text.split(": ", 1)[-1] if "(" in text.split(": ", 1)[0] else text
    return [_LABEL.sub("", p).strip() for p in body.split("; ") if p.strip()]


def test_no_obligation_repeats_a_part_across_the_catalog() -> None:
    ids = sorted({line.id for line in read_catalog_lines(embedded_catalog_path()) if line.kind == "model"})
    run = pipeline.audit(ids, offline=True, allow_incomplete=True)
    checked = 0
    for result in run.results:
        for obligation in obligations(result.facts):
            parts = [p for p in _parts(obligation.text) if len(p) > 30]  # sentences, not short values
            assert len(parts) == len(set(parts)), (result.model, json.dumps(obligation.text))
            checked += len(parts) > 1
    assert checked > 20  # obligations with several parts were seen
