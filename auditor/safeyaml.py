"""Loading YAML we do not trust (model cards, policies, manifests) without surprises.

`yaml.safe_load` never builds arbitrary objects, but it still expands aliases: a "billion laughs" card
becomes a structure that is tiny in memory yet explodes when serialised or walked. We refuse documents
that are too large or use too many aliases before building anything, and turn every parser error into
one sentence with the file and line.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditor import parsedcache
from auditor.lazyre import lazy_compile
from auditor.textsafe import not_utf8_reason, wide_encoding

if TYPE_CHECKING:
    import yaml

MAX_YAML_BYTES = 1_000_000
MAX_EXPANDED_NODES = 200_000
MAX_ALIASES = 1_000  # for callers that walk YAML events themselves (the repository scanner)


def _yaml() -> Any:
    """PyYAML, imported on first use: the shipped files are usually served by auditor.parsedcache instead."""
    # lazy: heavy (yaml)
    import yaml

    return yaml


def _loader() -> type:
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both are safe; libyaml is ~10x faster


def __getattr__(name: str) -> Any:
    # YAML_LOADER for other modules (libyaml bounds flow nesting (1,000) and parses deep input in linear
    # time), resolved on first access so that importing this module does not import yaml.
    if name == "YAML_LOADER":
        return _loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The key a block-mapping line starts with (`  fail_on: ...`, `- id: ...`): bounded, one pass, no backtracking.
_LINE_KEY = lazy_compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z0-9_.\-]{1,100})[ \t]*:(?:[ \t]|$)")


def _key_on_line(text: str, index: int) -> str | None:
    """The key written at the start of line `index` (0-based) of `text`, so that an error on a value (a Python tag,
    a bad scalar) names the key as well as the line; None when the line starts with no plain key."""
    start = 0
    for _ in range(index):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    found = _LINE_KEY.match(text[start:end if end != -1 else len(text)][:300])
    return found.group(1) if found else None


@dataclass(frozen=True)
class YamlError(Exception):
    """A YAML document we will not use; `line` is 1-based within the file when known."""

    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.file, self.line) if x is not None)
        return f"{where}: {self.message}" if where else self.message


def load_yaml(text: str, *, file: str | None = None, line_offset: int = 0,
              duplicate_keys: str | list[tuple[str, int, int]] = "ignore") -> Any:
    """Parse one YAML document safely; raise YamlError with file and line on any problem.

    `line_offset` is added to reported lines, for YAML embedded in a larger file (card front matter).
    A key written twice in one mapping silently keeps the last value in PyYAML; `duplicate_keys="error"`
    refuses such a document (policies: the reader must see what applies), and a list collects
    (dotted key, first line, second line) for the caller to report (cards).

    The files auditor ships (rules/, policies/) are parsed once per installation: auditor.parsedcache keeps
    the result, keyed by the text itself.
    """
    digest = parsedcache.register(text, file) if line_offset == 0 and isinstance(duplicate_keys, str) else None
    kind = f"load:{duplicate_keys}"
    value = parsedcache.get(digest, kind)
    if value is parsedcache.MISS:
        value = _parse(text, file, line_offset, duplicate_keys)
        parsedcache.put(digest, kind, value)
    return value


def _parse(text: str, file: str | None, line_offset: int, duplicate_keys: str | list[tuple[str, int, int]]) -> Any:
    yaml = _yaml()
    if len(text.encode("utf-8", "replace")) > MAX_YAML_BYTES:
        raise YamlError(f"YAML document is larger than {MAX_YAML_BYTES} bytes; refusing to parse it", file)
    try:
        # One pass: compose the node graph (aliases stay shared references), measure what it would expand
        # to, and only then construct Python objects from the same nodes. libyaml's loader when present.
        loader = _loader()(text)
        try:
            node = loader.get_single_node()
            if node is not None and _expanded_size(node) > MAX_EXPANDED_NODES:
                raise YamlError(
                    f"YAML expands to more than {MAX_EXPANDED_NODES} values through aliases (a YAML bomb); "
                    "refusing to expand it", file, node.start_mark.line + 1 + line_offset)
            if node is not None and duplicate_keys != "ignore":
                found = _duplicate_keys(node, line_offset)
                if found and duplicate_keys == "error":
                    key, first, second = found[0]
                    raise YamlError(f"key `{key}` is written twice (lines {first} and {second}); only one value "
                                    "can apply", file, second)
                if isinstance(duplicate_keys, list):
                    duplicate_keys.extend(found)
            return loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        key = _key_on_line(text, mark.line) if mark is not None else None
        raise YamlError(f"invalid YAML{f' under key `{key}`' if key else ''}: {what}", file, line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (NUL, other controls): say which and where
        line = text[: exc.position].count("\n") + 1 + line_offset if isinstance(exc.position, int) else None
        raise YamlError(f"invalid YAML: character {_char_name(exc.character)} is not allowed ({exc.reason})",
                        file, line) from None
    except yaml.YAMLError as exc:
        raise YamlError("invalid YAML: " + " ".join(str(exc).split()), file) from None
    except RecursionError:
        raise YamlError("YAML is nested too deeply", file) from None
    except (ValueError, OverflowError) as exc:  # e.g. a date such as 2027-02-30 that the resolver rejects
        where = _bad_scalar(text)
        if where is not None:
            key, value, line = where
            raise YamlError(f"invalid value {value[:40]!r} under key `{key}`: {_int_limit_reason(exc)}", file,
                            line + line_offset) from None
        raise YamlError(f"invalid value in YAML: {_int_limit_reason(exc)}", file) from None


def _bad_scalar(text: str) -> tuple[str, str, int] | None:
    """(dotted key, value, 1-based line) of the first scalar that cannot be constructed (an impossible
    date such as 2027-02-30), so the error names the line and key instead of only the reason."""
    yaml = _yaml()
    try:
        root = yaml.compose(text, Loader=_loader())
    except (yaml.YAMLError, RecursionError):
        return None
    constructor = yaml.SafeLoader("")
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", 0)] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, path, depth = stack.pop(0)
        if id(node) in seen or depth > 200:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return path or "(document)", str(node.value), node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append((k, path, depth + 1))
                stack.append((v, f"{path}.{k.value}" if path else str(k.value), depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(node.value))
    return None


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document has once every alias is expanded (memoised per node, so a bomb's
    exponential size is computed in linear time without building it)."""
    yaml = _yaml()
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int = 0) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if depth > 200:
            raise RecursionError
        sizes[key] = MAX_EXPANDED_NODES + 1  # a node that contains itself counts as too large
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                total += size(v, depth + 1)
        sizes[key] = min(total, MAX_EXPANDED_NODES + 1)
        return sizes[key]

    return size(root)


def _duplicate_keys(root: yaml.Node, line_offset: int) -> list[tuple[str, int, int]]:
    yaml = _yaml()
    found: list[tuple[str, int, int]] = []
    seen_nodes: set[int] = set()

    def walk(node: yaml.Node, path: str) -> None:
        if id(node) in seen_nodes:  # aliases: each node once
            return
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for k, v in node.value:
                key = str(k.value)
                line = k.start_mark.line + 1 + line_offset
                dotted = f"{path}.{key}" if path else key
                if key in first and k.tag != "tag:yaml.org,2002:merge":
                    found.append((dotted, first[key], line))
                first.setdefault(key, line)
                walk(v, dotted)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, f"{path}[{i}]")

    walk(root, "")
    return found


def key_lines(text: str, *, line_offset: int = 0) -> dict[tuple[str, ...], int]:
    """Map each mapping key path (as a tuple) to its 1-based line, for error messages that name lines.

    Sequence items appear as their index rendered as a string, so ("waivers", "0", "expires") works.
    Returns an empty map when the text does not compose (the caller has already reported that). For the
    text of a shipped file (see load_yaml) the map comes from auditor.parsedcache when it can.
    """
    digest = parsedcache.digest_of(text)
    kind = f"lines2:{line_offset}"  # lines2: keys YAML reads as booleans, null or numbers are named as the data
    stored = parsedcache.get(digest, kind)
    if stored is not parsedcache.MISS:
        return {tuple(path): line for path, line in stored}
    lines = _key_lines(text, line_offset)
    parsedcache.put(digest, kind, [[list(path), line] for path, line in lines.items()])
    return lines


def _key_lines(text: str, line_offset: int) -> dict[tuple[str, ...], int]:
    yaml = _yaml()
    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[str, ...], int] = {}
    constructor = yaml.SafeLoader("")

    def walk(n: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = _key_text(k, constructor)
                lines[(*path, key)] = k.start_mark.line + 1 + line_offset
                walk(v, (*path, key))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                lines[(*path, str(i))] = v.start_mark.line + 1 + line_offset
                walk(v, (*path, str(i)))

    if node is not None:
        lines[()] = node.start_mark.line + 1 + line_offset
        walk(node, ())
    return lines


def _key_text(node: Any, constructor: Any) -> str:
    """A mapping key as the loaded data names it once made text (`str(key)`): YAML 1.1 reads an unquoted `off:`
    as False, `~:` as None and `0x10:` as 16, so the line map keyed by the written `off` would never find the key
    the policy check names (`False`), and the error fell back to the parent's line. Plain text keys stay as written."""
    value = node.value
    if not isinstance(value, str) or node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:merge"):
        return str(value)
    try:
        return str(constructor.construct_object(node, deep=True))
    except (_yaml().YAMLError, ValueError, OverflowError, TypeError):  # a scalar it refuses (2027-02-30): as written
        return value


# Bounded reads of files we do not trust: regular files only, a size limit, strict UTF-8, a depth limit.
# A lock that is a symlink to /dev/zero, a `--catalog` that is a FIFO or a 100,000-deep JSON array must end
# in one sentence, never in a hang, a memory blow-up or a RecursionError.

MAX_DEPTH = 100  # nesting levels of JSON / TOML values we accept (real documents stay under 15)


class FileReadError(OSError):
    """A file we will not read; an OSError whose strerror is the reason, so `except OSError` handlers that
    print `exc.strerror` report it as one sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(22, reason)  # EINVAL


def read_bytes_bounded(path: Any, *, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FileReadError (an OSError) otherwise.

    Opened non-blocking so that a FIFO is refused instead of waiting forever for a writer; checked with
    fstat on the open descriptor, so a swap between the check and the read changes nothing.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO" if stat.S_ISFIFO(info.st_mode)
                    else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
            raise FileReadError(f"it is {kind}, not a regular file")
        if info.st_size > max_bytes:
            raise FileReadError(f"it is larger than {max_bytes:,} bytes")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise FileReadError(f"it is larger than {max_bytes:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text_bounded(path: Any, *, max_bytes: int) -> str:
    """read_bytes_bounded decoded as strict UTF-8; a FileReadError names the line of a bad byte."""
    return decode_utf8(read_bytes_bounded(path, max_bytes=max_bytes))


def decode_utf8(raw: bytes) -> str:
    """`raw` as strict UTF-8 text; a FileReadError says why not (UTF-16 or UTF-32 named, else the bad line)."""
    if wide_encoding(raw):
        raise FileReadError(not_utf8_reason(raw))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileReadError(not_utf8_reason(raw, exc.start)) from None


class DepthError(ValueError):
    """A value nested deeper than we walk (str() is one sentence)."""


def check_depth(value: Any, max_depth: int = MAX_DEPTH) -> Any:
    """`value` itself, once checked (without recursion) to nest at most `max_depth` containers deep."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, (list, tuple)):
            children = node
        else:
            continue
        if depth > max_depth:
            raise DepthError(f"values are nested more than {max_depth} levels deep")
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list, tuple)))
    return value


# Python refuses to turn more than 4,300 digits into an int (CVE-2020-10735) with a plain ValueError, which
# every JSON, TOML and YAML reader would otherwise let through as a crash: such a number is a parse error.
MAX_INT_DIGITS = 4300


class _HugeNumber(ValueError):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-+")) > MAX_INT_DIGITS:
        raise _HugeNumber(digits)
    return int(digits)


def huge_number_message(count: int) -> str:
    return f"a number has {count:,} digits, more than the {MAX_INT_DIGITS:,} read"


class _Ambiguous(ValueError):
    """A JSON object naming one key twice, or NaN/Infinity, in a file auditor itself writes (strict)."""

    def __init__(self, message: str, needle: str) -> None:
        super().__init__(message)
        self.message, self.needle = message, needle


class AmbiguousJSON(json.JSONDecodeError):
    """Valid JSON to Python's parser that does not say one thing: a key twice in one object, or NaN/Infinity."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object_pairs_hook: the mapping, unless a key comes twice. json.loads keeps the last value of a
    repeated key, so `{"license": "cc-by-nc-4.0", "license": "mit"}` reads as MIT while another reader (or a
    reviewer) sees the first: which one the file means is not established."""
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Ambiguous(f"the key {key[:80]!r} is given twice in one object", json.dumps(key))
            seen.add(key)
    return value


def _no_constant(name: str) -> Any:
    raise _Ambiguous(f"{name} is not a JSON number", name)


BOM_WORDS = "it starts with a byte-order mark (U+FEFF), which JSON does not allow; save it as UTF-8 without one"


def loads_json(text: str | bytes, max_depth: int | None = MAX_DEPTH, *, strict: bool = False) -> Any:
    """json.loads with the depth bounded: DepthError for deep nesting (json.JSONDecodeError as usual, also
    for an integer too long to convert).

    `max_depth=None` only turns the parser's RecursionError into DepthError; the caller then checks the
    values it uses with check_depth (a catalog of 300 records is not walked whole on every run).
    `strict` (the files auditor writes: locks, catalogs) also refuses, as a JSONDecodeError at the place, a key
    given twice in one object and NaN or Infinity, which auditor's writers never write (a record's non-finite
    floats become strings: textsafe.finite_floats): such a file was edited by hand or by something else, and
    which of two values it means is not established.
    """
    extra: dict[str, Any] = {"object_pairs_hook": _unique_pairs, "parse_constant": _no_constant} if strict else {}
    try:
        value = json.loads(text, parse_int=_parse_int, **extra)
    except RecursionError:
        raise DepthError(f"values are nested more than {max_depth or MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unexpected UTF-8 BOM"):
            # Python's own words end "(decode using utf-8-sig)", advice to a programmer; the reader of the sentence
            # is whoever saved the file (a Windows editor, PowerShell's Out-File), and JSON readers do refuse it
            raise json.JSONDecodeError(BOM_WORDS, exc.doc, exc.pos) from None
        raise
    except (_HugeNumber, _Ambiguous) as exc:
        doc = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        if isinstance(exc, _HugeNumber):
            message, pos = huge_number_message(len(exc.digits)), max(doc.find(exc.digits), 0)
        else:  # the second time the key is named (or the constant's place): close enough to find the line
            first = doc.find(exc.needle)
            pos = max(doc.find(exc.needle, first + 1) if exc.needle.startswith('"') else first, first, 0)
            message = exc.message
        raise (json.JSONDecodeError if isinstance(exc, _HugeNumber) else AmbiguousJSON)(message, doc, pos) from None
    return check_depth(value, max_depth) if max_depth is not None else value


def loads_toml(text: str, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """tomllib.loads with the depth bounded: DepthError for deep nesting (TOMLDecodeError as usual, also for
    an integer too long to convert, which tomllib lets out as a bare ValueError)."""
    # lazy: start-up (tomllib: only TOML readers need it)
    import tomllib

    try:
        value = tomllib.loads(text)
    except RecursionError:
        raise DepthError(f"values are nested more than {max_depth} levels deep") from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise tomllib.TOMLDecodeError(f"invalid TOML: {_int_limit_reason(exc)}") from None
    return check_depth(value, max_depth)


def _int_limit_reason(exc: ValueError) -> str:
    """One sentence for a scalar YAML cannot construct, in our words where the interpreter's own text names its
    internals: the integer-length refusal names a sys function, a time zone of +25:00 `datetime.timedelta(...)`."""

    text = str(exc)
    found = re.search(r"value has (\d+) digits", text)
    if found:
        return huge_number_message(int(found.group(1)))
    if "timedelta" in text or "datetime." in text:
        return "its time zone offset is not between -24:00 and +24:00 hours"
    return text


def _char_name(character: object) -> str:
    """U+0000 for a refused character (PyYAML gives it as a str or, for bytes input, an int)."""
    code = ord(character) if isinstance(character, str) and len(character) == 1 else character
    return f"U+{code:04X}" if isinstance(code, int) else repr(character)
