"""Stage 6: order the stages, run per-article work in parallel over a cache, write the site."""

from helpgen.builder.pipeline import BuildResult, LoadedSite, article_names, build, load_site

__all__ = ["BuildResult", "LoadedSite", "article_names", "build", "load_site"]
