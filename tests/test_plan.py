"""packsim plan (sim/commands/plan.py, sim/outputs/plan_tables.py): one runner's race alone, per km."""
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, SMALL, compose_config, run_race
from label_check import assert_labels_fit

from sim.commands.plan import make_plan, prepare
from sim.outputs.plan_tables import plan_figure

# a 3.45 km course (the small hilly course with a flat 450 m added), so the plan ends on a partial km
COURSE = "distance_m,elevation_m,heading_deg\n" + "\n".join(
    f"{x},{100 + (10 if 1000 <= x <= 2000 else 0)},{90 if x < 2500 else 180}"
    for x in range(0, 3001, 250)) + "\n3450,100,180\n"


def plan_overrides(tmp_path, *extra):
    course = tmp_path / "course.csv"
    course.write_text(COURSE)
    small = [o for o in SMALL if not o.startswith("course.profile")]
    return [f"course.profile={course}", *small, *extra]


def run_plan(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sim.cli", "plan", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def test_plan_csv_has_a_row_per_km_adding_up_to_the_solo_finish(tmp_path):
    out = tmp_path / "plan"
    proc = run_plan(*plan_overrides(tmp_path), "focal=Bob Sit", "tactic=even", "sim.plots=true", f"out={out}")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(out / "plan.csv")
    assert table["km"].tolist() == [1.0, 2.0, 3.0, 3.45]
    assert table["length_m"].tolist() == [1000.0, 1000.0, 1000.0, 450.0]
    finish_s = table["cumulative_s"].iloc[-1]
    assert abs(table["split_s"].sum() - finish_s) < 1e-6
    assert list(table.columns) == ["km", "length_m", "split_s", "cumulative_s", "split_hms", "cumulative_hms",
                                   "pace_s_km", "grade_pct", "elevation_m", "headwind_m_s", "effort_cs"]
    # hand values of the course: +1 % over km 2 (100 -> 110 m from 1000 to 2000 m), -1 % over km 3
    assert table["grade_pct"].tolist() == pytest.approx([1.0, 0.0, -1.0, 0.0])
    assert (table["effort_cs"] > 0.5).all() and (table["effort_cs"] < 1.5).all()
    # the same runner with nobody else: a field of one (roster of one, field.size=1) finishes at the same time
    roster = tmp_path / "bob.csv"
    roster.write_text("name,seed_time_s,seed_distance_m,sex,tactic\nBob Sit,2:11:00,,M,even\n")
    solo = run_race(*plan_overrides(tmp_path, f"field.roster={roster}", "field.size=1"))
    plan_alone, _, _ = make_plan(*prepare(plan_overrides(tmp_path, f"field.roster={roster}", "field.size=1",
                                                          "focal=Bob Sit"))[:2])
    assert solo.results[0].t_chip_s == pytest.approx(plan_alone[-1].cumulative_s, abs=1e-9)
    assert (out / "plan.md").read_text().count("\n| ") == len(table) + 1
    assert (out / "plan.png").is_file()


def test_the_plans_runner_is_the_races_runner_on_the_same_seed(tmp_path):
    overrides = plan_overrides(tmp_path)
    records, solo, t_s = make_plan(*prepare([*overrides, "focal=Bob Sit"])[:2])
    race = run_race(*overrides)
    in_race = next(r for r in race.results if r.runner == "Bob Sit")
    assert solo.results[0].critical_speed_m_s == in_race.critical_speed_m_s
    assert solo.results[0].d_prime_m == in_race.d_prime_m
    assert len(solo.results) == 1 and t_s[0] == 0.0 and np.all(np.diff(t_s) > 0)
    assert records[-1].cumulative_s == pytest.approx(solo.results[0].t_chip_s, abs=1e-9)


def test_own_athlete_and_the_figure_labels(tmp_path):
    cfg, focal, _ = prepare(plan_overrides(tmp_path, "athlete.name=Sam Coach", "athlete.seed_time_s=2:30:00",
                                           "tactic=even"))
    assert focal == "Sam Coach" and cfg.field.tactic_of["Sam Coach"] == "even"
    records, result, t_s = make_plan(cfg, focal)
    assert result.results[0].runner == "Sam Coach" and result.results[0].tactic == "even"
    fig = plan_figure(records, result, t_s)
    try:
        assert_labels_fit(fig, what="plan.png")
    finally:
        plt.close(fig)


@pytest.mark.parametrize("args,mention", [
    (["focal=Bob Sitt"], "Bob Sit"),
    (["focal=Bob Sit", "tactic=teleport"], "known tactics"),
    (["athlete.name=Sam", "athlete.speed=3"], "known: name, seed_time_s"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, args, mention):
    out = tmp_path / "plan"
    proc = run_plan(*plan_overrides(tmp_path), *args, f"out={out}")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and mention in lines[0], proc.stderr
    assert not out.exists() and not (tmp_path / "plan.partial").exists()


def test_the_plans_effort_is_the_one_the_process_ran(tmp_path):
    """run_alone reports per segment the effort the runner's process ran: its last segment's is the state's."""
    import sim.engine.race as race
    cfg = compose_config(*plan_overrides(tmp_path))
    setup = race.RaceSetup(cfg)
    captured = {}
    original = setup._race

    def spy(*args, **kwargs):
        captured["out"] = original(*args, **kwargs)
        return captured["out"]

    setup._race = spy
    result, t_s, seg = setup.run_alone(np.random.default_rng(cfg.seed), "Bob Sit", cfg.seed)
    state = captured["out"][1].state[0]
    assert len(seg) == setup.course.n_segments and np.all(np.isfinite(t_s))
    assert seg[-1][0] == float(state["effort_m_s"])
    assert np.all(seg[:, 0] > 0)