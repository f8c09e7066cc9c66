"""Classes of reference shapes the last recall pass left alone, on minimal shapes of our own with their near misses:

- the ModelScope / openMind Hub switch of a shell script holds where the shell gives it: `export X=1`, a bare `X=1`
  statement or a Dockerfile `ENV` from their line until `unset X` / a false value; a prefix assignment
  (`X=1 cmd org/x`, across `\\` lines too), `env X=1 cmd` or `docker run -e X=1` for that one command only;
- a Python program that sets the switch in its own environment (`os.environ[...] = ...`, `setdefault`, `update`,
  `putenv`) loads the `org/name` ids after it from that hub, until it deletes or clears it (a notebook: the cells
  after it);
- HfFileSystem's `hf://` scheme in any case (`Hf://`, `hF://`), in every reader's cheap gate."""

from __future__ import annotations

import json

import pytest

from auditor.scan import scan_file
from tests.scanfixture import scan_refs


def test_shell_prefix_switch_holds_for_its_own_command_only() -> None:
    assert scan_refs("""
        USE_MODELSCOPE_HUB=1 llamafactory-cli train --model_name_or_path acme-ai/ms-prefixed
        python train.py --model_name_or_path acme-ai/after-prefix
        VLLM_USE_MODELSCOPE=True vllm serve acme-ai/ms-vllm
        vllm serve acme-ai/after-vllm
        CUDA_VISIBLE_DEVICES=0 USE_MODELSCOPE_HUB=1 \\
            llamafactory-cli train --model_name_or_path acme-ai/ms-continued
        env USE_OPENMIND_HUB=1 llamafactory-cli chat --model_name_or_path acme-ai/om-env
        docker run -e VLLM_USE_MODELSCOPE=1 vllm/vllm-openai --model acme-ai/ms-docker-run
        vllm serve acme-ai/last --port 8000
        echo "$VLLM_USE_MODELSCOPE" acme-ai/echoed-use
    """, "run.sh") == [(2, "acme-ai/after-prefix", "model"), (4, "acme-ai/after-vllm", "model"),
                       (9, "acme-ai/last", "model")]


def test_shell_export_and_bare_assignment_hold_until_unset_or_false() -> None:
    assert scan_refs("""
        vllm serve acme-ai/before
        export VLLM_USE_MODELSCOPE=True
        vllm serve acme-ai/ms-exported
        unset VLLM_USE_MODELSCOPE
        vllm serve acme-ai/after-unset
        USE_MODELSCOPE_HUB=1
        llamafactory-cli train --model_name_or_path acme-ai/ms-bare
        export USE_MODELSCOPE_HUB=0
        llamafactory-cli train --model_name_or_path acme-ai/after-false
        LMDEPLOY_USE_MODELSCOPE=true OTHER=2; lmdeploy serve api_server acme-ai/ms-statement
        export LMDEPLOY_USE_MODELSCOPE=False
        lmdeploy serve api_server acme-ai/hub-again
        USE_MODELSCOPE_HUB=0 llamafactory-cli chat --model_name_or_path acme-ai/prefix-false
    """, "serve.sh") == [(1, "acme-ai/before", "model"), (5, "acme-ai/after-unset", "model"),
                         (9, "acme-ai/after-false", "model"), (12, "acme-ai/hub-again", "model"),
                         (13, "acme-ai/prefix-false", "model")]


def test_shell_switch_keeps_hub_addresses_and_dockerfile_env_holds_onward() -> None:
    assert scan_refs("""
        export USE_MODELSCOPE_HUB=1
        huggingface-cli download https://huggingface.co/acme-ai/hub-address
        llamafactory-cli train --model_name_or_path acme-ai/ms-id
    """, "dl.sh") == [(2, "acme-ai/hub-address", "model")]
    assert scan_refs("""
        FROM vllm/vllm-openai:latest
        RUN VLLM_USE_MODELSCOPE=1 python -c "print(1)" acme-ai/ms-run-only
        CMD ["vllm", "serve", "acme-ai/docker-hub"]
        ENV VLLM_USE_MODELSCOPE true
        CMD ["vllm", "serve", "acme-ai/docker-ms"]
    """, "Dockerfile") == [(3, "acme-ai/docker-hub", "model")]


@pytest.mark.parametrize("setter", [
    'os.environ["VLLM_USE_MODELSCOPE"] = "True"',
    "os.environ['USE_MODELSCOPE_HUB'] = '1'",
    'os.environ.setdefault("USE_MODELSCOPE_HUB", "1")',
    'os.environ.update({"CUDA_VISIBLE_DEVICES": "0", "LMDEPLOY_USE_MODELSCOPE": "true"})',
    'os.environ.update(USE_OPENMIND_HUB="1")',
    'os.putenv("VLLM_USE_MODELSCOPE", "1")',
])
def test_python_environment_switch_holds_after_its_line(setter: str) -> None:
    assert scan_refs(f"""
        import os
        from transformers import AutoModel
        before = AutoModel.from_pretrained("acme-ai/py-before")
        {setter}
        after = AutoModel.from_pretrained("acme-ai/py-ms-after")
        url = "https://huggingface.co/acme-ai/py-address/resolve/main/config.json"
    """) == [(3, "acme-ai/py-before", "model"), (6, "acme-ai/py-address", "model")]


def test_python_switch_read_false_or_removed_is_no_switch() -> None:
    assert scan_refs("""
        import os
        from transformers import AutoModel
        if os.environ.get("VLLM_USE_MODELSCOPE", "1") == "1":
            pass
        # os.environ["USE_MODELSCOPE_HUB"] = "1"
        a = AutoModel.from_pretrained("acme-ai/py-read-only")
        os.environ["USE_MODELSCOPE_HUB"] = "0"
        b = AutoModel.from_pretrained("acme-ai/py-false")
        os.environ["USE_MODELSCOPE_HUB"] = "1"
        c = AutoModel.from_pretrained("acme-ai/py-ms")
        del os.environ["USE_MODELSCOPE_HUB"]
        d = AutoModel.from_pretrained("acme-ai/py-deleted")
        os.environ.setdefault("VLLM_USE_MODELSCOPE", "True")
        e = AutoModel.from_pretrained("acme-ai/py-ms-again")
        os.environ.pop("VLLM_USE_MODELSCOPE", None)
        f = AutoModel.from_pretrained("acme-ai/py-popped")
    """) == [(6, "acme-ai/py-read-only", "model"), (8, "acme-ai/py-false", "model"),
             (12, "acme-ai/py-deleted", "model"), (16, "acme-ai/py-popped", "model")]


@pytest.mark.parametrize("scheme", ["hf", "HF", "Hf", "hF"])
@pytest.mark.parametrize(("name", "code"), [
    ("load.py", 'import pandas as pd\ndf = pd.read_parquet("{s}://datasets/acme-ai/cased-data/train.parquet")\n'),
    ("load.js", 'const url = "{s}://datasets/acme-ai/cased-data/data.csv";\n'),
    ("load.go", 'package main\n\nvar path = "{s}://datasets/acme-ai/cased-data/data.csv"\n'),
    ("load.yaml", "dataset_path: {s}://datasets/acme-ai/cased-data/data.csv\n"),
])
def test_hf_scheme_in_any_case(scheme: str, name: str, code: str) -> None:
    assert scan_refs(code.format(s=scheme), name) == [(code.count("\n", 0, code.index("{s}")) + 1,
                                                       "acme-ai/cased-data", "dataset")]


def test_not_an_hf_scheme_is_no_address() -> None:
    assert scan_refs('import pandas as pd\ndf = pd.read_parquet("pdf://datasets/acme-ai/not-hub/train.parquet")\n'
                     'g = pd.read_parquet("xhf://datasets/acme-ai/nor-this/train.parquet")\n') == []


def test_notebook_switch_holds_in_the_cells_after_it() -> None:
    cells = [
        'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme-ai/nb-before")\n',
        'import os\nos.environ["VLLM_USE_MODELSCOPE"] = "True"\n',
        'n = AutoModel.from_pretrained("acme-ai/nb-ms")\n'
        'u = "https://huggingface.co/acme-ai/nb-address/resolve/main/config.json"\n',
    ]
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": source.splitlines(keepends=True)} for source in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    refs, problems = scan_file("nb.ipynb", json.dumps(notebook, indent=1).encode())
    assert problems == []
    assert sorted(r.id for r in refs) == ["acme-ai/nb-address", "acme-ai/nb-before"]
