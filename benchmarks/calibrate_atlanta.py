"""The Atlanta calibration targets (issue #2) for the default seed and seeds 0-9, plus the
drafting-off and wind-off contrasts.

Run:  python benchmarks/calibrate_atlanta.py [hydra overrides ...]
"""
import sys

import numpy as np
from hydra import compose, initialize_config_dir

from sim.config import from_omegaconf, register_schema
from sim.engine.race import RaceSetup
from sim.inputs.paths import PROJECT_ROOT
from sim.outputs.analysis import alone_ahead_of, caught_at_m, main_pack_at
from sim.outputs.tables import hms

SEEDS = list(range(10))


def metrics(result):
    fin = [r for r in result.results if r.status == "finished"]
    by = {r.runner: r for r in result.results}
    half = result.course.distance_m / 2
    pack = main_pack_at(result, half)
    return {
        "winner_s": fin[0].t_finish_s, "winner": fin[0].runner,
        "p22_s": fin[21].t_finish_s if len(fin) > 21 else np.nan,
        "walmsley_s": by["Jim Walmsley"].t_finish_s,
        "pack_size": pack.size, "pack_t_s": pack.t_s,
        "shrader_alone_ahead": alone_ahead_of(result, "Brian Shrader", half, pack),
        "shrader_caught_m": caught_at_m(result, "Brian Shrader", pack.members, after_m=half),
    }


def run(overrides, seeds):
    register_schema()
    with initialize_config_dir(config_dir=str(PROJECT_ROOT / "conf"), version_base="1.3"):
        cfg = from_omegaconf(compose("config", overrides=list(overrides)))
    setup = RaceSetup(cfg)
    return cfg, {s: metrics(setup.run(np.random.default_rng(s), s)) for s in seeds}


def table(label, rows):
    print(f"\n{label}")
    for seed, m in rows.items():
        print(f"  seed {seed:>4}: win {hms(m['winner_s'])} ({m['winner']}), 22nd {hms(m['p22_s'])}, "
              f"Walmsley {hms(m['walmsley_s']) or 'DNF'}, half pack {m['pack_size']} in {hms(m['pack_t_s'])}, "
              f"Shrader alone ahead {m['shrader_alone_ahead']}, caught {m['shrader_caught_m'] / 1000:.0f} km")
    med = lambda k: float(np.nanmedian([m[k] for m in rows.values()]))
    print(f"  median: win {hms(med('winner_s'))}, 22nd {hms(med('p22_s'))}, Walmsley {hms(med('walmsley_s'))}, "
          f"pack {med('pack_size'):.0f} in {hms(med('pack_t_s'))}, Shrader alone-ahead "
          f"{sum(m['shrader_alone_ahead'] for m in rows.values())}/{len(rows)}, caught before 30 km "
          f"{sum(m['shrader_caught_m'] <= 30000 for m in rows.values())}/{len(rows)}")


def main():
    extra = sys.argv[1:]
    cfg, base = run(extra, SEEDS)
    _, default = run(extra, [cfg.seed])
    table(f"default seed ({cfg.seed})", default)
    table("seeds 0-9", base)
    _, off = run(extra + ["drafting.enabled=false"], SEEDS)
    table("drafting off", off)
    _, calm = run(extra + ["weather.wind_speed_m_s=0", "weather.gust_speed_m_s=0"], SEEDS)
    table("wind off", calm)
    diff = [off[s]["winner_s"] - base[s]["winner_s"] for s in SEEDS]
    diff_calm = [calm[s]["winner_s"] - base[s]["winner_s"] for s in SEEDS]
    print(f"\nwinner, drafting off minus on: median {np.median(diff) / 60:+.2f} min (per seed {np.round(np.array(diff) / 60, 2)})")
    print(f"winner, wind off minus on:     median {np.median(diff_calm) / 60:+.2f} min")


if __name__ == "__main__":
    main()
