"""Training compute as a card's prose states it: a FLOP figure, or GPU hours on named hardware (issue 19, item 3).

Why: the AI Act presumes systemic risk above 10^25 FLOP of training compute (Art. 51(2)), and cards almost never
put compute in their front matter. Some state it in prose, either as FLOP ("3.8 x 10^25 FLOPs") or, as the Llama
cards do, as GPU hours on a named accelerator ("3.3M GPU hours of computation on hardware of type A100-80GB").
From GPU hours the Commission's hardware-based estimate is hours x the accelerator's throughput x the utilisation
achieved; the utilisation is never stated, so the review gives the *upper bound* at the accelerator's peak dense
16-bit throughput (rules/regulatory.yaml `accelerators`, from the vendors' data sheets). An upper bound below the
threshold settles the question; one above it does not, and the review says so.

Only the statement and its README line are kept (never the prose); every figure here is recomputed from
`as_written`, so a catalog or cache carries the words and this module stays the one reading of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.lazyre import lazy_compile
from auditor.parsedcache import derived
from auditor.resources import rules_dir

REGULATORY_FILE = "regulatory.yaml"

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
# "3.8e25 FLOPs", "3.8 x 10^25 FLOP", "3.8×10²⁵ floating-point operations", "10^24 FLOPs"; never a rate
# ("FLOP/s", "FLOPS per GPU", "TFLOP per second"): throughput says nothing about a training run's total.
_FLOP = lazy_compile(
    r"(?<![\w.])(?:(?P<m>\d+(?:\.\d+)?)\s*(?:[eE]\+?(?P<e1>\d{2})|\s*[x×*·]\s*10\s*(?:\^|\*\*)?\s*(?P<e2>\d{2}))"
    r"|10\s*(?:\^|\*\*)\s*(?P<e3>\d{2}))\s*(?:FLOPs?|flops?|floating[- ]point operations)(?![\w/])"
    r"(?!\s*(?:/|per)\s*(?:s\b|sec|second|GPU|device|chip))"
)
_GPU_HOURS = lazy_compile(
    rf"(?<![\w.])(?P<n>{_NUMBER})\s*(?P<unit>[kKMB]|thousand|million|billion)?\s*(?:GPU|TPU|accelerator)[- ]?hours?\b",
    re.IGNORECASE,
)
_UNITS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9}
MAX_EXPONENT = 30  # above 10^30 FLOP is not a training run anyone has made: a misread, not a figure


@dataclass(frozen=True)
class GpuHours:
    hours: float
    accelerator: str | None  # the table's name for the hardware named on the same line, None when none matched
    peak_flops: float | None  # per accelerator, dense 16-bit, FLOP/s


def find(line: str) -> list[tuple[str, str]]:
    """The compute statements of one line of prose: ("training-compute", "3.8 x 10^25 FLOPs") or
    ("training-gpu-hours", "3.3M GPU hours ... A100-80GB": the figure and the rest of the sentence that names the
    hardware). A line that only gives a rate (TFLOP per GPU per second) states no compute."""
    low = line.lower()
    if "flop" not in low and "floating" not in low and "hour" not in low:
        return []
    text = line.translate(_SUPERSCRIPT)  # one character for one: positions in `text` are positions in `line`
    out = [("training-compute", line[m.start(): m.end()].strip()) for m in _FLOP.finditer(text)
           if flop_of(m.group(0))]
    for match in _GPU_HOURS.finditer(text):
        end = text.find(".", match.end())
        stop = end if end != -1 and end - match.end() < 200 else match.end() + 200
        out.append(("training-gpu-hours", line[match.start(): stop].strip()))
    return out


def flop_of(as_written: str) -> float | None:
    """The FLOP figure a "training-compute" statement gives, None when it is not one."""
    match = _FLOP.search(as_written.translate(_SUPERSCRIPT))
    if match is None:
        return None
    exponent = int(match.group("e1") or match.group("e2") or match.group("e3"))
    if not 18 <= exponent <= MAX_EXPONENT:
        return None
    return float(match.group("m") or 1) * 10.0 ** exponent


def gpu_hours_of(as_written: str) -> GpuHours | None:
    """Hours and hardware of a "training-gpu-hours" statement (the peak throughput from the accelerator table)."""
    match = _GPU_HOURS.search(as_written)
    if match is None:
        return None
    hours = float(match.group("n").replace(",", "")) * _UNITS.get((match.group("unit") or "").lower(), 1.0)
    if hours <= 0:
        return None
    found = _accelerator(as_written)
    return GpuHours(hours, found[0] if found else None, found[1] if found else None)


def upper_bound_flop(hours: GpuHours) -> float | None:
    """At most this much compute: every stated hour at the accelerator's peak dense throughput."""
    return None if hours.peak_flops is None else hours.hours * 3600.0 * hours.peak_flops


def _accelerator(text: str) -> tuple[str, float] | None:
    for name, pattern, peak in accelerators():
        if pattern.search(text):
            return name, peak
    return None


@cache
def accelerators() -> tuple[tuple[str, re.Pattern[str], float], ...]:
    """(name, pattern, peak dense 16-bit FLOP/s) from rules/regulatory.yaml, most specific pattern first."""
    rows: list[tuple[str, re.Pattern[str], float]] = []
    for row in _accelerator_rows():
        if isinstance(row, dict) and row.get("pattern") and isinstance(row.get("peak_tflops"), (int, float)):
            rows.append((str(row["name"]), re.compile(str(row["pattern"]), re.IGNORECASE),
                         float(row["peak_tflops"]) * 1e12))
    return tuple(rows)


def _accelerator_rows() -> list[Any]:
    """The `accelerators` list of rules/regulatory.yaml, parsed once per state of the file (parsedcache):
    read here, not through formats.regulatory, because facts are built below the formats layer."""
    source = rules_dir() / REGULATORY_FILE

    def parse() -> list[Any]:
        # lazy: start-up (yaml only when a card states GPU hours and the cache has no parsed copy)
        import yaml

        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        rows = data.get("accelerators") if isinstance(data, dict) else None
        return rows if isinstance(rows, list) else []

    return list(derived("regulatory-accelerators", source, parse))


def estimate(statements: Any) -> dict[str, Any] | None:
    """The strongest compute fact among card statements ({kind, as_written, line}): a stated FLOP figure first,
    else the largest GPU-hours upper bound; None when the card states neither."""
    stated: list[dict[str, Any]] = []
    bounds: list[dict[str, Any]] = []
    for st in statements or ():
        kind, written, line = st.get("kind"), str(st.get("as_written") or ""), st.get("line")
        if kind == "training-compute" and (flop := flop_of(written)) is not None:
            stated.append({"method": "stated", "flop": flop, "as_written": written, "line": line})
        elif kind == "training-gpu-hours" and (hours := gpu_hours_of(written)) is not None:
            bounds.append({"method": "gpu-hours-upper-bound", "flop": upper_bound_flop(hours), "as_written": written,
                           "line": line, "hours": hours.hours, "accelerator": hours.accelerator})
    if stated:
        return max(stated, key=lambda s: s["flop"])
    known = [b for b in bounds if b["flop"] is not None]
    if known:
        return max(known, key=lambda b: b["flop"])
    return bounds[0] if bounds else None
