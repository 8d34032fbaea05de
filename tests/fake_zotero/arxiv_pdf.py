"""A loopback stand-in for ``https://arxiv.org/pdf/ID``: each paper's own small PDF, so a test
can check that the bytes stored for a paper are that paper's (md5). Ids in ``missing`` answer
404 (a failed download); ``served`` lists every id asked for."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any

from fake_zotero.server import LoopbackServer


def pdf_bytes(arxiv_id: str) -> bytes:
    """A minimal one-page PDF that names the paper: different bytes for every id."""
    text = f"arXiv:{arxiv_id}"
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class _Handler(BaseHTTPRequestHandler):
    server: "ArxivPdfServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        arxiv_id = self.path.removeprefix("/pdf/")
        self.server.served.append(arxiv_id)
        if not self.path.startswith("/pdf/") or arxiv_id in self.server.missing:
            body, status, kind = b"Not found", 404, "text/plain"
        else:
            body, status, kind = pdf_bytes(arxiv_id), 200, "application/pdf"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ArxivPdfServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.missing: set[str] = set()
        self.served: list[str] = []
        self.url = f"{self.base}/pdf/{{id}}"  # the [pdf] arxiv_url template
