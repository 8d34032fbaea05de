"""The source registry: entry points, detection, and forcing a format."""

from __future__ import annotations

import pytest

from conftest import ABSTRACT_LIST, HF_PAGE
from zsync.errors import InputError, ZsyncError
from zsync.sources import Digest, SourceRegistry, read_digest


def test_registry_lists_the_built_in_formats(registry):
    assert {"hf-papers-text", "abstract-list"} <= set(registry.sources)
    assert registry.broken == {}


@pytest.mark.parametrize("path, name", [(HF_PAGE, "hf-papers-text"), (ABSTRACT_LIST, "abstract-list")])
def test_registry_detects_each_seed_format(registry, path, name):
    assert registry.detect(read_digest(path)).name == name


def test_registry_says_when_no_format_fits(registry):
    with pytest.raises(InputError, match="notes.txt: no known digest format fits") as info:
        registry.detect(Digest("notes.txt", "just some notes\nnothing else\n"))
    assert "--format" in info.value.hint


def test_registry_unknown_forced_format_lists_known_ones(registry):
    with pytest.raises(ZsyncError, match="unknown format 'ris'") as info:
        registry.get("ris")
    assert "hf-papers-text" in info.value.hint


def test_registry_reports_a_broken_plugin_without_failing(monkeypatch):
    class Broken:
        name = "broken"

        def load(self):
            raise ImportError("missing dependency")

    monkeypatch.setattr("zsync.sources.registry.entry_points", lambda group: [Broken()])
    registry = SourceRegistry.from_entry_points()
    assert registry.sources == {} and "missing dependency" in registry.broken["broken"]
