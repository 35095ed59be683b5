"""Benchmark: one Atlanta replicate against a bare SimPy loop of the same event count.

Run:  python benchmarks/atlanta_replicate.py [--repeats 5]

Prints the wall time of one replicate of the default scenario (field, weather and gusts drawn,
race run, records collected; no file output), its CPU time (less sensitive to other work on the
machine), its runner-segment events per second, and the same
number of bare ``env.timeout`` events through SimPy with as many processes, measured in this run, and
the two ratios engine / bare (wall time and CPU time). The first race, which compiles the kernel, is
timed apart.
"""
import argparse
import statistics
import time

import numpy as np
import simpy
from hydra import compose, initialize_config_dir

from sim.config import register_schema
from sim.inputs.load import load_config
from sim.engine.race import RaceSetup
from sim.inputs.paths import PROJECT_ROOT


def bare_simpy_s(n_processes, events_per_process, clock=time.perf_counter):
    """Seconds (of ``clock``) for n processes each yielding ``events_per_process`` timeouts, nothing else."""
    def proc(env, dt):
        for _ in range(events_per_process):
            yield env.timeout(dt)
    env = simpy.Environment()
    for i in range(n_processes):
        env.process(proc(env, 1.0 + 1e-3 * i))
    t0 = clock()
    env.run()
    return clock() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. field.size=500")
    args = parser.parse_args()
    register_schema()
    with initialize_config_dir(config_dir=str(PROJECT_ROOT / "conf"), version_base="1.3"):
        cfg = load_config(compose("config", overrides=args.overrides))
    setup = RaceSetup(cfg)
    t0 = time.perf_counter()
    setup.run(np.random.default_rng(cfg.seed), cfg.seed)   # the first race compiles the kernel (or loads its cache)
    first = time.perf_counter() - t0
    walls, cpus = [], []
    for r in range(args.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = setup.run(np.random.default_rng(cfg.seed + r), cfg.seed + r)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    n_runners, n_segments = len(result.runners), setup.course.n_segments
    events = n_runners * (n_segments + 1)
    bare = statistics.median(bare_simpy_s(n_runners, n_segments + 1) for _ in range(args.repeats))
    bare_cpu = statistics.median(bare_simpy_s(n_runners, n_segments + 1, time.process_time)
                                 for _ in range(args.repeats))
    wall = statistics.median(walls)
    print(f"scenario            {cfg.scenario}: {n_runners} runners x {n_segments} segments")
    print(f"replicate wall      median {wall:.3f} s  (min {min(walls):.3f}, max {max(walls):.3f}, n={args.repeats})")
    print(f"replicate CPU       median {statistics.median(cpus):.3f} s  (min {min(cpus):.3f}, process time)")
    print(f"runner-segment ev/s {events / wall:,.0f}  ({events:,} events, {1e6 * wall / events:.1f} us each)")
    print(f"bare SimPy ev/s     {events / bare:,.0f}  ({1e6 * bare / events:.2f} us each, same event count)")
    print(f"first race          {first:.2f} s  (compiling the kernel, or loading it from numba's cache)")
    print(f"engine / bare       {wall / bare:.1f}x wall, {statistics.median(cpus) / bare_cpu:.1f}x CPU")


if __name__ == "__main__":
    main()
