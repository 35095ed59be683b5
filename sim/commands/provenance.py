"""What a run was made with (``run_info.json``), replaying a run, and the failed jobs of a multirun.

``run_info.json`` records the package version, the project's git commit (when it is run from a git
checkout), Python and the main libraries, the seed, the overrides and the command that replays the
run. It also holds wall-clock times, so unlike results/splits/events/summary it differs between a run
and its replay. ``python -m sim --replay <run dir>`` re-runs a run from its ``.hydra/overrides.yaml``.

A job of a multirun that fails leaves ``error.txt`` (the error, and the traceback of an unexpected
one) in its job directory; :func:`failed_jobs_line` turns those into the one line the entry point prints.
"""
import functools
import json
import os
import platform
import shlex
import subprocess
import sys
import traceback
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import yaml

from sim.errors import PacksimError
from sim.inputs.paths import PROJECT_ROOT

LIBRARIES = ("numpy", "simpy", "pandas", "hydra-core", "omegaconf")
ERROR_FILE = "error.txt"


class JobFailed(PacksimError):
    """A job of a multirun failed; carries the sweep directory so the entry point can list every failure.

    Both values live in ``args`` so the exception survives pickling back from a launcher's worker process.
    """

    def __init__(self, message, sweep_dir):
        super().__init__(message, str(sweep_dir))
        self.message, self.sweep_dir = message, str(sweep_dir)

    def __str__(self):
        return self.message


@functools.lru_cache(maxsize=None)   # a metadata look-up scans site-packages: once per process, not per job
def _version(dist):
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _git(*args):
    out = subprocess.run(["git", "-C", str(PROJECT_ROOT), *args], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        raise OSError(out.stderr.strip())
    return out.stdout.strip()


@functools.lru_cache(maxsize=1)
def git_state():
    """(commit, dirty) of the project's checkout, or (None, None) outside one (an installed package, no git)."""
    if not (PROJECT_ROOT / ".git").exists():   # never ask git about a repository the package merely sits in
        return None, None
    try:
        commit = _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no") != ""
    except (OSError, subprocess.SubprocessError):
        return None, None
    return commit, dirty


def run_info(cfg, overrides, run_dir, started_at=None, job_num=None):
    """The ``run_info.json`` dict of a run of ``cfg`` with the command-line ``overrides``, written in ``run_dir``."""
    commit, dirty = git_state()
    now = datetime.now(timezone.utc)
    started = started_at or now
    return {
        "packsim_version": _version("packsim"),
        "git_commit": commit,
        "git_dirty": dirty,               # uncommitted changes to tracked files: the commit alone does not replay it
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": {name: _version(name) for name in LIBRARIES},
        "scenario": cfg.scenario,
        "seed": cfg.seed,
        "replicates": cfg.replicates,
        "overrides": list(overrides),
        "job_num": job_num,               # the job of a multirun; null for a single run
        "cwd": os.getcwd(),               # relative paths in the overrides are resolved from here
        "command": shlex.join(["python", "-m", "sim", *overrides]),
        "replay": shlex.join(["python", "-m", "sim", "--replay", str(run_dir)]),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": now.isoformat(timespec="seconds"),
        "wall_s": round((now - started).total_seconds(), 3),
    }


def write_run_info(run_dir, info):
    """Write ``run_info.json`` into ``run_dir`` through a temporary file (never half-written)."""
    path = Path(run_dir) / "run_info.json"
    tmp = path.with_name(".run_info.json.tmp")
    tmp.write_text(json.dumps(info, indent=2) + "\n")
    tmp.replace(path)


def _override_keys(overrides):
    from hydra.core.override_parser.overrides_parser import OverridesParser
    return {o.key_or_group for o in OverridesParser.create().parse_overrides(list(overrides))}


def replay_argv(args, err=sys.stderr):
    """The command-line arguments that replay the run named by ``--replay <run dir>`` in ``args``.

    The run's overrides come first; every other argument follows, and an override of a key the run
    already set replaces the run's (``hydra.run.dir=...`` picks where the replay goes). Raises
    :class:`PacksimError` if the directory holds no ``.hydra/overrides.yaml``. Notes on ``err`` when
    the run was made with another version or commit.
    """
    args = list(args)
    for i, a in enumerate(args):
        if a == "--replay" or a.startswith("--replay="):
            if "=" in a:
                run_dir, rest = a.split("=", 1)[1], args[:i] + args[i + 1:]
            elif i + 1 < len(args):
                run_dir, rest = args[i + 1], args[:i] + args[i + 2:]
            else:
                raise PacksimError("--replay needs a run directory: python -m sim --replay <run dir> [key=value ...]")
            break
    else:
        return args
    path = Path(run_dir) / ".hydra" / "overrides.yaml"
    try:
        recorded = yaml.safe_load(path.read_text()) or []
    except (OSError, yaml.YAMLError) as exc:
        raise PacksimError(f"--replay {run_dir}: cannot read {path} ({type(exc).__name__}); give the directory "
                           "of a run (it holds .hydra/)") from None
    if not isinstance(recorded, list) or not all(isinstance(o, str) for o in recorded):
        raise PacksimError(f"--replay {run_dir}: {path} is not a list of overrides")
    extra = [a for a in rest if not a.startswith("-")]
    try:
        replaced = _override_keys(extra)
        recorded = [o for o in recorded if next(iter(_override_keys([o]))) not in replaced]
    except Exception:
        pass   # an unparsable extra override: the preflight check reports it
    _note_differences(Path(run_dir), err)
    return [*recorded, *rest]


def _note_differences(run_dir, err):
    try:
        info = json.loads((run_dir / "run_info.json").read_text())
    except (OSError, ValueError):
        return
    commit, dirty = git_state()
    then = (info.get("packsim_version"), info.get("git_commit"))
    now = (_version("packsim"), commit)
    if then != now:
        def show(version, commit_, dirty_):
            return f"packsim {version}, commit {(commit_ or 'unknown')[:12]}{' with local changes' if dirty_ else ''}"
        print(f"packsim: note: {run_dir} was made with {show(*then, info.get('git_dirty'))}; this is "
              f"{show(*now, dirty)}: results may differ", file=err)


def record_failure(job_dir, exc):
    """Write ``error.txt`` for a failed job; returns the one-line message."""
    message = str(exc) if isinstance(exc, PacksimError) else f"{type(exc).__name__}: {exc}"
    text = message + "\n"
    if not isinstance(exc, PacksimError):
        text += "\n" + "".join(traceback.format_exception(exc))
    try:
        (Path(job_dir) / ERROR_FILE).write_text(text)
    except OSError:
        pass   # the summary falls back on the exception's own message
    return message


def failed_jobs_line(sweep_dir, fallback, shown=3):
    """One line naming the failed jobs of the multirun in ``sweep_dir`` (from their ``error.txt``)."""
    from sim.commands.collect import Job, parse_overrides, swept_keys

    root = Path(sweep_dir)
    jobs, failed = [], []
    for d in sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)) \
            if root.is_dir() else []:
        try:
            job = Job(int(d.name), d, *parse_overrides(yaml.safe_load((d / ".hydra" / "overrides.yaml").read_text())
                                                        or []))
        except Exception:
            job = Job(int(d.name), d, {}, {})
        jobs.append(job)
        if (d / ERROR_FILE).is_file():
            first = (d / ERROR_FILE).read_text().splitlines()
            failed.append((job, first[0] if first else "failed"))
    if not failed:
        return f"a job failed: {fallback}; the other jobs' results: python -m sim.collect {shlex.quote(str(root))}"
    keys = swept_keys(root, jobs)
    parts = []
    for job, message in failed[:shown]:
        texts = [job.texts[k] for k in keys if k in job.texts] or list(job.texts.values())
        parts.append(f"job {job.num} ({' '.join(texts) or 'no overrides'}): {message}")
    more = f"; and {len(failed) - shown} more" if len(failed) > shown else ""
    return (f"{len(failed)} of {len(jobs)} jobs failed: {'; '.join(parts)}{more} (each job's {ERROR_FILE}); "
            f"the other jobs' results: python -m sim.collect {shlex.quote(str(root))}")
