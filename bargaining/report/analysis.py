"""Everything a report says, computed once: each game solved in symbols, its equilibria at the
baseline, the tipping points along each lever, and the checks of the model's claims.

Games are analysed through their (reduced) normal form: tree games by
:meth:`~bargaining.games.ExtensiveGame.to_normal_form`. Games of other types are listed as
not analysed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bargaining.analysis import ParametricSolution, Threshold, parametric_equilibria
from bargaining.analysis.monte_carlo import MonteCarlo, monte_carlo
from bargaining.analysis.tornado import Tornado, tornado
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.model import Model
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.testing.claims import ClaimResult, check_model

__all__ = ["GameAnalysis", "ModelAnalysis", "analyse_model", "lever_names", "normal_form_of"]


@dataclass(frozen=True)
class GameAnalysis:
    """One game of a model, solved.

    Attributes
    ----------
    name:
        The game's name in the model.
    game:
        The normal form that was solved.
    tree:
        The tree game whose reduced normal form ``game`` is, or None for normal-form games.
    solution:
        Every equilibrium as a function of the parameters.
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
    """The normal form a report analyses and the tree it comes from (None for a normal-form
    game), or None for games of other types.

    >>> from bargaining.model import load_model
    >>> normal_form_of(load_model("models/ceasefire_sequence.toml").game())[0].shape
    (3, 3)
    """
    if isinstance(game, NormalFormGame):
        return game, None
    if isinstance(game, ExtensiveGame):
        return game.to_normal_form(), game
    return None


def _sensitivity(
    solution: ParametricSolution, game: NormalFormGame, draws: int, seed: int
) -> tuple[tuple[Tornado, ...], MonteCarlo | None]:
    """Tornadoes of the outcomes some parameter moves, and the Monte Carlo draws."""
    if game.outcomes is None or not game.parameters:
        return (), None
    outcomes = dict.fromkeys(str(name) for name in game.outcomes.flat)
    charts = tuple(tornado(solution, outcome) for outcome in outcomes)
    moving = tuple(chart for chart in charts if any(bar.swing > 0 for bar in chart.bars))
    return moving, monte_carlo(solution, draws, seed=seed)


def _analyse_game(
    model: Model,
    name: str,
    game: NormalFormGame,
    tree: ExtensiveGame | None,
    draws: int,
    seed: int,
) -> GameAnalysis:
    solution = parametric_equilibria(game, model.parameters)
    used = {symbol.name for symbol in game.parameters}
    levers = tuple(lever for lever in lever_names(model) if lever in used)
    thresholds = {lever: tuple(solution.thresholds(lever)) for lever in levers}
    tornadoes, draws_result = _sensitivity(solution, game, draws, seed)
    return GameAnalysis(
        name=name,
        game=game,
        tree=tree,
        solution=solution,
        baseline=tuple(solution.at()),
        levers=levers,
        thresholds=MappingProxyType(thresholds),
        tornadoes=tornadoes,
        monte_carlo=draws_result,
    )


def analyse_model(
    model: Model, *, claim_examples: int = 25, seed: int = 0, draws: int = 2000
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
        normal = normal_form_of(game)
        if normal is None:
            skipped[name] = type(game).__name__
            continue
        games.append(_analyse_game(model, name, *normal, draws=draws, seed=seed))
    claims = tuple(check_model(model, examples=claim_examples, seed=seed))
    return ModelAnalysis(
        model=model,
        games=tuple(games),
        skipped=MappingProxyType(skipped),
        claims=claims,
        claim_examples=claim_examples,
        seed=seed,
        draws=draws,
    )
