"""A race's typed config from Hydra's composed one: the schema's conversion, then what input files add to it."""
from sim.config import from_omegaconf
from sim.inputs.stations import apply_station_cutoffs


def load_config(omegacfg):
    """:func:`sim.config.from_omegaconf`, then the cut-offs of ``rules.stations`` added to ``rules.cutoffs``."""
    return apply_station_cutoffs(from_omegaconf(omegacfg))
