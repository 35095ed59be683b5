"""Where packsim's own files are, and where relative data paths point.

In a checkout (``pip install -e .``, or the source tree on ``sys.path``) the configs and the
scenarios are the repository's top-level ``conf/`` and ``scenarios/``. ``pip install .`` copies
both into the installed package as ``sim/conf/`` and ``sim/scenarios/`` (pyproject.toml,
``[tool.setuptools.package-dir]``), so the ``packsim`` command works from any directory.
:data:`DATA_ROOT` is the folder that holds them in either case: relative data paths in the
scenario files (``scenarios/atlanta_2020/course_profile.csv``) are tried from the working
directory first, then from it.
"""
from pathlib import Path

from sim.errors import PacksimError, shorten

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_ROOT = PACKAGE_DIR.parent   # the checkout (its .git, benchmarks) when run from one
DATA_ROOT = PACKAGE_DIR if (PACKAGE_DIR / "conf" / "config.yaml").is_file() else PROJECT_ROOT
CONF_DIR = DATA_ROOT / "conf"
SCENARIOS_DIR = DATA_ROOT / "scenarios"


def resolve_path(path, key):
    """Find ``path`` (relative to the working directory or :data:`DATA_ROOT`) or fail naming ``key``.

    A folder, or something that is not a regular file (``/dev/null``, a pipe), is named as such, not as missing.
    """
    try:
        p = Path(path).expanduser()
        candidates = [p] if p.is_absolute() else [Path.cwd() / p, DATA_ROOT / p]
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        there = next((c for c in candidates if c.exists()), None)
    except (OSError, ValueError) as exc:   # a name too long, a NUL byte
        raise PacksimError(f"{key}: '{shorten(path)}' is not a usable file name ({type(exc).__name__})") from None
    if there is not None and there.is_dir():
        raise PacksimError(f"{key}: {shorten(there)} is a directory; give a file in it")
    if there is not None:
        raise PacksimError(f"{key}: {shorten(there)} is not a regular file; give a data file")
    raise PacksimError(f"{key}: file not found: {shorten(path)} (relative paths are tried from the working "
                       f"directory and from {DATA_ROOT})")
