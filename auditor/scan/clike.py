"""Model references in Rust, Go, Java, Kotlin, Scala, Swift, C# and C / C++ sources: the Hub clients of those languages
(Rust `hf-hub` / candle `api.model("org/x")`, `Repo::with_revision("org/x", RepoType::Model, ...)`, the `tokenizers`
crate's `Tokenizer::from_pretrained("org/x", None)`, Java DJL `HuggingFaceTokenizer.newInstance("org/x")` and its
`djl://ai.djl.huggingface.pytorch/org/x` model URLs, swift-transformers `AutoTokenizer.from(pretrained: "org/x")`,
LangChain4j builders `.modelId("org/x")`), and constants, fields, option defaults and `match` / `switch` arms whose
name says model or dataset (`let model_id = "org/x"`, `const ModelID = "org/x"`, clap's
`#[arg(default_value = "org/x")] model_id: String`, Go's `flag.String("model", "org/x", ...)`).

Why regular expressions, as for JavaScript (auditor/scan/js.py): no parser of these languages ships with Python, and
the files are read, never built. Comments are skipped and string literals found with each language's lexical rules
for them (Rust raw strings, Go back-quoted strings, text blocks, C# verbatim strings; a character literal such as
`'"'` is not a quote). Only a literal that passes the id test (`org/name`, a Hub URL, a DJL Hub URL) is looked at,
and only the code right before it (and, for an option default, the field right after) decides whether it names a
repository. Any other `org/name` string (a path, a GitHub repository, an import) is not a reference, nor is a Hub id
under a name that says where the code writes (`output_repo`, `push_model`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.prefilter import is_hub_id, quoted_candidates
from auditor.scan.refs import (
    HF_SCHEME,
    ModelReference,
    RefKind,
    address_how,
    file_addresses_in,
    hub_address_or_none,
    revision_or_none,
    scheme_value_lines,
    spells_hf_scheme,
)
from auditor.scan.shell import value_id
from auditor.scan.vocab import Vocabulary, split_words, vocabulary

# C and C++ (llama.cpp's presets `params.hf_repo = "org/x"`, an app's `const char* MODEL_ID = "org/x"`) share Java's
# comments and quotes; a C++ raw string (`R"(...)"`) reads as a plain one, which only holds text here.
CLIKE_SUFFIXES = (".rs", ".go", ".java", ".kt", ".kts", ".scala", ".swift", ".cs", ".c", ".cc", ".cpp", ".cxx", ".h",
                  ".hh", ".hpp", ".hxx")
_GENERATED_DIRS = frozenset({"target", "build", "vendor", "bin", "obj", ".gradle", "pods"})

_LEXEME_RE = re.compile(
    r"//[^\n]*|/\*[\s\S]*?(?:\*/|$)"
    r'|"""(?P<block>[\s\S]*?)"""'  # Java / Kotlin / Scala / Swift / C# text blocks
    r'|(?<![\w"])r(?P<hashes>#*)"(?P<raw>[\s\S]*?)"(?P=hashes)'  # Rust raw strings: r"..." r#"..."#
    r'|@"(?P<verbatim>(?:[^"]|"")*)"'  # C# verbatim strings
    r"|`(?P<backquoted>[^`\n]*)`"  # Go raw strings (and Kotlin / Swift quoted identifiers: never an id)
    r"|'(?:\\.|[^\\'\n])'"  # a character literal ('"' included), skipped; a Rust lifetime ('a) never matches
    r'|"(?P<body>(?:[^"\\\n]|\\.)*)"'
)
_BODIES = ("body", "block", "raw", "verbatim", "backquoted")
_NEAR_CHARS = 160
_BACK_CHARS = 1500

# Wrappers around a literal that change nothing: `"org/x".to_string()` is after it; these are before it.
_WRAPPER_RE = re.compile(r"(?:String::from|String\.valueOf|Some|Ok|Optional\.of|PathBuf::from|str|string|"
                         r"std::string)\s*\(\s*$")
# An assertion the literal is an argument of (`assert_eq!(id, "org/x")`, `assertEquals(`, `assert.Equal(t, `).
_ASSERT_RE = re.compile(r"\b(?:assert\w*!?|assert\.\w+|Assert\.\w+|XCTAssert\w*|expect)\s*\([^;{}]*$")
# A loader call the literal is the first argument of.
_LOADER_RE = re.compile(
    r"(?:\b(?P<tok>\w*Tokenizer\w*)\s*(?:\.|::)\s*(?:from_pretrained|newInstance|[fF]romPretrained|from_file)"
    r"|(?:\.|::|\b)(?P<fn>from_pretrained|[fF]romPretrained|hf_hub_download|with_revision|snapshot_download)"
    r"|\bRepo\s*::\s*(?P<repo>new|model|dataset)"
    r")\s*\(\s*$"
)
# A Go Hub client's repository handle, in a file that uses a Hub client (_HUB_CLIENT_WORDS): cozy-creator/hf-hub's
# `hub.NewRepo("org/x")` / `hub.NewHfRepo(`, gomlx go-huggingface's `hub.New("org/x")`. Elsewhere `NewRepo` is as
# likely a git repository's. go-huggingface's `datasets.New("org/x")` is a dataset repository's handle.
_HUB_REPO_NEW_RE = re.compile(r"(?:\b|\.)(?:New(?:Hf|Hub|Model)?Repo|hub\s*\.\s*New|(?P<dataset>datasets\s*\.\s*New))"
                              r"\s*\(\s*$")
# swift-transformers: `AutoTokenizer.from(pretrained: "org/x")`, `hubApi.snapshot(from: "org/x")`, `Hub.Repo(id: ...)`;
# MLX Swift's loaders, named: `ModelConfiguration(id: "mlx-community/x")` (and `VLMModelConfiguration(id:`),
# `loadModelContainer(id: "org/x")`, `loadModel(id: "org/x")`. Only these names: an app's own type with "Model" in
# it (`CategoryModel(id: "sports/football")`, `ItemViewModel(id: "users/42")`) is built from its own ids. One `\w*`
# before a fixed name keeps a long word linear (`\w*Model\w*` was quadratic in a word of repeated "Model").
# The same configuration built or looked up other ways (mlx-swift-lm's README and registries): its initializer named
# (`ModelConfiguration.init(id:`), inferred from a `configuration:` parameter (`loadContainer(configuration:
# .init(id: "org/x"))`), and a registry's lookup by id (`LLMRegistry.shared.configuration(id:`,
# `ModelConfiguration.configuration(id:`): each takes a Hub id. A bare `.init(id:` elsewhere builds the app's own
# types (`.init(id: "created-id", name: ...)`), so only after `configuration:`.
_SWIFT_RE = re.compile(r"\b(?:from\s*\(\s*pretrained|snapshot\s*\(\s*from|Repo\s*\(\s*id"
                       r"|(?:\w*ModelConfiguration|loadModel(?:Container)?)\s*\(\s*id"
                       r"|\w*ModelConfiguration\s*\.\s*(?:init|configuration)\s*\(\s*id"
                       r"|configuration\s*:\s*\.init\s*\(\s*id"
                       r"|\w*Registry(?:\s*\.\s*shared)?\s*\.\s*configuration\s*\(\s*id)\s*:\s*$")
_SWIFT_WORDS = ("pretrained", "from", "Repo", "ModelConfiguration", "loadModel", "configuration")
# In a file that uses mlx-swift-lm (_MLX_LM_MODULES), where a `ModelConfiguration` is what `.init(id:` builds wherever
# the type is inferred (a computed `var configuration: ModelConfiguration { switch self { case .x: .init(id: "org/x")`).
_MLX_INIT_RE = re.compile(r"(?<![\w.])\.init\s*\(\s*id\s*:\s*$")
_MLX_LM_MODULES = ("import MLXLLM", "import MLXVLM", "import MLXLMCommon")
# The revision a Swift configuration is built at, later in the same call: `ModelConfiguration(id: "org/x",
# revision: "v1.0")` (mlx-swift-lm's `Identifier.id(String, revision:)`).
_SWIFT_REVISION_RE = re.compile(r'\brevision\s*:\s*"([^"\\\n]{1,255})"')
# A method or function named like a model / dataset (`api.model(`, `.modelId(`, `setModelName(`).
_METHOD_RE = re.compile(r"(?:\.|::|\b)(?P<name>[A-Za-z_]\w*)\s*\(\s*$")
# A key, field or named argument: `model_id: "x"`, `ModelId = "x"` inside an initialiser, `"model": "x"`,
# `"model" to "x"` (Kotlin), `"model" => "x"` (PHP-like maps), `put("model", "x")` / `flag.String("model", "x", ...)`.
_QUOTED_KEY_RE = re.compile(r"""["'](?P<key>[\w.-]+)["']\s*(?::|,|\bto\b|=>)\s*$""")
_KEY_RE = re.compile(r"(?<![:\w])(?P<key>[A-Za-z_]\w*)\s*:\s*$")
# An assignment or binding: `let model_id = `, `const ModelID = `, `String MODEL_ID = `, `modelID := `,
# `let model: &str = `, `val model: String = `, `var model string = ` (the names before `=` are tried right to left).
_ASSIGN_RE = re.compile(r"(?P<lhs>[A-Za-z_][\w \t:&<>\[\]'.,?*]*?)\s*(?<![=!<>+\-*/%|&^])(?::=|=)\s*$")
# A fallback value: `args.model_id.unwrap_or("org/x")`, `env::var("MODEL_ID").unwrap_or("org/x")`, `.orElse(`.
_FALLBACK_RE = re.compile(r"""(?:(?P<recv>[A-Za-z_]\w*)|\(\s*["'](?P<key>\w+)["']\s*\))\s*\.\s*"""
                          r"(?:unwrap_or|unwrap_or_else|or_else|orElse|getOrElse|value_or|or)\s*\(\s*$")
# A tuple binding: candle's `let (default_model, default_revision) = ("org/x", "refs/pr/21")`.
_TUPLE_RE = re.compile(r"\blet\s*(?:mut\s+)?\(\s*(?P<first>[A-Za-z_]\w*)[^()]*\)\s*=\s*\(\s*$")
# An option default: clap `default_value = "x"`, picocli `defaultValue = "x"`, kotlinx-cli `default = "x"`.
_DEFAULT_RE = re.compile(r"\b(?:default_value(?:_t)?|defaultValue|default)\s*[=:]\s*$")
_OPTION_NAMES_RE = re.compile(r"""\b(?:long|names?)\s*=\s*[\[{(]?\s*"(?P<name>-{0,2}[\w-]+)\"""")
# Linear on hostile runs: one way through a run of `///x` lines or of `#[a]#[a]` on one line (either was 2^n ways,
# a hang on 80 lines of `///x` after an option default); an attribute's end right before another one on its own line
# leads nowhere the longer attribute has not already led, so it is not tried. The field after an annotation's `)` is
# read with possessive runs (an annotation's word, the modifiers, the type, the name are each taken whole): a long
# `) @aaaa...` was read back one character at a time, each try reading the rest again (quadratic in the window).
_FIELD_AFTER_RE = re.compile(r"\]\s*+(?://[^\n]*+\n\s*+|#\[[^\n]*\](?![^\S\n]*#\[)\s*+)*"
                             r"(?:pub(?:\([\w:]+\))?\s+)?(?P<name>[A-Za-z_]\w*)\s*:"
                             r"|\)\s*+(?:@\w++\s*+)*+(?:(?:private|public|protected|final|static|var|val|lateinit)\s++)*+"
                             r"(?:[\w<>\[\]?]++\s++)?(?P<jname>[A-Za-z_]\w*+)\s*+[;:=]")
# A `match` / `when` / `switch` arm, or a `return`: the literal is what the enclosing function or binding yields.
# An element of a list (`let models = vec!["org/a", "org/b"]`) or a block's value (`fn model_id() -> &str { "org/x" }`).
_ARM_RE = re.compile(r"(?:=>|->|\breturn|\bcase\b[^\n:]*:|\bdefault\s*:|\?|\belse|[\[{,(])\s*$")
_ENCLOSING_RE = re.compile(
    r"(?<!')\b(?:fn|func|fun|def|(?P<binding>let|val|var|const|static))\b\s*(?:mut\s+)?\(?\s*(?P<name>[A-Za-z_]\w*)"
    # A loop over a literal list, up to the list's opening: Go `for _, modelName := range []string{`, Rust `for model
    # in [` / `in &[` / `in vec![`, Swift `for model in [`, Kotlin `for (model in listOf(`, Java `for (String model :
    # List.of(` / `new String[]{`, C# `foreach (var model in new[] {`. Its elements are what the loop variable holds.
    r"|\bfor(?:each)?\s*\(?\s*(?:[A-Za-z_]\w*\s*,\s*|(?:var|let|val|final|String|string|auto)\s+)?(?P<loop>[A-Za-z_]\w*)\s*"
    r"(?::=\s*range\s*\[\]string\s*(?P<brace>\{)|(?:\bin\b|:)\s*(?:&\s*|vec!\s*)?(?P<bracket>\[)"
    r"|(?:\bin\b|:)\s*(?:(?:listOf|arrayOf|setOf|List\.of|Set\.of|Arrays\.asList)\s*(?P<paren>\()"
    r"|new\s*(?:String|string)?\s*\[\s*\]\s*(?P<newbrace>\{)))"
    r"|\b(?P<method>[A-Za-z_]\w*)\s*\([^()]*\)\s*(?:throws\s+[\w.]+\s*)?\{"
)
# The character that closes the literal list a loop iterates (_ENCLOSING_RE's `loop` branch), by the group that
# matched its opening: a literal after that closer is in the loop's body, not its list.
_LOOP_CLOSERS = (("brace", "}"), ("bracket", "]"), ("paren", ")"), ("newbrace", "}"))
_NOT_ENCLOSING = frozenset({"if", "for", "while", "switch", "match", "catch", "when", "synchronized", "return", "final",
                            "readonly", "mut", "str", "String", "string"})
# DJL's model zoo of converted Hub models: `djl://ai.djl.huggingface.pytorch/org/x`.
_DJL_RE = re.compile(r"^djl://ai\.djl\.huggingface\.\w+/(?P<id>[^/\s?#]+/[^/\s?#]+)")
_WRITE_WORDS_RE = re.compile(r"(?:push|upload|create_repo|createRepo|save|write)\w*\s*\(\s*$", re.IGNORECASE)

# Cost on hostile files: every pattern above that ends a context (`...\s*$`) is searched from the earliest place
# a match can start, not from the start of the 160-character window: a regular-expression search tries each start
# in turn, so a file of 100,000 literals (or of NUL bytes between them) cost ~100 us a literal in each of a dozen
# searches. Each bound is exact: a match is made of the characters of its run (a call's receiver and name before
# `(`, a key or binding before `:` or `=`), so it cannot start before the run does.
_CALL_RUN_RE = re.compile(r"[\w\s.:]*")  # reversed text: `Tokenizer :: from_pretrained`, `.unwrap_or`, `push_x`
_FALLBACK_RUN_RE = re.compile(r"""[\w\s.:()"']*""")  # `("MODEL_ID")).unwrap_or`
_NAMED_RUN_RE = re.compile(r"""[\w\s(:=&<>\[\]'".,?*-]*""")  # `from(pretrained:`, `"model":`, `let m: &str =`
_QUOTED_RUN_RE = re.compile(r"""[\w\s.'":,=>-]*""")  # `"model",`, `"model" to`, `"model" =>`
_ARM_RUN_RE = re.compile(r"[\w\s=>\-?:\[{,(]*")  # `=>`, `return`, `default :`, `,`
_WRITE_WORDS = ("push", "upload", "create_repo", "createrepo", "save", "write")  # casefolded, as IGNORECASE reads
# Calls under which a bare legacy name (gpt2) is a reference (_LOADER_HOW_RE): a file holding none has no such name.
# `newInstance(`: DJL's `HuggingFaceTokenizer.newInstance("distilbert-base-uncased")`. `FromPretrained`: the C# ports
# (AiDotNet's `AutoTokenizer.FromPretrained("bert-base-uncased")`); `HuggingFace` / `FromHub`: a loader whose name
# says it reads the Hub (FastBertTokenizer's `LoadFromHuggingFaceAsync("bert-base-uncased")`, _hub_named).
_BARE_LOADER_WORDS = (".model(", "from_pretrained", "fromPretrained", "FromPretrained", "Repo::", "hf_hub_download",
                      "snapshot_download", "with_revision", "FromModel", "from_model", "fromModel", "newInstance(",
                      "HuggingFace", "FromHub", "Tokenizer(")
_LOADER_WORDS = ("Tokenizer", "from_pretrained", "fromPretrained", "FromPretrained", "hf_hub_download", "with_revision",
                 "snapshot_download", "Repo")


def _run_start(near: str, end: int, run: re.Pattern[str]) -> int:
    """Where the longest run of `run`'s characters that ends at `end` starts (matched on the reversed text, so
    the cost is the run's length, not the window's)."""
    found = run.match(near[:end][::-1])
    return end - (found.end() if found is not None else 0)


def _before_call(near: str, run: re.Pattern[str] = _CALL_RUN_RE) -> int:
    """The earliest start of a call pattern's match in `near`, which ends with the call's `(`."""
    return _run_start(near, len(near) - 1, run)


def _asserted(near: str) -> bool:
    """Is the literal an argument of an assertion? Its call cannot start before the last `;`, `{` or `}`."""
    cut = max(near.rfind(";"), near.rfind("{"), near.rfind("}")) + 1
    return ("ssert" in near[cut:] or "expect" in near[cut:]) and _ASSERT_RE.search(near, cut) is not None


def _is_arm(near: str) -> bool:
    """Does `near` end as a match arm, `case`, `return`, branch or list element does (_ARM_RE)? A `case ...:`
    lies on the last line; every other ending is made of the run's characters."""
    if near.endswith("|") and near[:-1].rstrip().endswith('"'):
        return True  # Rust's `"mini" | "org/x" =>`: another name of the same arm's pattern
    pos = _run_start(near, len(near), _ARM_RUN_RE)
    line = near.rfind("\n") + 1
    if "case" in near[line:]:
        pos = min(pos, line)
    return _ARM_RE.search(near, pos) is not None


class _Enclosing:
    """The functions and bindings of one file (_ENCLOSING_RE), found once: the one before a literal is looked up,
    not searched for again in the 1,500 characters before each literal (a list of 100,000 ids cost seconds)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends: list[int] | None = None
        self._starts: list[int] = []
        self._found: list[tuple[str, bool, str]] = []  # (name, is a binding, the closer of a loop's list or "")

    def _build(self) -> list[int]:
        ends: list[int] = []
        for match in _ENCLOSING_RE.finditer(self._text):
            candidate = match.group("name") or match.group("method") or match.group("loop")
            if candidate not in _NOT_ENCLOSING:
                ends.append(match.end())
                self._starts.append(match.start())
                closer = next((char for group, char in _LOOP_CLOSERS if match.group(group)), "")
                self._found.append((candidate, match.group("binding") is not None, closer))
        return ends

    def name_before(self, start: int) -> str | None:
        """The name of the last function or binding ending before `start` and starting at most _BACK_CHARS before
        it; None when there is none, or it is a binding (`let models = ...`) whose statement closed before."""
        if self._ends is None:
            self._ends = self._build()
        i = bisect_right(self._ends, start) - 1
        if i < 0 or self._starts[i] < start - _BACK_CHARS:
            return None
        name, binding, closer = self._found[i]
        if closer:  # a loop variable names the elements of its list only, not the literals of the loop's body
            return None if self._text.find(closer, self._ends[i], start) >= 0 else name
        if not binding:
            return name
        # The statement closes at a `;` after its `=`: the one in a Rust array type (`static MODELS: [&str; 3] = [`)
        # is before it.
        equals = self._text.find("=", self._ends[i], start)
        return None if self._text.find(";", equals if equals >= 0 else self._ends[i], start) >= 0 else name


def clike_file(rel: str) -> bool:
    """Is this a Rust, Go, Java, Kotlin, Scala, Swift or C# source the scan reads (not in a build folder)?"""
    lower = rel.lower()
    if not lower.endswith(CLIKE_SUFFIXES):
        return False
    return not any(part in _GENERATED_DIRS for part in lower.split("/")[:-1])


def scan_clike(text: str, file: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one source file of these languages (see the module docstring)."""
    if not _may_hold(text):
        return [], []
    names = _Names(vocabulary(), any(word in text for word in _HUB_CLIENT_WORDS), _Enclosing(text),
                   any(module in text for module in _MLX_LM_MODULES))
    relay = not names.hub and (_RELAY_RE.search(text) is not None or _provider_package(text, names.vocab)
                               or _openrouter_client(text))
    client = not names.hub and not relay and _CLIENT_CONFIG_RE.search(text) is not None
    lines: LineIndex | None = None
    found: list[ModelReference] = []
    for start, end, value in _strings(text, names.vocab.st_legacy):
        for model_id, kind, revision, how in _literal_refs(text, start, end, value, names):
            if (relay or (client and _client_block(text, start))) and not _loads_weights(text, start, how):
                continue  # a model name the file sends to a remote API (a relay's `ModelList`, a client's `Model:`)
            lines = lines or LineIndex(text)
            found.append(lines.reference(file, start, end, model_id, kind, revision, how))
    for start, end, (model_id, kind, revision) in scheme_value_lines(text):  # LocalAI configs in multi-line strings
        lines = lines or LineIndex(text)
        found.append(lines.reference(file, start, end, model_id, kind, revision, "Hub file address"))
    return found, []


_GO_PACKAGE_RE = re.compile(r"^package\s+(\w+)", re.MULTILINE)
# OpenRouter's host, or a call of a constructor or function named for it (`evals.NewOpenRouterClient(key)`): the
# file's model lists are OpenRouter's slugs (`liquid/lfm-2.2-6b`), sent there, as auditor/scan/relay.py reads Python.
_OPENROUTER_RE = re.compile(r"openrouter\.ai|OpenRouter\w*\s*\(")


def _openrouter_client(text: str) -> bool:
    """Does the code talk to OpenRouter (its host, or a call named for it)? Two substring tests before the search."""
    return ("openrouter.ai" in text or "OpenRouter" in text) and _OPENROUTER_RE.search(text) is not None


def _provider_package(text: str, vocab: Vocabulary) -> bool:
    """A Go package named for a hosted inference service (`package siliconflow`: a relay's adaptor for that API)."""
    match = _GO_PACKAGE_RE.search(text) if "package" in text else None
    return match is not None and match.group(1).lower() in vocab.remote_providers


def _loads_weights(text: str, start: int, how: str) -> bool:
    """Does the literal name what this code itself fetches from the Hub, even in a remote API's client: a Hub file
    address, a Hub loader's call (`api.model("org/x")`, `from(pretrained: "org/x")`), a server's `--model-id`?"""
    if how in _ADDRESS_HOWS or how.startswith('"--') or "pretrained" in how.lower():
        return True
    return _HUB_CALL_RE.match(how) is not None and _argument(text, start)


def _client_block(text: str, start: int) -> bool:
    """Is the literal at `start` inside the block (the innermost `{...}`, or its own line at the top level) that
    configures a remote API client with a key or base URL? Decided per block, not per file: an app that calls a
    hosted API in one function and loads a model in another still names that model."""
    lo = _unmatched_brace(text, start, -1)
    if lo < 0:  # top level: the literal's own line
        lo = text.rfind("\n", 0, start) + 1
        hi = text.find("\n", start)
        return _CLIENT_CONFIG_RE.search(text, lo, len(text) if hi < 0 else hi) is not None
    hi = _unmatched_brace(text, start, 1)
    return _CLIENT_CONFIG_RE.search(text, lo, hi if hi >= 0 else min(len(text), start + _BLOCK_CHARS)) is not None


def _unmatched_brace(text: str, start: int, step: int) -> int:
    """Where the block around `start` opens (step -1: the first `{` before it that no `}` on the way closes) or closes
    (step 1: the first such `}` after it); -1 when there is none within _BLOCK_CHARS."""
    target, nested = ("{", "}") if step < 0 else ("}", "{")
    depth = 0
    if step < 0:
        first, stop = start - 1, max(-1, start - _BLOCK_CHARS)
    else:
        first, stop = start, min(len(text), start + _BLOCK_CHARS)
    for i in range(first, stop, step):
        char = text[i]
        if char == nested:
            depth += 1
        elif char == target:
            if depth == 0:
                return i
            depth -= 1
    return -1


def _argument(text: str, start: int) -> bool:
    """Is the literal at `start` a call's first argument (`api.model("org/x")`), not a value bound to a name?"""
    return text[max(0, start - _NEAR_CHARS):start].rstrip().endswith("(")


def _may_hold(text: str) -> bool:
    """The cheap test before lexing: a quoted string that could be an id, a Hub or DJL URL (most files have none), or
    a Hub loader's call that may name a legacy bare model (`api.model("bert-base-uncased".to_string())`: no slash in
    the whole file)."""
    if "/" not in text:
        return any(word in text for word in _BARE_LOADER_WORDS)
    return "huggingface.co/" in text or "hf.co/" in text or spells_hf_scheme(text) or "djl://" in text \
        or HF_SCHEME in text \
        or any(is_hub_id(v) for v in quoted_candidates(text)) or any(word in text for word in _BARE_LOADER_WORDS) \
        or (("${" in text or "=" in text) and _PROPERTY_IN_RE.search(text) is not None)


def _strings(text: str, legacy: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, body) of each string literal holding a slash or naming a legacy bare model (`"gpt2"`), comments
    skipped."""
    for match in _LEXEME_RE.finditer(text):
        body = next((match.group(g) for g in _BODIES if match.group(g) is not None), None)
        if body is not None and ("/" in body or body.lower() in legacy):
            yield match.start(), match.end(), body


def _literal_refs(text: str, start: int, end: int, value: str,
                  names: _Names) -> Iterator[tuple[str, RefKind, str | None, str]]:
    djl = _DJL_RE.match(value)
    if djl is not None and is_hub_id(djl.group("id")):
        yield djl.group("id"), "model", None, "DJL model URL"
        return
    address = hub_address_or_none(value)
    bare = "/" not in value  # a legacy name (gpt2): a reference only as a loader's argument
    if address is None and not bare and not is_hub_id(value):
        if "${" in value or "=" in value:
            yield from _property_refs(value, names.vocab)
        return  # most strings with a slash: paths, imports, URLs
    kind, how = _context(text, start, end, names)
    if bare and not (_LOADER_HOW_RE.match(how) or _hub_named(how)):
        return
    if bare and kind is None and how.endswith("Tokenizer"):
        # A tokenizer type built from a legacy Hub name (a Scala wrapper's `ScalaTokenizer("distilbert-base-cased")`,
        # `new BertTokenizer("bert-base-uncased")`): the name is what it loads. Only a bare legacy name (a curated
        # list): an `org/x`-shaped argument of a constructor is as often a local folder (`"assets/tokenizer"`).
        kind = "model"
    if address is not None and kind is not None:
        yield address[0], address[1], address[2], how
        return
    if address is not None:  # a file of a repository the code downloads (".../resolve/main/model.onnx")
        fetched = _fetches_named(how)  # alith's `.hf_quant_file_url(".../blob/main/x.gguf")` downloads the page's file
        for found in file_addresses_in(value, fetched=fetched):
            yield *found, address_how(value, fetched)
        return
    if kind is None:
        return
    model_id = value_id(value, kind, names.vocab)
    if model_id is not None:
        yield model_id, kind, _call_revision(text, end) if how.endswith("(id:)") else None, how


# A Spring property in a string: a placeholder's default (`@Value("${app.embedding-model:org/x}")`: the value unless
# the property is set) or a `key=value` pair (`withPropertyValues("spring.ai.huggingface.chat.options.model=org/x")`).
_PROPERTY_RE = re.compile(r"^\$\{(?P<key>[A-Za-z][\w.-]*):(?P<default>[^{}$\s:]+)\}$"
                          r"|^(?P<pkey>[A-Za-z][\w-]*(?:\.[\w-]+)+)=(?P<pvalue>[^\s=]+)$")


# The cheap test's form of the same: a quoted placeholder default or pair whose value has an owner.
_PROPERTY_IN_RE = re.compile(r"\$\{[\w.-]+:[\w.-]+/[\w.-]+\}|\"[A-Za-z][\w.-]*=[\w.-]+/[\w.-]+\"")


def _property_refs(value: str, vocab: Vocabulary) -> Iterator[tuple[str, RefKind, str | None, str]]:
    """The id a Spring property string gives a property whose last part says model or dataset
    (`...chat.options.model`, `huggingface.embedding-model`), with an owner; not a property of another hosted
    provider's (`app.ai.groq.model`: the names that service serves)."""
    match = _PROPERTY_RE.match(value)
    if match is None:
        return
    key = match.group("key") or match.group("pkey")
    parts = key.lower().split(".")
    if any(part in vocab.remote_providers for part in parts):
        return
    named = vocab.name_kind(parts[-1])
    if named not in ("model", "dataset"):
        return
    kind: RefKind = "dataset" if named == "dataset" else "model"
    model_id = value_id(match.group("default") or match.group("pvalue"), kind, vocab)
    if model_id is not None and "/" in model_id:
        yield model_id, kind, None, f"property {key}"


# An entry of a Java `.properties` file (`key=value`, `key: value`): Spring's
# `spring.ai.huggingface.chat.options.model=org/x`, read as the same pair in a Java string is (_property_refs). A
# value with a space or an escape (`\:`) names no repository.
_PROPERTIES_LINE_RE = re.compile(r"^[ \t]*(?P<key>[A-Za-z][\w.-]*)[ \t]*[=:][ \t]*(?P<value>[^\s\\]+)[ \t]*$",
                                 re.MULTILINE)


def scan_properties(text: str, file: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in a `.properties` file: an entry whose dotted key's last part says model or dataset, with an owner
    (a hosted provider's property, `spring.ai.openai.chat.options.model`, names that service's models)."""
    if "/" not in text:
        return [], []
    vocab = vocabulary()
    lines: LineIndex | None = None
    found: list[ModelReference] = []
    for match in _PROPERTIES_LINE_RE.finditer(text):
        if "/" not in match.group("value"):
            continue
        for model_id, kind, revision, how in _property_refs(f"{match.group('key')}={match.group('value')}", vocab):
            lines = lines or LineIndex(text)
            found.append(lines.reference(file, match.start("value"), match.end("value"), model_id, kind, revision,
                                         how))
    return found, []


def _call_revision(text: str, end: int) -> str | None:
    """The `revision:` argument after the id in the same call (up to its first closing parenthesis), else None."""
    after = text[end:end + _NEAR_CHARS]
    closing = after.find(")")
    match = _SWIFT_REVISION_RE.search(after, 0, closing if closing >= 0 else len(after))
    return revision_or_none(match.group(1)) if match is not None else None


_DEFINE_RE = re.compile(r"#[ \t]*define[ \t]+([A-Za-z_]\w*)$")


def _context(text: str, start: int, end: int, names: _Names) -> tuple[RefKind | None, str]:
    """(kind, how) when the code around a literal puts it where a repository is named, else (None, "")."""
    near = text[max(0, start - _NEAR_CHARS):start].rstrip()
    wrapped = _WRAPPER_RE.search(near, _before_call(near)) if near.endswith("(") else None
    if wrapped is not None:
        near = near[:wrapped.start()].rstrip()
    last = near[-1:]
    if _asserted(near):
        return None, ""  # a test's expected value, not a load
    found: tuple[RefKind | None, str] = (None, "")
    if (last.isalnum() or last == "_") and "#" in near:  # C's `#define MODEL_ID "org/x"`: a constant by its name
        define = _DEFINE_RE.search(near, near.rfind("\n") + 1)
        if define is not None:
            return _kind(define.group(1), names), f"#define {define.group(1)}"
    if last == "(":
        found = _call_context(text, near, end, names)
    elif last in (":", "="):
        found = _named_context(text, near, end, names)
    elif last in (",", "o", ">") and (key := _QUOTED_KEY_RE.search(
            near, _run_start(near, len(near), _QUOTED_RUN_RE))) is not None:  # `,` `to` `=>`
        found = _kind(key.group("key"), names), f'"{key.group("key")}"'
        if found[0] is None and last == ">" and not _negative(key.group("key"), names):
            found = None, ""  # a map's or match arm's short name (`"mini" => "org/x"`): what encloses it decides
    if found[0] is not None or found[1]:  # a named context decides, whatever it says
        return found
    return _arm_context(text, start, near, names)


def _call_context(text: str, near: str, end: int, names: _Names) -> tuple[RefKind | None, str]:
    """The literal is a call's first argument: a Hub loader, a tuple binding, or a method named like a model."""
    head = _before_call(near)  # every pattern here is a call's name (with its receiver) right before the `(`
    folded = near[head:].casefold()
    if any(word in folded for word in _WRITE_WORDS) and _WRITE_WORDS_RE.search(near, head) is not None:
        return None, ""
    loader = _LOADER_RE.search(near, head) if any(word in near for word in _LOADER_WORDS) else None
    if loader is None and names.hub and "New" in near and (ctor := _HUB_REPO_NEW_RE.search(near, head)) is not None:
        return "dataset" if ctor.group("dataset") else "model", re.sub(r"\s+", "", ctor.group(0)).rstrip("(")
    if loader is not None:
        name = loader.group("tok") or loader.group("fn") or f"Repo::{loader.group('repo')}"
        if loader.group("repo") == "dataset" or _dataset_repo_type(text, end):
            return "dataset", name
        return "model", name
    fallback = _FALLBACK_RE.search(near, _before_call(near, _FALLBACK_RUN_RE)) \
        if "or" in near or "Or" in near else None
    if fallback is not None:
        name = fallback.group("key") or fallback.group("recv")
        return _kind(name, names), f"default of {name}"
    tuple_binding = _TUPLE_RE.search(near) if "let" in near else None
    if tuple_binding is not None:
        return _kind(tuple_binding.group("first"), names), tuple_binding.group("first")
    method = _METHOD_RE.search(near, head)
    if method is not None and method.group("name") in _LIST_CALLS:
        return None, ""  # `listOf("org/x")`: a list's element, named by what holds the list (_arm_context)
    if method is not None:
        name = method.group("name")
        kind = _kind(name, names)
        return ("model" if kind is None and _hub_named(name) else kind), name
    return None, ""


# Calls that build a list of their arguments (Kotlin `listOf`, Java `List.of` / `Arrays.asList`).
_LIST_CALLS = frozenset({"listOf", "arrayOf", "setOf", "mutableListOf", "of", "asList"})
# The words of a method that loads from the Hub by its own name (FastBertTokenizer's `LoadFromHuggingFaceAsync`,
# `FromHuggingFace`, `LoadFromHub`, `fromHfHub`), casefolded; a writer's name (`PushToHuggingFace`) was turned away
# before (_WRITE_WORDS).
_HUB_METHOD_WORDS = ("huggingface", "fromhub", "fromhfhub")


def _fetches_named(name: str) -> bool:
    """Is the literal handed to a call or setter named for a Hub file's URL (`hf_quant_file_url`, `hfFileUrl`,
    `download_url`)? Such a call downloads the file, so a `/blob/` page URL names it as a `/resolve/` one does."""
    words = split_words(name)
    return "url" in words and ("download" in words or ("file" in words and any(w in words for w in ("hf", "hub"))))


def _hub_named(name: str) -> bool:
    """Does a call's name say it loads its first argument from the Hub?"""
    folded = name.casefold()
    return any(word in folded for word in _HUB_METHOD_WORDS)


def _dataset_repo_type(text: str, end: int) -> bool:
    """`Repo::with_revision("org/x", RepoType::Dataset, ...)`: the type written in the same call, after the id."""
    after = text[end:end + _NEAR_CHARS].replace("()", "")  # `.to_string()`, `.into()` do not close the call
    closing = after.find(")")
    return "RepoType::Dataset" in (after if closing < 0 else after[:closing])


def _named_context(text: str, near: str, end: int, names: _Names) -> tuple[RefKind | None, str]:
    """The literal follows `name:` or `name =`: an option default, a key, a named argument or an assignment."""
    head = _run_start(near, len(near), _NAMED_RUN_RE)  # a name, key or binding before the `:` / `=`
    swift = _SWIFT_RE.search(near, head) if any(word in near for word in _SWIFT_WORDS) else None
    if swift is None and names.mlx and "init" in near:
        swift = _MLX_INIT_RE.search(near, head)
    if swift is not None:
        return "model", re.sub(r"\s+", "", swift.group(0)) + ")"
    if "default" in near and _DEFAULT_RE.search(near, head) is not None:
        return _option_default(text, near, end, names)
    quoted = _QUOTED_KEY_RE.search(near, head)
    if quoted is not None:
        return _kind(quoted.group("key"), names), f'"{quoted.group("key")}"'
    if near.endswith(":") and not near.endswith("::"):
        key = _KEY_RE.search(near, head)
        if key is not None:
            return _kind(key.group("key"), names), f"{key.group('key')}:"
        return None, ""
    assign = _ASSIGN_RE.search(near, head)
    if assign is not None:
        found = _assigned(assign.group("lhs"), names)
        if found == (None, "") and _DECLARED_RE.search(near, near.rfind("\n") + 1) is not None:
            return _member_of(text, end, names)
        return found
    return None, ""


# A declaration of a constant or field (`static let`, Kotlin's `const val`, Java's `static final String`), and a type
# whose body a block opens (`final class Model: Sendable {`, `enum Models {`, Kotlin's `object ModelIds {`).
_DECLARED_RE = re.compile(r"\b(?:let|val|const|static|final)\b")
_TYPE_DECL_RE = re.compile(r"\b(?:class|struct|enum|object|interface)\s+([A-Za-z_]\w*)[^{};=()]*\Z")


def _member_of(text: str, end: int, names: _Names) -> tuple[RefKind | None, str]:
    """A constant whose own name says nothing (`static let `Llama-3.2-1B-4bit`: String = "org/x"`), declared
    right in the body of a type named for models (`final class Model { ... }`, `object ModelIds { ... }`): a table of
    model ids, as a Python module's `MODELS = [...]` is. A constant inside a function or any inner block is not."""
    opening = _unmatched_brace(text, end, -1)
    if opening < 0:
        return None, ""
    declared = _TYPE_DECL_RE.search(text, max(0, opening - _NEAR_CHARS), opening)
    if declared is None or not set(split_words(declared.group(1))) <= _TABLE_TYPE_WORDS:
        return None, ""  # a type that does something with models (`ModelsView`, `ModelDownloader`): its own settings
    return _kind(declared.group(1), names), f"member of {declared.group(1)}"


# The words of a type that is a table of ids (`Model`, `Models`, `ModelIds`, `SupportedModels`, `MLXModelRegistry`).
_TABLE_TYPE_WORDS = frozenset({
    "model", "models", "llm", "llms", "mlx", "hub", "dataset", "datasets", "id", "ids", "name", "names", "list",
    "catalog", "registry", "constants", "preset", "presets", "options", "choices", "available", "supported", "known",
    "default", "defaults",
})


# What a loader context is called (how): the only contexts under which a bare legacy name is a reference.
# A tokenizer class's loader (`Tokenizer::from_pretrained`, DJL's `HuggingFaceTokenizer.newInstance`).
# `FromModel` / `from_model` / `fromModel`: a pipeline or client built from a model name (TransformersSharp's
# `TextClassificationPipeline.FromModel("distilbert-base-uncased-finetuned-sst-2-english")`).
_LOADER_HOW_RE = re.compile(r"^(?:model|\w*Tokenizer\w*|from_pretrained|[fF]romPretrained|hf_hub_download|"
                            r"with_revision|snapshot_download|Repo::model|Repo::new|[Ff]rom_?[Mm]odel)$")
_IDENT_RE = re.compile(r"[A-Za-z_]\w*")


def _assigned(lhs: str, names: _Names) -> tuple[RefKind | None, str]:
    """The kind of `lhs = literal`: the bound name is the last identifier, or the one before a type written after it
    (`let model: &str`, `var model string`, `String MODEL_ID`)."""
    head = lhs.split(":", 1)[0] if ":" in lhs else lhs
    idents = _IDENT_RE.findall(head)[-2:]
    for name in reversed(idents):
        if name in ("mut", "let", "var", "val", "const", "static", "final", "string", "String", "str"):
            continue
        kind = _kind(name, names)
        if kind is not None or _negative(name, names):
            return kind, name
    return None, ""


def _negative(name: str, names: _Names) -> bool:
    """Does a word of `name` say it is a write target (`output_model`)? Then no other name of the binding counts."""
    return any(w in names.vocab.negative_words for w in split_words(name))


def _option_default(text: str, near: str, end: int, names: _Names) -> tuple[RefKind | None, str]:
    """`#[arg(long, default_value = "org/x")] model_id: String` (the field after the attribute names it), picocli's
    `@Option(names = "--model", defaultValue = "org/x") String model;` (the option's name, or the field's)."""
    opened = max(near.rfind("("), near.rfind("["))
    option = _OPTION_NAMES_RE.search(near[opened:] if opened >= 0 else near[-_NEAR_CHARS:])
    if option is not None and (kind := _kind(option.group("name").lstrip("-"), names)) is not None:
        return kind, f"default of {option.group('name')}"
    field = _FIELD_AFTER_RE.search(text, end, end + 400)
    if field is not None:
        name = field.group("name") or field.group("jname")
        return _kind(name, names), f"default of {name}"
    return None, ""


def _arm_context(text: str, start: int, near: str, names: _Names) -> tuple[RefKind | None, str]:
    """A `match` arm, `case`, `return` or conditional branch: the name of the function or binding that yields it
    (candle's `let model_id = match args.which { Which::Base => "org/x", ... }`, `fn repo(&self) -> &str { ... }`)."""
    if not _is_arm(near):
        return None, ""
    name = names.enclosing.name_before(start)
    if name in _CONVERSIONS:  # `impl FromStr for EmbeddingModel { fn from_str(..) { match value { "org/x" => ...`
        name = _converted_type(text, start) or name
    if name is None:
        return None, ""
    return _kind(name, names), f"returned by {name}"


# A conversion from a name (Rust's `FromStr::from_str`, `TryFrom::try_from`, `From::from`): the names its `match`
# accepts are those of the type it builds, so the type's name (`EmbeddingModel`) says what they are.
_CONVERSIONS = frozenset({"from_str", "try_from", "from"})
_IMPL_FOR_RE = re.compile(r"\bimpl\b[^{};]*?\bfor\s+([A-Za-z_]\w*)\s*\{")


def _converted_type(text: str, start: int) -> str | None:
    """The type of the `impl ... for TYPE {` block last opened before `start` (within _BLOCK_CHARS), or None."""
    at = text.rfind("impl", max(0, start - _BLOCK_CHARS), start)
    found = _IMPL_FOR_RE.match(text, at) if at >= 0 else None
    return found.group(1) if found is not None else None


def _kind(name: str, names: _Names) -> RefKind | None:
    return names.kind(name)


# What a file that uses a Hub client spells (Rust hf-hub / candle, DJL, swift-transformers, Go and Java ports).
# What makes a source a remote model API's client, whose model names are what it asks a service for, not weights it
# loads: a relay's channel (new-api / one-api `ChannelName`, `relay/...` and adaptor packages), a price table, or a
# client configured with an API key or base URL (`APIKey: apiKey, BaseURL: baseURL, Model: model`). Only in a file
# that uses no Hub client (_HUB_CLIENT_WORDS): the Hub's own clients take a token and name repositories.
# A relay decides for the whole file; a client's key or base URL only for the block that configures it.
_RELAY_RE = re.compile(r"\b(?:ChannelName|GetChannelName|InputPrice|OutputPrice|ModelPrice|ModelRatio)\b"
                       r"|\"[\w./-]*/relay/[\w./-]*\"")
_CLIENT_CONFIG_RE = re.compile(r"\b(?:APIKey|ApiKey|apiKey|api_key|BaseURL|BaseUrl|baseURL|baseUrl|base_url)\b")
_BLOCK_CHARS = 4000  # how far the enclosing block is looked for around a literal (a hostile file: bounded)
# The Hub loaders' calls, however a language capitalises them: in a remote API's client only these name repositories.
_HUB_CALL_RE = re.compile(r"^(?:model|\w*tokenizer\w*|from_?pretrained|hf_hub_download|with_revision|snapshot_download"
                          r"|repo::\w+|from_?model)$", re.IGNORECASE)
_ADDRESS_HOWS = frozenset({"DJL model URL", "Hub file address", "Inference API endpoint"})
_HUB_CLIENT_WORDS = ("hf_hub", "hf-hub", "RepoType", "huggingface", "HuggingFace", "hfhub", "HubApi")


@dataclass(frozen=True)
class _Names:
    """The scanner vocabulary as one file reads it: in a file that uses a Hub client, a name whose words say
    repository (`fn repo(&self)`, `let (repo, filename) = ...`) holds a Hub repository (a model unless its words say
    dataset); elsewhere `repo` is as likely a GitHub repository, and only model and dataset words count."""

    vocab: Vocabulary
    hub: bool
    enclosing: _Enclosing
    mlx: bool = False  # a Swift file of mlx-swift-lm's (imports MLXLLM, MLXVLM or MLXLMCommon): `.init(id:` configures

    def kind(self, name: str) -> RefKind | None:
        kind = self.vocab.name_kind(name)
        if kind in ("model", "dataset"):
            return kind  # type: ignore[return-value]
        if self.hub and kind is None:
            words = split_words(name)
            if any(w in _REPO_WORDS for w in words) and not any(w in self.vocab.negative_words for w in words):
                return "model"
        return None


_REPO_WORDS = frozenset({"repo", "repos", "repository"})
