"""The vectorised mass field (sim/inputs/crowd_field.py): split-lognormal seeds, derived abilities, course predictions."""
from math import erf, log, sqrt
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import DATA, compose_config
from numpy.testing import assert_allclose, assert_array_equal

from sim.engine.crowd_race import CrowdSetup
from sim.errors import PacksimError
from sim.inputs.crowd_field import (
    build_crowd_field,
    grade_adjusted_distance_m,
    split_lognormal_seeds_s,
)
from sim.inputs.field import plan_effort_m_s
from sim.model.physiology import sustainable_fraction


@pytest.fixture(scope="module")
def comrades():
    cfg = compose_config("scenario=comrades_down", "field.size=4000")
    return cfg, CrowdSetup(cfg).course


def test_split_lognormal_seeds_median_spreads_and_floor():
    median, fast, slow, floor = 13200.0, 0.165, 0.08, 8000.0
    t = split_lognormal_seeds_s(200_000, median, fast, slow, floor, np.random.default_rng(0))
    assert abs(np.median(t) / median - 1) < 0.003
    lt = np.log(t)
    # one sd either side of the median in log space: sigma_fast below, sigma_slow above
    assert_allclose(np.percentile(lt, 84.134) - log(median), slow, rtol=0.03)
    assert_allclose(log(median) - np.percentile(lt, 15.866), fast, rtol=0.03)   # the floor (8000 s) is far below
    assert t.min() == floor
    assert_allclose(np.mean(t == floor), _below(floor, median, fast), rtol=0.15)


def _below(floor, median, sigma):
    """P(median exp(z sigma) < floor) for z ~ N(0, 1)."""
    return 0.5 * (1 + erf(log(floor / median) / sigma / sqrt(2)))


def test_split_lognormal_per_runner_medians_and_floors():
    med = np.array([10000.0, 20000.0] * 5000)
    floors = np.array([9000.0, 1000.0] * 5000)
    t = split_lognormal_seeds_s(med.size, med, 0.2, 0.1, floors, np.random.default_rng(1))
    assert abs(np.median(t[::2]) / 10000 - 1) < 0.02 and abs(np.median(t[1::2]) / 20000 - 1) < 0.02
    assert t[::2].min() == 9000.0 and t[1::2].min() > 1000.0


def test_effort_for_duration_is_a_fixed_point():
    phys = compose_config().physiology
    cs = np.array([3.0, 3.8, 4.5, 6.0])
    d = 90000.0
    e = plan_effort_m_s(cs, d, phys)
    f = sustainable_fraction(d / e, phys.sustainable_f_ref, phys.sustainable_slope, phys.sustainable_t_ref_s,
                             phys.sustainable_f_max, phys.sustainable_knee_s, phys.sustainable_slope_ultra)
    assert_allclose(e, cs * f, rtol=1e-9)
    assert np.all(e < cs)
    assert_allclose(plan_effort_m_s(cs[1], d, phys), e[1])    # a scalar through the same code path


def test_grade_adjusted_distance():
    flat = SimpleNamespace(length_m=np.array([100.0, 250.0, 650.0]), grade=np.zeros(3))
    assert_allclose(grade_adjusted_distance_m(flat), 1000.0)
    hilly = SimpleNamespace(length_m=np.array([500.0, 500.0]), grade=np.array([0.05, -0.05]))
    up = SimpleNamespace(length_m=np.array([1000.0]), grade=np.array([0.05]))
    assert grade_adjusted_distance_m(up) > grade_adjusted_distance_m(hilly) > 1000.0   # up costs, down gives back less


def test_comrades_field(comrades):
    cfg, course = comrades
    f = build_crowd_field(cfg.field, cfg.physiology, course, np.random.default_rng(11))
    n = cfg.field.size
    assert len(f) == n and len(set(f.names)) == n and f.names[0] == "Runner 0001" and f.generated.all()
    for a in (f.seed_time_s, f.marathon_s, f.mass_kg, f.height_m, f.cda_m2, f.cs_m_s, f.d_prime_m, f.plan_effort_m_s,
              f.predicted_s, f.carb_g_h, f.resistance):
        assert a.shape == (n,) and np.isfinite(a).all()
    women = f.sex == "F"
    assert set(f.sex) == {"M", "F"}
    assert abs(women.mean() - cfg.field.female_share) < 4 * sqrt(0.2 * 0.8 / n)
    assert np.median(f.seed_time_s[women]) > np.median(f.seed_time_s[~women])
    assert f.seed_time_s[women].min() >= cfg.field.seed_time_min_s["F"]
    assert f.seed_time_s[~women].min() >= cfg.field.seed_time_min_s["M"]
    assert_allclose(f.marathon_s, f.seed_time_s)                      # generated seeds are marathons
    # a faster critical speed always predicts a faster course, and the plan is below CS
    order = np.argsort(f.cs_m_s)
    assert np.all(np.diff(f.predicted_s[order]) < 0)
    assert np.all(f.plan_effort_m_s < f.cs_m_s)
    # the prediction covers the grade-adjusted course at F(T)·CS
    d_eq = grade_adjusted_distance_m(course, cfg.physiology.grade_model)
    assert_allclose(f.predicted_s, d_eq / plan_effort_m_s(f.cs_m_s, d_eq, cfg.physiology), rtol=1e-9)
    assert np.all(f.carb_g_h <= cfg.physiology.fuelling.max_intake_g_h)
    assert abs(np.mean(f.carb_g_h) / cfg.field.carb_intake_g_h - 1) < 0.05     # the drawn intake keeps its mean
    assert np.all((f.resistance >= 0) & (f.resistance <= 0.95)) and f.resistance.std() > 0.1
    # Comrades finishers spread over hours, most inside 12 h
    assert 5 * 3600 < np.percentile(f.predicted_s, 1) and np.median(f.predicted_s) < 12 * 3600


def test_same_generator_same_field(comrades):
    cfg, course = comrades
    a, b, c = (build_crowd_field(cfg.field, cfg.physiology, course, np.random.default_rng(s)) for s in (3, 3, 4))
    for key in ("sex", "seed_time_s", "cs_m_s", "d_prime_m", "predicted_s", "carb_g_h", "resistance"):
        assert_array_equal(getattr(a, key), getattr(b, key))
    assert not np.array_equal(a.cs_m_s, c.cs_m_s)


def test_roster_runners_come_first(comrades):
    cfg, course = comrades
    from sim.inputs.field import read_roster
    roster = read_roster(str(DATA / "roster_small.csv"))
    cfg_field = type(cfg.field)(**{**vars(cfg.field), "roster": str(DATA / "roster_small.csv"), "size": 50})
    f = build_crowd_field(cfg_field, cfg.physiology, course, np.random.default_rng(2))
    k = len(roster)
    assert f.names[:k] == [r["name"] for r in roster]
    assert not f.generated[:k].any() and f.generated[k:].all()
    assert_allclose(f.seed_time_s[:k], [r["seed_time_s"] for r in roster])
    small = type(cfg.field)(**{**vars(cfg.field), "roster": str(DATA / "roster_small.csv"), "size": k - 1})
    with pytest.raises(PacksimError, match="field.size"):
        build_crowd_field(small, cfg.physiology, course, np.random.default_rng(2))
