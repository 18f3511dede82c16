"""The argument parser, the subcommand registry and the exit codes of the ``bargaining`` command.

A subcommand is a module ``bargaining.cli.NAME`` with ``register(subparsers)``, which adds its
parser (``subparsers.add_parser(NAME, description=...)``) and sets
``run=function(args, console) -> int`` as the parser's default; list it with its one-line help in
:data:`COMMANDS`. Only the module of the command being run is imported (``bargaining --help``
imports none), so each command loads only what it needs.

Exit codes: 0 success, 2 usage or model errors (a message on stderr, no traceback), 1
unexpected failures (a short message and a request to report it; the traceback only when the
environment variable ``BARGAINING_DEBUG`` is set).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Collection, Sequence
from pathlib import Path

from bargaining import __version__
from bargaining.cli.console import make_console
from bargaining.cli.incomplete import run_noting_incomplete
from bargaining.errors import BargainingError
from bargaining.model.errors import ModelError

__all__ = ["COMMANDS", "build_parser", "main"]

#: Subcommands (modules ``bargaining.cli.NAME``) and their help, in the order ``--help`` lists
#: them.
COMMANDS: dict[str, str] = {
    "show": "show what a model file says: players, parameters, outcomes, games, claims",
    "solve": "the equilibria of a model's game at the baseline parameter values",
    "thresholds": "the exact parameter values where the equilibria change",
    "sweep": "a game's equilibria over a grid of parameter values, saved as .npz",
    "sensitivity": "how the equilibria and an outcome's probability depend on each parameter",
    "check": "check a model's [[claims]]: search for parameter values where one fails",
    "report": "write a report: summary, equilibria, tipping points, figures, claims",
}

#: Where hypothesis keeps its cache; the command sets it, unless the user has, to the user's cache.
HYPOTHESIS_STORAGE_VARIABLE = "HYPOTHESIS_STORAGE_DIRECTORY"

#: Set this environment variable (to anything but empty or 0) to see tracebacks of crashes.
DEBUG_VARIABLE = "BARGAINING_DEBUG"

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def build_parser(commands: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The ``bargaining`` parser with the subcommands of :data:`COMMANDS` registered: all of
    them, or only those in ``commands`` (the others are listed with their help, but their
    modules are not imported and their options not known).

    >>> build_parser().parse_args(["solve", "m.toml", "--set", "L=0.4"]).assignments
    [('L', Fraction(2, 5))]
    """
    parser = argparse.ArgumentParser(
        prog="bargaining",
        description="Exact, parametric game theory for negotiations: solve the games of a "
        "model file (models/*.toml) and show what the model says.",
        epilog="Run 'bargaining COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"bargaining {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name, help in COMMANDS.items():
        if commands is None or name in commands:
            module = importlib.import_module(f"bargaining.cli.{name}")
            module.register(_WithHelp(subparsers))
        else:
            subparsers.add_parser(name, help=help)
    return parser


class _WithHelp:
    """The subparsers a command module registers with: ``add_parser`` adds the command's help
    from :data:`COMMANDS`, so the help is written once and ``--help`` needs no module."""

    def __init__(self, subparsers: argparse._SubParsersAction) -> None:
        self._subparsers = subparsers

    def add_parser(self, name: str, **options: object) -> argparse.ArgumentParser:
        return self._subparsers.add_parser(name, help=COMMANDS[name], **options)


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv``: its first argument not an option (the top-level
    options take no values), if it names one; ``None`` otherwise."""
    for argument in argv:
        if not argument.startswith("-"):
            return argument if argument in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bargaining`` command with ``argv`` (default: ``sys.argv[1:]``); the exit code.

    >>> main(["--version"])
    bargaining 0.1.0
    0
    """
    # Claim checks run hypothesis, which caches what it learns under .hypothesis/ in the current
    # directory; a command must not litter the user's folder, so use the user's cache instead.
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bargaining"
    os.environ.setdefault(HYPOTHESIS_STORAGE_VARIABLE, str(cache / "hypothesis"))
    if argv is None:
        argv = sys.argv[1:]
    command = _command_in(argv)
    parser = build_parser([] if command is None else [command])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # argparse exits after --help, --version and usage errors
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return run_noting_incomplete(args.run, args, make_console(sys.stdout))
    except ModelError as error:
        count = len(error.problems)
        sys.stderr.write(f"bargaining: {count} problem{'s' if count > 1 else ''}:\n{error}\n")
        return EXIT_USAGE
    except BargainingError as error:
        sys.stderr.write(f"bargaining: error: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("bargaining: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (``bargaining show m.toml | head``): nothing left to say.
        return EXIT_OK
    except OSError as error:  # the system refused (a full disk, a permission): not a bug
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"bargaining: error: {where}{error.strerror or error}\n")
        return EXIT_USAGE
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
            traceback.print_exc()
        sys.stderr.write(
            f"bargaining: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in bargaining; please report it with the command and the model "
            f"file that caused it. Set {DEBUG_VARIABLE}=1 to see the traceback.\n"
        )
        return EXIT_FAILURE
