"""Malformed profiles, rosters, GPX files and overrides thrown at ``python -m sim``, in-process (issue 13).

Every example runs :func:`sim.commands.race_main.main` with its run directory inside a fresh temporary folder that
also holds the inputs and a sentinel file. Bad input must end in exactly one line on stderr, a non-zero
exit, no traceback and no crash report, and leave that folder exactly as it was (the run's new folder
removed). An input that happens to be valid must give a run whose files are all inside its own folder.
Examples are few and deadline-free, so the module stays well under a minute.
"""
import contextlib
import hashlib
import io
import tempfile
import typing
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim.commands.race_main as entry
from sim.commands import boundary
from sim.commands.preflight import schema_keys

FUZZ = settings(max_examples=8, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BASE = ["field.size=24", "field.generated_seed_time_min_s=7900", "sim.plots=false", "sim.print_summary=false",
        "sim.progress=false"]
PROFILE = (DATA / "hilly_3k.csv").read_text()
ROSTER = (DATA / "roster_small.csv").read_text()
FLOAT_KEYS = sorted(k for k, t in schema_keys().items()
                    if not k.endswith(".*") and (t is float or t == typing.Optional[float]))
INT_KEYS = sorted(k for k, t in schema_keys().items() if not k.endswith(".*") and t is int)
BAD_NUMBERS = ["inf", "-inf", "nan", "1e300", "-1e300", "-1", "0", "1e12", "abc", "''", "1:2:3", "[1,2]"]


def _snapshot(root):
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
            for p in sorted(root.rglob("*"))}


def run_in_tmp(args, files=()):
    """Run ``python -m sim`` in-process on ``args`` (``{tmp}`` = the temporary folder) and check the outcome."""
    with tempfile.TemporaryDirectory(prefix="packsim-fuzz-") as tmp:
        root = Path(tmp)
        (root / "sentinel.txt").write_text("a user's file")
        for name, content in files:
            (root / name).write_bytes(content if isinstance(content, bytes) else content.encode())
        before = _snapshot(root)
        run_dir = root / "runs" / "run"
        argv = [*BASE, *(a.replace("{tmp}", tmp) for a in args), f"hydra.run.dir={run_dir}"]
        err, out = io.StringIO(), io.StringIO()
        old_tmp = boundary.tempfile.gettempdir
        boundary.tempfile.gettempdir = lambda: tmp   # a crash report would show up in the snapshot
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
                try:
                    entry.main(argv)
                    code = 0
                except SystemExit as exc:
                    code = exc.code
        finally:
            boundary.tempfile.gettempdir = old_tmp
        after = _snapshot(root)
        message = err.getvalue()
        if code == 0:   # a valid input: a whole run, all of it in its own folder
            assert (run_dir / "run_info.json").is_file(), message
            assert {k: v for k, v in after.items() if not k.startswith("runs")} == before, argv
            return None
        assert code not in (None, 0), argv
        assert message.count("\n") == 1 and message.startswith("packsim: error: "), (argv, message)
        assert "Traceback" not in message and "full traceback" not in message, (argv, message)
        assert len(message) < 1000, message
        assert after == before, (argv, message)
        return message


def corrupt_csv(text, data):
    """``text`` (a CSV) with one defect drawn by hypothesis."""
    lines = text.splitlines()
    kind = data.draw(st.sampled_from(["cell", "extra_field", "drop_column", "truncate", "bytes", "empty_row"]))
    body = [n for n, line in enumerate(lines) if line and not line.startswith("#")]
    if kind == "cell":
        n = data.draw(st.sampled_from(body))
        cells = lines[n].split(",")
        k = data.draw(st.integers(0, len(cells) - 1))
        cells[k] = data.draw(st.sampled_from(["inf", "nan", "-1", "1e12", "abc", "", "2:75:00", "x" * 5000,
                                              "0", "-1e300", '"', "\x00"]) | st.text(max_size=20))
        lines[n] = ",".join(cells)
    elif kind == "extra_field":
        n = data.draw(st.sampled_from(body[1:]))
        lines[n] += ",extra" * data.draw(st.integers(1, 3))
    elif kind == "drop_column":
        k = data.draw(st.integers(0, len(lines[body[0]].split(",")) - 1))
        lines = [",".join(c for j, c in enumerate(line.split(",")) if j != k) if n in body else line
                 for n, line in enumerate(lines)]
    elif kind == "empty_row":
        lines.insert(data.draw(st.sampled_from(body[1:])), ",,")
    text = "\n".join(lines) + "\n"
    if kind == "truncate":
        return text[:data.draw(st.integers(0, len(text) - 1))]
    if kind == "bytes":
        return data.draw(st.binary(max_size=200))
    return text


@FUZZ
@given(data=st.data())
def test_malformed_profile_csv(data):
    content = corrupt_csv(PROFILE, data)
    run_in_tmp(["course.profile={tmp}/profile.csv", f"field.roster={DATA / 'roster_small.csv'}"],
               [("profile.csv", content)])


@FUZZ
@given(data=st.data())
def test_malformed_roster(data):
    content = corrupt_csv(ROSTER, data)
    run_in_tmp([f"course.profile={DATA / 'hilly_3k.csv'}", "field.roster={tmp}/roster.csv"],
               [("roster.csv", content)])


def _gpx(points):
    rows = "\n".join(f'   <trkpt lat="{la}" lon="{lo}"><ele>{z}</ele></trkpt>' for la, lo, z in points)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="packsim tests" '
            'xmlns="http://www.topografix.com/GPX/1/1">\n <trk><name>t</name>\n  <trkseg>\n'
            f"{rows}\n  </trkseg>\n </trk>\n</gpx>\n")


GOOD_TRACK = [(f"{45.0 + 0.0009 * k:.7f}", "7.0000000", f"{100.0 + k % 3:.1f}") for k in range(30)]


@FUZZ
@given(data=st.data())
def test_malformed_gpx(data):
    points = list(GOOD_TRACK)
    kind = data.draw(st.sampled_from(["value", "truncate", "bytes", "one_point", "far_apart"]))
    if kind == "value":
        n = data.draw(st.integers(0, len(points) - 1))
        k = data.draw(st.integers(0, 2))
        p = list(points[n])
        p[k] = data.draw(st.sampled_from(["abc", "inf", "nan", "999", "-91", "1e12", "", "&", "<"]))
        points[n] = tuple(p)
    elif kind == "one_point":
        points = points[:1]
    elif kind == "far_apart":
        points = [("0.0", "0.0", "100"), ("0.0", "170.0", "100")]
    text = _gpx(points)
    if kind == "truncate":
        text = text[:data.draw(st.integers(0, len(text) - 1))]
    content = data.draw(st.binary(max_size=200)) if kind == "bytes" else text
    run_in_tmp(["course.profile={tmp}/course.gpx", f"field.roster={DATA / 'roster_small.csv'}"],
               [("course.gpx", content)])


def _typo(key, data):
    k = data.draw(st.integers(0, len(key) - 1))
    op = data.draw(st.sampled_from(["drop", "swap", "insert"]))
    if op == "drop":
        return key[:k] + key[k + 1:]
    ch = data.draw(st.sampled_from("abcxyz_"))
    return key[:k] + ch + key[k + 1:] if op == "swap" else key[:k] + ch + key[k:]


@settings(FUZZ, max_examples=14)
@given(data=st.data())
def test_random_overrides(data):
    kind = data.draw(st.sampled_from(["float", "int", "typo", "path"]))
    if kind == "float":
        override = f"{data.draw(st.sampled_from(FLOAT_KEYS))}={data.draw(st.sampled_from(BAD_NUMBERS))}"
    elif kind == "int":
        override = f"{data.draw(st.sampled_from(INT_KEYS))}={data.draw(st.sampled_from(BAD_NUMBERS + ['10**9']))}"
    elif kind == "typo":
        key = data.draw(st.sampled_from(FLOAT_KEYS + INT_KEYS))
        override = f"{_typo(key, data)}=1"
    else:
        override = f"{data.draw(st.sampled_from(['course.profile', 'field.roster', 'real_results']))}=" + \
            data.draw(st.sampled_from(["{tmp}", "/dev/null", "{tmp}/sentinel.txt/x", "{tmp}/nowhere.csv",
                                       "${oc.env:PACKSIM_FUZZ_NOT_SET}", "x" * 3000]))
    run_in_tmp([f"course.profile={DATA / 'hilly_3k.csv'}", f"field.roster={DATA / 'roster_small.csv'}", override])


@pytest.mark.parametrize("override", ["weather.wind_speed_m_s=inf", "sim.time_limit_s=inf", "seed=-1",
                                      "course.profile=${oc.env:PACKSIM_FUZZ_NOT_SET}", "field.size=100000",
                                      "focal=[Nobody]", "weather.wind_speed_m_s=-1"])
def test_the_inputs_of_issue_13_are_one_line(override):
    """The failures the issue lists, each as its own case: all bad input, none a valid run."""
    assert run_in_tmp([f"course.profile={DATA / 'hilly_3k.csv'}", f"field.roster={DATA / 'roster_small.csv'}",
                       override]) is not None
