"""The ``bargaining`` command line: ``bargaining show MODEL``, ``bargaining solve MODEL``, ...

Each subcommand is one module with a ``register(subparsers)`` function (see
:mod:`bargaining.cli.app`); this package only exposes :func:`main`, loaded on first use so that
importing one subcommand module does not import the others.
"""

from typing import TYPE_CHECKING

from bargaining.lazy import lazy_exports

if TYPE_CHECKING:
    from bargaining.cli.app import main

__all__ = ["main"]

__getattr__, __dir__ = lazy_exports(__name__, __file__, __all__)
