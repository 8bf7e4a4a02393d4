"""What is on disk, to compare before and after a command: "nothing touched" as a test can check it."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from pathlib import Path


def snapshot(root: Path) -> dict[str, tuple[str, str, int]]:
    """Every entry under `root` (itself included, links not followed): its type, content hash or link
    target, and mode bits. Equal snapshots mean nothing was added, removed, replaced or changed."""
    entries: dict[str, tuple[str, str, int]] = {}
    for here, folders, files in os.walk(root):
        for name in [".", *folders, *files]:
            path = Path(here) / name if name != "." else Path(here)
            info = path.lstat()
            mode = stat.S_IMODE(info.st_mode)
            key = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                entries[key] = ("link", os.readlink(path), mode)
            elif stat.S_ISREG(info.st_mode):
                entries[key] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(), mode)
            elif stat.S_ISDIR(info.st_mode):
                entries[key] = ("folder", str(info.st_ino), mode)
            else:
                entries[key] = (stat.filemode(info.st_mode)[0], str(info.st_ino), mode)
    return entries


def dead_pid() -> int:
    """The id of a process that has ended and been reaped: what a killed run's files carry."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid
