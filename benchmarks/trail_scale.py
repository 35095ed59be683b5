"""Benchmark: the mountain 100-milers on the per-runner scheduler of a mass race, beside a bare SimPy loop.

Run:  python benchmarks/trail_scale.py [--repeats 3] [--scenarios utmb_2023 western_states_2019]

For each scenario (full field, ``sim.crowd_scheduler=runners``: one SimPy process per runner) it prints
the runners, segments and runner-boundary events of one race, the race's wall and CPU time (median of
``--repeats``, after one race that warms the compiled kernel), and a bare SimPy loop of the same number
of processes and timeouts measured in the same run, with the two ratios engine / bare. Targets (issue 9):
UTMB under 60 s, Western States under 10 s, on one core.
"""
import argparse
import statistics
import time

import numpy as np
from hydra import compose, initialize_config_dir

from sim.config import register_schema
from sim.engine.crowd_race import CrowdSetup
from sim.inputs.load import load_config
from sim.inputs.paths import PROJECT_ROOT

from atlanta_replicate import bare_simpy_s


def config(scenario):
    register_schema()
    with initialize_config_dir(config_dir=str(PROJECT_ROOT / "conf"), version_base=None):
        return load_config(compose(config_name="config", overrides=[f"scenario={scenario}", "sim.crowd_scheduler=runners"]))


def timed_race(setup, seed):
    wall0, cpu0 = time.perf_counter(), time.process_time()
    result = setup.run(np.random.default_rng(seed), seed)
    return result, time.perf_counter() - wall0, time.process_time() - cpu0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scenarios", nargs="+", default=["utmb_2023", "western_states_2019"])
    args = parser.parse_args()
    for scenario in args.scenarios:
        cfg = config(scenario)
        setup = CrowdSetup(cfg)
        _, first_s, _ = timed_race(setup, cfg.seed)
        runs = [timed_race(setup, cfg.seed + k) for k in range(args.repeats)]
        result = runs[0][0]
        wall = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        events = int(result.stats["runner_segments"])
        n = len(result.field)
        per_runner = max(1, round(events / n))
        bare = statistics.median(bare_simpy_s(n, per_runner) for _ in range(args.repeats))
        bare_cpu = statistics.median(bare_simpy_s(n, per_runner, time.process_time) for _ in range(args.repeats))
        print(f"{scenario}: {n:,} runners x {result.course.n_segments} segments, {events:,} runner-boundary events")
        print(f"  first race        {first_s:.2f} s (compiles the kernel unless cached)")
        print(f"  one race          {wall:.2f} s wall, {cpu:.2f} s CPU (median of {args.repeats})")
        print(f"  bare SimPy        {bare:.2f} s wall, {bare_cpu:.2f} s CPU for {n:,} processes x {per_runner} timeouts")
        print(f"  engine / bare     {wall / bare:.1f}x wall, {cpu / bare_cpu:.1f}x CPU")
        print(f"  queued (median)   {np.nanmedian(result.queued_s):.0f} s; top 100 finishers "
              f"{np.nanmedian(result.queued_s[np.argsort(result.t_finish_s)[:100]]):.0f} s")


if __name__ == "__main__":
    main()
