"""Check command-line overrides against the schema before Hydra composes anything.

Hydra rejects an unknown key or a badly typed value too, but with a multi-line message; here the
user gets one line naming the key and the fix (a close match for a typo, the known options of a
group), and nothing is created in outputs/.
"""
import difflib
import typing
from pathlib import Path
from dataclasses import fields, is_dataclass

from sim.config import Config, TacticSpec
from sim.errors import PacksimError, shorten
from sim.inputs.paths import CONF_DIR

GROUPS = ("course", "weather", "field", "tactics", "physiology", "drafting", "sim", "rules", "goals", "scenario")


def schema_keys(schema=Config, prefix=""):
    """{dotted key: type} for every leaf of the schema; dict-valued fields end in '.*'."""
    out = {}
    for f in fields(schema):
        key = prefix + f.name
        if isinstance(f.type, type) and is_dataclass(f.type):
            out.update(schema_keys(f.type, key + "."))
        elif typing.get_origin(f.type) is dict:
            out[key] = f.type
            out[key + ".*"] = typing.get_args(f.type)[1]
        else:
            out[key] = f.type
    return out


def group_options(group, extra_dirs=()):
    """The options of a config group: its YAML files in conf/ and in the folders on Hydra's search path."""
    return sorted({p.stem for d in (CONF_DIR, *extra_dirs) for p in (Path(d) / group).glob("*.yaml")})


def search_dirs(args, parsed):
    """The local folders the user put on Hydra's search path: ``hydra.searchpath=[file://DIR]`` or ``-cd DIR``.

    Hydra reads a relative ``file://`` path from the working directory; ``pkg://`` entries are not
    looked into (their options are left to Hydra to check).
    """
    dirs = [b for a, b in zip(args, args[1:]) if a in ("--config-dir", "-cd")]
    dirs += [a.split("=", 1)[1] for a in args if a.startswith("--config-dir=")]
    for o in parsed:
        if o.key_or_group == "hydra.searchpath" and not o.is_delete():
            value = o.value()
            for entry in (value if isinstance(value, list) else [value]):
                if isinstance(entry, str) and entry.startswith("file://"):
                    dirs.append(entry[len("file://"):])
    return dirs


def tactic_names():
    """The tactics defined in the config group ``tactics`` (the names a runner can be given)."""
    import yaml
    names = set()
    for p in (CONF_DIR / "tactics").glob("*.yaml"):
        names.update(yaml.safe_load(p.read_text()) or {})
    return sorted(names)


def _expected_type(key, keys):
    if key in keys:
        return keys[key]
    parts = key.split(".")
    if parts[0] == "tactics" and len(parts) == 3:
        tactic_fields = {f.name: f.type for f in fields(TacticSpec)}
        if parts[2] in tactic_fields:
            return tactic_fields[parts[2]]
        close = difflib.get_close_matches(parts[2], tactic_fields, n=1)
        hint = f"did you mean 'tactics.{parts[1]}.{close[0]}'? " if close else ""
        raise PacksimError(f"unknown config key '{shorten(key)}': {hint}a tactic has {', '.join(tactic_fields)}")
    if len(parts) >= 2 and ".".join(parts[:-1]) + ".*" in keys:
        return keys[".".join(parts[:-1]) + ".*"]
    if parts[0] == "tactics" and len(parts) == 2:
        return dict
    close = difflib.get_close_matches(key, [k for k in keys if not k.endswith("*")], n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise PacksimError(f"unknown config key '{shorten(key)}': {hint}see README 'Configuration' for every key")


def _check_value(key, typ, value):
    if value is None or typ in (dict, typing.Any):
        return
    origin = typing.get_origin(typ)
    if origin is typing.Union:  # Optional[float]
        typ = [a for a in typing.get_args(typ) if a is not type(None)][0]
        origin = typing.get_origin(typ)
    if origin is list:
        if not isinstance(value, list):
            raise PacksimError(f"config key '{shorten(key)}': expects a list like [1000,2000], got '{shorten(value)}'")
        for v in value:
            _check_value(key, typing.get_args(typ)[0], v)
        return
    if is_dataclass(typ):   # an item of a list of records (rules.cutoffs, field.athletes, ...)
        if not isinstance(value, dict):
            raise PacksimError(f"config key '{shorten(key)}': each item is a mapping like {{{', '.join(f.name + ': ...' for f in fields(typ)[:2])}}}, "
                               f"got '{shorten(value)}'")
        known = {f.name: f.type for f in fields(typ)}
        for k, v in value.items():
            if k not in known:
                close = difflib.get_close_matches(str(k), known, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                raise PacksimError(f"config key '{shorten(key)}': unknown field '{shorten(k)}' in an item: {hint}an item has {', '.join(known)}")
            _check_value(f"{key}.{k}", known[k], v)
        return
    ok = {float: isinstance(value, (int, float)) and not isinstance(value, bool),
          int: isinstance(value, int) and not isinstance(value, bool),
          bool: isinstance(value, bool),
          str: True}.get(typ, True)
    if not ok:
        raise PacksimError(f"config key '{shorten(key)}': expects {typ.__name__}, got '{shorten(value)}'")


def check_overrides(args):
    """Raise :class:`PacksimError` for the first override naming an unknown key, group option or bad type."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    # Hydra's own flags, and the values of those that take one (--cfg job, --package x, ...)
    flags_with_value = {"--cfg", "-c", "--package", "-p", "--config-path", "-cp", "--config-name", "-cn",
                        "--config-dir", "-cd", "--info", "-i", "--experimental-rerun"}
    overrides, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a.startswith("-"):
            skip = a in flags_with_value
        else:
            overrides.append(a)
    if not overrides:
        return
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception as exc:
        reason = str(exc).splitlines()[0]
        split = [a for a in overrides if "=" not in a or a.count("[") != a.count("]")]
        if split:   # the shell cut a value with a space into several arguments
            raise PacksimError(f"cannot parse the overrides ({shorten(reason, 200)}): a value with a space must be one argument; "
                               f"quote the whole override, e.g. 'focal=[Jim Walmsley]'") from None
        raise PacksimError(f"cannot parse the overrides: {shorten(reason, 200)}") from None
    keys = schema_keys()
    extra_dirs = search_dirs(list(args), parsed)
    for o in parsed:
        key = o.key_or_group
        if key.startswith("hydra") or o.is_delete():
            continue
        values = list(o.sweep_iterator()) if o.is_sweep_override() else [o.value()]
        if key in GROUPS:
            known = group_options(key, extra_dirs)
            for v in values:
                if str(v) not in known:
                    hint = ""
                    if key == "tactics":   # the group holds tactic definitions; a runner's tactic is chosen elsewhere
                        hint = (f"; to give runners a tactic use field.default_tactic=NAME (tactics: "
                                f"{', '.join(tactic_names())})")
                    raise PacksimError(f"unknown {key} '{shorten(v)}': choose one of {', '.join(known)}{hint}")
            continue
        if o.is_add() and key.split(".")[0] == "tactics":
            raise PacksimError(f"'{shorten(key)}': new tactics are defined in YAML (a file in conf/tactics/ or under "
                               f"'tactics:' in a scenario), not on the command line; see README 'Tactics'")
        typ = _expected_type(key, keys)
        for v in values:
            _check_value(key, typ, v)
