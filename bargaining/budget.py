"""Budgets for work that may run long: a deadline and size limits, passed down explicitly.

Some inputs of a few lines ask for work that grows exponentially: vertex enumeration solves one
linear system per pair of supports (``C(m + n, m)`` of them, 155 million for a 15x15 game),
symbolic solving factors polynomials whose degree the formulas set (``exp(2000*L)`` is a
polynomial of degree 2000 in ``exp(L)``), and a condition in ``k`` parameters has ``2^k`` box
corners. A :class:`Budget` bounds that work: sizes are checked before it starts, and the
deadline is checked inside its loops (no signals, no threads, no global state: the budget is an
argument). Exceeding it raises :class:`BudgetExceeded`, whose message names the limit and how to
raise it.

From the command line the limits are raised with the environment variable
``BARGAINING_BUDGET`` (for example ``BARGAINING_BUDGET="seconds=300,max_bases=20000000"``); in
Python, pass ``budget=Budget(seconds=300)`` to the functions that take one.
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from bargaining.errors import BargainingError

__all__ = ["BUDGET_VARIABLE", "Budget", "BudgetExceeded", "SymbolicFallbackWarning"]

#: Environment variable read by :meth:`Budget.from_environment`: ``name=value`` pairs, commas
#: between them, for the fields of :class:`Budget`.
BUDGET_VARIABLE = "BARGAINING_BUDGET"


class BudgetExceeded(BargainingError):
    """Work stopped (or was refused before it started) because it would exceed its budget."""


class SymbolicFallbackWarning(UserWarning):
    """Symbolic solving went over its budget, so the work goes on point by point."""


@dataclass(frozen=True)
class Budget:
    """Limits on one piece of work; the clock starts when the budget is made.

    Attributes
    ----------
    seconds:
        Wall-clock time the work may take.
    max_bases:
        Most linear systems (support pairs) vertex enumeration of one game may solve.
    max_symbolic_bases:
        Most linear systems in the parameters symbolic solving of one two-player game may solve
        for each player (``C(m + n, m) - 1``: 69 for a 4x4 game, 251 for a 5x5 game, whose
        rational-function arithmetic takes minutes).
    max_symbols:
        Most parameters in one player's payoffs that symbolic solving takes, and in one
        condition whose box corners it visits one by one (each parameter doubles them; linear
        conditions need no visit).
    max_degree:
        Highest degree of a formula, as a polynomial in its parameters and functions of them
        (``exp(2000*L)`` has degree 2000 in ``exp(L)``), that symbolic solving takes.

    Examples
    --------
    >>> budget = Budget(seconds=60)
    >>> budget.check("symbolic solving")
    >>> Budget(seconds=0).check("symbolic solving")
    Traceback (most recent call last):
    ...
    bargaining.budget.BudgetExceeded: symbolic solving stopped after 0 s, its time budget; raise \
it with the environment variable BARGAINING_BUDGET="seconds=..." or budget=Budget(seconds=...) \
in Python
    """

    seconds: float = 120.0
    max_bases: int = 1_000_000
    max_symbolic_bases: int = 100
    max_symbols: int = 12
    max_degree: int = 24
    started: float = field(default_factory=time.monotonic, repr=False, compare=False)

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.name != "started" and not (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
                and value >= 0
            ):
                raise BargainingError(
                    f"budget {item.name} must be a finite number >= 0, got {value!r}"
                )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Budget:
        """The default budget, with fields overridden by ``BARGAINING_BUDGET``.

        >>> Budget.from_environment({"BARGAINING_BUDGET": "seconds=5, max_bases=100"}).max_bases
        100
        """
        text = (os.environ if environ is None else environ).get(BUDGET_VARIABLE, "")
        names = {item.name for item in dataclasses.fields(cls)} - {"started"}
        values: dict[str, float] = {}
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            name, _, raw = part.partition("=")
            name = name.strip()
            try:
                number = float(raw) if name == "seconds" else int(raw)
            except ValueError:
                number = None
            if name not in names or number is None:
                raise BargainingError(
                    f"environment variable {BUDGET_VARIABLE}: cannot read {part!r}; expected "
                    f"name=number pairs separated by commas, names: {', '.join(sorted(names))}"
                )
            values[name] = number
        return cls(**values)

    def expired(self) -> bool:
        """Whether the time is up (for work that stops with a partial, flagged result rather
        than raising).

        >>> Budget(seconds=0).expired(), Budget(seconds=60).expired()
        (True, False)
        """
        return time.monotonic() - self.started >= self.seconds

    def remaining(self) -> float:
        """Seconds left before the time is up (0 once it is), for work that waits on another
        process no longer than the budget allows.

        >>> Budget(seconds=0).remaining(), 59 < Budget(seconds=60).remaining() <= 60
        (0.0, True)
        """
        return max(0.0, self.seconds - (time.monotonic() - self.started))

    def check(self, what: str) -> None:
        """Raise :class:`BudgetExceeded` when the time is up; ``what`` names the work."""
        if self.expired():
            raise BudgetExceeded(
                f"{what} stopped after {self.seconds:g} s, its time budget; "
                f"{self.how_to_raise('seconds')}"
            )

    def check_size(self, limit: str, count: int, what: str) -> None:
        """Refuse work of size ``count`` above the field ``limit``, before it starts.

        >>> Budget().check_size("max_symbols", 22, "a formula in 22 parameters")
        Traceback (most recent call last):
        ...
        bargaining.budget.BudgetExceeded: a formula in 22 parameters is over the limit \
max_symbols = 12; raise it with the environment variable BARGAINING_BUDGET="max_symbols=..." or \
budget=Budget(max_symbols=...) in Python
        """
        if count > getattr(self, limit):
            raise BudgetExceeded(
                f"{what} is over the limit {limit} = {getattr(self, limit):,}; "
                f"{self.how_to_raise(limit)}"
            )

    @staticmethod
    def how_to_raise(limit: str) -> str:
        """How a user raises the limit ``limit``, for messages."""
        return (
            f'raise it with the environment variable {BUDGET_VARIABLE}="{limit}=..." or '
            f"budget=Budget({limit}=...) in Python"
        )
