"""replay.html: self-contained (nothing fetched from the network), and it runs in a real headless Chromium."""
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from conftest import SMALL, run_race
from PIL import Image

from sim.outputs.animation import NO_PACK_COLOUR, PACK_COLOURS
from sim.outputs.replay_html import write_replay_html

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
# no network, no first-run or sync chatter; virtual time lets the page's script finish before the dump
HEADLESS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--virtual-time-budget=3000", "--hide-scrollbars")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    result = run_race(*SMALL, "seed=3")
    path = write_replay_html(result, tmp_path_factory.mktemp("replay") / "replay.html", focal=["Ann Lead"])
    return result, path


def test_page_is_self_contained_and_embeds_the_data(page):
    result, path = page
    text = path.read_text()
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"""<(script|img|iframe)[^>]*\bsrc\s*=|<link[^>]*stylesheet|@import|url\(""", text, re.I)
    data = json.loads(re.search(r"var D = (\{.*?\});\n", text).group(1))
    assert data["names"] == [r.name for r in result.runners]
    assert len(data["split_s"]) == len(result.runners) and len(data["split_s"][0]) == len(result.course.checkpoint_m)
    assert data["focal"] == ["Ann Lead"]


def _chromium(tmp_path, *args):
    proc = subprocess.run([CHROMIUM, *HEADLESS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium); "
                                             "the page is not checked in a browser")
def test_page_runs_in_chromium_the_slider_moves_the_runners_and_dots_are_drawn(page, tmp_path):
    result, path = page
    url = path.resolve().as_uri() + "#selftest"
    dom = _chromium(tmp_path, "--dump-dom", url)
    body = re.search(r"<body([^>]*)>", dom, re.S).group(1)
    attrs = {k: html.unescape(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', body)}
    assert "errors" not in attrs, attrs.get("errors")
    assert attrs.get("rendered") == "1" and attrs.get("selftest") == "done"
    at_30, at_60 = json.loads(attrs["pos-a"]), json.loads(attrs["pos-b"])
    assert len(at_30) == len(result.runners) and at_30 != at_60
    moved = [b - a for a, b in zip(at_30, at_60) if a is not None and b is not None]
    assert moved and min(moved) >= 0 and max(moved) > 0          # nobody runs backwards, somebody runs
    assert int(attrs["dots"]) > 0
    tip = attrs["tip"]
    assert any(tip.split(". ", 1)[-1].startswith(r.name) for r in result.runners) and "km" in tip and "leader" in tip

    shot = tmp_path / "shot.png"
    _chromium(tmp_path, "--window-size=1200,800", f"--screenshot={shot}", url)
    pixels = np.asarray(Image.open(shot).convert("RGB")).reshape(-1, 3)
    palette = {tuple(int(c[k:k + 2], 16) for k in (1, 3, 5)) for c in (*PACK_COLOURS, NO_PACK_COLOUR)}
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    drawn = {tuple(int(v) for v in c): n for c, n in zip(colours, counts) if tuple(int(v) for v in c) in palette}
    assert len([n for n in drawn.values() if n >= 10]) >= 2, drawn   # dots in at least two pack colours


def _chromium_logged(tmp_path, url, *args):
    """Chromium with the page's console on stderr; returns (stdout, the console lines)."""
    proc = subprocess.run([CHROMIUM, *HEADLESS, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
                           "--v=0", *args, url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]


def _body_attrs(dom):
    body = re.search(r"<body([^>]*)>", dom, re.S).group(1)
    return {k: html.unescape(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', body)}


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; the page is not checked in a browser")
def test_the_console_capture_sees_a_script_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>notDefinedAnywhere();</script></body></html>")
    _, console = _chromium_logged(tmp_path, bad.resolve().as_uri(), "--dump-dom")
    assert any("Uncaught ReferenceError" in line for line in console), console


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed; the page is not checked in a browser")
def test_screenshots_show_the_map_and_the_leaderboard_and_change_with_the_clock(page, tmp_path):
    from sim.outputs.replay_html import COURSE_COLOUR
    result, path = page
    road = np.array([int(COURSE_COLOUR[k:k + 2], 16) for k in (1, 3, 5)])
    maps = []
    for t in (0.3, 0.6):
        url = path.resolve().as_uri() + f"#t={t}"
        dom, console = _chromium_logged(tmp_path, url, "--window-size=1280,900", "--dump-dom")
        assert console == [], console          # no error and nothing else logged by the page
        attrs = _body_attrs(dom)
        assert "errors" not in attrs and attrs.get("rendered") == "1", attrs
        shot = tmp_path / f"t{t}.png"
        _, console = _chromium_logged(tmp_path, url, "--window-size=1280,900", f"--screenshot={shot}")
        assert console == [], console
        img = np.asarray(Image.open(shot).convert("RGB")).astype(int)
        x, y, w, h = json.loads(attrs["map-rect"])
        on_map = img[y:y + h, x:x + w]
        assert (np.abs(on_map - road).sum(axis=2) == 0).sum() > 500      # the road drawn on the map
        bx, by, bw, bh = json.loads(attrs["board-rect"])
        dark = (img[by:by + bh, bx:bx + bw] < 90).all(axis=2).any(axis=1)  # pixel rows holding text
        text_lines = int(np.sum(dark[1:] & ~dark[:-1]))
        assert int(attrs["rows"]) >= 10 and text_lines >= int(attrs["rows"]), (text_lines, attrs["rows"])
        maps.append(on_map)
    assert maps[0].shape == maps[1].shape and (maps[0] != maps[1]).any(axis=2).sum() > 50   # the runners moved
