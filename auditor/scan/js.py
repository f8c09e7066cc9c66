"""Model references in JavaScript and TypeScript (and Dart, read the same way): transformers.js
(`pipeline('task', 'Xenova/x')`, `AutoModel.from_pretrained('org/x')`), `@huggingface/inference`
(`hf.textGeneration({ model: 'org/x' })`),
`@huggingface/hub` (`downloadFile({ repo: 'org/x' })`), and constants, object keys and environment defaults whose
name says model or dataset (`const EMBED_MODEL = 'org/x'`, `process.env.MODEL_ID ?? 'org/x'`).

Why regular expressions and not a parser: there is no JavaScript parser in the standard library and these files are
read, never run. Strings and comments are found with JavaScript's lexical rules for them (comments are skipped);
each string literal holding a slash is a candidate, and only the code right before it decides whether it names a
repository: a loader's argument position, an object key, an assignment or an environment default. Any other
`org/name` string (an import specifier such as `@huggingface/transformers`, a path, a GitHub repository, a page link)
is not a reference, nor is a huggingface.co URL outside such a position (a link, a file fetched by URL). Objects
passed to a remote chat API (`chat.completions.create`, a client with a `baseURL`) name models served elsewhere:
skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.prefilter import is_hub_id, quoted_candidates
from auditor.scan.refs import (
    PROVIDER_MARK,
    VIEWER_MARK,
    ModelReference,
    RefKind,
    address_how,
    file_addresses_in,
    hub_address_or_none,
    spells_hf_scheme,
)
from auditor.scan.shell import value_id
from auditor.scan.vocab import Vocabulary, split_words, vocabulary

# Dart (Flutter apps: flutter_gemma's `baseUrl: 'https://huggingface.co/org/x/resolve/main/f.task'`, `const modelId =
# 'org/x'`) has JavaScript's comments, quotes and `key: value` / `name = value` shapes, so it is read the same way.
# R and Julia (`transformers$pipeline(model = "org/x")` through reticulate, `model_id <- "org/x"`, Transformers.jl's
# `hgf"org/x"`) share the same `name = value` shapes once their `#` comments are blanked and R's `<-` is read as `=`.
# So do Ruby (Informers' `Informers.pipeline("embedding", "org/x")`, a hash's `model: "org/x"`), PHP (a Hub client's
# named argument `model: 'org/x'`, `$model = new Model('org/x')`, a `'model' => 'org/x'` array) once `#` comments are
# blanked (PHP's `//` and `/* */` are JavaScript's), and Lua (a Neovim plugin's `model = "org/x"` table) once its
# `--` comments are: an apostrophe in a comment no longer opens a string that swallows the code after it. Elixir too
# (`#` comments, double-quoted strings): Bumblebee names a Hub repository as a tuple, `{:hf, "org/x"}`, handed to
# `Bumblebee.load_model(` / `load_tokenizer(` / `load_featurizer(` / `load_generation_config(`.
# HTML pages: transformers.js is often run from a page's own `<script type="module">` (`await pipeline('task',
# 'Xenova/x')` after an import from a CDN), with no JavaScript file beside it; the page's scripts are read as a
# component's are.
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte", ".dart", ".r", ".jl",
               ".rb", ".php", ".lua", ".ex", ".exs", ".html", ".htm", ".xhtml", ".pl", ".pm")
_HASH_COMMENT_SUFFIXES = (".r", ".jl", ".rb", ".php", ".lua", ".ex", ".exs", ".pl", ".pm")
# Scripting languages whose run calls take a command line in a string (see _SCRIPT_RUN_BEFORE_RE); Perl (`.pl`,
# `.pm`: `#` comments, `my $url = "..."`, `system("hf download org/x")`) is read as Ruby is.
_SCRIPT_RUN_SUFFIXES = (".rb", ".php", ".lua", ".pl", ".pm")
# Single-file components and HTML pages: only their <script> blocks are code (the template is markup).
_COMPONENT_SUFFIXES = (".vue", ".svelte", ".html", ".htm", ".xhtml")
# A script block: its opening tag (attributes bounded: a `<script` with no `>` after it costs one bounded look, not a
# walk to the end of the file per `<script`), its code (to the closing tag or the end).
_SCRIPT_BLOCK_RE = re.compile(r"(<script\b[^<>]{0,2000}>)([\s\S]*?)(</script\s*>|$)", re.IGNORECASE)
_SCRIPT_MARK_RE = re.compile(r"<script\b", re.IGNORECASE)
# Generated or vendored code: minified bundles, type declarations, build output (node_modules is never walked).
_GENERATED_SUFFIXES = (".min.js", "-min.js", ".bundle.js", ".d.ts", ".d.mts", ".d.cts", ".g.dart", ".freezed.dart")
_GENERATED_DIRS = frozenset({"dist", "vendor", "vendors", "bower_components", ".next", ".nuxt", ".output",
                             ".dart_tool", "renv", ".bundle", "_site", "_build", "htmlcov", "coverage"})

# A comment, or a string literal (its body in group "body"): JavaScript's lexical rules for the two.
_LEXEME_RE = re.compile(
    r"//[^\n]*|/\*[\s\S]*?(?:\*/|$)"
    r"""|(?P<q>["'])(?P<body>(?:[^"'\\\n]|\\.|(?!(?P=q))["'])*)(?P=q)"""
    r"|`(?P<tbody>(?:[^`\\$]|\\.|\$(?!\{)|\$\{[^{}`]*\})*)`"  # `${x}` kept inside: a template stays one literal
)
_NAME = r"[A-Za-z_$][\w$]*"
# What may stand right before the literal (searched in the code before it, anchored at its end).
# `fromPretrained`: the camel-case loaders of the Hub ports (the `tokenizers` Node binding's
# `Tokenizer.fromPretrained('bert-base-uncased')`, Dart's `BertTokenizer.fromPretrained(...)`): the same load.
# Transformers.jl's loaders of a Hub repository (in a Julia file that uses the package: see scan_js).
_JULIA_HGF_RE = re.compile(r"(?:\.|\b)(load_(?:model|tokenizer|config|state_dict|hgf_pretrained))\s*\(\s*$")
# Julia's HuggingFaceApi.jl (`hf_hub_download("org/x", "config.json")`, `HuggingFaceURL("gpt2", "merges.txt")`, then
# `cached_download(url)`) and Diffusers.jl's `load_pretrained_model("org/x", "unet/config.json", ...)`.
# R's Hub clients, by their own names: huggingfaceR's `hf_load_model("org/x")` / `hf_load_pipeline(` /
# `hf_load_tokenizer(` / `hf_load_sentence_model(` / `hf_load_dataset(` (a dataset), and hfhub's `hub_download("org/x",
# "config.json")` / `hub_snapshot(`: each downloads its first argument.
# huggingfaceR's newer `hf_download_model("org/x", revision = "<sha>")` (a snapshot it then loads locally) too.
# Python's loaders called from R through reticulate (`st <- import("sentence_transformers")`, then
# `st$SentenceTransformer("org/x")`, `datasets$load_dataset("org/x")`): R's `$` is read as `.` (_hash_code).
# An architecture's own loader named for `from_pretrained` (R torch's minhub: `gpt2_from_pretrained("org/x")`,
# `ministral_from_pretrained(`, `llama_from_pretrained(`) downloads the repository's weights the same way.
_LOADER_RE = re.compile(r"(?:\.|\b|(?<=[A-Za-z0-9]_))(from_pretrained|fromPretrained|from_single_file"
                        r"|hf_load_(?:model|pipeline|tokenizer|sentence_model|dataset)|hf_download_model"
                        r"|hub_download|hub_snapshot|hf_hub_download|HuggingFaceURL"
                        r"|load_pretrained_model|SentenceTransformer|CrossEncoder|load_dataset)\s*\(\s*$")
_DATASET_LOADERS = frozenset({"hf_load_dataset", "load_dataset"})
_BUMBLEBEE_RE = re.compile(r"\{\s*:hf\s*,\s*$")  # Elixir's Bumblebee: `{:hf, "org/x"}` is a Hub repository
_PIPELINE_RE = re.compile(r"\bpipeline\s*\(\s*(?:[\"'`][\w-]*[\"'`]|" + _NAME + r")\s*,\s*$")
_KEY_RE = re.compile(r"""(?:(?P<name>""" + _NAME + r""")|["'](?P<quoted>[\w.-]+)["'])\s*:\s*$""")
# A PHP array's or Ruby hash's key before `=>` (`'model' => `, `:model_id => `): never JavaScript, where `=>` follows
# an arrow function's parameters, not a quoted word.
_ROCKET_KEY_RE = re.compile(r"""(?:["'](?P<quoted>[\w.-]+)["']|(?<![\w:]):(?P<symbol>[A-Za-z_]\w*))\s*=>\s*$""")
_ASSIGN_RE = re.compile(r"(?P<name>" + _NAME + r")\s*(?::\s*string\s*)?(?<![=!<>])=(?![=>])\s*$")
_ENV_RE = re.compile(
    r"\benv\s*(?:\.\s*(?P<name>" + _NAME + r")|\[\s*[\"'](?P<quoted>\w+)[\"']\s*\])\s*(?:\|\||\?\?)\s*$"
)
# A downloader the literal is handed to: `fetch(`, `axios.get(`, `got(`, `wget(` (a page URL is then a file too).
_FETCH_RE = re.compile(r"\b(?:fetch|get|got|download\w*|wget|curl)\s*\(\s*$", re.IGNORECASE)
_REMOTE_RE = re.compile(r"completions\.create|responses\.create|embeddings\.create|baseURL|base_url|apiBase")
_HUB_REPO_KEYS = frozenset({"repo", "repoId", "repo_id", "repoName"})
_CONTEXT_CHARS = 300
_NEAR_CHARS = 120


def js_file(rel: str) -> bool:
    """Is this a JavaScript / TypeScript source the scan reads (not a minified bundle, declarations or build output)?"""
    lower = rel.lower()
    if not lower.endswith(JS_SUFFIXES) or lower.endswith(_GENERATED_SUFFIXES):
        return False
    return not any(part in _GENERATED_DIRS for part in lower.split("/")[:-1])


def scan_js(text: str, file: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one JavaScript or TypeScript file (or a Vue / Svelte component's or an HTML page's scripts; the
    scripts of a page held in one of the file's strings too). A file whose strings hold no id by themselves may still
    run a command line naming one (`exec("hf download org/x")`, Ruby's `system("...")`): those are read then."""
    may = _may_hold(text)
    scripting = file.lower().endswith(_SCRIPT_RUN_SUFFIXES) and _SCRIPT_RUNS_RE.search(text) is not None
    if not may and not scripting and _RUNS_COMMANDS_RE.search(text) is None:
        return [], []
    if file.lower().endswith(_COMPONENT_SUFFIXES):
        text = _scripts_only(text)
    elif file.lower().endswith(_HASH_COMMENT_SUFFIXES):
        suffix = file.lower().rsplit(".", 1)[-1]
        if suffix in ("ex", "exs") and "doc" in text:
            text = _ELIXIR_DOC_RE.sub(lambda match: _blank(match.group(0)), text)
        text = _hash_code(text, suffix)
    found = _read_code(text, file) if may else []
    if may and not file.lower().endswith(_COMPONENT_SUFFIXES):
        found = merged(found, embedded_page_refs(text, file))
    if _RUNS_COMMANDS_RE.search(text) is not None:
        found = merged(found, launcher_command_refs(text, file))
    if scripting:
        found = merged(found, launcher_command_refs(text, file, _SCRIPT_RUN_BEFORE_RE))
    return found, []


def embedded_page_refs(text: str, file: str) -> list[ModelReference]:
    """References in the `<script>` blocks of an HTML page held in a string of another file: a TypeScript template
    literal an Electron view or a React Native WebView loads, a Python string given to Streamlit's
    `components.html`. The whole literal is one string to its file's reader (its code unread); its scripts are
    JavaScript, read at their true positions as a page's are."""
    if _SCRIPT_MARK_RE.search(text) is None:
        return []
    scripts = _scripts_only(text)
    return _read_code(scripts, "page.js", file) if _may_hold(scripts) else []


def merged(found: list[ModelReference], more: list[ModelReference]) -> list[ModelReference]:
    """`found` and those of `more` at a position (line, column, id) `found` has no reference at."""
    seen = {(ref.line, ref.column, ref.id) for ref in found}
    return found + [ref for ref in more if (ref.line, ref.column, ref.id) not in seen]


def _read_code(text: str, file: str, reported: str | None = None) -> list[ModelReference]:
    """The references of JavaScript-shaped code (`file`'s name selects the language's variants); each reported
    under `reported` (default: `file`)."""
    vocab = vocabulary()
    hub_client = "@huggingface/hub" in text
    # Transformers.jl's HuggingFace loaders (`load_model("org/x", "ForMaskedLM")`, `load_tokenizer("org/x")`): only in
    # a Julia file that uses the package, where those generic names are its loaders.
    julia_hgf = file.lower().endswith(".jl") and "Transformers" in text
    providers = _hf_providers(text)
    lines: LineIndex | None = None
    found: list[ModelReference] = []
    # Dart interpolates `$name` as well as `${name}` in any string (`"$hfHost/org/x/resolve/main/f.task"`).
    mark, placeholders = ("$", _DART_PLACEHOLDER_RE) if file.lower().endswith(".dart") else ("${", _PLACEHOLDER_RE)
    constants = _constants(text) if mark in text else {}
    for start, end, body in _strings(text, vocab):
        value = _substituted(body, constants, placeholders) \
            if mark in body and not _SHELL_DEFAULT_RE.match(body) else body
        if value is None and VIEWER_MARK in body:  # `...rows?dataset=org/x&config=${cfg}`: the dataset is spelled
            value = _ANY_PLACEHOLDER_RE.sub("0", body)
        if value is None:
            continue
        for model_id, kind, revision, how in _literal_refs(text, start, value, vocab, hub_client, julia_hgf,
                                                           providers):
            lines = lines or LineIndex(text)
            found.append(lines.reference(reported or file, start, end, model_id, kind, revision, how))
    return found


# Command lines held in strings: a Pinokio launcher's `shell.run` step (`params: { message: ["hf download org/x"] }`, a
# conditional one inside a template, `"{{gpu === 'nvidia' ? 'uv pip install https://huggingface.co/org/x/resolve/
# main/x.whl' : ''}}"`), and Node's `exec("...")` / `execSync("...")` (child_process, a shell runs the line). Read as
# shell, each reference at its characters in the string.
_RUNS_COMMANDS_RE = re.compile(r"shell\.run|\bexec(?:Sync)?\s*\(")
_EXEC_BEFORE_RE = re.compile(r"(?<![\w$.])(?:child_process\.)?exec(?:Sync)?\s*\(\s*$")
# Ruby, PHP, Lua and Perl run a command line given as a string to their run calls: Ruby's and Perl's `system("...")`
# (`system "..."` without parentheses too), Lua's `os.execute("...")` / `io.popen("...")`, PHP's `shell_exec('...')`,
# `exec`, `passthru`, `popen`, `proc_open`, Ruby's `IO.popen` / `Open3.capture2(...)` / `spawn`. Only the literal right
# after the call is the command's text (what `..` / `.` joins to it is known at run time).
_SCRIPT_RUNS_RE = re.compile(r"\b(?:system|execute|popen|shell_exec|passthru|proc_open|exec|spawn|capture\w*)\b")
_SCRIPT_RUN_BEFORE_RE = re.compile(
    r"(?<![\w$])(?:(?:os\.execute|io\.popen|IO\.popen|Kernel\.system|Open3\.\w{1,20}|system|shell_exec|passthru|"
    r"proc_open|popen|exec|spawn)\s*\(\s*|(?:system|exec)[ \t]+)$")
_TEMPLATE_EXPR_RE = re.compile(r"\{\{([^{}]{0,2000})\}\}")
_QUOTED_RE = re.compile(r"'([^'\\]{0,2000})'")


def launcher_command_refs(text: str, file: str, before: re.Pattern[str] = _EXEC_BEFORE_RE) -> list[ModelReference]:
    """The references of the command lines a launcher or a Node script holds in strings (see above); a Pinokio
    launcher written as JSON (`install.json`) too; `before`: the run call a string must follow (Node's `exec(`, or a
    scripting language's: _SCRIPT_RUN_BEFORE_RE)."""
    from auditor.scan.shell import command_text_refs  # lazy: start-up (only files that run commands)

    messages = _message_spans(text) if "shell.run" in text else []
    lines: LineIndex | None = None
    found: list[ModelReference] = []
    for match in _LEXEME_RE.finditer(text):
        body = match.group("body")
        if body is None or "\\" in body:
            continue  # a comment, a template literal, or a string whose escapes would shift the columns
        at = bisect.bisect_right(messages, (match.start(), len(text))) - 1
        in_message = at >= 0 and messages[at][0] <= match.start() < messages[at][1]
        if not in_message and before.search(text, max(0, match.start() - _NEAR_CHARS), match.start()) is None:
            continue
        start = match.start("body")
        for at, command in _command_parts(body):
            for t_line, t_col, token, model_id, kind, revision, how in command_text_refs(command):
                if t_line != 1:
                    continue  # a one-line string holds one line
                lines = lines or LineIndex(text)
                begin = start + at + t_col - 1
                found.append(lines.reference(file, begin, begin + len(token), model_id, kind, revision, how))
    return found


_MESSAGE_KEY_RE = re.compile(r"""(?<![\w$])["']?message["']?\s*:\s*""")


def _message_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each Pinokio step's `message` value: a string, or a list of them (walked to its closing
    bracket, strings skipped; an unclosed list runs to the end). The spans never overlap: each search starts past the
    last one, so the walk is linear."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (key := _MESSAGE_KEY_RE.search(text, pos)) is not None:
        start = key.end()
        if not text.startswith("[", start):
            spans.append((start, start + 1))  # a single string: it starts right here
            pos = start + 1
            continue
        end = _list_end(text, start)
        spans.append((start, end))
        pos = end
    return spans


def _list_end(text: str, start: int) -> int:
    """Where the list opened at `start` closes (just past its `]`), strings skipped; the end of the text if never."""
    depth = 0
    quote = ""
    i = start
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote or char == "\n":
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def _command_parts(body: str) -> list[tuple[int, str]]:
    """(offset, command) of the command lines a string holds: the string, or, where it holds `{{ ... }}` template
    expressions, each single-quoted string inside them (the branches a condition picks) and the text outside them."""
    if "{{" not in body:
        return [(0, body)]
    parts: list[tuple[int, str]] = []
    outside = list(body)
    for expr in _TEMPLATE_EXPR_RE.finditer(body):
        for quoted in _QUOTED_RE.finditer(expr.group(1)):
            parts.append((expr.start(1) + quoted.start(1), quoted.group(1)))
        outside[expr.start():expr.end()] = " " * (expr.end() - expr.start())
    parts.append((0, "".join(outside)))
    return parts


def _scripts_only(text: str) -> str:
    """A component with everything outside its <script> blocks blanked (newlines kept: positions stay true)."""
    out: list[str] = []
    pos = 0
    for match in _SCRIPT_BLOCK_RE.finditer(text):
        out.append(_blank(text[pos:match.start(2)]))
        out.append(match.group(2))
        pos = match.end(2)
    out.append(_blank(text[pos:]))
    return "".join(out)


def _blank(markup: str) -> str:
    return re.sub(r"[^\n]", " ", markup)


# R / Julia / Ruby / PHP lexemes: strings (kept), `#` comments and Julia's `#= ... =#` blocks (blanked), R's `<-` (read
# as `=`) and R's `$` member access (`st$SentenceTransformer(...)` of a reticulate module, read as `.`). Lua's:
# strings (kept), `--[[ ... ]]` blocks (any number of `=` between the brackets) and `--` comments.
_HASH_LEXEME_RE = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#=[\s\S]*?(?:=#|$)|#[^\n]*|<-(?=\s)'
                             r"|\$(?<=[\w)\]]\$)(?=[A-Za-z_])")
_LUA_LEXEME_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|--\[(=*)\[[\s\S]*?(?:\]\1\]|$)|--[^\n]*')


# Elixir's documentation heredocs (`@moduledoc """ ... """`, `@doc`, `@typedoc`, `~S"""` too): prose whose examples
# (`{:ok, m} = Bumblebee.load_model({:hf, "org/x"})` under `## Examples`) show a call, they run nothing. Blanked
# before the lexemes are read, as a Python docstring is never scanned.
_ELIXIR_DOC_RE = re.compile(r'@(?:module|type)?doc\s+(?:~[sS])?"""[\s\S]*?(?:"""|$)')


def _hash_code(text: str, suffix: str) -> str:
    """An R, Julia, Ruby, PHP or Lua file as the JavaScript rules read it: comments blanked and R's `x <- "org/x"`
    written `x =  "org/x"` (same length: positions stay true). A `#=` opens a block comment in Julia only; `<-` is an
    assignment in R only (`a <- 1` compares in the others)."""
    def blank(match: re.Match[str]) -> str:
        lexeme = match.group(0)
        if lexeme == "<-":
            return "= " if suffix == "r" else lexeme
        if lexeme == "$":
            return "." if suffix == "r" else lexeme
        if lexeme.startswith(("#", "--")) and (suffix == "jl" or not lexeme.startswith("#=")):
            return _blank(lexeme)
        if lexeme.startswith("#"):  # `#=` is an ordinary comment to the end of the line outside Julia
            end = lexeme.find("\n")
            return _blank(lexeme) if end < 0 else _blank(lexeme[:end]) + lexeme[end:]
        return lexeme
    return (_LUA_LEXEME_RE if suffix == "lua" else _HASH_LEXEME_RE).sub(blank, text)


_TEMPLATE_ID_RE = re.compile(r"`[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}`")


_SHELL_DEFAULT_IN_RE = re.compile(r"\$\{[A-Za-z_]\w*:-[\w.-]+/[\w.-]+\}")


def _may_hold(text: str) -> bool:
    """The cheap test before lexing: a quoted string that could be an id, a Hub URL, or a legacy bare name such as
    gpt2 (most files have none of them)."""
    if "/" in text and ("huggingface.co/" in text or "hf.co/" in text or PROVIDER_MARK in text
                        or spells_hf_scheme(text)
                        or any(is_hub_id(v) for v in quoted_candidates(text))
                        or ("`" in text and _TEMPLATE_ID_RE.search(text) is not None)
                        or ("${" in text and "}/" in text)  # an id built from constants: `${ORG}/x`
                        or ("$" in text and "huggingface.co" in text)  # Dart's `"$hfHost/org/x/resolve/main/f"`
                        or (":-" in text and _SHELL_DEFAULT_IN_RE.search(text) is not None)):
        return True
    vocab = vocabulary()
    return any(name in text for name in vocab.st_legacy) or any(prefix in text for prefix in vocab.st_prefixes) \
        or _DATASET_CALL_MARK in text


def _strings(text: str, vocab: Vocabulary) -> Iterator[tuple[int, int, str]]:
    """(start, end, body) of each string literal holding a slash or naming a legacy bare model (`'gpt2'`) or a
    sentence-transformers short name (`"all-mpnet-base-v2"`), or handed to a dataset loader (`hf_load_dataset("imdb")`:
    a canonical dataset's bare name), comments skipped."""
    legacy = vocab.st_legacy
    loads = _DATASET_CALL_MARK in text
    for match in _LEXEME_RE.finditer(text):
        body = match.group("body")
        if body is None:
            body = match.group("tbody")
        if body is not None and ("/" in body or body.lower() in legacy or vocab.is_st_family(body)
                                 or (loads and _DATASET_CALL_RE.search(text, max(0, match.start() - _NEAR_CHARS),
                                                                       match.start()) is not None)):
            yield match.start(), match.end(), body


# A string that is a dataset loader's first argument (`hf_load_dataset(\n  "emotion",`): searched right before it.
_DATASET_CALL_MARK = "load_dataset"
_DATASET_CALL_RE = re.compile(r"(?:\.|\b)(?:hf_)?load_dataset\s*\(\s*$")


# `const ORG = "acme"`, and Dart's typed `static const String hfHost = '...'` / `final String org = '...'`.
_CONST_RE = re.compile(r"\b(?:const|let|var|final)\s+(?:[\w<>?]+\s+)?(?P<name>" + _NAME
                       + r")\s*(?::\s*string\s*)?=\s*$")
_PLACEHOLDER_RE = re.compile(r"\$\{\s*(" + _NAME + r")\s*\}")
_ANY_PLACEHOLDER_RE = re.compile(r"\$\{[^{}`]*\}")  # any expression (`${encodeURIComponent(DATASET)}`): unknown
_DART_PLACEHOLDER_RE = re.compile(r"\$(?:\{\s*([A-Za-z_]\w*)\s*\}|([A-Za-z_]\w*))")


def _constants(text: str) -> dict[str, str]:
    """The plain string constants of a file (`const ORG = "acme"`), a name declared twice dropped: what a template
    literal's placeholders may be replaced by (`${ORG}/x`), as the Python reader resolves an f-string's names."""
    out: dict[str, str] = {}
    twice: set[str] = set()
    for match in _LEXEME_RE.finditer(text):
        body = match.group("body")
        if body is None:
            continue
        near = max(0, match.start() - _NEAR_CHARS)
        assigned = _ASSIGN_RE.search(text, near, match.start())
        if assigned is None:
            continue
        name = assigned.group("name")
        if name in out or _CONST_RE.search(text, near, match.start()) is None:
            twice.add(name)  # assigned again (`OWNER = "other"`): which value a template sees is unknown
        out[name] = body
    for name in twice:
        out.pop(name, None)
    return out


def _substituted(body: str, constants: dict[str, str],
                 placeholders: re.Pattern[str] = _PLACEHOLDER_RE) -> str | None:
    """A template literal's text with each `${NAME}` (in Dart also `$NAME`) replaced by that constant; None when one
    is not known."""
    unknown = False

    def value(match: re.Match[str]) -> str:
        nonlocal unknown
        known = constants.get(match.group(1) or match.group(match.lastindex or 1))
        unknown = unknown or known is None
        return known or ""

    out = placeholders.sub(value, body)
    return None if unknown or "${" in out else out


# A shell or compose default written in a string (`"${OKE_AI_MODEL:-Qwen/Qwen3-0.6B}"`, a compose file or command a
# deploy tool writes): the value used when the variable is unset.
_SHELL_DEFAULT_RE = re.compile(r"^\$\{[A-Za-z_]\w*:?[-=]([^{}$\s]+)\}$")


def _literal_refs(text: str, start: int, value: str, vocab: Vocabulary, hub_client: bool, julia_hgf: bool = False,
                  providers: frozenset[str] = frozenset()) -> Iterator[tuple[str, RefKind, str | None, str]]:
    if value.startswith("${") and (default := _SHELL_DEFAULT_RE.match(value)) is not None:
        value = default.group(1)
    if "/" not in value:  # a legacy bare name (`model: 'gpt2'`): a model only where the code names one
        # arrays=False: an element of a model-named array is an id with an owner (every string of an array is not
        # walked back for its array's name: the cost of a data file's thousands of strings). A sentence-transformers
        # short name is that library's repository (`model_name = "all-mpnet-base-v2"` in R, handed to
        # reticulate's `SentenceTransformer(model_name)`), as the Python reader resolves it.
        kind, how = _context(text[max(0, start - _CONTEXT_CHARS):start], vocab, hub_client, arrays=False,
                             julia_hgf=julia_hgf)
        if kind == "model":
            yield vocab.st_resolve(value) if vocab.is_st_family(value) else value, "model", None, how
        elif kind == "dataset" and how in _DATASET_LOADERS and (name := vocab.canonical_dataset(value)) is not None:
            yield name, "dataset", None, how  # `hf_load_dataset("imdb")`, as Python's `load_dataset("imdb")`
        return
    address = hub_address_or_none(value)
    before = text[max(0, start - _CONTEXT_CHARS):start]
    if hub_client and address is None:
        typed = _hub_repo(text, start, value, before)
        if typed is not None:
            yield *typed, None, "repo:"
            return
    if address is None and not is_hub_id(value):
        return  # most strings with a slash: paths, import specifiers, URLs
    kind, how = _context(before, vocab, hub_client, julia_hgf=julia_hgf)
    if kind is None and providers and before.rstrip().endswith("(") \
            and (call := _CALLEE_RE.search(before[-_NEAR_CHARS:])) is not None and call.group(1) in providers:
        kind, how = "model", f"{call.group(1)}()"  # the Vercel AI SDK's Hugging Face provider: `huggingface("org/x")`
    if kind is None and address is None:
        kind, how = _named_by_use(text, before)
    if address is not None and kind is not None:
        yield address[0], address[1], address[2], how
        return
    if address is not None:  # a file of a repository the code downloads (`fetch(".../resolve/main/model.onnx")`)
        fetched = _FETCH_RE.search(before[-_NEAR_CHARS:]) is not None
        for found in file_addresses_in(value, fetched=fetched):
            yield *found, address_how(value)
        return
    if kind is None:
        return
    model_id = value_id(value, kind, vocab)
    if model_id is not None:
        yield model_id, kind, None, how


# The Vercel AI SDK's Hugging Face provider (`import { huggingface } from "@ai-sdk/huggingface"`, or a provider made by
# `const hf = createHuggingFace({...})`): calling it with an id, `huggingface("org/x")`, names the model the Inference
# Providers serve (a `:provider` suffix aside). Only the provider's own names: another provider's `groq("x")` is not.
_AI_SDK_HF = "@ai-sdk/huggingface"
_CREATE_HF_RE = re.compile(r"\b(" + _NAME + r")\s*=\s*createHuggingFace\s*\(")
_CALLEE_RE = re.compile(r"(?<![\w$.])(" + _NAME + r")\s*\(\s*$")


def _hf_providers(text: str) -> frozenset[str]:
    """The names the Vercel AI SDK's Hugging Face provider goes by in this file (none without the package)."""
    if _AI_SDK_HF not in text:
        return frozenset()
    return frozenset({"huggingface", *(m.group(1) for m in _CREATE_HF_RE.finditer(text))})


_REPO_OBJECT_RE = re.compile(r"\brepo\s*:\s*\{[^{}]*\bname\s*:\s*$")
_REPO_KEY_RE = re.compile(r"\b(?:repo|repoId|repo_id|repoName)\s*:\s*$")
_REPO_TYPE_RE = re.compile(r"""\btype\s*:\s*["'](model|dataset|space)["']""")


def _hub_repo(text: str, start: int, value: str, before: str) -> tuple[str, RefKind] | None:
    """`@huggingface/hub`'s other ways to name a repository: an object `repo: { type: "dataset", name: "org/x" }` (its
    type may come before or after the name) and a string with the type in front, `repo: "datasets/org/x"`. Spaces
    are not models or datasets."""
    near = before[-_NEAR_CHARS:].rstrip()
    if _REPO_OBJECT_RE.search(near) is not None:
        opening = near.rfind("{")
        closing = text.find("}", start)
        body = near[opening:] + text[start:closing if closing >= 0 else start + _NEAR_CHARS]
        typed = _REPO_TYPE_RE.search(body)
        kind = typed.group(1) if typed is not None else "model"
        if kind == "space" or not is_hub_id(value):
            return None
        return value, "dataset" if kind == "dataset" else "model"
    if _REPO_KEY_RE.search(near) is not None and value.startswith(("datasets/", "models/")):
        prefix, _, rest = value.partition("/")
        if is_hub_id(rest):
            return rest, "dataset" if prefix == "datasets" else "model"
    return None


# An option word as the element before a literal in an argument list (`command: ["--model", "org/x"]`, `spawn(bin,
# ["--model-id", "org/x"])`): the literal is that option's value, as on a command line.
_OPTION_ARG_RE = re.compile(r"""["'](--?[A-Za-z][\w-]*)["']\s*,\s*$""")


def _context(before: str, vocab: Vocabulary, hub_client: bool, *, arrays: bool = True,
             julia_hgf: bool = False) -> tuple[RefKind | None, str]:
    """(kind, how) when the code right before a literal puts it where a repository is named, else (None, "").
    The character just before it (spaces aside) says which pattern can apply: only that one is searched. `arrays`:
    also an element of an array whose name or key says model or dataset (`const MODELS = ["org/a", "org/b"]`)."""
    near = before.rstrip()
    last, near = near[-1:], near[-_NEAR_CHARS:]  # the anchored patterns need only the last few words
    if before.endswith("hgf") and not before[-4:-3].isalnum():  # Transformers.jl: `hgf"org/x"` loads org/x
        return "model", 'hgf""'
    if last == "(" and ((loader := _LOADER_RE.search(near)) is not None
                        or (julia_hgf and (loader := _JULIA_HGF_RE.search(near)) is not None)):
        return ("dataset" if loader.group(1) in _DATASET_LOADERS else "model"), loader.group(1)
    if last == "," and (second := _second_of_pair(near)) is not None:
        return "model", second
    if last == "," and (option := _OPTION_ARG_RE.search(near)) is not None:  # ["--model", "org/x"]: an argv list
        name = option.group(1)
        served = any(word in ("served", "alias") for word in name.lower().split("-"))
        return (None if served else _kind(name, vocab)), f"argument {name}"
    if arrays and last in ("[", ",") and (owner := _array_owner(before)) is not None:
        kind = _kind(owner, vocab)  # `const MODELS = ["org/a", "org/b"]`, `models: ["org/x"]`: the array's name
        if kind is not None and _REMOTE_RE.search(before[before.rfind(";") + 1:]) is None:
            return kind, f"{owner}[]"
    if last in ("|", "?") and (env := _ENV_RE.search(near)) is not None:
        name = env.group("name") or env.group("quoted")
        return _kind(name, vocab), f"default of {name}"
    if last == ":" and (key := _KEY_RE.search(near)) is not None:
        name = key.group("name") or key.group("quoted")
        if _REMOTE_RE.search(before[before.rfind(";") + 1:]) is not None:  # in this statement
            return None, ""
        if hub_client and name in _HUB_REPO_KEYS:
            return "model", f"{name}:"
        kind = _kind(name, vocab)
        if kind is None and (owner := _object_owner(before)) is not None and _plain_key(name, vocab):
            kind = _kind(owner, vocab)  # `const MODELS = { chat: "org/x" }`: the object's name says what it holds
            return kind, f"{owner}.{name}"
        return kind, f"{name}:"
    if last == ">" and (rocket := _ROCKET_KEY_RE.search(near)) is not None:  # PHP's / Ruby's `'model' => 'org/x'`
        if _REMOTE_RE.search(before[before.rfind(";") + 1:]) is not None:
            return None, ""
        name = rocket.group("quoted") or rocket.group("symbol")
        return _kind(name, vocab), f"{name} =>"
    if last == "=" and (assign := _ASSIGN_RE.search(near)) is not None:
        name = assign.group("name")
        return _kind(name, vocab), name
    return None, ""


# Bumblebee's repository tuple built from a binding (`repository_id = "org/x"` then `{:hf, repository_id, subdir:
# "unet"}`): the binding's literal is the repository, whatever the name says.
_BOUND_NAME_RE = re.compile(r"(?<![\w.])([a-z_]\w{0,63})\s*=\s*$")


def _named_by_use(text: str, before: str) -> tuple[RefKind | None, str]:
    """A model named by what the code does with the literal rather than by a name: the first argument of a `new
    Model(` (php-llm), a binding the file hands to Bumblebee's `{:hf, name}` tuple."""
    if before.rstrip().endswith("(") and _model_constructor(text, before):
        return "model", "new Model()"
    if ":hf" in text and (bound := _bumblebee_binding(text, before)) is not None:
        return "model", f"{{:hf, {bound}}}"
    return None, ""


def _bumblebee_binding(text: str, before: str) -> str | None:
    """The name a literal is bound to when the file hands that name to Bumblebee's `{:hf, name}` tuple, else None."""
    assigned = _BOUND_NAME_RE.search(before[-_NEAR_CHARS:])
    if assigned is None:
        return None
    name = assigned.group(1)
    return name if re.search(r"\{\s*:hf\s*,\s*" + re.escape(name) + r"\b", text) is not None else None


def _second_of_pair(near: str) -> str | None:
    """How a literal after a comma is a model by what precedes the comma: Bumblebee's `{:hf, "org/x"}` tuple, or the
    model after a task in `pipeline("task", "org/x")`."""
    if _BUMBLEBEE_RE.search(near) is not None:
        return "{:hf, }"
    return "pipeline(model)" if _PIPELINE_RE.search(near) is not None else None


# A model object built from its Hub name (PHP's php-llm `new Model('org/x')`, `new HuggingFaceModel("org/x")`): the
# class is named Model and nothing else (an app's `new ItemModel('sports/football')` holds its own ids), in a file that
# names Hugging Face (a model class of an ORM or of another provider takes other names).
_MODEL_CTOR_RE = re.compile(r"\bnew\s+(?:[\w\\]*\\)?(?:HuggingFace|HF|Hf)?Model\s*\(\s*$")
_HUB_NAMED_RE = re.compile(r"hugging_?face", re.IGNORECASE)


def _model_constructor(text: str, before: str) -> bool:
    """Is the literal the first argument of a `new Model(` in a file that names Hugging Face? The file is searched
    only for a literal in that position (rare), never for every literal."""
    return "Model" in before[-_NEAR_CHARS:] and _MODEL_CTOR_RE.search(before[-_NEAR_CHARS:]) is not None \
        and _HUB_NAMED_RE.search(text) is not None


_OBJECT_ASSIGN_RE = re.compile(r"(?P<name>" + _NAME + r")\s*(?::\s*[\w<>\[\], ]+\s*)?(?<![=!<>])=\s*$")


def _enclosing_opener(before: str) -> tuple[int, str] | None:
    """(position, character) of the bracket that encloses the end of `before` (the first `{`, `[` or `(` left open,
    walking back), or None when every bracket before it is closed."""
    depth = 0
    for at in range(len(before) - 1, -1, -1):
        char = before[at]
        if char in "}])":
            depth += 1
        elif char in "{[(":
            if depth == 0:
                return at, char
            depth -= 1
    return None


def _object_owner(before: str) -> str | None:
    """The name an object literal is assigned to when the text before one of its values is at the object's top level
    (`const MODELS = { small: ` -> MODELS), else None (inside a call's arguments or an array)."""
    opener = _enclosing_opener(before)
    if opener is None or opener[1] != "{":
        return None
    at = opener[0]
    assign = _OBJECT_ASSIGN_RE.search(before, max(0, at - _NEAR_CHARS), at)
    return assign.group("name") if assign is not None else None


def _array_owner(before: str) -> str | None:
    """The name an array literal is assigned to, or the key it is the value of, when the text before one of its
    elements is at the array's top level (`const MODELS = ["org/a", ` -> MODELS, `{ models: [` -> models), else None
    (an element of a call's arguments or of an object inside the array)."""
    opener = _enclosing_opener(before)
    if opener is None or opener[1] != "[":
        return None
    at = opener[0]
    head = before[max(0, at - _NEAR_CHARS): at]
    assign = _OBJECT_ASSIGN_RE.search(head)
    if assign is not None:
        return assign.group("name")
    key = _KEY_RE.search(head)
    return (key.group("name") or key.group("quoted")) if key is not None else None


def _plain_key(name: str, vocab: Vocabulary) -> bool:
    """Is an object key a plain label (`chat`, `small`), not a word that says the value is something else (a URL, an
    output, an API: the vocabulary's negative words)?"""
    return not any(word in vocab.negative_words for word in split_words(name))


def _kind(name: str, vocab: Vocabulary) -> RefKind | None:
    kind = vocab.name_kind(name)
    return kind if kind in ("model", "dataset") else None  # type: ignore[return-value]
