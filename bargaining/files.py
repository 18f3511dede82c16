"""Replacing a user's files without ever losing them: owned temporaries and atomic exchange.

What this module guarantees, and how:

* **Temporaries are recognisable and owned.** Everything written beside a target before it is
  moved into place is named ``.<target>.bargaining-<kind>-<pid>-<random>``, where ``pid`` is
  the process that made it. :func:`remove_stale` deletes those whose process is no longer
  running (a run killed with SIGKILL cannot clean up after itself; the next run does), and
  never touches a temporary of a live process, nor anything not named this way.
* **Termination cleans up.** :func:`exit_on_terminate` turns SIGTERM into :class:`SystemExit`
  (SIGINT already raises :class:`KeyboardInterrupt`), so the ``except``/``finally`` blocks
  that remove temporaries run on either signal.
* **A folder is replaced in one step.** On Linux, :func:`replace_directory` swaps the new
  folder and the old one with ``renameat2(RENAME_EXCHANGE)``: at every instant the target
  holds either the old or the new folder, whatever kills the process. Where the exchange is
  not available (other systems, file systems that refuse it), the old folder is first renamed
  to an owned ``old`` temporary and the new one renamed into place: the target is then missing
  for the moment between two ``rename`` calls, and if the process dies in that moment the old
  folder survives under its temporary name and the next run puts it back
  (:func:`remove_stale`). POSIX offers no way to exchange two directories atomically without
  ``renameat2``, so this is the strongest guarantee there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "Terminated",
    "exchange",
    "exit_on_terminate",
    "owned_directory",
    "remove_stale",
    "replace_directory",
    "temporary_path",
]

#: Characters of the target's name kept in a temporary's name (file names have 255 bytes).
_NAME_KEPT = 80
_RENAME_EXCHANGE = 2  # linux/fs.h


def _stem(target: Path) -> str:
    return f".{target.name[:_NAME_KEPT]}.bargaining-"


def temporary_path(target: str | os.PathLike[str], kind: str) -> Path:
    """A fresh name beside ``target`` for a temporary of ``kind`` owned by this process.

    >>> path = temporary_path("out/report", "tmp")
    >>> path.parent.as_posix(), path.name.startswith(f".report.bargaining-tmp-{os.getpid()}-")
    ('out', True)
    """
    target = Path(target)
    return target.parent / f"{_stem(target)}{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def owned_directory(target: str | os.PathLike[str], kind: str = "tmp") -> Path:
    """Create and return an empty private folder named by :func:`temporary_path`."""
    while True:
        path = temporary_path(target, kind)
        try:
            path.mkdir(mode=0o700)
            return path
        except FileExistsError:  # a random clash: draw another name
            continue


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale(target: str | os.PathLike[str]) -> list[Path]:
    """Clean up after runs that were killed while writing ``target``; the paths removed.

    A temporary whose owning process is gone is deleted, except that an ``old`` temporary
    (a previous version of ``target`` moved aside) is renamed back to ``target`` when
    ``target`` is missing, so a run killed between two renames loses nothing.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> dead = folder / ".r.bargaining-tmp-999999999-00000000"
    >>> dead.mkdir()
    >>> [path.name for path in remove_stale(folder / "r")], dead.exists()
    (['.r.bargaining-tmp-999999999-00000000'], False)
    """
    target = Path(target)
    pattern = re.compile(re.escape(_stem(target)) + r"(tmp|old)-(\d{1,10})-[0-9a-f]+")
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []  # nothing readable there: nothing of ours to clean
    removed = []
    for entry in sorted(entries):
        match = pattern.fullmatch(entry.name)
        if match is None or _running(int(match.group(2))):
            continue
        if match.group(1) == "old" and not os.path.lexists(target):
            entry.rename(target)  # the earlier version was moved aside and never replaced
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def exchange(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    """Swap two existing paths atomically; False where the system cannot (nothing is moved).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a").write_text("a"), (folder / "b").write_text("b")
    >>> exchange(folder / "a", folder / "b") in (True, False)
    True
    """
    import ctypes  # only here: `import bargaining` stays light

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without renameat2
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    at_cwd = -100  # AT_FDCWD
    result = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # the kernel or the file system does not exchange
    raise OSError(code, os.strerror(code), os.fspath(second))


def replace_directory(staging: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Put the folder ``staging`` in place of ``target`` (which may be missing) and delete the
    folder it replaces; see the module's description for what survives a crash."""
    staging, target = Path(staging), Path(target)
    if not os.path.lexists(target):
        staging.rename(target)
        return
    if exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the earlier folder
        return
    retired = temporary_path(target, "old")
    target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


class Terminated(SystemExit):
    """Raised in the main thread when the process receives SIGTERM (exit status 143)."""


@contextlib.contextmanager
def exit_on_terminate() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated`, so cleanup code runs (main thread only;
    elsewhere, and after leaving, the previous handler is in force).

    >>> with exit_on_terminate():
    ...     pass
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated(128 + signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
