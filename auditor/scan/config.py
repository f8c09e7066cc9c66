"""Find model references in YAML, JSON and TOML configs, each at the exact line and column of the value.

Training frameworks (transformers' example scripts, axolotl, LLaMA-Factory, mergekit, PEFT's
adapter_config.json) name their models under a small set of keys. A value is taken only when it looks
like a Hub id `org/name` (never a bare word, a local path or a URL), because config values under
`model:` are as often a local checkpoint as a Hub repository.

Positions: YAML from the composed nodes' marks (exact); JSON from a small position-tracking parser
below (exact; the standard library's decoder does not report positions of values); TOML from `tomllib`
for the values plus a search of the text for `key = "value"` (exact for that form, including dotted
keys and inline tables), falling back to the first unused occurrence of the quoted value (arrays).
A sibling `revision` or `model_revision` key in the same table pins the references of that table.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import yaml

from auditor.model import Problem
from auditor.safeyaml import MAX_ALIASES, MAX_YAML_BYTES, YAML_LOADER, DepthError, loads_json, loads_toml
from auditor.scan.gotemplate import may_be_template, rendered_yaml
from auditor.scan.hubswitch import HUB_ADDRESS_RE, SWITCH_MARKS, environment_switch
from auditor.scan.keys import DATASET_KEYS, MODEL_KEYS
from auditor.scan.params import parameter_kind, parameter_value_id
from auditor.scan.prefilter import has_context, is_hub_id, quoted_candidates
from auditor.scan.refs import (
    SNIPPET_CHARS,
    SPLIT_NAMES,
    ModelReference,
    RefKind,
    address_how,
    file_addresses_in,
    hub_address_or_none,
    hub_id_or_none,
    is_litgpt,
    litgpt_checkpoint,
    may_hold_file_address,
    revision_or_none,
    without_sample_count,
)
from auditor.scan.vocab import split_words, vocabulary

REVISION_KEYS = ("revision", "model_revision")


# --- JSON with positions -----------------------------------------------------------------------------


@dataclass
class JsonNode:
    """A JSON value with its character offsets in the text (end exclusive)."""

    value: Any
    start: int
    end: int
    items: list[tuple[JsonNode, JsonNode]] = field(default_factory=list)  # objects: (key, value)
    elements: list[JsonNode] = field(default_factory=list)  # arrays


class JsonPositionError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_MAX_JSON_DEPTH = 500
_STACK_NEEDED = 2 * _MAX_JSON_DEPTH + 1000  # two frames per level, plus whatever stack the caller already has


def parse_json_positions(text: str) -> JsonNode:
    """Parse JSON keeping the offset of every value and key. Raises JsonPositionError with an offset.

    Each level of nesting takes two frames (`_value`, then `_object`/`_array`), so the interpreter's recursion
    limit is raised for the parse to let `_MAX_JSON_DEPTH` decide, as it always has, what is too deep."""
    limit = sys.getrecursionlimit()
    if limit < _STACK_NEEDED:
        sys.setrecursionlimit(_STACK_NEEDED)
    try:
        node, end = _value(text, _WS.match(text, 0).end(), 0)  # type: ignore[union-attr]
    finally:
        if limit < _STACK_NEEDED:
            sys.setrecursionlimit(limit)
    end = _WS.match(text, end).end()  # type: ignore[union-attr]
    if end != len(text):
        raise JsonPositionError("extra data after the JSON value", end)
    return node


def _value(text: str, i: int, depth: int) -> tuple[JsonNode, int]:
    if depth > _MAX_JSON_DEPTH:
        raise JsonPositionError("JSON is nested too deeply", i)
    if i >= len(text):
        raise JsonPositionError("unexpected end of JSON", i)
    ch = text[i]
    if ch == '"':
        try:
            value, end = scanstring(text, i + 1, True)
        except ValueError as exc:
            raise JsonPositionError(f"invalid JSON string ({exc.args[0].split(':')[0]})", i) from None
        return JsonNode(value, i, end), end
    if ch == "{":
        return _object(text, i, depth)
    if ch == "[":
        return _array(text, i, depth)
    for word, value in (("true", True), ("false", False), ("null", None), ("NaN", float("nan"))):
        if text.startswith(word, i):
            return JsonNode(value, i, i + len(word)), i + len(word)
    match = _NUMBER.match(text, i)
    if match:
        try:
            number = loads_json(match.group())
        except ValueError as exc:  # a JSONDecodeError: an integer too long to convert
            raise JsonPositionError(exc.args[0].split(":")[0], i) from None
        return JsonNode(number, i, match.end()), match.end()
    raise JsonPositionError("expected a JSON value", i)


def json_string_offsets(text: str, start: int) -> list[int]:
    """For the JSON string token opening at `start`, the text offset of each decoded character.

    One more entry than decoded characters: the last is the closing quote, so an exclusive end maps too.
    Escapes take several raw characters (`\\n`, `\\u00e9`, surrogate pairs) for one decoded character.
    """
    out: list[int] = []
    i = start + 1
    while i < len(text) and text[i] != '"':
        out.append(i)
        if text[i] == "\\":
            if text[i + 1] == "u":
                code = int(text[i + 2 : i + 6], 16)
                if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i + 6):
                    low = int(text[i + 8 : i + 12], 16)
                    if 0xDC00 <= low < 0xE000:
                        i += 12
                        continue
                i += 6
            else:
                i += 2
        else:
            i += 1
    out.append(i)
    return out


class LineIndex:
    """Offset to (1-based line, 1-based column) for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._snippets: dict[int, str] = {}

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def snippet(self, line: int) -> str:
        """The line's snippet, computed once a line (a line of many references costs its length once)."""
        found = self._snippets.get(line)
        if found is None:
            found = self._snippets[line] = self.line_text(line).strip()[:SNIPPET_CHARS]
        return found

    def reference(self, file: str, start: int, end: int, model_id: str, kind: RefKind, revision: str | None,
                  how: str) -> ModelReference:
        """The reference a literal at text[start:end] makes: its line and columns (an end column only when the
        literal ends on the line it starts on) and that line as the snippet, as every source scanner reports it."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return ModelReference(id=model_id, revision=revision, kind=kind, file=file, line=line, column=column,
                              end_column=end_column if end_line == line else None,
                              snippet=self.snippet(line), how=how)


# --- scanning --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    key: str
    value: str
    revision: str | None
    line: int
    column: int
    end_column: int | None
    kind: RefKind | None = None
    address: bool = False  # taken for the Hub file address it is, whatever its key (hub_file_address_or_none)
    parameter: bool = False  # an ARM parameter's value (_PARAMETER_VALUE_KEYS): kept only when it reads as a Hub id


def _kind(key: str) -> RefKind:
    return "dataset" if key in DATASET_KEYS else "model"


# LitGPT's keys naming the folder a repository was downloaded to (`checkpoint_dir: checkpoints/ORG/NAME`), read only in
# a file that names LitGPT (its `class_path: litgpt.data.Alpaca`, a comment): elsewhere the same key and folder shape
# are as likely another framework's output folder.
LITGPT_KEYS = frozenset({"checkpoint_dir", "initial_checkpoint_dir", "tokenizer_dir"})

# Keys that hold an id inside a mapping listed under a model or dataset key (axolotl's `datasets: [{path: ...}]`).
_GENERIC_ID_KEYS = frozenset({"path", "name", "id", "repo", "repo_id", "hub_id", "hf_id", "hf_path", "source",
                              "repository", "name_or_path"})

# An Azure Resource Manager template's parameter (`"modelId": {"type": "string", "defaultValue": "org/x"}`) and its
# parameters file (`"modelId": {"value": "org/x"}`) hold the value under `defaultValue` / `value`. These keys are
# generic (any setting of a deployment has one), so the parameter's own name must be an id's name: its words a model
# or dataset word and words that name an id (`modelId`, `hfModelId`, `embeddingModel`, `datasetName`), not a
# deployment's setting that mentions a model (`modelDeploymentName`, `modelRegistry`, `datasetSplit`).
_PARAMETER_VALUE_KEYS = frozenset({"value", "defaultvalue"})  # the name and value tests: auditor/scan/params.py
# The same shape in YAML, with `default`: a GitHub Actions workflow's input (`inputs: {model_id: {description: ...,
# default: org/x}}`), an MLproject's parameter (`parameters: {model_name: {type: str, default: org/x}}`).
_YAML_PARAMETER_VALUE_KEYS = _PARAMETER_VALUE_KEYS | {"default"}


def _parameter_values(key: object, pairs: list[tuple[Any, Any]],
                      value_keys: frozenset[str] = _PARAMETER_VALUE_KEYS) -> tuple[RefKind | None, list[Any]]:
    """(kind, the `value` / `defaultValue` entries) of an ARM parameter `key: {...}` given as (key text, value) pairs;
    (None, []) unless the parameter's name is an id's name (parameter_kind)."""
    found = [v for k, v in pairs if isinstance(k, str) and k.lower() in value_keys]
    kind = parameter_kind(key) if found else None
    return (kind, found) if kind is not None else (None, [])


# A dataset table's split keys (`[data] train = "org/x"`, `data: {eval: org/x}`): each names the dataset that split is
# read from. Only inside a dataset context: `train = true` of a trainer table, or `test: org/x` elsewhere, say nothing.
_SPLIT_KEYS = SPLIT_NAMES | {"train_set", "eval_set", "test_set", "validation_set", "dev_set"}

# A container image's mapping (Helm `image: {registry, repository, tag, pullPolicy}`, vLLM production-stack's model
# entry `{repository: vllm/vllm-openai, tag: latest, modelURL: org/x}`): its `repository` is an image, never a Hub
# repository (a model's own mapping pins a `revision`, not a `tag`).
_IMAGE_KEYS = frozenset({"tag", "pullpolicy", "imagepullpolicy", "registry", "digest", "imagetag"})
_IMAGE_REPOSITORY_KEYS = frozenset({"repository", "repo", "image"})


def _is_image(keys: Iterable[object]) -> bool:
    """Do these sibling keys describe a container image (one of _IMAGE_KEYS among them)?"""
    return any(isinstance(key, str) and key.lower() in _IMAGE_KEYS for key in keys)


def config_key_kind(key: object, context: RefKind | None = None) -> RefKind | None:
    """The kind of reference a config key holds: the exact keys above, then the scanner vocabulary's keys and
    identifier words (`reward_model`, `teacher_model_path`, `eval_dataset`), then `path`/`name`... inside an
    entry of a model or dataset list. None for every other key, and for write targets (`hub_model_id`)."""
    if not isinstance(key, str):
        return None
    if key in MODEL_KEYS or key in LITGPT_KEYS:
        return "model"
    if key in DATASET_KEYS:
        return "dataset"
    vocab = vocabulary()
    kind = vocab.key_kind(key) or vocab.name_kind(key)
    if kind is None and context is not None and key.lower() in _GENERIC_ID_KEYS:
        return context
    if kind is None and context == "dataset" and key.lower() in _SPLIT_KEYS:
        return "dataset"  # `[data] train = "org/x"`: a split of the data table names the dataset it is read from
    return kind  # type: ignore[return-value]


def _weights(values: list[Any]) -> bool:
    """Are these a mapping's values all numbers (YAML scalar nodes, JSON nodes or plain values)? A mapping under a model
    or dataset key whose values are weights (alignment-handbook's `dataset_mixer: {org/x: 0.5}`, merge weights) names
    its ids by its keys; a mapping of settings does not."""
    if not values:
        return False
    for value in values:
        if isinstance(value, yaml.ScalarNode):
            if value.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                return False
            continue
        raw = value.value if isinstance(value, JsonNode) else value
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            return False
    return True


def _option_pairs(items: list[Any], value_of: Any) -> Iterator[tuple[str, Any]]:
    """(option, next item) for each `--model-path` / `--dataset` option of a command line written as a list
    (docker compose `command: ["--model", "org/x"]`, a launcher's args), whose name says model or dataset."""
    for first, second in itertools.pairwise(items):
        option = value_of(first)
        if isinstance(option, str) and option.startswith("--") and "=" not in option \
                and _option_kind(option) is not None:
            yield option, second


# How the shell reader (auditor/scan/shell.py _lora_refs) reports an option whose value it takes apart: vLLM's
# `--lora-modules "sql=org/x"` gives the id inside the word, which the option's pair (the whole word) never names.
_TAKEN_APART = frozenset({"command option --lora-modules"})


def _scalar_value(node: yaml.Node) -> object:
    return node.value if isinstance(node, yaml.ScalarNode) else None


# A list longer than this is data, not one command's arguments.
_MAX_ARGV = 4096


@dataclass(frozen=True)
class ArgvHit:
    """A reference in a list read as one command's arguments: the index of the item that names it, and what the
    shell reader (auditor/scan/shell.py argv_refs) made of the whole list."""

    index: int
    id: str
    kind: RefKind
    revision: str | None
    how: str


def argv_hits(items: list[Any], value_of: Any) -> list[ArgvHit]:
    """The references of a list that is a command's argument list (docker compose `command: ["--model", "org/x",
    "--revision", SHA]`, `entrypoint:`, Kubernetes `command:`/`args:`, a Helm value's `extraArgs`, a launcher's
    `"args"`), read as one argv, as the program receives it: `--revision` then its SHA belong to the `--model`
    before them, which reading each item alone loses. Only a list of plain words with an option among them is an
    argv (a CI `script:` list holds one command line per item and no option item; a list of mappings is data)."""
    if not 1 < len(items) <= _MAX_ARGV:
        return []
    words = [value_of(item) for item in items]
    if not all(isinstance(w, str) for w in words) or not any(w.startswith("-") for w in words):
        return []
    # lazy: only lists read as a command's arguments
    from auditor.scan.shell import argv_refs

    return [ArgvHit(i, model_id, kind, revision, how) for i, model_id, kind, revision, how in argv_refs(words)]


def _pair_revision(hits: list[ArgvHit], index: int) -> str | None:
    """The revision the argv gives the id at `index` (its `--revision`), when the shell reader read one there."""
    return next((h.revision for h in hits if h.index == index and h.revision), None)


def _option_kind(option: str) -> RefKind | None:
    return vocabulary().name_kind(option)  # type: ignore[return-value]


def _marked_kind(value: object) -> RefKind | None:
    """The kind a framework's Hub marker gives a value under any key (`dataset_dir: REMOTE:org/name`), else None."""
    marked = vocabulary().marked_value(value)
    return marked[1] if marked is not None else None  # type: ignore[return-value]


def _has_marker(text: str) -> bool:
    """A JSON string value that starts with a framework's Hub marker (the cheap exit must not skip it)."""
    return any(f'"{marker}' in text for marker, _ in vocabulary().hub_value_prefixes)


def _unmarked(value: str) -> str:
    """The repository id a value names, without a framework's Hub marker in front."""
    marked = vocabulary().marked_value(value)
    return marked[0] if marked is not None else value


# A whole value that is a variable with its default (Docker Compose and shell interpolation, `${MODEL_ID:-org/x}`,
# `${MODEL-org/x}`): the default is what is used when the variable is not set. One pass, no backtracking: the name is
# word characters, the default has no brace, dollar or quote.
_INTERPOLATED_RE = re.compile(r"\$\{[A-Za-z_]\w{0,127}:?-([^{}$\"'\s]{1,200})\}")


def interpolated_default(value: str) -> str:
    """`${MODEL_ID:-org/x}` -> `org/x` (a Compose file's `MODEL_ID: ${MODEL_ID:-org/x}`, a command list's
    `- ${MODEL:-org/x}`); any other value unchanged."""
    if value.startswith("${"):
        match = _INTERPOLATED_RE.fullmatch(value)
        if match is not None:
            return match.group(1)
    return value


# lm-evaluation-harness task files (`task: gsm8k`, `dataset_path: gsm8k`, `doc_to_text: ...`): the harness hands
# `dataset_path` to `load_dataset`, so a bare canonical name there (`gsm8k`, `ai2_arc`, `hellaswag`) is the Hub
# dataset, as `load_dataset("gsm8k")` in Python is. Only in a file with the harness's own keys: elsewhere a
# `dataset_path: mydata` is as likely a folder.
_TASK_FILE_MARKS = ("doc_to_text", "doc_to_target", "output_type")


def _is_eval_task_file(text: str) -> bool:
    """Does this config read as an lm-evaluation-harness task (its `dataset_path` and one of the harness's keys)?"""
    return "dataset_path" in text and any(mark in text for mark in _TASK_FILE_MARKS)


def _candidate_ids(c: _Candidate, *, task_file: bool = False) -> list[tuple[str, RefKind]]:
    """The ids a candidate value names: itself (the default of a whole `${NAME:-org/x}`), or the model entries of a
    `key=value,...` argument string (`model_args: pretrained=org/x,dtype=bfloat16` of lm-evaluation-harness
    configs)."""
    from auditor.scan.kv import kv_pairs

    if c.value.startswith("${"):
        c = replace(c, value=interpolated_default(c.value))

    kind: RefKind = c.kind or _kind(c.key)
    if c.key in LITGPT_KEYS:  # a folder: only LitGPT's download folder checkpoints/ORG/NAME names a repository
        found = litgpt_checkpoint(c.value)
        return [(found, "model")] if found is not None else []
    vocab = vocabulary()
    address = hub_address_or_none(c.value)  # `model: https://huggingface.co/org/x`, `hf-hub:org/x`
    if address is not None:
        return [(address[0], address[1])]
    if c.address:
        return [(found[0], found[1]) for found in file_addresses_in(c.value)]
    value = vocab.unprefixed(c.value) if kind == "model" else without_sample_count(c.value)
    model_id = hub_id_or_none(_unmarked(value), require_owner=True)
    if model_id is not None and c.parameter and not parameter_value_id(model_id):
        return []
    if model_id is not None:
        return [] if vocab.is_remote_id(model_id, kind) else [(model_id, kind)]
    if c.parameter and kind == "dataset":
        return []  # a parameter's dataset is read by its `owner/name` only (a split name has no owner either)
    if task_file and c.key == "dataset_path" and (canonical := vocab.canonical_dataset(value)) is not None:
        return [(canonical, "dataset")]  # an lm-evaluation-harness task's `dataset_path: gsm8k`
    if kind == "model" and value.lower() in vocab.st_legacy:  # `pretrained_model_name_or_path: bert-base-uncased`
        return [(value, "model")]
    out: list[tuple[str, RefKind]] = []
    for key_kind, value in kv_pairs(c.value, vocab):
        found = hub_id_or_none(value, require_owner=True)
        found_kind: RefKind = "dataset" if key_kind == "dataset" else "model"
        if found is not None and not vocab.is_remote_id(found, found_kind):
            out.append((found, found_kind))
    return out


def _refs(cands: list[_Candidate], file: str, lines: LineIndex) -> list[ModelReference]:
    out = []
    litgpt = any(c.key in LITGPT_KEYS for c in cands) and is_litgpt(lines.text)
    task_file = any(c.key == "dataset_path" for c in cands) and _is_eval_task_file(lines.text)
    for c in cands:
        if c.key in LITGPT_KEYS and not litgpt:
            continue  # `checkpoint_dir: checkpoints/run1/best` of another framework: an output folder
        for model_id, kind in _candidate_ids(c, task_file=task_file):
            out.append(_ref(c, model_id, kind, file, lines))
    return out


def _ref(c: _Candidate, model_id: str, kind: RefKind, file: str, lines: LineIndex) -> ModelReference:
    return ModelReference(
        id=model_id,
        revision=c.revision,
        kind=kind,
        file=file,
        line=c.line,
        column=c.column,
        end_column=c.end_column,
        snippet=lines.snippet(c.line),
        how=address_how(c.value) if c.address else f"command option {c.key}" if c.key.startswith("--")
        else f"config key {c.key}",
    )


def _object(text: str, i: int, depth: int) -> tuple[JsonNode, int]:
    """A JSON object starting at text[i] == "{", with the positions of its keys and values."""
    node = JsonNode({}, i, i)
    j = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
    if text.startswith("}", j):
        node.end = j + 1
        return node, j + 1
    while True:
        if not text.startswith('"', j):
            raise JsonPositionError("expected a property name in double quotes", j)
        key, j = _value(text, j, depth + 1)
        j = _WS.match(text, j).end()  # type: ignore[union-attr]
        if not text.startswith(":", j):
            raise JsonPositionError("expected ':' after a property name", j)
        j = _WS.match(text, j + 1).end()  # type: ignore[union-attr]
        val, j = _value(text, j, depth + 1)
        node.items.append((key, val))
        node.value[key.value] = val.value
        j = _WS.match(text, j).end()  # type: ignore[union-attr]
        if text.startswith(",", j):
            j = _WS.match(text, j + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("}", j):
            node.end = j + 1
            return node, j + 1
        raise JsonPositionError("expected ',' or '}' in an object", j)


def _array(text: str, i: int, depth: int) -> tuple[JsonNode, int]:
    """A JSON array starting at text[i] == "[", with the positions of its elements."""
    node = JsonNode([], i, i)
    j = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", j):
        node.end = j + 1
        return node, j + 1
    while True:
        val, j = _value(text, j, depth + 1)
        node.elements.append(val)
        node.value.append(val.value)
        j = _WS.match(text, j).end()  # type: ignore[union-attr]
        if text.startswith(",", j):
            j = _WS.match(text, j + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("]", j):
            node.end = j + 1
            return node, j + 1
        raise JsonPositionError("expected ',' or ']' in an array", j)


# (line, column, token, id, kind, revision, how) of a reference in a text a config holds, 1-based in that text (as
# auditor/scan/shell.py `command_text_refs` gives it).
HeldRef = tuple[int, int, str, str, RefKind, str | None, str]
# What reads such a text: (the text, the variables a script there is given, or None for Python source) -> its
# references. auditor/scan/__init__.py hands the readers below auditor/scan/pycode.py `held_text_refs` (a command's
# `python -c` code and Python source read too): this module cannot import the Python reader, which imports it.
HeldReader = Callable[[str, Mapping[str, str | None] | None], Iterator[HeldRef]]


def shell_only(text: str, variables: Mapping[str, str | None] | None) -> Iterator[HeldRef]:
    """The default HeldReader: a script's commands as the shell reads them; Python source is not read."""
    if variables is None:
        return iter(())
    from auditor.scan.shell import command_text_refs  # lazy: only files with commands

    return command_text_refs(text, variables)


def scan_yaml(text: str, file: str, *, template: bool = False,
              held: HeldReader = shell_only) -> tuple[list[ModelReference], list[Problem]]:
    """A YAML file's references. A Helm template (`{{ ... }}` in a file that is not YAML as written) is read as the
    YAML it renders (auditor/scan/gotemplate.py); `template`: a `.tpl` file, read only when its rendering parses;
    `held`: what reads the scripts it holds (see HeldReader)."""
    if template and "/" not in text:  # no id for a value or an action to hold
        return [], []
    # A `.tpl` without an action is the YAML it renders as written (Terraform's `templatefile` values for a Helm
    # chart: `cpu-tinyllama-light-local.tpl`); one that does not parse is a template of something else, not read.
    plain = template and "{{" not in text
    docs = _compose_yaml(text, file) if not template or plain else None
    if plain and isinstance(docs, Problem):
        return [], []
    if docs is None or (isinstance(docs, Problem) and may_be_template(text)):
        rendered = rendered_yaml(text)
        again = _compose_yaml(rendered, file)
        if not isinstance(again, Problem):
            docs, text = again, rendered
        elif template:
            return [], []
    if isinstance(docs, Problem):
        return [], [docs]
    assert docs is not None
    walker = _YamlWalker(may_hold_file_address(text))
    walker.switches = any(mark in text for mark in SWITCH_MARKS)
    try:
        for doc in docs:
            if doc is not None:
                walker.walk(doc)
    except RecursionError:
        return [], [_problem(file, None, "is nested too deeply to scan")]
    lines = LineIndex(text)
    cands = walker.cands + _embedded_cands(walker.embedded, text.splitlines(), file)
    found = _refs(cands, file, lines) + _command_refs(walker.commands, file, lines, held) + \
        _argv_refs(walker.argv_refs, file, lines)
    if "download" in text and "#" in text:
        found += _download_comment_refs(text, file, lines)
    if walker.switched:  # a service run with ModelScope/openMind on: its ids are that hub's (a Hub address stays one)
        found = [ref for ref in found if not any(first <= ref.line <= last for first, last in walker.switched)
                 or HUB_ADDRESS_RE.search(ref.snippet)]
    return found, []


# A config that names its model only in the comment saying which download it assumes, and reads the folder that
# download writes: torchtune's recipes (`#   tune download meta-llama/Llama-2-7b-hf --output-dir /tmp/Llama-2-7b-hf`
# above `checkpoint_dir: /tmp/Llama-2-7b-hf` and `path: /tmp/Llama-2-7b-hf/tokenizer.model`), copied into projects
# by `tune cp`. The model is the comment's, at the comment. Only when a value of the file reads that folder: a
# comment's command alone is prose (a usage note), as in any other file.
_DOWNLOAD_COMMENT_RE = re.compile(r"^[ \t]*#[ \t]*(?:tune|huggingface-cli|hf)[ \t]+download[ \t]+(?P<id>[^\s#]+)",
                                  re.MULTILINE)
_OUTPUT_DIR_RE = re.compile(r"--(?:output|local)-dir(?:[ \t]+|=)(?P<dir>[^\s#\"']+)")  # a literal first: a fast search
_DOWNLOAD_COMMENTS = 8  # a recipe's header gives one or two; each is checked against the whole file (bounded)
_FOLDER_VALUE_RE = r"^[ \t]*(?:-[ \t]*)?[\w.-]+[ \t]*:[ \t]*[\"']?{}(?:/[^\n]*|[\"']?[ \t]*(?:#[^\n]*)?)$"


def _download_comment_refs(text: str, file: str, lines: LineIndex) -> list[ModelReference]:
    """The models a YAML config's comments download into a folder its values read (see _DOWNLOAD_COMMENT_RE)."""
    out: list[ModelReference] = []
    for match in itertools.islice(_DOWNLOAD_COMMENT_RE.finditer(text), _DOWNLOAD_COMMENTS):
        model_id = hub_id_or_none(match.group("id"), require_owner=True)
        end = text.find("\n", match.end())
        option = _OUTPUT_DIR_RE.search(text, match.end(), len(text) if end < 0 else end)
        if model_id is None or option is None:
            continue
        folder = option.group("dir").rstrip("/")
        if len(folder) < 2 or text.count(folder) < 2:
            continue
        if re.search(_FOLDER_VALUE_RE.format(re.escape(folder)), text, re.MULTILINE) is None:
            continue
        number = text.count("\n", 0, match.start()) + 1
        column = match.start("id") - (text.rfind("\n", 0, match.start()) + 1) + 1
        out.append(ModelReference(
            id=model_id, revision=None, kind="model", file=file, line=number, column=column,
            end_column=column + len(match.group("id")), snippet=lines.snippet(number),
            how=f"downloaded into {folder} (a comment), read by the config",
        ))
    return out


# Keys whose `|` block is a configuration file of its own (a Kubernetes ConfigMap's `data: {config.yml: |...}`,
# mounted where a program reads it): read as YAML, each value at its line of the outer file.
_EMBEDDED_SUFFIXES = (".yaml", ".yml")


def _embedded_cands(nodes: list[yaml.ScalarNode], lines: list[str], file: str) -> list[_Candidate]:
    """The candidates of each embedded YAML file (see _EMBEDDED_SUFFIXES); one that does not parse gives none, as the
    text of any other value would."""
    out: list[_Candidate] = []
    for node in nodes:
        docs = _compose_yaml(node.value, file)
        if isinstance(docs, Problem):
            continue
        inner = _YamlWalker(may_hold_file_address(node.value))
        try:
            for doc in docs:
                if doc is not None:
                    inner.walk(doc)
        except RecursionError:
            continue
        first = node.start_mark.line + 1  # a `|` block's text starts on the line after its indicator
        body = [line for line in lines[first:first + 1 + node.value.count("\n")] if line.strip()]
        indent = len(body[0]) - len(body[0].lstrip(" ")) if body else 0
        for c in inner.cands:
            out.append(replace(c, line=first + c.line, column=c.column + indent,
                                           end_column=None if c.end_column is None else c.end_column + indent))
    return out


# Keys whose string value is a command line or a script (GitHub Actions `run`, GitLab `script`, compose `command` /
# `entrypoint` / `environment` entries `NAME=value`): read as shell (auditor/scan/shell.py), each reference at its
# own token.
_COMMAND_KEYS = frozenset({"run", "setup", "script", "before_script", "after_script", "command", "entrypoint", "cmd",
                           "environment", "args", "cmds", "commands",
                           # Azure Pipelines' script steps (`- bash: |`, `- pwsh:`, `- powershell:`), Gitpod's task
                           # phases (`init:`, `before:`), Travis CI's phases (`before_install:`, `install:`, ...)
                           "bash", "pwsh", "powershell", "init", "before", "before_install", "install",
                           "after_success", "after_failure", "before_deploy", "after_deploy",
                           "before_cache"})  # fmt: skip
# ... and any key whose last word says the same (a Truss `docker_server.start_command`, `serve_cmd`, `launchCommand`,
# `setup_script`): the deploy tool runs the value as a command line.
_COMMAND_LAST_WORDS = frozenset({"command", "commands", "cmd", "cmds", "script", "entrypoint"})


def _command_key(key: str | None) -> bool:
    """Does a key hold a command line or a script (_COMMAND_KEYS, or a name ending in one of their words)?
    Remembered per key: asked of every key of every YAML mapping, and configs repeat their keys."""
    if key is None:
        return False
    known = _COMMAND_KEY_MEMO.get(key)
    if known is None:
        words = split_words(key)
        known = key in _COMMAND_KEYS or (len(words) > 1 and words[-1] in _COMMAND_LAST_WORDS) \
            or key.upper().startswith(_CIBW_ENV_COMMANDS)
        if len(_COMMAND_KEY_MEMO) < 100_000:
            _COMMAND_KEY_MEMO[key] = known
    return known


_COMMAND_KEY_MEMO: dict[str, bool] = {}
# cibuildwheel's options given as a CI step's environment (`CIBW_BEFORE_ALL`, `CIBW_BEFORE_TEST_LINUX`, ...): command
# lines it runs (`CIBW_TEST_COMMAND` ends in a command word already).
_CIBW_ENV_COMMANDS = ("CIBW_BEFORE_ALL", "CIBW_BEFORE_BUILD", "CIBW_BEFORE_TEST")


def _env_values(node: yaml.MappingNode) -> dict[str, str | None]:
    """The variables a mapping gives the scripts inside it: a SkyPilot task's `envs:`, a GitHub Actions workflow's,
    job's or step's `env:` (`MODEL_SIZE: 8B` fills `meta-llama/Meta-Llama-3.1-${MODEL_SIZE}-Instruct` in its `run:`)."""
    out: dict[str, str | None] = {}
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value in _ENV_KEYS and isinstance(v, yaml.MappingNode):
            for name, value in v.value:
                if isinstance(name, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                    out[str(name.value)] = str(value.value)
    return out


_ENV_KEYS = frozenset({"env", "envs"})
# A Python interpreter's program name (`python`, `python3`, `python3.11`), as an Argo script template's command.
_PYTHON_PROGRAM_RE = re.compile(r"python(?:\d+(?:\.\d+)?)?$")


def _environment_pairs(node: yaml.MappingNode) -> list[tuple[str, str]]:
    """The (name, value) pairs a mapping's `environment:` / `env:` gives what it runs: a list of `NAME=value` strings
    (compose), a mapping `NAME: value` (compose, GitHub Actions), a list of `{name: NAME, value: v}` (Kubernetes)."""
    out: list[tuple[str, str]] = []
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode) or k.value not in ("environment", "env", "envs"):
            continue
        if isinstance(v, yaml.MappingNode):
            out.extend((str(name.value), str(value.value)) for name, value in v.value
                       if isinstance(name, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode))
        elif isinstance(v, yaml.SequenceNode):
            for item in v.value:
                if isinstance(item, yaml.ScalarNode) and "=" in str(item.value):
                    name, _, value = str(item.value).partition("=")
                    out.append((name.strip(), value))
                elif isinstance(item, yaml.MappingNode):
                    pairs = {str(a.value): b for a, b in item.value if isinstance(a, yaml.ScalarNode)}
                    name_node, value_node = pairs.get("name"), pairs.get("value")
                    if isinstance(name_node, yaml.ScalarNode) and isinstance(value_node, yaml.ScalarNode):
                        out.append((str(name_node.value), str(value_node.value)))
    return out


def _command_refs(nodes: list[tuple[yaml.ScalarNode, dict[str, str | None] | None]], file: str,
                  lines: LineIndex, held: HeldReader) -> list[ModelReference]:
    """The references of the scripts held by command keys, and of the Python an Argo script template's `source:`
    holds (its env is None: see _YamlWalker.source), each read by `held`."""
    out: list[ModelReference] = []
    for node, env in nodes:
        for line, column, token, model_id, kind, revision, how in held(node.value, env):
            at_line, at_column = _token_position(node, line, column, token, lines)
            out.append(ModelReference(
                id=model_id, revision=revision, kind=kind, file=file, line=at_line, column=at_column,
                end_column=at_column + len(token), snippet=lines.snippet(at_line), how=how,
            ))
    return out


def _argv_refs(hits: list[tuple[yaml.ScalarNode, ArgvHit]], file: str, lines: LineIndex) -> list[ModelReference]:
    """The references of argv lists found inside an item's word (`--model=org/x`, a `sh -c` script), at the id."""
    out: list[ModelReference] = []
    for node, hit in hits:
        at_line, at_column = _token_position(node, 1, 1, hit.id, lines)
        out.append(ModelReference(id=hit.id, revision=hit.revision, kind=hit.kind, file=file, line=at_line,
                                  column=at_column, end_column=at_column + len(hit.id),
                                  snippet=lines.snippet(at_line), how=hit.how))
    return out


def _token_position(node: yaml.ScalarNode, line: int, column: int, token: str, lines: LineIndex) -> tuple[int, int]:
    """Where a token of a scalar's value sits in the file: on the line it should be (a one-line scalar: its own line,
    shifted by the opening quote; a `|` block: one line per line), else its first occurrence inside the scalar
    (folded and multi-line plain scalars join lines), else the scalar's start."""
    start, end = node.start_mark, node.end_mark
    if node.style == "|":
        guess, shift = start.line + 1 + line, None
    elif start.line == end.line:
        guess, shift = start.line + 1, start.column + (1 if node.style in ('"', "'") else 0)
    else:
        guess, shift = 0, None
    if guess and shift is not None and lines.line_text(guess)[shift + column - 1:].startswith(token):
        return guess, shift + column
    for number in ([guess] if guess else []) + list(range(start.line + 1, end.line + 2)):
        if 0 < number <= len(lines.starts) and (found := lines.line_text(number).find(token)) >= 0:
            return number, found + 1
    return start.line + 1, start.column + 1


def _compose_yaml(text: str, file: str) -> list[yaml.Node | None] | Problem:
    """The documents of a YAML file, or the one problem that stops it being read (size, aliases, syntax)."""
    if len(text.encode("utf-8", "replace")) > MAX_YAML_BYTES:
        return _problem(file, None, f"is larger than {MAX_YAML_BYTES} bytes; not scanned as YAML")
    try:
        # An alias is spelled `*name`: without a "*" there is none to count, and without an "&" (anchors, whose
        # duplicates only the composer reports) composing raises the very error the event pass would have.
        aliases = 0 if "*" not in text and "&" not in text else \
            sum(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=YAML_LOADER))
        if aliases > MAX_ALIASES:
            return _problem(file, None, f"uses more than {MAX_ALIASES} YAML aliases; not scanned")
        return list(yaml.compose_all(text, Loader=YAML_LOADER))  # libyaml: bounded nesting, linear
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        return _problem(file, mark.line + 1 if mark else None, f"is not valid YAML ({what})")
    except yaml.YAMLError as exc:
        return _problem(file, None, f"is not valid YAML ({exc})")
    except RecursionError:
        return _problem(file, None, "is nested too deeply to scan")


# A parameter's mapping is a handful of entries (type, description, required, default, options): a bigger mapping
# under an id's name is a table of something else.
_PARAMETER_ENTRIES = 8


class _YamlWalker:
    """Collects the string scalars under model/dataset keys of composed YAML documents (each node once)."""

    def __init__(self, addresses: bool = False) -> None:
        self.addresses = addresses  # the text holds a Hub file address: every string scalar is looked at
        self.taken: set[int] = set()  # scalars already candidates under their key
        self.cands: list[_Candidate] = []
        # read as shell, with their env (None: Python source, an Argo script template's `source:` run by python)
        self.commands: list[tuple[yaml.ScalarNode, dict[str, str | None] | None]] = []
        self.argvs: dict[int, list[ArgvHit]] = {}  # id() of a list read as one argv -> its references
        self.argv_refs: list[tuple[yaml.ScalarNode, ArgvHit]] = []  # those not at an option's value (`--model=x`)
        self.env: dict[str, str | None] = {}  # the variables a script here is given (`envs:`, `env:` around it)
        self.embedded: list[yaml.ScalarNode] = []  # `|` blocks that are YAML files of their own (_EMBEDDED_SUFFIXES)
        self.seen: set[int] = set()
        self.switches = False  # the text names a ModelScope/openMind switch (auditor/scan/hubswitch.py)
        self.switched: list[tuple[int, int]] = []  # (first, last) 1-based lines of mappings whose environment has one

    def scalar(self, node: yaml.Node, key: str, revision: str | None, kind: RefKind | None = None,
               address: bool = False, parameter: bool = False) -> None:
        # A local tag (`model: !env org/name`, `!include`...) is the application's own constructor: its text
        # under a model key is still read, as a model the scan would otherwise silently not see.
        if isinstance(node, yaml.ScalarNode) and (node.tag == "tag:yaml.org,2002:str" or node.tag.startswith("!")):
            if id(node) in self.taken:
                return
            self.taken.add(id(node))
            start, end = node.start_mark, node.end_mark
            same_line = start.line == end.line
            self.cands.append(
                _Candidate(
                    key,
                    node.value,
                    revision,
                    start.line + 1,
                    start.column + 1,
                    end.column + 1 if same_line else None,
                    kind,
                    address,
                    parameter,
                )
            )

    def walk(self, node: yaml.Node, context: RefKind | None = None) -> None:
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self.mapping(node, context)
        elif isinstance(node, yaml.SequenceNode):
            hits = self.argv(node)
            at = {id(item): index for index, item in enumerate(node.value)}
            paired: set[int] = set()
            inside = {h.index for h in hits if h.how in _TAKEN_APART}
            for option, item in _option_pairs(node.value, _scalar_value):
                if at[id(item)] in inside:
                    continue
                paired.add(at[id(item)])
                self.scalar(item, option, _pair_revision(hits, at[id(item)]), _option_kind(option))
            for hit in hits:  # an id inside its word (`--model=org/x`, a `sh -c` script) or after a command's name
                item = node.value[hit.index]
                if hit.index not in paired and isinstance(item, yaml.ScalarNode):
                    self.taken.add(id(item))
                    self.argv_refs.append((item, hit))
            for item in node.value:
                self.walk(item, context)
        elif self.addresses and isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) \
                and file_addresses_in(node.value):
            self.scalar(node, "", None, None, address=True)

    def mapping(self, node: yaml.MappingNode, context: RefKind | None) -> None:
        revision = None
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value in REVISION_KEYS and isinstance(v, yaml.ScalarNode):
                revision = revision_or_none(v.value)
        self.name_value(node)
        self.hub_switch(node)
        image = _is_image(k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode))
        outer, self.env = self.env, {**self.env, **_env_values(node)}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            self.held_text(node, key, v)
            kind = None if image and str(key).lower() in _IMAGE_REPOSITORY_KEYS else config_key_kind(key, context)
            if kind is None and isinstance(v, yaml.ScalarNode):
                kind = _marked_kind(v.value)
            if kind is not None and key is not None:
                if isinstance(v, yaml.SequenceNode):
                    for item in v.value:
                        self.scalar(item, key, revision, kind)
                elif isinstance(v, yaml.MappingNode) and _weights([w for _, w in v.value]):
                    for item, _ in v.value:  # `dataset_mixer: {org/x: 0.5}`: the ids are the keys
                        self.scalar(item, key, revision, kind)
                elif isinstance(v, yaml.MappingNode) and vocabulary().names_a_table(key):
                    for _, item in v.value:  # `models: {small: org/x}`: a table of ids under labels
                        for scalar in item.value if isinstance(item, yaml.SequenceNode) else [item]:
                            self.scalar(scalar, key, revision, kind)
                else:
                    self.scalar(v, key, revision, kind)
            self.parameter(key, v, revision)
            self.walk(v, kind if isinstance(v, yaml.SequenceNode | yaml.MappingNode) else None)
        self.env = outer

    def held_text(self, node: yaml.MappingNode, key: str | None, value: yaml.Node) -> None:
        """A value that is a text of its own: a command line or script (_command_key), an Argo script template's
        `source:`, or an embedded YAML file (_EMBEDDED_SUFFIXES)."""
        if _command_key(key):
            self.command(value)
        elif key == "source" and isinstance(value, yaml.ScalarNode):
            self.source(node, value)
        elif isinstance(key, str) and key.lower().endswith(_EMBEDDED_SUFFIXES) and isinstance(value, yaml.ScalarNode) \
                and value.style == "|":
            self.embedded.append(value)

    def hub_switch(self, node: yaml.MappingNode) -> None:
        """A service or container whose environment turns ModelScope/openMind on: its lines are noted (its ids are
        that hub's)."""
        if self.switches and environment_switch(_environment_pairs(node)):
            self.switched.append((node.start_mark.line + 1, node.end_mark.line + 1))

    def parameter(self, key: str | None, node: yaml.Node, revision: str | None) -> None:
        """An id-named parameter's default (`model_id: {description: ..., default: org/x}`: a workflow's input, an
        MLproject's parameter), read as an ARM parameter's `defaultValue` is (_parameter_values)."""
        if key is None or not isinstance(node, yaml.MappingNode) or len(node.value) > _PARAMETER_ENTRIES:
            return
        kind, values = _parameter_values(key, [(k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)],
                                         _YAML_PARAMETER_VALUE_KEYS)
        for item in values:
            self.scalar(item, key, revision, kind, parameter=True)

    def command(self, node: yaml.Node) -> None:
        """A command line, a script, or a list of them (GitLab `script:`, compose `environment:` entries). A list that
        is one command's arguments (argv_hits) is read whole, as the program gets it; its items that give no
        reference that way are still read each as a line, as before."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        read = {h.index for h in self.argv(node)} if isinstance(node, yaml.SequenceNode) else set()
        for index, item in enumerate(items):
            if index not in read and isinstance(item, yaml.ScalarNode) and item.tag == "tag:yaml.org,2002:str" \
                    and ("/" in item.value or "model" in item.value.lower()):  # `--model_id=bert-base-uncased`
                self.commands.append((item, self.env))

    def source(self, node: yaml.MappingNode, value: yaml.ScalarNode) -> None:
        """An Argo Workflows script template (`script: {image: ..., command: [python3], source: |...}`): its `source:`
        is the program its `command:` runs, Python when that names a Python interpreter, else a shell script. Only a
        mapping with `image:` and `command:` beside it: a `source:` elsewhere is a citation or a path."""
        keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        command = keys.get("command")
        if "image" not in keys or command is None or value.tag != "tag:yaml.org,2002:str":
            return
        words = [str(w.value) for w in (command.value if isinstance(command, yaml.SequenceNode) else [command])
                 if isinstance(w, yaml.ScalarNode)]
        program = words[0].rsplit("/", 1)[-1] if words else ""
        self.commands.append((value, None if _PYTHON_PROGRAM_RE.match(program) else self.env))

    def argv(self, node: yaml.SequenceNode) -> list[ArgvHit]:
        """The references of a list read as one argv (argv_hits), once per list."""
        found = self.argvs.get(id(node))
        if found is None:
            found = self.argvs[id(node)] = argv_hits(node.value, _scalar_value)
        return found

    def name_value(self, node: yaml.MappingNode) -> None:
        """A Kubernetes / Helm environment entry `{name: MODEL_ID, value: org/x}`: the name says what the value is."""
        if len(node.value) > 4:
            return
        pairs = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        name, value = pairs.get("name"), pairs.get("value")
        if isinstance(name, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and "/" in value.value:
            kind = _option_kind(str(name.value))
            if kind is not None:
                self.scalar(value, str(name.value), None, kind)


def scan_json(text: str, file: str) -> tuple[list[ModelReference], list[Problem]]:
    addresses = may_hold_file_address(text)
    if not addresses and not _has_marker(text) and (not _has_candidate(text) or not has_context(_json_contexts(text))):
        return [], []  # cheap exit: most JSON files (data, package manifests) hold no org/name string under a key
        # that names a model or dataset (see auditor.scan.prefilter)
    if not addresses and not _json_may_yield(text):
        return [], []  # the standard library's parser (C) read it whole and no value under a context is an id
    lines = LineIndex(text)
    try:
        root = _parse_json_or_jsonc(text, file)
    except JsonPositionError as exc:
        line, _ = lines.position(min(exc.offset, len(text)))
        return [], [_problem(file, line, f"is not valid JSON ({exc})")]
    except RecursionError:
        return [], [_problem(file, None, "is nested too deeply to scan")]
    walker = _JsonWalker(lines, addresses)
    walker.walk(root)
    return _refs(walker.cands, file, lines), []


def _parse_json_or_jsonc(text: str, file: str) -> JsonNode:
    """The positioned JSON document; a file that is JSON with comments (VS Code's `.vscode/launch.json` and
    `tasks.json`, `devcontainer.json`: `// "HF_HOME": ...` lines, trailing commas) is read as its JSON once the strict
    parse failed, so its `"args": ["--model_name_or_path", "org/x"]` is read as in any JSON file. Only a file that
    holds a comment or is one of those by its name: elsewhere a trailing comma is a broken file (`json.load` refuses
    it), which stays a problem. Only after a failure: valid JSON costs nothing more, and a file that is not JSON
    either way keeps the strict parser's error."""
    try:
        return parse_json_positions(text)
    except JsonPositionError:
        # a block comment left open is searched to the end once a `/*`: a file of many is not read this way
        plain = jsonc_as_json(text) if text.count("/*") <= _JSONC_BLOCKS else None
        if plain is None or not (plain[1] or _JSONC_NAME_RE.search(file)):
            raise
        try:
            return parse_json_positions(plain[0])
        except JsonPositionError:
            pass
        raise


_JSONC_BLOCKS = 200
# Files JSON with comments by convention: VS Code's settings, launch and task files, dev containers, TypeScript's
# project files.
_JSONC_NAME_RE = re.compile(r"(?:^|/)(?:\.vscode/[^/]+|\.?devcontainer(?:/[^/]+)?|[tj]sconfig[^/]*)\.json$",
                            re.IGNORECASE)
# In JSON with comments: a string (skipped whole), a comment (`// ...`, `/* ... */`), a comma left before a closing
# bracket (whitespace and comments between).
_JSONC_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*[\s\S]*?\*/|,(?=(?:\s|//[^\n]*|/\*[\s\S]*?\*/)*[}\]])')


def jsonc_as_json(text: str) -> tuple[str, bool] | None:
    """JSON with comments as JSON of the same length, each comment and trailing comma blanked to spaces (newlines
    kept) so that every position in it is the file's, and whether a comment was among them. None when there was
    nothing to blank."""
    changed = commented = False

    def blank(match: re.Match[str]) -> str:
        nonlocal changed, commented
        found = match.group(0)
        if found.startswith('"'):
            return found
        changed = True
        commented = commented or found.startswith("/")
        return re.sub(r"[^\n]", " ", found)

    out = _JSONC_RE.sub(blank, text)
    return (out, commented) if changed else None


class _JsonWalker:
    """Collects the string values under model/dataset keys of a positioned JSON document (each value once), and with
    `addresses` every string value that is a Hub file address, whatever its key."""

    def __init__(self, lines: LineIndex, addresses: bool) -> None:
        self.lines = lines
        self.addresses = addresses
        self.cands: list[_Candidate] = []
        self.taken: set[int] = set()

    def add(self, node: JsonNode, key: str, revision: str | None, kind: RefKind | None, address: bool = False,
            parameter: bool = False) -> None:
        if isinstance(node.value, str) and node.start not in self.taken:
            self.taken.add(node.start)
            line, col = self.lines.position(node.start)
            end_line, end_col = self.lines.position(node.end)
            self.cands.append(_Candidate(key, node.value, revision, line, col, end_col if end_line == line else None,
                                         kind, address, parameter))

    def walk(self, node: JsonNode, context: RefKind | None = None) -> None:
        revision = None
        for k, v in node.items:
            if k.value in REVISION_KEYS:
                revision = revision_or_none(v.value)
        for k, v in node.items:
            kind = config_key_kind(k.value, context) or _marked_kind(v.value)
            if kind is not None:
                weighted = [key for key, _ in v.items] if _weights([w for _, w in v.items]) else []
                table = [item for _, entry in v.items for item in (entry.elements or [entry])] \
                    if v.items and not weighted and vocabulary().names_a_table(k.value) else []
                for item in v.elements or weighted or table or [v]:  # `"dataset_mixer": {"org/x": 0.5}`: the keys;
                    self.add(item, k.value, revision, kind)  # `"models": {"small": "org/x"}`: the values
            parameter_kind_, values = _parameter_values(k.value, [(key.value, val) for key, val in v.items])
            for item in values:  # `"modelId": {"defaultValue": "org/x"}`
                self.add(item, k.value, revision, parameter_kind_, parameter=True)
            self.walk(v, kind if isinstance(v.value, list | dict) else None)
        pairs = list(_option_pairs(node.elements, lambda n: n.value))
        hits = argv_hits(node.elements, lambda n: n.value) if pairs else []  # `"args": [..., "--revision", SHA]`
        at = {id(item): index for index, item in enumerate(node.elements)} if hits else {}
        for option, item in pairs:
            self.add(item, option, _pair_revision(hits, at[id(item)]) if hits else None, _option_kind(option))
        for item in node.elements:
            self.walk(item, context)
        if self.addresses:
            for item in [v for _, v in node.items] + node.elements:
                if isinstance(item.value, str) and file_addresses_in(item.value):
                    self.add(item, "", None, None, address=True)


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object read by `json.loads(object_pairs_hook=_Pairs)`: every (key, value) pair, duplicates kept,
    told apart from an array (a plain list)."""


class _Unusual(ValueError):
    """A document the position parser may read differently (Infinity, deep nesting): let it decide."""


def _reject_constant(name: str) -> float:
    if name == "NaN":
        return float("nan")
    raise _Unusual(name)  # Infinity, -Infinity: json.loads takes them, parse_json_positions does not


def _json_may_yield(text: str) -> bool:
    """Would scan_json's walk of this document find a reference? Answered from `json.loads` (C, 20-50x faster than
    the position parser) with the same walk as scan_json's over the pairs; True (parse it with positions) for
    anything json.loads does not read as parse_json_positions does: errors (the position parser words the
    problem), Infinity, nesting beyond _FAST_DEPTH. Only the answer "nothing here" is taken from this pass, so a
    document whose values do name ids is always scanned (and positioned) as before."""
    try:
        root = json.loads(text, object_pairs_hook=_Pairs, parse_constant=_reject_constant)
        return _fast_walk(root, None, 0)
    except (ValueError, RecursionError):
        return True


_FAST_DEPTH = 400  # below parse_json_positions' _MAX_JSON_DEPTH: deeper documents take the position parser


_UNSEEN: Any = object()
_KEY_KIND_MEMO: list[Any] = [None, {}]  # [the vocabulary, {(key, context): kind}]: keys recur across a document


def _key_kinds() -> dict[tuple[str, RefKind | None], RefKind | None]:
    """config_key_kind's answers for the current vocabulary (a new vocabulary starts a new table)."""
    vocab = vocabulary()
    if _KEY_KIND_MEMO[0] is not vocab or len(_KEY_KIND_MEMO[1]) > 100_000:
        _KEY_KIND_MEMO[:] = [vocab, {}]
    return _KEY_KIND_MEMO[1]  # type: ignore[no-any-return]


def _fast_walk(node: object, context: RefKind | None, depth: int) -> bool:
    """scan_json's `walk` (same kinds, same values) on json.loads values: True at the first value that is an id.

    Only strings holding a "/" are looked at (an id, marked or in a `key=value` list, always has one) and only
    containers are descended into: the rest of a large document costs one type test per value."""
    if depth > _FAST_DEPTH:
        return True
    if type(node) is _Pairs:
        return _fast_pairs(node, context, depth)
    if type(node) is list:
        if len(node) > 1:
            for option, item in _option_pairs(node, lambda n: n):
                if type(item) is str and _is_ref(option, item, _option_kind(option)):
                    return True
        return any(type(item) in _CONTAINERS and _fast_walk(item, context, depth + 1) for item in node)
    return False


_CONTAINERS = (list, _Pairs)


def _fast_pairs(node: _Pairs, context: RefKind | None, depth: int) -> bool:
    kinds = _key_kinds()
    for key, value in node:
        kind_of = type(value)
        if kind_of is str:
            if "/" in value and _is_ref(key, value, _kind_of_key(kinds, key, context) or _marked_kind(value)):
                return True
        elif kind_of in _CONTAINERS:
            kind = _kind_of_key(kinds, key, context)
            if kind is not None and kind_of is list and any(type(item) is str and _is_ref(key, item, kind)
                                                            for item in value):
                return True
            if kind is not None and kind_of is _Pairs and _weights([w for _, w in value]) \
                    and any(_is_ref(key, item, kind) for item, _ in value):
                return True
            if kind is not None and kind_of is _Pairs and vocabulary().names_a_table(key) \
                    and any(type(item) is str and _is_ref(key, item, kind)
                            for _, entry in value for item in (entry if type(entry) is list else [entry])):
                return True  # `"models": {"small": "org/x"}`: a table of ids (the walker reads its values)
            parameter_kind_, values = _parameter_values(key, value) if kind_of is _Pairs else (None, [])
            if any(type(item) is str and _is_ref(key, item, parameter_kind_, parameter=True) for item in values):
                return True
            if _fast_walk(value, kind, depth + 1):
                return True
    return False


def _kind_of_key(kinds: dict[tuple[str, RefKind | None], RefKind | None], key: str,
                 context: RefKind | None) -> RefKind | None:
    kind = kinds.get((key, context), _UNSEEN)
    if kind is _UNSEEN:
        kind = kinds[(key, context)] = config_key_kind(key, context)
    return kind  # type: ignore[no-any-return]


def _is_ref(key: str, value: str, kind: RefKind | None, parameter: bool = False) -> bool:
    """Would scan_json's candidate for this string give a reference? (No kind: the walk does not take it.)"""
    return kind is not None and "/" in value and bool(
        _candidate_ids(_Candidate(key, value, None, 0, 0, None, kind, parameter=parameter)))


# A JSON object key (the string before a colon): only keys give a JSON value a context (config_key_kind).
_JSON_KEY_RE = re.compile(r'"([^"\\\n]*+(?:\\.[^"\\\n]*+)*+)"\s*:')  # (unrolled: one way to match each key)
# A command-line option written as a JSON string ("--model_name_or_path"): the context of the next array element.
_JSON_OPTION_RE = re.compile(r'"(--[A-Za-z][\w-]*)"\s*,')


def _json_contexts(text: str) -> str:
    """The object keys and command-line options of a JSON text: the only places a value's context is spelled."""
    return " ".join([*_JSON_KEY_RE.findall(text), *_JSON_OPTION_RE.findall(text)])


def _has_candidate(text: str) -> bool:
    return any(is_hub_id(value) for value in quoted_candidates(text))


def scan_toml(text: str, file: str, held: HeldReader = shell_only) -> tuple[list[ModelReference], list[Problem]]:
    """A TOML file's references: values under model / dataset keys, Hub file addresses, and the command lines of its
    task runners' tasks (_task_refs, each read by `held`)."""
    try:
        data = loads_toml(text)
    except DepthError as exc:
        return [], [_problem(file, None, f"is not usable TOML ({exc})")]
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        return [], [_problem(file, int(match.group(1)) if match else None, f"is not valid TOML ({exc})")]
    lines = LineIndex(text)
    used: set[int] = set()
    places = _TomlPlaces(text)
    cands: list[_Candidate] = []
    for key, value, revision, kind in _toml_pairs(data):
        if hub_id_or_none(_unmarked(value)) is None and hub_address_or_none(value) is None:
            continue
        line, col, end = places.locate(lines, key, value, used)
        cands.append(_Candidate(key, value, revision, line, col, end, kind))
    if may_hold_file_address(text):
        for key, value in _toml_strings(data):
            if file_addresses_in(value) and not any(c.value == value and c.key == key for c in cands):
                line, col, end = places.locate(lines, key, value, used)
                cands.append(_Candidate(key, value, None, line, col, end, None, True))
    found = _refs(cands, file, lines)
    if isinstance(data, dict) and ("tasks" in text or "scripts" in text or "cibuildwheel" in text):
        seen = {(r.line, r.id) for r in found}
        found += [r for r in _task_refs(text, data, file, lines, held) if (r.line, r.id) not in seen]
    return found, []


# Task runners kept in TOML whose tasks are command lines: pixi (`[tasks]`, `[feature.X.tasks]`, `[target.X.tasks]`,
# or under `[tool.pixi]`), mise (`[tasks]`, `[tasks.NAME] run = ...`), poethepoet (`[tool.poe.tasks]`), PDM and Rye
# (`[tool.pdm.scripts]`, `[tool.rye.scripts]`), taskipy (`[tool.taskipy.tasks]`) and Hatch
# (`[tool.hatch.envs.ENV.scripts]`). A task is a string, a list of them (Hatch: one command each), or a table whose
# command key holds it (pixi `cmd`, mise `run`, poe `cmd` / `shell`, PDM `cmd` / `shell`).
_TASK_TABLES = frozenset({"tasks", "scripts"})
_TASK_COMMAND_KEYS = ("cmd", "run", "shell", "cmds", "commands", "run_windows")
# Tables of that name that are not commands: a package's console entry points (`module:function`).
_ENTRY_POINT_PARENTS = frozenset({"project", "poetry", "flit", "setuptools"})
_MAX_TASK_COMMANDS = 2000


def _task_commands(data: dict[str, Any], parent: str = "", depth: int = 0) -> Iterator[str]:
    """The command lines of every task table in a TOML document (see _TASK_TABLES), in document order."""
    if depth > 5:
        return
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        if key == "cibuildwheel" and parent == "tool":
            yield from _cibuildwheel_commands(value)
        elif key in _TASK_TABLES and parent not in _ENTRY_POINT_PARENTS:
            for task in value.values():
                held = [task.get(k) for k in _TASK_COMMAND_KEYS] if isinstance(task, dict) else [task]
                for item in held:
                    for command in item if isinstance(item, list) else [item]:
                        if isinstance(command, str) and "/" in command:
                            yield command
        else:
            yield from _task_commands(value, key, depth + 1)


# cibuildwheel's options that are command lines it runs while building and testing wheels (`[tool.cibuildwheel]`, its
# per-platform tables `.linux` / `.macos` / `.windows` / `.pyodide`, and `[[tool.cibuildwheel.overrides]]`): a string
# or a list of strings (each one command).
_CIBW_COMMAND_KEYS = ("before-all", "before-build", "before-test", "test-command", "repair-wheel-command")
_CIBW_PLATFORMS = ("linux", "macos", "windows", "pyodide", "ios")


def _cibuildwheel_commands(table: dict[str, Any]) -> Iterator[str]:
    """The command lines of a `[tool.cibuildwheel]` table (see _CIBW_COMMAND_KEYS), its platform tables' and its
    overrides' too."""
    tables = [table, *(table.get(p) for p in _CIBW_PLATFORMS)]
    overrides = table.get("overrides")
    tables += overrides if isinstance(overrides, list) else []
    for held in tables:
        if not isinstance(held, dict):
            continue
        for key in _CIBW_COMMAND_KEYS:
            item = held.get(key)
            for command in item if isinstance(item, list) else [item]:
                if isinstance(command, str) and "/" in command:
                    yield command


def _task_refs(text: str, data: dict[str, Any], file: str, lines: LineIndex,
               held: HeldReader) -> list[ModelReference]:
    """The references of a TOML task runner's command lines (see _TASK_TABLES), read as shell with the Python their
    `python -c` runs; each at its token in the file: the first place at or after the command's own first line (a
    multi-line string joined at its backslashes spells its words on its own lines) after the token's last place
    (one search per reference: commands are read in document order)."""
    out: list[ModelReference] = []
    last: dict[str, int] = {}  # token -> where it was last placed: the next place of the same token is after it
    cursor = 0
    for command in itertools.islice(_task_commands(data), _MAX_TASK_COMMANDS):
        head = command.strip().split("\n", 1)[0][:40]
        anchor = text.find(head, cursor) if head else -1
        if anchor < 0:
            anchor = cursor
        else:
            cursor = anchor
        for _line, _column, token, model_id, kind, revision, how in held(command, {}):
            at = text.find(token, max(anchor, last.get(token, -1) + 1))
            if at < 0:  # a table written before the one the cursor passed (TOML's tables need not be in order)
                at = text.find(token)
            if at < 0:
                continue
            last[token] = at
            line, column = lines.position(at)
            out.append(ModelReference(id=model_id, revision=revision, kind=kind, file=file, line=line, column=column,
                                      end_column=column + len(token), snippet=lines.snippet(line),
                                      how=f"task: {how}"))
    return out


# `key = value` / `key: value` of an INI-style file (setup.cfg, tox.ini, a project's own settings.ini).
_INI_PAIR_RE = re.compile(r"^[ \t]*([A-Za-z_][\w.-]*)[ \t]*[=:][ \t]*(\S(?:.*\S)?)[ \t]*$")


def scan_ini(text: str, file: str, held: HeldReader = shell_only) -> tuple[list[ModelReference], list[Problem]]:
    """References in an INI-style config (`.cfg`, `.ini`, `.gitmodules`): a value under a model or dataset key
    (`model = org/x`, `model_name_or_path: org/x`), a Hub file address under any key, or a submodule's Hub repository
    URL. Line by line, as configparser reads it (comments `#` / `;` start a line); values may be quoted."""
    from auditor.scan.shell import may_hold  # the same cheap test as a script: an id-like word, a URL

    if not may_hold(text):
        return [], []
    addresses = may_hold_file_address(text)
    submodules = file.rsplit("/", 1)[-1] == ".gitmodules"
    lines = LineIndex(text)
    cands: list[_Candidate] = []
    commands: list[tuple[int, int, str]] = []  # (line, 0-based offset, text) of tox's `commands =` lines
    in_commands = False
    section: RefKind | None = None  # `[model]`: its `name = org/x`, `path = org/x` name the model (_GENERIC_ID_KEYS)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("[") and (header := _INI_SECTION_RE.match(line)) is not None:
            section = config_key_kind(header.group(1).strip())
            in_commands = False
            continue
        if in_commands and line[:1] in (" ", "\t") and line.strip():
            if not line.lstrip().startswith(("#", ";")):
                commands.append((number, len(line) - len(line.lstrip()), line.lstrip()))
            continue
        match = _INI_PAIR_RE.match(line)
        in_commands = False
        if match is None or line.lstrip().startswith(("#", ";")):
            in_commands = _INI_COMMANDS_RE.match(line) is not None
            continue
        if match.group(1).lower() in _INI_COMMAND_KEYS:
            in_commands = True
            commands.append((number, match.start(2), match.group(2)))
            continue
        key, raw = match.group(1), match.group(2)
        value = raw[1:-1] if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "\"'" else raw
        column = match.start(2) + 1 + (1 if value is not raw else 0)
        kind = config_key_kind(key, section)
        if submodules and key == "url" and hub_address_or_none(value) is not None:
            kind = "model"  # `.gitmodules`: a submodule cloned from a Hub repository (its URL says model or dataset)
        address = kind is None and addresses and bool(file_addresses_in(value))
        if kind is not None or address:
            cands.append(_Candidate(key, value, None, number, column, column + len(value), kind, address))
    return _refs(cands, file, lines) + _ini_command_refs(commands, file, lines, held), []


_INI_SECTION_RE = re.compile(r"\[([^\[\]\n]{1,80})\][ \t]*(?:[#;].*)?$")
# tox's (and setup.cfg's [tox:...]) keys whose value is command lines, one a line, continued on indented lines.
_INI_COMMAND_KEYS = frozenset({"commands", "commands_pre", "commands_post"})
_INI_COMMANDS_RE = re.compile(r"^[ \t]*commands(?:_pre|_post)?[ \t]*=[ \t]*$", re.IGNORECASE)


def _ini_command_refs(commands: list[tuple[int, int, str]], file: str, lines: LineIndex,
                      held: HeldReader) -> list[ModelReference]:
    """The references in command lines held by an INI key (`commands = python serve.py --model org/x`), read as
    shell (auditor/scan/shell.py), each at its own line and column."""
    out: list[ModelReference] = []
    for number, offset, command in commands:
        for _t_line, t_col, token, model_id, kind, revision, how in held(command, {}):
            out.append(ModelReference(
                id=model_id, revision=revision, kind=kind, file=file, line=number, column=offset + t_col,
                end_column=offset + t_col + len(token), snippet=lines.snippet(number),
                how=f"command: {how}",
            ))
    return out


def _toml_strings(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string value of a TOML document with the key it sits under (an array's items under the array's key)."""
    if isinstance(data, dict):
        for k, value in data.items():
            yield from _toml_strings(value, str(k))
    elif isinstance(data, list):
        for item in data:
            yield from _toml_strings(item, key)
    elif isinstance(data, str):
        yield key, data


def _toml_pairs(data: Any, context: RefKind | None = None) -> Iterator[tuple[str, str, str | None, RefKind]]:
    if isinstance(data, dict):
        revision = next((revision_or_none(data[k]) for k in REVISION_KEYS if k in data), None)
        for key, value in data.items():
            kind = config_key_kind(key, context) or _marked_kind(value)
            if kind is not None:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        yield key, item, revision, kind
            yield from _toml_pairs(value, kind if isinstance(value, list | dict) else None)
    elif isinstance(data, list):
        for item in data:
            yield from _toml_pairs(item, context)


class _TomlPlaces:
    """Where each quoted value of a TOML text stands, found in one pass: by the key assigned it (`key = "v"`, also
    dotted and inline-table keys) and by the value alone (arrays). Each candidate takes the first place not yet
    taken, so the same value under several keys is cited at each of its lines. One pass and a cursor per list, not
    a search of the whole text per candidate: 50,000 keys naming one model were quadratic (minutes)."""

    _ASSIGN = re.compile(r"""(?:^|[\s{,.])["']?([^\s"'=.{},\[\]]+)["']?[ \t]*=[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*')""",
                         re.M)
    _QUOTED = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'""")

    def __init__(self, text: str) -> None:
        self.text = text
        self.by_key: dict[tuple[str, str], list[int]] = {}
        self.by_value: dict[str, list[int]] = {}
        self.cursor: dict[object, int] = {}
        for match in self._ASSIGN.finditer(text):
            self.by_key.setdefault((match.group(1), match.group(2)[1:-1]), []).append(match.start(2))
        for match in self._QUOTED.finditer(text):
            self.by_value.setdefault(match.group(0)[1:-1], []).append(match.start())

    def _first_free(self, name: object, places: list[int], used: set[int]) -> int | None:
        i = self.cursor.get(name, 0)
        while i < len(places) and places[i] in used:
            i += 1
        self.cursor[name] = i
        return places[i] if i < len(places) else None

    def locate(self, lines: LineIndex, key: str, value: str, used: set[int]) -> tuple[int, int, int | None]:
        """(line, column, end column) of `key = "value"`, else of the value's first free occurrence, else
        (1, 1, None)."""
        exact = self.by_key.get((key, value))
        if not exact:  # a key the one pass does not split (quoted, with spaces): searched for as before
            return _locate_toml(self.text, lines, key, value, used)
        start = self._first_free(("key", key, value), exact, used)
        if start is None:
            loose = self.by_value.get(value)
            start = self._first_free(("value", value), loose, used) if loose else None
        if start is None:
            return 1, 1, None
        used.add(start)
        line, col = lines.position(start)
        return line, col, col + len(value) + 2


def _locate_toml(
    text: str, lines: LineIndex, key: str, value: str, used: set[int]
) -> tuple[int, int, int | None]:
    quoted = rf"(?:\"{re.escape(value)}\"|'{re.escape(value)}')"
    exact = re.compile(rf"(?:^|[\s{{,.])[\"']?{re.escape(key)}[\"']?[ \t]*=[ \t]*({quoted})", re.M)
    loose = re.compile(quoted)
    for pattern in (exact, loose):
        for match in pattern.finditer(text):
            start = match.start(1) if pattern is exact else match.start()
            if start in used:
                continue
            used.add(start)
            end = match.end(1) if pattern is exact else match.end()
            line, col = lines.position(start)
            return line, col, col + (end - start)
    return 1, 1, None


def _problem(file: str, line: int | None, message: str) -> Problem:
    return Problem(code="scan-config-invalid", message=f"{message}; model references in it were not scanned",
                   file=file, line=line)  # fmt: skip


def yaml_file(rel: str) -> bool:
    """A YAML config by its name: `.yaml` / `.yml`, and lm-evaluation-harness's task templates, which its task files
    `include:` and which carry no extension (`_default_template_yaml`: `dataset_path: cais/mmlu` for every subject)."""
    lower = rel.lower()
    if lower.endswith((".yaml", ".yml")):
        return True
    base = lower.rsplit("/", 1)[-1]
    return (base.startswith("_") and base.endswith("_yaml")) or base == "mlproject"  # MLflow's project file
