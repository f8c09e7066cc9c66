"""Review 37 L4 (issue 19): a lineage node's license label was cut at 60 characters, and for tulu-2-dpo-70b the cut
fell in the effective license ("declared LicenseRef-AI2-ImpACT-LR → effective LicenseRef-AI…"), the one fact of the
node. A long label now wraps (before the arrow first) in both drawings, the Graphviz one the PDF uses and the
built-in one; only a label past two lines is cut."""

from __future__ import annotations

from pathlib import Path

from auditor.formats.lineage_svg import _wrapped, builtin_svg, to_dot
from auditor.formats.review import model_view
from auditor.pipeline import audit

POLICY = str(Path(__file__).resolve().parents[1] / "examples" / "policy.yaml")


def test_a_long_license_label_wraps_before_the_arrow_and_keeps_the_effective_license() -> None:
    label = "declared LicenseRef-AI2-ImpACT-LR → effective LicenseRef-AI2-ImpACT-LR AND LicenseRef-Llama-2"
    assert _wrapped(label) == ["declared LicenseRef-AI2-ImpACT-LR",
                               "→ effective LicenseRef-AI2-ImpACT-LR AND LicenseRef-Llama-2"]
    assert _wrapped("MIT") == ["MIT"]
    long = " ".join(["LicenseRef-Some-Very-Long-Name"] * 6)
    lines = _wrapped(long)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(line) <= 60 for line in lines)


def test_both_drawings_of_tulu_show_the_whole_effective_license(monkeypatch) -> None:
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    run = audit("allenai/tulu-2-dpo-70b", policy=POLICY, offline=True, allow_incomplete=True)
    lineage = model_view(run.results[0], run).lineage
    assert lineage is not None
    whole = "effective LicenseRef-AI2-ImpACT-LR AND LicenseRef-Llama-2"
    assert whole in to_dot(lineage)
    svg = builtin_svg(lineage)
    assert whole in svg and "effective LicenseRef-AI…" not in svg
