"""shorten(): any value echoed in a one-line message is one line of about 80 characters, numbers as numbers."""
import numpy as np
import pytest

from sim.errors import SHORT_CHARS, shorten


@pytest.mark.parametrize("value,text", [
    (np.float64("nan"), "nan"), (np.float64("inf"), "inf"), (float("-inf"), "-inf"), (np.float32(2.5), "2.5"),
    (np.int64(3), "3"), (7, "7"), (True, "True"), (None, "None"), ("abc", "abc"), ("a\nb", "a\\nb"),
])
def test_short_values_print_as_they_read(value, text):
    assert shorten(value) == text


def test_a_long_value_keeps_its_start_and_says_how_long_it_was():
    assert shorten("x" * 10_000_000) == "x" * SHORT_CHARS + "…(10000000 chars)"
    assert shorten("y" * SHORT_CHARS) == "y" * SHORT_CHARS
    assert shorten(list(range(1000)), 20) == str(list(range(1000)))[:20] + f"…({len(str(list(range(1000))))} chars)"


# issue 9's bad trail inputs, end to end: one line naming the file or key and the fix, exit 2, no run folder

GPX_NO_ELE = ('<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
              + "".join(f'<trkpt lat="45.{k:03d}" lon="6.0"></trkpt>' for k in range(20)) + "</trkseg></trk></gpx>")
PROFILE = "distance_m,elevation_m,surface,width_lanes\n0,100,trail,\n1000,120,{surface},{width}\n2000,110,trail,\n"
STATIONS = "name,distance_m,elevation_m,cutoff_elapsed_h\n"


@pytest.mark.parametrize("files,overrides,words", [
    ({"c.gpx": GPX_NO_ELE}, ["course.profile={c}"], ["c.gpx", "no elevations", "export the GPX with elevation"]),
    ({"s.csv": STATIONS + "A,2000,,\nB,1000,,\n"}, ["rules.stations={s}"], ["s.csv", "(B)", "not after A"]),
    ({"s.csv": STATIONS + "A,1000,,\nB,50000,,\n"}, ["rules.stations={s}"], ["s.csv", "(B)", "finish"]),
    ({"s.csv": STATIONS + "A,1000,,3\nB,2000,,2\n"}, ["rules.stations={s}"], ["s.csv", "(B)", "earlier than A's"]),
    ({"p.csv": PROFILE.format(surface="trail", width=-1)}, ["course.profile={p}"], ["p.csv", "width_lanes", "width > 0"]),
    ({"p.csv": PROFILE.format(surface="gravel", width="")}, ["course.profile={p}"], ["p.csv", "unknown surface", "known:"]),
], ids=["gpx_without_elevation", "station_out_of_order", "station_beyond_the_finish", "cutoff_before_the_previous",
        "negative_width", "unknown_surface"])
def test_bad_trail_input_is_one_line_exit_2_and_nothing_written(tmp_path, files, overrides, words):
    from conftest import run_cli
    paths = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        paths[name.split(".")[0]] = tmp_path / name
    out = tmp_path / "run"
    proc = run_cli("sim.engine=crowd", "field.size=50", *[o.format(**paths) for o in overrides], f"hydra.run.dir={out}")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("packsim: error:"), proc.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert not out.exists()
