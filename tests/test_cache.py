"""The parametric-solution cache: solve once per game content, in memory and on disk, and never
trust a cache file further than its checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy

import bargaining
from bargaining import load_model, loads_model, parametric_equilibria, sweep
from bargaining.analysis import cache as cache_module
from bargaining.analysis import parametric_nash as parametric_nash_module
from bargaining.analysis.cache import cache_info, clear_cache, solution_key
from bargaining.analysis.cache_format import decode_expression, encode_expression

ROOT = Path(__file__).resolve().parent.parent
SPACE_L = bargaining.ParameterSpace([bargaining.Parameter("L", 0, 1, 0.5)])
CHICKEN = (ROOT / "models" / "chicken.toml").read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty disk cache of the test's own, written whatever a solve takes."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("BARGAINING_CACHE_DIR", str(directory))
    monkeypatch.delenv("BARGAINING_CACHE", raising=False)
    monkeypatch.setattr(cache_module, "DISK_MIN_SECONDS", 0.0)
    clear_cache()
    yield directory
    clear_cache()


@pytest.fixture
def solves(monkeypatch):
    """A list that grows by one each time the symbolic Nash solver really runs."""
    calls = []
    original = parametric_nash_module.parametric_candidates

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(parametric_nash_module, "parametric_candidates", counted)
    return calls


def test_a_second_sweep_of_the_same_model_does_not_solve_again(folder, solves):
    points = {"c": np.linspace(2, 100, 50)}
    first = sweep(load_model(ROOT / "models" / "chicken.toml"), points)
    second = sweep(load_model(ROOT / "models" / "chicken.toml"), points)  # a new, equal model
    assert len(solves) == 1
    assert cache_info().hits >= 1
    np.testing.assert_array_equal(first.count, second.count)
    np.testing.assert_array_equal(first.outcome_max["crash"], second.outcome_max["crash"])


def test_a_changed_payoff_misses_the_cache(folder, solves):
    model = loads_model(CHICKEN)
    changed = loads_model(
        CHICKEN.replace("payoffs = { Row = -1, Column = 1 }", "payoffs = { Row = -2, Column = 1 }")
    )
    first = parametric_equilibria(model.game(), model.parameters)
    second = parametric_equilibria(changed.game(), changed.parameters)
    assert len(solves) == 2
    assert first.pieces != second.pieces
    assert solution_key(model.game(), model.parameters, "nash") != solution_key(
        changed.game(), changed.parameters, "nash"
    )


def test_a_changed_range_or_concept_is_another_key():
    model = loads_model(CHICKEN)
    narrower = loads_model(CHICKEN.replace("range = [2, 100]", "range = [2, 50]"))
    game = model.game()
    key = solution_key(game, model.parameters, "nash")
    assert key != solution_key(game, narrower.parameters, "nash")
    assert key != solution_key(game, model.parameters, "subgame-perfect")
    assert key != solution_key(game, None, "nash")


def test_the_disk_cache_survives_a_new_process(folder):
    script = (
        "import bargaining.analysis.cache as c; c.DISK_MIN_SECONDS = 0\n"
        "from bargaining import load_model, parametric_equilibria, cache_info\n"
        f"m = load_model({str(ROOT / 'models' / 'chicken.toml')!r})\n"
        "s = parametric_equilibria(m.game(), m.parameters)\n"
        "i = cache_info(); print(i.misses, i.disk_hits, len(s.pieces))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "BARGAINING_CACHE_DIR": str(folder)}

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=environment
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    first, second = run(), run()
    assert first[:2] == ["1", "0"] and second[:2] == ["0", "1"]
    assert first[2] == second[2]
    assert len(list(folder.glob("*.json"))) == 1


def test_a_solution_read_from_disk_equals_the_solved_one(folder):
    model = load_model(ROOT / "models" / "ceasefire_sequence.toml")
    game = model.game()
    solved = parametric_equilibria(game, model.parameters)
    clear_cache()  # memory only: the file stays
    read = parametric_equilibria(game, model.parameters)
    assert cache_info().disk_hits == 1 and read is not solved
    assert read.game == solved.game and read.space == solved.space
    assert (read.pieces, read.ties, read.labels, read.concept, read.complete) == (
        solved.pieces,
        solved.ties,
        solved.labels,
        solved.concept,
        solved.complete,
    )
    assert [str(t.value) for t in read.thresholds("L")] == ["4/9", "4/5"]


def _only_file(folder: Path) -> Path:
    (path,) = folder.glob("*.json")
    return path


@pytest.mark.parametrize(
    "damage",
    [
        "truncate",
        "garbage",
        "edit a number",
        "edit with a matching checksum",
        "unknown node",
        "other version",
        "wrong key",
    ],
)
def test_a_tampered_or_corrupt_file_is_ignored(folder, solves, damage):
    model = loads_model(CHICKEN)
    solved = parametric_equilibria(model.game(), model.parameters)
    path = _only_file(folder)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    if damage == "truncate":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "garbage":
        path.write_bytes(b"\x80\x00not json")
    elif damage in ("edit a number", "edit with a matching checksum", "unknown node"):
        replacement = '["int","7"]' if damage != "unknown node" else '["fn","__import__",[]]'
        edited = json.dumps(data["solution"], separators=(",", ":"))
        edited = edited.replace('["int","1"]', replacement, 1)
        data["solution"] = json.loads(edited)
        if damage != "edit a number":
            data["checksum"] = cache_module._checksum(data["solution"])
        path.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "other version":
        data["code"] = "0" * 64
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        data["key"] = "0" * 64
        path.write_text(json.dumps(data), encoding="utf-8")
    clear_cache()
    again = parametric_equilibria(model.game(), model.parameters)
    if damage == "edit with a matching checksum":
        # A consistent edit by someone who can write the user's cache folder is read (as an
        # edited model file would be): the whitelist makes it data, never code.
        assert len(solves) == 1 and again.pieces != solved.pieces
        return
    assert len(solves) == 2, "the damaged file must count as a miss"
    assert again.pieces == solved.pieces
    json.loads(_only_file(folder).read_text(encoding="utf-8"))  # rewritten whole


@pytest.fixture
def fingerprint():
    """Recompute the code fingerprint after the test changes what it reads."""
    cache_module.code_fingerprint.cache_clear()
    yield
    cache_module.code_fingerprint.cache_clear()


def test_a_new_package_version_invalidates(folder, solves, monkeypatch, fingerprint):
    model = loads_model(CHICKEN)
    parametric_equilibria(model.game(), model.parameters)
    key = solution_key(model.game(), model.parameters, "nash")
    monkeypatch.setattr(bargaining, "__version__", "99.0")
    cache_module.code_fingerprint.cache_clear()
    assert solution_key(model.game(), model.parameters, "nash") != key
    clear_cache()
    parametric_equilibria(model.game(), model.parameters)
    assert len(solves) == 2
    assert len(list(folder.glob("*.json"))) == 2


def test_an_edited_source_file_invalidates(monkeypatch, fingerprint):
    before = cache_module.code_fingerprint()
    original = Path.read_bytes

    def edited(path):
        data = original(path)
        return data + b"# edited" if path.name == "parametric.py" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    cache_module.code_fingerprint.cache_clear()
    assert cache_module.code_fingerprint() != before


def test_clearing_and_turning_off(folder, monkeypatch, solves):
    model = loads_model(CHICKEN)
    parametric_equilibria(model.game(), model.parameters)
    assert cache_info().entries == 1 and len(list(folder.glob("*.json"))) == 1
    clear_cache(disk=True)
    assert cache_info().entries == 0 and not list(folder.glob("*.json"))
    monkeypatch.setenv("BARGAINING_CACHE", "off")
    parametric_equilibria(model.game(), model.parameters)
    assert not list(folder.glob("*.json"))
    parametric_equilibria(model.game(), model.parameters)
    assert len(solves) == 2  # memory still caches


def test_the_memory_cache_is_bounded(folder, monkeypatch):
    monkeypatch.setattr(cache_module, "_MEMORY", cache_module._Memory(2))
    for cost in (3, 4, 5):
        model = loads_model(CHICKEN.replace("range = [2, 100]", f"range = [2, {cost * 10}]"))
        parametric_equilibria(model.game(), model.parameters)
    assert cache_info().entries == 2


def test_a_game_without_a_canonical_form_is_solved_every_time(folder):
    strange = object()  # no canonical form: it cannot be a key
    assert solution_key(strange, None, "nash") is None
    calls = []
    for _ in range(2):
        cache_module.cached_solution(strange, None, "nash", lambda: calls.append(1))
    assert len(calls) == 2 and cache_info().entries == 0


def test_the_expression_format_is_a_whitelist():
    L = sympy.Symbol("L", positive=True)
    symbols = {"L": L}
    for expression in (
        1 - L / 3,
        sympy.sqrt(L) * sympy.exp(-L) + sympy.Max(L, 1 - L),
        -(L + 1) / (2 * L - 4),
        sympy.Float("0.1", 30) * L,
    ):
        assert decode_expression(encode_expression(expression), symbols) == expression
    with pytest.raises(ValueError):
        encode_expression(sympy.sin(L))
    with pytest.raises(ValueError):
        decode_expression(["sym", "os"], symbols)
    with pytest.raises(ValueError):
        decode_expression(["fn", "eval", [["int", "1"]]], symbols)
    deep: list = ["sym", "L"]
    for _ in range(300):
        deep = ["pow", deep, ["int", "1"]]
    with pytest.raises(ValueError):
        decode_expression(deep, symbols)


def test_a_game_the_solver_renames_stays_in_memory_only(folder):
    L = sympy.Symbol("L")  # no assumptions: the solver renames it to the space's positive L
    game = bargaining.NormalFormGame.from_arrays([[[L, 0], [0, 1]], [[1, 0], [0, L]]])
    solution = parametric_equilibria(game, SPACE_L)
    assert solution.game != game
    assert not list(folder.glob("*.json"))
    assert parametric_equilibria(game, SPACE_L) is solution


def test_a_second_lookup_of_the_same_game_reuses_its_key(folder, monkeypatch):
    model = loads_model(CHICKEN)
    game, space = model.game(), model.parameters
    first = parametric_equilibria(game, space)
    calls = []
    original = cache_module.solution_key
    monkeypatch.setattr(cache_module, "solution_key", lambda *a: calls.append(a) or original(*a))
    assert parametric_equilibria(game, space) is first
    assert calls == []  # the key of these very objects was remembered
    copy = loads_model(CHICKEN)  # equal content, other objects: the key is computed again
    assert parametric_equilibria(copy.game(), copy.parameters) is first
    assert len(calls) == 1


def test_an_incomplete_solution_keeps_its_note_through_the_disk(folder):
    """The note and the unresolved supports say why a solution is solved point by point; a copy
    read from disk that lost them would sweep in symbols without saying what is missing."""
    space = bargaining.ParameterSpace([bargaining.Parameter("t", 0, 1, sympy.Rational(1, 2))])
    t = space.symbols["t"]
    game = bargaining.NormalFormGame.from_arrays(  # a continuum on the fully mixed support
        [
            [[[t, 0], [0, 1]], [[0, 1], [1, 0]]],
            [[[0, 1], [1, 0]], [[1, 0], [0, 1]]],
            [[[1, 0], [0, 1]], [[0, 1], [1, 0]]],
        ]
    )
    solved = parametric_equilibria(game, space)
    assert not solved.complete and solved.note and solved.unresolved
    clear_cache()  # memory only: the file stays
    read = parametric_equilibria(game, space)
    assert cache_info().disk_hits == 1 and read is not solved
    assert (read.complete, read.note, read.unresolved) == (
        solved.complete,
        solved.note,
        solved.unresolved,
    )
