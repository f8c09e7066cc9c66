"""Review pass 31 minor citations (issue 19): where a license text grants worldwide, question 13's "no territorial
restriction" cites that grant (Qwen Research §2.a), not the export-control clause; where it makes the licensee owner
of its derivative works ("you are and will be the owner of such derivative works", the Llama and Qwen families),
question 11 cites that clause. Read against ../shared/corpus/licenses (skipped when absent); nothing copied."""

from __future__ import annotations

import re

import pytest

from tests.test_review30_facts import _corpus_texts

_WORLDWIDE_GRANT = re.compile(r"(?i)\bgranted\s+an?\s+[\w ,-]{0,80}\bworldwide\b")
_OWNS_DERIVATIVES = re.compile(r"(?i)you\s+are\s+and\s+will\s+be\s+the\s+owner\s+of\s+such\s+derivative")


def _terms(license_id: str) -> dict[str, dict[str, object]]:
    from auditor.licenses.kb import load_kb

    entry = load_kb().get(license_id)
    assert entry is not None
    terms = {**entry.terms, **entry.info}  # the informational terms (output_ownership, ...) too
    return {name: {"value": t.value, "clause": t.clause, "note": t.get("note")} for name, t in terms.items()}


def test_a_worldwide_grant_is_what_no_territorial_restriction_cites() -> None:
    checked = 0
    for license_id, text in _corpus_texts():
        terms = _terms(license_id)
        territorial = terms.get("territorial") or {}
        if territorial.get("value") != "none" or not _WORLDWIDE_GRANT.search(" ".join(text.split())):
            continue
        checked += 1
        export = (terms.get("export") or {}).get("clause")
        assert territorial.get("clause") != export or export is None, license_id
        assert "worldwide" in str(territorial.get("note") or "") or territorial.get("clause") is None, license_id
    if not checked:
        pytest.skip("no corpus text with a worldwide grant and no territorial restriction")


def test_a_clause_that_makes_the_licensee_owner_of_its_derivatives_is_cited() -> None:
    checked = 0
    for license_id, text in _corpus_texts():
        if not _OWNS_DERIVATIVES.search(" ".join(text.split())):
            continue
        checked += 1
        ownership = _terms(license_id).get("output_ownership") or {}
        assert ownership.get("clause"), license_id
        assert "licensee owns" in str(ownership.get("note") or "").lower(), license_id
    assert checked >= 3  # Llama 2 and 3, Qwen Research, Tongyi Qianwen and its research license
