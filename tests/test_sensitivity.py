"""A tiny Morris screening of the shelter constants on the 3 km test course (12 runners)."""
import math
import subprocess
import sys

import pandas as pd
import pytest
from conftest import DATA, ROOT, compose_config

pytest.importorskip("SALib", reason="SALib not installed (pip install -e '.[research]')")

from sim.commands.sensitivity import DEFAULT_PARAMETERS, analyse  # noqa: E402
from sim.commands.study import with_values  # noqa: E402
from sim.errors import PacksimError  # noqa: E402

TINY = [f"course.profile={DATA / 'hilly_3k.csv'}", f"field.roster={DATA / 'roster_small.csv'}", "field.size=12",
        "field.generated_seed_time_min_s=7900"]


def test_morris_ranks_the_shelter_constants():
    study = analyse(compose_config(*TINY), method="morris", n=3, replicates=2, outputs=("winner_t_s", "median_t_s"))
    d = len(DEFAULT_PARAMETERS)
    assert len(study.samples) == 3 * (d + 1)
    assert list(study.samples.columns[:d]) == list(DEFAULT_PARAMETERS)
    for key, (lo, hi) in DEFAULT_PARAMETERS.items():
        assert study.samples[key].between(lo, hi).all()
    assert len(study.indices) == 2 * d and set(study.indices.output) == {"winner_t_s", "median_t_s"}
    assert (study.indices.mu_star >= 0).all() and study.indices.mu_star.map(math.isfinite).all()
    # more shelter (s0) can only help the field: the median finisher is not slower with it
    s0 = study.indices.set_index(["output", "parameter"]).loc[("median_t_s", "drafting.s0")]
    assert s0.mu <= 0 and s0.mu_star > 0


def test_same_plan_same_numbers():
    cfg = compose_config(*TINY)
    a = analyse(cfg, {"drafting.s0": (0.4, 0.8)}, n=2, replicates=1, outputs=("median_t_s",))
    b = analyse(cfg, {"drafting.s0": (0.4, 0.8)}, n=2, replicates=1, outputs=("median_t_s",))
    pd.testing.assert_frame_equal(a.samples, b.samples)


def test_with_values_sets_checks_and_copies():
    cfg = compose_config(*TINY)
    changed = with_values(cfg, {"drafting.s0": 0.5, "tactics.sit.hold_tolerance": 0.02, "drafting.pack_min_size": 3.6})
    assert (changed.drafting.s0, changed.tactics["sit"].hold_tolerance, changed.drafting.pack_min_size) == (0.5, 0.02, 4)
    assert cfg.drafting.s0 == 0.6 and cfg.tactics["sit"].hold_tolerance == 0.04
    with pytest.raises(PacksimError, match="drafting.s00"):
        with_values(cfg, {"drafting.s00": 0.5})
    with pytest.raises(PacksimError, match="weather.wind_speed_m_s"):
        with_values(cfg, {"weather.wind_speed_m_s": -1.0})


def test_cli_writes_tables(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sim.sensitivity", "-n", "2", "--replicates", "1", "--workers", "1",
                           "--param", "drafting.s0", "0.4", "0.8", "--param", "drafting.decay_m", "1", "4",
                           "--output", "median_t_s", "--out", str(tmp_path), *TINY],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(tmp_path / "sensitivity.csv")
    assert list(table.parameter) == ["drafting.s0", "drafting.decay_m"]
    assert len(pd.read_csv(tmp_path / "sensitivity_samples.csv")) == 2 * 3


def test_cli_bad_key_is_one_line_exit_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sim.sensitivity", "--param", "drafting.nope", "0", "1",
                           "--out", str(tmp_path), *TINY], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("packsim sensitivity: error:") and "drafting.nope" in lines[0]
