"""Monte Carlo replicates: seeded by SeedSequence.spawn, the same whatever the workers, summarised with errors."""
import json

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL, compose_config, run_cli

from sim.commands.replicates import compact, run_replicates
from sim.commands.run import run
from sim.engine.race import RaceSetup
from sim.outputs.tables import write_outputs, write_replicate_outputs
from sim.records import as_rows


@pytest.fixture(scope="module")
def cfg4():
    return compose_config(*SMALL, "replicates=4")


@pytest.fixture(scope="module")
def reps(cfg4):
    return run_replicates(cfg4, workers=1)


def frame(records):
    return pd.DataFrame(as_rows(records))


def test_same_tables_whatever_the_number_of_workers(cfg4, reps, tmp_path):
    pooled = run_replicates(cfg4, workers=2)
    assert pooled.workers == 2 and reps.workers == 1
    pd.testing.assert_frame_equal(frame(reps.results), frame(pooled.results))
    pd.testing.assert_frame_equal(frame(reps.splits), frame(pooled.splits))
    write_replicate_outputs(reps, cfg4, tmp_path / "one")
    write_replicate_outputs(pooled, cfg4, tmp_path / "two")
    for name in ("replicates.csv", "replicate_splits.csv", "summary.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_replicate_k_runs_on_the_kth_spawned_seed(cfg4, reps):
    child = np.random.SeedSequence(cfg4.seed).spawn(4)[2]
    results, _ = compact(RaceSetup(cfg4).run(np.random.default_rng(child), cfg4.seed), 2)
    pd.testing.assert_frame_equal(frame(results), frame([r for r in reps.results if r.replicate == 2]))
    table = frame(reps.results)
    assert sorted(table.replicate.unique()) == [0, 1, 2, 3]
    assert table.groupby("replicate").t_finish_s.apply(tuple).nunique() == 4   # the replicates differ


def test_splits_kept_at_halfway_and_finish_only(reps):
    splits = frame(reps.splits)
    assert list(splits.columns) == ["replicate", "runner", "distance_m", "t_s", "pack_size"]
    assert sorted(splits.distance_m.unique()) == [1500.0, 3000.0]


def test_summary_probabilities_and_errors(cfg4, reps, tmp_path):
    stats = write_replicate_outputs(reps, cfg4, tmp_path)
    assert json.loads((tmp_path / "summary.json").read_text()) == stats
    assert stats["seed"] == cfg4.seed and stats["replicates"] == 4 and stats["starters"] == 24
    runners = stats["runners"]
    assert all(e["p_dnf"] == 0 for e in runners)   # everyone finishes this small race, so:
    assert sum(e["p_win"] for e in runners) == pytest.approx(1.0)
    assert sum(e["p_podium"] for e in runners) == pytest.approx(3.0)
    assert sum(e["p_top10"] for e in runners) == pytest.approx(10.0)
    assert [e["p_win"] for e in runners] == sorted((e["p_win"] for e in runners), reverse=True)
    table = pd.read_csv(tmp_path / "replicates.csv")
    top = runners[0]
    mine = table[table.runner == top["runner"]]
    p = (mine.place == 1).mean()
    assert top["p_win"] == pytest.approx(p) and top["p_win_se"] == pytest.approx(np.sqrt(p * (1 - p) / 4), abs=1e-6)
    assert top["t_finish_mean_s"] == pytest.approx(mine.t_finish_s.mean(), abs=1e-3)
    assert top["t_finish_mean_se_s"] == pytest.approx(mine.t_finish_s.std(ddof=1) / 2.0, abs=2e-3)
    assert stats["winning_time"]["t_mean_s"] == pytest.approx(table.t_finish_s[table.place == 1].mean(), abs=1e-3)


def test_one_replicate_keeps_the_single_run_files(tmp_path):
    cfg = compose_config(*SMALL, "replicates=1")
    cfg.sim.print_summary = False
    run(cfg, tmp_path / "run")
    direct = RaceSetup(cfg).run(np.random.default_rng(cfg.seed), cfg.seed)
    write_outputs(direct, cfg, tmp_path / "direct", plots=False)
    names = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert names == ["events.csv", "results.csv", "splits.csv", "story.md", "summary.json"]
    for name in names:
        assert (tmp_path / "run" / name).read_bytes() == (tmp_path / "direct" / name).read_bytes(), name


def test_cli_with_replicates(tmp_path):
    out = tmp_path / "run"
    proc = run_cli(*SMALL, "replicates=3", "sim.workers=2", f"hydra.run.dir={out}")
    assert proc.returncode == 0, proc.stderr
    assert {"replicates.csv", "replicate_splits.csv", "summary.json"} <= {p.name for p in out.iterdir()}
    assert not (out / "results.csv").exists()
    assert "Most likely winners:" in proc.stdout and "3 replicates of 24 starters" in proc.stdout


@pytest.mark.parametrize("arg,key", [("replicates=0", "'replicates'"), ("sim.workers=-1", "'sim.workers'")])
def test_bad_replicates_or_workers_is_one_line_exit_2(tmp_path, arg, key):
    out = tmp_path / "run"
    proc = run_cli(*SMALL, arg, f"hydra.run.dir={out}")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("packsim: error:") and key in lines[0], proc.stderr
    assert not out.exists()


def test_place_percentiles_by_hand():
    from sim.outputs.tables import _place_percentiles
    # sorted 1, 2, 3, 7, 10: the empirical distribution first reaches 10 % at 1, 50 % at 3, 90 % at 10
    assert _place_percentiles(np.array([3.0, 1.0, 7.0, 2.0, 10.0])) == {"place_p10": 1, "place_p50": 3, "place_p90": 10}
    assert _place_percentiles(np.array([])) == {"place_p10": None, "place_p50": None, "place_p90": None}


def test_place_distribution_in_the_summary_and_the_printed_table(cfg4, reps):
    from sim.commands.replicates import print_replicate_summary
    from sim.outputs.tables import replicate_summary
    stats = replicate_summary(reps, cfg4)
    table = frame(reps.results)
    for e in stats["runners"]:
        places = np.sort(table.place[(table.runner == e["runner"]) & (table.status == "finished")].to_numpy())
        assert e["place_p50"] == places[int(np.ceil(0.5 * places.size)) - 1]
        assert e["place_p10"] <= e["place_p50"] <= e["place_p90"]
    lines = []
    print_replicate_summary(stats, out=lines.append)
    assert "place p10/p50/p90" in lines[3]
    top = stats["runners"][0]
    assert lines[4].rstrip().endswith(f"{top['place_p10']}/{top['place_p50']}/{top['place_p90']}")


def test_replicates_png_with_plots_on(cfg4, reps, tmp_path):
    cfg4.sim.plots = True
    try:
        write_replicate_outputs(reps, cfg4, tmp_path / "a")
        write_replicate_outputs(reps, cfg4, tmp_path / "b")
    finally:
        cfg4.sim.plots = False
    png = (tmp_path / "a" / "replicates.png").read_bytes()
    assert png.startswith(b"\x89PNG") and png == (tmp_path / "b" / "replicates.png").read_bytes()
