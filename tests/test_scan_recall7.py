"""Classes of reference shapes the scanner missed after the sixth recall pass, found by collecting real files of other
public repositories (tests/fixtures/scan_recall7: the lines that matter, each file's origin in its MANIFEST.tsv, the
truth in TRUTH.tsv):

- the cheap pre-check dropped a file whose only ids are built from parts (`"facebook/opt-" + size`,
  `f"meta-llama/Llama-2-{size}-hf"`) and that calls no known loader (the ids handed to a subprocess as
  `--model-name=`): a string that starts with a Hub owner and a slash and stops where the rest is joined on now
  makes the file worth parsing, next to a context word;
- TOML / YAML dataset tables with split keys (`[data] train = "org/x"`), `[model] name = "org/x"`;
- Jsonnet configs (`.jsonnet`, `.libsonnet`: AllenNLP `"model_name": transformer_model` with `local transformer_model
  = "org/x";`, flexeval `local dataset_base_args = { path: 'org/x' }`); in a file that uses AllenNLP's
  `pretrained_transformer`, a bare transformers name (`roberta-large`) too;
- Make's `$(HF_TOKEN)` inside a clone URL (`https://user:$(HF_TOKEN)@huggingface.co/org/x`) no longer splits the word;
- a here-document a script hands to `kubectl apply -f -` (or writes to a .yaml file) is read as YAML;
- a model-named variable assigned an entry of a literal dict picked at run time (`hf_model_id = model_map[size]`), and
  the `default=` of a call assigned to one (`emb_model = hp.select(choices, default="org/x")`).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import is_scanned
from auditor.scan.cache import kind_of
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall7"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=25)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=25)


# --- ids built from an owner prefix, in a file that calls no known loader -------------------------------------------


def test_ids_built_from_an_owner_prefix_are_found_without_a_loader() -> None:
    assert scan_refs("""
        import subprocess
        sizes = ["125m", "350m"]
        models = ["facebook/opt-" + e for e in sizes]
        for m in models:
            subprocess.run(["python", "eval.py", f"--model-name={m}"])
    """) == [(3, "facebook/opt-125m", "model"), (3, "facebook/opt-350m", "model")]
    assert scan_refs("""
        for size in ["7b", "13b"]:
            model = f"meta-llama/Llama-2-{size}-hf"
            launch(model)
    """) == [(2, "meta-llama/Llama-2-13b-hf", "model"), (2, "meta-llama/Llama-2-7b-hf", "model")]


def test_folder_prefixes_and_prefixes_without_a_context_word_stay_out() -> None:
    assert scan_refs("""
        for run in ["a1", "b2"]:
            path = "outputs/" + run
            save(path)
    """) == []
    assert scan_refs("""
        for size in ["7b", "13b"]:
            thing = f"meta-llama/Llama-2-{size}-hf"
            print(thing)
    """) == []  # no word says model or dataset: nothing to read the strings as
    assert scan_refs("""
        for size in sizes:
            model = f"meta-llama/Llama-2-{size}-hf"
    """) == []  # a part known only at run time names nothing


# --- TOML / YAML tables ---------------------------------------------------------------------------------------------


def test_toml_data_tables_with_split_keys_name_datasets() -> None:
    assert scan_refs("""
        [data]
        train = "acme-ai/train-set"
        eval = "acme-ai/eval-set"

        [model]
        name = "acme-ai/model-x"

        [logging]
        name = "acme-ai/not-a-model"

        [trainer]
        train = "acme-ai/not-a-dataset"
    """, "config.toml") == [(2, "acme-ai/train-set", "dataset"), (3, "acme-ai/eval-set", "dataset"),
                            (6, "acme-ai/model-x", "model")]


def test_yaml_data_mapping_with_split_keys_names_datasets() -> None:
    assert scan_refs("""
        data:
          train: acme-ai/train-set
          test: data/test.jsonl
        trainer:
          test: acme-ai/not-a-dataset
    """, "config.yaml") == [(2, "acme-ai/train-set", "dataset")]


# --- Jsonnet --------------------------------------------------------------------------------------------------------


def test_jsonnet_files_are_scanned_and_cached_as_their_own_kind() -> None:
    assert is_scanned("configs/train.jsonnet") and is_scanned("lib/common.libsonnet")
    assert kind_of("configs/train.jsonnet") == kind_of("lib/common.libsonnet") == "k"


def test_jsonnet_fields_and_bound_locals_under_model_keys() -> None:
    assert scan_refs("""
        local model = "acme-ai/jsonnet-model";
        local other = "acme-ai/not-bound-to-a-model-key";
        // "model_name": "acme-ai/in-a-comment",
        {
          "model": {
            "model_name": "acme-ai/other-model",
            "text_field_embedder": {"model_name": model},
          },
          "trainer": {"serialization_dir": "acme-ai/output", "name": other},
          "built": {"model_name": "acme-ai/" + std.extVar("X")},
        }
    """, "exp.jsonnet") == [(1, "acme-ai/jsonnet-model", "model"), (6, "acme-ai/other-model", "model")]


def test_jsonnet_object_locals_take_their_names_kind() -> None:
    assert scan_refs("""
        local dataset_base_args = {
          path: 'acme-ai/eval-set',
          subset: 'main',
        };
        local trainer_args = { path: 'acme-ai/not-a-dataset' };
        { eval_dataset: { init_args: dataset_base_args { split: 'test' } } }
    """, "eval.jsonnet") == [(2, "acme-ai/eval-set", "dataset")]


def test_jsonnet_bare_transformers_names_only_with_allennlp_transformers() -> None:
    allennlp = """
        local transformer_model = "roberta-large";
        {
          "dataset_reader": {"type": "x", "dataset_name": "hans"},
          "model": {"type": "pretrained_transformer", "model_name": transformer_model},
        }
    """
    assert scan_refs(allennlp, "a.jsonnet") == [(1, "roberta-large", "model")]  # not "hans": a reader's name
    assert scan_refs(allennlp.replace("pretrained_transformer", "my_embedder"), "b.jsonnet") == []
    assert scan_refs('{"model": {"type": "pretrained_transformer", "model_name": "pretrained/bert-base"}}',
                 "c.jsonnet") == []  # a local folder


# --- Make variables inside URLs, here-documents ---------------------------------------------------------------------


def test_make_variables_inside_a_clone_url_keep_the_word_whole() -> None:
    assert scan_refs("""
        clone:
        \tgit clone https://user:$(HF_TOKEN)@huggingface.co/acme-ai/make-model
        \tgit clone https://$(HF_USER):$(HF_TOKEN)@huggingface.co/datasets/acme-ai/make-data
        \tgit remote add space https://oauth2:$(HF_TOKEN)@huggingface.co/spaces/acme-ai/demo
        \tgit push --force space main
    """, "Makefile") == [(2, "acme-ai/make-model", "model"), (3, "acme-ai/make-data", "dataset")]


def test_a_subshell_with_spaces_still_separates_commands() -> None:
    assert scan_refs("""
        MODEL=$(cat model.txt); huggingface-cli download acme-ai/after-subshell
    """, "run.sh") == [(1, "acme-ai/after-subshell", "model")]


def test_here_documents_applied_or_written_as_yaml_are_read_as_yaml() -> None:
    script = """
        #!/bin/bash
        cat <<EOF | kubectl apply -f -
        spec:
          containers:
          - env:
            - name: MODEL_ID
              value: "acme-ai/from-heredoc"
            - name: NUM_SHARD
              value: "1"
        EOF
        cat <<'EOF' > notes.txt
        model_id: acme-ai/in-a-text-file
        EOF
    """
    assert scan_refs(script, "deploy.sh") == [(7, "acme-ai/from-heredoc", "model")]
    assert scan_refs(script.replace("| kubectl apply -f -", "> values.yaml"), "deploy.sh") == [
        (7, "acme-ai/from-heredoc", "model")]


# --- dict entries picked at run time, call defaults -----------------------------------------------------------------


def test_a_model_named_variable_assigned_a_dict_entry_names_each_value() -> None:
    assert scan_refs("""
        def _get_model_path(model_size):
            mlx_model_map = {
                "1.7B": "acme-ai/tts-1.7b",
                "0.6B": "acme-ai/tts-0.6b",
            }
            hf_model_id = mlx_model_map[model_size]
            return hf_model_id
    """) == [(3, "acme-ai/tts-1.7b", "model"), (4, "acme-ai/tts-0.6b", "model")]
    assert scan_refs("""
        URLS = {"a": "acme-ai/not-read-as-a-model"}
        endpoint = URLS[name]
    """) == []  # the variable's name says nothing


def test_the_default_of_a_call_assigned_to_a_model_name() -> None:
    assert scan_refs("""
        emb_model = hp.select(choices, default="acme-ai/embedder")
        color = hp.select(colors, default="acme-ai/not-a-model")
    """) == [(1, "acme-ai/embedder", "model")]
