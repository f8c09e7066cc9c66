"""Start-up discipline (issue 15): what `import auditor.cli`, `auditor --help` and one warm offline audit load, and
what they leave undone. Behaviour, not time: each run is a fresh interpreter that reports sys.modules (and, for
the audit, which card-prose patterns were compiled); bench/bench_startup.py measures the time these keep away."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from auditor import engine
from auditor.cel import FACT_ROOTS
from auditor.lazyre import LazyPattern
from tests.importprobe import AUDITED

# Never needed to start the CLI or print its help: the rule engine, the report and PDF renderers, the scanner,
# the graph library, the YAML parser, the CEL runtime, rich, the catalog's SQLite index.
NOT_AT_START = ("auditor.engine", "auditor.policy", "auditor.lineage", "auditor.card", "auditor.formats",
                "auditor.scan", "auditor.facts", "auditor.pipeline", "networkx", "yaml", "cel", "rich", "sqlite3",
                "ahocorasick_rs")
# Never needed by one offline audit with text output: the other output formats, the report, the scanner.
NOT_IN_AUDIT = ("auditor.formats.pdf", "auditor.formats.html", "auditor.formats.review", "auditor.formats.report_md",
                "auditor.formats.sarif", "auditor.formats.lineage_svg", "auditor.formats.markdown",
                "auditor.formats.json", "auditor.formats.sbom_spdx", "auditor.formats.sbom_cyclonedx",
                "auditor.scan", "networkx")
# Card-prose patterns: a catalog record has no card text, so the audit must leave them uncompiled (auditor.lazyre).
CARD_PATTERNS = {"auditor.card_data_license": "_LICENSE", "auditor.card_adapter": "_IS_ADAPTER",
                 "auditor.card_port": "_PORT_SUBJECT", "auditor.card_architecture": "_ARCH",
                 "auditor.lineage.bases": "_HUB_URL", "auditor.sources.mergekit": "_FENCED_YAML"}

_PROBE = """
import contextlib, io, json, sys
argv = json.loads(sys.argv[1])
patterns = json.loads(sys.argv[2])
if argv is None:
    import auditor.cli
else:
    sys.argv = ["auditor", *argv]
    from auditor.cli import main
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main()
        except SystemExit:
            pass
compiled = {m: "compiled" in vars(getattr(sys.modules[m], name)) for m, name in patterns.items() if m in sys.modules}
patched = hasattr(sys.modules.get("dataclasses"), "exec")  # auditor.dataclasscode's table in use
print(json.dumps({"modules": sorted(sys.modules), "compiled": compiled, "patched": patched}))
"""


def _probe(argv: list[str] | None) -> dict:
    # Piped stdout without FORCE_COLOR / TTY_COMPATIBLE: the plain layout, which needs no rich (as under CI).
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env["COLUMNS"] = "100"
    out = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(argv), json.dumps(CARD_PATTERNS)],
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _loaded(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


@pytest.mark.parametrize("argv", [None, ["--help"]], ids=["import auditor.cli", "auditor --help"])
def test_starting_the_cli_loads_no_engine_renderer_scanner_or_heavy_library(argv: list[str] | None) -> None:
    found = _probe(argv)
    assert "auditor.cli" in found["modules"]
    assert _loaded(found["modules"], NOT_AT_START) == []


def test_one_offline_audit_loads_no_other_format_and_compiles_no_card_prose_pattern() -> None:
    found = _probe(["audit", AUDITED, "--offline"])
    assert "auditor.engine" in found["modules"] and "auditor.formats.text" in found["modules"]  # it did audit
    assert _loaded(found["modules"], NOT_IN_AUDIT) == []
    assert found["compiled"] and not any(found["compiled"].values()), found["compiled"]


def test_only_the_cli_entry_point_uses_the_dataclass_code_table() -> None:
    # A library user importing auditor (here auditor.cli itself) keeps the standard dataclasses; main() installs
    # auditor.dataclasscode's table for the run (tests/test_dataclasscode.py: a warm run compiles nothing).
    assert _probe(None)["patched"] is False
    assert _probe(["audit", AUDITED, "--offline"])["patched"] is True


def test_card_prose_patterns_are_lazy_and_still_match() -> None:
    from auditor import card_data_license

    pattern = card_data_license._LICENSE
    assert isinstance(pattern, LazyPattern)
    assert pattern.search("released under CC-BY-SA 4.0").group("name") == "CC-BY-SA 4.0"


def _needed_per_root(rules) -> dict:
    """needed_fields as it was written before the one-pass reading: a findall and a search per root and rule."""
    import re

    needed: dict = {}
    for rule in rules:
        text = engine.code_only(f"{rule.condition} {rule.for_each or ''}")
        for root in FACT_ROOTS:
            keys = re.findall(rf"(?<![.\w]){root}\.([A-Za-z_][A-Za-z0-9_]*)", text)
            bare = re.search(rf"(?<![.\w]){root}(?![.\w])", text)
            if bare:
                needed[root] = None
            elif keys and needed.get(root, set()) is not None:
                needed.setdefault(root, set()).update(keys)
    return {k: (frozenset(v) if v is not None else None) for k, v in needed.items()}


class _Rule:
    def __init__(self, condition: str, for_each: str | None = None) -> None:
        self.condition, self.for_each = condition, for_each


TRICKY = ["license.spdx == 'x' && license", "lineage.depth > 2 || model.id.startsWith('a')", "data_risks.x",
          "datasets.all(d, d.license == 'mit')", "item.license.spdx", "files.size() > 0 && problems",
          "model_x.license || my_model.y", "license.(x)", "curations.a.b && complete", "size(lineage.ancestors)",
          "policy.allow_licenses.exists(l, l == license.spdx) && terms.accepted && openness.class"]


def test_needed_fields_reads_every_rule_as_the_per_root_search_did() -> None:
    rules = [*engine.load_builtin_rules(), *(_Rule(text) for text in TRICKY), _Rule("item.x", "lineage.ancestors")]
    for chunk in (rules, rules[::-1], *([rule] for rule in rules)):
        got, want = engine.needed_fields(chunk), _needed_per_root(chunk)
        assert got == want and list(got) == list(want)  # the same roots, fields and order


def test_chains_are_computed_once_and_handed_out_as_new_lists() -> None:
    first = list(engine._chains("size(license.policy.denied) > 0 && lineage.ancestors.exists(a, a.id == 'x')"))
    first[0].append("changed")
    second = list(engine._chains("size(license.policy.denied) > 0 && lineage.ancestors.exists(a, a.id == 'x')"))
    assert "changed" not in second[0]
    assert ["license", "policy", "denied", engine.SIZE] in second and ["lineage", "ancestors"] in second
