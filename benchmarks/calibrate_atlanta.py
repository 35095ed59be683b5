"""The Atlanta calibration targets for the default seed and seeds 0-9, the drafting-off and wind-off
contrasts, and the checks of both issues, each as PASS/MISS.

* Engine issue (#2), medians over seeds 0-9: winner 2:08:30-2:11:00, 22nd 2:13:30-2:17:00, main pack
  (front-most of >= 10 within 3 min of the leader) >= 15 at halfway in 64:50-66:30, drafting off
  1.5-5 min slower for the winner, wind off faster.
* Runner by runner (#11), counts out of the 10 seeds: Walmsley a member of the main pack at halfway
  (the front-most pack of >= 6, by pack_id) in >= 7, placed 10th-40th in >= 6, median 2:13-2:18; the
  winner one of the ten fastest roster seeds (marathon equivalent, Riegel) in >= 8; Shrader alone
  ahead of that main pack at halfway and caught before 30 km in >= 6.

Run:  python benchmarks/calibrate_atlanta.py [hydra overrides ...]
"""
import sys

import numpy as np
from hydra import compose, initialize_config_dir

from sim.config import register_schema
from sim.inputs.load import load_config
from sim.engine.race import RaceSetup
from sim.inputs.paths import PROJECT_ROOT
from sim.outputs.analysis import alone_ahead_of, caught_at_m, main_pack_at
from sim.outputs.tables import hms

SEEDS = list(range(10))
MAIN_PACK_MIN_SIZE = 6     # issue #11's main pack: the front-most pack of at least 6 runners
TOP_SEEDS = 10


def hm(h, m, s=0):
    return h * 3600 + m * 60 + s


def fastest_roster_seeds(result, n=TOP_SEEDS):
    """The names of the ``n`` fastest roster (not generated) seeds, by marathon equivalent (stable on ties)."""
    named = sorted((s for s in result.runners if not s.generated), key=lambda s: (s.marathon_equivalent_s, s.index))
    return {s.name for s in named[:n]}


def metrics(result):
    fin = [r for r in result.results if r.status == "finished"]
    by = {r.runner: r for r in result.results}
    half = result.course.distance_m / 2
    pack = main_pack_at(result, half)
    pack6 = main_pack_at(result, half, min_size=MAIN_PACK_MIN_SIZE)
    walmsley = by["Jim Walmsley"]
    return {
        "winner_s": fin[0].t_finish_s, "winner": fin[0].runner,
        "winner_top_seed": fin[0].runner in fastest_roster_seeds(result),
        "p22_s": fin[21].t_finish_s if len(fin) > 21 else np.nan,
        "walmsley_s": walmsley.t_finish_s, "walmsley_place": walmsley.place,
        "walmsley_in_pack": "Jim Walmsley" in pack6.members,
        "pack_size": pack.size, "pack_t_s": pack.t_s, "pack6_size": pack6.size,
        "shrader_alone_ahead": alone_ahead_of(result, "Brian Shrader", half, pack),
        "shrader_caught_m": caught_at_m(result, "Brian Shrader", pack.members, after_m=half),
        "shrader_alone_ahead6": alone_ahead_of(result, "Brian Shrader", half, pack6),
        "shrader_caught6_m": caught_at_m(result, "Brian Shrader", pack6.members, after_m=half),
    }


def run(overrides, seeds):
    register_schema()
    with initialize_config_dir(config_dir=str(PROJECT_ROOT / "conf"), version_base="1.3"):
        cfg = load_config(compose("config", overrides=list(overrides)))
    setup = RaceSetup(cfg)
    return cfg, {s: metrics(setup.run(np.random.default_rng(s), s)) for s in seeds}


def table(label, rows):
    print(f"\n{label}")
    for seed, m in rows.items():
        print(f"  seed {seed:>4}: win {hms(m['winner_s'])} ({m['winner']}{', top-10 seed' if m['winner_top_seed'] else ''}), "
              f"22nd {hms(m['p22_s'])}, Walmsley {hms(m['walmsley_s']) or 'DNF'} ({m['walmsley_place'] or 'DNF'}, "
              f"{'in' if m['walmsley_in_pack'] else 'not in'} the pack of >= 6), half pack {m['pack_size']} in "
              f"{hms(m['pack_t_s'])}, Shrader alone ahead {m['shrader_alone_ahead']}, "
              f"caught {m['shrader_caught_m'] / 1000:.0f} km")
    print(f"  median: win {hms(med(rows, 'winner_s'))}, 22nd {hms(med(rows, 'p22_s'))}, "
          f"Walmsley {hms(med(rows, 'walmsley_s'))}, pack {med(rows, 'pack_size'):.0f} in {hms(med(rows, 'pack_t_s'))}, "
          f"Shrader alone-ahead {sum(m['shrader_alone_ahead'] for m in rows.values())}/{len(rows)}, caught before "
          f"30 km {sum(m['shrader_caught_m'] <= 30000 for m in rows.values())}/{len(rows)}")


def med(rows, key):
    return float(np.nanmedian([m[key] for m in rows.values()]))


def count(rows, test):
    return sum(bool(test(m)) for m in rows.values())


def checks(base, off, calm):
    """(label, value shown, passes) for every target of both issues."""
    n = len(base)
    win_off = np.median([off[s]["winner_s"] - base[s]["winner_s"] for s in base])
    win_calm = np.median([calm[s]["winner_s"] - base[s]["winner_s"] for s in base])
    walmsley_place = lambda m: 10 <= (m["walmsley_place"] or 10 ** 6) <= 40
    shrader = lambda m: m["shrader_alone_ahead6"] and m["shrader_caught6_m"] <= 30000
    counts = [
        ("#11 Walmsley in the main pack (>= 6) at halfway", count(base, lambda m: m["walmsley_in_pack"]), 7),
        ("#11 Walmsley placed 10th-40th", count(base, walmsley_place), 6),
        ("#11 winner one of the ten fastest roster seeds", count(base, lambda m: m["winner_top_seed"]), 8),
        ("#11 Shrader alone ahead at halfway, caught before 30 km", count(base, shrader), 6),
    ]
    out = [(label, f"{k}/{n} (need >= {need})", k >= need) for label, k, need in counts]
    ranges = [
        ("#11 Walmsley median time", med(base, "walmsley_s"), hm(2, 13), hm(2, 18), hms),
        ("#2 winner median", med(base, "winner_s"), hm(2, 8, 30), hm(2, 11), hms),
        ("#2 22nd place median", med(base, "p22_s"), hm(2, 13, 30), hm(2, 17), hms),
        ("#2 main pack (>= 10) size at halfway, median", med(base, "pack_size"), 15, np.inf, lambda v: f"{v:.0f}"),
        ("#2 main pack time at halfway, median", med(base, "pack_t_s"), hm(1, 4, 50), hm(1, 6, 30), hms),
        ("#2 winner, drafting off minus on [min]", win_off / 60, 1.5, 5.0, lambda v: f"{v:+.2f}"),
        ("#2 winner, wind off minus on [min]", win_calm / 60, -np.inf, -1e-9, lambda v: f"{v:+.2f}"),
    ]
    out += [(label, show(v), bool(lo <= v <= hi)) for label, v, lo, hi, show in ranges]
    return out


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
    print(f"\nwinner, drafting off minus on: per seed {np.round(np.array(diff) / 60, 2)} min")
    print(f"Walmsley's places: {[base[s]['walmsley_place'] for s in SEEDS]}")
    print("\nchecks over seeds 0-9 (#2: engine issue, #11: runner by runner)")
    results = checks(base, off, calm)
    for label, shown, ok in results:
        print(f"  {'PASS' if ok else 'MISS'}  {label}: {shown}")
    print(f"  {sum(ok for *_, ok in results)}/{len(results)} pass")


if __name__ == "__main__":
    main()
