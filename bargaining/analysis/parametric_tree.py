"""Subgame-perfect equilibria of game trees in symbols: backward induction that splits on the
parameters.

Where payoffs or chance probabilities are expressions in parameters, which action a mover
prefers can depend on them. :func:`parametric_subgame_perfect` carries that dependence up the
tree: at each decision node, for each combination of the solutions below, every action becomes
a candidate, with the conditions ``v_a - v_b >= 0`` (against every other action ``b``) under
which it is a best reply. A candidate whose conditions hold nowhere inside the parameter box
is dropped on the way, as soon as that is proved: a condition false on the whole box, two
opposite conditions ``g >= 0`` and ``-g >= 0``, one parameter's conditions leaving no interval,
or affine conditions with no common point (a linear program's Farkas certificate, checked in
rational arithmetic). Children are combined one at a time, so combinations that hold nowhere
are dropped before they multiply. The candidates that remain at the root are the *pieces* of a
:class:`~bargaining.analysis.ParametricSolution`, so thresholds, regions and vectorised
evaluation work on trees as they do on normal-form games.

Each piece is a pure subgame-perfect equilibrium: an action at every decision node, the
reduced strategy it induces for every player (so the strategies are those of
``tree.to_normal_form()``), the expected payoffs and the probability of every named outcome,
as expressions. The conditions are closed (``>=``): where a mover is indifferent, the pieces
of both actions hold, so a point on a boundary gets every subgame-perfect equilibrium, as
:func:`~bargaining.solvers.subgame_perfect.subgame_perfect` gives at that point. Where a mover
ties with an action that is never strictly better (``L W >= 0`` is no condition on a box of
nonnegative parameters, but at ``L W = 0`` the mover is indifferent), the solution records a
tie surface (:class:`~bargaining.solvers.parametric.TieSurface`): points on one are solved
directly.

Trees whose reduced strategic form is too large to enumerate (``GameError`` from
``tree.strategy_labels``) cannot be solved this way: the pieces carry reduced strategies.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from bargaining.analysis.box import default_space, one_parameter_interval, parameter_box
from bargaining.analysis.feasibility import Feasibility
from bargaining.analysis.solution import ParametricSolution
from bargaining.budget import Budget
from bargaining.errors import GameError, ParameterError
from bargaining.games.extensive import ChanceNode, ExtensiveGame, TerminalNode
from bargaining.numbers import to_sympy
from bargaining.params import ParameterSpace
from bargaining.solvers.parametric import ParametricEquilibrium, TieSurface
from bargaining.solvers.subgame_perfect import SubgamePerfectEquilibrium, tree_outcomes

__all__ = ["MAX_PIECES", "SubgamePerfectPiece", "parametric_subgame_perfect"]

MAX_PIECES = 20_000
"""Default cap on the candidate equilibria kept below any node of the tree."""


@dataclass(frozen=True)
class SubgamePerfectPiece(ParametricEquilibrium):
    """A pure subgame-perfect equilibrium as functions of the parameters, with the conditions
    under which it holds.

    Besides the fields of :class:`~bargaining.solvers.parametric.ParametricEquilibrium`
    (strategies over the reduced strategic form, payoffs, conditions ``g >= 0``, outcome
    probabilities):

    Attributes
    ----------
    actions:
        For every node of ``tree.nodes`` the index of the action chosen there (``None`` at
        chance and terminal nodes), as in
        :class:`~bargaining.solvers.subgame_perfect.SubgamePerfectEquilibrium`.
    choices:
        ``(node path, action label)`` at every decision node, depth first.
    """

    actions: tuple[int | None, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Candidate:
    """An equilibrium of the subtree below a node, before the root is reached."""

    values: tuple[sympy.Expr, ...]  # each player's expected payoff in the subtree
    conditions: tuple[sympy.Expr, ...]  # g >= 0, simplified over the box
    action: int | None  # chosen here (None at chance and terminal nodes)
    combo: tuple[int, ...]  # the candidate chosen below each child
    ties: tuple[sympy.Expr, ...] = ()  # dropped factors, >= 0 on the box, that can be zero


def parametric_subgame_perfect(
    tree: ExtensiveGame,
    space: ParameterSpace | None = None,
    *,
    max_pieces: int = MAX_PIECES,
    budget: Budget | None = None,
) -> ParametricSolution:
    """Every pure subgame-perfect equilibrium of a tree with symbolic payoffs or chance
    probabilities, with the conditions on the parameters under which each holds.

    Backward induction in symbols (see the module docstring). Ties are kept: where a mover is
    indifferent, every best action gives its own equilibria, as in
    :func:`~bargaining.solvers.subgame_perfect.subgame_perfect`.

    Parameters
    ----------
    tree:
        A perfect-information :class:`~bargaining.games.extensive.ExtensiveGame` (chance
        nodes allowed).
    space:
        The parameters' ranges and baselines; conditions are simplified over this box. When
        omitted each parameter is assumed to range over [0, 1].
    max_pieces:
        Refuse (GameError) when more candidate equilibria than this survive below a node.
    budget:
        The time the induction may take (see :mod:`bargaining.budget`); by default
        :meth:`~bargaining.budget.Budget.from_environment`. Exceeding it raises
        :class:`~bargaining.budget.BudgetExceeded`.

    Returns
    -------
    ParametricSolution
        Its ``game`` is the tree (in the space's symbols); each piece a
        :class:`SubgamePerfectPiece`. ``.at(values)`` gives the subgame-perfect equilibria at
        a point as equilibria of the reduced strategic form (as
        :func:`~bargaining.solvers.subgame_perfect.subgame_perfect_equilibria` does);
        ``.thresholds``, ``.regions`` and ``.evaluate`` work as for normal-form games.

    Raises
    ------
    GameError
        For imperfect information (solve ``tree.to_normal_form()`` with
        :func:`~bargaining.analysis.parametric_equilibria` instead), or too many pieces.
    ParameterError
        When the tree uses parameters the space does not have.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from bargaining import Parameter, ParameterSpace
    >>> from bargaining.games.extensive import decision, terminal
    >>> space = ParameterSpace([Parameter("c", 0, 1, Fraction(1, 4))])
    >>> c = space.symbols["c"]
    >>> entry = ExtensiveGame(decision("Entrant", {
    ...     "out": terminal((0, 2), "no entry"),
    ...     "in": decision("Incumbent", {"fight": terminal((-1, 1 - 2 * c), "war"),
    ...                                  "accommodate": terminal((1, c), "peace")})}),
    ...     players=("Entrant", "Incumbent"))
    >>> solution = parametric_subgame_perfect(entry, space)
    >>> for piece in solution.pieces:
    ...     print(dict(piece.choices), solution.describe_conditions(piece))
    {'root': 'out', 'root/in': 'fight'} ['c <= 1/3']
    {'root': 'in', 'root/in': 'accommodate'} ['c >= 1/3']
    >>> [str(t.value) for t in solution.thresholds("c")]
    ['1/3']
    >>> solution.at({"c": Fraction(1, 2)})[0].probability("peace")
    1
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(
            f"parametric_subgame_perfect needs an ExtensiveGame, got {type(tree).__name__}"
        )
    if not tree.is_perfect_information:
        members = next(m for m in tree.infosets if len(m) > 1)
        raise GameError(
            "parametric_subgame_perfect needs perfect information (backward induction); the "
            f"information set of nodes {', '.join(tree.paths[i] for i in members)} has several "
            "nodes. Solve the reduced strategic form instead: "
            "parametric_equilibria(tree.to_normal_form(), space)"
        )
    space = space if space is not None else default_space(tree)
    unknown = sorted({symbol.name for symbol in tree.parameters} - set(space.names))
    if unknown:
        raise ParameterError(
            f"the tree's payoffs or probabilities use parameters not in the space: "
            f"{', '.join(unknown)}"
        )
    symbols = space.symbols
    if tree.parameters:  # the space's symbols, with their assumptions
        tree = tree.at({symbol.name: symbols[symbol.name] for symbol in tree.parameters})
    box = parameter_box(space)
    feasibility = Feasibility(box)
    budget = budget if budget is not None else Budget.from_environment()
    entries = _induction(tree, feasibility, max_pieces, budget)
    # Denominators that can be zero on the box (sign 2: provably positive, never zero).
    singular = tuple(factor for factor in _denominators(tree) if feasibility.sign(factor) != 2)
    outcomes = tree_outcomes(tree)
    pieces, ties = [], dict(feasibility.surfaces)
    for k, root in enumerate(entries[0]):
        # Conditions in a single parameter read best solved: low <= p <= high.
        conditions = one_parameter_interval(list(root.conditions), box)
        if conditions is None:
            continue
        pieces.append(_piece(tree, entries, k, tuple(conditions), singular, outcomes))
        if root.ties:
            # Where the piece holds and a dropped factor is zero, a mover is indifferent
            # between its action and one never strictly better: further equilibria, which
            # ParametricSolution.at finds by solving the point directly.
            ties.setdefault(TieSurface((*conditions, *root.ties)), None)
    return ParametricSolution(
        game=tree,
        space=space,
        pieces=tuple(pieces),
        ties=tuple(ties),
        concept="subgame-perfect",
        labels=tuple(tree.strategy_labels(i) for i in range(tree.num_players)),
    )


def _induction(
    tree: ExtensiveGame, feasibility: Feasibility, max_pieces: int, budget: Budget
) -> list:
    """Per node, the candidate equilibria of its subtree (sorted as subgame_perfect sorts)."""
    n = len(tree.players)
    player_of = {name: i for i, name in enumerate(tree.players)}
    zero = (sympy.Integer(0),) * n
    entries: list[list[_Candidate]] = [[] for _ in tree.nodes]
    for index in reversed(range(len(tree.nodes))):
        node = tree.nodes[index]
        own = zero if node.payoffs is None else tuple(to_sympy(v) for v in node.payoffs)
        if isinstance(node, TerminalNode):
            entries[index] = [_Candidate(tuple(map(sympy.expand, own)), (), None, ())]
            continue
        lists = [entries[child] for child in tree.children[index]]
        result: list[_Candidate] = []
        is_chance = isinstance(node, ChanceNode)
        weights = [to_sympy(p) for p in node.probabilities] if is_chance else []
        mover = None if is_chance else player_of[node.player]
        budget.check("symbolic backward induction")
        where = tree.paths[index]
        for combo, inherited in _combinations(lists, feasibility, max_pieces, where, budget):
            below = [found[k] for found, k in zip(lists, combo, strict=True)]
            ties = [t for candidate in below for t in candidate.ties]
            if is_chance:
                conditions = inherited
                values = tuple(
                    sympy.expand(
                        own[i] + sum(w * c.values[i] for w, c in zip(weights, below, strict=True))
                    )
                    for i in range(n)
                )
                result.append(_Candidate(values, conditions, None, combo, _unique(ties)))
                continue
            for action, chosen in enumerate(below):
                found = _best_reply_conditions(below, action, mover, feasibility)
                if found is None:
                    continue
                conditions = feasibility.combine([*inherited, *found[0]])
                if conditions is None:
                    continue
                values = tuple(sympy.expand(own[i] + chosen.values[i]) for i in range(n))
                result.append(
                    _Candidate(values, conditions, action, combo, _unique([*ties, *found[1]]))
                )
        if len(result) > max_pieces:
            raise GameError(
                f"more than {max_pieces} candidate subgame-perfect equilibria below node "
                f"{tree.paths[index]}; raise max_pieces if you need them"
            )
        result.sort(key=lambda c: (-1 if c.action is None else c.action, c.combo))
        entries[index] = result
    return entries


def _combinations(
    lists: list[list[_Candidate]],
    feasibility: Feasibility,
    max_pieces: int,
    where: str,
    budget: Budget,
) -> list[tuple[tuple[int, ...], tuple[sympy.Expr, ...]]]:
    """The combinations of one candidate per child whose conditions can hold together, with
    those conditions; built one child at a time, so that combinations holding nowhere are
    dropped before they multiply."""
    partial: list[tuple[tuple[int, ...], tuple[sympy.Expr, ...]]] = [((), ())]
    for found in lists:
        extended = []
        for combo, conditions in partial:
            budget.check("symbolic backward induction")
            for k, candidate in enumerate(found):
                merged = (
                    feasibility.combine([*conditions, *candidate.conditions])
                    if conditions and candidate.conditions
                    else conditions or candidate.conditions
                )
                if merged is not None:
                    extended.append(((*combo, k), merged))
        if len(extended) > max_pieces:
            raise GameError(
                f"more than {max_pieces} combinations of subgame-perfect equilibria below node "
                f"{where}; raise max_pieces if you need them"
            )
        partial = extended
    return partial


def _best_reply_conditions(
    below: list[_Candidate], action: int, mover: int, feasibility: Feasibility
) -> tuple[list[sympy.Expr], list[sympy.Expr]] | None:
    """The conditions under which ``action`` is a best reply of the mover, and the dropped
    factors where it ties; None when it is never a best reply inside the box."""
    conditions, ties = [], []
    value = below[action].values[mover]
    for other, candidate in enumerate(below):
        if other == action:
            continue
        simplified, dropped = feasibility.simplify(sympy.expand(value - candidate.values[mover]))
        if simplified is False:
            return None
        if simplified is not True:
            conditions.append(simplified)
        ties += dropped
    return conditions, ties


def _unique(expressions: list[sympy.Expr]) -> tuple[sympy.Expr, ...]:
    return tuple(dict.fromkeys(expressions))


def _piece(
    tree: ExtensiveGame,
    entries: list,
    root_entry: int,
    conditions: tuple[sympy.Expr, ...],
    singular: tuple[sympy.Expr, ...],
    outcomes: tuple[str, ...],
) -> SubgamePerfectPiece:
    actions: list[int | None] = [None] * len(tree.nodes)
    probabilities: dict[str, sympy.Expr] = {name: sympy.Integer(0) for name in outcomes}
    stack: list[tuple[int, int, sympy.Expr]] = [(0, root_entry, sympy.Integer(1))]
    while stack:
        index, k, weight = stack.pop()
        candidate = entries[index][k]
        actions[index] = candidate.action
        node = tree.nodes[index]
        kids = tree.children[index]
        if isinstance(node, TerminalNode):
            if node.outcome is not None:
                probabilities[node.outcome] += weight
        elif isinstance(node, ChanceNode):
            for child, below, p in zip(kids, candidate.combo, node.probabilities, strict=True):
                stack.append((child, below, weight * to_sympy(p)))
        # decision nodes: every child's choices are part of the equilibrium, but only the
        # chosen one is on the path
        else:
            for position, (child, below) in enumerate(zip(kids, candidate.combo, strict=True)):
                on_path = position == candidate.action
                stack.append((child, below, weight if on_path else sympy.Integer(0)))
    root = entries[0][root_entry]
    spe = SubgamePerfectEquilibrium(tuple(actions), root.values, tree.players, tree)
    strategies = tuple(tuple(sympy.Integer(p) for p in vector) for vector in spe.strategies)
    return SubgamePerfectPiece(
        strategies=strategies,
        payoffs=root.values,
        conditions=conditions,
        singular=singular,
        supports=tuple((choice,) for choice in spe.reduced_profile),
        outcome_probabilities=tuple((name, sympy.factor(p)) for name, p in probabilities.items()),
        actions=tuple(actions),
        choices=tuple(spe.choices.items()),
    )


def _denominators(tree: ExtensiveGame) -> tuple[sympy.Expr, ...]:
    """Factors of the denominators of the tree's payoffs and probabilities: where one is zero
    the game is undefined (the solution flags such points as boundaries)."""
    found: dict[sympy.Expr, None] = {}
    for node in tree.nodes:
        values = list(node.payoffs or ())
        if isinstance(node, ChanceNode):
            values += list(node.probabilities)
        for value in values:
            expression = to_sympy(value)
            if expression.is_number:
                continue
            denominator = sympy.fraction(sympy.together(expression))[1]
            if not denominator.is_number:
                found.setdefault(sympy.factor(denominator), None)
    return tuple(found)
