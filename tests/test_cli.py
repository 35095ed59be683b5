"""The command line: a real run writes every output; bad input gives one line, exit 2, no run dir."""
import json

import pytest
from conftest import ROOT, SMALL, run_cli


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
    ("distance_m,heading_deg\n0,1\n100,2\n", "elevation_m"),
    ("distance_m,elevation_m,surface\n0,100,road\n100,101,ice\n", "unknown surface 'ice'"),
    ("distance_m,elevation_m,width_lanes\n0,100,2\n100,101,-1\n", "width_lanes"),
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


# The packsim command (sim/cli.py): sub-commands, help, the user's own scenario folder.

def run_packsim(*args, cwd=None):
    """``python -m sim.cli args`` (what the ``packsim`` console script runs) in a subprocess."""
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def test_packsim_help_lists_commands_scenarios_and_groups_from_the_schema():
    from sim.config import DraftingConfig, RulesConfig
    for proc in (run_packsim("--help"), run_cli("--help")):
        assert proc.returncode == 0, proc.stderr
        text = proc.stdout
        for command in ("run", "replay", "compare", "collect", "sensitivity", "optimise", "plan"):
            assert f"\n  {command} " in text, command
        assert "atlanta_2020_men         US Olympic Team Trials, Marathon, Atlanta" in text
        assert "comrades_down            Comrades Marathon, down run" in text
        assert DraftingConfig.__doc__.splitlines()[0].rstrip(".") in text
        assert RulesConfig.__doc__.splitlines()[0].rstrip(".") in text
        assert "--hydra-help" in text and "--cfg job" in text and "hydra.searchpath" in text
        assert "examples:" in text


@pytest.mark.parametrize("command", ["run", "replay", "compare", "collect", "sensitivity", "optimise", "plan"])
def test_every_command_help_says_what_it_does_with_two_examples(command):
    proc = run_packsim(command, "--help")
    assert proc.returncode == 0, proc.stderr
    examples = proc.stdout.split("examples:")[1].strip().splitlines()
    assert len(examples) == 2 and all(e.strip().startswith("packsim ") for e in examples), proc.stdout
    assert proc.stdout.startswith("usage: packsim")


def test_python_m_sim_compare_help_exits_0():
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "sim.compare", "--help"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0 and "examples:" in proc.stdout, proc.stderr


def test_unknown_command_is_one_line_with_the_close_names_exit_2():
    proc = run_packsim("compar", "focal=x")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "did you mean compare?" in lines[0] and lines[0].startswith("packsim: error:")


@pytest.mark.parametrize("argv,module,expected", [
    (["compare", "focal=A", "tactics=[a,b]"], "sim.commands.compare", ["focal=A", "tactics=[a,b]"]),
    (["collect", "outputs/multirun/x"], "sim.commands.collect", ["outputs/multirun/x"]),
    (["sensitivity", "--method", "morris"], "sim.commands.sensitivity", ["--method", "morris"]),
    (["optimise", "--runner", "A"], "sim.commands.optimise", ["--runner", "A"]),
    (["plan", "focal=A"], "sim.commands.plan", ["focal=A"]),
])
def test_a_command_reaches_its_main_with_the_rest_of_the_arguments(monkeypatch, argv, module, expected):
    import importlib
    from sim import cli
    seen = []
    monkeypatch.setattr(importlib.import_module(module), "main", lambda rest: seen.append(rest))
    cli.main(argv)
    assert seen == [expected]


@pytest.mark.parametrize("argv,expected", [
    ([], []),
    (["seed=3", "field.size=10"], ["seed=3", "field.size=10"]),
    (["run", "seed=3"], ["seed=3"]),
    (["-m", "seed=1,2"], ["-m", "seed=1,2"]),
    (["--cfg", "job"], ["--cfg", "job"]),
    (["replay", "outputs/x", "seed=8"], ["--replay", "outputs/x", "seed=8"]),
])
def test_run_and_replay_reach_the_race_main_with_sys_argv(monkeypatch, argv, expected):
    import sys
    import sim.commands.race_main
    from sim import cli
    seen = []
    monkeypatch.setattr(sys, "argv", ["packsim"])
    monkeypatch.setattr(sim.commands.race_main, "main", lambda: seen.append(sys.argv[1:]))
    cli.main(argv)
    assert seen == [expected]


def test_own_scenario_folder_on_hydras_search_path(tmp_path):
    own = tmp_path / "my_configs" / "scenario"
    own.mkdir(parents=True)
    (own / "my_race.yaml").write_text("# @package _global_\n# A test race.\nscenario: my_race\nfield:\n  size: 20\n")
    small = [o for o in SMALL if not o.startswith("field.size")]
    # Hydra's flags come before the overrides (its parser stops taking flags after them)
    for k, how in enumerate((["hydra.searchpath=[file://my_configs]"], ["-cd", "my_configs"])):
        out = tmp_path / f"run{k}"
        proc = run_packsim(*how, "scenario=my_race", *small, f"hydra.run.dir={out}", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        summary = json.loads((out / "summary.json").read_text())
        assert summary["scenario"] == "my_race" and summary["starters"] == 20
    proc = run_packsim("scenario=my_rase", "hydra.searchpath=[file://my_configs]", *small, cwd=tmp_path)
    assert proc.returncode == 2 and "my_race" in proc.stderr


def test_hydras_own_flags_still_reach_hydra(tmp_path):
    proc = run_packsim("--hydra-help", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("Hydra ("), proc.stderr
    proc = run_packsim("run", "--cfg", "job", "field.size=7", cwd=tmp_path)
    assert proc.returncode == 0 and "scenario: atlanta_2020_men" in proc.stdout and "size: 7" in proc.stdout
    assert not (tmp_path / "outputs").exists()   # --cfg job prints the config and runs nothing
