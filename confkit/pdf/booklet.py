"""A5 pages imposed two by two on A4 for saddle stitching: print double-sided, fold, staple."""

from __future__ import annotations

import io

A4_LANDSCAPE = (841.89, 595.28)  # in points


def impose_booklet(a5: bytes) -> bytes:
    """A5 pages two by two on A4 landscape sheets, in printer's order for saddle stitching.

    Sheet k (from 0) carries pages n-2k and 2k+1 on its front, 2k+2 and n-2k-1 on its back,
    n being the page count rounded up to a multiple of four (the rest stay blank).
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    pages = PdfReader(io.BytesIO(a5)).pages
    width, height = A4_LANDSCAPE
    writer = PdfWriter()
    for pair in booklet_order(len(pages)):
        side = PageObject.create_blank_page(width=width, height=height)
        for half, number in enumerate(pair):
            if number:
                side.merge_transformed_page(pages[number - 1], _placed(pages[number - 1], half, width))
        writer.add_page(side)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def booklet_order(page_count: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each printed side; 0 for a blank half."""
    total = -(-page_count // 4) * 4
    sides = []
    for sheet in range(total // 4):
        for pair in ((total - 2 * sheet, 2 * sheet + 1), (2 * sheet + 2, total - 2 * sheet - 1)):
            sides.append(tuple(n if n <= page_count else 0 for n in pair))
    return sides


def _placed(page, half: int, width: float):
    """Centred on its half of the sheet; a landscape page (a glance at many rooms) turned a quarter,
    as a printer would, so that it reads with the booklet turned."""
    from pypdf import Transformation

    page_width, page_height = float(page.mediabox.width), float(page.mediabox.height)
    turn = Transformation()
    if page_width > page_height:
        turn = turn.rotate(90).translate(page_height, 0)
        page_width, page_height = page_height, page_width
    return turn.translate(half * width / 2 + (width / 2 - page_width) / 2, 0)
