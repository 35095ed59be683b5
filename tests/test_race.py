"""Engine properties on a small course: every starter ends once, splits increase, packs are
consistent, determinism, and the direction of drafting and wind effects."""
import numpy as np
from conftest import SMALL, run_race
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_every_starter_ends_exactly_once():
    res = run_race(*SMALL)
    names = [r.runner for r in res.results]
    assert len(names) == len(set(names)) == 24
    assert {r.status for r in res.results} <= {"finished", "dnf"}
    ends = [e.runner for e in res.events if e.event in ("finish", "dnf", "abandon")]
    assert sorted(ends) == sorted(names)
    places = [r.place for r in res.results if r.status == "finished"]
    assert places == list(range(1, len(places) + 1))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_splits_increase_and_packs_are_consistent(seed):
    res = run_race(*SMALL, seed=seed)
    t = res.split_times_s
    for row in t:
        reached = row[np.isfinite(row)]
        assert np.all(np.diff(reached) > 0)
    for c in range(t.shape[1]):
        ids = res.pack_id[:, c]
        for pid in set(ids[ids > 0]):
            members = np.flatnonzero(ids == pid)
            assert np.all(res.pack_size[members, c] == len(members))
    finish = {r.runner: r.t_finish_s for r in res.results if r.status == "finished"}
    for i, spec in enumerate(res.runners):
        if spec.name in finish:
            assert t[i, -1] == finish[spec.name]


def test_same_seed_same_race_other_seed_other_race():
    a, b, c = run_race(*SMALL, seed=3), run_race(*SMALL, seed=3), run_race(*SMALL, seed=4)
    assert [(r.runner, r.t_finish_s) for r in a.results] == [(r.runner, r.t_finish_s) for r in b.results]
    assert [(e.t_s, e.event, e.runner) for e in a.events] == [(e.t_s, e.event, e.runner) for e in b.events]
    assert [(r.runner, r.t_finish_s) for r in a.results] != [(r.runner, r.t_finish_s) for r in c.results]


def _winner_s(*overrides):
    return min(r.t_finish_s for r in run_race(*SMALL, *overrides).results if r.status == "finished")


def test_headwind_slows_the_race():
    calm = _winner_s("weather.wind_speed_m_s=0", "weather.gust_speed_m_s=0")
    windy = _winner_s("weather.wind_speed_m_s=8", "weather.gust_speed_m_s=0", "weather.wind_from_deg=0")
    assert windy > calm


def test_drafting_off_means_nobody_is_sheltered_and_the_pack_is_slower():
    base = ["weather.wind_speed_m_s=6", "weather.wind_from_deg=0", "field.default_tactic=sit"]
    with_draft = run_race(*SMALL, *base)
    without = run_race(*SMALL, *base, "drafting.enabled=false")
    med = lambda res: np.median([r.t_finish_s for r in res.results if r.status == "finished"])
    assert med(without) > med(with_draft)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cs=st.floats(4.0, 6.0), lift=st.floats(0.01, 0.1))
def test_a_faster_runner_is_never_slower_alone(cs, lift, tmp_path_factory):
    path = tmp_path_factory.mktemp("roster") / "solo.csv"
    times = []
    for value in (cs, cs * (1 + lift)):
        path.write_text(f"name,seed_time_s,cs_m_s,d_prime_m,mass_kg,height_m,tactic\nSolo,8000,{value},300,60,1.75,even\n")
        res = run_race(SMALL[0], f"field.roster={path}", "field.size=1", "field.day_form_cv=0", "sim.plots=false")
        times.append(res.results[0].t_finish_s)
    assert times[1] < times[0]
