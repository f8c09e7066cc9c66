"""Classes of reference shapes the scanner missed after the sixteenth recall pass, found by collecting real files of
the kinds earlier passes covered least (tests/fixtures/scan_recall17: the lines that matter, each file's origin in
its MANIFEST.tsv, the truth in TRUTH.tsv; 24 of 77 references found before, no false positive before or after):

- a Bash array whose name says model or dataset (`models=("org/a" "org/b")`, `declare -a DATASETS=(...)`, one
  element a line up to the closing parenthesis, `MODELS+=(...)`) gives each element as a value of that name; the
  command reader split at the parentheses and never saw the elements (41 of the 41 misses of the fixture);
- a Helm `--set` / `--set-string` value is a path of keys with list indices and several entries joined by commas
  (`--set servingEngineSpec.modelSpec[0].modelURL=org/x,replicaCount=2`): each entry is judged by its path as the
  same key in a values file is, a container image's fields (`...repository=vllm/vllm-openai`) never a model;
- a script that builds a notebook from f-string cells (`new_code_cell(f\"\"\"...{base}...\"\"\")`): the cell's literal
  code is read, each replacement field standing for an unknown name; an id completed by a field is no id;
- an option whose name is a plural of what it takes (`--models org/a org/b`, `--eval_datasets ...`: argparse's
  `nargs="+"`) gives every value up to the next option, not only the first;
- an attribute assignment whose attribute says nothing alone is judged by the attribute under its owner's
  (`config.model.name = "org/x"`: `model.name`, as an ml_collections / OmegaConf / yacs configuration is filled in);
- a multimodal model's vision (or audio) tower names the encoder it loads (`--vision_tower openai/clip-vit-...`,
  `mm_vision_tower: str = "google/siglip-..."`): `tower` is a model word of the vocabulary;
- a JavaScript / TypeScript array whose name or key says model (`const WHISPER_MODELS = ['org/a', 'org/b']`,
  `{ models: ["org/x"] }`) gives each element, as the object of pass 5 (`const MODELS = { chat: 'org/x' }`) did;
- a TOML document in a Python string (`tomllib.loads(\"\"\"[model]\\nname_or_path = "org/x"\"\"\")`) is read by the
  TOML reader, and a JSON document in one (`\"key": "org/x"` lines, or a one-line object) by the YAML reader (JSON
  is its flow style).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import scan_file
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs, scan_spans

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall17"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=77)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=53)


# --- Bash arrays ----------------------------------------------------------------------------------------------------


def test_an_array_of_models_on_one_line_gives_each_element() -> None:
    text = ('models=("acme-ai/one" "gpt-4o-mini" acme-ai/two)\n'
            'declare -a DATASETS=("acme-ai/corpus")\n'
            'EVAL_MODELS+=( "acme-ai/added" )\n'
            'for m in "${models[@]}"; do python run.py --model "$m"; done\n')
    assert scan_spans("run.sh", text) == [
        (1, '"acme-ai/one"', "acme-ai/one"), (1, "acme-ai/two", "acme-ai/two"),
        (2, '"acme-ai/corpus"', "acme-ai/corpus"), (3, '"acme-ai/added"', "acme-ai/added")]
    assert scan_refs('declare -a DATASETS=("acme-ai/corpus")\n', "run.sh") == [(1, "acme-ai/corpus", "dataset")]


def test_an_array_one_element_a_line_is_read_up_to_its_closing_parenthesis() -> None:
    assert scan_refs("""
        MODELS=(
          "acme-ai/first"   # the small one
          acme-ai/second
          "roberta-base"
        )
        OTHER="acme-ai/after-the-array"
        echo done acme-ai/not-an-element
    """, "sweep.sh") == [(2, "acme-ai/first", "model"), (3, "acme-ai/second", "model"), (4, "roberta-base", "model")]


def test_arrays_that_name_no_hub_repository_give_nothing() -> None:
    assert scan_refs("""
        SEEDS=(0 21 42)
        STRATEGIES=("exponential" "linear")
        layers=("acme-ai/not-a-model-name")
        models=("tinyllama" "qwen3.6:27b-q4_K_M-ctx128k")
        models=("$@")
        models=( $(ollama list | awk '{print $1}') acme-ai/after-substitution )
        declare -A datasets=(["local"]="/root/data/acme/train")
        # models=("acme-ai/commented")
        echo "models=(acme-ai/in-a-string)"
    """, "run.sh") == []


def test_arrays_in_a_ci_step_and_a_notebook_bash_cell() -> None:
    assert scan_refs("""
        jobs:
          eval:
            steps:
              - run: |
                  MODELS=("acme-ai/ci-a" "acme-ai/ci-b")
                  for m in "${MODELS[@]}"; do python eval.py --model "$m"; done
    """, ".github/workflows/eval.yml") == [(5, "acme-ai/ci-a", "model"), (5, "acme-ai/ci-b", "model")]
    cell = '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, ' \
           '"source": ["%%bash\\n", "DATASETS=(acme-ai/nb-data)\\n"]}], "metadata": {}, "nbformat": 4, ' \
           '"nbformat_minor": 5}'
    assert scan_refs(cell, "sweep.ipynb") == [(1, "acme-ai/nb-data", "dataset")]


def test_arrays_are_read_in_shell_scripts_only() -> None:
    assert scan_refs('MODELS=("acme-ai/in-docker")\n', "Dockerfile") == []
    assert scan_refs('models=("acme-ai/py-tuple",)\n', "run.py") == [(1, "acme-ai/py-tuple", "model")]


# --- plural options ------------------------------------------------------------------------------------------------


def test_a_plural_option_gives_every_value_up_to_the_next_option() -> None:
    assert scan_refs("""
        python eval.py --models acme-ai/a acme-ai/b --tasks acme-ai/not-a-model
        python eval.py --eval_datasets acme-ai/d1 acme-ai/d2 > out/log.txt
        python eval.py --model acme-ai/single positional/arg
        python eval.py --model_args pretrained=acme-ai/args extra/word
        python ensemble.py --model_names 0 1 2 --seeds 123 456
        python eval.py --models=acme-ai/inline acme-ai/positional
    """, "run.sh") == [(1, "acme-ai/a", "model"), (1, "acme-ai/b", "model"), (2, "acme-ai/d1", "dataset"),
                      (2, "acme-ai/d2", "dataset"), (3, "acme-ai/single", "model"), (4, "acme-ai/args", "model"),
                      (6, "acme-ai/inline", "model")]


# --- Helm --set -----------------------------------------------------------------------------------------------------


def test_helm_set_paths_with_indices_and_comma_lists() -> None:
    text = ("helm install vllm vllm/vllm-stack \\\n"
            "  --set servingEngineSpec.modelSpec[0].modelURL=acme-ai/indexed \\\n"
            "  --set-string llm.modelId=\"acme-ai/quoted\" \\\n"
            "  --set 'replicaCount=2,model.name=acme-ai/second-entry' \\\n"
            "  --set servingEngineSpec.modelSpec[0].repository=lmcache/vllm-openai,image.repository=vllm/x \\\n"
            "  --set \"servingEngineSpec.modelSpec[0].modelURL=<MODEL>\"\n")
    assert scan_spans("deploy.sh", text) == [
        (2, "acme-ai/indexed", "acme-ai/indexed"), (3, "acme-ai/quoted", "acme-ai/quoted"),
        (4, "acme-ai/second-entry", "acme-ai/second-entry")]


def test_helm_set_values_from_variables_and_other_assigning_options_unchanged() -> None:
    assert scan_refs("""
        MODEL=acme-ai/from-variable
        helm upgrade stack vllm/vllm-stack --set "servingEngineSpec.modelSpec[0].modelURL=${MODEL}"
        docker run -e MODEL_ID=acme-ai/env-option image
    """, "swap.sh") == [(1, "acme-ai/from-variable", "model"), (3, "acme-ai/env-option", "model")]


# --- notebooks built from f-string cells ----------------------------------------------------------------------------


def test_f_string_cells_are_read_with_their_fields_as_unknown_names() -> None:
    text = '''import nbformat as nbf
size = "1b"
nb = nbf.v4.new_notebook()
nb.cells = [nbf.v4.new_code_cell(f"""from transformers import AutoModel
tok = AutoTokenizer.from_pretrained("acme-ai/literal")
model = AutoModel.from_pretrained("acme-ai/opt-{size}")
ds = load_dataset("{{org}}/x")
x = {size!r}
cfg = {{"model": "acme-ai/in-braces"}}
!hf download acme-ai/shell-{size} --local-dir m
"""),
    nbf.v4.new_code_cell(f"ref = pipeline('ner', model=f'acme-ai/{{size}}')\\n"
                         f"m = AutoModel.from_pretrained('acme-ai/one')")]
'''
    assert scan_spans("build.py", text) == [
        (5, '"acme-ai/literal"', "acme-ai/literal"), (9, '"acme-ai/in-braces"', "acme-ai/in-braces"),
        (13, "'acme-ai/one'", "acme-ai/one")]


def test_an_f_string_cell_that_does_not_close_or_parse_gives_nothing_and_no_problem() -> None:
    refs, problems = scan_file("build.py", b'''import nbformat
cells = [nbformat.v4.new_code_cell(f"""def broken(:\\n    AutoModel.from_pretrained('acme-ai/x') {value}"""),
         nbformat.v4.new_code_cell(f"m = AutoModel.from_pretrained('acme-ai/{'nested'}')"),
         nbformat.v4.new_code_cell(f"{x=} AutoModel.from_pretrained('acme-ai/debug-field')")]
''')
    assert (refs, problems) == ([], [])


# --- configuration objects filled in attribute by attribute -------------------------------------------------------


def test_an_attribute_is_judged_under_its_owner_when_it_says_nothing_alone() -> None:
    assert scan_refs("""
        config = ml_collections.ConfigDict()
        config.model.name = "acme-ai/mlc"
        config.data.path = "acme-ai/mlc-data"
        cfg.MODEL.PRETRAINED = "acme-ai/yacs"
        args.model_name_or_path = "acme-ai/plain-attribute"
        config.output.path = "runs/out"
        trainer.logger.name = "team/run"
        self.name = "acme-ai/self-name"
        config.model.name = "custom-transformer"
        cfg.model.pretrained = "/mnt/weights/blip2.pth"
    """) == [(2, "acme-ai/mlc", "model"), (3, "acme-ai/mlc-data", "dataset"), (4, "acme-ai/yacs", "model"),
             (5, "acme-ai/plain-attribute", "model")]


# --- towers of multimodal models -----------------------------------------------------------------------------------


def test_a_vision_tower_names_the_encoder_a_multimodal_model_loads() -> None:
    assert scan_refs("--vision_tower acme-ai/clip-tower --mm_projector_type mlp2x_gelu\n", "train.sh") == [
        (1, "acme-ai/clip-tower", "model")]
    assert scan_refs("mm_vision_tower: acme-ai/yaml-tower\nmm_audio_tower: acme-ai/audio-tower\n", "config.yaml") == [
        (1, "acme-ai/yaml-tower", "model"), (2, "acme-ai/audio-tower", "model")]
    assert scan_refs("""
        @dataclass
        class Args:
            mm_vision_tower: str = "acme-ai/field-tower"
            unfreeze_mm_vision_tower: bool = False
            vision_tower_lr: float = 2e-5
            tower_dir: str = "towers/local"
    """) == [(3, "acme-ai/field-tower", "model")]


# --- JavaScript arrays of models ----------------------------------------------------------------------------------


def test_a_javascript_array_of_models_gives_each_element() -> None:
    assert scan_refs("""
        export const MODELS = ['acme-ai/js-a', 'acme-ai/js-b'];
        const config = { embeddingModel: "acme-ai/js-embed", datasets: ["acme-ai/js-data"] };
        const EMBEDDING_MODELS: string[] = [
          "acme-ai/multi-line",
        ];
    """, "app.ts") == [(1, "acme-ai/js-a", "model"), (1, "acme-ai/js-b", "model"), (2, "acme-ai/js-data", "dataset"),
                       (2, "acme-ai/js-embed", "model"), (4, "acme-ai/multi-line", "model")]


def test_javascript_arrays_that_hold_no_model_names_give_nothing() -> None:
    assert scan_refs("""
        const paths = ["src/index", "lib/main"];
        const MODEL_LIST = ['openai/gpt-4o', 'anthropic/claude-3'];
        const models = await Promise.all(["acme-ai/in-a-call"].map(load));
        const MODELS = [{ label: "A", icon: "icons/a" }];
    """, "app.js") == []


# --- TOML and JSON documents in Python strings -----------------------------------------------------------------------


def test_a_toml_document_in_a_string_is_read_as_toml() -> None:
    assert scan_refs('''
        import tomllib
        CONFIG = """
        [model]
        name_or_path = "acme-ai/toml-model"
        [data]
        dataset = "acme-ai/toml-data"
        output = "runs/out"
        """
        cfg = tomllib.loads(CONFIG)
        other = tomllib.loads("""
        base_model = "acme-ai/passed"
        """)
    ''') == [(4, "acme-ai/toml-model", "model"), (6, "acme-ai/toml-data", "dataset"), (11, "acme-ai/passed", "model")]


def test_a_json_document_in_a_string_is_read_as_configuration() -> None:
    assert scan_refs('''
        ARGS = """{
          "model_name_or_path": "acme-ai/json-model",
          "dataset_name": "acme-ai/json-data",
          "output_dir": "out/run1"
        }"""
        args = json.loads(ARGS)
    ''') == [(2, "acme-ai/json-model", "model"), (3, "acme-ai/json-data", "dataset")]


def test_a_one_line_json_object_in_a_string_is_read_as_configuration() -> None:
    assert scan_refs("""
        args = json.loads('{"model_name_or_path": "acme-ai/one-line", "lr": 1e-5, "dataset_name": "acme-ai/data"}')
        CONF = '{"output_dir": "out/run", "model": "acme-ai/assigned"}'
        print('{"model": "acme-ai/printed"}')
        broken = '{"model": "acme-ai/unclosed"'
        text = "{not json: acme-ai/x}"
    """) == [(1, "acme-ai/data", "dataset"), (1, "acme-ai/one-line", "model"), (2, "acme-ai/assigned", "model")]


def test_toml_and_json_lookalikes_stay_text() -> None:
    assert scan_refs('''
        def f():
            """Usage.

            model = "acme-ai/in-a-docstring"
            """
        SHOWN = """
        base_model = "acme-ai/only-printed"
        """
        print(SHOWN)
        PATHS = """
        [paths]
        weights = "models/local"
        """
        path = "data/train"
    ''') == []
