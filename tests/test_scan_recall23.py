"""Classes of reference shapes the scanner missed after the twenty-second recall pass, found by collecting real files of
kinds and idioms the passes covered least (tests/fixtures/scan_recall23: 25 real files, the lines that matter, each
file's origin in its MANIFEST.tsv, the truth in TRUTH.tsv; 22 of 35 references found at main 32046cf with no false
positive, all 35 and none after):

- a Go loop over a literal list whose variable says model (hugot's `for _, modelName := range []string{"org/a",
  ...} { session.DownloadModel(modelName, ...) }`): the elements are what the variable holds, as a model-named
  binding's list is; likewise Rust / Swift `for model in [...]`, Kotlin `for (model in listOf(...))`, Java / C#
  `new String[]{...}`. Only the list: a literal in the loop's body is not the loop variable's (5 misses);
- a Go Hub client's repository handle (`hub.NewRepo("org/x")`, `hub.NewHfRepo(`, gomlx's `hub.New("org/x")`) in a
  file that uses a Hub client; elsewhere `NewRepo` is a git repository's (1 miss);
- spaCy's transformer component names its Hub model by a legacy bare name (`"@architectures":
  "spacy-transformers.TransformerModel.v3", "name": "bert-base-german-cased"`): the cheap gate that looks for a quoted
  legacy name in a file spelling `hf_` now also opens for a file spelling spacy-transformers (2 misses);
- R's Hub clients by their own names: huggingfaceR's `hf_load_model("org/x")` (and `hf_load_pipeline`,
  `hf_load_tokenizer`, `hf_load_sentence_model`, `hf_load_dataset` for a dataset), hfhub's `hub_download("gpt2",
  "config.json")` (1 miss).

- a torchtune recipe names its model only in its header comment (`#   tune download meta-llama/Llama-2-7b-hf
  --output-dir /tmp/Llama-2-7b-hf`) and reads that folder (`checkpoint_dir: /tmp/Llama-2-7b-hf`): the comment's
  download is the config's model, reported at the comment, only when a value reads the folder (1 miss).

- Julia's Hub clients: HuggingFaceApi.jl's `HuggingFaceURL("gpt2", "merges.txt")` / `hf_hub_download("org/x",
  "config.json")`, Diffusers.jl's `load_pretrained_model("org/x", "unet/config.json", ...)`, and in a file that uses
  Transformers.jl its loaders `load_model("org/x", "ForMaskedLM")`, `load_tokenizer(`, `load_config(` (2 misses);
- a `.tpl` file without a template action is the YAML it is (vLLM production-stack's Terraform `templatefile` Helm
  values, whose init container runs `huggingface-cli download TinyLlama/...`): it was read only when it held a `{{`
  (1 miss); one that does not parse as YAML is still left alone, unreported.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall23"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=35)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=25)


# --- a loop over a literal list whose variable says model -------------------------------------------------------------


def test_a_go_range_over_a_literal_list_names_what_its_variable_holds() -> None:
    assert scan_refs("""
        package main

        func main() {
            for _, modelName := range []string{
                "acme-ai/encoder-one",
                "acme-ai/encoder-two"} {
                session.DownloadModel(modelName, "./models", opts)
                log(modelName, "acme-ai/after-the-list")
            }
            for _, path := range []string{"data/train", "acme-ai/not-a-model"} {
                read(path)
            }
        }
    """, "download.go") == [(5, "acme-ai/encoder-one", "model"), (6, "acme-ai/encoder-two", "model")]


def test_loops_over_literal_lists_in_rust_kotlin_java_and_csharp() -> None:
    rust = 'fn main() {\n    for model in ["acme-ai/r-one", "acme-ai/r-two"] {\n        run(model);\n    }\n}\n'
    assert scan_refs(rust, "main.rs") == [(2, "acme-ai/r-one", "model"), (2, "acme-ai/r-two", "model")]
    assert scan_refs('fun main() {\n    for (model in listOf("acme-ai/k-one")) { run(model) }\n}\n', "Main.kt") \
        == [(2, "acme-ai/k-one", "model")]
    assert scan_refs('class A {\n  void m() {\n    for (String model : new String[]{"acme-ai/j-one"}) { run(model); }\n'
                     '  }\n}\n', "A.java") == [(3, "acme-ai/j-one", "model")]
    assert scan_refs('class A {\n  void M() {\n    foreach (var model in new[] {"acme-ai/c-one"}) { Run(model); }\n'
                     '  }\n}\n', "A.cs") == [(3, "acme-ai/c-one", "model")]
    assert scan_refs('fn main() {\n    for user in ["acme-ai/not-a-model"] {\n        greet(user);\n    }\n}\n',
                     "main.rs") == []


# --- a Go Hub client's repository handle ------------------------------------------------------------------------------


def test_a_go_hub_clients_new_repo_names_a_model() -> None:
    source = """
        package main

        import "github.com/cozy-creator/hf-hub/hub"

        func main() {
            repo := hub.NewRepo("acme-ai/flux-small")
            other := hub.NewHfRepo("acme-ai/flux-large")
            tok := hub.New("acme-ai/gemma-tok").WithAuth(token)
        }
    """
    assert scan_refs(source, "main.go") == [(6, "acme-ai/flux-small", "model"), (7, "acme-ai/flux-large", "model"),
                                            (8, "acme-ai/gemma-tok", "model")]
    assert scan_refs("""
        package main

        import "github.com/go-git/go-git/v5"

        func main() {
            repo := git.NewRepo("acme-ai/a-git-repository")
        }
    """, "git.go") == []


# --- spaCy's transformer component ------------------------------------------------------------------------------------


def test_a_spacy_transformer_components_legacy_name_is_found() -> None:
    source = """
        import spacy
        import spacy_transformers

        nlp = spacy.blank("de")
        config = {
            "model": {
                "@architectures": "spacy-transformers.TransformerModel.v3",
                "name": "bert-base-german-cased",
                "tokenizer_config": {"use_fast": True},
            }
        }
        nlp.add_pipe("transformer", config=config)
        nlp.add_pipe("ner")
    """
    assert scan_refs(source) == [(8, "bert-base-german-cased", "model")]
    # without spaCy's transformers (and no `hf_` name), a legacy name in a plain dict is still not looked for
    assert scan_refs(source.replace("spacy-transformers.", "spacy.").replace("import spacy_transformers", "")) == []


# --- R's Hub clients --------------------------------------------------------------------------------------------------


def test_r_hub_clients_load_their_first_argument() -> None:
    assert scan_refs("""
        model <- huggingfaceR::hf_load_model("acme-ai/punctuation")
        tok <- hf_load_tokenizer("acme-ai/punctuation-tok")
        data <- hf_load_dataset("acme-ai/reviews")
        path <- hub_download("gpt2", "config.json")
        other <- my_load_model("acme-ai/not-a-hub-load")
        x <- hf_load_model(local_path)
    """, "script.R") == [(1, "acme-ai/punctuation", "model"), (2, "acme-ai/punctuation-tok", "model"),
                         (3, "acme-ai/reviews", "dataset"), (4, "gpt2", "model")]


# --- a recipe's download comment and the folder it reads ------------------------------------------------------------


_RECIPE = """\
# This config assumes that you've run the following command before launching
# this run:
#   tune download acme-ai/Tiny-7b-hf --output-dir /tmp/Tiny-7b-hf --hf-token <HF_TOKEN>
#
tokenizer:
  _component_: torchtune.models.llama2.llama2_tokenizer
  path: /tmp/Tiny-7b-hf/tokenizer.model
checkpointer:
  checkpoint_dir: /tmp/Tiny-7b-hf
"""


def test_a_recipes_download_comment_names_the_model_whose_folder_it_reads() -> None:
    assert scan_refs(_RECIPE, "recipe.yaml") == [(3, "acme-ai/Tiny-7b-hf", "model")]
    # the folder read nowhere: the comment is a usage note
    unread = _RECIPE.replace("/tmp/Tiny-7b-hf/tokenizer.model", "/data/tok.model").replace(
        "checkpoint_dir: /tmp/Tiny-7b-hf", "checkpoint_dir: /data/ckpt")
    assert scan_refs(unread, "recipe.yaml") == []
    # a download without a folder, or a commented-out value reading it
    assert scan_refs("#   tune download acme-ai/Tiny-7b-hf\nk: v\n", "recipe.yaml") == []
    assert scan_refs("# hf download acme-ai/x --local-dir ./ckpt\n# path: ./ckpt\nk: v\n", "r.yaml") == []
    assert scan_refs("# hf download acme-ai/x --local-dir=./ckpt\nmodel_path: ./ckpt/\n", "r.yaml") \
        == [(1, "acme-ai/x", "model")]


# --- a template file without an action --------------------------------------------------------------------------------


def test_a_tpl_without_an_action_is_read_as_the_yaml_it_is() -> None:
    values = """\
servingEngineSpec:
  modelSpec:
  - name: "tiny"
    modelURL: "/data/models/tiny"
    initContainer:
      args:
        - |
          huggingface-cli download acme-ai/Tiny-Chat \\
            --local-dir /data/models/tiny
"""
    assert scan_refs(values, "helm/values-tiny.tpl") == [(8, "acme-ai/Tiny-Chat", "model")]
    assert scan_file("web/page.tpl", b"<div>\n  model: acme-ai/x\n  : : [\n</div>\n") == ([], [])


# --- Julia's Hub clients ----------------------------------------------------------------------------------------------


def test_julia_hub_clients_load_their_first_argument() -> None:
    assert scan_refs("""
        using HuggingFaceApi
        url = HuggingFaceURL("gpt2", "merges.txt")
        file = hf_hub_download("acme-ai/jl-file", "config.json")
        state, cfg = load_pretrained_model("acme-ai/jl-unet", "unet/config.json")
        other = load_data("acme-ai/not-a-load")
    """, "chunks.jl") == [(2, "gpt2", "model"), (3, "acme-ai/jl-file", "model"), (4, "acme-ai/jl-unet", "model")]


def test_transformers_jl_loaders_only_in_a_file_that_uses_the_package() -> None:
    source = """
        using Transformers
        using Transformers.HuggingFace
        tok = load_tokenizer("acme-ai/jl-bert")
        model = load_model("bert-base-uncased", "ForMaskedLM")
        cfg = Transformers.load_config("acme-ai/jl-cfg")
    """
    assert scan_refs(source, "bert.jl") == [(3, "acme-ai/jl-bert", "model"), (4, "bert-base-uncased", "model"),
                                            (5, "acme-ai/jl-cfg", "model")]
    assert scan_refs('model = load_model("acme-ai/own-loader")\n', "other.jl") == []
    assert scan_refs('const m = load_model("acme-ai/js-own");\n', "app.js") == []
