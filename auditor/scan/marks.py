"""Which of the per-file gates' marks a text spells, found in one pass (issue 15: `check` <= 10x `grep -r`).

Why: before a Python file is parsed, the gates of auditor/scan/python.py, refs.py, pystrings.py and nbbuild.py ask
some thirty substring questions of its whole text (`from_pretrained`, `hf://`, `subprocess`, `cell`...). Each `in`
is a C search, but each is a pass over the text: on a site-packages copy (63 MB of .py) one costs ~0.035 s CPU and
the thirty ~1 s, a tenth of a cold `check`. A multi-pattern automaton (Aho-Corasick, the `ahocorasick_rs` package:
Rust, maintained, wheels for every platform we support) finds which of all the marks occur in one pass, ~0.27 s for
the same 63 MB (its UTF-8 bytes, as a DFA: ~0.2 s; bench/RESULTS.md, speedcheck1).

What it answers: `present(text)` is exactly `frozenset(m for m in MARKS if m in text)` (the automaton reports every
occurrence, overlapping ones too, so a mark inside another, `hf_` in `hf_hub_download`, is found), remembered for the
last few texts by identity: the gates ask of the same string object one after another. `has(text, *marks)` is
`any(m in text for m in marks)`; a mark not in MARKS is searched for directly (correct, only slower), and
tests/test_scan_marks.py holds MARKS against the gates' own tuples and the automaton against plain `in`.
"""

from __future__ import annotations

from collections.abc import Callable

# Every substring a per-file gate tests on a whole file's text. Kept with the gates' own tuples by
# tests/test_scan_marks.py (python._TRIGGERS, python._ADDRESS_MARKS, python._RUNNER_MARKS, refs' cache-folder marks).
MARKS: tuple[str, ...] = (
    # python._TRIGGERS: loaders under which an id need not be one `org/name` literal
    "from_pretrained", "SentenceTransformer", "CrossEncoder", "pipeline(", "load_dataset", "hf_hub_download",
    "snapshot_download", "Embedding", "InferenceClient", "from_model2vec", "from_hub", "FromHub",
    # python._ADDRESS_MARKS: what every Hub address holds
    "huggingface.co/", "hf.co/", "hf-hub:", "hf_hub:",
    # prefilter.LEGACY_NAME_MARKS: a file naming the Hub by an `hf_` / `HF_` name, or spaCy's transformer components
    "hf_", "HF_", "spacy-transformers", "spacy_transformers", "spacy-curated-transformers",
    "spacy_curated_transformers", "DEFINE_string",
    # python._RUNNER_MARKS: a call that runs a command line
    "system", "subprocess", "popen", "_command(", "cmd(", "run_commands", "command=", "inline=", ".format(", ".run(",
    ".sudo(",
    # python._may_hold_file_address / _names_hub_fs, refs.may_hold_file_address / may_hold_cache_folder
    "hf://", "HF://", "Hf://", "hF://",
    "huggingface://", "huggingface:", "/resolve/", "HfFileSystem", "filesystem(", "protocol",
    "azureml://registries/azure-huggingface/models/",
    "api-inference.huggingface.co/", "/hf-inference/", "datasets-server.huggingface.co/",
    "s--", "models--", "datasets--",
    # nbbuild.may_build_notebook: a script that builds a notebook
    "cell",
    # prefilter.has_st_literal: sentence-transformers short names (rules/scan-vocabulary.yaml st_bare_prefixes)
    "all-mpnet-", "all-MiniLM-", "all-distilroberta-", "all-roberta-", "paraphrase-", "multi-qa-", "msmarco-",
    "distiluse-", "nli-", "stsb-", "clip-ViT-", "average_word_embeddings_", "gtr-t5-", "sentence-t5-", "LaBSE",
    "allenai-specter", "use-cmlm-multilingual", "quora-distilbert-", "facebook-dpr-",
)  # fmt: skip

_REGISTERED = frozenset(MARKS)
_RECENT: list[tuple[str, frozenset[str]]] = []  # (text, its marks), newest last; the text kept so its id is its own
_RECENT_SIZE = 4


def _plain(text: str) -> frozenset[str]:
    """The answer without the automaton (one `in` per mark): the reference the automaton is tested against."""
    return frozenset(mark for mark in MARKS if mark in text)


def _automaton() -> Callable[[str], frozenset[str]]:
    """One pass of an Aho-Corasick automaton over the text, or the plain searches where the package is missing
    (an install without wheels for the platform: slower, same answers)."""
    try:
        import ahocorasick_rs  # lazy: built once, on the first file a gate reads
    except ImportError:  # pragma: no cover - the package is a dependency; kept working without it
        return _plain
    # Over the UTF-8 bytes (a mark occurs in a text exactly where its UTF-8 occurs in the text's: UTF-8 is
    # self-synchronising), as a DFA: 1.5x faster than the same automaton over the str, encoding included.
    automaton = ahocorasick_rs.BytesAhoCorasick([mark.encode("utf-8") for mark in MARKS],
                                                matchkind=ahocorasick_rs.MatchKind.Standard,
                                                implementation=ahocorasick_rs.Implementation.DFA)
    marks = MARKS

    def search(text: str) -> frozenset[str]:
        found = automaton.find_matches_as_indexes(text.encode("utf-8", "surrogatepass"), overlapping=True)
        return frozenset({marks[i] for i, _start, _end in found})

    return search


_SEARCH: list[Callable[[str], frozenset[str]]] = []


def present(text: str) -> frozenset[str]:
    """The marks of MARKS that occur in `text` (see the module docstring)."""
    for seen, found in reversed(_RECENT):
        if seen is text:
            return found
    if not _SEARCH:
        _SEARCH.append(_automaton())
    found = _SEARCH[0](text)
    _RECENT.append((text, found))
    if len(_RECENT) > _RECENT_SIZE:
        del _RECENT[0]
    return found


def has(text: str, *marks: str) -> bool:
    """Does `text` hold one of `marks`? (`any(m in text for m in marks)`, from one pass for all of MARKS.)"""
    found = present(text)
    return any(mark in found if mark in _REGISTERED else mark in text for mark in marks)
