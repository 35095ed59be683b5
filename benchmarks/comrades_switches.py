"""The Comrades down run with its physics switched: eccentric damage off, fuelling off, a hotter day.

Run:  python benchmarks/comrades_switches.py [--seed 2020] [--size 19000]

Prints, for the baseline and each switch (the issue #3 acceptance: damage off makes the second half
faster, fuelling off gives more walls and DNFs, +8 °C gives more DNFs), the finishers, DNFs, walls
and the median first and second half (halfway split minus start-line time; finish minus halfway) of
the finishers. Four full races, ≈ 1 min.
"""
import argparse

import numpy as np
from hydra import compose, initialize_config_dir

from sim.config import register_schema
from sim.inputs.load import load_config
from sim.engine.crowd_race import CrowdSetup
from sim.inputs.paths import PROJECT_ROOT

SWITCHES = ([], ["physiology.eccentric_damage.enabled=false"], ["physiology.fuelling.enabled=false"],
            ["weather.temp_offset_c=8"])


def run(overrides, seed):
    with initialize_config_dir(config_dir=str(PROJECT_ROOT / "conf"), version_base="1.3"):
        cfg = load_config(compose("config", overrides=["scenario=comrades_down"] + overrides))
    r = CrowdSetup(cfg).run(np.random.default_rng(seed), seed)
    fin = r.status == "finished"
    half = list(r.course.checkpoint_m).index(r.course.distance_m / 2)
    first = r.split_times_s[fin, half] - r.t_line_s[fin]
    second = r.t_finish_s[fin] - r.split_times_s[fin, half]
    walls = sum(1 for e in r.events if e[2] == "wall")
    return fin.sum(), (~fin).sum(), walls, np.median(first) / 3600, np.median(second) / 3600


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--size", type=int, default=0, help="field.size (0 = the scenario's 19,000)")
    args = parser.parse_args()
    register_schema()
    size = [f"field.size={args.size}"] if args.size else []
    print(f"{'change':45s} {'finishers':>9} {'DNF':>6} {'walls':>6} {'1st half h':>10} {'2nd half h':>10}")
    for ov in SWITCHES:
        n_fin, n_dnf, walls, first, second = run(ov + size, args.seed)
        print(f"{' '.join(ov) or 'baseline':45s} {n_fin:>9,} {n_dnf:>6,} {walls:>6,} {first:>10.3f} {second:>10.3f}", flush=True)


if __name__ == "__main__":
    main()
