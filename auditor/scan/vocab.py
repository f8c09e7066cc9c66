"""The scanner's vocabulary (loaders, model keys, identifier words, writers), read from rules/scan-vocabulary.yaml.

Why data: which wrapper loads a model (LangChain's HuggingFaceEmbeddings, vLLM's LLM, smolagents'
InferenceClientModel...) changes with every library release; a table people can review and extend beats
code. This module only reads the table and answers small questions about names.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import yaml

from auditor.resources import rules_dir
from auditor.scan.refs import bare_name_or_none

VOCABULARY_FILE = "scan-vocabulary.yaml"


# LiteLLM's route to the Hugging Face Inference API (`model: huggingface/org/x` in a proxy's `model_list`): the
# repository org/x is the model served, through the Hub's API. Only before an `org/name`: `huggingface/x` is itself a
# repository of the huggingface organisation.
_HF_PROVIDER = "huggingface/"
# Inspect AI's and the `llm` tool's Hugging Face provider (`--model hf/org/x`, `get_model("hf/org/x")`): transformers
# (or the Inference API) loads org/x. Only before an `org/name`: `hf/local` is Inspect's local-folder model and
# `hf/e5-base-v2` a name of Marqo's own registry (`hf` is a remote owner: rules/scan-vocabulary.yaml).
_HF_SHORT_PROVIDER = "hf/"
PROVIDER_PREFIXES = (_HF_PROVIDER, _HF_SHORT_PROVIDER)

# A name whose LAST word says it holds a container's coordinates or where files are kept names no model, whatever
# words come before (`MODEL_IMAGE`, a chart's `modelServer.image` / `image.repository`, `MODEL_REGISTRY`, KServe's
# `model.storageUri`: a Docker build argument or a chart value beside the model's own, review 28). A location word
# alone says nothing (`MODEL_PATH`, verl's `model.path`, the vLLM stack's `modelURL` hold Hub ids), nor does `tag`
# (ESPnet's `model_tag` is one); a repository is an image's only right after `image`.
_CONTAINER_LAST_WORDS = frozenset({"image", "images", "registry", "volume", "volumes", "mount", "mounts"})
_IMAGE_REPO_WORDS = frozenset({"repository", "repo"})
_STORAGE_LOCATION_WORDS = frozenset({"uri", "url", "path", "dir"})


def _names_a_container(words: tuple[str, ...]) -> bool:
    """Does the name end in a container coordinate or a storage location (_CONTAINER_LAST_WORDS)?"""
    last, before = words[-1], words[-2] if len(words) > 1 else ""
    return last in _CONTAINER_LAST_WORDS or (last in _IMAGE_REPO_WORDS and before == "image") \
        or (last in _STORAGE_LOCATION_WORDS and before == "storage")


@dataclass(frozen=True)
class CallPattern:
    """One loader or writer: which call, where its repository id sits."""

    call: str
    arg: int | None
    keywords: tuple[str, ...]
    kind: str = "model"
    repo_type: bool = False
    bare: str | None = None
    local: bool = False
    # the loader loads a Hub repository only when its first positional argument is one of these (torch.hub.load
    # of "huggingface/pytorch-transformers"); empty: always
    when_first: tuple[str, ...] = ()
    # the id is written behind one of these source prefixes (gradio `models/org/x`), or the call's `src=` names one
    # (`src="models"`); a value with another prefix names something else (a Space). Empty: no prefix.
    prefixes: tuple[str, ...] = ()

    @cached_property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.call.split("."))  # computed once: every call the finder visits is matched against these

    def matches(self, dotted: tuple[str, ...]) -> bool:
        parts = self.parts
        if len(dotted) < len(parts):
            return False
        tail = dotted[len(dotted) - len(parts) :]
        return all(d == p or ("*" in p and fnmatch.fnmatchcase(d, p)) for d, p in zip(tail, parts, strict=True))


# A name that ends with a Hub repository key names what it loads from the Hub whatever comes before
# (`TYPHOON_OCR_HF_REPO`, `reranker_hub_repo_id`, an app's `huggingFaceRepo`): `hf` / `hub` / Hugging Face leaves no
# doubt it is a Hub repository.
_HUB_REPO_SUFFIXES = ("_hf_repo", "_hf_repo_id", "_hub_repo", "_hub_repo_id", "_hf_hub_repo", "hugging_face_repo",
                      "hugging_face_repo_id", "huggingface_repo", "huggingface_repo_id")
# ... unless a word before it names a store the project keeps its own records in, not a model it loads: a
# leaderboard's `RESULTS_HF_REPO` / `REQUESTS_HF_REPO` / `QUEUE_HF_REPO`, `LOGS_HUB_REPO_ID`, a `DEMO_HF_REPO` (a Space)
_HUB_REPO_STORE_WORDS = frozenset({"results", "result", "requests", "request", "queue", "leaderboard", "logs", "log",
                                   "demo", "space", "spaces", "eval", "evals", "evaluation", "dashboard", "app",
                                   "cache", "metrics", "traces", "feedback", "submissions", "submission"})


# `huggingface_name`, `hf_name`, `hf_id`, `hugging_face_id`: a name made only of the Hub's name and a word that says
# "which one" names a Hub repository (SEB's `ModelMeta(huggingface_name=...)`, a VLM wrapper's `huggingface_name =
# "org/x"`). Only alone: with any other word (`hf_config_name`, `hf_token_id`, `hf_dataset_name`) the other word says
# what the name is, and is judged as before. The loader's kind wins where the value is loaded (`load_dataset(hf_id)`).
_HUB_NAME_WORDS = frozenset({"hf", "huggingface", "hugging", "face"})
_HUB_WHICH_WORDS = frozenset({"name", "id"})


def _names_a_hub_repository(words: tuple[str, ...]) -> bool:
    """Is the name the Hub's name and a which-word only (`hf_name`, `huggingFaceId`)?"""
    hub = words[:-1]
    return len(words) >= 2 and words[-1] in _HUB_WHICH_WORDS and all(w in _HUB_NAME_WORDS for w in hub) \
        and hub != ("face",) and hub != ("hugging",)


@dataclass(frozen=True)
class Vocabulary:
    loaders: tuple[CallPattern, ...]
    writers: tuple[CallPattern, ...]
    model_keys: frozenset[str]
    dataset_keys: frozenset[str]
    model_words: frozenset[str]
    dataset_words: frozenset[str]
    negative_words: frozenset[str]
    dataset_only_words: frozenset[str]
    model_lifted_words: frozenset[str]
    model_lifting_words: frozenset[str]
    location_words: frozenset[str]
    writer_keys: frozenset[str]
    remote_api_keys: frozenset[str]
    registry_calls: tuple[str, ...]
    remote_calls: tuple[CallPattern, ...]
    remote_owners: frozenset[str]
    st_legacy: frozenset[str]
    st_prefixes: tuple[str, ...]
    scopes: tuple[tuple[str, frozenset[str]], ...]
    # marker -> kind: a config value "MARKER org/name" names that Hub repository whatever its key
    hub_value_prefixes: tuple[tuple[str, str], ...] = ()
    # lower-case globs of hosted-API model names written provider/model ("openai/gpt-4o")
    remote_models: tuple[str, ...] = ()
    # the `datasets` library's packaged builders (json, csv, parquet...): never a Hub dataset's bare name
    dataset_builders: frozenset[str] = frozenset()
    # prefixes written in front of a model id under a model key (LlamaIndex `local:org/x`)
    model_value_prefixes: tuple[str, ...] = ()
    # a model family's names (llava), and the words beside one that make a name a checkpoint of it (llava_path)
    family_words: frozenset[str] = frozenset()
    family_which_words: frozenset[str] = frozenset()
    family_tool_words: frozenset[str] = frozenset()
    # hosted inference services a client package is named for (`package siliconflow`)
    remote_providers: frozenset[str] = frozenset()
    # name -> kind, the memo of name_kind (never compared, hashed or printed)
    _name_kinds: dict[str, str | None] = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)
    # name -> is a registry call, the memo of is_registry (same)
    _registries: dict[str, bool] = field(default_factory=dict, init=False, compare=False, hash=False, repr=False)

    def loader_for(self, dotted: tuple[str, ...]) -> CallPattern | None:
        """The most specific loader whose pattern matches the call's dotted name."""
        return _best(self.loaders, dotted)

    def writer_for(self, dotted: tuple[str, ...]) -> CallPattern | None:
        return _best(self.writers, dotted)

    def is_remote(self, dotted: tuple[str, ...]) -> bool:
        return _best(self.remote_calls, dotted) is not None

    def is_remote_id(self, repo_id: str, kind: str = "model") -> bool:
        """Does an `owner/name` string name a hosted API's model (a LiteLLM provider prefix, `openai/gpt-4o`)?
        Never for a dataset: no hosted API serves one, and `huggingface/label-files` is a Hub dataset."""
        if kind == "dataset":
            return False
        low = repo_id.lower()
        return low.split("/", 1)[0] in self.remote_owners \
            or any(fnmatch.fnmatchcase(low, p) for p in self.remote_models)

    def is_registry(self, name: str) -> bool:
        """Is `name` a registry call (`register_*`)? Remembered per name, as name_kind is: asked for every call."""
        cache = self._registries
        known = cache.get(name)
        if known is None:
            known = any(fnmatch.fnmatchcase(name, p) for p in self.registry_calls)
            if len(cache) < 100_000:
                cache[name] = known
        return known

    def marked_value(self, value: object) -> tuple[str, str] | None:
        """(repository id, kind) for a config value carrying a framework's Hub marker, else None."""
        if not isinstance(value, str):
            return None
        for marker, kind in self.hub_value_prefixes:
            if value.startswith(marker):
                return value[len(marker):].strip(), kind
        return None

    def unprefixed(self, value: str) -> str:
        """A model value without a wrapper library's prefix (`local:BAAI/bge-small-en-v1.5` -> the id)."""
        for prefix in self.model_value_prefixes:
            if value.startswith(prefix):
                return value[len(prefix):]
        for provider in PROVIDER_PREFIXES:  # LiteLLM's `huggingface/org/x`, Inspect's `hf/org/x`
            if value.startswith(provider) and value.count("/") == 2 and not value.startswith("hf/local/"):
                return value[len(provider):]
        return value

    def key_kind(self, key: str) -> str | None:
        """'model' / 'dataset' for a keyword or dictionary key that names one, else None."""
        low = key.lower().replace("-", "_")
        if low in self.writer_keys:
            return None
        if low in self.model_keys:
            return "model"
        if low in self.dataset_keys:
            return "dataset"
        return None

    def names_the_hub_only(self, name: str) -> bool:
        """Is the name only the Hub's name and "name" / "id" (`huggingface_id`, `hf_name`)? Such a name says a Hub
        repository, not which kind: a model by default (name_kind), a dataset where the call that takes it says so
        (`DatasetConfig(huggingface_id="org/x")`)."""
        return _names_a_hub_repository(split_words(name))

    def names_a_table(self, name: str) -> bool:
        """Does a key name a table of models or datasets (`models`, `embedding_models`, `eval_datasets`: a plural
        model or dataset word last), whose entries are ids under labels (`models: {small: org/x}`), rather than one
        model's settings (`model: {dtype: bf16, path: org/x}`, read by its generic keys only)?"""
        words = split_words(name)
        return bool(words) and words[-1].endswith("s") \
            and (words[-1] in self.model_words or words[-1] in self.dataset_words) and self.name_kind(name) is not None

    def name_kind(self, name: str) -> str | None:
        """'model' / 'dataset' when an identifier's words say it holds one (`EMBEDDING_MODEL_NAME`,
        `dataset_id`, `--model-path`), None otherwise or when a word says it is a write target.

        Memoised per vocabulary: a scan asks this for every assignment, keyword and parameter it visits, and a
        code base has few distinct names."""
        cache = self._name_kinds
        if name in cache:
            return cache[name]
        kind = self._name_kind(name)
        if len(cache) < 100_000:
            cache[name] = kind
        return kind

    def _name_kind(self, name: str) -> str | None:
        low = name.lower().lstrip("-_").replace("-", "_")
        words = split_words(name)
        joined = "_".join(words)  # camelCase spellings of the keys: `hfRepo`, `baseModelId`, `hubModelId`
        if low in self.writer_keys or joined in self.writer_keys:
            return None
        direct = self.key_kind(low) or (self.key_kind(joined) if joined != low else None)
        if not words or _names_a_container(words):
            return None
        negatives = [w for w in words if w in self.negative_words]
        if negatives and self._lifted(words, negatives):
            return "model"
        if negatives:  # a dataset-only word (prompt) beside a dataset word still names a dataset: `--prompt_data`
            only = all(w in self.dataset_only_words for w in negatives)
            return "dataset" if only and (direct == "dataset" or any(w in self.dataset_words for w in words)) else None
        if direct:
            return direct
        if any(w in self.dataset_words for w in words):
            return "dataset"
        if any(w in self.model_words for w in words):
            return "model"
        if (any(w in self.family_words for w in words) and any(w in self.family_which_words for w in words)
                and not any(w in self.family_tool_words for w in words)):  # `llama_cpp_path`: a tool's, not a model's
            return "model"
        if joined.endswith(_HUB_REPO_SUFFIXES) and not any(w in _HUB_REPO_STORE_WORDS for w in words):
            return "model"
        if _names_a_hub_repository(words):
            return "model"
        return None

    def _lifted(self, words: list[str], negatives: list[str]) -> bool:
        """Is every negative word one a model noun beside it lifts (`LOCAL_MODELS`: a model run locally), with no
        word saying the value is a place on disk (`local_model_path`) or a dataset?"""
        return (all(w in self.model_lifted_words for w in negatives)
                and any(w in self.model_lifting_words for w in words)
                and not any(w in self.location_words or w in self.dataset_words for w in words))

    def scope_of(self, path: str) -> str:
        """'tests', 'examples' or 'main' for a repository-relative path."""
        parts = path.split("/")
        name = parts[-1]
        for scope, dirs in self.scopes:
            if any(p.lower() in dirs for p in parts[:-1]):
                return scope
            if scope == "tests" and (
                (name.startswith("test_") and name.endswith(".py")) or name.endswith("_test.py")
                or name == "conftest.py"
            ):
                return scope
        return "main"

    def st_resolve(self, bare: str) -> str:
        """A bare name as sentence-transformers loads it: its own organisation unless a legacy transformers id."""
        if "/" in bare or bare.lower() in self.st_legacy:
            return bare
        return f"sentence-transformers/{bare}"

    def canonical_dataset(self, value: str) -> str | None:
        """A bare name as `load_dataset` reads it from the Hub (`squad`, `glue`, `wikitext`: canonical datasets, now
        redirected to an organisation), or None for a packaged builder (`json`, `imagefolder`), a path or a file."""
        name = bare_name_or_none(value)
        return None if name is None or name.lower() in self.dataset_builders else name

    def is_st_family(self, bare: str) -> bool:
        return "/" not in bare and bare.startswith(self.st_prefixes)


def _best(patterns: tuple[CallPattern, ...], dotted: tuple[str, ...]) -> CallPattern | None:
    """The longest pattern matching the call. Indexed by the last part, and remembered per dotted name: every call
    of a scan asks this three times (writer, loader, remote API), and a code base calls few distinct names."""
    if not dotted:
        return None
    key = id(patterns)
    if key not in _INDEX:
        _INDEX[key] = _index(patterns)
        _BEST[key] = (patterns, {})  # the tuple is kept so that its id cannot be reused by another
    memo = _BEST[key][1]
    found = memo.get(dotted, _UNSEEN)
    if found is _UNSEEN:
        found = _best_uncached(_INDEX[key], dotted)
        if len(memo) < 100_000:
            memo[dotted] = found
    return found  # type: ignore[no-any-return]


_UNSEEN: Any = object()
_BEST: dict[int, tuple[tuple[CallPattern, ...], dict[tuple[str, ...], CallPattern | None]]] = {}


def _best_uncached(index: _Index, dotted: tuple[str, ...]) -> CallPattern | None:
    exact, globbed, last_globs = index
    best: CallPattern | None = None
    last = dotted[-1]
    # A globbed pattern matches only where its last part matches the call's last part: one combined search says
    # whether any can (most calls of a code base: none), before each is tried with fnmatch.
    candidates = globbed if last_globs is not None and last_globs.match(last) is not None else ()
    for pattern in (*exact.get(last, ()), *candidates):
        if pattern.matches(dotted) and (best is None or len(pattern.parts) > len(best.parts)):
            best = pattern
    return best


# (patterns by their literal last part, patterns whose last part is a glob, one pattern matching any of those last
# parts: a superset test of `CallPattern.matches` on the last part, None when no pattern is globbed)
_Index = tuple[dict[str, tuple[CallPattern, ...]], tuple[CallPattern, ...], re.Pattern[str] | None]
_INDEX: dict[int, _Index] = {}


def _index(patterns: tuple[CallPattern, ...]) -> _Index:
    exact: dict[str, list[CallPattern]] = {}
    globbed: list[CallPattern] = []
    for pattern in patterns:
        last = pattern.parts[-1]
        if any(c in last for c in "*?["):
            globbed.append(pattern)
        else:
            exact.setdefault(last, []).append(pattern)
    # `matches` compares the last parts by equality or fnmatchcase: both are this alternation (fnmatch.translate
    # anchors each at its end; a literal alternative for equality, should a name ever spell the glob itself)
    lasts = sorted({p.parts[-1] for p in globbed})
    combined = re.compile("|".join(f"(?:{fnmatch.translate(g)})|(?:{re.escape(g)}\\Z)" for g in lasts)) \
        if lasts else None
    return {k: tuple(v) for k, v in exact.items()}, tuple(globbed), combined


_WORD_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def split_words(name: str) -> tuple[str, ...]:
    """`EMBEDDING_MODEL_NAME` -> (embedding, model, name); `tokenizerPath` -> (tokenizer, path)."""
    out: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", name):
        out.extend(w.lower() for w in _WORD_RE.findall(chunk))
    return tuple(out)


def _patterns(items: Any, writer: bool = False) -> tuple[CallPattern, ...]:
    out = []
    for item in items or ():
        out.append(
            CallPattern(
                call=str(item["call"]),
                arg=item.get("arg"),
                keywords=tuple(item.get("keywords") or ()),
                kind=str(item.get("kind", "model")),
                repo_type=bool(item.get("repo_type", False)),
                bare=item.get("bare"),
                local=bool(item.get("local", False)) if writer else False,
                when_first=tuple(str(x) for x in item.get("when_first") or ()),
                prefixes=tuple(str(x) for x in item.get("prefixes") or ()),
            )
        )
    return tuple(out)


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (read once per process)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when PyYAML has it: 10x faster start-up
    data = yaml.load((rules_dir() / VOCABULARY_FILE).read_text(encoding="utf-8"), Loader=loader)
    lower = lambda key: frozenset(str(x).lower() for x in data.get(key) or ())  # noqa: E731
    return Vocabulary(
        loaders=_patterns(data.get("loaders")),
        writers=_patterns(data.get("writers"), writer=True),
        model_keys=lower("model_keys"),
        dataset_keys=lower("dataset_keys"),
        model_words=lower("model_words"),
        dataset_words=lower("dataset_words"),
        negative_words=lower("negative_words"),
        dataset_only_words=lower("dataset_only_words"),
        model_lifted_words=lower("model_lifted_words"),
        model_lifting_words=lower("model_lifting_words"),
        location_words=lower("location_words"),
        writer_keys=lower("writer_keys"),
        remote_api_keys=lower("remote_api_keys"),
        registry_calls=tuple(str(x) for x in data.get("registry_calls") or ()),
        remote_calls=_patterns([{"call": c} for c in data.get("remote_calls") or ()]),
        remote_owners=lower("remote_owners"),
        st_legacy=lower("st_legacy_transformers"),
        st_prefixes=tuple(str(x) for x in data.get("st_bare_prefixes") or ()),
        scopes=tuple((str(k), frozenset(str(d).lower() for d in v)) for k, v in (data.get("scopes") or {}).items()),
        remote_models=tuple(sorted(lower("remote_models"))),
        dataset_builders=lower("dataset_builders"),
        family_words=lower("family_words"),
        family_which_words=lower("family_which_words"),
        family_tool_words=lower("family_tool_words"),
        remote_providers=lower("remote_providers"),
        model_value_prefixes=tuple(str(x) for x in data.get("model_value_prefixes") or ()),
        hub_value_prefixes=tuple((str(k), str(v)) for k, v in (data.get("hub_value_prefixes") or {}).items()
                                 if v in ("model", "dataset")),
    )
