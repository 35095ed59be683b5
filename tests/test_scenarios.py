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
            cfg = compose_config(f"{group}={option}", *extra)
            assert cfg is not None, (group, option)
