"""Limits on what a model file may ask for, so hostile or broken files are refused quickly.

Each limit is checked before the work it bounds: the file size before the file is read, the
strategy counts and the number of cells before a payoff table is looked at. Expressions have
their own limits in :mod:`bargaining.expr`.
"""

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "MAX_NAME_LENGTH",
    "MAX_NESTING",
    "MAX_PLAYERS",
    "MAX_STRATEGIES",
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
