"""Writing a report's files all at once, or not at all.

The files are written into a fresh temporary directory beside the target; only when all of them
are written is it moved into place (one rename). A target that already exists is replaced only
when it is empty or holds nothing but an earlier report's files (``.md``, ``.html``, ``.svg``),
so a mistyped ``-o`` never deletes anything else; a failure at any point leaves the target as
it was and no temporary files behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from bargaining.errors import BargainingError

__all__ = ["REPORT_SUFFIXES", "write_files"]

#: The kinds of file a report consists of; a directory holding others is not replaced.
REPORT_SUFFIXES = frozenset({".md", ".html", ".svg"})


def _check_replaceable(target: Path) -> None:
    if target.is_symlink():
        raise BargainingError(f"{target} is a symbolic link; give the report a real directory")
    if not target.exists():
        return
    if not target.is_dir():
        raise BargainingError(f"{target} exists and is not a directory; choose another output")
    foreign = sorted(
        entry.name
        for entry in target.iterdir()
        if entry.is_symlink() or not entry.is_file() or entry.suffix not in REPORT_SUFFIXES
    )
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise BargainingError(
            f"{target} holds files that are not part of a report ({shown}); "
            "choose an empty or new output directory"
        )


def write_files(target: str | os.PathLike[str], files: Mapping[str, bytes]) -> Path:
    """Write ``files`` (file name -> content) as the directory ``target``; return its path.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> written = write_files(root / "report", {"report.md": b"# Talks\\n"})
    >>> sorted(path.name for path in written.iterdir())
    ['report.md']
    >>> _ = (root / "report" / "notes.txt").write_text("mine")
    >>> write_files(root / "report", {"report.md": b"# Talks\\n"})
    Traceback (most recent call last):
    ...
    bargaining.errors.BargainingError: ... not part of a report (notes.txt); ...
    """
    target = Path(target)
    for name in files:
        if Path(name).name != name or name in ("", ".", ".."):
            raise BargainingError(f"report file name {name!r} is not a plain file name")
    _check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    retired = None
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
        staging.chmod(0o755)  # mkdtemp makes it private; a report is meant to be read
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            target.rename(retired / target.name)
        staging.rename(target)
    except BaseException:
        if retired is not None and not target.exists():
            (retired / target.name).rename(target)  # put the earlier report back
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    return target
