"""One test per class of code shape that names a model or dataset (issue 13), on small synthetic snippets."""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path

import pytest
import yaml

from auditor.resources import rules_dir
from auditor.scan import scan_file, scan_repository
from auditor.scan.vocab import VOCABULARY_FILE, split_words, vocabulary


def _refs(code: str, name: str = "app.py") -> list[tuple[int, str, str]]:
    refs, problems = scan_file(name, textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id, r.kind) for r in refs)


def test_dict_literals_and_keyword_arguments_with_model_keys_for_any_callable() -> None:
    assert _refs("""
        args = get_infer_args({"model_name_or_path": "Qwen/Qwen2-VL-2B-Instruct", "template": "qwen2_vl"})
        m = ModelArguments(model="llamafactory/tiny-random-qwen3")
        d = DataArguments(train_dataset="llamafactory/v1-sft-demo")
        cfg = dict(base_model="meta-llama/Llama-3.1-8B", output_dir="me/out")
        g = build(tokenizer_id="mistralai/Mixtral-8x7B-Instruct-v0.1", note="not/a-key")
        """) == [
        (1, "Qwen/Qwen2-VL-2B-Instruct", "model"),
        (2, "llamafactory/tiny-random-qwen3", "model"),
        (3, "llamafactory/v1-sft-demo", "dataset"),
        (4, "meta-llama/Llama-3.1-8B", "model"),
        (5, "mistralai/Mixtral-8x7B-Instruct-v0.1", "model"),
    ]


def test_argparse_click_and_typer_defaults_of_model_options() -> None:
    assert _refs("""
        import argparse, click, typer
        parser = argparse.ArgumentParser()
        parser.add_argument("--model-path", type=str, default="lmsys/vicuna-7b-v1.5")
        parser.add_argument("--base-model", default="meta-llama/Llama-2-7b-hf")
        parser.add_argument("--model", type=str, default="all-mpnet-base-v2")
        parser.add_argument("--output-dir", default="lmsys/not-a-model")
        args = parser.parse_args()
        SentenceTransformer(args.model)

        @click.command()
        @click.option("--model-name", default="google/flan-t5-base")
        def main(model_name): ...

        def cli(model_id: str = typer.Option("Qwen/Qwen2.5-0.5B", "--model-id")): ...
        """) == [
        (3, "lmsys/vicuna-7b-v1.5", "model"),
        (4, "meta-llama/Llama-2-7b-hf", "model"),
        (5, "sentence-transformers/all-mpnet-base-v2", "model"),
        (11, "google/flan-t5-base", "model"),
        (14, "Qwen/Qwen2.5-0.5B", "model"),
    ]


def test_conditional_or_getenv_and_get_defaults() -> None:
    assert _refs("""
        import os
        from transformers import AutoModel
        AutoModel.from_pretrained("org1/small" if debug else "org1/large")
        AutoModel.from_pretrained(user_choice or "org2/fallback")
        TINY = os.getenv("TINY_LLAMA", "llamafactory/tiny-random-Llama-3")
        AutoModel.from_pretrained(TINY)
        AutoModel.from_pretrained(config.get("model", "org3/from-get"))
        AutoModel.from_pretrained(os.environ.get("M", default="org4/kw-default"))
        """) == [
        (3, "org1/large", "model"),
        (3, "org1/small", "model"),
        (4, "org2/fallback", "model"),
        (5, "llamafactory/tiny-random-Llama-3", "model"),
        (7, "org3/from-get", "model"),
        (8, "org4/kw-default", "model"),
    ]


def test_a_name_holds_its_last_assignment_before_the_use_in_the_same_scope() -> None:
    refs, _ = scan_file("nb.py", textwrap.dedent("""
        from transformers import AutoModel
        repo = "org1/first"
        AutoModel.from_pretrained(repo)
        repo = "org1/second"
        AutoModel.from_pretrained(repo)

        def later():
            return AutoModel.from_pretrained(repo)
        """).lstrip("\n").encode())
    # One reference per literal: the use inside later() resolves to the same line-4 literal (reported once).
    assert [(r.id, r.line, r.via_line) for r in refs] == [("org1/first", 2, 3), ("org1/second", 4, 5)]
    source = b"def f():\n    return AutoModel.from_pretrained(R)\n\nR = 'org1/defined-after'\n"
    inner, _ = scan_file("f.py", source)
    assert [(r.id, r.line) for r in inner] == [("org1/defined-after", 4)]  # a function runs after the module
    # A loop over a literal list of tuples: each element is what the loop variable holds.
    assert _refs("""
        models = [("liuhaotian/llava-v1.5-7b", "sglang_worker"), ("lmsys/vicuna-7b-v1.5", "model_worker")]
        for i, (path, worker) in enumerate(models):
            launch(f"python -m {worker}", model_path=path)
        """) == [(1, "liuhaotian/llava-v1.5-7b", "model"), (1, "lmsys/vicuna-7b-v1.5", "model")]


@pytest.mark.parametrize(("call", "expected"), [
    ('HuggingFaceEmbeddings(model_name="BAAI/bge-base-en-v1.5")', "BAAI/bge-base-en-v1.5"),
    ('LLM(model="BaSalam/Llama2-7b-entity-attr-v1", gpu_memory_utilization=0.9)', "BaSalam/Llama2-7b-entity-attr-v1"),
    ('InferenceClient("Qwen/Qwen2.5-72B-Instruct")', "Qwen/Qwen2.5-72B-Instruct"),
    ('CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")', "cross-encoder/ms-marco-MiniLM-L-6-v2"),
    ('SetFitModel.from_pretrained("all-MiniLM-L6-v2")', "sentence-transformers/all-MiniLM-L6-v2"),
    ('StaticEmbedding.from_model2vec("minishlab/potion-base-8M")', "minishlab/potion-base-8M"),
    ('SentenceTransformerEmbeddingFunction(model_name="all-MiniLM-L6-v2")', "sentence-transformers/all-MiniLM-L6-v2"),
    ('InferenceClientModel("meta-llama/Llama-3.1-70B-Instruct")', "meta-llama/Llama-3.1-70B-Instruct"),
    ('load_and_register_kernel("kernels-community/vllm-flash-attn3")', "kernels-community/vllm-flash-attn3"),
])  # fmt: skip
def test_wrappers_from_the_data_table(call: str, expected: str) -> None:
    assert [r[1] for r in _refs(call)] == [expected]


def test_the_wrapper_table_is_package_data_that_the_scanner_reads() -> None:
    data = yaml.safe_load((rules_dir() / VOCABULARY_FILE).read_text(encoding="utf-8"))
    calls = {entry["call"] for entry in data["loaders"]}
    assert {"HuggingFaceEmbeddings", "LLM", "InferenceClient", "CrossEncoder"} <= calls
    assert len(vocabulary().loaders) == len(data["loaders"])
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert '"rules" = "auditor/rules"' in pyproject  # rules/ (and this table) ships in the wheel


def test_sentence_transformers_bare_names_resolve_like_the_library() -> None:
    assert _refs("""
        SentenceTransformer("all-MiniLM-L6-v2")
        SentenceTransformer("bert-base-uncased")
        SentenceTransformer("BAAI/bge-small-en-v1.5")
        SentenceTransformer(model_name_or_path="paraphrase-MiniLM-L3-v2")
        """) == [
        (1, "sentence-transformers/all-MiniLM-L6-v2", "model"),
        (2, "bert-base-uncased", "model"),  # a legacy transformers id: the library does not prefix it
        (3, "BAAI/bge-small-en-v1.5", "model"),
        (4, "sentence-transformers/paraphrase-MiniLM-L3-v2", "model"),
    ]


def test_placeholders_save_folders_and_push_targets_are_not_references() -> None:
    assert _refs("""
        from transformers import AutoModel
        AutoModel.from_pretrained("your-username/my-model")
        AutoModel.from_pretrained("Your_HF_username/peft-lora")
        adapter_model_name = "YOUR_ORG/finetuned"
        model.save_pretrained("acme/checkpoint-dir")
        AutoModel.from_pretrained("acme/checkpoint-dir")
        new_repo = "acme/pushed"
        model_id = "acme/pushed-model"
        model.push_to_hub(model_id)
        api.upload_folder(folder_path=".", repo_id="acme/uploaded")
        args = TrainingArguments(output_dir="acme/out", hub_model_id="acme/hub-target")
        AutoModel.from_pretrained("acme/base")
        """) == [(12, "acme/base", "model")]


def test_pytest_parametrize_values_for_a_model_argument() -> None:
    assert _refs("""
        import pytest

        @pytest.mark.parametrize("model_id", ["hf-internal-testing/tiny-random-gpt2", "org5/other"])
        def test_load(model_id): ...

        @pytest.mark.parametrize(("name", "model_name"), [("a", "org6/x"), pytest.param("b", "org6/y")])
        def test_two(name, model_name): ...
        """) == [
        (3, "hf-internal-testing/tiny-random-gpt2", "model"),
        (3, "org5/other", "model"),
        (6, "org6/x", "model"),
        (6, "org6/y", "model"),
    ]


def test_notebook_shell_continuations_and_pip_inside_blocks_parse() -> None:
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["!pip install -q \\\n", "    transformers \\\n", "    peft\n",
                    "from transformers import AutoModel\n", "AutoModel.from_pretrained('org7/a')\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["if IN_COLAB:\n", "    !pip install datasets\n", "files = !ls\n",
                    "load_dataset('org7/data')\n"]},
    ]  # fmt: skip
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    refs, problems = scan_file("nb.ipynb", text.encode())
    assert problems == []
    assert [(r.id, r.kind, r.cell, r.cell_line) for r in refs] == [
        ("org7/a", "model", 0, 5), ("org7/data", "dataset", 1, 4)]


def test_datasets_the_code_loads_are_references_of_kind_dataset() -> None:
    assert _refs("""
        from datasets import load_dataset
        from huggingface_hub import snapshot_download
        ds = load_dataset("HuggingFaceH4/ultrachat_200k", split="train")
        snapshot_download(repo_id="merve/faiss_embeddings", repo_type="dataset")
        dataset_id = "HuggingFaceM4/ChartQA"
        load_dataset("json", data_files="train.jsonl")
        """) == [
        (3, "HuggingFaceH4/ultrachat_200k", "dataset"),
        (4, "merve/faiss_embeddings", "dataset"),
        (5, "HuggingFaceM4/ChartQA", "dataset"),
    ]
    refs, _ = scan_file("train.yaml", b"model_name_or_path: org8/base\ndataset: org8/data\n")
    assert [(r.id, r.kind) for r in refs] == [("org8/base", "model"), ("org8/data", "dataset")]


def test_remote_apis_registries_asserts_and_metric_names_are_not_references() -> None:
    assert _refs("""
        client.chat.completions.create(model="meta-llama/Llama-3-70b-chat", messages=m)
        completion(model="azure/gpt-4o")
        ENDPOINT = {"model_name": "org9/served", "api_base": "http://localhost:8000"}
        query(model=ENDPOINT["model_name"])
        register_model_group(models={"Llama": {Source.DEFAULT: "org9/registered"}})
        assert args.model == "org9/asserted"
        metrics["rewards/chosen"] = 1.0
        tz = timezone("US/Pacific")
        """) == []


def test_references_under_tests_and_examples_are_labelled_with_their_scope(tmp_path: Path) -> None:
    code = 'AutoModel.from_pretrained("org10/m")\n'
    for rel in ("src/app.py", "tests/unit/test_x.py", "examples/demo.py", "conftest.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(code)
    scopes = {r.file: r.scope for r in scan_repository(tmp_path).references}
    assert scopes == {"src/app.py": "main", "tests/unit/test_x.py": "tests", "examples/demo.py": "examples",
                      "conftest.py": "tests"}
    assert scan_repository(tmp_path).references[0].to_dict()["scope"] in ("main", "tests", "examples")


def test_files_that_cannot_hold_a_reference_are_never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = ast.parse

    def counting(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    # "model" as a word, a path and a metric name: nothing a Hub id could be.
    assert _refs('model = build_model()\npath = "data/train.json"\nx = "a b/c"\n') == []
    assert parsed == []
    assert _refs('m = AutoModel.from_pretrained("org11/m")\n') == [(1, "org11/m", "model")]
    assert len(parsed) == 1


def test_identifier_words() -> None:
    assert split_words("EMBEDDING_MODEL_NAME") == ("embedding", "model", "name")
    assert split_words("tokenizerPath") == ("tokenizer", "path")
    v = vocabulary()
    assert v.name_kind("--model-path") == "model" and v.name_kind("dataset_id") == "dataset"
    assert v.name_kind("output_model_name") is None and v.name_kind("hub_model_id") is None


def test_training_config_keys_by_vocabulary_and_entries_of_dataset_lists() -> None:
    yaml_text = textwrap.dedent("""
        reward_model: OpenAssistant/reward-model-deberta-v3-large-v2
        teacher_model_name_or_path: Qwen/Qwen2.5-7B-Instruct
        hub_model_id: me/pushed
        output_model: me/also-pushed
        datasets:
          - path: mhenrichsen/alpaca_2k_test
            type: alpaca
        test_datasets:
          - {path: tatsu-lab/alpaca_eval, split: eval}
        """).lstrip("\n")
    refs, problems = scan_file("axolotl.yaml", yaml_text.encode())
    assert problems == []
    assert [(r.line, r.id, r.kind) for r in refs] == [
        (1, "OpenAssistant/reward-model-deberta-v3-large-v2", "model"),
        (2, "Qwen/Qwen2.5-7B-Instruct", "model"),
        (6, "mhenrichsen/alpaca_2k_test", "dataset"),
        (9, "tatsu-lab/alpaca_eval", "dataset"),
    ]
    refs, _ = scan_file("eval.json", b'{"judge_model": "org12/judge", "dataset_names": ["org12/a", "org12/b"]}')
    assert [(r.id, r.kind) for r in refs] == [("org12/judge", "model"), ("org12/a", "dataset"),
                                              ("org12/b", "dataset")]


def test_class_attributes_and_getters_that_return_the_id() -> None:
    assert _refs("""
        from huggingface_hub import hf_hub_download
        from transformers import CLIPVisionModel

        class Base:
            CLIP_REPO = "openai/clip-vit-large-patch14"

            def load(self):
                CLIPVisionModel.from_pretrained(Base.CLIP_REPO)
                return hf_hub_download(self.projector_repo(), "mm_projector.bin")

            def projector_repo(self) -> str:
                return "liuhaotian/LLaVA-13b-delta-v0"

        class Small(Base):
            def projector_repo(self) -> str:
                \"\"\"The 7B projector.\"\"\"
                return "liuhaotian/LLaVA-7b-delta-v0"
        """) == [
        (5, "openai/clip-vit-large-patch14", "model"),
        (12, "liuhaotian/LLaVA-13b-delta-v0", "model"),
        (17, "liuhaotian/LLaVA-7b-delta-v0", "model"),
    ]


def test_loop_over_a_literal_list_under_a_model_name_and_api_request_bodies() -> None:
    assert _refs("""
        for model_id in ["org13/a", "org13/b"]:
            evaluate(model_id)
        payload = {"model": "org13/served", "messages": [{"role": "user", "content": "hi"}]}
        """) == [(1, "org13/a", "model"), (1, "org13/b", "model")]


def test_toml_keys_by_vocabulary_and_dataset_tables() -> None:
    refs, _ = scan_file("p.toml", b'[tool.x]\nreward_model = "org14/rm"\n[[datasets]]\npath = "org14/d"\n')
    assert [(r.line, r.id, r.kind) for r in refs] == [(2, "org14/rm", "model"), (4, "org14/d", "dataset")]


def test_a_framework_marker_names_a_hub_repository_under_any_key() -> None:
    """LLaMA-Factory's `dataset_dir: REMOTE:org/name` downloads that Hub dataset: the marker (vocabulary data,
    `hub_value_prefixes`) makes the value a dataset reference whatever the key, in YAML, JSON and TOML; the
    marker must start the value, and what follows it is judged like any id (placeholders are not references)."""
    from auditor.scan.config import scan_json, scan_toml, scan_yaml

    marker, kind = vocabulary().hub_value_prefixes[0]
    assert (marker, kind) == ("REMOTE:", "dataset")
    yaml_refs, _ = scan_yaml(f"dataset_dir: {marker}llamafactory/demo_data\nother: NOT{marker}a/b\n"
                             f"x: {marker}your-username/your-dataset\n", "train.yaml")
    json_refs, _ = scan_json(json.dumps({"dataset_dir": f"{marker}allenai/c4"}), "c.json")
    toml_refs, _ = scan_toml(f'dataset_dir = "{marker}HuggingFaceFW/fineweb"\n', "c.toml")
    assert [(r.id, r.kind, r.line) for r in yaml_refs] == [("llamafactory/demo_data", "dataset", 1)]
    assert [(r.id, r.kind) for r in json_refs] == [("allenai/c4", "dataset")]
    assert [(r.id, r.kind) for r in toml_refs] == [("HuggingFaceFW/fineweb", "dataset")]
