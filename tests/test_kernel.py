"""sim/model/kernel.py and sim/model/layout.py: the per-boundary model on hand-built records.

Sanity values of issue 9 for power hiking (Minetti 2002 costs, Minetti & Pavei 2018 transition), the
altitude factor (Wehrlin & Hallén 2006), the heat at the runner's elevation (standard-atmosphere lapse,
ABM WBGT) and the descent cap (terrain x skill x headlamp), computed by hand.
"""
from types import SimpleNamespace

import numpy as np
import pytest

from sim.config import DraftingConfig, PhysiologyConfig, TacticSpec
from sim.inputs.tactics import build_tactics
from sim.model.compiled import kernel
from sim.model.energetics import gap_factor, minetti_walking_cost_j_kg_m
from sim.model.descent import descent_speed_cap_m_s, descending_skill
from sim.model.environment import altitude_cost_factor, wbgt_lapse_offset_c
from sim.model.kernel import conditions, decide, speed_for_effort, walk_or_run
from sim.model.layout import (
    SEG_ALTITUDE,
    SEG_COST,
    SEG_DESCENT_CAP,
    SEG_WALK_COST,
    SEG_WBGT_OFFSET,
    initial_state,
    model_params,
    runner_table,
    segment_table,
)
from sim.model.physiology import sustainable_fraction

PHYS = PhysiologyConfig()


def records(grade, elevation_m=100.0, length_m=1000.0, cs_m_s=5.5, phys=PHYS, surface="trail", wbgt_offset_c=None,
            descent_skill=1.0):
    """MODEL, RUNNER, STATE records and the segment row of one straight segment of ``grade``."""
    course = SimpleNamespace(grade=np.array([grade]), elevation_m=np.array([elevation_m, elevation_m + grade * length_m]),
                             boundary_m=np.array([0.0, length_m]), length_m=np.array([length_m]), n_segments=1,
                             distance_m=length_m, checkpoint_boundary=np.array([0, 1]), surface=np.array([surface]))
    weather = SimpleNamespace(air_density_kg_m3=np.array([1.1]), headwind_share=np.array([0.0]),
                              crosswind_share=np.array([0.0]), wbgt_offset_c=wbgt_offset_c)
    tactic = build_tactics({"even": TacticSpec()})["even"]
    runners = runner_table(phys, [tactic], [cs_m_s], [300.0], [0.8 * cs_m_s], [1e4], [1e4], [58.0], [0.35], [60.0],
                           [0.0], True, [descent_skill])
    model = model_params(phys, DraftingConfig(), length_m, 5.0, 60.0, True)
    return model[0], runners[0], initial_state(runners, 0.0)[0], segment_table(course, weather, phys)[0]


def test_hiking_is_cheaper_than_running_on_a_25_percent_climb():
    # per metre: walking 9.49 J/kg/m (Minetti 2002) against running 3.6 x 2.83 = 10.19 (GAP)
    assert minetti_walking_cost_j_kg_m(0.25) == pytest.approx(9.49, abs=0.01)
    assert 3.6 * gap_factor(0.25) == pytest.approx(10.19, abs=0.01)
    m, r, s, row = records(0.25)
    assert row[SEG_WALK_COST] < row[SEG_COST]
    v, walks, _ = walk_or_run(m, r, s, row, 1.0, 3.0, 0.0, 0.0, 1.0, 1.0)   # running at 1.0 m/s, below the transition
    assert walks and v > 1.0


def test_on_the_flat_above_the_transition_a_runner_runs():
    m, r, s, row = records(0.0)
    assert walk_or_run(m, r, s, row, 2.3, 5.0, 0.0, 0.0, 1.0, 1.0) == (2.3, False, 5.0)


def test_an_elites_vertical_speed_on_a_long_20_percent_climb():
    """A 2:15 marathoner (CS 5.5 m/s) 12 hours from the finish of a 100-miler climbs 900-1,300 m/h at 1000 m."""
    m, r, s, row = records(0.20, elevation_m=1000.0)
    effort = 5.5 * float(sustainable_fraction(12 * 3600.0))
    v = speed_for_effort(m, r, row, effort, 0.0, 0.0, 1.0, 1.0, 1.5, 6)
    v, _, _ = walk_or_run(m, r, s, row, v, effort, 0.0, 0.0, 1.0, 1.0)
    assert 900.0 <= v * 0.20 * 3600.0 <= 1300.0


def test_altitude_costs_6_3_percent_of_vo2max_per_1000_m_above_the_threshold():
    assert altitude_cost_factor(500.0) == 1.0
    assert altitude_cost_factor(2000.0) == pytest.approx(1.0 / (1.0 - 0.063))
    assert altitude_cost_factor(2000.0, threshold_m=300.0) == pytest.approx(1.0 / (1.0 - 0.063 * 1.7))
    _, _, _, row = records(0.0, elevation_m=2500.0)
    assert row[SEG_ALTITUDE] == pytest.approx(1.0 / (1.0 - 0.063 * 1.5))
    _, _, _, off = records(0.0, elevation_m=2500.0, phys=PhysiologyConfig(altitude=False))
    assert off[SEG_ALTITUDE] == 1.0


def test_power_hiking_off_means_running_every_step():
    m, r, s, row = records(0.25, phys=PhysiologyConfig(power_hiking=False))
    assert walk_or_run(m, r, s, row, 1.0, 3.0, 0.0, 0.0, 1.0, 1.0) == (1.0, False, 3.0)


def test_wbgt_falls_0_567_x_6_5_c_per_km_of_height():
    # 1000 m up at the standard 6.5 °C/km: the air 6.5 °C cooler, WBGT 0.567 x 6.5 = 3.6855 °C lower
    assert wbgt_lapse_offset_c(1100.0, 100.0) == pytest.approx(-3.6855)
    assert wbgt_lapse_offset_c(np.array([100.0, 600.0]), 100.0, 0.0).tolist() == [0.0, 0.0]
    assert wbgt_lapse_offset_c(0.0, 500.0, 6.5) == pytest.approx(1.84275)   # 500 m below: warmer


def test_the_heat_term_reads_the_wbgt_at_the_segments_elevation():
    """WBGT 20 °C at the reference, a segment 1000 m higher: 16.3145 °C, heat factor 1 + 0.0027 x 1.282 x 6.3145
    (the runner expects 10,000 s: slowness 10,000 / 7,800)."""
    m, r, s, row = records(0.0, wbgt_offset_c=np.array([-3.6855]))
    assert row[SEG_WBGT_OFFSET] == pytest.approx(-3.6855)
    weather = np.array([[0.0], [20.0], [0.0]])   # WIND, WBGT, DARK rows
    _, _, k = conditions(m, r, s, row, 0.0, weather)
    slowness = 1e4 / 7800.0
    assert k == pytest.approx(1.0 + 0.0027 * slowness * 6.3145)
    m0, r0, s0, row0 = records(0.0)
    assert row0[SEG_WBGT_OFFSET] == 0.0
    assert conditions(m0, r0, s0, row0, 0.0, weather)[2] == pytest.approx(1.0 + 0.0027 * slowness * 10.0)


def test_descent_cap_by_hand():
    # trail 6 m/s, critical grade 0.10, loss 2.5 per unit grade, floor 25 %
    assert descent_speed_cap_m_s(-0.30, 6.0) == pytest.approx(3.0)          # 6 (1 - 2.5 x 0.20)
    assert descent_speed_cap_m_s(-0.05, 6.0) == pytest.approx(6.0)          # gentler than the critical grade
    assert descent_speed_cap_m_s(-0.45, 6.0) == pytest.approx(1.5)          # 1 - 2.5 x 0.35 < 0.25: the floor
    assert descent_speed_cap_m_s(0.10, 6.0) == np.inf                       # climbs are never capped
    assert descent_speed_cap_m_s(-0.30, np.inf) == np.inf                   # nor is the road
    caps = descent_speed_cap_m_s(np.array([-0.30, -0.05]), np.array([4.5, 6.0]))
    assert caps.tolist() == [pytest.approx(2.25), 6.0]                      # scalar == array element


def test_descending_skill_is_a_mean_one_lognormal():
    assert descending_skill(0.0, 0.0) == 1.0
    sigma = np.sqrt(np.log(1.01))                                           # cv 0.1
    assert descending_skill(1.0, 0.1) == pytest.approx(np.exp(sigma - sigma ** 2 / 2))
    z = np.random.default_rng(1).standard_normal(200_000)
    skill = descending_skill(z, 0.1)
    assert skill.mean() == pytest.approx(1.0, abs=0.002) and skill.std() == pytest.approx(0.1, rel=0.03)


@kernel
def _decide_alone(model, runners, state, row, weather):
    """:func:`decide` for runner 0 alone, on the records' arrays (so the state it writes is kept)."""
    s = state[0]
    dt, _ = decide(model[0], runners[0], s, row, 0.0, weather, False, 0.0, 0.0, 0.0, False, False, False)
    return s.v_m_s, s.effort_m_s, dt


def _decide(grade, surface, cs_m_s, descent_skill=1.0, dark=False):
    """(speed, effort, duration) a runner alone chooses on one segment, on a calm cool day (no heat)."""
    phys = PHYS
    course = SimpleNamespace(grade=np.array([grade]), elevation_m=np.array([100.0, 100.0 + grade * 1000.0]),
                             boundary_m=np.array([0.0, 1000.0]), length_m=np.array([1000.0]), n_segments=1,
                             distance_m=1000.0, checkpoint_boundary=np.array([0, 1]), surface=np.array([surface]))
    air = SimpleNamespace(air_density_kg_m3=np.array([1.1]), headwind_share=np.array([0.0]),
                          crosswind_share=np.array([0.0]))
    tactic = build_tactics({"even": TacticSpec()})["even"]
    runners = runner_table(phys, [tactic], [cs_m_s], [300.0], [0.8 * cs_m_s], [1e4], [1e4], [58.0], [0.35], [60.0],
                           [0.0], True, [descent_skill])
    model = model_params(phys, DraftingConfig(), 1000.0, 5.0, 60.0, True)
    weather = np.array([[0.0], [5.0], [1.0 if dark else 0.0]])   # WIND, WBGT, DARK rows
    return _decide_alone(model, runners, initial_state(runners, 0.0), segment_table(course, air, phys)[0], weather)


def test_the_cap_binds_on_a_steep_technical_descent_times_skill_and_headlamp():
    """An elite (CS 5.5) down -30 % technical: cap 4.5 x (1 - 2.5 x 0.2) = 2.25 m/s; skill 1.2 -> 2.7; dark x 0.85 -> 2.295."""
    _, _, _, row = records(-0.30, surface="technical", cs_m_s=5.5, descent_skill=1.2)
    assert row[SEG_DESCENT_CAP] == pytest.approx(2.25)
    v_light, e_light, dt = _decide(-0.30, "technical", 5.5, 1.2, dark=False)
    assert v_light == pytest.approx(2.7) and dt == pytest.approx(1000.0 / 2.7)
    v_dark, e_dark, _ = _decide(-0.30, "technical", 5.5, 1.2, dark=True)
    assert v_dark == pytest.approx(2.7 * 0.85)
    assert e_dark < e_light   # held back, it spends less


def test_the_cap_never_binds_on_the_road_nor_where_the_runner_is_slower():
    _, _, _, row = records(-0.30, surface="road", cs_m_s=5.5)
    assert row[SEG_DESCENT_CAP] == np.inf
    v_road, e_road, _ = _decide(-0.30, "road", 5.5, 0.5, dark=True)     # a poor descender, at night: the road is free
    m, r, _, row = records(-0.30, surface="road", cs_m_s=5.5)
    assert v_road > 2.7 and v_road == pytest.approx(speed_for_effort(m, r, row, e_road, 0.0, 0.0, 1.0, 1.0, 3.0, 40))
    v, _, _ = _decide(-0.05, "trail", 3.0)     # a slow runner down a gentle trail: under the 6 m/s cap, unchanged
    v_free, _, _ = _decide(-0.05, "trail", 3.0, descent_skill=10.0)   # a cap of 60 m/s
    assert v < 6.0 and v == v_free
