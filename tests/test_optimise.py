"""A few Optuna trials placing one runner's surge on the 3 km test course (12 runners)."""
import subprocess
import sys

import pandas as pd
import pytest
from conftest import DATA, ROOT, compose_config

pytest.importorskip("optuna", reason="optuna not installed (pip install -e '.[research]')")

from sim.commands.optimise import optimise_surge, runner_tactic  # noqa: E402
from sim.errors import PacksimError  # noqa: E402

TINY = [f"course.profile={DATA / 'hilly_3k.csv'}", f"field.roster={DATA / 'roster_small.csv'}", "field.size=12",
        "field.generated_seed_time_min_s=7900"]


def test_optuna_places_the_surge_within_the_range(tmp_path):
    cfg = compose_config(*TINY)
    seen = []
    plan = optimise_surge(cfg, "Bob Sit", n_trials=4, replicates=2, surge_range_m=(1000.0, 2800.0),
                          storage=f"sqlite:///{tmp_path / 'surge.db'}", study_name="bob",
                          callback=lambda n, p, v: seen.append((n, p, v)))
    assert len(plan.trials) == 4 and [n for n, _, _ in seen] == [0, 1, 2, 3]
    assert plan.trials.surge_at_m.between(1000.0, 2800.0).all() and (plan.trials.state == "COMPLETE").all()
    assert plan.best_value == min(v for _, _, v in seen)
    assert 400 < plan.baseline_value < 700                         # a 3 km race [s]
    assert cfg.tactics.keys() == compose_config(*TINY).tactics.keys()   # the base config is not changed
    # the study was kept in the storage: resuming it adds trials
    again = optimise_surge(cfg, "Bob Sit", n_trials=1, replicates=2, surge_range_m=(1000.0, 2800.0),
                           storage=f"sqlite:///{tmp_path / 'surge.db'}", study_name="bob")
    assert len(again.trials) == 5


def test_win_objective_and_lift_range():
    plan = optimise_surge(compose_config(*TINY), "Cy Even", n_trials=3, replicates=2, objective="win",
                          lift_range=(0.02, 0.08))
    assert set(plan.best_params) == {"surge_at_m", "surge_lift"}
    assert 0.0 <= plan.best_value <= 1.0 and plan.study.direction.name == "MAXIMIZE"


def test_runner_tactic_and_unknown_runner():
    cfg = compose_config(*TINY)
    assert runner_tactic(cfg, "Ann Lead") == "front_run" and runner_tactic(cfg, "Cy Even") == "even"
    with pytest.raises(PacksimError, match="Nobody"):
        optimise_surge(cfg, "Nobody", n_trials=1, replicates=1)


def test_cli(tmp_path):
    out = tmp_path / "trials.csv"
    proc = subprocess.run([sys.executable, "-m", "sim.optimise", "--runner", "Bob Sit", "--trials", "3",
                           "--replicates", "1", "--out", str(out), *TINY],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Bob Sit: best surge_at_m=" in proc.stdout
    assert list(pd.read_csv(out).columns) == ["number", "surge_at_m", "value", "state"]


@pytest.mark.parametrize("storage,mention", [
    ("sqlite:////nonexistent/dir/x.db", "does not exist"),
    ("sqlite:///{tmp}", "is a folder"),
    ("sqlite://x.db", "three slashes"),
    ("surge.db", "not a storage URL"),
])
def test_a_storage_that_cannot_hold_the_study_is_one_line_before_any_race(tmp_path, capsys, storage, mention):
    from sim.commands.optimise import main
    with pytest.raises(SystemExit) as info:
        main(["--runner", "Bob Sit", "--trials", "1", "--replicates", "1", "--storage",
              storage.format(tmp=tmp_path), *TINY])
    err = capsys.readouterr().err
    assert info.value.code == 2 and err.count("\n") == 1 and err.startswith("packsim optimise: error: --storage")
    assert mention in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
