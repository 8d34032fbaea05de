"""The embedded local library passes the contract, and survives being reopened."""

from __future__ import annotations

import pytest

from library.contract import LibraryContract, paper
from zsync.config import load_settings
from zsync.errors import ZsyncError
from zsync.library import LocalLibrary, default_library_path, open_library


class TestLocalLibrary(LibraryContract):
    @pytest.fixture
    def library(self, local_library):
        return local_library


def test_local_library_keeps_items_and_version_across_reopening(tmp_path):
    with LocalLibrary(tmp_path / "lib.sqlite") as library:
        library.create([paper("persisted")])
    with LocalLibrary(tmp_path / "lib.sqlite") as library:
        assert [i.get("title") for i in library.items()] == ["persisted"] and library.version == 1


def test_default_library_is_the_file_in_the_data_dir(isolated_home):
    with open_library(None, load_settings()) as library:
        assert library.id == f"local:{isolated_home / 'library.sqlite'}"
    assert default_library_path().is_file()


def test_unknown_library_spec_says_what_is_accepted():
    with pytest.raises(ZsyncError, match="unknown library 'ftp://x'") as info:
        open_library("ftp://x", load_settings())
    assert "local:PATH" in info.value.hint
