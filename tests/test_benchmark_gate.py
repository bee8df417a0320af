"""The benchmark gate can fail: a floor above the figure, and data that changed under a pinned hash, both fail it."""
from __future__ import annotations

import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import gate


def test_the_gate_passes_on_its_pins_and_fails_on_a_raised_floor_or_changed_data(tmp_path, monkeypatch, capsys):
    pinned = json.loads(gate.FLOORS.read_text())
    assert {g.name for g in gate.GATES} == set(pinned)  # every gate has a floor and a data hash
    floors = tmp_path / "floors.json"
    monkeypatch.setattr(gate, "FLOORS", floors)
    name = "times_tbaq_sample"
    floors.write_text(json.dumps(pinned))
    assert gate.run_gates([name], pin=False) == 0
    raised = json.loads(json.dumps(pinned))
    raised[name]["floors"]["value_f1"] = 0.99
    floors.write_text(json.dumps(raised))
    assert gate.run_gates([name], pin=False) == 1
    assert "value_f1" in capsys.readouterr().out
    moved = json.loads(json.dumps(pinned))
    moved[name]["data_sha256"] = "0" * 64
    floors.write_text(json.dumps(moved))
    assert gate.run_gates([name], pin=False) == 1
    assert "data changed" in capsys.readouterr().out
