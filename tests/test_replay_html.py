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
