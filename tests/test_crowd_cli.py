"""The crowd engine's config and command line: bad rules and weather give one line naming the key, exit 2,
and no run directory; the typed config rejects what the crowd engine cannot run."""
import pytest
from conftest import compose_config, one_line_error, run_cli

from sim.config import FieldConfig, SimConfig, TempPoint, WeatherConfig
from sim.errors import PacksimError

COMRADES = ("scenario=comrades_down", "field.size=1500")


@pytest.mark.parametrize("override,key", [
    ("rules.cutoffs=[{name: X, distance_m: 95000, race_time_s: 30000}]", "rules.cutoffs[0].distance_m"),
    ('weather.temp_profile=[{clock: "05:00", temp_c: 9}, {clock: "07:00", temp_c: 12}]', "weather.temp_profile"),
])
def test_bad_crowd_input_is_one_line_exit_2_and_no_run_dir(tmp_path, override, key):
    out = tmp_path / "x"
    proc = run_cli(*COMRADES, override, f"hydra.run.dir={out}")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("packsim: error:"), proc.stderr
    assert f"'{key}'" in lines[0]
    assert not out.exists()


def _profile(*points):
    return WeatherConfig(temp_profile=[TempPoint(c, t) for c, t in points])


def test_temperature_profile_with_a_gap():
    msg = one_line_error(lambda: _profile(("05:00", 9.0), ("07:00", 11.0), ("10:30", 18.0)),
                         "weather.temp_profile[2].clock")
    assert "3.5 h" in msg
    _profile(("05:00", 9.0), ("08:00", 11.0))                          # exactly the maximum gap is fine
    WeatherConfig(temp_profile=[TempPoint("05:00", 9.0), TempPoint("10:30", 18.0)], temp_profile_max_gap_h=6.0)


def test_temperature_profile_out_of_order():
    one_line_error(lambda: _profile(("05:00", 9.0), ("07:00", 11.0), ("06:00", 10.0)), "weather.temp_profile[2].clock")
    one_line_error(lambda: _profile(("05:00", 9.0), ("05:00", 10.0)), "weather.temp_profile[1].clock")


def test_temperature_profile_bad_clock_and_temperature():
    one_line_error(lambda: _profile(("5 am", 9.0)), "weather.temp_profile[0].clock")
    one_line_error(lambda: _profile(("05:00", 90.0)), "weather.temp_profile[0].temp_c")


def test_empty_field():
    one_line_error(lambda: FieldConfig(size=0), "field.size")
    one_line_error(lambda: compose_config(*COMRADES[:1], "field.size=0"), "field.size")


def test_unknown_engine():
    msg = one_line_error(lambda: SimConfig(engine="swarm"), "sim.engine")
    assert "crowd" in msg
    one_line_error(lambda: compose_config(*COMRADES, "sim.engine=swarm"), "sim.engine")


def test_replicates_are_refused_by_the_crowd_engine(tmp_path):
    from sim.commands.run import run_crowd
    cfg = compose_config(*COMRADES, "replicates=3")
    with pytest.raises(PacksimError, match="replicates"):
        run_crowd(cfg, tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_crowd_engine_refuses_tactics_it_does_not_model():
    from sim.engine.crowd_race import CrowdSetup
    cfg = compose_config(*COMRADES, "field.default_tactic=surge")
    with pytest.raises(PacksimError) as info:
        CrowdSetup(cfg)
    msg = str(info.value)
    assert msg.startswith("field.default_tactic:") and "sim.engine=runners" in msg and "\n" not in msg


def test_a_typo_inside_a_cutoff_item_is_one_line(tmp_path):
    out = tmp_path / "typo"
    proc = run_cli("scenario=comrades_down", "rules.cutoffs=[{name: A, distanse_m: 50000}]", f"hydra.run.dir={out}")
    assert proc.returncode == 2 and not out.exists()
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "did you mean 'distance_m'" in lines[0] and "rules.cutoffs" in lines[0]


def test_per_runner_commands_refuse_a_crowd_race():
    from sim.engine.race import RaceSetup
    cfg = compose_config("scenario=comrades_down", "field.size=200")
    with pytest.raises(PacksimError, match="sim.engine: this command runs the per-runner engine"):
        RaceSetup(cfg)
