"""Monte Carlo replicates of one race inside one run.

Replicate ``k`` draws everything random from ``np.random.default_rng(children[k])`` with
``children = np.random.SeedSequence(cfg.seed).spawn(cfg.replicates)`` (STYLE.md 8), so its result
depends on the seed and ``k`` only: never on how many worker processes ran it, nor on the order in
which they finished. One replicate costs about as much as one Hydra job (FACTS.md), so batching
replicates inside a job rather than sweeping ``seed`` saves the per-job overhead.

Each worker process builds its :class:`~sim.engine.race.RaceSetup` once and sends back compact flat
records only: the results rows and the splits at halfway and at the finish, not every event.
"""
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from sim.engine.race import RaceSetup
from sim.records import ReplicateResultRecord, ReplicateSplitRecord


@dataclass
class Replicates:
    """The compact records of every replicate, in replicate order, and what they were run on."""
    results: list               # ReplicateResultRecord, replicate by replicate, each in finishing order
    splits: list                # ReplicateSplitRecord at halfway and the finish
    n: int
    seed: int
    course_name: str
    distance_m: float
    workers: int                # processes used (1 = in this process)


def worker_count(workers, n):
    """Processes to use for ``n`` replicates: ``workers`` (0 = every core this process may use), at most ``n``."""
    if workers == 0:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(workers, n))


def compact(result, k):
    """The compact records of replicate ``k`` from its :class:`~sim.engine.race.RaceResult`."""
    cps = result.course.checkpoint_m
    keep = {int(np.argmin(np.abs(cps - result.course.distance_m / 2.0))), len(cps) - 1}
    results = [ReplicateResultRecord(k, r.runner, r.place, r.status, r.t_finish_s, r.tactic, r.seed_time_s)
               for r in result.results]
    splits = [ReplicateSplitRecord(k, s.runner, s.distance_m, s.t_s, s.pack_size)
              for s in result.splits if s.checkpoint in keep]
    return results, splits


def run_one(setup, k, seed_seq):
    """Replicate ``k``, its generator built from the spawned ``seed_seq``."""
    result = setup.run(np.random.default_rng(seed_seq), setup.cfg.seed)
    return compact(result, k)


# A worker process builds its RaceSetup once (in the pool initializer) and reuses it for every
# replicate it is handed; a module global is how a ProcessPoolExecutor initializer passes state on.
_worker_setup = None


def _init_worker(cfg):
    global _worker_setup
    _worker_setup = RaceSetup(cfg)


def _run_in_worker(k, seed_seq):
    return run_one(_worker_setup, k, seed_seq)


def run_replicates(cfg, workers=0, progress=False):
    """Run ``cfg.replicates`` replicates of the race on ``workers`` processes; returns :class:`Replicates`.

    ``workers`` = 1 runs them in this process, 0 uses every core. ``progress`` shows a bar over
    replicates on stderr. A :class:`~sim.errors.PacksimError` in any replicate stops the rest.
    """
    from tqdm import tqdm

    n = cfg.replicates
    children = np.random.SeedSequence(cfg.seed).spawn(n)
    setup = RaceSetup(cfg)   # here too: bad input fails before any worker starts, and gives the course
    n_workers = worker_count(workers, n)
    done = {}
    with tqdm(total=n, unit="replicate", desc="replicates", disable=not progress, file=sys.stderr) as bar:
        if n_workers == 1:
            for k, child in enumerate(children):
                done[k] = run_one(setup, k, child)
                bar.update(1)
        else:
            pool = ProcessPoolExecutor(n_workers, initializer=_init_worker, initargs=(cfg,))
            try:
                futures = {pool.submit(_run_in_worker, k, child): k for k, child in enumerate(children)}
                for f in as_completed(futures):
                    done[futures[f]] = f.result()
                    bar.update(1)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
    results = [r for k in range(n) for r in done[k][0]]
    splits = [s for k in range(n) for s in done[k][1]]
    return Replicates(results, splits, n, cfg.seed, setup.course.name, float(setup.course.distance_m), n_workers)


def _p(entry, key):
    p, se = entry[key], entry[key + "_se"]
    return f"{p:5.3f}±{se:5.3f}"


def _place(p):
    return "-" if p is None else str(p)


def print_replicate_summary(summary, wall_s=None, workers=None, top=10, out=print):
    """The printed table: the likeliest winners and the focal runners, from ``summary.json``'s dict."""
    took = f", {wall_s:.1f} s" if wall_s is not None else ""
    on = f" on {workers} process{'es' if workers != 1 else ''}" if workers else ""
    out(f"\n{summary['scenario']}: {summary['course']['name']}, {summary['replicates']} replicates of "
        f"{summary['starters']} starters (seed {summary['seed']}{took}{on})")
    win = summary["winning_time"]
    if win["n"]:
        out(f"Winning time: median {win['time_p50']} (p10 {win['time_p10']}, p90 {win['time_p90']})")
    header = (f"  {'':<24s} {'P(win)':>11s} {'P(podium)':>11s} {'P(top10)':>11s} {'P(DNF)':>11s}  {'median':>7s}  "
              f"{'time p10-p90':<17s}  {'place p10/p50/p90':>17s}")

    def line(e):
        places = "/".join(_place(e.get(f"place_p{q}")) for q in (10, 50, 90))
        return (f"  {e['runner']:<24s} {_p(e, 'p_win')} {_p(e, 'p_podium')} {_p(e, 'p_top10')} {_p(e, 'p_dnf')}  "
                f"{e['time_p50'] or '-':>7s}  {(e['time_p10'] or '-') + '-' + (e['time_p90'] or '-'):<17s}  "
                f"{places:>17s}")

    out("Most likely winners:")
    out(header)
    for e in summary["runners"][:top]:
        out(line(e))
    by_name = {e["runner"]: e for e in summary["runners"]}
    focal = [by_name[name] for name in summary["focal"] if name in by_name]
    if focal:
        out("Focal runners:")
        out(header)
        for e in focal:
            out(line(e))
