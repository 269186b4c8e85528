"""The typed shape of helpgen.yml: every key, its type and its default.

Pydantic validates it; `helpgen.config.load` maps pydantic's error locations back to
lines of the YAML file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

SYSTEM_FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
    'sans-serif, "Apple Color Emoji", "Segoe UI Emoji"'
)


def _color(value: str) -> str:
    if not re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value):
        raise ValueError("must be a hex colour like #1d4ed8")
    return value.lower()


def _title_pattern(value: str) -> str:
    try:
        value.format(title="T", site_name="S")
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            "use only {title} and {site_name} in it, "
            f"and double {{{{ }}}} for a literal brace ({exc})"
        ) from None
    return value


def _lang(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise ValueError("must be a language code like en, id or pt-BR")
    return value


def _site_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise ValueError("must be an absolute http(s) URL like https://help.example.com/")
    return value if value.endswith("/") else value + "/"


def _endpoint(value: str) -> str:
    if not re.fullmatch(r"(?:https?://[^\s/]+)?/\S*", value):
        raise ValueError(
            "must be an http(s) URL like https://help-api.example.com/api/event, "
            "or a path like /api/event"
        )
    return value


def _no_headings(value: str) -> str:
    if any(line.lstrip().startswith("#") for line in value.splitlines()):
        raise ValueError("must not contain markdown headings (lines starting with #)")
    return value


Color = Annotated[str, AfterValidator(_color)]
Lang = Annotated[str, AfterValidator(_lang)]
Scalar = str | int | float | bool | dt.date
VariableValue = Scalar | list[Scalar]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(_Model):
    """A header or footer link."""

    title: str
    url: str


class Channel(_Model):
    """One way to reach support, shown in the contact block."""

    name: str
    value: str
    """What the shopper sees: an address, a number, "Chat with us"."""
    url: str | None = None
    response_time: str | None = None
    """Expected answer time, e.g. "within 24 hours"."""


class Contact(_Model):
    hours: str | None = None
    channels: tuple[Channel, ...] = ()


class Announcement(_Model):
    """A banner over every page, optionally shown only between two dates."""

    text: str
    url: str | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    article: str | None = None
    """An article (path under content_dir without .md): the banner links to it and shows
    only while the article is in season (its valid_from / valid_until)."""


class Seasonal(_Model):
    expired: Literal["hide", "notice"] = "hide"
    """An article past its valid_until: left out of the site, or kept with a notice (and
    noindex)."""


class Brand(_Model):
    logo: str | None = None
    """Path relative to content_dir, or an absolute URL."""
    favicon: str | None = None
    primary_color: Color = "#1d4ed8"
    accent_color: Color = "#b45309"
    font_family: str = SYSTEM_FONTS


class Feedback(_Model):
    endpoint: str | bool = "/api/feedback"
    """Where the "Was this helpful?" widget posts; false hides the widget."""
    store: str = ".helpgen/feedback.sqlite"
    """Deprecated: use `store.url`. The SQLite file of votes and search logs, relative to the
    project."""
    rate_limit: Annotated[int, Field(ge=0)] = 30
    """Votes per minute one client may send (0: no limit, e.g. behind a proxy that limits)."""


class StoreSettings(_Model):
    url: str | None = None
    """Where votes, events and search logs are kept: a SQLite path (relative to the project),
    `sqlite:///path` or `postgresql://user@host/database`; HELPGEN_STORE_URL overrides it (put
    passwords there). Unset: `.helpgen/feedback.sqlite`."""


class Analytics(_Model):
    """Statistics counted by helpgen itself: page views, search click-through, contact clicks.

    No cookies, no stored addresses; Do-Not-Track and Global Privacy Control are honoured
    (docs/statistics.md says exactly what is stored)."""

    enabled: bool = True
    """false: count nothing (votes and searches are still logged)."""
    endpoint: Annotated[str, AfterValidator(_endpoint)] | None = None
    """For a site on a static host: the URL of a `helpgen serve` /api/event the pages send their
    views and clicks to. Unset: the pages send clicks to /api/event, and `helpgen serve` counts the
    pages it serves itself."""
    retention_days: Annotated[int, Field(ge=1)] = 90
    """Raw events older than this many days are deleted (each finished day is in the daily counts
    already)."""
    filter_bots: bool = True
    """Leave out requests whose user agent is a known crawler, bot or HTTP library."""
    rate_limit: Annotated[int, Field(ge=0)] = 240
    """Events per minute one client may send to /api/event (0: no limit)."""


class Server(_Model):
    """`helpgen serve`: who may call the API from a browser, and who may read statistics."""

    cors_origins: tuple[str, ...] = ()
    """Origins (https://shop.example.com) whose pages may call /api/ — e.g. the store with the
    widget."""
    admin_token: str | None = None
    """Token for /api/stats; better set HELPGEN_ADMIN_TOKEN in the environment than here."""
    mcp: bool = True
    """Answer AI agents at /mcp (the MCP tools of `helpgen mcp`, over Streamable HTTP)."""
    mcp_rate_limit: Annotated[int, Field(ge=0)] = 120
    """MCP requests per minute one client may send to /mcp (0: no limit)."""


class Search(_Model):
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    """A term and the phrases that mean the same, e.g. wismo: [where is my order]."""
    thesaurus: bool = True
    """Also use helpgen's built-in groups of customer words (helpgen/search/thesauri/<lang>.yml)."""
    semantic: Literal[True, False, "auto"] = "auto"
    """Also match by meaning (helpgen.search.semantic): true, false, or "auto": when the
    `semantic` extra is installed. English articles only."""
    model: Annotated[str, Field(min_length=1)] | None = None
    """A folder (relative to the project) with an ONNX sentence-embedding model: model.onnx,
    tokenizer.json, optionally 1_Pooling/config.json. Unset: the `semantic` extra's model."""
    model_sha256: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$")] | None = None
    """The SHA-256 that `model`'s model.onnx must have (unset: not checked)."""


class Llms(_Model):
    """llms.txt: its summary, its paragraph, and which articles are the long tail (`##
    Optional`)."""

    summary: str | None = None
    """The blockquote under the title; default: `description`."""
    details: Annotated[str, AfterValidator(_no_headings)] | None = None
    """A paragraph after the summary (no headings); default: a note on the markdown copies."""
    optional_categories: tuple[str, ...] = ()
    """Category folders (and their sections) whose articles all go under `## Optional`."""
    max_per_section: Annotated[int, Field(ge=0)] = 20
    """Articles listed per category section before the rest go under `## Optional` (0: no limit)."""


class Localized(_Model):
    """The store's own texts in one of the site's other languages (`localized: {id: {...}}`);
    what it leaves out is shown as in the default language."""

    description: str | None = None
    header_links: tuple[Link, ...] | None = None
    footer_links: tuple[Link, ...] | None = None
    announcement: Announcement | None = None
    contact: Contact | None = None


AUDIT_CHECKS = (
    "front-matter",
    "variables",
    "content",
    "stale",
    "expired",
    "expiring",
    "broken-link",
    "broken-anchor",
    "title",
    "description",
    "duplicate-title",
    "duplicate-question",
    "orphan",
    "image-alt",
    "headings",
    "terminology",
    "low-helpfulness",
    "zero-result-search",
    "untranslated",
)
"""Every check `helpgen audit` runs, by the id its findings carry (docs/audit.md)."""
AuditLevel = Annotated[
    Literal["off", "info", "warning", "error"],
    BeforeValidator(lambda v: "off" if v is False else v),
]  # YAML reads a bare `off` as false


def _known_checks(value: dict) -> dict:
    for key in value:
        if key not in AUDIT_CHECKS:
            close = difflib.get_close_matches(key, AUDIT_CHECKS, n=1)
            guess = f"did you mean '{close[0]}'? " if close else ""
            raise ValueError(f"unknown check '{key}' ({guess}checks: {', '.join(AUDIT_CHECKS)})")
    return value


class Audit(_Model):
    """`helpgen audit`: the thresholds of its checks, and which ones run at which severity."""

    stale_months: Annotated[int, Field(ge=0)] = 12
    """An article whose `updated` date is older than this many months is stale (0: no check)."""
    stale_from_git: bool = True
    """Without `updated`, an article's last commit in git dates it (when content_dir is in a git
    work tree)."""
    expiring_days: Annotated[int, Field(ge=0)] = 14
    """Seasonal articles whose valid_until falls within this many days are listed as expiring."""
    title_max: Annotated[int, Field(ge=1)] = 60
    description_min: Annotated[int, Field(ge=0)] = 50
    description_max: Annotated[int, Field(ge=1)] = 160
    long_article_words: Annotated[int, Field(ge=1)] = 400
    """An article of more words than this needs `##` headings to be scannable."""
    min_votes: Annotated[int, Field(ge=1)] = 10
    """Votes an article needs before its helpfulness is judged."""
    helpfulness_threshold: Annotated[float, Field(ge=0, le=1)] = 0.5
    """Articles whose Wilson lower bound of helpful votes is under this are flagged."""
    feedback_days: Annotated[int, Field(ge=0)] = 90
    """Votes and searches of this many past days count (0: all of them)."""
    zero_result_searches: Annotated[int, Field(ge=0, le=20)] = 10
    """How many of the most frequent searches without results to list."""
    checks: Annotated[dict[str, AuditLevel], AfterValidator(_known_checks)] = Field(
        default_factory=dict
    )
    """A check's severity instead of its default, or `off`: e.g. {orphan: off, stale: error}."""
    ignore: Annotated[dict[str, tuple[str, ...]], AfterValidator(_known_checks)] = Field(
        default_factory=dict
    )
    """Paths under content_dir (`*` spans folders) whose findings of a check are dropped, e.g.
    {stale: ["release-notes/*"]}."""


class Config(_Model):
    """helpgen.yml. Only site_name is required."""

    site_name: Annotated[str, Field(min_length=1)]
    site_url: Annotated[str, AfterValidator(_site_url)] | None = None
    description: str = ""
    language: Lang = "en"
    content_dir: str = "content"
    output_dir: str = "site"
    store_url: str | None = None
    variables: dict[str, VariableValue] = Field(default_factory=dict)
    brand: Brand = Brand()
    custom_css: str | None = None
    """A CSS file (relative to the project) appended to the theme's stylesheet."""
    theme_dir: str | None = None
    """A folder whose templates/ and static/ override the default theme's by name."""
    header_links: tuple[Link, ...] = ()
    footer_links: tuple[Link, ...] = ()
    announcement: Announcement | None = None
    featured: tuple[str, ...] = ()
    """Articles on the home page, as paths under content_dir without .md."""
    contact: Contact | None = None
    title_pattern: Annotated[str, AfterValidator(_title_pattern)] = "{title} | {site_name}"
    feedback: Feedback | bool = Feedback()
    store: StoreSettings = StoreSettings()
    server: Server = Server()
    analytics: Analytics = Analytics()
    search: Search = Search()
    seasonal: Seasonal = Seasonal()
    toc_min_headings: int = 3
    """An article gets a table of contents from this many H2/H3 headings."""
    policies: dict[str, Any] = Field(default_factory=dict)
    """Store policy values for agents (return window, carriers, cut-off dates), written to
    policies.json."""
    llms: Llms = Llms()
    audit: Audit = Audit()
    glossary: dict[str, list[str]] = Field(default_factory=dict)
    """Preferred term -> variants `helpgen audit` flags, e.g. email: [e-mail, E-Mail]."""
    languages: tuple[Lang, ...] = ()
    """Every language of the site, `language` (the default) among them; empty: `language` alone.
    Articles of another language live under `content/<lang>/` (docs/i18n.md)."""
    default_language_at_root: bool = True
    """The default language's pages at `/`; false puts them under `/<language>/` like the others."""
    localized: dict[Lang, Localized] = Field(default_factory=dict)
    """Per other language: its description, header and footer links, announcement and contact
    block."""

    @model_validator(mode="after")
    def _default_among_languages(self) -> Config:
        if self.languages and self.language not in self.languages:
            raise ValueError(
                f"languages: must include the default language '{self.language}' "
                "(the `language` key)"
            )
        if len(set(self.languages)) != len(self.languages):
            raise ValueError("languages: a language is listed twice")
        unknown = sorted(set(self.localized) - set(self.site_languages[1:]))
        if unknown:
            raise ValueError(
                f"localized: {', '.join(unknown)} is not one of the other `languages` "
                f"({', '.join(self.site_languages[1:]) or 'none'})"
            )
        return self

    def for_language(self, lang: str) -> Config:
        """This config with the `localized` texts of `lang` in place of the default language's."""
        texts = self.localized.get(lang)
        if texts is None:
            return self
        return self.model_copy(update={k: v for k, v in texts if v is not None})

    @property
    def site_languages(self) -> tuple[str, ...]:
        """The site's languages, the default first."""
        return (self.language, *(code for code in self.languages if code != self.language))
