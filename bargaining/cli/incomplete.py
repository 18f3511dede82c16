"""Incomplete results in a command: one clean line on stderr, not a Python warning per solve.

A command can solve a game many times (``check`` and ``sweep`` solve it at every point they
try); where support enumeration leaves part of a degenerate game unsettled, each solve issues
an :class:`~bargaining.solvers.nash.IncompleteResultWarning`. Python would print each as two
lines naming a source file; the command prints one line at the end instead.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["incomplete_summary", "run_noting_incomplete"]


def run_noting_incomplete(run: Callable[..., int], *args: Any, stderr: TextIO | None = None) -> int:
    """``run(*args)``, with the incomplete-result warnings it issues summarised in one line on
    ``stderr`` (default ``sys.stderr``) when it ends; other warnings are shown as usual.

    >>> import io, warnings
    >>> from bargaining.solvers.nash import IncompleteResultWarning
    >>> def command():
    ...     note = "nash_equilibria: the result may be incomplete: why"
    ...     warnings.warn(note, IncompleteResultWarning)
    ...     return 0
    >>> err = io.StringIO()
    >>> run_noting_incomplete(command, stderr=err), err.getvalue()
    (0, 'bargaining: warning: the result may be incomplete: why\\n')
    """
    from bargaining.solvers.nash import IncompleteResultWarning

    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("always", IncompleteResultWarning)
        shown = warnings.showwarning

        def show(message: Any, category: type, *rest: Any, **options: Any) -> None:
            if issubclass(category, IncompleteResultWarning):
                notes.append(str(message))
            else:
                shown(message, category, *rest, **options)

        warnings.showwarning = show
        try:
            return run(*args)
        finally:
            if notes:
                (stderr or sys.stderr).write(f"bargaining: warning: {incomplete_summary(notes)}\n")


def incomplete_summary(notes: list[str]) -> str:
    """One line for the notes of several incomplete solves: the first, and how many there were.

    >>> incomplete_summary(["nash_equilibria: the result may be incomplete: a"] * 3)
    '3 results may be incomplete; the first: a'
    """
    first = notes[0].removeprefix("nash_equilibria: ")
    if len(notes) == 1:
        return first
    reason = first.removeprefix("the result may be incomplete: ")
    return f"{len(notes)} results may be incomplete; the first: {reason}"
