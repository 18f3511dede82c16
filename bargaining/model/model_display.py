"""A model's notebook display: what :meth:`Model._repr_html_ <bargaining.model.Model>` shows.

Every text of a model comes from its file and is untrusted: the builders of
:mod:`bargaining.display` escape it all.
"""

from __future__ import annotations

from bargaining.display import Html, html_formula, html_record, html_table
from bargaining.expr.printer import expression_text

__all__ = ["model_html"]

_GAME_CELLS = 64  # payoff tables of normal-form games up to this size are shown in full


def model_html(model) -> str:
    """The HTML display of a :class:`~bargaining.model.Model`: its title and description,
    then tables of players, parameters, outcomes (payoffs typeset), games and claims.

    >>> from bargaining import load_model
    >>> shown = model_html(load_model("models/chicken.toml"))
    >>> "<th>parameter</th>" in shown and "crisis" in shown
    True
    """
    players = html_table(
        ["player", "description"],
        ([name, player.description] for name, player in model.players.items()),
    )
    parameters = html_table(
        ["parameter", "range", "baseline", "unit", "tags", "description"],
        (
            [p.name, f"{p.low} to {p.high}", p.baseline, p.unit, p.tags, p.description]
            for p in model.parameters
        ),
    )
    names = list(model.players)
    outcomes = html_table(
        ["outcome", *(f"payoff: {name}" for name in names), "description"],
        (
            [
                outcome.name,
                *(html_formula(outcome.payoffs.get(n)) for n in names),
                outcome.description,
            ]
            for outcome in model.outcomes.values()
        ),
    )
    games = html_table(
        ["game", "kind", "players"],
        (
            [name, type(game).__name__, getattr(game, "players", None)]
            for name, game in model.games.items()
        ),
    )
    # Small normal-form games show their payoff table (the game's own display escapes too).
    tables = [
        Html(game._repr_html_())
        for game in model.games.values()
        if hasattr(game, "_repr_html_")
        and getattr(game.payoffs, "size", _GAME_CELLS + 1) <= _GAME_CELLS
    ]
    claims = html_table(
        ["claim", "game", "given", "expect", "in"],
        (
            [
                claim.name,
                claim.game,
                expression_text(claim.given) if claim.given is not None else "always",
                expression_text(claim.expect),
                f"{claim.quantifier} equilibria",
            ]
            for claim in model.claims
        ),
    )
    fields = [
        ("name", model.name),
        ("description", model.description or None),
        ("version", model.version or None),
        ("sources", model.sources or None),
        ("file", model.source),
    ]
    parts = [players, parameters, outcomes, games, *tables, claims]
    return html_record(model.title or model.name, fields, parts=parts)
