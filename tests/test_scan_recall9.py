"""Classes of reference shapes the scanner missed after the eighth recall pass, found by collecting real files of
SkyPilot tasks, Kubernetes / KServe manifests, Modal / BentoML / Ray apps, .env files, R and Julia sources and
training scripts (tests/fixtures/scan_recall9: the lines that matter, each file's origin in its MANIFEST.tsv, the
truth in TRUTH.tsv; 85 of 93 references found before, no false positive):

- a script variable filled into the id it is part of (`tune download meta-llama/Meta-Llama-3.1-${MODEL_SIZE}-Instruct`
  with `MODEL_SIZE=8B`): shell and Make assignments, a SkyPilot task's `envs:` and a CI `env:` for the scripts inside
  (`setup:` is a SkyPilot script too); torchtune's `tune download org/x`;
- a name ending with a Hub repository key (`TYPHOON_OCR_HF_REPO=org/x`, an Android app's `huggingFaceRepo = "org/x"`);
- an f-string command whose other placeholders are known only at run time (`os.system(f"huggingface-cli download
  org/x --cache-dir {cache}")`): the ids its literal text spells;
- a Kubernetes ConfigMap's `config.yml: |` block (a config file mounted into a pod), read as YAML;
- R (`transformers$pipeline(model = "...")` through reticulate, `x <- "org/x"`) and Julia (Transformers.jl's
  `hgf"org/x"`), read with the JavaScript rules once their `#` comments are blanked;
- `name_or_path` inside a model mapping (ai-toolkit's `model: {name_or_path: org/x}`), and a legacy bare name under a
  model key of a config (`pretrained_model_name_or_path: bert-base-uncased`).

Left out on purpose (and not in TRUTH.tsv; MANIFEST.tsv says so at the file): a Make variable named only `REPO`, a
bare dataset name as a pydantic default outside any loader (`Field("wikitext")`), and a YAML string in Python whose
only id is a legacy bare name (the cheap pre-check looks for `key: org/x`). A registry of ids in Go (`var ModelList =
[]string{...}`, a relay's list of supported models) is reported like a module-level Python list nothing in the file
reads (another file may iterate it): it was left out of the fixture.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file, scan_repository
from auditor.scan.vocab import vocabulary
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall9"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=93)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=88)


# --- script variables filled into ids ---------------------------------------------------------------------------------


def test_a_variable_given_one_literal_is_filled_into_the_id_it_is_part_of() -> None:
    assert scan_refs("""
        MODEL_SIZE=8B
        export ORG="acme-ai"
        tune download meta-llama/Meta-Llama-3.1-${MODEL_SIZE}-Instruct --output-dir /tmp/x-${MODEL_SIZE}
        huggingface-cli download $ORG/chat-$MODEL_SIZE
        MODEL_ID=${ORG}/embedder
    """, "get.sh") == [(3, "meta-llama/Meta-Llama-3.1-8B-Instruct", "model"), (4, "acme-ai/chat-8B", "model"),
                       (5, "acme-ai/embedder", "model")]


def test_a_variable_alone_stays_where_it_is_given_and_an_unknown_one_is_never_guessed() -> None:
    assert scan_refs("""
        MODEL=acme-ai/base
        SIZE=7b
        SIZE=13b
        python train.py --model $MODEL --tokenizer="${MODEL}"
        huggingface-cli download acme-ai/chat-$SIZE
        huggingface-cli download acme-ai/chat-${UNSET}
        echo 'acme-ai/chat-$MODEL'
    """, "train.sh") == [(1, "acme-ai/base", "model")]  # given twice: which one a use sees is unknown


def test_a_make_variable_is_filled_in_and_a_reported_one_keeps_its_place() -> None:
    refs, _ = scan_file("Makefile", b"SIZE ?= 7b\nget:\n\thuggingface-cli download acme-ai/m-$(SIZE) --local-dir x\n")
    # placed at the word as written (`acme-ai/m-$(SIZE)`), where the id is spelled
    assert [(r.line, r.id, r.column, r.end_column) for r in refs] == [(3, "acme-ai/m-7b", 27, 44)]


def test_a_skypilot_task_gives_its_envs_to_setup_and_run() -> None:
    assert scan_refs("""
        envs:
          MODEL_SIZE: 8B
          DATASET: acme-ai/alpaca
        setup: |
          tune download meta-llama/Meta-Llama-3.1-${MODEL_SIZE}-Instruct
        run: |
          tune run lora_finetune --config ${MODEL_SIZE}-lora.yaml dataset.source=$DATASET
        other:
          run: huggingface-cli download acme-ai/m-${MODEL_SIZE}
    """, "task.yaml") == [(3, "acme-ai/alpaca", "dataset"), (5, "meta-llama/Meta-Llama-3.1-8B-Instruct", "model"),
                          (9, "acme-ai/m-8B", "model")]


def test_a_ci_steps_env_reaches_only_its_own_scripts() -> None:
    assert scan_refs("""
        jobs:
          test:
            steps:
              - env:
                  SIZE: small
                run: huggingface-cli download acme-ai/t5-${SIZE}
              - run: huggingface-cli download acme-ai/bert-${SIZE}
    """, ".github/workflows/ci.yml") == [(6, "acme-ai/t5-small", "model")]


def test_tune_download_names_a_repository_and_other_tune_commands_do_not() -> None:
    assert scan_refs("""
        tune download acme-ai/llama --output-dir /tmp/llama --hf-token $HF_TOKEN
        tune run lora_finetune_single_device --config acme-ai/recipe
        tune cp acme-ai/config ./local.yaml
    """, "tune.sh") == [(1, "acme-ai/llama", "model")]


# --- names ending with a Hub repository key ---------------------------------------------------------------------------


def test_a_name_ending_with_a_hub_repository_key_names_a_model() -> None:
    vocab = vocabulary()
    assert vocab.name_kind("TYPHOON_OCR_HF_REPO") == vocab.name_kind("rerankerHubRepoId") == "model"
    assert vocab.name_kind("TRAIN_DATA_HF_REPO") == "dataset"
    assert vocab.name_kind("OUTPUT_HF_REPO") is None  # a write target
    assert vocab.name_kind("push_hub_repo_id") is None
    assert vocab.name_kind("GITHUB_REPO") is None and vocab.name_kind("DOCKER_REPO") is None
    assert vocab.name_kind("huggingFaceRepo") == vocab.name_kind("HUGGINGFACE_REPO_ID") == "model"
    assert vocab.name_kind("pushHuggingFaceRepo") is None and vocab.name_kind("sourceRepoURL") is None
    assert scan_refs("""
        OCR_HF_REPO=acme-ai/ocr
        SOURCE_REPO=acme-ai/not-a-hub-key
    """, ".env") == [(1, "acme-ai/ocr", "model")]
    assert scan_refs("""
        enum class Variant(val huggingFaceRepo: String, val dirName: String) {
            SMALL(huggingFaceRepo = "acme-ai/small-litert", dirName = "acme-ai/not-a-repo-name"),
            TEMPLATED(huggingFaceRepo = "acme-ai/$id", dirName = "x"),
        }
    """, "Variant.kt") == [(2, "acme-ai/small-litert", "model")]


# --- f-string commands with run-time placeholders ---------------------------------------------------------------------


def test_an_f_string_command_names_the_ids_its_literal_text_spells() -> None:
    assert scan_refs("""
        import os, subprocess
        cache = os.getcwd()
        os.system(f"huggingface-cli download --repo-type dataset acme-ai/stories --cache-dir {cache}")
        subprocess.run(f"vllm serve acme-ai/chat --port {os.environ['PORT']}", shell=True)
    """) == [(3, "acme-ai/stories", "dataset"), (4, "acme-ai/chat", "model")]


def test_a_run_time_placeholder_beside_an_id_names_nothing() -> None:
    assert scan_refs("""
        import os
        org, name = os.environ["ORG"], os.environ["NAME"]
        os.system(f"huggingface-cli download {org}/model")
        os.system(f"huggingface-cli download acme-ai/{name}")
        os.system(f"huggingface-cli upload acme-ai/out {name}")
        print(f"huggingface-cli download acme-ai/shown {name}")
    """) == []


# --- Kubernetes ConfigMaps holding a config file ----------------------------------------------------------------------


def test_a_configmaps_yaml_file_is_read_at_its_lines() -> None:
    text = """\
apiVersion: v1
kind: ConfigMap
data:
  config.yml: |
    model:
      model_name: served-alias
      tokenizer:
        pretrained_model_name_or_path: acme-ai/tokenizer
  notes.txt: |
    model: acme-ai/not-a-config-file
  broken.yaml: |
    model: [acme-ai/unclosed
"""
    refs, problems = scan_file("k8s/cm.yaml", text.encode())
    assert problems == []
    assert [(r.line, r.column, r.end_column, r.id) for r in refs] == [(8, 40, 57, "acme-ai/tokenizer")]


# --- R and Julia ------------------------------------------------------------------------------------------------------


def test_r_sources_are_read_with_their_comments_blanked() -> None:
    assert scan_refs("""
        # model = "acme-ai/commented"
        transformers <- reticulate::import("transformers")
        clf <- transformers$pipeline(task = "text-classification", model = "distilbert-base-uncased")
        model_id <- "acme-ai/r-model"  # embedding_model = "acme-ai/trailing-comment"
        data_path <- "data/train.csv"
        label <- "#= not a block comment in R"; dataset_name = "acme-ai/r-data"
    """, "R/app.R") == [(3, "distilbert-base-uncased", "model"), (4, "acme-ai/r-model", "model"),
                        (6, "acme-ai/r-data", "dataset")]


def test_julia_sources_read_hgf_strings_and_skip_block_comments() -> None:
    assert scan_refs("""
        using Transformers.HuggingFace
        textencoder, bert = hgf"acme-ai/legal-bert"
        #= model = "acme-ai/in-block-comment"
           dataset = "acme-ai/still-in-it" =#
        model_name = "acme-ai/jl-model"  # dataset = "acme-ai/comment"
        bert_model, wordpiece, tokenizer = pretrain"bert-uncased_L-12_H-768_A-12"
        path = msg"acme-ai/other-macro"
    """, "src/app.jl") == [(2, "acme-ai/legal-bert", "model"), (5, "acme-ai/jl-model", "model")]


def test_r_package_libraries_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "renv" / "library").mkdir(parents=True)
    (tmp_path / "renv" / "library" / "pkg.R").write_text('model_id <- "acme-ai/vendored"\n')
    (tmp_path / "app.R").write_text('model_id <- "acme-ai/own"\n')
    assert [(r.file, r.id) for r in scan_repository(tmp_path, cache=False).references] == [("app.R", "acme-ai/own")]


# --- config keys ------------------------------------------------------------------------------------------------------


def test_name_or_path_inside_a_model_mapping_names_the_model() -> None:
    assert scan_refs("""
        config:
          process:
            - model:
                name_or_path: "acme-ai/video"
                quantize: qfloat8
              save:
                name_or_path: acme-ai/not-in-a-model-mapping
        name_or_path: acme-ai/top-level
    """, "job.yaml") == [(4, "acme-ai/video", "model")]


def test_a_legacy_bare_name_under_a_model_key_of_a_config() -> None:
    assert scan_refs("""
        encoder:
          pretrained_model_name_or_path: bert-base-uncased
          tokenizer: gpt2
        dataset: gpt2
        model: bert
        model_name: my-model
    """, "train.yaml") == [(2, "bert-base-uncased", "model"), (3, "gpt2", "model")]


# --- local folders: the existing-path rule, as for --prompt_data (known left items of pass 8) -------------------------


def test_a_relative_path_the_project_holds_is_no_reference_and_one_it_lacks_fails_closed(tmp_path: Path) -> None:
    for project in ("holds", "lacks"):
        (tmp_path / project / "lib").mkdir(parents=True)
        (tmp_path / project / "train.py").write_text('pretrain = "stage1/sft-final"\n')
        (tmp_path / project / "lib" / "app.dart").write_text("const modelPath = 'assets/models';\n")
    (tmp_path / "holds" / "stage1" / "sft-final").mkdir(parents=True)
    (tmp_path / "holds" / "assets" / "models").mkdir(parents=True)

    def refs(project: str) -> list[tuple[str, str]]:
        return sorted((r.file, r.id) for r in scan_repository(tmp_path / project, cache=False).references)

    assert refs("holds") == []
    # without the folder the value reads as an org/name id: a folder made at run time and a Hub repository look alike
    assert refs("lacks") == [("lib/app.dart", "assets/models"), ("train.py", "stage1/sft-final")]
