"""sim/engine/runner.py: the per-runner SimPy processes, what RunnerRace logs, splits and the trace.

Small races built by hand (a flat calm course, one or two runners, a pacer on a timetable) so that
the expected times and log lines can be worked out on paper.
"""
from dataclasses import replace

import numpy as np
import pytest
import simpy
from conftest import compose_config

from sim.engine.boundary import ABANDONS, FINISHES, SPEND_SHIFT
from sim.engine.race import RaceSetup
from sim.engine.runner import RunnerRace, pacer, runner
from sim.inputs.field import build_field
from sim.inputs.weather import build_weather
from sim.model.kernel import CLOSED_GAP, DROPPED, EXHAUSTED, HIT_WALL, SURGE_STARTS, WENT_WITH


def _setup(tmp_path, length_m=3000.0, tactic="even", *extra):
    """A flat, calm, cool course of ``length_m`` (a profile point every 100 m, checkpoints every km and at
    halfway, no checkpoint at the start; the flat points merge into segments of at most 400 m that break at
    each checkpoint: for 3 km the boundaries are 0, 400, 800, 1000, 1400, 1500, 1900, 2000, 2400, 2800, 3000)
    and one roster runner (2:10 marathon, 60 kg) with ``tactic``; returns (cfg, setup, spec, weather)."""
    course = tmp_path / "course.csv"
    course.write_text("distance_m,elevation_m,heading_deg\n"
                      + "".join(f"{d:.1f},100.0,0.0\n" for d in np.arange(0.0, length_m + 1.0, 100.0)))
    roster = tmp_path / "roster.csv"
    roster.write_text(f"name,seed_time_s,mass_kg,height_m,d_prime_m,tactic\nSolo,7800,60,1.75,300,{tactic}\n")
    cfg = compose_config(f"course.profile={course}", "course.checkpoint_every_m=1000", f"field.roster={roster}",
                         "field.size=1", "field.day_form_cv=0", "weather.wind_speed_m_s=0", "weather.gust_speed_m_s=0",
                         "weather.gust_factor=0", "weather.temp_air_c=10", "focal=[]", *extra)
    setup = RaceSetup(cfg)
    rng = np.random.default_rng(1)
    spec = build_field(cfg.field, cfg.physiology, setup.tactics, setup.course.distance_m, rng)[0]
    weather = build_weather(cfg.weather, setup.course, cfg.sim.time_limit_s, rng)
    return cfg, setup, spec, weather


def _race(setup, weather, cfg, specs, timetables=None, trace=False):
    """Run ``specs`` as runner processes (and the ones named in ``timetables`` {index: times} as pacers)."""
    env = simpy.Environment()
    race = RunnerRace(setup.course, weather, cfg, specs, trace)
    timetables = timetables or {}
    for i in range(len(specs)):
        env.process(pacer(env, race, i, timetables[i]) if i in timetables else runner(env, race, i))
    env.run(until=cfg.sim.time_limit_s)
    return race


def test_a_pacer_keeps_its_timetable(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path)
    timetable_s = setup.course.boundary_m / 5.0   # 5 m/s: 200 s a kilometre
    race = _race(setup, weather, cfg, [spec], {0: timetable_s})
    assert list(setup.course.checkpoint_m) == [1000.0, 1500.0, 2000.0, 3000.0]
    assert race.splits[0] == pytest.approx([200.0, 300.0, 400.0, 600.0], abs=1e-9)
    assert race.status == ["finished"] and race.t_finish_s[0] == pytest.approx(600.0, abs=1e-9)
    assert race.events == [(pytest.approx(600.0), 3000.0, "finish", "Solo", "pacer")]
    assert not race.board.running[0]


def test_a_runner_alone_splits_at_every_checkpoint_and_traces_every_boundary(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path)
    race = _race(setup, weather, cfg, [spec], trace=True)
    n = setup.course.n_segments
    assert [row[0] for row in race.trace] == list(range(n + 1))
    t_boundary = np.array([row[1] for row in race.trace])
    assert t_boundary[0] == 0.0 and np.all(np.diff(t_boundary) > 0)
    # each segment takes its length at the speed decided for it; the effort is NaN at the finish only
    efforts = np.array([row[2] for row in race.trace])
    assert np.isnan(efforts[-1]) and np.all(np.isfinite(efforts[:-1]))
    checkpoint_boundaries = [int(np.argmin(np.abs(setup.course.boundary_m - x))) for x in (1000.0, 1500.0, 2000.0, 3000.0)]
    assert checkpoint_boundaries == [3, 5, 7, 10]
    assert race.splits[0] == list(t_boundary[checkpoint_boundaries])
    assert race.t_finish_s[0] == t_boundary[-1] and race.status == ["finished"]
    assert [e[2] for e in race.events] == ["finish"] and race.events[0][:2] == (t_boundary[-1], 3000.0)
    assert [row[3] for row in race.trace] == [0.0] * (n + 1)   # a calm day: no wind along the way


def test_a_runner_walks_up_to_the_start_line_first(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path)
    late = replace(spec, start_offset_m=10.0)
    race = _race(setup, weather, cfg, [late], trace=True)
    assert race.state["t_start_s"][0] == pytest.approx(10.0 / spec.plan_effort_m_s)
    # it crosses the start line (boundary 0; no split there) when it has walked up to it
    assert race.trace[0][:2] == (0, race.state["t_start_s"][0])


def test_a_runner_far_behind_its_plan_abandons_at_a_checkpoint(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path, 3000.0, "even", "physiology.abandon_margin=0.1",
                                       "physiology.abandon_after_m=1500")
    # planned 3 km in 60 s: the first checkpoint from 1500 m on is halfway, 1500 m; projected there ~ 9 minutes
    race = _race(setup, weather, cfg, [replace(spec, plan_time_s=60.0)])
    assert race.status == ["dnf"] and np.isnan(race.t_finish_s[0])
    (event,) = race.events
    t_s, x_m, kind, name, detail = event
    assert (x_m, kind, name) == (1500.0, "abandon", "Solo")
    assert detail == f"projected {t_s * 3000.0 / 1500.0 / 60:.0f} min, planned 1"
    assert np.isfinite(race.splits[0][1]) and np.isnan(race.splits[0][2])


def test_a_surge_is_logged_where_it_starts(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path, 3000.0, "surge", "tactics.surge.surge_at_m=[1000.0]")
    race = _race(setup, weather, cfg, [spec])
    surges = [e for e in race.events if e[2] == "surge"]
    assert [(e[1], e[3], e[4]) for e in surges] == [(1000.0, "Solo", "+4% for 1000 m")]


def test_a_runner_behind_a_pacer_too_fast_for_it_drops_at_once(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path)
    v_pacer = 1.3 * spec.plan_effort_m_s
    # starts 1 m behind the pacer (in contact, as the whole field is at the gun), then cannot hold 30 % more
    follower = replace(spec, start_offset_m=spec.plan_effort_m_s / v_pacer)
    race = _race(setup, weather, cfg, [follower, replace(spec, index=1, name="Pacer")],
                 {1: setup.course.boundary_m / v_pacer})
    drops = [e for e in race.events if e[2] == "drop"]
    assert len(drops) == 1
    t_s, x_m, _, name, detail = drops[0]
    # the gap then: 1 m at the pacer's speed
    assert (x_m, name, detail) == (0.0, "Solo", f"lost contact with Pacer ({1.0 / v_pacer:.1f} s)")
    assert race.t_finish_s[0] > race.t_finish_s[1] + 10.0


def test_a_runner_behind_a_pacer_it_can_hold_stays_a_metre_behind(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path, 3000.0, "even", "tactics.even.pass_margin=1.0")
    v_pacer = 0.95 * spec.plan_effort_m_s
    follower = replace(spec, start_offset_m=spec.plan_effort_m_s / v_pacer)
    race = _race(setup, weather, cfg, [follower, replace(spec, index=1, name="Pacer")],
                 {1: setup.course.boundary_m / v_pacer})
    assert [e[2] for e in race.events] == ["finish", "finish"]
    np.testing.assert_allclose(np.subtract(race.splits[0], race.splits[1]), 1.0 / v_pacer, atol=1e-9)
    assert race.state["shelter"][0] == pytest.approx(1.0 - cfg.drafting.s0)


def _two_runners(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path)
    race = RunnerRace(setup.course, weather, cfg, [spec, replace(spec, index=1, name="Other")])
    return race, spec


@pytest.mark.parametrize("flag, event, detail", [(HIT_WALL << SPEND_SHIFT, "wall", "glycogen spent"),
                                                 (EXHAUSTED << SPEND_SHIFT, "exhausted", "sustainable effort used up")])
def test_report_logs_what_the_segment_just_run_cost(tmp_path, flag, event, detail):
    race, _ = _two_runners(tmp_path)
    race.report(0, 3, 300.0, flag, -1)                 # boundary 3 is the 1 km checkpoint
    assert race.events == [(300.0, 1000.0, event, "Solo", detail)] and race.status == ["running", "running"]


def test_report_finish_and_abandon(tmp_path):
    race, spec = _two_runners(tmp_path)
    race.report(0, 10, 600.0, FINISHES, -1)             # boundary 10: the finish, 3 km
    race.report(1, 7, 480.0, ABANDONS, -1)              # boundary 7: 2 km
    assert race.status == ["finished", "dnf"] and race.t_finish_s[0] == 600.0 and np.isnan(race.t_finish_s[1])
    assert race.events[0] == (600.0, 3000.0, "finish", "Solo", "")
    # projected: 480 s over 2 km is 720 s over 3 km, 12 min
    assert race.events[1] == (480.0, 2000.0, "abandon", "Other", f"projected 12 min, planned {spec.plan_time_s / 60:.0f}")


def test_report_catch_join_went_with_and_drop(tmp_path):
    race, _ = _two_runners(tmp_path)
    race.board.contact[1] = False
    race.report(0, 3, 300.0, CLOSED_GAP, 1)             # at 1000 m, closes on a runner alone: a catch
    race.board.contact[1] = True
    race.report(0, 4, 320.0, CLOSED_GAP, 1)             # at 1400 m, closes on a runner in a group: joins it
    race.report(0, 5, 340.0, WENT_WITH, 1)              # at 1500 m, the other came past and it went with him
    b = race.board
    b.x_m[1], b.t_s[1], b.v_m_s[1] = 1900.0, 350.0, 5.0
    race.report(0, 6, 356.0, DROPPED, 1)                # at 1900 m: 1900 + 5 * 6 - 1900 = 30 m ahead: 6 s
    assert race.events == [(300.0, 1000.0, "catch", "Solo", "Other"), (320.0, 1400.0, "join", "Solo", "Other"),
                           (340.0, 1500.0, "catch", "Other", "caught Solo, who goes with him"),
                           (356.0, 1900.0, "drop", "Solo", "lost contact with Other (6.0 s)")]


def test_report_surge_names_its_lift_and_length(tmp_path):
    cfg, setup, spec, weather = _setup(tmp_path, 3000.0, "surge")
    race = RunnerRace(setup.course, weather, cfg, [spec])
    race.report(0, 1, 100.0, SURGE_STARTS, -1)          # boundary 1 is at 400 m
    assert race.events == [(100.0, 400.0, "surge", "Solo", "+4% for 1000 m")]
