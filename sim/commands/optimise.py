"""``python -m sim.optimise``: where should a runner surge? A tactic tuned with Optuna over replicated races.

The named runner keeps the knobs of its tactic but becomes kind ``surge`` (README "Tactics"), with
one surge starting at ``surge_at_m`` (and, if a range is given, a lift ``surge_lift``); everyone else
is unchanged. Each trial runs the same ``replicates`` races (common random numbers, sim/commands/study.py) and
scores the runner's mean finish time (``time``; a DNF counts as the time limit), mean place (``place``;
DNF = field size + 1) or probability of winning (``win``). Optuna's TPE sampler [1]_ proposes the
trials; the runner's own tactic, without the surge, is scored first as the baseline.

Optuna is driven directly rather than through hydra-optuna-sweeper, which pins optuna 2.10 (FACTS.md).
Give ``storage`` (e.g. ``sqlite:///surge.db``) and ``study_name`` to keep a study and resume it.
Needs Optuna (``pip install -e '.[research]'``).

.. [1] Akiba, T. et al. (2019). Optuna: a next-generation hyperparameter optimization framework. KDD '19,
   2623-2631. https://doi.org/10.1145/3292500.3330701
"""
import argparse
import dataclasses
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.commands.boundary import guarded
from sim.commands.study import compose, point_outcomes
from sim.errors import PacksimError, shorten
from sim.inputs.paths import resolve_path

OBJECTIVES = {"time": ("minimize", "focal_t_s"), "place": ("minimize", "focal_place"), "win": ("maximize", "focal_win")}
TACTIC = "optimised_surge"


@dataclass
class SurgePlan:
    """The outcome of a search: the best surge, its score and the baseline's, and every trial."""
    runner: str
    objective: str
    best_params: dict
    best_value: float
    baseline_value: float
    trials: pd.DataFrame        # one row per trial: number, parameters, value, state
    study: object               # the optuna.Study (for its plots and further trials)


def runner_tactic(cfg, runner):
    """The name of the tactic ``runner`` runs in ``cfg`` (field.tactic_of, the roster, else field.default_tactic)."""
    tactic_of = getattr(cfg.field, "tactic_of", None) or {}
    if runner in tactic_of:
        return tactic_of[runner]
    for athlete in getattr(cfg.field, "athletes", None) or []:
        if athlete.name == runner:
            return athlete.tactic or cfg.field.default_tactic
    if cfg.field.roster:
        roster = pd.read_csv(resolve_path(cfg.field.roster, "field.roster"), dtype=str)
        row = roster[roster["name"].str.strip() == runner]
        if not row.empty:
            tactic = row["tactic"].iloc[0] if "tactic" in roster.columns else None
            return tactic.strip() if isinstance(tactic, str) and tactic.strip() else cfg.field.default_tactic
    raise PacksimError(f"no named runner '{shorten(runner)}' in the roster (field.roster) to optimise")


def with_tactic(cfg, runner, tactic, workdir):
    """A copy of ``cfg`` in which ``runner`` runs the tactic named ``tactic`` (which must be in cfg.tactics).

    Uses ``field.tactic_of`` where the schema has it, else a copy of the roster in ``workdir``.
    """
    cfg = dataclasses.replace(cfg, field=dataclasses.replace(cfg.field))
    if hasattr(cfg.field, "tactic_of"):
        cfg.field.tactic_of = {**cfg.field.tactic_of, runner: tactic}
        return cfg
    roster = pd.read_csv(resolve_path(cfg.field.roster, "field.roster"), dtype=str, keep_default_na=False)
    roster["tactic"] = roster.get("tactic", "")
    roster.loc[roster["name"].str.strip() == runner, "tactic"] = tactic
    path = Path(workdir) / "roster.csv"
    roster.to_csv(path, index=False)
    cfg.field.roster = str(path)
    return cfg


def check_storage(storage):
    """Raise a one-line :class:`PacksimError` if the Optuna ``storage`` URL cannot hold a study (before any race).

    A ``sqlite:///<file>`` needs an existing, writable folder for the file (the file itself is created);
    any other URL must at least parse (the database is opened when the study is created).
    """
    if storage is None:
        return
    if not isinstance(storage, str) or "://" not in storage:
        raise PacksimError(f"--storage {shorten(storage)}: not a storage URL; give e.g. sqlite:///surge.db")
    if storage.startswith("sqlite:"):
        if not storage.startswith("sqlite:///"):
            raise PacksimError(f"--storage {shorten(storage)}: a SQLite URL is sqlite:///<file> "
                               "(three slashes, four for an absolute path)")
        name = storage[len("sqlite:///"):].split("?", 1)[0]
        if name in ("", ":memory:"):
            return
        path = Path(name)
        folder = path.parent if str(path.parent) else Path(".")
        if path.is_dir():
            raise PacksimError(f"--storage {shorten(storage)}: {path} is a folder; name a database file in it")
        if not folder.is_dir():
            raise PacksimError(f"--storage {shorten(storage)}: the folder {folder} does not exist; create it "
                               "or give a path in an existing folder")
        if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.R_OK | os.W_OK)):
            raise PacksimError(f"--storage {shorten(storage)}: {path} is not writable; choose another file")
        return
    try:
        from sqlalchemy.engine import make_url
        make_url(storage)
    except ImportError:
        return
    except Exception as exc:
        raise PacksimError(f"--storage {shorten(storage)}: not a database URL ({shorten(exc)})") from None


def optimise_surge(cfg, runner, n_trials=20, replicates=8, objective="time", surge_range_m=None, lift_range=None,
                   seed=0, storage=None, study_name=None, callback=None):
    """Search where ``runner`` should surge in the race ``cfg``; returns :class:`SurgePlan`.

    ``surge_range_m`` (low, high) bounds the start of the surge (default 30-95 % of the course);
    ``lift_range`` (low, high), if given, is searched too (else the tactic's ``surge_lift``). ``seed``
    seeds the sampler (the races use ``cfg.seed``). ``callback(trial_number, params, value)`` is told
    of each finished trial.
    """
    import optuna

    from sim.inputs.course import load_course

    if objective not in OBJECTIVES:
        raise PacksimError(f"unknown objective '{shorten(objective)}': choose one of {', '.join(OBJECTIVES)}")
    check_storage(storage)
    direction, key = OBJECTIVES[objective]
    distance_m = float(load_course(cfg.course).distance_m)
    lo, hi = surge_range_m or (0.3 * distance_m, 0.95 * distance_m)
    if not 0 <= lo < hi <= distance_m:
        raise PacksimError(f"surge range {lo:g}-{hi:g} m must lie within the course (0-{distance_m:g} m), low < high")
    base_name = runner_tactic(cfg, runner)
    base = cfg.tactics[base_name]

    def score(out):
        value = out[key]
        if objective == "time":   # a DNF counts as the time limit, so a surge that breaks the runner scores badly
            value = out["focal_finished"] * value + (1 - out["focal_finished"]) * cfg.sim.time_limit_s \
                if math.isfinite(value) else cfg.sim.time_limit_s
        return value

    with tempfile.TemporaryDirectory(prefix="packsim-optimise-") as workdir:
        baseline = score(point_outcomes(with_tactic(cfg, runner, base_name, workdir), replicates, runner))

        def trial_cfg(params):
            spec = dataclasses.replace(base, kind="surge", surge_at_m=[params["surge_at_m"]],
                                       surge_lift=params.get("surge_lift", base.surge_lift))
            spec.validate(TACTIC)
            trial = dataclasses.replace(cfg, tactics={**cfg.tactics, TACTIC: spec})
            return with_tactic(trial, runner, TACTIC, workdir)

        def objective_fn(trial):
            params = {"surge_at_m": trial.suggest_float("surge_at_m", lo, hi)}
            if lift_range:
                params["surge_lift"] = trial.suggest_float("surge_lift", *lift_range)
            value = score(point_outcomes(trial_cfg(params), replicates, runner))
            if callback:
                callback(trial.number, params, value)
            return value

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        try:
            study = optuna.create_study(direction=direction, sampler=optuna.samplers.TPESampler(seed=seed),
                                        storage=storage, study_name=study_name, load_if_exists=storage is not None)
        except Exception as exc:   # the database could not be opened or holds no study of this kind
            if storage is None:
                raise
            raise PacksimError(f"--storage {shorten(storage)}: cannot open the study "
                               f"({type(exc).__name__}: {shorten(' '.join(str(exc).split()))})") from None
        study.optimize(objective_fn, n_trials=n_trials)
    trials = study.trials_dataframe(attrs=("number", "params", "value", "state"))
    trials.columns = [c.removeprefix("params_") for c in trials.columns]
    return SurgePlan(runner, objective, dict(study.best_params), float(study.best_value), float(baseline), trials,
                     study)


EXAMPLES = """\
Prints each trial and the best surge against the runner's own tactic. Needs Optuna.

examples:
  packsim optimise --runner 'Galen Rupp' --trials 30 --replicates 10 --objective win
  packsim optimise --runner 'Jim Walmsley' --lift-range 0.02 0.08 --storage sqlite:///surge.db --study-name jim
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        print(f"packsim optimise: error: {message} (see packsim optimise --help)", file=sys.stderr)
        sys.exit(2)


def _show(objective, value):
    from sim.records import hms
    return f"{hms(value)} ({value:.1f} s)" if objective == "time" else f"{value:.3f}"


@guarded("packsim optimise")
def main(argv=None):
    parser = _Parser(prog="packsim optimise", description=__doc__.splitlines()[0] + " (also python -m sim.optimise)",
                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EXAMPLES)
    parser.add_argument("overrides", nargs="*", help="key=value overrides of the race, as for python -m sim")
    parser.add_argument("--runner", required=True, help="the named runner (from the roster) whose surge is tuned")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--replicates", type=int, default=8, help="races per trial (common random numbers)")
    parser.add_argument("--objective", choices=OBJECTIVES, default="time")
    parser.add_argument("--surge-range", nargs=2, type=float, metavar=("LOW_M", "HIGH_M"),
                        help="where the surge may start [m]; default 30-95 %% of the course")
    parser.add_argument("--lift-range", nargs=2, type=float, metavar=("LOW", "HIGH"),
                        help="also search the surge's lift, e.g. 0.02 0.08")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sampler")
    parser.add_argument("--storage", help="an Optuna storage URL (sqlite:///surge.db) to keep and resume the study")
    parser.add_argument("--study-name", help="the study's name in the storage")
    parser.add_argument("--out", help="write the trials to this CSV file")
    args = parser.parse_args(argv)
    if args.trials < 1 or args.replicates < 1:
        raise PacksimError("--trials and --replicates must be >= 1")
    check_storage(args.storage)
    t0 = time.perf_counter()

    def report(number, params, value):
        shown = ", ".join(f"{k}={v:.4g}" for k, v in params.items())
        print(f"trial {number:3d}: {shown}: {args.objective} {_show(args.objective, value)}", flush=True)

    plan = optimise_surge(compose(args.overrides), args.runner, args.trials, args.replicates, args.objective,
                          args.surge_range, args.lift_range, args.seed, args.storage, args.study_name, report)
    if args.out:
        plan.trials.to_csv(args.out, index=False, float_format="%.6g")
    best = ", ".join(f"{k}={v:.4g}" for k, v in plan.best_params.items())
    print(f"{args.runner}: best {best}: {args.objective} {_show(args.objective, plan.best_value)} "
          f"(own tactic without the surge: {_show(args.objective, plan.baseline_value)}); "
          f"{len(plan.trials)} trials x {args.replicates} replicates in {time.perf_counter() - t0:.1f} s"
          + (f"; trials: {args.out}" if args.out else ""))


if __name__ == "__main__":
    main()
