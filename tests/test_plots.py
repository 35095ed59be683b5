"""Figures: the small helpers by hand, and both PNGs written once, deterministically, from a real race."""
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hydra import compose, initialize_config_dir
from numpy.testing import assert_allclose

from sim.config import register_schema
from sim.inputs.load import load_config
from sim.engine.race import RaceSetup
from sim.outputs.plots import (
    clock,
    compass,
    gap_axis_top_s,
    gap_behind_leader_s,
    gap_ticks_s,
    hms,
    key_words,
    plot_course,
    plot_race,
    spread,
    time_step_s,
)

CONF_DIR = Path(__file__).resolve().parents[1] / "conf"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def small_race():
    """The Atlanta scenario cut to 30 runners (about a second)."""
    register_schema()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = load_config(compose("config", overrides=["field.size=30"]))
    return RaceSetup(cfg).run(np.random.default_rng(cfg.seed), cfg.seed), cfg.focal


def test_gap_behind_leader_s_by_hand():
    split_times_s = np.array([[10.0, 20.0, np.nan],
                              [12.0, 19.0, np.nan],
                              [11.0, np.nan, np.nan]])
    expected = np.array([[0.0, 1.0, np.nan],
                         [2.0, 0.0, np.nan],
                         [1.0, np.nan, np.nan]])
    assert_allclose(gap_behind_leader_s(split_times_s), expected)


def test_gap_axis_reaches_the_largest_gap_anywhere_at_least_a_minute():
    gap_s = np.array([[0.0, 40.0], [100.0, 2500.0], [200.0, np.nan], [np.nan, np.nan]])
    assert gap_axis_top_s(gap_s) == 2500.0       # the back of the field stays in the frame
    assert gap_axis_top_s(gap_s / 100.0) == 60.0
    assert gap_axis_top_s(np.full((2, 1), np.nan)) == 60.0
    assert list(gap_ticks_s(700.0)) == [0, 30, 60, 120, 300, 600]


def test_clock_reads_h_mm_ss_with_a_sign_when_asked():
    assert clock(7865.6) == "2:11:06"
    assert clock(7865.6, seconds=False) == "2:11"
    assert clock(-75.0) == "−0:01:15" and clock(75.0, signed=True) == "+0:01:15" and clock(0.0, signed=True) == "0:00:00"
    assert clock(float("nan")) == ""


def test_time_step_is_the_smallest_round_step_within_the_tick_budget():
    assert time_step_s(600.0) == 120          # 10 min: every 2 min, 6 ticks
    assert time_step_s(45.0) == 10
    assert time_step_s(4 * 3600.0) == 3600


def test_spread_keeps_order_and_distance():
    y = np.array([0.50, 0.51, 0.10, 0.99])
    p = spread(y, 0.05)
    assert list(np.argsort(p)) == list(np.argsort(y, kind="stable"))
    assert np.min(np.diff(np.sort(p))) >= 0.05 - 1e-12 and p.min() >= 0.0 and p.max() <= 1.0
    assert p[2] == pytest.approx(0.10)        # a label with room stays where its line ends
    assert_allclose(spread([0.2, 0.6], 0.1), [0.2, 0.6])


def test_swept_keys_in_words_with_units():
    assert key_words("weather.wind_speed_m_s") == "wind speed [m/s]"
    assert key_words("drafting.enabled") == "drafting enabled"
    assert key_words("field.size") == "field size"
    assert key_words("seed") == "seed"
    assert key_words("weather.wind_speed_m_s", 4) == "wind speed 4 m/s"
    assert key_words("drafting.enabled", True) == "drafting enabled = True"


def test_hms_and_compass():
    assert hms(7865.6) == "2:11:06"
    assert hms(59.4) == "0:00:59"
    assert [compass(b) for b in (0.0, 315.0, 337.4, 337.6, 180.0, -90.0)] == ["N", "NW", "NW", "N", "S", "W"]


def test_plot_race_writes_one_deterministic_png(small_race, tmp_path):
    result, focal = small_race
    focal = [*focal, "Nobody In The Field"]  # unknown names are skipped, not fatal
    first = plot_race(result, tmp_path / "race.png", focal=focal).read_bytes()
    second = plot_race(result, tmp_path / "race.png", focal=focal).read_bytes()
    assert first.startswith(PNG_SIGNATURE) and len(first) > 20_000
    assert first == second
    assert [p.name for p in tmp_path.iterdir()] == ["race.png"]
    assert plt.get_fignums() == []


def test_plot_course_writes_one_deterministic_png(small_race, tmp_path):
    result, _ = small_race
    first = plot_course(result.course, result.weather, tmp_path / "course.png").read_bytes()
    second = plot_course(result.course, result.weather, tmp_path / "course.png").read_bytes()
    assert first.startswith(PNG_SIGNATURE) and len(first) > 20_000
    assert first == second
    assert [p.name for p in tmp_path.iterdir()] == ["course.png"]
    assert plt.get_fignums() == []



def test_plot_race_draws_the_key_moves(small_race, tmp_path):
    result, _ = small_race
    plain = plot_race(result, tmp_path / "plain.png").read_bytes()
    marked = plot_race(result, tmp_path / "moves.png", moves=[(15000.0, "a surge"), (25000.0, "a catch")])
    assert marked.read_bytes() != plain
