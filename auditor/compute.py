"""Training compute as a card's prose states it: a FLOP figure, or GPU hours on named hardware (issue 19, item 3).

Why: the AI Act presumes systemic risk above 10^25 FLOP of training compute (Art. 51(2)), and cards almost never
put compute in their front matter. Some state it in prose, either as FLOP ("3.8 x 10^25 FLOPs") or, as the Llama
cards do, as GPU hours on a named accelerator ("3.3M GPU hours of computation on hardware of type A100-80GB").
From GPU hours the Commission's hardware-based estimate is hours x the accelerator's throughput x the utilisation
achieved; the utilisation is never stated, so the review gives the *upper bound* at the accelerator's peak dense
16-bit throughput (rules/regulatory.yaml `accelerators`, from the vendors' data sheets). An upper bound below the
threshold settles the question; one above it does not, and the review says so.

A card may break the total down by model size in a table (Llama 2, 3, 3.1, 3.2: "| Llama 3 8B | 1.3M |" under a
"Time (GPU hours)" column). The family total says nothing of one size beyond bounding it, so when the model's size is
known (its name, else its parameter count) and exactly one row names it, that row's hours are used, cited by line, on
the hardware the total's sentence names; otherwise the total stands, said as an upper bound for every size.

Only the statement and its README line are kept (never the prose); every figure here is recomputed from
`as_written`, so a catalog or cache carries the words and this module stays the one reading of them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from auditor.card_quote import clipped
from auditor.lazyre import lazy_compile
from auditor.parsedcache import derived
from auditor.resources import rules_dir

REGULATORY_FILE = "regulatory.yaml"

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
# "3.8e25 FLOPs", "3.8 x 10^25 FLOP", "3.8×10²⁵ floating-point operations", "10^24 FLOPs"; never a rate
# ("FLOP/s", "FLOPS per GPU", "TFLOP per second"): throughput says nothing about a training run's total.
_FLOP = lazy_compile(
    r"(?<![\w.])(?:(?P<m>\d+(?:\.\d+)?)\s*+(?:[eE]\+?(?P<e1>\d{2})|[x×*·]\s*10\s*+(?:(?:\^|\*\*)\s*+)?(?P<e2>\d{2}))"
    r"|10\s*(?:\^|\*\*)\s*(?P<e3>\d{2}))\s*(?:FLOPs?|flops?|floating[- ]point operations)(?![\w/])"
    r"(?!\s*(?:/|per)\s*(?:s\b|sec|second|GPU|device|chip))"
)
# The figure may sit in Markdown emphasis of its own ("**916k** GPU hours", Llama 3.2's cards): the closing marks
# come between the figure and the unit.
_GPU_HOURS = lazy_compile(
    rf"(?<![^\W_])(?<!\.)(?P<n>{_NUMBER})\s*+(?P<unit>[kKMB]|thousand|million|billion)?(?:\*{{1,3}}|_{{1,3}})?\s*+"
    r"(?:GPU|TPU|accelerator)[- ]?hours?\b",
    re.IGNORECASE,
)
_UNITS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9}
MAX_EXPONENT = 30  # above 10^30 FLOP is not a training run anyone has made: a misread, not a figure
# GPU hours above 10^12 (10^30 FLOP and more at any accelerator's peak) are a misread too; a figure of 400 digits
# reads as infinity, which no JSON output can carry.
MAX_GPU_HOURS = 1e12


@dataclass(frozen=True)
class GpuHours:
    hours: float
    accelerator: str | None  # the table's name for the hardware named on the same line, None when none matched
    peak_flops: float | None  # per accelerator, dense 16-bit, FLOP/s


# A training-token count ("pretrained on 2 trillion tokens", "saw 299,892,736,000 tokens during training", "trained
# from scratch on 2T tokens"): with the parameter count, the Commission's architecture-based estimate 6 x N x D.
# Up to two describing words may come between the figure and "tokens" ("3.2 trillion high-quality tokens", "2T
# multilingual tokens"); never a word that would make the figure another count's ("7B parameters ... tokens").
_DESCRIBING = r"(?:(?!(?:param\w*|models?|and|or|of|on|with|per|from|to|in)\b)[a-z][a-z-]{0,24}\s++)"
_TOKENS = lazy_compile(
    rf"(?<![\w.])(?P<n>{_NUMBER})\s*+(?:(?P<unit>[kKMBT]|thousand|million|billion|trillion)(?!(?!tokens)[a-z])\s*+)?"
    rf"(?:\+\s*+)?{_DESCRIBING}{{0,2}}tokens\b",
    re.IGNORECASE,
)
# A training-token count written without the word "tokens" (review 38 M7, Skywork-13B: "trained on ... 3.2 trillion
# multilingual data"): a figure with a scale word, read only after "trained on" in the same sentence (the caller
# checks), followed by at most two describing words and "data"/"text", or by the clause's end ("trained on 3.2
# trillion."). Images, words, parameters or any other counted noun are never read as tokens.
_TOKENS_UNNAMED = lazy_compile(
    rf"(?<![\w.])(?P<n>{_NUMBER})\s*+(?P<unit>T|B|billion|trillion)\b\s*+(?:\+\s*+)?"
    rf"(?:{_DESCRIBING}{{0,2}}(?:data|text)\b|(?=[.,;:)]|$))",
    re.IGNORECASE,
)
_TRAINED_ON = lazy_compile(r"(?i)\b(?:pre-?)?trained\b[^.;]{0,80}?\bon\b")
_ON_FIGURE = lazy_compile(r"(?i)\bon\s++(?:(?:about|around|over|approximately|roughly|nearly|some)\s++|~\s*+)?$")
_TOKEN_UNITS = {**_UNITS, "t": 1e12, "trillion": 1e12}
# the figure must be the training run's: "trained"/"pretrained" just before it or "during training" just after it
_TRAINED_BEFORE = lazy_compile(r"(?i)\b(?:pre-?train\w*|train(?:ed|ing)|saw|seen)\b")
_TRAINED_AFTER = lazy_compile(r"(?i)^\W{0,3}(?:\w+\W+){0,3}?(?:during|of|in)\s+(?:pre-?)?training\b")
# never a fine-tune's, a continued pre-training's, a batch's or a checkpoint interval's tokens: not the whole run
_NOT_WHOLE_RUN = lazy_compile(r"(?i)fine-?tun|continu|additional|further|extra\b|batch|every\b|long-context|"
                              r"context|instruction|step|checkpoint|distill")
# the label before the figure: "Total seen tokens: **366B**" (BLOOM), "Training tokens = 2T", "| Tokens seen | 1.4T |"
_TOKENS_LABELLED = lazy_compile(
    r"\btokens?(?:\s++(?:seen|trained|used|processed))?+[*_]{0,3}\s*+[:=|]\s*+[*_]{0,3}\s*+"
    rf"(?P<n>{_NUMBER})\s*+(?P<unit>[kKMBT]|thousand|million|billion|trillion)?(?!\w)",
    re.IGNORECASE,
)
# A parameter count the card states for the model: "176,247,271,424 parameters", "7 billion parameters", "1.3B
# params", or labelled "Model size: 7B", "Number of parameters: 176B", "| Params | 1.3B |". A figure in a list of
# sizes ("7B, 13B and 70B parameters") is a family's, not this model's, and is skipped (_IN_LIST).
_UNIT = r"(?P<unit>[kKMBT]|thousand|million|billion|trillion)"
_PARAMETERS = lazy_compile(
    rf"(?<![\w./-])(?P<n>{_NUMBER})\s*+{_UNIT}?[*_]{{0,3}}\s*+(?:total\s++)?param(?:eter)?s?\b"
    r"|\b(?:model\s++size|(?:number\s++of\s++|total\s++|#\s*+)?param(?:eter)?s)[*_]{0,3}\s*+[:=|]\s*+[*_]{0,3}\s*+"
    rf"(?P<n2>{_NUMBER})\s*+(?P<unit2>[kKMBT]|thousand|million|billion|trillion)?(?!\w)",
    re.IGNORECASE,
)
# the active parameters per token a mixture of experts' card states ("141B total parameters and 39B active
# parameters"): the count a compute estimate uses, over the name's figure (zephyr-orpo-141b-A35b's name says 35B, its
# card 39B after correcting the name's error; review 38 M5)
_ACTIVE_PARAMETERS = lazy_compile(
    rf"(?<![\w./-])(?P<n>{_NUMBER})\s*+(?P<unit>[kKMBT]|thousand|million|billion|trillion)?[*_]{{0,3}}\s*+"
    r"(?:active|activated)\s++param(?:eter)?s?\b", re.IGNORECASE)
_IN_LIST = lazy_compile(r"(?i)(?:,|\band|\bor|\bto|-|/|\bthan|\bunder|\bbelow|\bover|\babove|\bsizes?|\bbetween|"
                        r"\bfrom|\blike|\bvs\.?|\bversus)[*_]{0,3}\s*$")  # a list or a comparison: not this model
# a label for part of the model or of a training run, not the model's count: "trainable params: 4,194,304" (a LoRA
# adapter's), "active params: 12.9B" (a mixture of experts' per token)
_PART_LABEL = lazy_compile(r"(?i)\b(?:trainable|lora|adapter|active|activated|embedding|expert|draft|all)\W{0,3}$")
MIN_PARAMETERS = 1e6
MAX_PARAMETERS = 1e14
PARAMETERS_KIND = "parameter-count"
MIN_TRAINING_TOKENS = 1e9  # below a billion tokens is a context length or a batch, not a model's training run
MAX_TRAINING_TOKENS = 1e15
TOKEN_WINDOW = 80  # characters before the figure read for "trained on" (and for what would make it a part)


# a model size just before the figure, in the same clause: "The 27B model was trained with 14 trillion tokens", "4B
# model was trained with 4 trillion tokens", "1B with 2 trillion tokens" (Gemma 3's card gives each size its own count)
_SIZE_BEFORE = lazy_compile(r"(?i)(?<![\w.])(?P<size>\d{1,4}(?:\.\d{1,2})?\s?[BM])(?: (?:parameter )?(?:model|version|"
                            r"variant))?(?: (?:was|is|were))?(?: (?:pre-?)?trained)? (?:with|on) $")


def _tokens_in(line: str, training_section: bool = False) -> list[str]:
    """The training-token statements of one line: the figure, "tokens" and the words up to the sentence's end, with
    the model size the clause gives the figure to when it gives one ("1B with 2 trillion tokens"); or a labelled
    figure ("Total seen tokens: 366B"), from its label on."""
    out = _labelled_tokens_in(line, training_section)
    named = list(_TOKENS.finditer(line))
    spans = [(m.start(), m.end()) for m in named]
    unnamed = [m for m in _TOKENS_UNNAMED.finditer(line) if not any(a <= m.start() < b for a, b in spans)]
    for match in sorted(named + unnamed, key=lambda m: m.start()):
        before = line[max(0, match.start() - TOKEN_WINDOW): match.start()]
        sentence_start = max(before.rfind(". "), before.rfind("; "))
        before = before[sentence_start + 1:]
        after = line[match.end(): match.end() + 40]
        if tokens_of(match.group(0)) is None or _NOT_WHOLE_RUN.search(before):
            continue
        if match.re is _TOKENS_UNNAMED.compiled and not (
                _TRAINED_ON.search(before) and (len(match.group("unit")) > 1 or _ON_FIGURE.search(before))):
            continue  # no "tokens": only "trained on <figure>" says what the figure counts, and a bare "7B" right
            # after "trained on" (never "trained on Mistral 7B", a model's size)
        sized = _SIZE_BEFORE.search(before)
        if not (sized or _TRAINED_BEFORE.search(before) or _TRAINED_AFTER.search(after)):
            continue
        end = line.find(".", match.end())
        stop = end if end != -1 and end - match.end() < 60 else match.end() + 60
        start = match.start() - (len(before) - sized.start()) if sized else match.start()
        out.append(clipped(line, start, stop))  # a cut window ends at a word, marked (review pass 32 P3)
    return out


def tokens_size(as_written: str) -> str | None:
    """The model size a training-tokens statement gives its figure to ("1B with 2 trillion tokens" -> "1B"), None
    when it names none before the figure."""
    figure = _TOKENS.search(as_written)
    sized = _SIZE_BEFORE.search(as_written[: figure.start()]) if figure else None
    return _size(*re.match(r"(\d+(?:\.\d+)?)\s?([BMbm])", sized.group("size")).groups()) if sized else None


def _label_start(line: str, at: int) -> int:
    """Where the label that ends at `at` begins: after the nearest cell, sentence or clause break, at most
    TOKEN_WINDOW characters back."""
    floor = max(0, at - TOKEN_WINDOW)
    marks = [found + len(mark) for mark in ("|", ". ", "; ", ": ") if (found := line.rfind(mark, floor, at)) != -1]
    return max([floor, *marks])


def _labelled_tokens_in(line: str, training_section: bool = False) -> list[str]:
    """The labelled training-token figures of one line, label first: the label must say the run's ("seen",
    "trained", "training" in it or just before it, or the line is under a training-run heading: `training_section`,
    "Num of Tokens: 1.001T" under "## Training Procedure"), and never a fine-tune's, a batch's or a context's."""
    out = []
    for match in _TOKENS_LABELLED.finditer(line):
        start = _label_start(line, match.start())
        label = line[start: match.start()] + match.group(0).split(":")[0]
        if tokens_of(match.group(0)) is None or _NOT_WHOLE_RUN.search(label):
            continue
        if not (training_section or _TRAINED_BEFORE.search(label)):
            continue
        out.append(line[start: match.end()].replace("*", "").strip(" -_"))
    return out


def _parameters_in(line: str) -> list[str]:
    """The parameter counts one line states for the model, as written (the figure with its word or label); an
    active count ("39B active parameters") is kept as written too (active_parameters reads it, never as the total)."""
    out = [" ".join(m.group(0).split()) for m in _ACTIVE_PARAMETERS.finditer(line)
           if active_parameters_stated(m.group(0)) is not None]
    for match in _PARAMETERS.finditer(line):
        before = line[max(0, match.start() - 24): match.start()]
        if _IN_LIST.search(before) if match.group("n") else _PART_LABEL.search(before):
            continue
        if parameters_stated(match.group(0)) is not None:
            out.append(" ".join(match.group(0).replace("*", "").split()))
    return out


def active_parameters_stated(as_written: str) -> float | None:
    """The active parameters per token a "parameter-count" statement gives ("39B active parameters"), None when it
    gives no active count in range."""
    match = _ACTIVE_PARAMETERS.search(as_written)
    if match is None:
        return None
    count = float(match.group("n").replace(",", "")) * _TOKEN_UNITS.get((match.group("unit") or "").lower(), 1.0)
    return count if MIN_PARAMETERS <= count <= MAX_PARAMETERS else None


def active_parameters(statements: Any) -> dict[str, Any] | None:
    """{count, as_written, line} of the first active parameter count the card states, None when it states none."""
    for st in statements or ():
        if st.get("kind") == PARAMETERS_KIND and (count := active_parameters_stated(str(st.get("as_written") or ""))):
            return {"count": count, "as_written": str(st["as_written"]), "line": st.get("line")}
    return None


def parameters_stated(as_written: str) -> float | None:
    """The parameter count a "parameter-count" statement gives, None when it gives none in range."""
    match = _PARAMETERS.search(as_written)
    if match is None:
        return None
    number, unit = (match.group("n"), match.group("unit")) if match.group("n") else (match.group("n2"),
                                                                                     match.group("unit2"))
    count = float(number.replace(",", "")) * _TOKEN_UNITS.get((unit or "").lower(), 1.0)
    return count if MIN_PARAMETERS <= count <= MAX_PARAMETERS else None


def tokens_of(as_written: str) -> float | None:
    """The token count a "training-tokens" statement gives, None when it gives none in range."""
    match = _TOKENS.search(as_written) or _TOKENS_LABELLED.search(as_written) or _TOKENS_UNNAMED.search(as_written)
    if match is None:
        return None
    count = float(match.group("n").replace(",", "")) * _TOKEN_UNITS.get((match.group("unit") or "").lower(), 1.0)
    return count if MIN_TRAINING_TOKENS <= count <= MAX_TRAINING_TOKENS else None


def find(line: str, *, training_section: bool = False) -> list[tuple[str, str]]:
    """The compute statements of one line of prose: ("training-compute", "3.8 x 10^25 FLOPs") or
    ("training-gpu-hours", "3.3M GPU hours ... A100-80GB": the figure and the rest of the sentence that names the
    hardware), or ("training-tokens", "2 trillion tokens of data ..."). A line that only gives a rate (TFLOP per GPU
    per second) states no compute."""
    low = line.lower()
    counts = [(PARAMETERS_KIND, written) for written in _parameters_in(line)] if "param" in low or "size" in low \
        else []
    if "day" in low or "hour" in low or "week" in low:
        counts = [("training-gpu-hours", written) for written in durations_in(line)] + counts
    # "token" in the line, or "trained on 3.2 trillion" without it (_TOKENS_UNNAMED)
    tokenish = "token" in low or ("train" in low and _TOKENS_UNNAMED.search(line) is not None)
    if "flop" not in low and "floating" not in low and "hour" not in low and not tokenish:
        return counts
    if tokenish:
        tokens = [("training-tokens", written) for written in _tokens_in(line, training_section)]
        if "flop" not in low and "floating" not in low and "hour" not in low:
            return tokens + counts
    else:
        tokens = []
    text = line.translate(_SUPERSCRIPT)  # one character for one: positions in `text` are positions in `line`
    out = [("training-compute", line[m.start(): m.end()].strip()) for m in _FLOP.finditer(text)
           if flop_of(m.group(0))]
    for match in _GPU_HOURS.finditer(text):
        end = text.find(".", match.end())
        stop = end if end != -1 and end - match.end() < 200 else match.end() + 200
        out.append(("training-gpu-hours", clipped(line, match.start(), stop)))
    return out + tokens + counts


# The Hub model card template's "Environmental Impact" block (ML CO2 calculator fields), one field a line:
# "- **Hardware Type:** A100 PCIe 40GB" and "- **Hours used:** 150000" (CompVis/stable-diffusion-v1-4, lines 304-305).
_FIELD = r"^\W*{name}\W*:\W*(?P<value>\S[^\n]*)$"  # no lazy value before a \W* tail: that backtracks per character
MAX_FIELD_LINE = 400  # a template field is one short line; longer lines are prose, never matched
_HARDWARE_FIELD = lazy_compile(_FIELD.format(name=r"hardware\s+type"), re.IGNORECASE)
_HOURS_FIELD = lazy_compile(_FIELD.format(name=r"hours\s+used"), re.IGNORECASE)
_HOURS_VALUE = lazy_compile(rf"^(?P<n>{_NUMBER})\s*(?P<unit>[kKMB]|thousand|million|billion)?\b(?P<rest>.*)$",
                            re.IGNORECASE)
_COUNT = lazy_compile(r"(?<![\w.])(?P<count>\d{1,6})\s*[x×]\s*(?=[A-Za-z])")
TEMPLATE_HOURS = "Hours used:"  # the as_written prefix of a template statement (gpu_hours_of reads it back)
_TEMPLATE = lazy_compile(r"^Hours used: (?P<hours>[^|]+) \| Hardware Type: (?P<hardware>.+)$")
TEMPLATE_WINDOW = 8  # lines between the two fields of one block


def template_hours(text: str, first_line: int = 1) -> list[tuple[str, int]]:
    """("Hours used: 150000 | Hardware Type: A100 PCIe 40GB", the Hours line's README line) for each "Hours used:"
    field with a "Hardware Type:" field within TEMPLATE_WINDOW lines: the two fields of the card template's
    Environmental Impact block, on separate lines, which the one-line reading (find) never paired. Only the two
    field values are kept."""
    lines = text.split("\n")
    hardware = [(i, value) for i, raw in enumerate(lines) if (value := _field(_HARDWARE_FIELD, raw))]
    out = []
    for i, raw in enumerate(lines):
        hours = _field(_HOURS_FIELD, raw)
        near = [value for j, value in hardware if abs(j - i) <= TEMPLATE_WINDOW]
        if hours and near and _HOURS_VALUE.match(hours):
            out.append((f"{TEMPLATE_HOURS} {hours[:80]} | Hardware Type: {near[0][:80]}", first_line + i))
    return out[:5]


def _field(pattern: re.Pattern[str], raw: str) -> str | None:
    """The value of one template field line ("- **Hours used:** 150000" -> "150000"), without the markup after it;
    None when the line is not that field. Lines longer than MAX_FIELD_LINE are never fields (and never scanned)."""
    line = raw.strip()
    if len(line) > MAX_FIELD_LINE:
        return None
    found = pattern.match(line)
    if found is None:
        return None
    value = found.group("value")
    end = len(value)
    while end and not (value[end - 1].isalnum() or value[end - 1] == "_"):  # the trailing \W run, in linear time
        end -= 1
    return value[:end] or None


def _template_gpu_hours(as_written: str) -> GpuHours | None:
    """GPU hours of a template statement (template_hours). "Hours used" not marked as GPU hours, on "32x A100",
    may be wall-clock hours of the 32: the larger reading (hours x count) is the one an upper bound may use."""
    match = _TEMPLATE.match(as_written)
    value = _HOURS_VALUE.match(match.group("hours").strip()) if match else None
    if match is None or value is None:
        return None
    hours = float(value.group("n").replace(",", "")) * _UNITS.get((value.group("unit") or "").lower(), 1.0)
    count = _COUNT.search(match.group("hardware"))
    if count and not re.search(r"(?i)\b(?:GPU|TPU|accelerator)", value.group("rest")):
        hours *= int(count.group("count"))
    if not 0 < hours <= MAX_GPU_HOURS:
        return None
    found = _accelerator(match.group("hardware"))
    return GpuHours(hours, found[0] if found else None, found[1] if found else None)


def flop_of(as_written: str) -> float | None:
    """The FLOP figure a "training-compute" statement gives, None when it is not one."""
    match = _FLOP.search(as_written.translate(_SUPERSCRIPT))
    if match is None:
        return None
    exponent = int(match.group("e1") or match.group("e2") or match.group("e3"))
    if not 18 <= exponent <= MAX_EXPONENT:
        return None
    flop = float(match.group("m") or 1) * 10.0 ** exponent
    return flop if math.isfinite(flop) and 0 < flop < 10.0 ** (MAX_EXPONENT + 1) else None


def gpu_hours_of(as_written: str) -> GpuHours | None:
    """Hours and hardware of a "training-gpu-hours" statement (the peak throughput from the accelerator table)."""
    if as_written.startswith(TEMPLATE_HOURS):
        return _template_gpu_hours(as_written)
    match = _GPU_HOURS.search(as_written)
    stated = duration_hours(as_written) if match is None else None
    if match is None and stated is None:
        return None
    hours = stated if match is None else (
        float(match.group("n").replace(",", "")) * _UNITS.get((match.group("unit") or "").lower(), 1.0))
    if not 0 < hours <= MAX_GPU_HOURS:  # also NaN and the infinity a 400-digit figure reads as
        return None
    found = _accelerator(_COUNT_GLUED.sub(" ", as_written))
    return GpuHours(hours, found[0] if found else None, found[1] if found else None)


# a device count glued to the hardware's name ("1xH100", "8×A100"): the name read apart from it
_COUNT_GLUED = lazy_compile(r"(?<=\d)[x×](?=[A-Za-z])")


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


def parameters_of(size: str | None, parameters: int | None = None) -> tuple[float, str] | None:
    """(parameter count, where it comes from) for the 6 x N x D estimate: the count the weights' metadata records,
    else the size the repository name gives ("2.8b" -> 2.8e9); None when neither is known."""
    if parameters and parameters > 0:
        return float(parameters), "the parameter count the weights' metadata records"
    found = _SIZE_TOKEN.match(size or "")
    if found is None:
        return None
    count = float(found.group(1)) * (1e9 if found.group(2).upper() == "B" else 1e6)
    return (count, f"the size its name gives ({size})") if count > 0 else None


NAME_ROUNDING = 0.15  # a name's size rounds the count: "7B" for RedPajama-INCITE-7B's 6.9B parameters


def _parameter_count(size: str | None, parameters: int | None, counts: list[dict[str, Any]]
                     ) -> tuple[float, str] | None:
    """N for the estimate: the weights' metadata, else the count the card states when the name's size is its rounding
    (RedPajama-INCITE-7B-Base: "A 6.9B parameter pretrained language model", README line 24, over the name's 7B, so
    the estimate cites both of its inputs from the card), else the name's size, else the card's count."""
    recorded = parameters_of(None, parameters)
    if recorded is not None:
        return recorded
    named, stated = parameters_of(size), card_parameters(counts)
    if named is not None and stated is not None and abs(stated[0] - named[0]) <= named[0] * NAME_ROUNDING:
        return stated
    return named or stated


def card_parameters(counts: list[dict[str, Any]]) -> tuple[float, str] | None:
    """(parameter count, where the card states it) when the card's stated counts agree (within 5%: "176B" and
    "176,247,271,424" are one count); None when it states none or several that differ (a family's sizes)."""
    if not counts:
        return None
    low, high = min(c["count"] for c in counts), max(c["count"] for c in counts)
    if high > low * 1.05:
        return None
    exact = max(counts, key=lambda c: len(c["as_written"]))
    line = f", README line {exact['line']}" if exact.get("line") else ""
    return exact["count"], f'the parameter count the card states ("{exact["as_written"]}"{line})'


# a mixture of experts named by its total and active sizes (Qwen3-235B-A22B, zephyr-orpo-141b-A35b) or by its active
# size alone (Qwen1.5-MoE-A2.7B), or by its experts (Mixtral-8x22B: eight experts of a 22B shape, whose shared layers
# make the total less than 8 x 22B, so no count is read from it)
_MOE_TOTAL_ACTIVE = lazy_compile(r"(?i)(?:^|[-_])(\d{1,4}(?:\.\d{1,2})?)b[-_]a(\d{1,4}(?:\.\d{1,2})?)b(?=$|[-_])")
_MOE_ACTIVE = lazy_compile(r"(?i)(?:^|[-_])moe[-_]a(\d{1,4}(?:\.\d{1,2})?)b(?=$|[-_])")
_MOE_EXPERTS = lazy_compile(r"(?i)(?:^|[-_])(\d{1,3})x(\d{1,4}(?:\.\d{1,2})?)b(?=$|[-_])")


def moe_sizes(repo_id: str | None) -> dict[str, Any] | None:
    """A mixture-of-experts model's sizes as its repository name gives them: {total, active} in parameters (either
    may be None), or {experts, expert_size} for an "8x22B" name (no count: the experts share layers); None for a name
    that says no mixture of experts. The compute estimate counts the active parameters, which do the work per token."""
    name = (repo_id or "").rsplit("/", 1)[-1]
    if (m := _MOE_TOTAL_ACTIVE.search(name)) and float(m.group(2)) < float(m.group(1)):
        return {"total": float(m.group(1)) * 1e9, "active": float(m.group(2)) * 1e9}
    if m := _MOE_ACTIVE.search(name):
        return {"total": None, "active": float(m.group(1)) * 1e9}
    if (m := _MOE_EXPERTS.search(name)) and int(m.group(1)) > 1:
        return {"total": None, "active": None, "experts": int(m.group(1)), "expert_size": f"{m.group(2)}B"}
    return None


def _token_estimate(tokens: list[dict[str, Any]], size: str | None, parameters: int | None,
                    repo_id: str | None = None, counts: list[dict[str, Any]] | None = None,
                    active: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """6 x N x D (the Commission guidelines' architecture-based approximation for a dense transformer) from the
    card's training-token count and the model's parameter count (the weights' metadata, the name's size, else the
    count the card states); with several token figures, the largest (an upper
    estimate for this size). For a mixture of experts, N is the active parameters per token where the name gives
    them (Qwen3-235B-A22B: 22B, not 235B, which would overstate the compute tenfold), and the estimate says which.
    None without a parameter count."""
    moe = moe_sizes(repo_id)
    own = [t for t in tokens if size is not None and tokens_size(t["as_written"]) == size]
    if own:  # the card gives this size its own count (Gemma 3: 1B with 2T, 27B with 14T): not the largest of them
        tokens = own
    if active:  # the card's own active count, over the name's (review 38 M5)
        n: tuple[float, str] | None = (active["count"], f"the active parameters per token the card states "
                                       f"(\"{active['as_written']}\", README line {active.get('line')}), a mixture "
                                       "of experts")
    elif moe and moe.get("active"):
        n = (moe["active"], f"the active parameters per token its name gives ({moe['active'] / 1e9:g}B"
             + (f" of {moe['total'] / 1e9:g}B in total" if moe.get("total") else "") + ", a mixture of experts)")
    else:
        n = _parameter_count(size, parameters, counts or [])
    if not tokens or n is None or (moe and not moe.get("active") and not active):
        return None  # an "8x22B" name gives no count, and a total count would overstate a mixture's compute
    top = max(tokens, key=lambda t: t["tokens"])
    return {"method": "6nd-estimate", "flop": 6.0 * n[0] * top["tokens"], "as_written": top["as_written"],
            "line": top["line"], "tokens": top["tokens"], "parameters": n[0], "parameters_from": n[1],
            **({"figures": len(tokens)} if len({t["tokens"] for t in tokens}) > 1 else {}),
            **({"for_size": size} if own else {}), **({"labelled": top["labelled"]} if top.get("labelled") else {}),
            **({"moe": {k: v for k, v in moe.items() if v is not None}} if moe else {})}


def estimate(statements: Any, size: str | None = None, parameters: int | None = None,
             repo_id: str | None = None) -> dict[str, Any] | None:
    """The strongest compute fact among card statements ({kind, as_written, line, roles}): a stated FLOP figure
    first, else the GPU hours of the one table row naming the model's `size` ("8B"), else the largest GPU-hours
    upper bound, else 6 x parameters x training tokens when the card states its tokens; None when it states none."""
    stated: list[dict[str, Any]] = []
    bounds: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    tokens: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    for st in statements or ():
        kind, written, line = st.get("kind"), str(st.get("as_written") or ""), st.get("line")
        # whose training the card labels the figure as (auditor/card_compute_scope.py): the review words it
        labelled = {"labelled": [str(r) for r in st.get("roles") or ()]} if kind in _SCOPED and st.get("roles") else {}
        if kind == PARAMETERS_KIND and (count := parameters_stated(written)) is not None:
            counts.append({"count": count, "as_written": written, "line": line})
            continue
        if kind == "training-tokens" and (count := tokens_of(written)) is not None:
            tokens.append({"tokens": count, "as_written": written, "line": line, **labelled})
            continue
        if kind == "training-compute" and (flop := flop_of(written)) is not None:
            stated.append({"method": "stated", "flop": flop, "as_written": written, "line": line, **labelled})
        elif kind == "training-gpu-hours" and (hours := gpu_hours_of(written)) is not None:
            bounds.append({"method": "gpu-hours-upper-bound", "flop": upper_bound_flop(hours), "as_written": written,
                           "line": line, "hours": hours.hours, "accelerator": hours.accelerator, **labelled})
        elif kind == ROW_KIND and (hours := gpu_hours_of(written)) is not None:
            rows.append({"label": " ".join(str(r) for r in st.get("roles") or ()), "written": written,
                         "line": line, "hours": hours.hours})
    if stated:
        return max(stated, key=lambda s: s["flop"])
    known = [b for b in bounds if b["flop"] is not None]
    total = max(known, key=lambda b: b["flop"]) if known else (bounds[0] if bounds else None)
    if total is None:
        return _token_estimate(tokens, size, parameters, repo_id, counts, active_parameters(statements))
    if not rows:
        return total
    return _size_row(total, rows, size)


def _size_row(total: dict[str, Any], rows: list[dict[str, Any]], size: str | None) -> dict[str, Any]:
    """The size's own row on the total's hardware, or the total marked as the bound it is for one size (why)."""
    matching = [r for r in rows if size is not None and sizes_in(r["label"]) == {size}]
    if len(matching) != 1:
        why = "no-size" if size is None else ("ambiguous" if matching else "no-row")
        return {**total, "scope": "total", "rows": why}
    row = matching[0]
    peak = next((p for name, _, p in accelerators() if name == total.get("accelerator")), None)
    flop = None if peak is None else row["hours"] * 3600.0 * peak
    return {"method": "gpu-hours-upper-bound", "flop": flop, "as_written": f"{row['label']} | {row['written']}",
            "line": row["line"], "hours": row["hours"], "accelerator": total.get("accelerator"), "scope": "size-row",
            "size": size, "total_line": total.get("line"),
            **({"labelled": total["labelled"]} if total.get("labelled") else {})}


ROW_KIND = "training-gpu-hours-row"
_SCOPED = ("training-compute", "training-gpu-hours", "training-tokens")  # card_compute_scope.SCOPED_KINDS
_SIZE = lazy_compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?([BM])(?![\w.])", re.IGNORECASE)
_SIZE_TOKEN = lazy_compile(r"^(\d+(?:\.\d+)?)([BM])$", re.IGNORECASE)
_HOURS_CELL = lazy_compile(rf"^(?:{_NUMBER})\s*[kKMB]?$")
_HOURS_HEADER = lazy_compile(r"\bGPU[- ]hours?\b", re.IGNORECASE)
_HTML_ROW = lazy_compile(r"<tr\b", re.IGNORECASE)
_HTML_CELL = lazy_compile(r"<t[dh]\b[^>]*>", re.IGNORECASE)
_TAG = lazy_compile(r"<[^>]*>")


def _size(number: str, unit: str) -> str:
    return f"{float(number):g}{unit.upper()}"


def sizes_in(label: str) -> set[str]:
    """The model sizes a table row's label names ("Llama 3.1 8B" -> {"8B"}; "Total" -> none)."""
    return {_size(m.group(1), m.group(2)) for m in _SIZE.finditer(label)}


def model_size(repo_id: str, parameters: int | None = None) -> str | None:
    """The model's size as a card's table names it ("8B"): the one size token of its repository name
    (Meta-Llama-3.1-8B-Instruct), else its parameter count rounded to the billion (under 1B: to the million);
    None when the name has two sizes or none and the count is unknown."""
    name = repo_id.rsplit("/", 1)[-1]
    found = {_size(m.group(1), m.group(2)) for t in re.split(r"[-_ ]", name) if (m := _SIZE_TOKEN.match(t))}
    if len(found) == 1:
        return found.pop()
    if found or not parameters or parameters <= 0:
        return None
    return f"{round(parameters / 1e9)}B" if parameters >= 1e9 else f"{round(parameters / 1e6)}M"


def table_rows(text: str, first_line: int = 1) -> list[tuple[str, str, int]]:
    """(row label, GPU hours as written, README line) of each table row under a "GPU hours" column, Markdown or
    HTML: the per-size breakdown a card gives of its training compute. Only the label and the figure are kept."""
    out: list[tuple[str, str, int]] = []
    for table in _tables(text, first_line):
        column: int | None = None
        for cells in table:
            if column is None:
                column = next((i for i, (c, _) in enumerate(cells) if _HOURS_HEADER.search(c)), None)
                continue
            if column < len(cells) and cells and _HOURS_CELL.match(cells[column][0]) and cells[0][0]:
                out.append((cells[0][0][:80], cells[column][0], cells[0][1]))
    return out[:50]


def _clean(cell: str) -> str:
    return " ".join(_TAG.sub(" ", cell).replace("\\", "").replace("*", "").split())


def _tables(text: str, first_line: int) -> list[list[list[tuple[str, int]]]]:
    """Every table of the prose as rows of (cell text, README line): Markdown pipe tables, then HTML tables."""
    tables: list[list[list[tuple[str, int]]]] = []
    current: list[list[tuple[str, int]]] = []
    for number, raw in enumerate(text.split("\n"), first_line):
        line = raw.strip()
        if line.startswith("|") and not set(line) <= set("|-: "):
            current.append([(_clean(c), number) for c in line[1:].removesuffix("|").split("|")])
        elif not line.startswith("|") and current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    low = text.lower()
    start = low.find("<table")
    while start != -1:
        end = low.find("</table>", start)
        end = len(text) if end == -1 else end
        tables.append(_html_rows(text, start, end, first_line))
        start = low.find("<table", end)
    return tables


def _html_rows(text: str, start: int, end: int, first_line: int) -> list[list[tuple[str, int]]]:
    body = text[start:end]
    bounds = [m.start() for m in _HTML_ROW.finditer(body)] + [len(body)]
    rows = []
    for a, b in pairwise(bounds):
        row = body[a:b]
        cells = list(_HTML_CELL.finditer(row))
        rows.append([(_clean(row[m.end(): cells[i + 1].start() if i + 1 < len(cells) else len(row)]),
                      first_line + text.count("\n", 0, start + a + m.start())) for i, m in enumerate(cells)])
    return rows


# Compute stated as a run's duration on a count of devices (issue 19, review pass 31 P5): "It took 2.5 days on 8x
# L40S" (dolphin-2.9), "**Hardware Used:** 1xH100 SXM for 3 hours" (Celeste), "8 GPUs for 12 hours", "trained for two
# weeks on 64 H100 GPUs". GPU hours are the count times the duration; the hardware stays as written in `as_written`
# (the accelerator table names it when it knows it), and no FLOP figure is made up where it does not.
# A duration may be written in words ("took about two weeks on 384 A100 GPUs", "three weeks on 64 H100s", review pass
# 32 P6); a month is counted as 730 hours (365 days x 24 / 12).
_DURATION_UNITS = {"hour": 1.0, "hr": 1.0, "day": 24.0, "week": 168.0, "month": 730.0}
_NUMBER_WORDS = {"one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0,
                 "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0, "twelve": 12.0, "a": 1.0, "an": 1.0}
_DURATION = (r"(?<![\w.])(?P<n>\d{1,5}(?:\.\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
             r"an?(?=\s+(?:hour|day|week|month)\b))\s*(?P<unit>hours?|hrs?|days?|weeks?|months?)\b")


def _amount(written: str) -> float:
    """A duration's count, in figures or words ("2.5", "two")."""
    return _NUMBER_WORDS.get(written.lower()) or float(written)
# the blanks after the count are read once (possessive), the spelled-out forms requiring that there were some: a
# `\s*` then `\s+` over one run of blanks was quadratic (0.11 s a 1,000-character card line, "3 days on 8" + blanks)
_DEVICES = (r"(?<![\w.])(?P<m>\d{1,5})\s*+(?:[x×]\s*(?=[A-Za-z])[A-Za-z][\w-]{0,20}"
            r"(?:\s+(?:SXM\d?|PCIe|NVL|\d{2,3}\s?GB))?"
            r"|(?<=\s)(?:[A-Za-z][\w-]{0,20}\s+){0,2}?(?:GPUs?|TPUs?|accelerators?|cards)\b"
            r"|(?<=\s)(?:[AHLVB]\d{2,3}[A-Za-z]{0,3}|MI\d{3}X?)(?:-\w{1,10})?s?\b)")
_DURATION_ON = lazy_compile(
    rf"{_DURATION}\s+(?:of\s+(?:training|compute)\s+)?(?:on|using|with|across)\s+(?:an?\s+)?{_DEVICES}", re.IGNORECASE)
_DEVICES_FOR = lazy_compile(
    rf"{_DEVICES}(?:\s+[\w-]{{1,20}}){{0,3}}?\s+(?:for|in|over)\s+(?:about\s+|around\s+|approximately\s+|~\s*)?"
    rf"{_DURATION}", re.IGNORECASE)
# the line must speak of the training run or its hardware: "Inference takes 2 hours on 8 GPUs" is no training compute
_RUN_WORDS = lazy_compile(r"\b(?:train\w*|took|hardware|compute|fine-?tun\w*|pre-?train\w*)\b", re.IGNORECASE)
_NOT_RUN_WORDS = lazy_compile(r"\b(?:inferenc\w*|serving|generat\w*|evaluat\w*|benchmark\w*)\b", re.IGNORECASE)


def _phases(text: str) -> list[re.Match[str]]:
    """The duration-on-devices phrases of a text in order, overlapping ones dropped: the phases of one run ("8
    A100-80GBs for about 8.2 hours, followed by training for 6.7 hours on 32 A100-40GBs", mpt-7b-chat)."""
    found = sorted((m for pattern in (_DURATION_ON, _DEVICES_FOR) for m in pattern.finditer(text)),
                   key=lambda m: m.start())
    out: list[re.Match[str]] = []
    for match in found:
        if not out or match.start() >= out[-1].end():
            out.append(match)
    return out[:MAX_PHASES]


MAX_PHASES = 8


def durations_in(line: str) -> list[str]:
    """The "N days on M x GPU" / "M GPUs for N hours" statement of one line, from its first phase to the end of the
    sentence of its last (which names the hardware), as a "training-gpu-hours" statement's `as_written`; the phases of
    one sentence are one run, summed by duration_hours."""
    if len(line) > 1_000 or not _RUN_WORDS.search(line) or _NOT_RUN_WORDS.search(line):
        return []
    phases = _phases(line)
    if not phases:
        return []
    end = line.find(".", phases[-1].end())
    stop = end if end != -1 and end - phases[-1].end() < 120 else phases[-1].end() + 120
    return [clipped(line, phases[0].start(), stop).strip(" *_")]


def duration_hours(as_written: str) -> float | None:
    """The GPU hours of a duration statement (durations_in): devices x duration, summed over its phases; None when it
    states none."""
    hours = sum(_amount(m.group("n")) * _DURATION_UNITS[m.group("unit").lower().rstrip("s")] * int(m.group("m"))
                for m in _phases(as_written))
    return hours if 0 < hours <= MAX_GPU_HOURS else None
