"""Where relative data paths point: the working directory first, then the project root."""
from pathlib import Path

from sim.errors import PacksimError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def resolve_path(path, key):
    """Find ``path`` (relative to the working directory or the project root) or fail naming ``key``."""
    p = Path(path).expanduser()
    for candidate in ([p] if p.is_absolute() else [Path.cwd() / p, PROJECT_ROOT / p]):
        if candidate.is_file():
            return candidate
    raise PacksimError(f"{key}: file not found: {path} (relative paths are tried from the working "
                       f"directory and from {PROJECT_ROOT})")
