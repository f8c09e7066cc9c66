"""Model Openness Framework (MOF): the 17 components, and the Model Openness Tool's classification.

Why reproduce the tool to the letter: its classes (I, II, III) are what publishers and the LF AI & Data
foundation quote, so an auditor that claims "class II" must mean exactly what the tool means, quirks
included. `mof_class_exact` is that reproduction (lfai/model_openness_tool, ModelEvaluator at commit 8b5d30e);
`mof_class_normalised` then reads the same declaration the way a careful human would (SPDX spellings,
expressions) and reports, as a data-quality note, where that changes the class.

The tool's rules, in short (see evaluate()/getProgress() there):
- a component is included when it is listed in `release.components` (matched by exact name);
- its license is the component's own `license`; an explicit '' or 'unlicensed' means unlicensed with no
  fallback; absent or null falls back to `release.license.<content type>.name`, then
  `release.license.distribution.name`;
- a license is open when it is OSI-approved or FSF-libre in the tool's SPDX list, or one of its open-data
  ids; exact string match only;
- classes are cumulative (III: 6 required components open; II: 4 more; I: 4 more), optional ones never
  count, and progress towards a class is 0 unless every higher class is met;
- if the technical report is not open and the research paper is listed, the paper's status (open, not
  open, unlicensed) is added to classes III and II in the report's place.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from auditor.openness import _mot_tables as tables
from auditor.openness.classname import class_name
from auditor.safeyaml import YamlError, key_lines, load_yaml
from auditor.sources.shapes import type_name

ContentType = Literal["code", "data", "document"]
ComponentStatus = Literal["open", "open_not_type_appropriate", "not_open", "unlicensed", "not_included"]


@dataclass(frozen=True)
class MofComponent:
    """One of the 17 MOF components as the tool's mof.settings.yml defines it."""

    id: int
    name: str
    content_type: ContentType
    mof_class: int
    required: bool
    weight: int


# In the order of the tool's mof.settings.yml: the tool's getRequired() keeps this order, and the order
# matters (the technical-report substitution tests an array index for truthiness).
COMPONENTS: tuple[MofComponent, ...] = (
    MofComponent(15, "Datasets", "data", 1, True, 30),
    MofComponent(16, "Data preprocessing code", "code", 1, True, -60),
    MofComponent(9, "Model architecture", "code", 3, True, -80),
    MofComponent(10, "Model parameters (Final)", "data", 3, True, 10),
    MofComponent(17, "Model metadata", "data", 1, False, 60),
    MofComponent(24, "Model parameters (Intermediate)", "data", 1, True, 20),
    MofComponent(7, "Training code", "code", 2, True, -40),
    MofComponent(8, "Inference code", "code", 2, True, -30),
    MofComponent(18, "Evaluation code", "code", 2, True, -10),
    MofComponent(19, "Evaluation data", "data", 2, True, 50),
    MofComponent(12, "Evaluation results", "document", 3, True, 101),
    MofComponent(22, "Supporting libraries and tools", "code", 2, False, 0),
    MofComponent(13, "Model card", "document", 3, True, 70),
    MofComponent(14, "Data card", "document", 3, True, 80),
    MofComponent(11, "Technical report", "document", 3, True, 90),
    MofComponent(21, "Research paper", "document", 1, True, 100),
    MofComponent(20, "Sample model outputs", "document", 3, False, 60),
)
COMPONENT_BY_NAME: dict[str, MofComponent] = {c.name: c for c in COMPONENTS}
COMPONENT_BY_ID: dict[int, MofComponent] = {c.id: c for c in COMPONENTS}
COMPONENT_NAMES: tuple[str, ...] = tuple(c.name for c in sorted(COMPONENTS, key=lambda c: c.weight))
TECH_REPORT, RESEARCH_PAPER = 11, 21
CLASS_LABELS = {
    1: "Class I - Open Science Model",
    2: "Class II - Open Tooling Model",
    3: "Class III - Open Model",
    None: "Unclassified",
}
ROMAN = {1: "I", 2: "II", 3: "III"}
GLOBAL_LICENSE_KINDS = ("distribution", "code", "data", "document")


class MofError(ValueError):
    """A MOF declaration we cannot read; str() is one sentence naming file, line and key where known."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None, key: str | None = None) -> None:
        self.message, self.file, self.line, self.key = message, file, line, key
        where = ":".join(str(x) for x in (file, line) if x is not None)
        text = f"{message} [{key}]" if key else message
        super().__init__(f"{where}: {text}" if where else text)


@dataclass(frozen=True)
class DeclaredComponent:
    """A component as a declaration lists it. `license` is None when the key is absent or null."""

    name: str
    license: str | None = None
    license_path: str | None = None
    component_path: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class MofDeclaration:
    """A Model Openness Framework `release` declaration (the tool's models/*.yml format)."""

    name: str
    producer: str
    components: tuple[DeclaredComponent, ...]
    global_licenses: dict[str, str | None] = field(default_factory=dict)  # kind -> license name
    version: str | None = None
    date: str | None = None
    type: str | None = None
    architecture: str | None = None
    treatment: str | None = None
    origin: str | None = None
    repository: str | None = None
    huggingface: str | None = None
    framework_version: str | None = None
    file: str | None = None
    unknown_component_names: tuple[str, ...] = ()

    @property
    def hf_repo_id(self) -> str | None:
        """`org/name` from the declared Hugging Face URL, when it names one."""
        url = (self.huggingface or "").strip()
        for prefix in ("https://huggingface.co/", "http://huggingface.co/", "huggingface.co/"):
            if url.startswith(prefix):
                parts = [p for p in url[len(prefix) :].split("/") if p]
                if len(parts) >= 2 and parts[0] not in ("datasets", "spaces"):
                    return f"{parts[0]}/{parts[1]}"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "producer": self.producer,
            "version": self.version,
            "date": self.date,
            "type": self.type,
            "architecture": self.architecture,
            "treatment": self.treatment,
            "origin": self.origin,
            "repository": self.repository,
            "huggingface": self.huggingface,
            "global_licenses": dict(self.global_licenses),
            "components": [{"name": c.name, "license": c.license} for c in self.components],
            "unknown_component_names": list(self.unknown_component_names),
            "file": self.file,
        }


@dataclass(frozen=True)
class ComponentResult:
    """How the tool sees one component: included?, license as written and as resolved, status."""

    name: str
    included: bool
    license: str | None  # as written on the component (None: absent or null)
    resolved_license: str | None  # after the tool's fallbacks ("unlicensed" when nothing applies)
    content_type: ContentType
    mof_class: int
    required: bool
    status: ComponentStatus
    source: str | None = None  # component | global.<kind> | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "included": self.included,
            "license": self.license,
            "resolved_license": self.resolved_license,
            "type": self.content_type,
            "mof_class": self.mof_class,
            "required": self.required,
            "status": self.status,
            "source": self.source,
        }


@dataclass(frozen=True)
class MofResult:
    """The tool's verdict: class 1/2/3 (None: unclassified), progress per class, and each component."""

    mof_class: int | None
    progress: dict[int, float]  # class -> percent, exactly as getProgress() computes it
    components: dict[str, ComponentResult]
    not_type_appropriate: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    ungated: dict[int, float] = field(default_factory=dict)  # see _ungated_coverage

    @property
    def label(self) -> str:
        return CLASS_LABELS[self.mof_class]

    @property
    def gated(self) -> dict[int, bool]:
        """Classes whose tool progress is forced to 0 because a higher class is not met."""
        return {
            3: False,
            2: self.progress.get(3, 0.0) < 100.0,
            1: self.progress.get(3, 0.0) < 100.0 or self.progress.get(2, 0.0) < 100.0,
        }

    @property
    def fixture_progress(self) -> dict[int, float]:
        """The tool's progress where it reports one; the ungated coverage where the tool's gate reports 0.

        This is the figure the tool's own test fixtures (test_data/*.yml) encode in their file names: the
        names came from the fixture generator's ungated count and were later corrected to the tool's output
        for classes the gate does not hide.
        """
        gated = self.gated
        return {k: (self.ungated.get(k, 0.0) if gated[k] else v) for k, v in self.progress.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "mof_class": self.mof_class,
            "label": self.label,
            "progress": {f"class_{k}": round(v, 2) for k, v in sorted(self.progress.items(), reverse=True)},
            "components": {n: c.to_dict() for n, c in self.components.items()},
            "ungated": {f"class_{k}": round(v, 2) for k, v in sorted(self.ungated.items(), reverse=True)},
            "not_type_appropriate": list(self.not_type_appropriate),
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------------------------------------
# Loading and validating a declaration


@cache
def _validator() -> Any:
    """A validator for the tool's mof_schema.json, built once (building costs more than checking)."""
    import jsonschema

    from auditor.openness._mof_schema import MOF_SCHEMA

    return jsonschema.Draft7Validator(MOF_SCHEMA)


_FRAMEWORK_NAME = "Model Openness Framework"
_STR_OR_NULL = (str, type(None))
_RELEASE_ENUMS = ("type", "architecture", "treatment")
_RELEASE_STRINGS = ("version", "date", "origin", "producer", "contact")
_COMPONENT_STRINGS = ("name", "description", "license", "license_path", "component_path")


def plainly_valid(data: Any) -> bool:
    """True only when `data` certainly satisfies the MOF schema (_mof_schema.MOF_SCHEMA under Draft 7, no
    format checks, as _validator): the common, well-formed declaration, checked in microseconds instead of
    jsonschema's milliseconds. False means "not shown": jsonschema then validates and names the problem, so
    every error message is unchanged (tests/test_mof_fast_validation.py holds the two together)."""
    if not isinstance(data, dict) or not isinstance(data.get("framework"), dict):
        return False
    framework, release = data["framework"], data.get("release")
    if not all(isinstance(framework.get(k), str) for k in ("name", "version", "date")) or \
            framework["name"] != _FRAMEWORK_NAME or not isinstance(release, dict):
        return False
    if not all(k in release for k in ("name", "license", "producer", "components")):
        return False
    if not isinstance(release["name"], str) or not release["name"]:
        return False
    if any(k in release and not isinstance(release[k], str) for k in _RELEASE_STRINGS):
        return False
    schema = _release_schema()
    for key in _RELEASE_ENUMS:
        if key in release and (not isinstance(release[key], str) or release[key] not in schema[key]["enum"]):
            return False
    return _plain_license(release["license"]) and _plain_components(release["components"])


def _plain_license(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    for kind in ("distribution", "code", "document", "data"):
        if kind in value:
            entry = value[kind]
            if not isinstance(entry, dict) or any(k in entry and not isinstance(entry[k], _STR_OR_NULL)
                                                  for k in ("name", "path")):
                return False
    return True


def _plain_components(value: Any) -> bool:
    if not isinstance(value, list) or len(value) > 17:
        return False
    return all(isinstance(c, dict) and not any(k in c and not isinstance(c[k], str) for k in _COMPONENT_STRINGS)
               for c in value)


@cache
def _release_schema() -> dict[str, Any]:
    from auditor.openness._mof_schema import MOF_SCHEMA

    return MOF_SCHEMA["properties"]["release"]["properties"]


def _plain(value: Any) -> Any:
    """YAML turns unquoted dates into date objects; the tool's schema (and PHP) see strings."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def load_declaration(source: str | Path | Mapping[str, Any], *, file: str | None = None) -> MofDeclaration:
    """Read and validate a MOF declaration from a path, YAML text or an already-parsed mapping.

    Raises MofError with one sentence naming the file, line and key of the first problem found. A Path, or a
    string without a newline, is a file to read; a string with newlines is YAML text.
    """
    text: str | None = None
    if isinstance(source, Mapping):
        data: Any = dict(source)
    else:
        path = Path(source) if isinstance(source, Path) or "\n" not in str(source) else None
        if path is not None:
            file = file or str(path)
            try:
                from auditor.safeyaml import read_text_bounded  # a FIFO or device is refused, not waited on

                text = read_text_bounded(path, max_bytes=10_000_000)
            except FileNotFoundError:
                raise MofError("MOF file not found", file) from None
            except OSError as exc:
                raise MofError(f"cannot read MOF file ({exc.strerror})", file) from None
            except UnicodeDecodeError as exc:
                raise MofError(f"cannot read MOF file (it is not valid UTF-8 at byte {exc.start})", file) from None
        else:
            text = str(source)
        try:
            data = load_yaml(text, file=file)
        except YamlError as exc:
            raise MofError(exc.message, exc.file, exc.line) from None
    return _build(_plain(data), file=file, lines=_LazyLines(text))


class _LazyLines(dict):  # type: ignore[type-arg]
    """key_lines() computed only when an error needs a line: composing the YAML again costs a full parse."""

    def __init__(self, text: str | None) -> None:
        super().__init__()
        self._text, self._done = text, False

    def _fill(self) -> None:
        if not self._done:
            self._done = True
            if self._text is not None:
                self.update(key_lines(self._text))

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self._fill()
        return super().__getitem__(key)


def _line_for(lines: dict[tuple[str, ...], int], path: Iterable[Any]) -> int | None:
    parts = tuple(str(p) for p in path)
    while parts:
        if parts in lines:
            return lines[parts]
        parts = parts[:-1]
    return lines.get(())


def _build(data: Any, *, file: str | None, lines: dict[tuple[str, ...], int]) -> MofDeclaration:
    if not isinstance(data, dict):
        raise MofError(
            f"a MOF declaration must be a mapping with `framework` and `release`, not {type_name(data)}",
            file,
            _line_for(lines, ()),
        )
    errors = [] if plainly_valid(data) else sorted(
        _validator().iter_errors(data),
        key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path]),
    )
    if errors:
        err = errors[0]
        path = list(err.absolute_path)
        if err.validator == "required" and isinstance(err.validator_value, list):
            missing = [k for k in err.validator_value if isinstance(err.instance, dict) and k not in err.instance]
            key = ".".join(map(str, [*path, *(missing[:1])]))
            msg = f"missing required key {missing[0]!r}" if missing else err.message
        else:
            key = ".".join(map(str, path)) or None
            msg = f"invalid value: {err.message}"
        raise MofError(f"not a valid MOF declaration: {msg}", file, _line_for(lines, path), key)
    release = data["release"]
    globals_: dict[str, str | None] = {}
    for kind, value in (release.get("license") or {}).items():
        if isinstance(value, dict):
            globals_[str(kind)] = _opt_str(value.get("name"))
        elif isinstance(value, str):  # tolerated: `distribution: MIT` (the tool would ignore it; see _resolve)
            globals_[str(kind)] = None
    components: list[DeclaredComponent] = []
    unknown: list[str] = []
    for i, comp in enumerate(release.get("components") or []):
        name = comp.get("name")
        if not isinstance(name, str) or not name:
            raise MofError(
                "a component has no `name`",
                file,
                _line_for(lines, ("release", "components", i)),
                f"release.components.{i}.name",
            )
        if name not in COMPONENT_BY_NAME:
            unknown.append(name)
        components.append(
            DeclaredComponent(
                name=name,
                license=_opt_str(comp.get("license")),
                license_path=_opt_str(comp.get("license_path")),
                component_path=_opt_str(comp.get("component_path")),
                description=_opt_str(comp.get("description")),
            )
        )
    return MofDeclaration(
        name=str(release["name"]),
        producer=str(release["producer"]),
        components=tuple(components),
        global_licenses=globals_,
        version=_opt_str(release.get("version")),
        date=_opt_str(release.get("date")),
        type=_opt_str(release.get("type")),
        architecture=_opt_str(release.get("architecture")),
        treatment=_opt_str(release.get("treatment")),
        origin=_opt_str(release.get("origin")),
        repository=_opt_str(release.get("repository")),
        huggingface=_opt_str(release.get("huggingface")),
        framework_version=_opt_str((data.get("framework") or {}).get("version")),
        file=file,
        unknown_component_names=tuple(unknown),
    )


# --------------------------------------------------------------------------------------------------------
# The tool's license predicates (exact string membership)


def tool_is_open(license_id: str) -> bool:
    """LicenseHandler::isOpenSourceLicense: FSF-libre, or open data, or OSI-approved. Exact match."""
    return license_id in tables.FSF_LIBRE or license_id in tables.OPEN_DATA or license_id in tables.OSI_APPROVED


def tool_is_type_appropriate(license_id: str, content_type: str) -> bool:
    """LicenseHandler::isTypeAppropriate: the tool's overlay lists the license for that content type."""
    return content_type in tables.CONTENT_TYPES.get(license_id, ())


def _php_truthy_str(value: str | None) -> bool:
    """PHP's `?:` and empty(): '' and '0' are false; the tool relies on this when reading licenses."""
    return value not in (None, "", "0")


def _component_licenses(decl: MofDeclaration) -> dict[int, dict[str, str]]:
    """ModelUpdater::processComponentLicenses: per component id, the keys that were set (later entries win).

    'unlicensed' is stored as '' (explicitly unlicensed); null/absent keys are not stored at all.
    """
    out: dict[int, dict[str, str]] = {}
    for comp in decl.components:
        known = COMPONENT_BY_NAME.get(comp.name)
        if known is None:
            continue
        slot = out.setdefault(known.id, {})
        for key in ("license", "license_path", "component_path"):
            value = getattr(comp, key)
            if value is not None:
                slot[key] = "" if key == "license" and value == "unlicensed" else value
    return out


def _resolve(
    cid: int, comp_licenses: dict[int, dict[str, str]], globals_: Mapping[str, str | None]
) -> tuple[str | None, str | None]:
    """ModelEvaluator::resolveLicense: (license or None, where it came from)."""
    own = comp_licenses.get(cid, {})
    if "license" in own:
        return (own["license"] if _php_truthy_str(own["license"]) else None), "component"
    kind = COMPONENT_BY_ID[cid].content_type
    if _php_truthy_str(globals_.get(kind)):
        return globals_[kind], f"global.{kind}"
    if _php_truthy_str(globals_.get("distribution")):
        return globals_["distribution"], "global.distribution"
    return None, None


# --------------------------------------------------------------------------------------------------------
# The classification


def _included_ids(decl: MofDeclaration) -> list[int]:
    seen: list[int] = []
    for comp in decl.components:
        known = COMPONENT_BY_NAME.get(comp.name)
        if known is not None and known.id not in seen:
            seen.append(known.id)
    return seen


_REQUIRED = {k: [c.id for c in COMPONENTS if c.mof_class == k and c.required] for k in (1, 2, 3)}
_OPTIONAL = {k: [c.id for c in COMPONENTS if c.mof_class == k and not c.required] for k in (1, 2, 3)}


def _required(mof_class: int) -> list[int]:
    """ComponentManager::getRequired, in mof.settings.yml order."""
    return _REQUIRED[mof_class]


def _optional(mof_class: int) -> list[int]:
    return _OPTIONAL[mof_class]


def _php_search(needle: int, haystack: list[int]) -> int | bool:
    """PHP array_search: the index, or False. Callers test it the way the tool does (index 0 is falsy)."""
    try:
        return haystack.index(needle)
    except ValueError:
        return False


def evaluate(
    decl: MofDeclaration,
    *,
    is_open: Any = None,
    type_ok: Any = None,
    included_ids: list[int] | None = None,
    comp_licenses: dict[int, dict[str, str]] | None = None,
) -> dict[Any, Any]:
    """ModelEvaluator::evaluate, statement for statement. Returns the tool's evaluation array.

    `is_open`/`type_ok`/`included_ids`/`comp_licenses` let mof_class_normalised re-run the same algorithm
    over a cleaned-up reading of the declaration.
    """
    is_open = is_open or tool_is_open
    type_ok = type_ok or tool_is_type_appropriate
    model_components = included_ids if included_ids is not None else _included_ids(decl)
    licenses = comp_licenses if comp_licenses is not None else _component_licenses(decl)
    evaluation: dict[Any, Any] = {"not-type-appropriate": [], "sources": {}}
    required: list[int] = []
    optional: list[int] = []
    for klass in (3, 2, 1):
        lists: dict[str, list[int]] = {k: [] for k in ("missing", "included", "invalid", "unlicensed", "optional")}
        evaluation[klass] = {"components": lists, "licenses": {}}
        required = [*required, *_required(klass)]
        optional = [*optional, *_optional(klass)]
        for group, cids in (("required", required), ("optional", optional)):
            for cid in cids:
                if cid not in model_components:
                    if group == "required":
                        lists["missing"].append(cid)
                    continue
                resolved, source = _resolve(cid, licenses, decl.global_licenses)
                license_ = resolved if resolved is not None else "unlicensed"
                ctype = COMPONENT_BY_ID[cid].content_type
                appropriate, open_ = type_ok(license_, ctype), is_open(license_)
                target = "included" if group == "required" else "optional"
                if open_:
                    lists[target].append(cid)
                    if not appropriate and cid not in evaluation["not-type-appropriate"]:
                        evaluation["not-type-appropriate"].append(cid)
                elif license_ == "unlicensed":
                    lists["unlicensed"].append(cid)
                else:
                    lists["invalid"].append(cid)
                evaluation[klass]["licenses"][cid] = license_
                evaluation["sources"][cid] = source
    _paper_for_report(evaluation)
    return evaluation


def _paper_for_report(evaluation: dict[Any, Any]) -> None:
    """The tool's substitution, in place: a research paper stands in for a missing technical report."""
    # The technical report MAY be omitted if a research paper is provided. (An older ModelEvaluator tested
    # `!array_search(...)`, which is also true when the report sits at index 0; the oracle for commit 8b5d30e
    # does not show that quirk, e.g. BLOOM keeps class III progress 16.67, so the test here is strict.)
    if _php_search(TECH_REPORT, evaluation[3]["components"]["included"]) is False:
        status: str | None = None
        for candidate in ("included", "invalid", "unlicensed"):
            if _php_search(RESEARCH_PAPER, evaluation[1]["components"][candidate]) is not False:
                status = candidate
                break
        if status is not None:
            for klass in (3, 2, 1):
                missing = evaluation[klass]["components"]["missing"]
                if TECH_REPORT in missing:
                    missing.remove(TECH_REPORT)
            for klass in (3, 2):
                evaluation[klass]["components"][status].append(RESEARCH_PAPER)
                evaluation[klass]["licenses"][RESEARCH_PAPER] = evaluation[1]["licenses"][RESEARCH_PAPER]


def progress(evaluation: dict[Any, Any], mof_class: int) -> float:
    """ModelEvaluator::getProgress: percent towards a class; 0 unless every higher class is met."""
    total = 0
    included = 0
    i = 3
    while i >= mof_class:
        total += len(_required(i))
        included = len(evaluation[i]["components"]["included"])
        if included < total:
            break
        i -= 1
    if i > mof_class:
        return 0.0
    inc1 = evaluation[1]["components"]["included"]
    # Class I needs one component fewer when the paper stands in for the report. (Index-0 truthiness cannot
    # arise here: progress reaches this line only when all class III components are included before them.)
    if mof_class == 1 and TECH_REPORT not in inc1 and RESEARCH_PAPER in inc1:
        total -= 1
    return min(included / total * 100, 100.0)


def _classify(evaluation: dict[Any, Any]) -> tuple[int | None, dict[int, float]]:
    prog = {k: progress(evaluation, k) for k in (3, 2, 1)}
    completed: int | None = None
    for klass in (3, 2, 1):
        if prog[klass] == 100.0:
            completed = klass
    return completed, prog


# The tool's fixture generator (Test_Data/Test_Scripts/generate-test-files.py) counts progress its own way:
# no gate, the technical report and the research paper as alternatives, and its own class lists (class II
# counts supporting libraries; class I counts every component but model metadata and the report).
_BASE3 = ("Model architecture", "Model parameters (Final)", "Evaluation results", "Model card", "Data card")
_GEN3 = ((*_BASE3, "Technical report"), (*_BASE3, "Research paper"))
_ADD2 = (
    "Training code",
    "Inference code",
    "Evaluation code",
    "Evaluation data",
    "Supporting libraries and tools",
)
_GEN2 = (_GEN3[0] + _ADD2, _GEN3[1] + _ADD2)
_GEN1 = tuple(c.name for c in COMPONENTS if c.name not in ("Model metadata", "Technical report"))


def _ungated_coverage(open_names: set[str]) -> dict[int, float]:
    """Per class, the share of that class's components (and above) listed with an open license, ungated."""
    out: dict[int, float] = {}
    for klass, variants in ((3, _GEN3), (2, _GEN2), (1, (_GEN1,))):
        if any(all(n in open_names for n in v) for v in variants):
            out[klass] = 100.0
        else:
            pool = set().union(*variants)
            out[klass] = sum(1 for n in open_names if n in pool) / len(variants[0]) * 100
    return out


def _result(
    decl: MofDeclaration,
    evaluation: dict[Any, Any],
    *,
    is_open: Any = None,
    type_ok: Any = None,
    included_ids: list[int] | None = None,
    comp_licenses: dict[int, dict[str, str]] | None = None,
    notes: tuple[str, ...] = (),
) -> MofResult:
    is_open = is_open or tool_is_open
    type_ok = type_ok or tool_is_type_appropriate
    klass, prog = _classify(evaluation)
    included = set(included_ids if included_ids is not None else _included_ids(decl))
    licenses = comp_licenses if comp_licenses is not None else _component_licenses(decl)
    comps: dict[str, ComponentResult] = {}
    for c in sorted(COMPONENTS, key=lambda c: c.weight):
        written = licenses.get(c.id, {}).get("license")
        if c.id not in included:
            comps[c.name] = ComponentResult(
                c.name, False, written, None, c.content_type, c.mof_class, c.required, "not_included"
            )
            continue
        resolved, source = _resolve(c.id, licenses, decl.global_licenses)
        lic = resolved if resolved is not None else "unlicensed"
        if is_open(lic):
            status: ComponentStatus = "open" if type_ok(lic, c.content_type) else "open_not_type_appropriate"
        elif lic == "unlicensed":
            status = "unlicensed"
        else:
            status = "not_open"
        comps[c.name] = ComponentResult(
            c.name, True, written, lic, c.content_type, c.mof_class, c.required, status, source
        )
    nta = tuple(COMPONENT_BY_ID[cid].name for cid in evaluation["not-type-appropriate"])
    open_names = {n for n, c in comps.items() if c.status in ("open", "open_not_type_appropriate")}
    return MofResult(klass, prog, comps, nta, notes, _ungated_coverage(open_names))


def mof_class_exact(decl: MofDeclaration | Mapping[str, Any] | str | Path) -> MofResult:
    """The class, progress and component statuses exactly as the Model Openness Tool computes them."""
    if not isinstance(decl, MofDeclaration):
        decl = load_declaration(decl)
    notes = tuple(
        f"component {n!r} is not one of the 17 MOF components; the tool ignores it"
        for n in decl.unknown_component_names
    )
    return _result(decl, evaluate(decl), notes=notes)


# --------------------------------------------------------------------------------------------------------
# The normalised reading


@dataclass(frozen=True)
class NormalisedResult:
    """The class after cleaning license spellings, beside the tool-exact one, with the notes that explain."""

    exact: MofResult
    normalised: MofResult
    changes: tuple[dict[str, Any], ...]  # per component: written, normalised, open before/after
    notes: tuple[str, ...]

    @property
    def mof_class(self) -> int | None:
        return self.normalised.mof_class

    @property
    def differs(self) -> bool:
        return self.exact.mof_class != self.normalised.mof_class

    def to_dict(self) -> dict[str, Any]:
        return {
            "mof_class": self.normalised.mof_class,
            "mof_class_exact": self.exact.mof_class,
            "progress": self.normalised.to_dict()["progress"],
            "changes": [dict(c) for c in self.changes],
            "notes": list(self.notes),
        }


def mof_class_normalised(
    decl: MofDeclaration | Mapping[str, Any] | str | Path, *, exact: MofResult | None = None
) -> NormalisedResult:
    """Re-run the tool's algorithm after normalising every license string the declaration uses.

    Spellings are mapped to SPDX ids ("Apache 2.0" -> Apache-2.0, "BSD-3" -> BSD-3-Clause, "MIT license" ->
    MIT), SPDX expressions are judged as expressions (OR: any branch open; AND/WITH: all parts open), SPDX's
    PDDL-1.0 counts as the ODC-PDDL-1.0 the tool lists, and "component not included" placeholders stop a
    component from counting as listed. Every change is reported, and a note says when the class moves.
    """
    from auditor.openness.normalise import normalise_license  # local: pulls in license-expression lazily

    if not isinstance(decl, MofDeclaration):
        decl = load_declaration(decl)
    exact = exact if exact is not None else mof_class_exact(decl)
    raw = _component_licenses(decl)
    included = _included_ids(decl)
    cleaned: dict[int, dict[str, str]] = {}
    changes: list[dict[str, Any]] = []
    verdicts: dict[str, bool] = {}
    notes: list[str] = []

    def judge(text: str) -> tuple[str, bool]:
        norm = normalise_license(text)
        verdicts[norm.text] = norm.open
        return norm.text, norm.open

    for cid, slot in raw.items():
        new = dict(slot)
        if "license" in slot and _php_truthy_str(slot["license"]):
            norm = normalise_license(slot["license"])
            if norm.not_included:
                included = [c for c in included if c != cid]
                changes.append(
                    {
                        "component": COMPONENT_BY_ID[cid].name,
                        "written": slot["license"],
                        "normalised": None,
                        "reason": "placeholder: component is not actually released",
                    }
                )
                continue
            verdicts[norm.text] = norm.open
            new["license"] = norm.text
            if norm.text != slot["license"]:
                changes.append(
                    {
                        "component": COMPONENT_BY_ID[cid].name,
                        "written": slot["license"],
                        "normalised": norm.text,
                        "open_exact": tool_is_open(slot["license"]),
                        "open_normalised": norm.open,
                    }
                )
        cleaned[cid] = new
    globals_: dict[str, str | None] = {}
    for kind, name in decl.global_licenses.items():
        if _php_truthy_str(name):
            text, _open = judge(str(name))
            globals_[kind] = text
            if text != name:
                changes.append(
                    {
                        "component": f"release.license.{kind}",
                        "written": name,
                        "normalised": text,
                        "open_exact": tool_is_open(str(name)),
                        "open_normalised": _open,
                    }
                )
        else:
            globals_[kind] = name
    norm_decl = MofDeclaration(**{**decl.__dict__, "global_licenses": globals_})

    def is_open(lic: str) -> bool:
        return verdicts.get(lic, tool_is_open(lic))

    def type_ok(lic: str, ctype: str) -> bool:
        return (
            tool_is_type_appropriate(lic, ctype)
            or (ctype == "data" and lic in tables.OPEN_DATA)
            or (lic == "PDDL-1.0" and ctype == "data")
        )

    evaluation = evaluate(norm_decl, is_open=is_open, type_ok=type_ok, included_ids=included, comp_licenses=cleaned)
    normalised = _result(
        norm_decl, evaluation, is_open=is_open, type_ok=type_ok, included_ids=included, comp_licenses=cleaned
    )
    if exact.mof_class != normalised.mof_class:
        moved = [c for c in changes if c.get("open_exact") != c.get("open_normalised")]
        which = ", ".join(f'{c["component"]}: "{c["written"]}" -> {c["normalised"]}' for c in moved)
        notes.append(
            f"the tool gives {class_name(exact.mof_class)} but reading the licenses as SPDX ids gives "
            f"{class_name(normalised.mof_class)}" + (f" ({which})" if which else "")
        )
    elif changes:
        notes.append(f"{len(changes)} license spelling(s) normalised; the class is the same either way")
    return NormalisedResult(exact, normalised, tuple(changes), tuple(notes))
