"""Signalling games inside game trees, and the intuitive criterion of Cho and Kreps (1987).

A tree is a *signalling game* when chance first draws the sender's type, the sender (knowing
it) sends a message, and the receiver, seeing the message but not the type, responds, which
ends the game. :func:`signalling_structure` recognises that shape in an
:class:`~bargaining.games.extensive.ExtensiveGame` (the receiver's nodes after one message,
one per type, form one information set); :func:`survives_intuitive_criterion` tests an
equilibrium of such a game.

>>> from bargaining.games.extensive import ExtensiveGame, chance, decision, terminal
>>> def sender(t):
...     return decision("S", {m: decision("R", {"a": terminal((1, 0)), "b": terminal((0, 1))},
...                                       m) for m in ("x", "y")})
>>> game = ExtensiveGame(chance({"t1": (Fraction(1, 2), sender("t1")),
...                              "t2": (Fraction(1, 2), sender("t2"))}), players=("S", "R"))
>>> structure = signalling_structure(game)
>>> structure.types, structure.messages, structure.responses
(('t1', 't2'), ('x', 'y'), ('a', 'b'))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from bargaining.games.extensive import ChanceNode, DecisionNode, ExtensiveGame, TerminalNode
from bargaining.solvers.belief_sets import feasible_beliefs

__all__ = [
    "SignallingStructure",
    "exact_fraction",
    "play_payoffs",
    "signalling_structure",
    "survives_intuitive_criterion",
]


@dataclass(frozen=True)
class SignallingStructure:
    """Where a signalling game's parts sit in its tree.

    Attributes
    ----------
    sender, receiver:
        The two players' names.
    types, prior:
        The labels of the chance node's branches (the sender's types) and their
        probabilities (as the tree gives them: numbers or expressions).
    messages, responses:
        The sender's and the receiver's action labels.
    sender_infosets:
        Per type, the index in ``game.infosets`` of the sender's (singleton) information set.
    receiver_infosets:
        Per message, the index in ``game.infosets`` of the receiver's information set.
    terminals:
        ``terminals[t][m][a]``: the index in ``game.nodes`` of the terminal node reached by
        type ``t``, message ``m`` and response ``a``.
    """

    sender: str
    receiver: str
    types: tuple[str, ...]
    prior: tuple[object, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    sender_infosets: tuple[int, ...]
    receiver_infosets: tuple[int, ...]
    terminals: tuple[tuple[tuple[int, ...], ...], ...]


def signalling_structure(game: ExtensiveGame) -> SignallingStructure | None:
    """The game's signalling structure, or None when the tree is not a signalling game.

    The shape asked for: the root is a chance node; each of its children is a decision node of
    one player (the sender) alone in its information set, all with the same messages; each
    message leads to a decision node of another player (the receiver) with the same responses,
    the nodes after one message (one per type) forming one information set and different
    messages different sets; every response ends the game.

    >>> from bargaining.games.extensive import decision, terminal
    >>> signalling_structure(ExtensiveGame(decision("A", {"x": terminal((1,))}))) is None
    True
    """
    root = game.root
    if not isinstance(root, ChanceNode):
        return None
    infoset_of = {node: k for k, members in enumerate(game.infosets) for node in members}
    senders = game.children[0]
    first = game.nodes[senders[0]]
    if not isinstance(first, DecisionNode):
        return None
    sender_sets, rows, receiver_sets = [], [], None
    receiver, responses = None, None
    for index in senders:
        node = game.nodes[index]
        if not isinstance(node, DecisionNode) or node.player != first.player:
            return None
        if node.actions != first.actions or len(game.infosets[infoset_of[index]]) != 1:
            return None
        sender_sets.append(infoset_of[index])
        sets, row = [], []
        for child in game.children[index]:
            reply = game.nodes[child]
            if not isinstance(reply, DecisionNode) or reply.player == first.player:
                return None
            receiver = receiver if receiver is not None else reply.player
            responses = responses if responses is not None else reply.actions
            if reply.player != receiver or reply.actions != responses:
                return None
            if not all(isinstance(game.nodes[c], TerminalNode) for c in game.children[child]):
                return None
            sets.append(infoset_of[child])
            row.append(game.children[child])
        if receiver_sets is not None and sets != receiver_sets:
            return None
        receiver_sets = sets
        rows.append(tuple(row))
    if len(set(receiver_sets)) != len(receiver_sets):
        return None
    if any(len(game.infosets[k]) != len(senders) for k in receiver_sets):
        return None
    return SignallingStructure(
        sender=first.player,
        receiver=receiver,
        types=root.actions,
        prior=root.probabilities,
        messages=first.actions,
        responses=responses,
        sender_infosets=tuple(sender_sets),
        receiver_infosets=tuple(receiver_sets),
        terminals=tuple(rows),
    )


def exact_fraction(value: int | Fraction | float) -> Fraction:
    """A payoff or probability as a fraction; a float as the decimal it prints as (``0.9`` is
    ``9/10``, the number a model file or a user wrote, not its binary approximation).

    >>> exact_fraction(0.9), exact_fraction(3)
    (Fraction(9, 10), Fraction(3, 1))
    """
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def play_payoffs(
    game: ExtensiveGame, *, number: Callable[[object], object] = exact_fraction
) -> list[tuple | None]:
    """Per node: for a terminal node, each player's total payoff of the play ending there (its
    own payoffs plus those attached to the nodes on the way); None for other nodes. Each
    number is read by ``number`` (exact fractions by default, floats read by
    :func:`exact_fraction`).

    >>> from bargaining.games.extensive import decision, terminal
    >>> game = ExtensiveGame(decision("A", {"x": terminal((2,))}, payoffs=(1,)))
    >>> play_payoffs(game)
    [None, (Fraction(3, 1),)]
    """
    n = len(game.players)
    below: list[tuple] = [()] * len(game.nodes)
    totals: list[tuple | None] = [None] * len(game.nodes)
    for index, node in enumerate(game.nodes):  # parents come before children
        parent = game.parents[index]
        above = below[parent] if parent >= 0 else (number(0),) * n
        own = node.payoffs if node.payoffs is not None else (0,) * n
        below[index] = tuple(a + number(x) for a, x in zip(above, own, strict=True))
        if isinstance(node, TerminalNode):
            totals[index] = below[index]
    return totals


def survives_intuitive_criterion(
    game: ExtensiveGame,
    structure: SignallingStructure,
    *,
    sender_values: Sequence[Fraction],
    unsent: Sequence[int],
) -> bool:
    """Whether an equilibrium survives the intuitive criterion (Cho & Kreps 1987, "Signaling
    games and stable equilibria", Quarterly Journal of Economics 102(2), 179-221, section IV).

    The definition used: for each message ``m`` no type sends (``unsent``, by index), let
    ``BR(T', m)`` be the receiver's best responses to ``m`` under some belief concentrated on
    the types ``T'``, and ``J(m)`` the types for which ``m`` is *equilibrium-dominated*: whose
    equilibrium payoff ``u*(t)`` exceeds their payoff from ``m`` under every response in
    ``BR(T, m)``. The equilibrium fails when, for some such ``m`` with ``J(m)`` not all types,
    some type ``t`` gets more than ``u*(t)`` from ``m`` under every response in
    ``BR(T \\ J(m), m)``. (Mixed best responses change nothing: a type's payoff is linear in
    the response's probabilities, so its extremes over mixed responses are at pure ones.)

    Parameters
    ----------
    game, structure:
        The signalling game and its :func:`signalling_structure`.
    sender_values:
        ``u*(t)``: each type's expected payoff in the equilibrium.
    unsent:
        The indices of the messages sent with probability zero.

    Examples
    --------
    Both types get 1 from response ``a`` and 0 from ``b``; the receiver always prefers ``b``.
    Pooling on ``x`` (each type gets 0) with ``b`` after the unsent ``y``: a type could gain
    from ``y`` only if the receiver answered ``a``, which it never would, so the equilibrium
    survives.

    >>> from bargaining.games.extensive import chance, decision, terminal
    >>> def sender():
    ...     return decision("S", {m: decision("R", {"a": terminal((1, 0)), "b": terminal((0, 1))},
    ...                                       m) for m in ("x", "y")})
    >>> game = ExtensiveGame(chance({"t1": (Fraction(1, 2), sender()),
    ...                              "t2": (Fraction(1, 2), sender())}), players=("S", "R"))
    >>> structure = signalling_structure(game)
    >>> survives_intuitive_criterion(game, structure, sender_values=[0, 0], unsent=[1])
    True
    """
    totals = play_payoffs(game)
    s = game.player_index(structure.sender)
    r = game.player_index(structure.receiver)
    types = [t for t, p in enumerate(structure.prior) if exact_fraction(p) > 0]

    def payoff(player: int, t: int, m: int, a: int) -> Fraction:
        return totals[structure.terminals[t][m][a]][player]

    for m in unsent:

        def best_responses(support: list[int], m: int = m) -> list[int]:
            names = [str(t) for t in support]
            found = []
            for a in range(len(structure.responses)):
                inequalities = [
                    {str(t): payoff(r, t, m, a) - payoff(r, t, m, b) for t in support}
                    for b in range(len(structure.responses))
                    if b != a
                ]
                if feasible_beliefs(names, inequalities):
                    found.append(a)
            return found

        everyone = best_responses(types)
        dominated = [
            t for t in types if sender_values[t] > max(payoff(s, t, m, a) for a in everyone)
        ]
        rest = [t for t in types if t not in dominated]
        if not rest:
            continue
        credible = best_responses(rest)
        if any(sender_values[t] < min(payoff(s, t, m, a) for a in credible) for t in rest):
            return False
    return True
