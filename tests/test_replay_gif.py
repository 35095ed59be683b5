"""replay.gif: an animated GIF of the race, deterministic, positions interpolated between split times, labels apart."""
import numpy as np
import pytest
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


def test_no_frame_has_a_label_over_another_or_outside_the_figure():
    """The leader's label and the focal runners' stay off each other and the clock in every frame."""
    import matplotlib.pyplot as plt
    from label_check import label_problems

    from sim.outputs.animation import replay_figure
    result = run_race(*SMALL, "seed=3")
    fig, draw_frame, n_frames = replay_figure(result, focal=["Ann Lead", "Bob Sit", "Cy Even", "Dee Half"])
    problems = {k: p for k in range(n_frames) if (p := label_problems(fig, draw=lambda: draw_frame(k)))}
    plt.close(fig)
    assert not problems, problems


@pytest.mark.slow
def test_atlanta_frames_keep_the_leader_label_off_the_focal_labels():
    import matplotlib.pyplot as plt
    from label_check import label_problems

    from sim.outputs.animation import replay_figure
    result = run_race("scenario=atlanta_2020_men", "sim.animation=false")
    fig, draw_frame, n_frames = replay_figure(result, focal=["Galen Rupp", "Brian Shrader", "Jim Walmsley"])
    problems = {k: p for k in range(n_frames) if (p := label_problems(fig, draw=lambda: draw_frame(k)))}
    plt.close(fig)
    assert not problems, problems
