"""Shared fixtures: compose the real Hydra config with overrides, run small races, run the CLI."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra

from sim.config import register_schema
from sim.inputs.load import load_config
from sim.engine.race import RaceSetup

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SMALL = [f"course.profile={DATA / 'hilly_3k.csv'}", f"field.roster={DATA / 'roster_small.csv'}", "field.size=24",
         "field.generated_seed_time_min_s=7900", "sim.plots=false"]


def compose_config(*overrides):
    """The typed Config for ``overrides`` (as on the command line)."""
    register_schema()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(ROOT / "conf"), version_base="1.3"):
        return load_config(compose("config", overrides=list(overrides)))


def run_race(*overrides, seed=None):
    cfg = compose_config(*overrides)
    seed = cfg.seed if seed is None else seed
    return RaceSetup(cfg).run(np.random.default_rng(seed), seed)


def run_cli(*args, cwd=None):
    """``python -m sim args`` in a subprocess; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          timeout=300)


@pytest.fixture
def small_overrides():
    return list(SMALL)


def one_line_error(make, key):
    """``make()`` raises a one-line PacksimError naming ``key``; returns its message."""
    from sim.errors import PacksimError
    with pytest.raises(PacksimError) as info:
        make()
    msg = str(info.value)
    assert "\n" not in msg and f"'{key}'" in msg, msg
    return msg
