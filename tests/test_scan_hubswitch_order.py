"""Where a ModelScope / openMind Hub switch holds (auditor/scan/hubswitch.py), leftovers of the twenty-fifth pass:

- Python: the switch holds in the order the program runs, not the file's. A function defined above the switch and
  called after it (`main()` under `if __name__ == "__main__":`) ran with it on; a function that sets it holds it from
  its call on, not from its definition (the module's lines between the two ran with it off);
- a notebook's IPython `%env X=1` / `%set_env X 1` sets the kernel's environment: the later cells' ids are that hub's;
- a compose service's `environment:` (`- VLLM_USE_MODELSCOPE=True`, `USE_MODELSCOPE_HUB: 1`) and a Kubernetes
  container's `env:` entry switch that service's or container's ids, not the others';
- a prefix assignment `X=1 a && b` is `a`'s environment only: `b`, after `&&`, `||`, `;` or `|`, runs without it.

A Hub address stays the Hub's wherever the switch holds."""

from __future__ import annotations

import json

from auditor.scan import scan_file
from tests.scanfixture import scan_refs


def test_python_switch_holds_in_run_order() -> None:
    assert scan_refs("""
        import os
        from transformers import AutoModel

        def load():
            return AutoModel.from_pretrained("acme-ai/run-order-ms")

        def setup():
            os.environ["USE_MODELSCOPE_HUB"] = "1"

        def own_switch():
            os.environ["VLLM_USE_MODELSCOPE"] = "1"
            return AutoModel.from_pretrained("acme-ai/after-own-switch")

        early = AutoModel.from_pretrained("acme-ai/top-before-setup")
        setup()
        late = AutoModel.from_pretrained("acme-ai/top-after-setup")
        url = "https://huggingface.co/acme-ai/still-hub/resolve/main/config.json"

        if __name__ == "__main__":
            load()
    """) == [(14, "acme-ai/top-before-setup", "model"), (17, "acme-ai/still-hub", "model")]


def test_python_function_called_before_the_switch_runs_without_it_and_one_never_called_with_it() -> None:
    assert scan_refs("""
        import os
        from transformers import AutoModel

        def helper(name="acme-ai/called-before"):
            return AutoModel.from_pretrained(name)

        def handler():  # never called by the module: a framework calls it later, with the switch on
            return AutoModel.from_pretrained("acme-ai/handler-later")

        first = helper()
        os.environ["USE_OPENMIND_HUB"] = "1"
        after = AutoModel.from_pretrained("acme-ai/om-after")

        class Loader:
            def load(self):
                return AutoModel.from_pretrained("acme-ai/method-later")
    """) == [(4, "acme-ai/called-before", "model")]


def _notebook(cells: list[str]) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": c} for c in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def test_notebook_env_magics_switch_the_later_cells() -> None:
    refs, problems = scan_file("serve.ipynb", _notebook([
        'from vllm import LLM\nbefore = LLM(model="acme-ai/nb-before")',
        "%env VLLM_USE_MODELSCOPE=True",
        'ms = LLM(model="acme-ai/nb-ms")',
        '%set_env VLLM_USE_MODELSCOPE 0\nagain = LLM(model="acme-ai/nb-hub-again")',
        '%env OTHER_FLAG=1\n!export USE_MODELSCOPE_HUB=1\nlast = LLM(model="acme-ai/nb-last")',
    ]))
    assert problems == []
    assert [(r.cell, r.id) for r in refs] == [(0, "acme-ai/nb-before"), (3, "acme-ai/nb-hub-again"),
                                              (4, "acme-ai/nb-last")]


def test_compose_and_kubernetes_environments_switch_their_own_service() -> None:
    assert scan_refs("""
        services:
          vllm-ms:
            image: vllm/vllm-openai:latest
            environment:
              - VLLM_USE_MODELSCOPE=True
            command: --model acme-ai/compose-ms --port 8000
          vllm-hub:
            image: vllm/vllm-openai:latest
            environment:
              VLLM_USE_MODELSCOPE: "false"
            command: --model acme-ai/compose-hub
          lf:
            environment:
              USE_MODELSCOPE_HUB: 1
            command: ["llamafactory-cli", "train", "--model_name_or_path", "acme-ai/compose-lf-ms"]
          dl:
            environment:
              - USE_MODELSCOPE_HUB=1
            command: huggingface-cli download https://huggingface.co/acme-ai/compose-address
    """, "docker-compose.yml") == [(11, "acme-ai/compose-hub", "model"), (19, "acme-ai/compose-address", "model")]
    assert scan_refs("""
        spec:
          containers:
            - name: vllm
              env:
                - name: VLLM_USE_MODELSCOPE
                  value: "True"
              args: ["--model", "acme-ai/k8s-ms"]
            - name: other
              args: ["--model", "acme-ai/k8s-hub"]
    """, "deploy.yaml") == [(9, "acme-ai/k8s-hub", "model")]


def test_a_prefix_switch_holds_for_its_own_command_only() -> None:
    assert scan_refs("""
        VLLM_USE_MODELSCOPE=1 vllm serve acme-ai/ms-prefix && vllm serve acme-ai/hub-after-and
        USE_MODELSCOPE_HUB=1 vllm serve acme-ai/ms-a; python x.py --model acme-ai/hub-semi
        env USE_OPENMIND_HUB=1 cmd --model "acme-ai/om;quoted" | tee log --model acme-ai/hub-after-pipe
        USE_MODELSCOPE_HUB=1 llamafactory-cli train \\
            --model_name_or_path acme-ai/ms-continued && \\
            python eval.py --model acme-ai/hub-continued
        export VLLM_USE_MODELSCOPE=1
        VLLM_USE_MODELSCOPE=0 vllm serve acme-ai/hub-prefix-false && vllm serve acme-ai/ms-still-on
    """, "run.sh") == [(1, "acme-ai/hub-after-and", "model"), (2, "acme-ai/hub-semi", "model"),
                       (3, "acme-ai/hub-after-pipe", "model"), (6, "acme-ai/hub-continued", "model"),
                       (8, "acme-ai/hub-prefix-false", "model")]
