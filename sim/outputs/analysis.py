"""Race analysis from results and splits: the main pack at a point, a front-runner's lead and catch.

Used by the printed summary, summary.json, the calibration check and its test.
"""
from dataclasses import dataclass

import numpy as np

from sim.engine.pack import chains
from sim.model.energetics import GRADE_COST_MODELS


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


@dataclass
class GroupAt:
    """Where the members of one pack are at a checkpoint: the group at their front and who is not in it."""
    checkpoint: int
    distance_m: float
    front: int              # runner index at the front of the group
    t_front_s: float
    group: list             # runner indices of the members still in the front group, in race order
    behind: list            # members still running but not in it, in race order
    stopped: list           # members with no time here (did not reach the checkpoint)


def group_at(result, members, c, gap_s):
    """The members of ``members`` (runner indices) at checkpoint ``c``: the front group and the rest.

    The front group is the chain of runners (everyone in the race, as packs are labelled; see
    :func:`sim.engine.pack.chains`) each within ``gap_s`` of the next that holds the front-most member,
    restricted to ``members``. None if no member reached ``c``.
    """
    t = result.split_times_s[:, c]
    members = [int(i) for i in members]
    running = [i for i in members if np.isfinite(t[i])]
    if not running:
        return None
    front = min(running, key=lambda i: t[i])
    chain = next(set(int(j) for j in g) for g in chains(t, gap_s) if front in g)
    group = sorted((i for i in running if i in chain), key=lambda i: t[i])
    behind = sorted((i for i in running if i not in chain), key=lambda i: t[i])
    return GroupAt(c, float(result.course.checkpoint_m[c]), front, float(t[front]), group, behind,
                   [i for i in members if not np.isfinite(t[i])])


def segment_rise_m(course, c0, c1):
    """Net elevation change from checkpoint ``c0`` to checkpoint ``c1`` [m] (positive = uphill)."""
    b = course.checkpoint_boundary
    return float(course.elevation_m[b[c1]] - course.elevation_m[b[c0]])


def flat_equivalent_m(course, c0, c1, grade_model="gap"):
    """The flat distance costing as much as the course from checkpoint ``c0`` (None = the start) to ``c1`` [m].

    Each segment's length weighted by the cost of its grade relative to the flat
    (:data:`sim.model.energetics.GRADE_COST_MODELS`, the engine's own); a time over this distance
    is a grade-adjusted pace.
    """
    b0 = 0 if c0 is None else course.checkpoint_boundary[c0]
    b1 = course.checkpoint_boundary[c1]
    factor = GRADE_COST_MODELS[grade_model](course.grade[b0:b1])
    return float(np.sum(course.length_m[b0:b1] * factor))


def halfway_pack(result):
    """The main pack at halfway (see :func:`main_pack_at`): (size, time_s, members)."""
    pack = main_pack_at(result, result.course.distance_m / 2.0)
    return pack.size, pack.t_s, pack.members
