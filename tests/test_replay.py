"""run_info.json in every run directory, and ``python -m sim --replay <run dir>`` giving the same bytes."""
import json

from conftest import SMALL, run_cli

TABLES = ("results.csv", "splits.csv", "events.csv", "summary.json")


def test_replay_gives_byte_identical_outputs(tmp_path):
    first, again = tmp_path / "first", tmp_path / "again"
    assert run_cli(*SMALL, "seed=7", "weather.wind_speed_m_s=3", f"hydra.run.dir={first}").returncode == 0
    info = json.loads((first / "run_info.json").read_text())
    assert info["seed"] == 7 and "seed=7" in info["overrides"] and info["packsim_version"]
    assert info["replay"].endswith(f"--replay {first}") and info["python"].count(".") == 2
    assert not any(o.startswith("hydra.") for o in info["overrides"])   # where it ran is not part of the run
    proc = run_cli("--replay", str(first), f"hydra.run.dir={again}")
    assert proc.returncode == 0, proc.stderr
    for name in TABLES:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    assert json.loads((again / "run_info.json").read_text())["overrides"] == info["overrides"]


def test_replay_with_a_changed_key_replaces_the_recorded_one(tmp_path):
    first, other = tmp_path / "first", tmp_path / "other"
    assert run_cli(*SMALL, "seed=7", "sim.print_summary=false", f"hydra.run.dir={first}").returncode == 0
    proc = run_cli("--replay", str(first), "seed=8", f"hydra.run.dir={other}")
    assert proc.returncode == 0, proc.stderr
    assert json.loads((other / "summary.json").read_text())["seed"] == 8
    assert (other / "results.csv").read_bytes() != (first / "results.csv").read_bytes()


def test_replay_of_a_missing_run_is_one_line_exit_2(tmp_path):
    proc = run_cli("--replay", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("packsim: error: --replay") and ".hydra" in lines[0]
