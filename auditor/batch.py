"""The outputs of a large batch written as the models are done: JSON Lines, the JSON document, plain text.

Why: a 10,000-model run rendered at the end holds every model's facts until then and serialises one huge
string (2.2 GB peak). Here each model is turned into its text as soon as it is audited (by the worker that
audited it, with `--jobs`), and only what the run's summary needs is kept: the verdict and the findings.

The JSON document is the same bytes as `formats.json.render` of the whole run: each model's entry is
dumped with the document's settings and indented to its depth in `models`; the entries are spooled to a
temporary file because the keys before `models` (`exit_code`, `expired_waivers`) are known only at the end.

Plain text (`--format text` anywhere but a terminal) is the same bytes as `formats.text.render_plain` of
the whole run, which lists failing models first (a stable sort by verdict): each model's lines are spooled
to the temporary file of its verdict, and the spools are copied out in that order, then the run's lines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from auditor.parallel import RunSpec, Shape, iter_shaped, json_entry, light_result  # noqa: F401 (re-exported)
from auditor.textsafe import utf8

if TYPE_CHECKING:
    from auditor.model import ModelRef
    from auditor.outfile import Writer
    from auditor.policy import Policy
    from auditor.results import AuditResult, RunResult

_MODELS_MARK = "@@auditor-streamed-models@@"
_COPY_BLOCK = 1 << 20


def write_jsonl(refs: Sequence[str | ModelRef], spec: RunSpec, handle: Writer, *, jobs: int | None,
                allow_incomplete: bool) -> int:
    """`--format jsonl`: each model's line written as soon as it is done, then the run's line; the exit code."""
    # lazy: start-up (auditor.engine, auditor.formats.jsonl)
    from auditor.engine import waiver_expired
    from auditor.formats.jsonl import run_line

    counts = {"models": 0, "pass": 0, "warn": 0, "fail": 0, "incomplete": 0}
    for verdict, line in iter_shaped(refs, replace(spec, shape=Shape.JSONL), jobs=jobs):
        counts["models"] += 1
        counts[verdict] += 1
        handle.write(utf8(line + "\n"))
    code = 1 if counts["fail"] else (0 if allow_incomplete else 3) if counts["incomplete"] else 0
    verdict = ("fail" if counts["fail"] else "incomplete" if counts["incomplete"]
               else "warn" if counts["warn"] else "pass")
    policy = spec.policy
    expired = [w.__dict__ for w in policy.waivers if waiver_expired(w, spec.today or dt.date.today())]
    handle.write(utf8(run_line(verdict=verdict, exit_code=code, policy_name=policy.name, policy_digest=policy.digest,
                               counts=counts, expired_waivers=expired) + "\n"))
    return code


def write_json(refs: Sequence[str | ModelRef], spec: RunSpec, handle: Writer, *, jobs: int | None,
               allow_incomplete: bool) -> int:
    """`--format json` written as the models are done (byte-identical to rendering the whole run); the exit code."""
    light: list[AuditResult] = []
    with tempfile.TemporaryFile() as spool:
        for result, entry in iter_shaped(refs, replace(spec, shape=Shape.JSON), jobs=jobs):
            spool.write(utf8((",\n" if light else "") + entry))
            light.append(result)
        run = _run_of(light, spec.policy, allow_incomplete=allow_incomplete, today=spec.today)
        head, tail = _document_around_models(run)
        handle.write(utf8(head))
        if light:
            spool.seek(0)
            handle.write(b"\n")
            while block := spool.read(_COPY_BLOCK):
                handle.write(block)
            handle.write(b"\n  ]")
        else:
            handle.write(b"]")
        handle.write(utf8(tail))
    return run.exit_code


def write_text(refs: Sequence[str | ModelRef], spec: RunSpec, handle: Writer, *, jobs: int | None,
               allow_incomplete: bool) -> int:
    """`--format text` off a terminal, written as the models are done (byte-identical to rendering the whole
    run as plain lines); the exit code."""
    # lazy: start-up (auditor.formats.text)
    from auditor.formats.text import VERDICT_ORDER, plain_run_lines

    light: list[AuditResult] = []
    spools: dict[int, IO[bytes]] = {}
    with contextlib.ExitStack() as stack:
        for result, lines in iter_shaped(refs, replace(spec, shape=Shape.TEXT), jobs=jobs):
            rank = VERDICT_ORDER.get(result.verdict, len(VERDICT_ORDER))
            if rank not in spools:
                spools[rank] = stack.enter_context(tempfile.TemporaryFile())
            spools[rank].write(utf8(lines + "\n"))
            light.append(result)
        run = _run_of(light, spec.policy, allow_incomplete=allow_incomplete, today=spec.today)
        for rank in sorted(spools):
            spool = spools[rank]
            spool.seek(0)
            while block := spool.read(_COPY_BLOCK):
                handle.write(block)
        handle.write(utf8("".join(line + "\n" for line in plain_run_lines(run))))
    return run.exit_code


def _run_of(results: list[AuditResult], policy: Policy, *, allow_incomplete: bool,
            today: dt.date | None) -> RunResult:
    # lazy: start-up (auditor.engine)
    from auditor.engine import run_verdict

    return run_verdict(results, policy, allow_incomplete=allow_incomplete, today=today)  # as pipeline.audit


def _document_around_models(run: RunResult) -> tuple[str, str]:
    """The JSON document's text before the models' entries (up to and including `"models": [`) and after
    them (from the list's closing bracket on), rendered by formats.json itself with a mark for the list."""
    # lazy: start-up (auditor.formats.json)
    from auditor.formats.json import json_default, run_to_dict

    data = run_to_dict(run)
    data["models"] = _MODELS_MARK
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=json_default) + "\n"
    # The key sits at depth 1 after a raw newline, which no JSON string contains: the split is exact.
    head, tail = text.split(f'\n  "models": "{_MODELS_MARK}"', 1)
    return head + '\n  "models": [', tail

