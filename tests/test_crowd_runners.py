"""sim/engine/crowd_runners.py and crowd_boundary.py: a mass race run one process per runner, with its rules.

A small mountain course: 2 km of road, a 3 km single-track climb (``width_lanes`` 1), 3 km of trail
down, with checkpoints every 500 m, so the single-track stretch starts and ends on a checkpoint and
the order of the field at both ends can be read from the splits.
"""
import numpy as np
import pytest
from conftest import compose_config

from sim.engine.crowd_race import CrowdSetup
from sim.errors import PacksimError

ENTRY_M, EXIT_M = 2000.0, 5000.0   # the single track


@pytest.fixture(scope="module")
def mountain_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("mountain") / "mountain.csv"
    rows = ["distance_m,elevation_m,surface,width_lanes,name"]
    for d in np.arange(0.0, 8001.0, 100.0):
        z = 500.0 + (0.12 * min(max(d - ENTRY_M, 0.0), EXIT_M - ENTRY_M)) - 0.12 * max(d - EXIT_M, 0.0)
        surface, width = ("road", 3) if d < ENTRY_M else (("trail", 1) if d < EXIT_M else ("trail", 3))
        name = {4000.0: "Top", 6500.0: "Creek"}.get(d, "")
        rows.append(f"{d:.0f},{z:.1f},{surface},{width},{name}")
    path.write_text("\n".join(rows) + "\n")
    return path


def stations_csv(folder):
    path = folder / "stations.csv"
    path.write_text("name,distance_m,elevation_m,cutoff_elapsed_h\nTop,4000,740,\nCreek,6500,680,\nFinish,8000,500,\n")
    return path


BASE = {"course.checkpoint_every_m": "500", "field.size": "300", "sim.time_limit_s": "14400", "rules.stations": "",
        "sim.crowd_scheduler": "runners", "real_results": "", "real_station_percentiles": "", "rules.aid_dwell_s": "0",
        "rules.aid_dwell_per_hour_s": "0", "physiology.dropout_hazard_per_h": "0"}


def mass_race(mountain_csv, *overrides, seed=4):
    """The Western States field on the small mountain course; no stops or giving up unless ``overrides`` ask."""
    keys = dict(BASE, **dict(o.split("=", 1) for o in overrides))
    cfg = compose_config("scenario=western_states_2019", f"course.profile={mountain_csv}",
                         *(f"{k}={v}" for k, v in keys.items()))
    return CrowdSetup(cfg).run(np.random.default_rng(seed), seed)


def _column(r, x_m):
    return int(np.flatnonzero(np.isclose(r.course.checkpoint_m, x_m))[0])


def overtakes_on_single_track(r):
    """Per runner: how many it was behind at the entry of the single track and ahead of at its exit."""
    t_in, t_out = r.split_times_s[:, _column(r, ENTRY_M)], r.split_times_s[:, _column(r, EXIT_M)]
    ok = np.isfinite(t_in) & np.isfinite(t_out)
    t_in, t_out = t_in[ok], t_out[ok]
    behind = t_in[:, None] > t_in[None, :]
    ahead = t_out[:, None] < t_out[None, :]
    return (behind & ahead).sum(axis=1)


def test_nobody_passes_on_single_track_without_passes_banked(mountain_csv):
    r = mass_race(mountain_csv, "course.passes_per_km=0")
    assert overtakes_on_single_track(r).max() == 0
    assert np.nanmax(r.queued_s) > 0.0


@pytest.mark.parametrize("passes_per_km", [0.5, 1.0])
def test_passes_on_single_track_never_exceed_the_passing_rule(mountain_csv, passes_per_km):
    r = mass_race(mountain_csv, f"course.passes_per_km={passes_per_km}")
    allowed = passes_per_km * (EXIT_M - ENTRY_M) / 1000.0
    got = overtakes_on_single_track(r)
    assert got.max() <= allowed
    assert got.max() >= 1   # the rule is used: faster runners do pass


def test_without_congestion_nobody_queues_and_runners_pass_freely(mountain_csv):
    free = mass_race(mountain_csv, "course.congestion=false")
    held = mass_race(mountain_csv, "course.passes_per_km=0")
    assert np.all(free.queued_s == 0.0)
    assert overtakes_on_single_track(free).max() > 0
    fin = (free.status == "finished") & (held.status == "finished")
    assert np.median(held.t_finish_s[fin]) > np.median(free.t_finish_s[fin])


def test_time_at_aid_stations_counts_in_the_elapsed_time(mountain_csv, tmp_path):
    stations = stations_csv(tmp_path)
    base = mass_race(mountain_csv, f"rules.stations={stations}", "course.congestion=false")
    stay = mass_race(mountain_csv, f"rules.stations={stations}", "course.congestion=false", "rules.aid_dwell_s=60")
    fin = (base.status == "finished") & (stay.status == "finished")
    assert np.all(base.aid_s == 0.0)
    np.testing.assert_allclose(stay.aid_s[fin], 120.0)              # two stations, a minute each
    late = stay.t_finish_s[fin] - base.t_finish_s[fin]
    assert np.median(late) == pytest.approx(120.0, abs=30.0)       # the stay, give or take the pace it changes
    grows = mass_race(mountain_csv, f"rules.stations={stations}", "course.congestion=false",
                      "rules.aid_dwell_per_hour_s=600")
    assert np.all(grows.aid_s[fin] > 0.0)
    slow, fast = np.argmax(np.where(fin, grows.t_finish_s, -1)), np.argmin(np.where(fin, grows.t_finish_s, np.inf))
    assert grows.aid_s[slow] > grows.aid_s[fast]                   # later in the race: longer stops


def test_runners_give_up_at_aid_stations_with_a_hazard_and_never_without(mountain_csv, tmp_path):
    stations = stations_csv(tmp_path)
    none = mass_race(mountain_csv, f"rules.stations={stations}")
    assert "gave up" not in set(none.pulled_at)
    some = mass_race(mountain_csv, f"rules.stations={stations}", "physiology.dropout_hazard_per_h=0.5")
    gave_up = some.pulled_at == "gave up"
    assert 0.05 < gave_up.mean() < 0.9
    assert set(np.round(some.x_out_m[gave_up])) <= {4000.0, 6500.0}   # at the stations only
    hotter = mass_race(mountain_csv, f"rules.stations={stations}", "physiology.dropout_hazard_per_h=0.5",
                       "physiology.dropout_fatigue_weight=20")
    assert (hotter.pulled_at == "gave up").sum() > gave_up.sum()


@pytest.mark.parametrize("key", ["physiology.dropout_hazard_per_h=0.1", "rules.aid_dwell_s=30"])
def test_the_cohort_scheduler_and_the_per_runner_engine_refuse_what_they_do_not_model(key):
    from sim.engine.race import RaceSetup
    cfg = compose_config("scenario=western_states_2019", "sim.crowd_scheduler=cohorts", key)
    with pytest.raises(PacksimError, match=key.split("=")[0].split(".")[-1]):
        CrowdSetup(cfg)
    with pytest.raises(PacksimError, match="crowd_scheduler=runners"):
        RaceSetup(compose_config(key))


def test_the_same_seed_gives_the_same_race(mountain_csv):
    a, b = mass_race(mountain_csv, seed=9), mass_race(mountain_csv, seed=9)
    np.testing.assert_array_equal(a.split_times_s, b.split_times_s)
    np.testing.assert_array_equal(a.queued_s, b.queued_s)
