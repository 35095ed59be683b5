"""Race rules (sim/inputs/rules.py and RulesConfig): medals, pens, start-line times, cut-off boundaries, validation."""
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import compose_config, one_line_error
from numpy.testing import assert_allclose, assert_array_equal

from sim.config import CutoffSpec, MedalSpec, PenSpec, RulesConfig
from sim.inputs.rules import (
    assign_medals,
    cutoff_boundaries,
    pen_of,
    start_line_times_s,
)

# -- medals -----------------------------------------------------------------------------------------

MEDALS = [
    MedalSpec("Silver", "M", 0, 0.0, 100.0),
    MedalSpec("Silver", "F", 0, 0.0, 150.0),
    MedalSpec("Bronze", "", 0, 100.0, 200.0),
    MedalSpec("Gold", "M", 2),
    MedalSpec("Gold", "F", 1),          # listed after the bands: place medals still come first
]


def test_assign_medals_places_per_sex_first_then_bands_by_sex():
    #        runner:  0    1    2    3    4    5    6    7    8    9    10
    sex = np.array(["M", "M", "M", "F", "F", "F", "M", "M", "M", "F", "M"], dtype=object)
    t = np.array([50., 60., 70., 80., 90., 140., 140., 30., 250., 200., 100.])
    fin = np.array([1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1], dtype=bool)   # runner 7 (fastest time) did not finish
    expected = ["Gold", "Gold", "Silver",     # two fastest men; the third in the men's band
                "Gold", "Silver", "Silver",   # fastest woman; the women's band reaches 150
                "Bronze",                     # a man at 140: past the men's band, in the open one
                "",                           # a DNF gets nothing, whatever its clock says
                "",                           # 250: outside every band
                "",                           # 200: bands are [from, to)
                "Bronze"]                     # 100: the men's Silver band ends before 100
    assert list(assign_medals(MEDALS, t, sex, fin)) == expected


def test_assign_medals_place_medal_skips_dnfs_and_other_sex():
    sex = np.array(["F", "M", "F", "F"], dtype=object)
    t = np.array([10., 20., np.nan, 40.])
    fin = np.array([True, True, False, True])
    out = assign_medals([MedalSpec("Gold", "F", 2)], t, sex, fin)
    assert list(out) == ["Gold", "", "", "Gold"]


def test_assign_medals_nothing_without_medals():
    out = assign_medals([], np.array([1.0, 2.0]), np.array(["M", "F"], dtype=object), np.array([True, True]))
    assert list(out) == ["", ""]


# -- pens and the start line -------------------------------------------------------------------------

def test_pen_of_puts_the_fastest_predicted_first_in_share_sized_pens():
    rng = np.random.default_rng(1)
    predicted = rng.permutation(1000).astype(float) + 20000.0
    pens = [PenSpec("A", 0.25), PenSpec("B", 0.25), PenSpec("C", 0.5)]
    pen = pen_of(predicted, pens)
    assert_array_equal(np.bincount(pen, minlength=3), [250, 250, 500])
    order = np.argsort(predicted)
    assert np.all(np.diff(pen[order]) >= 0), "a slower runner is in an earlier pen"
    assert set(pen[order[:250]]) == {0} and set(pen[order[-500:]]) == {2}


def test_pen_of_without_pens_is_one_crowd():
    assert_array_equal(pen_of(np.array([3.0, 1.0, 2.0]), []), [0, 0, 0])


@pytest.mark.parametrize("n,shares", [
    (1000, [0.1, 0.2, 0.3, 0.4]),
    (1500, [0.02, 0.08, 0.12, 0.15, 0.16, 0.16, 0.16, 0.15]),   # conf/rules/comrades_2025.yaml
])
def test_pen_sizes_are_share_times_field(n, shares):
    pen = pen_of(np.arange(n, dtype=float), [PenSpec(chr(65 + i), s) for i, s in enumerate(shares)])
    assert_array_equal(np.bincount(pen, minlength=len(shares)), np.round(np.array(shares) * n).astype(int))


def test_start_line_times_pen_by_pen_fastest_first_at_the_rate():
    predicted = np.array([5.0, 1.0, 3.0, 2.0, 4.0])
    pen = np.array([1, 0, 1, 0, 0])
    t = start_line_times_s(predicted, pen, rate_per_s=2.0)
    # pen 0: runners 1 (1), 3 (2), 4 (4); then pen 1: runners 2 (3), 0 (5); one every 0.5 s
    assert_allclose(t, [2.0, 0.0, 1.5, 0.5, 1.0])


def test_start_line_times_large_field_properties():
    rng = np.random.default_rng(3)
    predicted = rng.uniform(20000, 43000, 3000)
    pens = [PenSpec("A", 0.25), PenSpec("B", 0.25), PenSpec("C", 0.5)]
    pen = pen_of(predicted, pens)
    t = start_line_times_s(predicted, pen, 30.0)
    assert_allclose(np.sort(t), np.arange(3000) / 30.0)          # one runner every 1/30 s, none twice
    for p in range(2):                                           # every runner of a pen before the next pen
        assert t[pen == p].max() < t[pen == p + 1].min()
    for p in range(3):                                           # within a pen, faster first
        who = np.flatnonzero(pen == p)
        assert np.all(np.diff(predicted[who][np.argsort(t[who])]) >= 0)


# -- cut-offs on the course --------------------------------------------------------------------------

COURSE = SimpleNamespace(boundary_m=np.array([0.0, 100.0, 250.0, 400.0, 600.0]), distance_m=600.0)


def test_cutoff_boundaries_maps_each_cutoff_to_the_nearest_boundary():
    out = cutoff_boundaries([CutoffSpec("a", 240.0, 10.0), CutoffSpec("b", 330.0, 20.0), CutoffSpec("c", 101.0, 5.0)],
                            COURSE)
    assert out == {2: ("a", 10.0), 3: ("b", 20.0), 1: ("c", 5.0)}   # 330 m: 70 m from 400, 80 m from 250


@pytest.mark.parametrize("distance_m", [600.0, 95000.0])
def test_cutoff_at_or_beyond_the_finish_is_an_error(distance_m):
    msg = one_line_error(lambda: cutoff_boundaries([CutoffSpec("a", 200.0, 10.0), CutoffSpec("X", distance_m, 20.0)],
                                                   COURSE), "rules.cutoffs[1].distance_m")
    assert "'X'" in msg


# -- validation --------------------------------------------------------------------------------------

@pytest.mark.parametrize("second", [CutoffSpec("b", 1000.0, 200.0),     # before the first in distance
                                    CutoffSpec("b", 3000.0, 50.0)])     # ... or in time
def test_cutoffs_out_of_order(second):
    one_line_error(lambda: RulesConfig(cutoffs=[CutoffSpec("a", 2000.0, 100.0), second]), "rules.cutoffs[1]")


@pytest.mark.parametrize("medals", [
    [MedalSpec("Silver", "M", 0, 0.0, 100.0), MedalSpec("Bronze", "M", 0, 50.0, 150.0)],   # same sex
    [MedalSpec("Open", "", 0, 0.0, 100.0), MedalSpec("Men", "M", 0, 90.0, 200.0)],          # '' covers M
    [MedalSpec("Men", "F", 0, 0.0, 100.0), MedalSpec("Open", "", 0, 99.0, 200.0)],          # M/F vs ''
])
def test_overlapping_medal_bands(medals):
    msg = one_line_error(lambda: RulesConfig(medals=medals), "rules.medals[1]")
    assert "overlaps" in msg


def test_touching_bands_and_bands_of_different_sexes_are_fine():
    RulesConfig(medals=[MedalSpec("Silver", "M", 0, 0.0, 100.0), MedalSpec("Silver", "F", 0, 0.0, 100.0),
                        MedalSpec("Bronze", "", 0, 100.0, 200.0), MedalSpec("Gold", "M", 10)])


@pytest.mark.parametrize("shares", [[0.5, 0.4], [0.6, 0.6]])
def test_pen_shares_must_sum_to_one(shares):
    one_line_error(lambda: RulesConfig(pens=[PenSpec(chr(65 + i), s) for i, s in enumerate(shares)]), "rules.pens")


def test_cutoff_after_the_finish_limit():
    # the Comrades cut-offs with a 10-hour limit: Pinetown (10:05) closes after the finish
    one_line_error(lambda: compose_config("scenario=comrades_down", "sim.time_limit_s=36000"),
                   "rules.cutoffs[3].race_time_s")


def test_comrades_rules_compose():
    cfg = compose_config("scenario=comrades_down")
    assert [c.name for c in cfg.rules.cutoffs][-1] == "Pinetown"
    assert abs(sum(p.share for p in cfg.rules.pens) - 1) < 1e-9
