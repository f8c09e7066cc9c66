"""auditor.dataclasscode: dataclass methods compiled once per interpreter, kept beside the package (issue 15).

A hit must run exactly what `exec` inside `dataclasses` would compile (the same code objects, no inherited
__future__ flags), a damaged table must be an empty one, and a warm CLI run must compile no dataclass method
while printing the same bytes as the run that filled the table."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import dataclasscode
from tests.importprobe import AUDITED


@pytest.fixture
def installed(tmp_path: Path):
    dataclasscode.uninstall()
    dataclasscode.install(lambda: tmp_path)
    yield tmp_path
    dataclasscode.uninstall()


def _define():
    @dataclasses.dataclass(frozen=True, order=True)
    class Point:
        """A class with every generated method: __init__, __repr__, __eq__, order, __hash__, frozen setattr."""

        x: int
        label: str = "p"
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    return Point


_METHODS = ("__init__", "__repr__", "__eq__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__setattr__",
            "__delattr__")


def _codes(cls) -> dict[str, object]:
    # __repr__ is wrapped by dataclasses' recursive-repr guard: the generated function is its __wrapped__
    return {name: getattr(getattr(cls, name), "__wrapped__", getattr(cls, name)).__code__ for name in _METHODS}


def test_a_cached_class_has_the_code_and_behaviour_exec_gives(installed: Path) -> None:
    cold = _define()  # compiled by the shim and kept
    assert dataclasses.exec is dataclasscode.cached_exec  # type: ignore[attr-defined]
    dataclasscode.save()
    table = dataclasscode.decode((installed / next(p.name for p in installed.iterdir())).read_bytes())
    assert table and all(isinstance(code, type(_define.__code__)) for code in table.values())
    dataclasscode.uninstall()
    plain = _define()  # builtin exec, as without auditor
    dataclasscode.install(lambda: installed)
    warm = _define()  # read back from the file
    assert dataclasscode._new == 0  # nothing compiled: every text was in the table
    for cls in (cold, warm):
        for name, code in _codes(cls).items():
            assert code == _codes(plain)[name], name
            assert code.co_filename == "<string>" and code.co_flags == _codes(plain)[name].co_flags, name
        # no `from __future__ import annotations` leaks from auditor's modules into the generated methods
        assert cls.__init__.__annotations__ == plain.__init__.__annotations__
        assert cls.__init__.__annotations__["return"] is None  # not the string "_return_type"
        point = cls(1, tags=("a",))
        assert repr(point).endswith("Point(x=1, label='p', tags=('a',))")
        assert point == cls(1, "p", ("a",)) and point < cls(2) and hash(point) == hash(cls(1, tags=("a",)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            point.x = 2  # type: ignore[misc]


@pytest.mark.parametrize("damage", ["truncated", "flipped", "header", "not a dict", "foreign values", "empty"])
def test_a_damaged_table_is_an_empty_one(damage: str) -> None:
    good = dataclasscode.encode({"x = 1": compile("x = 1", "<string>", "exec", dont_inherit=True)})
    head = len(dataclasscode.FORMAT) + dataclasscode.DIGEST_SIZE
    body = {"not a dict": marshal.dumps(["x = 1"]), "foreign values": marshal.dumps({"x = 1": "text"})}
    data = {
        "truncated": good[:-5],
        "flipped": good[:-1] + bytes([good[-1] ^ 1]),
        "header": b"other" + good[5:],
        "empty": b"",
    }.get(damage)
    if data is None:  # a well-formed file whose contents are not a table: the digest matches, the check must not
        from _blake2 import blake2b

        raw = body[damage]
        data = dataclasscode.FORMAT + blake2b(raw, digest_size=dataclasscode.DIGEST_SIZE).digest() + raw
    assert len(good) > head and dataclasscode.decode(good)
    assert dataclasscode.decode(data) == {}


def test_a_damaged_file_is_a_miss_and_is_written_again(installed: Path) -> None:
    _define()
    dataclasscode.save()
    (path,) = installed.iterdir()
    path.write_bytes(b"garbage")
    dataclasscode.uninstall()
    dataclasscode.install(lambda: installed)
    cls = _define()
    assert dataclasscode._new > 0 and cls(3).x == 3
    dataclasscode.save()
    assert dataclasscode.decode(path.read_bytes())


def test_no_cache_folder_means_plain_compiles(tmp_path: Path) -> None:
    dataclasscode.uninstall()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    dataclasscode.install(lambda: blocker / "sub")
    try:
        assert _define()(1).label == "p"
        dataclasscode.save()  # cannot write under a file: no error, no table
    finally:
        dataclasscode.uninstall()
    assert blocker.read_text() == "not a folder"


_RUN = """
import contextlib, io, json, sys
from pathlib import Path
folder = Path(sys.argv[2])
sys.argv = ["auditor", *json.loads(sys.argv[1])]
from auditor import dataclasscode
dataclasscode.default_folder = lambda: folder  # the installation's __pycache__ in real runs
from auditor.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit:
        pass
import dataclasses
print(json.dumps({"out": out.getvalue(), "new": dataclasscode._new,
                  "installed": dataclasses.exec is dataclasscode.cached_exec}))
"""


def _cli(argv: list[str], cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(AUDITOR_CACHE_DIR=str(cache), COLUMNS="100")
    done = subprocess.run([sys.executable, "-c", _RUN, json.dumps(argv), str(cache / "code")], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_warm_cli_audit_compiles_no_dataclass_method_and_prints_the_same(tmp_path: Path, fmt: str) -> None:
    argv = ["audit", AUDITED, "--offline", "--format", fmt]
    first, second = _cli(argv, tmp_path), _cli(argv, tmp_path)
    assert first["installed"] and first["new"] > 50  # the audit's modules define dozens of dataclasses
    assert [p.name.startswith("dataclass-code.") for p in (tmp_path / "code").iterdir()] == [True]
    assert not (tmp_path / "dataclass-code").exists()  # nothing that runs goes to the user cache folder
    assert second["new"] == 0
    assert first["out"] == second["out"] and AUDITED in first["out"]


def test_a_table_anyone_may_rewrite_is_not_read(installed: Path) -> None:
    _define()
    dataclasscode.save()
    (path,) = installed.iterdir()
    path.chmod(0o666)
    dataclasscode.uninstall()
    dataclasscode.install(lambda: installed)
    assert not dataclasscode.trusted(path)
    _define()
    assert dataclasscode._new > 0  # compiled again, not run from the file
    path.chmod(0o644)
    assert dataclasscode.trusted(path)


def test_the_table_lives_beside_the_installed_package_not_in_the_user_cache() -> None:
    import auditor

    assert dataclasscode.default_folder() == Path(auditor.__file__).parent / "__pycache__"
