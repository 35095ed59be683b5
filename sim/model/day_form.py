"""Race-day form: how far a runner's critical speed on the day lies from the one its seed implies.

A seed is a personal best, near the top of a runner's range, so a race day is far more likely to be
a bad day than to beat it by as much: the spread of race-day performance around the seed is skewed.
Hopkins & Hewson [1]_ measured the typical within-athlete variation of marathon times from race to
race as a CV of 2.6 % for the fastest quartile of men, and more for slower runners (slower-half to
faster-half CV ratio 1.0-2.3 across their race series).

Model [A]: the log change of critical speed on the day is

    ln(CS_day / CS_seed) = μ - cv_i · Y_γ(-z),      cv_i = cv · (T_seed / T_ref)^k,

with ``z`` the runner's one standard-normal draw and ``Y_γ`` a standardised (mean 0, sd 1)
three-parameter lognormal of skewness ``γ`` (:func:`standard_skewed`): ``γ > 0`` gives the slowdown
a long tail of bad days and a short one of good days. ``γ = 0`` is the symmetric normal
``μ + cv z`` exactly (the same value for the same draw). The mean ``μ`` [A, calibrated] and
``γ`` [A] are assumptions; ``cv`` comes from [1]_ and its growth ``k`` with the seed time [A] from
their slower/faster ratio.

.. [1] Hopkins, W. G., & Hewson, D. J. (2001). Variability of competitive performance of distance
   runners. Med Sci Sports Exerc 33(9):1588-1592. doi:10.1097/00005768-200109000-00023
"""
import math

import numpy as np

SYMMETRIC_BELOW = 1e-4   # a smaller skewness is taken as 0: the lognormal's w - 1 ~ γ²/9 is lost to rounding below it


def skewed_lognormal_sigma(skewness):
    """The log-sd ``s`` of a lognormal whose skewness is ``skewness`` (> 0) [-].

    Skewness of a lognormal: ``γ = (w + 2) √(w - 1)`` with ``w = exp(s²)``; solved in closed form
    ``w = ∛(1 + γ²/2 + γ√(1 + γ²/4)) + ∛(1 + γ²/2 - γ√(1 + γ²/4)) - 1``.
    """
    a = 1.0 + 0.5 * skewness ** 2
    b = skewness * math.sqrt(1.0 + 0.25 * skewness ** 2)
    w = np.cbrt(a + b) + np.cbrt(a - b) - 1.0
    return math.sqrt(math.log(w))


def standard_skewed(z, skewness):
    """A variable of mean 0, sd 1 and skewness ``skewness`` from a standard-normal ``z`` (monotone in z) [-].

    ``(exp(s z) - exp(s²/2)) / √(w (w - 1))``, a shifted lognormal with ``s`` from
    :func:`skewed_lognormal_sigma` and ``w = exp(s²)``; ``z`` itself when the skewness is 0 (its limit;
    also below ``SYMMETRIC_BELOW``, where the two differ by less than 1e-4 z²).
    """
    z = np.asanyarray(z, dtype=float)
    if skewness < SYMMETRIC_BELOW:
        return z
    s = skewed_lognormal_sigma(skewness)
    w = math.exp(s * s)
    return (np.exp(s * z) - math.exp(0.5 * s * s)) / math.sqrt(w * (w - 1.0))


def day_form_cv(seed_time_s, cv, reference_time_s, slowness_exponent):
    """The race-to-race CV of a runner with marathon-equivalent seed ``seed_time_s`` [-]:
    ``cv · (T_seed / T_ref)^k`` (Hopkins & Hewson 2001: slower runners vary more; the power law is [A])."""
    return cv * (np.asanyarray(seed_time_s, dtype=float) / reference_time_s) ** slowness_exponent


def day_form_factor(z, seed_time_s, mean, cv, skewness, reference_time_s, slowness_exponent):
    """The factor on critical speed on race day, ``exp(μ - cv_i · Y_γ(-z))`` (module docstring) [-].

    ``z``: one standard-normal draw per runner; a higher ``z`` is a better day, whatever the skewness.
    """
    cv_i = day_form_cv(seed_time_s, cv, reference_time_s, slowness_exponent)
    return np.exp(mean - cv_i * standard_skewed(-np.asanyarray(z, dtype=float), skewness))
