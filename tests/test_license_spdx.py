"""licenses/spdx.py reads license-expression's index itself (issue 15: the full SPDX Licensing costs ~20 ms
per build and was built twice a run). These tests hold it to what `get_spdx_licensing()` would have given,
so an upgrade of license-expression that changes its index format fails here, not silently in a report."""

from __future__ import annotations

from license_expression import get_spdx_licensing

from auditor.licenses.resolve import _and_expression, _licensing, default_kb
from auditor.licenses.spdx import spdx_entries
from auditor.openness.normalise import canonical_id


def test_entries_are_the_spdx_licensings_symbols_in_the_same_order() -> None:
    symbols = list(get_spdx_licensing().known_symbols.values())
    got = [(e.key, e.aliases, e.is_deprecated, e.is_exception) for e in spdx_entries()]
    assert got == [(s.key, tuple(s.aliases), s.is_deprecated, s.is_exception) for s in symbols]
    assert any(e.is_exception for e in spdx_entries()) and any(e.aliases for e in spdx_entries())


def test_resolver_parses_with_spdx_exceptions_and_kb_ids() -> None:
    licensing = _licensing(default_kb())
    parsed = licensing.parse("apache-2.0 with llvm-exception AND licenseref-llama-2", validate=True, strict=False)
    assert str(parsed) == "Apache-2.0 WITH LLVM-exception AND LicenseRef-Llama-2"


def test_normaliser_knows_spdx_ids_in_any_case() -> None:
    assert canonical_id("bsd-3-clause-clear") == ("BSD-3-Clause-Clear", "spdx-case")
    assert canonical_id("GPL-2.0-with-classpath-exception")[0] is not None


def test_every_kb_id_is_its_own_normal_form() -> None:
    """_and_expression returns a single knowledge-base id unparsed: that is only right while parsing each id
    gives back exactly that id."""
    kb = default_kb()
    licensing = _licensing(kb)
    assert {e: str(licensing.parse(e, validate=True, strict=False)) for e in kb.entries} == {e: e for e in kb.entries}
    assert _and_expression(("LicenseRef-Llama-2",), kb) == "LicenseRef-Llama-2"
    assert _and_expression(("mit", "LicenseRef-Llama-2"), kb) == "MIT AND LicenseRef-Llama-2"
