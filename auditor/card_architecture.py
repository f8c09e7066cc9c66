"""The architecture a model card's prose says the model is based on ("Based on the [Jina-XLM-RoBERTa
architecture](https://huggingface.co/jinaai/xlm-roberta-flash-implementation)", jinaai/jina-embeddings-v3).

Why: the card readers rightly take no base from such a phrase (an architecture is a design and its code, not weights
the model was made from; auditor/card.py vetoes it), so the review said only "it declares no base model". A reviewer
asking whether the weights started from another model's should read that the card names an architecture, where,
and that it does not say whose weights were used: question 1 says so (auditor/formats/questions.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.card_text import prose_lines
from auditor.lazyre import lazy_compile

KIND = "architecture-stated"
MAX_LINE = 1200
_ARCH = lazy_compile(
    r"\b(?:based|built)\s+(?:up)?on\s+(?:the\s+|an?\s+)?(?:\[(?P<linked>[^\]\n]{1,80}?)\s+architecture\]"
    r"\((?P<url>[^)\s]{1,400})\)|(?P<plain>[\w.+-]++(?:[ -][\w.+-]++){0,2}?)\s+architecture\b)", re.IGNORECASE)
# "- **Architecture:** Same as [bloom-560m](https://huggingface.co/bigscience/bloom-560m)" (the bloomz cards): a label
# naming another model's design; a family card says it of each size, and it names a design, not the weights' parent
# (review pass 33 P4: read as an architecture, never as a base)
_SAME_AS = lazy_compile(
    r"^\W{0,6}architecture\W{0,6}:\W{0,4}\s*same\s+as\s+(?:the\s+)?(?:\[(?P<linked>[^\]\n]{1,80})\]"
    r"\((?P<url>[^)\s]{1,400})\)|(?P<plain>[\w./+-]{2,80}))", re.IGNORECASE)
# a version alone ("- **Architecture:** same as v1.0", "Same as version 2", "same as 1.5"): the card's own earlier
# release, whose design it does not name (card-reader differential 35)
_VERSION_ONLY = lazy_compile(r"^(?:(?:the\s+)?(?:previous|prior|last|earlier|first|original)\s+)?"
                             r"(?:v|ver\.?|version|release|rev\.?|revision)?\s*\d[\w.]{0,20}$", re.IGNORECASE)
# The words of designs every model of a kind shares ("a decoder-only Transformer", "Mixture-of-Experts", "U-Net"): a
# name made of them alone names no model family.
_GENERIC = frozenset({"transformer", "transformers", "decoder", "decoders", "encoder", "encoders", "only", "moe",
                      "mixture", "of", "experts", "expert", "sparse", "dense", "causal", "autoregressive", "u", "net",
                      "unet", "diffusion", "latent", "cnn", "rnn", "lstm", "convolutional", "recurrent", "neural",
                      "network", "same", "original", "model", "this", "our", "its", "their", "standard", "vanilla",
                      "hybrid", "multimodal", "vision", "language", "llm", "gpt-style", "bert-style"})
# The words of hardware and instruction sets ("GPUs built on the NVIDIA Hopper architecture", "ARM", "x86-64"): a
# chip's design, not the model's
_HARDWARE = lazy_compile(
    r"\b(?:nvidia|amd|intel|apple|qualcomm|hopper|ampere|blackwell|volta|turing|pascal|lovelace|ada|rdna\d*|cdna\d*|"
    r"arm(?:v\d+)?|aarch64|arm64|x86(?:[-_]64)?|amd64|risc-?v|cuda|gpus?|cpus?|tpus?|npus?|chips?|silicon|"
    r"hardware|processors?|isa)\b", re.IGNORECASE)
# a subject before the phrase that is not the model: its tokenizer, or the software and machines it runs on ("Our
# tokenizer is based on the GPT-2 architecture", "The serving stack is built on ...")
_OTHER_SUBJECT = lazy_compile(r"\b(?:tokeni[sz]ers?|kernels?|devices?|serving|stack|runtime|servers?|engine)\b",
                              re.IGNORECASE)
_CLAUSE_MARK = lazy_compile(r"[,;:()]|[.!?](?:\s|$)")
_WORD = lazy_compile(r"[\w]+(?:-style)?", re.IGNORECASE)


def _names_a_design(name: str, before: str) -> bool:
    """Whether a name read before "architecture" names a model design: not a generic one (every word in _GENERIC), not
    hardware (a chip's name, or hardware words in the clause before "built on"), nor the design of another part than
    the model (_OTHER_SUBJECT)."""
    words = [w.lower() for w in _WORD.findall(name)]
    if not words or all(w in _GENERIC for w in words):
        return False
    clause = _CLAUSE_MARK.split(before)[-1]
    return _HARDWARE.search(name) is None and _HARDWARE.search(clause) is None and _OTHER_SUBJECT.search(clause) is None


def architecture_statement(prose: str | Sequence[str], first_line: int = 1) -> tuple[str, int, str] | None:
    """(the architecture's name as written, README line, its link or "") of the prose's first such phrase; None
    when it names none, or only a generic design ("based on the transformer architecture") or hardware. `prose`: the
    card's body, or its lines as auditor/card_text.ProseFilter left them (code and HTML comments blanked)."""
    lines = prose_lines(prose) if isinstance(prose, str) else prose
    for number, raw in enumerate(lines, first_line):
        if not raw or len(raw) > MAX_LINE:
            continue
        same = _SAME_AS.match(raw) if "ame as" in raw else None
        if same is not None:
            name = (same.group("linked") or same.group("plain") or "").strip().strip("*_`").strip()
            if name and (any(ch.isdigit() or ch.isupper() for ch in name) or "-" in name) \
                    and not _VERSION_ONLY.match(name):
                return name, number, same.group("url") or ""
        for found in _ARCH.finditer(raw):
            name = (found.group("linked") or found.group("plain") or "").strip().strip("*_`").strip()
            if (name and any(ch.isupper() or ch.isdigit() for ch in name)
                    and _names_a_design(name, raw[: found.start()])):
                return name, number, found.group("url") or ""
    return None
