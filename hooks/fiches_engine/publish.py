"""Publish a built site all at once, or not at all, whatever else runs at the same time.

Each build writes into its own fresh staging folder beside the real one
(``site.construction-<pid>-<random>``), so two builds never write into the same
folder. Only a build that succeeded publishes, under a lock (on the folder that
holds the site; a ``site.verrou`` file on Windows):
a second build that finishes meanwhile waits for the first to be done, then
publishes in turn; the last one to finish wins, whole.

The swap itself is one system call where the system has one: Linux exchanges
the two folders with renameat2(RENAME_EXCHANGE), macOS with renamex_np(RENAME_SWAP),
so ``site/`` is at every instant the previous complete site or the new one, even
if the build is killed (kill -9) right then. Elsewhere (Windows) it is two renames
under the lock, and a build that was killed between them is repaired by the next
one, which puts the previous site back before doing anything else.

Python's standard library has no atomic exchange of folders, nor a cross-platform
file lock, hence the few lines of ctypes, fcntl and msvcrt below.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

STAGING_MARK = ".construction-"  # site.construction-<pid>-<random>: a build's own folder
OLD_MARK = ".ancien-"  # site.ancien-<pid>-<random>: the previous site, between two renames (no exchange)
LOCK_SUFFIX = ".verrou"


class PublishError(Exception):
    """A French message: the site could not be published (the previous one is kept)."""


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: not ours to judge
    return True


def _owner(entry: str, mark: str) -> int | None:
    try:
        return int(entry.split(mark, 1)[1].split("-", 1)[0])
    except (IndexError, ValueError):
        return None


def _leftovers(final: Path, mark: str) -> Iterator[Path]:
    """Folders beside ``final`` left by builds that are no longer running (killed, crashed)."""
    if not final.parent.is_dir():
        return
    prefix = final.name + mark
    for entry in os.listdir(final.parent):
        if entry.startswith(prefix):
            pid = _owner(entry, mark)
            if pid is not None and not _alive(pid):
                yield final.parent / entry


def repair(final: str | os.PathLike[str]) -> None:
    """Undo what killed builds left: the previous site put back if it was moved aside, staging removed."""
    final = Path(final)
    with lock(final, wait=None) as held:
        if not held:
            return  # another build is publishing: the next build will clean up
        for old in sorted(_leftovers(final, OLD_MARK)):
            if not final.exists():
                old.rename(final)  # a build died between its two renames: the previous site comes back
            else:
                shutil.rmtree(old, ignore_errors=True)
        for staging in _leftovers(final, STAGING_MARK):
            shutil.rmtree(staging, ignore_errors=True)


def staging_dir(final: str | os.PathLike[str]) -> str:
    """A new, empty folder for one build, on the same file system as ``final`` (for the swap)."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkdtemp(prefix=f"{final.name}{STAGING_MARK}{os.getpid()}-", dir=final.parent)


def write_files(site: str | os.PathLike[str], files: dict[str, str]) -> None:
    """Write generated files (path relative to the site -> text) into the site being built."""
    made: set[str] = set()
    for path, text in files.items():
        target = os.path.join(site, *path.split("/"))
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(target, "w", encoding="utf-8", newline="") as out:
            out.write(text)


def write_error_message(error: OSError, final: str | os.PathLike[str] | None) -> str:
    """What to tell when the system refused a write, in French."""
    why = {errno.ENOSPC: "le disque est plein", errno.EDQUOT: "le quota de disque est atteint",
           errno.EACCES: "l'écriture est interdite", errno.EPERM: "l'écriture est interdite",
           errno.EROFS: "le disque est en lecture seule"}.get(error.errno or 0, error.strerror or str(error))
    where = f" ({error.filename})" if error.filename else ""
    kept = f" ; le site précédent est gardé tel quel dans {final}" if final else ""
    return f"écriture impossible{where} : {why}. Le nouveau site n'est pas publié{kept}."


def discard(staging: str | os.PathLike[str]) -> None:
    shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def lock(final: str | os.PathLike[str], wait: float | None = 600.0,
         on_wait: Callable[[], None] | None = None) -> Iterator[bool]:
    """Hold the publication lock of ``final``, waiting for another build at most ``wait`` seconds.

    With ``wait=None``, does not wait: yields False when another build holds the lock.
    """
    fd, path = _lock_handle(Path(final))
    try:
        if wait is None:
            held = _try_lock(fd)
            try:
                yield held
            finally:
                if held:
                    _unlock(fd)
            return
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(fd):
            if not told and on_wait:
                on_wait()
                told = True
            if time.monotonic() > deadline:
                raise PublishError(f"une autre construction publie le site dans {final} depuis plus de "
                                   f"{wait:.0f} s (verrou sur {path}) : le nouveau site n'est pas publié, "
                                   "le précédent est gardé. Relancez la construction quand l'autre est finie.")
            time.sleep(0.05)
        try:
            yield True
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - the tests run on Linux
    import msvcrt

    def _lock_handle(final: Path) -> tuple[int, Path]:
        """A lock file beside the site (Windows locks files, not folders)."""
        path = final.with_name(final.name + LOCK_SUFFIX)
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644), path

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock_handle(final: Path) -> tuple[int, Path]:
        """The folder that holds the site: flock works on folders, and no lock file is left behind."""
        final.parent.mkdir(parents=True, exist_ok=True)
        return os.open(final.parent, os.O_RDONLY), final.parent

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _exchange_function() -> Callable[[str, str], bool] | None:
    """The system's atomic exchange of two paths, as (a, b) -> done, or None where there is none."""
    libc_name = ctypes.util.find_library("c")
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(libc_name or "libc.so.6", use_errno=True)
            renameat2 = libc.renameat2  # glibc 2.28+
        except (OSError, AttributeError):
            return None
        at_fdcwd, rename_exchange = -100, 2

        def exchange(a: str, b: str) -> bool:
            if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
                return True
            code = ctypes.get_errno()
            if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # file system without exchange
                return False
            raise OSError(code, os.strerror(code), a)
        return exchange
    if sys.platform == "darwin":  # pragma: no cover - the tests run on Linux
        try:
            libc = ctypes.CDLL(libc_name or "libc.dylib", use_errno=True)
            renamex_np = libc.renamex_np
        except (OSError, AttributeError):
            return None
        rename_swap = 0x2

        def exchange(a: str, b: str) -> bool:
            if renamex_np(os.fsencode(a), os.fsencode(b), rename_swap) == 0:
                return True
            code = ctypes.get_errno()
            if code in (errno.EINVAL, errno.ENOTSUP):
                return False
            raise OSError(code, os.strerror(code), a)
        return exchange
    return None


_exchange = _exchange_function()


def publish(staging: str | os.PathLike[str], final: str | os.PathLike[str],
            on_wait: Callable[[], None] | None = None) -> None:
    """Replace ``final`` with ``staging``, under the lock; the previous site is deleted after."""
    staging, final = Path(staging), Path(final)
    with lock(final, on_wait=on_wait):
        if not final.exists():
            staging.rename(final)
            return
        if _exchange is not None and _exchange(str(staging), str(final)):
            shutil.rmtree(staging, ignore_errors=True)  # it holds the previous site now
            return
        old = Path(tempfile.mkdtemp(prefix=f"{final.name}{OLD_MARK}{os.getpid()}-", dir=final.parent))
        old.rmdir()
        final.rename(old)
        staging.rename(final)
        shutil.rmtree(old, ignore_errors=True)
