"""PDF printing fetches nothing and publishes no local path: only data: URIs and our own fonts."""

from __future__ import annotations

import base64
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from confkit import workbook
from confkit.pdf import html as printing
from confkit.programme import page
from confkit.templates import environment

PASSWD = "file:///etc/passwd"


def _links(pdf: bytes) -> list[str]:
    return [annotation.get_object()["/A"]["/URI"] for p in PdfReader(io.BytesIO(pdf)).pages
            for annotation in p.get("/Annots") or [] if "/URI" in annotation.get_object().get("/A", {})]


def _streams(pdf: bytes) -> bytes:
    """Every object of the PDF, streams decompressed, to look for what must not be there."""
    reader = PdfReader(io.BytesIO(pdf))
    parts = []
    for number in range(1, int(reader.trailer["/Size"])):
        item = reader.get_object(number)
        data = getattr(item, "get_data", None)
        parts.append(data() if data else repr(item).encode())
    return b"\n".join(parts)


@pytest.fixture
def server():
    """A real HTTP server on the loopback, counting the requests it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requests
    httpd.shutdown()


def _read(folder):
    loaded, problems = workbook.read(folder)
    assert [p for p in problems if p.severity == "error"] == []
    return loaded


def test_pdf_links_to_the_programme_on_the_website_only(event):
    event.set("Event!A8", "base_url").set("Event!B8", "https://events.example.org/day")
    pdf = page.render(_read(event.write()), environment())["programme.pdf"]
    assert set(_links(pdf)) == {"https://events.example.org/day/programme.html"}  # one annotation per line of it


def test_pdf_without_website_has_no_feed_links_and_no_local_path(event):
    folder = event.write()
    pdf = page.render(_read(folder), environment(), booklet=True)
    everything = {name: _streams(data) for name, data in pdf.items() if name.endswith(".pdf")}
    assert {name: _links(data) for name, data in pdf.items() if name.endswith(".pdf")} == {
        "programme.pdf": [], "programme-booklet.pdf": []}
    assert {name: (b"file:" in data, str(folder).encode() in data) for name, data in everything.items()} == {
        name: (False, False) for name in everything}


def test_svg_logo_cannot_make_the_pdf_fetch_or_embed_anything(event, server):
    address, requests = server
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
           f'height="40"><rect width="40" height="40" fill="#1F4E79"/>'
           f'<image href="{address}/tracker.png" width="10" height="10"/>'
           f'<image xlink:href="{PASSWD}" width="10" height="10"/>'
           f'<style>@import url("{address}/style.css");</style></svg>')
    (event.folder / "logo.svg").write_text(svg, encoding="utf-8")
    event.set("Event!A8", "logo").set("Event!B8", "logo.svg")
    pdf = page.render(_read(event.write()), environment())["programme.pdf"]
    streams = _streams(pdf)
    assert requests == []
    assert (b"root:" in streams, b"/etc/passwd" in streams, b"127.0.0.1" in streams) == (False, False, False)


def test_fetcher_serves_data_and_our_fonts_and_refuses_the_rest(server):
    address, requests = server
    fetcher = printing.fetcher_only_bundled()
    data = "data:text/plain;base64," + base64.b64encode(b"hello").decode()
    font = printing.FACES["normal"]
    assert fetcher.fetch(data).read() == b"hello"
    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    refused = []
    for url in (f"{address}/x.png", PASSWD, (font.parent / "LICENSE.txt").as_uri(), "relative/logo.png"):
        with pytest.raises(printing.Refused):
            fetcher.fetch(url)
        refused.append(url)
    assert (len(refused), requests) == (4, [])


def _every_reference(address: str) -> str:
    """Each way an HTML page, its CSS or an inline SVG can ask the PDF engine for a resource."""
    return (f'<link rel="stylesheet" href="{address}/link.css"><link rel="attachment" href="{PASSWD}">'
            f'<style>@import url("{address}/import.css"); @import "{PASSWD}";'
            f'@font-face {{ font-family: Remote; src: url("{address}/font.ttf"); }}'
            f'body {{ font-family: Remote; background: url("{address}/background.png"); }}'
            f'li {{ list-style-image: url("{address}/bullet.png"); }} p::before {{ content: url("{address}/before.png"); }}'
            f'</style><img src="{address}/img.png"><img src="{PASSWD}"><object data="{address}/object.png"></object>'
            f'<embed src="{address}/embed.png"><a rel="attachment" href="{address}/attached.txt">a</a>'
            f'<svg width="10" height="10"><image href="{address}/svg.png" width="5" height="5"/>'
            f'<use href="{address}/sprite.svg#x"/></svg><ul><li>x</li></ul><p>y</p>')


def test_user_templates_cannot_make_the_pdf_fetch_or_embed_anything(event, server, tmp_path):
    address, requests = server
    templates = tmp_path / "templates" / "programme"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text("<!doctype html><html><head><style>{{ css }}</style></head><body>"
                                         + _every_reference(address) + "</body></html>", encoding="utf-8")
    (templates / "style.css").write_text(f'@import url("{address}/user-style.css"); '
                                         f'h1 {{ background: url("{address}/user-style.png"); }}', encoding="utf-8")
    pdf = page.render(_read(event.write()), environment(tmp_path / "templates"))["programme.pdf"]
    streams = _streams(pdf)
    assert requests == []
    assert (b"root:" in streams, b"/etc/passwd" in streams, b"127.0.0.1" in streams) == (False, False, False)


def test_printing_fetches_nothing_for_any_kind_of_reference(server):
    address, requests = server
    pdf = printing.pdf(f"<!doctype html><html><body>{_every_reference(address)}</body></html>")
    assert (requests, b"root:" in _streams(pdf)) == ([], False)
