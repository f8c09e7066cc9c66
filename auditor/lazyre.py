"""Module-level regular expressions compiled when first used, not when their module is imported.

card.py and openness/raw.py hold ~40 patterns for card prose and file lists; compiling them costs a one-model
audit from the catalog (no card text, no file list, so none of them runs) about as much as the rest of those
modules' imports. `lazy_compile` returns a stand-in with the compiled pattern's methods and attributes: the
first attribute read compiles the pattern and stores its bound methods on the stand-in, so every later call
is an ordinary attribute lookup followed by the C method, as with the compiled pattern itself.

Pass the stand-in's methods around freely; where a real `re.Pattern` is required (`re.sub(pattern, ...)`,
`isinstance(x, re.Pattern)`), use `.compiled`.
"""

from __future__ import annotations

import re
from typing import Any

_FORWARDED = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "pattern", "flags",
              "groups", "groupindex", "scanner")


class LazyPattern:
    """re.compile(pattern, flags), done on first use."""

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self._source = (pattern, flags)

    def _compile(self) -> re.Pattern[str]:
        compiled = re.compile(*self._source)
        for name in _FORWARDED:
            self.__dict__[name] = getattr(compiled, name)
        self.__dict__["compiled"] = compiled
        return compiled

    def __getattr__(self, name: str) -> Any:
        # Reached only before the first compile (afterwards the instance dict answers), or for a name that is
        # not forwarded (then the compiled pattern answers).
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self.__dict__.get("compiled") or self._compile()
        return compiled if name == "compiled" else getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> Any:
    """A LazyPattern typed as Any, so call sites read exactly as with re.compile."""
    return LazyPattern(pattern, flags)
