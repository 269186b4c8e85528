"""pymdownx.highlight, configured for helpgen's converters only.

Highlighting a short code block costs less than what pymdownx.highlight does around it: it
looks a Pygments lexer up by name for every block, and each block's HtmlFormatter builds its
style's token-to-CSS tables. This extension keeps both savings to the Markdown instance it
is loaded into, with nothing patched in pymdownx or Pygments: the MkDocs plugin converts in
the host site's process, whose own highlighting must stay exactly as it was.
"""

from __future__ import annotations

import functools

from pygments.style import Style, StyleMeta
from pymdownx.highlight import Highlight, HighlightExtension


class _NoTablesMeta(StyleMeta):
    def __iter__(cls):
        return iter(())


class ClassesOnlyStyle(Style, metaclass=_NoTablesMeta):
    """A style that lists no token styles. An HtmlFormatter reads its style only to write
    a stylesheet or inline `style=` attributes (`noclasses`); one that writes CSS classes
    never does, yet each one builds the tables from its style. Iterating none, they cost
    nothing. Our stylesheet is written by the theme, from the real styles."""


class _CachingHighlight(Highlight):
    """pymdownx's Highlight, looking each lexer up once per extension instead of per block.
    The lexer depends on the block's text only when guessing, which is then left uncached;
    Pygments' own lexers keep no state from one text to the next."""

    def __init__(self, md, lexers: dict, **options):
        super().__init__(md, **options)
        self._lexers = lexers
        if not self.noclasses:
            self.pygments_style = ClassesOnlyStyle

    def get_lexer(self, src, language, inline, stripnl):
        if self.guess_lang is not False:
            return super().get_lexer(src, language, inline, stripnl)
        key = (language, stripnl, self.default_lang)
        if key not in self._lexers:
            self._lexers[key] = super().get_lexer(src, language, inline, stripnl)
        return self._lexers[key]


class HelpgenHighlightExtension(HighlightExtension):
    """pymdownx.highlight (same options) whose highlighter is `_CachingHighlight`, with a lexer
    cache of its own. superfences and inlinehilite ask the loaded highlight extension for its
    highlighter, so loading this one in place of pymdownx.highlight is all it takes."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._lexers: dict = {}

    def get_pymdownx_highlighter(self):
        return functools.partial(_CachingHighlight, lexers=self._lexers)
