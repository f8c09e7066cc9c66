"""How a model relates to its bases (quantized, adapter, merge, finetune), inferred with its evidence.

The relation decides what a derivative may declare: a quantization or a format conversion (GGUF, GPTQ, AWQ,
EXL2, bitsandbytes, MLX, ONNX, Core ML, TensorRT, OpenVINO) holds the base's own weights and relicenses nothing;
an adapter runs only on its base; a merge carries several bases. Cards rarely say which it is, so each signal is
read from where the tools that made the model leave it, and the first one found is kept with what it was read from:

1. files: `.gguf`/`.ggml` weights, an ONNX or MLX export with no other weights, GPTQ/AWQ/EXL2 config files;
2. config.json `quantization_config` (its `quant_method`), or MLX's `quantization`;
3. the card's `quantized_by`;
4. tags (gguf, gptq, awq, exl2, bitsandbytes, mlx, ...);
5. the repository name (`-GGUF`, `-bnb-4bit`, `-AWQ`, `-GPTQ`, `-exl2`, `-MLX`, `-onnx`, ...) unless the
   listed weights contradict it (a `-GGUF` repository whose weights are all safetensors);
6. adapters: adapter_config.json (record or file list), library `peft`, tags peft/lora;
7. merges: a mergekit config (file or record), tags merge/mergekit, several distinct bases;
8. otherwise a finetune, saying that no other signal was found.

The Hub's own inference (an API tag `base_model:<relation>:<id>`) and a declared `base_model_relation` come
first; graph.py handles those. Everything here is "inferred".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from auditor.card import FINETUNED_VERSION_ROLE
from auditor.card_adapter import KIND as ADAPTER_STATED
from auditor.card_own_subject import KIND as SUBJECT_ID
from auditor.card_own_subject import ONLY_ID_ROLE
from auditor.card_subject import same_model_name, without_format_suffix
from auditor.lazyre import lazy_compile
from auditor.merge_tags import TOOL_TAGS
from auditor.model import ModelRecord, weight_formats

QUANT_TAGS = frozenset(
    {
        "gguf",
        "ggml",
        "quantized",
        "gptq",
        "awq",
        "exl2",
        "4-bit",
        "8-bit",
        "4bit",
        "8bit",
        "bitsandbytes",
        "hqq",
        "marlin",
        "fp8",
        "mlx",
        "mlx-4bit",
        "mlx-8bit",
        "onnx-quantized",
        "compressed-tensors",
        "autoawq",
        "auto-gptq",
        "gptqmodel",
        "llamafile",
        # the precision or scheme a quantizer writes as a tag (llm-compressor's "int4"/"w4a16", NVIDIA's "nvfp4")
        "quantization",
        "int4",
        "int8",
        "w4a16",
        "w8a8",
        "w4a8",
        "w8a16",
        "w4a4",
        "fp4",
        "nvfp4",
        "mxfp4",
        # LiteRT (TFLite) exports for on-device runtimes: another model's weights, converted
        "litert",
        "litert-lm",
        "litertlm",
        "tflite",
        # compiled exports for one runtime (Apple Core ML / Core AI, NVIDIA TensorRT, Intel OpenVINO IR): the weights
        # of the model converted, the same as a LiteRT file
        "coreml",
        "coremltools",
        "core-ai",
        "coreai",
        "tensorrt",
        "tensorrt-llm",
        "openvino",
    }
)
# Tags that, beside a LoRA's (ADAPTER_TAGS, library peft), say how it was trained (QLoRA loads the base in 4 bits
# through bitsandbytes), not that the repository holds its base's weights quantized: "a LoRA-fine-tuned X" tagged
# lora, bitsandbytes, nf4 is an adapter or a finetune.
QLORA_TAGS = frozenset({"bitsandbytes", "4-bit", "8-bit", "4bit", "8bit", "nf4"})
ADAPTER_TAGS = frozenset({"peft", "lora", "qlora", "adapter", "adapters"})


def _squashed(tag: str) -> str:
    """A tag without its separators: publishers spell a format's name with or without them ("core-ml", "core_ml",
    "coreml"; "tensor-rt"; "auto_gptq"), and every spelling says the same thing."""
    return re.sub(r"[-_\s]+", "", tag.lower())


_QUANT_SQUASHED = frozenset(_squashed(t) for t in QUANT_TAGS)
_QLORA_SQUASHED = frozenset(_squashed(t) for t in QLORA_TAGS)
# the tool's tags only: "merge" alone also tags a LoRA merged into its one base (auditor/merge_tags.py)
MERGE_TAGS = TOOL_TAGS
# Library names that only ever publish converted or quantized weights of another model (a runtime's compiled format:
# Core ML / Core AI packages, TensorRT engines, OpenVINO IR).
QUANT_LIBRARIES = frozenset({"gguf", "mlx", "exllamav2", "llamafile", "litert-lm", "litert", "coreml", "coremltools",
                             "coreai", "tensorrt", "tensorrt-llm", "tensorrt_llm", "openvino"})
# Libraries whose repositories hold another model's weights exported to ONNX for a browser runtime (Xenova's and
# onnx-community's "https://huggingface.co/org/name with ONNX weights to be compatible with Transformers.js."): a
# conversion, quantized or not (quantization_signal tells which from the name, tags and ONNX file names)
WEB_ONNX_LIBRARIES = frozenset({"transformers.js"})
MERGEKIT_FILES = ("mergekit_config.yml", "mergekit_config.yaml", "mergekit_moe_config.yml")

# A name suffix that says "the same weights, quantized or converted": the label, and the weight formats
# that contradict it when the file list shows only those (a "-GGUF" repository holding only safetensors).
_NAME_SIGNALS: tuple[tuple[re.Pattern[str], str, frozenset[str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), label, frozenset(contradicting))
    for pattern, label, contradicting in (
        (r"(?:^|[-_.])gguf(?:$|[-_.])|[-_.]q[2-8]_(?:k(?:_[sml])?|0|1)(?:$|[-_.])", "GGUF",
         ("safetensors", "pytorch-pickle")),
        (r"(?:^|[-_.])ggml(?:$|[-_.])", "GGML", ("safetensors", "pytorch-pickle")),
        (r"(?:^|[-_.])gptq(?:$|[-_.])", "GPTQ", ("gguf",)),
        (r"(?:^|[-_.])awq(?:$|[-_.])", "AWQ", ("gguf",)),
        (r"(?:^|[-_.])exl2(?:$|[-_.])|[-_.]\d(?:\.\d+)?bpw(?:$|[-_.])", "EXL2", ("gguf",)),
        (r"(?:^|[-_.])bnb[-_.]?(?:4|8)bit(?:$|[-_.])|(?:^|[-_.])nf4(?:$|[-_.])", "bitsandbytes", ("gguf",)),
        (r"(?:^|[-_.])mlx(?:$|[-_.])", "MLX", ("gguf",)),
        (r"(?:^|[-_.])onnx(?:$|[-_.])", "ONNX", ("safetensors", "pytorch-pickle", "gguf")),
        (r"(?:^|[-_.])(?:int4|int8|fp8|w4a16|w8a8|4bit|8bit|[248]-?bit)(?:$|[-_.])", "quantized", ("gguf",)),
    )
)


@dataclass(frozen=True)
class RelationSignal:
    """One piece of evidence for a relation: what it says, where it was read, the value read there."""

    relation: str  # quantized | adapter | merge | finetune
    because: str  # one phrase for people, e.g. "GGUF weight files (model-Q4_K_M.gguf)"
    location: str  # file:<name>, README.md#front-matter.<key>, api:tags, config.json:<key>, name, bases
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"relation": self.relation, "because": self.because, "location": self.location, "value": self.value}


def _basename(path: str) -> str:
    return path.rsplit("/", 1)[-1].lower()


def _tags(record: ModelRecord) -> tuple[set[str], set[str]]:
    """(all tags lower-cased, the card's own tags): card tags are the publisher's, API tags the Hub's."""
    card = record.card.get("tags")
    card_tags = {str(t).lower() for t in card if isinstance(t, (str, int))} if isinstance(card, list) else set()
    if isinstance(card, str):
        card_tags = {card.lower()}
    return {t.lower() for t in record.tags} | card_tags, card_tags


def _tag_location(tag: str, card_tags: set[str]) -> str:
    return "README.md#front-matter.tags" if tag in card_tags else "api:tags"


# What says an MLX or ONNX export is also quantized (mlx_lm.convert -q, transformers.js dtypes q4/q4f16/int8/
# uint8/bnb4/q8 = "quantized"): a marker in the name, a tag or a weight file name. A precision cast (fp16,
# bf16) is no marker: the export is then a format conversion.
_QUANT_MARKER = lazy_compile(r"(?:^|[-_./])(q[2-8](?:f16)?|q?u?int[48]|bnb4|nf4|fp8|mxfp4|quantized|[2-8]-?bits?|"
                             r"dwq)(?:$|[-_.])", re.IGNORECASE)
_EXPORT_FORMAT = lazy_compile(r"\b(MLX|ONNX)\b", re.IGNORECASE)


def quantization_signal(record: ModelRecord, bases: Sequence[str] = ()) -> RelationSignal | None:
    """The first evidence that the repository holds its base's weights quantized or converted, or None.

    The relation is "quantized" either way (the Hub's word for both; a conversion relicenses nothing
    either), but an MLX or ONNX export says which it is: a quantization when a marker shows it, else a
    format conversion. `bases` are the ids the card names as its bases: a marker the repository's name shares
    with one of theirs was copied with the base's name ("EC35_mm_Qwen2.5-VL-72B-Instruct-bnb-4bit", a LoRA on
    unsloth/Qwen2.5-VL-72B-Instruct-bnb-4bit) and says nothing of this repository's weights.
    """
    signal = _weights_signal(record, bases)
    match = _EXPORT_FORMAT.search(signal.because) if signal is not None else None
    if signal is None or match is None or signal.location == "config.json:quantization":
        return signal
    fmt = match.group(1).upper()
    tags, _ = _tags(record)
    where = [("repository name", record.id.rsplit("/", 1)[-1]), *(("tag", t) for t in sorted(tags)),
             *(("weight file", f) for f in record.files or () if f.lower().endswith(".onnx"))]
    marker = next((f"{what} {text!r}" for what, text in where if _QUANT_MARKER.search(text)), None)
    if marker is not None:
        return replace(signal, because=f"an {fmt} quantization ({marker}); {signal.because}")
    return replace(signal, because=f"a format conversion to {fmt}, no quantization marker in the name, tags "
                                   f"or files; {signal.because}")


def own_model_quantized(record: ModelRecord, bases: Sequence[str], signal: RelationSignal) -> RelationSignal | None:
    """A fine-tune signal where a quantization's weights are the publisher's own model rather than its declared base,
    or None.

    A publisher's GGUF of its own fine-tune is named after it ("katanemo/Arch-Agent-7B.gguf") and declares as
    `base_model` the model it fine-tuned from (Qwen/Qwen2.5-Coder-7B-Instruct). The quantization signal says what the
    files are, not from which model: when the card's heading or usage code names the repository's own id without its
    format suffix (auditor/card_own_subject.py), and that is none of the declared bases, the weights are that model's,
    a fine-tune of the base, then quantized (review pass 34, W2: "its weights are its base's" and a laundering charge
    against a relicensing Apache-2.0 allows). A quantizer's repository of another publisher's model keeps its
    relation: its card names that model, whose owner is not the repository's."""
    if signal.relation != "quantized":
        return None
    owner, _, name = record.id.rpartition("/")
    stripped = without_format_suffix(name)
    if not stripped or stripped == name:
        return None
    own = f"{owner}/{stripped}".lower() if owner else _only_id_named(record, stripped)
    if own is None:
        return None
    if any(base.strip().lower() == own or same_model_name(base, own) for base in bases):
        return None  # the declared base is the model quantized
    for st in record.card_statements:
        said = str(st.get("as_written") or "")
        if st.get("kind") != SUBJECT_ID or said.lower() != own:
            continue
        how = next(iter(st.get("roles") or ()), "text")
        line = st.get("line") if isinstance(st.get("line"), int) else 0
        return RelationSignal("finetune", f"{signal.because}; but the card's {how} (README line {line}) names the "
                              f"publisher's own model {said}, not its declared base: the weights quantized are "
                              "that model's, a fine-tune of the base", f"README.md#L{line}", said)
    return None


def _only_id_named(record: ModelRecord, stripped: str) -> str | None:
    """For a local folder audited without `--as` (its record named after the folder, no owner): the id the card's
    usage code names as its only one (card_own_subject ONLY_ID_ROLE) when that id's name is the folder's name without
    its format suffix ("./Arch-Agent-7B.gguf" whose quick start loads "katanemo/Arch-Agent-7B"), lower case; else
    None."""
    for st in record.card_statements:
        said = str(st.get("as_written") or "")
        if st.get("kind") == SUBJECT_ID and ONLY_ID_ROLE in (st.get("roles") or ()) \
                and said.rpartition("/")[2].lower() == stripped.lower():
            return said.lower()
    return None


def _weights_signal(record: ModelRecord, bases: Sequence[str] = ()) -> RelationSignal | None:
    files = record.files or ()
    formats = set(weight_formats(record.files) or ())
    for name in files:
        if name.lower().endswith((".gguf", ".ggml")):
            label = "GGUF" if name.lower().endswith(".gguf") else "GGML"
            return RelationSignal("quantized", f"{label} weight files ({name})", f"file:{name}", name)
    for name in files:
        base = _basename(name)
        if base in ("quantize_config.json", "quant_config.json", "measurement.json"):
            label = {"quantize_config.json": "GPTQ", "quant_config.json": "AWQ", "measurement.json": "EXL2"}[base]
            return RelationSignal("quantized", f"{label} quantization file ({name})", f"file:{name}", name)
    if formats and formats <= {"onnx"}:
        onnx = next(f for f in files if f.lower().endswith(".onnx"))
        return RelationSignal("quantized", f"the only weights are ONNX ({onnx})",
                              f"file:{onnx}", onnx)
    config = record.config if isinstance(record.config, Mapping) else {}
    qc = config.get("quantization_config")
    if qc:
        method = qc.get("quant_method") if isinstance(qc, Mapping) else None
        shown = f" ({method})" if isinstance(method, str) and method else ""
        return RelationSignal("quantized", f"quantization_config{shown} in config.json",
                              "config.json:quantization_config", method if isinstance(method, str) else None)
    if isinstance(config.get("quantization"), Mapping):  # what mlx_lm.convert writes
        return RelationSignal("quantized", "an MLX quantization (config.json `quantization`)",
                              "config.json:quantization", None)
    by = record.card.get("quantized_by")
    if isinstance(by, str) and by.strip():
        return RelationSignal("quantized", f"the card's quantized_by ({by.strip()[:80]})",
                              "README.md#front-matter.quantized_by", by.strip()[:80])
    tags, card_tags = _tags(record)
    quant_tags = sorted(t for t in tags if _squashed(t) in _QUANT_SQUASHED)
    if tags & ADAPTER_TAGS or (record.library or "").lower() == "peft":
        # QLoRA's training recipe, not a quantization
        quant_tags = [t for t in quant_tags if _squashed(t) not in _QLORA_SQUASHED]
    if quant_tags:
        tag = quant_tags[0]
        return RelationSignal("quantized", f"tag {tag!r}", _tag_location(tag, card_tags), tag)
    library = (record.library or "").lower()
    if library in QUANT_LIBRARIES:
        return RelationSignal("quantized", f"library_name {library}", "README.md#front-matter.library_name", library)
    if library in WEB_ONNX_LIBRARIES:  # the repository packages ONNX weights for the browser runtime
        return RelationSignal("quantized", f"library_name {library} (ONNX weights)",
                              "README.md#front-matter.library_name", library)
    return _name_signal(record, formats, bases)


def _name_signal(record: ModelRecord, formats: set[str], bases: Sequence[str]) -> RelationSignal | None:
    """A quantization or format marker in the repository's name, unless the listed weights or a base's own name
    explain it."""
    name = record.id.rsplit("/", 1)[-1]
    for pattern, label, contradicting in _NAME_SIGNALS:
        match = pattern.search(name)
        if not match:
            continue
        if record.files is not None and formats and formats <= contradicting:
            continue  # the weights listed are not what the name says (a "-GGUF" repo of safetensors)
        if any(pattern.search(base.rsplit("/", 1)[-1]) for base in bases):
            continue  # the base's own name carries the marker: the name was copied from it
        known = "the file list is unknown" if record.files is None else (
            "no weight files are listed" if not formats else f"weights: {', '.join(sorted(formats))}")
        return RelationSignal("quantized", f"repository name {name!r} ({match.group(0).strip('-_.')!r}: {label}); "
                              f"{known}", "name", name)
    return None


def adapter_signal(record: ModelRecord) -> RelationSignal | None:
    """Evidence that the repository is an adapter (PEFT LoRA and the like) that runs on its base."""
    if record.adapter_config is not None:
        ev = record.provenance.get("adapter_config")
        return RelationSignal("adapter", "adapter_config.json", ev.location if ev else "file:adapter_config.json",
                              str(record.adapter_config.get("peft_type") or "") or None)
    for name in record.files or ():
        if _basename(name) == "adapter_config.json":
            return RelationSignal("adapter", "adapter_config.json", f"file:{name}", name)
    if (record.library or "").lower() == "peft":
        return RelationSignal("adapter", "library_name peft", "README.md#front-matter.library_name", "peft")
    tags, card_tags = _tags(record)
    adapter_tags = sorted(tags & ADAPTER_TAGS)
    if adapter_tags:
        tag = adapter_tags[0]
        merged = lora_merged(record)
        if merged is not None:  # a tag says how it was trained; the card says the weights are now full ones
            line, phrase = merged
            return RelationSignal("finetune", f"tag {tag!r}, but the card says the LoRA was merged into its base "
                                  f"({phrase!r})", f"README.md#L{line}", phrase)
        return RelationSignal("adapter", f"tag {tag!r}", _tag_location(tag, card_tags), tag)
    return _adapter_stated(record)


def _adapter_stated(record: ModelRecord) -> RelationSignal | None:
    """The card's sentence saying this model is a LoRA adapter (auditor/card_adapter.py), when no file, library or
    tag says what the repository is; a card saying the LoRA was merged into its base makes it a finetune."""
    stated = next((st for st in record.card_statements if st.get("kind") == ADAPTER_STATED), None)
    if stated is None or not isinstance(stated.get("as_written"), str) or lora_merged(record) is not None \
            or _full_weights(record):
        return None
    line = stated.get("line")
    return RelationSignal("adapter", f"the card says it is an adapter ({stated['as_written']!r})",
                          f"README.md#L{line if isinstance(line, int) else 0}", str(stated["as_written"]))


# "lora" (or "qlora") as a word of the repository's name: "cordel-flux-lora", "FLUX.1-dev-LoRA-add-details",
# "tinyllama_financial_lora"; not inside another word ("LorablatedStock", "Explorador")
_LORA_NAME = re.compile(r"(?:^|[-_.])q?lora(?:$|[-_.\d])", re.IGNORECASE)
# a name that says the LoRA's weights were folded into a full model, or that it is a merge of several ("-lora-merged",
# "-lora-fused", "huatuo-lora-stock", a model_stock merge of LoRA-trained models)
_FOLDED_NAME = re.compile(r"merged?|fused?|full|stock|slerp|ties|dare", re.IGNORECASE)


def lora_name_signal(record: ModelRecord, bases: Sequence[str]) -> RelationSignal | None:
    """A LoRA said so by its repository's name alone, for a model of one base that no file, library, tag, sentence or
    merge says anything else of (graph.py asks after those): a Flux LoRA card written with no front matter ("Cordel
    Flux Lora", brenomendes/cordel-flux-lora, lineage pass 24) names its base in prose, and without this it was a
    finetune of it. Not for a name that says the weights were merged or fused, a repository listing a full model's
    weights, or a card saying the LoRA was merged into its base."""
    name = record.id.rsplit("/", 1)[-1]
    if len(set(bases)) != 1 or not _LORA_NAME.search(name) or _FOLDED_NAME.search(name) \
            or _full_weights(record) or lora_merged(record) is not None:
        return None
    return RelationSignal("adapter", f"repository name {name!r} says LoRA; no other signal", "name", name)


# a full model's weight file (`model.safetensors`, `model-00001-of-00004.safetensors`, `pytorch_model.bin`, sharded or
# not), which an adapter does not ship: beside it a sentence calling the model an adapter is contradicted (review 25)
_FULL_WEIGHTS = lazy_compile(r"(?:^|/)(?:model|pytorch_model)(?:-\d{5}-of-\d{5})?\.(?:safetensors|bin)$")


def _full_weights(record: ModelRecord) -> bool:
    """Whether the repository ships a full model's weights (see _FULL_WEIGHTS); False when its files are unknown."""
    return any(_FULL_WEIGHTS.search(str(f)) for f in record.files or ())


def lora_merged(record: ModelRecord) -> tuple[int, str] | None:
    """(README line, phrase) where the card says its LoRA was merged into its base (auditor/card.py "lora-merged")."""
    for st in record.card_statements:
        if st.get("kind") == "lora-merged" and isinstance(st.get("as_written"), str):
            line = st.get("line")
            return (line if isinstance(line, int) else 0), str(st["as_written"])
    return None


def merge_signal(record: ModelRecord, bases: list[str]) -> RelationSignal | None:
    """Evidence of a merge: a mergekit config, merge tags with a base, or several distinct bases."""
    for name in record.files or ():
        if _basename(name) in MERGEKIT_FILES:
            return RelationSignal("merge", f"mergekit configuration ({name})", f"file:{name}", name)
    if record.mergekit_config is not None:
        ev = record.provenance.get("mergekit_config")
        where = ev.location if ev else "mergekit_config.yml"
        return RelationSignal("merge", f"mergekit configuration ({where.removeprefix('file:')})", where, None)
    tags, card_tags = _tags(record)
    merge_tags = sorted(tags & MERGE_TAGS, key=lambda t: (t != "mergekit", t))  # the tool's own name first
    if merge_tags and bases and not _tuned_from_one(record, bases):
        tag = merge_tags[0]
        return RelationSignal("merge", f"tag {tag!r}", _tag_location(tag, card_tags), tag)
    if len(bases) > 1:
        distinct = {b.strip().lower() for b in bases}
        why = "several base models" if len(distinct) > 1 else f"the same base listed {len(bases)} times"
        return RelationSignal("merge", why, "README.md#front-matter.base_model", None)
    return None


def _tuned_from_one(record: ModelRecord, bases: list[str]) -> bool:
    """Whether merge tags describe the base rather than this model: one base, which the prose says this model is a
    fine-tune of ("NeuralBeagle14-7B is a DPO fine-tune of [mlabonne/Beagle14-7B](url)" beside LazyMergekit's
    `merge`/`mergekit` tags and a list of the models Beagle14 was merged from, lineage pass 30), and no prose saying
    this model is a merge. Several bases, or a merge sentence, keep the tags' word."""
    if len({b.strip().lower() for b in bases}) != 1:
        return False
    statements = record.card_statements
    if any(st.get("kind") == "merge-declared" for st in statements):
        return False
    base = bases[0].strip().lower()
    return any(st.get("kind") == "base-stated" and str(st.get("as_written") or "").strip().lower() == base
               and FINETUNED_VERSION_ROLE in (st.get("roles") or ()) for st in statements)


FINETUNE = RelationSignal("finetune", "no quantization, adapter or merge signal", "none", None)
