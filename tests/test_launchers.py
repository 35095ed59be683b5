"""Sweeps through the launchers shipped in conf/hydra/launcher/, and what a failed job looks like.

The joblib (`parallel`) and submitit-local (`slurm_local`) launchers run real sweeps on the tiny
course; the SLURM launcher cannot run here, so its config is composed and rendered into the sbatch
script submitit would submit; the Ray test runs only where ray and hydra-ray-launcher are installed
(the `ray` extra) and Ray can start.
"""
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SMALL, run_cli
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra

FIELD = 24


def has(module):
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


needs_joblib = pytest.mark.skipif(not has("hydra_plugins.hydra_joblib_launcher"),
                                  reason="hydra-joblib-launcher not installed (pip install -e '.[cluster]')")
needs_submitit = pytest.mark.skipif(not has("hydra_plugins.hydra_submitit_launcher"),
                                    reason="hydra-submitit-launcher not installed (pip install -e '.[cluster]')")


def sweep(launcher_args, d, *more):
    return run_cli("-m", *launcher_args, "sim.workers=1", *SMALL, "sim.print_summary=false",
                   f"hydra.sweep.dir={d}", *more)


def collect(d):
    proc = subprocess.run([sys.executable, "-m", "sim.collect", "--no-plot", str(d)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return pd.read_csv(d / "sweep.csv")


@needs_joblib
def test_parallel_launcher_runs_a_sweep_that_collect_gathers(tmp_path):
    d = tmp_path / "sweep"
    proc = sweep(["hydra/launcher=parallel", "hydra.launcher.n_jobs=2"], d, "seed=1,2")
    assert proc.returncode == 0, proc.stderr
    assert "Joblib.Parallel(n_jobs=2" in proc.stdout + proc.stderr
    table = collect(d)
    assert len(table) == 2 * FIELD and sorted(table.seed.unique()) == [1, 2]
    assert (d / "0" / "run_info.json").is_file() and (d / "1" / "run_info.json").is_file()


def compose_hydra(*overrides):
    from sim.config import register_schema
    register_schema()
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(ROOT / "conf"), version_base="1.3"):
        return compose("config", overrides=list(overrides), return_hydra_config=True)


@needs_submitit
def test_slurm_launcher_config_composes_into_an_sbatch_script(tmp_path, monkeypatch):
    import submitit
    from hydra.core.hydra_config import HydraConfig
    from hydra.utils import instantiate
    from hydra_plugins.hydra_submitit_launcher.config import BaseQueueConf
    from omegaconf import OmegaConf

    cfg = compose_hydra("hydra/launcher=slurm", f"hydra.sweep.dir={tmp_path}", "hydra.launcher.partition=short")
    launcher = cfg.hydra.launcher
    assert launcher._target_ == "hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher"
    assert (launcher.timeout_min, launcher.cpus_per_task, launcher.mem_gb) == (60, 4, 4)
    assert launcher.array_parallelism == 64 and launcher.max_num_timeout == 0
    assert compose_hydra("hydra/launcher=slurm").hydra.launcher.partition is None   # sbatch's default

    HydraConfig.instance().set_config(cfg)
    params = instantiate(launcher).params
    # What SlurmLauncher.launch does before submitting, with a stand-in srun so submitit accepts this machine.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "srun").write_text("#!/bin/sh\nexit 0\n")
    (bin_dir / "srun").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    executor = submitit.AutoExecutor(cluster="slurm", folder=params["submitit_folder"],
                                     slurm_max_num_timeout=params["max_num_timeout"])
    base = set(OmegaConf.structured(BaseQueueConf).keys())
    executor.update_parameters(**{k if k in base else f"slurm_{k}": v for k, v in params.items()
                                  if k not in ("submitit_folder", "max_num_timeout")})
    script = executor._executor._make_submission_file_text("python -u -m submitit.core._submit x", "uid")
    for line in ("--cpus-per-task=4", "--mem=4GB", "--time=60", "--partition=short", "--job-name=packsim"):
        assert f"#SBATCH {line}" in script, script
    assert str(tmp_path / ".submitit") in script


@needs_submitit
def test_submitit_local_executor_runs_the_jobs(tmp_path):
    d = tmp_path / "sweep"
    proc = sweep(["hydra/launcher=slurm_local"], d, "seed=1,2")
    assert proc.returncode == 0, proc.stderr
    assert "Submitit 'local'" in proc.stdout + proc.stderr
    assert (d / ".submitit").is_dir()
    table = collect(d)
    assert len(table) == 2 * FIELD and sorted(table.seed.unique()) == [1, 2]


def test_failed_jobs_are_one_line_and_the_others_run(tmp_path):
    d = tmp_path / "sweep"
    proc = sweep([], d, "weather.wind_speed_m_s=-1,4,-2")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("packsim: error: 2 of 3 jobs failed: job 0 (weather.wind_speed_m_s=-1): "), proc.stderr
    assert "job 2 (weather.wind_speed_m_s=-2)" in last and f"python -m sim.collect {d}" in last
    assert "must be >= 0" in (d / "0" / "error.txt").read_text()
    assert (d / "1" / "results.csv").is_file() and not (d / "1" / "error.txt").exists()


@needs_joblib
def test_failed_job_in_a_worker_process_is_one_line(tmp_path):
    d = tmp_path / "sweep"
    proc = sweep(["hydra/launcher=parallel", "hydra.launcher.n_jobs=2"], d, "weather.wind_speed_m_s=4,-1")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith(
        "packsim: error: 1 of 2 jobs failed: job 1 (weather.wind_speed_m_s=-1)"), proc.stderr


def test_ray_launcher_runs_a_sweep(tmp_path):
    missing = [m for m in ("ray", "hydra_plugins.hydra_ray_launcher") if not has(m)]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not importable: the Ray launcher needs pip install -e '.[ray]'")
    d = tmp_path / "sweep"
    # Ray's session folder (auth token off, FACTS.md) holds UNIX sockets whose paths must stay under 108 bytes:
    # pytest's tmp_path is too long for that, so a short folder in the system temp dir, removed afterwards.
    ray_tmp = tmp_path / "ray" if len(str(tmp_path)) < 30 else Path(tempfile.mkdtemp(prefix="ray"))
    ray_tmp.mkdir(exist_ok=True)
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    try:
        proc = subprocess.run([sys.executable, "-m", "sim", "-m", "hydra/launcher=ray_local", "sim.workers=1", *SMALL,
                               "sim.print_summary=false", "seed=1,2", f"hydra.sweep.dir={d}",
                               f"+hydra.launcher.ray.init._temp_dir={ray_tmp}", "hydra.launcher.ray.init.num_cpus=2"],
                              capture_output=True, text=True, cwd=ROOT, timeout=300, env=env)
    finally:
        shutil.rmtree(ray_tmp, ignore_errors=True)
    if proc.returncode != 0 and not (d / "0").is_dir():
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"Ray could not start here: {last}")
    assert proc.returncode == 0, proc.stderr
    table = collect(d)
    assert len(table) == 2 * FIELD and sorted(table.seed.unique()) == [1, 2]
