"""Student-t quantiles and intervals against tabulated values."""
import math

import numpy as np
import pytest

from sim.outputs.stats import mean_ci95, t975


@pytest.mark.parametrize("df,expected", [(1, 12.706), (4, 2.776), (5, 2.571), (10, 2.228), (30, 2.042),
                                         (120, 1.980), (199, 1.972)])
def test_t975_matches_tables(df, expected):
    assert t975(df) == pytest.approx(expected, abs=2e-3)


def test_mean_ci95_by_hand_and_edge_cases():
    mean, low, high, n = mean_ci95([1.0, 2.0, 3.0, np.nan])
    assert (mean, n) == (2.0, 3)
    assert high - mean == pytest.approx(4.3027 * 1.0 / math.sqrt(3), rel=1e-4)
    assert mean - low == pytest.approx(high - mean)
    assert math.isnan(mean_ci95([5.0])[1]) and mean_ci95([])[3] == 0
