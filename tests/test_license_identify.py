"""Offline license text identification against the real corpus texts (read from ../shared, never copied)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import random
from pathlib import Path

import pytest

from auditor.licenses import identify as ident
from auditor.licenses.identify import (
    Identification,
    identify_file,
    identify_text,
    load_store,
    normalize_text,
)

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "auditor" / "data" / "license_fingerprints.json"


# What each corpus text is, written by hand (not read from the fingerprint file under test): the license from
# ../shared/corpus/licenses/SOURCES.tsv and the text's own title; the version from its version number or its
# own date line ("Release Date: August 3, 2023", "Dated: November 21, 2023", "Last Updated: July 5, 2024").
# stable-video-diffusion-community.txt is the 2023 NON-COMMERCIAL agreement (LICENSE-SVD), whatever its file name.
EXPECTED: dict[str, tuple[str, str | None, str]] = {
    "apache-2.0.txt": ("Apache-2.0", "2.0", "license"),
    "cc-by-4.0.txt": ("CC-BY-4.0", "4.0", "license"),
    "cc-by-nc-4.0.txt": ("CC-BY-NC-4.0", "4.0", "license"),
    "cc-by-sa-4.0.txt": ("CC-BY-SA-4.0", "4.0", "license"),
    "cc0-1.0.txt": ("CC0-1.0", "1.0", "license"),
    "creativeml-openrail-m.txt": ("LicenseRef-CreativeML-OpenRAIL-M", "2022-08-22", "license"),
    "deepseek.txt": ("LicenseRef-DeepSeek", "1.0", "license"),
    "flux-1-dev-non-commercial-license.txt": ("LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1", "1.1.1", "license"),
    "flux-1-dev-non-commercial-license_v1.0_2024-08-01.txt": ("LicenseRef-FLUX.1-dev-Non-Commercial-1.0", "1.0",
                                                              "license"),
    "gemma.txt": ("LicenseRef-Gemma", "2024-02-21", "license"),
    "llama2-aup.txt": ("aup-llama2", "2", "aup"),
    "llama2.txt": ("LicenseRef-Llama-2", "2", "license"),
    "llama3-aup.txt": ("aup-llama3", "3", "aup"),
    "llama3.1-aup.txt": ("aup-llama3.1", "3.1", "aup"),
    "llama3.1.txt": ("LicenseRef-Llama-3.1", "3.1", "license"),
    "llama3.2-aup.txt": ("aup-llama3.2", "3.2", "aup"),
    "llama3.2.txt": ("LicenseRef-Llama-3.2", "3.2", "license"),
    "llama3.3-aup.txt": ("aup-llama3.3", "3.3", "aup"),
    "llama3.3.txt": ("LicenseRef-Llama-3.3", "3.3", "license"),
    "llama3.txt": ("LicenseRef-Llama-3", "3", "license"),
    "llama4-aup.txt": ("aup-llama4", "4", "aup"),
    "llama4.txt": ("LicenseRef-Llama-4", "4", "license"),
    "mit.txt": ("MIT", None, "license"),
    "mrl.txt": ("LicenseRef-MRL-0.1", "0.1", "license"),
    "openrail++.txt": ("LicenseRef-CreativeML-OpenRAIL-PlusPlus-M", "2023-07-26", "license"),
    "qwen-research.txt": ("LicenseRef-Qwen-Research", "2024-09-19", "license"),
    "sdxl-0.9-research.txt": ("LicenseRef-SDXL-0.9-Research", "0.9", "license"),
    "stabilityai-ai-community.txt": ("LicenseRef-Stability-AI-Community", "2024-07-05", "license"),
    "stabilityai-nc-community.txt": ("LicenseRef-Stability-AI-NC-Community", "2024-03-18", "license"),
    "stabilityai-nc-research-community.txt": ("LicenseRef-Stability-AI-NC-Research-Community", "2023-11-28",
                                              "license"),
    "stable-video-diffusion-community.txt": ("LicenseRef-Stable-Video-Diffusion-NC-Community", "2023-11-21",
                                             "license"),
    "tongyi-qianwen-research.txt": ("LicenseRef-Tongyi-Qianwen-Research", "2023-11-30", "license"),
    "tongyi-qianwen.txt": ("LicenseRef-Tongyi-Qianwen", "2023-08-03", "license"),
}


def _expected() -> dict[str, tuple[str, str | None, str]]:
    return EXPECTED


def test_the_shipped_fingerprints_say_what_each_text_is() -> None:
    """The fingerprint file's labels agree with the hand-written table (a wrong label there would otherwise
    be the test's own expectation)."""
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert {f["file"]: (f["id"], f["version"], f["kind"]) for f in data["fingerprints"]} == EXPECTED


def _reflow_and_recase(text: str, seed: int = 7) -> str:
    """Same words, different whitespace, line breaks and case (what copy-paste and editors do)."""
    rnd = random.Random(seed)
    out = []
    for word in text.split():
        roll = rnd.random()
        out.append(word.upper() if roll < 0.3 else word.lower() if roll < 0.6 else word.title())
        out.append(rnd.choice([" ", "  ", "\n", "\t", " \n\n "]))
    return "".join(out)


def _without_title(text: str) -> str:
    """Drop the leading short lines: the title, version line, date and copyright line."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and len(lines[i].split()) < 12:
        i += 1
    assert i < len(lines), "no body left"
    return "\n".join(lines[i:])


def _texts(corpus: Path) -> list[Path]:
    files = sorted((corpus / "licenses").glob("*.txt"))
    assert len(files) == 33
    return files


def test_every_corpus_text_has_a_fingerprint(corpus: Path) -> None:
    expected = _expected()
    assert sorted(expected) == [p.name for p in _texts(corpus)]
    ids = [v[0] for v in expected.values()]
    assert len(set(ids)) == len(ids), "two corpus texts share an id: versions would be indistinguishable"


@pytest.mark.parametrize("variant", ["raw", "reflowed", "untitled"])
def test_each_corpus_text_is_identified_as_itself(corpus: Path, variant: str) -> None:
    expected = _expected()
    wrong = []
    for path in _texts(corpus):
        text = path.read_text(encoding="utf-8")
        if variant == "reflowed":
            text = _reflow_and_recase(text)
        elif variant == "untitled":
            text = _without_title(text)
            assert text != path.read_text(encoding="utf-8")
        found = identify_text(text, use_library=False)
        want_id, want_version, want_kind = expected[path.name]
        got = found and (found.license_id, found.version, found.kind)
        if got != (want_id, want_version, want_kind):
            wrong.append((path.name, found and (found.license_id, found.version, found.score)))
            continue
        assert found.method == "fingerprint"
        assert found.matched_file == path.name
        assert 0.8 <= found.score <= 1.0
        assert "containment" in found.detail
    assert wrong == []


def test_raw_files_match_almost_completely(corpus: Path) -> None:
    for path in _texts(corpus):
        found = identify_file(path, use_library=False)
        assert found is not None and found.score >= 0.97, (path.name, found)


@pytest.mark.parametrize(
    ("file", "rivals"),
    [
        ("llama3.1.txt", ["llama3.2.txt", "llama3.3.txt", "llama3.txt"]),
        ("llama3.2.txt", ["llama3.1.txt", "llama3.3.txt", "llama4.txt"]),
        ("llama3.3.txt", ["llama3.2.txt", "llama4.txt"]),
        ("llama3.txt", ["llama3.1.txt"]),
        ("flux-1-dev-non-commercial-license.txt", ["flux-1-dev-non-commercial-license_v1.0_2024-08-01.txt"]),
        ("flux-1-dev-non-commercial-license_v1.0_2024-08-01.txt", ["flux-1-dev-non-commercial-license.txt"]),
    ],
)
def test_near_versions_are_told_apart_with_a_margin(corpus: Path, file: str, rivals: list[str]) -> None:
    """The right version must win clearly, not by a rounding error, even with the title gone."""
    store = load_store()
    index = {fp.file: i for i, fp in enumerate(store.fingerprints)}
    query = ident.text_shingles(_without_title((corpus / "licenses" / file).read_text(encoding="utf-8")))
    hits = store.hits(query)

    def containment(name: str) -> float:
        i = index[name]
        return len(hits.get(i, ())) / store.fingerprints[i].size

    for rival in rivals:
        margin = containment(file) - containment(rival)
        assert margin >= 0.02, (file, rival, containment(file), containment(rival))
    found = identify_text(_without_title((corpus / "licenses" / file).read_text(encoding="utf-8")))
    assert found is not None and found.matched_file == file
    assert "nearest other version" in found.detail


def test_model_readme_prose_and_code_match_nothing(corpus: Path) -> None:
    for name in ("openai-community__gpt2.md", "microsoft__phi-2.md", "codellama__CodeLlama-7b-hf.md",
                 "black-forest-labs__FLUX.1-schnell.md", "TheBloke__Llama-2-7B-Chat-GGML.md"):
        assert identify_file(corpus / "cards" / name) is None, name
    assert identify_file(REPO / "auditor" / "model.py") is None
    assert identify_text("") is None
    assert identify_text("MIT") is None
    assert identify_text("This model is licensed under the Llama 2 Community License.") is None


def test_readme_scores_are_far_below_the_threshold(corpus: Path) -> None:
    store = load_store()
    text = (corpus / "cards" / "TheBloke__Llama-2-7B-Chat-GGML.md").read_text(encoding="utf-8")
    hits = store.hits(ident.text_shingles(text))
    best = max(len(h) / store.fingerprints[i].size for i, h in hits.items())
    assert best < ident.MIN_CONTAINMENT / 4


def test_license_embedded_in_a_gated_prompt_card(corpus: Path) -> None:
    """The official Llama 3.2 card carries license + AUP + form text inside extra_gated_prompt."""
    found = identify_file(corpus / "cards" / "meta-llama__Llama-3.2-1B-Instruct.md")
    assert found is not None
    assert (found.license_id, found.version, found.kind) == ("LicenseRef-Llama-3.2", "3.2", "license")
    assert [a.license_id for a in found.also] == ["aup-llama3.2"]
    assert found.score >= 0.95


def test_license_with_extra_header_and_appended_policy(corpus: Path) -> None:
    lic = (corpus / "licenses" / "llama2.txt").read_text(encoding="utf-8")
    aup = (corpus / "licenses" / "llama2-aup.txt").read_text(encoding="utf-8")
    header = "This repository's weights are released under the following agreement. Read it before use.\n\n"
    found = identify_text(header + lic + "\n\n" + aup + "\n\nName: ____  Affiliation: ____  [ ] I accept\n")
    assert found is not None and found.license_id == "LicenseRef-Llama-2"
    assert [(a.license_id, a.kind) for a in found.also] == [("aup-llama2", "aup")]
    alone = identify_text(aup)
    assert alone is not None and (alone.license_id, alone.kind, alone.also) == ("aup-llama2", "aup", ())


def test_llama3_license_without_its_appended_policy_still_matches(corpus: Path) -> None:
    """llama3.txt has the AUP appended; the bare agreement (as many repos ship it) must still be Llama 3."""
    text = (corpus / "licenses" / "llama3.txt").read_text(encoding="utf-8")
    cut = text.lower().find("meta llama 3 acceptable use policy")
    assert cut > 0
    found = identify_text(text[:cut], use_library=False)
    assert found is not None and (found.license_id, found.also) == ("LicenseRef-Llama-3", ())


def test_normalisation_folds_noise_but_keeps_versions() -> None:
    assert normalize_text("**LLAMA 3.1** Community   License") == ["llama", "3.1", "community", "license"]
    assert normalize_text("1. License Rights.\n  (a) Grant") == ["license", "rights", "grant"]
    assert normalize_text("see [https://x.org/a](https://x.org/a).") == ["see", "x", "org", "a"]
    holder = "Copyright (c) 2019 Jane Doe\nPermission is granted"
    assert normalize_text(holder) == ["permission", "is", "granted"]
    assert normalize_text("Llama 3.2") != normalize_text("Llama 3.3")


def test_identification_is_json_able(corpus: Path) -> None:
    found = identify_file(corpus / "licenses" / "llama3.txt")
    assert isinstance(found, Identification)
    data = json.loads(json.dumps(found.to_dict()))
    assert data["license_id"] == "LicenseRef-Llama-3" and data["also"][0]["license_id"] == "aup-llama3"


def test_shipped_fingerprints_are_up_to_date(corpus: Path) -> None:
    script = REPO / "scripts" / "build_fingerprints.py"
    spec = importlib.util.spec_from_file_location("build_fingerprints", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(corpus / "licenses")
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == json.loads(json.dumps(built)), (
        "run python scripts/build_fingerprints.py"
    )


def test_shipped_data_contains_no_license_text(corpus: Path) -> None:
    shipped = SHIPPED.read_text(encoding="utf-8").lower()
    for phrase in ("llama materials", "acceptable use policy", "permission is hereby granted",
                   "indemnify", "terms and conditions", "warranty"):
        assert phrase not in shipped


def _bsd_license_of_an_installed_package() -> str | None:
    for dist in ("click", "idna", "networkx", "fsspec"):
        try:
            files = importlib.metadata.distribution(dist).files or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for f in files:
            if f.name.upper().startswith("LICENSE"):
                text = f.read_text()
                if text and "Redistribution and use in source and binary forms" in text and "3." in text:
                    return text
    return None


def test_spdx_license_outside_the_corpus_through_askalono() -> None:
    pytest.importorskip("askalono", reason="pyaskalono (optional) is not installed")
    text = _bsd_license_of_an_installed_package()
    if text is None:
        pytest.skip("no installed package ships a BSD-3-Clause LICENSE file to test with")
    found = identify_text(text)
    assert found is not None
    assert (found.license_id, found.method, found.matched_file) == ("BSD-3-Clause", "askalono", None)
    assert found.score >= ident.ASKALONO_MIN_SCORE


def test_without_the_library_identification_degrades_to_fingerprints(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ident, "_askalono", lambda: None)
    assert ident.library_note() is not None and "pyaskalono" in ident.library_note()
    found = identify_file(corpus / "licenses" / "mit.txt")
    assert found is not None and found.license_id == "MIT"
    text = _bsd_license_of_an_installed_package()
    if text is not None:
        assert identify_text(text) is None


def test_broken_fingerprint_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "fp.json"
    bad.write_text(json.dumps({"format": 99, "fingerprints": []}))
    with pytest.raises(ValueError, match="format 99"):
        ident.FingerprintStore.from_file(bad)
