"""Output formats: one protocol and one registry, so every command renders a run the same way.

A format has a name (what `--format` takes), aliases, a file suffix and name (for `-o FOLDER` with several
formats), a media type, and `render(run, context) -> bytes`. `FORMATS` lists them all; a command offers a
subset (`AUDIT_FORMATS`, `REPORT_FORMATS`, `SBOM_FORMATS`) and looks the user's word up with `find`, so an
alias means one thing within one command and an unknown name is one sentence (exit 2 in the CLI).

Each format's module (text, json, sarif, junit, markdown, html, report_md, pdf, sbom_*) exposes
`render(run, context) -> bytes` and reads only the RunResult, its facts and the typed, documented fields of
its AuditResults; it is imported only when that format is used, so choosing one format never pays for the
others' imports. To add a format: write the module with its `render`, add one `FormatSpec` line below and
name it in the commands' subset that should offer it (docs/architecture.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from auditor.policy import Policy
    from auditor.results import RunResult


class RenderError(Exception):
    """A run that cannot be rendered in this format (missing engine, invalid document): one sentence."""


class UnknownFormat(ValueError):
    """A `--format` value no offered format answers to."""


@dataclass(frozen=True)
class RenderContext:
    """What a command knows beyond the run, for the formats that use it (all optional).

    `policy` gives SARIF its rule descriptors; `root` is the scanned folder (SARIF's fallback location);
    `scan_problems` are check's scan problems (JSON); `report_hint` is where the full JSON report was
    written (Markdown); `policy_files` and `lineage_engine` are the review's (HTML, Markdown, PDF);
    `width`, `color_system` and `terminal` lay out the text format (rich on a terminal, else plain lines);
    `verbosity` is the CLI's -q (-1) / -v (1): how much the text format says.
    """

    policy: Policy | None = None
    root: Path | None = None
    scan_problems: tuple[Any, ...] | None = None
    report_hint: str | None = None
    policy_files: tuple[str, ...] = ()
    lineage_engine: str = "auto"
    generated_at: str | None = None
    width: int = 110
    color_system: str | None = None
    terminal: bool = False
    verbosity: int = 0


class Format(Protocol):
    name: str
    aliases: tuple[str, ...]
    suffix: str
    media_type: str
    file_name: str

    def render(self, run: RunResult, context: RenderContext = ...) -> bytes: ...


@dataclass(frozen=True)
class FormatSpec:
    """A registered format; its module (auditor.formats.<module>) is imported on first render."""

    name: str
    module: str
    suffix: str
    media_type: str
    aliases: tuple[str, ...] = ()
    file_name: str = ""

    def render(self, run: RunResult, context: RenderContext | None = None) -> bytes:
        render = importlib.import_module(f"auditor.formats.{self.module}").render
        return render(run, context or RenderContext())

    @property
    def default_file(self) -> str:
        return self.file_name or f"auditor{self.suffix}"


FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec("text", "text", ".txt", "text/plain; charset=utf-8"),
    FormatSpec("json", "json", ".json", "application/json"),
    FormatSpec("jsonl", "jsonl", ".jsonl", "application/jsonl", aliases=("ndjson",)),
    FormatSpec("sarif", "sarif", ".sarif", "application/sarif+json"),
    FormatSpec("junit", "junit", ".xml", "application/xml", file_name="auditor-junit.xml"),
    FormatSpec("markdown", "markdown", ".md", "text/markdown; charset=utf-8", aliases=("md",)),
    FormatSpec("github", "github", ".txt", "text/plain; charset=utf-8", file_name="auditor-annotations.txt"),
    FormatSpec("gitlab", "gitlab", ".json", "application/json", file_name="auditor-codequality.json"),
    FormatSpec("html", "html", ".html", "text/html; charset=utf-8"),
    FormatSpec("review-markdown", "report_md", ".md", "text/markdown; charset=utf-8", aliases=("md", "markdown"),
               file_name="auditor-review.md"),
    FormatSpec("pdf", "pdf", ".pdf", "application/pdf"),
    FormatSpec("spdx-json", "sbom_spdx", ".spdx.json", "application/spdx+json"),
    FormatSpec("spdx3", "sbom_spdx3", ".spdx3.json", "application/spdx+json"),
    FormatSpec("cyclonedx", "sbom_cyclonedx", ".cdx.json", "application/vnd.cyclonedx+json"),
)
REGISTRY: dict[str, FormatSpec] = {f.name: f for f in FORMATS}

AUDIT_FORMATS = ("text", "json", "jsonl", "sarif", "junit", "markdown", "github", "gitlab")  # audit and check
REPORT_FORMATS = ("html", "review-markdown", "pdf")  # report: the procurement review
SBOM_FORMATS = ("spdx-json", "spdx3", "cyclonedx")  # sbom: the bill of materials


def find(value: str, offered: Sequence[str]) -> FormatSpec:
    """The offered format named (or aliased) `value`, case-insensitively; UnknownFormat otherwise."""
    word = value.strip().lower()
    for name in offered:
        spec = REGISTRY[name]
        if word == spec.name or word in spec.aliases:
            return spec
    raise UnknownFormat(f"--format {value!r}: choose from {', '.join(offered)}")


def find_many(value: str, offered: Sequence[str]) -> list[FormatSpec]:
    """Comma-separated formats, each once, in the order given; UnknownFormat for a bad or empty list."""
    words = [w.strip() for w in value.split(",") if w.strip()]
    if not words:
        raise UnknownFormat(f"--format {value!r}: choose from {', '.join(offered)} (comma-separated)")
    try:
        specs = [find(w, offered) for w in words]
    except UnknownFormat:
        raise UnknownFormat(f"--format {value!r}: choose from {', '.join(offered)} (comma-separated)") from None
    return list(dict.fromkeys(specs))
