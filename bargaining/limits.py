"""Budgets checked before work starts: how many points, draws, examples and parameters a command
may ask for.

Every limit has a default and an environment variable that raises (or lowers) it, so a refusal
can say exactly how to get past it; ``docs/reference/errors.md`` lists them all. A limit is read
when it is checked, never cached, so setting the variable takes effect at once. This module sits
in the lowest layer (it imports only :mod:`bargaining.errors`): the model loader, the analysis
functions and the command line all check against the same numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from bargaining.errors import BargainingError

__all__ = [
    "EXAMPLES",
    "LIMITS",
    "PARAMETERS",
    "POINTS",
    "SAMPLES",
    "Limit",
    "LimitError",
    "usable_cores",
]


class LimitError(BargainingError):
    """A request is larger than a documented limit (the message names it and how to raise it)."""


@dataclass(frozen=True)
class Limit:
    """A documented budget with a default and an environment variable that overrides it.

    Attributes
    ----------
    variable:
        The environment variable that sets the limit (a whole number of at least 1).
    default:
        The limit when the variable is not set.
    unit:
        What is counted, in the plural (``"points"``).
    bounds:
        What the limit bounds, for the documentation.

    Examples
    --------
    >>> limit = Limit("BARGAINING_MAX_WIDGETS", 10, "widgets", "widgets per call")
    >>> limit.value({})
    10
    >>> limit.check(11, "--widgets", environ={})
    Traceback (most recent call last):
    ...
    bargaining.limits.LimitError: --widgets: 11 widgets is more than the limit of 10; set \
BARGAINING_MAX_WIDGETS to raise it
    """

    variable: str
    default: int
    unit: str
    bounds: str

    def value(self, environ: os._Environ | dict[str, str] | None = None) -> int:
        """The limit in force: the environment variable's value, or the default."""
        environ = os.environ if environ is None else environ
        text = environ.get(self.variable, "").strip().replace("_", "")
        if not text:
            return self.default
        if not text.isdigit() or len(text) > 18 or int(text) < 1:
            raise LimitError(
                f"environment variable {self.variable}={environ[self.variable]!r}: expected a "
                "whole number of at least 1"
            )
        return int(text)

    def check(
        self, count: int, request: str, *, environ: os._Environ | dict[str, str] | None = None
    ) -> None:
        """Refuse ``count`` when it exceeds the limit; ``request`` (if any) says what asked."""
        limit = self.value(environ)
        if count > limit:
            raise LimitError(
                f"{request + ': ' if request else ''}{count:,} {self.unit} is more than the "
                f"limit of {limit:,}; set {self.variable} to raise it"
            )


#: Points of one sweep (a grid counts the product of its axes), checked before any is built.
POINTS = Limit(
    "BARGAINING_MAX_POINTS",
    10**8,
    "points",
    "points of one sweep: the product of the --param axes, or --sample N; with --out the "
    "result is streamed to disk (about 100 bytes a point)",
)
#: Random draws held in memory at once: Monte Carlo draws and Sobol evaluations.
SAMPLES = Limit(
    "BARGAINING_MAX_SAMPLES",
    10**7,
    "draws",
    "random draws held in memory: sweep --sample, sensitivity --samples, "
    "report --draws, and the N (d + 2) evaluations of sensitivity --sobol-n",
)
#: Random points tried per claim by the claim search.
EXAMPLES = Limit(
    "BARGAINING_MAX_EXAMPLES",
    10**5,
    "examples",
    "points the claim search tries per claim: check --examples, report --claim-examples",
)
#: Parameters of one model file.
PARAMETERS = Limit(
    "BARGAINING_MAX_PARAMETERS",
    200,
    "parameters",
    "parameters declared in one model file; every analysis works per parameter",
)

#: Every limit, in the order the documentation lists them.
LIMITS = (POINTS, SAMPLES, EXAMPLES, PARAMETERS)


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity where the system reports one).

    >>> usable_cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
