"""Shared by the sensitivity analysis and the tactic optimiser: configs, changed keys, and race outcomes.

A *point* is the base config with some dotted keys set (``drafting.s0``, ``tactics.sit.hold_tolerance``,
...); its outcomes are averaged over ``replicates`` races seeded by
``SeedSequence(seed).spawn(replicates)`` (STYLE.md 8), the same seeds at every point: common random
numbers, so differences between points come from the keys, not from different draws.
"""
import copy
import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields, is_dataclass

import numpy as np

from sim.commands.replicates import worker_count
from sim.config import check_finite
from sim.engine.race import RaceSetup
from sim.errors import PacksimError, shorten
from sim.inputs.paths import CONF_DIR
from sim.outputs.analysis import main_pack_at

OUTCOMES = ("winner_t_s", "median_t_s", "halfway_pack_size", "finishers")


def compose(overrides=()):
    """The typed :class:`~sim.config.Config` for command-line ``overrides``, checked as ``python -m sim`` checks them."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    from sim.commands.preflight import check_overrides
    from sim.config import register_schema
    from sim.inputs.load import load_config

    overrides = list(overrides)
    check_overrides(overrides)
    register_schema()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        return load_config(hydra_compose("config", overrides=overrides))


def _child(node, part, key):
    if isinstance(node, dict):
        if part not in node:
            raise PacksimError(f"unknown config key '{key}': no '{part}' (known: {', '.join(sorted(node))})")
        return node[part]
    if not is_dataclass(node) or part not in {f.name for f in fields(node)}:
        raise PacksimError(f"unknown config key '{key}': see README 'Configuration' for every key")
    return getattr(node, part)


def with_values(cfg, values):
    """A validated copy of ``cfg`` with each dotted key of ``values`` set (ints rounded, floats as floats)."""
    cfg = copy.deepcopy(cfg)
    for key, value in values.items():
        *path, last = key.split(".")
        node = cfg
        for part in path:
            node = _child(node, part, key)
        current = _child(node, last, key)
        if isinstance(current, bool) or not isinstance(current, (int, float, list)):
            raise PacksimError(f"config key '{key}': only numeric keys can be varied, it holds '{shorten(current)}'")
        if isinstance(current, list):
            value = [float(v) for v in np.atleast_1d(value)]
        else:
            value = int(round(value)) if isinstance(current, int) else float(value)
        if isinstance(node, dict):
            node[last] = value
        else:
            setattr(node, last, value)
    check_finite(cfg)       # before the ranges ('inf' passes 'must be >= 0')
    for f in fields(cfg):   # the ranges each group checks, then the tactics (Config.__post_init__)
        group = getattr(cfg, f.name)
        if is_dataclass(group) and hasattr(group, "__post_init__"):
            group.__post_init__()
    cfg.__post_init__()
    return cfg


def outcomes(result, focal=None):
    """The numbers one race gives a study: the winner's and the median finish time, the halfway pack, finishers;
    with ``focal`` also that runner's time (NaN: DNF), place (DNF: field size + 1) and win (0/1)."""
    finished = [r for r in result.results if r.status == "finished"]
    times = np.array([r.t_finish_s for r in finished])
    out = {"winner_t_s": float(times[0]) if times.size else math.nan,
           "median_t_s": float(np.median(times)) if times.size else math.nan,
           "halfway_pack_size": float(main_pack_at(result, result.course.distance_m / 2.0).size),
           "finishers": float(len(finished))}
    if focal is not None:
        mine = next((r for r in result.results if r.runner == focal), None)
        if mine is None:
            raise PacksimError(f"no runner named '{shorten(focal)}' in the field")
        done = mine.status == "finished"
        out.update({"focal_t_s": float(mine.t_finish_s) if done else math.nan,
                    "focal_place": float(mine.place if done else len(result.results) + 1),
                    "focal_win": float(done and mine.place == 1)})
    return out


def point_outcomes(cfg, replicates, focal=None):
    """Outcomes of ``cfg`` averaged over its ``replicates`` races (common random numbers from ``cfg.seed``).

    ``focal_t_s`` is averaged over the races the runner finished; ``focal_finished`` is that share.
    """
    setup = RaceSetup(cfg)
    rows = [outcomes(setup.run(np.random.default_rng(child), cfg.seed), focal)
            for child in np.random.SeedSequence(cfg.seed).spawn(replicates)]
    mean = {k: float(np.nanmean([r[k] for r in rows])) if any(np.isfinite(r[k]) for r in rows) else math.nan
            for k in rows[0]}
    if focal is not None:
        mean["focal_finished"] = float(np.mean([np.isfinite(r["focal_t_s"]) for r in rows]))
    return mean


def _point(args):
    cfg, replicates, focal = args
    return point_outcomes(cfg, replicates, focal)


def evaluate(cfgs, replicates, focal=None, workers=1):
    """:func:`point_outcomes` of every config in ``cfgs``, in order, on ``workers`` processes (0 = all cores)."""
    cfgs = list(cfgs)
    n = worker_count(workers, len(cfgs))
    if n == 1:
        return [point_outcomes(c, replicates, focal) for c in cfgs]
    with ProcessPoolExecutor(n) as pool:
        return list(pool.map(_point, [(c, replicates, focal) for c in cfgs], chunksize=max(1, len(cfgs) // (4 * n))))
