"""The error boundary of every entry point: each failure ends in one line on stderr, never a traceback.

Wrap a command's ``main`` once, where it is defined::

    @guarded("packsim collect")          # the prefix of its messages
    def main(argv=None):
        ...

and every way out of it is one of:

* success, or the command's own ``sys.exit(code)``: passed through untouched;
* a :class:`~sim.errors.PacksimError` (bad input): ``<prefix>: error: <one line>``, exit 2;
* any other exception (a bug): ``<prefix>: error: <Type: message, shortened> (full traceback in <log>)``,
  exit 2; the traceback goes to ``packsim.log`` in the folder registered with :func:`log_into` if it still
  exists, else to ``packsim-crash-<pid>.log`` in the system's temporary folder;
* Ctrl-C (``KeyboardInterrupt``): ``<prefix>: interrupted``, exit 130, no traceback.

On a bug or Ctrl-C the run directories this process claimed and did not finish are released first
(:func:`sim.commands.rundir.release_unfinished`): only what the run created is removed, so no half-made
run is left. ``--debug`` (taken out of the arguments before ``main`` sees them) or ``HYDRA_FULL_ERROR=1``
also prints the traceback on stderr. ``main`` takes ``argv=None`` (the arguments after the program name;
``None`` = ``sys.argv[1:]``); a ``main`` that reads ``sys.argv`` itself sees it with ``--debug`` removed.
"""
import functools
import os
import sys
import tempfile
import traceback
from pathlib import Path

from sim.commands.rundir import release_unfinished
from sim.errors import PacksimError, shorten

DEBUG_FLAG = "--debug"
INTERRUPTED_EXIT = 130   # 128 + SIGINT, as a shell reports it
ERROR_EXIT = 2

_log_dir = None


def log_into(folder):
    """Write a crash's traceback into ``folder``/packsim.log (a run's own folder that is kept); None = none."""
    global _log_dir
    _log_dir = None if folder is None else Path(folder)


def crash_log_path():
    """Where the traceback of a crash goes now (module docstring)."""
    if _log_dir is not None and _log_dir.is_dir():
        return _log_dir / "packsim.log"
    return Path(tempfile.gettempdir()) / f"packsim-crash-{os.getpid()}.log"


def strip_debug(args):
    """(``args`` without ``--debug``, whether it was there)."""
    kept = [a for a in args if a != DEBUG_FLAG]
    return kept, len(kept) != len(args)


def crash_line(exc, log_path):
    """The one line shown for an unexpected exception ``exc`` whose traceback is in ``log_path``."""
    text = " ".join(str(exc).split())
    what = f"{type(exc).__name__}: {shorten(text)}" if text else type(exc).__name__
    where = f"full traceback in {log_path}" if log_path else "its traceback could not be written"
    return f"{what} ({where})"


def _write_traceback(exc):
    path = crash_log_path()
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write("packsim: unexpected error\n" + "".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path


def guarded(prog="packsim"):
    """Decorator: run ``main`` inside the error boundary, messages prefixed by ``prog`` (module docstring)."""
    def wrap(main):
        @functools.wraps(main)
        def boundary(argv=None):
            if argv is None:
                sys.argv[1:], debug = strip_debug(sys.argv[1:])
                call = main
            else:
                argv, debug = strip_debug(list(argv))
                call = functools.partial(main, argv)
            debug = debug or os.environ.get("HYDRA_FULL_ERROR") == "1"
            try:
                return call()
            except KeyboardInterrupt:
                release_unfinished()
                print(f"{prog}: interrupted", file=sys.stderr)
                sys.exit(INTERRUPTED_EXIT)
            except Exception as exc:   # bad input (PacksimError): its line; a bug: one line and the log
                release_unfinished()
                if debug:
                    traceback.print_exception(exc, file=sys.stderr)
                line = (str(exc).replace(chr(10), " ") if isinstance(exc, PacksimError)
                        else crash_line(exc, _write_traceback(exc)))
                print(f"{prog}: error: {line}", file=sys.stderr)
                sys.exit(ERROR_EXIT)
        return boundary
    return wrap
