"""Every figure a run writes has its texts inside the figure and over no other text (tests/label_check.py).

The figures are checked as the real writers make them: ``sim.outputs.plots.save_png`` (which every
``plot_*`` writer uses) is wrapped to run the label check on each figure before it is saved.
"""
import pytest

import sim.outputs.plots as plots
from conftest import SMALL, compose_config
from label_check import label_problems
from sim.commands.run import run

ATLANTA = ["sim.animation=false", "sim.print_summary=false"]
COMRADES = ["scenario=comrades_down", "field.size=1500", "sim.print_summary=false", "sim.animation=false"]
REPLICATES = [*SMALL[:-1], "replicates=6", "sim.workers=1", "sim.print_summary=false", "focal=[Runner 003]"]


@pytest.fixture
def checked(monkeypatch):
    """The label problems of every figure saved during the test, by file name."""
    found = {}
    save = plots.save_png

    def checking_save(fig, path):
        found[str(path).rsplit("/", 1)[-1]] = label_problems(fig)
        return save(fig, path)
    monkeypatch.setattr(plots, "save_png", checking_save)
    return found


@pytest.mark.parametrize("overrides,figures", [
    (ATLANTA, {"race.png", "course.png"}),
    (COMRADES, {"finish_hist.png", "race.png"}),
    (REPLICATES, {"replicates.png"}),
], ids=["atlanta", "comrades", "replicates"])
def test_labels_fit_in_every_figure(tmp_path, checked, overrides, figures):
    run(compose_config(*overrides), tmp_path)
    assert figures <= set(checked), sorted(checked)
    assert {name: p for name, p in checked.items() if p} == {}


def test_the_check_sees_overlapping_and_clipped_texts():
    fig = plots.plt.figure(figsize=(4, 3))
    fig.text(0.5, 0.5, "Bronze")
    fig.text(0.5, 0.5, "Vic Clapham")
    fig.text(0.98, 0.1, "cut off at the right edge")
    problems = label_problems(fig)
    plots.plt.close(fig)
    assert len(problems) == 2, problems
