"""Everything a report says, computed once: each game solved in symbols, its equilibria at the
baseline, the tipping points along each lever, and the checks of the model's claims.

Each game is solved under its kind's solution concept, or the one asked for, chosen in one
place (:mod:`bargaining.solvers.concepts`): normal-form games for their Nash equilibria, game
trees for their subgame-perfect equilibria. The equilibria, tipping points and claims are
therefore those ``bargaining solve``, ``bargaining thresholds`` and ``bargaining check`` give.
A tree's payoff table is its reduced normal form. Games without a solution concept (solved by
formula) are listed as not analysed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from bargaining.analysis import ParametricSolution, Threshold
from bargaining.analysis.monte_carlo import MonteCarlo, monte_carlo
from bargaining.analysis.symbolic_fallback import parametric_or_pointwise
from bargaining.analysis.tornado import Tornado, tornadoes
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.model import Model
from bargaining.solvers.concepts import DEFAULT, SolutionConcept, has_concept, solution_concept
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.subgame_perfect import tree_outcomes
from bargaining.testing.claims import ClaimResult, check_model

POINT_BY_POINT_DRAWS = 200
"""Most Monte Carlo draws of a game whose solution is not complete (solved point by point)."""

__all__ = ["GameAnalysis", "ModelAnalysis", "analyse_model", "lever_names", "normal_form_of"]


@dataclass(frozen=True)
class GameAnalysis:
    """One game of a model, solved.

    Attributes
    ----------
    name:
        The game's name in the model.
    game:
        The game's strategic form: the game, or a tree's reduced normal form (its payoff
        table, and the strategies the equilibria are written in).
    tree:
        The tree game whose reduced normal form ``game`` is, or None for normal-form games.
    solution:
        Every equilibrium (of ``concept``) as a function of the parameters.
    baseline:
        The equilibria at the baseline.
    levers:
        The parameters the game depends on whose tipping points the report shows.
    thresholds:
        Lever name -> its tipping points, the other parameters at their baselines.
    tornadoes:
        For each outcome some parameter moves, its tornado (highest probability over the
        equilibria, each parameter alone over its whole range).
    monte_carlo:
        Outcome probabilities over draws from the parameters' distributions; None for games
        without named outcomes or without parameters.
    concept:
        The solution concept the game was solved with (the same for the equilibria, the
        tipping points and the claims).
    """

    name: str
    game: NormalFormGame
    tree: ExtensiveGame | None
    solution: ParametricSolution
    baseline: tuple[Equilibrium, ...]
    levers: tuple[str, ...]
    thresholds: Mapping[str, tuple[Threshold, ...]]
    tornadoes: tuple[Tornado, ...] = ()
    monte_carlo: MonteCarlo | None = None
    concept: SolutionConcept | None = None

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The game's named outcomes, first seen first (empty for a game of payoffs only).

        A tree's come from its own terminals: where chance mixes outcomes its reduced
        strategic form names none, but its equilibria still give each outcome's probability
        (:mod:`~bargaining.solvers.reached_outcomes`).

        >>> from bargaining.model import load_model
        >>> analysis = analyse_model(load_model("models/ceasefire_sequence.toml"),
        ...                          claim_examples=0, draws=10)
        >>> analysis.games[0].game.outcomes is None, analysis.games[0].outcomes[:2]
        (True, ('settlement', 'war_after_truce'))
        """
        if self.tree is not None:
            return tree_outcomes(self.tree)
        if self.game.outcomes is None:
            return ()
        return tuple(dict.fromkeys(str(name) for name in self.game.outcomes.flat))


@dataclass(frozen=True)
class ModelAnalysis:
    """A model and what the report says about it.

    Attributes
    ----------
    model:
        The model.
    games:
        The games that were analysed, in model order.
    skipped:
        Name -> type name of the games the report does not analyse.
    claims:
        The result of checking each claim, in file order.
    claim_examples, seed:
        The claim search's size and the seed of the search and of the Monte Carlo draws.
    draws:
        The number of Monte Carlo draws.
    """

    model: Model
    games: tuple[GameAnalysis, ...]
    skipped: Mapping[str, str]
    claims: tuple[ClaimResult, ...]
    claim_examples: int
    seed: int
    draws: int


def lever_names(model: Model) -> tuple[str, ...]:
    """The parameters tagged ``leverage``, or every parameter when none is tagged.

    >>> from bargaining.model import load_model
    >>> lever_names(load_model("models/ceasefire.toml"))
    ('L', 'W', 'G', 'g', 'P')
    """
    space = model.parameters
    return tuple(parameter.name for parameter in (space.tagged("leverage") or space.parameters))


def normal_form_of(game: object) -> tuple[NormalFormGame, ExtensiveGame | None] | None:
    """The strategic form a report shows for a game and the tree it comes from (None for a
    normal-form game), or None for games without a solution concept (solved by formula),
    which a report does not analyse.

    >>> from bargaining.model import load_model
    >>> normal_form_of(load_model("models/ceasefire_sequence.toml").game())[0].shape
    (3, 3)
    """
    if not has_concept(game):
        return None
    # A tree shows its reduced normal form; a game that is its own table shows itself.
    reduce = getattr(game, "to_normal_form", None)
    return (reduce(), game) if reduce is not None else (game, None)


def _sensitivity(
    analysis: GameAnalysis, draws: int, seed: int
) -> tuple[tuple[Tornado, ...], MonteCarlo | None]:
    """Tornadoes of the outcomes some parameter moves, and the Monte Carlo draws."""
    solution, outcomes = analysis.solution, analysis.outcomes
    if not outcomes or not analysis.game.parameters:
        return (), None
    if not solution.complete:  # solved point by point, a second or so each: fewer draws
        draws = min(draws, POINT_BY_POINT_DRAWS)
    charts = tornadoes(solution, list(outcomes))  # each point solved once for all outcomes
    moving = tuple(chart for chart in charts if any(bar.swing > 0 for bar in chart.bars))
    return moving, monte_carlo(solution, draws, seed=seed)


def _analyse_game(model: Model, name: str, concept: str, draws: int, seed: int) -> GameAnalysis:
    original = model.game(name)
    game, tree = normal_form_of(original)
    chosen = solution_concept(original, concept)
    solution = parametric_or_pointwise(original, model.parameters, concept=chosen.name)
    used = {symbol.name for symbol in game.parameters}
    levers = tuple(lever for lever in lever_names(model) if lever in used)
    thresholds = {lever: tuple(solution.thresholds(lever)) for lever in levers}
    analysis = GameAnalysis(
        name=name,
        game=game,
        tree=tree,
        solution=solution,
        baseline=tuple(solution.at()),
        levers=levers,
        thresholds=MappingProxyType(thresholds),
        concept=chosen,
    )
    charts, draws_result = _sensitivity(analysis, draws, seed)
    return replace(analysis, tornadoes=charts, monte_carlo=draws_result)


def analyse_model(
    model: Model,
    *,
    claim_examples: int = 25,
    seed: int = 0,
    draws: int = 2000,
    concept: str = DEFAULT,
    progress: Callable[[str], None] | None = None,
) -> ModelAnalysis:
    """Solve every game of ``model`` and check its claims.

    Parameters
    ----------
    model:
        The model.
    claim_examples:
        Points the hypothesis search draws per claim, after the fixed points (baseline, range
        ends, both sides of each tipping point); see :func:`bargaining.testing.check_claim`.
    seed:
        Seeds the claim search and the Monte Carlo draws.
    draws:
        Monte Carlo draws from the parameters' distributions.
    concept:
        The solution concept of every game and claim: ``"default"`` (each game kind's own)
        or a name registered for the games' kinds
        (:func:`~bargaining.solvers.concepts.concept_names`).
    progress:
        Called with a short description as each game's analysis and the claim checks start.

    Examples
    --------
    >>> from bargaining.model import load_model
    >>> analysis = analyse_model(load_model("models/chicken.toml"), claim_examples=5)
    >>> [str(t.value) for t in analysis.games[0].thresholds["c"]]
    []
    >>> [result.passed for result in analysis.claims]
    [True, True, True, True]
    """
    games, skipped = [], {}
    for name, game in model.games.items():
        if not has_concept(game):
            skipped[name] = type(game).__name__
            continue
        if progress is not None:
            progress(f"solving game {name}")
        games.append(_analyse_game(model, name, concept, draws=draws, seed=seed))
    if progress is not None and model.claims:
        progress(f"checking {len(model.claims)} claim{'s' if len(model.claims) > 1 else ''}")
    claims = tuple(check_model(model, examples=claim_examples, seed=seed, concept=concept))
    return ModelAnalysis(
        model=model,
        games=tuple(games),
        skipped=MappingProxyType(skipped),
        claims=claims,
        claim_examples=claim_examples,
        seed=seed,
        draws=draws,
    )
