"""The Porter stemmer for English, exactly as `themes/default/static/search.js` implements it.

Martin Porter's 1980 algorithm (tartarus.org/martin/PorterStemmer), written as regular
expressions so that the browser's copy can be the same rules line for line: the static
index and the browser's queries must stem every word identically.
"""

from __future__ import annotations

import re
from functools import lru_cache

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}

_C = "[^aeiou][^aeiouy]*"  # consonant sequence
_V = "[aeiouy][aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # measure > 0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # measure == 1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # measure > 1
_S_V = re.compile(f"^({_C})?{_V}")  # the stem holds a vowel
_CVC = re.compile("^" + _C + "[aeiouy][^aeiouwxy]$")  # *o: consonant, one vowel, consonant
_ED_ING = re.compile("^(.+?)(ed|ing)$")
_AT_BL_IZ = re.compile("(at|bl|iz)$")
_DOUBLE = re.compile("([^aeiouylsz])\\1$")
_STEP2_RE = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("^(.+?)(" + "|".join(_STEP3) + ")$")
_STEP4_RE = re.compile(
    "^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$"
)
_STEP4_ION = re.compile("^(.+?)([st])ion$")
_STEP5_RE = re.compile("^(.+?)e$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem of a lowercase English word: `refunds` → `refund`, `shipping` → `ship`."""
    if len(word) < 3:
        return word
    w = "Y" + word[1:] if word[0] == "y" else word
    w = _step1(w)
    m = _STEP2_RE.match(w)
    if m and _MGR0.match(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]
    m = _STEP3_RE.match(w)
    if m and _MGR0.match(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]
    w = _step4(w)
    m = _STEP5_RE.match(w)
    if m:
        s = m.group(1)
        if _MGR1.match(s) or (_MEQ1.match(s) and not _CVC.match(s)):
            w = s
    if w.endswith("ll") and _MGR1.match(w):
        w = w[:-1]
    return "y" + w[1:] if w[0] == "Y" else w


def _step1(w: str) -> str:
    if w.endswith("sses") or w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if w.endswith("eed"):
        if _MGR0.match(w[:-3]):
            w = w[:-1]
    else:
        m = _ED_ING.match(w)
        if m and _S_V.match(m.group(1)):
            w = m.group(1)
            if _AT_BL_IZ.search(w):
                w += "e"
            elif _DOUBLE.search(w):
                w = w[:-1]
            elif _CVC.match(w):
                w += "e"
    if w.endswith("y") and _S_V.match(w[:-1]):
        w = w[:-1] + "i"
    return w


def _step4(w: str) -> str:
    m = _STEP4_RE.match(w)
    if m:
        return m.group(1) if _MGR1.match(m.group(1)) else w
    m = _STEP4_ION.match(w)
    if m and _MGR1.match(m.group(1) + m.group(2)):
        return m.group(1) + m.group(2)
    return w
