"""Atlanta 2020 calibration targets of issue #2, as medians over seeds 0-9 (see README
"Calibration"). Slow: ~30 runs of the 228-runner race."""
import numpy as np
import pytest
from conftest import compose_config

from sim.engine.race import RaceSetup
from sim.outputs.analysis import alone_ahead_of, caught_at_m, main_pack_at

SEEDS = range(10)


def _metrics(*overrides):
    setup = RaceSetup(compose_config(*overrides))
    out = []
    for seed in SEEDS:
        res = setup.run(np.random.default_rng(seed), seed)
        fin = [r for r in res.results if r.status == "finished"]
        by = {r.runner: r for r in res.results}
        pack = main_pack_at(res, res.course.distance_m / 2)
        out.append({"win": fin[0].t_finish_s, "p22": fin[21].t_finish_s, "walmsley": by["Jim Walmsley"].t_finish_s,
                    "pack_size": pack.size, "pack_t": pack.t_s,
                    "shrader_ahead": alone_ahead_of(res, "Brian Shrader", res.course.distance_m / 2, pack),
                    "shrader_caught": caught_at_m(res, "Brian Shrader", pack.members, res.course.distance_m / 2)})
    return out


@pytest.fixture(scope="module")
def atlanta():
    return _metrics()


def med(rows, key):
    return float(np.nanmedian([r[key] for r in rows]))


@pytest.mark.slow
def test_winner_and_22nd_place(atlanta):
    assert 2 * 3600 + 8 * 60 + 30 <= med(atlanta, "win") <= 2 * 3600 + 11 * 60
    assert 2 * 3600 + 13 * 60 + 30 <= med(atlanta, "p22") <= 2 * 3600 + 17 * 60


@pytest.mark.slow
def test_main_pack_at_halfway(atlanta):
    assert med(atlanta, "pack_size") >= 15
    assert 64 * 60 + 50 <= med(atlanta, "pack_t") <= 66 * 60 + 30


@pytest.mark.slow
def test_walmsley_sitting_in(atlanta):
    assert 2 * 3600 + 13 * 60 <= med(atlanta, "walmsley") <= 2 * 3600 + 18 * 60


@pytest.mark.slow
def test_front_runner_is_caught_before_30_km(atlanta):
    assert med(atlanta, "shrader_caught") <= 30000


@pytest.mark.slow
def test_drafting_off_is_slower_and_wind_off_is_faster(atlanta):
    off = _metrics("drafting.enabled=false")
    calm = _metrics("weather.wind_speed_m_s=0", "weather.gust_speed_m_s=0")
    assert med(off, "win") > med(atlanta, "win") + 30
    assert med(calm, "win") < med(atlanta, "win")


def test_atlanta_hills_cost_a_2_09_runner_1_5_to_3_minutes(tmp_path):
    """MODEL.md §7 target 5: the same course, headings and weather with and without its hills."""
    import pandas as pd
    from conftest import ROOT, run_race
    profile = pd.read_csv(ROOT / "scenarios/atlanta_2020/course_profile.csv")
    flat = tmp_path / "flat.csv"
    profile.assign(elevation_m=profile["elevation_m"].mean()).to_csv(flat, index=False)
    roster = tmp_path / "one.csv"
    roster.write_text("name,seed_time_s,tactic\nSolo,2:09:00,even\n")
    common = [f"field.roster={roster}", "field.size=1", "field.day_form_cv=0", "field.day_form_mean=0",
              "weather=calm"]
    hilly = run_race(*common).results[0].t_finish_s
    level = run_race(*common, f"course.profile={flat}").results[0].t_finish_s
    assert 90 <= hilly - level <= 180, hilly - level
