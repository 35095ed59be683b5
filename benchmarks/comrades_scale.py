"""Benchmark: the crowd engine on the Comrades down run at 1k-19k runners (wall time, peak memory, events).

Run:  python benchmarks/comrades_scale.py [--sizes 1000 2000 5000 10000 19000] [--repeats 3]

Each size runs in a fresh child process (so that its peak RSS is its own): the scenario
``comrades_down`` with ``field.size=N``, one race per repeat, no file output. Printed per size: the
median wall time of the race (field, weather, goals and engine), the median time of the engine alone,
the child's peak resident memory, the SimPy events (cohort steps) and runner-segment decisions, and
events per runner-kilometre against two references:

* the naive design of the issue: one ``env.timeout`` per runner per 100 m = 10 events per runner-km;
* our per-runner engine (``sim.engine=runners``): one event per runner per segment.

The growth line checks time(2N)/time(N) <= 2.2 between consecutive sizes that double (1k->2k, 5k->10k)
and reports time per runner for all.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

CHILD = r"""
import json, resource, sys, time
import numpy as np
from hydra import compose, initialize_config_dir
from sim.config import register_schema
from sim.inputs.load import load_config
from sim.engine.crowd_race import CrowdSetup
from sim.inputs.paths import PROJECT_ROOT
size, repeats = int(sys.argv[1]), int(sys.argv[2])
register_schema()
with initialize_config_dir(config_dir=str(PROJECT_ROOT / "conf"), version_base="1.3"):
    cfg = load_config(compose("config", overrides=["scenario=comrades_down", f"field.size={size}"]))
setup = CrowdSetup(cfg)
walls, races = [], []
for r in range(repeats):
    t0 = time.perf_counter()
    res = setup.run(np.random.default_rng(cfg.seed + r), cfg.seed + r)
    walls.append(time.perf_counter() - t0)
    races.append(res.stats["race_s"])
st = res.stats
print(json.dumps({"walls": walls, "races": races, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "events": st["cohort_events"], "decisions": st["runner_segments"], "segments": st["segments"],
                  "km": res.course.distance_m / 1000, "finishers": int((res.status == "finished").sum())}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 19000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = {}
    print(f"{'runners':>8} {'race s':>7} {'engine s':>8} {'µs/runner-seg':>13} {'peak MB':>8} {'SimPy events':>12} "
          f"{'decisions':>10} {'events/runner-km':>16} {'naive':>6} {'per-runner':>10}")
    t_all = time.perf_counter()
    for n in args.sizes:
        out = subprocess.run([sys.executable, "-c", CHILD, str(n), str(args.repeats)], capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr)
        d = json.loads(out.stdout.strip().splitlines()[-1])
        wall, race = statistics.median(d["walls"]), statistics.median(d["races"])
        per_km = d["events"] / (n * d["km"])
        rows[n] = wall
        print(f"{n:>8} {wall:>7.2f} {race:>8.2f} {1e6 * race / d['decisions']:>13.2f} {d['rss_mb']:>8.0f} "
              f"{d['events']:>12,} {d['decisions']:>10,} {per_km:>16.4f} {10.0:>6.1f} {d['segments'] / d['km']:>10.2f}",
              flush=True)
    sizes = sorted(rows)
    for a, b in zip(sizes, sizes[1:]):
        ratio = rows[b] / rows[a]
        scaled = ratio / (b / a)
        print(f"time({b})/time({a}) = {ratio:.2f} for {b / a:.1f}x the runners ({scaled:.2f} of linear)"
              + ("  [doubling: must be <= 2.2]" if b == 2 * a else ""))
    print(f"({time.perf_counter() - t_all:.0f} s in all)")


if __name__ == "__main__":
    main()
