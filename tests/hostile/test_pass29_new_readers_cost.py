"""The readers added by the twenty-ninth recall pass on hostile files: TOML task tables (auditor/scan/config.py
`_task_refs`: one search per reference, each token placed after its last place), CMake scripts (auditor/scan/cmake.py:
unclosed quotes, COMMAND lists that never close), scripting languages' run calls (auditor/scan/js.py), Nextflow script
blocks (auditor/scan/groovy.py), Argo `source:` blocks and command templates filled by `.format()` / `%`
(auditor/scan/python.py `_command_template`: each template read once). Each costs time in proportion to the file;
the bounds are far above what each takes now."""

from __future__ import annotations

import time

from auditor.scan import scan_file


def _cpu(name: str, text: str) -> float:
    start = time.process_time()
    scan_file(name, text.encode())
    return time.process_time() - start


def test_many_tasks_naming_the_same_model() -> None:
    tasks = "".join(f't{i} = "hf download acme-ai/x --local-dir m"\n' for i in range(2_000))
    assert _cpu("pixi.toml", "[tasks]\n" + tasks) < 6.0
    assert _cpu("pyproject.toml", '[tool.poe.tasks]\nt = """' + "hf download acme-ai/x \\\n" * 20_000 + '"""\n') < 6.0


def test_cmake_quotes_and_commands_that_never_close() -> None:
    assert _cpu("CMakeLists.txt", '"\\"' * 60_000 + " https://huggingface.co/acme-ai/x/resolve/main/x.bin") < 3.0
    assert _cpu("CMakeLists.txt", "execute_process(COMMAND " * 20_000 + "hf download acme-ai/x") < 4.0
    assert _cpu("x.cmake", "set(V " + "x" * 200_000 + ")\nexecute_process(COMMAND ${V} download acme-ai/x)\n") < 2.0


def test_run_calls_without_strings() -> None:
    assert _cpu("fetch.rb", "system(" * 60_000 + '"hf download acme-ai/x"') < 3.0
    assert _cpu("fetch.lua", 'os.execute("' + "hf download acme-ai/x " * 20_000 + '")\n') < 4.0
    assert _cpu("fetch.pl", "system " * 60_000 + "'acme-ai/x'") < 3.0


def test_nextflow_blocks_that_never_close() -> None:
    assert _cpu("main.nf", 'script:\n"""\n' + "huggingface-cli download acme-ai/x\n" * 20_000) < 6.0
    assert _cpu("main.nf", '"""' * 60_000 + "hf.co/") < 3.0


def test_an_argo_source_and_format_templates() -> None:
    source = "    ".join(f'load_dataset("acme-ai/d{i}")\n' for i in range(5_000))
    assert _cpu("wf.yaml", "script:\n  image: python\n  command: [python]\n  source: |\n    " + source) < 8.0
    template = 'cmd = "hf download acme-ai/x ' + "{f} " * 5_000 + '"\n'
    assert _cpu("run.py", template + "cmd.format(f=1)\n" * 5_000) < 8.0
    assert _cpu("run.py", 'c = "hf download acme-ai/x ' + "%s " * 20_000 + '" % tuple(a)\n') < 4.0
