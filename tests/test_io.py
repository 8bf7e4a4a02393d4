"""Atomic writes: readers see old or new content only, modes follow the umask, foreign files are kept."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ictgraph.errors import OutputError
from ictgraph.io import write_atomic, write_folder_atomic


@pytest.fixture(params=[0o022, 0o077, 0o002], ids=["umask-022", "umask-077", "umask-002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_and_folders_get_the_modes_the_umask_allows(umask: int, tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.ttl", b"data\n")
    write_folder_atomic(tmp_path / "tables", {"nodes.csv": b"id\n", "edges.csv": b"source\n"})
    assert _mode(tmp_path / "a.ttl") == 0o666 & ~umask
    assert _mode(tmp_path / "tables") == 0o777 & ~umask  # not the 0700 of a temporary folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl", "tables"]  # nothing left aside


def test_a_folder_of_our_files_is_replaced_whole(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    write_folder_atomic(folder, {"nodes.csv": b"old\n", "edges.csv": b"old\n"})
    write_folder_atomic(folder, {"nodes.csv": b"new\n", "edges.csv": b"new\n"})
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {"nodes.csv": b"new\n", "edges.csv": b"new\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]


def test_a_folder_with_other_files_or_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me\n")
    with pytest.raises(OutputError, match=r"holds other files \(notes.txt\)"):
        write_folder_atomic(tmp_path, {"nodes.csv": b"x\n"})
    with pytest.raises(OutputError, match="is a file"):
        write_folder_atomic(tmp_path / "notes.txt", {"nodes.csv": b"x\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "keep me\n"
