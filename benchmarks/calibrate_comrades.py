"""Calibration check: the Comrades down run against the 2018 finish times, seed by seed.

Run:  python benchmarks/calibrate_comrades.py [--seeds 2020 0 1 2 3 4] [overrides ...]

For each seed it runs the full field (scenario comrades_down) and prints the finishing share, the
10th/50th/90th percentile finish (and their error against scenarios/comrades/finish_percentiles_2018.csv),
the share of finishers in the last hour, the men's and women's winners, and the two pile-ups the issue
asks for (8:50-9:00 vs 9:00-9:10, 11:50-12:00 vs 11:40-11:50). The last lines compare against the
targets: percentiles and finishing share within ±4 %, last hour 25-45 %, men's winner 5:10-5:40.
"""
import argparse
import time

import numpy as np
import pandas as pd
from hydra import compose, initialize_config_dir

from sim.config import register_schema
from sim.inputs.load import load_config
from sim.engine.crowd_race import CrowdSetup
from sim.inputs.paths import PROJECT_ROOT
from sim.outputs.tables import hms

REAL = PROJECT_ROOT / "scenarios" / "comrades" / "finish_percentiles_2018.csv"
STARTERS_2018, FINISHERS_2018 = 19058, 16477


def parse_hms(text):
    h, m, s = (int(x) for x in str(text).split(":"))
    return h * 3600 + m * 60 + s


def real_targets():
    row = pd.read_csv(REAL).query("sex == 'ALL'").iloc[0]
    return {"p10": parse_hms(row.p10), "p50": parse_hms(row.p50), "p90": parse_hms(row.p90),
            "share": FINISHERS_2018 / STARTERS_2018, "last_hour": float(row["share_last_hour(11-12h)"])}


def metrics(result):
    fin = result.status == "finished"
    t = result.t_finish_s[fin]
    sex = result.field.sex[fin]
    q = np.percentile(t, [10, 50, 90])
    bins = np.bincount((t // 600).astype(int), minlength=80)
    return {"share": fin.mean(), "p10": q[0], "p50": q[1], "p90": q[2], "last_hour": float(np.mean(t >= 39600)),
            "winner_m": float(t[sex == "M"].min()), "winner_f": float(t[sex == "F"].min()) if (sex == "F").any() else np.nan,
            "before_9": int(bins[53]), "after_9": int(bins[54]), "before_12": int(bins[71]), "earlier_12": int(bins[70]),
            "wall_s": result.stats["wall_s"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[2020, 0, 1, 2, 3, 4])
    parser.add_argument("overrides", nargs="*")
    args = parser.parse_args()
    register_schema()
    with initialize_config_dir(config_dir=str(PROJECT_ROOT / "conf"), version_base="1.3"):
        cfg = load_config(compose("config", overrides=["scenario=comrades_down"] + args.overrides))
    setup = CrowdSetup(cfg)
    real = real_targets()
    rows = []
    print(f"{'seed':>5} {'finish':>7} {'p10':>8} {'p50':>8} {'p90':>8} {'last h':>6} {'men':>8} {'women':>8} "
          f"{'8:50|9:00':>10} {'11:40|11:50':>12} {'wall':>6}")
    t0 = time.perf_counter()
    for seed in args.seeds:
        m = metrics(setup.run(np.random.default_rng(seed), seed))
        rows.append(m)
        print(f"{seed:>5} {m['share']:>7.3f} {hms(m['p10']):>8} {hms(m['p50']):>8} {hms(m['p90']):>8} {m['last_hour']:>6.3f} "
              f"{hms(m['winner_m']):>8} {hms(m['winner_f']):>8} {m['before_9']:>5}|{m['after_9']:<4} "
              f"{m['earlier_12']:>6}|{m['before_12']:<5} {m['wall_s']:>5.1f}s", flush=True)
    print(f"2018: finish {real['share']:.3f}, p10 {hms(real['p10'])}, p50 {hms(real['p50'])}, p90 {hms(real['p90'])}, "
          f"last hour {real['last_hour']:.3f}; men's winner 5:26:34")
    ok_all = True
    for seed, m in zip(args.seeds, rows):
        checks = {f"{k} within 4 %": abs(m[k] / real[k] - 1) <= 0.04 for k in ("share", "p10", "p50", "p90")}
        checks["last hour 25-45 %"] = 0.25 <= m["last_hour"] <= 0.45
        checks["men's winner 5:10-5:40"] = 5 * 3600 + 600 <= m["winner_m"] <= 5 * 3600 + 2400
        checks["pile-up before 9:00"] = m["before_9"] > m["after_9"]
        checks["pile-up before 12:00"] = m["before_12"] > m["earlier_12"]
        failed = [k for k, ok in checks.items() if not ok]
        ok_all &= not failed
        errs = ", ".join(f"{k} {100 * (m[k] / real[k] - 1):+.1f} %" for k in ("share", "p10", "p50", "p90"))
        print(f"seed {seed}: {errs}; " + ("all targets met" if not failed else "MISSED: " + "; ".join(failed)))
    print(f"{len(args.seeds)} seeds in {time.perf_counter() - t0:.0f} s; " + ("every target met" if ok_all else "some targets missed"))


if __name__ == "__main__":
    main()
