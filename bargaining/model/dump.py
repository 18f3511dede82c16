"""Write a :class:`~bargaining.model.model.Model` as model-file text that reads back equal."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

from bargaining.model.errors import ModelError, Problem
from bargaining.model.expressions import expression_text, formula_value
from bargaining.model.game_types import game_type_of
from bargaining.model.keys import Key, format_key
from bargaining.model.toml_writer import Dotted, Multiline, decimal_text, table_text
from bargaining.numbers import Number

if TYPE_CHECKING:
    from bargaining.model.model import Model

__all__ = ["model_to_toml"]


def model_to_toml(model: Model, *, read: Callable[[str, str], Model]) -> str:
    """The model as TOML, checked by reading it back with ``read(text, source)`` (the
    loader's :func:`~bargaining.model.model.loads_model`, passed in so that writing does not
    import reading, which builds models): the result equals ``model``.

    Sections come in the order of :data:`~bargaining.model.loader.SECTIONS`; empty optional
    keys are left out; formulas are written in the syntax the loader reads.

    Raises
    ------
    ModelError
        When a value cannot be written exactly (a baseline of 1/3 has no decimal form; a
        float inside a formula would read back as a fraction), naming its key.

    Examples
    --------
    >>> from bargaining.model import loads_model
    >>> text = '''
    ... [model]
    ... name = "m"
    ... [players.A]
    ... [games.g]
    ... type = "normal"
    ... strategies.A = ["x"]
    ... payoffs = [[1]]
    ... '''
    >>> print(model_to_toml(loads_model(text), read=loads_model), end="")
    [model]
    name = "m"
    <BLANKLINE>
    [players.A]
    <BLANKLINE>
    [games.g]
    type = "normal"
    players = ["A"]
    strategies.A = ["x"]
    payoffs = [[1]]
    """
    source = model.source or "<model>"
    problems: list[Problem] = []

    def number(value: Number, key: Key) -> object:
        if isinstance(value, Fraction) and decimal_text(value) is None:
            problems.append(
                Problem(
                    source,
                    format_key(key),
                    f"{value} has no exact decimal form; TOML numbers are decimals",
                )
            )
            return 0  # a stand-in: the text is never returned once a problem is recorded
        return value

    blocks = [
        table_text(
            ("model",),
            _present(
                name=model.name,
                title=model.title,
                description=model.description,
                sources=Multiline(list(model.sources)) if model.sources else None,
                version=model.version,
            ),
        )
    ]
    for name, player in model.players.items():
        blocks.append(table_text(("players", name), _present(description=player.description)))
    for parameter in model.parameters:
        key = ("parameters", parameter.name)
        notes = model.parameter_notes[parameter.name]
        distribution = parameter.distribution
        blocks.append(
            table_text(
                key,
                _present(
                    description=parameter.description,
                    range=[
                        number(parameter.low, (*key, "range", 0)),
                        number(parameter.high, (*key, "range", 1)),
                    ],
                    baseline=number(parameter.baseline, (*key, "baseline")),
                    unit=parameter.unit,
                    tags=sorted(parameter.tags),
                    distribution=None
                    if distribution is None
                    else {"kind": distribution.kind, **distribution.arguments},
                    low_means=notes.low_means,
                    high_means=notes.high_means,
                    baseline_source=notes.baseline_source,
                ),
            )
        )
    for name, outcome in model.outcomes.items():
        payoffs = Dotted(
            {player: formula_value(value) for player, value in outcome.payoffs.items()}
        )
        blocks.append(
            table_text(
                ("outcomes", name), _present(description=outcome.description, payoffs=payoffs)
            )
        )
    for name, game in model.games.items():
        game_type = game_type_of(game)
        blocks.append(
            table_text(("games", name), {"type": game_type.name, **game_type.write(game)})
        )
    for claim in model.claims:
        entries = _present(
            name=claim.name,
            game=claim.game,
            given=None if claim.given is None else expression_text(claim.given),
            expect=expression_text(claim.expect),
        )
        entries["in"] = claim.quantifier  # a Python keyword: not a keyword argument of _present
        entries.update(_present(description=claim.description))
        blocks.append(table_text(("claims",), entries, array=True))
    if problems:
        raise ModelError(problems)
    text = "\n".join(blocks)
    _check_reads_back(model, text, source, read)
    return text


def _present(**entries: object) -> dict[str, object]:
    """The entries that say something: empty strings, lists and ``None`` are left out."""
    return {key: value for key, value in entries.items() if value not in ("", None, [], ())}


def _check_reads_back(
    model: Model, text: str, source: str, read: Callable[[str, str], Model]
) -> None:
    """Raise ModelError naming what would not survive a round trip through ``text``."""
    try:
        again = read(text, source)
    except ModelError as error:
        raise ModelError(
            Problem(p.path, p.key, f"the written model does not read back: {p.message}")
            for p in error.problems
        ) from None
    if again == model:
        return
    differences = []
    for section in ("players", "outcomes", "games", "parameter_notes"):
        mine, theirs = getattr(model, section), getattr(again, section)
        for name in mine:
            if mine[name] != theirs.get(name):
                differences.append(format_key((section, name)))
    for parameter in model.parameters:
        if parameter.name not in again.parameters or again.parameters[parameter.name] != parameter:
            differences.append(format_key(("parameters", parameter.name)))
    for index, claim in enumerate(model.claims):
        if index >= len(again.claims) or again.claims[index] != claim:
            differences.append(format_key(("claims", index)))
    raise ModelError(
        Problem(
            source,
            key,
            "cannot be written exactly: it reads back different (floats inside formulas, or "
            "symbols that are not the parameters' own symbols, do not survive a round trip)",
        )
        for key in differences or ["model"]
    )
