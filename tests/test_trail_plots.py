"""sim/outputs/trail_plots.py: station arrivals from splits, their percentiles, and the trail figure."""
import numpy as np
import pytest
from conftest import compose_config
from label_check import label_problems
from numpy.testing import assert_allclose

import sim.outputs.plots as plots
from sim.inputs.course import Profile, build_course
from sim.inputs.stations import AidStation
from sim.outputs.trail_plots import (
    arrival_percentiles_s,
    read_real_station_percentiles,
    station_arrivals_s,
    trail_figure,
)


def test_arrivals_are_linear_between_checkpoints_from_the_gun():
    splits = np.array([[100.0, 300.0], [120.0, np.nan]])
    got = station_arrivals_s([1000.0, 2000.0], splits, [500.0, 1000.0, 1500.0, 2000.0])
    assert_allclose(got[0], [50.0, 100.0, 200.0, 300.0])
    assert_allclose(got[1, :2], [60.0, 120.0])
    assert np.isnan(got[1, 2:]).all()          # did not reach the checkpoint after the station


def test_percentiles_are_of_the_finishers_only():
    arrivals = np.array([[10.0], [20.0], [30.0], [1000.0]])
    pct = arrival_percentiles_s(arrivals, [True, True, True, False], q=(0, 50, 100))
    assert_allclose(pct[:, 0], [10.0, 20.0, 30.0])
    assert np.isnan(arrival_percentiles_s(arrivals, [False] * 4)).all()


def test_real_percentiles_leave_out_rarely_timed_stations():
    real = read_real_station_percentiles("scenarios/western_states_2019/wser_2019_split_percentiles.csv")
    assert "Dardanelles (Cal-1)" not in real and "No Hands Bridge" not in real      # n = 9 and 29
    assert_allclose(real["Foresthill"], np.array([11.3833, 14.75, 17.32]) * 3600)
    assert_allclose(real["Finish"][1], 26.1461 * 3600)


def test_real_percentiles_bad_file(tmp_path):
    from sim.errors import PacksimError
    bad = tmp_path / "p.csv"
    bad.write_text("station,p50_h\nA,1\n")
    with pytest.raises(PacksimError, match="needs columns station, n, p10_h"):
        read_real_station_percentiles(bad)


def mountain():
    d = np.array([0.0, 5000.0, 10000.0, 15000.0, 20000.0])
    z = np.array([1000.0, 1800.0, 1200.0, 2000.0, 900.0])
    return build_course(Profile(d, z, np.zeros(5), "mountain.csv"), name="Synthetic mountain")


def station(name, m, cut_h=np.nan):
    return AidStation(name, m, np.nan, cut_h * 3600.0, m, 2)


def test_figure_labels_fit_with_night_real_race_and_crowded_names():
    stations = [station("Start", 0.0), station("Col des Tests", 5000.0, 2.0), station("Hut A", 9900.0),
                station("Hut B", 10000.0, 3.0), station("Finish", 20000.0, 6.0)]   # Hut B is 100 m after Hut A
    pct = np.array([[0, 1800, 3600, 3700, 9000], [0, 2400, 4800, 4900, 12000], [0, 3000, 6000, 6100, 15000.0]])
    real = {"Col des Tests": (1700.0, 2300.0, 2900.0), "Finish": (8000.0, 11000.0, 14000.0)}
    fig = trail_figure(mountain(), stations, pct, real, nights_s=[(0.0, 600.0), (9000.0, 18000.0)])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["Col des Tests", "Hut A"]           # start and finish are the axes' ends; Hut B too close
    assert "time after the gun [h:mm]" == fig.axes[1].get_ylabel() and fig.axes[1].get_xlabel() == "distance [km]"
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "night (civil dusk to dawn)" in legend and "real race: median, 10th to 90th percentile" in legend
    assert label_problems(fig) == []
    plots.plt.close(fig)


def test_figure_without_night_or_real_race():
    stations = [station("Start", 0.0), station("Col", 5000.0), station("Finish", 20000.0)]
    fig = trail_figure(mountain(), stations, np.array([[0, 1, 2], [0, 2, 3], [0, 3, 4.0]]) * 3600)
    legend = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert not any("night" in t or "real" in t for t in legend)
    assert label_problems(fig) == []
    plots.plt.close(fig)


def test_western_states_run_writes_trail_png(tmp_path, monkeypatch):
    from sim.commands.run import run
    checked = {}
    save = plots.save_png

    def checking_save(fig, path):
        checked[str(path).rsplit("/", 1)[-1]] = label_problems(fig)
        return save(fig, path)
    monkeypatch.setattr(plots, "save_png", checking_save)
    run(compose_config("scenario=western_states_2019", "field.size=80", "sim.print_summary=false"), tmp_path)
    assert checked.get("trail.png") == [], checked
    assert (tmp_path / "trail.png").stat().st_size > 10_000
