"""Apptainer / Singularity definition files (`*.def`, `Singularity`, `Apptainer`, `Singularity.<tag>`) as the shell
scripts they run.

A definition file builds an HPC container image: its header (`Bootstrap: docker`, `From: image`) names the base image,
and its sections are scripts: `%post` runs at build time (`huggingface-cli download org/x`, a `python - <<'EOF'` block
that calls `SentenceTransformer("org/x")` to bake a model into the image), `%environment` sets the container's
variables (`export MODEL_ID=org/x`), `%runscript` / `%startscript` / `%test` run in it. Those sections are kept and
every other line is blanked (the header, `%files` copies, `%labels`, `%help` prose), so the shell reader (and its
here-document and `python -c` readers) report each reference at its line in the file. A `.def` file without a
`Bootstrap:` header is some other format (a Windows module-definition file) and is not read.
"""

from __future__ import annotations

from auditor.lazyre import lazy_compile

_SECTION_RE = lazy_compile(r"[ \t]*+%([A-Za-z]++)")
_SCRIPT_SECTIONS = frozenset({"post", "environment", "runscript", "startscript", "test", "setup", "pre"})
_BOOTSTRAP_RE = lazy_compile(r"(?m)^[ \t]*+Bootstrap[ \t]*+:")
APPTAINER_NAMES = frozenset({"singularity", "apptainer"})


def apptainer_file(name: str) -> bool:
    """A definition file by its (lower-case) base name: `*.def`, `Singularity`, `Apptainer`, `Singularity.<tag>`."""
    return name.endswith(".def") or name in APPTAINER_NAMES or name.startswith(("singularity.", "apptainer."))


def apptainer_script(text: str) -> str:
    """The definition's script sections with every other line blanked (line breaks and columns kept); all blank when
    the file has no `Bootstrap:` header."""
    if _BOOTSTRAP_RE.search(text) is None:
        return "".join("\n" if line.endswith("\n") else "" for line in text.splitlines(keepends=True))
    out: list[str] = []
    keep = False
    for line in text.splitlines(keepends=True):
        section = _SECTION_RE.match(line)
        if section is not None:
            keep = section.group(1).lower() in _SCRIPT_SECTIONS
            out.append("\n" if line.endswith("\n") else "")
            continue
        out.append(line if keep else ("\n" if line.endswith("\n") else ""))
    return "".join(out)
