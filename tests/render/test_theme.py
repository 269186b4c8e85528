"""The theme's built assets: what each page links, and how the files are served."""

from __future__ import annotations

import re

from tests.helpers import REPO_ROOT


def test_only_pages_with_code_load_the_highlighting_and_assets_are_minified(tmp_path, make_site, build_site):
    make_site(tmp_path, {"code.md": "# Code\n\n```python\nprint(1)\n```\n", "prose.md": "# Prose\n\nNo code here.\n"})
    assert build_site(tmp_path).written
    site = tmp_path / "site"
    code, prose = (site / "code" / "index.html").read_text(), (site / "prose" / "index.html").read_text()
    assert re.search(r'<link rel="stylesheet" href="/_helpgen/highlight\.[0-9a-f]{10}\.css">', code)
    assert "highlight." not in prose
    css = next((site / "_helpgen").glob("helpgen.*.css")).read_text()
    highlight = next((site / "_helpgen").glob("highlight.*.css")).read_text()
    assert ".highlight .k{" in highlight and ".highlight .k{" not in css  # Pygments' token styles, apart
    assert "/*" not in css  # comments gone
    js = next((site / "_helpgen").glob("helpgen.*.js")).read_text()
    source = (REPO_ROOT / "themes" / "default" / "static" / "helpgen.js").read_text()
    assert len(js) < len(source) * 0.8 and "\n  " not in js
