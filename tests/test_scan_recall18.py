"""Classes of reference shapes the scanner missed after the seventeenth recall pass, found by collecting real files of
the kinds earlier passes covered least (tests/fixtures/scan_recall18: the lines that matter, each file's origin in
its MANIFEST.tsv, the truth in TRUTH.tsv; 45 of 123 references found at main 2bacb35 with 13 false positives, all 123
and none after):

- a dict bound to a model- or dataset-named variable (`MODEL_MAP = {"small": "org/x"}`, `self.model_map = {...}`,
  `EMBEDDING_MODELS = dict(e5="org/x")`, `OrderedDict([("s", "org/x")])`) names a model in each entry: a string
  value, the strings of a list or tuple value, an org/name key whose value is a string, and the keys of a group of
  weights one level down (`{"huggingface": {"org/x": 1024}}`); its values were read only where an entry was picked
  (`MODEL_MAP[size]`), so a table of choices named nothing (68 of the 78 misses);
- a dict key (a YAML or JSON key) that says model or dataset holds a list of ids (`{"models": ["org/a", "org/b"]}`:
  Python read none, YAML and JSON did), or, when it is a plural (`models`, `embedding_models`, `eval_datasets`), a
  table of them under labels (`models: {small: org/x}`); one model's settings (`model: {dtype: bf16}`) are read by
  their generic keys only, as before (6 misses);
- a Compose value that is a variable with its default (3 misses: below);
- a relay's table from one provider's names to another's (`{"google/imagen-4": "google/imagen4"}`) names no Hub model,
  also where a function returns an entry of it (the 13 false positives at main);
- `MODEL_MAP["small"] = "org/x"` (or a key known only at run time) is judged by the dict's name when the key says
  nothing;
- a model gateway's `org/x-GGUF/Q4_K_M` names the repository org/x-GGUF, as `org/x-GGUF:Q4_K_M` does (the last miss);
- hosted names that read like ids stay out: LiteLLM's `zai/`, `dashscope/`, `moonshot/`, `nvidia_nim/`,
  `volcengine/` providers, Google's PaLM (`google/palm-2`);
- an OpenRouter file's slug table stays the slugs it sends when an entry is picked at random (`random.choice`), when
  the file's objects are reached through `self`, and when the answer of the remote call is kept;
- a Compose (or any YAML) value that is a variable with its default (`MODEL_ID: ${MODEL_ID:-org/x}`, a
  command list's `- ${MODEL:-org/x}` after `- --model`) names its default, as the same text in a shell line does;
- `.envrc` (direnv runs it with bash) is read as a shell script, and a suffix-less script whose shebang runs
  `uv run` / `pipx run` (PEP 723 inline metadata) as Python (no real file of these two was found in the index: the
  shapes below are our own).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file, scan_repository
from auditor.scan.shebang import script_kind
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall18"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=123)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=48)


# --- dicts of models --------------------------------------------------------------------------------------------------


def test_a_model_named_dict_names_each_string_value() -> None:
    assert scan_refs("""
        EMBEDDING_MODELS = {
            "default": "acme-ai/embed-small",
            "image": "clip-ViT-B-32",
            "local": "./models/finetuned",
            "label": "A friendly display name",
            "folder": "/data/models/acme",
        }
        URLS = {"a": "acme-ai/not-a-model-name"}
    """) == [(2, "acme-ai/embed-small", "model"), (3, "sentence-transformers/clip-ViT-B-32", "model")]


def test_dict_values_that_are_lists_or_pairs_give_their_ids() -> None:
    assert scan_refs("""
        SUPPORTED_MODELS = {"llama": ["acme-ai/l1", "acme-ai/l2"], "qwen": ("acme-ai/q1", "acme-ai/q2")}
        MODEL_CHOICES = {"20b": ("acme-ai/twenty", "run_tag_20b")}
        PRESET_MODELS = {"Llama": [("Llama-3-8B label", "acme-ai/preset")]}
        _MODELS = {"llama": ["/data/user/Llama-2-7b-chat-hf", "llama"]}
    """) == [(1, "acme-ai/l1", "model"), (1, "acme-ai/l2", "model"), (1, "acme-ai/q1", "model"),
             (1, "acme-ai/q2", "model"), (2, "acme-ai/twenty", "model"), (3, "acme-ai/preset", "model")]


def test_org_name_keys_are_read_when_their_value_is_a_string_or_a_weight() -> None:
    assert scan_refs("""
        MODEL_NAMES = {"acme-ai/keyed": "Keyed model", "label": "acme-ai/valued"}
        MODEL_PATHS = {"acme-ai/stored": "/data/stored"}
        EMBEDDING_MODELS = {"huggingface": {"acme-ai/grouped": 1024, "all-MiniLM-L6-v2": 384}, "cohere": {"e-v3": 1}}
        model_configs = {"acme-ai/settings-record": {"max_len": 4096}}
    """) == [(1, "acme-ai/keyed", "model"), (1, "acme-ai/valued", "model"), (2, "acme-ai/stored", "model"),
             (3, "acme-ai/grouped", "model"), (3, "sentence-transformers/all-MiniLM-L6-v2", "model")]


def test_dicts_spelled_as_calls_and_held_by_attributes() -> None:
    assert scan_refs("""
        EMBED_MODELS = dict(mini="acme-ai/mini", big="acme-ai/big")
        MODEL_MAP = OrderedDict([("small", "acme-ai/ordered"), ("big", "acme-ai/ordered-big")])
        HA_DEVICE_MODELS = OrderedDict([("controller", "GGS Controller")])
        class Transcriber:
            def __init__(self):
                self.model_map = {"tiny": "acme-ai/whisper-tiny"}
                self.tool_map = {"search": "acme-ai/not-a-model-either"}
    """) == [(1, "acme-ai/big", "model"), (1, "acme-ai/mini", "model"), (2, "acme-ai/ordered", "model"),
             (2, "acme-ai/ordered-big", "model"), (6, "acme-ai/whisper-tiny", "model")]


def test_dicts_that_name_no_hub_repository_give_nothing() -> None:
    assert scan_refs("""
        model_choices = {"densenet161": densenet161, "resnet18": resnet18}
        self.model_map = {Mode.FAST: "phi3:mini", Mode.DEEP: "llama3:8b"}
        MODEL_CHOICES = {"GPT-4o": "openai/gpt-4o", "GLM": "zai/glm-4.7", "Qwen": "dashscope/qwen-max"}
        self.model_map = {"gpt-4": "azure/gpt-4o", "palm2": "google/palm-2"}
        MODEL_PATHS = {"DQN": "results/models/dqn_standard"}
        model_map = {"seg": ("env_seg", "models/seg_infer.py")}
        dataset_map = {"train": DATA_DIR + "/train.csv"}
    """) == []


def test_a_dict_in_a_notebook_that_nothing_reads_is_a_menu() -> None:
    cell = ('{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": '
            '["fourbit_models = {\\"llama\\": \\"acme-ai/menu-entry\\"}\\n", '
            '"used_models = {\\"a\\": \\"acme-ai/used\\"}\\n", "load(used_models[\\"a\\"])\\n"]}], "metadata": {}, '
            '"nbformat": 4, "nbformat_minor": 5}')
    assert scan_refs(cell, "menu.ipynb") == [(1, "acme-ai/used", "model")]


def test_litellm_routes_in_a_dict_name_the_hub_model_they_serve() -> None:
    assert scan_refs("""
        EMBEDDING_CHOICES = {
            "Qwen3": "huggingface/acme-ai/routed",
            "Gemini": "gemini/gemini-embedding-001",
            "OpenAI": "openai/text-embedding-3-small",
        }
    """) == [(2, "acme-ai/routed", "model")]


# --- lists and tables under a model key ------------------------------------------------------------------------------


def test_a_model_key_holding_a_list_or_a_plural_key_holding_a_table() -> None:
    assert scan_refs("""
        CONFIG = {
            "models": ["acme-ai/listed-a", "acme-ai/listed-b"],
            "embedding_models": {"small": "acme-ai/tabled", "big": ["acme-ai/tabled-big"]},
            "model": {"dtype": "bf16", "out": "exp/run1", "name": "acme-ai/named"},
            "datasets": ["wikitext2", "c4"],
            "providers": {"models": ["gpt-4o", "claude-sonnet-4"]},
            "tenants": {"models": {"openai/gpt-4o", "anthropic/claude-3-5-sonnet"}},
        }
    """) == [(2, "acme-ai/listed-a", "model"), (2, "acme-ai/listed-b", "model"), (3, "acme-ai/tabled", "model"),
             (3, "acme-ai/tabled-big", "model"), (4, "acme-ai/named", "model")]
    assert scan_refs("""
        models:
          small: acme-ai/yaml-small
          large: [acme-ai/yaml-l1, acme-ai/yaml-l2]
          record: {max_len: 4096}
        model:
          tokenizer_dir: exp/tok
          name: acme-ai/yaml-named
        drone_models:
          small: {mass: 0.5}
    """, "config.yaml") == [(2, "acme-ai/yaml-small", "model"), (3, "acme-ai/yaml-l1", "model"),
                            (3, "acme-ai/yaml-l2", "model"), (7, "acme-ai/yaml-named", "model")]
    assert scan_refs('{"models": {"small": "acme-ai/json-small", "big": ["acme-ai/json-big"], "rec": {"w": 1}}, '
                     '"model": {"out": "exp/run1"}}', "config.json") == [
        (1, "acme-ai/json-big", "model"), (1, "acme-ai/json-small", "model")]


# --- a relay's table of hosted-API names ----------------------------------------------------------------------------


def test_a_provider_to_provider_name_table_names_nothing() -> None:
    assert scan_refs("""
        MODEL_MAP = {
            "google/imagen-4": "google/imagen4",
            "ideogram-v3": "ideogram/v3-text-to-image",
            "black-forest-labs/flux-pro": "black-forest-labs/flux-pro",
        }

        def resolve_model(model: str) -> str:
            if model in MODEL_MAP:
                return MODEL_MAP[model]
            return model

        MODEL_ALIASES = {"small": "acme-ai/aliased", "acme-ai/same": "acme-ai/same"}
    """) == [(12, "acme-ai/aliased", "model"), (12, "acme-ai/same", "model")]  # an id mapped to itself: once


# --- entries assigned one by one --------------------------------------------------------------------------------------


def test_an_entry_assigned_to_a_model_named_dict_is_judged_by_the_dict() -> None:
    assert scan_refs("""
        MODEL_MAP = {}
        MODEL_MAP["small"] = "acme-ai/sub-small"
        MODEL_MAP[size] = "acme-ai/sub-runtime"
        self.models["x"] = "acme-ai/attr-entry"
        MODEL_MAP["output_dir"] = "acme-ai/an-output-key"
        cfg["small"] = "acme-ai/unnamed-dict"
        models['PD_paper_effect'] = {'data': data_pd, 'effect_on': ['a']}
        self.models[name] = model_class
        os.environ["MODEL_ID"] = "acme-ai/env-entry"
    """) == [(2, "acme-ai/sub-small", "model"), (3, "acme-ai/sub-runtime", "model"),
             (4, "acme-ai/attr-entry", "model"), (9, "acme-ai/env-entry", "model")]


# --- a quantisation tag after a slash ---------------------------------------------------------------------------------


def test_a_gguf_repository_with_its_quant_after_a_slash_names_the_repository() -> None:
    assert scan_refs("""
        GATEWAY_SMOKE_MODEL ?= acme-ai/Tiny-0.6b-gguf/Q4_K_M
        FALLBACK_MODEL ?= acme-ai/Tiny-gguf/UD-Q4_K_XL
        PLAIN_MODEL ?= acme-ai/plain-repo/Q4_K_M
        FILE_MODEL ?= acme-ai/Tiny-GGUF/tiny-q4_k_m.gguf
        SUB_MODEL ?= acme-ai/Tiny-GGUF/subfolder
    """, "Makefile") == [(1, "acme-ai/Tiny-0.6b-gguf", "model"), (2, "acme-ai/Tiny-gguf", "model")]
    # a Python file is parsed only when a quoted string holds one slash (auditor/scan/prefilter.py): beside an id
    assert scan_refs('SMOKE_MODEL = "acme-ai/Tiny-GGUF/Q8_0"\nBASE_MODEL = "acme-ai/base"\n') == [
        (1, "acme-ai/Tiny-GGUF", "model"), (2, "acme-ai/base", "model")]
    assert scan_refs("model: acme-ai/Tiny-GGUF/IQ3_M\n", "gateway.yaml") == [(1, "acme-ai/Tiny-GGUF", "model")]


# --- Compose interpolation -------------------------------------------------------------------------------------------


def test_a_variable_with_its_default_names_the_default() -> None:
    assert scan_refs("""
        services:
          vllm:
            image: ${IMAGE:-vllm/vllm-openai:latest}
            command:
              - --model
              - ${MODEL:-acme-ai/command-default}
              - --served-model-name
              - ${SERVED:-local-alias}
            environment:
              MODEL_ID: ${MODEL_ID:-acme-ai/env-default}
              EMBED_MODEL: "${EMBED_MODEL-acme-ai/no-colon}"
              CACHE_MODEL_DIR: ${CACHE:-~/.cache/huggingface/acme}
              BEDROCK_MODEL: ${BEDROCK_MODEL:-amazon.nova-lite-v1:0}
              NO_DEFAULT_MODEL: ${NO_DEFAULT_MODEL}
              PORT: ${PORT:-8000}
          tgi:
            command: ["--model-id", "${TGI_MODEL:-acme-ai/flow-default}"]
    """, "docker-compose.yml") == [(6, "acme-ai/command-default", "model"), (10, "acme-ai/env-default", "model"),
                                   (11, "acme-ai/no-colon", "model"), (17, "acme-ai/flow-default", "model")]
    # a JSON file is parsed only when a quoted string is an id (auditor/scan/prefilter.py): beside one, read the same
    assert scan_refs('{"model_name_or_path": "${MODEL:-acme-ai/json-default}", "output_dir": "${OUT:-acme-ai/out}", '
                     '"tokenizer": "acme-ai/tok"}', "config.json") == [
        (1, "acme-ai/json-default", "model"), (1, "acme-ai/tok", "model")]


# --- OpenRouter slug tables -------------------------------------------------------------------------------------------


def test_an_openrouter_slug_table_picked_at_random_stays_slugs() -> None:
    assert scan_refs("""
        import random
        from openai import OpenAI

        OPENROUTER_MODELS = {"llama": ["acme-ai/slug-a", "acme-ai/slug-b"]}

        class OpenRouter(Llm):
            def __init__(self, provider, instructions=""):
                super().__init__(instructions)
                self.model = random.choice(OPENROUTER_MODELS[provider])
                self._messages = []

            def init(self):
                self.client = OpenAI(base_url="https://openrouter.ai/api/v1")

            def get_response(self, prompt):
                response = self.client.chat.completions.create(model=self.model, messages=self._messages)
                answer = response.choices[0].message.content
                self._messages.append({"role": "assistant", "content": answer})
                return answer
    """) == []


def test_an_openrouter_file_still_reports_what_it_loads_itself() -> None:
    assert scan_refs("""
        from openai import OpenAI
        EMBED_MODELS = {"small": "acme-ai/embedder"}
        CHAT_MODELS = {"fast": "acme-ai/chat-slug"}

        class Service:
            def __init__(self):
                self.client = OpenAI(base_url="https://openrouter.ai/api/v1")
                self.embedder = load_embedder(EMBED_MODELS["small"])

            def ask(self, prompt):
                return self.client.chat.completions.create(model=CHAT_MODELS["fast"], messages=[prompt])
    """) == [(2, "acme-ai/embedder", "model")]


# --- .envrc and PEP 723 scripts ---------------------------------------------------------------------------------------


def _scan_tree(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = scan_repository(tmp_path, cache=False)
    assert result.problems == ()
    return sorted((r.file, r.line, r.id) for r in result.references)


def test_an_envrc_is_read_as_a_shell_script(tmp_path: Path) -> None:
    assert _scan_tree(tmp_path, {
        ".envrc": "use flake\nexport MODEL_ID=acme-ai/direnv-model\ndotenv_if_exists .env\n",
        "sub/.envrc.local": "export EMBED_MODEL=\"acme-ai/local-envrc\"\n",
        ".bashrc": "export MODEL_ID=acme-ai/not-a-project-file\n",
        "other/.envrc": "export HF_HOME=/data/hf\nlayout python\n",
    }) == [(".envrc", 2, "acme-ai/direnv-model"), ("sub/.envrc.local", 1, "acme-ai/local-envrc")]


def test_a_suffix_less_uv_script_is_read_as_python(tmp_path: Path) -> None:
    script = ('#!/usr/bin/env -S uv run --script\n# /// script\n# dependencies = ["transformers"]\n# ///\n'
              'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme-ai/uv-script")\n')
    assert _scan_tree(tmp_path, {
        "scripts/fetch": script,
        "scripts/pipx_tool": script.replace("uv run --script", "pipx run").replace("uv-script", "pipx-script"),
        "scripts/ruff_tool": "#!/usr/bin/env -S uv tool run ruff\nm = 'acme-ai/not-python'\n",
    }) == [("scripts/fetch", 6, "acme-ai/uv-script"), ("scripts/pipx_tool", 6, "acme-ai/pipx-script")]


def test_the_shebang_of_a_runner_gives_python_unless_it_runs_a_shell() -> None:
    assert script_kind(b"#!/usr/bin/env -S uv run --script\n") == "python"
    assert script_kind(b"#!/usr/bin/env -S uv run --with requests --script\n") == "python"
    assert script_kind(b"#!/usr/bin/env -S pipx run\n") == "python"
    assert script_kind(b"#!/usr/bin/env -S uv run bash\n") == "shell"
    assert script_kind(b"#!/usr/bin/env uv\n") is None
    assert script_kind(b"#!/usr/bin/env -S uv tool run ruff\n") is None
    assert script_kind(b"#!/usr/bin/env node\n") is None


def test_a_dict_line_reports_the_span_of_each_id() -> None:
    text = 'MODEL_MAP = {"small": "acme-ai/s", "big": ["acme-ai/b1", "acme-ai/b2"], "acme-ai/k": "Label"}\n'
    refs, problems = scan_file("app.py", text.encode())
    assert problems == []
    spans = sorted((text[r.column - 1:(r.end_column or 0) - 1], r.id) for r in refs)
    assert spans == [('"acme-ai/b1"', "acme-ai/b1"), ('"acme-ai/b2"', "acme-ai/b2"), ('"acme-ai/k"', "acme-ai/k"),
                     ('"acme-ai/s"', "acme-ai/s")]
