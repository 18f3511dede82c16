"""The ``bargaining`` command line: ``bargaining show MODEL``, ``bargaining solve MODEL``, ...

Each subcommand is one module with a ``register(subparsers)`` function (see
:mod:`bargaining.cli.app`); this package only exposes :func:`main`.
"""

from bargaining.cli.app import main

__all__ = ["main"]
