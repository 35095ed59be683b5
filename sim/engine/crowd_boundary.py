"""One runner of a mass race at one boundary, compiled: the per-runner scheduler's rules (``sim.crowd_scheduler=runners``).

A mass race run one SimPy process per runner (:mod:`sim.engine.crowd_runners`) asks, at every
boundary, what the per-runner engine asks (:func:`sim.engine.boundary.choose`: who is ahead, the
kernel's decision) plus the rules of a mass race:

* **arriving** (:func:`crowd_arrive`): the physiology of the segment just run and the hazard of
  giving up accumulated over it (:func:`sim.model.ultra.dropout_hazard_per_s`), the checkpoint
  split, the finish, the cut-off, abandoning on a projected finish, and at an aid station giving up
  (the hazard beyond the runner's tolerance) or staying for :func:`sim.model.ultra.aid_dwell_s` (never past
  the cut-off it must leave by);
* **leaving** (:func:`crowd_depart`): onto the crossing board, the decision, and on single track the
  queue (:func:`single_file`).

Where each boundary is a checkpoint, a station, a cut-off or the start of single track comes in the
``marks`` table (``MARK_*`` columns, one row per boundary), built by :func:`boundary_marks`.
"""
import math

import numpy as np

from sim.engine.boundary import ABANDONS, FINISHES, SPEND_SHIFT, choose
from sim.engine.pack import LOG_DEPTH, board_cross
from sim.model.compiled import kernel
from sim.model.kernel import abandons, effort_when_held, heat_cost, spend
from sim.model.layout import SEG_CHECKPOINT, SEG_LENGTH, SEG_X
from sim.model.ultra import aid_dwell_s, dropout_hazard_per_s, single_file_headway_s

# beside FINISHES / ABANDONS of sim.engine.boundary
CUT_OFF, GIVES_UP, DWELLS = 1 << 14, 1 << 15, 1 << 16
OUT = FINISHES | ABANDONS | CUT_OFF | GIVES_UP
MARK_CHECKPOINT, MARK_STATION, MARK_CUTOFF_S, MARK_NARROW = range(4)


def boundary_marks(course, checkpoint_boundary, stations, cutoffs, narrow):
    """The ``marks`` table: per boundary its checkpoint (-1 none), aid station (0/1), cut-off gun time
    (inf none) and whether the segment starting there is single track (0/1)."""
    n = course.n_segments + 1
    marks = np.zeros((n, 4))
    marks[:, MARK_CHECKPOINT] = -1.0
    marks[checkpoint_boundary, MARK_CHECKPOINT] = np.arange(len(checkpoint_boundary))
    marks[list(stations), MARK_STATION] = 1.0
    marks[:, MARK_CUTOFF_S] = math.inf
    for k, (_, t_cut) in cutoffs.items():
        marks[k, MARK_CUTOFF_S] = t_cut
    marks[:-1, MARK_NARROW] = narrow
    return marks


@kernel
def crowd_arrive(model, trail, runners, state, seg, weather, log, marks, splits, tolerance, walked_m, i, k, t):
    """Runner ``i`` reaches boundary ``k`` at ``t``: returns (seconds, flags, runner ahead).

    With ``DWELLS`` in the flags the seconds are the stay at the aid station (then :func:`crowd_depart`);
    with ``FINISHES``, ``ABANDONS``, ``CUT_OFF`` or ``GIVES_UP`` the runner is out (seconds < 0);
    otherwise they are the time to the next boundary, as :func:`crowd_depart` gives it.
    """
    m, tr, r, s = model[0], trail[0], runners[i], state[i]
    n = seg.shape[0]
    flags = 0
    if k > 0:
        prev = seg[k - 1]
        if s.walking:
            walked_m[i] += prev[SEG_LENGTH]
        flags |= spend(m, r, s, prev, True, k < n) << SPEND_SHIFT
        if tr.dropout_per_h > 0.0:
            k_heat = heat_cost(m, r, prev, t - s.dt_s, weather)
            s.hazard += dropout_hazard_per_s(tr.dropout_per_h, s.k_damage, k_heat, s.phi, tr.dropout_damage_w,
                                             tr.dropout_heat_w, tr.dropout_fatigue_w) * s.dt_s
    c = int(marks[k, MARK_CHECKPOINT])
    if c >= 0:
        splits[i, c] = t
    if k == n:
        board_cross(log, state, m.distance_m, i, k, t)
        s.running = False
        s.v_m_s = 0.0
        return -1.0, flags | FINISHES, -1
    x = seg[k, SEG_X]
    t_cut = marks[k, MARK_CUTOFF_S]
    if t > t_cut:
        s.running = False
        return -1.0, flags | CUT_OFF, -1
    if seg[k, SEG_CHECKPOINT] > 0.0 and abandons(m, r, t, x):
        s.running = False
        return -1.0, flags | ABANDONS, -1
    if marks[k, MARK_STATION] > 0.0:
        if s.hazard > tolerance[i]:
            s.running = False
            return -1.0, flags | GIVES_UP, -1
        dwell = aid_dwell_s(t - s.t_start_s, s.phi, tr.aid_dwell_s, tr.aid_dwell_per_hour_s, tr.aid_dwell_per_fatigue_s)
        if tr.departure_cutoffs:
            dwell = min(dwell, t_cut - t)   # a runner in before the barrier leaves by it
        if dwell > 0.0:
            s.aid_s += dwell
            board_cross(log, state, x, i, k, t)   # standing at the station: nobody's pacer, nobody to queue behind
            s.v_m_s = 0.0
            return dwell, flags | DWELLS, -1
    dt, decided, j = crowd_depart(model, trail, runners, state, seg, weather, log, marks, i, k, t)
    return dt, flags | decided, j


@kernel
def crowd_depart(model, trail, runners, state, seg, weather, log, marks, i, k, t):
    """Runner ``i`` sets off from boundary ``k`` at ``t``: returns (seconds to the next boundary, flags, runner ahead)."""
    s = state[i]
    t_before = s.t_before_s if s.x_m == seg[k, SEG_X] and s.t_s < t else s.t_s   # left a station: as if it had not stopped
    board_cross(log, state, seg[k, SEG_X], i, k, t)
    s.t_before_s = t_before
    dt, decided, j = choose(model, runners, state, seg, weather, log, i, k, t)
    if marks[k, MARK_NARROW] > 0.0:
        dt = single_file(model, trail, runners, state, seg, weather, log, i, k, t)
    return dt, decided, j


@kernel
def single_file(model, trail, runners, state, seg, weather, log, i, k, t):
    """On single track: runner ``i``, who has just entered segment ``k`` at ``t`` planning to take
    ``state[i].dt_s`` over it, leaves it no earlier than a headway behind the runners it cannot pass.

    The runners ahead are those on the board at ``k`` who entered before ``i`` and are still on the
    segment; each leaves at its own planned time. The runner keeps the single-file spacing of its own
    free speed behind the one it follows. It banks ``course.passes_per_km`` passes per
    km of single track (at most ``max_credit``, the board's depth less one) [A]; it passes the latest of
    those who would hold it up as far as its passes go, and queues behind the next one: it leaves a
    :func:`~sim.model.ultra.single_file_headway_s` after it. Passes made are spent. A runner held up
    moves at the slower speed and spends that effort (:func:`~sim.model.kernel.effort_when_held`);
    the wait is added to ``queued_s``. Returns the segment's duration [s].
    """
    m, tr, r, s = model[0], trail[0], runners[i], state[i]
    row = seg[k]
    x, length = row[SEG_X], row[SEG_LENGTH]
    s.pass_credit = min(s.pass_credit + length * tr.passes_per_m, tr.max_credit)
    free = t + s.dt_s
    # the spacing the runner keeps at the speed it would walk or run here (Seyfried's d(v)); taken at the held
    # speed instead, a queue would slow itself down without end (each wait lowering the next one's speed)
    headway = single_file_headway_s(length / s.dt_s, tr.spacing_m, tr.spacing_s_per_m_s)
    exits, gaps, seen = np.empty(LOG_DEPTH), np.empty(LOG_DEPTH), np.full(LOG_DEPTH, -1)
    count = int(log[k, 0])
    blocking = 0
    for q in range(min(count, LOG_DEPTH)):
        slot = (count - 1 - q) % LOG_DEPTH
        j = int(log[k, 1 + LOG_DEPTH + slot])
        other = state[j]
        if j == i or not other.running or other.x_m != x or other.v_m_s <= 0.0:
            continue
        dup = False
        for p in range(blocking):
            dup = dup or seen[p] == j
        if dup:
            continue
        exit_j = other.t_s + other.dt_s
        if exit_j + headway <= free:
            continue
        # insert, latest exit first
        p = blocking
        while p > 0 and exits[p - 1] < exit_j:
            exits[p], gaps[p], seen[p] = exits[p - 1], gaps[p - 1], seen[p - 1]
            p -= 1
        exits[p], gaps[p], seen[p] = exit_j, headway, j
        blocking += 1
    if blocking == 0:
        return s.dt_s
    passes = min(int(s.pass_credit), blocking)
    leave = free
    for p in range(passes, blocking):
        leave = max(leave, exits[p] + gaps[p])
    passed = 0
    for p in range(blocking):
        if exits[p] > leave:
            passed += 1
    s.pass_credit -= passed
    if leave > free:
        s.queued_s += leave - free
        v = length / (leave - t)
        s.effort_m_s = effort_when_held(m, r, s, row, v, t, weather)
        s.v_m_s = v
        s.avg_next_m_s = math.nan
        s.dt_s = leave - t
    return s.dt_s
