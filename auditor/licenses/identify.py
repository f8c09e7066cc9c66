"""Offline identification of a license text (a LICENSE file, a gated prompt, a pasted agreement).

Why fingerprints: the project may not ship license texts, yet it must recognise model licenses (Llama,
Gemma, FLUX, OpenRAIL, ...) that no SPDX matcher knows, and it must tell near versions apart (Llama 3.1,
3.2, 3.3 and 4 differ only in version numbers, dates and URLs). scripts/build_fingerprints.py turns every
corpus text into a set of hashed word shingles of its normalised text; this module normalises the query the
same way and measures how much of each license's shingle set the query contains (containment), which
works equally for a bare LICENSE file and for a license embedded in a larger text (a gated prompt with
the acceptable-use policy and form fields around it).

How a match is chosen (greedy cover): the fingerprint explaining the most shingles of the query wins; then
any other fingerprint whose *not yet explained* shingles still cover at least half of itself is reported as
well (a license followed by its acceptable-use policy). A near version of the winner only explains shingles
the winner already explained, so it is never reported as a second match. Containment below
MIN_CONTAINMENT, or fewer than MIN_SHINGLES matching shingles, is no match: a README that mentions
licenses shares only a handful of phrases with any agreement.

Standard SPDX-list licenses not in the corpus (BSD-3-Clause, GPL-3.0, MPL-2.0, ...) are identified by the
optional `pyaskalono` package (imported lazily, only when no fingerprint matched). Without it, the answer
degrades to fingerprints only and `library_note()` says so.
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
import zlib
from array import array
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

SHINGLE_SIZE = 5
MIN_CONTAINMENT = 0.6  # share of a license's shingles that must be present in the query
MIN_SHINGLES = 20  # and at least this many of them, so that tiny overlaps never count
SECONDARY_NEW_SHARE = 0.5  # a further match must explain this share of itself with shingles not yet explained
ASKALONO_MIN_SCORE = 0.8  # askalono's own documented "confident" level
MAX_WORDS = 200_000  # the longest agreement is ~3,000 words; a bigger text is read up to this many words
FINGERPRINTS_FILE = "license_fingerprints.json"
FORMAT_VERSION = 1

# --- normalisation ----------------------------------------------------------------------------------------

_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")  # [text](url) -> text (3.3 writes every URL twice)
_HTML_TAG = re.compile(r"<[^>\n]{0,200}>")
_URL_SCHEME = re.compile(r"https?://(www\.)?")
_COPYRIGHT_LINE = re.compile(r"^[^\w\n]*copyright\b[^\n]*$", re.MULTILINE)
# A list marker: "1.", "a)", "iv.", "(b)", "(12)" standing alone between blanks. "3.1" (a version) is not one,
# because the dot is followed by a digit; the pattern ignores line breaks so that re-flowed text matches.
_LABEL = r"(?:\d{1,2}|[a-z]|[ivxlc]{1,6})"
_MARKER = re.compile(rf"(?<!\S)(?:\(?{_LABEL}[.)]|\({_LABEL}\))(?=\s|$)")
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")


def normalize_text(text: str) -> list[str]:
    """The words of a text that say what license it is, in order.

    Folds what differs between copies of the same agreement and says nothing about its terms: case,
    Unicode forms, whitespace and line breaks, punctuation, Markdown emphasis and duplicated link targets,
    HTML tags, list markers and bullets, and copyright holder lines (holder and years vary per repository;
    a Llama notice quoted inside a sentence stays, since only lines that *start* with "copyright" go).
    Version numbers such as "3.1" stay one word: they are what tells near versions apart.
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("\\", " ")
    text = _MD_LINK.sub(lambda m: m.group(1) if m.group(1).strip() else m.group(2), text)
    text = _HTML_TAG.sub(" ", text)
    text = _URL_SCHEME.sub(" ", text)
    text = "\n".join(
        line for line in text.splitlines() if not (_COPYRIGHT_LINE.match(line) and len(line.split()) <= 15)
    )
    text = _MARKER.sub(" ", text)
    return _TOKEN.findall(text)


def shingle_hashes(words: list[str], size: int = SHINGLE_SIZE) -> set[int]:
    """Hashed word n-grams. crc32 is stable across processes and platforms (Python's hash() is not)."""
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1)}


def text_shingles(text: str) -> set[int]:
    return shingle_hashes(normalize_text(text))


def pack_hashes(hashes: set[int]) -> str:
    """Sorted uint32 array, base64: a quarter of the size of a JSON integer list and fast to load."""
    arr = array("I", sorted(hashes))
    if arr.itemsize != 4:  # pragma: no cover - every supported platform has a 4-byte unsigned int
        raise RuntimeError("unsigned int is not 4 bytes on this platform")
    return base64.b64encode(arr.tobytes()).decode("ascii")


def unpack_hashes(data: str) -> array:
    arr = array("I")
    arr.frombytes(base64.b64decode(data))
    return arr


# --- fingerprint store -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """One known text: its canonical license id and version, and how to recognise it."""

    license_id: str
    version: str | None
    kind: str  # "license" | "aup" (an acceptable-use policy attached to a license)
    file: str  # the corpus file it was built from
    size: int  # number of distinct shingles
    family: str  # fingerprints of near versions share a family


class FingerprintStore:
    """The shipped fingerprints with an inverted index (shingle -> fingerprints), loaded once per process."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(
                f"license fingerprints have format {data.get('format')!r}, expected {FORMAT_VERSION}: "
                "rebuild them with scripts/build_fingerprints.py"
            )
        self.shingle_size: int = int(data.get("shingle_size", SHINGLE_SIZE))
        self.fingerprints: list[Fingerprint] = []
        self.sets: list[frozenset[int]] = []
        index: dict[int, list[int]] = {}
        for i, item in enumerate(data["fingerprints"]):
            hashes = unpack_hashes(item["shingles"])
            self.fingerprints.append(
                Fingerprint(item["id"], item.get("version"), item.get("kind", "license"), item["file"],
                            len(hashes), item.get("family", item["id"]))
            )
            self.sets.append(frozenset(hashes))
            for h in hashes:
                index.setdefault(h, []).append(i)
        self.index: dict[int, tuple[int, ...]] = {h: tuple(v) for h, v in index.items()}

    @classmethod
    def from_file(cls, path: Path) -> FingerprintStore:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def counts(self, shingles: set[int]) -> list[int]:
        """How many of the query's shingles each fingerprint has (the cheap first pass)."""
        out = [0] * len(self.fingerprints)
        get = self.index.get
        for h in shingles:
            for i in get(h, ()):
                out[i] += 1
        return out

    def hits(self, shingles: set[int], only: set[int] | None = None) -> dict[int, set[int]]:
        """For every fingerprint sharing shingles with the query (or those in `only`): which ones."""
        counts = self.counts(shingles) if only is None else None
        wanted = only if only is not None else {i for i, n in enumerate(counts or ()) if n}
        query = shingles if isinstance(shingles, (set, frozenset)) else set(shingles)
        return {i: set(self.sets[i] & query) for i in wanted}


def fingerprints_path() -> Path:
    from auditor.resources import data_dir

    return data_dir() / FINGERPRINTS_FILE


@cache
def load_store(path: Path | None = None) -> FingerprintStore:
    return FingerprintStore.from_file(path or fingerprints_path())


# --- identification ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identification:
    """What a text was identified as, how sure we are, and why.

    score: for fingerprints, the share of the license's shingles found in the text (containment, 0..1);
    for askalono, its own score. `also` holds further texts found beside the main one (typically the
    acceptable-use policy that follows a Llama license in a gated prompt).
    """

    license_id: str
    version: str | None
    score: float
    method: str  # "fingerprint" | "askalono"
    matched_file: str | None  # the corpus file the fingerprint was built from (None for a library)
    detail: str
    kind: str = "license"  # "license" | "aup"
    also: tuple[Identification, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["also"] = [a.to_dict() for a in self.also]
        return out


def identify_text(
    text: str, *, store: FingerprintStore | None = None, use_library: bool = True
) -> Identification | None:
    """Identify the license in `text`, or None when no known license is present.

    Fingerprints first (model licenses, their versions, the corpus's standard licenses); then, only when
    none matched and the text looks like a license, the optional askalono matcher for the SPDX list.
    """
    store = store or load_store()
    words = normalize_text((text or "")[: MAX_WORDS * 10])[:MAX_WORDS]  # bounded cost on huge inputs
    query = shingle_hashes(words, store.shingle_size)
    if not query:
        return None
    found = _greedy_cover(store, query)
    if found:
        return found
    if use_library and _looks_like_license(words):
        return _identify_with_askalono(text)
    return None


def identify_file(path: str | Path, **kwargs: Any) -> Identification | None:
    """identify_text on a file; undecodable bytes are replaced (a LICENSE in Latin-1 is still a LICENSE)."""
    data = Path(path).read_bytes()
    return identify_text(data.decode("utf-8", errors="replace"), **kwargs)


def _greedy_cover(store: FingerprintStore, query: set[int]) -> Identification | None:
    counts = store.counts(query)
    wanted = {
        i for i, n in enumerate(counts)
        if n >= MIN_SHINGLES and n / store.fingerprints[i].size >= MIN_CONTAINMENT
    }
    if not wanted:
        return None
    # Near versions of the candidates are needed too, to name the nearest other version in the detail.
    families = {store.fingerprints[i].family for i in wanted}
    related = {i for i, n in enumerate(counts) if n and store.fingerprints[i].family in families}
    hits = store.hits(query, only=wanted | related)
    candidates = {i: hits[i] for i in wanted}
    explained: set[int] = set()
    chosen: list[tuple[int, int]] = []  # (fingerprint index, new shingles it explained)
    while candidates:
        # Most newly explained shingles wins; ties go to the higher containment (the exact version).
        best = max(
            candidates,
            key=lambda i: (len(candidates[i] - explained), len(candidates[i]) / store.fingerprints[i].size),
        )
        new = len(candidates[best] - explained)
        if chosen and new / store.fingerprints[best].size < SECONDARY_NEW_SHARE:
            break
        chosen.append((best, new))
        explained |= candidates.pop(best)
    results = [_fingerprint_result(store, i, hits, query) for i, _ in chosen]
    # The main answer is a license when one was found (an AUP on its own is still reported as itself).
    results.sort(key=lambda r: r.kind != "license")
    main, rest = results[0], tuple(results[1:])
    return replace(main, also=rest)


def _fingerprint_result(
    store: FingerprintStore, i: int, hits: dict[int, set[int]], query: set[int]
) -> Identification:
    fp = store.fingerprints[i]
    n = len(hits[i])
    score = n / fp.size
    rivals = sorted(
        ((len(h) / store.fingerprints[j].size, j) for j, h in hits.items()
         if j != i and store.fingerprints[j].family == fp.family),
        reverse=True,
    )
    detail = f"{n}/{fp.size} shingles of {fp.file} found (containment {score:.3f}); " \
             f"text coverage {n / len(query):.3f}"
    if rivals:
        r_score, j = rivals[0]
        rival = store.fingerprints[j]
        detail += f"; nearest other version {rival.license_id}" + (
            f" {rival.version}" if rival.version else "") + f" {r_score:.3f}"
    return Identification(fp.license_id, fp.version, round(score, 4), "fingerprint", fp.file, detail, fp.kind)


_LICENSE_WORDS = frozenset({"license", "licence", "licensed", "licensor", "warranty", "warranties",
                            "copyright", "permission", "redistribution", "liability"})


def _looks_like_license(words: list[str]) -> bool:
    """Cheap gate before the (slow, ~0.2 s) library: license vocabulary must be frequent, not incidental."""
    if len(words) < 20:
        return False
    hits = sum(1 for w in words if w in _LICENSE_WORDS)
    return hits >= 3 and hits / len(words) >= 0.005


_VERSION_TAIL = re.compile(r"-(\d+(?:\.\d+)*)(?:-only|-or-later|\+)?$")


def _identify_with_askalono(text: str) -> Identification | None:
    askalono = _askalono()
    if askalono is None:
        return None
    try:
        match = askalono.identify(text)
    except Exception:  # a library failure must not break an audit; the text stays unidentified
        return None
    if match is None or match.score < ASKALONO_MIN_SCORE:
        return None
    version = _VERSION_TAIL.search(match.name)
    return Identification(
        match.name, version.group(1) if version else None, round(float(match.score), 4), "askalono", None,
        f"askalono SPDX match {match.name} score {match.score:.3f}",
    )


@cache
def _askalono() -> Any:
    try:
        import askalono  # type: ignore[import-not-found]
    except ImportError:
        return None
    return askalono


def library_note() -> str | None:
    """A sentence for the user when SPDX-list identification is unavailable, else None."""
    if _askalono() is None:
        return ("pyaskalono is not installed: only the licenses with shipped fingerprints can be identified "
                "(pip install pyaskalono for the rest of the SPDX list)")
    return None
