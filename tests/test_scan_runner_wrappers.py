"""A script's own command wrapper (`def run(cmd): subprocess.run(cmd, shell=True)`) runs the command lines its
callers pass: `run("python train.py --model_name_or_path org/x")` names org/x as surely as os.system would. Found by
the hostile pass 7 probe: such calls were not read at all. Wrappers of wrappers are followed a few levels deep."""

from __future__ import annotations

import textwrap

from auditor.scan import scan_file


def _refs(code: str) -> list[tuple[int, str]]:
    refs, problems = scan_file("launch.py", textwrap.dedent(code).lstrip("\n").encode())
    assert problems == []
    return sorted((r.line, r.id) for r in refs)


def test_a_same_file_wrapper_s_command_lines_are_read() -> None:
    assert _refs("""
        import subprocess

        def run(cmd):
            print(cmd)
            subprocess.run(cmd, shell=True, check=True)

        run("python train.py --model_name_or_path meta-llama/Llama-2-7b-hf --output_dir out")
        run("huggingface-cli download mistralai/Mistral-7B-v0.1")
    """) == [(7, "meta-llama/Llama-2-7b-hf"), (8, "mistralai/Mistral-7B-v0.1")]


def test_wrappers_of_wrappers_and_methods_are_followed() -> None:
    assert _refs("""
        import os

        class Job:
            def sh(self, command):
                os.system(command)

            def go(self, line):
                self.sh(line)

        def launch(cmd: str) -> None:
            Job().go(cmd)

        launch("python eval.py --model_name_or_path org-b/other-model")
    """) == [(13, "org-b/other-model")]


def test_functions_that_do_not_run_their_parameter_are_not_runners() -> None:
    """Near misses: a function that prints its parameter, one that runs a fixed command and ignores its
    parameter, and one that runs something derived from its parameter (not the line as written)."""
    assert _refs("""
        import subprocess

        def show(text):
            print(text)

        def fixed(cmd):
            subprocess.run("ls -la", shell=True)

        def derived(name):
            subprocess.run(name.upper(), shell=True)

        show("python train.py --model_name_or_path org-c/shown-only")
        fixed("python train.py --model_name_or_path org-d/ignored")
        derived("python train.py --model_name_or_path org-e/derived")
    """) == []


def test_a_long_chain_of_wrappers_is_followed_only_a_few_levels() -> None:
    """Each level costs one more look at the wrappers, so the depth is bounded: three levels are read, a command
    five wrappers away from the shell call is not (and nothing hangs on a chain of hundreds)."""
    chain = ["import subprocess", "def w0(c):", "    subprocess.run(c, shell=True)"]
    chain += [line for i in range(1, 300) for line in (f"def w{i}(c):", f"    w{i - 1}(c)")]
    near = 'w2("python train.py --model_name_or_path org-f/near")'
    far = 'w5("python train.py --model_name_or_path org-g/far")'
    refs = _refs("\n".join([*chain, near, far]))
    assert [ref for _, ref in refs] == ["org-f/near"]
