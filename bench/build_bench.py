#!/usr/bin/env python3
"""Benchmark `helpgen build` against MkDocs 1.6 (default theme) on real and synthetic corpora.

Run on demand, never in CI. Standard library only: MkDocs runs from its own venv
(`bench/.venv-mkdocs`, created on first use), helpgen from the interpreter running this
script (`python -m helpgen`) unless `--helpgen CMD` says otherwise.

For each corpus (the shared SendGrid docs, plus synthetic ones of N articles) it times,
with time.perf_counter around each subprocess:

- cold build: `helpgen build --no-cache` vs `mkdocs build`, output dir removed before
  each run;
- rebuild after editing one article: helpgen with its cache (primed once), vs MkDocs'
  full rebuild, after the same one-line edit;

and measures each tool's output: HTML pages, median article page size, total size.
Medians over `--runs` runs are reported, with every run's time so noise is visible.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
MKDOCS_VENV = BENCH_DIR / ".venv-mkdocs"
MKDOCS_REQUIREMENT = "mkdocs==1.6.*"
TOOLS = ("helpgen", "mkdocs")
STDERR_TAIL_LINES = 25


# --------------------------------------------------------------------------- setup


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    p = argparse.ArgumentParser(
        description="Time helpgen build against MkDocs 1.6 on real and synthetic corpora."
    )
    p.add_argument("--runs", type=int, default=5, help="timed runs per measure (default 5)")
    p.add_argument(
        "--semantic",
        choices=["auto", "true", "false"],
        default="auto",
        help="helpgen's search.semantic (default auto: on when the semantic extra is installed)",
    )
    p.add_argument(
        "--shared-corpus",
        default=str(REPO_ROOT / "../shared/corpora/sendgrid-docs/content"),
        help="real corpus to copy and build (default: ../shared/corpora/sendgrid-docs/content "
        "relative to the repo root); '' to skip it",
    )
    p.add_argument(
        "--synthetic",
        type=int,
        nargs="*",
        default=[1000],
        metavar="N",
        help="sizes of synthetic corpora (default: 1000); give none to skip",
    )
    p.add_argument(
        "--synth-tool",
        default=str(REPO_ROOT / "../shared/tools/synth_corpus.py"),
        help="synthetic corpus writer, run as `python TOOL OUT_DIR N`",
    )
    p.add_argument(
        "--helpgen",
        default=None,
        metavar="CMD",
        help=f"command that runs helpgen (default: `{sys.executable} -m helpgen`)",
    )
    p.add_argument(
        "--tools",
        nargs="+",
        choices=TOOLS,
        default=list(TOOLS),
        help="tools to run (default: both)",
    )
    p.add_argument(
        "--workdir",
        default=None,
        help="where to put corpora copies, projects and outputs (kept afterwards); "
        "default: a temp dir, removed at the end",
    )
    p.add_argument("--keep", action="store_true", help="keep the temp workdir")
    p.add_argument(
        "--json",
        dest="json_file",
        default=None,
        metavar="FILE",
        help="also write the JSON results to FILE",
    )
    p.add_argument(
        "--timeout", type=float, default=3600, help="seconds allowed per build (default 3600)"
    )
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    args.helpgen_cmd = (
        shlex.split(args.helpgen) if args.helpgen else [sys.executable, "-m", "helpgen"]
    )
    return args


def clean_env() -> dict[str, str]:
    """Environment for MkDocs: nothing from the caller's Python environment leaks in."""
    env = dict(os.environ)
    for var in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"):
        env.pop(var, None)
    return env


def venv_bin(venv: Path, name: str) -> Path:
    """Path of an executable inside a venv."""
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def mkdocs_version(venv: Path) -> str | None:
    """The MkDocs version installed in venv, or None if there is none that runs."""
    exe = venv_bin(venv, "mkdocs")
    if not exe.exists():
        return None
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=clean_env())
    if r.returncode != 0:
        return None
    # "mkdocs, version 1.6.1 from /…/site-packages/mkdocs (Python 3.11)"
    words = r.stdout.split()
    return words[2] if len(words) > 2 and words[1] == "version" else None


def ensure_mkdocs(venv: Path = MKDOCS_VENV) -> tuple[Path, str]:
    """Create venv with MkDocs 1.6 unless it is already there; return (mkdocs exe, version)."""
    version = mkdocs_version(venv)
    if version and version.startswith("1.6."):
        return venv_bin(venv, "mkdocs"), version
    print(f"setting up {venv} with {MKDOCS_REQUIREMENT} …", flush=True)
    env = clean_env()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True, env=env)
    py = str(venv_bin(venv, "python"))
    subprocess.run(
        [py, "-m", "pip", "install", "-q", "--disable-pip-version-check", MKDOCS_REQUIREMENT],
        check=True,
        env=env,
    )
    version = mkdocs_version(venv)
    if not version:
        sys.exit(f"error: MkDocs does not run from {venv} after installing it")
    return venv_bin(venv, "mkdocs"), version


# --------------------------------------------------------------------------- corpora


@dataclass
class Corpus:
    """One corpus, copied into the workdir, with a helpgen and an MkDocs project over it."""

    name: str
    origin: str
    dir: Path  # the working copy both tools read (and the bench edits)
    helpgen_project: Path
    mkdocs_config: Path
    out: dict[str, Path] = field(default_factory=dict)

    def sources(self) -> list[Path]:
        """Markdown sources, sorted by path."""
        return sorted(self.dir.rglob("*.md"))


def make_writable(root: Path) -> None:
    """Give the owner write access everywhere under root (the shared corpus is read-only)."""
    for dirpath, _, filenames in os.walk(root):
        for p in [dirpath, *(os.path.join(dirpath, f) for f in filenames)]:
            mode = os.stat(p).st_mode
            os.chmod(p, mode | 0o200)


def copy_corpus(src: Path, dst: Path) -> None:
    """Copy a corpus so that the bench never edits the original."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=False, copy_function=shutil.copyfile)
    make_writable(dst)


def write_synthetic(tool: Path, dst: Path, n: int) -> None:
    """Write N synthetic articles into dst with the shared generator."""
    if dst.exists():
        shutil.rmtree(dst)
    subprocess.run([sys.executable, str(tool), str(dst), str(n)], check=True)


def setup_projects(
    name: str, origin: str, corpus_dir: Path, base: Path, semantic: str = "auto"
) -> Corpus:
    """Write helpgen.yml and mkdocs.yml for a corpus copy living under base."""
    hg = base / "helpgen-project"
    hg.mkdir(parents=True, exist_ok=True)
    (hg / "helpgen.yml").write_text(
        "site_name: Bench\n"
        "site_url: https://help.example.com/\n"
        f"content_dir: {json.dumps(str(corpus_dir))}\n"
        'variables: {root_url: ""}\n'
        f"search: {{semantic: {semantic}}}\n",
        encoding="utf-8",
    )
    mk = base / "mkdocs-project"
    mk.mkdir(parents=True, exist_ok=True)
    cfg = mk / "mkdocs.yml"
    cfg.write_text(
        "site_name: Bench\n"
        "site_url: https://help.example.com/\n"
        f"docs_dir: {json.dumps(str(corpus_dir))}\n"
        "use_directory_urls: true\n"
        "theme:\n  name: mkdocs\n",
        encoding="utf-8",
    )
    return Corpus(
        name=name,
        origin=origin,
        dir=corpus_dir,
        helpgen_project=hg,
        mkdocs_config=cfg,
        out={"helpgen": base / "out-helpgen", "mkdocs": base / "out-mkdocs"},
    )


def prepare_corpora(args: argparse.Namespace, work: Path) -> list[Corpus]:
    """Copy or generate every corpus into work and set up both projects for each."""
    corpora = []
    if args.shared_corpus:
        src = Path(args.shared_corpus).resolve()
        if not src.is_dir():
            sys.exit(
                f"error: shared corpus {src} is not a directory "
                "(use --shared-corpus PATH, or '' to skip)"
            )
        base = work / "shared"
        print(f"copying {src} → {base / 'content'}", flush=True)
        copy_corpus(src, base / "content")
        corpora.append(
            setup_projects(
                f"shared:{src.parent.name}", str(src), base / "content", base, args.semantic
            )
        )
    tool = Path(args.synth_tool).resolve()
    for n in args.synthetic:
        if not tool.is_file():
            sys.exit(f"error: synthetic corpus writer {tool} not found (use --synth-tool PATH)")
        base = work / f"synthetic-{n}"
        print(f"writing {n} synthetic articles → {base / 'content'}", flush=True)
        write_synthetic(tool, base / "content", n)
        corpora.append(
            setup_projects(
                f"synthetic:{n}", f"{tool} OUT {n}", base / "content", base, args.semantic
            )
        )
    return corpora


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    """One build: its wall time, or why it failed."""

    seconds: float | None
    error: str | None = None


def run_build(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Run one build, timing it with perf_counter; on failure print the tail of its stderr."""
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        msg = f"timed out after {timeout:.0f}s: {shlex.join(cmd)}"
        print(f"    FAILED: {msg}", flush=True)
        return Run(None, msg)
    except OSError as e:
        msg = f"could not start {shlex.join(cmd)}: {e}"
        print(f"    FAILED: {msg}", flush=True)
        return Run(None, msg)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        tail = "\n".join(
            (r.stderr or r.stdout)
            .decode("utf-8", "replace")
            .rstrip()
            .splitlines()[-STDERR_TAIL_LINES:]
        )
        print(
            f"    FAILED (exit {r.returncode}): {shlex.join(cmd)}\n"
            + "\n".join("      | " + line for line in tail.splitlines()),
            flush=True,
        )
        return Run(None, f"exit {r.returncode}: {tail}")
    return Run(elapsed)


class Builder:
    """Knows how to run a cold build and a rebuild of a corpus with one tool."""

    def __init__(self, tool: str, cmd: list[str], env: dict[str, str], timeout: float):
        self.tool, self.cmd, self.env, self.timeout = tool, cmd, env, timeout

    def argv(self, corpus: Corpus, cache: bool) -> tuple[list[str], Path]:
        out = corpus.out[self.tool]
        if self.tool == "helpgen":
            argv = [*self.cmd, "build", str(corpus.helpgen_project), "--out", str(out)]
            return (argv if cache else [*argv, "--no-cache"]), corpus.helpgen_project
        return [
            *self.cmd,
            "build",
            "-q",
            "-f",
            str(corpus.mkdocs_config),
            "-d",
            str(out),
        ], corpus.mkdocs_config.parent

    def cold(self, corpus: Corpus) -> Run:
        """Build from nothing: no output dir, no cache."""
        out = corpus.out[self.tool]
        shutil.rmtree(out, ignore_errors=True)
        if self.tool == "helpgen":  # its cache, and the search index it keeps beside the site
            shutil.rmtree(corpus.helpgen_project / ".helpgen", ignore_errors=True)
            shutil.rmtree(out.parent / (out.name + ".index"), ignore_errors=True)
        argv, cwd = self.argv(corpus, cache=False)
        return run_build(argv, cwd, self.env, self.timeout)

    def rebuild(self, corpus: Corpus) -> Run:
        """Build over the previous output (and, for helpgen, its cache)."""
        argv, cwd = self.argv(corpus, cache=True)
        return run_build(argv, cwd, self.env, self.timeout)


def fmt_time(run: Run) -> str:
    return f"{run.seconds:.3f}s" if run.seconds is not None else "FAILED"


def median_or_none(runs: list[Run]) -> float | None:
    ok = [r.seconds for r in runs if r.seconds is not None]
    return statistics.median(ok) if ok else None


def helpgen_package_dir(cmd: list[str]) -> Path | None:
    """Where `... -m helpgen` imports helpgen from (None for any other kind of command)."""
    if cmd[-2:] != ["-m", "helpgen"]:
        return None
    r = subprocess.run(
        [*cmd[:-2], "-c", "import helpgen, os; print(os.path.dirname(helpgen.__file__))"],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )  # as the builds: not from ./
    return Path(r.stdout.strip()) if r.returncode == 0 and r.stdout.strip() else None


def code_fingerprint(package: Path | None) -> tuple | None:
    """Sizes and mtimes of helpgen's modules. helpgen keys its cache on them, so an edit of
    its code during a rebuild bench turns cached rebuilds into full ones."""
    if package is None:
        return None
    return tuple(
        sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in package.rglob("*.py"))
    )


def bench_cold(builders: list[Builder], corpus: Corpus, runs: int) -> dict[str, list[Run]]:
    """Time cold builds, the tools taking turns so that noise hits both alike."""
    results: dict[str, list[Run]] = {b.tool: [] for b in builders}
    failed: set[str] = set()
    for i in range(runs):
        for b in builders:
            if b.tool in failed:
                continue
            run = b.cold(corpus)
            results[b.tool].append(run)
            print(f"  cold     run {i + 1}/{runs}  {b.tool:8} {fmt_time(run)}", flush=True)
            if run.seconds is None:
                failed.add(b.tool)  # a build that fails once will fail again: don't wait for it
    return results


def pick_article(corpus: Corpus) -> Path:
    """The article the rebuild bench edits: the middle one in path order."""
    sources = corpus.sources()
    return sources[len(sources) // 2]


def edit_visible(out: Path, rel: str, marker: str) -> bool:
    """Whether the edited article's page (or, failing that, any HTML page) shows marker."""
    expected = out / rel[: -len(".md")] / "index.html"
    pages = [expected] if expected.is_file() else out.rglob("*.html")
    for page in pages:
        try:
            if marker in page.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            pass
    return False


def bench_rebuild(
    builders: list[Builder], corpus: Corpus, runs: int
) -> tuple[dict[str, list[Run]], dict]:
    """Time rebuilds after a one-line edit of one article (restored afterwards)."""
    results: dict[str, list[Run]] = {b.tool: [] for b in builders}
    article = pick_article(corpus)
    rel = article.relative_to(corpus.dir).as_posix()
    print(f"  rebuild: editing {rel}", flush=True)
    info: dict = {"article": rel}
    helpgen = next((b for b in builders if b.tool == "helpgen"), None)
    package = helpgen_package_dir(helpgen.cmd) if helpgen else None
    fingerprint = code_fingerprint(package)
    active = []
    for b in builders:
        # Prime: helpgen fills its cache; MkDocs has none, but gets an existing site too.
        shutil.rmtree(corpus.out[b.tool], ignore_errors=True)
        if b.tool == "helpgen":
            shutil.rmtree(corpus.helpgen_project / ".helpgen", ignore_errors=True)
        prime = b.rebuild(corpus)
        print(f"  rebuild  prime     {b.tool:8} {fmt_time(prime)}", flush=True)
        if prime.seconds is None:
            results[b.tool].append(prime)
        else:
            active.append(b)
    original = article.read_bytes()
    marker = ""
    try:
        for i in range(runs):
            marker = f"helpgen-bench-edit-{i + 1}-{os.getpid()}"
            article.write_bytes(original.rstrip(b"\n") + f"\n\nBench edit: {marker}.\n".encode())
            for b in list(active):
                run = b.rebuild(corpus)
                results[b.tool].append(run)
                print(f"  rebuild  run {i + 1}/{runs}  {b.tool:8} {fmt_time(run)}", flush=True)
                if run.seconds is None:
                    active.remove(b)
    finally:
        article.write_bytes(original)
    if fingerprint is not None and code_fingerprint(package) != fingerprint:
        info["helpgen_code_changed"] = True
        print(
            f"  WARNING: helpgen's code under {package} changed during the rebuild bench: "
            "its cache was emptied, so these rebuild times are (partly) full builds",
            flush=True,
        )
    # Did the cached rebuild pick up the edit? (MkDocs rebuilds everything: not checked.)
    if "helpgen" in results and results["helpgen"] and results["helpgen"][-1].seconds is not None:
        info["helpgen_edit_visible"] = edit_visible(corpus.out["helpgen"], rel, marker)
    return results, info


# --------------------------------------------------------------------------- output


def is_article_page(rel: str) -> bool:
    """index.html pages other than the home page and the 404 page."""
    return (
        rel.endswith("index.html")
        and rel.split("/")[-1] == "index.html"
        and rel not in ("index.html", "404/index.html")
    )


def measure_output(out: Path) -> dict | None:
    """HTML page count, median article page size and total size of a built site."""
    if not out.is_dir():
        return None
    html = 0
    article_sizes = []
    total = 0
    files = 0
    for dirpath, _, filenames in os.walk(out):
        for f in filenames:
            path = os.path.join(dirpath, f)
            size = os.lstat(path).st_size
            total += size
            files += 1
            if f.endswith(".html"):
                html += 1
                rel = os.path.relpath(path, out).replace(os.sep, "/")
                if is_article_page(rel):
                    article_sizes.append(size)
    return {
        "html_pages": html,
        "article_pages": len(article_sizes),
        "median_page_bytes": int(statistics.median(article_sizes)) if article_sizes else None,
        "total_bytes": total,
        "files": files,
    }


def front_matter_slug(text: str) -> str | None:
    """The `slug:` of a markdown file's front matter, if any (a plain scalar is enough here)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            return None
        if line.startswith("slug:"):
            return line[len("slug:") :].strip().strip("'\"") or None
    return None


def expected_page(rel: str, slug: str | None) -> str:
    """Folder of an article's page: its path without .md, the file name replaced by a slug
    (the whole path, if the slug starts with '/'), as DESIGN.md says for helpgen."""
    path = rel[: -len(".md")]
    if slug:
        parent = path.rpartition("/")[0]
        path = (
            slug.strip("/") if slug.startswith("/") or not parent else f"{parent}/{slug.strip('/')}"
        )
    return path


def check_pages(corpus: Corpus, out: Path, use_slug: bool) -> dict:
    """Split a site's index.html pages (home and 404 aside) into the sources' article pages,
    folder (category) pages and others; list sources with no page."""
    pages = {os.path.relpath(p.parent, out).replace(os.sep, "/") for p in out.rglob("index.html")}
    pages -= {".", "404"}
    folders = {
        os.path.relpath(d, corpus.dir).replace(os.sep, "/") for d, _, _ in os.walk(corpus.dir)
    } - {"."}
    expected = {}
    for src in corpus.sources():
        rel = src.relative_to(corpus.dir).as_posix()
        slug = (
            front_matter_slug(src.read_text(encoding="utf-8", errors="replace"))
            if use_slug
            else None
        )
        expected[rel] = expected_page(rel, slug)
    found = {rel for rel, page in expected.items() if page in pages}
    article_pages = set(expected.values()) & pages
    category = (pages - article_pages) & folders
    missing = sorted(set(expected) - found)
    return {
        "sources_with_page": len(found),
        "category_pages": len(category),
        "other_pages": sorted(pages - article_pages - category),
        "missing": missing[:10],
    }


def count_jsonl_articles(out: Path) -> dict | None:
    """Records in helpgen's articles.jsonl, and how many of their URLs have a page in out."""
    path = out / "articles.jsonl"
    if not path.is_file():
        return None
    records = 0
    with_page = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        records += 1
        try:
            url = json.loads(line).get("url") or ""
        except (ValueError, AttributeError):
            continue
        url_path = url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url.lstrip("/")
        if (out / url_path / "index.html").is_file():
            with_page += 1
    return {"records": records, "records_with_page": with_page}


def fmt(v, spec: str, none: str = "—") -> str:
    return format(v, spec) if v is not None else none


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def print_table(result: dict) -> None:
    """One table for a corpus: both tools, medians, ratios, output figures."""
    tools = result["tools"]
    print(
        f"\n== {result['corpus']}  ({result['sources_md']} source .md files, "
        f"{result['runs']} run(s), rebuild edits {result['rebuild'].get('article', '—')})"
    )
    head = (
        f"{'tool':9} {'cold med (s)':>12} {'rebuild med (s)':>15} {'cold hg/mk':>10} "
        f"{'rebuild hg/mk':>13} {'pages':>7} {'med page KB':>11} {'total MB':>9}"
    )
    print(head)
    print("-" * len(head))
    for tool, t in tools.items():
        o = t.get("output") or {}
        is_hg = tool == "helpgen"
        page_bytes = o.get("median_page_bytes")
        print(
            f"{tool:9} {fmt(t['cold_median'], '.3f'):>12} {fmt(t['rebuild_median'], '.3f'):>15} "
            f"{fmt(result['ratio_cold'] if is_hg else None, '.3f', ''):>10} "
            f"{fmt(result['ratio_rebuild'] if is_hg else None, '.3f', ''):>13} "
            f"{fmt(o.get('html_pages'), 'd'):>7} "
            f"{fmt(page_bytes / 1000 if page_bytes is not None else None, '.1f'):>11} "
            f"{fmt(o['total_bytes'] / 1e6 if o.get('total_bytes') is not None else None, '.2f'):>9}"
        )
    print("(hg/mk: helpgen median / MkDocs median; below 1 means helpgen is faster)")
    for tool, t in tools.items():
        if t["errors"]:
            print(
                f"{tool}: {len(t['errors'])} failed build(s); "
                f"first: {t['errors'][0].splitlines()[0]}"
            )
    # Page count check: informative only, never asserted.
    n = result["sources_md"]
    print(f"page check: {n} source .md files")
    for tool, t in tools.items():
        o = t.get("output")
        if not o:
            print(f"  {tool:8} no output")
            continue
        pc = o["page_check"]
        others = pc["other_pages"]
        line = (
            f"  {tool:8} {o['article_pages']} index.html pages besides home/404: "
            f"{pc['sources_with_page']} sources' article pages, "
            f"{pc['category_pages']} folder pages, "
            f"{len(others)} other"
            + (f" ({', '.join(others[:5])}{', …' if len(others) > 5 else ''})" if others else "")
        )
        if pc["sources_with_page"] != n:
            line += (
                f"; NO PAGE for {n - pc['sources_with_page']} source(s), "
                f"e.g. {', '.join(pc['missing'][:3])}"
            )
        print(line)
    jl = tools.get("helpgen", {}).get("articles_jsonl")
    if jl:
        print(
            f"  helpgen  articles.jsonl: {jl['records']} records, "
            f"{jl['records_with_page']} with a page"
        )


def bench_corpus(corpus: Corpus, builders: list[Builder], runs: int) -> dict:
    """Run every measure on one corpus; return its figures."""
    print(f"\n### {corpus.name}: {corpus.dir}", flush=True)
    sources = len(corpus.sources())
    cold = bench_cold(builders, corpus, runs)
    # Output figures come from the last cold build (a clean one); measure them now,
    # before the rebuild bench rewrites the outputs.
    built = {b.tool for b in builders if cold[b.tool] and cold[b.tool][-1].seconds is not None}
    outputs = {
        b.tool: measure_output(corpus.out[b.tool]) if b.tool in built else None for b in builders
    }
    for tool, o in outputs.items():
        if o is not None:
            o["page_check"] = check_pages(corpus, corpus.out[tool], use_slug=(tool == "helpgen"))
    jsonl = count_jsonl_articles(corpus.out["helpgen"]) if "helpgen" in built else None
    rebuild, info = bench_rebuild(builders, corpus, runs)
    tools = {}
    for b in builders:
        all_runs = cold[b.tool] + rebuild[b.tool]
        tools[b.tool] = {
            "cold": [r.seconds for r in cold[b.tool]],
            "cold_median": median_or_none(cold[b.tool]),
            "rebuild": [r.seconds for r in rebuild[b.tool]],
            "rebuild_median": median_or_none(rebuild[b.tool]),
            "output": outputs[b.tool],
            "errors": [r.error for r in all_runs if r.error],
        }
        if b.tool == "helpgen":
            tools[b.tool]["articles_jsonl"] = jsonl
    hg, mk = tools.get("helpgen"), tools.get("mkdocs")
    result = {
        "corpus": corpus.name,
        "origin": corpus.origin,
        "sources_md": sources,
        "runs": runs,
        "rebuild": info,
        "tools": tools,
        "ratio_cold": ratio(hg["cold_median"], mk["cold_median"]) if hg and mk else None,
        "ratio_rebuild": ratio(hg["rebuild_median"], mk["rebuild_median"]) if hg and mk else None,
    }
    print_table(result)
    return result


def describe_env(args: argparse.Namespace, mkdocs: str | None) -> dict:
    """What ran: versions and machine, so figures can be compared later."""
    return {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "helpgen_cmd": shlex.join(args.helpgen_cmd),
        "mkdocs_version": mkdocs,
        "runs": args.runs,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    builders = []
    mkdocs_ver = None
    if "mkdocs" in args.tools:
        exe, mkdocs_ver = ensure_mkdocs()
        print(f"MkDocs {mkdocs_ver} from {exe}", flush=True)
        builders.append(Builder("mkdocs", [str(exe)], clean_env(), args.timeout))
    if "helpgen" in args.tools:
        print(f"helpgen: {shlex.join(args.helpgen_cmd)}", flush=True)
        builders.insert(0, Builder("helpgen", args.helpgen_cmd, dict(os.environ), args.timeout))

    if args.workdir:
        work = Path(args.workdir).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="helpgen-bench-"))
    print(f"workdir: {work}", flush=True)
    results = {"env": describe_env(args, mkdocs_ver), "corpora": []}
    try:
        for corpus in prepare_corpora(args, work):
            results["corpora"].append(bench_corpus(corpus, builders, args.runs))
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif results["corpora"] or args.workdir:
            print(f"\nkept workdir: {work}")
    print("\n" + json.dumps(results, indent=None, sort_keys=False))
    if args.json_file:
        Path(args.json_file).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json_file}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
