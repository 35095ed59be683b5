"""docs/tutorial.md runs as written (with small sizes), so it cannot go stale.

Every fenced block of the tutorial marked ``bash tutorial`` is a list of commands
(``docs/make_figures.py:tutorial_commands``). They run in order in one empty temporary folder, each
with the small overrides of ``SMALL`` for its command (a ``key=value`` replaces the token of the same
key, or is appended: ``docs/make_figures.py:with_overrides``; the table is repeated at the end of the
tutorial). Each must exit with 0, and every file named in the ``<!-- writes: ... -->`` comment after a
block must then exist.
"""
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"


def load_make_figures():
    spec = importlib.util.spec_from_file_location("make_figures", ROOT / "docs" / "make_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_figures = load_make_figures()

# command -> (overrides always applied, overrides applied only where the command sets that key)
SMALL = {
    "python -m sim.compare": (["field.size=30", "replicates=3", "workers=1"], []),
    "python -m sim.collect": ([], []),
    "python -m sim": (["field.size=30"], ["replicates=2"]),
}


def small(command):
    """The command with its small overrides (the longest matching command prefix in SMALL)."""
    program = max((p for p in SMALL if command == p or command.startswith(p + " ")), key=len)
    always, if_set = SMALL[program]
    keys = {t.split("=", 1)[0] for t in command.split()}
    return make_figures.with_overrides(command, always + [o for o in if_set if o.split("=", 1)[0] in keys])


def written_files(text):
    """Files the tutorial says its commands write: the ``<!-- writes: ... -->`` comment lines."""
    return [f for block in re.findall(r"^<!-- writes: (.*?) -->$", text, re.M) for f in block.split()]


def test_small_overrides_replace_or_append():
    assert small("python -m sim -m a=1,2 replicates=20 hydra.sweep.dir=sweep") == \
        "python -m sim -m a=1,2 replicates=2 hydra.sweep.dir=sweep field.size=30"
    assert small("python -m sim hydra.run.dir=race") == "python -m sim hydra.run.dir=race field.size=30"
    assert small('python -m sim.compare focal="Jim Walmsley" replicates=50') == \
        "python -m sim.compare 'focal=Jim Walmsley' replicates=3 field.size=30 workers=1"
    assert small("python -m sim.collect sweep") == "python -m sim.collect sweep"


def test_the_tutorial_has_its_three_stories_and_says_what_they_write():
    commands = make_figures.tutorial_commands(TUTORIAL)
    assert [c.split()[2] for c in commands] == ["sim", "sim.collect", "sim.compare", "sim"]
    files = written_files(TUTORIAL.read_text(encoding="utf-8"))
    assert {"sweep/sweep.png", "compare/compare.png", "race/story.md", "race/race.png", "race/replay.html"} <= set(files)
    # the figures it shows are the ones make_figures.py copies
    shown = set(re.findall(r"\]\(img/([\w.]+)\)", TUTORIAL.read_text(encoding="utf-8")))
    assert shown == set(make_figures.FIGURES)


def test_the_tutorial_commands_run(tmp_path):
    commands = [small(c) for c in make_figures.tutorial_commands(TUTORIAL)]
    for command, done in make_figures.run_all(tmp_path, commands, python=sys.executable):
        assert done.returncode == 0, command
    missing = [f for f in written_files(TUTORIAL.read_text(encoding="utf-8")) if not (tmp_path / f).exists()]
    assert not missing, f"the tutorial says its commands write {missing}, which they did not"
