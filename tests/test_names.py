"""Splitting authors' names: the digest convention (Zotero's arXiv importer) and BibTeX's."""

from __future__ import annotations

import pytest

from zsync.names import bibtex_names, bibtex_person, person_from_name, split_names


@pytest.mark.parametrize("text, parts", [
    ("Ada Lovelace", ("Ada", "Lovelace", "")),
    ("Lovelace, Ada", ("Ada", "Lovelace", "")),
    ("Murilo da Luz", ("Murilo da", "Luz", "")),   # the last word, as Zotero's cleanAuthor takes it
    ("Plato", ("", "", "Plato")),                   # a mononym stays one field
])
def test_person_from_name_takes_the_last_word_or_what_precedes_a_comma(text, parts):
    person = person_from_name(text)
    assert (person.first, person.last, person.name) == parts


def test_split_names_splits_on_commas_semicolons_and_ampersands():
    assert [p.last for p in split_names("Ada Lovelace, Alan Turing; Grace Hopper and Kurt Gödel & Emmy Noether")] == [
        "Lovelace", "Turing", "Hopper", "Gödel", "Noether"]


def test_split_names_splits_on_and_only_as_a_word():
    assert [p.last for p in split_names("Alexander Sandoval and Chandra Anand")] == ["Sandoval", "Anand"]


@pytest.mark.parametrize("text, parts", [
    ("Ludwig van Beethoven", ("Ludwig", "van Beethoven", "")),   # von part kept with the last name
    ("Doe, Jr., John", ("John, Jr.", "Doe", "")),
    ("{World Health Organization}", ("", "", "World Health Organization")),
    (r"Oliver Sch{\"o}n", ("Oliver", "Schön", "")),
])
def test_bibtex_person_keeps_von_jr_and_literal_names(text, parts):
    person = bibtex_person(text)
    assert (person.first, person.last, person.name) == parts


def test_bibtex_names_split_on_and_outside_braces_and_drop_others():
    names = bibtex_names("Doe, Jane and {Council on Quality and Outcomes} and others")
    assert [(p.last, p.name) for p in names] == [("Doe", ""), ("", "Council on Quality and Outcomes")]
