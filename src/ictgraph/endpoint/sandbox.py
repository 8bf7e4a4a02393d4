"""What a query worker does to itself before it reads a query: no network, bounded memory, dies with its parent.

The guard refuses SERVICE, LOAD and FROM by parsing every query; this is the second wall, for the
day a parser and an engine disagree. Linux lets a process give up its network in two ways that
need no privilege: a new network namespace (CLONE_NEWNET, inside a new user namespace when not
root), where the only interface is a loopback that is down, and a seccomp filter that makes
socket() fail with EPERM for every family but AF_UNIX. Each layer is tried, and the worker then
checks the result itself by connecting to a listener of the server's.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import resource
import signal
import socket
from dataclasses import asdict, dataclass

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1
_M_ARENA_MAX = -8
_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_ACT_ERRNO = 0x00050000
_SCMP_CMP_NE = 1


@dataclass(frozen=True)
class Protection:
    """Which network walls a worker stands behind, and why one is missing (for /health and the banner)."""

    namespace: bool
    seccomp: bool
    verified: bool  # a TCP connection from the worker to the server's own loopback listener failed
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def summary(self) -> str:
        """One line for the server's log."""
        layers = [name for name, on in (("a network namespace", self.namespace), ("a seccomp filter", self.seccomp))
                  if on]
        if self.verified and layers:
            return "query workers cannot open network connections (" + " and ".join(layers) + ")"
        why = "; ".join(self.notes) or "no mechanism available"
        return (f"query workers are not network-blocked by the operating system ({why}): only the parse-based "
                "refusal of SERVICE, LOAD and FROM keeps queries off the network")


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when the thread that forked it exits (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def limit_malloc_arenas() -> None:
    """Two malloc arenas, not one per thread: each arena reserves 64 MiB of address space."""
    with contextlib.suppress(OSError, AttributeError):
        _libc().mallopt(_M_ARENA_MAX, 2)


def enter_network_namespace() -> str | None:
    """Move into a new, empty network namespace; None on success, else why not.

    Must run while the process has one thread (the kernel refuses CLONE_NEWUSER otherwise).
    """
    libc = _libc()
    if libc.unshare(_CLONE_NEWNET) == 0:
        return None
    first = ctypes.get_errno()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
        return (f"unshare(CLONE_NEWNET): {os.strerror(first)}; with a user namespace: "
                f"{os.strerror(ctypes.get_errno())}")
    # Keep the same user and group inside the new user namespace, so files stay readable.
    try:
        for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{uid} {uid} 1"),
                           ("/proc/self/gid_map", f"{gid} {gid} 1")):
            with open(path, "w") as handle:
                handle.write(text)
    except OSError as exc:
        return f"user namespace without an identity mapping: {exc.strerror}"
    return None


def install_socket_filter() -> str | None:
    """Install a seccomp filter: socket() of any family but AF_UNIX, and io_uring, fail with EPERM.

    Uses libseccomp (libseccomp.so.2, present wherever systemd is) through ctypes. None on
    success, else why not.
    """
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError:
        return "libseccomp is not installed"

    class ArgCmp(ctypes.Structure):
        _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64),
                    ("datum_b", ctypes.c_uint64)]

    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(ArgCmp)]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    deny = _SCMP_ACT_ERRNO | errno.EPERM
    ctx = lib.seccomp_init(_SCMP_ACT_ALLOW)
    if not ctx:
        return "seccomp_init failed"
    try:
        not_unix = ArgCmp(0, _SCMP_CMP_NE, socket.AF_UNIX, 0)
        rc = lib.seccomp_rule_add_array(ctx, deny, lib.seccomp_syscall_resolve_name(b"socket"), 1,
                                        ctypes.byref(not_unix))
        if rc != 0:
            return f"seccomp rule for socket(): {os.strerror(-rc)}"
        io_uring = lib.seccomp_syscall_resolve_name(b"io_uring_setup")
        if io_uring >= 0:  # io_uring can open sockets without the socket() system call
            lib.seccomp_rule_add_array(ctx, deny, io_uring, 0, None)
        rc = lib.seccomp_load(ctx)
        if rc != 0:
            return f"seccomp_load: {os.strerror(-rc)}"
    finally:
        lib.seccomp_release(ctx)
    return None


def network_reaches(port: int) -> bool:
    """True if this process can open a TCP connection to 127.0.0.1:`port` (a listener of the server's)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def isolate(probe_port: int | None) -> Protection:
    """Put up every network wall this system allows, then check from inside that the network is gone."""
    notes = []
    namespace_error = enter_network_namespace()
    if namespace_error:
        notes.append(namespace_error)
    seccomp_error = install_socket_filter()
    if seccomp_error:
        notes.append(seccomp_error)
    verified = probe_port is not None and not network_reaches(probe_port)
    return Protection(namespace_error is None, seccomp_error is None, verified, tuple(notes))


def cap_memory(limit_bytes: int) -> None:
    """Cap this process's address space at `limit_bytes` (RLIMIT_AS): allocations past it fail.

    Raises MemoryError, naming the figures, if the process already uses more than the limit.
    """
    with open("/proc/self/statm") as handle:
        used = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    if used >= limit_bytes:
        raise MemoryError(f"the loaded store already takes {used >> 20} MiB of address space, "
                          f"more than --max-memory {limit_bytes >> 20} MiB: raise --max-memory")
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
