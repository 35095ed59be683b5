"""sim/model/kernel.py through both schedulers: a runner alone is the same runner on either engine.

For random solo runners on random small courses (climbs, descents, turns into and out of a steady
wind, heat, a trail's descent cap), the per-runner SimPy process (sim/engine/runner.py) and the crowd engine with a
cohort of one (sim/engine/crowd.py) call the same kernel for every number, so their splits agree to 1e-9 s; so does
the mass race scheduled one process per runner (sim/engine/crowd_runners.py, ``sim.crowd_scheduler=runners``).
"""
import tempfile
from pathlib import Path

import numpy as np
from conftest import compose_config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.engine.crowd_race import CrowdSetup
from sim.engine.race import RaceSetup


def _course_csv(folder, lengths_m, grades, headings_deg):
    distance = np.concatenate([[0.0], np.cumsum(lengths_m)])
    elevation = np.concatenate([[100.0], 100.0 + np.cumsum(np.asarray(lengths_m) * np.asarray(grades))])
    heading = list(headings_deg) + [headings_deg[-1]]
    path = Path(folder) / "course.csv"
    path.write_text("distance_m,elevation_m,heading_deg\n"
                    + "".join(f"{d:.3f},{e:.3f},{h:.1f}\n" for d, e, h in zip(distance, elevation, heading)))
    return path


def _roster_csv(folder, seed_s, mass_kg, height_m):
    path = Path(folder) / "roster.csv"
    path.write_text(f"name,seed_time_s,mass_kg,height_m,d_prime_m\nSolo,{seed_s:.1f},{mass_kg:.2f},{height_m:.3f},300\n")
    return path


segments = st.lists(st.tuples(st.floats(300.0, 2500.0), st.floats(-0.2, 0.25), st.floats(0.0, 359.0)),
                    min_size=2, max_size=6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments=segments, seed_s=st.floats(2.1 * 3600, 4.5 * 3600), mass_kg=st.floats(50.0, 85.0),
       height_m=st.floats(1.6, 1.95), wind_m_s=st.floats(0.0, 6.0), wind_from_deg=st.floats(0.0, 359.0),
       temp_c=st.floats(5.0, 30.0), walking=st.booleans(), trail=st.booleans())
def test_a_runner_alone_runs_the_same_race_on_both_engines(segments, seed_s, mass_kg, height_m, wind_m_s,
                                                         wind_from_deg, temp_c, walking, trail):
    with tempfile.TemporaryDirectory() as folder:
        lengths, grades, headings = zip(*segments)
        course = _course_csv(folder, lengths, grades, headings)
        roster = _roster_csv(folder, seed_s, mass_kg, height_m)
        overrides = [f"course.profile={course}", "course.checkpoint_every_m=500", f"field.roster={roster}",
                     "field.size=1", "field.day_form_cv=0", f"weather.wind_speed_m_s={wind_m_s}",
                     f"weather.wind_from_deg={wind_from_deg}", "weather.gust_speed_m_s=0", "weather.gust_factor=0",
                     f"weather.temp_air_c={temp_c}", f"physiology.walking_enabled={str(walking).lower()}",
                     "physiology.abandon_margin=0", "focal=[]"]
        if trail:   # the descent cap (times the runner's descending factor) binds on the steep descents
            overrides += ["course.surface_default=trail", "physiology.descent_speed_max_m_s={trail:3.0,technical:3.0,snow:3.0}",
                          "field.descent_skill_cv=0.3"]
        alone = RaceSetup(compose_config(*overrides)).run(np.random.default_rng(1), 1)
        cohort = CrowdSetup(compose_config(*overrides, "sim.engine=crowd")).run(np.random.default_rng(1), 1)
        each = CrowdSetup(compose_config(*overrides, "sim.engine=crowd", "sim.crowd_scheduler=runners")).run(
            np.random.default_rng(1), 1)
    assert alone.results[0].status == "finished" and cohort.status[0] == "finished" and each.status[0] == "finished"
    np.testing.assert_allclose(alone.split_times_s[0], cohort.split_times_s[0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(alone.split_times_s[0], each.split_times_s[0], rtol=0, atol=1e-9)
    assert abs(alone.results[0].t_finish_s - cohort.t_finish_s[0]) <= 1e-9


# -- a runner behind a fixed pacer -----------------------------------------------------------------------

def _behind_a_pacer(folder, lengths_m, headings_deg, pacer_fraction, wind_m_s, wind_from_deg, temp_c, seed_s,
                    mass_kg, height_m):
    """Run one follower behind a pacer on a timetable on both engines; returns (per-runner, crowd) outcomes.

    The pacer runs the flat course at an even speed, ``pacer_fraction`` of the follower's average speed alone;
    the follower starts ``follow_gap_m`` behind it. Per-runner engine: the pacer is a
    :func:`sim.engine.runner.pacer` on the board. Crowd engine: a pacing bus with the same timetable that
    the follower rides, with ``goals.bus_shelter`` set to what the per-runner follower feels at the follow gap.
    """
    from dataclasses import replace

    import simpy

    from sim.engine.crowd import CrowdEngine
    from sim.engine.runner import RunnerRace, pacer, runner
    from sim.inputs.crowd_field import build_crowd_field, grade_adjusted_distance_m
    from sim.inputs.field import build_field
    from sim.inputs.goals import Goals
    from sim.inputs.weather import build_weather
    from sim.model.aero import shelter_factor

    course_csv = _course_csv(folder, lengths_m, [0.0] * len(lengths_m), headings_deg)
    roster = _roster_csv(folder, seed_s, mass_kg, height_m)
    overrides = [f"course.profile={course_csv}", "course.checkpoint_every_m=500", f"field.roster={roster}",
                 "field.size=1", "field.day_form_cv=0", f"weather.wind_speed_m_s={wind_m_s}",
                 f"weather.wind_from_deg={wind_from_deg}", "weather.gust_speed_m_s=0", "weather.gust_factor=0",
                 f"weather.temp_air_c={temp_c}", "physiology.walking_enabled=false", "physiology.abandon_margin=0",
                 "field.default_tactic=even", "tactics.even.pass_margin=1.0", "focal=[]"]
    cfg = compose_config(*overrides)
    d = cfg.drafting
    shelter = shelter_factor(d.follow_gap_m, 0.0, d.s0, d.decay_m, d.lateral_sigma_m, d.min_gap_m)

    setup = RaceSetup(cfg)
    rng = np.random.default_rng(1)
    spec = build_field(cfg.field, cfg.physiology, setup.tactics, setup.course.distance_m, rng,
                       grade_adjusted_distance_m(setup.course, cfg.physiology.grade_model))[0]
    weather = build_weather(cfg.weather, setup.course, cfg.sim.time_limit_s, rng)
    solo = setup.run(np.random.default_rng(1), 1).results[0]
    v_pacer = pacer_fraction * setup.course.distance_m / solo.t_chip_s
    t_follow_s = d.follow_gap_m / v_pacer
    timetable_s = setup.course.boundary_m / v_pacer
    follower = replace(spec, index=0, start_offset_m=t_follow_s * spec.plan_effort_m_s)
    t_line_s = follower.start_offset_m / follower.plan_effort_m_s    # when runner() reaches the start line
    env = simpy.Environment()
    alone = RunnerRace(setup.course, weather, cfg, [follower, replace(spec, index=1, name="Pacer")])
    env.process(runner(env, alone, 0))
    env.process(pacer(env, alone, 1, timetable_s))
    env.run(until=cfg.sim.time_limit_s)

    ccfg = compose_config(*overrides, "sim.engine=crowd", f"goals.bus_shelter={shelter!r}")
    csetup = CrowdSetup(ccfg)
    rng = np.random.default_rng(1)
    fld = build_crowd_field(ccfg.field, ccfg.physiology, csetup.course, rng)
    cweather = build_weather(ccfg.weather, csetup.course, ccfg.sim.time_limit_s, rng, csetup.start_clock_s)
    target_s = np.array([2.0 * ccfg.sim.time_limit_s])
    goals = Goals(target_s.copy(), np.zeros(1), np.ones(1, dtype=bool), target_s, target_s,
                  (csetup.course.boundary_m / v_pacer)[None, :])
    crowd = CrowdEngine(ccfg, csetup.course, cweather, fld, goals, np.array([t_line_s]), csetup.cutoffs,
                        csetup.stations, csetup.tactics)
    crowd.run()
    return alone, crowd, timetable_s


# whole hundreds of metres: the checkpoints every 500 m fall on profile points, leaving no segment under a
# second long (the crowd engine takes a bus's timetable interval as at least 1 s: CrowdEngine._buses)
flat_segments = st.lists(st.tuples(st.integers(3, 25).map(lambda n: 100.0 * n), st.sampled_from([0.0, 180.0])),
                         min_size=2, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments=flat_segments, pacer_fraction=st.floats(0.9, 1.0), seed_s=st.floats(2.1 * 3600, 4.5 * 3600),
       mass_kg=st.floats(50.0, 85.0), height_m=st.floats(1.6, 1.95), wind_m_s=st.floats(0.0, 3.0),
       wind_from_deg=st.sampled_from([0.0, 180.0]), temp_c=st.floats(5.0, 30.0))
def test_a_runner_behind_a_fixed_pacer_runs_the_same_race_on_both_engines(segments, pacer_fraction, seed_s, mass_kg,
                                                                        height_m, wind_m_s, wind_from_deg, temp_c):
    """Behind a pacer on a fixed timetable, the follower spends the same and splits the same on both engines.

    The engines model a pacer differently, so this compares what they share. The per-runner engine
    shelters a follower behind the named runner ahead by the gap (:func:`sim.model.kernel.shelter_behind`)
    and holds the pace by closing toward ``drafting.follow_gap_m`` while its averaged effort is within the
    tactic's limits, passing a pacer slower than its own pace by the tactic's margin; the crowd engine
    has no runner ahead, only a bus whose pace a rider holds exactly at a fixed ``goals.bus_shelter``
    while it costs at most ``bus_hold_tolerance`` over what it can afford. So:

    * the pacer runs at an even speed on a flat course, with no crosswind (head- or tailwind along the
      course), and the follower starts exactly at the follow gap behind it: the per-runner follower
      stays at that gap, so it holds the pacer's speed and feels the same shelter on every segment; the
      crowd engine is given that shelter as ``bus_shelter``;
    * the pacer is no faster than the follower's planned effort and not so slow that the tactic would
      pass it, so the follower stays with it in both engines (checked: where the two decision rules to
      stay or to go differ, the engines may part, by design);
    * then the follower's speed is the pacer's in both, its effort on each segment is
      :func:`sim.model.kernel.effort_at_speed` at that speed and shelter in both (the bus through
      :func:`sim.model.kernel.cohort_efforts_at_speed`), and the physiology over the race (D′, fatigue,
      glycogen, the averaged effort) is the same :func:`sim.model.kernel.spend`: splits agree to 1e-9 s
      and the follower's final state to 1e-9 relative.
    """
    with tempfile.TemporaryDirectory() as folder:
        lengths, headings = zip(*segments)
        alone, crowd, timetable_s = _behind_a_pacer(folder, lengths, headings, pacer_fraction, wind_m_s,
                                                    wind_from_deg, temp_c, seed_s, mass_kg, height_m)
    crowd_events = [e[2] for e in crowd.events]
    assert not any(e[2] in ("drop", "catch", "join") for e in alone.events), alone.events
    assert crowd_events.count("bus_join") == 1 and "bus_drop" not in crowd_events, crowd.events
    assert alone.status == ["finished", "finished"] and crowd.status[0] == 1
    np.testing.assert_allclose(alone.splits[0], crowd.splits[0], rtol=0, atol=1e-9)
    assert abs(alone.t_finish_s[0] - crowd.t_finish[0]) <= 1e-9
    assert abs(alone.t_finish_s[1] - timetable_s[-1]) <= 1e-9
    for key in ("phi", "d_prime_m", "glycogen_j", "effort_avg_m_s", "effort_m_s"):
        np.testing.assert_allclose(alone.state[key][0], crowd.state[key][0], rtol=1e-9, err_msg=key)
