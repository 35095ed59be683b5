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
from collections import Counter, deque

import numpy as np

LOG_DEPTH = 6  # crossings kept per boundary: enough to see past a dropping runner to the pack


class Board:
    """Positions of all runners and the recent crossings of every boundary."""

    def __init__(self, n_runners, boundary_m):
        self.boundary_m = [float(b) for b in boundary_m]
        self.crossings = [deque(maxlen=LOG_DEPTH) for _ in boundary_m]
        self.x_m = [0.0] * n_runners
        self.t_s = [0.0] * n_runners
        self.v_m_s = [0.0] * n_runners
        self.running = [True] * n_runners
        self.contact = [False] * n_runners
        self.group = list(range(n_runners))  # the group a runner last ran with (its own index alone)

    def cross(self, i, k, t_s):
        self.crossings[k].append((t_s, i))
        self.x_m[i] = self.boundary_m[k]
        self.t_s[i] = t_s

    def nearest_ahead(self, k, t_s, i, range_m):
        """The runner nearest ahead of ``i`` at boundary ``k``: (runner, gap_m, pacer, pack_speed_m_s).

        The pacer is the fastest of the logged runners within ``range_m`` ahead and ``pack_speed_m_s``
        its speed: in a pack a follower keeps the pack's pace and slips past a runner who is dropping
        off the front of it, instead of being towed back by him. None if nobody crossed ``k`` before ``i``.
        """
        x_k = self.boundary_m[k]
        x_m, t_m, v_m, running = self.x_m, self.t_s, self.v_m_s, self.running
        nearest = pacer = None
        gap_min = pace = 0.0
        for t_c, j in reversed(self.crossings[k]):
            if t_c >= t_s or j == i or not running[j]:
                continue
            v_j = v_m[j]
            gap = x_m[j] + v_j * (t_s - t_m[j]) - x_k
            if gap <= 0.0:
                continue
            if nearest is None or gap < gap_min:
                nearest, gap_min = j, gap
            if gap <= range_m and v_j > pace:
                pacer, pace = j, v_j
        if nearest is None:
            return None
        if pacer is None:
            pacer, pace = nearest, v_m[nearest]
        return nearest, gap_min, pacer, pace


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
