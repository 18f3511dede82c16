"""Issue 13, data and the machine: no user file is ever lost, temporaries never outlive a run,
and ordinary OS errors end as clear messages with exit 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bargaining import SweepResult, grid, load_model, sweep
from bargaining.analysis.sweep_result import SweepFileError
from bargaining.cli.app import main
from bargaining.errors import BargainingError
from bargaining.files import exit_on_terminate, remove_stale, replace_directory
from bargaining.report.output import MARKER, check_output, write_files

ROOT = Path(__file__).resolve().parent.parent
CHICKEN = str(ROOT / "models" / "chicken.toml")


def dead_pid() -> int:
    """The id of a process that has exited (and been reaped), as a SIGKILLed run leaves."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".bargaining-" in path.name)


# -- a report folder is one the report wrote --------------------------------------------------


def test_a_folder_of_the_users_own_report_like_files_is_refused(tmp_path):
    notes = tmp_path / "mynotes"
    notes.mkdir()
    mine = {"plan.md": "mine", "page.html": "<p>mine</p>", "chart.svg": "<svg/>"}
    for name, text in mine.items():
        (notes / name).write_text(text)
    with pytest.raises(BargainingError, match="mynotes is not a report folder"):
        write_files(notes, {"report.md": b"# new"})
    assert {path.name: path.read_text() for path in notes.iterdir()} == mine
    assert leftovers(tmp_path) == []


def test_a_note_added_to_an_earlier_report_is_never_deleted(tmp_path):
    target = tmp_path / "report"
    write_files(target, {"report.md": b"earlier", "figure.svg": b"<svg/>"})
    (target / "notes.md").write_text("my notes")
    with pytest.raises(BargainingError, match=r"did not write \(notes.md\)"):
        write_files(target, {"report.md": b"new"})
    assert (target / "notes.md").read_text() == "my notes"
    assert (target / "report.md").read_bytes() == b"earlier"


def test_a_report_replaces_its_own_folder_and_an_empty_one(tmp_path):
    target = tmp_path / "report"
    target.mkdir()
    write_files(target, {"report.md": b"first", "old.svg": b"<svg/>"})
    write_files(target, {"report.md": b"second"})
    assert sorted(path.name for path in target.iterdir()) == [MARKER, "report.md"]
    assert (target / "report.md").read_bytes() == b"second"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("exchange_works", [True, False])
def test_replacement_never_leaves_the_target_missing(tmp_path, monkeypatch, exchange_works):
    target, staging = tmp_path / "report", tmp_path / "staging"
    target.mkdir()
    (target / "a").write_text("old")
    staging.mkdir()
    (staging / "a").write_text("new")
    if not exchange_works:  # the fallback: two renames, the old folder kept until the second
        monkeypatch.setattr("bargaining.files.exchange", lambda first, second: False)
    replace_directory(staging, target)
    assert (target / "a").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report"]


def test_a_killed_run_between_two_renames_gets_its_report_back(tmp_path):
    target = tmp_path / "report"
    moved_aside = tmp_path / f".report.bargaining-old-{dead_pid()}-0badcafe"
    moved_aside.mkdir()
    (moved_aside / "report.md").write_text("earlier")
    staged = tmp_path / f".report.bargaining-tmp-{dead_pid()}-0badcafe"
    staged.mkdir()
    live = tmp_path / f".report.bargaining-tmp-{os.getpid()}-0badcafe"
    live.mkdir()
    remove_stale(target)
    assert (target / "report.md").read_text() == "earlier"
    assert not staged.exists() and live.exists()  # a live process's temporary is left alone


def test_sigterm_while_writing_a_report_removes_the_staging_folder(tmp_path, monkeypatch):
    target = tmp_path / "report"
    write_files(target, {"report.md": b"earlier"})
    real_write = Path.write_bytes

    def write_then_terminate(self, data):
        real_write(self, data)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Path, "write_bytes", write_then_terminate)
    with pytest.raises(SystemExit) as stopped, exit_on_terminate():
        write_files(target, {"report.md": b"new"})
    assert stopped.value.code == 128 + signal.SIGTERM
    assert (target / "report.md").read_bytes() == b"earlier"
    assert leftovers(tmp_path) == []


# -- -o is checked before anything is computed ------------------------------------------------


def refuse_analysis(monkeypatch):
    def analysis(*args, **kwargs):
        raise AssertionError("the analysis ran before the output was checked")

    monkeypatch.setattr("bargaining.report.pipeline.analyse_model", analysis)


def test_report_refuses_an_output_under_a_file_before_computing(tmp_path, capsys, monkeypatch):
    refuse_analysis(monkeypatch)
    (tmp_path / "afile").write_text("x")
    assert main(["report", CHICKEN, "-o", str(tmp_path / "afile" / "report")]) == 2
    error = capsys.readouterr().err
    assert "afile is a file, not a folder" in error and "internal error" not in error


def test_report_refuses_a_foreign_output_folder_before_computing(tmp_path, capsys, monkeypatch):
    refuse_analysis(monkeypatch)
    (tmp_path / "notes.md").write_text("mine")
    assert main(["report", CHICKEN, "-o", str(tmp_path)]) == 2
    assert "is not a report folder" in capsys.readouterr().err


def test_report_refuses_a_read_only_folder_before_computing(tmp_path, capsys, monkeypatch):
    refuse_analysis(monkeypatch)
    # root may write anywhere, so the permission is simulated for this folder only
    real_access = os.access
    monkeypatch.setattr(
        "os.access", lambda path, mode: Path(path) != tmp_path and real_access(path, mode)
    )
    assert main(["report", CHICKEN, "-o", str(tmp_path / "report")]) == 2
    assert "is not writable" in capsys.readouterr().err


def test_an_os_error_while_writing_ends_as_exit_2(tmp_path, capsys, monkeypatch):
    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    arguments = ["report", CHICKEN, "-o", str(tmp_path / "r"), "--claim-examples", "0"]
    assert main([*arguments, "--draws", "10"]) == 2
    error = capsys.readouterr().err
    assert "No space left on device" in error and "internal error" not in error
    assert leftovers(tmp_path) == [] and not (tmp_path / "r").exists()


def test_check_output_accepts_a_new_folder_under_missing_ones(tmp_path):
    assert check_output(tmp_path / "a" / "b" / "report") == tmp_path / "a" / "b" / "report"


# -- sweep --out -------------------------------------------------------------------------------


def sweep_cli(capsys, *arguments: str) -> tuple[int, str]:
    code = main(["sweep", CHICKEN, "--no-progress", *arguments])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("where", ["afile/r.npz", "missing/r.npz", "folder.npz"])
def test_sweep_out_that_cannot_be_written_is_refused_first(tmp_path, capsys, where):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "folder.npz").mkdir()
    code, error = sweep_cli(capsys, "--param", "c=2:100:5", "--out", str(tmp_path / where))
    assert code == 2 and "cannot write" in error and "internal error" not in error


def test_sweep_removes_the_temporary_a_killed_sweep_left(tmp_path, capsys):
    out = tmp_path / "r.npz"
    stale = tmp_path / f".r.npz.bargaining-tmp-{dead_pid()}-0badcafe"
    stale.mkdir()
    (stale / "0.npy").write_bytes(b"\0" * 1000)
    assert sweep_cli(capsys, "--param", "c=2:100:5", "--out", str(out))[0] == 0
    assert leftovers(tmp_path) == [] and SweepResult.load(out).count.tolist() == [3] * 5


def wait_for(condition, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_sigterm_stops_a_sweep_out_and_leaves_no_temporary(tmp_path):
    out = tmp_path / "r.npz"
    sweep(load_model(CHICKEN), grid(c=[2, 50]), out=out)
    before = out.read_bytes()
    command = [sys.executable, "-m", "bargaining.cli", "sweep", CHICKEN, "--no-progress"]
    command += ["--param", "c=2:100:1000000", "--method", "points", "--chunk-size", "500"]
    process = subprocess.Popen([*command, "--out", str(out)], cwd=ROOT, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: leftovers(tmp_path)), "the sweep never started writing"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 128 + signal.SIGTERM
    finally:
        process.kill()
        process.wait()
    assert leftovers(tmp_path) == []
    assert out.read_bytes() == before


def test_sigterm_stops_a_report_and_keeps_the_earlier_one(tmp_path):
    out = tmp_path / "report"
    write_files(out, {"report.md": b"earlier"})
    # The ceasefire model's analysis takes tens of seconds, far longer than the wait below on
    # an idle machine; on a loaded one the signal may land during the imports, before the
    # handler is set, and the default action (-SIGTERM) must leave the old report too.
    ceasefire = str(ROOT / "models" / "ceasefire.toml")
    command = [sys.executable, "-m", "bargaining.cli", "report", ceasefire, "-o", str(out)]
    process = subprocess.Popen([*command, "--draws", "10000000"], cwd=ROOT)
    try:
        time.sleep(4)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) in (128 + signal.SIGTERM, -signal.SIGTERM)
    finally:
        process.kill()
        process.wait()
    assert (out / "report.md").read_bytes() == b"earlier"
    assert leftovers(tmp_path) == []


# -- files that are not what they claim to be --------------------------------------------------


def test_a_fifo_given_as_the_model_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "model.toml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "bargaining.cli", "show", str(fifo)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "not a regular file" in result.stderr


def saved(tmp_path) -> Path:
    return sweep(load_model(CHICKEN), grid(c=[2, 10, 50])).save(tmp_path / "r.npz")


def rewrite_member(path: Path, name: str, content: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


def npy(array: np.ndarray, *, shape: tuple[int, ...] | None = None) -> bytes:
    import io

    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    data = buffer.getvalue()
    if shape is not None:  # a header claiming far more data than follows it
        header = {"descr": array.dtype.str, "fortran_order": False, "shape": shape}
        head = io.BytesIO()
        np.lib.format.write_array_header_1_0(head, header)
        data = head.getvalue() + array.tobytes()
    return data


@pytest.mark.parametrize("mmap", [False, True])
@pytest.mark.parametrize(
    "damage",
    ["truncated", "garbage", "meta not json", "meta a list", "meta missing keys", "huge header"],
)
def test_a_damaged_sweep_file_raises_the_sweep_file_error(tmp_path, damage, mmap):
    path = saved(tmp_path)
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(5000))
    elif damage == "meta not json":
        rewrite_member(path, "meta.npy", npy(np.array('{"format": "bargaining.sweep", ')))
    elif damage == "meta a list":
        rewrite_member(path, "meta.npy", npy(np.array("[1, 2]")))
    elif damage == "meta missing keys":
        meta = '{"format": "bargaining.sweep", "version": 1}'
        rewrite_member(path, "meta.npy", npy(np.array(meta)))
    else:
        rewrite_member(path, "count.npy", npy(np.zeros(3, np.int64), shape=(10**12,)))
    with pytest.raises(SweepFileError):
        SweepResult.load(path, mmap=mmap)
