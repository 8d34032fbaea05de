"""LaTeX ↔ Unicode for BibTeX fields, through pylatexenc.

Import: accents and escaped specials become Unicode, math stays readable (``$\\mu$`` → ``μ``),
sub- and superscripts become Zotero's rich text (``LiAlO$_{2}$`` → ``LiAlO<sub>2</sub>``), font
commands and case-protecting braces go. Export: non-ASCII characters and BibTeX's special
characters become LaTeX, a run of mathematical symbols one ``$…$`` (``≤ω`` → ``$\\leq\\omega$``,
which reads back the same, where one ``\\ensuremath`` per character is noise an author never
wrote), a combining accent the accent command over its letter (a raw U+0304 stops pdflatex),
``<sub>``/``<sup>`` math again, and words whose capitals must survive a bibliography style
(``BERT``, ``GPT-4o``, ``LLMs``) are protected with braces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc import latex2text, macrospec
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import unicode_to_latex
from pylatexenc.latexwalker import LatexWalker, get_default_latex_context_db

from zsync.whitespace import squeeze

#: font and box commands pylatexenc does not know, whose argument it would drop with them
#: (``\texttt{article}`` read as nothing); their text is kept
KEPT_ARGUMENT = ("texttt", "textsf", "textrm", "textup", "textmd", "textsl", "textnormal", "mbox", "hbox")


#: text symbols pylatexenc does not know, which Zotero's and Better BibTeX's exports write
#: (``Statistics\\textbar{}National Institute``), and their characters
SYMBOLS = {"textbar": "|", "textless": "<", "textgreater": ">", "rhd": "▷", "lhd": "◁"}
#: operator names, which TeX sets apart from a letter or command beside them ("$\\ln\\ln T$" is
#: "ln ln T", "$n\\log n$" is "n log n"; "$\\log(x)$" stays "log(x)")
OPERATOR = re.compile(r"([A-Za-z0-9]?)(\\(?:ln|lg|log|exp|sinh?|cosh?|tanh?|sec|csc|coth?|arcsin|arccos|arctan|"
                      r"max|min|sup|inf|lim|det|dim|ker|deg|arg|gcd|Pr|hom))(?![A-Za-z])(?=(\\[A-Za-z]|[A-Za-z0-9])?)")


def operator_spaced(match: re.Match[str]) -> str:
    return ("~" if match[1] else "").join((match[1], match[2])) + ("~" if match[3] else "")


def _contexts() -> tuple[macrospec.LatexContextDb, macrospec.LatexContextDb]:
    """The parser's and the text converter's macro tables, with :data:`KEPT_ARGUMENT`, ``\\slash``
    and :data:`SYMBOLS`."""
    parsing = get_default_latex_context_db().filter_context()
    parsing.add_context_category("zsync", prepend=True, macros=[macrospec.MacroSpec(n, "{") for n in KEPT_ARGUMENT])
    text = latex2text.get_default_latex_context_db().filter_context()
    text.add_context_category("zsync", prepend=True, macros=[
        *(latex2text.MacroTextSpec(n, simplify_repl="%(1)s") for n in KEPT_ARGUMENT),
        latex2text.MacroTextSpec("slash", simplify_repl="/"),
        *(latex2text.MacroTextSpec(n, simplify_repl=c) for n, c in SYMBOLS.items())])
    return parsing, text


#: built once: pylatexenc builds them again for every value otherwise (a third of import time)
_CONTEXT, _TEXT_CONTEXT = _contexts()
_TO_TEXT = LatexNodes2Text(latex_context=_TEXT_CONTEXT, math_mode="text", strict_latex_spaces=False)
MIXED_CASE = re.compile(r"(?<![\w{\\])([A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*|[a-z]+[A-Z][A-Za-z0-9-]*)(?![\w}])")

#: marks that need pylatexenc; a value with only braces besides is read by dropping them
LATEX_MARKS = ("\\", "$", "~", "%", "--", "``", "''")
#: any of them, found in one scan (a test per mark scanned the value seven times)
LATEX_MARK = re.compile("|".join(re.escape(mark) for mark in LATEX_MARKS))
LATEX_OR_BRACE = re.compile("|".join(re.escape(mark) for mark in (*LATEX_MARKS, "{", "}")))  # nothing to read without one
#: sub/superscripts, in math (``_{2}``, ``^2``) or as text commands, wrapped in private-use marks
#: that pass through pylatexenc untouched and become ``<sub>``/``<sup>`` after it
#: a sub- or superscript in math: a group (one level of groups inside: ``_{\mathrm{NL}}``), a
#: command with its argument (``_\mathrm{NL}``), a command (``^\prime``) or one character
MATH_SCRIPT = re.compile(r"([_^])\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9+\-])")
#: spacing commands, which pylatexenc drops in math ("Type$\,$Ia" is "Type Ia")
MATH_SPACE = re.compile(r"\\[,;: ]|\\q?quad\b")
#: a font switch inside a group (``{\cal R}``, ``{\rm acc}``): the letters, without a space before them
FONT_SWITCH = re.compile(r"\{\\(?:cal|rm|bf|it|sf|tt|em|sl|sc)\s+")
#: Google Scholar writes a title's protective braces as math braces: "$\{$TensorFlow$\}$"
MATH_BRACE = re.compile(r"\$\\[{}]\$")
TEXT_SCRIPT = re.compile(r"\\text(sub|super)script\s*(\{[^{}]*\})")
MATH = re.compile(r"(?<!\\)\$([^$]+)\$")
MARKS = {"sub": ("\ue000", "\ue001"), "sup": ("\ue002", "\ue003")}
RICH = re.compile(r"<(sub|sup)>(.*?)</\1>")
#: combining accents pylatexenc leaves raw, as the accent commands that put them on a letter
ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u ", "\u0307": ".",
           "\u0308": '"', "\u030a": "r ", "\u030b": "H ", "\u030c": "v ", "\u0323": "d ", "\u0327": "c ", "\u0328": "k ",
           "\u0331": "b "}


def marked(kind: str, body: str) -> str:
    start, end = MARKS["sub" if kind in ("_", "sub") else "sup"]
    return start + (body if body.startswith("{") else "{" + body + "}") + end


#: what the parser reads besides commands and :data:`LATEX_MARKS` (``&`` is a column break to it,
#: ``!``` and ``?``` are ¡ and ¿): text holding one is left to the parser
PARSER_SPECIALS = ("&", "!`", "?`")
#: an accent command over one letter (``\\'e``, ``\\"{o}``, ``\\v{z}``; a letter-named accent only
#: with braces: ``\\vz`` is another command), read without the parser when nothing else needs it
ACCENTED = re.compile(r"\\(?:([`'^\"~=.])\s*(?:\{([A-Za-z])\}|([A-Za-z]))|([uvHcdrbk])\s*\{([A-Za-z])\})")
COMBINING = {"`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306", ".": "\u0307",
             '"': "\u0308", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323", "c": "\u0327", "k": "\u0328",
             "b": "\u0331"}

#: a letter command in its braces, as names write them (``S{\\o}gaard``, ``Kra{\\ss}``)
LETTER = re.compile(r"\{\\(o|O|ss|ae|AE|oe|OE|aa|AA|l|L)\}")
LETTERS = {"o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł"}


def accented(match: re.Match[str]) -> str:
    """One accented letter as its precomposed character, or the command as it was (left to the
    parser) where Unicode has none."""
    accent, letter = (match[1], match[2] or match[3]) if match[1] else (match[4], match[5])
    char = unicodedata.normalize("NFC", letter + COMBINING[accent])
    return char if len(char) == 1 else match[0]


def letters(value: str) -> str:
    """Accent commands over letters and braced letter commands as the characters they are;
    any other command is left as it is."""
    return LETTER.sub(lambda m: LETTERS[m[1]], ACCENTED.sub(accented, value))


def math_span(match: re.Match[str]) -> str:
    """One ``$…$`` span made ready for the walker: scripts marked, spacing as spaces (a span of
    spacing only, "Type$\\,$Ia", is a plain space)."""
    body = OPERATOR.sub(operator_spaced, MATH_SPACE.sub(" ", match[1]))
    return "$" + MATH_SCRIPT.sub(lambda s: marked(s[1], s[2]), body) + "$" if body.strip() else " "


def to_unicode(value: str) -> str:
    """A BibTeX field value as plain Unicode text (sub/superscripts as Zotero's rich text).
    Accented letters and ``{\\o}``-like letters, the only LaTeX in most names and titles, are read
    without pylatexenc, whose walk costs a few hundred microseconds per value (bench/feeds_bench.py)."""
    if not LATEX_OR_BRACE.search(value):
        return squeeze(value)  # most titles and names: nothing to read
    if "\\" in value:
        plain = letters(value)
        if not LATEX_MARK.search(plain) and not any(special in plain for special in PARSER_SPECIALS):
            value = plain
    if not LATEX_MARK.search(value):
        return " ".join(value.replace("{", "").replace("}", "").split())
    if not any(mark in value for mark in LATEX_MARKS if mark != "--"):  # only dashes: "A -- B" is common
        return " ".join(value.replace("{", "").replace("}", "").replace("---", "—").replace("--", "–").split())
    if "script" in value:
        value = TEXT_SCRIPT.sub(lambda m: marked(m[1], m[2]), value)
    if "$" in value:
        value = MATH_BRACE.sub("", value)
        value = MATH.sub(math_span, value)
    if "{\\" in value:
        value = FONT_SWITCH.sub("{", value)
    nodes, _, _ = LatexWalker(value, latex_context=_CONTEXT, tolerant_parsing=True).get_latex_nodes()
    text = _TO_TEXT.nodelist_to_text(nodes).replace("\u02c6", "^")  # pylatexenc's \textasciicircum
    text = " ".join(text.replace("\u00a0", " ").split())
    for kind, (start, end) in MARKS.items():
        if start in text:
            text = re.sub(f"{start}\\s*(.*?)\\s*{end}", rf"<{kind}>\1</{kind}>", text)
    return text


@lru_cache(maxsize=4096)
def char_to_latex(char: str) -> str:
    """LaTeX for one character, or the character itself (UTF-8 is fine for biber and modern
    BibTeX) where pylatexenc's LaTeX would not read back as the same character."""
    latex = unicode_to_latex(char, non_ascii_only=False, unknown_char_warning=False)
    if latex.startswith("\\") and not latex.startswith("\\ensuremath") and len(latex) > 2:
        latex = "{" + latex + "}"  # BibTeX's convention: {\~n}, so name splitting leaves it whole
    return latex if to_unicode(f"x{latex}x") == f"x{char}x" else char


def math_or_text(text: str) -> str:
    """Characters as LaTeX: a run of mathematical symbols as one ``$…$``, a letter with a
    combining accent as the accent command over it."""
    out: list[str] = []
    math: list[str] = []
    text = unicodedata.normalize("NFC", text)
    for at, char in enumerate(text):
        if char in ACCENTS:
            continue
        if at + 1 < len(text) and text[at + 1] in ACCENTS:
            latex = "{\\" + ACCENTS[text[at + 1]] + char + "}"
        elif char.isalnum() and char.isascii() or char in " \n":
            latex = char
        else:
            latex = char_to_latex(char)
        if latex.startswith("\\ensuremath{"):
            math.append(latex[len("\\ensuremath{"):-1])
            continue
        if math:
            out.append(as_math(math))
            math = []
        out.append(latex)
    if math:
        out.append(as_math(math))
    return "".join(out)


def as_math(symbols: list[str]) -> str:
    """``\\leq``, ``\\omega`` → ``$\\leq\\omega$`` (a space only where a letter would join a command)."""
    joined = ""
    for symbol in symbols:
        if re.search(r"\\[A-Za-z]+$", joined) and symbol[:1].isalpha():
            joined += " "
        joined += symbol
    return "$" + joined + "$"


def to_latex(value: str, protect_case: bool = False) -> str:
    """Plain Unicode text (with Zotero's ``<sub>``/``<sup>``) as a BibTeX field value."""
    pieces = []
    at = 0
    for rich in RICH.finditer(value):
        pieces.append(math_or_text(value[at:rich.start()]))
        script = math_or_text(rich[2])
        script = script[1:-1] if re.fullmatch(r"\$[^$]*\$", script) else script
        pieces.append("$" + ("_" if rich[1] == "sub" else "^") + "{" + script + "}$")
        at = rich.end()
    pieces.append(math_or_text(value[at:]))
    text = "".join(pieces)
    text = re.sub(r"([-`'])(?=\1)", r"\1{}", text)  # "--", "``", "''" written in the text stay as written
    if protect_case:
        text = MIXED_CASE.sub(r"{\1}", text)
    return text
