"""Collecting a real Hydra multirun into one table; failed and unfinished jobs are listed, not fatal.

The basic launcher runs a multirun's jobs one after another in one process, and a job that raises
does not stop the others: Hydra re-raises the first failure after the whole batch, so the sweep
exits 2 with the later jobs' results on disk (test_failed_job_is_listed_and_the_sweep_goes_on).
"""
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SMALL, run_cli

FIELD = 24


def run_collect(*args):
    return subprocess.run([sys.executable, "-m", "sim.collect", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    d = tmp_path_factory.mktemp("multirun") / "sweep"
    proc = run_cli("-m", "weather.wind_speed_m_s=0,4", "replicates=2", *SMALL, "sim.print_summary=false",
                   f"hydra.sweep.dir={d}")
    assert proc.returncode == 0, proc.stderr
    return d


def copy_of(sweep, tmp_path):
    dest = tmp_path / "sweep"
    shutil.copytree(sweep, dest)
    return dest


def test_collect_one_row_per_job_replicate_runner(sweep, tmp_path):
    d = copy_of(sweep, tmp_path)
    for _ in range(2):   # a second collection replaces the first, it does not add to it
        proc = run_collect(d)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""
    table = pd.read_csv(d / "sweep.csv")
    assert len(table) == 2 * 2 * FIELD
    assert list(table.columns[:3]) == ["job", "weather.wind_speed_m_s", "replicate"]
    assert sorted(table["weather.wind_speed_m_s"].unique()) == [0, 4]
    assert table.groupby(["job", "replicate"]).size().tolist() == [FIELD] * 4
    pd.testing.assert_frame_equal(pd.read_parquet(d / "sweep.parquet")[["job", "runner", "place"]],
                                  table[["job", "runner", "place"]], check_dtype=False)
    summary = pd.read_csv(d / "sweep_summary.csv")
    assert summary["weather.wind_speed_m_s"].tolist() == [0, 4] and summary.replicates.tolist() == [2, 2]
    row = summary.iloc[0]
    assert row.winner_t_ci95_low_s < row.winner_t_mean_s < row.winner_t_ci95_high_s
    assert (d / "sweep.png").is_file()


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_damaged_job_is_listed_and_the_rest_collected(sweep, tmp_path, damage):
    d = copy_of(sweep, tmp_path)
    results = d / "1" / "replicates.csv"
    if damage == "missing":
        results.unlink()
    else:
        results.write_text(results.read_text()[:200])   # cut off mid-row, as by a full disk
    proc = run_collect("--no-plot", d)
    assert proc.returncode == (1 if damage == "corrupt" else 0), proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "job 1 (weather.wind_speed_m_s=4)" in lines[0], proc.stderr
    assert ("corrupt: replicates.csv is cut mid-row" in lines[0]) == (damage == "corrupt")
    assert f"left out: 1 {'corrupt' if damage == 'corrupt' else 'unfinished'} (job 1)" in proc.stdout
    table = pd.read_csv(d / "sweep.csv")
    assert len(table) == 2 * FIELD and set(table.job) == {0}


@pytest.mark.parametrize("damage", ["rows_lost", "replicate_lost", "no_summary"])
def test_a_table_that_disagrees_with_its_summary_is_corrupt(sweep, tmp_path, damage):
    d = copy_of(sweep, tmp_path)
    results = d / "1" / "replicates.csv"
    lines = results.read_text().splitlines(keepends=True)
    if damage == "rows_lost":            # cut at a row's end: every row whole, but too few
        results.write_text("".join(lines[:FIELD + 5]))
    elif damage == "replicate_lost":     # a whole replicate gone
        results.write_text("".join(lines[:FIELD + 1]))
    else:
        (d / "1" / "summary.json").unlink()
    proc = run_collect("--no-plot", d)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and "job 1 (weather.wind_speed_m_s=4) left out: corrupt: " in proc.stderr
    assert "Collected 1 of 2 jobs" in proc.stdout and "left out: 1 corrupt (job 1)" in proc.stdout
    assert set(pd.read_csv(d / "sweep.csv").job) == {0}


def test_an_interrupted_sweep_names_the_jobs_that_never_started(sweep, tmp_path):
    d = copy_of(sweep, tmp_path)
    shutil.rmtree(d / "1")               # as after Ctrl-C during job 0
    proc = run_collect("--no-plot", d)
    assert proc.returncode == 1, proc.stderr
    assert "job 1 (weather.wind_speed_m_s=4) left out: never started" in proc.stderr, proc.stderr
    assert "Collected 1 of 2 jobs" in proc.stdout and "1 never started (job 1)" in proc.stdout


def test_failed_job_is_listed_and_the_sweep_goes_on(tmp_path):
    d = tmp_path / "sweep"
    proc = run_cli("-m", "weather.wind_speed_m_s=-1,4", *SMALL, "sim.print_summary=false", f"hydra.sweep.dir={d}")
    assert proc.returncode != 0 and "must be >= 0" in proc.stderr     # Hydra re-raises job 0's error at the end ...
    assert (d / "1" / "results.csv").is_file()                        # ... after job 1 has run
    collected = run_collect("--no-plot", d)
    assert collected.returncode == 0, collected.stderr
    assert "job 0 (weather.wind_speed_m_s=-1)" in collected.stderr
    table = pd.read_csv(d / "sweep.csv")
    assert len(table) == FIELD and set(table.replicate) == {0}


@pytest.mark.parametrize("make", ["empty", "only_failed", "missing"])
def test_nothing_to_collect_is_one_line_exit_2(tmp_path, make):
    d = tmp_path / "sweep"
    if make != "missing":
        d.mkdir()
    if make == "only_failed":
        (d / "0" / ".hydra").mkdir(parents=True)
        (d / "0" / ".hydra" / "overrides.yaml").write_text("- seed=1\n")
    proc = run_collect(d)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("packsim collect: error:"), proc.stderr
    assert len(lines) == (2 if make == "only_failed" else 1)   # the failed job is listed first
    assert not (d / "sweep.csv").exists()


@pytest.mark.parametrize("cut", ["mid_row", "at_row_end"])
def test_a_single_race_results_csv_cut_short_is_corrupt(tmp_path, cut):
    d = tmp_path / "sweep"
    proc = run_cli("-m", "seed=1,2", *SMALL, "sim.print_summary=false", f"hydra.sweep.dir={d}")
    assert proc.returncode == 0, proc.stderr
    results = d / "0" / "results.csv"
    text = results.read_text()
    lines = text.splitlines(keepends=True)
    results.write_text(text[:len("".join(lines[:6])) + 7] if cut == "mid_row" else "".join(lines[:6]))
    proc = run_collect("--no-plot", d)
    assert proc.returncode == 1, proc.stderr
    assert "job 0 (seed=1) left out: corrupt: results.csv" in proc.stderr, proc.stderr
    assert ("cut mid-row" if cut == "mid_row" else f"5 rows in 1 replicate(s); summary.json and run_info.json "
            f"say 1 x {FIELD} starters") in proc.stderr
    table = pd.read_csv(d / "sweep.csv")
    assert set(table.job) == {1} and len(table) == FIELD
