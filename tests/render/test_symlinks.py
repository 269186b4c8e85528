"""Theme files and custom_css are never read through a link that leads out (issue 19)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.content.test_symlinks import assert_nothing_of, warning

MARKER = "ZQX-THEME-SECRET"


@pytest.fixture
def shop(tmp_path, run_cli) -> Path:
    """`helpgen init` in tmp_path/shop, with theme_dir: theme."""
    code, _, err = run_cli("init", tmp_path / "shop")
    assert code == 0, err
    root = tmp_path / "shop"
    config = root / "helpgen.yml"
    config.write_text(config.read_text(encoding="utf-8") + "theme_dir: theme\n", encoding="utf-8")
    return root


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    (folder / "images").mkdir(parents=True)
    (folder / "article.html").write_text(f"<p>{MARKER}</p>\n", encoding="utf-8")
    (folder / "evil.css").write_text(f".x{{content:'{MARKER}'}}\n", encoding="utf-8")
    (folder / "en.yml").write_text(f'search.placeholder: "{MARKER}"\n', encoding="utf-8")
    (folder / "images" / "logo.txt").write_text(MARKER, encoding="utf-8")
    return folder


def test_theme_files_linked_from_outside_are_skipped(shop, outside, run_cli):
    theme = shop / "theme"
    for folder in ("templates", "static", "i18n"):
        (theme / folder).mkdir(parents=True)
    os.symlink(outside / "article.html", theme / "templates" / "article.html")
    os.symlink(outside / "evil.css", theme / "static" / "evil.css")
    os.symlink(outside / "images", theme / "static" / "images")
    os.symlink(outside / "en.yml", theme / "i18n" / "en.yml")
    (theme / "static" / "own.css").write_text(".own{color:#123456}\n", encoding="utf-8")
    os.symlink("own.css", theme / "static" / "same.css")  # stays inside: published
    code, _, err = run_cli("build", shop)
    assert code == 0, err
    assert sorted(line for line in err.splitlines() if line.startswith("warning: ")) == [
        warning("theme/i18n/en.yml", outside / "en.yml", "theme"),
        warning("theme/static/evil.css", outside / "evil.css", "theme"),
        warning("theme/static/images", outside / "images", "theme"),
        warning("theme/templates/article.html", outside / "article.html", "theme"),
    ]
    assert_nothing_of(shop, MARKER)
    page = (shop / "site" / "orders" / "track-your-order" / "index.html").read_text("utf-8")
    assert 'class="hg-prose"' in page  # the default theme's article template
    same = [p for p in (shop / "site" / "_helpgen").iterdir() if p.name.startswith("same.")]
    assert len(same) == 1 and b"#123456" in same[0].read_bytes()


def use_custom_css(shop: Path, link_target: Path | str) -> None:
    os.symlink(link_target, shop / "brand.css")
    config = shop / "helpgen.yml"
    text = config.read_text("utf-8").replace("theme_dir: theme\n", "custom_css: brand.css\n")
    config.write_text(text, encoding="utf-8")


def test_custom_css_is_read_through_a_link_only_inside_the_project(shop, outside, run_cli):
    (shop / "styles").mkdir()
    (shop / "styles" / "brand.css").write_text(".brand{color:#654321}\n", encoding="utf-8")
    use_custom_css(shop, "styles/brand.css")
    code, _, err = run_cli("build", shop)
    assert code == 0, err
    css = [p for p in (shop / "site" / "_helpgen").glob("helpgen.*.css")]
    assert len(css) == 1 and b"#654321" in css[0].read_bytes()

    (shop / "brand.css").unlink()
    os.symlink(outside / "evil.css", shop / "brand.css")
    code, _, err = run_cli("build", shop)
    assert code == 2
    assert err.strip().splitlines() == [
        f"error: helpgen.yml: custom_css 'brand.css' leads to {outside / 'evil.css'}, "
        "outside the project; not read (hint: copy the file into the project instead)"
    ]
    assert_nothing_of(shop, MARKER)  # the site of the first build is kept as it was
