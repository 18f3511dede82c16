"""Pure perfect Bayesian equilibria of a game tree as functions of its parameters.

For a pure profile every condition of a perfect Bayesian equilibrium
(:mod:`bargaining.solvers.perfect_bayesian`) is an inequality in the payoffs and chance
probabilities:

* at an information set on the path, each played action beats each other one given Bayes'
  beliefs; multiplied by the (non-negative) probability of reaching the set, that is
  ``sum_x P(x) (V(x, played) - V(x, other)) >= 0``, a polynomial in the parameters;
* at a set off the path, *some* belief must make the played action best. The beliefs that do
  form a polytope in the simplex; it is nonempty exactly when one of its vertices exists, and
  each candidate vertex (a choice of tight constraints, solved exactly) gives a conjunction of
  rational inequalities. A single rival action needs only the simplex's corners (a linear
  function is largest at one).

Each pure profile with each choice of vertices is one piece; the solution is marked
incomplete (semi-separating equilibria are not among its pieces), so
:meth:`~bargaining.analysis.solution.ParametricSolution.at` solves each point directly with
:func:`~bargaining.solvers.perfect_bayesian.perfect_bayesian_equilibria`, while thresholds,
regions and sweeps describe the pure equilibria.
"""

from __future__ import annotations

import itertools

import sympy

from bargaining.analysis.box import default_space, one_parameter_interval, parameter_box
from bargaining.analysis.solution import ParametricSolution
from bargaining.errors import GameError, ParameterError
from bargaining.games.extensive import ExtensiveGame, TerminalNode
from bargaining.params import ParameterSpace
from bargaining.solvers.assessments import (
    PreparedTree,
    edge_weights,
    node_values,
    prepared_tree,
    reach_probability,
)
from bargaining.solvers.parametric import ParametricEquilibrium
from bargaining.solvers.pbe_result import induced_strategies
from bargaining.solvers.subgame_perfect import tree_outcomes

__all__ = ["MAX_PBE_PIECES", "parametric_pbe"]

MAX_PBE_PIECES = 20_000
"""Most pieces :func:`parametric_pbe` builds before refusing (GameError): a piece per pure
profile and choice of belief vertex at each set off the path."""


def parametric_pbe(tree: ExtensiveGame, space: ParameterSpace | None = None) -> ParametricSolution:
    """Every pure perfect Bayesian equilibrium of a tree, as pieces: the profile, its payoffs
    and outcome probabilities as expressions, and the conditions on the parameters where it is
    one (see the module docstring).

    Parameters
    ----------
    tree:
        A game tree with perfect recall; payoffs and chance probabilities may be formulas.
    space:
        The parameter box (default: each parameter in [0, 1]).

    Examples
    --------
    Beer-quiche with the prior ``s`` that the sender is strong: pooling holds for ``s >= 1/2``.

    >>> from fractions import Fraction
    >>> from bargaining.model import load_model
    >>> model = load_model("models/beer_quiche.toml")
    >>> solution = parametric_pbe(model.game(), model.parameters)
    >>> [str(t.value) for t in solution.thresholds("s")]
    ['1/2']
    >>> sorted(eq.label for eq in solution.at({"s": Fraction(3, 4)}))
    ['pooling', 'pooling']
    """
    if not isinstance(tree, ExtensiveGame):
        raise GameError(f"parametric_pbe needs an ExtensiveGame, got {type(tree).__name__}")
    space = space if space is not None else default_space(tree)
    unknown = sorted({symbol.name for symbol in tree.parameters} - set(space.names))
    if unknown:
        raise ParameterError(
            "the tree's payoffs or probabilities use parameters not in the space: "
            + ", ".join(unknown)
        )
    symbols = space.symbols
    if tree.parameters:  # the space's symbols, with their assumptions
        tree = tree.at({symbol.name: symbols[symbol.name] for symbol in tree.parameters})
    prepared = prepared_tree(tree, symbolic=True)
    box = parameter_box(space)
    pieces: list[ParametricEquilibrium] = []
    for profile in itertools.product(*(range(len(a)) for a in prepared.actions)):
        pieces += _pieces(prepared, profile, box)
        if len(pieces) > MAX_PBE_PIECES:
            raise GameError(
                f"the tree's pure perfect Bayesian equilibria need more than {MAX_PBE_PIECES:,} "
                "pieces; solve it at points instead"
            )
    return ParametricSolution(
        game=tree,
        space=space,
        pieces=tuple(pieces),
        concept="pbe",
        labels=tuple(tree.strategy_labels(i) for i in range(tree.num_players)),
        complete=False,
    )


def _pieces(prepared: PreparedTree, profile: tuple[int, ...], box) -> list[ParametricEquilibrium]:
    """The pieces of one pure profile: one per choice of belief vertex off the path."""
    game = prepared.game
    behaviour = [
        tuple(sympy.Integer(int(a == chosen)) for a in range(len(actions)))
        for chosen, actions in zip(profile, prepared.actions, strict=True)
    ]
    values = node_values(prepared, behaviour)
    weights = edge_weights(prepared, behaviour)
    conditions: list[sympy.Expr] = []
    singular: list[sympy.Expr] = []
    off_path: list[list[tuple[list[sympy.Expr], list[sympy.Expr]]]] = []
    for k, members in enumerate(game.infosets):
        i, chosen = prepared.mover[k], profile[k]
        root = prepared.roots[k]
        reach = [reach_probability(game, weights, root=root, node=x) for x in members]
        gains = [
            [values[game.children[x][chosen]][i] - values[game.children[x][a]][i] for x in members]
            for a in range(len(prepared.actions[k]))
            if a != chosen
        ]
        total = sympy.expand(sum(reach))
        if total == 0:
            off_path.append(_belief_vertices(gains, len(members)))
            continue
        conditions += [
            sympy.expand(sum(r * g for r, g in zip(reach, row, strict=True))) for row in gains
        ]
        if not total.is_number:  # where it vanishes the set leaves the path: solve directly
            singular.append(total)
    strategies = induced_strategies(game, behaviour)
    supports = tuple(tuple(j for j, p in enumerate(v) if p != 0) for v in strategies)
    reach_all = [reach_probability(game, weights, root=0, node=x) for x in range(len(game.nodes))]
    outcomes = {name: sympy.Integer(0) for name in tree_outcomes(game)}
    for index, node in enumerate(game.nodes):
        if isinstance(node, TerminalNode) and node.outcome is not None:
            outcomes[node.outcome] += reach_all[index]
    found = []
    for choice in itertools.product(*off_path):
        held = conditions + [g for vertex, _ in choice for g in vertex]
        held = list(dict.fromkeys(sympy.cancel(g) for g in held))
        held = [g for g in held if not (g.is_number and g >= 0)]
        if any(g.is_number for g in held):  # a negative constant: never
            continue
        tidy = one_parameter_interval(held, box)
        if tidy is None:
            continue
        found.append(
            ParametricEquilibrium(
                strategies=tuple(tuple(sympy.sympify(p) for p in v) for v in strategies),
                payoffs=tuple(sympy.expand(v) for v in values[0]),
                conditions=tuple(tidy),
                singular=tuple(dict.fromkeys([*singular, *(s for _, d in choice for s in d)])),
                supports=supports,
                outcome_probabilities=tuple(
                    (name, sympy.expand(p)) for name, p in outcomes.items()
                ),
            )
        )
    return found


def _belief_vertices(
    gains: list[list[sympy.Expr]], size: int
) -> list[tuple[list[sympy.Expr], list[sympy.Expr]]]:
    """The candidate vertices of ``{mu in the simplex: mu . g >= 0 for each row g}``, each as
    (conditions ``>= 0`` under which it is a vertex of that set, expressions whose zeros make
    it undefined)."""
    if not gains:  # a single action: any belief
        return [([], [])]
    rows = [[sympy.Integer(int(j == x)) for j in range(size)] for x in range(size)]
    rows += [list(g) for g in gains]
    # With one rival action, the largest value of mu . g is at a corner of the simplex.
    candidates = range(size) if len(gains) == 1 else range(len(rows))
    vertices = []
    for tight in itertools.combinations(candidates, size - 1):
        matrix = sympy.Matrix([rows[t] for t in tight] + [[1] * size])
        determinant = sympy.simplify(matrix.det())
        if determinant == 0:
            continue
        mu = matrix.LUsolve(sympy.Matrix([0] * (size - 1) + [1]))
        held = [sympy.cancel(sum(c * m for c, m in zip(row, mu, strict=True))) for row in rows]
        held = [g for t, g in enumerate(held) if t not in tight]
        vertices.append((held, [] if determinant.is_number else [determinant]))
    return vertices
