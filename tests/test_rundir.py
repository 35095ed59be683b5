"""A user's folders survive every failure: packsim removes only what the failing run created (sim/commands/rundir.py)."""
import pytest
from conftest import run_cli

from sim.commands.rundir import claim, release
from sim.errors import PacksimError


def _tree(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_claim_creates_missing_folders_and_release_removes_only_those(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "mine.txt").write_text("keep")
    target = tmp_path / "a" / "b" / "c"
    c = claim(target, "hydra.run.dir")
    assert target.is_dir() and c.created == [tmp_path / "a" / "b", target]
    (target / "results.csv").write_text("x")
    release(target)
    assert _tree(tmp_path) == ["a", "a/mine.txt"]


def test_claim_refuses_a_folder_with_files_and_release_then_leaves_it(tmp_path):
    (tmp_path / "old.csv").write_text("a user's results")
    with pytest.raises(PacksimError, match="not empty"):
        claim(tmp_path, "hydra.run.dir")
    release(tmp_path)   # never claimed: nothing happens
    assert (tmp_path / "old.csv").read_text() == "a user's results"


def test_an_empty_folder_is_used_and_kept_on_failure(tmp_path):
    claim(tmp_path, "hydra.run.dir")
    (tmp_path / ".hydra").mkdir()
    (tmp_path / "packsim.log").write_text("x")
    release(tmp_path)
    assert tmp_path.is_dir() and _tree(tmp_path) == []


def test_a_path_under_a_file_is_one_line(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(PacksimError, match="is a file, not a folder"):
        claim(tmp_path / "f" / "run", "hydra.run.dir")


@pytest.mark.parametrize("bad", ["weather.wind_speed_m_s=-1", "seed=-1", "field.size=0", "focal=[Nobody]",
                                 "course.profile=no_such_file.csv"])
def test_a_folder_with_a_file_survives_bad_input_given_as_the_run_dir(tmp_path, bad):
    keep = tmp_path / "results_of_last_week"
    keep.mkdir()
    (keep / "notes.txt").write_text("precious")
    proc = run_cli(f"hydra.run.dir={keep}", bad, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("packsim: error: "), proc.stderr
    assert _tree(tmp_path) == ["results_of_last_week", "results_of_last_week/notes.txt"]


def test_the_working_directory_survives_as_the_run_dir(tmp_path):
    (tmp_path / "notes.txt").write_text("precious")
    proc = run_cli("hydra.run.dir=.", "seed=-1", cwd=tmp_path)
    assert proc.returncode == 2 and "not empty" in proc.stderr
    assert _tree(tmp_path) == ["notes.txt"]


def test_a_sweep_into_a_folder_with_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("precious")
    proc = run_cli("-m", f"hydra.sweep.dir={tmp_path}", "seed=1,2", cwd=tmp_path)
    assert proc.returncode == 2 and "hydra.sweep.dir" in proc.stderr and proc.stderr.count("\n") == 1
    assert _tree(tmp_path) == ["notes.txt"]


def test_bad_input_into_a_new_folder_leaves_nothing(tmp_path):
    proc = run_cli(f"hydra.run.dir={tmp_path / 'new' / 'run'}", "seed=-1", cwd=tmp_path)
    assert proc.returncode == 2
    assert _tree(tmp_path) == []


def test_a_folder_claimed_before_is_checked_again(tmp_path):
    target = tmp_path / "run"
    claim(target, "hydra.run.dir")
    (target / "results.csv").write_text("a finished run")
    with pytest.raises(PacksimError, match="not empty"):
        claim(target, "hydra.run.dir")
    assert (target / "results.csv").exists()


def test_a_run_dir_that_cannot_be_resolved_is_one_line(tmp_path):
    proc = run_cli("hydra.run.dir=${oc.env:PACKSIM_SURELY_NOT_SET}/run", "seed=-1", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("packsim: error: hydra.run.dir: ") and "PACKSIM_SURELY_NOT_SET" in proc.stderr
    assert _tree(tmp_path) == []
