"""sim.model.environment: saturation vapour pressure, ISA pressure, moist-air density, WBGT, heat factor.

Independent references: ISA pressure from the barometric formula p0 (1 - 2.25577e-5 h)^5.25588; the
density of saturated air at 20 °C (1.194 kg/m³) and e_s(20 °C) ≈ 2.34 kPa from standard tables.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sim.model.environment import (
    air_density_kg_m3,
    heat_factor,
    pressure_at_altitude_pa,
    saturation_vapour_pressure_pa,
    wbgt_estimate_c,
)


def test_saturation_vapour_pressure_hand_values():
    assert_allclose(saturation_vapour_pressure_pa(0.0), 611.2, rtol=1e-12)
    # 611.2 exp(17.62 · 20 / 263.12)
    assert_allclose(saturation_vapour_pressure_pa(20.0), 2332.596, rtol=1e-6)
    assert_allclose(saturation_vapour_pressure_pa(20.0), 2339.0, rtol=5e-3)  # steam tables


def test_pressure_at_altitude_matches_isa():
    assert_allclose(pressure_at_altitude_pa(0.0), 101325.0, rtol=1e-6)
    isa_1800 = 101325.0 * (1.0 - 2.25577e-5 * 1800.0) ** 5.25588
    assert_allclose(pressure_at_altitude_pa(1800.0), isa_1800, rtol=2e-4)
    assert_allclose(pressure_at_altitude_pa(1800.0), 81490.0, atol=50.0)


def test_air_density_model_values():
    """MODEL.md §2: 15 °C sea level -> 1.225; 10 °C at 1800 m -> 1.000 kg/m³."""
    assert_allclose(air_density_kg_m3(15.0), 1.225, atol=5e-4)
    assert_allclose(air_density_kg_m3(10.0, 0.0, pressure_at_altitude_pa(1800.0)), 1.00, atol=0.005)


def test_air_density_saturated_at_20c():
    # (101325 - 2332.6)/(287.053 · 293.15) + 2332.6/(461.5 · 293.15) = 1.1936; tables give 1.194
    assert_allclose(air_density_kg_m3(20.0, 1.0), 1.1936, atol=2e-4)


def test_wbgt_estimate_hand_value():
    # 0.567 · 20 + 0.393 · (0.5 · 23.326 hPa) + 3.94
    assert_allclose(wbgt_estimate_c(20.0, 0.5), 19.8636, atol=1e-3)
    assert_allclose(wbgt_estimate_c(10.0, 0.0), 9.61, rtol=1e-12)


def test_heat_factor_hand_values():
    assert heat_factor(5.0) == 1.0
    assert heat_factor(10.0) == 1.0
    assert_allclose(heat_factor(20.0), 1.027, rtol=1e-12)
    assert_allclose(heat_factor(20.0, slowness=2.0), 1.054, rtol=1e-12)


def test_heat_factor_reproduces_ely_elite_slowdown_per_degree():
    """MODEL.md §5: ≈ +0.18 % time per °C WBGT above 10 °C for elites, with speed change ≈ ⅔ of metabolic."""
    per_degree_time = (heat_factor(25.0) - 1.0) / 15.0 * 2.0 / 3.0
    assert_allclose(per_degree_time, 0.0018, rtol=0.05)


# properties

TEMPS = st.floats(-20.0, 45.0)
HUMIDITY = st.floats(0.0, 1.0)
ALTITUDES = st.floats(-400.0, 5000.0)


@pytest.mark.parametrize("func", [saturation_vapour_pressure_pa, air_density_kg_m3, heat_factor],
                         ids=lambda f: f.__name__)
@settings(max_examples=40, deadline=None)
@given(temps=st.lists(TEMPS, min_size=1, max_size=5))
def test_temperature_functions_scalar_equals_array_element(func, temps):
    array = func(np.array(temps))
    assert np.shape(array) == (len(temps),)
    for k, t in enumerate(temps):
        scalar = func(t)
        assert np.ndim(scalar) == 0
        assert_allclose(array[k], scalar, rtol=1e-13)


@settings(max_examples=50, deadline=None)
@given(altitudes=st.lists(ALTITUDES, min_size=1, max_size=5), temp=TEMPS, rh=HUMIDITY)
def test_density_at_altitude_scalar_equals_array_element(altitudes, temp, rh):
    array = air_density_kg_m3(temp, rh, pressure_at_altitude_pa(np.array(altitudes)))
    assert np.shape(array) == (len(altitudes),)
    for k, h in enumerate(altitudes):
        assert_allclose(array[k], air_density_kg_m3(temp, rh, pressure_at_altitude_pa(h)), rtol=1e-13)


@settings(max_examples=50, deadline=None)
@given(h=ALTITUDES, more=st.floats(1.0, 3000.0), temp=TEMPS, rh=HUMIDITY)
def test_air_density_decreases_with_altitude(h, more, temp, rh):
    assert air_density_kg_m3(temp, rh, pressure_at_altitude_pa(h + more)) < \
        air_density_kg_m3(temp, rh, pressure_at_altitude_pa(h))


@settings(max_examples=50, deadline=None)
@given(temp=TEMPS, more=st.floats(0.5, 20.0), rh=HUMIDITY)
def test_air_density_decreases_with_temperature(temp, more, rh):
    assert air_density_kg_m3(temp + more, rh) < air_density_kg_m3(temp, rh)


@settings(max_examples=50, deadline=None)
@given(temp=st.floats(0.0, 45.0), rh=st.floats(0.0, 0.9), more=st.floats(0.05, 0.1))
def test_humid_air_is_lighter(temp, rh, more):
    assert air_density_kg_m3(temp, rh + more) < air_density_kg_m3(temp, rh)


@settings(max_examples=50, deadline=None)
@given(wbgt=st.floats(-10.0, 40.0), more=st.floats(0.0, 10.0))
def test_heat_factor_non_decreasing_and_at_least_one(wbgt, more):
    assert 1.0 <= heat_factor(wbgt) <= heat_factor(wbgt + more)
