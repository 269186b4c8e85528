"""The theme's UI strings: every language file complete, and Indonesian pages free of English."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from helpgen.resources import default_theme

I18N = default_theme() / "i18n"
LANGUAGES = ("en", "id", "es", "fr", "de", "pt")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def strings(lang: str) -> dict[str, str]:
    return yaml.safe_load((I18N / f"{lang}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_language_file_has_every_key_and_placeholder_of_english(lang):
    english, other = strings("en"), strings(lang)
    assert sorted(other) == sorted(english)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(text)), (
            f"{lang}.yml {key}"
        )
        assert other[key].strip(), f"{lang}.yml {key} is empty"


class UiText(HTMLParser):
    """What a reader sees or hears of a page's own language: text and the attributes screen
    readers announce, outside elements marked as another language (a stand-in's English text,
    the switcher's "English") and outside scripts."""

    SPOKEN = ("aria-label", "placeholder", "title", "alt", "data-empty")
    VOID = {"meta", "link", "img", "input", "br", "hr", "source", "area", "col", "wbr"}

    def __init__(self, lang: str):
        super().__init__()
        self.lang, self.stack, self.parts = lang, [], []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        foreign = tag in ("script", "style") or (
            tag != "html" and a.get("lang") not in (None, self.lang)
        )
        if tag not in self.VOID:
            self.stack.append(foreign)
            self.skip += foreign
        if not self.skip and not foreign:
            self.parts += [a[name] for name in self.SPOKEN if a.get(name)]

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.skip -= self.stack.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_phrases() -> list[str]:
    """The literal parts of each English UI string that the Indonesian file says otherwise."""
    english, indonesian = strings("en"), strings("id")
    phrases = set()
    for key, text in english.items():
        if text != indonesian[key]:
            phrases.update(p.strip(" .:,;") for p in PLACEHOLDER.split(text)[::2])
    return sorted(p for p in phrases if len(p) >= 2)


def test_indonesian_pages_show_none_of_the_themes_english(demo):
    phrases = english_phrases()
    assert "Was this article helpful?" in phrases and "Search" in phrases
    pages = sorted((demo.site / "id").rglob("index.html"))
    assert len(pages) >= 30
    for path in pages:
        parser = UiText("id")
        parser.feed(path.read_text(encoding="utf-8"))
        # the store's own name (helpgen.yml) is no UI string
        text = " ".join(" ".join(parser.parts).split()).replace(demo.project.config.site_name, "")
        found = [p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
        assert found == [], f"{path.relative_to(demo.site)}: English UI text {found}"


def test_the_scan_would_see_english(demo):
    """The same scan finds the theme's English on an English page (a check that can fail)."""
    parser = UiText("en")
    parser.feed(
        (demo.site / "returns-and-refunds" / "start-a-return" / "index.html").read_text(
            encoding="utf-8"
        )
    )
    text = " ".join(" ".join(parser.parts).split())
    assert "Was this article helpful?" in text and "Search the help center" in text
