"""``python -m sim.collect <multirun dir>``: one table from every job of a Hydra multirun.

Each numbered job directory of a multirun holds ``.hydra/overrides.yaml`` and the job's
``results.csv`` (one race) or ``replicates.csv`` (``replicates`` > 1). The swept keys (overrides
given as a sweep in the multirun's ``multirun.yaml``, or whose value differs between jobs) become
columns, and these files are written into the multirun directory, replacing any earlier ones:

    sweep.csv, sweep.parquet   one row per job x replicate x runner
    sweep_summary.csv          one row per job: the swept keys, the number of replicates, the winner's
                               mean finish time with its 95 % confidence interval (Student t over
                               replicates), the mean finish time of all finishers and the DNF share
    sweep.png                  the winner's mean time with its 95 % CI against every swept key (--no-plot: none)

Jobs that failed or have not finished (no results file) are listed on stderr and left out. A job
whose table is corrupt (cut mid-row, unreadable, or with a row count that disagrees with its
``summary.json`` and ``run_info.json``) is listed as corrupt and left out, and so is a job the sweep
never started (a job of the sweep's ``multirun.yaml`` without a folder, as after Ctrl-C); either makes
the exit status 1. Every job of a sweep runs with the same ``seed`` unless ``seed`` is swept, so
sweep points share their random numbers (common random numbers): differences between them are not
blurred by different draws.
"""
import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd
import yaml

from sim.commands.boundary import guarded
from sim.errors import PacksimError
from sim.outputs.stats import t975
from sim.outputs.tables import FLOAT_FORMAT

COLUMNS = ["replicate", "runner", "place", "status", "t_finish_s", "tactic", "seed_time_s"]
@dataclass
class Job:
    """One job directory of the multirun."""
    num: int
    path: Path
    values: dict                # override key -> value (int/float/bool/str), from .hydra/overrides.yaml
    texts: dict                 # override key -> the override as written
    table: Optional[pd.DataFrame] = None
    problem: str = ""           # why the job is left out; '' = collected
    kind: str = ""              # '' (collected), failed, unfinished, corrupt or never started


def parse_overrides(lines):
    """({key: value}, {key: text}) of a job's Hydra overrides, values typed as Hydra types them (4 int, 4.0 float)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    values, texts = {}, {}
    for o in OverridesParser.create().parse_overrides(list(lines)):
        value = o.value()
        values[o.key_or_group] = value if value is None or isinstance(value, (bool, int, float, str)) \
            else o.get_value_element_as_str()
        texts[o.key_or_group] = o.input_line
    return values, texts


def swept_keys(root, jobs):
    """Keys swept in this multirun: sweeps in ``multirun.yaml``'s task overrides, then keys that differ between jobs."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    keys = []
    try:
        task = yaml.safe_load((root / "multirun.yaml").read_text())["hydra"]["overrides"]["task"]
        keys = [o.key_or_group for o in OverridesParser.create().parse_overrides(list(task))
                if o.is_sweep_override()]
    except Exception:
        pass  # no or unreadable multirun.yaml: fall back on what differs between the jobs
    all_keys = list(dict.fromkeys(k for j in jobs for k in j.values))
    for k in all_keys:
        seen = {repr(j.values.get(k, "<unset>")) for j in jobs}
        if len(seen) > 1 and k not in keys:
            keys.append(k)
    return [k for k in keys if not k.startswith("hydra.")]


class Corrupt(ValueError):
    """A job's results file exists but cannot be trusted (cut short, unreadable, inconsistent)."""


def read_job_table(job_dir):
    """The job's rows in :data:`COLUMNS`; raise ValueError if it has none, :class:`Corrupt` saying why if they
    cannot be trusted."""
    for name in ("replicates.csv", "results.csv"):
        path = job_dir / name
        if path.is_file():
            break
    else:
        raise ValueError("no results.csv or replicates.csv (failed or unfinished)")
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            if f.tell() == 0:
                raise Corrupt(f"{name} is empty")
            f.seek(-1, 2)
            if f.read(1) != b"\n":
                raise Corrupt(f"{name} is cut mid-row (its last line has no end)")
    except OSError as exc:
        raise Corrupt(f"{name} cannot be read ({type(exc).__name__})") from None
    try:
        return _check_counts(job_dir, name, _read_table(path, name))
    except Corrupt:
        raise
    except ValueError as exc:
        raise Corrupt(str(exc)) from None


def _check_counts(job_dir, name, df):
    """``df`` if its rows agree with the job's summary.json (starters) and run_info.json (replicates)."""
    import json
    try:
        summary = json.loads((job_dir / "summary.json").read_text())
        info = json.loads((job_dir / "run_info.json").read_text())
    except (OSError, ValueError) as exc:
        raise Corrupt(f"{name} is there but summary.json or run_info.json is missing or unreadable "
                      f"({type(exc).__name__}): the job did not finish writing") from None
    replicates = info.get("replicates") if isinstance(info, dict) else None
    starters = summary.get("starters") if isinstance(summary, dict) else None
    if not isinstance(replicates, int) or not isinstance(starters, int):
        raise Corrupt("summary.json or run_info.json does not give starters and replicates")
    n_reps = int(df.replicate.nunique())
    if n_reps != replicates or len(df) != replicates * starters:
        raise Corrupt(f"{name} has {len(df)} rows in {n_reps} replicate(s); summary.json and run_info.json "
                      f"say {replicates} x {starters} starters")
    return df


def _read_table(path, name):
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"unreadable {name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") \
            from None
    if name == "results.csv" and "replicate" not in df.columns:
        df.insert(0, "replicate", 0)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"unreadable {name}: missing column(s) {', '.join(missing)}")
    df = df[COLUMNS]
    for c, typ in (("replicate", int), ("place", int), ("t_finish_s", float), ("seed_time_s", float)):
        try:
            df[c] = pd.to_numeric(df[c], errors="raise").astype(typ)
        except (ValueError, TypeError):
            raise ValueError(f"unreadable {name}: column {c} has missing or non-numeric values "
                             "(rows cut short?)") from None
    finished = df.status == "finished"
    if df.empty or df.runner.isna().any() or not df.status.isin(["finished", "dnf"]).all() \
            or not np.isfinite(df.t_finish_s[finished]).all():
        raise ValueError(f"unreadable {name}: empty, or rows cut short")
    return df


def load_jobs(root):
    """Every numbered job directory of ``root``, in job order, each with its table or the reason it has none."""
    jobs = []
    for d in sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)):
        try:
            job = Job(int(d.name), d, *parse_overrides(yaml.safe_load((d / ".hydra" / "overrides.yaml").read_text())
                                                        or []))
        except Exception as exc:
            job = Job(int(d.name), d, {}, {}, problem=f"unreadable .hydra/overrides.yaml ({type(exc).__name__})")
            job.kind = "corrupt" if (d / ".hydra" / "overrides.yaml").exists() else "unfinished"
        if not job.problem:
            try:
                job.table = read_job_table(d)
            except Corrupt as exc:
                job.problem, job.kind = f"corrupt: {exc}", "corrupt"
            except ValueError as exc:
                job.problem = str(exc)
                job.kind = "failed" if (d / "error.txt").is_file() else "unfinished"
        jobs.append(job)
    have = {j.num for j in jobs}
    for num, overrides in enumerate(expected_jobs(root) or []):
        if num not in have:
            values, texts = parse_overrides(overrides)
            jobs.append(Job(num, root / str(num), values, texts, problem="never started (no job folder)",
                            kind="never started"))
    return sorted(jobs, key=lambda j: j.num)


def expected_jobs(root):
    """The overrides of every job the sweep in ``root`` meant to run (from ``multirun.yaml``), in job order;
    None when that cannot be told (no or unreadable multirun.yaml, another sweeper, a non-discrete sweep)."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser
    try:
        hydra_cfg = yaml.safe_load((root / "multirun.yaml").read_text())["hydra"]
        if "BasicSweeper" not in str(hydra_cfg["sweeper"].get("_target_", "")):
            return None
        params = [f"{k}={v}" for k, v in (hydra_cfg["sweeper"].get("params") or {}).items()]
        overrides = OverridesParser.create().parse_overrides([*params, *hydra_cfg["overrides"]["task"]])
        batches = BasicSweeper.split_arguments(overrides, None)
    except Exception:
        return None
    return [job for batch in batches for job in batch]


def _column_values(values):
    """A swept key's values as one column type: numbers stay numbers, anything mixed becomes text."""
    present = [v for v in values if v is not None]
    if all(isinstance(v, bool) for v in present) or \
            all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return values
    return [None if v is None else str(v) for v in values]


def sweep_table(jobs, keys):
    """One row per job x replicate x runner: job, the swept keys, then :data:`COLUMNS`."""
    good = [j for j in jobs if j.table is not None]
    parts = []
    for j in good:
        df = j.table.copy()
        df.insert(0, "job", j.num)
        parts.append(df)
    table = pd.concat(parts, ignore_index=True)
    sizes = [len(j.table) for j in good]
    for pos, k in enumerate(keys, start=1):
        per_job = _column_values([j.values.get(k) for j in good])
        table.insert(pos, k, np.repeat(np.array(per_job, dtype=object), sizes))
        table[k] = table[k].infer_objects()
    return table


def job_summary(table, keys):
    """One row per job: swept keys, replicates, winner's mean time and 95 % CI, mean finisher time, DNF share."""
    rows = []
    for job, df in table.groupby("job", sort=True):
        n = int(df.replicate.nunique())
        t_win = df.t_finish_s[df.place == 1].to_numpy()
        mean = float(t_win.mean()) if t_win.size else math.nan
        half = t975(t_win.size - 1) * float(t_win.std(ddof=1)) / math.sqrt(t_win.size) if t_win.size > 1 else math.nan
        finished = df.status == "finished"
        rows.append({"job": job, **{k: df[k].iloc[0] for k in keys}, "replicates": n,
                     "starters": int(len(df) // n), "winner_t_mean_s": mean,
                     "winner_t_ci95_low_s": mean - half, "winner_t_ci95_high_s": mean + half,
                     "finisher_t_mean_s": float(df.t_finish_s[finished].mean()) if finished.any() else math.nan,
                     "dnf_share": float((~finished).mean())})
    return pd.DataFrame(rows)


def _replace(path, write):
    """Write ``path`` through a temporary file beside it, so a failure leaves the old one whole."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def plot_key(summary, keys):
    """The first swept key whose value varies between jobs (numeric or not), or None: no figure without one."""
    return next((k for k in keys if summary[k].nunique(dropna=False) > 1), None)


def plot_sweep(summary, keys, x_key, path):
    """sweep.png: the winner's mean time with its 95 % CI against every swept key, a panel per key
    (``x_key`` first), the number of replicates per point in the legend (:func:`sim.outputs.plots.plot_sweep`)."""
    from sim.outputs.plots import plot_sweep as draw
    draw(summary, [x_key, *(k for k in keys if k != x_key)], path)


def collect(root, plot=True, err=sys.stderr):
    """Collect the multirun in ``root`` and write its tables; returns (sweep table, summary table, jobs, files)."""
    root = Path(root)
    if not root.is_dir():
        raise PacksimError(f"not a directory: {root}")
    jobs = load_jobs(root)
    if not jobs:
        raise PacksimError(f"no numbered job directories in {root} (give the directory of a Hydra multirun)")
    keys = swept_keys(root, jobs)
    for j in jobs:
        if j.problem:
            shown = [j.texts[k] for k in keys if k in j.texts] or list(j.texts.values())
            print(f"packsim collect: job {j.num} ({' '.join(shown) or 'no overrides'}) left out: {j.problem}",
                  file=err)
    if all(j.table is None for j in jobs):
        raise PacksimError(f"no job in {root} has a readable results.csv or replicates.csv "
                           f"({len(jobs)} job{'' if len(jobs) == 1 else 's'}{left_out_note(jobs)})")
    table = sweep_table(jobs, keys)
    summary = job_summary(table, keys)
    _replace(root / "sweep.csv", lambda p: table.to_csv(p, index=False, float_format=FLOAT_FORMAT))
    _replace(root / "sweep_summary.csv", lambda p: summary.to_csv(p, index=False, float_format=FLOAT_FORMAT))
    files = ["sweep.csv", "sweep_summary.csv"]
    try:
        import pyarrow  # noqa: F401  (pandas needs it for parquet)
        _replace(root / "sweep.parquet", lambda p: table.to_parquet(p, index=False))
        files.append("sweep.parquet")
    except ImportError:
        (root / "sweep.parquet").unlink(missing_ok=True)
        print("packsim collect: sweep.parquet not written: pyarrow is not installed", file=err)
    x_key = plot_key(summary, keys) if plot else None
    if x_key is not None:
        _replace(root / "sweep.png", lambda p: plot_sweep(summary, keys, x_key, p))
        files.append("sweep.png")
    else:
        (root / "sweep.png").unlink(missing_ok=True)   # never leave a figure of an earlier collection
    return table, summary, jobs, files


EXAMPLES = """\
Writes sweep.csv, sweep.parquet, sweep_summary.csv and sweep.png into the multirun directory.

examples:
  packsim -m weather.wind_speed_m_s=0,3,6 replicates=20 sim.plots=false
  packsim collect outputs/multirun/atlanta_2020_men/2026-03-01_10-00-00
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        print(f"packsim collect: error: {message} (usage: packsim collect <multirun dir>)", file=sys.stderr)
        sys.exit(2)


@guarded("packsim collect")
def main(argv=None):
    parser = _Parser(prog="packsim collect", description=__doc__.splitlines()[0] + " (also python -m sim.collect)",
                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EXAMPLES)
    parser.add_argument("multirun_dir", help="the directory of a Hydra multirun (holds the numbered job dirs)")
    parser.add_argument("--no-plot", action="store_true", help="do not write sweep.png")
    args = parser.parse_args(argv)
    table, summary, jobs, files = collect(args.multirun_dir, plot=not args.no_plot)
    n_ok = sum(j.table is not None for j in jobs)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(summary.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(f"Collected {n_ok} of {len(jobs)} jobs ({len(table)} rows) into {Path(args.multirun_dir)}: "
          f"{', '.join(files)}{left_out_note(jobs)}")
    if any(j.kind in ("corrupt", "never started") for j in jobs):
        sys.exit(1)


def left_out_note(jobs):
    """'; left out: 1 corrupt (job 1), 2 never started (jobs 3, 4)', or '' when every job was collected."""
    parts = []
    for kind in ("corrupt", "never started", "failed", "unfinished"):
        nums = [str(j.num) for j in jobs if j.kind == kind]
        if nums:
            parts.append(f"{len(nums)} {kind} (job{'s' if len(nums) > 1 else ''} {', '.join(nums)})")
    return f"; left out: {', '.join(parts)}" if parts else ""

if __name__ == "__main__":
    main()
