"""The time budget of n-player support enumeration holds inside one support's solve.

A support system's Gröbner basis is one uninterruptible call into python-flint; large systems
are solved in a forked worker that is killed at the deadline
(:mod:`bargaining.solvers.stoppable`). These tests check that a stopped solve is flagged and
named, that no worker process is left behind, and that complete answers are unchanged.
Nothing here asserts a time.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import sys
import threading
import time

import numpy as np
import pytest

from bargaining import NormalFormGame, nash_equilibria
from bargaining.algebraic import algebraic_roots
from bargaining.budget import Budget
from bargaining.cli.app import main
from bargaining.errors import GameError
from bargaining.solvers.nash import IncompleteResultWarning
from bargaining.solvers.stoppable import CallStopped, StoppableCalls, can_fork, dumps
from bargaining.solvers.verification import is_equilibrium

# The package's lazy __init__ hands out the function under the module's name.
enumeration = importlib.import_module("bargaining.solvers.support_enumeration")

needs_fork = pytest.mark.skipif(not can_fork(), reason="no safe fork on this platform")


def random_game(shape: tuple[int, ...], seed: int) -> NormalFormGame:
    """The random games of benchmarks/bench_nplayer.py: integer payoffs in -20..20."""
    table = np.random.default_rng(seed).integers(-20, 21, size=(*shape, len(shape)))
    return NormalFormGame.from_arrays([table[..., k] for k in range(len(shape))])


# Its totally mixed support system (8 unknowns, Bézout bound 256) took 129 s of CPU in flint's
# Buchberger algorithm, far past any budget below.
SLOW = random_game((4, 4, 3), 0)
FULL_SUPPORT = ((0, 1, 2, 3), (0, 1, 2, 3), (0, 1, 2))


@needs_fork
def test_a_support_solve_past_the_deadline_is_stopped_named_and_its_worker_killed(monkeypatch):
    # Only the slow profile is visited, so the deadline surely falls inside its solve.
    monkeypatch.setattr(enumeration, "support_profiles", lambda shape: [FULL_SUPPORT])
    result = enumeration.support_enumeration(SLOW, budget=Budget(seconds=0.5))
    assert not result.complete
    assert result.note == (
        "the time budget of 0.5 s ran out after 1 of 1 support profiles; support profile 1 "
        "(Player 1: {1, 2, 3, 4}, Player 2: {1, 2, 3, 4}, Player 3: {1, 2, 3}) was stopped "
        "unfinished"
    )
    assert multiprocessing.active_children() == []


@needs_fork
def test_nash_equilibria_on_a_slow_game_returns_verified_equilibria_flagged_incomplete():
    with pytest.warns(IncompleteResultWarning, match="the time budget of 1 s ran out after"):
        found = nash_equilibria(SLOW, budget=Budget(seconds=1))
    assert not found.complete and found.note.startswith("the time budget of 1 s ran out after")
    assert all(is_equilibrium(SLOW, eq.strategies) for eq in found)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("seed", range(3))
def test_complete_answers_are_the_same_in_a_worker_and_in_process(monkeypatch, seed):
    game = random_game((3, 3, 3), seed)
    in_process = enumeration.support_enumeration(game)  # no budget: nothing is forked
    started = []
    start = StoppableCalls._start
    monkeypatch.setattr(
        StoppableCalls, "_start", lambda self, budget: started.append(1) or start(self, budget)
    )
    with_worker = nash_equilibria(game)
    assert with_worker.complete and in_process.complete
    assert list(with_worker) == list(in_process.equilibria)
    assert started == ([1] if can_fork() else [])  # one worker served every large system
    assert multiprocessing.active_children() == []


@needs_fork
def test_the_cli_prints_a_stopped_solve_as_one_line(tmp_path, capsys, monkeypatch):
    table = np.stack([SLOW.payoff_array(k) for k in range(3)], axis=-1).astype(int)
    names = {"A": 4, "B": 4, "C": 3}
    strategies = ", ".join(
        f"{p} = {json.dumps([f'{p.lower()}{k}' for k in range(m)])}" for p, m in names.items()
    )
    model = tmp_path / "slow.toml"
    model.write_text(
        '[model]\nname = "slow"\n[players.A]\n[players.B]\n[players.C]\n[games.g]\n'
        f'type = "normal"\nstrategies = {{ {strategies} }}\n'
        f"payoffs = {json.dumps(table.tolist())}\n"
    )
    monkeypatch.setenv("BARGAINING_BUDGET", "seconds=1")
    assert main(["solve", str(model)]) == 0
    out, err = capsys.readouterr()
    (line,) = err.splitlines()
    assert line.startswith(
        "bargaining: warning: the result may be incomplete: the time budget of 1 s ran out after"
    )
    assert "incomplete: the time budget of 1 s ran out" in " ".join(out.split())
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_call_past_the_deadline_raises_and_leaves_no_process():
    calls = StoppableCalls(time.sleep, Budget(seconds=0.2))
    with calls, pytest.raises(CallStopped, match=r"the time budget of 0\.2 s ran out"):
        calls(30, isolate=True)
    assert multiprocessing.active_children() == []


@needs_fork
def test_the_worker_serves_many_calls_and_passes_errors_and_exact_numbers_back():
    def work(kind: str) -> object:
        if kind == "pid":
            return os.getpid()
        if kind == "roots":
            return algebraic_roots([-2, 0, 1])
        raise GameError(f"bad {kind}")

    with StoppableCalls(work, Budget(seconds=60)) as call:
        worker = call("pid", isolate=True)
        assert worker != os.getpid() and call("pid", isolate=True) == worker
        assert call("pid", isolate=False) == os.getpid()
        roots = call("roots", isolate=True)
        assert roots == algebraic_roots([-2, 0, 1]) and roots[0] * roots[0] == 2
        with pytest.raises(GameError, match="bad input"):
            call("input", isolate=True)
        assert multiprocessing.active_children() != []
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_worker_that_dies_is_reported_not_waited_for():
    with (
        StoppableCalls(os._exit, Budget(seconds=60)) as call,
        pytest.raises(CallStopped, match=r"worker process died \(exit code 3\)"),
    ):
        call(3, isolate=True)
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_slow_call_in_process_isolates_the_later_ones():
    def work(size: int) -> int:
        sum(range(size))  # some CPU time
        return os.getpid()

    with StoppableCalls(work, Budget(seconds=60), isolate_after=0.0) as call:
        assert call(10**5, isolate=False) == os.getpid()
        assert call(1, isolate=False) != os.getpid()


def test_outside_the_main_thread_closures_run_in_process():
    answers: list = []

    def run() -> None:
        answers.append(can_fork())
        with StoppableCalls(lambda: os.getpid(), Budget(seconds=60)) as call:
            answers.append(call(isolate=True))  # a closure cannot go to a fresh interpreter
        with StoppableCalls(os.getpid, Budget(seconds=60)) as call:
            answers.append(call(isolate=True) != os.getpid())  # os.getpid can

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert answers == [False, os.getpid(), sys.platform != "darwin"]
    assert multiprocessing.active_children() == []  # no fork


@needs_fork
def test_a_budget_of_any_length_is_waited_for():
    # poll() refuses timeouts beyond about 24 days: the wait is made in steps.
    with StoppableCalls(pow, Budget(seconds=1e300)) as call:
        assert call(2, 5, isolate=True) == 32


def test_no_budget_means_no_worker():
    with StoppableCalls(os.getpid, None) as call:
        assert call(isolate=True) == os.getpid()


def test_exact_algebraic_numbers_survive_the_pipe():
    import pickle

    roots = algebraic_roots([-3, 0, 0, 1])  # the cube root of 3
    (back,) = pickle.loads(dumps(roots))
    assert back == roots[0] and back**3 == 3 and back.root is not roots[0].root
