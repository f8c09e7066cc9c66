"""Find the models a repository uses: Python (AST), notebooks, YAML/JSON/TOML configs, and the manifest.

`scan_repository(root)` is what `auditor check` calls. It never imports or runs scanned code, reads each
file at most once, and turns every file it cannot read into a Problem (file and line) while the scan goes
on. References whose id names a path inside the repository (a local checkpoint such as
`from_pretrained("models/base")` next to a `models/base/` directory) are dropped, except in the manifest,
where the user declared them on purpose. A model's `purpose` from the manifest is carried onto every
reference to the same id, so the report can say why each model is there.

A cold scan reads every file, so what a reader asks of each file decides what `auditor check` costs (issue 15): a
new reader follows the gating rule in auditor/scan/prefilter.py (a necessary substring test before any parse,
whole-file patterns that start with a literal, whole-file answers before per-line work).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.model import Problem
from auditor.scan.kinds import other_kind
from auditor.scan.refs import ModelReference, ScanResult, SkippedFile, placeholder_revision
from auditor.scan.shebang import PEEK, ScriptKind, may_be_script, script_kind
from auditor.scan.suspicious import has_escapes, suspicious_ids
from auditor.scan.walk import MAX_FILE_BYTES, WalkedFile, walk_repository
from auditor.textsafe import wide_encoding

if TYPE_CHECKING:
    from auditor.scan.cache import ScanCache
    from auditor.scan.jobs import StagePool

__all__ = ["ModelReference", "ScanResult", "SkippedFile", "scan_file", "scan_repository"]

SCANNED_SUFFIXES = (".py", ".ipynb", ".yaml", ".yml", ".json", ".toml", ".cfg", ".ini", ".gitmodules", ".jsonnet",
                    ".libsonnet", ".tpl", ".properties")


def is_scanned(rel: str) -> bool:
    """Does the scan read this file (by its name)? The suffixes above, plus shell scripts, Dockerfiles, Makefiles
    and .env files (auditor/scan/shell.py), JavaScript / TypeScript sources (auditor/scan/js.py) and Rust, Go, Java,
    Kotlin, Scala, Swift, C# and C / C++ sources (auditor/scan/clike.py). A suffix-less script is read too when its
    first line says so (auditor/scan/shebang.py): that takes its bytes, see `script_of`."""
    if rel.lower().endswith(SCANNED_SUFFIXES):
        return True  # most scanned files, without the imports below (a few microseconds a file)
    # lazy: start-up (the readers' name tests)
    from auditor.scan.clike import clike_file
    from auditor.scan.config import yaml_file
    from auditor.scan.js import js_file
    from auditor.scan.shell import command_file_kind

    return yaml_file(rel) or command_file_kind(rel) is not None or js_file(rel) \
        or clike_file(rel) or other_kind(rel) is not None


# What `auditor check` writes (commands/check.py FILE_NAMES and its default folder): never scanned as input.
OWN_OUTPUT_NAMES = frozenset({"auditor.json", "auditor.sarif", "auditor-junit.xml", "auditor.md", "auditor.txt",
                              "auditor-codequality.json", "auditor-annotations.txt"})
OWN_OUTPUT_DIRS = ("auditor-out/",)
_OWN_JSON_MARK = b'"auditor_version"'


def scan_repository(
    root: Path | str,
    *,
    exclude: Sequence[str] = (),
    include_gitignored: bool = False,
    skip_paths: Sequence[Path | str] = (),
    cache: ScanCache | bool | None = None,
    jobs: int = 1,
) -> ScanResult:
    """Scan `root` for model references; see the package docstring and docs/manifest.md.

    Files the scan does not read are returned, never dropped silently: `skipped` (too large, binary or not
    UTF-8, unreadable, the tool's own reports) and `problems` (files that do not parse). `skip_paths` are
    files the caller is about to write (the `-o` target of `auditor check`). `cache` (True, or a ScanCache)
    reuses each file's per-file results from earlier scans of the same bytes (auditor/scan/cache.py); the
    result is the same with or without it. `jobs` > 1 runs the per-file scan on that many worker processes
    (auditor/scan/jobs.py): the same result, sooner on a machine with free cores.
    """
    root = Path(root)
    if not root.is_dir():
        problem = Problem("scan-root-missing", f"{root} is not a directory", str(root), fatal=True)
        return ScanResult(str(root), (), (problem,))
    if cache is True:
        from auditor.scan.cache import ScanCache  # lazy: start-up (only when caching)

        cache = ScanCache(root)
    store = cache or None
    own = _own_paths(root, skip_paths)
    refs: list[ModelReference] = []
    problems: list[Problem] = []
    skipped: list[SkippedFile] = []
    scanned = 0
    pool = None
    if jobs > 1:
        from auditor.scan.jobs import StagePool  # lazy: worker processes only for --jobs

        pool = StagePool(jobs, file_stage)
    try:
        outcomes: Iterable[tuple[str, bool, Any]] = _walk_outcomes(root, own, store, pool, exclude,
                                                                   include_gitignored)
        if pool is not None:
            from auditor.scan.jobs import resolved  # lazy: as StagePool

            pool_outcomes = list(outcomes)  # every file submitted before the first result is waited for
            outcomes = ((rel, is_manifest, resolved(outcome)) for rel, is_manifest, outcome in pool_outcomes)
        for rel, is_manifest, outcome in outcomes:
            if isinstance(outcome, SkippedFile):
                skipped.append(outcome)
                continue
            scanned += 1
            found, issues = outcome
            if found:
                refs.extend(finish_file(rel, found, is_path=_path_check(root, rel), manifest=is_manifest))
            problems.extend(issues)  # read but not understood (syntax, not UTF-8): problems with file and line
    finally:
        if pool is not None:
            pool.close()
    if store is not None:
        store.save()
    purposes = {r.id: r.purpose for r in refs if r.how == "manifest" and r.purpose}
    refs = [replace(r, purpose=purposes[r.id]) if r.purpose is None and r.id in purposes else r for r in refs]
    refs.sort(key=lambda r: (r.file, r.line, r.column, r.id))
    return ScanResult(str(root), tuple(refs), tuple(problems), tuple(skipped), scanned)


def _walk_outcomes(root: Path, own: frozenset[str], store: ScanCache | None, pool: StagePool | None,
                   exclude: Sequence[str], include_gitignored: bool) -> Iterator[tuple[str, bool, Any]]:
    """Each scanned file of the walk, in order: (rel, is manifest, its per-file outcome or why it was skipped);
    with a pool, an outcome still to be computed is a jobs.Deferred."""
    from auditor.scan.manifest import MANIFEST_NAMES

    base = os.fspath(root)
    for walked in walk_repository(root, exclude=exclude, include_gitignored=include_gitignored):
        rel = walked.rel
        if walked.unreadable is not None:
            yield rel, False, SkippedFile(rel, walked.unreadable, unexamined=True, ignore_file=walked.ignore_file)
            continue
        if walked.vendored is not None:  # known not to be the repository's source: the verdict stands (walk.py)
            yield rel, False, SkippedFile(rel, vendored_reason(rel, walked.vendored))
            continue
        if not is_scanned(rel) and not _peeked_script(walked):
            continue
        is_manifest = rel in MANIFEST_NAMES
        yield rel, is_manifest, _scan_walked(base, walked, own, None if is_manifest else store, is_manifest, pool)


def vendored_reason(rel: str, dist_info: str) -> str:
    """Why a folder of installed distributions was not scanned, and how to scan it (walk.py)."""
    from shlex import quote  # lazy: only for a repository carrying its installed packages

    return (f"a folder of installed packages ({rel}{dist_info}/METADATA: third-party code, as in a virtual "
            f"environment); run `auditor check {quote(rel.rstrip('/'))}` to scan it")


def _peeked_script(walked: WalkedFile) -> bool:
    """Is this suffix-less file a shell or Python script by its first line? Only its first PEEK bytes are read."""
    if walked.size < 3 or not may_be_script(walked.rel):
        return False
    try:
        with open(walked.path, "rb") as handle:
            head = handle.read(PEEK)
    except OSError:
        return False  # as for any file no reader claims: never read
    return script_kind(head) is not None


def script_of(rel: str, data: bytes) -> ScriptKind | None:
    """The reader a file no reader claims by name gets from its first line ('shell', 'python'), else None."""
    if not may_be_script(rel) or is_scanned(rel):
        return None
    return script_kind(data[:PEEK])


def _scan_walked(base: str, walked: WalkedFile, own: frozenset[str], store: ScanCache | None,
                 manifest: bool, pool: StagePool | None = None) -> Any:
    """One walked file's per-file results, or why the scan does not read it.

    With a cache: a file whose size, times and inode are those recorded when its bytes were last hashed is
    taken from the cache unread (those bytes were admitted then: not binary, not a report); any other file is
    read, hashed and looked up by its digest, and scanned only when no entry has those bytes."""
    rel = walked.rel
    name = rel.rsplit("/", 1)[-1]
    if name in OWN_OUTPUT_NAMES or rel.startswith(OWN_OUTPUT_DIRS) or rel in own:
        return SkippedFile(rel, "an auditor report (the tool's own output)")
    if walked.size > MAX_FILE_BYTES:
        return SkippedFile(rel, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    path = os.path.join(base, rel)
    stat = None
    if store is not None:
        stat = store.stat_of(path)
        known = store.by_stat(rel, stat)
        if known is not None:
            return known
    try:
        data = walked.path.read_bytes()
    except OSError as exc:
        return SkippedFile(rel, f"cannot be read ({exc.strerror or exc})", unexamined=True)
    if (wide := wide_encoding(data)) is not None:  # text, not binary: its references are unknown (incomplete)
        return SkippedFile(rel, f"looks like {wide} text, not UTF-8 (save it as UTF-8)", unexamined=True)
    if b"\0" in data[:8192]:
        return SkippedFile(rel, "binary (holds NUL bytes)")
    if name.lower().endswith(".json") and _OWN_JSON_MARK in data[:256]:
        return SkippedFile(rel, "an auditor report (the tool's own output)")
    if store is None:
        return file_stage(rel, data, manifest=manifest) if pool is None else pool.submit(rel, data, manifest)
    return _cached_stage(store, rel, data, stat, pool)


def scan_file(
    rel: str, data: bytes, *, is_path: Callable[[str], bool] = lambda _: False, manifest: bool = False
) -> tuple[list[ModelReference], list[Problem]]:
    """Scan one file's bytes by its name: the dispatch shared by the repository walk and `--diff`.

    Each reference carries its scope ("tests", "examples", "main") from the path."""
    found, problems = file_stage(rel, data, manifest=manifest)
    return finish_file(rel, found, is_path=is_path, manifest=manifest), problems


def file_stage(rel: str, data: bytes, *, manifest: bool = False) -> tuple[list[ModelReference], list[Problem]]:
    """What one file's bytes give under the scan its name selects, suppressions attached: nothing here reads
    beyond the bytes (the path only stamps `file`), which is what auditor/scan/cache.py may keep."""
    found, problems = _scan_file(rel, data, manifest=manifest)
    if any(r.revision is not None for r in found):
        found, notes = unpinned_placeholders(found, rel)
        problems = [*problems, *notes]
    if len(found) > 1:
        found = _one_per_literal(found)
    if not data.isascii() or has_escapes(data):  # ids with hidden or look-alike characters: said, never dropped
        problems = [*problems, *suspicious_ids(rel, data, found,
                                               lambda folded: _scan_file(rel, folded, manifest=manifest)[0])]
    if found:
        from auditor.suppress import attach  # lazy: start-up (only files with references)

        found = attach(found, data, rel)  # `# auditor: ignore[RULE] reason` beside a reference
    return found, problems


PLACEHOLDER_REVISION = "scan-placeholder-revision"


def unpinned_placeholders(found: list[ModelReference], rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """The references with a placeholder for a revision (`revision="<sha>"`, `--revision 0000000`, `@${REVISION}`,
    auditor/scan/refs.py placeholder_revision) made unpinned, and one note for each: such a "revision" names no commit,
    so reporting it as a pin would let a template pass for a pinned model, and auditing it would ask the Hub for a
    commit that does not exist. Unpinned, the model is audited at its default branch and `check` names it as unpinned;
    the note says which placeholder was written where."""
    out: list[ModelReference] = []
    notes: dict[tuple[int, str, str], Problem] = {}
    for ref in found:
        if ref.revision is not None and placeholder_revision(ref.revision):
            notes.setdefault((ref.line, ref.id, ref.revision), Problem(
                PLACEHOLDER_REVISION, f"{ref.id} is named at revision {ref.revision!r}, a placeholder that names no "
                "commit: read as unpinned (write the commit SHA it stands for to pin it)", rel, ref.line))
            ref = replace(ref, revision=None)
        out.append(ref)
    return out, list(notes.values())


def _one_per_literal(found: list[ModelReference]) -> list[ModelReference]:
    """One reference per literal: two readers of one file (a script's command lines and the compose file or Python
    program its here-document holds, both reading the same line) can each find the same id at the same place, which
    is one reference, not two. The first reader's is kept (the order is the readers' order, so the result is stable)."""
    seen: set[tuple[int, int, str, str]] = set()
    out: list[ModelReference] = []
    for ref in found:
        key = (ref.line, ref.column, ref.id, ref.kind)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def finish_file(
    rel: str, found: list[ModelReference], *, is_path: Callable[[str], bool], manifest: bool
) -> list[ModelReference]:
    """The stage that looks beyond the file's bytes, run on every scan (never cached): ids naming an existing
    path in the repository are dropped (not in the manifest, where the user declared them on purpose), and each
    reference takes its scope ("tests", "examples", "main") from the path."""
    if not manifest:
        found = [r for r in found if not is_path(r.id)]
    if found:
        from auditor.scan.vocab import vocabulary

        scope = vocabulary().scope_of(rel)
        if scope != "main":
            found = [replace(r, scope=scope) for r in found]
    return found


def _cached_stage(store: ScanCache, rel: str, data: bytes, stat: os.stat_result | None,
                  pool: StagePool | None = None) -> Any:
    """`file_stage` through the scan cache: the results of the same bytes under the same kind of scan (with a
    pool, a jobs.Deferred that stores its result in the cache when it arrives)."""
    key = store.key(data, rel)
    if key is None:
        return file_stage(rel, data) if pool is None else pool.submit(rel, data)
    entry = store.get(key, rel)
    if entry is None and pool is not None:
        store.remember(rel, stat, key)
        return pool.submit(rel, data).then(lambda found: store.put(key, rel, *found))
    if entry is None:
        entry = file_stage(rel, data)
        store.put(key, rel, *entry)
    store.remember(rel, stat, key)
    return entry


def _written_file(name: str, body: str) -> tuple[list[ModelReference], list[Problem]]:
    """What the file a notebook's `%%writefile NAME` cell writes gives, scanned by its name (nothing for a name the
    scan does not read, nor for a notebook written by a notebook)."""
    if not is_scanned(name) or name.lower().endswith(".ipynb"):
        return [], []
    return file_stage(name, body.encode("utf-8"))


def _scanned_text(rel: str, data: bytes, python: bool = False) -> str | Problem:
    """A scanned file's text, or the problem saying why it was not read (its references are unknown)."""
    # lazy: a scanner stage (auditor.scan.python) loaded only for files to scan
    from auditor.scan.python import decode_python

    wide = wide_encoding(data)
    if wide:  # without a byte-order mark it decodes as UTF-8 with a NUL per character: nothing found, silently
        return Problem("scan-not-text", f"looks like {wide} text, not UTF-8; model references in it were not "
                       "scanned (save it as UTF-8)", rel)
    try:
        return decode_python(data) if python or rel.lower().endswith(".py") else data.decode("utf-8-sig")
    except (UnicodeDecodeError, LookupError, SyntaxError):
        return Problem("scan-not-text", "is not UTF-8 text; model references in it were not scanned", rel)


def _scan_file(rel: str, data: bytes, *, manifest: bool) -> tuple[list[ModelReference], list[Problem]]:
    lower = rel.lower()
    script = None if manifest else script_of(rel, data)
    text = _scanned_text(rel, data, python=script == "python")
    if isinstance(text, Problem):
        return [], [text]
    if manifest:
        from auditor.scan.manifest import scan_manifest  # lazy: start-up (as the readers below)

        return scan_manifest(text, rel)
    if lower.endswith(".py") or script == "python":  # most files: before the other readers' imports (~2 us each)
        return _scan_python_file(text, rel)
    # lazy: start-up (the readers are loaded by the first file to scan)
    from auditor.scan.clike import clike_file, scan_clike
    from auditor.scan.config import scan_ini, scan_toml, scan_yaml, yaml_file
    from auditor.scan.js import js_file, scan_js
    from auditor.scan.notebook import scan_notebook
    from auditor.scan.pycode import held_text_refs  # the scripts configs hold, with their `python -c` code
    from auditor.scan.shell import command_file_kind

    if lower.endswith(".ipynb"):
        return scan_notebook(text, rel, written=_written_file)
    if yaml_file(rel) or lower.endswith(".tpl"):  # a Helm chart's `_helpers.tpl`: read when it renders as YAML
        return scan_yaml(text, rel, template=lower.endswith(".tpl"), held=held_text_refs)
    if lower.endswith(".json"):
        return _scan_json_file(text, rel)
    if lower.endswith(".toml"):
        return scan_toml(text, rel, held_text_refs)
    if lower.endswith((".cfg", ".ini", ".gitmodules")):
        return scan_ini(text, rel, held_text_refs)
    if lower.endswith((".jsonnet", ".libsonnet", ".properties")):
        return _scan_rare_config(text, rel)
    command_kind = "shell" if script == "shell" else command_file_kind(rel)
    if command_kind is not None:
        return _scan_command_file(text, rel, command_kind)
    if js_file(rel):
        return scan_js(text, rel)
    if clike_file(rel):
        return scan_clike(text, rel)
    return _scan_other(text, rel)


def _scan_command_file(text: str, rel: str, command_kind: str) -> tuple[list[ModelReference], list[Problem]]:
    """A script, Dockerfile, Makefile, .env file, Modelfile... (`command_kind` from shell.py `command_file_kind`):
    its commands, the Python its `python -c` / here-documents run, the commands it keeps in variables and runs; a
    container definition as the shell script its sections are."""
    from auditor.scan.shell import scan_commands  # lazy: start-up (as _scan_file's readers)

    if command_kind == "apptainer":  # a container definition's script sections, read as the shell script they are
        from auditor.scan.apptainer import apptainer_script  # lazy: start-up (only definition files)

        text, command_kind = apptainer_script(text), "shell"
    found, problems = scan_commands(text, rel, command_kind)
    if command_kind in ("shell", "docker", "make", "batch"):
        from auditor.scan.pycode import python_code_refs  # lazy: start-up (only scripts)

        found = [*found, *python_code_refs(text, rel, command_kind)]
    if command_kind == "shell":
        from auditor.scan.evalcmd import run_variable_refs  # lazy: start-up (only scripts)

        ran, _ = run_variable_refs(text, rel)
        seen = {(r.line, r.column, r.id) for r in found}
        found = [*found, *(r for r in ran if (r.line, r.column, r.id) not in seen)]
    if command_kind in ("shell", "docker") and "<<" in text:  # a Dockerfile's `RUN python3 - <<'PY'` too
        from auditor.scan.heredoc import (  # lazy: start-up (only scripts with here-documents)
            heredoc_code_refs,
            heredoc_yaml_refs,
        )

        written, refused = heredoc_yaml_refs(text.splitlines(), rel)
        found, problems = [*found, *written, *heredoc_code_refs(text.splitlines(), rel)], [*problems, *refused]
    return found, problems


def _scan_other(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """An R Markdown / Quarto document, a Nix expression, a Groovy script, a SQL script or a README.md (a Space's
    front matter) (`other_kind`): rare kinds whose readers are imported only when one is met."""
    kind = other_kind(rel)
    if kind == "literate":
        from auditor.scan.literate import scan_literate  # lazy: start-up (only such documents)

        return scan_literate(text, rel)
    if kind == "nix":
        from auditor.scan.nix import scan_nix  # lazy: start-up (only Nix files)

        return scan_nix(text, rel)
    if kind == "groovy":
        from auditor.scan.groovy import scan_groovy  # lazy: start-up (only Groovy files)

        return scan_groovy(text, rel)
    if kind == "sql":
        from auditor.scan.sql import scan_sql  # lazy: start-up (only SQL scripts)

        return scan_sql(text, rel)
    if kind == "snakemake":
        from auditor.scan.snakemake import scan_snakemake  # lazy: start-up (only Snakemake workflows)

        return scan_snakemake(text, rel)
    if kind == "requirements":
        from auditor.scan.requirements import scan_requirements  # lazy: start-up (only requirements files)

        return scan_requirements(text, rel)
    if kind == "space":
        from auditor.scan.space import scan_space_readme  # lazy: start-up (only README.md files)

        return scan_space_readme(text, rel)
    if kind == "nextflow":
        from auditor.scan.groovy import scan_groovy  # lazy: start-up (only Nextflow pipelines)

        return scan_groovy(text, rel, nextflow=True)
    if kind == "cmake":
        from auditor.scan.cmake import scan_cmake  # lazy: start-up (only CMake scripts)

        return scan_cmake(text, rel)
    if kind == "vagrant":
        from auditor.scan.vagrant import scan_vagrantfile  # lazy: start-up (only Vagrantfiles)

        return scan_vagrantfile(text, rel)
    return [], []


def _scan_rare_config(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """A Jsonnet config, or a Java `.properties` file (Spring's `spring.ai.huggingface.chat.options.model=org/x`):
    rare kinds whose readers are imported only when one is met."""
    if rel.lower().endswith(".properties"):
        from auditor.scan.clike import scan_properties  # lazy: start-up (only .properties files)

        return scan_properties(text, rel)
    from auditor.scan.jsonnet import scan_jsonnet  # lazy: start-up (only Jsonnet configs)

    return scan_jsonnet(text, rel)


def _scan_json_file(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """A .json file; one that runs command lines (a VS Code task, npm scripts, a dev container: by its name; a Pinokio
    launcher's `shell.run` steps) has them read as the shell reads them too (auditor/scan/jsoncmd.py, js.py)."""
    from auditor.scan.config import scan_json  # lazy: start-up (as _scan_file's readers)
    from auditor.scan.jsoncmd import command_file, scan_json_commands  # lazy: start-up (as _scan_file's readers)

    found, problems = scan_json(text, rel)
    which = command_file(rel)
    if which is not None and not problems:
        found = [*found, *scan_json_commands(text, rel, which)]
    if '"shell.run"' in text and not problems:  # a Pinokio launcher's steps (`install.json`): their command lines
        from auditor.scan.js import launcher_command_refs  # lazy: start-up (only launcher scripts)

        seen = {(r.line, r.column, r.id) for r in found}
        found = [*found, *(r for r in launcher_command_refs(text, rel) if (r.line, r.column, r.id) not in seen)]
    return found, problems


def _scan_python_file(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """A .py file; one that does not parse may be a notebook exported as a script, its `!pip install` lines kept
    (auditor/scan/notebook.py `scan_ipython_script`), else its syntax problem stands. One whose Python names nothing
    (the cheap tests skipped parsing it) may still be such a script whose only references are on its `!hf download`
    lines; a script that builds a notebook from cell strings has its cells read too (auditor/scan/nbbuild.py), and an
    HTML page in a string has its `<script>` blocks read as JavaScript (auditor/scan/js.py `embedded_page_refs`)."""
    from auditor.scan.nbbuild import may_build_notebook  # lazy: start-up (as _scan_file's readers)
    from auditor.scan.notebook import may_be_ipython_script, scan_ipython_script  # lazy: start-up (as above)
    from auditor.scan.python import scan_python  # lazy: start-up (as _scan_file's readers)

    found, problems = scan_python(text, rel)
    if problems:
        found, problems = scan_ipython_script(text, rel) or (found, problems)
    elif not found and may_be_ipython_script(text):  # its Python named nothing: its `!` lines may
        found, problems = scan_ipython_script(text, rel, unparsed=True) or (found, problems)
    if may_build_notebook(text):
        from auditor.scan.nbbuild import scan_notebook_builder  # lazy: only scripts that build a notebook

        cells, trouble = scan_notebook_builder(text, rel, written=_written_file)
        found, problems = [*found, *cells], [*problems, *trouble]
    if "<script" in text or "<SCRIPT" in text:  # an HTML page in a string (Streamlit's components.html): its scripts
        from auditor.scan.js import embedded_page_refs, merged  # lazy: only files holding a page

        found = merged(found, embedded_page_refs(text, rel))
    return found, problems


def _own_paths(root: Path, skip_paths: Sequence[Path | str]) -> frozenset[str]:
    """The root-relative posix paths of the files the caller is about to write. Resolved once here rather than
    resolving every walked file (one `realpath` per file was 5% of a scan); a path outside the root is dropped,
    and a symbolic link into the root is never walked (walk.py), so comparing relative paths loses nothing."""
    base = Path(_resolved(root))
    out: set[str] = set()
    for path in skip_paths:
        try:
            out.add(Path(_resolved(Path(path))).relative_to(base).as_posix())
        except ValueError:
            continue
    return frozenset(out)


def _resolved(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path.absolute())


def _path_check(root: Path, rel: str) -> Callable[[str], bool]:
    """Does `value` name an existing path relative to the root or to the referencing file's directory?"""
    here = (root / rel).parent

    def is_path(value: str) -> bool:
        try:
            return (root / value).exists() or (here / value).exists()
        except (OSError, ValueError):
            return False

    return is_path
