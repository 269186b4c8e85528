"""`helpgen serve --no-build`: check that the output folder holds a site this helpgen can serve.

A replica serves what CI built, without the sources: the site, its build record and the
search index beside it. Anything else (no site, an output of an incompatible helpgen, an
agent-only build, a missing or foreign index) is refused at start in one line, rather
than answered with errors request after request.
"""

from __future__ import annotations

from pathlib import Path

from helpgen.errors import ConfigError, Problem
from helpgen.exports.artifact import BuildRecord, read_build_record

HINT = (
    "run `helpgen build` (with this helpgen version) "
    "and ship its output folder and the index beside it"
)


def open_artifact(out: Path) -> BuildRecord:
    """The build record of `out`'s site, once every part a server reads is there and readable."""
    if not (out / "index.html").is_file():
        raise _refuse(out, f"no built site in {out}")
    record = read_build_record(out)
    if record.audience != "public":
        raise _refuse(
            out,
            f"{out} was built with --audience {record.audience}: agent-only articles are never "
            "served to the public",
            hint="serve a public build; give the internal one to `helpgen mcp`",
        )
    _check_index(out, record)
    return record


def _check_index(out: Path, record: BuildRecord) -> None:
    from helpgen.search import index_dir_for
    from helpgen.search.build import chain_version
    from helpgen.search.index_meta import read_meta

    index_dir = index_dir_for(out)
    meta = read_meta(index_dir)
    if meta is None:
        raise _refuse(index_dir, f"no search index beside the site (expected {index_dir})")
    if meta.get("chain") != chain_version():
        raise _refuse(
            index_dir,
            f"the search index was written by helpgen {record.version or '(unknown)'}, "
            "whose search this helpgen cannot read",
        )


def _refuse(where: Path, message: str, hint: str = HINT) -> ConfigError:
    return ConfigError(Problem(str(where), None, message, hint=hint))
