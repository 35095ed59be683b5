"""One-line errors for overrides before Hydra composes anything (sim/commands/preflight.py)."""
import pytest

from sim.commands.preflight import check_overrides, tactic_names
from sim.errors import PacksimError


def test_an_unknown_tactics_group_option_lists_the_tactic_names():
    with pytest.raises(PacksimError) as info:
        check_overrides(["tactics=sprint"])
    msg = str(info.value)
    assert "field.default_tactic=NAME" in msg and "front_run" in msg and "\n" not in msg
    assert {"even", "sit", "front_run", "surge", "kick"} <= set(tactic_names())


def test_a_value_cut_at_its_space_by_the_shell_says_how_to_quote():
    with pytest.raises(PacksimError, match="quote the whole override"):
        check_overrides(["focal=[Jim", "Walmsley]"])
    check_overrides(["focal=[Jim Walmsley]"])   # one argument: fine


def test_other_parse_errors_do_not_blame_quoting():
    with pytest.raises(PacksimError) as info:
        check_overrides(["seed=="])
    assert "quote" not in str(info.value)
