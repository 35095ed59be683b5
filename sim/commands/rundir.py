"""Run directories: packsim writes only into a folder it claimed, and on failure removes only what it made.

A run's directory (``hydra.run.dir``) or a sweep's (``hydra.sweep.dir``) is claimed before Hydra
writes anything into it (:class:`ClaimOutputDir`, a Hydra callback registered in ``conf/config.yaml``):

* a folder that does not exist is created, with any missing parents, and every folder created is
  remembered;
* an existing empty folder is used as it is (it is never removed);
* an existing folder with anything in it is refused with one line: packsim never writes into, nor
  removes, a folder holding files it did not make in this run;
* a path under a regular file, or where folders cannot be created, is refused with one line.

On failure, :func:`release` removes what this run created and nothing else: the folders it made
(deepest first, each only if it then holds nothing but what this run wrote) or, in a folder that
existed empty, the entries that appeared in it. A run that completes calls :func:`finish`; after a
crash or Ctrl-C the error boundary (sim/commands/boundary.py) calls :func:`release_unfinished`.
"""
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hydra.experimental.callback import Callback

from sim.errors import PacksimError, shorten


@dataclass
class Claim:
    """A directory this run may write into, and what the run created to get it."""

    path: Path
    created: list = field(default_factory=list)   # folders made by this run, outermost first
    key: str = "hydra.run.dir"                   # the setting that named it


_claims = {}


def claim(path, key):
    """Claim ``path`` for this run's outputs (module docstring); ``key`` names the setting in errors."""
    path = Path(os.path.abspath(Path(path).expanduser()))
    created = []
    missing = []
    p = path
    while not p.exists():
        if p.is_symlink():
            raise PacksimError(f"{key}: {path}: {p} is a broken symbolic link; choose another folder")
        missing.append(p)
        p = p.parent
    if not p.is_dir():
        raise PacksimError(f"{key}: {path}: {p} is a file, not a folder; choose another folder")
    if not missing:
        try:
            entries = next(os.walk(path))[1:]
        except (StopIteration, OSError) as exc:
            raise PacksimError(f"{key}: {path}: cannot read the folder ({type(exc).__name__}); "
                               "choose another folder") from None
        if any(entries):
            raise PacksimError(f"{key}: {path} already exists and is not empty; packsim never writes into or "
                               "removes a folder it did not make: choose a new folder (or empty this one)")
        if not os.access(path, os.W_OK | os.X_OK):
            raise PacksimError(f"{key}: {path}: the folder is not writable; choose another folder")
    for p in reversed(missing):
        try:
            p.mkdir()
        except OSError as exc:
            _remove_created(created)
            reason = exc.strerror or type(exc).__name__
            raise PacksimError(f"{key}: {path}: cannot create {p} ({reason}); choose a folder you can write to") \
                from None
        created.append(p)
    c = Claim(path, created, key)
    _claims[path] = c
    return c


def release(path):
    """After a failure: remove what this run created for and in ``path`` (module docstring), nothing more.

    A directory this process did not claim is left as it is.
    """
    c = _claims.pop(Path(os.path.abspath(Path(path).expanduser())), None)
    if c is None:
        return
    if c.created:
        _remove_created(c.created)
    elif c.path.is_dir():
        for entry in c.path.iterdir():   # the folder was empty when claimed: all of this is the run's
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def finish(path):
    """The run in ``path`` is complete: its folder is the user's now, never released."""
    _claims.pop(Path(os.path.abspath(Path(path).expanduser())), None)


def release_unfinished():
    """After a crash or Ctrl-C: :func:`release` every run directory claimed and not finished.

    A sweep's directory is kept: the jobs that finished are results (``python -m sim.collect`` lists the rest).
    """
    for path, c in list(_claims.items()):
        if c.key == "hydra.run.dir":
            release(path)


def _remove_created(created):
    """Remove the folders this run made: the innermost with its contents, then each parent left empty."""
    if not created:
        return
    shutil.rmtree(created[-1], ignore_errors=True)
    for p in reversed(created[:-1]):
        try:
            p.rmdir()
        except OSError:
            return   # something else now lives there: keep it


class OutputDirRefused(BaseException):
    """The run or sweep directory was refused (carries the PacksimError).

    A BaseException on purpose: Hydra turns an Exception raised in a callback into a warning and goes
    on to write into the folder; this one stops the run before Hydra writes anything.
    """


class ClaimOutputDir(Callback):
    """Hydra callback: claim the run or sweep directory before Hydra creates it (module docstring)."""

    def on_run_start(self, config, **kwargs):
        self._claim(config, "hydra.run.dir")

    def on_multirun_start(self, config, **kwargs):
        self._claim(config, "hydra.sweep.dir")

    @staticmethod
    def _claim(config, key):
        try:
            path = getattr(config.hydra, key.split(".")[1]).dir
        except Exception as exc:   # an interpolation that cannot be resolved (${oc.env:UNSET})
            reason = shorten(" ".join(str(exc).splitlines()[:1]) or type(exc).__name__, 200)
            raise OutputDirRefused(PacksimError(f"{key}: {reason}")) from None
        try:
            claim(path, key)
        except PacksimError as exc:
            raise OutputDirRefused(exc) from None
