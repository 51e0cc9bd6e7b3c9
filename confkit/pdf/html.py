"""HTML to PDF with WeasyPrint, the bundled fonts embedded, and nothing fetched.

A programme page is workbook text and the organiser's templates: neither may make the
PDF read a file or a URL. WeasyPrint gets no base URL (so that no path of the event
folder can end up in a link) and a fetcher that serves data: URIs and our own font
files only; anything else (http://, file:///etc/passwd, a relative path) is refused and
left out of the PDF. An image in a data: URI is measured before the engine decodes it
(confkit.images): one declaring too many pixels is refused the same way.
"""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
FACES = {"normal": FONTS / "DejaVuSans.ttf", "bold": FONTS / "DejaVuSans-Bold.ttf"}


class Refused(ValueError):
    """A document asked for something that is neither a data: URI nor a bundled font."""


def pdf(page: str) -> bytes:
    """Print `page` (a whole HTML document, for `@media print`), embedding the fonts (subsetted); in a
    process of its own, which returns the memory WeasyPrint took when it ends (see workers.apart)."""
    import weasyprint  # noqa: F401 - imported here, once a run (a second): each printing process inherits it

    from confkit import workers

    return workers.apart(_printed, page)


def _printed(page: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher, fonts = fetcher_only_bundled(), FontConfiguration()
    faces = "".join(f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
                    for weight, path in FACES.items())
    document = HTML(string=page, base_url=None, media_type="print", url_fetcher=fetcher)
    stylesheet = CSS(string=faces, font_config=fonts, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def fetcher_only_bundled():
    """A WeasyPrint URL fetcher that serves data: URIs and the bundled fonts, and refuses the rest.

    Recent WeasyPrint (70 here) takes a `URLFetcher` whose `fetch(url, headers)` returns a
    response; an exception that is not fatal makes it skip the resource with a warning, as for
    a missing image. Older releases take a function returning a dict: see `_fetcher_function`.
    """
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:
        return _fetcher_function()
    fonts = _font_files()

    class BundledOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):  # decoded by urllib's DataHandler, no I/O
                response = super().fetch(url, headers)
                return URLFetcherResponse(url, _small(response.read()), response.headers)
            if url in fonts:
                return URLFetcherResponse(url, fonts[url].read_bytes(), {"Content-Type": "font/ttf"})
            raise Refused("confkit's PDFs fetch nothing but their own fonts")

    return BundledOnly(allowed_protocols=("data",), allow_redirects=False)


def _fetcher_function():
    """The same rule for WeasyPrint releases whose `url_fetcher` is a function returning a dict."""
    from weasyprint import default_url_fetcher

    fonts = _font_files()

    def fetch(url: str) -> dict:
        if url.startswith("data:"):
            resource = default_url_fetcher(url)
            return {**resource, "string": _small(resource.get("string") or resource["file_obj"].read())}
        if url in fonts:
            return {"string": fonts[url].read_bytes(), "mime_type": "font/ttf", "redirected_url": url}
        raise Refused("confkit's PDFs fetch nothing but their own fonts")

    return fetch


def _small(data: bytes) -> bytes:
    """`data`, unless it is an image too costly to draw (one inside an SVG logo): see confkit.images."""
    from confkit import images

    if images.too_large(data, "data:"):
        raise Refused(f"an image of more than {images.MAX_PIXELS} pixels, or an SVG of more than "
                      f"{images.MAX_SVG_SHAPES} shapes")
    return data


def _font_files() -> dict[str, Path]:
    return {path.as_uri(): path for path in FACES.values()}
