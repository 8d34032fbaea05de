"""A run report as a small self-contained HTML page a team can publish from CI."""

from __future__ import annotations

from html import escape

from zsync.report import Line, RunReport

STYLE = ("body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
         "h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}"
         "td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}"
         ".why{color:#555;font-size:.9em}.counts span{margin-right:1.2rem}")


def item_link(library: str, key: str | None) -> str:
    """A link to the item on zotero.org, for Web API libraries."""
    if key and library.startswith(("users/", "groups/")):
        return f'<a href="https://www.zotero.org/{escape(library)}/items/{escape(key)}">{escape(key)}</a>'
    return escape(key or "")


def section(title: str, lines: list[Line], library: str, why: bool = True) -> str:
    if not lines:
        return ""
    rows = "".join(
        f"<tr><td>{item_link(library, line.key)}</td><td>{escape(line.title)}"
        f"{f'<div class=why>{escape(line.detail)}</div>' if why and line.detail else ''}</td>"
        f"<td>{escape(line.location)}</td></tr>" for line in lines)
    return f"<h2>{escape(title)} ({len(lines)})</h2><table><tr><th>item</th><th>paper</th><th>from</th></tr>{rows}</table>"


def render(report: RunReport, title: str) -> str:
    counts = "".join(f"<span><b>{n}</b> {escape(k)}</span>" for k, n in report.counts().items())
    error = f"<p><b>The run failed:</b> {escape(report.error)}</p>" if report.error else ""
    body = "".join([
        section("Added", report.created, report.library, why=False),
        section("Updated (tags, code links, collection, identifiers)", report.updated, report.library),
        section("Merged as duplicates", report.duplicates, report.library),
        section("Skipped (deleted from the library)", report.skipped, report.library),
        section("Rejected", report.rejected, report.library),
        section("Failed", report.failed, report.library),
    ])
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{escape(title)}</title><style>{STYLE}</style>"
            f"</head><body><h1>{escape(title)}</h1><p>{escape(report.library)} · {escape(report.started_at)}</p>"
            f"<p class=counts>{counts}</p>{error}{body}</body></html>\n")
