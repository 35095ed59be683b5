"""The error boundary (sim/commands/boundary.py): one line for every failure, Ctrl-C = exit 130, no half-made run."""
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, SMALL

import sim.commands.race_main as entry
from sim.commands import boundary
from sim.commands.boundary import crash_line, guarded, log_into, strip_debug
from sim.errors import PacksimError


def _tree(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def _exit(capsys, call):
    with pytest.raises(SystemExit) as info:
        call()
    return info.value.code, capsys.readouterr().err


@pytest.fixture(autouse=True)
def _no_full_error(monkeypatch, tmp_path):
    monkeypatch.delenv("HYDRA_FULL_ERROR", raising=False)
    monkeypatch.setattr(boundary.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    log_into(None)
    yield
    log_into(None)


def _main_raising(exc):
    @guarded("packsim test")
    def main(argv=None):
        raise exc
    return main


def test_bad_input_is_one_line_exit_2(capsys):
    code, err = _exit(capsys, lambda: _main_raising(PacksimError("field.size: must be > 0\nsecond line"))([]))
    assert code == 2 and err == "packsim test: error: field.size: must be > 0 second line\n"


def test_a_bug_is_one_line_with_the_traceback_in_a_log(capsys, tmp_path):
    code, err = _exit(capsys, lambda: _main_raising(ZeroDivisionError("x" * 500))([]))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    log = tmp_path / "tmp" / f"packsim-crash-{os.getpid()}.log"
    assert err.startswith("packsim test: error: ZeroDivisionError: " + "x" * 80 + "…(500 chars)")
    assert err.rstrip().endswith(f"(full traceback in {log})")
    assert "Traceback (most recent call last)" in log.read_text() and "ZeroDivisionError" in log.read_text()


def test_the_traceback_goes_into_a_registered_run_folder(capsys, tmp_path):
    log_into(tmp_path)
    code, err = _exit(capsys, lambda: _main_raising(RuntimeError("boom"))([]))
    assert code == 2 and f"full traceback in {tmp_path / 'packsim.log'}" in err
    assert "RuntimeError: boom" in (tmp_path / "packsim.log").read_text()


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_also_prints_the_traceback(capsys, monkeypatch, how):
    seen = []

    @guarded()
    def main(argv=None):
        seen.append(argv)
        raise RuntimeError("boom")
    if how == "env":
        monkeypatch.setenv("HYDRA_FULL_ERROR", "1")
    code, err = _exit(capsys, lambda: main(["a=1", "--debug"] if how == "flag" else ["a=1"]))
    assert seen == [["a=1"]] and code == 2
    assert "Traceback (most recent call last)" in err and err.splitlines()[-1].startswith("packsim: error: RuntimeError")


def test_debug_is_taken_out_of_sys_argv(monkeypatch):
    seen = []

    @guarded()
    def main():
        seen.append(list(sys.argv[1:]))
    monkeypatch.setattr(sys, "argv", ["packsim", "--debug", "seed=1"])
    main()
    assert seen == [["seed=1"]]
    assert strip_debug(["x", "--debug"]) == (["x"], True) and strip_debug(["x"]) == (["x"], False)


def test_ctrl_c_is_one_line_exit_130(capsys):
    code, err = _exit(capsys, lambda: _main_raising(KeyboardInterrupt())([]))
    assert code == 130 and err == "packsim test: interrupted\n"


def test_success_and_own_exit_codes_pass_through(capsys):
    @guarded()
    def ok(argv=None):
        return 7
    assert ok([]) == 7
    code, _ = _exit(capsys, lambda: _main_raising(SystemExit(3))([]))
    assert code == 3


def test_crash_line_without_a_message_or_a_log():
    assert crash_line(KeyError(), None) == "KeyError (its traceback could not be written)"


def _sim(capsys, *args):
    return _exit(capsys, lambda: entry.main(list(args)))


@pytest.mark.parametrize("exc", [RuntimeError("a bug"), KeyboardInterrupt()])
def test_a_run_that_crashes_or_is_interrupted_leaves_no_run_folder(capsys, monkeypatch, tmp_path, exc):
    def run(cfg, run_dir, **kwargs):
        (tmp_path / "run" / "results.csv").write_text("half")
        raise exc
    monkeypatch.setattr(entry, "run", run)
    (tmp_path / "keep.txt").write_text("precious")
    code, err = _sim(capsys, *SMALL, f"hydra.run.dir={tmp_path / 'run'}")
    assert err.count("\n") == 1 and "Traceback" not in err, err
    if isinstance(exc, KeyboardInterrupt):
        assert code == 130 and err == "packsim: interrupted\n"
    else:
        assert code == 2 and err.startswith("packsim: error: RuntimeError: a bug (full traceback in ")
    assert sorted(os.listdir(tmp_path)) == ["keep.txt", "tmp"] and (tmp_path / "keep.txt").read_text() == "precious"


def test_a_finished_run_is_not_removed_by_a_later_failure(capsys, monkeypatch, tmp_path):
    entry.main([*SMALL, "sim.print_summary=false", f"hydra.run.dir={tmp_path / 'done'}"])
    assert (tmp_path / "done" / "results.csv").is_file()
    monkeypatch.setattr(entry, "run", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    code, _ = _sim(capsys, *SMALL, f"hydra.run.dir={tmp_path / 'next'}")
    assert code == 130 and (tmp_path / "done" / "results.csv").is_file() and not (tmp_path / "next").exists()


def test_hydra_errors_are_one_line(capsys, tmp_path):
    code, err = _sim(capsys, *SMALL, "+nonsense=1", f"hydra.run.dir={tmp_path / 'run'}")
    assert code == 2 and err.count("\n") == 1 and err.startswith("packsim: error:"), err
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("module,args,prefix", [
    ("collect", ["/no/such/sweep"], "packsim collect: error: not a directory"),
    ("compare", ["tactics=[even]"], "packsim: error: tactics="),
    ("sensitivity", ["--param", "drafting.nope", "0", "1", "-n", "1", "--replicates", "1"], "packsim sensitivity: error:"),
    ("optimise", ["--runner", "X", "--trials", "0"], "packsim optimise: error: --trials"),
    ("plan", ["tactic=teleport"], "packsim: error: tactic=teleport"),
])
def test_every_command_is_guarded(capsys, module, args, prefix):
    import importlib
    main = importlib.import_module(f"sim.commands.{module}").main
    assert main.__wrapped__ is not None
    code, err = _exit(capsys, lambda: main(args))
    assert code == 2 and err.count("\n") == 1 and err.startswith(prefix), err


def test_ctrl_c_during_a_real_run(tmp_path):
    """SIGINT to ``python -m sim`` mid-race: one line, exit 130, no traceback, the run folder removed."""
    out = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "sim", f"hydra.run.dir={out}", "replicates=200", "sim.workers=1",
                             "sim.plots=false", "sim.print_summary=false"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (out / ".hydra").is_dir() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        time.sleep(3.0)   # well into the replicates
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert err == "packsim: interrupted\n", err
    assert not out.exists() and _tree(tmp_path) == ["tmp"]
