"""Checking claims: search a model's parameter space for a point where a claim fails.

A claim (a ``[[claims]]`` entry of a model file, or a Python function decorated with
:func:`claim`) says what holds in the equilibria of a game wherever a condition on the
parameters (``given``) holds. :func:`check_claim` tries, in order:

1. the baseline;
2. each parameter alone at either end of its range, and the corners of the range box (all of
   them for up to 6 parameters, else a seeded sample of 64);
3. both sides of every tipping point of the leverage-tagged parameters (every parameter when
   none is tagged), found exactly by :func:`~bargaining.analysis.parametric_equilibria`;
4. a hypothesis search over :func:`~bargaining.testing.strategies.parameter_values`.

At each point where ``given`` holds, the game is solved exactly and the expectation evaluated:
``in = "all"`` needs it in every equilibrium, ``"some"`` in at least one; ``count()`` is the
number of equilibria. The equilibria are those of the game kind's solution concept, or of the
one named with ``concept=`` (:func:`~bargaining.solvers.concepts.equilibria`), the same that
``bargaining solve`` prints. A normal-form game's equilibria are its Nash equilibria
(:func:`~bargaining.solvers.nash.nash_equilibria`). A game tree with perfect information is
solved by backward induction: its equilibria are its subgame-perfect equilibria, each as the
equilibrium of the reduced strategic form it induces
(:func:`~bargaining.solvers.subgame_perfect.subgame_perfect_equilibria`), so ``plays('Russia',
'condition')`` names a reduced strategy (``bargaining show`` lists them) and ``prob('war')``
sums the paths of the tree ending in that outcome; the tipping points of step 3 come from
:func:`~bargaining.analysis.parametric_subgame_perfect`. A tree with imperfect information is
solved through its reduced strategic form (Nash equilibria).

The first failing point is then shrunk (hypothesis' shrinker, then a greedy pass moving each
parameter back to its baseline, a range end or the simplest fraction that still fails), so the
counterexample differs from the baseline only where it has to. Everything is deterministic
given ``seed``.

>>> from bargaining.model import load_model
>>> model = load_model("models/chicken.toml")
>>> result = check_claim(model, model.claims[0])
>>> result.passed, result.counterexample
(True, None)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from bargaining.errors import BargainingError
from bargaining.model import Claim, Model, load_model
from bargaining.solvers.concepts import DEFAULT
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.testing.claim_language import (
    ClaimCheck,
    ClaimResult,
    Point,
    claim_check,
    equilibrium_text,
    point_symbols,
    point_text,
    truth,
)
from bargaining.testing.claim_search import search_claim
from bargaining.testing.solved_points import SolvedPoints, equilibria_at

__all__ = [
    "ClaimResult",
    "CodeClaim",
    "SolvedPoints",
    "check_claim",
    "check_model",
    "claim",
    "equilibria_at",
    "equilibrium_text",
    "point_text",
]


def _model(model: Model | str | Path) -> Model:
    return model if isinstance(model, Model) else load_model(model)


def check_claim(
    model: Model | str | Path,
    claim: Claim | str,
    *,
    examples: int = 200,
    seed: int = 0,
    concept: str = DEFAULT,
    solved: SolvedPoints | None = None,
) -> ClaimResult:
    """Search for a point where a claim of a model fails.

    Parameters
    ----------
    model:
        A :class:`~bargaining.model.Model` or the path of a model file.
    claim:
        One of ``model.claims``, or its name.
    examples:
        How many points the hypothesis search draws, after the fixed points (baseline,
        range ends and corners, both sides of each tipping point).
    seed:
        Seeds the search (and the corner sample of large models): same seed, same result.
    concept:
        The solution concept: ``"default"`` (the game kind's own) or a name registered for
        the claim's game's kind (:func:`~bargaining.solvers.concepts.concept_names`).
    solved:
        The points solved so far in this run over ``model``, shared with its other claims
        (:func:`check_model` does this); None: this claim's points are solved afresh. The
        result is the same either way.

    Returns
    -------
    ClaimResult
        Passed, or failed with a shrunk counterexample and the equilibria there.

    Examples
    --------
    >>> from bargaining.model import loads_model
    >>> model = loads_model('''
    ... [model]
    ... name = "x"
    ... [players.A]
    ... [players.B]
    ... [parameters.t]
    ... range = [0, 10]
    ... baseline = 3
    ... [outcomes.deal]
    ... payoffs = { A = "t", B = 1 }
    ... [outcomes.none]
    ... payoffs = { A = 2, B = 0 }
    ... [games.g]
    ... type = "normal"
    ... strategies = { A = ["deal", "walk"], B = ["ok"] }
    ... outcomes = [["deal"], ["none"]]
    ... [[claims]]
    ... name = "always a deal"
    ... expect = "prob('deal') == 1"
    ... ''')
    >>> result = check_claim(model, "always a deal")
    >>> result.passed, result.counterexample
    (False, {'t': 0})
    >>> print(result.explain())
    claim 'always a deal' (game 'g') fails at t=0
    equilibria there (1):
      A={walk: 1}; B={ok: 1}; payoffs 2, 0; outcomes none 1
    """
    model = _model(model)
    if isinstance(claim, str):
        found = [c for c in model.claims if c.name == claim]
        if not found:
            known = ", ".join(repr(c.name) for c in model.claims) or "none"
            raise BargainingError(f"unknown claim {claim!r}; the model's claims are: {known}")
        claim = found[0]
    check = claim_check(claim, model.parameters, model.game(claim.game))
    return search_claim(model, check, examples=examples, seed=seed, concept=concept, solved=solved)


def check_model(
    model: Model | str | Path, *, examples: int = 200, seed: int = 0, concept: str = DEFAULT
) -> list[ClaimResult]:
    """Check every claim of a model (see :func:`check_claim`), in file order, solving each
    point the claims visit once (:class:`SolvedPoints`).

    >>> [r.passed for r in check_model("models/prisoners_dilemma.toml", examples=20)]
    [True, True]
    """
    model = _model(model)
    solved = SolvedPoints(model)
    return [
        check_claim(model, c, examples=examples, seed=seed, concept=concept, solved=solved)
        for c in model.claims
    ]


# -- claims written in Python ----------------------------------------------------------------------


class CodeClaim:
    """A claim written as a Python function, made by :func:`claim`.

    Calling it with no arguments checks it and raises :class:`AssertionError` with the
    counterexample when it fails, so a decorated ``test_...`` function is a pytest test.
    """

    def __init__(
        self,
        function: Callable[[list[Equilibrium], Point], bool],
        model: Model | str | Path,
        game: str | None,
        given: Callable[[Point], bool] | str | None,
        examples: int,
        seed: int,
        concept: str = DEFAULT,
    ) -> None:
        self.function = function
        self.concept = concept
        self.model_source = model
        self.game = game
        self.given = given
        self.examples = examples
        self.seed = seed
        self.name = function.__name__
        functools.update_wrapper(self, function)

    @functools.cached_property
    def model(self) -> Model:
        return _model(self.model_source)

    def _given(self) -> Callable[[Point], bool]:
        given = self.given
        if given is None:
            return lambda point: True
        if callable(given):
            return lambda point: bool(given(point))
        from bargaining.expr import parse_expr

        space = self.model.parameters
        condition = parse_expr(given, space.symbols)
        self._condition = condition
        return lambda point: truth(
            condition.xreplace(point_symbols(point, space)), f"given of {self.name!r}"
        )

    def check(self, *, examples: int | None = None, seed: int | None = None) -> ClaimResult:
        """Check the claim (see :func:`check_claim`)."""
        game = self.game if self.game is not None else next(iter(self.model.games))
        self._condition = None
        given = self._given()
        check = ClaimCheck(
            self.name,
            game,
            given,
            lambda eqs, point: bool(self.function(eqs, point)),
            self._condition,
        )
        return search_claim(
            self.model,
            check,
            examples=self.examples if examples is None else examples,
            seed=self.seed if seed is None else seed,
            concept=self.concept,
        )

    def __call__(self) -> None:
        result = self.check()
        if not result.passed:
            raise AssertionError(result.explain())


def claim(
    model: Model | str | Path,
    game: str | None = None,
    given: Callable[[Point], bool] | str | None = None,
    *,
    examples: int = 200,
    seed: int = 0,
    concept: str = DEFAULT,
) -> Callable[[Callable[[list[Equilibrium], Point], bool]], CodeClaim]:
    """Decorate ``function(equilibria, point) -> bool`` to make it a claim about a model.

    The function receives the equilibria of ``game`` (default: the model's first game) at a
    point (name -> exact value), under the game kind's solution concept or ``concept``, and
    says whether the claim holds there. ``given`` is a
    condition string such as ``"L >= 0.8"`` or a function of the point; the claim is checked
    only where it holds. Call the result with no arguments to check it (raising
    :class:`AssertionError` with a shrunk counterexample), or use ``.check()`` for the
    :class:`ClaimResult`.

    >>> from fractions import Fraction
    >>> @claim("models/chicken.toml", given="c >= 10", examples=20)
    ... def test_the_crash_is_unlikely(equilibria, point):
    ...     return all(eq.probability("crash") <= Fraction(1, 100) for eq in equilibria)
    >>> test_the_crash_is_unlikely()
    >>> @claim("models/chicken.toml", examples=20)
    ... def test_no_crash(equilibria, point):
    ...     return all(eq.probability("crash") == 0 for eq in equilibria)
    >>> test_no_crash()
    Traceback (most recent call last):
    ...
    AssertionError: claim 'test_no_crash' (game 'crisis') fails at c=10
    ...
    """

    def decorate(function: Callable[[list[Equilibrium], Point], bool]) -> CodeClaim:
        return CodeClaim(function, model, game, given, examples, seed, concept)

    return decorate
