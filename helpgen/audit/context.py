"""What every check reads: the site as the build loads it, on the audit's date.

The audit does not parse or render anything itself: it runs the build's own loading
stage (`helpgen.builder.load_site`, over the same per-article cache) and keeps, besides the
assembled site, every article that loaded (out of season or of the other audience too)
and the build's own problems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from helpgen.builder import load_site
from helpgen.builder.pipeline import check_config_paths, today
from helpgen.config import Project
from helpgen.config.model import Audit
from helpgen.content import Article, Site, frontmatter
from helpgen.errors import Report
from helpgen.render.links import LinkTargets, site_link_targets
from helpgen.render.rendered import Rendered


@dataclass
class AuditContext:
    """The loaded project, as every check sees it, and the notes the checks leave for the report."""

    project: Project
    site: Site
    """The site this audience gets on `day`: what readers see."""
    loaded: list[Article]
    """Every article that loaded, whatever its season; of this audience only."""
    rendered: dict[str, Rendered]
    report: Report
    """Problems the build's loading stage found (front matter, variables, unreadable files)."""
    day: dt.date
    notes: list[str] = field(default_factory=list)
    """What the audit could not look at and why (no feedback store yet...)."""
    _key_lines: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)

    @property
    def audit(self) -> Audit:
        return self.project.config.audit

    @cached_property
    def published(self) -> list[Article]:
        """Articles readers can find on `day`: listed (not drafts) and in season."""
        return [a for a in self.site.listed if a.season(self.day) == "in"]

    @cached_property
    def targets(self) -> LinkTargets:
        return site_link_targets(self.site, self.rendered)

    def shown(self, article: Article) -> str:
        """The article's file as messages name it: relative to the project."""
        return self.project.display(self.project.content_dir / article.source)

    def key_line(self, article: Article, key: str) -> int | None:
        """The line of a front matter value (`updated`, `title`...), None when the file has none."""
        if (
            article.source not in self._key_lines
        ):  # read again only for the few articles with findings
            try:
                text = (self.project.content_dir / article.source).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""  # the build's own problems already name the file
            self._key_lines[article.source] = frontmatter.read(
                text.replace("\r\n", "\n"), article.source
            ).lines
        return self._key_lines[article.source].get(key)

    def body_line(self, article: Article, text: str, start: int = 0) -> int | None:
        """The file line of the first `text` in the article's body at or after `start`."""
        pos = article.body.find(text, start)
        return None if pos < 0 else article.body_line + article.body.count("\n", 0, pos)


def load_context(
    project: Project, audience: str = "public", now: dt.date | None = None, use_cache: bool = True
) -> AuditContext:
    """Load and render the project as the build does (over its cache) for an audit on `now`."""
    day = now or today()
    loaded = load_site(project, audience, use_cache, now=day)
    loaded.cache.save(
        prune=False
    )  # the next audit or build starts warm; entries of other runs are kept
    check_config_paths(project, loaded.site, loaded.report)
    visible = [a for a in loaded.loaded if audience == "internal" or not a.internal]
    return AuditContext(
        project,
        loaded.site,
        sorted(visible, key=lambda a: a.source),
        loaded.rendered,
        loaded.report,
        day,
    )
