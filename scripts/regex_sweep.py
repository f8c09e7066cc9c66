"""Sweep every module-level regular expression of auditor/ for super-linear cost on near-miss inputs.

Not a test (it takes minutes and prints a list): a discovery tool. For each pattern it builds strings that nearly
match: the pattern's own literals, with every single-character repeat blown up to a run of N characters of one
"fill" (blank, letter, newline, star, dash, dot), sometimes cut short right after the run and ended with a NUL so
the match fails late. It times `finditer` on a 250-run and a 1,000-run variant and flags the patterns whose
1,000-run variant costs more than 20 ms (reported as "ratio": milliseconds per 1,000-character run, i.e. seconds
per 1,000 such inputs).

A flag says the pattern can be slow on some string, not that auditor is: check how the pattern is really called
(search/match/finditer, on what text, behind which length caps and cheap gates) before changing it.

    python scripts/regex_sweep.py                    # every pattern
    python scripts/regex_sweep.py --only compute.    # the patterns whose module.name contains "compute."
    python scripts/regex_sweep.py --only _JOIN --show 3 --dump /tmp/sweep   # keep the worst inputs as files
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import re._constants as C
    import re._parser as sre_parse
except ImportError:  # pragma: no cover  (Python < 3.11)
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

import auditor
from auditor.lazyre import LazyPattern

MAXREPEAT = C.MAXREPEAT
FILLS = (" ", "a", "\n", "*", "-", ".")
_CLASSES = {C.CATEGORY_SPACE: r"\s", C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w",
            C.CATEGORY_NOT_WORD: r"\W", C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D"}
_ONE_CHARACTER = (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
_REPEATS = tuple(op for op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if op is not None)


def _in_set(items: Any, ch: str) -> bool:
    """Whether `ch` is in a character set [...] as the parser gives it."""
    negated = hit = False
    for op, arg in items:
        if op == C.NEGATE:
            negated = True
        elif op == C.LITERAL:
            hit = hit or arg == ord(ch)
        elif op == C.RANGE:
            hit = hit or arg[0] <= ord(ch) <= arg[1]
        elif op == C.CATEGORY and (pattern := _CLASSES.get(arg)):
            hit = hit or re.fullmatch(pattern, ch) is not None
    return hit != negated


def char_ok(item: tuple[Any, Any], ch: str) -> bool:
    """Whether the one-character item (literal, [...], ., negated literal) matches `ch`."""
    op, arg = item
    if op == C.LITERAL:
        return bool(arg == ord(ch))
    if op == C.NOT_LITERAL:
        return bool(arg != ord(ch))
    if op == C.ANY:
        return ch != "\n"
    return op == C.IN and _in_set(arg, ch)


def one_char(item: tuple[Any, Any]) -> str:
    """A character the one-character item matches (a guess good enough for near-misses)."""
    op, arg = item
    if op == C.LITERAL:
        return chr(arg)
    return next((ch for ch in "a x1-." if char_ok(item, ch)), "a")


def near_miss(seq: Any, rnd: random.Random, n: int, fill: str) -> str:
    """A string shaped like the parsed pattern `seq`: every unbounded one-character repeat that takes `fill` becomes a
    run of n fills; other repeats are taken their least number of times (or none, at random); one branch at random;
    look-arounds and back-references are left out (which is what makes most of these strings near misses)."""
    out: list[str] = []
    for op, arg in seq:
        if op == C.LITERAL:
            out.append(chr(arg))
        elif op in _ONE_CHARACTER:
            out.append(fill if char_ok((op, arg), fill) and rnd.random() < 0.3 else one_char((op, arg)))
        elif op in _REPEATS:
            out.append(_repeat(arg, rnd, n, fill))
        elif op == C.SUBPATTERN:
            out.append(near_miss(arg[-1], rnd, n, fill))
        elif op == getattr(C, "ATOMIC_GROUP", None):
            out.append(near_miss(arg, rnd, n, fill))
        elif op == C.BRANCH:
            out.append(near_miss(rnd.choice(arg[1]), rnd, n, fill))
    return "".join(out)


def _repeat(arg: Any, rnd: random.Random, n: int, fill: str) -> str:
    low, high, sub = arg
    sub = list(sub)
    if len(sub) == 1 and sub[0][0] in _ONE_CHARACTER and char_ok(sub[0], fill) and (high == MAXREPEAT or high >= n):
        return fill * n
    times = max(low, 1) if high != 0 else 0
    times = min(times, high if high != MAXREPEAT else times)
    if rnd.random() < 0.3 and low == 0:
        times = 0
    return "".join(near_miss(sub, rnd, n, fill) for _ in range(times))


def patterns(only: str) -> Iterator[tuple[str, str, int]]:
    """(module.NAME, source, flags) of every module-level compiled or lazily compiled pattern of auditor."""
    seen: set[tuple[str, int]] = set()
    for module in pkgutil.walk_packages(auditor.__path__, "auditor."):
        try:
            loaded = importlib.import_module(module.name)
        except Exception:  # a module that cannot be imported alone has nothing to sweep here
            continue
        for name, value in vars(loaded).items():
            if isinstance(value, LazyPattern):
                source, flags = value._source
            elif isinstance(value, re.Pattern):
                source, flags = value.pattern, value.flags
            else:
                continue
            full = f"{module.name}.{name}"
            if only in full and isinstance(source, str) and (source, int(flags)) not in seen:
                seen.add((source, int(flags)))
                yield full, source, int(flags)


def cost(pattern: re.Pattern[str], text: str) -> float:
    """Seconds of one finditer over `text`."""
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - start


def _variants(parsed: Any, seed: int, fill: str, small_n: int, big_n: int) -> Iterator[tuple[str, str]]:
    """(small, big) near-miss pairs: as built, ended by a NUL, and cut right after the last full run."""
    small = near_miss(list(parsed), random.Random(seed), small_n, fill)
    big = near_miss(list(parsed), random.Random(seed), big_n, fill)
    yield small, big
    yield small + "\x00", big + "\x00"
    i, j = small.rfind(fill * small_n), big.rfind(fill * big_n)
    if i >= 0 and j >= 0:
        yield small[: i + small_n] + "\x00", big[: j + big_n] + "\x00"


def worst_input(pattern: re.Pattern[str], parsed: Any, args: argparse.Namespace) -> tuple[float, str]:
    """(ratio, input) of the costliest near miss found: ratio is ms per 1,000-character run."""
    worst: tuple[float, str] = (0.0, "")
    for seed in range(args.seeds):
        for fill in FILLS:
            for small, big in _variants(parsed, seed, fill, args.size // 4, args.size):
                spent = cost(pattern, small)
                if spent > 0.5:  # already slow on the short one: do not wait for the long one
                    worst = max(worst, (spent * 1000 * 1000 / (args.size // 4), small))
                    continue
                spent = cost(pattern, big)
                if spent > args.threshold:
                    spent = min(spent, cost(pattern, big))  # once more: a busy machine makes one reading noisy
                if spent > args.threshold:
                    worst = max(worst, (spent * 1000 * 1000 / args.size, big))
        if worst[0] > 500:
            break
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="A flagged pattern is a lead, not a bug: see how it is called.")
    parser.add_argument("--only", default="", help="sweep only patterns whose module.NAME contains this")
    parser.add_argument("--size", type=int, default=1000, help="length of each blown-up run (default 1000)")
    parser.add_argument("--seeds", type=int, default=12, help="random shapes tried per fill (default 12)")
    parser.add_argument("--threshold", type=float, default=0.02,
                        help="seconds a --size run may cost before the pattern is flagged (default 0.02)")
    parser.add_argument("--show", type=int, default=80, help="characters of the worst input to print (default 80)")
    parser.add_argument("--dump", type=Path, help="write each flagged pattern's worst input to DIR/module.NAME.txt")
    args = parser.parse_args(argv)
    swept = flagged = 0
    for name, source, flags in patterns(args.only):
        try:
            pattern = re.compile(source, flags)
            parsed = sre_parse.parse(source, flags)
        except (re.error, TypeError, ValueError):
            continue
        swept += 1
        ratio, text = worst_input(pattern, parsed, args)
        if ratio:
            flagged += 1
            print(f"{name}: ratio {ratio:.0f} ms per 1,000 chars, input {len(text)} chars {text[:args.show]!r}",
                  flush=True)
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                (args.dump / f"{name}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    print(f"{swept} patterns swept, {flagged} flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
