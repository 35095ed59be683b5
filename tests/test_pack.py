"""sim/engine/pack.py: the crossing board (who is ahead) and pack labels after the race."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_array_equal

from sim.engine.pack import Board, chains, label_packs

BOUNDARIES_M = [0.0, 100.0, 200.0, 300.0]


def board_with(crossings, n=6):
    """A board where each (runner, boundary, time, speed) crossing has happened, in time order."""
    board = Board(n, BOUNDARIES_M)
    for i, k, t_s, v in sorted(crossings, key=lambda c: c[2]):
        board.cross(i, k, t_s)
        board.v_m_s[i] = v
    return board


# Board.nearest_ahead


def test_nobody_ahead():
    assert board_with([]).nearest_ahead(1, 10.0, 0, 12.0) is None


def test_earlier_crossing_is_ahead():
    # runner 0 crossed 100 m at t=10 s at 5 m/s; at t=12 s it is 10 m ahead of runner 1 arriving there
    board = board_with([(0, 1, 10.0, 5.0)])
    assert board.nearest_ahead(1, 12.0, 1, 12.0) == (0, 10.0, 0, 5.0)


def test_same_crossing_time_is_abreast_not_ahead():
    board = board_with([(0, 1, 12.0, 5.0)])
    assert board.nearest_ahead(1, 12.0, 1, 12.0) is None


def test_later_crossing_is_not_ahead():
    board = board_with([(0, 1, 13.0, 5.0)])
    assert board.nearest_ahead(1, 12.0, 1, 12.0) is None


def test_runner_does_not_follow_itself():
    board = board_with([(1, 1, 10.0, 5.0)])
    assert board.nearest_ahead(1, 12.0, 1, 12.0) is None


def test_finished_runner_is_ignored():
    board = board_with([(0, 1, 9.0, 5.0), (2, 1, 11.0, 5.0)])
    board.running[2] = False
    # runner 2 (5 m ahead) has stopped: runner 0, 15 m ahead, is the nearest
    assert board.nearest_ahead(1, 12.0, 1, 20.0) == (0, 15.0, 0, 5.0)


def test_gap_from_last_position_speed_and_elapsed_time():
    # runner 0 crossed 100 m at t=10, then 200 m at t=30 and runs on at 4 m/s;
    # at t=32.5 it is at 200 + 4 x 2.5 = 210 m, 110 m ahead of runner 1 arriving at 100 m
    board = board_with([(0, 1, 10.0, 5.0), (0, 2, 30.0, 4.0)])
    assert board.nearest_ahead(1, 32.5, 1, 12.0) == (0, 110.0, 0, 4.0)


def test_pacer_is_the_fastest_within_range():
    # at t=12 s, arriving at 100 m:  runner 0 (crossed t=10, 6.5 m/s) is 13 m ahead,
    # runner 2 (t=11, 6.0 m/s) 6 m ahead, runner 3 (t=8, 7.0 m/s) 28 m ahead, out of range
    board = board_with([(3, 1, 8.0, 7.0), (0, 1, 10.0, 6.5), (2, 1, 11.0, 6.0)])
    assert board.nearest_ahead(1, 12.0, 1, 15.0) == (2, 6.0, 0, 6.5)
    # with a 5 m range nobody is in range: the nearest paces
    assert board.nearest_ahead(1, 12.0, 1, 5.0) == (2, 6.0, 2, 6.0)
    # with a 30 m range the 7 m/s runner is the pacer
    assert board.nearest_ahead(1, 12.0, 1, 30.0) == (2, 6.0, 3, 7.0)


# chains


def test_chains_split_at_gaps_and_skip_nan():
    times = np.array([5.0, 0.0, np.nan, 1.0, 2.0, 5.5, 10.0])
    groups = chains(times, 2.0)
    assert [g.tolist() for g in groups] == [[1, 3, 4], [0, 5], [6]]


def test_chains_gap_equal_to_threshold_stays_together():
    assert [g.tolist() for g in chains(np.array([0.0, 2.0, 4.0, 6.5]), 2.0)] == [[0, 1, 2], [3]]


def test_chains_all_nan():
    assert chains(np.array([np.nan, np.nan]), 2.0) == []


# label_packs


def test_small_groups_get_id_0():
    times = np.array([[0.0], [1.0], [10.0], [11.0], [12.0], [np.nan]])
    pack_id, pack_size = label_packs(times, 2.0, 3)
    assert_array_equal(pack_id[:, 0], [0, 0, 1, 1, 1, 0])
    assert_array_equal(pack_size[:, 0], [2, 2, 3, 3, 3, 1])


def test_id_persists_and_a_split_gets_a_new_id():
    # checkpoint 0: runners 0-5 in one pack, runner 6 alone far behind
    # checkpoint 1: 0-3 stay together (keep the id), 4-5 drop back and runner 6 catches them (new id)
    # checkpoint 2: both packs unchanged
    times = np.array([
        [0.0, 100.0, 200.0],
        [0.5, 100.5, 200.5],
        [1.0, 101.0, 201.0],
        [1.5, 101.5, 201.5],
        [2.0, 110.0, 220.0],
        [2.5, 110.5, 220.5],
        [30.0, 111.0, 221.0],
    ])
    pack_id, pack_size = label_packs(times, 2.0, 3)
    assert_array_equal(pack_id, [[1, 1, 1]] * 4 + [[1, 2, 2]] * 2 + [[0, 2, 2]])
    assert_array_equal(pack_size[:, 1], [4, 4, 4, 4, 3, 3, 3])


def test_split_off_a_claimed_pack_is_new_even_with_a_minority_from_another():
    # checkpoint 0: pack 1 = runners 0-5, pack 2 = runners 6-8
    # checkpoint 1: 0-3 stay together (pack 1); 4, 5 drop back and meet runner 6, while 7, 8 are a pair.
    # Most of {4, 5, 6} carried id 1, already claimed by the larger group: per the docstring that is a
    # split and gets a new id (3), not pack 2's id, which only one of its three members carried.
    times = np.array([
        [0.0, 100.0],
        [0.5, 100.5],
        [1.0, 101.0],
        [1.5, 101.5],
        [2.0, 110.0],
        [2.5, 110.5],
        [20.0, 111.0],
        [20.5, 130.0],
        [21.0, 130.5],
    ])
    pack_id, _ = label_packs(times, 2.0, 3)
    assert_array_equal(pack_id[:, 0], [1] * 6 + [2] * 3)
    assert_array_equal(pack_id[:, 1], [1, 1, 1, 1, 3, 3, 3, 0, 0])


split_times = st.integers(1, 12).flatmap(lambda n: st.integers(1, 5).flatmap(lambda m: arrays(
    float, (n, m), elements=st.one_of(st.just(np.nan), st.floats(0.0, 30.0, allow_nan=False)))))


@settings(max_examples=150, deadline=None)
@given(times=split_times, gap_s=st.floats(0.1, 5.0), min_size=st.integers(2, 4))
def test_pack_labels_partition_each_checkpoint(times, gap_s, min_size):
    pack_id, pack_size = label_packs(times, gap_s, min_size)
    assert pack_id.shape == pack_size.shape == times.shape
    for c in range(times.shape[1]):
        ids = pack_id[:, c]
        assert np.all(ids[np.isnan(times[:, c])] == 0)
        for g in chains(times[:, c], gap_s):
            if len(g) >= min_size:
                # one id for the whole group, and nobody outside the group carries it
                assert len(set(ids[g])) == 1 and ids[g[0]] > 0
                assert np.count_nonzero(ids == ids[g[0]]) == len(g)
            else:
                assert np.all(ids[g] == 0)
        for i in np.flatnonzero(ids):
            assert pack_size[i, c] == np.count_nonzero(ids == ids[i])


def test_pack_events_report_formation_and_split_but_not_single_drops():
    from sim.engine.pack import label_packs, pack_events
    # checkpoint 0: six runners together; checkpoint 1: they split 3 + 3; runner 6 alone throughout
    t = np.array([[0.0, 100.0], [0.5, 100.5], [1.0, 101.0], [1.5, 120.0], [2.0, 120.5], [2.5, 121.0],
                  [50.0, 200.0]])
    ids, _ = label_packs(t, 2.0, 3)
    names = [f"r{i}" for i in range(7)]
    ev = pack_events(t, ids, np.array([1000.0, 2000.0]), names)
    kinds = [(e[2], e[1]) for e in ev]
    assert ("pack_formed", 1000.0) in kinds and ("pack_split", 2000.0) in kinds
    split = next(e for e in ev if e[2] == "pack_split")
    assert split[3] == "r0" and "6 -> 3" in split[4]
    # one runner falling off the back of a pack of four is a drop, not a split
    t2 = np.array([[0.0, 100.0], [0.5, 100.5], [1.0, 101.0], [1.5, 130.0]])
    ids2, _ = label_packs(t2, 2.0, 3)
    assert not [e for e in pack_events(t2, ids2, np.array([1000.0, 2000.0]), names) if e[2] == "pack_split"]


def test_overtook_compares_the_crossings_of_the_boundary_before():
    from sim.engine.pack import Board, board_overtook
    b = Board(3, [0.0, 100.0, 200.0])
    b.cross(0, 0, 0.0)
    b.cross(2, 0, 1.0)      # 2 crosses the start after 0 ...
    b.cross(2, 1, 18.0)     # ... and the next boundary before it: 2 has overtaken 0
    b.cross(0, 1, 19.0)
    assert board_overtook(b.state, 100.0, 2, b.state[0]["t_before_s"])
    b.cross(1, 0, -1.0)
    b.cross(1, 1, 17.0)     # 1 was ahead all along
    assert not board_overtook(b.state, 100.0, 1, b.state[0]["t_before_s"])
    assert not board_overtook(b.state, 200.0, 2, b.state[0]["t_before_s"])   # not last seen there
