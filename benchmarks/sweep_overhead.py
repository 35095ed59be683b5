"""What sweeps cost: Atlanta replicates per second on 1 and 2 workers, and Hydra's per-job overhead.

    python benchmarks/sweep_overhead.py [--replicates 6] [--jobs 20]

1. ``run_replicates`` on the default scenario (228 runners), ``sim.workers`` = 1 and 2: replicates/s.
2. A ``--jobs``-job multirun of the 3 km test course (``seed=range(0, jobs)``) with the basic launcher
   (and with ``hydra/launcher=parallel`` on 2 processes when hydra-joblib-launcher is installed):
   overhead per job = (multirun wall clock - start-up - the jobs' own work) / jobs, where a job's own
   work is the ``wall_s`` in its run_info.json (config to outputs written) and start-up is a single
   run's wall clock less its own work. With parallel jobs the work overlaps, so the figure there is the
   wall clock per job against the basic launcher's.
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"
SMALL = [f"course.profile={DATA / 'hilly_3k.csv'}", f"field.roster={DATA / 'roster_small.csv'}", "field.size=24",
         "field.generated_seed_time_min_s=7900", "sim.plots=false", "sim.print_summary=false"]


def replicates_per_second(n, workers):
    from sim.commands.replicates import run_replicates
    from sim.commands.study import compose
    cfg = compose([f"replicates={n}"])
    t0 = time.perf_counter()
    run_replicates(cfg, workers)
    wall = time.perf_counter() - t0
    return n / wall, wall


def cli(*args):
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"python -m sim {' '.join(args)} failed:\n{proc.stderr}")
    return time.perf_counter() - t0


def job_work_s(run_dir):
    return json.loads((Path(run_dir) / "run_info.json").read_text())["wall_s"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=6, help="Atlanta replicates per measurement")
    parser.add_argument("--jobs", type=int, default=20, help="jobs in the multirun")
    args = parser.parse_args()

    for workers in (1, 2):
        rate, wall = replicates_per_second(args.replicates, workers)
        print(f"atlanta replicates, {workers} worker{'s' if workers > 1 else ' '}  {rate:5.3f} /s  "
              f"({args.replicates} in {wall:.1f} s, {wall / args.replicates:.2f} s each)")

    with tempfile.TemporaryDirectory() as tmp:
        single = Path(tmp) / "single"
        wall = cli(*SMALL, f"hydra.run.dir={single}")
        startup = wall - job_work_s(single)
        print(f"single tiny run         {wall:.2f} s wall, {job_work_s(single):.3f} s own work, "
              f"{startup:.2f} s start-up")
        launchers = [("basic", [])]
        try:
            import hydra_plugins.hydra_joblib_launcher  # noqa: F401
            launchers.append(("parallel x2", ["hydra/launcher=parallel", "hydra.launcher.n_jobs=2", "sim.workers=1"]))
        except ImportError:
            print("(hydra-joblib-launcher not installed: the parallel launcher is not measured)")
        basic_per_job = None
        for name, extra in launchers:
            d = Path(tmp) / name.replace(" ", "_")
            wall = cli("-m", *extra, f"seed=range(0,{args.jobs})", *SMALL, f"hydra.sweep.dir={d}")
            work = sum(job_work_s(d / str(k)) for k in range(args.jobs))
            per_job = (wall - startup - work) / args.jobs
            line = (f"{args.jobs}-job multirun, {name:<11s} {wall:6.2f} s wall, jobs' own work {work:.2f} s, "
                    f"overhead {1000 * per_job:.0f} ms/job")
            if basic_per_job is None:
                basic_per_job = wall / args.jobs
            else:
                line += f"; {1000 * wall / args.jobs:.0f} ms wall/job vs {1000 * basic_per_job:.0f} basic"
            print(line)


if __name__ == "__main__":
    main()
