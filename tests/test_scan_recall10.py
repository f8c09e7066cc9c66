"""Classes of reference shapes the scanner missed after the ninth recall pass, found by collecting real files of
lm-evaluation-harness tasks, mergekit merges, Ollama Modelfiles, llama.cpp / TGI / vLLM launchers, OpenCompass model
tables, torchtune recipes, Hydra configs, notebooks and settings classes (tests/fixtures/scan_recall10: the lines that
matter, each file's origin in its MANIFEST.tsv, the truth in TRUTH.tsv; 56 of 63 references found before, no false
positive):

- lm-evaluation-harness's extension-less task templates (`_default_template_yaml`, which its task files `include:`),
  read as YAML;
- OpenCompass's `models = [dict(type=..., path='org/x')]`: the keywords of a `dict(...)` call are keys, so its
  generic id keys take the kind of the variable it is assigned to, as a literal's do (not in a remote API's dict);
- a GGUF repository's quantisation tag in a variable (`MODEL_REF="${M:-org/x-GGUF:Q4_K_M}"`), as `-hf` already read it;
- here-documents that are a program or a Modelfile: `python - <<'PY' ... load_dataset("org/x") ... PY`, and
  `cat > "${modelfile}" <<'EOF'` with `FROM hf.co/org/x-GGUF`; `"${OLLAMA_BIN}" pull hf.co/org/x` (the binary in a
  variable named for it).

Left out of the fixture on purpose (pass 10): a YAML document built line by line in a Python list of strings
(`"base_model: org/x"` among `lines = [...]`), an f-string YAML template (`dataset_path: cais/mmlu` in an f-string;
the existing rule: f-strings are not read as YAML), lagent's `HFTransformer(path='org/x')` (`path=` of a call the
vocabulary does not know), and VLMEvalKit's `llava_path='org/x'` (a key named for one architecture).

Each class is tested on minimal shapes of our own with the near misses that must stay non-references beside it."""

from __future__ import annotations

from pathlib import Path

from auditor.scan import is_scanned, scan_file
from auditor.scan.cache import kind_of
from tests.scanfixture import assert_origins_recorded, assert_scans_to_truth, scan_refs

FIXTURE = Path(__file__).parent / "fixtures" / "scan_recall10"


# --- the fixture of real shapes: every reference found, nothing else ------------------------------------------------


def test_the_fixture_of_real_shapes_scans_to_its_truth() -> None:
    assert_scans_to_truth(FIXTURE, at_least=63)


def test_every_fixture_file_has_its_origin_recorded() -> None:
    assert_origins_recorded(FIXTURE, at_least=50)


# --- lm-evaluation-harness templates ----------------------------------------------------------------------------------


def test_an_lm_eval_template_without_extension_is_read_as_yaml() -> None:
    assert scan_refs("dataset_path: acme-ai/exam\ntest_split: test\n", "tasks/exam/_default_template_yaml") == [
        (1, "acme-ai/exam", "dataset")]
    assert is_scanned("tasks/exam/_default_template_yaml") and kind_of("tasks/exam/_template_yaml") == "y"


def test_other_names_ending_in_yaml_are_not_read() -> None:
    assert not is_scanned("tools/check_yaml") and not is_scanned("tasks/default_yaml")
    assert scan_file("tools/check_yaml", b"dataset_path: acme-ai/exam\n") == ([], [])


# --- OpenCompass dict(...) configs ------------------------------------------------------------------------------------


def test_a_dict_call_in_a_models_list_names_its_path() -> None:
    assert scan_refs("""
        models = [dict(type=HuggingFacewithChatTemplate, abbr='chat-7b-hf', path='acme-ai/chat-7b',
                       run_cfg=dict(num_gpus=1))]
        datasets = [dict(abbr='exam', path='acme-ai/exam', name='algebra')]
        model = dict(type=TurboMind, path='acme-ai/chat-20b')
    """, "configs/eval.py") == [(1, "acme-ai/chat-7b", "model"), (3, "acme-ai/exam", "dataset"),
                                (4, "acme-ai/chat-20b", "model")]


def test_a_dict_call_outside_a_model_name_or_for_a_remote_api_names_nothing() -> None:
    assert scan_refs("""
        runner = dict(type=LocalRunner, path='acme-ai/chat-7b')
        work_dir = dict(path='outputs/default')
        models = [dict(type=OpenAISDK, openai_api_base='http://localhost:23333/v1', path='acme-ai/served-7b')]
        models = [dict(type=X, abbr='acme-ai/not-a-load')]
    """, "configs/eval.py") == []


# --- quantisation tags ------------------------------------------------------------------------------------------------


def test_a_gguf_quant_tag_in_a_variable_is_not_part_of_the_id() -> None:
    assert scan_refs("""
        MODEL_REF="${LOCAL_MODEL:-acme-ai/chat-GGUF:Q4_K_M}"
        MODEL_ID=acme-ai/chat:UD-Q4_K_XL
        MODEL=acme-ai/tiny-GGUF:latest
        llama-server -hf "$MODEL_REF"
    """, "serve.sh") == [(1, "acme-ai/chat-GGUF", "model"), (2, "acme-ai/chat", "model"),
                         (3, "acme-ai/tiny-GGUF", "model")]


def test_a_colon_that_is_no_quant_tag_keeps_the_value_unread() -> None:
    assert scan_refs("""
        EMBED_MODEL=nvidia/embed-1b:free
        MODEL=acme-ai/chat:v2
        MODEL_URL=http://localhost:8080
    """, "serve.sh") == []


# --- here-documents ---------------------------------------------------------------------------------------------------


def test_a_python_here_document_is_read_as_python_at_its_lines() -> None:
    refs, _ = scan_file("check.sh", (
        b"#!/bin/bash\n"
        b"python - <<'PY'\n"
        b"from datasets import load_dataset\n"
        b"ds = load_dataset('acme-ai/exam', split='test')\n"
        b"PY\n"
        b"python3 <<EOF\n"
        b"from transformers import AutoModel\n"
        b"AutoModel.from_pretrained('acme-ai/bert')\n"
        b"EOF\n"))
    assert [(r.line, r.id, r.kind, r.column) for r in refs] == [(4, "acme-ai/exam", "dataset", 19),
                                                                 (8, "acme-ai/bert", "model", 27)]


def test_a_here_document_that_is_neither_code_nor_a_modelfile_names_nothing() -> None:
    assert scan_refs("""
        cat <<EOF > notes.txt
        load_dataset('acme-ai/exam')
        FROM hf.co/acme-ai/chat-GGUF
        EOF
        cat <<EOF
        python - acme-ai/bert
        EOF
    """, "notes.sh") == []


def test_a_modelfile_written_by_a_script_and_a_variable_held_ollama_name_the_repository() -> None:
    assert scan_refs("""
        "${OLLAMA_BIN}" pull hf.co/acme-ai/chat-GGUF:Q4_K_M
        cat > "${modelfile}" << 'EOF'
        FROM hf.co/acme-ai/chat-GGUF:Q4_K_M
        PARAMETER num_ctx 4096
        EOF
        "${DOCKER}" pull hf.co/acme-ai/other
        $MY_TOOL run hf.co/acme-ai/third
        $OLLAMA pull llama3
    """, "setup.sh") == [(1, "acme-ai/chat-GGUF", "model"), (3, "acme-ai/chat-GGUF", "model")]
