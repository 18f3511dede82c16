"""Arrays of names in a game table (a game's ``players``, a Bayesian game's ``types`` and
``actions``): one reader, each problem at its key with its own message."""

from __future__ import annotations

import pytest

from bargaining.model.limits import MAX_STRATEGIES
from tests.test_bayesian_model import edited, problem_messages


def problems(old: str, new: str) -> dict[str, str]:
    return problem_messages(edited(old, new))


# Edits of the Bayesian game of test_bayesian_model, which has every kind of name array.
KIND = 'type = "bayesian"'
TYPES = 'types.Russia = ["settling", "stalling"]'
MANY = ", ".join(f'"t{i}"' for i in range(MAX_STRATEGIES + 1))


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (KIND, KIND + "\nplayers = []", "games.g.players",
         "expected a non-empty array of player names, got an array"),
        (KIND, KIND + '\nplayers = ["Russia", 3]', "games.g.players[1]",
         "expected a player name, got an integer (3)"),
        (KIND, KIND + '\nplayers = ["Russia", "Ukrain"]', "games.g.players[1]",
         "unknown player 'Ukrain' (did you mean 'Ukraine'?); declare it as [players.Ukrain] or "
         "use one of: Russia, Ukraine"),
        (KIND, KIND + '\nplayers = ["Russia", "Russia"]', "games.g.players[1]",
         "player 'Russia' is listed twice"),
        (TYPES, "types.Russia = []", "games.g.types.Russia",
         "expected a non-empty array of type names, got an array"),
        (TYPES, f"types.Russia = [{MANY}]", "games.g.types.Russia",
         f"{MAX_STRATEGIES + 1} types; at most {MAX_STRATEGIES} per player"),
        (TYPES, 'types.Russia = ["settling", 1]', "games.g.types.Russia[1]",
         "expected a type name, got an integer (1)"),
        (TYPES, 'types.Russia = ["settling", "settling"]', "games.g.types.Russia[1]",
         "type 'settling' is listed twice"),
        ('actions.Ukraine = ["accept", "refuse"]', 'actions.Ukraine = ["accept", "accept"]',
         "games.g.actions.Ukraine[1]", "action 'accept' is listed twice"),
    ],
)  # fmt: skip
def test_each_problem_of_a_name_array_is_reported_at_its_key(old, new, key, message):
    assert problems(old, new)[key] == message


def test_a_type_name_must_be_a_usable_name():
    found = problems(TYPES, 'types.Russia = ["settling", " stalling"]')
    assert found["games.g.types.Russia[1]"] == (
        "type name ' stalling' has leading/trailing spaces or unprintable characters"
    )
