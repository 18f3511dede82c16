"""Limits on what a model file may ask for, so hostile or broken files are refused quickly.

Each limit is checked before the work it bounds: the file size before the file is read, the
strategy counts and the number of cells before a payoff table is looked at, the number of
parameters before any is read (:func:`check_parameter_count`; that limit can be raised, see
:data:`bargaining.limits.PARAMETERS`). Expressions have their own limits in
:mod:`bargaining.expr`.
"""

from bargaining.limits import PARAMETERS, LimitError
from bargaining.model.errors import ModelError, Problem

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_NESTING",
    "MAX_PLAYERS",
    "MAX_STRATEGIES",
    "check_parameter_count",
]

#: Largest model file, in bytes (checked before reading it).
MAX_FILE_BYTES = 1_000_000
#: Deepest nesting of tables and arrays in a model file (a 10-player payoff table needs 14).
MAX_NESTING = 16
#: Most players in one game.
MAX_PLAYERS = 10
#: Most strategies of one player in one game.
MAX_STRATEGIES = 100
#: Most cells (strategy profiles) in one game table.
MAX_CELLS = 10_000
#: Longest name of a player, outcome, game, strategy or claim.
MAX_NAME_LENGTH = 100


def check_parameter_count(data: dict, path: str) -> None:
    """Refuse a parsed model file declaring more parameters than
    :data:`bargaining.limits.PARAMETERS` allows, before any is read.

    >>> check_parameter_count({"parameters": {f"p{i}": {} for i in range(2000)}}, "big.toml")
    Traceback (most recent call last):
    ...
    bargaining.model.errors.ModelError: big.toml: parameters: 2,000 parameters is more than ...
    """
    declared = data.get("parameters")
    if not isinstance(declared, dict):
        return  # the loader reports what is wrong with the section
    try:
        PARAMETERS.check(len(declared), "")
    except LimitError as error:
        raise ModelError([Problem(path, "parameters", str(error))]) from None
