"""sim/commands/compare.py: tactics raced on the same seeds; a coach's athlete joins the field; bad input is one line."""
import numpy as np
import pandas as pd
import pytest
from conftest import SMALL

from sim.commands.compare import main, paired_difference, prepare, run_tactics
from sim.commands.replicates import run_replicates
from sim.outputs.story import ordinal
from sim.records import as_rows, hms

TINY = [o for o in SMALL if o != "sim.plots=false"]
COMMON = [*TINY, "replicates=6", "workers=1", "sensitivity=false"]


def run_main(capsys, *args):
    """``python -m sim.compare args`` in this process: (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_paired_difference_by_hand():
    mean, low, high, n = paired_difference([10.0, 12.0, 14.0, np.nan], [9.0, 10.0, 11.0, 5.0])
    # differences 1, 2, 3: mean 2, sd 1, half-width t975(2) / sqrt(3)
    assert (mean, n) == (2.0, 3)
    assert high - mean == pytest.approx(4.3027 / np.sqrt(3), rel=1e-4) and mean - low == pytest.approx(high - mean)


def test_same_seeds_for_every_tactic(tmp_path):
    cfg, focal, tactics, opts = prepare([*COMMON, "focal=Bob Sit", "tactics=[sit,front_run]", f"out={tmp_path / 'c'}"])
    rows = run_tactics(cfg, focal, ["sit", "sit", "front_run"], workers=1)
    first, again = (rows[rows.tactic == "sit"].iloc[k * 6:(k + 1) * 6] for k in (0, 1))
    assert first.t_finish_s.tolist() == again.t_finish_s.tolist()   # same seed k -> same race
    front = rows[rows.tactic == "front_run"]
    assert front.t_finish_s.tolist() != first.t_finish_s.tolist()


def test_baseline_difference_is_exactly_zero_and_files_are_written(tmp_path, capsys):
    out = tmp_path / "cmp"
    code, stdout, stderr = run_main(capsys, *COMMON, "sensitivity=true", "focal=Bob Sit", "tactics=[sit,front_run]",
                                    f"out={out}")
    assert code == 0, stderr
    sens = pd.read_csv(out / "compare_sensitivity.csv")
    assert sens.drafting_s0.tolist() == [0.5, 0.6, 0.7]
    table = pd.read_csv(out / "compare.csv")
    assert table.tactic.tolist() == ["sit", "front_run"]
    base = table.iloc[0]
    assert base.diff_mean_s == 0.0 and base.diff_ci95_low_s == 0.0 and base.diff_ci95_high_s == 0.0
    assert base.n_paired == 6 and table.runner.tolist() == ["Bob Sit", "Bob Sit"]
    for name in ("compare.csv", "compare_replicates.csv", "compare.png", "compare.md"):
        assert (out / name).is_file(), name
    md = (out / "compare.md").read_text()
    assert "**Answer.** For Bob Sit, front_run is" in md and "compare.png" in md
    assert "front_run" in stdout and not (tmp_path / ".cmp.partial").exists()


def test_a_coach_athlete_joins_the_field(tmp_path, capsys):
    out = tmp_path / "cmp"
    athlete = ["athlete.name=Coach Kid", "athlete.seed_time_s=2:14:30", "athlete.mass_kg=58"]
    code, _, stderr = run_main(capsys, *COMMON, *athlete, "tactics=[sit,even]", f"out={out}")
    assert code == 0, stderr
    table = pd.read_csv(out / "compare.csv")
    assert table.runner.tolist() == ["Coach Kid", "Coach Kid"] and table.finishes.min() >= 1
    md = (out / "compare.md").read_text()
    assert "the coach's athlete" in md and "(replicate_0/sit/story.md)" in md
    # replicate 0, raced in full under each tactic: the athlete is in its results and its story
    rows = pd.read_csv(out / "compare_replicates.csv")
    for tactic in ("sit", "even"):
        example = out / "replicate_0" / tactic
        results = pd.read_csv(example / "results.csv")
        kid = results[results.runner == "Coach Kid"].iloc[0]
        row = rows[(rows.tactic == tactic) & (rows.replicate == 0)].iloc[0]
        assert (kid.place, kid.tactic, kid.t_finish_s) == (row.place, tactic, row.t_finish_s)
        assert len(results) == 24 and kid.seed_time_s == 8070.0
        story = (example / "story.md").read_text()
        focal = story.split("## The focal runners\n")[1]
        assert f"Coach Kid ({tactic})" in focal and "at halfway (" in focal
        assert f"Finished {ordinal(int(kid.place))} of {len(results)} in {hms(kid.t_finish_s)}" in focal
        assert (example / "summary.json").is_file() and (example / "events.csv").is_file()
    cfg, focal, _, _ = prepare([*COMMON, *athlete, "tactics=[sit,even]", f"out={tmp_path / 'other'}"])
    results = pd.DataFrame(as_rows(run_replicates(cfg, workers=1).results))
    per_replicate = results.groupby("replicate")
    assert (per_replicate.size() == 24).all()                               # field.size stays
    coach = results[results.runner == "Coach Kid"]
    assert len(coach) == 6 and (coach.seed_time_s == 8070.0).all()


def test_an_athlete_from_a_yaml_file(tmp_path):
    path = tmp_path / "kid.yaml"
    path.write_text("name: Yaml Kid\nseed_time_s: '1:05:00'\nseed_distance_m: 21097.5\nsex: M\n")
    cfg, focal, _, _ = prepare([*COMMON, f"athlete={path}", "tactics=[sit,even]", f"out={tmp_path / 'c'}"])
    assert focal == "Yaml Kid" and cfg.field.athletes[-1].seed_time_s == 3900.0


BAD = {
    "unknown_focal": (["focal=Bob Sitt", "tactics=[sit,front_run]"], "Bob Sit"),
    "one_replicate": (["focal=Bob Sit", "tactics=[sit,front_run]", "replicates=1"], "replicates"),
    "impossible_seed": (["athlete.name=Speedy", "athlete.seed_time_s=600", "tactics=[sit,front_run]"], "7 m/s"),
    "too_slow_seed": (["athlete.name=Slow", "athlete.seed_time_s=50000", "tactics=[sit,front_run]"], "1-7 m/s"),
    "unknown_tactic": (["focal=Bob Sit", "tactics=[sit,teleport]"], "front_run"),
    "unknown_override": (["focal=Bob Sit", "tactics=[sit,even]", "weather.wind_sped_m_s=3"], "wind_speed_m_s"),
    "crowd_engine": (["focal=Bob Sit", "tactics=[sit,even]", "sim.engine=crowd"], "compare needs the per-runner engine"),
    "no_named_runners": (["focal=Nobody", "tactics=[sit,even]", "field.roster="], "no named runners"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_exit_2_and_nothing_written(case, tmp_path, capsys):
    args, must_mention = BAD[case]
    out = tmp_path / "cmp"
    code, stdout, stderr = run_main(capsys, *COMMON, *args, f"out={out}")
    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith("packsim: error: ") and must_mention in stderr
    assert list(tmp_path.iterdir()) == []
