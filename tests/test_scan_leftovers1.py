"""Classes of reference shapes the last recall pass found and left alone, each on minimal shapes of our own with the
near misses that must stay non-references beside it:

- serving and fetching commands whose model is a positional word: LM Studio's `lms get org/x` / `lms load org/x`,
  BentoML's `openllm serve org/x` (an owner required: their catalogs' short names are not Hub repositories), MLC LLM's
  `mlc_llm serve HF://org/x` (its scheme in upper case, read as `hf://`; a plain word is a local folder), and
  `python -m lmdeploy.serve.openai.api_server org/x`;
- vLLM's LoRA adapters: `--lora-modules name=org/x [name=org/y ...]` and its JSON form, and the third argument of
  `LoRARequest("name", 1, "org/x")` (or `lora_path=` / `lora_local_path=`);
- Java `.properties` files (a dotted key whose last part says model or dataset, as a Spring pair in a Java string is
  read) and supervisord `.conf` files' `command=` lines, read as the shell reads a command line."""

from __future__ import annotations

from auditor.scan import is_scanned
from tests.scanfixture import scan_refs


def test_positional_models_of_lm_studio_openllm_mlc_and_lmdeploy_module() -> None:
    assert scan_refs("""
        lms get acme-ai/lms-got
        lms load acme-ai/lms-loaded --gpu max
        lms get acme-ai/lms-quant@q4_k_m
        openllm serve acme-ai/openllm-served
        mlc_llm serve HF://mlc-ai/Acme-7B-q4f16_1-MLC --mode server
        mlc_llm chat hf://mlc-ai/Acme-3B-q4f16_1-MLC
        python -m lmdeploy.serve.openai.api_server acme-ai/lmd-module --server-port 23333
        lms get llama-3.2-1b
        lms load ./models/acme-ai/local
        lms ls acme-ai/listed
        openllm serve llama3.2:1b
        mlc_llm serve dist/Acme-7B-q4f16_1-MLC
        mlc_llm serve ./dist/acme/Acme-q4f16_1-MLC
        python -m lmdeploy.serve.openai.api_server ./workspace
        python -m some.other.module acme-ai/not-served
        openllm start acme-ai/openllm-started
    """, "serve.sh") == [(1, "acme-ai/lms-got", "model"), (2, "acme-ai/lms-loaded", "model"),
                         (3, "acme-ai/lms-quant", "model"), (4, "acme-ai/openllm-served", "model"),
                         (5, "mlc-ai/Acme-7B-q4f16_1-MLC", "model"), (6, "mlc-ai/Acme-3B-q4f16_1-MLC", "model"),
                         (7, "acme-ai/lmd-module", "model"), (16, "acme-ai/openllm-started", "model")]


def test_vllm_lora_modules_pairs_and_json() -> None:
    assert scan_refs("""
        vllm serve acme-ai/base --enable-lora --lora-modules sql=acme-ai/sql-lora chat=acme-ai/chat-lora --port 8000
        vllm serve acme-ai/base --lora-modules='{"name": "j", "path": "acme-ai/json-lora"}'
        vllm serve acme-ai/base --lora-modules local=./adapters/sql tmp=/data/lora '{"name": "p", "path": "/x/y"}'
        vllm serve acme-ai/base --lora-modules '{"name": "broken", "path": ' --max-loras 2
    """, "lora.sh") == [(1, "acme-ai/base", "model"), (1, "acme-ai/chat-lora", "model"),
                        (1, "acme-ai/sql-lora", "model"), (2, "acme-ai/base", "model"),
                        (2, "acme-ai/json-lora", "model"), (3, "acme-ai/base", "model"), (4, "acme-ai/base", "model")]


def test_lora_request_adapter_argument() -> None:
    assert scan_refs("""
        from vllm.lora.request import LoRARequest
        a = LoRARequest("sql-adapter", 1, "acme-ai/positional-lora")
        b = LoRARequest(lora_name="kw", lora_int_id=2, lora_path="acme-ai/keyword-lora")
        c = LoRARequest("old", 3, lora_local_path="acme-ai/local-path-lora")
        d = LoRARequest("acme-ai/only-a-name", 4, "./adapters/sql")
        e = LoRARequest("x", 5, adapter_dir)
    """) == [(2, "acme-ai/positional-lora", "model"), (3, "acme-ai/keyword-lora", "model"),
             (4, "acme-ai/local-path-lora", "model")]


def test_properties_files_model_and_dataset_keys() -> None:
    assert is_scanned("src/main/resources/application.properties")
    assert scan_refs("""
        # Spring AI
        spring.ai.huggingface.chat.options.model=acme-ai/spring-chat
        app.embedding.model = acme-ai/spring-embed
        app.eval.dataset-name: acme-ai/spring-data
        spring.ai.openai.chat.options.model=acme-ai/hosted-elsewhere
        app.base-url=acme-ai/not-a-model
        app.model.path=/opt/models/acme
        model=acme-ai/no-dotted-key
        app.chat.model=gpt2 medium
        ! app.other.model=acme-ai/commented
    """, "application.properties") == [(2, "acme-ai/spring-chat", "model"), (3, "acme-ai/spring-embed", "model"),
                                       (4, "acme-ai/spring-data", "dataset")]


def test_supervisord_command_lines_are_read_as_shell() -> None:
    conf = """
        [program:vllm]
        command=/usr/local/bin/vllm serve acme-ai/supervised
            --port 8000 --lora-modules a=acme-ai/continued-lora
        directory=/opt/acme-ai/app
        stdout_logfile=/var/log/acme-ai/out.log

        [program:tgi]
        command = text-generation-launcher --model-id acme-ai/tgi-model
        user=acme-ai/not-a-model
    """
    assert scan_refs(conf, "deploy/supervisord.conf") == [
        (2, "acme-ai/supervised", "model"), (3, "acme-ai/continued-lora", "model"), (8, "acme-ai/tgi-model", "model")]
    assert scan_refs(conf, "deploy/supervisor/conf.d/vllm.conf") == scan_refs(conf, "deploy/supervisord.conf")
    assert not is_scanned("deploy/nginx.conf")


def test_the_same_commands_in_python_strings_pass_the_command_gate() -> None:
    assert scan_refs("""
        import os
        import subprocess
        subprocess.run("lms get acme-ai/py-lms", shell=True)
        os.system("openllm serve acme-ai/py-openllm")
        os.system("mlc_llm serve HF://mlc-ai/Acme-py-q4f16_1-MLC")
        subprocess.run("python -m lmdeploy.serve.openai.api_server acme-ai/py-lmd", shell=True)
        subprocess.run("films get acme-ai/not-a-command", shell=True)
        os.system("openllm serve llama3.2:1b")
    """) == [(3, "acme-ai/py-lms", "model"), (4, "acme-ai/py-openllm", "model"),
             (5, "mlc-ai/Acme-py-q4f16_1-MLC", "model"), (6, "acme-ai/py-lmd", "model")]


def test_lora_modules_in_yaml_argument_lists() -> None:
    assert scan_refs("""
        services:
          vllm:
            command: ["--model", "acme-ai/b", "--lora-modules", "sql=acme-ai/compose-lora", "local=./adapters/x"]
        ---
        spec:
          containers:
            - args:
                - --model
                - acme-ai/k8s-base
                - --lora-modules
                - sql=acme-ai/k8s-lora
                - chat=/mnt/adapters/chat
                - --lora-path
                - acme-ai/k8s-path
    """, "deploy.yaml") == [(3, "acme-ai/b", "model"), (3, "acme-ai/compose-lora", "model"),
                            (9, "acme-ai/k8s-base", "model"), (11, "acme-ai/k8s-lora", "model"),
                            (14, "acme-ai/k8s-path", "model")]
