"""sim/outputs/story.py: the race story is written with every run and is read off the run's own log and splits."""
import re
from dataclasses import replace

import numpy as np
import pytest
from conftest import SMALL, compose_config

from sim.engine.race import RaceSetup
from sim.outputs.analysis import halfway_pack
from sim.outputs.story import gap_text, key_moves, ordinal, race_story
from sim.outputs.tables import write_outputs
from sim.records import hms

CLOCK = re.compile(r"\b(\d+):(\d\d):(\d\d)\b")


@pytest.fixture(scope="module")
def small():
    cfg = compose_config(*SMALL, "focal=[Ann Lead]")
    return cfg, RaceSetup(cfg).run(np.random.default_rng(cfg.seed), cfg.seed)


def test_story_is_written_with_the_run(small, tmp_path):
    cfg, result = small
    write_outputs(result, cfg, tmp_path, plots=False)
    text = (tmp_path / "story.md").read_text()
    assert text == race_story(result, cfg) and text.strip()
    assert not (tmp_path / ".partial").exists()


def test_story_names_the_winner_and_the_top_3(small):
    cfg, result = small
    text = race_story(result, cfg)
    top3 = [r.runner for r in result.results[:3]]
    assert all(r.status == "finished" for r in result.results[:3])
    assert top3[0] in text.split("## The decisive move")[1].split("## The finish")[0]
    finish = text.split("## The finish")[1]
    for place, name in enumerate(top3, start=1):
        assert f"{place}. {name} in " in finish
    assert "Ann Lead" in finish


def test_every_quoted_time_is_a_time_of_this_run(small):
    cfg, result = small
    text = race_story(result, cfg)
    times = np.concatenate([result.split_times_s[np.isfinite(result.split_times_s)],
                            [e.t_s for e in result.events]])
    quoted = [int(h) * 3600 + int(m) * 60 + int(s) for h, m, s in CLOCK.findall(text)]
    assert quoted
    for q in quoted:
        # each quoted clock is one of the run's split or event times, rounded to the second
        assert np.min(np.abs(times - q)) <= 0.5 + 1e-9, q


def test_gap_and_ordinal_wording():
    assert [gap_text(g) for g in (0.34, 12.4, 65.0, np.inf)] == ["0.3 s", "12 s", "1 min 05 s", "- (nobody else there)"]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"]


@pytest.fixture(scope="module")
def atlanta():
    """The default scenario and seed (about 2 s)."""
    cfg = compose_config()
    return cfg, RaceSetup(cfg).run(np.random.default_rng(cfg.seed), cfg.seed)


def test_atlanta_story_tells_the_front_runner_the_halfway_pack_and_a_surge(atlanta):
    cfg, result = atlanta
    text = race_story(result, cfg)
    size, t_half, _ = halfway_pack(result)
    assert "Brian Shrader led alone from" in text
    assert f"The main pack at halfway (the front-most of at least 10, as in summary.json): {size} runners" in text
    assert re.search(r"Galen Rupp surged \(\+4% for 1609 m\)", text)
    assert "caught Brian Shrader" in text
    moves = key_moves(result, cfg)
    labels = [label for _, label in moves]
    assert [x for x, _ in moves] == sorted(x for x, _ in moves)
    assert "Brian Shrader alone in front" in labels and "Galen Rupp surges" in labels
    surge_m = [e.distance_m for e in result.events if e.event == "surge"]
    assert all(x in surge_m for x, label in moves if label.endswith("surges"))


def _section(text, title):
    return text.split(f"## {title}\n")[1].split("\n## ")[0]


def _named(text):
    """Names from 'A, B and C' (a trailing 'and N others' is dropped)."""
    text = re.sub(r" and \d+ others$", "", text)
    return [n.strip() for part in text.split(" and ") for n in part.split(",") if n.strip()]


def _front_group(result, members, c, gap_s):
    """By hand: the members in the chain of runners (each within gap_s of the next) at the front-most member."""
    t = result.split_times_s[:, c]
    order = [i for i in np.argsort(t) if np.isfinite(t[i])]
    front = min((i for i in members if np.isfinite(t[i])), key=lambda i: t[i])
    k = order.index(front)
    lo = k
    while lo > 0 and t[order[lo]] - t[order[lo - 1]] <= gap_s:
        lo -= 1
    hi = k
    while hi + 1 < len(order) and t[order[hi + 1]] - t[order[hi]] <= gap_s:
        hi += 1
    return front, {i for i in order[lo:hi + 1] if i in members}


BROKE = re.compile(r"The pack broke (?:only in the sprint for the line, at|at) ([\d.]+) km \((\d+:\d\d:\d\d)\): just "
                   r"(\d+) of the (\d+) were still together, down from (\d+) at ([\d.]+) km; (.+?) (?:was|were) dropped\. "
                   r"(?:The surge that did it: .+?\. )?(?:The pace did not rise: )?(.+?), at the front, (?:pushed the pace: |ran )"
                   r"([\d.]+)-([\d.]+) km in (\d+):(\d\d)/km \((\d+):(\d\d)/km grade-adjusted")


def test_atlanta_story_tells_how_the_halfway_pack_broke(atlanta):
    """Who broke the halfway pack, where, who was dropped, the pace: every figure read back off the splits."""
    cfg, result = atlanta
    text = race_story(result, cfg)
    section = _section(text, "How the halfway pack broke")
    names = [s.name for s in result.runners]
    size, _, members = halfway_pack(result)
    pack = {names.index(n) for n in members}
    m = BROKE.search(section)
    assert m, section
    x_km, clock, n_left, n_pack, n_before, x0_km, dropped, front_name, a_km, b_km, pm, ps, gm, gs = m.groups()
    assert int(n_pack) == size
    cps = result.course.checkpoint_m
    c = int(np.argmin(np.abs(cps - float(x_km) * 1000)))
    half = int(np.argmin(np.abs(cps - result.course.distance_m / 2)))
    front, group = _front_group(result, pack, c, cfg.drafting.join_gap_s)
    t = result.split_times_s
    assert hms(t[front, c]) == clock and names[front] == front_name
    assert len(group) == int(n_left) and 2 * len(group) <= size
    # the first checkpoint after halfway with at most half of the pack together
    for k in range(half + 1, c):
        assert 2 * len(_front_group(result, pack, k, cfg.drafting.join_gap_s)[1]) > size
    _, before = _front_group(result, pack, c - 1, cfg.drafting.join_gap_s)
    assert len(before) == int(n_before) and abs(cps[c - 1] / 1000 - float(x0_km)) < 0.05
    for name in _named(dropped):
        i = names.index(name)
        assert i in before and i not in group and t[i, c] > t[front, c], name
    pace = (t[front, c] - t[front, c - 1]) / (cps[c] - cps[c - 1]) * 1000
    assert abs(int(pm) * 60 + int(ps) - pace) <= 0.5 + 1e-9
    assert (float(a_km), float(b_km)) == (round(cps[c - 1] / 1000, 1), round(cps[c] / 1000, 1))
    surged = [e for e in result.events if e.event == "surge" and names.index(e.runner) in pack
              and e.distance_m > cps[half]]
    assert ("Nobody in the halfway pack surged after halfway" in section) == (not surged)
    assert (cps[c], "halfway pack breaks") in key_moves(result, cfg)


def test_the_story_says_when_the_halfway_pack_lost_its_first_runners(atlanta):
    cfg, result = atlanta
    section = _section(race_story(result, cfg), "How the halfway pack broke")
    names = [s.name for s in result.runners]
    _, _, members = halfway_pack(result)
    pack = {names.index(n) for n in members}
    m = re.search(r"stayed together to ([\d.]+) km \((\d+:\d\d:\d\d)\)\. It lost its first runners at ([\d.]+) km "
                  r"\((\d+:\d\d:\d\d)\), (\d+) staying together; (.+?) (?:was|were) dropped\.", section)
    at_once = re.search(r"The halfway pack of \d+ lost its first runners at ([\d.]+) km \((\d+:\d\d:\d\d)\), the first "
                        r"checkpoint after halfway, (\d+) staying together; (.+?) (?:was|were) dropped\.", section)
    if m is None and at_once:   # its first losses at the first checkpoint after halfway: held from halfway itself
        c_half = int(np.argmin(np.abs(result.course.checkpoint_m - result.course.distance_m / 2)))
        held_km, held_clock = f"{result.course.checkpoint_m[c_half] / 1000:.1f}", None
        lost_km, lost_clock, n_left, dropped = at_once.groups()
    elif m is None:   # the pack came apart in one step: the story says so, from whole to the few left
        broke = re.search(r"The pack broke at ([\d.]+) km \((\d+:\d\d:\d\d)\): just (\d+) of the (\d+) were still "
                          r"together, down from (\d+) at ([\d.]+) km", section)
        assert broke, section
        assert int(broke[5]) == int(broke[4]) == len(pack) > int(broke[3])
        return
    else:
        held_km, held_clock, lost_km, lost_clock, n_left, dropped = m.groups()
    cps, t, gap = result.course.checkpoint_m, result.split_times_s, cfg.drafting.join_gap_s
    c = int(np.argmin(np.abs(cps - float(lost_km) * 1000)))
    assert abs(cps[c - 1] / 1000 - float(held_km)) < 0.05
    front0, whole = _front_group(result, pack, c - 1, gap)
    front, group = _front_group(result, pack, c, gap)
    assert whole == pack and held_clock in (None, hms(t[front0, c - 1])) and hms(t[front, c]) == lost_clock
    assert len(group) == int(n_left) and {names[i] for i in pack - group} >= set(_named(dropped))


def test_a_surge_in_the_pack_is_named_as_the_surge_that_broke_it():
    """Bob Sit surges hard from inside the halfway pack of the small race: the story names that surge event."""
    # without tuck-in: this scenario was built on it (with it, Bob Sit is already in the halfway pack on seed
    # 2020 but surges before the checkpoint that precedes the pack's first losses, so no surge is named)
    cfg = compose_config(*SMALL, "tactics.surge.surge_at_m=[1600]", "tactics.surge.surge_lift=0.15",
                         "tactics.surge.surge_length_m=600", "drafting.tuck_in_when_caught=false")
    cfg = replace(cfg, field=replace(cfg.field, tactic_of={"Bob Sit": "surge"}))
    setup = RaceSetup(cfg)
    # the first seed on which Bob Sit is in the halfway pack when he surges
    result = next(r for r in (setup.run(np.random.default_rng(s), s) for s in range(cfg.seed, cfg.seed + 10))
                  if "Bob Sit" in halfway_pack(r)[2])
    section = _section(race_story(result, cfg), "How the halfway pack broke")
    surges = [e for e in result.events if e.event == "surge" and e.runner == "Bob Sit"]
    assert surges
    m = re.search(r"The surge that did it: Bob Sit's \((.+?)\) at ([\d.]+) km \((\d+:\d\d:\d\d)\)\.", section)
    assert m, section
    assert any(e.detail == m[1] and f"{e.distance_m / 1000:.1f}" == m[2] and hms(e.t_s) == m[3] for e in surges)
    assert "Nobody in the halfway pack surged" not in section


def test_every_story_has_the_halfway_pack_section(small):
    cfg, result = small
    section = _section(race_story(result, cfg), "How the halfway pack broke")
    assert f"The halfway pack of {halfway_pack(result)[0]}" in section


def test_the_story_follows_the_focal_runners(small):
    """Ann Lead (focal): her place and time at halfway and at the finish, as in the splits and results."""
    cfg, result = small
    focal = _section(race_story(result, cfg), "The focal runners")
    names = [s.name for s in result.runners]
    i = names.index("Ann Lead")
    half = int(np.argmin(np.abs(result.course.checkpoint_m - result.course.distance_m / 2)))
    t = result.split_times_s[:, half]
    place = int(np.sum(t[np.isfinite(t)] < t[i])) + 1
    at_half = f"led at halfway ({hms(t[i])})" if place == 1 else f"was {ordinal(place)} at halfway ({hms(t[i])})"
    r = next(r for r in result.results if r.runner == "Ann Lead")
    assert focal.startswith(f"\nAnn Lead ({r.tactic}) {at_half}")
    assert f"Finished {ordinal(r.place)} of {len(result.results)} in {hms(r.t_finish_s)}" in focal


def test_no_focal_runners_no_focal_section(small):
    cfg, result = small
    assert "## The focal runners" not in race_story(result, replace(cfg, focal=[]))
