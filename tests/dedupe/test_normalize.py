"""Each normalisation step, one row each."""

from __future__ import annotations

import pytest

from zsync.dedupe.normalize import normalize_title


@pytest.mark.parametrize("raw, normalized", [
    ("<i>Deep</i> &amp; Wide", "deep wide"),                         # HTML tags and entities
    (r"Schr{\"o}dinger's {BERT}", "schrodinger s bert"),             # LaTeX accents and braces
    (r"\textbf{Bold} claims", "bold claims"),                        # LaTeX commands
    ("ﬁne-tuning Ｌａｒｇｅ", "fine tuning large"),                    # NFKC: ligature, full width
    ("Café Résumé", "cafe resume"),                                  # diacritics
    ("ATTENTION Is All", "attention is all"),                        # case
    ("BERT: Pre-training — of Deep", "bert pre training of deep"),   # punctuation, dashes, subtitles
    ("  lots   of\tspace ", "lots of space"),                        # whitespace
])
def test_title_normalization_step(raw, normalized):
    assert normalize_title(raw) == normalized

