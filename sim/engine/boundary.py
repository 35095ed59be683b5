"""One runner at one boundary of the per-runner engine, compiled: the crossing board and the kernel's model.

:func:`arrive` is all the per-runner SimPy process (:mod:`sim.engine.runner`) asks at a boundary: the
physiology of the segment just run (:func:`sim.model.kernel.spend`), the crossing of the board and
the checkpoint split, finishing or abandoning, who is ahead (:func:`sim.engine.pack.board_nearest_ahead`),
and the decision for the next segment (:func:`sim.model.kernel.decide`). It is one compiled call so
that a boundary costs one crossing from Python into compiled code (about a microsecond), not one per
formula.
"""
from sim.engine.pack import board_cross, board_nearest_ahead, board_overtook
from sim.model.compiled import kernel
from sim.model.layout import SEG_CHECKPOINT, SEG_X
from sim.model.kernel import (
    CLOSED_GAP,
    DROPPED,
    FOLLOWS,
    IN_CONTACT,
    SURGE_STARTS,
    WENT_WITH,
    abandons,
    decide,
    spend,
)

# arrive() reports these beside decide()'s flags (sim.model.kernel); spend()'s flags come shifted by SPEND_SHIFT
FINISHES, ABANDONS = 1 << 12, 1 << 13
SPEND_SHIFT = 8
REPORTED = SURGE_STARTS | CLOSED_GAP | WENT_WITH | DROPPED   # the decision flags that go to the event log


@kernel
def arrive(model, runners, state, seg, weather, log, i, k, t):
    """Runner ``i`` reaches boundary ``k`` at ``t``; returns (seconds to the next boundary, flags, runner ahead).

    The seconds are negative when the runner finishes or abandons here. Flags: the kernel's
    decision flags that go to the event log (``REPORTED``), ``FINISHES``/``ABANDONS``, and ``spend()``'s
    flags shifted by ``SPEND_SHIFT``.
    """
    m, r, s = model[0], runners[i], state[i]
    n = seg.shape[0]
    flags = 0
    if k > 0:
        flags |= spend(m, r, s, seg[k - 1], True, k < n) << SPEND_SHIFT
    if k == n:
        board_cross(log, state, m.distance_m, i, k, t)
        s.running = False
        s.v_m_s = 0.0
        return -1.0, flags | FINISHES, -1
    row = seg[k]
    x = row[SEG_X]
    board_cross(log, state, x, i, k, t)
    if row[SEG_CHECKPOINT] > 0.0 and abandons(m, r, t, x):
        s.running = False
        return -1.0, flags | ABANDONS, -1
    dt, decided, j = choose(model, runners, state, seg, weather, log, i, k, t)
    return dt, flags | decided, j


@kernel
def choose(model, runners, state, seg, weather, log, i, k, t):
    """Runner ``i``, on the board at boundary ``k`` at ``t``, decides the next segment: who is ahead
    (:func:`~sim.engine.pack.board_nearest_ahead`) and :func:`~sim.model.kernel.decide`.

    Returns (seconds to the next boundary, the decision flags that go to the log, runner ahead).
    """
    m, r, s = model[0], runners[i], state[i]
    x = seg[k, SEG_X]
    j, gap, pacer, v_pack = board_nearest_ahead(log, state, x, k, t, i, m.draft_range_m)
    ahead = j >= 0
    v_ahead = state[j].v_m_s if ahead else 0.0
    same_group = ahead and state[pacer].group == s.group
    # the pacer crossed the previous boundary after this runner: its group has just caught this runner
    # (a front-runner, who follows nobody, is no group to tuck in behind: the pack lets him go)
    caught_by = ahead and k > 0 and runners[pacer].follows and board_overtook(state, x, pacer, s.t_before_s)
    dt, decided = decide(m, r, s, seg[k], t, weather, ahead, gap, v_ahead, v_pack, s.contact, same_group, caught_by)
    s.contact = (decided & IN_CONTACT) != 0
    if decided & FOLLOWS:
        s.group = state[pacer].group
    return dt, decided & REPORTED, j
