"""Race analysis from results and splits: the main pack at a point, a front-runner's lead and catch.

Used by the printed summary, summary.json, the calibration check and its test.
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class PackAt:
    """The main pack at a checkpoint: the front-most pack of at least ``min_size`` runners."""
    distance_m: float
    size: int
    t_s: float
    members: list


def checkpoint_index(course, distance_m):
    return int(np.argmin(np.abs(course.checkpoint_m - distance_m)))


def main_pack_at(result, distance_m, min_size=10, window_s=180.0):
    """The front-most pack of >= ``min_size`` runners within ``window_s`` of the leader at ``distance_m``.

    Falls back to the largest pack in that window when none is that big.
    """
    c = checkpoint_index(result.course, distance_m)
    t, ids, sizes = result.split_times_s[:, c], result.pack_id[:, c], result.pack_size[:, c]
    if not np.isfinite(t).any():
        return PackAt(float(result.course.checkpoint_m[c]), 0, float("nan"), [])
    near = (ids > 0) & (t <= np.nanmin(t) + window_s)
    big = np.flatnonzero(near & (sizes >= min_size))
    cand = big if big.size else np.flatnonzero(near)
    if cand.size == 0:
        return PackAt(float(result.course.checkpoint_m[c]), 0, float("nan"), [])
    first = cand[np.argmin(t[cand])] if big.size else cand[np.argmax(sizes[cand])]
    members = np.flatnonzero(ids == ids[first])
    return PackAt(float(result.course.checkpoint_m[c]), int(members.size), float(np.nanmin(t[members])),
                  [result.runners[i].name for i in members])


def runner_index(result, name):
    for spec in result.runners:
        if spec.name == name:
            return spec.index
    raise KeyError(name)


def alone_ahead_of(result, name, distance_m, pack):
    """True if ``name`` passes ``distance_m`` alone (nobody within the pack gap) and ahead of ``pack``."""
    i = runner_index(result, name)
    c = checkpoint_index(result.course, distance_m)
    t = result.split_times_s[i, c]
    return bool(np.isfinite(t) and result.pack_size[i, c] == 1 and (not pack.size or t < pack.t_s))


def caught_at_m(result, name, by, after_m=0.0):
    """First checkpoint beyond ``after_m`` where any of the runners ``by`` is ahead of ``name``
    (the point it stopped at if it did not finish; inf if never caught)."""
    i = runner_index(result, name)
    chasers = [runner_index(result, n) for n in by if n != name]
    for c, x in enumerate(result.course.checkpoint_m):
        if x <= after_m:
            continue
        t = result.split_times_s[:, c]
        if not np.isfinite(t[i]) or (chasers and np.nanmin(t[chasers]) < t[i]):
            return float(x)
    return float("inf")
