"""Workbook text (recaps, bios, abstracts) as Markdown, made safe to publish on the recap site.

The text comes from a spreadsheet anyone on the team may have edited, or pasted from a
speaker's email: it is rendered by markdown-it-py's CommonMark with raw HTML off, so that
`<script>` or `<img onerror=…>` come out as the characters they are. Links are an allow-list,
not a block-list: only http, https and mailto survive; any other (javascript:, data:, vbscript:,
a relative path, which could point anywhere once the site is moved) keeps its text and loses
its link. External links get `rel="nofollow noopener"`. No image loads: the site makes no
request of its own, so `![alt](url)` becomes a link to the image (or its alt text alone).
Headings are moved down (`#` is an <h3> by default) so that the page keeps its one <h1>.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markupsafe import Markup

from confkit.text.labels import french_spacing

KEPT = re.compile(r"(?:https?|mailto):", re.IGNORECASE)  # the schemes a link may keep
EXTERNAL = re.compile(r"https?:", re.IGNORECASE)
REL = "nofollow noopener"


def render(text: str, *, top: int = 3, french: bool = False) -> Markup:
    """`text` as HTML (Markup) without raw HTML, unsafe links or images; `#` becomes <h{top}>;
    `french`: with the non-breaking spaces of French typography, as the `typo` filter gives."""
    if not text or not text.strip():
        return Markup("")
    return Markup(_parser().render(text, {"top": top, "french": french}))


@lru_cache(maxsize=4096)  # a page's description and its card's alt text ask for the same summary
def plain(text: str, limit: int = 0) -> str:
    """`text` with its Markdown taken out, on one line (for a meta description or an alt text);
    cut at a word and ended with `…` past `limit` characters when `limit` is given."""
    parts: list[str] = []
    for token in _parser().parse(text or "", {}):
        if token.type == "inline":
            parts.extend(child.content if child.type in ("text", "code_inline") else " "
                         for child in token.children or () if child.type in ("text", "code_inline", "softbreak",
                                                                             "hardbreak"))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
        parts.append(" ")
    line = " ".join("".join(parts).split())
    if not limit or len(line) <= limit:
        return line
    cut = line[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def allowed(href: str) -> bool:
    """Whether a link may keep its address: http, https or mailto, and nothing else."""
    return bool(KEPT.match(href))


@cache
def _parser():
    """CommonMark, raw HTML off, no linkify or typography; links and images filtered after parsing."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Every destination parses as a link, so that `_links` can keep the text of a refused one instead
    # of leaving `[text](javascript:…)` written out; what is kept is decided there, by `allowed`.
    md.validateLink = lambda url: True
    md.core.ruler.push("confkit_links", _links)
    md.core.ruler.push("confkit_headings", _headings)
    md.core.ruler.push("confkit_french", _french)
    return md


def _french(state) -> None:
    """French spacing in the text (never in an address): `moyens ?` does not break before its sign. Each
    text is spaced with the last letter before it (`**78 %** ;` spans three tokens) as its context."""
    if isinstance(state.env, dict) and state.env.get("french"):
        for block in state.tokens:
            before = ""
            for token in block.children or ():
                if token.type == "text" and token.content:
                    token.content = french_spacing(before + token.content)[len(before):]
                    before = token.content[-1]


def _links(state) -> None:
    """Refused links lose their tags and keep their text; images become links; no empty link is left."""
    for block in state.tokens:
        if block.type == "inline" and block.children:
            block.children = _filtered(block.children, type(block))


def _filtered(children: list, Token) -> list:
    out, opened = [], []  # opened: for each link_open met, whether it was kept
    for token in children:
        if token.type == "link_open":
            kept = allowed(token.attrGet("href") or "") and not any(opened)  # no link inside a link
            opened.append(kept)
            if kept:
                if EXTERNAL.match(token.attrGet("href")):
                    token.attrSet("rel", REL)
                out.append(token)
        elif token.type == "link_close":
            if opened and opened.pop():
                if out and out[-1].type == "link_open":  # `[](https://…)`: a link needs a name
                    out.append(_text(Token, out[-1].attrGet("href")))
                out.append(token)
        elif token.type == "image":
            out.extend(_image(token, Token, inside_link=any(opened)))
        else:
            out.append(token)
    return out


def _image(token, Token, inside_link: bool) -> list:
    """An image as a link to it (its alt text, else its address, as the link's name), or its alt text alone."""
    src, alt = token.attrGet("src") or "", "".join(_texts(token.children or ()))
    if inside_link or not EXTERNAL.match(src):
        return [_text(Token, alt)] if alt else []
    link_open = Token("link_open", "a", 1)
    link_open.attrSet("href", src)
    link_open.attrSet("rel", REL)
    return [link_open, _text(Token, alt or src), Token("link_close", "a", -1)]


def _texts(tokens) -> list[str]:
    found = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            found.append(token.content)
        elif token.children:
            found.extend(_texts(token.children))
    return found


def _text(Token, content: str):
    token = Token("text", "", 0)
    token.content = content
    return token


def _headings(state) -> None:
    """`#` becomes <h{top}> and so on, at most <h6>: the page's own title is its only <h1>."""
    top = state.env.get("top", 3) if isinstance(state.env, dict) else 3
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + top - 1)}"
