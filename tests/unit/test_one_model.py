"""One data model (screener/model.py): the builder loads policies/ into its classes, the bundle is their JSON
form, and the engine reads that form back into the same classes, losing nothing it reads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builder.policies import jurisdictions, load_policies, programs
from builder.policies.bundle import engine_bundle
from screener import data, model

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def policies():
    return load_policies(ROOT / "policies")


def test_the_builder_loads_into_the_engines_classes():
    assert issubclass(jurisdictions.Jurisdiction, model.Jurisdiction)
    assert issubclass(jurisdictions.Parameter, model.Parameter)
    assert issubclass(jurisdictions.Office, model.Office)
    assert issubclass(programs.Program, model.Program)


def test_the_bundle_reads_back_into_the_model_and_writes_the_same_json(policies):
    raw = json.loads(json.dumps(engine_bundle(policies), ensure_ascii=False))
    places, progs, citations = model.from_bundle(raw)
    again = model.bundle_json(places.values(), progs.values(), {}, citations)
    assert again == raw
    # The engine's view is built on the same objects: the same value on the same day, on both sides.
    engine = data.Bundle(raw)
    day = dt.date(2026, 11, 1)
    national = policies.data["national_parameters"]
    for j in policies.data["jurisdictions"].values():
        params = engine.jurisdictions[j.id].params(day.isoformat())
        for name, p in {**national, **j.parameters}.items():
            built, read = p.at(day), params.get(name)
            assert (built is None) == (read is None), (j.id, name)
            if built is not None:
                assert (read.value, read.source, read.verified) == (built.value, built.source, built.verified)


def test_a_bundle_of_another_version_is_refused():
    with pytest.raises(ValueError, match="bundle version"):
        model.from_bundle({"version": model.BUNDLE_VERSION + 1, "jurisdictions": {}, "programs": {},
                           "citations": {}})

