"""llms.txt and llms-full.txt (https://llmstxt.org/, the proposal's v2 of August 2026).

llms.txt: `# site name`, `> summary` (one line), a paragraph, then one `## section` per
category that holds articles (in navigation order), each a list of
`- [Title](markdown copy URL): description`, and the long tail under `## Optional`. A site
in several languages lists the default language's sections first, then each other
language's, titled with the language's name (`## Bahasa Indonesia: Pesanan & pengiriman`).

The long tail, decided per article (under v2 `## Optional` is a convention for secondary
links, no longer an instruction to tools, which suits it):
- every article in a category listed in `llms.optional_categories` (or below one);
- in any other category, the articles past the first `llms.max_per_section` in reading
  order (front matter `order`, then title), featured articles always kept first.

Written to suit the reference parser (the `llms-txt` package): one line per summary and per
link, no `#` line outside the headings, no `]` in a title and no `)` in a URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpgen.config import Project
from helpgen.content import Article, Site
from helpgen.exports.records import AgentDoc
from helpgen.render.locale import language_name

OPTIONAL = "Optional"
ROOT_SECTION = "General"
"""The section of articles directly under content_dir."""
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class LlmsSection:
    title: str
    docs: tuple[AgentDoc, ...]


def plan_sections(project: Project, site: Site, docs: dict[str, AgentDoc]) -> list[LlmsSection]:
    """The H2 sections of llms.txt in navigation order, `Optional` last when it has articles."""
    llms = project.config.llms
    featured = {f"{path}.md" for path in project.config.featured}
    optional_roots = [
        tuple(p.strip("/").split("/")) for p in llms.optional_categories if p.strip("/")
    ]
    sections: list[LlmsSection] = []
    optional: list[AgentDoc] = []
    names: set[str] = {OPTIONAL}
    paths = [
        (site.root_of(lang), path)
        for lang in site.languages
        for path in _category_paths(site, site.root_of(lang))
    ]
    for root, path in paths:
        articles = [
            docs[a.source]
            for a in _by_priority(site.articles_in(path), featured)
            if a.source in docs
        ]
        if not articles:
            continue
        if any(path[: len(root)] == root for root in optional_roots):
            keep, rest = [], articles
        elif llms.max_per_section:
            keep, rest = articles[: llms.max_per_section], articles[llms.max_per_section :]
        else:
            keep, rest = articles, []
        optional += rest
        if keep:
            sections.append(
                LlmsSection(_unique(_section_title(site, path, root), path, names), tuple(keep))
            )
    if optional:
        sections.append(LlmsSection(OPTIONAL, tuple(optional)))
    return sections


def _category_paths(site: Site, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """`path` and every category below it, depth first, in the order pages list them."""
    paths = [path]
    for sub in site.subcategories(path):
        paths += _category_paths(site, sub.path)
    return paths


def _by_priority(articles: list[Article], featured: set[str]) -> list[Article]:
    return [a for a in articles if a.source in featured] + [
        a for a in articles if a.source not in featured
    ]


def _section_title(site: Site, path: tuple[str, ...], root: tuple[str, ...] = ()) -> str:
    """Category titles from the root down; another language's prefixed with its name."""
    titles = " / ".join(
        site.categories[path[:i]].title for i in range(len(root) + 1, len(path) + 1)
    )
    if not root:
        return titles or ROOT_SECTION
    name = language_name(site.language_of(root))
    return f"{name}: {titles}" if titles else name


def _unique(title: str, path: tuple[str, ...], names: set[str]) -> str:
    title = one_line(title)
    if title in names:  # two sections of one name would merge in a parser's dict
        title = f"{title} ({'/'.join(path)})"
    names.add(title)
    return title


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def link_line(doc: AgentDoc) -> str:
    """`- [Title](url): description`, safe for the reference parser."""
    title = one_line(doc.article.title).replace("[", "(").replace("]", ")")
    description = one_line(doc.description)
    return f"- [{title}]({doc.markdown_url})" + (f": {description}" if description else "")


def summary_of(project: Project, count: int) -> str:
    c = project.config
    return one_line(c.llms.summary or c.description or f"{count} help articles from {c.site_name}.")


def details_of(project: Project, full_url: str) -> str:
    if project.config.llms.details:
        return project.config.llms.details.strip()
    return (
        "Each link below points to the article as plain markdown (its page URL + `index.html.md`). "
        f"All articles in one file: [llms-full.txt]({full_url}). For retrieval: `articles.jsonl` "
        "(one record per article), `chunks.jsonl` (passages of up to 300 words with stable ids) "
        "and `policies.json` (the store's policy values), beside this file."
    )


def render_llms_txt(
    project: Project, sections: list[LlmsSection], count: int, full_url: str
) -> str:
    """The llms.txt text."""
    lines = [
        f"# {one_line(project.config.site_name)}",
        "",
        f"> {summary_of(project, count)}",
        "",
        details_of(project, full_url),
    ]
    for section in sections:
        lines += ["", f"## {section.title}", ""] + [link_line(doc) for doc in section.docs]
    return "\n".join(lines) + "\n"


def render_llms_full(project: Project, sections: list[LlmsSection], count: int) -> str:
    """Every article's markdown, each under its title (as H1) and `Source:` page URL, in llms.txt's
    order."""
    parts = [f"# {one_line(project.config.site_name)}\n\n> {summary_of(project, count)}"]
    for section in sections:
        for doc in section.docs:
            body = doc.markdown.strip()
            parts.append(
                f"# {one_line(doc.article.title)}\n\nSource: {doc.url}"
                + (f"\n\n{body}" if body else "")
            )
    return "\n\n\n".join(parts) + "\n"
