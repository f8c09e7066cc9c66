"""lazy_compile: nothing compiled until first use, then the same answers as re.compile."""

from __future__ import annotations

import importlib
import re

import pytest

from auditor.lazyre import LazyPattern, lazy_compile

SAMPLES = ["", "Apache-2.0", "see https://github.com/org/repo-x and https://GitHub.com/a/b.", "a\nb\n---\nc: 1\n---\n"]


@pytest.mark.parametrize(("pattern", "flags"), [(r"(?P<host>github)\.com/(\w+)/([\w.-]+)", re.IGNORECASE),
                                                (r"^(\s*---\n)([\S\s]*?)(\n---)", 0), (r"\d", 0)])
def test_answers_like_re_compile(pattern: str, flags: int) -> None:
    lazy, real = lazy_compile(pattern, flags), re.compile(pattern, flags)
    assert "compiled" not in lazy.__dict__
    for text in SAMPLES:
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert lazy.findall(text) == real.findall(text)
        assert lazy.sub("<\\g<0>>", text) == real.sub("<\\g<0>>", text)
        assert lazy.subn("", text) == real.subn("", text)
        assert lazy.split(text) == real.split(text)
        assert bool(lazy.search(text)) == bool(real.search(text))
        assert bool(lazy.match(text)) == bool(real.match(text))
        assert bool(lazy.fullmatch(text)) == bool(real.fullmatch(text))
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == \
        (real.pattern, real.flags, real.groups, dict(real.groupindex))
    assert isinstance(lazy.compiled, re.Pattern) and lazy.compiled is lazy.compiled
    assert re.sub(lazy.compiled, "", "x1y2") == re.sub(real, "", "x1y2")  # .compiled goes where re wants a Pattern


def test_a_bad_pattern_fails_on_first_use() -> None:
    bad = lazy_compile("(unclosed")
    with pytest.raises(re.error):
        bad.search("x")


@pytest.mark.parametrize("module", ["auditor.card", "auditor.openness.raw", "auditor.licenses.links",
                                    "auditor.licenses.resolve", "auditor.openness.github"])
def test_every_lazy_pattern_of_a_module_compiles(module: str) -> None:
    loaded = importlib.import_module(module)
    patterns = [v for v in vars(loaded).values() if isinstance(v, LazyPattern)]
    assert patterns  # the module does use lazy patterns
    for pattern in patterns:  # every one of them compiles (a typo would otherwise hide until first use)
        assert isinstance(pattern.compiled, re.Pattern)
