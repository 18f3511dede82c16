"""Writing a report's files all at once, or not at all, and never over a folder of the user's.

The files are written into an owned temporary folder beside the target (see
:mod:`bargaining.files`); only when all of them are written does it take the target's place,
in one atomic exchange where the system offers one. Each report folder holds a marker,
:data:`MARKER`, naming the version that wrote it and the files it wrote. An existing target is
replaced only when it is empty or holds that marker and nothing but the files it lists: a
folder of the user's, or a report the user added a file to, is refused, whatever its files are
called. A failure at any point leaves the target as it was and no temporary files behind;
temporaries of a killed run are removed by the next one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from bargaining import __version__
from bargaining.errors import BargainingError
from bargaining.files import owned_directory, remove_stale, replace_directory

__all__ = ["MARKER", "check_output", "write_files"]

#: The file that marks a folder as one a report wrote, listing the files it wrote.
MARKER = ".bargaining-report"
_MARKER_HEADER = "bargaining report"
_MARKER_BYTES = 1_000_000  # far more than any report's file list; bounds what is read


def _marker_text(names: list[str]) -> str:
    return f"{_MARKER_HEADER} {__version__}\n" + "".join(f"{name}\n" for name in sorted(names))


def _written_by_report(target: Path) -> set[str] | None:
    """The files the marker in ``target`` lists, or None when there is no valid marker."""
    marker = target / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    with open(marker, "rb") as file:
        data = file.read(_MARKER_BYTES + 1)
    if len(data) > _MARKER_BYTES:
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    if not lines or not lines[0].startswith(_MARKER_HEADER + " "):
        return None
    return set(lines[1:])


def _first_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def check_output(target: str | os.PathLike[str]) -> Path:
    """Check that a report may be written to ``target`` (before any work is done); its path.

    The target must be missing, an empty folder or a folder a report wrote (holding
    :data:`MARKER` and only the files it lists); the nearest existing folder above it must be a
    writable folder.

    Raises
    ------
    BargainingError
        Naming the folder and why it cannot be used.

    Examples
    --------
    >>> import tempfile
    >>> mine = Path(tempfile.mkdtemp())
    >>> _ = (mine / "notes.md").write_text("my notes")
    >>> check_output(mine)
    Traceback (most recent call last):
    ...
    bargaining.errors.BargainingError: ... not a report folder: ... wrote it (notes.md); ...
    """
    target = Path(target)
    if target.is_symlink():
        raise BargainingError(f"{target} is a symbolic link; give the report a real folder")
    if target.exists():
        if not target.is_dir():
            raise BargainingError(f"{target} exists and is not a folder; choose another output")
        _check_replaceable(target)
        above = target
    else:
        above = _first_existing(target.parent)
        if not above.is_dir():
            raise BargainingError(
                f"cannot write the report to {target}: {above} is a file, not a folder"
            )
    if not os.access(above, os.W_OK | os.X_OK):
        raise BargainingError(f"cannot write the report to {target}: {above} is not writable")
    return target


def _check_replaceable(target: Path) -> None:
    entries = [entry for entry in target.iterdir() if entry.name != MARKER]
    if not entries:
        return
    listed = _written_by_report(target)
    foreign = sorted(
        entry.name
        for entry in entries
        if listed is None or entry.name not in listed or entry.is_symlink() or not entry.is_file()
    )
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        why = (
            f"files the last report did not write ({shown})"
            if listed is not None
            else f"files and no {MARKER} marker, so no report wrote it ({shown})"
        )
        raise BargainingError(
            f"{target} is not a report folder: it holds {why}; a report replaces only an empty "
            "folder or one it wrote. Choose another output folder, or move those files away"
        )


def write_files(target: str | os.PathLike[str], files: Mapping[str, bytes]) -> Path:
    """Write ``files`` (file name -> content) as the folder ``target``, with its marker; return
    its path.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> written = write_files(root / "report", {"report.md": b"# Talks\\n"})
    >>> sorted(path.name for path in written.iterdir())
    ['.bargaining-report', 'report.md']
    >>> _ = (root / "report" / "notes.md").write_text("mine")
    >>> write_files(root / "report", {"report.md": b"# Talks\\n"})
    Traceback (most recent call last):
    ...
    bargaining.errors.BargainingError: ... did not write (notes.md); ...
    """
    target = Path(target)
    for name in files:
        if Path(name).name != name or name in ("", ".", "..", MARKER):
            raise BargainingError(f"report file name {name!r} is not a plain file name")
    try:
        remove_stale(target)
        check_output(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = owned_directory(target)
    except OSError as error:
        raise BargainingError(
            f"cannot write the report to {target}: {error.strerror or error}"
        ) from None
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
        (staging / MARKER).write_text(_marker_text(list(files)), "utf-8")
        staging.chmod(0o755)  # private while written; a report is meant to be read
        replace_directory(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BargainingError(
            f"cannot write the report to {target}: {error.strerror or error}"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
