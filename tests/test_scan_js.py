"""JavaScript and TypeScript (auditor/scan/js.py): transformers.js loaders, @huggingface/inference and
@huggingface/hub calls, constants, object keys and environment defaults whose name says model or dataset; import
specifiers, paths, GitHub repositories, page links, remote chat APIs and comments are not references."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from auditor.scan import is_scanned, scan_file, scan_repository
from auditor.scan.cache import kind_of


def _refs(text: str, name: str = "app.js") -> list[tuple[int, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(text).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind) for r in refs)


@pytest.mark.parametrize(("text", "expected"), [
    ("const c = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');\n",
     [(1, "Xenova/distilbert-base-uncased-finetuned-sst-2-english", "model")]),
    ('const e = await pipeline("feature-extraction", "Xenova/all-MiniLM-L6-v2", { quantized: true });\n',
     [(1, "Xenova/all-MiniLM-L6-v2", "model")]),
    ("const m = await AutoModel.from_pretrained('Xenova/bert-base-uncased');\n",
     [(1, "Xenova/bert-base-uncased", "model")]),
    ("const t = await AutoTokenizer.from_pretrained(`onnx-community/Qwen2.5-0.5B-Instruct`);\n",
     [(1, "onnx-community/Qwen2.5-0.5B-Instruct", "model")]),
    ("const out = await hf.textGeneration({\n  model: 'mistralai/Mistral-7B-Instruct-v0.2',\n  inputs: 'hi',\n});\n",
     [(2, "mistralai/Mistral-7B-Instruct-v0.2", "model")]),
    ('export const EMBED_MODEL = "BAAI/bge-small-en-v1.5";\n', [(1, "BAAI/bge-small-en-v1.5", "model")]),
    ('const modelName: string = "acme-ai/typed-const";\n', [(1, "acme-ai/typed-const", "model")]),
    ('const id = process.env.MODEL_ID ?? "meta-llama/Llama-3.2-1B-Instruct";\n',
     [(1, "meta-llama/Llama-3.2-1B-Instruct", "model")]),
    ('const cfg = { "model_name": "Qwen/Qwen2-0.5B", dataset: "tatsu-lab/alpaca", output_dir: "acme-ai/out" };\n',
     [(1, "Qwen/Qwen2-0.5B", "model"), (1, "tatsu-lab/alpaca", "dataset")]),
    ('const MODEL_FILE = "https://huggingface.co/onnx-community/whisper-tiny/resolve/main/onnx/encoder.onnx";\n',
     [(1, "onnx-community/whisper-tiny", "model")]),
    ('import { downloadFile } from "@huggingface/hub";\n'
     'const blob = await downloadFile({ repo: "acme-ai/tiny-model", path: "config.json" });\n',
     [(2, "acme-ai/tiny-model", "model")]),
])
def test_found(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert _refs(text) == expected
    assert _refs(text, "src/app.tsx") == expected


@pytest.mark.parametrize("text", [
    "import { pipeline } from '@huggingface/transformers';\nimport x from \"lodash/merge\";\n",
    "// const old = await pipeline('sentiment-analysis', 'Xenova/commented-out');\n",
    "/* model: 'acme-ai/commented' */\n",
    'const link = "https://huggingface.co/acme-ai/page-link";\n',
    'const repo = "hiyouga/LLaMA-Factory";\nconst p = "src/components/Button.tsx";\n',
    'const img = "ghcr.io/acme/app:latest";\nconst r = require("acme-ai/helpers");\n',
    'const r = await openai.chat.completions.create({ model: "meta-llama/Llama-3-70b-chat-hf", messages });\n',
    'const client = new OpenAI({ baseURL: "https://router.example/v1", model: "acme-ai/remote" });\n',
    'const repo = { owner: "acme-ai", repo: "acme-ai/code" };\n',
    'const cfg = { model: "openai/gpt-4o", outputModel: "acme-ai/target" };\n',
    'if (model === "acme-ai/compared") { }\n',
])
def test_not_references(text: str) -> None:
    assert _refs(text) == []


def test_template_literals_with_substitutions_do_not_swallow_the_code_after_them() -> None:
    text = "const s = `a ${b} c`;\nconst m = AutoModel.from_pretrained('acme-ai/one');\nconst t = `x ${y}`;\n" * 3
    assert _refs(text) == [(2, "acme-ai/one", "model"), (5, "acme-ai/one", "model"), (8, "acme-ai/one", "model")]
    assert _refs("const m = AutoModel.from_pretrained(`${ORG}/tiny`);\n") == []


def test_position_and_snippet() -> None:
    code = b"const a = 1;\nconst m = await AutoModel.from_pretrained('Xenova/bert-base-uncased');\n"
    refs, _ = scan_file("app.js", code)
    (ref,) = refs
    assert (ref.line, ref.column, ref.end_column, ref.how) == (2, 43, 69, "from_pretrained")
    assert ref.snippet == "const m = await AutoModel.from_pretrained('Xenova/bert-base-uncased');"


@pytest.mark.parametrize(("name", "scanned"), [
    ("src/app.js", True), ("web/index.tsx", True), ("lib/x.mjs", True), ("a.ts", True), ("static/app.min.js", False),
    ("types/index.d.ts", False), ("dist/bundle.js", False), ("web/vendor/lib.js", False), ("app.json5", False),
])
def test_which_files(name: str, scanned: bool) -> None:
    assert is_scanned(name) is scanned
    assert (kind_of(name) is not None) is scanned


def test_node_modules_and_bundles_are_not_read(tmp_path: Path) -> None:
    line = b"const m = await AutoModel.from_pretrained('Xenova/bert-base-uncased');\n"
    for rel in ("node_modules/pkg/index.js", "dist/app.js", "app.min.js", "src/app.js"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(line)
    assert [r.file for r in scan_repository(tmp_path).references] == ["src/app.js"]
