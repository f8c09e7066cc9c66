"""YAML documents inside shell scripts' here-documents (`cat <<EOF | kubectl apply -f -`).

Why its own module: a script that generates a Kubernetes manifest names the model in the manifest's keys
(`env: [{name: MODEL_ID, value: org/x}]`), which the command reader (shell.py) cannot see in lines that are not
commands; the YAML reader (config.py) can, and config.py already imports shell.py for command lines in YAML.
"""

from __future__ import annotations

import re
from dataclasses import replace

from auditor.model import Problem
from auditor.scan.config import scan_yaml
from auditor.scan.python import scan_python
from auditor.scan.refs import ModelReference
from auditor.scan.shell import scan_commands

# A here-document (`<<EOF`, `<<-'EOF'`) and what makes its body a YAML document: it is handed to `kubectl apply -f -`
# / `kubectl create`, or written to a .yaml / .yml file (`cat <<EOF > values.yaml`).
_HEREDOC_RE = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_]\w*)\1")
_YAML_TARGET_RE = re.compile(r"\bkubectl\s+(?:apply|create)\b|\.ya?ml\b")
# A here-document that is code or a Modelfile: handed to Python (`python - <<'PY'`, `python3 <<EOF`), or written to an
# Ollama Modelfile (`cat > "${modelfile}" <<'EOF'`, `cat <<EOF > Modelfile.nemotron`).
_PYTHON_TARGET_RE = re.compile(r"(?:^|[\s;&|(])(?:\S*/)?python(?:3(?:\.\d+)?)?(?:\s+-)?\s*<<")
_MODELFILE_TARGET_RE = re.compile(r"modelfile", re.IGNORECASE)


def heredoc_yaml_refs(lines: list[str], file: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in the YAML bodies of here-documents a script applies or writes (a Kubernetes manifest's
    `env: [{name: MODEL_ID, value: org/x}]`), read with the YAML keys, each at its line of the script. A body the YAML
    reader refuses (invalid, too large, nested too deeply) is a problem at its line: the manifest it applies may name
    models, so its references are unknown, not absent (fail closed)."""
    found: list[ModelReference] = []
    problems: list[Problem] = []
    i = 0
    while i < len(lines):
        match = _HEREDOC_RE.search(lines[i])
        if match is not None and not lines[i].lstrip().startswith("#") and _YAML_TARGET_RE.search(lines[i]):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == match.group(2)), len(lines))
            refs, refused = scan_yaml("\n".join(lines[i + 1 : end]), file)
            found.extend(replace(ref, line=ref.line + i + 1, how=f"here-document YAML: {ref.how}") for ref in refs)
            problems.extend(Problem(p.code, f"holds a YAML here-document (opened at line {i + 1}) that "
                                    f"{p.message}", file,
                                    line=(p.line or 0) + i + 1) for p in refused)
            i = end
        i += 1
    return found, problems


def heredoc_code_refs(lines: list[str], file: str) -> list[ModelReference]:
    """References in here-documents that are a program or a Modelfile: a script that checks a dataset with `python -
    <<'PY' ... load_dataset("org/x") ... PY`, or writes an Ollama Modelfile (`FROM hf.co/org/x-GGUF:Q4_K_M`), loads
    what the body names. Read as Python or as a Modelfile, each reference at its line of the script. A body that does
    not parse as Python gives nothing (an unquoted here-document may hold shell expansions the scan cannot fill in)."""
    found: list[ModelReference] = []
    i = 0
    while i < len(lines):
        match = _HEREDOC_RE.search(lines[i])
        if match is None or lines[i].lstrip().startswith("#"):
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == match.group(2)), len(lines))
        body = "\n".join(lines[i + 1 : end]) + "\n"
        if _PYTHON_TARGET_RE.search(lines[i][: match.end()]):
            refs, _ = scan_python(body, file)
            how = "here-document Python"
        elif _MODELFILE_TARGET_RE.search(lines[i]):
            refs, _ = scan_commands(body, file, "modelfile")
            how = "here-document Modelfile"
        else:
            refs = []
            how = ""
        found.extend(replace(ref, line=ref.line + i + 1, how=f"{how}: {ref.how}") for ref in refs)
        i = end + 1
    return found
