"""Classes of reference shapes the scanner missed (or misread) after the seventh recall pass, found by collecting real
files of training frameworks, serving stacks, Terraform and Swift apps (tests/fixtures/scan_recall8: the lines that
matter, each file's origin in its MANIFEST.tsv, the truth in TRUTH.tsv; 46 of 67 references found before, one false
positive):

- `pretrain` is a model word (OpenRLHF `--pretrain org/x`, `--reward_pretrain org/x`), and `prompt`, a negative word,
  no longer vetoes a name that also says data (`--prompt_data org/x`, `prompt_dataset`);
- a Hydra / OmegaConf override naming a split's data by its place (`rollout.train.path=org/x`);
- the script of `bash -c "..."` / `sh -c '...'` is read as commands (a container's `sglang.launch_server --model-path`);
- ms-swift's sampled datasets (`--dataset org/x#500`, `dataset=["org/x#500", ...]`): the id is the part before the
  count, and a literal list under a model or dataset keyword is one id per element;
- LitGPT's `--tokenizer_dir` / `--checkpoint_dir` given the repository itself (LitGPT downloads it);
- TRL trainers given the model's id first (`SFTTrainer("org/x", ...)`);
- Swift's `ModelConfiguration(id: "mlx-community/x")` (a type named after a model, built from an id);
- Terraform / HCL attributes (`hf_model_id = "org/x"`, a `variable "embedding_model"` block's `default`);
- Dart (Flutter) sources, read as JavaScript (`baseUrl: 'https://huggingface.co/org/x/resolve/main/f.task'`);
- an adapter loader's owner-less name is the folder a training run wrote (`load_lora_weights("lora-dreambooth-model")`),
  not a Hub repository (a false positive before).

Review 17 narrowed three of these classes and completed one: the Swift rule names MLX's loaders (an app's
`CategoryModel(id: "sports/football")` is no model), a split override needs a data head and never a logger's
(`logger.val.name=val/loss`), a one-line `variable "x" { default = "org/x" }` is read and closes its block, and a
`prompt_data` folder the project holds is dropped like any existing path.

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import is_scanned, scan_file, scan_repository
from auditor.scan.cache import kind_of
from auditor.scan.vocab import vocabulary
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall8"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=66)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=48)


# --- OpenRLHF options: pretrain, prompt data --------------------------------------------------------------------------


def test_pretrain_options_name_models_and_prompt_data_names_a_dataset() -> None:
    assert scan_refs("""
        deepspeed --module openrlhf.cli.train_ppo \\
          --pretrain acme-ai/actor \\
          --reward_pretrain acme-ai/reward \\
          --prompt_data acme-ai/prompts \\
          --save_path acme-ai/not-an-input \\
          --wandb_project acme-ai/not-a-model
    """, "train.sh") == [(2, "acme-ai/actor", "model"), (3, "acme-ai/reward", "model"),
                         (4, "acme-ai/prompts", "dataset")]


def test_prompt_data_naming_a_folder_of_the_project_is_no_reference(tmp_path: Path) -> None:
    script = "deepspeed x.py --prompt_data prompts/train --pretrain acme-ai/actor\n"
    code = 'prompt_data_file = "prompts/train"\nprompt_dataset = "acme-ai/prompts"\n'
    for project in ("holds", "lacks"):
        (tmp_path / project).mkdir()
        (tmp_path / project / "run.sh").write_text(script)
        (tmp_path / project / "cfg.py").write_text(code)
    (tmp_path / "holds" / "prompts" / "train").mkdir(parents=True)

    def refs(project: str) -> list[tuple[str, str, str]]:
        return sorted((r.file, r.id, r.kind) for r in scan_repository(tmp_path / project).references)

    assert refs("holds") == [("cfg.py", "acme-ai/prompts", "dataset"), ("run.sh", "acme-ai/actor", "model")]
    # without the folder the value reads as a dataset id (fail closed; docs/check.md says so)
    assert refs("lacks") == [("cfg.py", "acme-ai/prompts", "dataset"), ("cfg.py", "prompts/train", "dataset"),
                             ("run.sh", "acme-ai/actor", "model"), ("run.sh", "prompts/train", "dataset")]


def test_prompt_still_vetoes_a_name_without_a_data_word() -> None:
    vocab = vocabulary()
    assert vocab.name_kind("--prompt_data") == vocab.name_kind("prompt_dataset") == "dataset"
    assert vocab.name_kind("PROMPT") is None
    assert vocab.name_kind("prompt_model") is None
    assert vocab.name_kind("prompt_template_path") is None
    assert vocab.name_kind("output_prompt_data") is None  # a hard negative word still wins
    assert vocab.name_kind("pretrained_output_dir") is None
    assert vocab.name_kind("--pretrain_data") == "dataset"


# --- Hydra overrides naming a split's data ---------------------------------------------------------------------------


def test_dotted_split_overrides_name_datasets() -> None:
    assert scan_refs("""
        torchrun -m trainer.ppo \\
            rollout.train.path=acme-ai/train-set \\
            rollout.test.path=acme-ai/test-set \\
            rollout.env_path=envs/x.py \\
            trainer.path=acme-ai/not-a-split \\
            train.output.path=acme-ai/not-an-input \\
            actor.model_name=acme-ai/actor
    """, "run.sh") == [(2, "acme-ai/train-set", "dataset"), (3, "acme-ai/test-set", "dataset"),
                       (7, "acme-ai/actor", "model")]


def test_dotted_split_overrides_need_a_data_head_and_never_a_loggers() -> None:
    assert scan_refs("""
        python train.py logger.val.name=val/loss metrics.test.name=eval/accuracy
        python train.py callbacks.val.name=acme-ai/c monitor.eval.id=acme-ai/m wandb.train.name=acme-ai/w
        python train.py wandb.rollout.val.name=acme-ai/k trainer.val.path=acme-ai/t experiment.test.name=acme-ai/e
        python train.py metrics.rollout.test.name=acme-ai/m2 rollout.logger.train.id=acme-ai/l
        python train.py data.train.path=acme-ai/d1 datasets.eval.name=acme-ai/d2 train_data.val.hf_path=acme-ai/d3
        python train.py rollout.test.path=acme-ai/r corpus.dev.repo_id=acme-ai/c2
    """, "run.sh") == [(5, "acme-ai/d1", "dataset"), (5, "acme-ai/d2", "dataset"), (5, "acme-ai/d3", "dataset"),
                       (6, "acme-ai/c2", "dataset"), (6, "acme-ai/r", "dataset")]


# --- bash -c scripts --------------------------------------------------------------------------------------------------


def test_a_shell_c_script_is_read_as_commands_at_its_own_columns() -> None:
    refs = scan_refs("""
        docker run --gpus all img \\
            bash -c "python3 -m sglang.launch_server --model-path acme-ai/served --port 30000"
        sh -c 'huggingface-cli download acme-ai/fetched && echo acme-ai/printed'
    """, "serve.sh")
    assert refs == [(2, "acme-ai/served", "model"), (3, "acme-ai/fetched", "model")]
    found, _ = scan_file("serve.sh", b'bash -c "vllm serve acme-ai/x"\n')
    assert [(r.column, r.end_column) for r in found] == [(21, 30)]  # the id's own place inside the quotes


def test_a_shell_c_script_in_a_compose_entrypoint_keeps_ollama_names_out() -> None:
    assert scan_refs("""
        services:
          ollama:
            image: ollama/ollama
            entrypoint: sh -c "ollama serve & sleep 5 && ollama pull nomic-embed-text"
          llm:
            entrypoint: bash -c "vllm serve acme-ai/chat --port 8000"
    """, "docker-compose.yml") == [(6, "acme-ai/chat", "model")]


# --- ms-swift sampled datasets and keyword lists ----------------------------------------------------------------------


def test_sampled_datasets_name_the_repository_before_the_count() -> None:
    assert scan_refs("""
        swift sft \\
            --model acme-ai/base \\
            --dataset 'acme-ai/one#1000' \\
            --dataset acme-ai/two:default#20
    """, "sft.sh") == [(2, "acme-ai/base", "model"), (3, "acme-ai/one", "dataset"), (4, "acme-ai/two", "dataset")]
    assert scan_refs("""
        args = TrainArguments(model="acme-ai/base", dataset=["acme-ai/one#500", "acme-ai/two"])
    """) == [(1, "acme-ai/base", "model"), (1, "acme-ai/one", "dataset"), (1, "acme-ai/two", "dataset")]


def test_a_hash_that_is_no_count_or_no_dataset_is_not_stripped() -> None:
    assert scan_refs("""
        a = configure(dataset="acme-ai/x#L10")
        b = configure(model="acme-ai/y#500")
        c = Trainer(reward_funcs=[score, "not-an-id"])
    """) == []


def test_sampled_dataset_in_a_yaml_config() -> None:
    assert scan_refs("""
        model: acme-ai/base
        dataset: acme-ai/one#500
    """, "sft.yaml") == [(1, "acme-ai/base", "model"), (2, "acme-ai/one", "dataset")]


# --- LitGPT options given a repository --------------------------------------------------------------------------------


def test_litgpt_folder_options_take_the_repository_itself() -> None:
    assert scan_refs("""
        litgpt pretrain pythia-14m \\
           --tokenizer_dir acme-ai/tokenizer \\
           --initial_checkpoint_dir out/pretrain-1 \\
           --out_dir acme-ai/not-an-input
        litgpt finetune --checkpoint_dir checkpoints/acme-ai/base
    """, "train.sh") == [(2, "acme-ai/tokenizer", "model"), (5, "acme-ai/base", "model")]
    assert scan_refs("""
        python other_tool.py --tokenizer_dir acme-ai/a-tokenizer-folder
    """, "run.sh") == []  # outside LitGPT a folder option names a folder


# --- TRL trainers -----------------------------------------------------------------------------------------------------


def test_trl_trainers_take_the_model_id_first() -> None:
    assert scan_refs("""
        from trl import SFTTrainer, GRPOTrainer
        a = SFTTrainer("acme-ai/sft-base", train_dataset=ds)
        b = GRPOTrainer(model="acme-ai/grpo-base", reward_funcs=reward)
        c = Trainer(model, args)
        d = SFTTrainer(model, train_dataset=ds)
    """) == [(2, "acme-ai/sft-base", "model"), (3, "acme-ai/grpo-base", "model")]


# --- Swift ModelConfiguration -----------------------------------------------------------------------------------------


def test_swift_types_named_after_a_model_built_from_an_id() -> None:
    assert scan_refs("""
        let config = ModelConfiguration(id: "acme-ai/mlx-4bit")
        private let chosen = ModelConfiguration(id: "acme-ai/mlx-8bit", revision: "main")
        let user = UserProfile(id: "acme-ai/not-a-model")
        let other = ModelConfiguration(directory: "acme-ai/local-folder")
    """, "Models.swift") == [(1, "acme-ai/mlx-4bit", "model"), (2, "acme-ai/mlx-8bit", "model")]


def test_swift_mlx_loaders_are_named_and_an_apps_own_model_types_are_not() -> None:
    assert scan_refs("""
        let vision = VLMModelConfiguration(id: "acme-ai/vlm-4bit")
        let container = try await loadModelContainer(id: "acme-ai/llm-4bit")
        let model = try await MLXLMCommon.loadModel(id: "acme-ai/llm-8bit")
        let cat = CategoryModel(id: "sports/football")
        let item = ItemViewModel(id: "users/42")
        let row = ModelRow(id: "acme-ai/a-row")
        let again = reloadModel(id: "acme-ai/not-a-loader")
        let named = ModelConfigurationView(id: "acme-ai/a-view")
    """, "Views.swift") == [(1, "acme-ai/vlm-4bit", "model"), (2, "acme-ai/llm-4bit", "model"),
                            (3, "acme-ai/llm-8bit", "model")]


# --- Terraform --------------------------------------------------------------------------------------------------------


def test_terraform_files_are_scanned_and_cached_as_their_own_kind() -> None:
    assert is_scanned("infra/main.tf") and is_scanned("infra/prod.tfvars") and is_scanned("infra/x.hcl")
    assert kind_of("infra/main.tf") == kind_of("infra/prod.tfvars") == "h"
    assert not is_scanned("infra/main.tf.json.bak")


def test_terraform_attributes_and_variable_defaults() -> None:
    assert scan_refs("""
        module "huggingface_sagemaker" {
          source      = "philschmid/sagemaker-huggingface/aws"
          hf_model_id = "acme-ai/classifier"  # the endpoint's model
          name_prefix = "acme-ai/not-a-model"
          instance_count = 1 # default is 1
        }
        variable "embedding_model" {
          type    = string
          default = "acme-ai/embedder"
        }
        variable "endpoint_name" {
          default = "acme-ai/not-a-model-either"
        }
        # hf_model_id = "acme-ai/commented-out"
    """, "main.tf") == [(3, "acme-ai/classifier", "model"), (9, "acme-ai/embedder", "model")]


def test_terraform_variables_written_on_one_line_and_the_blocks_after_them() -> None:
    assert scan_refs("""
        variable "tokenizer" { default = "acme-ai/tokenizer" }
        variable "endpoint_name" { default = "acme-ai/not-a-model" }
        variable "llm" { type = string }
        variable "model_x" { description = "default = acme-ai/in-a-string", default = "acme-ai/x" }
        variable "base_model" {}
        locals {
          default = "acme-ai/no-variable-open"
        }
        variable "embedding_model" {
          default = "acme-ai/embedder"
        }
    """, "main.tf") == [(1, "acme-ai/tokenizer", "model"), (4, "acme-ai/x", "model"), (10, "acme-ai/embedder", "model")]
    found, _ = scan_file("vars.tf", b'variable "tokenizer" { default = "acme-ai/t" }\n')
    assert [(r.column, r.end_column) for r in found] == [(34, 45)]  # the quoted value, as for any HCL attribute


# --- adapters: an owner-less name is a local folder -------------------------------------------------------------------


def test_adapter_loaders_read_owner_less_names_as_folders() -> None:
    assert scan_refs("""
        pipe.load_lora_weights("lora-dreambooth-model", weight_name="pytorch_lora_weights.safetensors")
        pipe.load_lora_weights("acme-ai/style-lora")
        model = PeftModel.from_pretrained(base, "qlora-out-v2")
        model = PeftModel.from_pretrained(base, "acme-ai/adapter")
        model.load_adapter("my-adapter-1")
    """) == [(2, "acme-ai/style-lora", "model"), (4, "acme-ai/adapter", "model")]
    assert scan_refs("""
        model = AutoModelForCausalLM.from_pretrained("opt-350m-local")
    """) == [(1, "opt-350m-local", "model")]  # a base model's bare name keeps the historical rule


# --- Dart -------------------------------------------------------------------------------------------------------------


def test_dart_sources_are_scanned_like_javascript() -> None:
    assert is_scanned("lib/models.dart") and kind_of("lib/models.dart") == "x"
    assert not is_scanned("lib/models.g.dart") and not is_scanned("lib/models.freezed.dart")
    assert not is_scanned(".dart_tool/flutter_build/x.dart")
    assert scan_refs("""
        // const String oldModel = 'acme-ai/commented-out';
        const String modelId = 'acme-ai/dart-model';
        final url = 'https://huggingface.co/acme-ai/tasks/resolve/main/model.task';
        final page = 'https://github.com/acme-ai/not-a-model';
        import 'package:acme_ai/not_a_model.dart';
    """, "lib/models.dart") == [(2, "acme-ai/dart-model", "model"), (3, "acme-ai/tasks", "model")]
