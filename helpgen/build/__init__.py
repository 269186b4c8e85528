"""Stage 6: order the stages, run per-article work in parallel over a cache, write the site."""

from helpgen.build.pipeline import BuildResult, build

__all__ = ["BuildResult", "build"]
