"""Fuzz the model loader and the command line with random model files (issue 13, item 4).

Hypothesis builds model files within the documented limits: players, parameters with random
ranges and baselines, outcomes whose payoffs are formulas drawn from the grammar (numbers,
parameters, + - * / **, exp, log, sqrt, Abs, Min, Max, conditionals), normal-form games of
random shape, and, for the loader, random values put in place of any part. Whatever the file,

* the loader returns a model or raises :class:`~bargaining.model.ModelError` (in process, many
  examples);
* the command exits 0 or 2, never 1 (no claim is checked here) and prints no traceback, within
  a time limit and an address-space limit (``RLIMIT_AS``) in a subprocess (few examples by
  default; more under ``-m slow``).
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargaining.errors import BargainingError
from bargaining.model import loads_model
from bargaining.model.keys import format_key
from bargaining.model.toml_writer import table_text, value_text

#: Address space a fuzzed command may use: well above the 500 MB the issue allows a refusal,
#: well below what the machine has.
MEMORY_LIMIT = 1_500_000_000
#: Wall-clock seconds a fuzzed command may take: the symbolic budget below plus start-up, with
#: room for a machine shared by many processes (start-up alone took 30 s at load 15).
TIME_LIMIT = 240
#: Budget of the fuzzed commands (see bargaining.budget): short, so a slow case stops early.
BUDGET = "seconds=20"

PLAYERS = ("A", "B", "C")
NAMES = st.sampled_from(["L", "W", "c", "r", "exp", "x1", "delta"])

numbers = st.one_of(
    st.integers(-20, 20),
    st.decimals(-50, 50, places=2, allow_nan=False, allow_infinity=False).map(str),
)


def formulas(names: list[str]) -> st.SearchStrategy[str]:
    """Formula text from the grammar of bargaining.expr, over the given parameter names."""
    leaves = st.one_of(numbers.map(str), st.sampled_from(names)) if names else numbers.map(str)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(inner, st.integers(-3, 4)).map(lambda t: f"({t[0]})**{t[1]}"),
            st.tuples(st.sampled_from(["exp", "log", "sqrt", "Abs"]), inner).map(
                lambda t: f"{t[0]}({t[1]})"
            ),
            st.tuples(st.sampled_from(["Min", "Max"]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"
            ),
            st.tuples(inner, inner, st.sampled_from(["<", ">=", "=="]), inner).map(
                lambda t: f"({t[0]} if {t[1]} {t[2]} {t[3]} else 0)"
            ),
        )

    return st.recursive(leaves, extend, max_leaves=6)


@st.composite
def parameters(draw) -> dict[str, dict]:
    chosen = draw(st.lists(NAMES, max_size=3, unique=True))
    table = {}
    for name in chosen:
        low = draw(st.integers(-5, 5))
        width = draw(st.sampled_from([1, 2, 10, 1000]))
        step = draw(st.integers(0, 10))
        table[name] = {"range": [low, low + width], "baseline": low + width * step / 10}
    return table


@st.composite
def models(draw) -> dict[str, dict]:
    """A model as nested tables: [model], [players.*], [parameters.*], [outcomes.*], [games.*]."""
    count = draw(st.integers(2, 3))
    players = PLAYERS[:count]
    params = draw(parameters())
    payoff = st.one_of(numbers, formulas(list(params)))
    shape = [draw(st.integers(1, 3)) for _ in players]
    cells = 1
    for size in shape:
        cells *= size
    outcome_names = [f"o{i}" for i in range(draw(st.integers(1, min(cells, 4))))]
    outcomes = {name: {"payoffs": {p: draw(payoff) for p in players}} for name in outcome_names}

    def grid(depth: int) -> list:
        if depth == len(shape):
            return draw(st.sampled_from(outcome_names))
        return [grid(depth + 1) for _ in range(shape[depth])]

    game = {
        "type": "normal",
        "players": list(players),
        "strategies": {p: [f"s{j}" for j in range(shape[i])] for i, p in enumerate(players)},
        "outcomes": grid(0),
    }
    return {
        "model": {"name": "fuzz"},
        "players": {p: {"description": p} for p in players},
        "parameters": params,
        "outcomes": outcomes,
        "games": {"g": game},
    }


toml_values = st.recursive(
    st.one_of(
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
        st.booleans(),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def damaged_models(draw) -> dict[str, dict]:
    """A model with one entry (at any depth) replaced by a random TOML value."""
    model = draw(models())
    path = []
    node = model
    while isinstance(node, dict) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node)))
        path.append(key)
        if not isinstance(node[key], dict):
            break
        node = node[key]
    if path:
        parent = model
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = draw(toml_values)
    return model


def document(model: dict[str, object]) -> str:
    """TOML text: top-level values first, then each section's plain values under
    ``[section]`` and its tables as ``[section.entry]``."""
    head, tables = [], []
    for section, entries in model.items():
        if not isinstance(entries, dict):
            head.append(f"{format_key((section,))} = {value_text(entries)}\n")
            continue
        plain = {k: v for k, v in entries.items() if section == "model" or not isinstance(v, dict)}
        if plain or not entries:
            tables.append(table_text((section,), plain))
        for name, table in entries.items():
            if name not in plain:
                tables.append(table_text((section, name), table))
    return "".join(head + tables)


# -- the loader, in process -------------------------------------------------------------------


def _load(text: str) -> None:
    # A clear refusal (ModelError and the like) is a pass; any other exception fails.
    with contextlib.suppress(BargainingError):
        loads_model(text, "fuzz.toml")


@given(models())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_loader_accepts_or_refuses_random_models(model):
    _load(document(model))


@given(damaged_models())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_loader_refuses_damaged_models_clearly(model):
    try:
        text = document(model)
    except (TypeError, ValueError):
        return  # a value TOML cannot hold (a key with a newline, ...): not a model file
    _load(text)


# -- the command line, in subprocesses --------------------------------------------------------

COMMANDS = (
    ["show"],
    ["solve"],
    ["solve", "--symbolic"],
    ["thresholds"],
    ["sweep", "--samples", "20"],
)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_command(path: Path, command: list[str]) -> subprocess.CompletedProcess:
    environment = {**os.environ, "BARGAINING_BUDGET": BUDGET, "MPLBACKEND": "Agg"}
    root = Path(__file__).resolve().parent.parent
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(root), environment.get("PYTHONPATH", "")])
    )
    return subprocess.run(
        [sys.executable, "-m", "bargaining.cli", command[0], str(path), *command[1:]],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        env=environment,
        cwd=path.parent,
    )


def check_command(tmp_path: Path, model: dict, command: list[str]) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(document(model), encoding="utf-8")
    done = run_command(path, command)
    assert done.returncode in (0, 2), (command, path.read_text(), done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr


def _command_fuzz(examples: int):
    @given(model=models(), command=st.sampled_from(COMMANDS))
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    def test(tmp_path, model, command):
        check_command(tmp_path, model, command)

    return test


test_commands_exit_0_or_2_on_random_models = _command_fuzz(4)
test_commands_exit_0_or_2_on_many_random_models = pytest.mark.slow(_command_fuzz(150))
