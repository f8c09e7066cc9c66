"""Command lines and scripts inside YAML (CI `run:` steps, GitLab `script:`, docker compose `command:` /
`environment:`) are read as shell (auditor/scan/shell.py), each reference at its own line and column; Kubernetes
`env: [{name: MODEL_ID, value: org/x}]` entries by their name. Other keys' command-like strings are not read."""

from __future__ import annotations

import textwrap

from auditor.scan import scan_file


def _refs(text: str, name: str = "ci.yml") -> list[tuple[int, int, str, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(text).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.column, r.id, r.kind, r.snippet) for r in refs)


def test_github_actions_run_block() -> None:
    text = """
        jobs:
          eval:
            steps:
              - name: fetch acme-ai/not-a-command
                run: |
                  huggingface-cli download Qwen/Qwen2-0.5B --local-dir models
                  # hf download acme-ai/commented
                  python eval.py \\
                    --model_name_or_path meta-llama/Llama-3.2-1B \\
                    --output_dir acme-ai/target
              - run: hf upload acme-ai/pushed ./out
        """
    assert _refs(text, ".github/workflows/eval.yml") == [
        (6, 36, "Qwen/Qwen2-0.5B", "model", "huggingface-cli download Qwen/Qwen2-0.5B --local-dir models"),
        (9, 34, "meta-llama/Llama-3.2-1B", "model", "--model_name_or_path meta-llama/Llama-3.2-1B \\"),
    ]


def test_compose_command_and_environment() -> None:
    text = """
        services:
          tgi:
            image: ghcr.io/huggingface/text-generation-inference:2.0
            command: --model-id tiiuae/falcon-7b-instruct --num-shard 1
            environment:
              - EMBED_MODEL=BAAI/bge-small-en-v1.5
              - HF_HOME=/data/hf
          app:
            image: acme-ai/app
            command: "vllm serve Qwen/Qwen2.5-7B-Instruct"
        """
    assert _refs(text, "docker-compose.yml") == [
        (4, 25, "tiiuae/falcon-7b-instruct", "model", "command: --model-id tiiuae/falcon-7b-instruct --num-shard 1"),
        (6, 21, "BAAI/bge-small-en-v1.5", "model", "- EMBED_MODEL=BAAI/bge-small-en-v1.5"),
        (10, 26, "Qwen/Qwen2.5-7B-Instruct", "model", 'command: "vllm serve Qwen/Qwen2.5-7B-Instruct"'),
    ]


def test_gitlab_script_list_and_kubernetes_env() -> None:
    text = """
        test:
          script:
            - pip install -r requirements.txt
            - python run.py --model mistralai/Mistral-7B-v0.1
        spec:
          containers:
            - env:
                - name: MODEL_ID
                  value: google/gemma-2-2b-it
                - name: IMAGE
                  value: acme-ai/image
        """
    assert _refs(text) == [
        (4, 29, "mistralai/Mistral-7B-v0.1", "model", "- python run.py --model mistralai/Mistral-7B-v0.1"),
        (9, 18, "google/gemma-2-2b-it", "model", "value: google/gemma-2-2b-it"),
    ]


def test_other_keys_are_not_read_as_commands() -> None:
    text = """
        description: run vllm serve acme-ai/described --model acme-ai/also
        image: acme-ai/app
        steps:
          - uses: actions/checkout@v4
          - run: docker pull vllm/vllm-openai:latest && git clone https://github.com/acme-ai/repo
        """
    assert _refs(text) == []


def test_hub_address_as_a_config_value() -> None:
    text = """
        model: https://huggingface.co/acme-ai/tiny/blob/main/model.safetensors
        backbone: hf-hub:timm/resnet50.a1_in1k
        homepage: https://huggingface.co/acme-ai/page
        """
    assert [(r[0], r[2], r[3]) for r in _refs(text, "config.yaml")] == [
        (1, "acme-ai/tiny", "model"), (2, "timm/resnet50.a1_in1k", "model"),
    ]
