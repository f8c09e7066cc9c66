"""Where the data that ships with auditor lives, in a checkout and in an installed wheel alike.

rules/ and policies/ sit at the top of the repository so people can read and review them; the wheel copies
them into the package (pyproject force-include). We look inside the package first, then beside it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def _find(name: str) -> Path:
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"auditor's {name}/ folder is missing from the installation ({PACKAGE})")


def rules_dir() -> Path:
    """rules/: the license knowledge base, Hub id map and rule definitions."""
    return _find("rules")


def policies_dir() -> Path:
    """policies/: the built-in policies (`extends: builtin:<name>`)."""
    return _find("policies")


def data_dir() -> Path:
    """auditor/data/: generated data (embedded catalog, license fingerprints)."""
    return PACKAGE / "data"
