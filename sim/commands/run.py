"""Run the race a config describes and write its outputs: one race, a mass race, or Monte Carlo replicates."""
import time

import numpy as np

from sim.commands.replicates import print_replicate_summary, run_replicates
from sim.engine.crowd_race import CrowdSetup
from sim.engine.race import RaceSetup
from sim.errors import PacksimError
from sim.outputs.crowd_tables import print_crowd_summary, write_crowd_outputs
from sim.outputs.report import print_summary
from sim.outputs.tables import write_outputs, write_replicate_outputs


def run(cfg, run_dir, progress=None, require_focal=False):
    """Run the race ``cfg`` describes and write its outputs into ``run_dir``; returns the result.

    ``require_focal``: every ``cfg.focal`` name must be a runner of the field (set when the user named them;
    a scenario's focal runners absent from a roster the user swapped in are left out quietly).
    With ``cfg.replicates`` > 1 runs the replicates instead and returns their records (:func:`run_replicated`).
    """
    if cfg.sim.engine == "crowd":
        return run_crowd(cfg, run_dir, progress=progress, require_focal=require_focal)
    if cfg.replicates > 1:
        return run_replicated(cfg, run_dir, progress=progress)
    setup = RaceSetup(cfg)
    wall0 = time.perf_counter()
    result = setup.run(np.random.default_rng(cfg.seed), cfg.seed, progress=progress, require_focal=require_focal)
    wall = time.perf_counter() - wall0
    write_outputs(result, cfg, run_dir, plots=cfg.sim.plots)
    if cfg.sim.print_summary:
        print_summary(result, cfg, wall)
        print(f"Outputs: {run_dir}")
    return result


def run_crowd(cfg, run_dir, progress=None, require_focal=False):
    """A mass race on the crowd engine (sim/engine/crowd.py): one race, its outputs; returns the result."""
    if cfg.replicates > 1:
        raise PacksimError("replicates: the crowd engine runs one race per job; sweep seeds instead "
                           "(python -m sim -m seed=1,2,3 ...)")
    setup = CrowdSetup(cfg)
    wall0 = time.perf_counter()
    result = setup.run(np.random.default_rng(cfg.seed), cfg.seed, progress=progress, require_focal=require_focal)
    wall = time.perf_counter() - wall0
    summary = write_crowd_outputs(result, cfg, run_dir, plots=cfg.sim.plots)
    if cfg.sim.print_summary:
        print_crowd_summary(summary, wall)
        print(f"Outputs: {run_dir}")
    return result


def run_replicated(cfg, run_dir, progress=None):
    """Run ``cfg.replicates`` replicates and write their tables and summary into ``run_dir``; returns them."""
    wall0 = time.perf_counter()
    reps = run_replicates(cfg, cfg.sim.workers, progress=bool(progress))
    wall = time.perf_counter() - wall0
    stats = write_replicate_outputs(reps, cfg, run_dir)
    if cfg.sim.print_summary:
        print_replicate_summary(stats, wall, reps.workers)
        print(f"Outputs: {run_dir}")
    return reps
