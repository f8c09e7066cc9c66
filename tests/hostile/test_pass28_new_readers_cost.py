"""The readers added by the twenty-eighth recall pass on hostile files: Snakemake workflows' lexemes and shell
directives (auditor/scan/snakemake.py), Apptainer definitions' sections (auditor/scan/apptainer.py), commands kept in
a variable and run (auditor/scan/evalcmd.py: one pattern built per assigned name, names met once), Livebook cells
(auditor/scan/literate.py) and PEP 508 direct references (auditor/scan/refs.py): each costs time in proportion to the
file. The bounds are far above what each takes now."""

from __future__ import annotations

import time

from auditor.scan import scan_file


def _cpu(name: str, text: str) -> float:
    start = time.process_time()
    scan_file(name, text.encode())
    return time.process_time() - start


def test_unclosed_strings_and_quotes_in_a_snakefile() -> None:
    assert _cpu("Snakefile", 'shell: """' + "huggingface.co/ " * 60_000) < 3.0
    assert _cpu("Snakefile", "'''\"\"\"" * 50_000 + "hf.co/") < 3.0
    assert _cpu("rules/x.smk", ('x = "' + "\\\"" * 2_000 + "\n") * 200 + "huggingface.co/") < 3.0
    assert _cpu("Snakefile", "shell:\n" * 60_000 + "'hf.co/'") < 3.0


def test_a_definition_of_many_sections_and_long_lines() -> None:
    assert _cpu("x.def", "Bootstrap: docker\n" + "%post\n  hf download acme-ai/x\n" * 40_000) < 4.0
    assert _cpu("x.def", "Bootstrap: docker\n%post\n" + " " * 300_000 + "%\n") < 2.0
    assert _cpu("module.def", "EXPORTS\n" + "  Fn @1\n" * 100_000) < 2.0


def test_many_assigned_names_and_runs() -> None:
    names = "".join(f'V{i}="hf download acme-ai/x{i}"\n' for i in range(3_000))
    assert _cpu("x.sh", names + "eval $V1\n" * 3_000) < 6.0
    assert _cpu("x.ps1", '$a = "' + "x" * 200_000 + '"\niex $a\n') < 2.0
    assert _cpu("x.sh", "eval " * 60_000 + "$X\nX=\"acme-ai/x\"\n") < 3.0


def test_fences_of_a_livebook() -> None:
    assert _cpu("a.livemd", "```elixir\n" * 60_000 + '{:hf, "acme-ai/x"}') < 3.0
    assert _cpu("a.livemd", '<!-- livebook:{"force_markdown":true} -->\n```elixir\nx\n```\n' * 30_000) < 3.0


def test_direct_references_that_never_end() -> None:
    assert _cpu("app.py", 'x = "' + "a" * 99 + " @ " + "h" * 100_000 + '"\n') < 2.0
    assert _cpu("setup.py", "x = [" + '"a @ https://huggingface.co/acme-ai/x/resolve/main/x.whl", ' * 20_000 + "]\n") \
        < 6.0


def test_launcher_messages_that_never_close() -> None:
    assert _cpu("install.js", "shell.run\n" + "message: [ 'x', " * 40_000 + "'hf download acme-ai/x'") < 3.0
    assert _cpu("install.js", "shell.run\n" + 'message: "{{' * 40_000 + "'hf download acme-ai/x'") < 3.0
    assert _cpu("run.js", 'execSync("' + "{{a ? 'b' : ''}} " * 20_000 + '");\n') < 3.0


def test_requirement_lines_that_never_end() -> None:
    assert _cpu("requirements.txt", "a @ https://huggingface.co/" + "x" * 300_000 + "\n") < 2.0
    assert _cpu("requirements.txt", ("a" * 99 + " @ " * 3 + "https://hf.co/x\n") * 20_000) < 3.0
    assert _cpu("requirements.txt", "https://huggingface.co/acme-ai/x/resolve/main/x.whl\n" * 30_000) < 6.0


def test_many_downloader_variables_and_uses() -> None:
    given = "".join(f'D{i}="hf download"\nR{i}="acme-ai/x{i}"\n' for i in range(3_000))
    # 5.5 s CPU while each command copied the variables given above it (quadratic); 0.5 s since a lookup view
    assert _cpu("get.sh", given + "".join(f'$D{i} "$R{i}"\n' for i in range(3_000))) < 3.0
