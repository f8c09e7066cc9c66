"""The mergekit configuration of a merge: the file mergekit writes beside the weights (`mergekit_config.yml`,
or `mergekit_moe_config.yml` for mergekit-moe), read by the local and Hub sources alike, and the copy a
merge's card carries ("The following YAML configuration was used to produce this model") for repositories
that do not ship the file: either is often the only place that names the models a merge was made from.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.safeyaml import YamlError, load_yaml
from auditor.sources.shapes import type_name

MAX_CARD_CHARS = 200_000
# A fenced block and its info string: "```yaml", "```", and what people write around the language ("```.yaml:",
# "```yaml title=config.yml", "``` YAML"); a block labelled with another language (python, bash) is not read.
# Indented fences count too: a config pasted in a list item or inside <details> ("  ```yml") is the same config.
_FENCED_YAML = lazy_compile(r"^(?P<indent>[ \t]*)```(?P<info>[^`\r\n]*)\r?\n(?P<body>.*?)^[ \t]*```",
                            re.MULTILINE | re.DOTALL)
# mergekit-multi's file: several configurations in one YAML stream, each intermediate `name:`d, the last one the model.
_DOCUMENT_BREAK = lazy_compile(r"^---[ \t]*$", re.MULTILINE)
_YAML_INFO = lazy_compile(r"ya?ml", re.IGNORECASE)
MAX_CARD_STAGES = 8  # mergekit blocks read from one card: a multi-stage merge shows one per stage
LATER_STAGES = "_card_later_stages"  # key of the combined config under which the card's later blocks are kept
PRODUCTS = "_card_stage_products"  # key of the names the card gives a stage's result ("The Orca2flat model uses ...")
# The line before a block that names what the block makes: "The Orca2flat model uses the following mergekit yaml:",
# "Orca2flat was made with this config:". That name in another stage is the earlier result, no ingredient. The
# leading marks are possessive: a line of dashes is refused once, not split every way between marks and name.
_PRODUCT_LINE = lazy_compile(
    r"^\W*+(?:the\s+)?`?(?P<name>[\w.-]{3,100})`?\s+(?:model\s+)?(?:uses|used|was\s+(?:made|merged|created|built)"
    r"\s+(?:with|using|from))\s+(?:the\s+following|this)\b", re.IGNORECASE)
_NOT_A_NAME = frozenset({"this", "that", "it", "which", "model", "merge", "following"})  # "This model was made with"
CARD_LOCATION = "README.md#mergekit-configuration"
# The names mergekit (mergekit-yaml, mergekit-moe) writes its configuration under, in the order they are read.
CONFIG_FILES = ("mergekit_config.yml", "mergekit_config.yaml", "mergekit_moe_config.yml")
MAX_CONFIG_BYTES = 64 * 1024
_KEYS = frozenset({"merge_method", "models", "slices", "experts"})  # experts: mergekit-moe


# A block line that only a mergekit configuration starts (with the tool named, `models:`/`slices:` too): a block that
# has one and cannot be read is a configuration left unread, not a snippet that is not one.
_OWN_KEY_LINE = lazy_compile(r"^[ \t]*(?:merge_method|gate_mode|experts)[ \t]*:", re.MULTILINE)
_NAMED_KEY_LINE = lazy_compile(r"^[ \t]*(?:merge_method|gate_mode|experts|models|slices)[ \t]*:", re.MULTILINE)


def mergekit_config_from_card(card_text: str | None, problems: list[Problem] | None = None) -> dict[str, Any] | None:
    """The fenced blocks of a card that read as mergekit configurations, as one config, or None.

    A block in a card that mentions mergekit counts when it is a mapping with merge_method, models, slices or
    mergekit-moe's experts. A card that does not name the tool ("I used this repo to make this MOE model") still
    carries its configuration when the block has keys only mergekit writes: `merge_method`, or mergekit-moe's
    `experts` with `gate_mode` or `source_model` entries; `models` or `slices` alone are too common a word to count
    there. A fence without a language ("```") counts as well: a config pasted under "Config:" is still one, and so
    does one whose language is written with marks around it ("```.yaml:"); a block in another language does not.
    A merge made in stages shows one block per stage ("Slerp 1:", "Slerp 2:"): the first is the config returned and
    the later ones are kept under LATER_STAGES, so the models every stage merged are read (lineage/bases.py); the
    names the card gives a stage's result on the line before its block ("The Orca2flat model uses the following
    mergekit yaml:") are kept under PRODUCTS, as that name in another stage is the earlier result, no ingredient.
    Bounded: only the card's first 200,000 characters and MAX_CARD_STAGES blocks, each through the project's safe
    YAML loader. When no configuration is read although a block that has mergekit's keys was refused (an alias
    bomb, too deep, invalid) or the card runs past those characters with such a key after them, that is said in
    `problems` (the merged models it names are unknown, not absent: fail closed)."""
    if not card_text:
        return None
    text = card_text[:MAX_CARD_CHARS]
    named = "mergekit" in text.lower()
    keys = _NAMED_KEY_LINE if named else _OWN_KEY_LINE
    refused: Problem | None = None
    found: list[dict[str, Any]] = []
    products: list[str] = []
    for match in _FENCED_YAML.finditer(text):
        body, info = textwrap.dedent(match.group("body")), match.group("info").strip()
        yaml_info = _YAML_INFO.search(info) is not None
        if (info and not yaml_info) or (not yaml_info and ":" not in body):
            continue
        try:
            documents = _documents(body)
        except YamlError as exc:
            if refused is None and keys.search(body) is not None:
                line = text.count("\n", 0, match.start("body")) + 1
                refused = Problem("mergekit-config-invalid", f"README.md:{line}: the card's mergekit configuration "
                                  f"could not be read ({exc.message[:200]}); the models it merges were not read",
                                  file="README.md", line=line)
            continue
        configs = [d for d in documents if isinstance(d, dict) and (_KEYS & set(d) if named else _own_keys(d))]
        if not configs:
            continue
        found.extend(configs)
        products.extend(_stage_names(configs))
        product = _PRODUCT_LINE.match(_line_before(text, match.start()))
        if product is not None and product.group("name").lower() not in _NOT_A_NAME:
            products.append(product.group("name"))
        if len(found) >= MAX_CARD_STAGES:
            # Stages past the bound are not read: said, since the models they merge are unknown, not absent.
            more = len(found) > MAX_CARD_STAGES or keys.search(text, match.end()) is not None
            found = found[:MAX_CARD_STAGES]
            if more and problems is not None:
                problems.append(Problem(
                    "mergekit-config-invalid", f"README.md: the card's mergekit configuration has more than "
                    f"{MAX_CARD_STAGES} stages; the later stages were not read, nor the models they merge",
                    file="README.md"))
            break
    if found:
        combined = found[0] if len(found) == 1 else {**found[0], LATER_STAGES: found[1:]}
        return {**combined, PRODUCTS: products} if products and len(found) > 1 else combined
    if refused is None and len(card_text) > MAX_CARD_CHARS and keys.search(card_text):
        refused = Problem("mergekit-config-invalid", f"README.md: the card is longer than {MAX_CARD_CHARS:,} "
                          "characters, past which a mergekit configuration was not read; the models it merges were "
                          "not read",
                          file="README.md")
    if refused is not None and problems is not None:
        problems.append(refused)
    return None


def _documents(body: str) -> list[Any]:
    """A block's YAML documents. One document is read as it is; a mergekit-multi file (several separated by `---`,
    the intermediates `name:`d) is ordered with the model's own configuration (the one without a name) first and
    the named steps after it: the steps are earlier stages, whose results the last one names (`model:
    knowledge_core`), so their names are results and only the Hub ids they merge are ingredients
    (lineage/bases.py). Raises YamlError when any document cannot be read (the configuration is then unread)."""
    parts = [p for p in _DOCUMENT_BREAK.split(body) if p.strip()]
    if len(parts) < 2:
        return [load_yaml(body, file="README.md")]
    loaded = [load_yaml(part, file="README.md") for part in parts[:MAX_CARD_STAGES + 1]]  # one more: a cut is seen
    if not any(isinstance(d, dict) and isinstance(d.get("name"), str) for d in loaded):
        return loaded
    return sorted(loaded, key=lambda d: isinstance(d, dict) and isinstance(d.get("name"), str))


def _stage_names(configs: list[dict[str, Any]]) -> list[str]:
    """The names mergekit-multi gives its intermediate steps (`name: knowledge_core`): results, no ingredients."""
    return [c["name"].strip() for c in configs if isinstance(c.get("name"), str) and c["name"].strip()]


def _line_before(text: str, at: int) -> str:
    """The last non-blank line before position `at` (a block's opening fence), at most 300 characters of it."""
    for line in reversed(text[max(0, at - 2000):at].splitlines()):
        if line.strip():
            return line.strip()[:300]
    return ""


def _own_keys(config: dict[str, Any]) -> bool:
    """Whether a mapping has keys that only mergekit's configurations have (see mergekit_config_from_card)."""
    if "merge_method" in config:
        return True
    experts = config.get("experts")
    return isinstance(experts, list) and ("gate_mode" in config or any(
        isinstance(e, dict) and "source_model" in e for e in experts))


def config_file_in(files: tuple[str, ...] | None) -> str | None:
    """The first mergekit configuration file a repository's top-level file list shows, or None."""
    present = set(files or ())
    return next((name for name in CONFIG_FILES if name in present), None)


def yaml_problem(code: str, exc: YamlError, file: str) -> Problem:
    """A metadata file that is not YAML we read, as a problem whose message names the file and line (the
    finding that reports it shows only the message)."""
    where = f"{file}, line {exc.line}" if exc.line is not None else file
    return Problem(code, f"{where}: {exc.message}; not read", file=file, line=exc.line)


def parse_config_file(text: str, file: str) -> tuple[dict[str, Any] | None, Problem | None]:
    """(mapping, None) for a configuration file that reads as a mapping, (None, problem) for a YAML error,
    (None, problem) for a file that holds something else (a list, a scalar: nothing to name bases from), and
    (None, None) for an empty one.

    The same safe loader and the same problem code (`mergekit-yaml-error`, with file and line) wherever the
    file was read, so a local folder and its pushed repository say the same thing.
    """
    try:
        loaded = load_yaml(text, file=file)
    except YamlError as exc:
        return None, yaml_problem("mergekit-yaml-error", exc, file)
    if loaded is None or isinstance(loaded, dict):
        return loaded, None
    return None, Problem("mergekit-config-invalid", f"{file} holds {type_name(loaded)}, not a mapping of mergekit "
                         "settings; the models it merges cannot be read from it", file=file)
