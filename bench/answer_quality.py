"""Answer quality on the shared corpus: answered right, answered wrong, declined.

    python bench/answer_quality.py                        # semantic extra on when installed
    python bench/answer_quality.py --semantic false       # lexical only
    python bench/answer_quality.py --verbose              # one line per question
    python bench/answer_quality.py --workdir /tmp/aq      # keep (and reuse) the built site

Builds the shared corpus as bench/search_quality.py does (its `build_corpus`), then asks
every question of bench/answer_questions.yml of `helpgen.search.answers.best_passage`, the
best passage of the top CANDIDATES articles whatever its confidence, so that any threshold
can be tried without asking again. An in-scope question is answered right when the passage's
article is one of those listed for it, wrong when it is another article; an out-of-scope
question (no articles listed) should be declined.

The questions are split by position: even positions are the calibration half, odd positions
the check half. The threshold the calibration half suggests is the lowest confidence at which
it meets the targets (declined ≥ 90 %, wrong ≤ 10 %) with the most right answers; the check
half, never looked at to choose it, says whether that holds. Both halves are reported at the
product's THRESHOLD (helpgen/search/answers.py) and at the suggested one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from search_quality import DEFAULT_CORPUS, build_corpus

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"right": 0.75, "wrong": 0.10, "declined": 0.90}


@dataclass(frozen=True)
class Outcome:
    question: str
    want: tuple[str, ...]
    got: str | None
    """The best passage's article id (None: nothing to score at all)."""
    confidence: float
    text: str

    def verdict(self, threshold: float) -> str:
        """right / wrong / declined (in scope); declined / answered (out of scope)."""
        if self.got is None or self.confidence < threshold:
            return "declined"
        if not self.want:
            return "answered"
        return "right" if self.got in self.want else "wrong"


def ask(index, items: list[dict]) -> list[Outcome]:
    from helpgen.search.answers import CANDIDATES, best_passage

    out = []
    for it in items:
        hits = index.search(it["q"], CANDIDATES).results
        found = best_passage(index, it["q"], hits)
        out.append(
            Outcome(
                it["q"],
                tuple(it["answers"]),
                found.article["id"] if found else None,
                found.confidence if found else 0.0,
                found.text if found else "",
            )
        )
    return out


def figures(outcomes: list[Outcome], threshold: float) -> dict:
    """Shares of in-scope questions answered right and wrong, of out-of-scope ones declined."""
    inside = [o.verdict(threshold) for o in outcomes if o.want]
    outside = [o.verdict(threshold) for o in outcomes if not o.want]
    return {
        "right": inside.count("right") / max(1, len(inside)),
        "wrong": inside.count("wrong") / max(1, len(inside)),
        "declined": outside.count("declined") / max(1, len(outside)),
        "in_scope": len(inside),
        "out_of_scope": len(outside),
    }


def meets(f: dict) -> bool:
    return (
        f["right"] >= TARGETS["right"]
        and f["wrong"] <= TARGETS["wrong"]
        and f["declined"] >= TARGETS["declined"]
    )


def suggest(outcomes: list[Outcome]) -> float:
    """The lowest threshold at which `outcomes` decline ≥ 90 % of out-of-scope questions and
    answer ≤ 10 % wrong (so the most right answers); the highest confidence seen if none does."""
    for t in sorted({round(o.confidence, 4) for o in outcomes}):
        f = figures(outcomes, t)
        if f["declined"] >= TARGETS["declined"] and f["wrong"] <= TARGETS["wrong"]:
            return t
    return max(o.confidence for o in outcomes)


def line(name: str, f: dict) -> str:
    mark = "meets targets" if meets(f) else "MISSES targets"
    return (
        f"{name:28} right {f['right']:6.1%}  wrong {f['wrong']:6.1%}  "
        f"declined {f['declined']:6.1%}  ({f['in_scope']} in scope, "
        f"{f['out_of_scope']} out)  {mark}"
    )


def report(outcomes: list[Outcome], threshold: float, verbose: bool) -> None:
    calibration, check = outcomes[0::2], outcomes[1::2]
    suggested = suggest(calibration)
    print(f"product THRESHOLD {threshold}; the calibration half suggests {suggested}")
    for t, label in ((threshold, "THRESHOLD"), (suggested, "suggested")):
        print(line(f"calibration @ {label} {t:.3f}", figures(calibration, t)))
        print(line(f"check       @ {label} {t:.3f}", figures(check, t)))
    print(line(f"all         @ THRESHOLD {threshold:.3f}", figures(outcomes, threshold)))
    print(line("all, never declining", figures(outcomes, 0.0)))
    if verbose:
        for i, o in enumerate(outcomes):
            half = "cal" if i % 2 == 0 else "chk"
            print(
                f"{half} {o.verdict(threshold):8} {o.confidence:.3f}  {o.question}\n"
                f"      got {o.got}  want {list(o.want) or 'nothing'}\n"
                f"      {o.text[:160]!r}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--questions", type=Path, default=REPO / "bench" / "answer_questions.yml")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--verbose", action="store_true", help="one line per question")
    ap.add_argument("--semantic", choices=["auto", "true", "false"], default="auto")
    args = ap.parse_args()

    items = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        _, result = build_corpus(args.corpus, args.workdir or Path(tmp), args.semantic)
        known = {a.id for a in result.site.articles}
        for it in items:
            if set(it["answers"]) - known:
                print(f"warning: {it['q']!r} lists unknown articles", file=sys.stderr)
        from helpgen.search import index_dir_for, open_index
        from helpgen.search.answers import THRESHOLD

        index = open_index(index_dir_for(result.out))
        outcomes = ask(index, items)
        mode = index.search(items[0]["q"]).mode
    print(f"{len(items)} questions, corpus {args.corpus}, search mode {mode}")
    report(outcomes, THRESHOLD, args.verbose)


if __name__ == "__main__":
    main()
