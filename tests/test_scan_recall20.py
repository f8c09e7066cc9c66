"""Classes of reference shapes the scanner missed after the nineteenth recall pass, found by collecting real files of
kinds earlier passes covered thinly (tests/fixtures/scan_recall20: the lines that matter, each file's origin in its
MANIFEST.tsv, the truth in TRUTH.tsv; 39 of 55 references found at main 04c4bbf with 1 false positive, all 55 and
none after):

- a precision tag after a repository's name (`onnx-community/whisper-tiny:fp32`, `:q4f16`, `:int8`: transformers.js's
  `dtype`, a benchmark's model/dtype pairs) names the repository, as a GGUF quantisation tag does (3 misses);
- the Hub inference router's `org/x:provider` (`Qwen/x:featherless-ai`, `org/x:fastest`) names `org/x`; a hosted
  API's own `org/x:free` (OpenRouter) stays out (2 misses);
- a class field whose default is a list (`models: list[str] = field(default_factory=lambda: ["org/a", "org/b"])`,
  `Field(default_factory=...)`, a plain list default) names each element, as a module-level list under the same name
  does (4 misses);
- a Helm template (a chart's `_helpers.tpl`, a `templates/*.yaml` that is not YAML as written) is read as the YAML it
  renders: `{{ .Values.model | default "org/x" }}` holds `org/x` (1 miss; a template YAML file was reported as invalid
  YAML and not read);
- a Rust static whose array type holds a `;` (`pub static SUPPORTED_MODELS: [&str; 3] = [...]`) names each element, as
  `let models = vec![...]` does: the statement was taken as closed at the type's `;` (3 misses);
- a Go / Rust / Java source that calls an OpenRouter client (`evals.NewOpenRouterClient(key)`, the `openrouter.ai`
  host) sends the names under its model lists there: OpenRouter slugs (`liquid/lfm-2.2-6b`), not Hub repositories
  (1 false positive), as a Python file that talks to OpenRouter was already read;
- the serverless Inference API's address of one model (`https://api-inference.huggingface.co/models/org/x`,
  `.../pipeline/feature-extraction/org/x`, the router's `https://router.huggingface.co/hf-inference/models/org/x`),
  which code POSTs its inputs to, names the model wherever it is written, as a download URL does (3 misses);
- shapes probed on minimal files of our own after the fixture's (no real file of the kind at hand): a workflow's or an
  MLproject's id-named parameter and its `default:` (`inputs: {model_id: {default: org/x}}`, read as an ARM
  parameter's `defaultValue` was), an INI section named for a model or dataset (`[model]` then `name = org/x`, as TOML
  tables already were), Procfiles (`web: vllm serve org/x`) and systemd units (`ExecStart=`, `Environment="K=V"`)
  read as the command lines they run, and MLflow's `MLproject` file read as YAML.

Left as they were: an `id:label` pair a shell loop splits itself (`"meta-llama/x:1B-llama32"`, `${spec%%:*}`: a colon
and a word is an image tag as often), a Rust `match` arm's pattern (`"mini" | "org/x" => ...`: the
names a function accepts), a map's key beside the same id in its value, and Ruby sources (`hf_model_id: "org/x"` in
a Ruby hash: .rb files are not read).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import is_scanned, scan_file
from auditor.scan.gotemplate import rendered_yaml
from auditor.scan.refs import hub_file_address_or_none, hub_id_or_none
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs, scan_spans

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall20"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=55)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=27)


# --- precision tags and the router's provider after a repository's name ----------------------------------------------


def test_a_precision_tag_after_the_name_names_the_repository() -> None:
    assert [hub_id_or_none(v) for v in ("acme-ai/whisper:fp32", "acme-ai/whisper:fp16", "acme-ai/x:q4f16",
                                        "acme-ai/x:int8", "acme-ai/x:uint8", "acme-ai/x:bnb4")] == ["acme-ai/whisper"] \
        * 2 + ["acme-ai/x"] * 4


def test_the_routers_provider_after_the_name_names_the_repository() -> None:
    assert [hub_id_or_none(v) for v in ("acme-ai/chat:featherless-ai", "acme-ai/chat:together",
                                        "acme-ai/chat:fastest")] == ["acme-ai/chat"] * 3


def test_other_tags_after_the_name_are_not_repositories() -> None:
    assert [hub_id_or_none(v) for v in ("acme-ai/chat:free", "acme-ai/server:latest", "acme-ai/x:v2",
                                        "acme-ai/x:1B-label")] == [None] * 4


def test_tagged_ids_in_a_script_array_and_a_typescript_constant() -> None:
    assert scan_refs("""
        MODELS=(
          "acme-ai/whisper-tiny:fp32"
          "acme-ai/qwen-coder:free"
        )
        for m in "${MODELS[@]}"; do node run.mjs "$m"; done
    """, "bench.sh") == [(2, "acme-ai/whisper-tiny", "model")]
    assert scan_refs("""
        const PRIMARY_MODEL = 'acme-ai/chat-1.5b:featherless-ai';
        const FALLBACK_MODEL = 'acme-ai/chat-7b:free';
    """, "route.ts") == [(1, "acme-ai/chat-1.5b", "model")]


# --- class fields whose default is a list ----------------------------------------------------------------------------


def test_a_class_fields_list_default_names_each_element() -> None:
    assert scan_refs("""
        from dataclasses import dataclass, field
        from pydantic import BaseModel, Field

        @dataclass
        class Config:
            models: list[str] = field(
                default_factory=lambda: ["acme-ai/llama-8b", "acme-ai/qwen-8b"]
            )
            judge_models: list[str] = ["acme-ai/judge"]

        class Settings(BaseModel):
            embedding_models: list[str] = Field(default_factory=lambda: ("acme-ai/e5",))
            reranker_models: list[str] = Field(["acme-ai/rerank"])
    """) == [(7, "acme-ai/llama-8b", "model"), (7, "acme-ai/qwen-8b", "model"), (9, "acme-ai/judge", "model"),
             (12, "acme-ai/e5", "model"), (13, "acme-ai/rerank", "model")]


def test_a_list_default_under_another_name_or_of_other_values_names_nothing() -> None:
    assert scan_refs("""
        from dataclasses import dataclass, field

        @dataclass
        class Config:
            gpu_devices: list[str] = field(default_factory=lambda: ["acme-ai/not-a-model"])
            output_models: list[str] = field(default_factory=lambda: ["acme-ai/written"])
            model_layers: list[int] = field(default_factory=lambda: [1, 2])
            fallback_models: list[str] = field(default_factory=lambda: ["acme-ai/hosted:free"])
    """) == []


# --- Helm templates --------------------------------------------------------------------------------------------------

_TEMPLATE = """{{- if .Values.llm.enabled }}
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: llm
          image: "{{ .Values.llm.image }}:{{ .Values.llm.tag }}"
          args:
            - "--model"
            - "{{ .Values.llm.model | default "acme-ai/served" }}"
          env:
            - name: CHAT_MODEL
              value: {{ .Values.memory.chatModel | default "acme-ai/chat" | quote }}
            - name: API_URL
              value: {{ .Values.apiUrl | default "https://api.example.com/v1" }}
            - name: HF_ENDPOINT
              value: "{{ .Values.llm.hfMirror }}"
{{- end }}
"""


def test_a_template_yaml_is_read_as_the_yaml_it_renders() -> None:
    assert scan_spans("chart/templates/llm.yaml", _TEMPLATE) == [(12, "acme-ai/served", "acme-ai/served"),
                                                                   (15, "acme-ai/chat", "acme-ai/chat")]


def test_a_helpers_tpl_is_read_when_it_renders_as_yaml_and_left_alone_otherwise() -> None:
    assert scan_refs(_TEMPLATE, "chart/templates/_helpers.tpl") == [(12, "acme-ai/served", "model"),
                                                                   (15, "acme-ai/chat", "model")]
    assert is_scanned("chart/templates/_helpers.tpl")
    not_yaml = '<div class="{{ .Class }}">\n  model: {{ default "acme-ai/x" .Model }}\n  : : [\n</div>\n'
    assert scan_file("web/page.tpl", not_yaml.encode()) == ([], [])


def test_the_rendering_keeps_lines_and_columns() -> None:
    rendered = rendered_yaml(_TEMPLATE)
    assert len(rendered.split("\n")) == len(_TEMPLATE.split("\n"))
    assert [len(line) for line in rendered.split("\n")[8:18]] == [len(line) for line in _TEMPLATE.split("\n")[8:18]]
    assert rendered.split("\n")[0] == rendered.split("\n")[-2] == ""


def test_a_valid_yaml_file_is_read_as_it_is_and_an_invalid_one_still_reported() -> None:
    assert scan_refs('model: "{{ not a template default }}"\nbase_model: acme-ai/kept\n', "config.yaml") == [
        (2, "acme-ai/kept", "model")]
    refs, problems = scan_file("broken.yaml", b"model: acme-ai/x\n  bad: [\n{{ .x }}\n")
    assert refs == [] and [p.code for p in problems] == ["scan-config-invalid"]


# --- C-like sources: array-typed statics, OpenRouter clients ----------------------------------------------------------


def test_a_rust_static_of_an_array_type_names_each_element() -> None:
    assert scan_refs("""
        pub static SUPPORTED_MODELS: [&str; 2] = [
            "acme-ai/granite-embed",
            "acme-ai/minilm",
        ];
        static OUTPUT_DIRS: [&str; 1] = ["acme-ai/not-a-model"];
        const TIMEOUT: u64 = 5;
        fn label() -> &'static str { "acme-ai/label" }
    """, "models.rs") == [(2, "acme-ai/granite-embed", "model"), (3, "acme-ai/minilm", "model")]


def test_a_binding_closed_by_its_semicolon_still_ends_before_the_next_literal() -> None:
    assert scan_refs("""
        let models: [&str; 1] = ["acme-ai/kept"];
        let greeting = format!("{}", "acme-ai/not-after-the-statement");
    """, "main.rs") == [(1, "acme-ai/kept", "model")]


def test_a_source_that_calls_an_openrouter_client_sends_its_model_lists_there() -> None:
    go = """
        package main

        var defaultModels = []string{
            "acme-ai/slug-one",
            "acme-ai/slug-two",
        }

        func client(key string) *evals.Client {
            return evals.NewOpenRouterClient(key)
        }
    """
    assert scan_refs(go, "main.go") == []
    assert scan_refs(go.replace("NewOpenRouterClient", "NewLocalClient"), "main.go") == [
        (4, "acme-ai/slug-one", "model"), (5, "acme-ai/slug-two", "model")]
    assert scan_refs("""
        package main

        const baseURL = "https://openrouter.ai/api/v1"
        var defaultModels = []string{"acme-ai/slug"}
    """, "main.go") == []


# --- the Inference API's address of one model -------------------------------------------------------------------------


def test_the_inference_apis_address_of_a_model_names_it() -> None:
    base = "https://api-inference.huggingface.co"
    router = "https://router.huggingface.co/hf-inference/models"
    assert [hub_file_address_or_none(u) for u in (
        f"{base}/models/acme-ai/finbert", f"{base}/models/gpt2", f"{base}/pipeline/feature-extraction/acme-ai/e5",
        f"{router}/acme-ai/flux", f"{router}/acme-ai/bge-small/pipeline/feature-extraction",
        f"{router}/acme-ai/chat/v1/chat/completions")] == [
        ("acme-ai/finbert", "model", None), ("gpt2", "model", None), ("acme-ai/e5", "model", None),
        ("acme-ai/flux", "model", None), ("acme-ai/bge-small", "model", None), ("acme-ai/chat", "model", None)]


def test_the_inference_apis_own_routes_name_no_model() -> None:
    assert [hub_file_address_or_none(u) for u in (
        "https://api-inference.huggingface.co/models/", "https://router.huggingface.co/v1/chat/completions",
        "https://api-inference.huggingface.co/v1/", "https://api-inference.huggingface.co/pipeline/feature-extraction",
        "https://router.huggingface.co/hf-inference/models/{model}",
        "see https://api-inference.huggingface.co/models/acme-ai/x")] == [None] * 6


def test_an_inference_address_is_found_in_any_reader_whatever_its_name() -> None:
    url = "https://router.huggingface.co/hf-inference/models/acme-ai/emotion"
    assert scan_refs(f'API_URL = "{url}"\nrequests.post(API_URL, json={{"inputs": text}})\n') == [
        (1, "acme-ai/emotion", "model")]
    assert scan_refs(f"const r = await fetch('{url}', {{method: 'POST'}});\n", "app.js") == [
        (1, "acme-ai/emotion", "model")]
    assert scan_refs(f"endpoint: {url}\n", "config.yaml") == [(1, "acme-ai/emotion", "model")]


# --- parameters' defaults, INI sections, Procfiles and systemd units --------------------------------------------------


def test_an_id_named_parameters_default_in_a_workflow_or_mlproject_names_it() -> None:
    assert scan_refs("""
        on:
          workflow_dispatch:
            inputs:
              model_id:
                description: model to evaluate
                default: "acme-ai/judge-1b"
              dataset_name:
                type: string
                default: acme-ai/eval-set
              model_deployment_name:
                default: acme-ai/prod-east
              output_dir:
                default: acme-ai/out
              quant_types:
                default: Q4_K_M
    """, ".github/workflows/eval.yml") == [(6, "acme-ai/judge-1b", "model"), (9, "acme-ai/eval-set", "dataset")]
    assert scan_refs("""
        entry_points:
          main:
            parameters:
              model_name: {type: str, default: "acme-ai/base-model"}
              epochs: {type: int, default: 3}
    """, "MLproject") == [(4, "acme-ai/base-model", "model")]


def test_an_ini_section_named_for_a_model_names_its_id_keys() -> None:
    assert scan_refs("""
        [model]
        name = acme-ai/minilm
        path = ./checkpoints/local
        [dataset]
        name = acme-ai/corpus
        [metadata]
        name = acme-ai/not-a-model
        [tool:pytest]
        name = acme-ai/neither
    """, "setup.cfg") == [(2, "acme-ai/minilm", "model"), (5, "acme-ai/corpus", "dataset")]


def test_a_procfile_and_a_systemd_unit_are_read_as_the_commands_they_run() -> None:
    assert scan_spans("Procfile", "# processes\nweb: vllm serve acme-ai/chat --port $PORT\n"
                                  "release: python manage.py migrate\nworker: celery -A acme/tasks worker\n") == [
        (2, "acme-ai/chat", "acme-ai/chat")]
    unit = ("[Unit]\nDescription=vLLM acme-ai/not-this\n\n[Service]\n"
            'Environment="PATH=/usr/bin" "MODEL_NAME=acme-ai/env-model"\n'
            "ExecStart=/usr/bin/python3 -m vllm.entrypoints.openai.api_server \\\n"
            "  --model acme-ai/served \\\n  --port 8000\nWorkingDirectory=/srv/acme-ai/models\n")
    assert scan_spans("deploy/vllm.service", unit) == [(5, "acme-ai/env-model", "acme-ai/env-model"),
                                                       (7, "acme-ai/served", "acme-ai/served")]
    assert is_scanned("Procfile") and is_scanned("ops/tei.service") and not is_scanned("ops/tei.socket")
