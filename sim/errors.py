"""The one exception type users see: a one-line message naming the file or key and the fix."""

SHORT_CHARS = 80


class PacksimError(Exception):
    """Bad input: a config key, a data file, a runner or tactic name. Printed as one line, exit 2."""


def shorten(value, limit=SHORT_CHARS):
    """``value`` as text fit to echo in a one-line message: one line, cut to about ``limit`` characters.

    Numbers print as plain numbers (``nan``, ``inf``, ``2.5``; never ``np.float64(nan)``), strings as they are;
    a longer text keeps its start and says how long it was: ``'aaaa…(10000000 chars)'``.
    """
    if isinstance(value, bool) or value is None:
        text = str(value)
    elif isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        try:
            text = str(value.item()) if hasattr(value, "item") else str(value)
        except (ValueError, TypeError):
            text = str(value)
    else:
        text = str(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…({len(text)} chars)"
