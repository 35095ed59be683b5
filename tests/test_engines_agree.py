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
