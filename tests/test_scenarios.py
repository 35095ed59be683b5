"""Every scenario file replays from the command line, and the default scenario is Atlanta."""
import json
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_replays(name, tmp_path):
    out = tmp_path / name
    proc = run_cli(f"scenario={name}", f"hydra.run.dir={out}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == name and summary["finishers"] > 0
    assert (out / "race.png").stat().st_size > 10_000
    if summary.get("engine") == "crowd":
        assert (out / "finish_hist.png").stat().st_size > 10_000


def test_default_scenario_is_atlanta():
    from conftest import compose_config
    cfg = compose_config()
    assert cfg.scenario == "atlanta_2020_men"
    assert cfg.field.size == 228 and Path(cfg.course.profile).name == "course_profile.csv"
    assert cfg.weather.wind_speed_m_s == 7.0 and cfg.weather.wind_from_deg == 315.0
    assert abs(cfg.weather.temp_air_c - 7.8) < 0.05


def test_every_config_group_option_composes():
    from conftest import compose_config
    for group in ("course", "weather", "field", "tactics", "physiology", "drafting", "sim", "rules", "goals"):
        for option in sorted(p.stem for p in (ROOT / "conf" / group).glob("*.yaml")):
            # cut-offs must fall before the finish limit: a 12-hour rule set needs the 12-hour limit
            extra = ["sim.time_limit_s=43200"] if group == "rules" else []
            # a rule set with an aid-station table fits its own course (the table is stretched onto it)
            if group == "rules" and (ROOT / "conf" / "course" / f"{option}.yaml").is_file():
                extra.append(f"course={option}")
            cfg = compose_config(f"{group}={option}", *extra)
            assert cfg is not None, (group, option)


def test_trail_scenarios_compose_with_station_cutoffs():
    from conftest import compose_config
    wser = compose_config("scenario=western_states_2019")
    assert wser.field.size == 369 and wser.sim.time_limit_s == 30 * 3600 and wser.sim.engine == "crowd"
    assert wser.rules.start_clock == "05:00" and wser.rules.start_date == "2019-06-29"
    names = [c.name for c in wser.rules.cutoffs]
    assert len(names) == 16 and names[0] == "Red Star Ridge" and names[-1] == "Pointed Rocks"
    assert [m.name for m in wser.rules.medals] == ["Silver buckle", "Bronze buckle"]
    assert wser.rules.medals[0].to_s == 24 * 3600
    assert abs(wser.course.latitude_deg - 39.197) < 1e-9 and wser.course.surface_default == "trail"
    utmb = compose_config("scenario=utmb_2023")
    assert utmb.field.size == 2686 and utmb.sim.time_limit_s == 46.5 * 3600
    assert utmb.rules.start_clock == "18:00" and utmb.rules.stations_cutoff_at == "departure"
    assert utmb.rules.cutoffs[0].name == "Saint-Gervais" and utmb.rules.cutoffs[-1].name == "La Flegere"
    # the same population of 100-mile runners, nothing tuned to UTMB
    for key in ("seed_median_s", "seed_sigma_fast", "seed_sigma_slow", "seed_time_min_s", "female_share"):
        assert getattr(utmb.field, key) == getattr(wser.field, key), key


def test_walmsley_is_seeded_by_his_road_marathon_only():
    from sim.inputs.field import read_roster
    for roster in ("scenarios/western_states_2019/roster.csv", "scenarios/utmb_2023/roster.csv"):
        walmsley = [r for r in read_roster(roster) if r["name"] == "Jim Walmsley"][0]
        assert walmsley["seed_time_s"] == 8105 and walmsley["seed_distance_m"] == 42195   # 2:15:05, Atlanta 2020
