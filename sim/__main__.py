"""``python -m sim [key=value ...]``: compose the config, run the race, write the outputs.

The only module that touches Hydra's composed config: it checks the overrides, turns the config
into typed dataclasses, runs the race and writes results into the Hydra run directory, then
``run_info.json`` (sim/commands/provenance.py). Bad input ends with one line on stderr, exit code 2, and no
run directory left behind. ``python -m sim --replay <run dir> [key=value ...]`` re-runs a run with
the overrides it recorded. A multirun whose jobs fail runs the other jobs, then names the failed
ones in one line (exit 2) instead of Hydra's traceback of the first.
"""
import os
import sys
from datetime import datetime, timezone

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode

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
from sim.commands.rundir import OutputDirRefused, release
from sim.config import from_omegaconf, register_schema
from sim.errors import PacksimError
from sim.inputs.paths import CONF_DIR


def _fail(message, run_dir):
    """Bad input in a single run: one line on stderr, exit 2, and only what this run created removed."""
    if run_dir is not None:
        release(run_dir)
    print(f"packsim: error: {message}", file=sys.stderr)
    sys.exit(2)


@hydra.main(version_base="1.3", config_path=str(CONF_DIR), config_name="config")
def hydra_main(omegacfg):
    hc = HydraConfig.get()
    run_dir = hc.runtime.output_dir
    multirun = hc.mode == RunMode.MULTIRUN
    started = datetime.now(timezone.utc)
    try:
        cfg = from_omegaconf(omegacfg)
        progress = cfg.sim.progress and sys.stderr.isatty() and not multirun
        named_focal = any(o.split("=", 1)[0].lstrip("+~") == "focal" for o in hc.overrides.task)
        run(cfg, run_dir, progress=progress, require_focal=named_focal)
        write_run_info(run_dir, run_info(cfg, hc.overrides.task, run_dir, started,
                                         job_num=hc.job.num if multirun else None))
    except PacksimError as exc:
        if multirun:
            raise JobFailed(record_failure(run_dir, exc), hc.sweep.dir) from None
        _fail(str(exc), run_dir)
    except Exception as exc:
        if multirun:
            raise JobFailed(record_failure(run_dir, exc), hc.sweep.dir) from exc
        raise


def _run_hydra():
    """Run Hydra; bad input anywhere (the run directory, a job) ends with one line, exit 2.

    Hydra re-raises a failure inside its own reporting, which prints a traceback; with
    HYDRA_FULL_ERROR set it lets the exception through to us instead. In a multirun, Hydra runs every
    job first and a failed job ends it with one line naming every failed job. Any other error is handed
    back to Hydra's reporting, as without this wrapper.
    """
    if os.environ.get("HYDRA_FULL_ERROR") == "1":   # the user asked for Hydra's full tracebacks
        hydra_main()
        return
    os.environ["HYDRA_FULL_ERROR"] = "1"
    try:
        hydra_main()
    except JobFailed as exc:
        print(f"packsim: error: {failed_jobs_line(exc.sweep_dir, exc.message)}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:
        del os.environ["HYDRA_FULL_ERROR"]
        from hydra._internal.utils import run_and_report
        error = exc

        def reraise():
            raise error
        run_and_report(reraise)
    finally:
        os.environ.pop("HYDRA_FULL_ERROR", None)


def main():
    try:
        sys.argv[1:] = replay_argv(sys.argv[1:])
        check_overrides(sys.argv[1:])
    except PacksimError as exc:
        print(f"packsim: error: {exc}", file=sys.stderr)
        sys.exit(2)
    register_schema()
    try:
        _run_hydra()
    except OutputDirRefused as exc:   # refused before Hydra wrote anything
        print(f"packsim: error: {exc.args[0]}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":   # python -m sim: the packsim command (run is its default sub-command)
    from sim.cli import main as packsim
    packsim()
