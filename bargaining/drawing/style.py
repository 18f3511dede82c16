"""The look shared by every figure: a colour-blind-safe palette and figure defaults.

The palette is Paul Tol's "bright" qualitative scheme (Tol 2021, *Colour Schemes*, SRON
technical note SRON/EPS/TN/09-002), distinguishable under the common colour-vision deficiencies
and in greyscale print by lightness.

>>> len(PALETTE), PALETTE[0]
(7, '#4477AA')
>>> colour(8) == PALETTE[1]
True
"""

from __future__ import annotations

__all__ = ["PALETTE", "as_written", "colour"]

#: Paul Tol's bright scheme: blue, red, green, yellow, cyan, purple, grey.
PALETTE: tuple[str, ...] = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#BBBBBB",
)


def colour(index: int) -> str:
    """The palette colour for the ``index``-th series, cycling when there are more series."""
    return PALETTE[index % len(PALETTE)]


def as_written(text: str) -> str:
    r"""Text for matplotlib to show as written: each ``$`` escaped.

    Names, labels and descriptions come from model files, and a pair of ``$`` in them would
    start matplotlib's mathtext (TeX), where an unknown command such as ``\input`` stops the
    drawing. Every kernel passes the texts it is given through this function.

    >>> print(as_written(r"cost in $bn, $\input{x}$"))
    cost in \$bn, \$\input{x}\$
    """
    return str(text).replace("$", r"\$")
