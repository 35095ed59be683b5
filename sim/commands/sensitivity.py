"""``python -m sim.sensitivity``: which assumed constants move the race? Morris screening or Sobol indices.

The shelter model's constants and the effort window are assumptions [A] (MODEL.md §3, README
"Configuration"); this module varies them over ranges, runs the race at each sample point (each
point averaged over replicates with common random numbers, sim/commands/study.py) and hands the outcomes to
SALib:

* Morris elementary effects [1]_ (``--method morris``, ``n`` trajectories of D + 1 points for D
  parameters): ``mu_star`` (mean absolute effect over the range, in the outcome's unit) ranks the
  parameters, ``sigma`` large against ``mu_star`` flags interactions or non-linearity. A screening
  method: cheap, ranks, does not apportion variance.
* Sobol indices [2]_ [3]_ (``--method sobol``, Saltelli's sampling, ``n`` x (D + 2) points; ``n`` a power
  of two): ``S1`` is the share of the outcome's variance due to a parameter alone, ``ST`` including
  its interactions.

Needs SALib (``pip install -e '.[research]'``).

.. [1] Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
   Technometrics 33(2):161-174. https://doi.org/10.1080/00401706.1991.10484804
.. [2] Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer Physics
   Communications 181(2):259-270. https://doi.org/10.1016/j.cpc.2009.09.018
.. [3] Herman, J. & Usher, W. (2017). SALib: an open-source Python library for sensitivity analysis.
   Journal of Open Source Software 2(9):97. https://doi.org/10.21105/joss.00097
"""
import argparse
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sim.commands.boundary import guarded
from sim.commands.study import OUTCOMES, compose, evaluate, with_values
from sim.errors import PacksimError, shorten

# Ranges of the assumed constants [A] around their defaults (conf/drafting, conf/physiology).
DEFAULT_PARAMETERS = {
    "drafting.s0": (0.4, 0.8),                      # drag saved 1 m behind a runner; default 0.6
    "drafting.decay_m": (1.0, 4.0),                 # e-folding distance of the wake; default 2.0
    "drafting.lateral_sigma_m": (0.3, 1.0),         # half-width of the wake; default 0.6
    "physiology.effort_window_s": (120.0, 600.0),   # time scale of judging a pack's effort; default 300
}
METHODS = ("morris", "sobol")


@dataclass
class Sensitivity:
    """A finished study: the sample points with their outcomes, and the indices per outcome x parameter."""
    method: str
    samples: pd.DataFrame       # one row per point: the parameters, then the outcomes (means over replicates)
    indices: pd.DataFrame       # one row per outcome x parameter
    replicates: int


def problem(parameters):
    """SALib's problem dict for ``{key: (low, high)}``."""
    for key, (lo, hi) in parameters.items():
        if not lo < hi:
            raise PacksimError(f"{key}: the range needs low < high, got {lo}..{hi}")
    return {"num_vars": len(parameters), "names": list(parameters), "bounds": [list(b) for b in parameters.values()]}


def sample(prob, method, n, seed, num_levels=4):
    if method == "morris":
        from SALib.sample import morris
        return morris.sample(prob, n, num_levels=num_levels, seed=seed)
    if method == "sobol":
        from SALib.sample import sobol
        if n & (n - 1):
            raise PacksimError(f"sobol: n must be a power of two (Sobol' sequences), got {n}")
        return sobol.sample(prob, n, calc_second_order=False, seed=seed)
    raise PacksimError(f"unknown method '{shorten(method)}': choose one of {', '.join(METHODS)}")


def indices(prob, method, x, y, seed, num_levels=4):
    """{column: values} of the indices of one outcome ``y`` at the points ``x``."""
    if method == "morris":
        from SALib.analyze import morris
        si = morris.analyze(prob, x, y, num_levels=num_levels, seed=seed)
        return {k: np.asarray(si[k], dtype=float) for k in ("mu", "mu_star", "mu_star_conf", "sigma")}
    from SALib.analyze import sobol
    si = sobol.analyze(prob, y, calc_second_order=False, seed=seed)
    return {k: np.asarray(si[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}


def analyse(cfg, parameters=None, method="morris", n=8, replicates=4, outputs=OUTCOMES, workers=1, seed=0,
            progress=None):
    """Run the study on the base config ``cfg``; returns :class:`Sensitivity`.

    ``parameters`` maps dotted keys to (low, high) (default :data:`DEFAULT_PARAMETERS`); ``seed`` seeds
    the sampling (the races use ``cfg.seed``). ``progress(text)``, if given, is told how many points run.
    """
    parameters = dict(parameters or DEFAULT_PARAMETERS)
    prob = problem(parameters)
    x = sample(prob, method, n, seed)
    cfgs = [with_values(cfg, dict(zip(prob["names"], row))) for row in x]   # fails early on a bad key or value
    if progress:
        progress(f"{method}: {len(cfgs)} points x {replicates} replicates")
    results = pd.DataFrame(evaluate(cfgs, replicates, workers=workers))
    samples = pd.concat([pd.DataFrame(x, columns=prob["names"]), results], axis=1)
    rows = []
    for out in outputs:
        y = results[out].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            raise PacksimError(f"outcome {out} is undefined at some points (no finisher?): choose other outputs")
        for name, *values in zip(prob["names"], *indices(prob, method, x, y, seed).values()):
            rows.append({"output": out, "parameter": name,
                         **dict(zip(indices_columns(method), values))})
    return Sensitivity(method, samples, pd.DataFrame(rows), replicates)


def indices_columns(method):
    return ("mu", "mu_star", "mu_star_conf", "sigma") if method == "morris" else ("S1", "S1_conf", "ST", "ST_conf")


def write(study, out_dir):
    """``sensitivity_samples.csv`` and ``sensitivity.csv`` into ``out_dir``; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = out_dir / "sensitivity_samples.csv", out_dir / "sensitivity.csv"
    study.samples.to_csv(paths[0], index=False, float_format="%.6g")
    study.indices.to_csv(paths[1], index=False, float_format="%.6g")
    return paths


EXAMPLES = """\
Writes the sample points with their outcomes and the indices (CSV) into --out. Needs SALib.

examples:
  packsim sensitivity --method morris -n 10 --replicates 4 scenario=atlanta_2020_men field.size=60
  packsim sensitivity --method sobol -n 16 --param drafting.s0 0.4 0.8 --param drafting.decay_m 1 4
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        print(f"packsim sensitivity: error: {message} (see packsim sensitivity --help)", file=sys.stderr)
        sys.exit(2)


@guarded("packsim sensitivity")
def main(argv=None):
    parser = _Parser(prog="packsim sensitivity",
                     description=__doc__.splitlines()[0] + " (also python -m sim.sensitivity)",
                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EXAMPLES)
    parser.add_argument("overrides", nargs="*", help="key=value overrides of the base race, as for python -m sim")
    parser.add_argument("--method", choices=METHODS, default="morris")
    parser.add_argument("-n", type=int, default=8, help="Morris trajectories, or Sobol base samples (a power of 2)")
    parser.add_argument("--replicates", type=int, default=4, help="races per point (common random numbers)")
    parser.add_argument("--param", nargs=3, action="append", metavar=("KEY", "LOW", "HIGH"),
                        help="a key and its range (repeat; replaces the default four)")
    parser.add_argument("--output", action="append", choices=OUTCOMES, help="outcomes to analyse (repeat)")
    parser.add_argument("--workers", type=int, default=0, help="processes; 0 = all cores")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sampling plan")
    parser.add_argument("--out", help="folder for the tables (default outputs/sensitivity/<date_time>)")
    args = parser.parse_args(argv)
    parameters = None
    if args.param:
        try:
            parameters = {k: (float(lo), float(hi)) for k, lo, hi in args.param}
        except ValueError:
            raise PacksimError("--param KEY LOW HIGH: LOW and HIGH must be numbers") from None
    if args.n < 1 or args.replicates < 1:
        raise PacksimError("-n and --replicates must be >= 1")
    t0 = time.perf_counter()
    study = analyse(compose(args.overrides), parameters, args.method, args.n, args.replicates,
                    args.output or OUTCOMES, args.workers, args.seed, progress=print)
    out = args.out or Path("outputs") / "sensitivity" / datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    paths = write(study, out)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(study.indices.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"{len(study.samples)} points x {study.replicates} replicates in {time.perf_counter() - t0:.1f} s; "
          f"tables: {paths[0]}, {paths[1]}")


if __name__ == "__main__":
    main()
