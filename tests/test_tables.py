"""sim/outputs/tables.py: the CSVs and summary.json that write_outputs puts into a run folder."""
import json
from dataclasses import replace

import numpy as np
import pandas as pd
from conftest import SMALL, compose_config, run_race

from sim.outputs.tables import _num, table, write_outputs
from sim.records import EventRecord, ResultRecord, SplitRecord, columns

FILES = ["events.csv", "results.csv", "splits.csv", "story.md", "summary.json"]


def _write(tmp_path, name, seed=3):
    cfg = compose_config(*SMALL, f"seed={seed}")
    result = run_race(*SMALL, f"seed={seed}")
    return result, write_outputs(result, cfg, tmp_path / name, plots=False)


def test_a_small_race_writes_its_tables_one_row_per_runner_and_checkpoint(tmp_path):
    result, run = _write(tmp_path, "a")
    assert sorted(p.name for p in run.iterdir()) == FILES      # nothing else (no staging folder left)
    results = pd.read_csv(run / "results.csv")
    splits = pd.read_csv(run / "splits.csv")
    events = pd.read_csv(run / "events.csv", keep_default_na=False)
    assert list(results.columns) == columns(ResultRecord)
    assert list(splits.columns) == columns(SplitRecord)
    assert list(events.columns) == columns(EventRecord)
    n = len(result.runners)
    assert n == 24 and len(results) == n and results["runner"].is_unique
    assert len(splits) == n * len(result.course.checkpoint_m)
    # the values are the records' at three decimals, in the records' order
    assert list(results["runner"]) == [r.runner for r in result.results]
    np.testing.assert_allclose(results["t_finish_s"], [r.t_finish_s for r in result.results], atol=5e-4)
    summary = json.loads((run / "summary.json").read_text())
    assert summary["starters"] == n and summary["finishers"] + summary["dnf"] == n
    assert summary["finishers"] == int((results["status"] == "finished").sum())


def test_nan_is_an_empty_csv_cell_and_null_in_json(tmp_path):
    result = run_race(*SMALL, "seed=3")
    dnf = replace(result.results[0], status="dnf", place=0, t_finish_s=float("nan"))
    path = tmp_path / "r.csv"
    table([dnf], ResultRecord).to_csv(path, index=False, float_format="%.3f")
    row = path.read_text().splitlines()[1].split(",")
    assert row[columns(ResultRecord).index("t_finish_s")] == ""
    assert _num(float("nan")) is None and _num(1.23456) == 1.235


def test_the_same_seed_writes_byte_identical_files_and_another_seed_does_not(tmp_path):
    _, a = _write(tmp_path, "a")
    _, b = _write(tmp_path, "b")
    _, c = _write(tmp_path, "c", seed=4)
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "results.csv").read_bytes() != (c / "results.csv").read_bytes()
