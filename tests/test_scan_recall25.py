"""Classes of reference shapes the scanner missed after the twenty-fourth recall pass, found by collecting real files of
idioms no earlier pass held (tests/fixtures/scan_recall25: 25 real files, the lines that matter, each file's origin in
its MANIFEST.tsv, the truth in TRUTH.tsv; 10 of 40 references found at main 4191b4b with 5 false positives, all 40
and none after):

- promptfoo's Hugging Face providers, `huggingface:<task>:org/x` (`huggingface:chat:org/x`, a grader's
  `huggingface:sentence-similarity:org/x`, a router provider after a colon): the Inference API runs org/x; read wherever
  a Hub address is (YAML values under any key, Python and JavaScript strings); an owner is required (7 misses);
- the `huggingface://` scheme outside configs: promptfoo's and Llama Stack's `huggingface://datasets/org/x?split=...`
  in Python and TypeScript strings names a dataset, LocalAI's `huggingface://org/x/f.gguf` a model (4 misses);
- Inspect AI's (and the `llm` tool's) Hugging Face provider: `--model hf/org/x`, `get_model("hf/org/x")` name org/x;
  `hf/local` (Inspect's local folder model) and Marqo's `hf/e5-base-v2` (its own registry) are no Hub ids: they were
  reported as `hf/...` ids (3 misses, 2 false positives);
- C and C++ sources (`.c`, `.cc`, `.cpp`, `.h`, `.hpp`...), read as the other C-like languages are: llama.cpp's
  presets `params.hf_repo = "org/x"`, a downloader's table of `/resolve/` URLs, `#define MODEL_ID "org/x"` (7 misses);
- Inspect AI's dataset loader `hf_dataset(path="org/x", ...)` (1 miss);
- a `key=value` list in one word whose first key is the option's name (lighteval's `"model_name=org/x,dtype=..."`)
  (1 miss);
- a Hub file's page URL (`/blob/`) handed to a call named for a Hub file's URL (alith's `.hf_quant_file_url(...)`),
  which downloads it (2 misses);
- a script variable handed only to a hosted API (`--model together/$MODEL`; a rewrite of the value, a log folder's
  name, aside): Together's name, not a Hub download (1 false positive);
- R through reticulate: `st <- import("sentence_transformers")` then `st$SentenceTransformer("org/x")` (R's `$` read as
  `.`; `SentenceTransformer`, `CrossEncoder`, `load_dataset` called so) (4 misses);
- the Dataset Viewer API's address of one dataset (`https://datasets-server.huggingface.co/rows?dataset=org/x&...`,
  percent-encoded `org%2Fx` too, in a JavaScript template whose other parts are placeholders) (3 misses);
- a script that switches downloads to ModelScope or openMind Hub (`export LMDEPLOY_USE_MODELSCOPE=True`,
  `VLLM_USE_MODELSCOPE=1`, `USE_OPENMIND_HUB=1`): the ids after it are that hub's repositories (2 false positives);
- (a known leftover) an `hf://` path written upper-case, `HF://datasets/org/x/...`, is the same address.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall25"


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=40)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=25)


def test_promptfoo_provider_ids_in_configs() -> None:
    assert scan_refs("""
        providers:
          - openai:gpt-4o-mini
          - id: huggingface:chat:acme-ai/pf-chat
          - huggingface:text-generation:acme-ai/pf-gen:featherless-ai
          - huggingface:text-generation:my-local-model
          - id: huggingface:chat:<model name>
        defaultTest:
          options:
            provider: huggingface:text-classification:acme-ai/pf-cls
        # provider: huggingface:chat:acme-ai/commented
    """, "promptfooconfig.yaml") == [(3, "acme-ai/pf-chat", "model"), (4, "acme-ai/pf-gen", "model"),
                                     (9, "acme-ai/pf-cls", "model")]


def test_promptfoo_provider_ids_in_code() -> None:
    assert scan_refs("""
        GRADER = "huggingface:sentence-similarity:acme-ai/pf-py"
        HELP = "use huggingface:chat:<model name> or huggingface:chat:acme-ai/in-a-sentence"
        TEMPLATE = "huggingface:text-generation:{model}"
    """) == [(1, "acme-ai/pf-py", "model")]
    assert scan_refs("""
        const providers = ['huggingface:chat:acme-ai/pf-ts', 'openai:gpt-4o'];
        // 'huggingface:chat:acme-ai/commented'
    """, "providers.ts") == [(1, "acme-ai/pf-ts", "model")]


def test_huggingface_scheme_in_python_and_typescript() -> None:
    assert scan_refs("""
        client.datasets.register(
            purpose="eval/messages-answer",
            source={"type": "uri", "uri": "huggingface://datasets/acme-ai/ls-data?split=train"},
        )
        MODEL = "huggingface://acme-ai/localai-GGUF/model.Q4_K_M.gguf"
        NOTE = "see huggingface://datasets/acme-ai/in-a-sentence for the rows"
    """) == [(3, "acme-ai/ls-data", "dataset"), (5, "acme-ai/localai-GGUF", "model")]
    assert scan_refs("""
        export const DATASET_PATH =
          'huggingface://datasets/acme-ai/ts-data?split=train';
        const other = 'huggingface://spaces/acme-ai/a-space';
    """, "plugin.ts") == [(2, "acme-ai/ts-data", "dataset")]


def test_hf_provider_prefix_of_inspect_and_llm() -> None:
    assert scan_refs("""
        from inspect_ai import eval
        from inspect_ai.model import get_model
        eval(task, model="hf/acme-ai/inspect-py")
        model = get_model("hf/acme-ai/inspect-get")
        local = eval(task, model="hf/local", model_args=dict(model_path="./ckpt"))
        folder = get_model("hf/local/acme-ai/folder")
        mq.create_index("docs", model="hf/e5-base-v2")
    """) == [(3, "acme-ai/inspect-py", "model"), (4, "acme-ai/inspect-get", "model")]
    assert scan_refs("""
        inspect eval arc.py --model hf/acme-ai/inspect-sh --limit 5
        inspect eval arc.py --model hf/local -M model_path=/ckpt
        inspect eval arc.py --model openai/gpt-4o
    """, "eval.sh") == [(1, "acme-ai/inspect-sh", "model")]


def test_c_and_cpp_sources_are_read() -> None:
    source = """
        #include "utils/json.hpp"
        // params.hf_repo = "acme-ai/commented";
        static const char * kModelId = "acme-ai/cpp-const";
        void preset(common_params & params) {
            params.hf_repo = "acme-ai/cpp-preset-GGUF";
            params.hf_file = "model-q8_0.gguf";
            params.out_repo = "acme-ai/not-an-input";
            printf("%s\\n", "acme-ai/printed");
        }
    """
    expected = [(3, "acme-ai/cpp-const", "model"), (5, "acme-ai/cpp-preset-GGUF", "model")]
    for name in ("common/arg.cpp", "src/model.cc", "include/model.h", "include/model.hpp", "src/main.c"):
        assert scan_refs(source, name) == expected
    assert scan_refs(source, "build/generated/arg.cpp") == []  # a build folder's copy
    assert scan_refs("""
        // #define MODEL_REPO "acme-ai/commented"
        #define MODEL_REPO "acme-ai/c-define"
        #  define DEFAULT_DATASET "acme-ai/c-data"
        #define OUTPUT_REPO "acme-ai/not-an-input"
        #define CONFIG_PATH "configs/default"
    """, "src/config.h") == [(2, "acme-ai/c-define", "model"), (3, "acme-ai/c-data", "dataset")]


def test_inspect_hf_dataset_is_a_dataset_loader() -> None:
    assert scan_refs("""
        from inspect_ai.dataset import hf_dataset
        ds = hf_dataset(path="acme-ai/inspect-data", name="bio", split="test", sample_fields=to_sample)
        other = hf_dataset("acme-ai/inspect-positional", split="test")
    """) == [(2, "acme-ai/inspect-data", "dataset"), (3, "acme-ai/inspect-positional", "dataset")]


def test_a_key_value_list_named_by_its_first_key() -> None:
    assert scan_refs("""
        lighteval accelerate "model_name=acme-ai/le-model,trust_remote_code=true,batch_size=4" "lighteval|gsm8k|0|0"
        lighteval vllm "model_name=acme-ai/le-alone" "lighteval|gsm8k|0|0"
        python notes.py "model_name=acme-ai/not-a-list, then some words"
        lighteval accelerate "model_name=./checkpoints/run1,dtype=bfloat16" "t"
    """, "eval.sh") == [(1, "acme-ai/le-model", "model"), (2, "acme-ai/le-alone", "model")]


def test_a_page_url_handed_to_a_hub_file_url_call_is_downloaded() -> None:
    assert scan_refs("""
        fn main() {
            let m = GgufLoader::default()
                .hf_quant_file_url("https://huggingface.co/acme-ai/rs-GGUF/blob/main/rs-Q8_0.gguf")
                .load();
            let page = link("https://huggingface.co/acme-ai/rs-page/blob/main/README.md");
            let d = Downloader::new().download_url("https://huggingface.co/acme-ai/rs-dl/blob/main/w.bin");
        }
    """, "src/main.rs") == [(3, "acme-ai/rs-GGUF", "model"), (6, "acme-ai/rs-dl", "model")]


def test_a_variable_handed_only_to_a_hosted_api_is_that_apis_name() -> None:
    assert scan_refs("""
        MODEL=acme-ai/hosted-Turbo
        LOGDIR=logs/${MODEL//\\//--}
        inspect eval tasks/a.py --model together/$MODEL --log-dir $LOGDIR
        export ROUTED=acme-ai/routed
        python run.py --model openrouter/${ROUTED}
        BOTH=acme-ai/both-ways
        inspect eval a.py --model together/$BOTH
        vllm serve $BOTH
        LOCAL=acme-ai/local-hf
        inspect eval a.py --model hf/$LOCAL
        inspect eval a.py --model vllm/$LOCAL
    """, "run.sh") == [(6, "acme-ai/both-ways", "model"), (10, "acme-ai/local-hf", "model")]


def test_python_loaders_called_from_r_through_reticulate() -> None:
    assert scan_refs("""
        library(reticulate)
        st <- import("sentence_transformers")
        encoder <- st$SentenceTransformer("acme-ai/r-st")
        short <- st$SentenceTransformer("all-MiniLM-L6-v2")
        ranker <- st$CrossEncoder("acme-ai/r-rerank")
        ds <- import("datasets")$load_dataset("acme-ai/r-data")
        # encoder <- st$SentenceTransformer("acme-ai/commented")
        label <- df$model_name
        path <- st$some_helper("acme-ai/not-a-loader")
    """, "analysis.R") == [(3, "acme-ai/r-st", "model"), (4, "sentence-transformers/all-MiniLM-L6-v2", "model"),
                           (5, "acme-ai/r-rerank", "model"), (6, "acme-ai/r-data", "dataset")]


def test_dataset_viewer_api_addresses() -> None:
    assert scan_refs("""
        import requests
        rows = requests.get("https://datasets-server.huggingface.co/rows?dataset=acme-ai%2Fviewer-py&config=default")
        url = ("https://datasets-server.huggingface.co/first-rows?dataset=acme-ai/viewer-joined"
               "&config=default&split=train")
        page = "https://datasets-server.huggingface.co/rows?dataset={name}&config=default"
        valid = requests.get("https://datasets-server.huggingface.co/is-valid")
    """) == [(2, "acme-ai/viewer-py", "dataset"), (3, "acme-ai/viewer-joined", "dataset")]
    assert scan_refs("""
        const a = `https://datasets-server.huggingface.co/rows?dataset=acme-ai/viewer-js&config=${cfg}&offset=${o}`;
        const b = `https://datasets-server.huggingface.co/rows?dataset=${encodeURIComponent(name)}&config=default`;
    """, "fetch.mjs") == [(1, "acme-ai/viewer-js", "dataset")]


def test_a_script_switched_to_modelscope_names_modelscope_repositories() -> None:
    assert scan_refs("""
        vllm serve acme-ai/before-the-switch
        echo $VLLM_USE_MODELSCOPE
        export LMDEPLOY_USE_MODELSCOPE=True
        lmdeploy serve api_server acme-ai/on-modelscope --server-port 23333
        wget https://huggingface.co/acme-ai/still-the-hub/resolve/main/w.bin
    """, "serve.sh") == [(1, "acme-ai/before-the-switch", "model"), (5, "acme-ai/still-the-hub", "model")]
    assert scan_refs("""
        export VLLM_USE_MODELSCOPE=False
        vllm serve acme-ai/switched-off
    """, "serve.sh") == [(2, "acme-ai/switched-off", "model")]
    assert scan_refs("""
        FROM python:3.11
        ENV USE_OPENMIND_HUB=1
        CMD ["llamafactory-cli", "chat", "--model_name_or_path", "acme-ai/on-openmind"]
    """, "Dockerfile") == []


def test_an_upper_case_hf_scheme_is_the_same_address() -> None:
    assert scan_refs("""
        import pandas as pd
        df = pd.read_csv("HF://datasets/acme-ai/upper-data/train.csv")
        q = "SELECT * FROM 'HF://datasets/acme-ai/upper-query/*.parquet'"
        other = "HTTP://example.com/acme-ai/not-the-hub"
    """) == [(2, "acme-ai/upper-data", "dataset"), (3, "acme-ai/upper-query", "dataset")]
    assert scan_refs("""
        data:
          path: HF://datasets/acme-ai/upper-yaml/train.jsonl
    """, "config.yaml") == [(2, "acme-ai/upper-yaml", "dataset")]
