"""The result of :func:`~bargaining.solvers.perfect_bayesian.perfect_bayesian_equilibria`: an
assessment (behaviour strategies and beliefs) with what it implies and how it reads."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from bargaining.display import html_record, records_table
from bargaining.games.extensive import ExtensiveGame
from bargaining.numbers import Number
from bargaining.solvers.belief_sets import BeliefCondition
from bargaining.solvers.equilibrium import Equilibrium
from bargaining.solvers.signalling import signalling_structure

__all__ = [
    "PerfectBayesianEquilibrium",
    "belief_labels",
    "choice_keys",
    "induced_strategies",
    "infoset_labels",
]


def infoset_labels(game: ExtensiveGame) -> tuple[str, ...]:
    """A readable name per information set (``game.infosets`` order): in a signalling game the
    sender's type or the receiver's message, else the information set's id, or the path of
    its single node.

    >>> from bargaining.games.extensive import decision, terminal
    >>> infoset_labels(ExtensiveGame(decision("A", {"x": terminal((1,))})))
    ('root',)
    """
    structure = signalling_structure(game)
    if structure is not None:
        names = {k: t for k, t in zip(structure.sender_infosets, structure.types, strict=True)}
        names |= {
            k: m for k, m in zip(structure.receiver_infosets, structure.messages, strict=True)
        }
        return tuple(names[k] for k in range(len(game.infosets)))
    labels = []
    for members in game.infosets:
        node = game.nodes[members[0]]
        labels.append(game.paths[members[0]] if node.infoset is None else str(node.infoset))
    return tuple(labels)


def choice_keys(game: ExtensiveGame) -> tuple[tuple[int, str], ...]:
    """``(information set index, key)`` in reading order: in a signalling game the sender's
    sets first (``Sender if strong``), then the receiver's (``Receiver after beer``); else
    ``player at set`` in ``game.infosets`` order.

    >>> from bargaining.games.extensive import decision, terminal
    >>> choice_keys(ExtensiveGame(decision("A", {"x": terminal((1,))})))
    ((0, 'A at root'),)
    """
    structure = signalling_structure(game)
    if structure is not None:
        return tuple(
            (k, f"{structure.sender} if {t}")
            for k, t in zip(structure.sender_infosets, structure.types, strict=True)
        ) + tuple(
            (k, f"{structure.receiver} after {m}")
            for k, m in zip(structure.receiver_infosets, structure.messages, strict=True)
        )
    names = infoset_labels(game)
    return tuple(
        (k, f"{game.nodes[members[0]].player} at {names[k]}")
        for k, members in enumerate(game.infosets)
    )


def belief_labels(game: ExtensiveGame) -> tuple[tuple[str, ...], ...]:
    """Per information set, a name per node: in a signalling game the sender's type, else the
    node's path.

    >>> from bargaining.games.extensive import decision, terminal
    >>> belief_labels(ExtensiveGame(decision("A", {"x": terminal((1,))})))
    (('root',),)
    """
    structure = signalling_structure(game)
    if structure is not None:
        return tuple(structure.types if len(m) > 1 else (game.paths[m[0]],) for m in game.infosets)
    return tuple(tuple(game.paths[i] for i in members) for members in game.infosets)


def induced_strategies(
    game: ExtensiveGame, behaviour: Sequence[Sequence[object]]
) -> tuple[tuple[object, ...], ...]:
    """Per player, the mixed strategy over the reduced strategic form's strategies (in
    ``game.to_normal_form()`` order) that a behaviour profile induces (Kuhn 1953, Contributions
    to the Theory of Games II): each reduced strategy's probability is the product of its
    actions' probabilities.

    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
    >>> induced_strategies(game, [(Fraction(1, 3), Fraction(2, 3))])
    ((Fraction(1, 3), Fraction(2, 3)),)
    """
    vectors = []
    for i in range(len(game.players)):
        own = game.player_infosets(i)
        vector = []
        for strategy in game.reduced_strategies(i):
            p: object = 1
            for k, a in zip(own, strategy, strict=True):
                if a is not None:
                    p = p * behaviour[k][a]
            vector.append(p)
        vectors.append(tuple(vector))
    return tuple(vectors)


@dataclass(frozen=True)
class PerfectBayesianEquilibrium:
    """A perfect Bayesian equilibrium: an assessment (a behaviour strategy and a belief at
    every information set) that is sequentially rational and consistent with Bayes' rule.

    Attributes
    ----------
    behaviour:
        Per information set (in ``game.infosets`` order), the probability of each action.
    beliefs:
        Per information set, the probability of each of its nodes, by Bayes' rule; ``None``
        where the set is reached with probability zero (its beliefs are then any that
        satisfy :attr:`belief_conditions`).
    belief_conditions:
        Exact conditions on the beliefs off the path that support the equilibrium (empty:
        every belief does).
    label:
        In a signalling game ``"pooling"`` (all types send one message), ``"separating"``
        (each type its own), ``"partially pooling"`` (neither, pure) or ``"semi-separating"``
        (a type mixes); ``""`` for other trees.
    intuitive:
        In a signalling game, whether the equilibrium survives the intuitive criterion (Cho &
        Kreps 1987); ``None`` for other trees.
    payoffs, players:
        Each player's expected payoff, and the players' names.
    outcome_probabilities:
        ``(outcome, probability)`` for every named outcome of the tree, first seen first.
    game:
        The tree (not part of equality).
    method:
        How it was found.

    Examples
    --------
    >>> from bargaining.games.extensive import decision, terminal
    >>> from bargaining.solvers import perfect_bayesian_equilibria
    >>> game = ExtensiveGame(decision("A", {"x": terminal((1,)), "y": terminal((0,))}))
    >>> perfect_bayesian_equilibria(game)
    [PerfectBayesianEquilibrium({A at root: x}; payoffs=(1))]
    """

    behaviour: tuple[tuple[Number, ...], ...]
    beliefs: tuple[tuple[Number, ...] | None, ...]
    belief_conditions: tuple[BeliefCondition, ...]
    label: str
    intuitive: bool | None
    payoffs: tuple[Number, ...]
    players: tuple[str, ...]
    outcome_probabilities: tuple[tuple[str, Number], ...]
    game: ExtensiveGame = field(repr=False, compare=False)
    method: str = ""

    # -- reading it --------------------------------------------------------------------------

    @property
    def choices(self) -> dict[str, str]:
        """``"player at information set" -> action`` (``"a 1/3, b 2/3"`` where it mixes).

        In a signalling game ``Sender if strong`` and ``Receiver after beer``
        (:func:`choice_keys`).
        """
        result = {}
        for k, key in choice_keys(self.game):
            actions = self.game.nodes[self.game.infosets[k][0]].actions
            played = [(a, p) for a, p in zip(actions, self.behaviour[k], strict=True) if p]
            text = played[0][0] if len(played) == 1 else ", ".join(f"{a} {p}" for a, p in played)
            result[key] = text
        return result

    @property
    def belief_texts(self) -> tuple[str, ...]:
        """The beliefs as text: ``mu(strong | beer) = 9/10`` on the path (sets of one node
        left out), then the conditions off the path (``any`` when there are none)."""
        names, nodes = infoset_labels(self.game), belief_labels(self.game)
        texts = []
        off_path = False
        for k, belief in enumerate(self.beliefs):
            if belief is None:
                off_path = True
            elif len(belief) > 1:
                texts += [
                    f"mu({x} | {names[k]}) = {p}"
                    for x, p in zip(nodes[k][:-1], belief[:-1], strict=True)
                ]
        texts += [str(condition) for condition in self.belief_conditions]
        if off_path and not self.belief_conditions:
            texts.append("any beliefs off the path")
        return tuple(texts)

    def payoff(self, player: str | int) -> Number:
        """A player's expected payoff."""
        return self.payoffs[player if isinstance(player, int) else self.players.index(player)]

    def probability(self, outcome: str) -> Number:
        """Probability of a named outcome (0 when it is not reached)."""
        return dict(self.outcome_probabilities).get(outcome, 0)

    # -- as an equilibrium of the reduced strategic form ----------------------------------------

    @property
    def strategy_labels(self) -> tuple[tuple[str, ...], ...]:
        """Each player's reduced strategy labels (as in ``game.to_normal_form()``)."""
        return tuple(self.game.strategy_labels(i) for i in range(len(self.players)))

    @functools.cached_property
    def strategies(self) -> tuple[tuple[Number, ...], ...]:
        """Per player, the mixed strategy over the reduced strategic form's strategies that the
        behaviour strategy induces (:func:`induced_strategies`)."""
        return induced_strategies(self.game, self.behaviour)

    def strategy(self, player: str | int) -> dict[str, Number]:
        """Reduced strategy label -> probability for one player (by name or index)."""
        i = player if isinstance(player, int) else self.players.index(player)
        return dict(zip(self.strategy_labels[i], self.strategies[i], strict=True))

    def support(self, player: str | int) -> tuple[str, ...]:
        """Labels of the reduced strategies a player plays with positive probability."""
        return tuple(label for label, p in self.strategy(player).items() if p != 0)

    @property
    def is_pure(self) -> bool:
        """Whether every information set has one action played with probability one."""
        return all(sum(1 for p in row if p != 0) == 1 for row in self.behaviour)

    @property
    def continuum(self) -> bool:
        """False: results are not flagged as points of a continuum (as
        :class:`~bargaining.solvers.equilibrium.Equilibrium` results of support enumeration
        may be); the equilibria this concept leaves out are listed in
        :func:`~bargaining.solvers.perfect_bayesian.perfect_bayesian_equilibria`."""
        return False

    def to_equilibrium(self) -> Equilibrium:
        """The Nash equilibrium of the reduced strategic form it induces (beliefs dropped)."""
        return Equilibrium(
            strategies=self.strategies,
            payoffs=self.payoffs,
            players=self.players,
            strategy_labels=self.strategy_labels,
            outcome_probabilities=self.outcome_probabilities,
            method=self.method,
        )

    # -- printing (the protocol of bargaining.cli.concept_results) -----------------------------

    def summary_row(self) -> dict[str, str]:
        """Column title -> text, for a table of the equilibria of one game."""
        row = {
            "strategies": "; ".join(f"{k}: {v}" for k, v in self.choices.items()),
            "beliefs": "; ".join(self.belief_texts) or "-",
            "kind": self.label or "-",
            "intuitive criterion": {True: "survives", False: "fails", None: "-"}[self.intuitive],
        }
        row |= {f"payoff {p}": str(v) for p, v in zip(self.players, self.payoffs, strict=True)}
        return row

    def to_json(self) -> dict:
        """A JSON-ready dict: exact numbers as ``"p/q"`` strings with floats beside."""
        nodes = belief_labels(self.game)
        behaviour, beliefs = {}, {}
        for k, key in choice_keys(self.game):
            members = self.game.infosets[k]
            actions = self.game.nodes[members[0]].actions
            behaviour[key] = {a: _json(p) for a, p in zip(actions, self.behaviour[k], strict=True)}
            if self.beliefs[k] is not None and len(members) > 1:
                beliefs[key] = {x: _json(p) for x, p in zip(nodes[k], self.beliefs[k], strict=True)}
        return {
            "behaviour": behaviour,
            "beliefs": beliefs,
            "belief_conditions": [str(c) for c in self.belief_conditions],
            "kind": self.label,
            "intuitive": self.intuitive,
            "payoffs": {p: _json(v) for p, v in zip(self.players, self.payoffs, strict=True)},
            "outcome_probabilities": {o: _json(p) for o, p in self.outcome_probabilities},
            "method": self.method,
        }

    def table_row(self) -> dict[str, object]:
        """The equilibrium as one row of a table (a list of them in a notebook, ``to_pandas``):
        :meth:`summary_row`, with the outcome probabilities."""
        return {**self.summary_row(), **{f"P({o})": p for o, p in self.outcome_probabilities}}

    def _repr_html_(self) -> str:
        return html_record(
            "Perfect Bayesian equilibrium",
            list(self.summary_row().items()),
            parts=[records_table([{f"P({o})": p for o, p in self.outcome_probabilities}])],
        )

    def __repr__(self) -> str:
        choices = ", ".join(f"{k}: {v}" for k, v in self.choices.items())
        beliefs = "; ".join(self.belief_texts)
        parts = [f"{{{choices}}}"]
        parts += [f"beliefs {beliefs}"] if beliefs else []
        parts += [self.label] if self.label else []
        if self.intuitive is not None:
            parts.append(("survives" if self.intuitive else "fails") + " the intuitive criterion")
        parts.append(f"payoffs=({', '.join(str(v) for v in self.payoffs)})")
        return f"PerfectBayesianEquilibrium({'; '.join(parts)})"


def _json(value: Number) -> dict:
    exact = isinstance(value, int | Fraction)
    return {"exact": str(value) if exact else None, "float": float(value)}
