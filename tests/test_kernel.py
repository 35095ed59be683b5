"""sim/model/kernel.py and sim/model/layout.py: the per-boundary model on hand-built records.

Sanity values of issue 9 for power hiking (Minetti 2002 costs, Minetti & Pavei 2018 transition) and the
altitude factor (Wehrlin & Hallén 2006), computed by hand.
"""
from types import SimpleNamespace

import numpy as np
import pytest

from sim.config import DraftingConfig, PhysiologyConfig, TacticSpec
from sim.inputs.tactics import build_tactics
from sim.model.energetics import gap_factor, minetti_walking_cost_j_kg_m
from sim.model.environment import altitude_cost_factor
from sim.model.kernel import speed_for_effort, walk_or_run
from sim.model.layout import (
    SEG_ALTITUDE,
    SEG_COST,
    SEG_WALK_COST,
    initial_state,
    model_params,
    runner_table,
    segment_table,
)
from sim.model.physiology import sustainable_fraction

PHYS = PhysiologyConfig()


def records(grade, elevation_m=100.0, length_m=1000.0, cs_m_s=5.5, phys=PHYS):
    """MODEL, RUNNER, STATE records and the segment row of one straight segment of ``grade``."""
    course = SimpleNamespace(grade=np.array([grade]), elevation_m=np.array([elevation_m, elevation_m + grade * length_m]),
                             boundary_m=np.array([0.0, length_m]), length_m=np.array([length_m]), n_segments=1,
                             distance_m=length_m, checkpoint_boundary=np.array([0, 1]), surface=np.array(["trail"]))
    weather = SimpleNamespace(air_density_kg_m3=np.array([1.1]), headwind_share=np.array([0.0]),
                              crosswind_share=np.array([0.0]))
    tactic = build_tactics({"even": TacticSpec()})["even"]
    runners = runner_table(phys, [tactic], [cs_m_s], [300.0], [0.8 * cs_m_s], [1e4], [1e4], [58.0], [0.35], [60.0],
                           [0.0], True)
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
