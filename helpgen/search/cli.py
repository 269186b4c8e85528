"""How `helpgen search` and `helpgen answer` show results on a terminal: title, URL, snippet
(or the answer's quotation) with the matches in bold."""

from __future__ import annotations

import html
import re

from rich.console import Console
from rich.text import Text

from helpgen.search.query import SearchResults

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def snippet_text(snippet: str) -> Text:
    """A snippet (escaped HTML with <mark>) as rich Text, the marked words bold."""
    text, pos = Text(), 0
    for m in _MARK.finditer(snippet):
        text.append(html.unescape(snippet[pos : m.start()]))
        text.append(html.unescape(m.group(1)), style="bold")
        pos = m.end()
    text.append(html.unescape(snippet[pos:]))
    return text


def print_results(found: SearchResults, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    if not found.results:
        console.print(f"no articles match {found.query!r}", markup=False)
        return
    for i, hit in enumerate(found.results, 1):
        console.print(
            Text(f"{i}. ") + Text(hit.title, style="bold") + Text(f"  {hit.url}", style="dim")
        )
        console.print(Text("   ") + snippet_text(hit.snippet))


def print_answer(body: dict, console: Console | None = None) -> None:
    """`helpgen answer`: the quoted passage (matches bold) and its deep link, or a decline."""
    console = console or Console(highlight=False, soft_wrap=True)
    found = body["answer"]
    if found is None:
        console.print(
            f"no confident answer to {body['query']!r}; try `helpgen search`", markup=False
        )
        return
    console.print(snippet_text(found["html"]))
    source = f"— {found['article']['title']}, {found['section']['heading']}  "
    console.print(Text(source, style="bold") + Text(found["section"]["url"], style="dim"))
