"""Figures: the small helpers by hand, and both PNGs written once, deterministically, from a real race."""
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hydra import compose, initialize_config_dir
from numpy.testing import assert_allclose

from sim.config import from_omegaconf, register_schema
from sim.engine.race import RaceSetup
from sim.outputs.plots import (
    GAP_CAP_S,
    compass,
    gap_axis_top_s,
    gap_behind_leader_s,
    hms,
    plot_course,
    plot_race,
)

CONF_DIR = Path(__file__).resolve().parents[1] / "conf"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def small_race():
    """The Atlanta scenario cut to 30 runners (about a second)."""
    register_schema()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = from_omegaconf(compose("config", overrides=["field.size=30"]))
    return RaceSetup(cfg).run(np.random.default_rng(cfg.seed), cfg.seed), cfg.focal


def test_gap_behind_leader_s_by_hand():
    split_times_s = np.array([[10.0, 20.0, np.nan],
                              [12.0, 19.0, np.nan],
                              [11.0, np.nan, np.nan]])
    expected = np.array([[0.0, 1.0, np.nan],
                         [2.0, 0.0, np.nan],
                         [1.0, np.nan, np.nan]])
    assert_allclose(gap_behind_leader_s(split_times_s), expected)


def test_gap_axis_top_s_is_the_90th_percentile_within_bounds():
    gap_s = np.array([[0.0], [100.0], [200.0], [np.nan]])
    assert gap_axis_top_s(gap_s) == pytest.approx(180.0)
    assert gap_axis_top_s(gap_s / 100.0) == 60.0
    assert gap_axis_top_s(gap_s * 100.0) == GAP_CAP_S
    assert gap_axis_top_s(np.full((2, 1), np.nan)) == GAP_CAP_S


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
