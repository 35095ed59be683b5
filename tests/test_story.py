"""sim/story.py: the race story is written with every run and is read off the run's own log and splits."""
import re

import numpy as np
import pytest

from conftest import SMALL, compose_config
from sim.output import halfway_pack, write_outputs
from sim.race import RaceSetup
from sim.story import gap_text, key_moves, ordinal, race_story

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


def test_atlanta_story_tells_the_front_runner_the_halfway_pack_and_a_surge():
    cfg = compose_config()
    result = RaceSetup(cfg).run(np.random.default_rng(cfg.seed), cfg.seed)
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
