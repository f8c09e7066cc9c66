"""An incremental scan cache: what the per-file scanner found in a file, keyed by the file's bytes.

Why: `auditor check` runs again and again over a repository that barely changes (a pre-commit hook, CI with
a restored cache, a developer re-running it). The scan parses hundreds of files with `ast.parse` on every
run although their bytes are the same as last time. Linters (ruff, mypy, pre-commit) keep per-file results
keyed by content; so does this cache. A warm run costs the walk, reading and hashing each file, and one
JSON load; a file whose stat (size, modification and change times, inode, device) is the one recorded when its
bytes were last hashed is not even read (`ScanCache.by_stat`: git's index and mypy's cache do the same).

What is cached, and why it can never be stale:
- Only the per-file stage (`auditor.scan.file_stage`): the references and problems one file's bytes give
  under the dispatch its name selects (Python, notebook, YAML, JSON, TOML), with the inline suppressions
  attached. That stage reads nothing but the bytes; the file's path only stamps the `file` fields. The
  stages that look beyond the file stay live on every run: dropping ids that name an existing path in the
  repository (the file system, not the bytes, decides), the scope from the path (tests/examples), the
  manifest's purposes carried onto other references, the skips (size, binary, the tool's own reports and
  the `-o` targets), and the manifest itself (never cached: its messages may quote the file).
- The key is a BLAKE2b digest of the bytes plus the kind of scan. Every pack file carries the scanner's
  fingerprint: a digest of the scanner's own sources (auditor/scan/*.py and the modules whose results it
  stores), the scan vocabulary it reads, PyYAML's version file, the Python version and auditor's version.
  Any change to one of those makes every entry a miss.
- Path fields are never trusted from the cache: every `file` is re-stamped from the current walk. An entry
  whose results name the file anywhere but in those fields (a message quoting its path) is not stored.
- Entries hold results only (ids, positions, the one-line snippet each reference shows anyway), never a
  file's contents.
- A recorded stat only says which digest a path had: the results are still found by that digest. A stat is
  recorded only when its times are older than the start of the run by a margin (RACY_NS), so an edit in the
  same clock tick cannot hide; every write or `utime` sets the change time, which no user code can choose.

Storage: one JSON pack per scanned root (a digest of its real path) under <AUDITOR_CACHE_DIR or the user
cache folder>/scan/, read once at the start and written once at the end (temporary file + os.replace) when
something changed; entries no file used in this run are dropped. Any cache problem (no folder, read-only,
a corrupt or foreign pack) is a miss or a skipped write: the scan's output is the same with or without it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

try:  # the C module behind hashlib.blake2b; importing hashlib itself also loads OpenSSL (~10 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always has it; other interpreters go through hashlib
    from hashlib import blake2b

from auditor.cachefile import read_cache_bytes
from auditor.model import Problem
from auditor.scan.refs import ModelReference
from auditor.scan.shebang import PEEK, may_be_script, script_kind
from auditor.suppress import Suppression

FORMAT = 2
PACK_DIR = "scan"
# A file whose modification or change time is less than this before the run began may still change within
# the same timestamp tick unseen (coarse file-system clocks: FAT keeps 2 s); its stat vouches for nothing.
RACY_NS = 3_000_000_000
# Modules outside auditor/scan/ whose code decides what a cached entry holds (suppressions, YAML limits,
# the Problem shape); auditor/scan/*.py are all included.
_SOURCES_OUTSIDE = ("suppress.py", "safeyaml.py", "model.py", "__init__.py")
_VOCABULARY = "scan-vocabulary.yaml"

# The kind of scan a file's name selects (scan/__init__.py `_scan_file`); part of every key.
_KINDS = ((".py", "p"), (".ipynb", "n"), (".yaml", "y"), (".yml", "y"), (".json", "j"), (".toml", "t"), (".cfg", "i"),
          (".ini", "i"), (".gitmodules", "g"), (".jsonnet", "k"), (".libsonnet", "k"),
          (".properties", "q"))

# A suffix-less script read by its first line (auditor/scan/shebang.py): kinds no name gives.
_SCRIPT_KINDS = {"shell": "!s", "python": "!p"}

# Every kind auditor/scan/shell.py `command_file_kind` gives must be here: a kind left out raised KeyError on the
# first cached scan of such a file (a Procfile, a systemd unit; tests/test_scan_recall28.py).
_COMMAND_KINDS = {"shell": "s", "docker": "d", "make": "m", "env": "e", "modelfile": "o", "batch": "b", "gin": "r",
                  "hcl": "h", "bicep": "u", "supervisor": "v", "procfile": "pf", "unit": "un", "apptainer": "ap"}

# R Markdown / Quarto documents and Livebook notebooks, Nix expressions, Groovy and SQL scripts, Snakemake workflows, a
# Space's README, Nextflow pipelines, CMake scripts, Vagrantfiles (auditor/scan/kinds.py `other_kind`).
_OTHER_KINDS = {"literate": "w", "nix": "z", "groovy": "f", "sql": "a", "space": "l", "snakemake": "sk",
                "requirements": "rq", "nextflow": "nf", "cmake": "cm", "vagrant": "vg"}

Entry = tuple[list[ModelReference], list[Problem]]


def kind_of(rel: str) -> str | None:
    """The one-letter scan kind of a root-relative path, None for a file the scanner does not read."""
    lower = rel.lower()
    for suffix, kind in _KINDS:
        if lower.endswith(suffix):
            return kind
    from auditor.scan.clike import clike_file
    from auditor.scan.config import yaml_file
    from auditor.scan.js import js_file
    from auditor.scan.shell import command_file_kind

    if yaml_file(rel):
        return "y"  # lm-evaluation-harness's `_default_template_yaml`
    command_kind = command_file_kind(rel)  # shell, docker, make, env: each its own scan
    if command_kind is not None:
        return _COMMAND_KINDS[command_kind]
    if js_file(rel):
        return "x"
    if clike_file(rel):
        return "c"
    from auditor.scan.kinds import other_kind  # lazy: start-up (as the name tests above)

    other = other_kind(rel)
    return _OTHER_KINDS[other] if other is not None else None


def key_of(data: bytes, kind: str) -> str:
    """The cache key of a file's bytes under one kind of scan."""
    return kind + blake2b(data, digest_size=16).hexdigest()


def _digest_files(paths: Iterable[Path], digest: Any) -> None:
    for path in paths:
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing\0")
        digest.update(b"\0")


def scanner_fingerprint() -> str:
    """A digest of everything besides a file's bytes that decides what the per-file scan gives."""
    from auditor import __version__
    from auditor.resources import rules_dir

    package = Path(__file__).resolve().parent.parent
    digest = blake2b(digest_size=16)
    digest.update(f"{FORMAT}\0{__version__}\0{sys.implementation.name}\0{sys.version}\0".encode())
    _digest_files(sorted((package / "scan").glob("*.py")), digest)
    _digest_files((package / name for name in _SOURCES_OUTSIDE), digest)
    try:
        vocabulary = rules_dir() / _VOCABULARY
    except FileNotFoundError:
        vocabulary = package / "missing" / _VOCABULARY
    _digest_files([vocabulary], digest)
    _digest_files(_yaml_version_files(), digest)
    return digest.hexdigest()


def _yaml_version_files() -> list[Path]:
    """PyYAML's package __init__ (it carries __version__), found without importing yaml (start-up)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("yaml")
    except (ImportError, ValueError):
        return []
    return [Path(spec.origin)] if spec is not None and spec.origin else []


def default_directory() -> Path:
    """<AUDITOR_CACHE_DIR or the user cache folder>/scan."""
    # lazy: start-up (platformdirs only when AUDITOR_CACHE_DIR is unset)
    from auditor.sources.cache import default_cache_dir

    return default_cache_dir() / PACK_DIR


def _real(root: Path) -> str:
    try:
        return os.path.realpath(root)
    except (OSError, ValueError):
        return str(Path(root).absolute())


class ScanCache:
    """The per-file results of one scanned root: loaded once, looked up per file, saved once.

    `get` and `put` work on the results of `auditor.scan.file_stage`; `save` writes the pack when an entry
    was added or one went unused (pruned). Nothing here raises on a cache problem. One instance serves one
    scan: what it keeps is what that scan used."""

    def __init__(self, root: Path | str, directory: Path | None = None) -> None:
        self.root = _real(Path(root))
        self._directory = directory
        self._loaded: dict[str, Any] | None = None
        self._loaded_stats: dict[str, Any] = {}
        self._fingerprint: str | None = None
        self._used: dict[str, Any] = {}
        self._stats: dict[str, list[Any]] = {}
        self._added = False
        # Times at or after this are too recent to vouch for a file's bytes (see `remember`).
        self._trusted_before = time.time_ns() - RACY_NS
        self.hits = 0
        self.misses = 0
        self.unread = 0

    @property
    def path(self) -> Path | None:
        """The pack file, None when no cache folder can be named."""
        try:
            directory = self._directory if self._directory is not None else default_directory()
        except Exception:  # platformdirs or the environment failing means no cache, never a failed scan
            return None
        name = blake2b(self.root.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        return directory / f"{name}.json"

    @staticmethod
    def key(data: bytes, rel: str) -> str | None:
        """The cache key of a file's bytes under the scan its name selects, or for a suffix-less script the scan its
        first line selects (from these bytes, as the scan decides); None for a file no scan reads."""
        kind = kind_of(rel)
        if kind is None and may_be_script(rel):  # no name claims it: as scan/__init__.py `script_of`
            kind = _SCRIPT_KINDS.get(script_kind(data[:PEEK]) or "")
        return None if kind is None else key_of(data, kind)

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = scanner_fingerprint()
        return self._fingerprint

    def _entries(self) -> dict[str, Any]:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    def _load(self) -> dict[str, Any]:
        path = self.path
        if path is None:
            return {}
        try:
            pack = json.loads(read_cache_bytes(path))
        except (OSError, ValueError, RecursionError):
            return {}
        if (not isinstance(pack, dict) or pack.get("format") != FORMAT or pack.get("root") != self.root
                or pack.get("fingerprint") != self.fingerprint() or not isinstance(pack.get("entries"), dict)):
            return {}
        stats = pack.get("stats")
        self._loaded_stats = stats if isinstance(stats, dict) else {}
        return pack["entries"]

    @staticmethod
    def stat_of(path: str) -> os.stat_result | None:
        try:
            return os.stat(path, follow_symlinks=False)
        except (OSError, ValueError):
            return None

    def by_stat(self, rel: str, stat: os.stat_result | None) -> Entry | None:
        """The cached results of a file whose size, modification and change times, inode and device are those
        recorded when its bytes were last hashed, without reading it; None otherwise.

        Why this is safe (git's index and mypy's cache do the same): every write to a file, and every `touch`
        or `utime` that puts an old modification time back, sets its change time (ctime) to the current time,
        which user code cannot choose; a file replaced by another gets another inode. Only stats older than
        the start of the run that recorded them (minus a margin, see `remember`) are kept."""
        if stat is None:
            return None
        entries = self._entries()  # loads the pack (and its stats) on first use
        memo = self._loaded_stats.get(rel)
        if not (isinstance(memo, list) and len(memo) == 6 and memo[:5] == _stat_tuple(stat)):
            return None
        key = memo[5]
        if not isinstance(key, str):
            return None
        raw = self._used.get(key, entries.get(key))
        if raw is None:
            return None
        try:
            entry = _decode(raw, rel)
        except (TypeError, ValueError, IndexError, AttributeError):
            return None
        self._used[key] = raw
        self._stats[rel] = memo
        self.hits += 1
        self.unread += 1
        return entry

    def remember(self, rel: str, stat: os.stat_result | None, key: str) -> None:
        """Record the stat under which a file had these bytes, unless a time in it is recent enough that the
        file could still change within the same clock tick (the "racily clean" case of git's index): such a
        file is simply read and hashed again next time."""
        if stat is None or stat.st_mtime_ns >= self._trusted_before or stat.st_ctime_ns >= self._trusted_before:
            return
        self._stats[rel] = [*_stat_tuple(stat), key]

    def get(self, key: str, rel: str) -> Entry | None:
        """The cached results for this key, stamped with `rel`; None on a miss (or an entry that does not decode)."""
        raw = self._used.get(key)
        if raw is None:
            raw = self._entries().get(key)
        if raw is None:
            self.misses += 1
            return None
        try:
            entry = _decode(raw, rel)
        except (TypeError, ValueError, IndexError, AttributeError):
            self.misses += 1
            return None  # a damaged entry: scanned afresh and replaced
        self._used[key] = raw
        self.hits += 1
        return entry

    def put(self, key: str, rel: str, refs: list[ModelReference], problems: list[Problem]) -> None:
        """Remember a file's results, unless they name the file other than in their `file` fields."""
        raw = _encode(refs, problems, rel)
        if raw is not None:
            self._used[key] = raw
            self._added = True

    def save(self) -> bool:
        """Write the pack when it changed (an entry added or pruned); True when written. Never raises."""
        if (not self._added and self._loaded is not None and self._used.keys() == self._loaded.keys()
                and self._stats == self._loaded_stats):
            return False
        path = self.path
        if path is None:
            return False
        pack = {"format": FORMAT, "root": self.root, "fingerprint": self.fingerprint(), "entries": self._used,
                "stats": self._stats}
        # lazy: start-up (auditor.outfile: only a run that changed the pack writes it)
        from auditor.outfile import OutputError, write_file

        try:
            # whole or not at all, never through a planted link (the project's one atomic writer)
            data = json.dumps(pack, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogateescape")
            write_file(path, data, what="scan cache")
        except (OSError, OutputError, ValueError, TypeError, RecursionError):
            return False
        self._loaded, self._loaded_stats, self._added = dict(self._used), dict(self._stats), False
        return True


def _stat_tuple(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


# Entry layout (JSON): [references, problems], each reference a list of ModelReference's fields in order,
# without `file` and `scope` (both from the path) and with suppressions as [rules, reason, line]; each problem
# [code, message, line, key, fatal]. An empty result is [].
def _encode(refs: list[ModelReference], problems: list[Problem], rel: str) -> list[Any] | None:
    if not refs and not problems:
        return []
    out_refs = []
    for r in refs:
        if r.file != rel or r.scope != "main" or any(s.file != rel for s in r.suppressions):
            return None
        out_refs.append([r.id, r.revision, r.kind, r.line, r.column, r.end_column, r.snippet, r.how, r.purpose,
                         r.cell, r.cell_line, r.via_line,
                         [[list(s.rules), s.reason, s.line] for s in r.suppressions]])
    out_problems = []
    for p in problems:
        if p.file != rel or rel in p.message or (p.key is not None and rel in p.key):
            return None
        out_problems.append([p.code, p.message, p.line, p.key, p.fatal])
    return [out_refs, out_problems]


def _decode(raw: list[Any], rel: str) -> Entry:
    if not raw:
        return [], []
    refs_raw, problems_raw = raw
    refs = [
        ModelReference(id=_str(r[0]), revision=r[1], kind=r[2], file=rel, line=_int(r[3]), column=_int(r[4]),
                       end_column=r[5], snippet=_str(r[6]), how=_str(r[7]), purpose=r[8], cell=r[9],
                       cell_line=r[10], via_line=r[11],
                       suppressions=tuple(Suppression(tuple(map(_str, s[0])), s[1], rel, _int(s[2])) for s in r[12]))
        for r in refs_raw
    ]
    problems = [Problem(_str(p[0]), _str(p[1]), rel, p[2], p[3], bool(p[4])) for p in problems_raw]
    return refs, problems


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("not an integer")
    return value
