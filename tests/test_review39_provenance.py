"""Review 37 M3 (issue 19): a license the card's prose names that the declared base also carries was cited two ways
in one obligation list - "(from <base>)" on the obligations built from the lineage's records and "(from the license
the card's prose names ...)" on the others (naming rule, litigation clause). One license, one provenance: the base
that carries it. The card below is written for the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.formats.review import model_view
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")

_CARD = """---
license: other
base_model: meta-llama/Meta-Llama-3-8B
---
# Sea-otter 8B

A chat fine-tune for tide tables.

Use of this model is governed by the [META LLAMA 3 COMMUNITY LICENSE AGREEMENT](LICENSE).
"""


def _view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    folder = tmp_path / "acme__sea-otter-8b"
    folder.mkdir()
    (folder / "README.md").write_text(_CARD, encoding="utf-8")
    run = audit(str(folder), policy=POLICY, offline=True, allow_incomplete=True)
    return model_view(run.results[0], run)


def test_every_obligation_of_the_base_license_cites_the_base(tmp_path, monkeypatch) -> None:
    view = _view(tmp_path, monkeypatch)
    origins = [o for ob in view.obligations for o in ob.origins if o.license == "LicenseRef-Llama-3"]
    assert len(origins) >= 5
    # the naming rule and the litigation clause were the ones cited from the prose
    assert any("§5.c" in (o.clause or "") for o in origins) and any("§5.a" in (o.clause or "") for o in origins)
    assert {o.model for o in origins} == {"meta-llama/Meta-Llama-3-8B"}, {o.text() for o in origins}
