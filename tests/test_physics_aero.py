"""sim.model.aero: body and frontal area, drag with crosswind, wind at height, shelter, wake offset."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sim.model.aero import (
    body_surface_area_m2,
    drag_force_n,
    frontal_area_m2,
    shelter_factor,
    wake_offset_m,
    wind_at_height_m_s,
    wind_components_m_s,
)

RHO = 1.225
CDA_MODEL = 0.34  # MODEL.md §2, 57 kg 1.70 m
HALF_RHO_CDA = 0.5 * RHO * CDA_MODEL  # 0.20825


def test_body_surface_area_matches_du_bois_in_centimetres():
    """Du Bois 1916 is usually written 0.007184 W^0.425 H_cm^0.725; 70 kg, 175 cm -> 1.85 m²."""
    independent = 0.007184 * 70.0 ** 0.425 * 175.0 ** 0.725
    assert_allclose(body_surface_area_m2(1.75, 70.0), independent, rtol=1e-3)
    assert_allclose(body_surface_area_m2(1.75, 70.0), 1.85, atol=0.005)


def test_frontal_area_is_0266_bsa():
    assert_allclose(frontal_area_m2(1.70, 57.0), 0.266 * body_surface_area_m2(1.70, 57.0), rtol=1e-12)
    assert_allclose(frontal_area_m2(1.70, 57.0), 0.4412, atol=5e-4)


def test_drag_area_of_57kg_170m_elite():
    """MODEL.md §2: Cd·A_p ≈ 0.34 m² (0.34-0.36 with Cd 0.8)."""
    cda = 0.8 * frontal_area_m2(1.70, 57.0)
    assert 0.34 <= cda <= 0.36, cda


def test_drag_force_hand_values():
    # MODEL.md §2: ≈ 6.8 N at 5.7 m/s in still air; ½ · 1.225 · 0.34 · 5.7² = 6.766 N
    assert_allclose(drag_force_n(5.7, 0.0, RHO, CDA_MODEL), 6.76604, rtol=1e-5)
    assert_allclose(drag_force_n(5.7, 0.0, RHO, CDA_MODEL), 6.8, atol=0.05)
    # headwind 3: ½ρCdA · 8.7²
    assert_allclose(drag_force_n(5.7, 3.0, RHO, CDA_MODEL), HALF_RHO_CDA * 75.69, rtol=1e-12)
    # shelter scales it
    assert_allclose(drag_force_n(5.7, 0.0, RHO, CDA_MODEL, shelter=0.4), 0.4 * 6.76604, rtol=1e-5)


def test_drag_force_crosswind_costs_only_along_travel():
    """v 5, crosswind 3: |V_app| = √34, along-travel component ½ρCdA √34 · 5 (not ½ρCdA · 34)."""
    assert_allclose(drag_force_n(5.0, 0.0, RHO, CDA_MODEL, wind_cross_m_s=3.0),
                    HALF_RHO_CDA * math.sqrt(34.0) * 5.0, rtol=1e-12)
    # the sign of the crosswind does not matter
    assert drag_force_n(5.0, 0.0, RHO, CDA_MODEL, wind_cross_m_s=-3.0) == pytest.approx(
        drag_force_n(5.0, 0.0, RHO, CDA_MODEL, wind_cross_m_s=3.0))


def test_drag_force_tailwind_faster_than_runner_assists():
    # v 3, tailwind 5: apparent wind -2 m/s pushes: -½ρCdA · 2 · 2
    assert_allclose(drag_force_n(3.0, -5.0, RHO, CDA_MODEL), -HALF_RHO_CDA * 4.0, rtol=1e-12)
    assert drag_force_n(5.0, -5.0, RHO, CDA_MODEL) == 0.0


@pytest.mark.parametrize("alpha, factor", [(0.16, 0.74), (0.30, 0.57), (0.40, 0.47)])
def test_wind_at_runner_height_factors(alpha, factor):
    assert_allclose(wind_at_height_m_s(1.0, shear_exponent=alpha), factor, atol=0.005)
    assert_allclose(wind_at_height_m_s(10.0, shear_exponent=alpha), 10.0 * factor, atol=0.05)


def test_wind_at_reference_height_unchanged():
    assert_allclose(wind_at_height_m_s(7.0, height_m=10.0), 7.0, rtol=1e-12)


def test_wind_components_hand_values():
    # wind from the north, running north: a pure headwind
    assert_allclose(wind_components_m_s(5.0, 0.0, 0.0), (5.0, 0.0), atol=1e-12)
    # running south: pure tailwind
    assert_allclose(wind_components_m_s(5.0, 0.0, 180.0), (-5.0, 0.0), atol=1e-12)
    # running east or west: pure crosswind, from opposite sides
    fwd_e, cross_e = wind_components_m_s(5.0, 0.0, 90.0)
    fwd_w, cross_w = wind_components_m_s(5.0, 0.0, 270.0)
    assert_allclose([fwd_e, fwd_w], [0.0, 0.0], atol=1e-12)
    assert_allclose([abs(cross_e), abs(cross_w)], [5.0, 5.0], rtol=1e-12)
    assert cross_e == pytest.approx(-cross_w)
    # 60° off the nose: w cos 60 headwind
    assert_allclose(wind_components_m_s(4.0, 300.0, 0.0)[0], 2.0, rtol=1e-12)


def test_shelter_model_values():
    """MODEL.md §3 defaults s0 0.6, λ 2 m, σ 0.6 m."""
    assert_allclose(shelter_factor(1.0), 0.4, rtol=1e-12)  # 1 m directly behind
    assert_allclose(shelter_factor(3.0), 1.0 - 0.6 / math.e, rtol=1e-12)
    assert_allclose(shelter_factor(1.0, 0.6), 1.0 - 0.6 / math.e, rtol=1e-12)
    assert_allclose(shelter_factor(0.3), 0.4, rtol=1e-12)  # closer than min_gap counts as min_gap
    assert_allclose(shelter_factor(40.0), 1.0, atol=1e-6)
    assert_allclose(shelter_factor(1.0, s0=0.8), 0.2, rtol=1e-12)


def test_shelter_matches_measurement_bounds_at_1m():
    """Measured drag reductions 1-2 m behind (MODEL.md §3) span ≈ -33 % to -80 %: shelter 0.2-0.67."""
    assert 0.2 <= shelter_factor(1.0) <= 0.67
    assert 0.2 <= shelter_factor(2.0) <= 0.67


def test_wake_offset_hand_values():
    assert_allclose(wake_offset_m(2.0, 5.0, 0.0, 2.0), 0.8, rtol=1e-12)
    assert_allclose(wake_offset_m(2.0, 5.0, 1.0, 3.0), 1.0, rtol=1e-12)
    # a tailwind as fast as the runner: apparent wind along travel floored at 0.5 m/s
    assert_allclose(wake_offset_m(2.0, 5.0, -5.0, 2.0), 8.0, rtol=1e-12)
    assert wake_offset_m(2.0, 5.0, 0.0, 0.0) == 0.0


# properties

SPEEDS = st.floats(0.5, 10.0)
WINDS = st.floats(-8.0, 8.0)
GAPS = st.floats(0.0, 30.0)
LATERALS = st.floats(-3.0, 3.0)


@settings(max_examples=50, deadline=None)
@given(speeds=st.lists(SPEEDS, min_size=1, max_size=5), wind=WINDS, cross=WINDS, shelter=st.floats(0.2, 1.0))
def test_drag_force_scalar_equals_array_element(speeds, wind, cross, shelter):
    array = drag_force_n(np.array(speeds), wind, RHO, CDA_MODEL, shelter, cross)
    assert np.shape(array) == (len(speeds),)
    for k, speed in enumerate(speeds):
        scalar = drag_force_n(speed, wind, RHO, CDA_MODEL, shelter, cross)
        assert np.ndim(scalar) == 0
        assert_allclose(array[k], scalar, rtol=1e-13, atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(gaps=st.lists(GAPS, min_size=1, max_size=5), lateral=LATERALS)
def test_shelter_scalar_equals_array_element(gaps, lateral):
    array = shelter_factor(np.array(gaps), np.full(len(gaps), lateral))
    assert np.shape(array) == (len(gaps),)
    for k, gap in enumerate(gaps):
        scalar = shelter_factor(gap, lateral)
        assert np.ndim(scalar) == 0
        assert_allclose(array[k], scalar, rtol=1e-13)


@settings(max_examples=50, deadline=None)
@given(directions=st.lists(st.floats(0.0, 360.0), min_size=1, max_size=5), heading=st.floats(0.0, 360.0),
       speed=st.floats(0.0, 20.0))
def test_wind_components_scalar_equals_array_element_and_conserve_speed(directions, heading, speed):
    fwd, cross = wind_components_m_s(speed, np.array(directions), heading)
    assert_allclose(np.hypot(fwd, cross), speed, rtol=1e-12, atol=1e-12)
    for k, direction in enumerate(directions):
        f, c = wind_components_m_s(speed, direction, heading)
        assert_allclose((fwd[k], cross[k]), (f, c), rtol=1e-13, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(gap=GAPS, lateral=LATERALS, s0=st.floats(0.0, 0.9), decay=st.floats(0.5, 5.0), sigma=st.floats(0.2, 2.0))
def test_shelter_within_bounds(gap, lateral, s0, decay, sigma):
    s = shelter_factor(gap, lateral, s0, decay, sigma)
    assert 1.0 - s0 <= s <= 1.0


@settings(max_examples=50, deadline=None)
@given(gap=GAPS, more=st.floats(0.0, 20.0), lateral=LATERALS)
def test_shelter_non_decreasing_in_gap(gap, more, lateral):
    assert shelter_factor(gap + more, lateral) >= shelter_factor(gap, lateral)


@settings(max_examples=50, deadline=None)
@given(gap=GAPS, lateral=LATERALS, more=st.floats(0.0, 3.0))
def test_shelter_non_decreasing_sideways_and_symmetric(gap, lateral, more):
    y = abs(lateral)
    assert shelter_factor(gap, y + more) >= shelter_factor(gap, y)
    assert shelter_factor(gap, -y) == shelter_factor(gap, y)


@settings(max_examples=50, deadline=None)
@given(speed=SPEEDS, wind=WINDS, more=st.floats(0.0, 8.0), cross=WINDS)
def test_drag_force_increases_with_headwind(speed, wind, more, cross):
    assert drag_force_n(speed, wind + more, RHO, CDA_MODEL, 1.0, cross) >= \
        drag_force_n(speed, wind, RHO, CDA_MODEL, 1.0, cross) - 1e-12


@settings(max_examples=50, deadline=None)
@given(speed=SPEEDS, wind=st.floats(-0.4, 8.0), cross=WINDS)
def test_crosswind_never_lowers_drag_when_apparent_wind_is_a_headwind(speed, wind, cross):
    assert drag_force_n(speed, wind, RHO, CDA_MODEL, 1.0, cross) >= drag_force_n(speed, wind, RHO, CDA_MODEL) - 1e-12


@settings(max_examples=50, deadline=None)
@given(wind=st.floats(0.0, 25.0), height=st.floats(0.5, 10.0), alpha=st.floats(0.1, 0.45))
def test_wind_at_height_below_reference_is_weaker(wind, height, alpha):
    w = wind_at_height_m_s(wind, height, shear_exponent=alpha)
    assert 0.0 <= w <= wind
