"""Small statistics shared by comparisons and sweep summaries: Student-t intervals without scipy."""
import math

import numpy as np

# Student t, 0.975 quantile, for 1-4 degrees of freedom; above that the Cornish-Fisher expansion
# (Abramowitz & Stegun 26.7.5) is within 3e-4 of the exact value.
_T975_SMALL = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764}
_Z975 = 1.959963984540054


def t975(df):
    """The 0.975 quantile of Student's t with ``df`` degrees of freedom (Abramowitz & Stegun 26.7.5)."""
    if df in _T975_SMALL:
        return _T975_SMALL[df]
    z = _Z975
    g = ((z ** 3 + z) / 4, (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96,
         (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384,
         (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160)
    return z + sum(gk / df ** (k + 1) for k, gk in enumerate(g))


def mean_ci95(values):
    """(mean, low, high, n) of the finite ``values`` with the 95 % t-interval mean ± t(0.975, n-1) sd/sqrt(n).

    NaN bounds when fewer than two values; NaN mean when none.
    """
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    n = v.size
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    mean = float(v.mean())
    if n == 1:
        return mean, math.nan, math.nan, 1
    half = t975(n - 1) * float(v.std(ddof=1)) / math.sqrt(n)
    return mean, mean - half, mean + half, n
