"""One place that says which solution concept a game is solved with.

Every kind of game registers its solution concepts here, once, with :func:`register_concept`:
normal-form games are solved for their Nash equilibria, game trees for their subgame-perfect
equilibria (the Nash equilibria of the reduced strategic form where a tree has imperfect
information, or on request). Everything that solves a game (:func:`equilibria`, the parametric
solver in :mod:`bargaining.analysis`, the command line, claims, sweeps and reports) asks this
registry, so they all use the same concept and say which one they used.

A later kind of game (a Bayesian game, say) is wired in by one call::

    register_concept(BayesianGame, SolutionConcept("bayes-nash", "Bayes-Nash equilibrium",
                     "Bayes-Nash equilibria", bayes_nash_equilibria), default=True)

The parametric solvers live in a later layer (:mod:`bargaining.analysis`); they attach
themselves to a registered concept with :func:`register_parametric`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from bargaining.display import ResultList
from bargaining.errors import GameError
from bargaining.games.bayesian import BayesianGame
from bargaining.games.extensive import ExtensiveGame
from bargaining.games.normal_form import NormalFormGame
from bargaining.solvers.bayes_nash import bayes_nash_equilibria
from bargaining.solvers.equilibrium import Equilibrium, EquilibriumList
from bargaining.solvers.mediator import mediator_equilibria
from bargaining.solvers.mediator_bounds import mediator_point_values
from bargaining.solvers.mediator_pieces import mediator_pieces
from bargaining.solvers.mediator_slopes import mediator_slopes
from bargaining.solvers.nash import nash_equilibria
from bargaining.solvers.perfect_bayesian import perfect_bayesian_equilibria
from bargaining.solvers.qre import qre_equilibria
from bargaining.solvers.reached_outcomes import with_reached_outcomes
from bargaining.solvers.subgame_perfect import subgame_perfect_equilibria

__all__ = [
    "DEFAULT",
    "SolutionConcept",
    "concept_names",
    "equilibria",
    "has_concept",
    "register_concept",
    "register_parametric",
    "registered_kinds",
    "solution_concept",
]

DEFAULT = "default"
"""The concept name that stands for the game kind's default concept."""


@dataclass(frozen=True)
class SolutionConcept:
    """A solution concept for one kind of game.

    Attributes
    ----------
    name:
        The name users ask for (``concept="nash"``, ``--concept nash``).
    title:
        The concept in outputs, singular: ``"Nash equilibrium"``.
    plural:
        The same in the plural: ``"Nash equilibria"``.
    solve:
        ``solve(game, at=values)`` -> the equilibria at a point (``at`` may be None for a game
        without parameters), as :class:`~bargaining.solvers.equilibrium.Equilibrium` objects.
    parametric:
        ``parametric(game, space)`` -> a :class:`~bargaining.analysis.ParametricSolution`, or
        None when the concept has no symbolic solver (points are then solved one by one).
    description:
        One sentence on how the equilibria are found, for help texts and reports.
    options:
        The names of the keyword options ``solve`` takes besides ``at`` (``("lam",)`` for the
        logit QRE's precision); :func:`equilibria` passes them through and refuses others.
        A concept whose results are not ``Equilibrium`` objects gives results with
        ``summary_row()`` and ``to_json()`` (see :mod:`bargaining.cli.concept_results`).
    profiles:
        Whether ``solve`` without options gives
        :class:`~bargaining.solvers.equilibrium.Equilibrium` objects (strategy profiles),
        which sweeps, sensitivity analyses and claims summarise; False for a concept whose
        results are of another kind (correlated equilibria: distributions over profiles).
    bounds:
        For a concept whose solutions form a set that sweeps summarise by its bounds rather
        than by listing profiles: ``bounds(game, points)`` -> the per-point fields of
        :class:`~bargaining.analysis.target.PointValues` (for correlated equilibria
        :func:`~bargaining.solvers.mediator_bounds.mediator_point_values`: the lowest and
        highest probability of each outcome a mediator can reach). None: summarise ``solve``.
    slopes:
        With ``bounds``: ``slopes(game, space, point)`` -> the derivatives of those bounds at
        an exact point, as rows of :class:`~bargaining.analysis.sensitivity.Derivative` fields,
        and the parameters along which the point is a tipping point.
    pieces:
        With ``bounds``: ``pieces(game, outcome, parameter, *, low, high, at, maximize)`` ->
        a bound as exact formulas along one lever, with its tipping points
        (:func:`~bargaining.solvers.mediator_pieces.mediator_pieces`).

    Examples
    --------
    >>> concept = solution_concept(NormalFormGame.from_arrays([[[1]], [[1]]]))
    >>> concept.name, concept.title
    ('nash', 'Nash equilibrium')
    """

    name: str
    title: str
    plural: str
    solve: Callable[..., Sequence[Equilibrium]]
    parametric: Callable[..., object] | None = None
    description: str = ""
    options: tuple[str, ...] = ()
    profiles: bool = True
    bounds: Callable[..., Mapping[str, object]] | None = None
    slopes: Callable[..., tuple[list[dict], tuple[str, ...]]] | None = None
    pieces: Callable[..., object] | None = None

    def count_text(self, count: int) -> str:
        """``"1 Nash equilibrium"``, ``"3 Nash equilibria"``.

        >>> solution_concept(NormalFormGame.from_arrays([[[1]], [[1]]])).count_text(2)
        '2 Nash equilibria'
        """
        return f"{count} {self.title if count == 1 else self.plural}"


@dataclass(frozen=True)
class _Kind:
    concepts: Mapping[str, SolutionConcept]
    default: str | Callable[[object], str]


# Game class -> its concepts. A registry is shared state by nature: it is written only by
# register_concept/register_parametric, at import time of the modules that define concepts.
_KINDS: dict[type, _Kind] = {}


def register_concept(
    kind: type,
    concept: SolutionConcept,
    *,
    default: bool | Callable[[object], str] = False,
) -> None:
    """Register a solution concept for games of class ``kind`` (and its subclasses).

    Parameters
    ----------
    kind:
        The game class.
    concept:
        The concept; its ``name`` must be new for this kind.
    default:
        True: this concept is the kind's default. A function ``game -> concept name`` makes
        the default depend on the game (a tree with imperfect information has no backward
        induction). The first concept registered for a kind is its default until another
        claims it.

    Raises
    ------
    ValueError
        When the kind already has a concept of that name.

    Examples
    --------
    >>> class Toy(NormalFormGame):
    ...     pass
    >>> register_concept(Toy, SolutionConcept("pure", "pure equilibrium", "pure equilibria",
    ...                                       lambda game, at=None: []), default=True)
    >>> concept_names(Toy)
    ('pure',)
    """
    known = _KINDS.get(kind)
    concepts = dict(known.concepts) if known is not None else {}
    if concept.name in concepts or concept.name == DEFAULT:
        raise ValueError(f"{kind.__name__} already has a concept named {concept.name!r}")
    concepts[concept.name] = concept
    if default is True:
        chosen: str | Callable[[object], str] = concept.name
    elif default is False:
        chosen = known.default if known is not None else concept.name
    else:
        chosen = default
    _KINDS[kind] = _Kind(MappingProxyType(concepts), chosen)


def register_parametric(kind: type, name: str, parametric: Callable[..., object]) -> None:
    """Attach the symbolic solver ``parametric(game, space)`` to a registered concept.

    The parametric solvers build on :mod:`bargaining.analysis`, a later layer than the
    solvers, so they are attached there rather than passed to :func:`register_concept`.

    Raises
    ------
    GameError
        When ``kind`` has no concept ``name``.
    """
    known = _KINDS.get(kind)
    if known is None or name not in known.concepts:
        raise GameError(f"{kind.__name__} has no concept {name!r} to attach a solver to")
    concepts = dict(known.concepts)
    concepts[name] = replace(concepts[name], parametric=parametric)
    _KINDS[kind] = _Kind(MappingProxyType(concepts), known.default)


def registered_kinds() -> tuple[type, ...]:
    """The game classes with registered concepts.

    >>> NormalFormGame in registered_kinds() and ExtensiveGame in registered_kinds()
    True
    """
    return tuple(_KINDS)


def _kind_of(game: object) -> _Kind | None:
    # The most specific registered class wins: a subclass may register its own concepts.
    for cls in type(game).__mro__:
        if cls in _KINDS:
            return _KINDS[cls]
    return None


def has_concept(game: object) -> bool:
    """Whether games like ``game`` have a registered solution concept.

    >>> has_concept(NormalFormGame.from_arrays([[[1]], [[1]]])), has_concept("a string")
    (True, False)
    """
    return _kind_of(game) is not None


def concept_names(kind: type) -> tuple[str, ...]:
    """The concepts registered for a game class (its own or inherited), in order.

    >>> concept_names(ExtensiveGame)
    ('subgame-perfect', 'nash', 'pbe')
    """
    for cls in kind.__mro__:
        if cls in _KINDS:
            return tuple(_KINDS[cls].concepts)
    return ()


def solution_concept(game: object, concept: str = DEFAULT) -> SolutionConcept:
    """The concept a game is solved with: its kind's default, or the one named.

    Parameters
    ----------
    game:
        A game of a registered kind.
    concept:
        A concept name registered for the game's kind, or ``"default"``.

    Raises
    ------
    GameError
        For a game of an unregistered kind, or a concept its kind does not have; the message
        lists what is registered.

    Examples
    --------
    >>> from bargaining.games.extensive import decision, terminal
    >>> tree = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
    >>> solution_concept(tree).title, solution_concept(tree, "nash").name
    ('subgame-perfect equilibrium', 'nash')
    >>> try:  # doctest: +ELLIPSIS
    ...     solution_concept(tree, "qre")
    ... except GameError as error:
    ...     print(error)
    unknown concept 'qre' for ExtensiveGame; known: subgame-perfect, nash, pbe (default: ...)
    """
    kind = _kind_of(game)
    if kind is None:
        known = ", ".join(cls.__name__ for cls in _KINDS) or "none"
        raise GameError(
            f"no solution concept is registered for a {type(game).__name__}; "
            f"games with one: {known}"
        )
    name = concept
    if concept == DEFAULT:
        name = kind.default if isinstance(kind.default, str) else kind.default(game)
    if name not in kind.concepts:
        default = kind.default if isinstance(kind.default, str) else kind.default(game)
        raise GameError(
            f"unknown concept {concept!r} for {type(game).__name__}; known: "
            f"{', '.join(kind.concepts)} (default: {default})"
        )
    return kind.concepts[name]


def equilibria(
    game: object,
    *,
    at: Mapping[str, object] | None = None,
    concept: str = DEFAULT,
    options: Mapping[str, object] | None = None,
) -> list[Equilibrium]:
    """The equilibria of a game under its kind's default solution concept, or the one named.

    Normal-form games: every Nash equilibrium (see
    :func:`~bargaining.solvers.nash.nash_equilibria`). Game trees: every subgame-perfect
    equilibrium (Selten 1975, International Journal of Game Theory 4; backward induction,
    :func:`~bargaining.solvers.subgame_perfect.subgame_perfect_equilibria`) when the tree has
    perfect information, else the Nash equilibria of its reduced strategic form;
    ``concept="nash"`` asks for those on any tree. Bayesian games: every Bayes-Nash
    equilibrium (Harsanyi 1967-68, Management Science 14;
    :func:`~bargaining.solvers.bayes_nash.bayes_nash_equilibria`).

    Parameters
    ----------
    game:
        A game of a registered kind (:func:`registered_kinds`).
    at:
        Parameter values to substitute first.
    concept:
        ``"default"`` or a name from :func:`concept_names`.
    options:
        Options of the concept (its ``options``), such as ``{"lam": 2}`` for ``"qre"``.

    Raises
    ------
    GameError
        For an option the concept does not take.

    Examples
    --------
    >>> from bargaining.games.extensive import decision, terminal
    >>> threat = ExtensiveGame(decision("A", {
    ...     "give": terminal((0, 1)),
    ...     "keep": decision("B", {"punish": terminal((-1, -1)), "let go": terminal((1, 0))})}),
    ...     players=("A", "B"))
    >>> [eq.support("A") for eq in equilibria(threat)]
    [('keep',)]
    >>> sorted({eq.support("A") for eq in equilibria(threat, concept="nash")})
    [('give',), ('keep',)]
    """
    chosen = solution_concept(game, concept)
    unknown = sorted(set(options or {}) - set(chosen.options))
    if unknown:
        takes = ", ".join(chosen.options) or "none"
        raise GameError(
            f"concept {chosen.name!r} takes no option {', '.join(map(repr, unknown))} "
            f"(its options: {takes})"
        )
    found = chosen.solve(game, at=at, **(options or {}))
    if not chosen.profiles:  # correlated equilibria, QRE points: a table of their rows
        return ResultList(found)
    # A list that displays as a table, keeping what the solver said about completeness.
    complete, note = getattr(found, "complete", True), getattr(found, "note", "")
    return EquilibriumList(found, complete=complete, note=note)


def _tree_nash(tree: ExtensiveGame, *, at: Mapping[str, object] | None = None) -> list:
    game = tree.at(at) if at else tree
    form = game.to_normal_form()
    found = nash_equilibria(form)
    # Chance moves that mix outcomes leave the form without outcome names: read them off the tree.
    return found if form.outcomes is not None else with_reached_outcomes(game, found)


register_concept(
    NormalFormGame,
    SolutionConcept(
        "nash",
        "Nash equilibrium",
        "Nash equilibria",
        nash_equilibria,
        description="every Nash equilibrium (every extreme one where the game is degenerate; "
        "the pure ones for more than two players)",
    ),
    default=True,
)
register_concept(
    NormalFormGame,
    SolutionConcept(
        "correlated",
        "correlated equilibrium",
        "correlated equilibria",
        mediator_equilibria,
        description="the correlated equilibria (Aumann 1987) with the highest welfare and "
        "with the highest and lowest probability of each outcome: what a mediator can reach",
        profiles=False,
        bounds=mediator_point_values,
        slopes=mediator_slopes,
        pieces=mediator_pieces,
    ),
)
register_concept(
    NormalFormGame,
    SolutionConcept(
        "qre",
        "logit quantal response equilibrium",
        "logit quantal response equilibria",
        qre_equilibria,
        description="the logit QRE at precision lam (McKelvey & Palfrey 1995); without lam, "
        "the Nash equilibrium the principal branch converges to",
        options=("lam",),
    ),
)
register_concept(
    ExtensiveGame,
    SolutionConcept(
        "subgame-perfect",
        "subgame-perfect equilibrium",
        "subgame-perfect equilibria",
        subgame_perfect_equilibria,
        description="every pure subgame-perfect equilibrium, by backward induction (trees "
        "with perfect information)",
    ),
    # Backward induction needs perfect information; other trees default to Nash.
    default=lambda tree: "subgame-perfect" if tree.is_perfect_information else "nash",
)
register_concept(
    ExtensiveGame,
    SolutionConcept(
        "nash",
        "Nash equilibrium of the reduced strategic form",
        "Nash equilibria of the reduced strategic form",
        _tree_nash,
        description="every Nash equilibrium of the tree's reduced strategic form",
    ),
)
register_concept(
    ExtensiveGame,
    SolutionConcept(
        "pbe",
        "perfect Bayesian equilibrium",
        "perfect Bayesian equilibria",
        perfect_bayesian_equilibria,
        description="every pure perfect Bayesian equilibrium with its beliefs (and, in a "
        "two-type signalling game, the semi-separating ones the indifference conditions fix)",
    ),
)
register_concept(
    BayesianGame,
    SolutionConcept(
        "bayes-nash",
        "Bayes-Nash equilibrium",
        "Bayes-Nash equilibria",
        bayes_nash_equilibria,
        description="every Bayes-Nash equilibrium (every extreme one where the game is "
        "degenerate), from the Nash equilibria of the ex-ante form with plans as strategies",
    ),
    default=True,
)
