"""The one exception type users see: a one-line message naming the file or key and the fix."""


class PacksimError(Exception):
    """Bad input: a config key, a data file, a runner or tactic name. Printed as one line, exit 2."""
