"""Model references in shell scripts, Dockerfiles, Makefiles and `.env` files: the command lines and variables that
download or serve a Hub repository (`huggingface-cli download org/x`, `vllm serve org/x`, `--model-id org/x`,
`llama-server -hf org/x-GGUF`, `ENV MODEL_ID=org/x`, `EMBED_MODEL="org/x"`, `git clone https://huggingface.co/...`).

Why line by line and not a shell parser: these files are read, never run, and what names a model is local to one
command: a known subcommand's positional argument, an option or variable whose name says model or dataset (the same
vocabulary as code and configs: `Vocabulary.name_kind`, so `--output_dir`, `HUB_MODEL_ID` and `--push_to_hub_model_id`
are write targets, not references), or a Hub URL. An `org/name` string anywhere else (a docker image, a GitHub
repository, a path) is never a reference. Commands that write to the Hub (`huggingface-cli upload`, `git push`) are
skipped whole. A `\\` continuation joins physical lines into one command; each token keeps its own line and column.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from auditor.model import Problem
from auditor.scan.apptainer import apptainer_file
from auditor.scan.hubswitch import HUB_ADDRESS_RE, SWITCH_MARKS, shell_switched_lines, switched_at
from auditor.scan.kv import kv_pairs
from auditor.scan.params import parameter_kind, parameter_value_id
from auditor.scan.prefilter import is_hub_id
from auditor.scan.refs import (
    SPLIT_NAMES,
    ModelReference,
    RefKind,
    Snippets,
    address_how,
    file_addresses_in,
    hub_address_or_none,
    hub_id_or_none,
    is_litgpt,
    litgpt_checkpoint,
    revision_or_none,
    spells_hf_scheme,
    without_quant_tag,
    without_sample_count,
)
from auditor.scan.vocab import PROVIDER_PREFIXES, Vocabulary, split_words, vocabulary

# A shell word (quoted parts included) or a run of command separators.
# A `<placeholder>` right after `:` or `/` is part of the word, never a redirection (`https://<user>:<token>@hf.co/x`,
# templates a reader fills in).
# A Make or shell variable reference without spaces (`$(HF_TOKEN)`, `$(MODEL)`) is part of the word it sits in
# (`https://user:$(HF_TOKEN)@huggingface.co/org/x`), never a subshell's parentheses.
_TOKEN_RE = re.compile(
    r"""(?P<sep>[;|&()]+)|(?:"(?:[^"\\]|\\.)*"?|'[^']*'?|(?<=[:/])<[\w.-]+>|\$\([A-Za-z_][\w.-]*\)|[^\s"';|&()<>`])+""")
# NAME=value (shell, .env, Dockerfile ENV/ARG) and Hydra overrides (model.name_or_path=org/x, +model=org/x)
_ASSIGN_RE = re.compile(r"^\+{0,2}([A-Za-z_][\w.]*)=(.*)$", re.S)
# Make's variable assignments: MODEL ?= org/x, MODEL := org/x, export MODEL = org/x
_MAKE_ASSIGN_RE = re.compile(r"^\s*(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*(?:[:?+!]|::)?=\s*(\S.*?)\s*$")
# gin-config bindings: `get_embedding.model_name = "org/x"`, scoped `train/build.model = "org/x"` (the name is the part
# after the scope), macros `MODEL = "org/x"`; a value on the same line only.
_GIN_ASSIGN_RE = re.compile(r"^(?:[A-Za-z_][\w.]*/)*([A-Za-z_][\w.]*)\s*=\s*(\S.*?)\s*$")
# ${NAME:-default}, ${NAME-default}, ${NAME:=default}: the default is what the script uses when nothing is set; a
# positional parameter's too (`MODEL_ID="${1:-org/x}"`: the script's first argument, else org/x).
_DEFAULT_RE = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+):?[-=](.*)\}$", re.S)
# Options that name a Hub repository whatever their words say (llama.cpp -hf, mlx_lm.convert --hf-path).
_HUB_OPTIONS = frozenset({"-hf", "-hfr", "--hf-repo", "-hfd", "--hf-repo-draft", "--hf-path", "--hf_path"})
# Options whose value is itself an assignment the program is given: a container's environment (`docker run -e
# MODEL_ID=org/x`, `--env`), an image's build argument (`docker build --build-arg MODEL_NAME=org/x`), a Helm value
# (`helm install --set model.id=org/x`). The name inside says what the value is, as in `MODEL_ID=org/x` on its own.
_ASSIGNING_OPTIONS = frozenset({"-e", "--env", "--build-arg", "--set", "--set-string"})
# Helm's (and helmfile's) value overrides: `--set servingEngineSpec.modelSpec[0].modelURL=org/x,replicaCount=2`, a
# path of keys with list indices, several entries joined by commas (`\\,` is a comma of a value).
_HELM_SET_OPTIONS = frozenset({"--set", "--set-string"})
_HELM_ENTRY_RE = re.compile(r"([A-Za-z_][\w.-]*(?:\[\d+\][\w.-]*)*)=((?:[^,\\]|\\.)*)")
_HELM_INDEX_RE = re.compile(r"\[\d+\]")
# The last key of a chart's container image (`engine.image.repository=vllm/vllm-openai`): an image, never a model,
# whatever words the path above it holds (`modelSpec[0].repository`).
_HELM_IMAGE_KEYS = frozenset({"repository", "image", "tag", "registry", "imagename", "pullpolicy"})
# Option words that name an alias of a model, not the model loaded (vLLM --served-model-name).
_ALIAS_WORDS = ("served", "alias")
# Options that never take a value (everything else starting with "-" is read as taking the next word).
_FLAGS = frozenset({"--quiet", "--force-download", "--resume-download", "--dry-run", "-q", "-y", "--yes", "-d",
                    "--trust-remote-code", "--help", "-h", "--rm", "-it", "-i", "-t"})  # fmt: skip
_DOWNLOADERS = frozenset({"huggingface-cli", "hf"})
_SERVERS = frozenset({"vllm", "sglang", "lmdeploy", "aphrodite"})  # `vllm serve org/x`
_LMDEPLOY_SERVERS = frozenset({"api_server", "gradio"})  # `lmdeploy serve api_server org/x`
# Other subcommands of those servers that load the model named next: `aphrodite run org/x` (its serve command),
# `lmdeploy chat org/x`.
_RUN_SUBCOMMANDS = frozenset({("aphrodite", "run"), ("lmdeploy", "chat")})
# One-word serving commands whose first positional word is the model: TensorRT-LLM's `trtllm-serve org/x`.
_SERVE_COMMANDS = frozenset({"trtllm-serve"})
_PULLERS = frozenset({"ollama", "docker-model"})  # `ollama pull hf.co/org/x` (an address only)
# Commands whose subcommand fetches or serves the model named next, with an owner (their own catalogs' short names,
# `lms get llama-3.2-1b`, `openllm serve llama3.2:1b`, are not Hub repositories): LM Studio's `lms get org/x` /
# `lms load org/x` (a `@q4_k_m` after the id picks a file), BentoML's `openllm serve org/x`.
_OWNER_SUBCOMMANDS = frozenset({("lms", "get"), ("lms", "load"), ("openllm", "serve"), ("openllm", "start")})
# MLC LLM's `mlc_llm serve HF://mlc-ai/x` / `mlc_llm chat HF://...`: its Hub scheme, any case; a plain word is a local
# folder of compiled weights.
_MLC_SUBCOMMANDS = frozenset({"serve", "chat", "bench", "gen_config", "convert_weight", "compile"})
# Servers run as a Python module whose first positional word is the model (`python -m lmdeploy.serve.openai.api_server
# org/x`, as `lmdeploy serve api_server org/x`).
_MODULE_SERVERS = frozenset({"lmdeploy.serve.openai.api_server", "lmdeploy.serve.gradio.app"})
# vLLM's `--lora-modules name=org/x [name2=org/y ...]` (or `'{"name": "n", "path": "org/x", ...}'`): each adapter
# served beside the base model.
_LORA_OPTIONS = frozenset({"--lora-modules", "--lora_modules"})
# LitGPT: `litgpt download org/x`, `litgpt finetune_lora checkpoints/org/x`: its commands take the repository (or the
# folder it downloads it to, checkpoints/ORG/NAME) first.
_LITGPT_SUBCOMMANDS = frozenset({"download", "chat", "generate", "serve", "evaluate", "pretrain", "finetune",
                                 "finetune_lora", "finetune_full", "finetune_adapter", "finetune_adapter_v2",
                                 "convert_to_litgpt", "merge_lora", "quantize"})
# LitGPT's options naming the folder a repository was downloaded to (checkpoints/ORG/NAME).
_LITGPT_OPTIONS = frozenset({"--checkpoint_dir", "--checkpoint-dir", "--initial_checkpoint_dir",
                             "--initial-checkpoint-dir", "--tokenizer_dir", "--tokenizer-dir"})

DOCKERFILE_NAMES = ("dockerfile", "containerfile", "earthfile")  # an Earthfile's targets `RUN` as a Dockerfile
MAKEFILE_NAMES = frozenset({"makefile", "gnumakefile"})
JUSTFILE_NAMES = frozenset({"justfile", ".justfile"})  # casey/just
MODELFILE_NAMES = frozenset({"modelfile"})  # Ollama: `FROM hf.co/org/x-GGUF:Q4_K_M` builds on a Hub repository
SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".fish", ".slurm", ".sbatch", ".mk", ".ps1")
# Terraform / HCL: `hf_model_id = "org/x"` (a SageMaker or Hub-endpoint module's input), a variable's `default`.
HCL_SUFFIXES = (".tf", ".tfvars", ".hcl")
# Azure Bicep: `param modelId string = 'org/x'` (a template's input, e.g. the model a Container App's vLLM serves), a
# `.bicepparam` file's `param modelId = 'org/x'`, a `var`.
BICEP_SUFFIXES = (".bicep", ".bicepparam")
BATCH_SUFFIXES = (".bat", ".cmd")  # Windows: `set MODEL_ID=org/x`, `python app.py --model org/x`; REM / :: comments


def command_file_kind(rel: str) -> str | None:
    """'shell', 'batch', 'docker', 'make', 'env', 'modelfile', 'procfile', 'unit' (a systemd unit), 'apptainer' (a
    container definition, auditor/scan/apptainer.py), 'gin' (a
    gin-config file: `fn.param = "org/x"` bindings), 'hcl' (Terraform) or 'bicep' for a file this module reads (by its
    name), else None."""
    name = rel.rsplit("/", 1)[-1].lower()
    if name.endswith(SHELL_SUFFIXES):
        return "make" if name.endswith(".mk") else "shell"
    if name.endswith(BATCH_SUFFIXES):
        return "batch"
    if name in MAKEFILE_NAMES or name in JUSTFILE_NAMES or name.endswith(".just"):
        return "make"  # a justfile's `MODEL := "org/x"` and recipes are read as Make's (its variables are global too)
    if name in DOCKERFILE_NAMES or name.startswith(("dockerfile.", "containerfile.")) \
            or name.endswith((".dockerfile", ".containerfile")):
        return "docker"
    if name == ".envrc" or name.startswith(".envrc."):
        return "shell"  # direnv runs it with bash: `export MODEL_ID=org/x`, `dotenv`, `layout python`
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return "env"
    if name in MODELFILE_NAMES or name.startswith("modelfile.") or name.endswith(".modelfile"):
        return "modelfile"
    if name.endswith(".gin"):
        return "gin"
    if name.endswith(HCL_SUFFIXES):
        return "hcl"
    if name.endswith(BICEP_SUFFIXES):
        return "bicep"
    if apptainer_file(name):
        return "apptainer"  # an Apptainer / Singularity definition: its %post / %environment / %runscript sections
    if name == "procfile" or name.startswith("procfile."):
        return "procfile"  # Heroku / foreman / honcho: `web: vllm serve org/x --port $PORT`
    if name.endswith(".service"):
        return "unit"  # a systemd unit: `ExecStart=/usr/bin/vllm serve org/x`, `Environment="MODEL_ID=org/x"`
    if name.endswith(".conf") and "supervisor" in rel.lower():
        return "supervisor"  # supervisord's `command=vllm serve org/x` (supervisord.conf, supervisor/conf.d/x.conf)
    return None


# A Procfile's `web: command` and a systemd unit's `ExecStart=command` / `Environment="K=V"` lines are command lines
# and variables behind a prefix the shell does not know. The prefix is blanked (columns kept), a unit's quotes around
# its assignments too, and every other line of a unit (`Description=...`, `[Service]`) emptied: the shell reader then
# reads what runs, at its own line and column.
_PROCFILE_RE = re.compile(r"[ \t]*[\w-]+[ \t]*:")
_UNIT_EXEC_RE = re.compile(r"[ \t]*Exec(?:Start|StartPre|StartPost|Reload|Stop|StopPost|Condition)[ \t]*="
                           r"[ \t]*[-@:+!]*")
_UNIT_ENV_RE = re.compile(r"[ \t]*Environment[ \t]*=")
# supervisord's `command=` (its indented lines below continue it, as an INI value's do).
_SUPERVISOR_COMMAND_RE = re.compile(r"[ \t]*command[ \t]*=[ \t]*")


def _as_script(lines: list[str], kind: str) -> list[str]:
    """A Procfile's or a unit's lines as the shell script they run (see above); other kinds' lines as they are."""
    if kind == "supervisor":
        return _supervisor_script(lines)
    if kind not in ("procfile", "unit"):
        return lines
    out: list[str] = []
    continued = False
    for line in lines:
        exec_line = _PROCFILE_RE.match(line) if kind == "procfile" else _UNIT_EXEC_RE.match(line)
        env_line = _UNIT_ENV_RE.match(line) if kind == "unit" and exec_line is None else None
        if exec_line is not None:
            out.append(" " * exec_line.end() + line[exec_line.end():])
        elif env_line is not None:
            out.append(" " * env_line.end() + line[env_line.end():].replace('"', " "))
        else:
            out.append(line if continued or line.lstrip().startswith("#") else "")
        continued = line.rstrip().endswith("\\") and (continued or exec_line is not None)
    return out


def _supervisor_script(lines: list[str]) -> list[str]:
    """A supervisord file's `command=` values as the command lines they run, a value continued on indented lines
    joined by a backslash (columns kept); every other line emptied (`[program:x]`, `directory=/opt/app`)."""
    out: list[str] = []
    within = False
    for line in lines:
        command = _SUPERVISOR_COMMAND_RE.match(line)
        if command is not None:
            out.append(" " * command.end() + line[command.end():])
            within = True
        elif within and line[:1] in (" ", "\t") and line.strip() and not line.lstrip().startswith((";", "#")):
            out[-1] += " \\"
            out.append(line)
        else:
            out.append("")
            within = False
    return out


_BATCH_COMMENT_RE = re.compile(r"^\s*(?:@?rem(?:\s|$)|::)", re.IGNORECASE)
# A word that could be an id (not inside a path: no word character, dot or slash right before it).
_CANDIDATE_RE = re.compile(r"(?<![\w./])[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}(?![\w/])")
# An id spelled around a variable (`meta-llama/Meta-Llama-3.1-${MODEL_SIZE}-Instruct`): its owner and the start of
# its name, up to the variable.
_PARTIAL_RE = re.compile(r"(?<![\w./$])([A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95})\$[({]?[A-Za-z_]")


def may_hold(text: str) -> bool:
    """The cheap test before tokenising: a Hub address, a word that passes the id test, or a legacy bare name such
    as gpt2 (most scripts have none: their slashes are paths)."""
    if "/" in text and ("huggingface.co/" in text or "hf.co/" in text or "checkpoints/" in text  # LitGPT's folders
                        or spells_hf_scheme(text)  # MLC LLM's scheme in any case (`mlc_llm serve HF://mlc-ai/x`)
                        or "azure-huggingface/" in text  # Azure's mirror of the Hub (refs.hub_address_or_none)
                        or any(is_hub_id(m.group(0)) for m in _CANDIDATE_RE.finditer(text))
                        or ("$" in text and any(is_hub_id(m.group(1).rstrip("-._") or "x")
                                                for m in _PARTIAL_RE.finditer(text)))):
        return True
    return any(name in text for name in vocabulary().st_legacy)  # `--model_name_or_path gpt2`: no slash at all


@dataclass(frozen=True)
class _Token:
    text: str  # as written, quotes included
    line: int
    column: int  # 1-based, characters
    sep: bool = False
    filled: str | None = None  # the text with the script's known variables filled in (auditor/scan/shell._expanded)

    @property
    def value(self) -> str:
        return _unquote(self.text if self.filled is None else self.filled)


def _unquote(text: str) -> str:
    out = []
    for part in re.finditer(r'"((?:[^"\\]|\\.)*)"?|\'([^\']*)\'?|([^"\']+)', text):
        out.append(part.group(1) if part.group(1) is not None else part.group(2) or part.group(3) or "")
    return "".join(out)


def scan_commands(text: str, file: str, kind: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one shell script, Dockerfile, Makefile, .env file or Ollama Modelfile (`kind` from
    command_file_kind)."""
    if not may_hold(text):
        return [], []
    lines = text.splitlines()
    if kind == "modelfile":
        return _modelfile_refs(lines, file), []
    vocab = vocabulary()
    found: list[ModelReference] = []
    snippets = Snippets(lines)
    if kind in ("procfile", "unit", "supervisor"):
        lines, kind = _as_script(lines, kind), "shell"
    commands = list(_commands(lines, kind))
    if "$" in text and "download" in text:
        commands = _downloader_variables(commands)
    variables = script_variables(commands)
    given = None if kind == "make" else first_given(commands)  # Make expands a recipe after reading every line
    for command in commands:
        for token, model_id, ref_kind, revision, how in _command_refs(_expanded(command, variables, kind, given),
                                                                      vocab):
            found.append(ModelReference(
                id=model_id, revision=revision, kind=ref_kind, file=file, line=token.line, column=token.column,
                end_column=token.column + len(token.text), snippet=snippets(token.line), how=how,
            ))
    loops = _loops(commands, vocab)  # each `for` head read once, its variable's kind decided once
    for token, model_id, ref_kind, revision, how in _loop_refs(loops, vocab) if kind != "make" else ():
        found.append(ModelReference(
            id=model_id, revision=revision, kind=ref_kind, file=file, line=token.line, column=token.column,
            end_column=token.column + len(token.text), snippet=snippets(token.line), how=how,
        ))
    for token, model_id, ref_kind, revision, how in _array_refs(lines, vocab, pairs=colon_split(text)) \
            if kind == "shell" and "=(" in text else ():
        found.append(ModelReference(
            id=model_id, revision=revision, kind=ref_kind, file=file, line=token.line, column=token.column,
            end_column=token.column + len(token.text), snippet=snippets(token.line), how=how,
        ))
    if "$" in text or "{{" in text:
        for token, model_id, ref_kind, revision, how in _variable_use_refs(commands, loops, kind, vocab):
            found.append(ModelReference(
                id=model_id, revision=revision, kind=ref_kind, file=file, line=token.line, column=token.column,
                end_column=token.column + len(token.text), snippet=snippets(token.line), how=how,
            ))
        hosted = _hosted_only_variables(text, vocab) if "/$" in text else set()
        if hosted:
            found = [ref for ref in found if _assigned_name(lines[ref.line - 1]) not in hosted]
    if found and any(mark in text for mark in SWITCH_MARKS) and (switched := shell_switched_lines(lines)):
        found = [ref for ref in found
                 if not switched_at(switched, ref.line, ref.column) or HUB_ADDRESS_RE.search(lines[ref.line - 1])]
    return _use_kind_wins(found), []


def _use_kind_wins(found: list[ModelReference]) -> list[ModelReference]:
    """A variable reported as a model by its name (`REPO_ID=org/x`: a repository key) and as a dataset by a command
    that uses it (`hf download "$REPO_ID" --repo-type dataset`) is that dataset: the use says what the value is, the
    name only guessed."""
    datasets = {(ref.line, ref.column, ref.id) for ref in found if ref.kind == "dataset" and " used by " in ref.how}
    if not datasets:
        return found
    return [ref for ref in found if ref.kind != "model" or " used by " in ref.how
            or (ref.line, ref.column, ref.id) not in datasets]


# A variable's use (`$MODEL`, `${MODEL}`, `${MODEL//\//--}`), and what a script's line assigns (`export MODEL=...`).
_USE_RE = re.compile(r"\$(\{)?([A-Za-z_]\w*)([^\w}]?)")
_ASSIGNED_RE = re.compile(r"\s*(?:export\s+|readonly\s+|local\s+)?([A-Za-z_]\w*)=")
# Inspect AI and LiteLLM name a model `provider/<model>`: the providers that run our model locally or from the Hub.
_LOCAL_PROVIDERS = frozenset({"hf", "huggingface", "vllm", "sglang", "ollama", "llama-cpp-python", "transformer_lens"})


def _hosted_only_variables(text: str, vocab: Vocabulary) -> set[str]:
    r"""The variables a script hands only to a hosted API (`--model together/$MODEL`, `openrouter/${MODEL}`), never
    alone: the value is that provider's name (Together's `meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo`), not a Hub
    download. A use that rewrites the value (`${MODEL//\//--}`, a log folder's name) says nothing either way."""
    hosted_words = (vocab.remote_owners | vocab.remote_providers) - _LOCAL_PROVIDERS
    hosted: set[str] = set()
    plain: set[str] = set()
    for match in _USE_RE.finditer(text):
        name, braced, after = match.group(2), match.group(1), match.group(3)
        if braced and after in ("/", "%", "#", ":", "^", ","):
            continue  # `${MODEL//a/b}`, `${MODEL%%:*}`, `${MODEL:-x}`: a rewritten value (a default is read elsewhere)
        start = match.start()
        head = text[max(0, start - 40):start]
        if head.endswith("/"):
            provider = re.split(r"[^\w.-]", head[:-1])[-1].lower()
            if provider in hosted_words:
                hosted.add(name)
                continue
        plain.add(name)
    return hosted - plain


def _assigned_name(line: str) -> str | None:
    """The variable a script line assigns (`MODEL=org/x`, `export MODEL="org/x"`), else None."""
    match = _ASSIGNED_RE.match(line)
    return match.group(1) if match else None


# A Bash array given its elements: `MODELS=("org/a" "org/b")`, `declare -a DATASETS=(org/x ...)`, `M+=(org/y)`.
_ARRAY_OPEN = "=("
_NAME_START_RE = re.compile(r"[A-Za-z_]")


def _array_name(line: str, at: int) -> str | None:
    """The variable name written right before the `=(` (or `+=(`) at `at`, walked back character by character (a
    pattern anchored at the end would be tried from every position of the line), at most _ARRAY_NAME_CHARS of them
    (a longer run of word characters is no variable name a script spells: None, at a bounded cost a line)."""
    end = at - 1 if at > 0 and line[at - 1] == "+" else at
    start, bound = end, max(0, end - _ARRAY_NAME_CHARS - 1)
    while start > bound and (line[start - 1].isalnum() or line[start - 1] == "_") and line[start - 1].isascii():
        start -= 1
    if start == end or end - start > _ARRAY_NAME_CHARS or not _NAME_START_RE.match(line[start]) \
            or (start > 0 and line[start - 1] == "$"):
        return None
    return line[start:end]


_ARRAY_NAME_CHARS = 100


# A script that splits its array's elements at a colon (`model="${spec%%:*}"`, `cut -d: -f1`, `IFS=: read -r id
# label`): each element is an `id:label` pair (`"meta-llama/Llama-3.2-1B:1B-llama32"`) whose part before the colon is
# what the commands get. Elsewhere a colon and a word after an id is an image's or a hosted API's tag, not a label.
_COLON_SPLIT_RE = re.compile(r"%%?:\*\}|\bcut\s+-d\s*['\"]?:['\"]?\s+-f\s*1\b|\bIFS=['\"]?:['\"]?\s+read\b")


def colon_split(text: str) -> bool:
    """Does the script split values at their first colon and keep the part before it?"""
    return ":" in text and _COLON_SPLIT_RE.search(text) is not None


def _pair_head(token: _Token) -> _Token:
    """An `id:label` element's id part, at its own column (the element itself when it holds no colon)."""
    value = token.value
    head = value.split(":", 1)[0]
    offset = token.text.find(head) if ":" in value and "/" in head else -1
    return token if offset < 0 else _Token(head, token.line, token.column + offset)


def _array_refs(lines: list[str], vocab: Vocabulary, *, pairs: bool = False) -> Iterator[Found]:
    """The ids a Bash array whose name says model or dataset is given (`MODELS=("org/a" "org/b")`, its elements on
    one line or on lines of their own up to the closing parenthesis), each at its own column. The command reader
    splits at parentheses and never sees the elements as a variable's values. An element that is a command
    substitution or a subshell ends the reading (what follows is not known to be an element). `pairs`: the script
    splits each element at its colon (colon_split), so `org/x:label` gives `org/x`."""
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        opening = line.find(_ARRAY_OPEN)
        if opening < 0 or line.lstrip().startswith("#") or line.count('"', 0, opening) % 2 \
                or line.count("'", 0, opening) % 2:
            continue  # absent, a comment, or inside a quoted string (`echo "MODELS=(org/x)"` shows text)
        name = _array_name(line, opening)
        kind = _name_kind(name, vocab) if name is not None else None
        if name is None or kind is None:
            continue
        rest, shift, at = line[opening + 2:], opening + 2, number
        while True:
            closed = False
            for token in _tokens(rest, at):
                if token.sep:
                    closed = True
                    break
                inner = _Token(token.text, at, token.column + shift)
                if pairs:
                    inner = _pair_head(inner)
                yield from _value_refs(inner, inner.value, kind, name, vocab)
            if closed or number >= len(lines):
                break
            rest, shift, at = lines[number], 0, number + 1
            number += 1


# A word that is one variable and nothing else: `$M`, `"${M}"`, Make's `$(M)`.
_LONE_USE_RE = re.compile(r"^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$")
_LONE_MAKE_USE_RE = re.compile(r"^(?:\$[({]([A-Za-z_][\w.-]*)[)}]|\{\{\s*([A-Za-z_]\w*)\s*\}\})$")  # and just's {{M}}


def _variable_use_refs(commands: list[list[_Token]], loops: dict[int, _Loop], kind: str,
                       vocab: Vocabulary) -> Iterator[Found]:
    """A variable whose name says nothing (`M`, `BASE`, `LLAVA_PATH`) given a literal id and then used alone where a
    command takes a model (`vllm serve $M`, `--model "$BASE"`, `-hf ${REPO}`): the id is reported where it is given,
    with the kind the use gives it. Every value the script gives it above the use counts (each `case` branch's
    `M=org/x` is one the command may run with); a value given below the use is not (the script has not run it yet;
    Make reads every assignment before any recipe). Names that say model or dataset are reported where given anyway."""
    values: dict[str, list[_Token]] = {}
    for index, command in enumerate(commands):
        loop = loops.get(index)
        if loop is not None:  # `for M in org/a org/b; do`: each word is a value M is given
            if loop.kind is None:  # a name that says model is reported at its words (_loop_refs)
                values.setdefault(loop.name, []).extend(
                    word for word in loop.words if _LITERAL_RE.match(word.value) and "/" in word.value)
            continue
        start = 1 if command and command[0].text in _SETTERS else 0
        for token in command[start:]:
            assign = _assignment(token, quoted=False)
            if assign is None:
                break
            value = assign[1]
            default = _DEFAULT_RE.match(value.value)
            literal = default.group(2) if default is not None else value.value  # `${M:-org/x}`: unset, org/x
            if _LITERAL_RE.match(literal) and "/" in literal:
                values.setdefault(assign[0], []).append(_Token(value.text, value.line, value.column, filled=literal))
    if not values:
        return
    lone = _LONE_MAKE_USE_RE if kind == "make" else _LONE_USE_RE
    for command in commands:
        for i, token in enumerate(command):
            match = lone.match(token.value) if "$" in token.text or "{{" in token.text else None
            name = next((g for g in match.groups() if g), None) if match is not None else None
            given = [v for v in values.get(name or "", ()) if kind == "make" or v.line <= token.line]
            for value in given:
                trial = [*command[:i], _Token(_quoted(value.value), token.line, token.column), *command[i + 1:]]
                for found, model_id, ref_kind, revision, how in _command_refs(trial, vocab):
                    if found.line == token.line and found.column == token.column:
                        yield value, model_id, ref_kind, revision, f"variable {name} used by {how}"


class _Loop(NamedTuple):
    """A `for NAME in w1 w2 ...; do` head: its variable, the kind its name says (None: a name that says nothing,
    such as `M`) and the words it runs the body with."""

    name: str
    kind: RefKind | None
    words: list[_Token]


def _loops(commands: list[list[_Token]], vocab: Vocabulary) -> dict[int, _Loop]:
    """Each loop head among the commands, by the command's index: read once for both passes that use it (_loop_refs
    reports a model-named variable's words, _variable_use_refs the words of one whose name says nothing), so both
    take the same words and the same decision about the name."""
    out: dict[int, _Loop] = {}
    for index, command in enumerate(commands):
        if len(command) < 4 or command[0].text != "for" or command[2].text != "in" \
                or not re.fullmatch(r"[A-Za-z_]\w*", command[1].text):
            continue
        words = list(itertools.takewhile(lambda w: w.text not in (";", "do"), command[3:]))
        out[index] = _Loop(command[1].text, vocab.name_kind(command[1].text), words)  # type: ignore[arg-type]
    return out


def _loop_refs(loops: dict[int, _Loop], vocab: Vocabulary) -> Iterator[Found]:
    """`for model in org/a org/b; do ... "$model" ...; done`: a loop variable whose name says model or dataset runs
    the body once with each Hub id it lists, wherever the body uses it (a script's positional argument too), so
    each listed id is a reference at its word; a remote API's name (`openai/gpt-4o`) is not. A name that says
    nothing (`M`) counts only where a command takes a model (_variable_use_refs)."""
    for loop in loops.values():
        if loop.kind is None:
            continue
        for word in loop.words:
            model_id = hub_id_or_none(word.value, require_owner=True) if _LITERAL_RE.match(word.value) else None
            if model_id is not None and not vocab.is_remote_id(model_id, loop.kind):
                yield word, model_id, loop.kind, None, f"loop variable {loop.name}"


_MODELFILE_FROM_RE = re.compile(r"^\s*FROM\s+(\S+)", re.IGNORECASE)


def _modelfile_refs(lines: list[str], file: str) -> list[ModelReference]:
    """An Ollama Modelfile's `FROM hf.co/org/x-GGUF:Q4_K_M` (or a huggingface.co URL): the Hub repository the model is
    built from. Ollama's own library names (`FROM llama3.2`) and local files (`FROM ./x.gguf`) are not."""
    found: list[ModelReference] = []
    for number, line in enumerate(lines, start=1):
        match = _MODELFILE_FROM_RE.match(line)
        address = hub_address_or_none(match.group(1)) if match is not None else None
        if match is None or address is None:
            continue
        found.append(ModelReference(
            id=address[0], revision=address[2], kind=address[1], file=file, line=number, column=match.start(1) + 1,
            end_column=match.end(1) + 1, snippet=line.strip()[:200], how="Modelfile FROM",
        ))
    return found


def command_text_refs(text: str, variables: Mapping[str, str | None] | None = None,
                      ) -> Iterator[tuple[int, int, str, str, RefKind, str | None, str]]:
    """(line, column, token, id, kind, revision, how) of each reference in a command line or script held in another
    file (a CI `run:` step, a compose `command:`, an `environment:` entry); line and column are 1-based in `text`.
    `variables`: the values the file around it gives the script's variables (a SkyPilot task's `envs`, a CI `env`),
    under the script's own assignments."""
    if not may_hold(text):
        return
    vocab = vocabulary()
    commands = list(_commands(text.splitlines(), "shell"))
    known = {**(variables or {}), **script_variables(commands)}
    given = first_given(commands)  # the outer file's values are given before the script runs (line 0)
    for command in commands:
        for token, model_id, kind, revision, how in _command_refs(_expanded(command, known, "shell", given), vocab):
            yield token.line, token.column, token.text, model_id, kind, revision, how
    if "=(" in text:  # a Bash array of models in a CI step or a notebook's %%bash cell
        for token, model_id, kind, revision, how in _array_refs(text.splitlines(), vocab, pairs=colon_split(text)):
            yield token.line, token.column, token.text, model_id, kind, revision, how


def argv_refs(words: list[str]) -> Iterator[tuple[int, str, RefKind, str | None, str]]:
    """(index of the word, id, kind, revision, how) of each reference in a command given as its argument list
    (Python's `subprocess.run(["hf", "download", "org/x"])`): the words are read as one shell command."""
    if not words:
        return
    vocab = vocabulary()
    tokens = [_Token(_quoted(word), index + 1, 1) for index, word in enumerate(words)]
    for token, model_id, kind, revision, how in _command_refs(tokens, vocab):
        yield token.line - 1, model_id, kind, revision, how


def _quoted(word: str) -> str:
    """A word as shell would need it written to stay one word with this value (its `value` gives it back)."""
    return word if not any(c in word for c in "\"' ") else "'" + word.replace("'", "") + "'"


def _declarations(lines: list[str], kind: str) -> Iterator[list[_Token]]:
    """The `name=value` commands of a file that declares values and runs nothing (Terraform, Bicep, gin-config)."""
    block: str | None = None  # HCL: the `variable "NAME"` block the line is in
    for number, line in enumerate(lines, start=1):
        if kind == "hcl":  # only its attributes name values: `name = "value"`, a variable block's `default`
            if (assign := _hcl_assignment(line, number, block)) is not None:
                yield [assign]
                if assign.text.endswith("={"):  # `environment = { HF_MODEL_ID = "org/x", HF_TASK = "..." }`
                    yield from ([pair] for pair in _hcl_map_pairs(line, number))
            block = _hcl_block(line, block)
        elif kind == "bicep":  # only its parameters and variables name values
            if (bicep := _BICEP_ASSIGN_RE.match(line)) is not None and _bicep_id_value(bicep.group(1),
                                                                                      bicep.group(2)):
                yield [_Token(f"{bicep.group(1)}={bicep.group(2)}", number, bicep.start(2) - len(bicep.group(1)))]
        elif (assign := _GIN_ASSIGN_RE.match(line)) is not None:  # gin: only its bindings name values
            name, value = assign.group(1), assign.group(2)
            yield [_Token(f"{name}={value}", number, assign.start(2) + 1 - len(name) - 1)]


def _commands(lines: list[str], kind: str) -> Iterator[list[_Token]]:
    """Each command of the file as its tokens: logical lines (joined at `\\`) split at separators, comments
    dropped. A Dockerfile's instruction word is dropped (RUN, CMD...), its JSON form read as words."""
    if kind in ("hcl", "bicep", "gin"):
        yield from _declarations(lines, kind)
        return
    tokens: list[_Token] = []
    heredoc: list[str] = []  # a Dockerfile's open `RUN <<EOF` script: its closing word
    for number, raw in enumerate(lines, start=1):
        line = raw
        if kind == "batch" and _BATCH_COMMENT_RE.match(line):
            continue
        if kind == "make" and (assign := _MAKE_ASSIGN_RE.match(line)) is not None and not raw.startswith("\t"):
            name, value = assign.group(1), _without_make_comment(assign.group(2))
            if value:
                yield [_Token(f"{name}={value}", number, assign.start(2) + 1 - len(name) - 1)]
            continue
        if not tokens and (assign := _env_assignment(line, kind)) is not None:
            name, value, column = assign
            yield [_Token(f"{name}={value}", number, column - len(name) - 1)]
            continue
        if kind == "docker":
            line = _docker_line(line, continued=bool(tokens), heredoc=heredoc)
        elif kind == "make" and "{{" in line:  # just's `{{ MODEL }}` as one word, the columns after it kept
            line = _JUST_USE_RE.sub(lambda m: f"{{{{{m.group(1)}}}}}".ljust(len(m.group(0))), line)
        continued = line.rstrip().endswith("\\")
        tokens.extend(_tokens(line.rstrip().removesuffix("\\") if continued else line, number))
        if continued:
            continue
        yield from _split(tokens)
        tokens = []
    if tokens:
        yield from _split(tokens)


_JUST_USE_RE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")


def _without_make_comment(value: str) -> str:
    """A make variable's value without its trailing comment: make ends the value at the first `#` (quotes mean
    nothing to make, `\\#` is a literal one), so `MODEL ?= "org/x" #"org/old"` is `"org/x"`. A `#` inside a
    `$(...)` / `${...}` reference or call is left to it (`$(shell echo a#b)`)."""
    if "#" not in value:
        return value  # most values: one C search
    depth = 0
    for i, char in enumerate(value):
        if char in "({" and i > 0 and value[i - 1] == "$":
            depth += 1
        elif char in ")}" and depth:
            depth -= 1
        elif char == "#" and not depth and (i == 0 or value[i - 1] != "\\"):
            return value[:i].rstrip()
    return value


# HCL attributes: `hf_model_id = "org/x"` (a comment after the value dropped), `variable "model_id" {` blocks, and
# a block written on one line (`variable "tokenizer" { default = "org/x" }`), which opens and closes on that line.
# A map's key may be quoted (`environment = { "HF_MODEL_ID" = "org/x" }`: a SageMaker container's variables).
_HCL_ASSIGN_RE = re.compile(r'^\s*"?([A-Za-z_][\w-]*)"?\s*[=:]\s*("[^"\n]*"|[^\s#"]+)')
_HCL_VARIABLE_RE = re.compile(r'^\s*variable\s+"([\w-]+)"(?:\s*\{(?P<body>(?:"[^"\n]*"|[^"}\n])*)\})?')
# A string is skipped whole: `description = "default = x"` holds no default.
_HCL_DEFAULT_RE = re.compile(r'"[^"\n]*"|(?<![\w-])default\s*=\s*("[^"\n]*"|[^\s#",}]+)')


_PLAIN_PAIR_RE = re.compile(r"^[\w.-]+/[\w.-]+$")


def _bicep_id_value(name: str, quoted: str) -> bool:
    """Whether a Bicep `param`/`var` may name a Hub id: a plain `owner/name` value counts only under an id's name and
    only when it reads as one, as an ARM template's parameter (auditor/scan/config.py; review 25: `param
    modelDeploymentName string = 'chat/prod-eu'` and a registry image are no models). Other values (a one-part legacy
    id, an azureml:// registry address) go on to the rules every assignment meets."""
    value = quoted.strip("'")
    if not _PLAIN_PAIR_RE.match(value):
        return True
    return parameter_kind(name) is not None and parameter_value_id(value)


_BICEP_ASSIGN_RE = re.compile(r"^\s*(?:param|var)\s+([A-Za-z_]\w*)(?:\s+[A-Za-z_][\w.]*)?\s*=\s*('[^'\n]*')")


def _hcl_assignment(line: str, number: int, block: str | None) -> _Token | None:
    """`name = value` as `name=value` at the value's column; a variable block's `default` takes the variable's name
    (`variable "embedding_model" { default = "org/x" }`, on one line or over several)."""
    one_line = _HCL_VARIABLE_RE.match(line)
    if one_line is not None and one_line.group("body") is not None:
        defaults = _HCL_DEFAULT_RE.finditer(line, one_line.start("body"), one_line.end("body"))
        default = next((found for found in defaults if found.group(1) is not None), None)
        if default is None:
            return None
        name = one_line.group(1)
        return _Token(f"{name}={default.group(1)}", number, default.start(1) + 1 - len(name) - 1)
    match = _HCL_ASSIGN_RE.match(line)
    if match is None:
        return None
    name = block if match.group(1) == "default" and block is not None else match.group(1)
    return _Token(f"{name}={match.group(2)}", number, match.start(2) + 1 - len(name) - 1)


# A map written on one line, `{ KEY = "value", "KEY2" = value }`: each entry a `name = value` of its own.
_HCL_MAP_RE = re.compile(r'^[^{#"]*=\s*\{(?P<body>.*)\}')
_HCL_PAIR_RE = re.compile(r'(?:^|[{,\s])"?([A-Za-z_][\w-]*)"?\s*[=:]\s*("[^"\n]*"|[^\s,}#"]+)')


def _hcl_map_pairs(line: str, number: int) -> Iterator[_Token]:
    """The entries of a one-line map (a SageMaker container's `environment = { HF_MODEL_ID = "org/x", ... }`), each
    as `name=value` at its value's column: the entry's name says what its value is, as an attribute's would."""
    if (inline := _HCL_MAP_RE.match(line)) is None:
        return
    for pair in _HCL_PAIR_RE.finditer(line, inline.start("body"), inline.end("body")):
        yield _Token(f"{pair.group(1)}={pair.group(2)}", number, pair.start(2) + 1 - len(pair.group(1)) - 1)


def _hcl_block(line: str, block: str | None) -> str | None:
    """The variable block the next line is in: opened by `variable "NAME" {`, closed by a `}` at the line's start;
    a block closed on the line that opens it leaves none open."""
    if (opened := _HCL_VARIABLE_RE.match(line)) is not None:
        return opened.group(1) if opened.group("body") is None else None
    return None if line.startswith("}") else block


# PowerShell's `$env:MODEL = "org/x"` (and `$Model = "org/x"`), batch's quoted `set "MODEL=org/x"`: the same
# assignments as `MODEL=org/x` in a POSIX shell, spelled the way those shells need.
_PS_ASSIGN_RE = re.compile(r"^\s*\$(?:env:)?([A-Za-z_]\w*)\s*=\s*(\S.*?)\s*;?\s*$", re.IGNORECASE)
_BATCH_SET_RE = re.compile(r'^\s*@?set\s+"([A-Za-z_]\w*)=([^"]*)"', re.IGNORECASE)


def _env_assignment(line: str, kind: str) -> tuple[str, str, int] | None:
    """(name, value as written, 1-based column of the value) of a PowerShell or batch variable assignment."""
    if kind == "shell" and "$" in line:
        match = _PS_ASSIGN_RE.match(line)
    elif kind == "batch" and '"' in line:
        match = _BATCH_SET_RE.match(line)
    else:
        return None
    if match is None:
        return None
    return match.group(1), match.group(2), match.start(2) + 1


# A Dockerfile instruction that runs a here-document as its shell script (`RUN <<EOF`, `RUN --mount=... <<-'EOT'`), not
# one handing it to an interpreter (`RUN python3 <<EOF`: auditor/scan/heredoc.py reads that body as Python).
_DOCKER_HEREDOC_RE = re.compile(r"^\s*RUN\b(?:\s+--\S+)*\s+<<-?\s*(['\"]?)([A-Za-z_]\w*)\1(?:\s+(?:ba|z)?sh\b)?\s*$",
                                re.IGNORECASE)


def _docker_line(line: str, *, continued: bool, heredoc: list[str]) -> str:
    """A Dockerfile line as command words (_docker_words), where the lines of a `RUN <<EOF` script are commands of
    their own, read as a shell script's lines (`huggingface-cli download org/x`, `python -c "..."`), up to the line
    that closes it (blanked). `heredoc` holds the open script's closing word, if any (updated here)."""
    if heredoc:
        if line.strip() == heredoc[0]:
            heredoc.clear()
            return " " * len(line)
        return line
    opened = _DOCKER_HEREDOC_RE.match(line) if not continued and "<<" in line else None
    if opened is not None:
        heredoc.append(opened.group(2))
        return " " * len(line)
    return _docker_words(line, continued=continued)


def _docker_words(line: str, *, continued: bool) -> str:
    """A Dockerfile line with its instruction blanked (same length: columns stay true) and an exec-form JSON array
    (`CMD ["--model-id", "org/x"]`) turned into words; `ENV NAME value` becomes `NAME=value`."""
    if continued:
        return line
    match = re.match(r"^(\s*)(RUN|CMD|ENTRYPOINT|ENV|ARG)(\s+)", line, re.I)
    if match is None:
        return " " * len(line) if re.match(r"^\s*[A-Za-z]+\s", line) else line
    rest = line[match.end():]
    head = " " * match.end()
    env = re.match(r"^([A-Za-z_]\w*)(\s+)(\S.*)$", rest) if match.group(2).upper() == "ENV" else None
    if env is not None and "=" not in env.group(1):  # NAME<spaces>value -> <spaces>NAME=value, value in place
        return head + " " * (len(env.group(2)) - 1) + env.group(1) + "=" + env.group(3)
    if rest.lstrip().startswith("["):
        rest = re.sub(r'[\[\],](?=(?:[^"]*"[^"]*")*[^"]*$)', " ", rest)
    return head + rest


def _tokens(line: str, number: int) -> Iterator[_Token]:
    for match in _TOKEN_RE.finditer(line):
        text = match.group(0)
        if text.startswith("#"):
            return  # a comment runs to the end of the line
        yield _Token(text, number, match.start() + 1, sep=match.group("sep") is not None)


def _split(tokens: list[_Token]) -> Iterator[list[_Token]]:
    command: list[_Token] = []
    for token in tokens:
        if token.sep:
            if command:
                yield command
            command = []
        else:
            command.append(token)
    if command:
        yield command


Found = tuple[_Token, str, RefKind, "str | None", str]

# A literal a variable may hold for its uses to be filled in: one word, no expansion or command of its own.
_LITERAL_RE = re.compile(r"^[\w.:@+-]+(?:/[\w.:@+-]+)?$")
_SETTERS = frozenset({"export", "local", "declare", "readonly", "typeset"})


# Commands that give their variables values the script does not spell: a loop's (`for SIZE in 13b 70b`, `select`),
# what is read at run time (`read SIZE`, `getopts`, `mapfile`/`readarray`); the words after which the names come
_BINDERS = {"for": 1, "select": 1, "read": 1, "getopts": 2, "mapfile": 1, "readarray": 1}
_NAME_RE = re.compile(r"^[A-Za-z_]\w*$")
_KEYWORDS = frozenset({"while", "until", "do", "then", "else", "if", "!"})


def _bound_names(command: list[_Token]) -> list[str]:
    """The variables a loop or a read gives values at run time (none for other commands)."""
    while command and command[0].text in _KEYWORDS:  # `while read SIZE`, `do read SIZE`
        command = command[1:]
    skip = _BINDERS.get(command[0].text) if command else None
    if skip is None:
        return []
    names = [t.text for t in command[skip:] if not t.text.startswith("-")]
    if command[0].text in ("for", "select", "getopts"):
        names = names[:1]
    return [n for n in names if _NAME_RE.match(n)]


# A Hub downloader kept in a variable (`HF_CMD="hf download"`, or `"huggingface-cli download"` where `hf` is missing),
# then run as `$HF_CMD "$REPO" --local-dir ...`: the command is that downloader's.
_DOWNLOADER_PAIRS = frozenset({("hf", "download"), ("huggingface-cli", "download")})
_VARIABLE_WORD_RE = re.compile(r"^\$(?:\{(\w{1,64})\}|(\w{1,64}))$")


def _assignments(command: list[_Token]) -> Iterator[tuple[_Token, re.Match[str]]]:
    """The `NAME=value` words a command opens with (after `export`/`local`/... where it starts with one), each with
    its match: the assignments a shell makes before the command word, or the whole command when it has none."""
    start = 1 if command and command[0].text in _SETTERS else 0
    for token in command[start:]:
        assign = _ASSIGN_RE.match(token.value)
        if assign is None:
            return
        yield token, assign


def _downloader_variables(commands: list[list[_Token]]) -> list[list[_Token]]:
    """The commands with a first word that is a variable every assignment of which is a Hub downloader (see above)
    replaced by that downloader's words, placed at the variable."""
    values: dict[str, set[tuple[str, ...]]] = {}
    for command in commands:
        for _token, assign in _assignments(command):
            values.setdefault(assign.group(1), set()).add(tuple(assign.group(2).split()[:2]))
    downloaders = {name for name, pairs in values.items() if pairs and pairs <= _DOWNLOADER_PAIRS}
    if not downloaders:
        return commands
    out = []
    for command in commands:
        use = _VARIABLE_WORD_RE.match(command[0].value) if command else None
        name = (use.group(1) or use.group(2)) if use is not None else None
        if name in downloaders:
            first = command[0]
            words = [_Token(word, first.line, first.column, first.sep) for word in ("hf", "download")]
            command = [*words, *command[1:]]
        out.append(command)
    return out


def script_variables(commands: list[list[_Token]]) -> dict[str, str | None]:
    """The literal each variable of a script is given (`MODEL_SIZE=8B`, `export ORG="meta-llama"`, Make's `SIZE ?=
    7b`, `SIZE=${SIZE:-7b}`: its default), None for a variable given two different values, or one a loop or a read
    gives at run time (`for SIZE in 13b 70b`, `read SIZE`): which value a use sees is unknown, so none is filled in."""
    out: dict[str, str | None] = {}
    for command in commands:
        for name in _bound_names(command):
            out[name] = None
        for _token, assign in _assignments(command):
            name, value = assign.group(1), assign.group(2)
            default = _DEFAULT_RE.match(value)
            if default is not None and default.group(1) == name:
                value = default.group(2)
            literal = value if _LITERAL_RE.match(value) else None
            out[name] = literal if out.get(name, literal) == literal else None
    return out


def first_given(commands: list[list[_Token]]) -> dict[str, int]:
    """The line at which the script first gives each variable a value. A script runs top to bottom: a use above that
    line (`huggingface-cli download $ORG/x` before `ORG=acme`) sees what the environment holds, not the literal
    written below it, so that literal is not filled in there (Make is not read this way: a recipe is expanded after
    the whole Makefile is read)."""
    out: dict[str, int] = {}
    for command in commands:
        for token, assign in _assignments(command):
            out.setdefault(assign.group(1), token.line)
    return out


_VARIABLE_USE_RE = re.compile(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)")
_MAKE_USE_RE = re.compile(r"\$[({]([A-Za-z_][\w.-]*)[)}]")


def _expanded(command: list[_Token], variables: Mapping[str, str | None], kind: str,
              given: Mapping[str, int] | None = None) -> list[_Token]:
    """The command with each variable used inside an id-like word filled in when the script gives it one literal
    (`meta-llama/Meta-Llama-3.1-${MODEL_SIZE}-Instruct`, `$ORG/x`): the id is spelled at that word. A variable that
    is a value alone (`--model $MODEL`, `--model="${MODEL}"`) stays as it is: the id is spelled, and reported, where
    the variable is given. `given`: the line each variable is first given at (first_given); a use above it is not
    filled in (None: order does not matter, as in Make)."""
    if not variables:
        return command
    if given is not None:
        variables = _GivenAbove(variables, given, command[0].line if command else 0)
    use = _MAKE_USE_RE if kind == "make" else _VARIABLE_USE_RE
    out = []
    for token in command:
        text = token.text
        if "$" not in text or text.startswith("'"):
            out.append(token)
            continue
        filled = use.sub(functools.partial(_known, text=text, variables=variables), text)
        keep = filled == text or "$" in filled
        out.append(token if keep else _Token(text, token.line, token.column, token.sep, filled))
    return out


class _GivenAbove(Mapping[str, "str | None"]):
    """The variables given at or above `line`, looked up one name at a time. Why not a filtered copy: a script of N
    assignments and N commands made one copy per command (3,000 of each: 5.5 s CPU, quadratic); a use is rare."""

    def __init__(self, variables: Mapping[str, str | None], given: Mapping[str, int], line: int) -> None:
        self._variables, self._given, self._line = variables, given, line

    def __getitem__(self, name: str) -> str | None:
        if self._given.get(name, 0) > self._line:
            raise KeyError(name)
        return self._variables[name]

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._variables if self._given.get(name, 0) <= self._line)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _known(match: re.Match[str], text: str, variables: Mapping[str, str | None]) -> str:
    """A variable's literal where the use is part of a longer name (a name character or a slash beside it)."""
    before, after = text[match.start() - 1: match.start()], text[match.end(): match.end() + 1]
    name = next(name for name in match.groups() if name)
    value = variables.get(name)
    if value is None or not (_NAME_CHAR_RE.match(before) or _NAME_CHAR_RE.match(after)):
        return match.group(0)
    if text[: match.start()].rsplit("=", 1)[-1].lstrip("\"'") in PROVIDER_PREFIXES and not _NAME_CHAR_RE.match(after) \
            and _name_kind(name, vocabulary()) is not None:
        return match.group(0)  # `--model hf/$MODEL`: the whole id behind a provider's route, reported where it is given
    return value


_NAME_CHAR_RE = re.compile(r"[\w./-]")


def _command_refs(command: list[_Token], vocab: Vocabulary) -> Iterator[Found]:
    words = [t.value for t in command]
    if _writes(words):
        return
    used: set[int] = set()
    yield from _inline_script_refs(command, words, vocab, used)
    yield from _subcommand_refs(command, words, used)
    revision: dict[str, str | None] = {}  # the command's `--revision`, read once if a model option asks for it
    for i, token in enumerate(command):
        if i in used:
            continue
        word = words[i]
        if word.startswith("-") and len(word) > 1:
            yield from _option_ref(command, words, i, vocab, used, revision)
        elif (assign := _assignment(token, quoted=i > 0 and not _shows(words))) is not None:
            name, value = assign
            yield from _value_refs(value, value.value, _name_kind(name, vocab), name, vocab)
        elif (address := hub_address_or_none(word)) is not None and _clones(words, i):
            yield token, address[0], address[1], address[2], "git clone"
        elif address is not None and not _shows(words):
            yield from _address_refs(token, word, _fetches(words))
        elif " @ " in word and not _shows(words):  # `pip install "name @ https://huggingface.co/.../x.whl"`
            yield from _address_refs(token, word, False)


_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ash"})


def _inline_script_refs(command: list[_Token], words: list[str], vocab: Vocabulary, used: set[int]) -> Iterator[Found]:
    """`bash -c "python3 -m sglang.launch_server --model-path org/x"` (a container's command, an ssh or docker
    argument): the quoted script is read as commands of its own, each token at its place in the file."""
    for i in range(len(words) - 2):
        if words[i + 1] != "-c" or words[i].rsplit("/", 1)[-1] not in _SHELLS:
            continue
        used.update((i + 1, i + 2))
        script = command[i + 2]
        opening = 1 if script.text[:1] in ("'", '"') else 0
        inner = [_Token(t.text, t.line, t.column + script.column - 1 + opening, t.sep)
                 for t in _tokens(script.value, script.line)]
        for part in _split(inner):
            yield from _command_refs(part, vocab)


def _helm_set_refs(token: _Token, vocab: Vocabulary) -> Iterator[Found]:
    """The ids of a Helm `--set` value: each `path=value` entry (commas between entries) judged by its path as a
    configuration key is (its last key, `modelURL`, or the whole path without indices, `model.name`), each value at
    its own column (the script's variables filled in where they are known). A path whose last key is a container
    image's field names an image."""
    written = _helm_entries(token.text)
    filled = _helm_entries(token.filled) if token.filled is not None else written
    if len(filled) != len(written):
        filled = written
    for (path, start, value), (_, _, known) in zip(written, filled, strict=True):
        plain = _HELM_INDEX_RE.sub("", path)
        last = plain.rsplit(".", 1)[-1]
        if last.lower() in _HELM_IMAGE_KEYS:
            continue
        key = vocab.key_kind(last)
        kind = key if key in ("model", "dataset") else _name_kind(plain, vocab)
        inner = _Token(value, token.line, token.column + start)
        yield from _value_refs(inner, _unquote(known).replace("\\,", ","), kind, path, vocab)


def _helm_entries(text: str) -> list[tuple[str, int, str]]:
    """(path, offset of the value in `text`, value as written) of each entry of a `--set` word, quotes around the
    word or around a value set aside."""
    at = 0
    if len(text) > 1 and text[0] in "\"'" and text[-1] == text[0]:
        text, at = text[1:-1], 1
    out: list[tuple[str, int, str]] = []
    position = 0
    while position < len(text):
        entry = _HELM_ENTRY_RE.match(text, position)
        if entry is None:
            break
        value, start = entry.group(2), at + entry.start(2)
        if len(value) > 1 and value[0] in "\"'" and value[-1] == value[0]:
            value, start = value[1:-1], start + 1
        out.append((entry.group(1), start, value))
        position = entry.end() + 1  # past the comma
    return out


def _assignment(token: _Token, *, quoted: bool) -> tuple[str, _Token] | None:
    """`NAME=value` or a Hydra / OmegaConf override (`model.model_name=org/x`): the name and the value at its own
    column. `quoted`: also a whole word in quotes (`"model.model_name=org/x"`, as launch scripts quote overrides),
    an argument of a command that is not a printer (`echo "MODEL=org/x"` shows text)."""
    text, at = token.text, 0
    if quoted and len(text) > 1 and text[0] in "\"'" and text[-1] == text[0]:
        text, at = text[1:-1], 1
    assign = _ASSIGN_RE.match(text)
    if assign is None:
        return None
    filled = _ASSIGN_RE.match(token.filled[at:len(token.filled) - at]) if token.filled is not None else None
    return assign.group(1), _Token(assign.group(2), token.line, token.column + at + assign.start(2),
                                   filled=filled.group(2) if filled is not None else None)


_PYTHON_RE = re.compile(r"^(?:python|python3|python3\.\d+|py)$")


def python_code_args(text: str, kind: str) -> Iterator[tuple[int, int, str]]:
    """(line, 1-based column where the code starts, code) of each `python -c "<code>"` in a script, Dockerfile or
    Makefile (`kind` from command_file_kind): the code a command runs, for auditor/scan/pycode.py to read as
    Python. Only where the text spells `-c` at all (most scripts do not)."""
    if " -c" not in text:
        return
    lines = text.splitlines()
    for command in _commands(lines, kind):
        words = [t.value for t in command]
        for i in range(len(words) - 2):
            if words[i + 1] == "-c" and _PYTHON_RE.match(words[i].rsplit("/", 1)[-1]) is not None:
                token = command[i + 2]
                opening = 1 if token.text[:1] in ("'", '"') else 0
                code = _continued_code(lines, token, kind != "docker") if opening else None
                yield token.line, token.column + opening, words[i + 2] if code is None else code


def _continued_code(lines: list[str], token: _Token, newlines: bool) -> str | None:
    """The code of a quoted `python -c` word left open at its line's end: a Dockerfile's `RUN python -c "import x; \\`
    going on over lines, or a script's `python -c "` whose code follows on lines of its own up to the closing quote (a
    newline inside quotes is part of the word, as the shell reads it). The file's text from the quote to the one that
    closes it, its backslash-newlines kept (Python joins lines at them as the shell does), so each line of the code is
    the file's line. None when the word closes on its line or never does. `newlines`: the word may go on at a plain
    newline (a shell script; a Dockerfile's instruction ends at a line without its `\\`)."""
    quote, row, start = token.text[0], token.line - 1, token.column
    if len(token.text) > 1 and token.text.endswith(quote):
        return None
    continued = lines[row].rstrip().endswith("\\")
    if not continued and (not newlines or lines[row][start:].strip()):
        return None  # code on the quote's line that runs past its end without `\\`: not a word this reads
    parts = [lines[row][start:]]
    for number in range(row + 1, min(len(lines), row + _CONTINUED_LINES)):
        at = _closing_quote(lines[number], quote)
        if at >= 0:
            return "\n".join([*parts, lines[number][:at]])
        if continued and not lines[number].rstrip().endswith("\\"):
            return None
        parts.append(lines[number])
    return None


_CONTINUED_LINES = 50  # how far a `python -c` word continued over lines is followed (a hostile file: bounded)


def _closing_quote(line: str, quote: str) -> int:
    """Where an unescaped `quote` is in a line of a quoted word, or -1."""
    at = line.find(quote)
    while at > 0 and line[at - 1] == "\\":
        at = line.find(quote, at + 1)
    return at


def _clones(words: list[str], i: int) -> bool:
    """Is word i the repository of a `git clone` / `git lfs clone`?"""
    return "clone" in words[:i] and any(w.rsplit("/", 1)[-1] == "git" for w in words[:i])


# Commands that download what their URL arguments name (a `/blob/` page URL is then a file of the repository too).
_FETCHERS = frozenset({"wget", "curl", "aria2c", "axel", "http", "xh", "hf_transfer"})
# Commands that only print their words (`echo "get it from https://huggingface.co/..."`).
_PRINTERS = frozenset({"echo", "printf", "print"})


def _fetches(words: list[str]) -> bool:
    return any(w.rsplit("/", 1)[-1] in _FETCHERS for w in words[:3])


def _shows(words: list[str]) -> bool:
    return bool(words) and words[0].rsplit("/", 1)[-1] in _PRINTERS


def _address_refs(token: _Token, value: str, fetched: bool) -> Iterator[Found]:
    """A word that is the address of a file in a Hub repository (`wget https://huggingface.co/org/x/resolve/main/f`,
    `hf://datasets/org/x/a.parquet`): that repository is what the command reads. A repository's page is not."""
    for model_id, kind, revision in file_addresses_in(value, fetched=fetched):
        yield token, model_id, kind, revision, address_how(value, fetched)


def _writes(words: list[str]) -> bool:
    """A command that writes to the Hub or a git remote: what it names is a target, never a reference."""
    for first, second in itertools.pairwise(words):
        base = first.rsplit("/", 1)[-1]
        if base in _DOWNLOADERS and second not in ("download",) and not second.startswith("-"):
            return True
        if base == "git" and second in ("push", "remote"):
            return True
    return False


def _names_puller(word: str) -> bool:
    """`"${OLLAMA_BIN}" pull hf.co/org/x`: a variable that holds the Ollama binary, by its name."""
    name = word.strip("${}").lower()
    return word.startswith("$") and any(name.startswith(puller) for puller in _PULLERS)


def _subcommand_refs(command: list[_Token], words: list[str], used: set[int]) -> Iterator[Found]:
    """`huggingface-cli download org/x [--repo-type dataset] [--revision R]`, `vllm serve org/x`, `ollama pull
    hf.co/org/x`: the first positional word after the subcommand."""
    options: _LastOptions | None = None
    for i in range(len(words) - 1):
        base, sub = words[i].rsplit("/", 1)[-1], words[i + 1]
        found = _subcommand(words, i, base, sub)
        if found is None:
            continue
        how, start = found
        j = _first_positional(words, start)
        if j is None:
            continue
        used.add(j)
        options = options or _LastOptions(words)
        given_type = options.get("--repo-type", start)
        repo_type = "model" if given_type is None else given_type
        if repo_type not in ("model", "dataset"):
            continue
        address = hub_address_or_none(words[j])
        if address is not None:
            yield command[j], address[0], address[1], address[2], how
            continue
        if base in _PULLERS:
            continue  # ollama's own library names (llama3:8b) are not Hub repositories
        if base.startswith("mlc") or (base, sub) in _OWNER_SUBCOMMANDS:
            model_id = _owned_id(words[j], mlc=base.startswith("mlc"))
            if model_id is not None:
                yield command[j], model_id, "model", None, how
            continue
        model_id = hub_id_or_none(words[j]) or (litgpt_checkpoint(words[j]) if base == "litgpt" else None)
        if model_id is None and repo_type == "model" and words[j].lower() in vocabulary().st_legacy:
            model_id = words[j]  # `huggingface-cli download bert-base-cased`: a canonical model's legacy id
        if model_id is not None:
            yield command[j], model_id, "dataset" if repo_type == "dataset" else "model", \
                revision_or_none(options.get("--revision", start), shell=True), how


def _subcommand(words: list[str], i: int, base: str, sub: str) -> tuple[str, int] | None:
    """(how, where its positional words start) when `words[i]` and `sub` are a command that fetches or serves the model
    named next (see _subcommand_refs), else None."""
    start = i + 2
    if base in _DOWNLOADERS and sub == "download":
        return f"{base} download", start
    if base in _SERVERS and sub == "serve":
        if base == "lmdeploy" and start < len(words) and words[start] in _LMDEPLOY_SERVERS:
            start += 1  # `lmdeploy serve api_server org/x`: the server's kind, then the model
        return f"{base} serve", start
    if base in _SERVE_COMMANDS:  # `trtllm-serve org/x`: one word, then the model
        return base, i + 1
    if ((base, sub) in _RUN_SUBCOMMANDS or ((base in _PULLERS or _names_puller(base)) and sub in ("pull", "run"))
            or (base == "litgpt" and sub in _LITGPT_SUBCOMMANDS)
            or (base == "tune" and sub == "download")  # torchtune's CLI fetches a Hub repository
            or (base, sub) in _OWNER_SUBCOMMANDS or (base in ("mlc_llm", "mlc-llm") and sub in _MLC_SUBCOMMANDS)):
        return f"{base} {sub}", start
    if words[i] == "-m" and sub in _MODULE_SERVERS:
        return f"python -m {sub}", start
    return None


def _owned_id(word: str, *, mlc: bool) -> str | None:
    """The id of an `lms get org/x[@q4_k_m]` / `openllm serve org/x` word (an owner required), or of MLC LLM's
    `HF://org/x` (its scheme in any case, read as `hf://` is; a plain word is a local folder)."""
    if mlc:
        return hub_id_or_none(word[5:]) if word[:5].lower() == "hf://" else None
    return hub_id_or_none(word.split("@", 1)[0], require_owner=True)


def _first_positional(words: list[str], start: int) -> int | None:
    j = start
    while j < len(words):
        word = words[j]
        if not word.startswith("-"):
            return j
        j += 1 if ("=" in word or word in _FLAGS) else 2
    return None


class _LastOptions:
    """The `--key value` / `--key=value` options of one command's words, the last one given winning, as the value
    each key has from a word on: read once per command (a line of 20,000 `hf download org/x` words asked each time
    from its own subcommand on was quadratic, minutes)."""

    def __init__(self, words: list[str]) -> None:
        self.places: dict[str, list[tuple[int, str]]] = {}  # key -> (index, value) of each time it is given, in order
        for j, word in enumerate(words):
            if word.startswith("--") and "=" in word:
                key, _, value = word.partition("=")
                self.places.setdefault(key, []).append((j, value))
            elif word.startswith("--") and j + 1 < len(words):
                self.places.setdefault(word, []).append((j, words[j + 1]))

    def get(self, key: str, start: int) -> str | None:
        """The value the last `key` at or after word `start` gives, or None."""
        given = self.places.get(key)
        if not given or given[-1][0] < start:
            return None
        return given[-1][1]


def _option_ref(command: list[_Token], words: list[str], i: int, vocab: Vocabulary,
                used: set[int], revision: dict[str, str | None] | None = None) -> Iterator[Found]:
    """`--model org/x`, `--model=org/x`, `-hf org/x-GGUF:Q4_K_M`, `--model_args pretrained=org/x,...`."""
    word = words[i]
    option, eq, inline = word.partition("=")
    if eq:
        whole = command[i]
        cut = whole.text.find("=") + 1  # the value's own column (`--model=org/x`, `"--model=org/x"`)
        token = _Token(whole.text[cut:], whole.line, whole.column + cut)
        value = inline
    elif i + 1 < len(words) and not words[i + 1].startswith("-"):
        token, value = command[i + 1], words[i + 1]
        used.add(i + 1)
    else:
        return
    if option in _HUB_OPTIONS:
        yield from _value_refs(token, value.split(":", 1)[0], "model", option, vocab)
        return
    if option in _HELM_SET_OPTIONS:
        yield from _helm_set_refs(token, vocab)
        return
    if option in _LORA_OPTIONS:
        yield from _lora_refs(command, words, i, token, value, eq, used)
        return
    if option in _ASSIGNING_OPTIONS and (assign := _assignment(token, quoted=True)) is not None:
        name, inner = assign
        yield from _value_refs(inner, inner.value, _name_kind(name, vocab), name, vocab)
        return
    if option in _LITGPT_OPTIONS and is_litgpt(" ".join(words)):
        # its download folder (checkpoints/ORG/NAME), or the repository itself, which LitGPT downloads there
        model_id = litgpt_checkpoint(value) or hub_id_or_none(value, require_owner=True)
        if model_id is not None:
            yield token, model_id, "model", None, f"command option {option}"
        return
    kind = _name_kind(option, vocab)
    if kind is None:  # `curl -L https://huggingface.co/org/x/resolve/main/f`: the option's value is the URL fetched
        if not _shows(words):
            yield from _address_refs(token, value, _fetches(words))
        return
    yield from _revised_refs(_value_refs(token, value, kind, option, vocab), words, option, revision)
    if not eq and _plural(option):  # `--models org/a org/b` (argparse nargs="+"): each value up to the next option
        for j in range(i + 2, len(words)):
            if words[j].startswith("-"):
                break
            used.add(j)
            yield from _value_refs(command[j], words[j], kind, option, vocab)


def _lora_refs(command: list[_Token], words: list[str], i: int, token: _Token, value: str, eq: str,
               used: set[int]) -> Iterator[Found]:
    """`--lora-modules sql=org/x chat=org/y` (each word up to the next option, argparse nargs="+") or its JSON form
    `'{"name": "sql", "path": "org/x"}'`: each adapter's id, at its own word."""
    values = [(token, value)]
    if not eq:
        for j in range(i + 2, len(words)):
            if words[j].startswith("-"):
                break
            used.add(j)
            values.append((command[j], words[j]))
    for where, text in values:
        path = _json_path(text) if text.startswith("{") else text.partition("=")[2]
        model_id = hub_id_or_none(path, require_owner=True) if path else None
        if model_id is not None:
            yield where, model_id, "model", None, "command option --lora-modules"


def _json_path(text: str) -> str | None:
    """The `path` of a JSON object word (`{"name": "sql", "path": "org/x"}`), else None."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    path = parsed.get("path") if isinstance(parsed, dict) else None
    return path if isinstance(path, str) else None


# The options that name the model a server or script loads, whose `--revision` is that model's (TGI's and TEI's
# `--model-id`, vLLM's and SGLang's `--model` / `--model-path`, transformers' scripts' `--model_name_or_path`). A
# tokenizer, draft or dataset option has its own (`--tokenizer-revision`, `--dataset_revision`) or none.
_REVISED_OPTIONS = frozenset({"model", "model-id", "model-path", "model-name", "model-name-or-path",
                              "pretrained-model-name-or-path"})


def _revised_refs(found: Iterator[Found], words: list[str], option: str,
                  revision: dict[str, str | None] | None) -> Iterator[Found]:
    """The references an option's value names, a model under a _REVISED_OPTIONS option given the command's
    `--revision` (`--model-id org/x --revision refs/pr/5`, as `vllm serve org/x --revision R`). `revision` holds the
    command's, read once (under the key ""): a command of many model options reads its words once, not once each."""
    if revision is None or not _revised(option):
        yield from found
        return
    for ref in found:
        if ref[2] == "model" and ref[3] is None:
            if "" not in revision:
                revision[""] = _command_revision(words)
            ref = (*ref[:3], revision[""], ref[4])
        yield ref


def _revised(option: str) -> bool:
    """Does a command's `--revision` go with the model this option names (_REVISED_OPTIONS)?"""
    return option.lstrip("-").replace("_", "-").lower() in _REVISED_OPTIONS


def _command_revision(words: list[str]) -> str | None:
    """The revision a command line gives (`--revision R` or `--revision=R`; the last one given, as an argument
    parser keeps it), or None."""
    found = None
    for j, word in enumerate(words):
        if word == "--revision" and j + 1 < len(words):
            found = words[j + 1]
        elif word.startswith("--revision="):
            found = word.partition("=")[2]
    return revision_or_none(found, shell=True) if found is not None else None


def _plural(option: str) -> bool:
    """An option whose name is a plural of what it takes (`--models`, `--eval-datasets`, `--model_names`): a list of
    values follows it, not one (`--model_args` and `--models_dir` are one value: their last word is not a plural)."""
    last = re.split(r"[-_]", option.lstrip("-"))[-1].lower()
    return last in _PLURAL_WORDS


_PLURAL_WORDS = frozenset({"models", "datasets", "names", "ids", "repos", "checkpoints", "tokenizers", "adapters"})


# A Hydra / OmegaConf override naming one split's data by its place (`rollout.train.path=org/x`,
# `data.eval.name=org/x`): a split segment, then the key that holds the repository, under a head that says data
# (the vocabulary's dataset words, or an RL framework's `rollout`). A split also names a logger's or a metric's
# series (`logger.val.name=val/loss`, `metrics.test.name=eval/accuracy`): those heads never name data.
_SPLIT_ID_KEYS = frozenset({"path", "name", "id", "repo", "repo_id", "hf_path"})
_SPLIT_DATA_WORDS = frozenset({"rollout", "rollouts"})
_SPLIT_VETO_WORDS = frozenset({"logger", "loggers", "logging", "log", "metric", "metrics", "callback", "callbacks",
                               "monitor", "monitors", "checkpoint", "checkpoints", "checkpointing", "wandb"})


def _split_dataset(low: str, vocab: Vocabulary) -> bool:
    """`rollout.train.path`, `data.eval.name`: a split's data named by its place in a dotted override."""
    *head, last = low.split(".")
    if last not in _SPLIT_ID_KEYS or not any(part in SPLIT_NAMES for part in head):
        return False
    words = {word for part in head for word in split_words(part)}
    if words & _SPLIT_VETO_WORDS or any(w in vocab.negative_words for w in split_words(low)):
        return False
    return bool(words & (_SPLIT_DATA_WORDS | vocab.dataset_words))


def _name_kind(name: str, vocab: Vocabulary) -> RefKind | None:
    low = name.lower()
    if any(word in low for word in _ALIAS_WORDS):
        return None
    kind = vocab.name_kind(name)
    if kind is None and "." in low and _split_dataset(low, vocab):
        return "dataset"
    return kind if kind in ("model", "dataset") else None  # type: ignore[return-value]


_NESTED_DEFAULTS = 4  # how deep `${A:-${B:-org/x}}` defaults are followed (a hostile file: bounded)


def _value_refs(token: _Token, value: str, kind: RefKind | None, name: str, vocab: Vocabulary) -> Iterator[Found]:
    """The ids one option or variable value names: an `org/name` id (or a legacy bare name such as gpt2) under a
    model or dataset name, a `${VAR:-org/x}` default, a `key=value,...` string's model entries, or a Hub URL there."""
    for _ in range(_NESTED_DEFAULTS):  # `${1:-${QWEN_MODEL_ID:-org/x}}`: an argument, else a variable, else org/x
        default = _DEFAULT_RE.match(value)
        if default is None:
            break
        value = default.group(2)
        kind = kind or _name_kind(default.group(1), vocab)
    if kind is None:
        yield from _address_refs(token, value, False)  # `--url https://huggingface.co/org/x/resolve/main/f`
        return
    address = hub_address_or_none(value)
    if address is not None:
        yield token, address[0], address[1], address[2], f"{name} (Hub URL)"
        return
    how = f"command option {name}" if name.startswith("-") else f"variable {name}"
    model_id = value_id(value, kind, vocab)
    if model_id is None and "," in value and "=" in value:
        # lighteval's `"model_name=org/x,dtype=bfloat16"`: a key=value list whose first key is the name; it holds the id
        first, rest = value.split(",", 1)
        model_id = value_id(first, kind, vocab) if _KV_LIST_RE.fullmatch(rest) else None
    if model_id is not None:
        yield token, model_id, kind, None, how
        return
    for pair_kind, pair_value in kv_pairs(value, vocab):
        pair_id = value_id(pair_value, pair_kind, vocab)  # type: ignore[arg-type]
        if pair_id is not None:
            yield token, pair_id, "dataset" if pair_kind == "dataset" else "model", None, how


# The rest of a `key=value,key=value` list after its first value (no nested quantifier over the same characters: a
# pair is a name, `=`, then anything but a comma).
_KV_LIST_RE = re.compile(r"[A-Za-z_][\w.-]*=[^,]*(?:,[A-Za-z_][\w.-]*=[^,]*)*")


def value_id(value: str, kind: str, vocab: Vocabulary) -> str | None:
    """The id an option or variable value names: `org/name` (not a hosted API's `provider/model`), or a legacy bare
    name such as gpt2 for a model; a dataset's sample count is not part of its id (`--dataset org/x#500`)."""
    if kind == "model":
        value = without_quant_tag(vocab.unprefixed(value))  # Inspect's `--model hf/org/x`: the Hub's org/x
    model_id = hub_id_or_none(without_sample_count(value) if kind == "dataset" else value, require_owner=True)
    if model_id is not None:
        return None if vocab.is_remote_id(model_id, kind) else model_id
    if kind == "model" and value.lower() in vocab.st_legacy:
        return value
    return None
