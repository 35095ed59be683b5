"""Who is near whom: the crossing board used during the race, and pack labels after it.

During the race every runner that crosses a segment boundary is appended to that boundary's short
log (crossings are processed in time order, so each log is sorted). The runner nearest ahead of a
runner arriving at boundary k is the latest one in k's log that crossed strictly earlier; its
current position follows from its last boundary, time and speed. That costs O(1) per decision.
Runners crossing at exactly the same time are abreast: neither shelters the other, whichever
SimPy happens to process first.

After the race, packs at each checkpoint are chains of runners each within ``join_gap_s`` of the
one before (MODEL.md §6: ≥ 3 runners within ≈ 2 s); :func:`label_packs` gives them ids that persist
from checkpoint to checkpoint while most members stay together.
"""
from collections import Counter

import numpy as np

from sim.model.compiled import kernel
from sim.model.layout import STATE

LOG_DEPTH = 6  # crossings kept per boundary: enough to see past a dropping runner to the pack


class Board:
    """Positions of all runners and the recent crossings of every boundary, as arrays the kernel reads.

    ``log`` holds, per boundary, the number of crossings so far and the last ``LOG_DEPTH`` of them (a
    ring buffer of times, then of runner indices) in one float row; where each runner was last seen
    (``x_m``, ``t_s``, and ``t_before_s`` at the boundary before), its speed since (``v_m_s``), ``running``, ``contact`` (with the runner ahead)
    and ``group`` (the group it last ran with, its own index when alone) are fields of the runners'
    kernel state (:data:`sim.model.layout.STATE`), which the board shares.
    """

    def __init__(self, n_runners, boundary_m, state=None):
        self.boundary_m = np.asarray(boundary_m, dtype=float)
        self.log = new_log(self.boundary_m.size)
        self.state = np.zeros(n_runners, STATE) if state is None else state
        if state is None:
            self.state["running"] = True
            self.state["group"] = np.arange(n_runners)
        self.x_m, self.t_s, self.v_m_s = self.state["x_m"], self.state["t_s"], self.state["v_m_s"]
        self.running, self.contact, self.group = self.state["running"], self.state["contact"], self.state["group"]

    def cross(self, i, k, t_s):
        board_cross(self.log, self.state, self.boundary_m[k], i, k, t_s)

    def nearest_ahead(self, k, t_s, i, range_m):
        """The runner nearest ahead of ``i`` at boundary ``k``: (runner, gap_m, pacer, pack_speed_m_s), or None.

        See :func:`board_nearest_ahead`.
        """
        j, gap, pacer, pace = board_nearest_ahead(self.log, self.state, self.boundary_m[k], k, t_s, i, range_m)
        return None if j < 0 else (int(j), float(gap), int(pacer), float(pace))


def new_log(n_boundaries):
    """An empty crossing log: per boundary a count, ``LOG_DEPTH`` times and ``LOG_DEPTH`` runner indices."""
    return np.zeros((n_boundaries, 1 + 2 * LOG_DEPTH))


@kernel
def board_cross(log, state, x_k, i, k, t):
    """Runner ``i`` crosses boundary ``k`` (at ``x_k``) at ``t``: into the boundary's log, its position updated."""
    count = int(log[k, 0])
    slot = count % LOG_DEPTH
    log[k, 1 + slot] = t
    log[k, 1 + LOG_DEPTH + slot] = i
    log[k, 0] = count + 1
    state[i].t_before_s = state[i].t_s
    state[i].x_m = x_k
    state[i].t_s = t


@kernel
def board_nearest_ahead(log, state, x_k, k, t, i, range_m):
    """The runner nearest ahead of ``i`` arriving at boundary ``k`` (at ``x_k``) at ``t``.

    Returns (runner, gap_m, pacer, pack_speed_m_s), runner -1 if nobody crossed ``k`` before ``i``.
    The pacer is the fastest of the logged runners within ``range_m`` ahead and ``pack_speed_m_s``
    its speed: in a pack a follower keeps the pack's pace and slips past a runner who is dropping
    off the front of it, instead of being towed back by him. Runners who crossed at ``t`` itself are
    abreast, not ahead; runners no longer running are ignored.
    """
    count = int(log[k, 0])
    nearest, pacer = -1, -1
    gap_min, pace = 0.0, 0.0
    for q in range(min(count, LOG_DEPTH)):
        slot = (count - 1 - q) % LOG_DEPTH
        t_c, j = log[k, 1 + slot], int(log[k, 1 + LOG_DEPTH + slot])
        other = state[j]
        if t_c >= t or j == i or not other.running:
            continue
        gap = other.x_m + other.v_m_s * (t - other.t_s) - x_k
        if gap <= 0.0:
            continue
        if nearest < 0 or gap < gap_min:
            nearest, gap_min = j, gap
        if gap <= range_m and other.v_m_s > pace:
            pacer, pace = j, other.v_m_s
    if nearest >= 0 and pacer < 0:
        pacer, pace = nearest, state[nearest].v_m_s
    return nearest, gap_min, pacer, pace


@kernel
def board_overtook(state, x_k, j, t_before_s):
    """True if runner ``j``, last seen at boundary ``x_k``, crossed the boundary before it later than
    ``t_before_s`` (when the runner asking crossed it): ``j`` has overtaken it over the last segment."""
    other = state[j]
    return other.x_m == x_k and other.t_before_s > t_before_s


def chains(times_s, gap_s):
    """Group runners whose times at a point are each within ``gap_s`` of the previous one.

    ``times_s`` may hold NaN (did not reach the point). Returns a list of index arrays in race order.
    """
    ok = np.flatnonzero(np.isfinite(times_s))
    if ok.size == 0:
        return []
    order = ok[np.argsort(times_s[ok], kind="stable")]
    breaks = [0, *(np.flatnonzero(np.diff(times_s[order]) > gap_s) + 1).tolist(), order.size]
    return [order[a:b] for a, b in zip(breaks[:-1], breaks[1:])]  # np.split's pieces, sliced directly


def label_packs(split_times_s, gap_s, min_size):
    """Pack id and size per runner per checkpoint: arrays shaped like ``split_times_s`` (runners x points).

    Id 0 means not in a pack (fewer than ``min_size`` together). A group inherits the id most of its
    members carried at the previous checkpoint unless a larger group there claimed it first, in
    which case it is a split and gets a new id.
    """
    n, m = split_times_s.shape
    # built as plain lists per checkpoint (indexing numpy arrays per group is the slow part), then stacked
    ids = [[0] * n for _ in range(m)]
    sizes = [[1] * n for _ in range(m)]
    next_id = 1
    for c in range(m):
        groups = sorted(chains(split_times_s[:, c], gap_s), key=len, reverse=True)
        claimed = set()
        for g in groups:
            size = len(g)
            if size == 1:
                continue
            members = g.tolist()
            for r in members:
                sizes[c][r] = size
            if size < min_size:
                continue
            prev = [pid for pid, _ in Counter([ids[c - 1][r] for r in members]).most_common() if pid] if c else []
            inherited = prev[0] if prev and prev[0] not in claimed else None
            if inherited is None:
                inherited, next_id = next_id, next_id + 1
            claimed.add(inherited)
            for r in members:
                ids[c][r] = inherited
    pack_id = np.ascontiguousarray(np.array(ids, dtype=int).reshape(m, n).T)
    pack_size = np.ascontiguousarray(np.array(sizes, dtype=int).reshape(m, n).T)
    return pack_id, pack_size


def pack_events(split_times_s, pack_id, checkpoint_m, names):
    """Pack formations and splits between checkpoints, as event tuples (t_s, distance_m, event, runner, detail).

    ``pack_formed``: a pack id appears (its leader is the runner); ``pack_split``: the members of a pack
    at the previous checkpoint are in more than one group now (the runner leads what keeps the id).
    """
    events = []
    n, m = pack_id.shape
    ids_by_point = pack_id.T.tolist()  # plain ints and floats: a dict pass per checkpoint, no array per pack
    times_by_point = split_times_s.T.tolist()
    members_before = {}
    for c in range(m):
        ids_now, t = ids_by_point[c], times_by_point[c]
        members_now = {}  # pack id -> its runners, in index order
        for r, pid in enumerate(ids_now):
            if pid > 0:
                members_now.setdefault(pid, []).append(r)
        for pid in sorted(members_now):
            members = members_now[pid]
            lead = min(members, key=t.__getitem__)  # the first fastest, as np.argmin
            before = members_before.get(pid, [])
            if not before:
                events.append((t[lead], float(checkpoint_m[c]), "pack_formed", names[lead],
                               f"pack {pid}: {len(members)} runners"))
            else:
                # a split: at least two former members now run in another pack (single drops are
                # already in the log as 'drop' events)
                moved_to = [q for q in (ids_now[r] for r in before) if q > 0 and q != pid]
                if len(moved_to) >= 2:
                    events.append((t[lead], float(checkpoint_m[c]), "pack_split", names[lead],
                                   f"pack {pid}: {len(before)} -> {len(members)}; {len(moved_to)} now in pack(s) "
                                   + ", ".join(str(q) for q in sorted(set(moved_to)))))
        members_before = members_now
    return events
