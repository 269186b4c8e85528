"""The MkDocs plugin leaves the host site's code highlighting as it is: the same site built by
real `mkdocs build` with and without `plugins: [helpgen]` has the same code blocks.

The site uses a Pygments lexer plugin of its own (registered through the `pygments.lexers`
entry point, as a pip-installed one is) whose lexers keep state: pymdownx.highlight makes a
lexer per code block, so each block starts afresh. A process-wide cache of lexers, or any
other change helpgen made to pymdownx or Pygments for the whole process, shows up here as
blocks that differ between the two builds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import cli_env

_BLOCK = re.compile(r'<div class="[^"]*\bhighlight\b[^"]*">.*?</div>', re.S)

LEXER = '''"""A lexer that marks each word the first time a listing uses it."""

import re

from pygments.lexer import Lexer
from pygments.token import Name, Text


class FirstUseLexer(Lexer):
    name = "First use"
    aliases = ["firstuse"]

    def __init__(self, **options):
        super().__init__(**options)
        self.seen = set()

    def get_tokens_unprocessed(self, text):
        for match in re.finditer(r"\\S+|\\s+", text):
            word = match.group()
            if word.strip() and word not in self.seen:
                self.seen.add(word)
                yield match.start(), Name.Label, word
            else:
                yield match.start(), Text, word
'''

PAGE = """# {title}

Some text about {title}.

```firstuse
order shipped order returned
```

```python
def refund(order):
    return order.total  # the whole amount
```

    an indented block
"""


def _host_site(root: Path, with_helpgen: bool) -> Path:
    """A small MkDocs site whose code blocks use pymdownx and the host's own lexer plugin."""
    project = root / ("with" if with_helpgen else "without")
    docs = project / "docs"
    docs.mkdir(parents=True)
    for name in ("index", "orders", "returns", "refunds"):
        (docs / f"{name}.md").write_text(PAGE.format(title=name.title()), encoding="utf-8")
    plugins = "plugins:\n  - helpgen\n" if with_helpgen else "plugins: []\n"
    (project / "mkdocs.yml").write_text(
        "site_name: Host\nsite_url: https://host.example/\ntheme: mkdocs\n"
        "markdown_extensions:\n  - pymdownx.superfences\n  - pymdownx.highlight:\n"
        "      pygments_style: monokai\n  - pymdownx.inlinehilite\n" + plugins,
        encoding="utf-8",
    )
    return project


def _lexer_plugin(root: Path) -> Path:
    """A folder holding the lexer module and the distribution metadata that registers it."""
    path = root / "lexer-plugin"
    info = path / "firstuse_lexer-1.0.dist-info"
    info.mkdir(parents=True)
    (path / "firstuse_lexer.py").write_text(LEXER, encoding="utf-8")
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: firstuse-lexer\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[pygments.lexers]\nfirstuse = firstuse_lexer:FirstUseLexer\n", encoding="utf-8"
    )
    return path


def _code_blocks(project: Path, plugin_path: Path) -> dict[str, list[str]]:
    """Build `project` with the lexer plugin importable; each page's highlighted blocks."""
    path = [str(plugin_path), os.environ.get("PYTHONPATH", "")]
    done = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        env=cli_env(
            NO_MKDOCS_2_WARNING="1",
            PYTHONPATH=os.pathsep.join(p for p in path if p),
        ),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pages = sorted((project / "site").glob("*/index.html")) + [project / "site" / "index.html"]
    return {
        str(page.relative_to(project)): _BLOCK.findall(page.read_text(encoding="utf-8"))
        for page in pages
    }


def test_the_plugin_leaves_the_host_sites_highlighting_alone(tmp_path):
    plugin_path = _lexer_plugin(tmp_path)
    without = _code_blocks(_host_site(tmp_path, with_helpgen=False), plugin_path)
    with_helpgen = _code_blocks(_host_site(tmp_path, with_helpgen=True), plugin_path)
    assert len(without) == 4
    for page, blocks in without.items():
        assert len(blocks) == 3, page  # the lexer plugin's, Python's and the indented one
        assert blocks[0].count('class="nl"') == 3, page  # order, shipped, returned: first uses
        assert 'class="k"' in blocks[1], page  # `def`: Python highlighted, in classes
    assert with_helpgen == without
