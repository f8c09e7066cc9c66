"""The kinds of file the scan reads that no common reader claims by name: R Markdown / Quarto documents and Livebook
notebooks, Nix expressions, Groovy scripts, Snakemake workflows, pip requirements files, SQL scripts, a Hugging Face
Space's README.md (its front matter), Nextflow pipelines and settings, Vagrantfiles and CMake scripts, told by name
alone (no reader imported: every walked file no other reader claims is asked). Kept apart so that the dispatch
(auditor/scan/__init__.py) and the cache's kind of a file (auditor/scan/cache.py) ask the same question without
importing each other."""

from __future__ import annotations

LITERATE_SUFFIXES = (".rmd", ".qmd", ".rmarkdown", ".livemd")  # auditor/scan/literate.py (Livebook notebooks too)
NIX_SUFFIXES = (".nix",)  # auditor/scan/nix.py
GROOVY_SUFFIXES = (".groovy", ".gradle", ".jenkinsfile")  # auditor/scan/groovy.py, with `Jenkinsfile[.*]`
SQL_SUFFIXES = (".sql",)  # auditor/scan/sql.py
SNAKEMAKE_SUFFIXES = (".smk", ".snakefile")  # auditor/scan/snakemake.py, with `Snakefile`
NEXTFLOW_SUFFIXES = (".nf",)  # auditor/scan/groovy.py (a Nextflow pipeline is Groovy; its processes run scripts)
CMAKE_SUFFIXES = (".cmake",)  # auditor/scan/cmake.py, with `CMakeLists.txt`
NEXTFLOW_NAMES = ("nextflow.config",)  # auditor/scan/groovy.py: a pipeline's settings (its `params`) are Groovy too
VAGRANT_NAMES = ("vagrantfile",)  # auditor/scan/vagrant.py: a development box's shell provisioners
SPACE_README_NAMES = ("readme.md",)  # auditor/scan/space.py: a Space's configuration is its README's front matter


def other_kind(rel: str) -> str | None:
    """'literate' (an R Markdown or Quarto document, or a Livebook notebook), 'nix', 'groovy' (a Jenkinsfile, a Groovy
    source or a Gradle build script), 'snakemake' (a Snakefile or a `.smk` rule file), 'nextflow' (a `.nf`
    pipeline or a nextflow.config), 'vagrant' (a Vagrantfile), 'cmake' (a CMakeLists.txt or a `.cmake` module),
    'requirements' (a pip requirements or constraints file), 'sql' or 'space' (a README.md, read for a Space's front
    matter) for a file of those kinds, by its name; else None."""
    name = rel.rsplit("/", 1)[-1].lower()
    if name.endswith(LITERATE_SUFFIXES):
        return "literate"
    if name.endswith(NIX_SUFFIXES):
        return "nix"
    if name.endswith(GROOVY_SUFFIXES) or name == "jenkinsfile" or name.startswith("jenkinsfile."):
        return "groovy"
    if name in SPACE_README_NAMES:
        return "space"
    if name == "snakefile" or name.endswith(SNAKEMAKE_SUFFIXES):
        return "snakemake"
    if name.endswith(NEXTFLOW_SUFFIXES) or name in NEXTFLOW_NAMES:
        return "nextflow"
    if name in VAGRANT_NAMES:
        return "vagrant"
    if name == "cmakelists.txt" or name.endswith(CMAKE_SUFFIXES):
        return "cmake"
    if name.endswith((".txt", ".in")) and (name.startswith(("requirements", "constraints"))
                                          or "/requirements/" in f"/{rel.lower()}"):
        return "requirements"  # auditor/scan/requirements.py: pip requirement files
    return "sql" if name.endswith(SQL_SUFFIXES) else None
