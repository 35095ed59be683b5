"""Goal pacing and pacing buses (sim/inputs/goals.py): the target ladder, who paces for what, the buses' timetables."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sim.config import BusSpec, GoalsConfig
from sim.inputs.goals import build_goals, bus_timetables_s, next_targets_s

LADDER = [27000.0, 28800.0, 32400.0, 36000.0, 39600.0, 43200.0]
N = 6000


def test_next_targets_s_by_hand():
    out = next_targets_s([10.0, 20.0, 30.0], np.array([5.0, 10.0, 10.5, 25.0, 30.0, 31.0, 1000.0]))
    assert_array_equal(out, [10.0, 10.0, 20.0, 30.0, 30.0, 30.0, 30.0])


def _field(seed=0):
    rng = np.random.default_rng(seed)
    predicted = rng.uniform(20000.0, 50000.0, N)
    t_line = np.sort(rng.uniform(0.0, 600.0, N))
    cum_eq = np.concatenate([[0.0], np.cumsum(rng.uniform(200.0, 500.0, 300))])
    return predicted, t_line, cum_eq


def _cfg(**kw):
    base = dict(enabled=True, targets_s=LADDER, share_pacing=0.7, ambition=0.03, max_slack=0.12, prediction_cv=0.0,
                buffer_s_min=60.0, buffer_s_max=900.0,
                buses=[BusSpec(43200.0, 420.0), BusSpec(32400.0, 300.0), BusSpec(39600.0, 300.0)])
    base.update(kw)
    return GoalsConfig(**base)


def test_exact_prediction_targets_by_construction():
    predicted, t_line, cum_eq = _field()
    cfg = _cfg()
    g = build_goals(cfg, predicted, t_line, cum_eq, np.random.default_rng(5))
    # the first rung at or after the prediction less the ambition (the last rung beyond the ladder)
    aim = predicted * (1 - cfg.ambition)
    expected = np.array([next((r for r in LADDER if r >= a), LADDER[-1]) for a in aim])
    assert_array_equal(g.target_s, expected)
    eligible = expected <= predicted * (1 + cfg.max_slack)
    assert not g.pacing[~eligible].any(), "a runner paces for a target far slower than its prediction"
    share = g.pacing[eligible].mean()
    sd = np.sqrt(0.7 * 0.3 / eligible.sum())
    assert abs(share - cfg.share_pacing) < 4 * sd, share
    assert 0 < (~eligible).sum() < N                 # the test exercises both sides
    assert np.all((g.margin_s >= cfg.buffer_s_min) & (g.margin_s <= cfg.buffer_s_max))
    assert g.margin_s.std() > 100.0


def test_misjudged_prediction_targets_are_on_the_ladder_and_within_slack():
    predicted, t_line, cum_eq = _field(1)
    cv = 0.05
    cfg = _cfg(prediction_cv=cv)
    g = build_goals(cfg, predicted, t_line, cum_eq, np.random.default_rng(6))
    pac = g.pacing
    assert np.isin(g.target_s[pac], LADDER).all()
    # perceived = predicted x lognormal(cv): no pacer more than max_slack slower than 5 sd of misjudgement
    assert np.all(g.target_s[pac] <= predicted[pac] * (1 + cfg.max_slack) * np.exp(5 * cv))
    # ... and the misjudgement shows: some pacers aim beyond their true prediction's slack, some short of its ambition
    ratio = g.target_s[pac] / predicted[pac]
    assert np.any(ratio > 1 + cfg.max_slack) and np.any(ratio < 1 - cfg.ambition)
    # statistically: most targets are still what the exact prediction would give
    aim = predicted * (1 - cfg.ambition)
    exact = np.array([next((r for r in LADDER if r >= a), LADDER[-1]) for a in aim])
    assert 0.6 < np.mean(g.target_s == exact) < 0.98


def test_bus_timetables_increase_and_end_before_the_target():
    predicted, t_line, cum_eq = _field(2)
    cfg = _cfg()
    g = build_goals(cfg, predicted, t_line, cum_eq, np.random.default_rng(7))
    assert_array_equal(g.bus_target_s, [32400.0, 39600.0, 43200.0])          # sorted by target
    assert g.bus_times_s.shape == (3, cum_eq.size)
    assert np.all(np.diff(g.bus_times_s, axis=1) > 0)
    assert_allclose(g.bus_times_s[:, -1], [32400.0 - 300.0, 39600.0 - 300.0, 43200.0 - 420.0])
    for b, target in enumerate(g.bus_target_s):
        riders = g.pacing & (g.target_s == target)
        assert riders.sum() > 50
        start = g.bus_times_s[b, 0]
        assert t_line[riders].min() <= start <= t_line[riders].max()   # leaves while its riders cross the line
        # even grade-adjusted pace: time is linear in the grade-adjusted distance
        assert_allclose(np.diff(g.bus_times_s[b]) / np.diff(cum_eq), (target - (420.0 if target == 43200 else 300.0)
                                                                       - start) / cum_eq[-1])


def test_bus_timetables_by_hand():
    tt = bus_timetables_s([BusSpec(1000.0, 100.0)], np.array([0.0, 300.0, 900.0]), [0.0])
    assert_allclose(tt, [[0.0, 300.0, 900.0]])
    assert bus_timetables_s([], np.array([0.0, 1.0]), []).shape == (0, 2)


@pytest.mark.parametrize("cfg", [GoalsConfig(enabled=False, targets_s=LADDER), GoalsConfig(enabled=True, targets_s=[])])
def test_no_goals(cfg):
    predicted, t_line, cum_eq = _field(3)
    g = build_goals(cfg, predicted, t_line, cum_eq, np.random.default_rng(8))
    assert not g.pacing.any() and np.isinf(g.target_s).all()
    assert g.targets_s.size == 0 and g.bus_target_s.size == 0 and g.bus_times_s.shape == (0, cum_eq.size)


def test_same_rng_same_goals():
    predicted, t_line, cum_eq = _field(4)
    cfg = _cfg(prediction_cv=0.05)
    a, b = (build_goals(cfg, predicted, t_line, cum_eq, np.random.default_rng(9)) for _ in range(2))
    c = build_goals(cfg, predicted, t_line, cum_eq, np.random.default_rng(10))
    assert_array_equal(a.target_s, b.target_s)
    assert_array_equal(a.pacing, b.pacing)
    assert_array_equal(a.margin_s, b.margin_s)
    assert not np.array_equal(a.pacing, c.pacing)
