"""sim/model/day_form.py: the race-day form factor on critical speed (Hopkins & Hewson 2001; shape [A])."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sim.model.day_form import day_form_cv, day_form_factor, skewed_lognormal_sigma, standard_skewed

Z = np.linspace(-8.0, 8.0, 400001)
PDF = np.exp(-0.5 * Z ** 2) / math.sqrt(2 * math.pi)


def moments(values):
    """Mean, sd and skewness of a function of a standard normal, by quadrature."""
    dz = Z[1] - Z[0]
    mean = np.sum(values * PDF) * dz
    var = np.sum((values - mean) ** 2 * PDF) * dz
    skew = np.sum((values - mean) ** 3 * PDF) * dz / var ** 1.5
    return mean, math.sqrt(var), skew


def test_lognormal_sigma_by_hand():
    # gamma = (w + 2) sqrt(w - 1) with w = exp(s^2): s = 0.5 -> w = 1.284025, gamma = 3.284025 * 0.532940 = 1.750205
    assert skewed_lognormal_sigma(1.750205) == pytest.approx(0.5, abs=1e-5)


@pytest.mark.parametrize("skewness", [0.0, 0.5, 1.0, 2.0, 3.0])
def test_standardised_variable_has_mean_0_sd_1_and_the_skewness(skewness):
    mean, sd, skew = moments(standard_skewed(Z, skewness))
    assert_allclose([mean, sd, skew], [0.0, 1.0, skewness], atol=2e-3)


def test_symmetric_form_is_the_old_lognormal_exactly():
    z = np.array([-2.0, -0.3, 0.0, 0.7, 1.9])
    got = day_form_factor(z, 8000.0, -0.02, 0.02, 0.0, 7800.0, 0.0)
    assert np.array_equal(got, np.exp(-0.02 + 0.02 * z))


def test_skewed_form_has_the_long_tail_on_bad_days():
    # ln factor = mean - cv Y(-z): its sd is cv, its mean the given mean, its skewness -gamma (bad days far below)
    log_f = np.log(day_form_factor(Z, 7800.0, -0.02, 0.026, 2.0, 7800.0, 1.0))
    mean, sd, skew = moments(log_f)
    assert_allclose([mean, sd, skew], [-0.02, 0.026, -2.0], atol=3e-3)
    median = float(np.log(day_form_factor(0.0, 7800.0, -0.02, 0.026, 2.0, 7800.0, 1.0)))
    assert median > mean   # the typical day is better than the average one


def test_slower_runners_vary_more():
    # cv (T/T_ref)^k: 0.026 x (9360/7800)^2 = 0.026 x 1.44 = 0.03744
    assert day_form_cv(9360.0, 0.026, 7800.0, 2.0) == pytest.approx(0.03744)
    assert day_form_cv(9360.0, 0.026, 7800.0, 0.0) == 0.026


@settings(max_examples=50, deadline=None)
@given(skewness=st.floats(0.0, 4.0), z=st.floats(-5.0, 5.0))
def test_a_better_draw_is_never_a_worse_day_and_scalar_equals_array(skewness, z):
    f = lambda v: day_form_factor(v, 8000.0, -0.02, 0.026, skewness, 7800.0, 1.0)
    assert f(z + 0.1) >= f(z)
    assert f(z) == f(np.array([z, 0.0]))[0]
