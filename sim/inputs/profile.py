"""The raw course profile, as read from a CSV or a GPX file (before it is cut into segments)."""
from dataclasses import dataclass

import numpy as np


@dataclass
class Profile:
    """The raw course profile as read from its file."""
    distance_m: np.ndarray
    elevation_m: np.ndarray
    heading_deg: np.ndarray
    source: str
