"""``packsim run [key=value ...]`` (``python -m sim``): compose the config, run the race, write the outputs.

The only module that touches Hydra's composed config: it checks the overrides, turns the config
into typed dataclasses, runs the race and writes results into the Hydra run directory, then
``run_info.json`` (sim/commands/provenance.py). Bad input ends with one line on stderr, exit code 2, and no
run directory left behind. ``python -m sim --replay <run dir> [key=value ...]`` re-runs a run with
the overrides it recorded. A multirun whose jobs fail runs the other jobs, then names the failed
ones in one line (exit 2) instead of Hydra's traceback of the first. Any other failure and Ctrl-C end
in the error boundary (sim/commands/boundary.py): one line, exit 2 (130 for Ctrl-C), no half-made run.
"""
import os
import sys
from datetime import datetime, timezone

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode

from sim.commands.boundary import guarded, log_into
from sim.commands.preflight import check_overrides
from sim.commands.provenance import (
    JobFailed,
    failed_jobs_line,
    record_failure,
    replay_argv,
    run_info,
    write_run_info,
)
from sim.commands.run import run
from sim.commands.rundir import OutputDirRefused, finish, release
from sim.config import register_schema
from sim.inputs.load import load_config
from sim.errors import PacksimError, shorten
from sim.inputs.paths import CONF_DIR


def _fail(message, run_dir):
    """Bad input in a single run: one line on stderr, exit 2, and only what this run created removed.

    Exits inside the job: an exception would make Hydra log "Error executing job" first.
    """
    if run_dir is not None:
        release(run_dir)
    print(f"packsim: error: {message}", file=sys.stderr)
    sys.exit(2)


class _Crashed(BaseException):
    """Carries an unexpected exception of a single run past Hydra (which would log it) to the error boundary."""


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name="config")
def hydra_main(omegacfg):
    hc = HydraConfig.get()
    run_dir = hc.runtime.output_dir
    multirun = hc.mode == RunMode.MULTIRUN
    started = datetime.now(timezone.utc)
    log_into(hc.sweep.dir if multirun else None)
    try:
        cfg = load_config(omegacfg)
        progress = cfg.sim.progress and sys.stderr.isatty() and not multirun
        named_focal = any(o.split("=", 1)[0].lstrip("+~") == "focal" for o in hc.overrides.task)
        run(cfg, run_dir, progress=progress, require_focal=named_focal)
        write_run_info(run_dir, run_info(cfg, hc.overrides.task, run_dir, started,
                                         job_num=hc.job.num if multirun else None))
        if not multirun:
            finish(run_dir)
    except PacksimError as exc:
        if multirun:
            raise JobFailed(record_failure(run_dir, exc), hc.sweep.dir) from None
        _fail(str(exc), run_dir)
    except Exception as exc:
        if multirun:
            raise JobFailed(record_failure(run_dir, exc), hc.sweep.dir) from exc
        raise _Crashed(exc) from None   # the boundary releases the run directory and reports it


def _run_hydra():
    """Run Hydra; bad input anywhere (the run directory, a job) ends with one line, exit 2.

    Hydra re-raises a failure inside its own reporting, which prints a traceback; with
    HYDRA_FULL_ERROR set it lets the exception through to us instead. In a multirun, Hydra runs every
    job first and a failed job ends it with one line naming every failed job. Hydra's and OmegaConf's
    own errors (composing the config) become one line; any other error goes on to the error boundary.
    """
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    full_error = os.environ.get("HYDRA_FULL_ERROR")
    os.environ["HYDRA_FULL_ERROR"] = "1"
    try:
        hydra_main()
    except _Crashed as crashed:
        raise crashed.args[0] from None
    except JobFailed as exc:
        raise PacksimError(failed_jobs_line(exc.sweep_dir, exc.message)) from None
    except (HydraException, OmegaConfBaseException) as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        raise PacksimError(f"{type(exc).__name__}: {shorten(' '.join(lines[:2]), 300)}") from exc
    finally:
        if full_error is None:
            os.environ.pop("HYDRA_FULL_ERROR", None)
        else:
            os.environ["HYDRA_FULL_ERROR"] = full_error


@guarded("packsim")
def main(argv=None):
    """``python -m sim``; ``argv`` (default ``sys.argv[1:]``) as on the command line."""
    if argv is not None:
        sys.argv[1:] = list(argv)
    sys.argv[1:] = replay_argv(sys.argv[1:])
    check_overrides(sys.argv[1:])
    register_schema()
    try:
        _run_hydra()
    except OutputDirRefused as exc:   # refused before Hydra wrote anything
        raise exc.args[0] from None
