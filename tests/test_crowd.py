"""The crowd engine (sim/engine/crowd.py via sim/engine/crowd_race.py) on a reduced Comrades field: invariants, determinism,
the physiology it is built on, and the heat of the day it reads (sim/inputs/weather.py temperature over the day).

Every runner's arrival at every boundary is recorded by wrapping ``CrowdEngine.arrive`` (which still does all
the work), so cut-offs and the final gun are checked against each runner's own clock, not the engine's verdict.
"""
import re
from dataclasses import replace

import numpy as np
import pytest
from conftest import compose_config
from numpy.testing import assert_allclose, assert_array_equal

from sim.config import clock_s
from sim.engine.crowd import CrowdEngine
from sim.engine.crowd_race import CrowdSetup
from sim.errors import PacksimError
from sim.inputs.weather import TEMP_STEP_S, build_weather, temperature_series_c
from sim.model.environment import wbgt_estimate_c

SMALL = ("scenario=comrades_down", "field.size=1500")
SEED = 2020


def _run(*overrides, seed=SEED, log=None):
    cfg = compose_config(*SMALL, *overrides)
    setup = CrowdSetup(cfg)
    if log is None:
        return cfg, setup, setup.run(np.random.default_rng(seed), seed)
    original = CrowdEngine.arrive

    def arrive(self, idx, k, t_new, *args, **kwargs):
        log.append((int(k), np.array(idx, copy=True), np.array(t_new, dtype=float, copy=True)))
        return original(self, idx, k, t_new, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(CrowdEngine, "arrive", arrive)
        return cfg, setup, setup.run(np.random.default_rng(seed), seed)


@pytest.fixture(scope="module")
def race():
    log = []
    cfg, setup, r = _run(log=log)
    n, nb = len(r.status), r.course.n_segments + 1
    t_at = np.full((n, nb), np.nan)           # gun time of each runner at each boundary it reached
    visits = np.zeros((n, nb), dtype=int)
    for k, idx, t in log:
        t_at[idx, k] = t
        np.add.at(visits, (idx, k), 1)
    return cfg, setup, r, t_at, visits


@pytest.fixture(scope="module")
def terminal(race):
    """runner -> list of its (event, t_s, distance_m) among finish / dnf / cutoff events."""
    out = {}
    for t, x, event, runner, _ in race[2].events:
        if event in ("finish", "dnf", "cutoff"):
            out.setdefault(runner, []).append((event, t, x))
    return out


# -- invariants --------------------------------------------------------------------------------------

def test_every_starter_ends_exactly_once(race, terminal):
    cfg, _, r, _, _ = race
    names = list(r.field.names)
    fin, dnf = r.status == "finished", r.status == "dnf"
    assert len(r.status) == cfg.field.size and np.all(fin ^ dnf)
    assert 0.5 < fin.mean() < 1.0 and dnf.any()          # a real race on both sides
    assert sorted(terminal) == sorted(names)
    assert all(len(v) == 1 for v in terminal.values()), [k for k, v in terminal.items() if len(v) > 1][:5]
    for i, name in enumerate(names):
        event = terminal[name][0][0]
        assert (event == "finish") == fin[i], name
    assert np.isfinite(r.t_finish_s[fin]).all() and np.isnan(r.t_finish_s[dnf]).all()
    assert (r.pulled_at[fin] == "").all() and (r.pulled_at[dnf] != "").all()


def test_runners_cross_each_boundary_once_in_order(race):
    _, _, r, t_at, visits = race
    assert visits.max() == 1
    reached = np.isfinite(t_at[:, 1:])
    last = reached.sum(axis=1)
    assert_array_equal(reached, np.arange(reached.shape[1])[None, :] < last[:, None])   # a prefix of the course
    dt = np.diff(np.concatenate([r.t_line_s[:, None], t_at[:, 1:]], axis=1), axis=1)
    assert np.all(dt[np.isfinite(dt)] > 0)


def test_finishers_splits_increase_and_end_at_the_finish(race):
    cfg, _, r, t_at, _ = race
    fin = r.status == "finished"
    s = r.split_times_s[fin]
    assert np.isfinite(s).all()
    assert np.all(np.diff(s, axis=1) > 0)
    assert_array_equal(s[:, -1], r.t_finish_s[fin])
    assert_array_equal(r.t_finish_s[fin], t_at[fin, -1])
    assert_allclose(r.x_out_m[fin], r.course.distance_m)
    # the splits are the runner's own clock at the checkpoints' boundaries
    assert_array_equal(s, t_at[fin][:, r.course.checkpoint_boundary])


def test_nobody_finishes_after_the_gun(race):
    cfg, _, r, _, _ = race
    assert np.nanmax(r.t_finish_s) <= cfg.sim.time_limit_s
    assert np.nanmax(r.t_finish_s) > cfg.sim.time_limit_s - 3600     # ... but some finish in the last hour


def test_cutoffs_pull_exactly_the_late(race, terminal):
    cfg, setup, r, t_at, _ = race
    limit = cfg.sim.time_limit_s
    assert len(setup.cutoffs) == len(cfg.rules.cutoffs)
    pulled_any = 0
    for c in cfg.rules.cutoffs:
        k = [k for k, (name, _) in setup.cutoffs.items() if name == c.name][0]
        assert r.course.boundary_m[k] == pytest.approx(c.distance_m)      # cut-offs are segment boundaries
        t = t_at[:, k]
        late = np.isfinite(t) & (t > c.race_time_s) & (t <= limit)
        in_time = np.isfinite(t) & (t <= c.race_time_s)
        pulled = r.pulled_at == c.name
        assert_array_equal(pulled, late, err_msg=c.name)
        assert not pulled[in_time].any()
        assert not np.isfinite(t_at[pulled, k + 1]).any()                  # the pulled go no further
        for i in np.flatnonzero(pulled):
            event, te, xe = terminal[r.field.names[i]][0]
            assert event == "cutoff" and te == pytest.approx(t[i]) and te > c.race_time_s
            assert xe == pytest.approx(c.distance_m) and r.x_out_m[i] == pytest.approx(c.distance_m)
        pulled_any += pulled.sum()
    assert pulled_any > 0 and pulled_any == sum(v[0][0] == "cutoff" for v in terminal.values())


def test_time_limit_dnfs_were_still_out_at_the_gun(race, terminal):
    cfg, _, r, t_at, _ = race
    limit = cfg.sim.time_limit_s
    gun = np.flatnonzero(r.pulled_at == "time limit")
    assert gun.size > 0
    assert set(r.pulled_at[r.status == "dnf"]) <= {"time limit"} | {c.name for c in cfg.rules.cutoffs}
    b = r.course.boundary_m
    for i in gun:
        reached = np.flatnonzero(np.isfinite(t_at[i]))
        k = reached[-1]
        assert t_at[i, k] > limit                          # the arrival that would have come after the gun
        assert k == 1 or t_at[i, reached[-2]] <= limit     # ... from a boundary passed before it
        assert b[k - 1] <= r.x_out_m[i] < b[k]
        event, te, xe = terminal[r.field.names[i]][0]
        assert event == "dnf" and te == limit and xe == pytest.approx(r.x_out_m[i])
    # and everyone not stopped by the gun was done before it
    others = np.setdiff1d(np.arange(len(r.status)), gun)
    assert np.nanmax(t_at[others]) <= limit


def test_events_sorted_by_time(race):
    t = np.array([e[0] for e in race[2].events])
    assert t.size > len(race[2].status) and np.all(np.diff(t) >= 0)


def test_dnfs_have_no_split_after_the_gun(race):
    cfg, _, r, _, _ = race
    dnf = r.status == "dnf"
    s = r.split_times_s[dnf]
    assert not (s > cfg.sim.time_limit_s).any()
    assert not np.isfinite(s[:, -1]).any()                 # no DNF has a finish split


def test_no_event_after_a_runner_is_out(race, terminal):
    end = {name: v[0][1] for name, v in terminal.items()}
    after = [e for e in race[2].events if e[0] > end[e[3]]]
    assert after == []


def test_goal_changes_move_down_the_ladder(race):
    cfg, _, r, _, _ = race
    ladder = list(cfg.goals.targets_s)
    assert r.pacing.any() and np.isin(r.target_s[r.pacing], ladder).all()
    seen = {}
    for t, x, event, runner, detail in r.events:
        if event == "goal":
            m = re.fullmatch(r"now aims for (\d+):(\d\d):(\d\d)", detail)
            new = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
            assert new in ladder and new > seen.get(runner, 0)
            seen[runner] = new
    assert seen
    idx = {name: i for i, name in enumerate(r.field.names)}
    for runner, last in seen.items():
        assert r.pacing[idx[runner]] and r.target_s[idx[runner]] == last
    joined = {e[3] for e in r.events if e[2] == "bus_join"}
    assert joined and all(r.pacing[idx[name]] for name in joined)


def test_same_seed_same_race_other_seed_other_race(race):
    _, _, a, _, _ = race
    _, _, b = _run()
    _, _, c = _run(seed=SEED + 1)
    for key in ("status", "t_finish_s", "t_line_s", "x_out_m", "pulled_at", "medal", "pen", "target_s", "walked_m",
                "split_times_s"):
        assert_array_equal(getattr(a, key), getattr(b, key), err_msg=key)
    assert a.events == b.events
    assert not np.array_equal(a.t_finish_s, c.t_finish_s, equal_nan=True)
    assert a.events != c.events


# -- physiology acceptance (same seed, one switch each) ------------------------------------------------

@pytest.fixture(scope="module")
def variants():
    return {name: _run(*overrides)[2] for name, overrides in {
        "no_damage": ["physiology.eccentric_damage.enabled=false"],
        "no_fuel": ["physiology.fuelling.enabled=false"],
        "hot": ["weather.temp_offset_c=8"],
    }.items()}


def _second_half_s(r):
    c = int(np.argmin(np.abs(r.course.checkpoint_m - r.course.distance_m / 2)))
    return r.t_finish_s - r.split_times_s[:, c]


def test_without_eccentric_damage_the_second_half_is_faster(race, variants):
    base, free = race[2], variants["no_damage"]
    both = (base.status == "finished") & (free.status == "finished")
    assert both.sum() > 1000
    diff = _second_half_s(free)[both] - _second_half_s(base)[both]
    assert np.median(diff) < 0 and np.mean(diff < 0) > 0.8
    assert np.median(_second_half_s(free)[free.status == "finished"]) < \
        np.median(_second_half_s(base)[base.status == "finished"])


def test_without_fuelling_more_walls_and_more_dnfs(race, variants):
    base, hungry = race[2], variants["no_fuel"]
    walls = [sum(e[2] == "wall" for e in r.events) for r in (base, hungry)]
    assert walls[1] > 2 * walls[0] and walls[1] == hungry.walled.sum()
    assert (hungry.status == "dnf").sum() > (base.status == "dnf").sum()


def test_a_hotter_day_has_more_dnfs(race, variants):
    base, hot = race[2], variants["hot"]
    assert (hot.status == "dnf").sum() > 1.3 * (base.status == "dnf").sum()
    assert hot.weather.temp_series_c[0] == pytest.approx(base.weather.temp_series_c[0] + 8)


# -- the heat of the day ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def day(race):
    cfg, setup, r, _, _ = race
    return cfg, setup.course, clock_s(cfg.rules.start_clock, "rules.start_clock")


def test_wbgt_rises_with_the_temperature_profile(day):
    cfg, course, start = day
    w = build_weather(cfg.weather, course, cfg.sim.time_limit_s, np.random.default_rng(0), start)
    t = np.arange(0.0, 9.5 * 3600, 1800.0)                  # 05:30 .. 14:30: the profile only rises
    wbgt = w.wbgt_at_c(t)
    assert np.all(np.diff(wbgt) > 0) and wbgt[-1] - wbgt[0] > 5
    profile = cfg.weather.temp_profile
    clocks = [clock_s(p.clock, "") for p in profile]
    temps = np.interp(start + t, clocks, [p.temp_c for p in profile])
    assert_allclose(wbgt, wbgt_estimate_c(temps, cfg.weather.relative_humidity), atol=0.05)
    assert w.wbgt_at_c(0.0) == pytest.approx(float(w.wbgt_c))
    assert_allclose(w.wbgt_at_c(1e6), w.wbgt_series_c[-1])   # held after the series ends


def test_temperature_series_by_hand_and_with_offset(day):
    cfg, _, start = day
    base = temperature_series_c(cfg.weather, start, 3600.0)
    assert base.size == 3600 / TEMP_STEP_S + 1
    assert base[0] == pytest.approx(9.5)                    # 05:30 on 05:00 9 °C .. 07:00 11 °C
    assert base[-1] == pytest.approx(10.5)                  # 06:30
    hot = temperature_series_c(replace(cfg.weather, temp_offset_c=8.0), start, 3600.0)
    assert_allclose(hot, base + 8.0)


def test_without_a_profile_the_day_is_constant(day):
    cfg, course, start = day
    flat = replace(cfg.weather, temp_profile=[], temp_air_c=14.0)
    assert_allclose(temperature_series_c(flat, start, 7200.0), 14.0)
    assert_allclose(temperature_series_c(replace(flat, temp_offset_c=-3.0), start, 7200.0), 11.0)
    w = build_weather(flat, course, 7200.0, np.random.default_rng(0), start)
    t = np.array([0.0, 600.0, 7000.0])
    assert_allclose(w.wbgt_at_c(t), wbgt_estimate_c(14.0, flat.relative_humidity))
    assert w.wbgt_at_c(t).shape == t.shape


def test_profile_that_does_not_cover_the_race(day):
    cfg, _, start = day
    with pytest.raises(PacksimError, match="'weather.temp_profile'"):
        temperature_series_c(cfg.weather, start, 14 * 3600.0)   # the profile ends at 19:00, the race at 19:30
    assert temperature_series_c(cfg.weather, start, 13.5 * 3600.0).size > 0   # ... 19:00 is covered
