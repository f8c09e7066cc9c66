"""Reading a free-text license string (as MOF declarations write them) as an SPDX id or expression.

Why this exists beside the tool-exact reading: the Model Openness Tool compares license strings
character for character, so "Apache 2.0", "apache-2.0" and "MIT license" count as closed there. A reviewer
reads them as Apache-2.0 and MIT. We keep the tool's verdict (it is what gets quoted) and use this reading
only to say, as a data-quality note, where the two disagree.

Openness after normalising uses the tool's own rule (OSI-approved, FSF-libre or one of its open-data ids)
applied to the canonical id, with one correction: SPDX's `PDDL-1.0` is the license the tool lists as
`ODC-PDDL-1.0`. Expressions are judged as expressions: OR is open when any branch is, AND when all parts are,
and an exception (WITH) keeps the base license's verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from auditor.openness import _mot_tables as tables

# Values people put in a license field to say "this component was not released".
_PLACEHOLDER = re.compile(r"^\s*(component\s+)*not\s+include", re.IGNORECASE)

# Spellings seen in MOF declarations and on model cards that no SPDX matcher catches by case folding alone.
# Keys are in _fold() form.
_ALIASES: dict[str, str] = {
    "apache-2": "Apache-2.0",
    "apache-v2": "Apache-2.0",
    "apache-v2.0": "Apache-2.0",
    "apache2": "Apache-2.0",
    "apache2.0": "Apache-2.0",
    "mit-x11": "MIT",
    "expat": "MIT",
    "bsd-3": "BSD-3-Clause",
    "bsd3": "BSD-3-Clause",
    "bsd-3-clauses": "BSD-3-Clause",
    "new-bsd": "BSD-3-Clause",
    "bsd-2": "BSD-2-Clause",
    "bsd2": "BSD-2-Clause",
    "simplified-bsd": "BSD-2-Clause",
    "gpl-3": "GPL-3.0-only",
    "gplv3": "GPL-3.0-only",
    "gpl-2": "GPL-2.0-only",
    "gplv2": "GPL-2.0-only",
    "lgpl-3": "LGPL-3.0-only",
    "cc0": "CC0-1.0",
    "cc-0": "CC0-1.0",
    "public-domain-dedication": "CC0-1.0",
    "odc-by": "ODC-By-1.0",
    "odc-by-1.0": "ODC-By-1.0",
    "odbl": "ODbL-1.0",
    "odc-odbl": "ODbL-1.0",
    "odc-odbl-1.0": "ODbL-1.0",
    "pddl": "PDDL-1.0",
    "odc-pddl": "PDDL-1.0",
    "odc-pddl-1.0": "PDDL-1.0",
    "creative-commons-attribution-4.0": "CC-BY-4.0",
    "creative-commons-attribution-4.0-international": "CC-BY-4.0",
    "creative-commons-attribution-share-alike-4.0": "CC-BY-SA-4.0",
    "creative-commons-attribution-sharealike-4.0": "CC-BY-SA-4.0",
    "creative-commons-attribution-non-commercial-4.0": "CC-BY-NC-4.0",
    "creative-commons-attribution-noncommercial-4.0": "CC-BY-NC-4.0",
    "creative-commons-attribution-non-commercial-share-alike-4.0": "CC-BY-NC-SA-4.0",
    "creative-commons-attribution-noncommercial-sharealike-4.0": "CC-BY-NC-SA-4.0",
    "openmdw": "OpenMDW-1.0",
}
_SPDX_OPERATORS = re.compile(r"\s(AND|OR|WITH)\s|[()]", re.IGNORECASE)
# license-expression refuses a license key holding any other character (its is_valid_license_key), and every
# run of text between operators and parentheses becomes a key: such a text never parses, so it is answered
# without importing and building the parser (free text such as "X [not open: restricted access or terms]").
_NOT_IN_ANY_KEY = re.compile(r"[^-:\w\s.+()]")


@dataclass(frozen=True)
class NormalisedLicense:
    """A license string read as an SPDX id or expression (or left as written when it is neither)."""

    written: str
    text: str  # the canonical id or expression; the written text when nothing matched
    ids: tuple[str, ...]  # canonical ids it names (empty when nothing matched)
    open: bool  # by the tool's rule applied to the canonical ids (see module docstring)
    recognised: bool
    not_included: bool = False  # a placeholder such as "Component not included"
    how: str = "as-written"  # exact | spdx-case | alias | knowledge-base | expression | placeholder

    def to_dict(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "text": self.text,
            "ids": list(self.ids),
            "open": self.open,
            "recognised": self.recognised,
            "not_included": self.not_included,
            "how": self.how,
        }


def _fold(text: str) -> str:
    """Lower-case; 'licence' -> 'license'; drop a 'license' word; separators to '-'."""
    key = text.strip().lower().replace("licence", "license")
    key = re.sub(r"\blicen[sc]e\b", " ", key)
    key = re.sub(r"\b(version|ver\.?|v)\s*(?=\d)", "", key)
    key = re.sub(r"[\s_,/]+", "-", key).strip("-")
    return re.sub(r"-{2,}", "-", key)


@cache
def _canonical_ids() -> frozenset[str]:
    return frozenset(_spdx_index().values())


@cache
def _licensing() -> Any:
    """One parser for all expressions: building license-expression's matcher costs milliseconds."""
    from license_expression import Licensing

    return Licensing()


@cache
def _spdx_index() -> dict[str, str]:
    """Lower-case id -> SPDX id, from the tool's tables and the license-expression SPDX list."""
    index: dict[str, str] = {}
    try:
        from auditor.licenses.spdx import spdx_keys

        for key in spdx_keys():
            index.setdefault(key.lower(), key)
    except Exception:  # pragma: no cover - the package is a declared dependency
        pass
    for ids in (tables.OSI_APPROVED, tables.FSF_LIBRE, tables.OPEN_DATA, tables.CONTENT_TYPES):
        for lid in ids:
            index[lid.lower()] = lid
    return index


def is_open_id(license_id: str) -> bool:
    """The tool's openness rule on a canonical id, with SPDX's PDDL-1.0 read as the tool's ODC-PDDL-1.0."""
    if license_id == "PDDL-1.0":
        return True
    return license_id in tables.FSF_LIBRE or license_id in tables.OPEN_DATA or license_id in tables.OSI_APPROVED


@cache
def knowledge_base() -> Any:
    """The license knowledge base, loaded once; None when it cannot be loaded (fewer spellings known then)."""
    try:
        from auditor.licenses.kb import load_kb

        return load_kb()
    except Exception:  # the KB is optional here: a missing or broken KB must not stop an openness report
        return None


def _kb_id(text: str) -> str | None:
    """The knowledge base's canonical id for a spelling, when the knowledge base is available."""
    kb = knowledge_base()
    entry = kb.get(text) if kb is not None else None
    return getattr(entry, "id", None) if entry is not None else None


def canonical_id(text: str) -> tuple[str | None, str]:
    """(canonical id or None, how it was found) for one license name or id (not an expression)."""
    raw = text.strip()
    if not raw:
        return None, "as-written"
    index = _spdx_index()
    if raw in _canonical_ids():
        return raw, "exact"
    if raw.lower() in index:
        return index[raw.lower()], "spdx-case"
    folded = _fold(raw)
    if folded in _ALIASES:
        return _ALIASES[folded], "alias"
    if folded in index:
        return index[folded], "alias"
    # "apache-2" style with a version but no minor; "cc-by-sa-4" -> "cc-by-sa-4.0"
    if re.search(r"-\d+$", folded) and f"{folded}.0" in index:
        return index[f"{folded}.0"], "alias"
    found = _kb_id(raw)
    if found:
        return found, "knowledge-base"
    return None, "as-written"


def _judge_expression(text: str) -> NormalisedLicense | None:
    if _NOT_IN_ANY_KEY.search(text):
        return None  # the parser would raise (see _NOT_IN_ANY_KEY)
    from license_expression import AND, OR, LicenseSymbol, LicenseWithExceptionSymbol

    try:
        parsed = _licensing().parse(text)
    except Exception:  # the parser raises several error types (ExpressionError, ParseError...) on free text
        return None
    if parsed is None:
        return None
    ids: list[str] = []

    def walk(node: Any) -> tuple[str, bool] | None:
        if isinstance(node, LicenseWithExceptionSymbol):
            base = walk(node.license_symbol)
            if base is None:
                return None
            return f"{base[0]} WITH {node.exception_symbol.key}", base[1]
        if isinstance(node, LicenseSymbol):
            lid, _how = canonical_id(str(node.key))
            if lid is None:  # unknown part: kept as written, never open (an OR may still offer an open branch)
                return str(node.key), False
            ids.append(lid)
            return lid, is_open_id(lid)
        if isinstance(node, (AND, OR)):
            parts = [walk(arg) for arg in node.args]
            if any(p is None for p in parts):
                return None
            known = [p for p in parts if p is not None]
            texts = [p[0] if " " not in p[0] else f"({p[0]})" for p in known]
            verdicts = [p[1] for p in known]
            joiner = " OR " if isinstance(node, OR) else " AND "
            return joiner.join(texts), (any(verdicts) if isinstance(node, OR) else all(verdicts))
        return None

    result = walk(parsed)
    if result is None or not ids:
        return None
    return NormalisedLicense(text, result[0], tuple(ids), result[1], True, False, "expression")


@lru_cache(maxsize=4096)
def normalise_license(text: str) -> NormalisedLicense:
    """Read one license string: placeholder, single id (any spelling we know), SPDX expression, or unknown."""
    written = str(text)
    if _PLACEHOLDER.match(written):
        return NormalisedLicense(written, written, (), False, True, True, "placeholder")
    lid, how = canonical_id(written)
    if lid is not None:
        return NormalisedLicense(written, lid, (lid,), is_open_id(lid), True, False, how)
    if _SPDX_OPERATORS.search(written):
        judged = _judge_expression(written)
        if judged is not None:
            return judged
    return NormalisedLicense(written, written, (), False, False, False, "as-written")


def judge_expression(text: str, leaf: Any, combine: Any) -> Any:
    """Fold an SPDX expression: `leaf(id)` for each license (canonicalised where we can), `combine(op,
    parts)` for "AND"/"OR". An exception (WITH) takes its license's value. None when the text does not parse.
    """
    text = text.strip()
    if not _SPDX_OPERATORS.search(text):
        lid, _how = canonical_id(text)
        return leaf(lid or text)
    if _NOT_IN_ANY_KEY.search(text):
        return None  # the parser would raise (see _NOT_IN_ANY_KEY)
    from license_expression import AND, OR, LicenseSymbol, LicenseWithExceptionSymbol

    try:
        parsed = _licensing().parse(text)
    except Exception:  # free text that is not an expression
        return None

    def walk(node: Any) -> Any:
        if isinstance(node, LicenseWithExceptionSymbol):
            return walk(node.license_symbol)
        if isinstance(node, LicenseSymbol):
            lid, _how = canonical_id(str(node.key))
            return leaf(lid or str(node.key))
        if isinstance(node, (AND, OR)):
            return combine("OR" if isinstance(node, OR) else "AND", [walk(a) for a in node.args])
        return None

    return walk(parsed) if parsed is not None else None
