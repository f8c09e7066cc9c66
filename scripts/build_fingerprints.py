"""Build auditor/data/license_fingerprints.json from the corpus license texts.

Why a script: the project must recognise license texts offline without shipping them. This reads
../shared/corpus/licenses/*.txt, normalises each text exactly as auditor.licenses.identify does at run
time, and writes only hashed word shingles (not reversible to the text) with the canonical id and version.

Ids come from the knowledge base when it is present (an entry whose `text.corpus` names the file); the
table below is the fallback and also names the acceptable-use policies, which are not KB entries.

Two adjustments that matter for matching:
- a license file that has its acceptable-use policy appended (llama3.txt does) gets the policy's shingles
  removed, so the bare license (without the policy) still matches fully and the policy is reported as its
  own match beside it;
- fingerprints that overlap heavily (near versions, the CC 4.0 family) share a `family`, which the matcher
  uses to name the nearest other version in its explanation.

Usage: python scripts/build_fingerprints.py [--corpus DIR] [--out FILE] [--check]
  --check: exit 1 if the output would change (for CI).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from auditor.licenses.identify import (  # noqa: E402 - after the path set-up above
    FORMAT_VERSION,
    SHINGLE_SIZE,
    pack_hashes,
    text_shingles,
)

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "licenses"
DEFAULT_OUT = REPO / "auditor" / "data" / "license_fingerprints.json"

# corpus file -> (canonical id, version, kind). Ids follow rules/hub-ids.yaml and the KB entries.
FALLBACK: dict[str, tuple[str, str | None, str]] = {
    "apache-2.0.txt": ("Apache-2.0", "2.0", "license"),
    "mit.txt": ("MIT", None, "license"),
    "cc-by-4.0.txt": ("CC-BY-4.0", "4.0", "license"),
    "cc-by-nc-4.0.txt": ("CC-BY-NC-4.0", "4.0", "license"),
    "cc-by-sa-4.0.txt": ("CC-BY-SA-4.0", "4.0", "license"),
    "cc0-1.0.txt": ("CC0-1.0", "1.0", "license"),
    "creativeml-openrail-m.txt": ("LicenseRef-CreativeML-OpenRAIL-M", "2022-08-22", "license"),
    "openrail++.txt": ("LicenseRef-CreativeML-OpenRAIL-PlusPlus-M", "2023-07-26", "license"),
    "deepseek.txt": ("LicenseRef-DeepSeek", "1.0", "license"),
    "gemma.txt": ("LicenseRef-Gemma", "2024-02-21", "license"),
    "llama2.txt": ("LicenseRef-Llama-2", "2", "license"),
    "llama3.txt": ("LicenseRef-Llama-3", "3", "license"),
    "llama3.1.txt": ("LicenseRef-Llama-3.1", "3.1", "license"),
    "llama3.2.txt": ("LicenseRef-Llama-3.2", "3.2", "license"),
    "llama3.3.txt": ("LicenseRef-Llama-3.3", "3.3", "license"),
    "llama4.txt": ("LicenseRef-Llama-4", "4", "license"),
    "llama2-aup.txt": ("aup-llama2", "2", "aup"),
    "llama3-aup.txt": ("aup-llama3", "3", "aup"),
    "llama3.1-aup.txt": ("aup-llama3.1", "3.1", "aup"),
    "llama3.2-aup.txt": ("aup-llama3.2", "3.2", "aup"),
    "llama3.3-aup.txt": ("aup-llama3.3", "3.3", "aup"),
    "llama4-aup.txt": ("aup-llama4", "4", "aup"),
    "mrl.txt": ("LicenseRef-MRL-0.1", "0.1", "license"),
    "qwen-research.txt": ("LicenseRef-Qwen-Research", "2024-09-19", "license"),
    "tongyi-qianwen.txt": ("LicenseRef-Tongyi-Qianwen", "2023-08-03", "license"),
    "tongyi-qianwen-research.txt": ("LicenseRef-Tongyi-Qianwen-Research", "2023-11-30", "license"),
    "sdxl-0.9-research.txt": ("LicenseRef-SDXL-0.9-Research", "0.9", "license"),
    "stabilityai-ai-community.txt": ("LicenseRef-Stability-AI-Community", "2024-07-05", "license"),
    "stabilityai-nc-community.txt": ("LicenseRef-Stability-AI-NC-Community", "2024-03-18", "license"),
    "stabilityai-nc-research-community.txt": (
        "LicenseRef-Stability-AI-NC-Research-Community", "2023-11-28", "license"),
    "stable-video-diffusion-community.txt": (
        "LicenseRef-Stable-Video-Diffusion-NC-Community", "2023-11-21", "license"),
    "flux-1-dev-non-commercial-license.txt": (
        "LicenseRef-FLUX.1-dev-Non-Commercial-1.1.1", "1.1.1", "license"),
    "flux-1-dev-non-commercial-license_v1.0_2024-08-01.txt": (
        "LicenseRef-FLUX.1-dev-Non-Commercial-1.0", "1.0", "license"),
}
APPENDED_POLICY_MIN = 0.8  # an AUP this contained in a license file is treated as appended to it
FAMILY_MIN = 0.5  # containment (either way) that makes two fingerprints near versions of each other


def ids_from_kb() -> dict[str, tuple[str, str | None]]:
    """corpus file -> (id, version) from the knowledge base, or {} when it is not available yet.

    A text with no version number is versioned by its date (Gemma's "last modified", a Stability
    agreement's "dated"): that is what tells two releases of it apart.
    """
    try:
        from auditor.licenses.kb import load_kb
    except ImportError:
        return {}
    try:
        kb = load_kb()
    except Exception as exc:  # a broken KB must not stop the build: the fallback table is complete
        print(f"warning: knowledge base not loaded ({exc}); using the built-in id table", file=sys.stderr)
        return {}
    out: dict[str, tuple[str, str | None]] = {}
    for entry in kb.entries.values():
        if entry.text_file:
            out[Path(entry.text_file).name] = (entry.id, entry.version or entry.date)
    return out


def build(corpus: Path) -> dict:
    files = sorted(p for p in corpus.glob("*.txt"))
    if not files:
        raise SystemExit(f"no license texts (*.txt) in {corpus}")
    meta = _metadata(files)
    shingles = {p.name: text_shingles(p.read_text(encoding="utf-8")) for p in files}
    notes = _remove_appended_policies(shingles, meta)
    names = sorted(shingles)
    family_of = _families(shingles, meta)

    return {
        "format": FORMAT_VERSION,
        "shingle_size": SHINGLE_SIZE,
        "hash": "crc32 of the UTF-8 shingle (words joined by one space), sorted uint32 little-endian, base64",
        "generated_by": "scripts/build_fingerprints.py from the corpus license texts (texts not included)",
        "fingerprints": [
            {
                "id": meta[n][0],
                "version": meta[n][1],
                "kind": meta[n][2],
                "file": n,
                "family": family_of[n],
                "size": len(shingles[n]),
                **({"notes": notes[n]} if notes[n] else {}),
                "shingles": pack_hashes(shingles[n]),
            }
            for n in names
        ],
    }


def _metadata(files: list[Path]) -> dict[str, tuple[str, str | None, str]]:
    """(id, version, kind) per corpus file: the KB's id and version when it names the file, else FALLBACK's."""
    kb_ids = ids_from_kb()
    unknown = [p.name for p in files if p.name not in FALLBACK and p.name not in kb_ids]
    if unknown:
        raise SystemExit(f"no id for corpus file(s) {', '.join(unknown)}: add them to FALLBACK in {__file__}")
    meta: dict[str, tuple[str, str | None, str]] = {}
    for p in files:
        fid, fver, kind = FALLBACK.get(p.name, (None, None, "license"))
        kid, kver = kb_ids.get(p.name, (fid, fver))
        meta[p.name] = (kid or fid, kver if kid else fver, kind)  # type: ignore[assignment]
    return meta


def _remove_appended_policies(shingles: dict[str, set[int]],
                              meta: dict[str, tuple[str, str | None, str]]) -> dict[str, list[str]]:
    """Take the shingles of an acceptable-use policy appended to a license text out of it (in place), and say
    so in that fingerprint's notes."""
    notes: dict[str, list[str]] = {name: [] for name in shingles}
    aups = [n for n in shingles if meta[n][2] == "aup"]
    for name, s in shingles.items():
        if meta[name][2] != "license":
            continue
        # Measured against the whole text first, then removed together: the appended policy may be
        # close to several versions of the policy (Llama 3's is mostly Llama 2's).
        appended = [(aup, len(shingles[aup] & s) / len(shingles[aup])) for aup in aups]
        for aup, inside in appended:
            if inside >= APPENDED_POLICY_MIN:
                notes[name].append(f"{aup} appended in the text ({inside:.2f}); its shingles removed")
        for aup, inside in appended:
            if inside >= APPENDED_POLICY_MIN:
                s -= shingles[aup]
    return notes


def _families(shingles: dict[str, set[int]], meta: dict[str, tuple[str, str | None, str]]) -> dict[str, str]:
    """The family of each text: texts that share most of their shingles (union-find over every pair), named
    by the smallest id among them."""
    names = sorted(shingles)
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            inter = len(shingles[a] & shingles[b])
            if inter / min(len(shingles[a]), len(shingles[b])) >= FAMILY_MIN:
                parent[root(b)] = root(a)
    families: dict[str, list[str]] = {}
    for n in names:
        families.setdefault(root(n), []).append(n)
    return {n: meta[min(members, key=lambda m: meta[m][0])][0] for members in families.values() for n in members}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output file is out of date")
    args = parser.parse_args(argv)
    data = build(args.corpus)
    text = json.dumps(data, indent=1, sort_keys=False) + "\n"
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python scripts/build_fingerprints.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(data['fingerprints'])} fingerprints to {args.out} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
