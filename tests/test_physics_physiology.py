"""sim.model.physiology: sustainable fraction, time to exhaustion, Riegel, CS, D′ balance, glycogen, damage."""
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sim.model.physiology import (
    KCAL_J,
    carbohydrate_fraction,
    critical_speed_from_marathon_m_s,
    d_prime_balance_m,
    eccentric_damage_factor,
    glycogen_store_j,
    riegel_time_s,
    steepness_weighted_descent_m,
    sustainable_fraction,
    time_to_exhaustion_s,
)

MIN = 60.0


def test_sustainable_fraction_smyth_points():
    """MODEL.md §4.3: F(150 min) = 0.93, F(360 min) = 0.93 - 0.161 ln 2.4 = 0.789."""
    assert_allclose(sustainable_fraction(150 * MIN), 0.93, rtol=1e-12)
    assert_allclose(sustainable_fraction(360 * MIN), 0.789, atol=5e-4)


def test_sustainable_fraction_clamped_at_098():
    # unclamped F(60 min) = 0.93 + 0.161 ln 2.5 = 1.0775
    assert sustainable_fraction(60 * MIN) == pytest.approx(0.98)
    assert sustainable_fraction(0.0) == pytest.approx(0.98)


@pytest.mark.parametrize("t_marathon_s", [121 * MIN, 123 * MIN, 125 * MIN, 130 * MIN])
def test_target6_elite_marathon_speed_93_to_97_percent_cs(t_marathon_s):
    assert 0.93 <= sustainable_fraction(t_marathon_s) <= 0.97


def test_time_to_exhaustion_hand_values():
    assert_allclose(time_to_exhaustion_s(0.93), 9000.0, rtol=1e-12)
    assert_allclose(time_to_exhaustion_s(0.789), 360 * MIN, rtol=2e-3)
    assert_allclose(time_to_exhaustion_s(0.93 - 0.161), 9000.0 * math.e, rtol=1e-12)


def test_riegel_hand_values():
    """MODEL.md §4.3: Riegel's 1.06 exponent gives 2.21× from a marathon to a Comrades-length 89 km."""
    assert_allclose(riegel_time_s(1.0, 42195.0, 89000.0), 2.21, atol=0.005)
    assert_allclose(riegel_time_s(3600.0, 10000.0, 20000.0), 3600.0 * 2.0 ** 1.06, rtol=1e-12)
    assert riegel_time_s(7380.0, 42195.0, 42195.0) == pytest.approx(7380.0)


def test_critical_speed_from_marathon_hand_values():
    # 2:30:00: 42195 / 9000 / 0.93
    assert_allclose(critical_speed_from_marathon_m_s(9000.0), 5.041219, rtol=1e-6)
    # 2:03:00: F = 0.93 - 0.161 ln(7380/9000) = 0.961951; CS = 5.717480 / 0.961951
    assert_allclose(critical_speed_from_marathon_m_s(7380.0), 5.94362, rtol=1e-5)


def test_d_prime_worked_example():
    """MODEL.md §4.2: CS 6.10, D′ 300 m; a 400 m surge at 6.5 m/s spends 24.6 m; 10 min at 5.78 -> 287 m."""
    after_surge = d_prime_balance_m(300.0, 300.0, 6.5, 6.10, 400.0 / 6.5)
    assert_allclose(300.0 - after_surge, 24.6, atol=0.05)
    after_rest = d_prime_balance_m(after_surge, 300.0, 5.78, 6.10, 600.0)
    assert_allclose(after_rest, 287.0, atol=0.5)


def test_d_prime_edge_cases():
    assert d_prime_balance_m(200.0, 300.0, 6.1, 6.1, 1000.0) == pytest.approx(200.0)  # at CS: unchanged
    assert d_prime_balance_m(50.0, 300.0, 7.1, 6.1, 100.0) == 0.0  # drained to the floor
    assert_allclose(d_prime_balance_m(0.0, 300.0, 5.1, 6.1, 3000.0), 300.0 * (1.0 - math.exp(-10.0)), rtol=1e-12)


def test_carbohydrate_fraction_hand_values():
    assert_allclose(carbohydrate_fraction(0.0), 0.01, rtol=1e-12)
    assert_allclose(carbohydrate_fraction(0.6), 0.4228, rtol=1e-12)
    assert_allclose(carbohydrate_fraction(1.0), 0.99, rtol=1e-12)


def test_glycogen_store_57kg():
    """MODEL.md §4.3: 57 · (0.025 · 360 + 0.214 · 80) = 1488.84 kcal ≈ 1490."""
    assert_allclose(glycogen_store_j(57.0) / KCAL_J, 1490.0, atol=5.0)
    assert_allclose(glycogen_store_j(57.0), 1488.84 * 4184.0, rtol=1e-12)


def test_steepness_weighted_descent_hand_values():
    assert_allclose(steepness_weighted_descent_m(100.0, -0.075), 50.0, rtol=1e-12)
    assert_allclose(steepness_weighted_descent_m(100.0, -0.15), 100.0, rtol=1e-12)
    assert_allclose(steepness_weighted_descent_m(100.0, -0.30), 100.0, rtol=1e-12)


def test_eccentric_damage_hand_values():
    assert eccentric_damage_factor(0.0) == 1.0
    assert_allclose(eccentric_damage_factor(9806.65), 1.0 + 0.055 * (1.0 - math.exp(-1.0)), rtol=1e-12)
    assert 1.04 <= eccentric_damage_factor(1e7) <= 1.07  # MODEL.md §4.4 plateau
    assert eccentric_damage_factor(1e7, resistance=1.0) == 1.0
    assert_allclose(eccentric_damage_factor(9806.65, resistance=0.5) - 1.0,
                    0.5 * (eccentric_damage_factor(9806.65) - 1.0), rtol=1e-12)


# properties

D_MAX = st.floats(50.0, 600.0)
CS = st.floats(3.0, 7.0)
EFFORT = st.floats(2.0, 9.0)
DURATION = st.floats(0.0, 3600.0)


@st.composite
def d_prime_states(draw):
    d_max = draw(D_MAX)
    return draw(st.floats(0.0, 1.0)) * d_max, d_max


@settings(max_examples=50, deadline=None)
@given(state=d_prime_states(), efforts=st.lists(EFFORT, min_size=1, max_size=5), cs=CS, duration=DURATION)
def test_d_prime_scalar_equals_array_element(state, efforts, cs, duration):
    d, d_max = state
    array = d_prime_balance_m(d, d_max, np.array(efforts), cs, duration)
    assert np.shape(array) == (len(efforts),)
    for k, effort in enumerate(efforts):
        scalar = d_prime_balance_m(d, d_max, effort, cs, duration)
        assert np.ndim(scalar) == 0
        assert_allclose(array[k], scalar, rtol=1e-13, atol=1e-12)


@pytest.mark.parametrize("func", [sustainable_fraction, critical_speed_from_marathon_m_s],
                         ids=lambda f: f.__name__)
@settings(max_examples=40, deadline=None)
@given(durations=st.lists(st.floats(600.0, 40000.0), min_size=1, max_size=5))
def test_duration_functions_scalar_equals_array_element(func, durations):
    array = func(np.array(durations))
    assert np.shape(array) == (len(durations),)
    for k, t in enumerate(durations):
        assert_allclose(array[k], func(t), rtol=1e-13)


@settings(max_examples=50, deadline=None)
@given(fractions=st.lists(st.floats(0.5, 1.2), min_size=1, max_size=5), work=st.floats(0.0, 1e5))
def test_exhaustion_and_damage_scalar_equal_array_element(fractions, work):
    array = time_to_exhaustion_s(np.array(fractions))
    for k, f in enumerate(fractions):
        assert_allclose(array[k], time_to_exhaustion_s(f), rtol=1e-13)
    damage = eccentric_damage_factor(np.array([work, 2 * work]))
    assert_allclose(damage[0], eccentric_damage_factor(work), rtol=1e-13)


@settings(max_examples=50, deadline=None)
@given(state=d_prime_states(), effort=EFFORT, cs=CS, duration=DURATION)
def test_d_prime_stays_within_zero_and_max(state, effort, cs, duration):
    d, d_max = state
    assert 0.0 <= d_prime_balance_m(d, d_max, effort, cs, duration) <= d_max


@settings(max_examples=50, deadline=None)
@given(state=d_prime_states(), effort=EFFORT, cs=CS, duration=DURATION)
def test_d_prime_drains_above_cs_and_refills_below(state, effort, cs, duration):
    d, d_max = state
    after = d_prime_balance_m(d, d_max, effort, cs, duration)
    if effort > cs:
        assert after <= d
    else:
        assert after >= d - 1e-9


@settings(max_examples=50, deadline=None)
@given(state=d_prime_states(), effort=EFFORT, cs=CS, t1=DURATION, t2=DURATION)
def test_d_prime_two_steps_equal_one(state, effort, cs, t1, t2):
    """The balance is the exact solution of an autonomous ODE: stepping t1 then t2 equals t1 + t2."""
    d, d_max = state
    two = d_prime_balance_m(d_prime_balance_m(d, d_max, effort, cs, t1), d_max, effort, cs, t2)
    one = d_prime_balance_m(d, d_max, effort, cs, t1 + t2)
    assert_allclose(two, one, rtol=1e-9, atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(t=st.floats(60 * MIN, 2000 * MIN), more=st.floats(1.0, 1000 * MIN))
def test_sustainable_fraction_falls_with_duration(t, more):
    assert sustainable_fraction(t + more) <= sustainable_fraction(t)


@settings(max_examples=50, deadline=None)
@given(t=st.floats(80 * MIN, 2000 * MIN))
def test_time_to_exhaustion_inverts_sustainable_fraction(t):
    assume(sustainable_fraction(t) < 0.98)
    assert_allclose(time_to_exhaustion_s(sustainable_fraction(t)), t, rtol=1e-9)


@settings(max_examples=50, deadline=None)
@given(u=st.floats(0.0, 1.0))
def test_carbohydrate_fraction_is_a_fraction(u):
    assert 0.0 < carbohydrate_fraction(u) < 1.0


@settings(max_examples=50, deadline=None)
@given(work=st.floats(0.0, 1e6), more=st.floats(0.0, 1e5), resistance=st.floats(0.0, 1.0))
def test_eccentric_damage_grows_and_saturates(work, more, resistance):
    k = eccentric_damage_factor(work, resistance=resistance)
    assert 1.0 <= k <= eccentric_damage_factor(work + more, resistance=resistance) <= 1.055 + 1e-12
