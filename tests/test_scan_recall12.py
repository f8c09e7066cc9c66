"""Classes of reference shapes the scanner missed or over-reported after the eleventh recall pass, found by collecting
real files of kinds passes 5-11 were thin on: verl launch overrides, SageMaker Hugging Face containers in Terraform and
Python, `HF_MODEL_ID`-style constants, Hub-cache folder names, RAG apps (LlamaIndex, Haystack), DJL tokenizers in Java
and Kotlin, ComfyUI workflows, axolotl configs, model tables keyed `repo_id` (tests/fixtures/scan_recall12: the lines
that matter, each file's origin in its MANIFEST.tsv, the truth in TRUTH.tsv; 40 of 52 references found before, 2 false
positives):

- huggingface_hub's cache folder of a repository (`models--org--x`, `datasets--org--x`), as a path part joined to a
  cache root (`hub_dir / "models--org--x"`, `cache.glob("models--org--x")`) or under a Hub cache root
  (`~/.cache/huggingface/hub/models--org--x/snapshots/<sha>`, with that revision): the repository the code looks up;
  the same layout under a project's own folder is a local copy, a folder built from a variable names nothing;
- Terraform maps with quoted keys (`environment = { "HF_MODEL_ID" = "org/x" }`: a SageMaker container's variables);
- a quoted legacy bare name in a file that spells an `hf_` / `HF_` name (`HF_MODEL_ID = "bert-large-uncased"`,
  `hf_model_id="distilgpt2"`) makes a Python file worth parsing: the cheap pre-check looked for `org/name` strings and
  loader names only;
- DJL's `HuggingFaceTokenizer.newInstance("distilbert-base-uncased")`: any `*Tokenizer*` loader takes a legacy name;
- a model record's other repositories (`{"repo_id": "org/ft", "base_repo": "org/base"}`): a `*_repo` key beside a
  model key that holds a Hub id, never alone (a pull request's `base_repo` is a git repository);
- `repo/...` and `source/...` are placeholders in tests (`{"repo_id": "repo/a"}`), as `owner/` and `org/` are.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file
from auditor.scan.refs import hub_cache_folder_or_none, hub_id_or_none
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall12"
SHA = "0123456789abcdef0123456789abcdef01234567"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=52)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=49)


# --- Hub-cache folders ----------------------------------------------------------------------------------------------


def test_a_cache_folder_names_its_repository_and_snapshot() -> None:
    assert hub_cache_folder_or_none("models--acme-ai--chat-7b") == ("acme-ai/chat-7b", "model", None)
    assert hub_cache_folder_or_none("datasets--acme-ai--table") == ("acme-ai/table", "dataset", None)
    assert hub_cache_folder_or_none(f"/root/.cache/huggingface/hub/models--acme-ai--x/snapshots/{SHA}/config.json") \
        == ("acme-ai/x", "model", SHA)
    assert hub_cache_folder_or_none("C:\\Users\\me\\.cache\\huggingface\\hub\\models--acme-ai--x") \
        == ("acme-ai/x", "model", None)


def test_what_only_looks_like_a_cache_folder_is_none() -> None:
    assert hub_cache_folder_or_none("models/tts_models--zh-CN--baker--tacotron2-DDC-GST") is None  # Coqui's layout
    assert hub_cache_folder_or_none("models--acme-ai--x--y") is None  # a Hub name never holds "--"
    assert hub_cache_folder_or_none("my_models--acme-ai--x") is None
    assert hub_cache_folder_or_none(f"/data/run/datasets--acme-ai--x/snapshots/{SHA}") is None  # a project's copy
    assert hub_cache_folder_or_none("see models--acme-ai--x for the weights") is None  # a sentence
    assert hub_cache_folder_or_none("models--your-org--your-model") is None  # a placeholder


def test_python_cache_lookups_are_references_and_built_folders_are_not() -> None:
    assert scan_refs("""
        from pathlib import Path
        hub = Path.home() / ".cache" / "huggingface" / "hub"
        wanted = [hub / "models--acme-ai--gguf-9b", hub / "weights" / "gguf-9b"]
        found = list(hub.glob("models--acme-ai--embedder"))
        flat = "acme-ai/x".replace("/", "--")
        built = hub / f"models--{flat}"
        local = f"{hub}/data/run/datasets--acme-ai--copy/snapshots/{flat}"
    """, "locate.py") == [(3, "acme-ai/gguf-9b", "model"), (4, "acme-ai/embedder", "model")]


def test_a_file_whose_only_reference_is_a_cache_folder_is_parsed() -> None:
    refs, _ = scan_file("test_cache.py", b'def make(tmp):\n    return tmp / "models--acme-ai--tts" / "snapshots"\n')
    assert [(r.line, r.id, r.how) for r in refs] == [(2, "acme-ai/tts", "Hub file address")]


# --- Terraform map keys -----------------------------------------------------------------------------------------------


def test_terraform_quoted_map_keys_are_read() -> None:
    assert scan_refs("""
        resource "aws_sagemaker_model" "m" {
          primary_container {
            environment = {
              "HF_MODEL_ID" = "acme-ai/ner"
              "HF_TASK"     = "token-classification"
            }
          }
          tags = { Name = "acme-ai/not-a-model" }
        }
        module "endpoint" {
          containers = [ { environment = { "HF_MODEL_ID" : "acme-ai/chat" } } ]
        }
    """, "main.tf") == [(4, "acme-ai/ner", "model")]
    assert scan_refs('environment = {\n  "HF_MODEL_ID" : "acme-ai/chat"\n}\n', "endpoint.tf") \
        == [(2, "acme-ai/chat", "model")]


# --- legacy bare names ------------------------------------------------------------------------------------------------


def test_a_quoted_legacy_name_under_a_model_name_is_found() -> None:
    assert scan_refs("""
        class Wrapper:
            HF_MODEL_ID = "bert-large-uncased"
        def fetch():
            HF_MODEL_ID = "distilgpt2"
            HF_LOCAL_DIR = "/tmp/distilgpt2"
        model = HFPipelineModel(task="sentiment", hf_model_id="distilbert-base-uncased-finetuned-sst-2-english")
    """) == [(2, "bert-large-uncased", "model"), (4, "distilgpt2", "model"),
             (6, "distilbert-base-uncased-finetuned-sst-2-english", "model")]


def test_a_legacy_name_elsewhere_stays_out() -> None:
    assert scan_refs("""
        HF_ARCH = "gpt2"
        if args.hf_model == "gpt2":
            print("gpt2")
        MODEL_ID = "gpt-4"
    """) == []


def test_a_djl_tokenizer_takes_a_legacy_name() -> None:
    assert scan_refs("""
        public class Tokens {
            // loaded once
            final HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance("distilbert-base-uncased");
            private final String label = "distilbert-base-uncased";
            Object o = Factory.newInstance("gpt2");
        }
    """, "Tokens.java") == [(3, "distilbert-base-uncased", "model")]


# --- a model record's other repositories --------------------------------------------------------------------------


def test_a_repo_key_beside_a_model_record_is_a_model() -> None:
    assert scan_refs("""
        CONFIG = {
            "PhoBERT": {"repo_id": "acme-ai/phobert-ft", "base_repo": "acme-ai/phobert-base", "type": "phobert"},
        }
        PR = {"repo_id": "demo", "base_repo": "acme-ai/git-fork"}
        ALONE = {"base_repo": "acme-ai/also-git"}
    """) == [(2, "acme-ai/phobert-base", "model"), (2, "acme-ai/phobert-ft", "model")]


# --- placeholders ---------------------------------------------------------------------------------------------------


def test_repo_and_source_owners_are_placeholders() -> None:
    assert hub_id_or_none("repo/a") is None and hub_id_or_none("source/a") is None
    assert hub_id_or_none("acme-ai/source") == "acme-ai/source"
    assert scan_refs("""
        entry = {"repo_id": "repo/a", "source_candidate": {"repo_id": "source/a"}, "gguf_file": "m-Q4_0.gguf"}
    """) == []
