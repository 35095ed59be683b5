"""The installed command: a non-editable install runs the default scenario from an empty folder outside the checkout."""
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "sim").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)


def test_non_editable_install_runs_from_an_empty_folder(tmp_path):
    wheels, target, empty = tmp_path / "wheels", tmp_path / "site", tmp_path / "empty"
    empty.mkdir()
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)], check=True, capture_output=True,
                   timeout=600)
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), *map(str, wheels.glob("*.whl"))],
                   check=True, capture_output=True, timeout=600)
    assert (target / "sim" / "conf" / "scenario" / "atlanta_2020_men.yaml").is_file()
    assert (target / "sim" / "scenarios" / "atlanta_2020" / "course_profile.csv").is_file()
    out = empty / "run"
    proc = subprocess.run([sys.executable, "-m", "sim", "field.size=30", "sim.plots=false", f"hydra.run.dir={out}"],
                          capture_output=True, text=True, cwd=empty, timeout=300,
                          env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert (out / "results.csv").is_file() and "Top 10:" in proc.stdout
    assert Path(proc.stdout.split("Outputs: ")[-1].strip()) == out
    # the console script's target, from the installed copy: its help lists the shipped scenarios
    script = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["packsim"]
    module, function = script.split(":")
    proc = subprocess.run([sys.executable, "-c", f"import sys; from {module} import {function}; {function}()",
                           "--help"], capture_output=True, text=True, cwd=empty, timeout=300,
                          env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0 and "atlanta_2020_men" in proc.stdout and "comrades_down" in proc.stdout, proc.stderr
