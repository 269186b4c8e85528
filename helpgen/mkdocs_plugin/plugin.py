"""The MkDocs plugin: `plugins: [helpgen]`. Uses only the plugin API that MkDocs 1.6 and
ProperDocs share (BasePlugin, config_options, and the on_startup, on_config, on_files,
on_page_content, on_post_page, on_post_build, on_build_error and on_shutdown events); all
the helpgen work is in `bridge`.

- on_files: files reached through a symbolic link out of docs_dir are dropped, with a
  warning (helpgen.symlinks); so are pages whose front matter says `audience: internal`:
  what is meant for staff never reaches a public page, as in a helpgen build. So are the
  `_category.yml` files (helpgen's category titles and order). Front matter errors (not
  YAML, no closing `---`, an unknown audience) stop the build, as they stop `helpgen build`.
- on_page_content: helpgen loads and renders the page's markdown (for search and exports)
  and the theme's feedback block is appended to the page body.
- on_post_page: the page's JSON-LD and the feedback assets go into <head>; at the first
  page, the Whoosh index starts in a forked process, written while MkDocs renders.
- on_post_build: static search index, llms.txt, llms-full.txt, markdown copies, JSONL, policies.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.utils import get_relative_url

from helpgen.content.frontmatter import read as read_front_matter
from helpgen.errors import HelpgenError
from helpgen.mkdocs_plugin.bridge import HelpgenSite, Options, make_project
from helpgen.symlinks import escape

log = get_plugin_logger(__name__)
_HEAD_END = re.compile(r"</head\s*>", re.I)


class HelpgenPluginConfig(Config):
    config = c.Optional(c.File(exists=True))
    """A helpgen.yml whose variables, llms, policies, search synonyms and feedback settings
    apply."""
    feedback = c.Type(bool, default=True)
    feedback_endpoint = c.Type(str, default="/api/feedback")
    """Where votes are posted: `helpgen serve`'s API, or your own endpoint (docs/migrating.md)."""
    jsonld = c.Type(bool, default=True)
    search_index = c.Type(bool, default=True)
    exports = c.Type(bool, default=True)


class HelpgenPlugin(BasePlugin[HelpgenPluginConfig]):
    """helpgen's feedback block, JSON-LD, search index and AI exports in an MkDocs site."""

    site: HelpgenSite | None = None
    """Set by on_config, for one build."""
    command: str = "build"

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_shutdown(self):
        if self.command == "serve" and self.site is not None:
            # `mkdocs serve` deletes its temporary site_dir now: the index beside it goes too
            self.site.remove_search_index()

    def on_config(self, config):
        if not config["use_directory_urls"]:
            # helpgen's markdown copies live at a page's folder URL + index.html.md (llmstxt.org)
            raise PluginError(
                "helpgen: needs use_directory_urls: true (page URLs ending in /), "
                "for the markdown copies and llms.txt links"
            )
        options = Options(**{k: self.config[k] for k in Options.__dataclass_fields__})
        theme = config["theme"]
        mkdocs = {
            "config_file_path": config["config_file_path"],
            "site_name": config["site_name"],
            "site_url": config["site_url"],
            "site_description": config["site_description"],
            "docs_dir": config["docs_dir"],
            "site_dir": config["site_dir"],
            "language": theme.get("language") or theme.get("locale"),
            "variables": _variables(config["extra"]),
        }
        try:
            self.site = HelpgenSite(make_project(mkdocs, options), options)
        except (HelpgenError, ValueError) as exc:
            raise PluginError(f"helpgen: {exc}") from None
        return config

    def on_files(self, files, config):
        docs = Path(config["docs_dir"])
        for file in list(files):  # MkDocs follows links anywhere; a helpgen build reads none out
            out = escape(Path(file.abs_src_path), docs) if file.abs_src_path else None
            if out is not None:
                files.remove(file)
                log.warning("%s", out.problem())
        for file in [f for f in files if f.src_uri.rsplit("/", 1)[-1] == "_category.yml"]:
            files.remove(file)  # helpgen's category titles and order, not a file of the site
        errors = []
        for file in list(files.documentation_pages()):
            front = read_front_matter(file.content_string, file.src_uri)
            errors += [str(p) for p in front.problems if p.severity == "error"]
            if front.values.get("audience") == "internal":
                files.remove(file)
                log.info("%s: audience: internal, left out of the site", file.src_uri)
        if errors:
            # as in `helpgen build`: front matter that cannot be read stops the build (MkDocs would
            # publish the page with its front matter as text, whatever audience it names)
            raise PluginError("helpgen: " + "\nhelpgen: ".join(errors))
        return files

    def on_page_content(self, html, page, config, files):
        sections = tuple(section.title for section in page.ancestors)
        article = self.site.add_page(page.file.src_uri, page.file.content_bytes, page.url, sections)
        return html + (self.site.feedback_html(article) if article else "")

    def on_post_page(self, output, page, config):
        self.site.start_search_index()  # every page is loaded by now: index while MkDocs renders
        source = page.file.src_uri
        if source not in self.site.articles:
            return output
        head = ""
        if self.config.jsonld and (data := self.site.jsonld(source)):
            head += f'<script type="application/ld+json">{data}</script>\n'
        if self.site.shows_feedback(self.site.articles[source]):
            for path in self.site.assets:
                href = get_relative_url(path, page.url)
                head += (
                    f'<link rel="stylesheet" href="{href}">\n'
                    if path.endswith(".css")
                    else f'<script src="{href}" defer></script>\n'
                )
        return _HEAD_END.sub(lambda m: head + m.group(0), output, count=1) if head else output

    def on_build_error(self, error, **kwargs):
        if self.site is not None:  # None: the config itself was refused
            self.site.abort()

    def on_post_build(self, config):
        try:
            self.site.write_outputs(Path(config["site_dir"]))
        except HelpgenError as exc:
            raise PluginError(f"helpgen: {exc}") from None
        for problem in self.site.report.problems:
            (log.warning if problem.severity == "error" else log.info)(str(problem))


def _variables(extra) -> dict:
    """`extra` values that are plain text, numbers or lists of them: helpgen's `{{ variables }}`."""
    plain = (str, int, float, bool)
    return {
        k: v
        for k, v in dict(extra or {}).items()
        if isinstance(v, plain) or (isinstance(v, list) and all(isinstance(i, plain) for i in v))
    }
