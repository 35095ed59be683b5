"""Run the tutorial's commands at full size and copy the figures it shows into docs/img/.

    python docs/make_figures.py            # about 5 minutes on 2 cores
    python docs/make_figures.py --keep DIR # run in DIR (new or empty) and keep the outputs there

The commands are read from docs/tutorial.md: every fenced block whose info string is ``bash tutorial``
is a list of commands, run in order in one temporary folder (``tests/test_tutorial.py`` runs the same
commands with small sizes). The figures copied are the ones the tutorial links as ``img/<name>.png``,
taken from the run folder named in ``FIGURES``.
"""
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
TUTORIAL = DOCS / "tutorial.md"
BLOCK = re.compile(r"^```bash tutorial\n(.*?)^```", re.S | re.M)
# docs/img/<name> <- <file in the tutorial's temporary folder>
FIGURES = {
    "sweep.png": "sweep/sweep.png",
    "compare.png": "compare/compare.png",
    "race.png": "race/race.png",
    "course.png": "race/course.png",
}


def tutorial_commands(path=TUTORIAL):
    """The commands of the tutorial's ``bash tutorial`` blocks, in order (comments and blank lines dropped)."""
    commands = []
    for block in BLOCK.findall(Path(path).read_text(encoding="utf-8")):
        for line in block.splitlines():
            line = line.split(" #")[0].strip() if not line.lstrip().startswith("#") else ""
            if line:
                commands.append(line)
    return commands


def with_overrides(command, overrides):
    """``command`` with each ``key=value`` of ``overrides`` replacing the token of the same key, or appended."""
    tokens = shlex.split(command)
    for item in overrides:
        key = item.split("=", 1)[0]
        at = [n for n, t in enumerate(tokens) if t.split("=", 1)[0] == key]
        if at:
            tokens[at[0]] = item
        else:
            tokens.append(item)
    return shlex.join(tokens)


def run_all(folder, commands, python=sys.executable):
    """Run ``commands`` in ``folder`` with bash, ``python`` standing for this interpreter; stop at a failure."""
    for command in commands:
        line = re.sub(r"^python\b", shlex.quote(python), command)
        done = subprocess.run(["bash", "-c", line], cwd=folder, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{command}: exit {done.returncode}\n{done.stderr[-2000:]}")
        yield command, done


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--keep"] and len(argv) == 2:
        Path(argv[1]).mkdir(parents=True, exist_ok=True)
        make(argv[1])
    elif not argv:
        with tempfile.TemporaryDirectory() as tmp:
            make(tmp)
    else:
        sys.exit("usage: python docs/make_figures.py [--keep DIR]")


def make(tmp):
    """Run the tutorial in ``tmp`` at full size and copy its figures into docs/img/."""
    for command, done in run_all(tmp, tutorial_commands()):
        print(f"$ {command}\n{done.stdout}", flush=True)
    (DOCS / "img").mkdir(exist_ok=True)
    for name, source in FIGURES.items():
        shutil.copyfile(Path(tmp) / source, DOCS / "img" / name)
        print(f"docs/img/{name} <- {source}")


if __name__ == "__main__":
    main()
