"""replay.gif: an animated GIF of the race, deterministic, and positions interpolated between split times."""
import numpy as np
from conftest import SMALL, run_race
from PIL import Image

from sim.outputs.animation import frame_times_s, positions_m, write_replay_gif


def test_gif_is_an_animation_and_the_same_bytes_twice(tmp_path):
    result = run_race(*SMALL, "seed=3")
    first = write_replay_gif(result, tmp_path / "a.gif", focal=["Ann Lead"])
    again = write_replay_gif(result, tmp_path / "b.gif", focal=["Ann Lead"])
    with Image.open(first) as gif:
        assert gif.format == "GIF" and gif.n_frames > 5 and gif.is_animated
        assert gif.n_frames == len(frame_times_s(result))
    assert first.read_bytes() == again.read_bytes()


def test_positions_pass_through_the_splits_and_are_linear_between():
    result = run_race(*SMALL, "seed=3")
    t = result.split_times_s
    i = int(np.nanargmin(t[:, -1]))          # the winner reached every checkpoint
    cp = result.course.checkpoint_m
    assert np.allclose(positions_m(result, t[i])[:, i], cp)
    mid = 0.5 * (t[i, 0] + t[i, 1])
    assert np.isclose(positions_m(result, [mid])[0, i], 0.5 * (cp[0] + cp[1]))
    assert positions_m(result, [t[i, -1] + 600.0])[0, i] == cp[-1]   # a finisher stays on the line
