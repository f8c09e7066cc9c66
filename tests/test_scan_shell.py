"""Shell scripts, Dockerfiles, Makefiles and .env files (auditor/scan/shell.py): the commands and variables that
download or serve a Hub repository, and the org/name strings that are not references (images, GitHub repositories,
paths, push targets, hosted-API model names, comments)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from auditor.scan import is_scanned, scan_file, scan_repository
from auditor.scan.cache import ScanCache, kind_of

SHA = "0123456789abcdef0123456789abcdef01234567"


def _refs(text: str, name: str = "run.sh") -> list[tuple[int, str, str, str | None]]:
    refs, problems = scan_file(name, textwrap.dedent(text).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind, r.revision) for r in refs)


@pytest.mark.parametrize(("text", "expected"), [
    ("huggingface-cli download TheBloke/Mistral-7B-Instruct-v0.2-GGUF x.Q4_K_M.gguf --local-dir models\n",
     [(1, "TheBloke/Mistral-7B-Instruct-v0.2-GGUF", "model", None)]),
    ("hf download --repo-type dataset HuggingFaceH4/ultrachat_200k\n",
     [(1, "HuggingFaceH4/ultrachat_200k", "dataset", None)]),
    (f"huggingface-cli download meta-llama/Llama-3.2-1B --revision {SHA}\n",
     [(1, "meta-llama/Llama-3.2-1B", "model", SHA)]),
    ("vllm serve Qwen/Qwen2.5-7B-Instruct --served-model-name qwen/chat --port 8000\n",
     [(1, "Qwen/Qwen2.5-7B-Instruct", "model", None)]),
    ("python -m vllm.entrypoints.openai.api_server \\\n    --model mistralai/Mistral-7B-Instruct-v0.3 \\\n"
     "    --tokenizer=hf-internal-testing/llama-tokenizer\n",
     [(2, "mistralai/Mistral-7B-Instruct-v0.3", "model", None), (3, "hf-internal-testing/llama-tokenizer", "model",
                                                                  None)]),
    ("text-generation-launcher --model-id tiiuae/falcon-7b-instruct --port 80\n",
     [(1, "tiiuae/falcon-7b-instruct", "model", None)]),
    ("llama-server -hf ggml-org/gemma-3-1b-it-GGUF:Q4_K_M\n", [(1, "ggml-org/gemma-3-1b-it-GGUF", "model", None)]),
    ("ollama pull hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M\n",
     [(1, "bartowski/Llama-3.2-1B-Instruct-GGUF", "model", None)]),
    ("MODEL=${MODEL:-google/gemma-2-2b-it}\n", [(1, "google/gemma-2-2b-it", "model", None)]),
    ('export EMBED_MODEL="BAAI/bge-small-en-v1.5"\n', [(1, "BAAI/bge-small-en-v1.5", "model", None)]),
    ("python train.py --model_name_or_path gpt2 --dataset_name tatsu-lab/alpaca; echo done\n",
     [(1, "gpt2", "model", None), (1, "tatsu-lab/alpaca", "dataset", None)]),
    ("lm_eval --model hf --model_args pretrained=EleutherAI/pythia-160m,dtype=float32 --tasks hellaswag\n",
     [(1, "EleutherAI/pythia-160m", "model", None)]),
    ("python train.py --model_name_or_path gpt2 --do_train\n", [(1, "gpt2", "model", None)]),
    ("python train.py model.name_or_path=Qwen/Qwen2-0.5B +data=tatsu-lab/alpaca trainer.max_steps=10\n",
     [(1, "Qwen/Qwen2-0.5B", "model", None), (1, "tatsu-lab/alpaca", "dataset", None)]),
    ("git clone https://huggingface.co/openai-community/gpt2\n", [(1, "openai-community/gpt2", "model", None)]),
    ("git lfs clone https://huggingface.co/datasets/tatsu-lab/alpaca\n", [(1, "tatsu-lab/alpaca", "dataset", None)]),
    ("DATA_FILE=https://huggingface.co/datasets/tatsu-lab/alpaca/resolve/main/alpaca_data.json\n",
     [(1, "tatsu-lab/alpaca", "dataset", None)]),
])
def test_shell_found(text: str, expected: list[tuple[int, str, str, str | None]]) -> None:
    assert _refs(text) == expected


@pytest.mark.parametrize("text", [
    "# huggingface-cli download acme-ai/commented\n",
    "huggingface-cli upload acme-ai/my-finetune ./out\n",
    "hf repo create acme-ai/new-model\n",
    "git remote add hub https://huggingface.co/acme-ai/pushed\n",
    "OUTPUT_MODEL=acme-ai/out-model\nHUB_MODEL_ID=acme-ai/pushed\n",
    "python train.py --output_dir saves/llama3/lora --hub_model_id acme-ai/target --push_to_hub_model_id acme-ai/t2\n",
    "docker run ghcr.io/huggingface/text-generation-inference:2.0 --model-id $model\n",
    "docker pull vllm/vllm-openai:latest\n",
    "git clone https://github.com/hiyouga/LLaMA-Factory.git && cd LLaMA-Factory\n",
    "npm install @huggingface/transformers\n",
    "python app.py --model openai/gpt-4o --config_path configs/a.yaml\n",
    "python app.py --model ./models/llama --data data/train.json\n",
    "ollama run llama3:8b\n",
    "cp acme-ai/file.txt other/place.txt\n",
    "echo acme-ai/tiny\n",
    'echo "see https://huggingface.co/acme-ai/tiny"\n',
    "git clone https://github.com/acme-ai/tiny\n",
    "vllm serve $MODEL --served-model-name acme-ai/alias\n",
])
def test_shell_not_references(text: str) -> None:
    assert _refs(text) == []


def test_dockerfile() -> None:
    text = """
        FROM ghcr.io/huggingface/text-generation-inference:latest
        ARG MODEL_ID=tiiuae/falcon-7b-instruct
        ENV EMBEDDING_MODEL sentence-transformers/all-MiniLM-L6-v2
        RUN pip install huggingface_hub && \\
            huggingface-cli download Qwen/Qwen2-0.5B --local-dir /models
        COPY acme-ai/app /app
        CMD ["--model-id", "HuggingFaceH4/zephyr-7b-beta", "--port", "80"]
        """
    assert _refs(text, "docker/Dockerfile.gpu") == [
        (2, "tiiuae/falcon-7b-instruct", "model", None),
        (3, "sentence-transformers/all-MiniLM-L6-v2", "model", None),
        (5, "Qwen/Qwen2-0.5B", "model", None),
        (7, "HuggingFaceH4/zephyr-7b-beta", "model", None),
    ]


def test_env_file() -> None:
    text = """
        # MODEL_ID=acme-ai/commented
        MODEL_ID=meta-llama/Meta-Llama-3-8B-Instruct
        EMBED_MODEL="BAAI/bge-small-en-v1.5"
        LLM_MODEL=ollama/llama3
        OPENAI_MODEL=openai/gpt-4o-mini
        DATA_DIR=data/raw
        REPO=acme-ai/some-code
        """
    assert _refs(text, ".env.example") == [
        (2, "meta-llama/Meta-Llama-3-8B-Instruct", "model", None),
        (3, "BAAI/bge-small-en-v1.5", "model", None),
    ]


def test_makefile() -> None:
    text = "MODEL ?= microsoft/phi-2\nIMAGE := acme-ai/server\nserve:\n\tvllm serve $(MODEL) --tokenizer acme-ai/tok\n"
    assert _refs(text, "Makefile") == [(1, "microsoft/phi-2", "model", None), (4, "acme-ai/tok", "model", None)]


def test_positions_point_at_the_value() -> None:
    refs, _ = scan_file("run.sh", b'x=1\n  --tokenizer="acme-ai/tok" \\\nexport EMBED_MODEL=acme-ai/emb\n')
    got = sorted((r.line, r.column, r.end_column, r.snippet, r.how) for r in refs)
    assert got == [
        (2, 15, 28, '--tokenizer="acme-ai/tok" \\', "command option --tokenizer"),
        (3, 20, 31, "export EMBED_MODEL=acme-ai/emb", "variable EMBED_MODEL"),
    ]


@pytest.mark.parametrize(("name", "scanned"), [
    ("scripts/train.sh", True), ("Dockerfile", True), ("docker/Dockerfile.cuda", True), ("app.dockerfile", True),
    (".env", True), (".env.local", True), ("prod.env", True), ("Makefile", True), ("rules.mk", True),
    ("job.slurm", True), ("NOTES.md", False), ("environment.txt", False), ("dockerfiles.txt", False),
])
def test_which_files(name: str, scanned: bool) -> None:
    assert is_scanned(name) is scanned
    assert (kind_of(name) is not None) is scanned


def test_kinds_are_cached_apart_and_a_cached_scan_is_the_same(tmp_path: Path) -> None:
    same = b"MODEL_ID=acme-ai/tiny\n"
    assert len({kind_of(n) for n in ("a.sh", "Dockerfile", "Makefile", ".env", "a.py", "a.yaml")}) == 6
    (tmp_path / "run.sh").write_bytes(same)
    (tmp_path / ".env").write_bytes(same)
    (tmp_path / "Dockerfile").write_bytes(b"ENV MODEL_ID acme-ai/tiny\n")
    plain = scan_repository(tmp_path)
    cold = scan_repository(tmp_path, cache=ScanCache(tmp_path))
    warm = scan_repository(tmp_path, cache=ScanCache(tmp_path))
    assert plain == cold == warm
    assert sorted(r.file for r in plain.references) == [".env", "Dockerfile", "run.sh"]
