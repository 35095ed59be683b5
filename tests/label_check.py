"""The label check for figures: every text matplotlib draws lies inside the figure and over no other text.

``drawn_texts(fig)`` draws the figure once and records each text as it is actually drawn (titles, axis
labels, tick labels, legend entries, annotations, figure texts; hidden, empty and clipped-away texts
draw nothing and are not recorded), with its bounding box in display pixels from
``text.get_window_extent(renderer)``. ``assert_labels_fit(fig)`` fails naming the texts that leave the
figure or overlap. Any test can apply it to its figure (``from label_check import assert_labels_fit``).
"""
from contextlib import contextmanager

from matplotlib.text import Text

TOLERANCE_PX = 1.0   # boxes may touch, and antialiasing may spill a pixel past the edge


@contextmanager
def _recording(renderer, into):
    original = Text.draw

    def draw(self, r):
        original(self, r)
        # Text.draw itself returns early for a hidden or empty text; an Annotation whose point lies
        # outside its axes (annotation_clip) never reaches it
        if self.get_visible() and self.get_text().strip():
            into.append((self, self.get_window_extent(renderer)))

    Text.draw = draw
    try:
        yield
    finally:
        Text.draw = original


def drawn_texts(fig, draw=None):
    """[(text, bbox)] of every text drawn by ``draw()`` (default: drawing the whole figure once)."""
    renderer = fig.canvas.get_renderer()
    found = []
    with _recording(renderer, found):
        (draw or (lambda: fig.draw(renderer)))()
    seen, unique = set(), []
    for text, box in found:   # a text drawn twice (e.g. a shared axis) counts once
        if id(text) not in seen:
            seen.add(id(text))
            unique.append((text, box))
    return unique


def _name(text):
    return repr(text.get_text().replace("\n", " ")[:60])


def label_problems(fig, draw=None):
    """What is wrong with the figure's texts: one line per text outside the figure or pair overlapping."""
    width, height = fig.canvas.get_width_height()
    texts = drawn_texts(fig, draw)
    problems = []
    for text, b in texts:
        if b.x0 < -TOLERANCE_PX or b.y0 < -TOLERANCE_PX or b.x1 > width + TOLERANCE_PX \
                or b.y1 > height + TOLERANCE_PX:
            problems.append(f"{_name(text)} leaves the {width}x{height} figure: "
                            f"x {b.x0:.0f}..{b.x1:.0f}, y {b.y0:.0f}..{b.y1:.0f}")
    for i, (a, ba) in enumerate(texts):
        for b, bb in texts[i + 1:]:
            dx = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
            dy = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
            if dx > TOLERANCE_PX and dy > TOLERANCE_PX:
                problems.append(f"{_name(a)} overlaps {_name(b)} by {dx:.0f}x{dy:.0f} px")
    return problems


def assert_labels_fit(fig, draw=None, what="figure"):
    """Fail if a text of ``fig`` leaves the figure or overlaps another text; returns the number of texts."""
    problems = label_problems(fig, draw)
    assert not problems, f"{what}: " + "; ".join(problems)
    return len(drawn_texts(fig, draw))
