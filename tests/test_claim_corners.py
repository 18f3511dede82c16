"""The corners of the range box a claim's search tries: one seeded sample per box, whichever
path (the model's box, or the box ``given`` narrows) asks for it."""

from __future__ import annotations

import pytest

from bargaining.model import loads_model
from bargaining.testing import claim
from bargaining.testing.claim_search import CORNER_LIMIT, MAX_CORNERS, corner_points

NAMES = "abcdefg"  # more than CORNER_LIMIT parameters: the corners are a seeded sample
assert len(NAMES) > CORNER_LIMIT

MODEL = loads_model(
    "[model]\nname = 'many'\n[players.A]\n[players.B]\n"
    + "".join(f"[parameters.{name}]\nrange = [0, 1]\nbaseline = 0.5\n" for name in NAMES)
    + """
[outcomes.deal]
payoffs = { A = "a", B = 1 }
[outcomes.none]
payoffs = { A = 0, B = 0 }
[games.g]
type = "normal"
strategies = { A = ["deal", "walk"], B = ["ok"] }
outcomes = [["deal"], ["none"]]
"""
)


def _key(point: dict) -> tuple:
    return tuple(sorted(point.items()))


# "a + b <= 2" holds everywhere and names two parameters, so it narrows no range: its box is
# the model's, as with no given.
@pytest.mark.parametrize("given", [None, "a + b <= 2"])
@pytest.mark.parametrize("seed", [0, 5])
def test_a_claim_without_a_narrowing_given_tries_one_sample_of_corners(given, seed):
    points = []

    @claim(MODEL, given=given, examples=0, seed=seed)
    def holds(equilibria, point):
        points.append(dict(point))
        return True

    assert holds.check().passed
    # Every parameter's baseline is 1/2, so the points at range ends only are the corners.
    corners = {_key(p) for p in points if all(value in (0, 1) for value in p.values())}
    assert corners == {_key(p) for p in corner_points(MODEL.parameters, seed=seed)}
    assert len(corners) <= MAX_CORNERS
