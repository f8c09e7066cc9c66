"""List a repository's files the way git sees them, and skip what is never source.

In a git work tree the list comes from git itself (`git ls-files -co --exclude-standard`: tracked files,
even those a .gitignore pattern matches, plus untracked files that are not ignored). Without git, the walk
below honours .gitignore files itself.

Why our own matcher rather than `pathspec`: the semantics we need are small and exactly specified by
gitignore(5), and the package avoids a dependency for one job. Implemented: comments and blank lines,
escaped `\\#`/`\\!` and trailing spaces, negation `!`, directory-only patterns `dir/`, anchoring (a slash
at the start or in the middle makes a pattern relative to the .gitignore's directory, otherwise it
matches at any depth), `*`, `?`, `[...]` classes (with `!`/`^` negation), and `**` (leading `**/`,
trailing `/**`, inner `/**/`). Nested .gitignore files apply below their directory and take precedence
over their parents; within a file, the last matching pattern wins; `.git/info/exclude` is read with the
lowest precedence. As in git, a file inside an ignored directory cannot be re-included: ignored
directories are not entered at all. The user's global excludesFile is not read (CI does not have it).

The user's `exclude` globs use the same syntax, anchored at the scanned root (`tests/`, `*.ipynb`,
`legacy/**/*.py`). Never entered: `.git`, virtual environments (any directory holding `pyvenv.cfg`, and
the usual names), `node_modules`, caches, and notebook checkpoints (duplicates of real notebooks). Nor, below the
root, a folder of installed distributions under another name (one holding a `NAME.dist-info/METADATA`: `pip install
--target package/` for a Lambda bundle, an App Engine `lib/`): it is site-packages by its content, third-party code
that costs a cold scan as much as a site-packages tree (issue 15: ~70x `grep -r` for 5,300 library files) and whose
`from_pretrained("org/x")` docstring examples are not the repository's models. Unlike the others it is not skipped
silently: the walk yields it as a `WalkedFile` with `vendored` set, which the scan reports as a skipped folder, and
`auditor check` on that folder itself scans it (the root is always walked: it is what the user named).
Symbolic links are not followed (they may point outside the repository or form loops).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 2 * 1024 * 1024
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "site-packages", ".eggs", ".cache",
    }
)  # fmt: skip


class _NeverMatches:
    """The regex of a pattern git cannot use (an invalid class): it matches nothing, as git ignores the line."""

    @staticmethod
    def match(_text: str) -> None:
        return None


_NEVER = _NeverMatches()
# The characters a glob's literal start and end stop at: wildcards, classes and escapes (an unclosed `[` is a
# literal, but stopping there only makes the literal shorter, never wrong).
_GLOB_SPECIAL = frozenset("*?[]\\")


@dataclass(frozen=True)
class Pattern:
    """One ignore-file line. Its regexes are compiled on first use, and a path whose text cannot match the glob's
    literal start and end (`prefix`, `suffix`) never asks for them: compiling took ~150 us a line, so a .gitignore
    of 200,000 generated lines (`dir123/**/*.tmp`) cost `check` 40 s before the first file was read, and a file of
    a million lines (20 MB, well under the size bound) would have run for minutes (hostile pass 26)."""

    glob: str  # the line as a glob: negation, directory-only slash and anchoring slash taken off
    anchored: bool
    negate: bool
    dir_only: bool
    source: str  # "path/to/.gitignore:LINE" for debugging and documentation
    prefix: str = ""  # what every matching text starts with (a path below the layer, or a name when not anchored)
    suffix: str = ""  # ... and ends with

    @property
    def regex(self) -> Any:
        """A compiled regex of the whole (layer-relative) path, or a SegmentGlob for globs with many wildcards
        (same .match)."""
        return self._compiled()[0]

    @property
    def name_regex(self) -> Any:
        """A pattern without a slash matches a path's last segment at any depth, and its regex body never matches
        a "/": `^(?:.*/)?body$` on the whole path answers as `^body$` on the last segment. The walk matches that
        segment (the same at every layer), not the path below each layer: on paths thousands of characters deep the
        whole-path regex cost ~55 us a match (hostile pass 21, 2,000 nested .gitignore files: ~60 s). None for
        anchored patterns."""
        return self._compiled()[1]

    def could_match(self, text: str) -> bool:
        """False when `text` cannot match: it does not start with the glob's literal start or end with its end."""
        return text.startswith(self.prefix) and text.endswith(self.suffix)

    def _compiled(self) -> tuple[Any, Any]:
        cached = self.__dict__.get("_regexes")
        if cached is None:
            cached = _compile_glob(self.glob, self.anchored)
            object.__setattr__(self, "_regexes", cached)  # frozen: a cache, not a change of value
        return cached


def _compile_glob(glob: str, anchored: bool) -> tuple[Any, Any]:
    """(whole-path regex, last-segment regex or None) of one glob."""
    body = _translate(glob)
    try:
        compiled: Any = re.compile(f"^{body}$" if anchored else f"^(?:.*/)?{body}$", re.DOTALL)
    except re.error:
        return _NEVER, None if anchored else _NEVER  # git ignores patterns it cannot use; so do we
    name_regex: Any = None if anchored else re.compile(f"^{body}$", re.DOTALL)
    if body.count("[^/]*") + body.count(".*") > _REGEX_WILDCARDS and _segmentable(glob):  # `(?:.*/)?` holds a `.*`
        compiled = SegmentGlob(glob, anchored)
        name_regex = None if anchored else compiled
    return compiled, name_regex


def _literal_ends(glob: str) -> tuple[str, str]:
    """The literal text a glob's matches start and end with: up to its first special character, and after its
    last (the whole glob for a glob without any)."""
    first = next((i for i, c in enumerate(glob) if c in _GLOB_SPECIAL), None)
    if first is None:
        return glob, glob
    last = max(i for i, c in enumerate(glob) if c in _GLOB_SPECIAL)
    return glob[:first], glob[last + 1:]


def _translate(glob: str) -> str:
    """Translate one gitignore glob (without anchoring slash handling) into a regex body."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if glob.startswith("**", i):
                at_start = i == 0 or glob[i - 1] == "/"
                j = i
                while j < n and glob[j] == "*":
                    j += 1
                at_end = j == n or glob[j] == "/"
                if at_start and at_end:
                    if j == n:  # "dir/**" or "**": everything below
                        out.append(".*")
                        i = j
                        continue
                    out.append("(?:.*/)?")  # "**/": zero or more directories
                    i = j + 1
                    continue
                out.append("[^/]*")  # other runs of asterisks are plain asterisks
                i = j
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = _class_end(glob, i)
            if j is None:
                out.append(re.escape(c))  # unclosed: a literal "["
            else:
                body = glob[i + 1 : j]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                body = body.replace("\\", "\\\\").replace("[", "\\[")
                out.append(f"[{'^/' if negate else ''}{body}]" if negate else f"(?!/)[{body}]")
                i = j + 1
                continue
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def parse_patterns(text: str, source: str = "") -> list[Pattern]:
    """Compile the lines of one .gitignore (or a list of exclude globs joined by newlines)."""
    patterns: list[Pattern] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if not line.strip() or line.startswith("#"):
            continue
        # Trailing spaces are ignored unless escaped with a backslash.
        stripped = line.rstrip(" ")
        if stripped.endswith("\\") and len(stripped) < len(line):
            stripped += " "
        line = stripped
        negate = line.startswith("!")
        if negate or line.startswith(("\\!", "\\#")):
            line = line[1:]
        dir_only = line.endswith("/") and not line.endswith("\\/")
        line = line.rstrip("/") if dir_only else line
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        prefix, suffix = _literal_ends(line)
        patterns.append(Pattern(line, anchored, negate, dir_only, f"{source}:{number}", prefix, suffix))
    return patterns


# A glob with more wildcards than this is matched segment by segment (SegmentGlob), not by its regex: the regex of
# `*a*a*a*a*a*a*a*c` backtracks exponentially on a long name of a's (hostile probe p16-cli: --exclude hung `check`,
# and a repository's own .gitignore could do the same to CI). Up to this many the regex's cost stays small.
_REGEX_WILDCARDS = 2


class SegmentGlob:
    """A gitignore glob matched in time linear in each path segment and polynomial in the segments.

    Within one segment (between slashes) every wildcard is `*`, `?` or a one-character class, and the segment's
    extent is fixed by where it starts, so the pieces between stars match at their earliest place (the greedy
    wildcard match, exact for fixed-width pieces); `**` segments match any run of path segments, decided by a
    memoised walk over (pattern segment, path segment) pairs. Same answers as the regex of _translate."""

    def __init__(self, glob: str, anchored: bool) -> None:
        parts = ["**" if len(p) > 1 and not p.strip("*") else p for p in glob.split("/")]  # `***` is `**`
        # consecutive `**` are one `**`; a lone `**` as the whole pattern matches everything
        self.parts: list[str] = [p for i, p in enumerate(parts) if not (p == "**" and i and parts[i - 1] == "**")]
        self.anchored = anchored
        self.pieces = [None if p == "**" else _segment_pieces(p) for p in self.parts]

    def match(self, text: str) -> bool:
        names = text.split("/")
        if not self.anchored:  # a pattern without a slash names the last segment, at any depth
            pieces = self.pieces[0]
            return pieces is None or _segment_match(pieces, names[-1])
        memo: dict[tuple[int, int], bool] = {}

        def walk(i: int, j: int) -> bool:
            key = (i, j)
            if key not in memo:
                memo[key] = _walk_step(self.pieces, names, i, j, walk)
            return memo[key]

        return walk(0, 0)


def _segmentable(glob: str) -> bool:
    """False when a slash is inside a `[...]` class or escaped (`\\/`): the glob's segments are not its slashes."""
    if "\\/" in glob:
        return False
    i = glob.find("[")
    while i != -1:
        end = _class_end(glob, i)
        if end is not None and "/" in glob[i:end]:
            return False
        i = glob.find("[", i + 1)
    return True


def _walk_step(pieces: list[Any], names: list[str], i: int, j: int, walk: Any) -> bool:
    if i == len(pieces):
        return j == len(names)
    if pieces[i] is None:  # `**`: inner or leading, zero or more segments; trailing, one or more
        if i == len(pieces) - 1:
            return j < len(names)
        return any(walk(i + 1, k) for k in range(j, len(names) + 1))
    return j < len(names) and _segment_match(pieces[i], names[j]) and walk(i + 1, j + 1)


def _segment_pieces(segment: str) -> list[list[Any]]:
    """One segment as its pieces between stars, each a list of one-character matchers (a str or a compiled
    class), so that `*a*b` is [[], ['a'], ['b']] (a star between each two)."""
    pieces: list[list[Any]] = [[]]
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        if c == "*":
            while i < n and segment[i] == "*":
                i += 1
            pieces.append([])
            continue
        if c == "?":
            pieces[-1].append(_ANY_CHAR)
        elif c == "[":
            end = _class_end(segment, i)
            if end is None:
                pieces[-1].append("[")
            else:
                pieces[-1].append(re.compile(_translate(segment[i:end + 1]), re.DOTALL))
                i = end + 1
                continue
        elif c == "\\" and i + 1 < n:
            i += 1
            pieces[-1].append(segment[i])
        else:
            pieces[-1].append(c)
        i += 1
    return pieces


_ANY_CHAR = re.compile(r"[^/]", re.DOTALL)


def _class_end(glob: str, i: int) -> int | None:
    """The index of the `]` closing the class opened at `i` (as _translate reads it), or None when unclosed."""
    j, n = i + 1, len(glob)
    if j < n and glob[j] in "!^":
        j += 1
    if j < n and glob[j] == "]":
        j += 1
    while j < n and glob[j] != "]":
        j += 1
    return j if j < n else None


def _piece_at(piece: list[Any], name: str, at: int) -> bool:
    if at + len(piece) > len(name):
        return False
    return all(name[at + k] == m if isinstance(m, str) else m.fullmatch(name[at + k]) is not None
               for k, m in enumerate(piece))


def _segment_match(pieces: list[list[Any]], name: str) -> bool:
    """Whether one segment's pieces (stars between them) match `name` whole: greedy, earliest place each."""
    first, *rest = pieces
    if not rest:
        return len(first) == len(name) and _piece_at(first, name, 0)
    if not _piece_at(first, name, 0):
        return False
    at, last = len(first), rest[-1]
    for piece in rest[:-1]:
        found = next((k for k in range(at, len(name) - len(piece) + 1) if _piece_at(piece, name, k)), None)
        if found is None:
            return False
        at = found + len(piece)
    return len(name) - len(last) >= at and _piece_at(last, name, len(name) - len(last))


@dataclass(frozen=True)
class _Layer:
    base: str  # directory of the .gitignore, relative to the root, "" for the root
    patterns: tuple[Pattern, ...]


def _ignored(rel: str, is_dir: bool, layers: Sequence[_Layer]) -> bool | None:
    """True/False when some pattern decides `rel` (root-relative posix path), None when none matches."""
    decision: bool | None = None
    name = rel.rpartition("/")[2]
    for layer in layers:  # outermost first: deeper files override their parents
        if layer.base:
            if not rel.startswith(layer.base + "/"):
                continue
            local = None  # cut only when an anchored pattern needs it
        else:
            local = rel
        for pattern in layer.patterns:
            if pattern.dir_only and not is_dir:
                continue
            if not pattern.anchored:
                if pattern.could_match(name) and pattern.name_regex.match(name):
                    decision = not pattern.negate
                continue
            if local is None:
                local = rel[len(layer.base) + 1:]
            if pattern.could_match(local) and pattern.regex.match(local):
                decision = not pattern.negate
    return decision


@dataclass(frozen=True)
class WalkedFile:
    path: Path
    rel: str  # posix, relative to the root
    size: int
    unreadable: str | None = None  # a directory that could not be listed, a file not examined: why (unknown)
    ignore_file: bool = False  # `unreadable` is an ignore file whose patterns were not applied (it holds no refs)
    vendored: str | None = None  # a folder of installed distributions not entered: the dist-info that says so


# The file every installed distribution's metadata folder holds (wheel spec, core metadata): with it, a `*.dist-info`
# folder is an install, not a source file that happens to end so.
DIST_METADATA = "METADATA"


def _installed(folder: Path, entries: Sequence[os.DirEntry[str]]) -> str | None:
    """The name of the first `*.dist-info` folder holding METADATA among `folder`'s (sorted) entries, else None:
    `folder` then holds installed distributions (site-packages by content). One stat per such entry, none else."""
    for entry in entries:
        if entry.name.endswith(".dist-info") and _is_file(folder / entry.name / DIST_METADATA):
            return entry.name
    return None


def _vendored_note(root: Path, rel: str, dist_info: str) -> WalkedFile:
    return WalkedFile(root / rel, f"{rel}/", 0, vendored=dist_info)


def walk_repository(
    root: Path, *, exclude: Sequence[str] = (), include_gitignored: bool = False, use_git: bool = True
) -> Iterator[WalkedFile]:
    """Yield the files of `root` in sorted order, without ignored, excluded or never-source paths.

    In a git work tree the list is git's own: `git ls-files -co --exclude-standard` (every tracked file, even
    one a .gitignore pattern matches, plus untracked files that are not ignored). Elsewhere (no git, not a
    repository, git refusing the directory) the files are walked with the .gitignore matcher below.
    """
    root = Path(root)
    excludes = parse_patterns("\n".join(exclude), "--exclude")
    if use_git and not include_gitignored:
        listed, unopened, unread = _git_listing(root)
        # An empty list from git means the folder itself is ignored (or empty): walk it instead of scanning nothing.
        if listed:
            yield from _from_list(root, listed, excludes)
            for rel, why in unopened:  # git went on past a folder it could not open: its files are unknown
                if not (excludes and _ignored(rel.rstrip("/"), True, [_Layer("", tuple(excludes))])):
                    yield WalkedFile(root / rel, rel, 0, f"a folder that cannot be listed ({why})")
            for rel, why in unread:  # git read an ignore file it could not open as empty: say so
                yield _unread_ignore(root / rel, rel, why)
            return
    base_layers: list[_Layer] = []
    if not include_gitignored:
        for path, source, above in _ignore_files_above(root):
            layer, unread_file = _ignore_layer(path, source, "")
            if unread_file is not None:
                yield unread_file
            # One above the folder is read but not applied: the folder was named to be checked, and a pattern of a
            # work tree around it (a home folder's dotfiles repository ignoring `*`) must never empty it, as when
            # git lists nothing for a folder it ignores; one that cannot be read leaves the check unknown all the same
            if layer is not None and not above:
                base_layers.append(layer)
    yield from _walk(root, "", base_layers, excludes, include_gitignored)


def _ignore_files_above(root: Path) -> list[tuple[Path, str, str]]:
    """The ignore files that govern `root` from its work tree, lowest precedence first, each with its name from
    `root` and the path from its folder down to `root`: the work tree's .git/info/exclude, then the .gitignore of
    the top folder and of every folder between it and `root` (git reads them all for a subfolder)."""
    folders = _folders_above(root)
    if not folders:
        exclude = _exclude_file(root)
        return [(exclude, os.path.relpath(exclude, root) if exclude.is_absolute() else ".git/info/exclude", "")]
    up = "../" * folders[0][1].count("/") + "../"
    exclude = _exclude_file(folders[0][0])
    out = [(exclude, os.path.relpath(exclude, root) if exclude.is_absolute() else up + ".git/info/exclude",
            folders[0][1])]
    for folder, down in folders:
        out.append((folder / ".gitignore", "../" * (down.count("/") + 1) + ".gitignore", down))
    return out


def _exclude_file(top: Path) -> Path:
    """The info/exclude git reads for the work tree at `top`: top/.git/info/exclude, or, in a linked work tree
    (`.git` a file saying `gitdir: ...`), the one in the repository's common folder (absolute). Read without git,
    which may be the one blocking on it; a `.git` that is no small regular file is left as it is."""
    dotgit = top / ".git"
    default = dotgit / "info" / "exclude"
    try:
        if not stat.S_ISREG(os.stat(dotgit).st_mode) or os.stat(dotgit).st_size > 4096:
            return default
        line = dotgit.read_text(encoding="utf-8", errors="replace").strip()
        if not line.startswith("gitdir:"):
            return default
        gitdir = Path(line[len("gitdir:"):].strip())
        gitdir = gitdir if gitdir.is_absolute() else top / gitdir
        commondir = gitdir / "commondir"
        if stat.S_ISREG(os.stat(commondir).st_mode) and os.stat(commondir).st_size <= 4096:
            common = Path(commondir.read_text(encoding="utf-8", errors="replace").strip())
            gitdir = common if common.is_absolute() else gitdir / common
    except (OSError, ValueError):
        return default
    return Path(os.path.abspath(gitdir / "info" / "exclude"))


def _folders_above(root: Path) -> list[tuple[Path, str]]:
    """The folders from the top of the git work tree holding `root` down to its parent, each with the path from
    it down to `root`; empty when `root` is the top (or lies in no work tree: no `.git` on the way up)."""
    try:
        here = root.resolve()
    except (OSError, RuntimeError, ValueError):
        return []
    if os.path.lexists(here / ".git"):
        return []
    chain: list[tuple[Path, str]] = []
    for folder in here.parents:
        chain.append((folder, here.relative_to(folder).as_posix()))
        if os.path.lexists(folder / ".git"):
            return chain[::-1]
    return []


def _unread_ignore(path: Path, rel: str, why: str) -> WalkedFile:
    """An ignore file that cannot be read leaves the scan unknown: its patterns were not applied, so files the
    user excluded were scanned as if they were meant (and the user's intent is unknown, never guessed)."""
    return WalkedFile(path, rel, 0, f"an ignore file that cannot be read ({why}): its patterns were not applied",
                      ignore_file=True)


def _ignore_layer(path: Path, source: str, rel_dir: str) -> tuple[_Layer | None, WalkedFile | None]:
    """One ignore file read for the walk: its patterns (None when there is no such file), and why it could not be
    read (None when it was). A FIFO is never opened: reading it could block forever."""
    if _special(os.fspath(path)):
        return None, _unread_ignore(path, source, "not a regular file")
    if not _is_file(path):
        return None, None
    text, why = _read(path)
    return _Layer(rel_dir, tuple(parse_patterns(text, source))), None if why is None else _unread_ignore(
        path, source, why)


def git_files(root: Path) -> list[str] | None:
    """Paths (relative to root, posix) git lists for `root`, or None when git cannot answer for it."""
    return _git_listing(root)[0]


# git warns and goes on (exit 0) past a folder it cannot open while looking for untracked files
_UNOPENED = re.compile(r"^warning: could not open directory '(.+)': (.+)$", re.MULTILINE)
# ... and reads an ignore file it cannot open (.gitignore, .git/info/exclude) as empty, with a warning
_UNREAD = re.compile(r"^warning: unable to access '(.+)': (.+)$", re.MULTILINE)


def _git_listing(root: Path) -> tuple[list[str] | None, list[tuple[str, str]], list[tuple[str, str]]]:
    """git's list for `root`, the folders (root-relative, ending in "/") it could not open, and the ignore files
    (root-relative) it could not read, each with why.

    Why the second part: `git ls-files -o` skips an unreadable folder with a warning on stderr and exit 0, so
    the untracked files in it would be missing from the scan without a word; the scan reports each such
    folder as unexamined instead (the check is then incomplete, never a pass on a repository not read). The
    third likewise: an ignore file git could not read was applied as empty, without a word."""
    out = _git_answer(["git", "-C", str(root), "ls-files", "-co", "--exclude-standard", "-z", "--", "."], root)
    if out is None or out.returncode != 0:
        return None, [], []
    stdout, stderr = out.stdout, out.stderr
    names = stdout.decode("utf-8", "surrogateescape").split("\0")
    err = stderr.decode("utf-8", "surrogateescape")
    warned = _UNOPENED.findall(err)
    # Absolute names are the user's own (~/.config/git/ignore), outside the repository: not the check's business.
    # A .gitignore that is a symbolic link git never follows, by design (git 2.32+: "Too many levels of symbolic
    # links"): the list is git's own answer for the repository, so nothing is unknown (review 25, finding 10).
    # A linked work tree (`git worktree add`) names the repository's own info/exclude by its absolute path.
    found = _UNREAD.findall(err)
    unread = [(name, why) for name, why in found if not name.startswith("/") and not _git_skips_link(root, name)]
    shared = [(os.path.relpath(name, root), why) for name, why in found
              if name.startswith("/") and _is_shared_exclude(root, name)]
    return (sorted({n for n in names if n}), _below_root(root, warned) if warned else [],
            [(rel.rstrip("/"), why) for rel, why in _below_root(root, unread, top=True)] + shared
            if unread or shared else [])


def _is_shared_exclude(root: Path, name: str) -> bool:
    """Whether git's absolute `name` is the info/exclude of the repository `root` belongs to (its common folder,
    shared by linked work trees), not the user's own ignore file."""
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--git-common-dir"], capture_output=True,
                             check=False, timeout=60).stdout.decode("utf-8", "surrogateescape").strip()
    except (OSError, subprocess.SubprocessError):
        return False
    if not out:
        return False
    common = Path(out) if os.path.isabs(out) else Path(root) / out
    return os.path.realpath(common / "info" / "exclude") == os.path.realpath(name)


def _git_skips_link(root: Path, name: str) -> bool:
    """Whether git's unreadable `name` (from the top of the work tree) is a .gitignore that is a symbolic link."""
    if name.rsplit("/", 1)[-1] != ".gitignore":
        return False
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                             check=False, timeout=60).stdout.decode("utf-8", "surrogateescape").strip()
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(top) and os.path.islink(os.path.join(top, name))


def _git_answer(argv: list[str], root: Path) -> subprocess.CompletedProcess[bytes] | None:
    """git's answer within 120 s, None when there is none. git opens every .gitignore it meets and waits forever
    on one that is a FIFO: when git has not answered in two seconds, the tree is searched for an ignore file that
    is no regular file, and git is not asked again when there is one (the walk below, which says so, takes
    over). A quick git pays nothing for the search; a slow one is asked twice."""
    for limit in (2, 118):
        try:
            return subprocess.run(argv, capture_output=True, check=False, timeout=limit, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            if _special_ignore_file(root):
                return None
        except (OSError, subprocess.SubprocessError):
            return None
    return None


def _special_ignore_file(root: Path) -> bool:
    """Whether an ignore file git reads for `root` (under it, or above it up to the top of the work tree) is a
    FIFO, a socket or a device (git would block reading it)."""
    stack = [os.fspath(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != ".git":
                            stack.append(entry.path)
                    elif entry.name == ".gitignore" and _special(entry.path):
                        return True
        except OSError:
            continue
    return any(_special(os.fspath(path)) for path, _, _ in _ignore_files_above(root))


def _special(path: str) -> bool:
    """A FIFO, a socket or a device at `path` (following links): opening it for reading may never return."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _below_root(root: Path, warned: list[tuple[str, str]], *, top: bool = False) -> list[tuple[str, str]]:
    """git names folders from the top of its work tree: keep those under `root`, relative to it (`top`: and
    those at the top of the work tree, which apply to `root` too)."""
    try:
        prefix = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-prefix"], capture_output=True,
                                check=False, timeout=60).stdout.decode("utf-8", "surrogateescape").strip()
    except (OSError, subprocess.SubprocessError):
        prefix = ""
    out = []
    for folder, why in warned:
        if top and prefix and _applies_from_above(folder, prefix):  # an ignore file above `root` that governs it
            out.append((posixpath.relpath(folder, prefix), why))
        elif folder.startswith(prefix) and folder != prefix:
            rel = folder[len(prefix):]
            out.append((rel if rel.endswith("/") else rel + "/", why))
    return sorted(set(out))


def _applies_from_above(name: str, prefix: str) -> bool:
    """Whether git's ignore file `name` (from the top of the work tree) lies above the folder at `prefix` and
    governs it: the work tree's .git/info/exclude, or a .gitignore in the top folder or any folder between the
    top and `prefix` (a/.gitignore for a/b/), never one beside or below."""
    if name.startswith(prefix):
        return False
    folder = name.rpartition("/")[0]
    return name == ".git/info/exclude" or not folder or prefix.startswith(folder + "/")


def _from_list(root: Path, names: Sequence[str], excludes: list[Pattern]) -> Iterator[WalkedFile]:
    """The listed files that exist as regular files, minus excludes and never-source directories."""
    venv_dirs: dict[str, bool] = {}
    exclude_layer = [_Layer("", tuple(excludes))] if excludes else []
    installs = _listed_installs(names)

    def skipped_dir(rel_dir: str) -> bool:
        if rel_dir not in venv_dirs:
            name = rel_dir.rsplit("/", 1)[-1]
            venv_dirs[rel_dir] = name in SKIP_DIRS or _is_file(root / rel_dir / "pyvenv.cfg") or bool(
                exclude_layer and _ignored(rel_dir, True, exclude_layer)
            ) or rel_dir in installs
        return venv_dirs[rel_dir]

    noted: set[str] = set()
    for rel in names:
        parts = rel.split("/")
        skipped = next((i for i in range(len(parts) - 1) if skipped_dir("/".join(parts[: i + 1]))), None)
        if skipped is not None:
            folder = "/".join(parts[: skipped + 1])
            if folder in installs and folder not in noted:
                noted.add(folder)
                yield _vendored_note(root, folder, installs[folder])
            continue
        if exclude_layer and _ignored(rel, False, exclude_layer):
            continue
        path = root / rel
        try:
            st = path.lstat()
        except FileNotFoundError:
            continue  # tracked but deleted in the work tree
        except OSError as exc:  # a folder on the way that cannot be searched: unknown, not absent
            yield WalkedFile(path, rel, 0, f"a file that cannot be examined ({exc.strerror})")
            continue
        if not stat.S_ISREG(st.st_mode):
            continue  # symbolic links, submodules
        yield WalkedFile(path, rel, st.st_size)


def _listed_installs(names: Sequence[str]) -> dict[str, str]:
    """The folders (below the root) of a file list that hold installed distributions: {folder: its first
    `NAME.dist-info`}, from listed `folder/NAME.dist-info/METADATA` files (the list is git's: sorted)."""
    out: dict[str, str] = {}
    for rel in names:
        if not rel.endswith("/" + DIST_METADATA) or ".dist-info/" not in rel:
            continue
        parts = rel.split("/")
        if len(parts) >= 3 and parts[-2].endswith(".dist-info"):
            out.setdefault("/".join(parts[:-2]), parts[-2])
    return out


def _is_file(path: Path) -> bool:
    """Path.is_file, False where the answer is refused (a folder without search permission raises)."""
    try:
        return path.is_file()
    except OSError:
        return False


# git refuses a pattern file larger than this (dir.c PATTERN_MAX_FILE_SIZE, "ignoring excessively large pattern
# file"); read whole, a 2 GB sparse .gitignore took 4 GB of memory before the walk went on (hostile pass 21).
MAX_IGNORE_BYTES = 100 * 1024 * 1024
# No path a walk meets is this long, so a longer pattern could only be compiled (a 50 MB line: a 50 MB regex),
# never matched usefully; such a file is said, not applied.
MAX_PATTERN_CHARS = 65_536


def _read(path: Path) -> tuple[str, str | None]:
    """An ignore file's text, and why it could not be read (None when it was): read as empty, but said. Bounded:
    a file larger than MAX_IGNORE_BYTES is not read, and one growing past it while read is cut there and said."""
    too_large = f"larger than {MAX_IGNORE_BYTES // (1024 * 1024)} MiB, which git refuses too"
    try:
        with path.open("rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_IGNORE_BYTES:
                return "", too_large
            data = fh.read(MAX_IGNORE_BYTES + 1)
    except OSError as exc:
        return "", exc.strerror or "the operating system refused"
    if len(data) > MAX_IGNORE_BYTES:
        return "", too_large
    text = data.decode("utf-8", errors="replace")
    longest = max((len(line) for line in text.splitlines() if not line.startswith("#")), default=0)
    if longest > MAX_PATTERN_CHARS:
        return "", f"a line of {longest:,} characters, longer than any path it could match ({MAX_PATTERN_CHARS:,})"
    return text, None


@dataclass(frozen=True)
class _Descend:
    """A folder for _walk to list next, with the ignore layers that govern it."""

    rel: str
    layers: list[_Layer]




def _walk(
    root: Path, rel_dir: str, layers: list[_Layer], excludes: list[Pattern], include_gitignored: bool
) -> Iterator[WalkedFile]:
    """Depth first, each folder's entries in name order, with a stack of folders being listed rather than one
    Python frame per level: a repository 1,000 folders deep (or 2,000 nested .gitignore files) ran past the
    interpreter's recursion limit, an internal error that lost every model of the check (hostile pass 21)."""
    stack = [_folder(root, rel_dir, layers, excludes, include_gitignored)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, _Descend):
            stack.append(_folder(root, item.rel, item.layers, excludes, include_gitignored))
        else:
            yield item


def _folder(
    root: Path, rel_dir: str, layers: list[_Layer], excludes: list[Pattern], include_gitignored: bool
) -> Iterator[WalkedFile | _Descend]:
    """One folder's files, and a _Descend for each of its folders to walk (in name order)."""
    directory = root / rel_dir if rel_dir else root
    if not include_gitignored:
        layer, unread_file = _ignore_layer(directory / ".gitignore", f"{rel_dir}/.gitignore" if rel_dir
                                           else ".gitignore", rel_dir)
        if unread_file is not None:
            yield unread_file
        if layer is not None:
            layers = [*layers, layer]
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:  # its files are unknown, not absent: the scan says so
        yield WalkedFile(directory, f"{rel_dir or '.'}/", 0, f"a folder that cannot be listed ({exc.strerror})")
        return
    if rel_dir and (dist_info := _installed(directory, entries)) is not None:
        yield _vendored_note(root, rel_dir, dist_info)
        return
    for entry in entries:
        rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
        if entry.is_symlink():
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError as exc:  # a folder listed but not searchable (r without x): unknown, not absent
            yield WalkedFile(Path(entry.path), rel, 0, f"an entry that cannot be examined ({exc.strerror})")
            continue
        if excludes and _ignored(rel, is_dir, [_Layer("", tuple(excludes))]):
            continue
        if not include_gitignored and _ignored(rel, is_dir, layers):
            continue
        if is_dir:
            if entry.name in SKIP_DIRS or _is_file(Path(entry.path) / "pyvenv.cfg"):
                continue
            yield _Descend(rel, layers)
        elif entry.is_file(follow_symlinks=False):
            try:
                size = entry.stat(follow_symlinks=False).st_size
            except OSError as exc:  # its folder can be listed but not searched (r without x)
                yield WalkedFile(Path(entry.path), rel, 0, f"a file that cannot be examined ({exc.strerror})")
                continue
            yield WalkedFile(Path(entry.path), rel, size)
