"""Outputs of a mass race (sim/outputs/crowd_tables.py, sim/outputs/crowd_story.py) from one real CLI run of a reduced Comrades:
tables, summary.json, figures and story agree with each other and with the rules; a second run is byte-identical."""
import json
from collections import Counter
from dataclasses import fields

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, compose_config, run_cli

from sim.engine.crowd_race import CrowdSetup
from sim.outputs.crowd_tables import MassResultRecord, write_crowd_outputs

COACH = "Sam Coach"
OVERRIDES = ("scenario=comrades_down", "field.size=1500", f"field.athletes=[{{name: {COACH}, seed_time_s: 12600, sex: F}}]",
             f"focal=[{COACH}]")
TABLES = ("results.csv", "splits.csv", "events.csv", "summary.json")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("crowd") / "run"
    proc = run_cli(*OVERRIDES, f"hydra.run.dir={out}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    cfg = compose_config(*OVERRIDES)
    results = pd.read_csv(out / "results.csv", keep_default_na=False, na_values=[""])
    for col in ("medal", "stopped_at"):
        results[col] = results[col].fillna("")
    summary = json.loads((out / "summary.json").read_text())
    return out, proc, cfg, results, summary


def test_results_columns_and_places(run):
    out, _, cfg, df, _ = run
    assert list(df.columns) == [f.name for f in fields(MassResultRecord)]
    assert len(df) == cfg.field.size and df.runner.is_unique
    fin = df[df.status == "finished"]
    dnf = df[df.status == "dnf"]
    assert set(df.status) == {"finished", "dnf"}
    assert sorted(fin.place) == list(range(1, len(fin) + 1))
    assert np.all(np.diff(fin.sort_values("place").t_finish_s.to_numpy()) >= 0)
    for sex in ("M", "F"):
        s = fin[fin.sex == sex].sort_values("place")
        assert list(s.sex_place) == list(range(1, len(s) + 1))
    assert (dnf.place == 0).all() and (dnf.sex_place == 0).all() and dnf.t_finish_s.isna().all()
    assert (dnf.stopped_at != "").all() and (fin.stopped_at == "").all()
    assert (fin.t_finish_s <= cfg.sim.time_limit_s).all()
    assert np.allclose(fin.t_chip_s, fin.t_finish_s - fin.t_start_line_s, atol=2e-3)
    assert list(df.place[:len(fin)]) == list(range(1, len(fin) + 1))      # finishing order, then the DNFs
    assert set(df.pen) == {p.name for p in cfg.rules.pens}


def _expected_medal(row, gold, bands):
    if row.status != "finished":
        return ""
    if row.runner in gold:
        return "Gold"
    for m in bands:
        if (m.sex in ("", row.sex)) and m.from_s <= row.t_finish_s < m.to_s:
            return m.name
    return ""


def test_medals_follow_the_bands(run):
    _, _, cfg, df, _ = run
    fin = df[df.status == "finished"]
    tops = [m for m in cfg.rules.medals if m.top > 0]
    assert {m.name for m in tops} == {"Gold"}
    gold = set()
    for m in tops:
        gold |= set(fin[fin.sex == m.sex].nsmallest(m.top, "t_finish_s").runner)
    bands = [m for m in cfg.rules.medals if m.top == 0]
    expected = [_expected_medal(row, gold, bands) for row in df.itertuples()]
    assert list(df.medal) == expected
    assert {"Gold", "Silver", "Bill Rowan", "Bronze", "Vic Clapham"} <= set(df.medal)


def test_summary_agrees_with_the_results(run):
    _, _, cfg, df, s = run
    fin = df.status == "finished"
    t = df.t_finish_s[fin].to_numpy()
    limit = cfg.sim.time_limit_s
    assert s["starters"] == len(df) and s["finishers"] == fin.sum() and s["dnf"] == (~fin).sum()
    assert list(s["dnf_by_cutoff"]) == [c.name for c in cfg.rules.cutoffs] + ["time limit"]
    assert sum(s["dnf_by_cutoff"].values()) == s["dnf"]
    assert s["dnf_by_cutoff"] == {k: int((df.stopped_at == k).sum()) for k in s["dnf_by_cutoff"]}
    counts = Counter(df.medal[fin])
    assert s["medals"] == {name: counts.get(name, 0) for name in s["medals"]}
    assert sum(s["medals"].values()) == sum(v for k, v in counts.items() if k)
    assert s["finish_times"]["p50_s"] == pytest.approx(np.median(t), abs=2e-3)
    assert s["share_last_hour"] == pytest.approx(np.mean(t >= limit - 3600), abs=1e-4)
    men = df[fin & (df.sex == "M")].nsmallest(1, "t_finish_s").iloc[0]
    women = df[fin & (df.sex == "F")].nsmallest(1, "t_finish_s").iloc[0]
    assert s["winner_men"]["runner"] == men.runner and s["winner_women"]["runner"] == women.runner
    assert s["engine"] == "crowd" and s["seed"] == cfg.seed
    assert [p["pen"] for p in s["pens"]] == [p.name for p in cfg.rules.pens]
    assert sum(p["runners"] for p in s["pens"]) == len(df)


def test_summary_has_the_real_race(run):
    _, _, cfg, _, s = run
    real = pd.read_csv(ROOT / cfg.real_results).time_s.dropna().to_numpy(dtype=float)
    r = s["real"]
    assert r["source"] == cfg.real_results and r["finishers"] == real.size > 10000
    assert r["p50_s"] == pytest.approx(np.median(real), abs=1e-3)
    assert r["share_last_hour"] == pytest.approx(np.mean(real >= cfg.sim.time_limit_s - 3600), abs=1e-4)


def test_splits_and_events_tables(run):
    out, _, _, df, s = run
    splits = pd.read_csv(out / "splits.csv")
    events = pd.read_csv(out / "events.csv", keep_default_na=False)
    assert list(splits.columns) == ["runner", "checkpoint", "distance_m", "t_s"]
    assert list(events.columns) == ["t_s", "distance_m", "event", "runner", "detail"]
    last = splits.sort_values("checkpoint").groupby("runner").last()
    fin = df[df.status == "finished"].set_index("runner")
    assert np.allclose(last.loc[fin.index, "t_s"], fin.t_finish_s, atol=1e-3)
    assert (events.t_s.diff().dropna() >= 0).all()
    kinds = Counter(events.event)
    assert kinds["finish"] == s["finishers"]
    assert kinds["cutoff"] + kinds["dnf"] == s["dnf"]
    assert kinds["wall"] == s["walls"]


def test_figures_and_run_info(run):
    out, proc, *_ = run
    for name in ("finish_hist.png", "race.png", "course.png"):
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, name
    assert (out / "run_info.json").is_file()
    assert not (out / ".partial").exists()
    assert "finished" in proc.stdout and "Real race" in proc.stdout


def test_story_names_the_winners_and_the_cutoffs(run):
    out, _, cfg, _, s = run
    story = (out / "story.md").read_text()
    assert f"{s['winner_men']['runner']} wins the men's race in {s['winner_men']['time']}" in story
    assert f"{s['winner_women']['runner']} wins the women's race in {s['winner_women']['time']}" in story
    for c in cfg.rules.cutoffs:
        line = next(ln for ln in story.splitlines() if ln.startswith(f"* {c.name} ("))
        assert line.endswith(f": {s['dnf_by_cutoff'][c.name]:,} runners pulled."), line
    assert f"{s['dnf_by_cutoff']['time limit']:,} runners still on the course" in story
    assert f"{s['finishers']:,} of {s['starters']:,} finish" in story
    for name, n in s["medals"].items():
        assert f"* {name}: {n:,}" in story


def test_second_run_same_seed_is_byte_identical(run, tmp_path):
    out, _, cfg, _, _ = run
    result = CrowdSetup(cfg).run(np.random.default_rng(cfg.seed), cfg.seed)
    write_crowd_outputs(result, cfg, tmp_path, plots=False)
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_a_coach_athlete_is_in_the_results_and_the_story(run):
    out, _, cfg, results, _ = run
    row = results[results.runner == COACH]
    assert len(row) == 1 and row.sex.iloc[0] == "F" and row.seed_time_s.iloc[0] == pytest.approx(12600.0)
    story = (out / "story.md").read_text()
    assert "## The focal runners" in story and f"**{COACH}**" in story
    from sim.records import hms
    if row.status.iloc[0] == "finished":
        assert f"in {hms(row.t_finish_s.iloc[0])}" in story.split("## The focal runners")[1]
    else:
        assert f"{row.stopped_at.iloc[0]}" in story.split("## The focal runners")[1]
