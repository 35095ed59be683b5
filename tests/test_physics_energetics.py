"""sim.model.energetics: grade cost (Minetti, GAP), walk/run transition, drag penalty, metabolic power.

Hand values come from MODEL.md §1 (the §1.1 table is printed to two decimals, so it is matched within
±0.005) and from the published polynomials evaluated by hand.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sim.model.energetics import (
    G_M_S2,
    check_grade,
    drag_penalty_factor,
    gap_factor,
    metabolic_power_w_kg,
    minetti_running_cost_j_kg_m,
    minetti_walking_cost_j_kg_m,
    running_cost_j_kg_m,
    walk_run_transition_speed_m_s,
)

TABLE_ROUNDING = 0.005  # MODEL.md §1.1 prints two decimals
GRADES = st.floats(-0.45, 0.45, allow_nan=False)

# MODEL.md §1.1: grade -> (Minetti Cr/3.6, Strava GAP fit)
COST_TABLE = {-0.20: (0.50, 1.12), -0.10: (0.60, 0.88), -0.05: (0.76, 0.89), 0.05: (1.30, 1.21),
              0.10: (1.66, 1.52), 0.20: (2.50, 2.36), 0.30: (3.49, 3.29)}


@pytest.mark.parametrize("grade, minetti_ratio", [(g, row[0]) for g, row in COST_TABLE.items()])
def test_minetti_running_cost_matches_model_table(grade, minetti_ratio):
    assert_allclose(minetti_running_cost_j_kg_m(grade) / 3.6, minetti_ratio, atol=TABLE_ROUNDING)


@pytest.mark.parametrize("grade, gap", [(g, row[1]) for g, row in COST_TABLE.items()])
def test_gap_factor_matches_model_table(grade, gap):
    assert_allclose(gap_factor(grade), gap, atol=TABLE_ROUNDING)


def test_costs_on_the_flat():
    assert_allclose(minetti_running_cost_j_kg_m(0.0), 3.6, rtol=1e-12)
    assert_allclose(minetti_walking_cost_j_kg_m(0.0), 2.5, rtol=1e-12)
    assert_allclose(gap_factor(0.0), 1.0, rtol=1e-12)


def test_minetti_walking_cost_hand_values():
    # Cw(0.1) = 280.5e-5 - 58.7e-4 - 76.8e-3 + 51.9e-2 + 1.96 + 2.5
    assert_allclose(minetti_walking_cost_j_kg_m(0.1), 4.899135, rtol=1e-9)
    # Cw(0.3) = 280.5*0.00243 - 58.7*0.0081 - 76.8*0.027 + 51.9*0.09 + 5.88 + 2.5
    assert_allclose(minetti_walking_cost_j_kg_m(0.3), 11.183545, rtol=1e-9)
    # Cw(-0.2) = -280.5*0.00032 - 58.7*0.0016 + 76.8*0.008 + 51.9*0.04 - 3.92 + 2.5
    assert_allclose(minetti_walking_cost_j_kg_m(-0.2), 1.08672, rtol=1e-9)


def test_gap_is_gentler_downhill_than_minetti():
    """MODEL.md §1.1: the two families disagree downhill; runners cannot exploit steep descents."""
    for grade in (-0.30, -0.20, -0.10):
        assert gap_factor(grade) > minetti_running_cost_j_kg_m(grade) / 3.6 + 0.2


def test_running_cost_models():
    assert_allclose(running_cost_j_kg_m(0.1, cost_flat_j_kg_m=4.0), 4.0 * 1.522646, rtol=1e-6)
    assert_allclose(running_cost_j_kg_m(0.0, cost_flat_j_kg_m=4.0, model="minetti"), 4.0, rtol=1e-12)
    assert_allclose(running_cost_j_kg_m(0.2, cost_flat_j_kg_m=3.6, model="minetti"),
                    minetti_running_cost_j_kg_m(0.2), rtol=1e-12)
    assert running_cost_j_kg_m(0.1) == pytest.approx(3.6 * gap_factor(0.1))


def test_running_cost_unknown_model_raises():
    with pytest.raises((KeyError, ValueError)):
        running_cost_j_kg_m(0.1, model="no-such-model")


@pytest.mark.parametrize("slope, v_tr", [(0.0, 2.27), (0.2, 1.43), (0.3, 0.96)])
def test_walk_run_transition_speed_model_values(slope, v_tr):
    assert_allclose(walk_run_transition_speed_m_s(slope), v_tr, atol=TABLE_ROUNDING)


def test_walk_run_transition_speed_falls_with_slope_up_to_035():
    slopes = np.linspace(0.0, 0.35, 141)
    assert np.all(np.diff(walk_run_transition_speed_m_s(slopes)) < 0.0)


def test_drag_penalty_factor_hand_values():
    mass_kg = 57.0
    one_percent_bodyweight_n = 0.01 * mass_kg * G_M_S2
    assert_allclose(drag_penalty_factor(one_percent_bodyweight_n, mass_kg), 1.0613, rtol=1e-12)
    # MODEL.md §2: 6.8 N at 5.7 m/s for a 57 kg runner -> 1 + 6.13 * 6.8 / 558.979
    assert_allclose(drag_penalty_factor(6.8, mass_kg), 1.0745718, rtol=1e-6)
    assert_allclose(drag_penalty_factor(-one_percent_bodyweight_n, mass_kg), 0.9387, rtol=1e-12)
    assert drag_penalty_factor(0.0, mass_kg) == 1.0


def test_metabolic_power_hand_values():
    assert_allclose(metabolic_power_w_kg(5.0, 3.6, 0.0, 57.0), 18.0, rtol=1e-12)
    assert_allclose(metabolic_power_w_kg(5.0, 3.6, 0.0, 57.0, k_heat=1.02, k_damage=1.05), 19.278, rtol=1e-12)
    assert_allclose(metabolic_power_w_kg(5.0, 3.6, 0.01 * 57.0 * G_M_S2, 57.0), 18.0 * 1.0613, rtol=1e-12)
    assert_allclose(metabolic_power_w_kg(5.0, 3.6, 5.0, 57.0, penalty_per_bodyweight=0.0), 18.0, rtol=1e-12)


def test_check_grade():
    check_grade(np.array([-0.45, 0.0, 0.45]))
    check_grade(0.3)
    with pytest.raises(ValueError, match=r"\+0\.500"):
        check_grade(np.array([0.1, 0.5, 0.2]), where="test course")
    with pytest.raises(ValueError, match="test course"):
        check_grade(-0.46, where="test course")


# MODEL.md §7 target 4 (no drag: equal metabolic power means pace scales with the cost per metre)

def test_target4_equal_effort_grade_pace_ratios_gap_without_drag():
    """At equal power without drag, pace(i)/pace(0) = C(i)/C0 = f_gap(i)."""
    up = running_cost_j_kg_m(0.10) / running_cost_j_kg_m(0.0)
    down = running_cost_j_kg_m(-0.10) / running_cost_j_kg_m(0.0)
    assert abs(up - 1.5) <= 0.15, up
    assert abs(down - 0.88) <= 0.06, down


def test_target4_minetti_would_miss_the_downhill_target():
    """Documents why GAP is the pacing default: Minetti's -10 % pace ratio (0.60) is far below 0.88."""
    down = running_cost_j_kg_m(-0.10, model="minetti") / running_cost_j_kg_m(0.0, model="minetti")
    assert abs(down - 0.88) > 0.06


def test_target4_walking_wins_only_for_slow_climbers_on_steep_grades():
    """MODEL.md §1.2: walking beats running on steep climbs at low speed along the slope.

    Minetti's per-metre polynomials are each at the gait's own best speed (Cw < Cr everywhere), so
    the crossover is expressed through the walk/run transition speed: on the level nobody walks
    faster than 2.27 m/s, while at 25-30 % any runner slower than about 1.0-1.2 m/s should walk.
    """
    v_tr = walk_run_transition_speed_m_s(np.array([0.0, 0.1, 0.25, 0.3]))
    assert v_tr[0] == pytest.approx(2.27)
    assert np.all(np.diff(v_tr) < 0)
    assert 0.9 <= v_tr[3] <= 1.0 and 1.0 <= v_tr[2] <= 1.25


# properties

FUNCTIONS = [gap_factor, minetti_running_cost_j_kg_m, minetti_walking_cost_j_kg_m, running_cost_j_kg_m,
             walk_run_transition_speed_m_s]


@pytest.mark.parametrize("func", FUNCTIONS, ids=lambda f: f.__name__)
@settings(max_examples=30, deadline=None)
@given(grades=st.lists(GRADES, min_size=1, max_size=6))
def test_scalar_equals_array_element(func, grades):
    array_result = func(np.array(grades))
    assert np.shape(array_result) == (len(grades),)
    for k, grade in enumerate(grades):
        scalar_result = func(grade)
        assert np.ndim(scalar_result) == 0
        assert_allclose(array_result[k], scalar_result, rtol=1e-13, atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(speed=st.floats(0.5, 8.0), grade=GRADES, force=st.floats(-20.0, 40.0), mass=st.floats(35.0, 110.0))
def test_metabolic_power_scalar_equals_array_element(speed, grade, force, mass):
    cost = running_cost_j_kg_m(grade)
    scalar = metabolic_power_w_kg(speed, cost, force, mass)
    array = metabolic_power_w_kg(np.array([speed, speed]), np.array([cost, cost]), np.array([force, 0.0]), mass)
    assert_allclose(array[0], scalar, rtol=1e-13)


@settings(max_examples=50, deadline=None)
@given(g1=st.floats(-0.35, 0.35), g2=st.floats(-0.35, 0.35))
def test_gap_cost_rises_with_grade_above_minimum(g1, g2):
    """Above its minimum near -9 %, the GAP cost rises with grade (so climbing is never free)."""
    lo, hi = sorted((max(g1, -0.08), max(g2, -0.08)))
    assert gap_factor(lo) <= gap_factor(hi) + 1e-12


@settings(max_examples=50, deadline=None)
@given(force=st.floats(-30.0, 30.0), extra=st.floats(0.0, 30.0), mass=st.floats(35.0, 110.0))
def test_drag_penalty_increases_with_force(force, extra, mass):
    assert drag_penalty_factor(force + extra, mass) >= drag_penalty_factor(force, mass)
