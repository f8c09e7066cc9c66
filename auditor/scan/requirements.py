"""pip requirements files (`requirements.txt`, `requirements-*.txt`, `requirements/*.txt`, `constraints*.txt`) for the
Hub files they install.

spaCy publishes its pipelines as wheels in Hub repositories (`spacy/en_core_web_sm`), and projects pin such a wheel, or
a prebuilt kernel wheel kept in a Hub repository, in their requirements: `en_core_web_sm @ https://huggingface.co/spacy/
en_core_web_sm/resolve/main/en_core_web_sm-any-py3-none-any.whl`, or the URL alone on its line. pip downloads it: the
repository is what the project installs. Each line is read once its comment is dropped: a PEP 508 direct reference or a
bare URL that is the address of a Hub file (auditor/scan/refs.py `file_addresses_in`). Package names, index options
(`--index-url`, `-f`), and a repository's page URL in a comment are not references.
"""

from __future__ import annotations

from auditor.lazyre import lazy_compile
from auditor.model import Problem
from auditor.scan.config import LineIndex
from auditor.scan.refs import ModelReference, address_how, file_addresses_in

# A requirement line's value: its first word (a URL), or a `name @ URL` direct reference; options, hashes and
# environment markers after it are not part of it.
_LINE_RE = lazy_compile(r"(?m)^[ \t]*+(?:-e[ \t]++|--editable[ \t]++)?(?P<value>(?:[A-Za-z0-9][\w.-]{0,99}"
                        r"(?:\[[\w., -]{0,200}\])?[ \t]{1,8}@[ \t]{1,8})?https?://[^\s#;]{1,500})")


def scan_requirements(text: str, rel: str) -> tuple[list[ModelReference], list[Problem]]:
    """References in one requirements file (see the module docstring)."""
    if "huggingface.co/" not in text and "hf.co/" not in text:
        return [], []
    lines: LineIndex | None = None
    found: list[ModelReference] = []
    for match in _LINE_RE.finditer(text):
        value = match.group("value")
        for model_id, kind, revision in file_addresses_in(value):
            lines = lines or LineIndex(text)
            found.append(lines.reference(rel, match.start("value"), match.end("value"), model_id, kind, revision,
                                         address_how(value)))
    return found, []
