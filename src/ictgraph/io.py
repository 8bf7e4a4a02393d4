"""Writes that readers never see half done: atomic files, and folders filled aside and swapped in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ictgraph.errors import ExportError


def umask_mode(default: int) -> int:
    """`default` (0o666 for files, 0o777 for folders) less the process's umask, as open() and mkdir() apply it.

    `tempfile` makes private files and folders (0600, 0700); what the program publishes is for
    everyone the user's umask allows, like any file the user creates.

    Examples
    --------
    >>> old = os.umask(0o022)
    >>> oct(umask_mode(0o666)), oct(umask_mode(0o777))
    ('0o644', '0o755')
    >>> _ = os.umask(old)
    """
    mask = os.umask(0)
    os.umask(mask)
    return default & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, umask_mode(0o666))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def staging_folder(target: Path) -> Path:
    """A new, empty sibling folder of `target` to fill before `swap_in` puts it in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(umask_mode(0o777))
    return staging


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` (if any) by the filled `staging` folder; on failure the old folder is put back."""
    old = staging.with_name(staging.name + ".old")
    try:
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_folder_atomic(path: Path, files: dict[str, bytes]) -> None:
    """Fill a sibling temporary folder, then swap it into place: readers never see half the files.

    An existing folder is replaced only if it holds nothing but files of these names, so a
    mistyped `-o ~` cannot delete anything else.
    """
    if path.exists():
        if not path.is_dir():
            raise ExportError(f"{path} is a file; this export writes a folder")
        foreign = sorted(p.name for p in path.iterdir() if p.name not in files)
        if foreign:
            raise ExportError(f"{path} holds other files ({', '.join(foreign[:3])}); choose a new or empty folder")
    staging = staging_folder(path)
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        swap_in(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
