"""Saved web pages read as links and text (zsync/sources/page_links.py), on lines taken from the
real samples in tests/data/hf-papers-page."""

from __future__ import annotations

from zsync.sources.page_links import clean_text, front_matter, page_pieces


def links(text):
    return [(clean_text(p.text), p.url) for p in page_pieces(text) if p.url]


def test_reference_links_take_their_urls_from_the_definitions():
    text = ("### [MURMUR: An Efficient Inference System for Long-Form ASR][32]\n[\n* 3 authors\n][34]\n\n"
            "[32]: https://huggingface.co/papers/2606.01234\n[34]: https://huggingface.co/papers/2606.01234\n")
    assert links(text) == [("MURMUR: An Efficient Inference System for Long-Form ASR", "https://huggingface.co/papers/2606.01234"),
                           ("3 authors", "https://huggingface.co/papers/2606.01234")]


def test_a_url_line_is_the_link_of_the_paragraph_before_it():
    text = "Models\n\nhttps://huggingface.co/models\n\nMar 25\n\n [-] 1\n\nhttps://huggingface.co/login?next=%2Fpapers%2F2410.05434\n"
    assert links(text) == [("Models", "https://huggingface.co/models"),
                           ("[-] 1", "https://huggingface.co/login?next=%2Fpapers%2F2410.05434")]
    assert [p.text for p in page_pieces(text) if p.url is None] == ["Mar 25"]


def test_nested_brackets_and_images_inside_link_text():
    text = "[[图片：kandinskylab] Kandinsky Lab](https://huggingface.co/kandinskylab) · Published on Oct 4, 2026"
    assert links(text) == [("Kandinsky Lab", "https://huggingface.co/kandinskylab")]
    assert clean_text(page_pieces(text)[-1].text) == "· Published on Oct 4, 2026"


def test_front_matter_is_read_and_blanked_keeping_line_numbers():
    meta, body = front_matter("---\nurl: https://huggingface.co/papers?q=x\nretrieved: 2026-10-02\n---\nnew\n")
    assert meta == {"url": "https://huggingface.co/papers?q=x", "retrieved": "2026-10-02"}
    assert body.split("\n")[4] == "new"


def test_pieces_carry_their_line_numbers():
    text = "a\n\n[Title](https://huggingface.co/papers/2410.05434)\n\nhttps://x.org\n"
    assert [(p.line, p.url) for p in page_pieces(text)] == [(1, None), (3, "https://huggingface.co/papers/2410.05434"),
                                                           (5, "https://x.org")]
