"""Writes that readers never see half done, and that replace only what the program wrote itself.

Every output goes through here: `check_output_file` decides whether a path may receive a file,
`write_atomic` writes one, `write_folder_atomic` replaces a folder of known files in one step, and
`replace_folder` fills a sibling folder and swaps it into place (`switch_folder`). What the program
leaves beside a target while it works (a temporary file, a staging folder) carries a name it owns,
with the host and the process id of its writer, so that the next run can remove what a killed run
left behind and never touch anything else.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import socket
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

from ictgraph.errors import OutputError

T = TypeVar("T")

#: Kernel file systems: no output of this program belongs there (a device node or a /proc entry
#: would be "replaced" by a regular file, or written into with surprising effects).
PSEUDO_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))
#: The exception under /dev: a tmpfs that users write ordinary files to.
PSEUDO_EXCEPTIONS = (Path("/dev/shm"),)
#: What the program's own leftovers are called: `.<name>.ictgraph-<kind>.<host>.<pid>.<random>`.
OWNED_MARK = "ictgraph"
#: Room kept in a file name for the parts added to the target's name (a file name has 255 bytes).
NAME_KEEP = 100


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


# --- where writing is allowed ----------------------------------------------------------------------

_KINDS = {
    stat.S_IFREG: "a file",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFDIR: "a folder",
}


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _under_pseudo_fs(real: Path) -> Path | None:
    """The kernel file system `real` (an absolute, resolved path) lies in, if any."""
    if any(real == ok or ok in real.parents for ok in PSEUDO_EXCEPTIONS):
        return None
    return next((root for root in PSEUDO_ROOTS if real == root or root in real.parents), None)


def check_parent(path: Path) -> Path:
    """The real (symlink-resolved) absolute form of `path`, after checking that its folder can hold it.

    Refused with one line: a path whose real location is under /proc, /sys or /dev
    (checked after every symbolic link in it is resolved), and a path below a regular file.
    """
    try:
        real = path.expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links
        raise OutputError(f"{path}: cannot be resolved ({exc}); give a path elsewhere") from None
    root = _under_pseudo_fs(real)
    if root is not None:
        raise OutputError(f"{path}: is under {root}, a kernel file system; give a path elsewhere")
    for parent in real.parents:
        try:
            mode = parent.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # the first folder that exists decides
        except OSError as exc:
            raise OutputError(f"{path}: cannot look at {parent}: {exc.strerror}; give a path elsewhere") from None
        if not stat.S_ISDIR(mode):
            raise OutputError(f"{path}: {parent} is {_kind(mode)}, not a folder; give a path in a folder")
        break
    return real


def check_output_file(path: Path) -> Path:
    """Check that a file may be written at `path`: a new path or an existing regular file. Returns `path`.

    The one rule for every command that writes a file (`export -o`, `render -o`, `query --out`,
    `build --out`): a FIFO, a device, a socket, a folder or a symbolic link at `path` is refused,
    since replacing it by a regular file would destroy it (or, for a link, write somewhere the user
    did not name); so is every path `check_parent` refuses.

    Examples
    --------
    >>> check_output_file(Path("/dev/null"))
    Traceback (most recent call last):
    ...
    ictgraph.errors.OutputError: /dev/null: is a character device, not a regular file; give a new path or a regular file
    """
    try:
        mode: int | None = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # a new path, or one below a file (check_parent says)
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror}; give a path elsewhere") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(f"{path}: is {_kind(mode)}, not a regular file; give a new path or a regular file")
    check_parent(path)
    return path


# --- names the program owns, and the leftovers of killed runs ------------------------------------

def _host_tag() -> str:
    """This host's name as it goes into owned names: letters, digits and '-', at most 32 of them."""
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:32] or "host"


def owned_prefix(target: Path, kind: str) -> str:
    """The start of the name of a sibling of `target` that this process owns (`kind`: tmp, staging, old).

    >>> owned_prefix(Path("graph/ict.ttl"), "tmp").startswith(".ict.ttl.ictgraph-tmp.")
    True
    """
    return f".{target.name[:NAME_KEEP]}.{OWNED_MARK}-{kind}.{_host_tag()}.{os.getpid()}."


def _owned_pattern(target: Path, kind: str) -> re.Pattern[str]:
    name = re.escape(target.name[:NAME_KEEP])
    return re.compile(rf"\.{name}\.{OWNED_MARK}-{re.escape(kind)}\.(?P<host>[A-Za-z0-9-]+)\.(?P<pid>\d+)\.[a-z0-9_]+")


def process_is_gone(pid: int) -> bool:
    """True if no process `pid` runs on this host (a zombie, killed but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # another user's process: alive
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def leftovers(target: Path, kind: str) -> Iterator[Path]:
    """Siblings of `target` named as this program names its `kind` of working copies, whose writer is
    gone: a process on this host that no longer runs. Others' files never match the name."""
    pattern = _owned_pattern(target, kind)
    host = _host_tag()
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return
    for sibling in siblings:
        found = pattern.fullmatch(sibling.name)
        if found and found["host"] == host and process_is_gone(int(found["pid"])):
            yield sibling


def remove_file_leftovers(target: Path) -> None:
    """Remove the temporary files killed writes of `target` left (regular files with our name only)."""
    for leftover in leftovers(target, "tmp"):
        if stat.S_ISREG(leftover.lstat().st_mode):
            leftover.unlink(missing_ok=True)


def remove_folder_leftovers(target: Path, is_ours: Callable[[Path], bool]) -> None:
    """Remove the staging folders killed runs left beside `target`, where `is_ours` confirms their content.

    A folder set aside by a fallback switch (`old`) is put back if `target` itself is missing: that
    run was killed between its two renames, and the old folder is the last complete one.
    """
    for kind in ("staging", "old"):
        for leftover in sorted(leftovers(target, kind)):
            if leftover.is_symlink() or not leftover.is_dir() or not is_ours(leftover):
                continue
            if kind == "old" and not os.path.lexists(target):
                os.rename(leftover, target)
            else:
                shutil.rmtree(leftover)


def only_files_named(names: Callable[[str], bool]) -> Callable[[Path], bool]:
    """A test for `is_ours`: the folder holds regular files only, each with a name `names` accepts."""
    def check(folder: Path) -> bool:
        return all(names(p.name) and stat.S_ISREG(p.lstat().st_mode) for p in folder.iterdir())
    return check


# --- files -----------------------------------------------------------------------------------------

def _cannot(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write ({exc.strerror or exc}); nothing was written: "
                       "choose a place you can write to, with room")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new one, never half of it.

    The path must pass `check_output_file`. The data goes to a temporary sibling named as this
    program's own (`.NAME.ictgraph-tmp.HOST.PID.xxxx`), which a killed run leaves behind and the
    next write of the same path removes.
    """
    check_output_file(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_file_leftovers(path)
        fd, tmp = tempfile.mkstemp(prefix=owned_prefix(path, "tmp"), dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, umask_mode(0o666))
        check_output_file(path)  # again: something else may have appeared there meanwhile
        os.replace(tmp, path)
    except OSError as exc:
        raise _cannot(path, exc) from None
    finally:
        if tmp is not None and os.path.lexists(tmp):
            os.unlink(tmp)


# --- folders ---------------------------------------------------------------------------------------

def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # the file system cannot exchange
    raise OSError(err, os.strerror(err), str(b))


def switch_folder(staging: Path, target: Path) -> Path | None:
    """Put the filled `staging` folder at `target` in one step; returns where the old folder now is.

    Where the system can (Linux: renameat2 with RENAME_EXCHANGE, on any local file system) the two
    folders trade places atomically, so a reader, or a kill at any instant, finds the old folder or
    the new one at `target`, never a mix and never nothing. Elsewhere the old folder is renamed aside
    (as an `old` working copy) and `staging` into place; a run killed between the two leaves no
    `target`, and the next run's `remove_folder_leftovers` puts the old folder back.
    The caller removes the returned folder (None when there was no old one).
    """
    if not os.path.lexists(target):
        os.rename(staging, target)
        return None
    if _exchange(staging, target):
        return staging
    old = Path(tempfile.mkdtemp(prefix=owned_prefix(target, "old"), dir=target.parent))
    os.rename(target, old)  # replaces the empty placeholder folder
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(old, target)
        raise
    return old


def staging_folder(target: Path) -> Path:
    """A new, empty sibling folder of `target`, named as this process's own, to fill before `switch_folder`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=owned_prefix(target, "staging"), dir=target.parent))
    staging.chmod(umask_mode(0o777))
    return staging


def replace_folder(real: Path, fill: Callable[[Path], T], is_ours: Callable[[Path], bool]) -> T:
    """Fill a staging sibling of `real` with `fill`, switch it in for `real` in one step; what `fill` returned.

    The folder that was there before is removed if `is_ours` accepts it (else it stays, renamed as a
    leftover of ours, for the next run's checks). If anything fails, the staging folder goes and
    `real` is as it was; the exception passes on for the caller to word.
    """
    staging: Path | None = None
    try:
        staging = staging_folder(real)
        result = fill(staging)
        old = switch_folder(staging, real)
        staging = None
        if old is not None and is_ours(old):
            shutil.rmtree(old)
        return result
    finally:
        if staging is not None and staging.is_dir():
            shutil.rmtree(staging)


def prepare_folder(path: Path, is_ours: Callable[[Path], bool], refusal: Callable[[Path], str],
                   leftover_is_ours: Callable[[Path], bool] | None = None) -> Path:
    """The real path of an output folder, after the checks every folder output shares.

    `path` (symbolic links resolved: the folder replaced is the real one, and a link to it stays
    valid) must be new, an empty folder, or a folder `is_ours` accepts; otherwise `refusal(real)`
    says why in the one-line error. Leftovers of killed runs beside it, named as ours and holding
    what `leftover_is_ours` (default `is_ours`) accepts, are removed first (or put back: see
    `remove_folder_leftovers`).
    """
    real = check_parent(path)
    remove_folder_leftovers(real, leftover_is_ours or is_ours)  # first: it may put back a folder
    if os.path.lexists(real):
        mode = real.lstat().st_mode
        if not stat.S_ISDIR(mode):
            raise OutputError(f"{path}: is {_kind(mode)}, not a folder; give a new or empty folder")
        if any(real.iterdir()) and not is_ours(real):
            raise OutputError(f"{path}: {refusal(real)}")
    return real


def foreign_names(folder: Path, names: Mapping[str, object] | Callable[[str], bool]) -> list[str]:
    """The entries of `folder` that are not regular files with a name this output writes, sorted."""
    accepts = names if callable(names) else names.__contains__
    return sorted(p.name for p in folder.iterdir() if not (accepts(p.name) and stat.S_ISREG(p.lstat().st_mode)))


def check_output_folder(path: Path, names: Iterable[str], todo: str = "choose a new or empty folder") -> Path:
    """The real path of a folder that may receive files of `names`: new, empty, or holding only such files.

    Also removes what killed writes of this folder left beside it. Call it before slow work, so that
    a refusal comes at once; `write_folder_atomic` calls it again. `todo` ends a refusal's line.
    """
    wanted = set(names)

    def refusal(real: Path) -> str:
        foreign = foreign_names(real, wanted.__contains__)
        return f"holds other files ({', '.join(foreign[:3])}); {todo}"

    return prepare_folder(path, only_files_named(wanted.__contains__), refusal)


def write_folder_atomic(path: Path, files: dict[str, bytes], todo: str = "choose a new or empty folder") -> Path:
    """Write `files` into the folder `path` so that they all switch at once; returns the real folder.

    The files are written into a staging sibling, which `switch_folder` puts in place in one step: a
    reader never sees some new files beside old ones. An existing folder is replaced only if it
    holds nothing but files of these names, so a mistyped `-o ~` cannot delete anything else.
    """
    real = check_output_folder(path, files, todo)

    def fill(staging: Path) -> None:
        for name, data in files.items():
            with open(staging / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(staging / name, umask_mode(0o666))
    try:
        replace_folder(real, fill, only_files_named(files.__contains__))
    except OSError as exc:
        raise _cannot(path, exc) from None
    return real


# --- ownership markers -----------------------------------------------------------------------------

def marker_path(folder: Path, what: str) -> Path:
    """Where the marker saying "ictgraph wrote this folder as a `what`" lives: a small JSON file in it."""
    return folder / f".ictgraph-{what}.json"


def write_marker(folder: Path, what: str, facts: Mapping[str, object]) -> None:
    """Mark `folder` as a `what` this program wrote, with `facts` about it (what, when, from which inputs)."""
    import json

    body = {"written_by": "ictgraph", "what": what, **facts}
    write_atomic(marker_path(folder, what), (json.dumps(body, indent=1, sort_keys=True) + "\n").encode())


def read_marker(folder: Path, what: str) -> dict[str, object] | None:
    """The facts of `folder`'s `what` marker, or None if it has none (or one this program did not write)."""
    import json

    path = marker_path(folder, what)
    try:
        if not stat.S_ISREG(path.lstat().st_mode) or path.stat().st_size > 65536:
            return None
        body = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(body, dict) or body.get("written_by") != "ictgraph" or body.get("what") != what:
        return None
    return body
