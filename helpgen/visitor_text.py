"""Text that came from visitors, made safe to store and to print on a terminal.

Queries, comments and other strings a browser sent are stored and later printed by
`helpgen stats` and `helpgen audit`. A terminal obeys escape sequences (colours, a new
window title, a cleared screen), and bidi overrides or invisible format characters make
text read differently from what it holds (`refund\u202egnp.exe`). So such text loses
them twice: when it is stored (helpgen.feedback.validate, helpgen.analytics.events, the
search log) and again when it is printed (stores written by older versions keep it raw).

One function, `clean_visitor_text`, does both. It drops:
- escape sequences whole (CSI `ESC [ ... m`, OSC `ESC ] ... BEL`, their 8-bit C1 forms,
  and two-character ones), so `zzqx\\x1b[31mred` becomes `zzqxred`, not `zzqx[31mred`;
- every other C0 and C1 control character (a blank where it separated words);
- unicode format characters (category Cf: bidi embeddings, overrides and isolates,
  zero-width spaces, the BOM, invisible tag characters) and lone surrogates, except the
  zero-width joiner and non-joiner that Persian, Indic scripts and emoji need.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: colours, cursor moves
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC, DCS…
    r"|\x1b[ -/]*[0-~]?"  # two-character sequences
)
_KEPT_FORMAT = {"\u200c", "\u200d"}
"""Zero-width non-joiner and joiner: spelling in Persian and Indic scripts, emoji sequences."""
_BLANKS = re.compile(r"[^\S\n]+")


def _is_dropped(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cf", "Cs") and ch not in _KEPT_FORMAT


def clean_visitor_text(text: str, multiline: bool = False) -> str:
    """`text` without escape sequences, control and spoofing format characters, trimmed.

    One line (a query, a reason, a URL) unless `multiline` (a comment): other controls,
    line breaks included, become one blank between words. A comment keeps its line breaks
    (tabs and other blanks fold to one space). The result may be empty: the caller then
    stores nothing."""
    text = _ESCAPES.sub("", text)
    text = "".join(
        "" if _is_dropped(ch) else " " if _is_blank(ch, multiline) else ch for ch in text
    )
    if not multiline:
        return " ".join(text.split())
    lines = (_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def _is_blank(ch: str, multiline: bool) -> bool:
    """A control character, or a line or paragraph separator, that stands between words."""
    if multiline and ch == "\n":
        return False
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp")
