"""``python -m bargaining``: solve the bundled example games and print their equilibria.

A first look at the toolkit until the ``bargaining`` command-line interface lands.
"""

from __future__ import annotations

from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers.nash import nash_equilibria

EXAMPLES = {
    "Prisoner's dilemma": NormalFormGame.from_arrays(
        [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
        players=("Row", "Column"),
        strategies=(("cooperate", "defect"), ("cooperate", "defect")),
    ),
    "Chicken (brinkmanship)": NormalFormGame.from_arrays(
        [[[0, -1], [1, -10]], [[0, 1], [-1, -10]]],
        players=("Row", "Column"),
        strategies=(("swerve", "straight"), ("swerve", "straight")),
    ),
    "Battle of the sexes": NormalFormGame.from_arrays(
        [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
        players=("Row", "Column"),
        strategies=(("opera", "football"), ("opera", "football")),
    ),
}


def main() -> int:
    """Print every equilibrium of each example game."""
    for title, game in EXAMPLES.items():
        print(f"{title}:")
        for equilibrium in nash_equilibria(game):
            print(f"  {equilibrium}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
