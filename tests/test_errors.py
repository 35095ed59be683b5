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
