"""The command line: a real run writes every output; bad input gives one line, exit 2, no run dir."""
import json

import pytest
from conftest import SMALL, run_cli


def test_small_run_writes_all_outputs(tmp_path):
    out = tmp_path / "run"
    proc = run_cli(*[o for o in SMALL if o != "sim.plots=false"], f"hydra.run.dir={out}")
    assert proc.returncode == 0, proc.stderr
    for name in ("results.csv", "splits.csv", "events.csv", "summary.json", "race.png", "course.png"):
        assert (out / name).is_file(), name
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 2020 and summary["starters"] == 24
    assert "Top 10:" in proc.stdout
    header = (out / "splits.csv").read_text().splitlines()[0]
    assert header == "runner,checkpoint,distance_m,t_s,pack_id,pack_size"


def test_same_seed_gives_byte_identical_outputs(tmp_path):
    outs = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        assert run_cli(*SMALL, f"hydra.run.dir={out}").returncode == 0
        outs.append(out)
    for name in ("results.csv", "splits.csv", "events.csv", "summary.json"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
    other = tmp_path / "other"
    assert run_cli(*SMALL, "seed=7", f"hydra.run.dir={other}").returncode == 0
    assert (other / "results.csv").read_bytes() != (outs[0] / "results.csv").read_bytes()


def _bad_profile(tmp_path, text):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    return f"course.profile={p}"


BAD = {
    "typo_in_key": (["weather.wind_sped_m_s=3"], "weather.wind_speed_m_s"),
    "wrong_type": (["weather.wind_speed_m_s=fast"], "weather.wind_speed_m_s"),
    "negative_wind": (["weather.wind_speed_m_s=-3"], "weather.wind_speed_m_s"),
    "unknown_scenario": (["scenario=nowhere"], "atlanta_2020_men"),
    "unknown_group_option": (["weather=tornado"], "weather"),
    "missing_profile": (["course.profile=/no/such/file.csv"], "course.profile"),
    "missing_roster": (["field.roster=/no/such/roster.csv"], "field.roster"),
    "unknown_default_tactic": (["field.default_tactic=teleport"], "teleport"),
    "zero_field": (["field.size=0"], "field.size"),
    "bad_tactic_key": (["tactics.sit.surge_lyft=0.1"], "surge_lift"),
    "new_tactic_on_command_line": (["+tactics.late.kind=surge"], "conf/tactics"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_exit_2_and_nothing_written(case, tmp_path):
    args, must_mention = BAD[case]
    out = tmp_path / "run"
    proc = run_cli(*SMALL, *args, f"hydra.run.dir={out}")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("packsim: error:"), proc.stderr
    assert must_mention in lines[0]
    assert not out.exists()


@pytest.mark.parametrize("text,mention", [
    ("distance_m,elevation_m\n0,1\n100,2\n", "heading_deg"),
    ("distance_m,elevation_m,heading_deg\n0,100,0\n100,100,0\n100,101,0\n", "increase"),
    ("distance_m,elevation_m,heading_deg\n0,100,0\n100,160,0\n", "grade"),
    ("distance_m,elevation_m,heading_deg\n0,100,0\n100,abc,0\n", "not a number"),
    ("\x00\x01garbage", "course.profile"),
])
def test_malformed_profile(tmp_path, text, mention):
    out = tmp_path / "run"
    proc = run_cli(*SMALL, _bad_profile(tmp_path, text), f"hydra.run.dir={out}")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and mention in lines[0], proc.stderr
    assert not out.exists()


def test_unknown_tactic_in_roster(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("name,seed_time_s,tactic\nZed,2:10:00,warp\n")
    out = tmp_path / "run"
    proc = run_cli(*SMALL, f"field.roster={roster}", f"hydra.run.dir={out}")
    assert proc.returncode == 2 and "warp" in proc.stderr and "known tactics" in proc.stderr
    assert not out.exists()


def test_hydra_flags_pass_through_the_preflight():
    proc = run_cli("--cfg", "job", "weather.wind_speed_m_s=3")
    assert proc.returncode == 0, proc.stderr
    assert "wind_speed_m_s: 3.0" in proc.stdout
