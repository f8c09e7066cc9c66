"""What a training-data section's words name that is no dataset (issue 19, card reader pass 1): the readers of
card.py's _TrainingData ask here before keeping a token as a dataset id or a corpus name.

- a path of a web address ("[Socher et al.](https://nlp.stanford.edu/~socherr/EMNLP2013_RNTN.pdf)": the tokens of an
  address are not ids), or a file's name;
- a task label of two words joined by a slash ("Paraphrasing/sentence similarity: MRPC", "input/output pairs");
- a rate's unit ("TFLOP/s per GPU" in FLM-101B's parallelism table, "tokens/sec", "samples/GPU"): a quantity per
  second, step or device, not an owner and a dataset;
- a tokenizer's repository ("the HuggingFaceTB/cosmo2-tokenizer tokenizer"): the model's tokenizer, not its data;
- the corpus another one recreates ("OpenWebText, a recreation of the WebText dataset"): WebText is named as what
  OpenWebText copies, it is not a source of its own. When the recreation is the data itself ("trained on a replica
  of The Pile and RefinedWeb") the names are what the data holds, and kept.

Why its own module: card.py's section reader is shared with the lineage passes; these checks stay apart from it.
"""

from __future__ import annotations

import re

from auditor.lazyre import lazy_compile

# a web address, or a host with a path written without its scheme ("nlp.stanford.edu/~socherr/x.pdf")
_ADDRESS = lazy_compile(r"\b(?:https?|ftp)://[^\s)\]>\"']{1,500}|\b(?:www\.)?[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}"
                        r"\.[a-z]{2,6}/[^\s)\]>\"']{0,500}", re.IGNORECASE)
_FILE_NAME = lazy_compile(r"\.(?:pdf|html?|php|aspx?|jsonl?|txt|csv|tsv|ya?ml|py|md|zip|tar|gz|png|jpe?g)$",
                          re.IGNORECASE)
_TOKENIZER = lazy_compile(r"tokeni[sz]er|vocab", re.IGNORECASE)
# the words right before a token that make it a tokenizer's ("uses the tokenizer of", "tokenizer:")
_TOKENIZER_BEFORE = lazy_compile(r"\btokeni[sz]er\b[^.;\n]{0,40}$", re.IGNORECASE)
_WORD = lazy_compile(r"[A-Za-z]{2,30}")
# the denominator of a rate ("TFLOP/s", "tokens/sec", "samples/GPU", "img/iter"): a unit, never a dataset's name
_PER_UNIT = lazy_compile(r"(?:s|secs?|seconds?|h|hrs?|hours?|days?|steps?|iters?|it|gpus?|nodes?|devices?)",
                         re.IGNORECASE)
# "a recreation of the", "an open-source replica of", "a reproduction of", "an open reproduction of", "recreates"
_RECREATION = lazy_compile(
    r"\b(?:(?:an?\s+)?(?:open(?:-source)?\s+|public\s+)?(?:re-?creation|replica(?:tion)?|reproduction|"
    r"re-?implementation|clone|copy)\s+of|re-?creat(?:es|ing)|replicat(?:es|ing)|reproduc(?:es|ing))"
    r"\s+(?:the\s+|openai'?s\s+)?(?:[\w-]+\s+){0,2}?$", re.IGNORECASE)


def without_addresses(text: str) -> str:
    """The text with every web address blanked (same length: positions stay)."""
    return _ADDRESS.sub(lambda m: " " * len(m.group(0)), text)


def not_a_dataset_id(name: str, text: str, start: int, end: int) -> bool:
    """Whether a token shaped like a dataset id at text[start:end] names no dataset: a file's name, a tokenizer's
    repository (by its name or the words before it), a rate's unit ("TFLOP/s"), or two plain words joined by a slash
    and followed by more words ("Paraphrasing/sentence similarity"), a label rather than an owner and a name."""
    if _FILE_NAME.search(name) or _TOKENIZER.search(name) or _TOKENIZER_BEFORE.search(text[max(0, start - 60): start]):
        return True
    owner, slash, rest = name.partition("/")
    if slash and _PER_UNIT.fullmatch(rest):
        return True
    if slash and _WORD.fullmatch(owner) and _WORD.fullmatch(rest) and rest.islower():
        return re.match(r"\s+[a-z]", text[end: end + 3]) is not None
    return False


# the words that make what follows the data itself: "trained on a replica of The Pile" names The Pile's contents as
# the training data (review pass 32 P6), where "OpenWebText, a recreation of WebText" names WebText only as the model
# OpenWebText copies
_DATA_ITSELF = lazy_compile(r"\b(?:on|with|using|from|uses|used|includes?|including|comprises?|comprising|"
                            r"consists?\s+of|mixture\s+of|mix\s+of)\s*$", re.IGNORECASE)


def recreated(text: str, start: int) -> bool:
    """Whether the corpus named at text[start:] is named as the one another recreates ("OpenWebText, a recreation of
    the WebText dataset"); not when the recreation is itself the data ("trained on a replica of The Pile", "a copy of
    RefinedWeb"): then the name says what the data holds."""
    window = text[max(0, start - 80): start]
    found = _RECREATION.search(window)
    return found is not None and _DATA_ITSELF.search(window[: found.start()]) is None
