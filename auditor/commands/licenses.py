"""`auditor licenses list | show ID | identify FILE`: the knowledge base and offline text identification.

Thin on purpose: the knowledge base (auditor.licenses.kb) and identification (auditor.licenses.identify)
do the work; this module only picks entries, formats them and sets exit codes (2 for bad input).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from auditor.commands._common import (
    FormatOption,
    QuietOption,
    TextOrJson,
    VerboseOption,
    console,
    escape,
    fail,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from auditor.licenses.kb import KnowledgeBase, LicenseEntry

MAX_TEXT_BYTES = 5_000_000  # a license file larger than this is not a license file


def _kb() -> KnowledgeBase:
    # lazy: start-up (auditor.licenses.kb)
    from auditor.licenses.kb import KBError, load_kb

    try:
        return load_kb()
    except KBError as exc:
        fail(f"the license knowledge base cannot be loaded: {exc}")


def _entry_summary(entry: LicenseEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "name": entry.name,
        "version": entry.version,
        "category": entry.category,
        "spdx": entry.spdx,
        "osi_approved": entry.osi_approved,
        "status": entry.status,
        "aliases": list(entry.aliases),
        "hub_ids": list(entry.hub_ids),
    }


def _entry_detail(entry: LicenseEntry) -> dict[str, Any]:
    out = _entry_summary(entry)
    out.update({
        "date": entry.date,
        "url": entry.url,
        "open_data": entry.open_data,
        "scancode_keys": list(entry.scancode_keys),
        "text": entry.text_file,
        "attachments": list(entry.attachments),
        "notes": entry.notes,
        "source": Path(entry.source).name if entry.source else None,
        "terms": {name: {"value": list(t.value) if isinstance(t.value, tuple) else t.value,
                         "clause": t.clause, **t.extra} for name, t in entry.terms.items()},
    })
    return out


def _term_text(term: Any) -> str:
    value = term.value
    text = ", ".join(value) if isinstance(value, tuple) else str(value)
    if value == ():
        text = "(nothing)"
    extras = [f"{k}: {v:,}" if isinstance(v, int) and not isinstance(v, bool) else f"{k}: {v}"
              for k, v in term.extra.items()]
    return "; ".join([text, *extras])


def list_command(format: FormatOption = TextOrJson.text, quiet: QuietOption = False,
                 verbose: VerboseOption = False) -> None:
    """Every license in the knowledge base: id, name, category and the names it answers to.

    Example: auditor licenses list --format json

    Exit codes: 0 listed, 2 the knowledge base cannot be loaded.
    """
    kb = _kb()
    entries = sorted(kb, key=lambda e: e.id.lower())
    if format == TextOrJson.json:
        print_json({"licenses": [_entry_summary(e) for e in entries],
                    "hub_states": {k: v for k, v in kb.hub_map.items() if isinstance(v, dict)}})
        return
    rows = [[escape(e.id), escape(e.name), e.category, escape(", ".join(dict.fromkeys([*e.hub_ids, *e.aliases])))]
            for e in entries]
    # ids are what people copy: never broken across lines
    print_table(("id", "name", "category", "aliases"), rows, title=f"{len(entries)} licenses",
                no_wrap=("id", "category"))
    states = ", ".join(f"{k} ({v['state']})" for k, v in kb.hub_map.items() if isinstance(v, dict))
    if states:
        console().print(f"Hub ids that are states, not licenses: {escape(states)}")


def _fail_expression(text: str) -> None:
    """An expression ("Apache-2.0 OR MIT") is several licenses: name the command for each instead of calling
    the whole text unknown."""
    # lazy: start-up (the expression parser, only for an id the knowledge base does not hold)
    from auditor.lineage.choice import ids, parse

    tree = parse(text) if any(f" {op} " in f" {text.upper()} " for op in ("AND", "OR", "WITH")) else None
    names = list(dict.fromkeys(ids(tree))) if tree is not None else []
    if len(names) > 1:
        commands = ", ".join(f"`auditor licenses show {n}`" for n in names)
        fail(f"{text!r} is a license expression, not one license: show each on its own ({commands})")


def show_command(
    license_id: Annotated[str, typer.Argument(metavar="ID", help="Canonical id, Hub id or alias "
                                              "(e.g. llama3.1, LicenseRef-Gemma, apache-2.0).")],
    format: FormatOption = TextOrJson.text,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """One license's terms, each with the clause of the text that grounds it.

    Example: auditor licenses show llama3.1

    Exit codes: 0 shown, 2 no such license (or a Hub state such as `other`, which is not a license).
    """
    kb = _kb()
    entry = kb.get(license_id)
    if entry is None:
        state = kb.hub_id(license_id)
        if isinstance(state, dict):
            fail(f"{license_id!r} is the Hub's {state['state']!r} state, not a license: the card names no "
                 "license from the Hub's list (look for license_name, license_link or a LICENSE file)")
        _fail_expression(license_id)
        fail(f"no license {license_id!r} in the knowledge base; `auditor licenses list` shows every id "
             "and alias")
    if format == TextOrJson.json:
        print_json(_entry_detail(entry))
        return
    out = console()
    version = f" (version {entry.version})" if entry.version else ""
    out.print(f"[bold]{escape(entry.name)}[/]{escape(version)}  [dim]{escape(entry.id)}[/]")
    facts = [f"category: {entry.category}", f"SPDX: {'yes' if entry.spdx else 'no'}",
             f"OSI approved: {_yes_no(entry.osi_approved)}", f"open data (MOF): {_yes_no(entry.open_data)}",
             f"status: {entry.status}"]
    out.print(escape(" · ".join(facts)))
    if entry.date or entry.url:
        out.print(escape(" · ".join(x for x in (entry.date, entry.url) if x)))
    # the long column last, so that piped output is not padded to its width
    print_table(("term", "clause", "value"), [[name, escape(term.clause or "-"), escape(_term_text(term))]
                                             for name, term in entry.terms.items()], no_wrap=("term",))
    names = list(dict.fromkeys([*entry.hub_ids, *entry.aliases, *entry.scancode_keys]))
    if names:
        out.print(f"answers to: {escape(', '.join(names))}")
    if entry.notes:
        out.print(f"notes: {escape(entry.notes)}")


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else "yes" if value else "no"


def identify_command(
    file: Annotated[Path, typer.Argument(help="A LICENSE file, a gated prompt or any text to identify.")],
    no_library: Annotated[bool, typer.Option("--no-library", help="Use the shipped fingerprints only "
                                             "(skip the optional pyaskalono matcher).")] = False,
    format: FormatOption = TextOrJson.text,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Identify the license in a text file, offline: license id, version and match score.

    Example: auditor licenses identify LICENSE.txt

    Exit codes: 0 read (identified or not: the output says), 2 the file cannot be read or is not UTF-8 text.
    """
    # lazy: start-up (auditor.licenses.identify, auditor.textsafe)
    from auditor.licenses.identify import identify_text, library_note
    from auditor.textsafe import not_text_reason, not_utf8_reason, wide_encoding

    try:
        if not file.is_file():
            fail(f"{file}: {_not_a_file(file)}")
        if file.stat().st_size > MAX_TEXT_BYTES:
            fail(f"{file}: larger than {MAX_TEXT_BYTES} bytes; not a license file")
        raw = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: cannot read the file ({exc.strerror})")
    # A text that is not UTF-8 (UTF-16 from a Windows editor) or not text at all decodes to noise that matches no
    # license: "no known license identified" named the wrong cause, and the exit code said the file was read.
    wide = wide_encoding(raw)
    if wide:
        fail(f"{file}: cannot identify a license: {not_utf8_reason(raw)}")
    text = raw.decode("utf-8", errors="replace")
    binary = not_text_reason(text)
    if binary:
        fail(f"{file}: cannot identify a license: it is not text ({binary})")
    try:
        found = identify_text(text, use_library=not no_library)
    except (OSError, ValueError) as exc:  # the shipped fingerprints are missing or damaged
        fail(f"license fingerprints cannot be loaded: {exc}")
    note = None if no_library else library_note()
    entry = _kb().get(found.license_id) if found is not None else None
    if format == TextOrJson.json:
        data: dict[str, Any] = {"file": str(file), "identified": found.to_dict() if found else None}
        if found is not None:
            data.update({"id": found.license_id, "version": found.version, "score": found.score,
                         "name": entry.name if entry else None,
                         "category": entry.category if entry else None})
        if note:
            data["note"] = note
        print_json(data)
        return
    out = console()
    if found is None:
        out.print(f"{escape(str(file))}: no known license identified", soft_wrap=True)
    else:
        for item in (found, *found.also):
            item_entry = _kb().get(item.license_id)
            name = f" ({item_entry.name})" if item_entry else ""
            version = f" version {item.version}" if item.version else ""
            label = "acceptable-use policy" if item.kind == "aup" else "license"
            out.print(f"{escape(str(file))}: {label} [bold]{escape(item.license_id)}[/]"
                      f"{escape(name + version)}, score {item.score:.3f} ({item.method})")
            out.print(f"  [dim]{escape(item.detail)}[/]")
    if note:
        out.print(f"[yellow]note:[/] {escape(note)}")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The license knowledge base and offline license text identification.\n\n"
                        "Example: auditor licenses show apache-2.0\n\n"
                        "Exit codes: 0 shown, 2 unknown license or unreadable file.", no_args_is_help=True)
    group.command("list")(list_command)
    group.command("show")(show_command)
    group.command("identify")(identify_command)
    app.add_typer(group, name="licenses")


def _not_a_file(file: Path) -> str:
    """Why `file` is no text to read, in words: "no such file" only when nothing is there (a folder, a FIFO or a
    link loop is there, and saying otherwise sends the user looking for a typo)."""
    # lazy: start-up (auditor.model)
    from auditor.model import why_absent

    if not os.path.lexists(file):
        return "no such file"
    if file.is_dir():
        return "is a folder, not a text file"
    if not os.path.exists(file):  # a link that leads nowhere: to a missing file, or round in a loop
        return why_absent(str(file), "is a symbolic link to nothing (its target is missing)")
    return "is not a regular file (a FIFO, a device or a socket)"
