"""Settings: overriding the title threshold the one way every command does."""

from __future__ import annotations

import pytest
from pydantic import ValidationError


def test_with_threshold_changes_only_the_title_threshold(settings):
    changed = settings.with_threshold(0.8)
    assert changed.dedupe.threshold == 0.8
    assert changed.dedupe.abstract_threshold == settings.dedupe.abstract_threshold
    assert settings.dedupe.threshold == 0.92  # the original is left as it was


def test_with_threshold_none_keeps_the_configured_one(settings):
    assert settings.with_threshold(None) is settings


def test_with_threshold_out_of_bounds_is_refused_as_in_the_config_file(settings):
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        settings.with_threshold(3)
