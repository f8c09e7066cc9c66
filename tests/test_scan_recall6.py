"""Classes of reference shapes the scanner missed (or misread) after the fifth recall pass, found by collecting real
files of other public repositories (tests/fixtures/scan_recall6: the lines that matter, each file's origin in its
MANIFEST.tsv, the truth in TRUTH.tsv):

- an f-string whose placeholder holds several known strings (`for size in ["7b", "13b"]: f"org/x-{size}"`) names
  each combination, and so does a concatenation (`"org/opt-" + size`); one part known only at run time
  (`f"org/x-{args.size}"`) names nothing;
- a comprehension over literal iterables (`[f"org/whisper-{s}" for s in ("tiny", "base")]`) yields its elements;
- an unpacking assignment (`repo, subset = TASKS[name]`) takes each part of the literal tuples the value may be;
- a name's guess (`hf_repo_id`: a model) gives way where the loader says otherwise (`repo_type="dataset"`);
- archive and package-resource reads (`zipf.get_data("EGG-INFO/PKG-INFO")`) are not Hub references;
- a shell positional parameter's default (`MODEL_ID="${1:-org/x}"`) is the id the script uses;
- a clone URL with credentials (`https://USER:TOKEN@huggingface.co/org/x`) or git's `git@hf.co:org/x`;
- a Rust / Go / Java file whose only reference is a legacy bare name under a Hub loader (no slash in the file), and
  a pipeline built `FromModel("distilbert-base-uncased-finetuned-sst-2-english")` (C#, TransformersSharp);
- gin-config files (`get_embedding.model_name = "org/x"`), read for their bindings.

Docs are not code: README / Markdown files are not scanned, as the corpus truth files count no docs (they keep
none, and a notebook's markdown cells count nothing); the fixture holds two as near misses.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.scan import is_scanned
from auditor.scan.cache import kind_of
from auditor.scan.refs import hub_address_or_none, hub_id_or_none
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall6"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=60)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=40)


def test_docs_are_not_scanned() -> None:
    assert not is_scanned("docs/guide.mdx") and not is_scanned("notes.rst") and not is_scanned("docs/guide.md")
    # a README.md is read for a Space's front matter only (tests/test_scan_recall27.py): its prose never
    assert scan_refs("```bash\nhf download acme-ai/in-a-readme\n```\n", "README.md") == []


# --- f-strings over several known values ---------------------------------------------------------------------------


def test_an_fstring_over_a_loop_of_literals_names_each_combination() -> None:
    assert scan_refs("""
        from transformers import AutoModel
        for size in ["7b", "13b"]:
            name = f"acme-ai/llm-{size}-hf"
            AutoModel.from_pretrained(name)
        SIZES = ("small", "base")
        for org in ["acme-ai", "beta-lab"]:
            for s in SIZES:
                AutoModel.from_pretrained(f"{org}/t5-{s}")
    """) == [(3, "acme-ai/llm-13b-hf", "model"), (3, "acme-ai/llm-7b-hf", "model"),
             (8, "acme-ai/t5-base", "model"), (8, "acme-ai/t5-small", "model"),
             (8, "beta-lab/t5-base", "model"), (8, "beta-lab/t5-small", "model")]


def test_an_fstring_with_one_unknown_placeholder_names_nothing() -> None:
    assert scan_refs("""
        import argparse
        from transformers import AutoModel
        args = argparse.ArgumentParser().parse_args()
        AutoModel.from_pretrained(f"acme-ai/llm-{args.size}")
        for s in get_sizes():
            AutoModel.from_pretrained(f"acme-ai/t5-{s}")
        def load(size):
            return AutoModel.from_pretrained(f"acme-ai/pythia-{size}")
        for n in ["a", "b", "c", "d", "e"]:
            for m in ["1", "2", "3", "4"]:
                AutoModel.from_pretrained(f"acme-ai/x-{n}-{m}")  # 20 combinations: past the bound
    """) == []


def test_a_concatenation_over_known_values_names_each_combination() -> None:
    assert scan_refs("""
        from transformers import AutoModel
        model_names = ["acme-ai/opt-" + e for e in ["125m", "350m"]]
        for size in ("small", "base"):
            AutoModel.from_pretrained("acme-ai/t5-" + size + "-lm")
        AutoModel.from_pretrained("acme-ai/x-" + unknown())
        AutoModel.from_pretrained("outputs/run-" + size)
    """) == [(2, "acme-ai/opt-125m", "model"), (2, "acme-ai/opt-350m", "model"),
             (4, "acme-ai/t5-base-lm", "model"), (4, "acme-ai/t5-small-lm", "model")]


# --- comprehensions ---------------------------------------------------------------------------------------------------


def test_a_comprehension_over_literals_yields_its_elements() -> None:
    assert scan_refs("""
        from transformers import pipeline
        model_ids = [f"acme-ai/whisper-{s}" for s in ("tiny", "base")]
        for model_id in model_ids:
            pipeline("asr", model=model_id)
        for m in [f"acme-ai/bert-{c}" for c in ["cased", "uncased"]]:
            pipeline("fill-mask", model=m)
    """) == [(2, "acme-ai/whisper-base", "model"), (2, "acme-ai/whisper-tiny", "model"),
             (5, "acme-ai/bert-cased", "model"), (5, "acme-ai/bert-uncased", "model")]


def test_a_filtered_or_unknown_comprehension_yields_nothing() -> None:
    assert scan_refs("""
        from transformers import pipeline
        kept = [f"acme-ai/whisper-{s}" for s in ("tiny", "base") if s in wanted]
        for model_id in kept:
            pipeline("asr", model=model_id)
        listed = [f"acme-ai/bert-{c}" for c in read_cases()]
        for m in listed:
            pipeline("fill-mask", model=m)
        paths = [f"outputs/run-{i}" for i in ("a", "b")]
        for p in paths:
            pipeline("asr", model=p)
    """) == []


# --- unpacking assignments ------------------------------------------------------------------------------------------


def test_unpacking_a_literal_table_entry_takes_each_part() -> None:
    assert scan_refs("""
        from datasets import load_dataset
        TASKS = {
            "qa": ("acme-ai/qa-set", "all"),
            "math": ("gsm8k", "main"),
        }
        def get(name):
            repo, subset = TASKS[name]
            return load_dataset(repo, subset)
        model_id, revision = "acme-ai/pair-model", "main"
        from transformers import AutoModel
        AutoModel.from_pretrained(model_id, revision=revision)
    """) == [(3, "acme-ai/qa-set", "dataset"), (4, "gsm8k", "dataset"), (9, "acme-ai/pair-model", "model")]


def test_unpacking_what_is_known_only_at_run_time_names_nothing() -> None:
    assert scan_refs("""
        from datasets import load_dataset
        repo, subset = pick_task()
        load_dataset(repo, subset)
        first, *rest = ("acme-ai/a", "acme-ai/b")
        load_dataset(rest)
    """) == []


# --- a loader's kind wins over a name's guess -------------------------------------------------------------------------


def test_the_loaders_kind_wins_over_the_variable_names_guess() -> None:
    assert scan_refs("""
        from huggingface_hub import snapshot_download
        hf_repo_id = "acme-ai/scans"
        snapshot_download(repo_id=hf_repo_id, repo_type="dataset")
        model_repo = "acme-ai/weights"
        snapshot_download(repo_id=model_repo)
    """) == [(2, "acme-ai/scans", "dataset"), (4, "acme-ai/weights", "model")]


# --- archive and package-resource reads -------------------------------------------------------------------------------


def test_archive_and_package_resource_reads_are_not_references() -> None:
    assert scan_refs("""
        import pkgutil, zipimport
        zipf = zipimport.zipimporter(path)
        meta = zipf.get_data('EGG-INFO/PKG-INFO')
        data = loader.get_data("templates/prompt-v2")
        raw = pkgutil.get_data("mypkg", "assets/vocab-v1")
        manifest = archive.read("META-INF/MANIFEST.MF")
        dataset = get_data("acme-ai/user-function-data")
    """) == [(7, "acme-ai/user-function-data", "dataset")]


@pytest.mark.parametrize("value", ["EGG-INFO/PKG-INFO", "META-INF/MANIFEST.MF", "acme-1.0.dist-info/METADATA",
                                   "acme.egg-info/requires"])
def test_package_metadata_paths_are_never_hub_ids(value: str) -> None:
    assert hub_id_or_none(value) is None


def test_package_metadata_words_inside_a_real_id_stay_ids() -> None:
    assert hub_id_or_none("acme-ai/egg-info-parser") == "acme-ai/egg-info-parser"
    assert hub_id_or_none("meta-inference/model") == "meta-inference/model"


# --- shell: positional parameters' defaults, clone URLs with credentials ---------------------------------------------


def test_a_positional_parameters_default_is_the_id_the_script_uses() -> None:
    assert scan_refs("""
        #!/usr/bin/env bash
        # Usage: ./get.sh "acme-ai/in-a-comment"
        MODEL_ID="${1:-acme-ai/default-model}"
        DEST_DIR="${2:-/home/$USER/models/x}"
        OUT="${3:-outputs/acme}"
        huggingface-cli download "${MODEL_ID}" --local-dir "${DEST_DIR}"
        DATA=${DATASET_NAME:-acme-ai/default-data}
    """, "get.sh") == [(3, "acme-ai/default-model", "model"), (7, "acme-ai/default-data", "dataset")]


def test_clone_urls_with_credentials_or_git_ssh_name_the_repository() -> None:
    assert scan_refs("""
        git clone https://user:${HF_TOKEN}@huggingface.co/acme-ai/with-token
        git clone https://<hf-user-name>:<ACCESS_TOKEN>@huggingface.co/acme-ai/templated
        git clone git@hf.co:acme-ai/over-ssh
        git clone https://user:token@github.com/acme-ai/code-on-github
        git clone git@github.com:acme-ai/code-over-ssh
        cat a.txt 2>/dev/null >out.txt
    """, "clone.sh") == [(1, "acme-ai/with-token", "model"), (2, "acme-ai/templated", "model"),
                         (3, "acme-ai/over-ssh", "model")]


@pytest.mark.parametrize(("value", "expected"), [
    ("https://u:t@huggingface.co/acme-ai/x", ("acme-ai/x", "model", None)),
    ("git@hf.co:acme-ai/x", ("acme-ai/x", "model", None)),
    ("git@huggingface.co:datasets/acme-ai/d", ("acme-ai/d", "dataset", None)),
    ("someone@huggingface.co/acme-ai/x", None),  # an e-mail address, not a URL
    ("huggingface.co:acme-ai/x", None),  # a colon only in git's ssh form
    ("https://u:t@github.com/acme-ai/x", None),
])
def test_hub_addresses_with_credentials(value: str, expected: tuple[str, str, None] | None) -> None:
    assert hub_address_or_none(value) == expected


# --- compiled languages: a legacy bare name alone in the file ---------------------------------------------------------


def test_a_legacy_bare_name_under_a_hub_loader_is_found_in_a_file_without_slashes() -> None:
    code = """
        use hf_hub::api::tokio::Api;
        async fn main() {
            let api = Api::new()?;
            let repo = api.model("bert-base-uncased".to_string());
            let weights = repo.get("model.safetensors").await?;
            let label = describe("gpt2");
        }
    """
    assert scan_refs(code, "hub.rs") == [(4, "bert-base-uncased", "model")]
    assert scan_refs('fn main() { let name = "gpt2"; println!("{}", name); }\n', "plain.rs") == []


def test_a_pipeline_built_from_a_model_name_takes_legacy_bare_names() -> None:
    assert scan_refs("""
        var classifier = TextClassificationPipeline.FromModel("distilbert-base-uncased-finetuned-sst-2-english");
        var generator = Helper.from_model("distilgpt2");
        var label = Describe("gpt2");
        var other = Pipeline.FromModel("not-a-legacy-name");
    """, "App.cs") == [(1, "distilbert-base-uncased-finetuned-sst-2-english", "model"), (2, "distilgpt2", "model")]


# --- gin-config files -------------------------------------------------------------------------------------------------


def test_gin_bindings_name_models_and_datasets() -> None:
    assert is_scanned("configs/train.gin") and kind_of("configs/train.gin") == "r"
    assert scan_refs("""
        include 'base.gin'
        import my_project.tasks
        get_embedding.model_name = "acme-ai/gin-embedder"
        train/build_task.dataset_name = 'acme-ai/gin-data'
        MODEL = "acme-ai/gin-macro"
        train.model = %MODEL
        # get_generator.model = "acme-ai/commented"
        get_generator.model = "openai/gpt-4o"
        train.output_dir = "acme-ai/written-here"
        get_embedding.device = "cpu"
    """, "rag.gin") == [(3, "acme-ai/gin-embedder", "model"), (4, "acme-ai/gin-data", "dataset"),
                        (5, "acme-ai/gin-macro", "model")]
