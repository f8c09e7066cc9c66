"""Pieces of model-card prose every card reader shares (auditor/card.py, auditor/card_merge.py), kept in one module
that imports neither, so both read an id, a Hub address or a sentence's end the same way without an import cycle."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.lazyre import lazy_compile

# pages of the Hub's own site a link without an owner may point to: no model ("fine-tuned version of
# [distilbert-base-uncased](https://huggingface.co/distilbert-base-uncased)", the Trainer's words, is one)
SITE_PAGES = frozenset({"models", "datasets", "spaces", "docs", "blog", "papers", "pricing", "join", "login",
                        "settings", "tasks", "learn", "collections", "organizations", "posts", "enterprise"})
# A link to a document about a model, not to the model (issue 19 leftovers): "[Yi Tech Report](https://arxiv.org/abs/
# 2403.04652)", "[Llama 2: Open Foundation and Fine-Tuned Chat Models](https://arxiv.org/...)", "[Mistral 7B blog
# post](https://mistral.ai/news/...)". A paper's or a post's title often holds the model's name; the weights are not
# there, so a "based on" before it names no base. Known by its address (a paper's host, a PDF, a blog's or news
# page) or by its text (a report, a paper, a post). Hosts and paths are read from the address's start, bounded.
_DOCUMENT_ADDRESS = lazy_compile(
    r"^<?https?://(?:www\.)?(?:(?:export\.)?arxiv\.org/|openreview\.net/|aclanthology\.org/|(?:dx\.)?doi\.org/|"
    r"papers\.nips\.cc/|proceedings\.[\w.-]{1,60}/|ieeexplore\.ieee\.org/|dl\.acm\.org/|[\w.-]{0,40}semanticscholar\.org/|"
    r"paperswithcode\.com/paper/|medium\.com/|[\w-]{1,60}\.medium\.com/|[\w-]{1,60}\.substack\.com/|"
    r"(?:huggingface\.co|hf\.co)/(?:papers|blog)/|"
    r"[\w.-]{1,100}/(?:[^\s/()]{1,100}/){0,3}(?:blog|news|posts?|papers?|articles?|publications?)(?:/|$))"
    r"|\.pdf(?:[?#]|$)", re.IGNORECASE)
_DOCUMENT_WORDS = lazy_compile(
    r"\b(?:tech(?:nical)?\s+report|report|paper|white\s*paper|preprint|article|announcement|blog|blog\s*post|"
    r"publication|arxiv)s?(?![\w-])", re.IGNORECASE)


# a link text that reads as a title rather than a model's name: a subtitle after a colon or a dash ("Llama 2: Open
# Foundation and Fine-Tuned Chat Models"), or five words or more
_TITLE_LIKE = lazy_compile(r"[:\u2014\u2013]\s|\s-\s|^\s*+(?:\S++\s++){4}\S")


def is_document_link(text: str, address: str) -> bool:
    """Whether a Markdown link `[text](address)` points to a paper, a report or a post about a model rather than to
    the model: its text says so ("Yi Tech Report", "Falcon whitepaper"), or its address is a paper's or a post's (see
    _DOCUMENT_ADDRESS) and its text reads as the document's title (_TITLE_LIKE). A model's bare name linked to its
    paper ("Finetuned from model: [Llama 2](https://arxiv.org/abs/2307.09288)", lmsys/vicuna-7b-v1.5) still names
    the model: the writer points to where it is described. A "made from" phrase before a document names no base."""
    text = text[:200]
    return bool(_DOCUMENT_WORDS.search(text)
                or (_DOCUMENT_ADDRESS.search(address.strip()[:300]) and _TITLE_LIKE.search(text)))


# a repository id as cards write it: `owner/name`
REPO_ID = r"[A-Za-z0-9][\w.-]*/[\w.-]*[\w-]"
# the Hub's host in an address
HUB_HOST = r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/"
# what may follow a repository's id inside a link to one of its pages: the file tree, a file or a revision
# ("[Flux.1 dev](https://huggingface.co/black-forest-labs/FLUX.1-dev/tree/main)", lineage pass 24): the link still
# names that repository. Only up to the link's closing bracket, no blank: one bounded run, linear on any input.
REPO_PAGE_TAIL = r"(?:/(?:tree|blob|resolve|raw|commits?)/[^()\s]{0,200})"
# where a sentence ends: ".", "!" or "?" before a blank or the line's end (not the dots of an address or "v1.5"), or
# a CJK full stop anywhere
SENTENCE_END = lazy_compile(r"[.!?](?=\s|$)|[。！？]")
# a Markdown code fence's opening or closing line
FENCE = lazy_compile(r"^\s*(```|~~~)")
# the fence's run of marks and what follows it: a fence closes only on a line of the opener's mark, at least as long,
# and nothing else (CommonMark 0.31 §4.5: "```python" inside a block is code, not its end)
_FENCE_RUN = lazy_compile(r"^\s*+(`{3,}+|~{3,}+)(.*)$")
# an ATX heading line: its marks, then the rest of the line (one pass; see HeadingPattern)
_ATX_HEADING = lazy_compile(r"^\s{0,3}(#{1,6})\s+(.*)$")


@dataclass(frozen=True)
class Heading:
    """An ATX heading's marks and title, read as a match object is (group(1) the marks, group(2) or
    group("title") the title without its closing sequence), so the readers that matched a regex read it unchanged."""

    marks: str
    title: str

    def group(self, key: int | str = 0) -> str:
        if key in (1, "marks"):
            return self.marks
        if key in (2, "title"):
            return self.title
        return f"{self.marks} {self.title}"


class HeadingPattern:
    """An ATX heading line and its title, with the closing sequence and blanks cut off.

    Why not one regex: `(.*?)\\s*#*\\s*$` (what this replaced) retries the blanks after every lazy step, which is
    cubic on a heading with a long run of blanks inside ("# a" + 900 blanks + "b": five such lines took 57.6 s in
    parse_card; card differential 35). The line is matched in one pass and the closing sequence cut off with str
    methods: the same title, since the lazy group kept the line less its longest blanks-hashes-blanks suffix."""

    def match(self, line: str) -> Heading | None:
        found = _ATX_HEADING.match(line)
        if found is None:
            return None
        return Heading(found.group(1), found.group(2).rstrip().rstrip("#").rstrip())


# an ATX heading line and its title (card_merge's "Models used" list, card_use_restrictions' "Out-of-Scope Use")
HEADING_TITLE = HeadingPattern()


def outside_comments(line: str, inside: bool) -> tuple[str, bool]:
    """The part of a line outside HTML comments (template cards hide sample text in them), and whether a
    comment is still open at its end."""
    out: list[str] = []
    rest = line
    while rest:
        if inside:
            end = rest.find("-->")
            if end < 0:
                return "".join(out), True
            rest, inside = rest[end + 3:], False
        else:
            start = rest.find("<!--")
            if start < 0:
                out.append(rest)
                break
            out.append(rest[:start])
            rest, inside = rest[start + 4:], True
    return "".join(out), inside


# A Markdown link whose target is a relative Hub path ("[Aguila-7B](projecte-aina/aguila-7b)", "[X](/owner/name)"):
# on the Hub a card's relative link resolves against huggingface.co, so the target names the repository as the full
# address would (lineage pass 34, left over). One bounded run per part, no nested repeats: linear on any input. The
# parts are checked in hub_relative_id; anything else (a file, a folder path, an anchor, an address) is left alone.
_RELATIVE_LINK = lazy_compile(r"\]\([ \t]{0,3}<?(?P<slash>/?)(?P<owner>[^\s()<>/\\:#?]{1,96})/"
                              r"(?P<name>[^\s()<>/\\:#?]{1,96})/?>?[ \t]{0,3}\)")
# a Hub owner's or repository's name (huggingface_hub's validate_repo_id): word characters, "-" and ".", not starting
# or ending with "-" or ".", no "--" or ".."
_HUB_PART = lazy_compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?")
# a name ending in a file's extension ("images/a.png", "docs/usage.md", "weights/model.gguf"): a last dot followed
# by letters and digits only, starting with a letter; a model's version ("Qwen2.5-7B", "Mistral-7B-v0.1") is not one
_FILE_EXTENSION = lazy_compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}$")
# a repository's folders and files a relative link points to instead of a model ("docs/usage", "images/logo",
# "assets/figure1", "examples/train"): never a Hub owner in such a link
_FOLDER_OWNERS = frozenset(str.split(
    "doc docs documentation image images img imgs asset assets static figure figures fig figs pic pics "
    "picture pictures media resources resource example examples script scripts src source code data dataset "
    "configs config results "
    "result eval evals evaluation notebooks notebook tools tool utils util tests test files file blob tree resolve "
    "raw main master checkpoints checkpoint weights output outputs samples sample demo demos"))
_FILE_NAMES = frozenset(str.split("readme license licence notice changelog contributing citation authors"))


def hub_relative_id(owner: str, name: str) -> bool:
    """Whether a relative link's `owner/name` target is a Hub repository's id rather than a path in the card's own
    repository: both parts have a Hub name's shape, the owner is no folder or site page, and the name no file."""
    if not (_HUB_PART.fullmatch(owner) and _HUB_PART.fullmatch(name)):
        return False
    if "--" in owner + "/" + name or ".." in owner + "/" + name:
        return False
    if owner.lower() in _FOLDER_OWNERS or owner.lower() in SITE_PAGES or name.lower() in _FILE_NAMES:
        return False
    return not _FILE_EXTENSION.search(name) and not _FILE_EXTENSION.search(owner)


def hub_relative_links(line: str) -> str:
    """The line with each relative Hub link's target written as the full address ("[X](owner/name)" ->
    "[X](https://huggingface.co/owner/name)"), so every reader of a link to the Hub reads it the same way, with the
    same phrases and the same confidence. Only an `owner/name` shape passing hub_relative_id is rewritten."""
    if "](" not in line:
        return line

    def full(found: re.Match[str]) -> str:
        if not hub_relative_id(found.group("owner"), found.group("name")):
            return found.group(0)
        return f"](https://huggingface.co/{found.group('owner')}/{found.group('name')})"
    return _RELATIVE_LINK.sub(full, line)


class ProseFilter:
    """What of each line of a card is prose: code fences and what they hold, and HTML comments, are not (an example
    printing "released under X", a template's hidden sample sentence, say nothing of the model). Every reader of a
    card's prose steps through its lines with one of these (auditor/card.py), so they skip the same text."""

    def __init__(self) -> None:
        self.fenced = False
        self.comment = False
        self.mark = ""  # the open fence's run of marks ("```", "~~~~")

    def step(self, line: str) -> tuple[str, bool]:
        """(the line's prose, "" when it has none; whether the line is a fence's or inside one). Inside a block only
        a closing fence ends it (CommonMark): RedPajama-INCITE-7B-Base's card ends one block with three quotes and a
        fence on one line and opens the next with "```python", and a toggle on every fence-like line read the
        training section after as code, so its data and token count went unread (review pass 35 R2)."""
        run = _FENCE_RUN.match(line) if not self.comment else None
        if run is not None and not self.fenced:
            self.fenced, self.mark = True, run.group(1)
            return "", True
        if run is not None and run.group(1)[0] == self.mark[0] and len(run.group(1)) >= len(self.mark) \
                and not run.group(2).strip():
            self.fenced, self.mark = False, ""
            return "", True
        if self.fenced:
            return "", True
        prose, self.comment = outside_comments(line, self.comment)
        return hub_relative_links(prose), False


def prose_lines(body: str) -> list[str]:
    """The body's lines (split on "\\n" only, as the Hub numbers them) with what is not prose blanked (ProseFilter):
    one entry per line, so an index is still the README line."""
    prose = ProseFilter()
    return [prose.step(raw.rstrip("\r"))[0] for raw in body.split("\n")]


# The training, merging, serving and conversion tools cards name where a base belongs ("- **Base Model**: [LLaMA
# Factory](https://github.com/hiyouga/LLaMA-Factory)", "Base model: Megatron-LM", "based on llama.cpp"): software, no
# model, so no base and no base family (card-reader differential 35, left over: "LLaMA Factory" gave the family
# LLaMA). Compared whole, as name_key spells them (lower case, letters and digits only), so a model named after a
# tool ("Mistral-NeMo-12B", "megatron-bert-cased-345m", "unsloth/llama-3-8b") is still a model; a vendor's or a
# "framework" / "library" word around the name ("NVIDIA NeMo", "the Axolotl framework") is read away first.
_TOOL_KEYS = frozenset(str.split(
    "llamafactory axolotl unsloth unslothzoo megatron megatronlm megatroncore megatrondeepspeed megatronbridge nemo "
    "nemoframework nemoaligner nemorl nemotoolkit mergekit llamacpp ggml transformers peft trl deepspeed fastchat "
    "torchtune litgpt h2ollmstudio llmstudio autotrain autotrainadvanced textgenerationwebui oobabooga ollama "
    "vllm mlx mlxlm mlxvlm exllama exllamav2 exllamav3 autogptq autoawq gptqmodel llmcompressor optimum openrlhf verl "
    "msswift xtuner colossalai fairseq fairseq2 sentencetransformers kohyass sdscripts diffusers comfyui accelerate "
    "pytorch tensorflow jax flax keras openvino onnxruntime tensorrt tensorrtllm llamarecipes alignmenthandbook "
    "openinstruct nanogpt lmevaluationharness simpletuner aitoolkit opencompass"))
_TOOL_WORDS = lazy_compile(r"\b(?:the|nvidia|hugging\s*face|huggingface|hiyouga|framework|library|toolkit|toolbox|"
                           r"trainer|training\s+code)\b", re.IGNORECASE)
_NOT_KEY = lazy_compile(r"[^0-9a-z]+")


def is_tool_name(name: str) -> bool:
    """Whether a name written where a base belongs is a tool's, not a model's (see _TOOL_KEYS): compared whole."""
    key = _NOT_KEY.sub("", _TOOL_WORDS.sub(" ", name[:120]).lower())
    return key in _TOOL_KEYS
