"""The e-commerce FAQ templates in faq_templates/: every topic of schema.yml, in every
language, renders with its schema's values into a valid helpgen FAQ article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from jinja2 import Environment, StrictUndefined, meta

ROOT = Path(__file__).resolve().parents[2] / "faq_templates"
LANGS = ("en", "id")
TYPES = {"string", "number", "date", "url", "list", "boolean", "fee"}

SCHEMA = yaml.safe_load((ROOT / "schema.yml").read_text(encoding="utf-8"))
TOPICS = sorted(SCHEMA["topics"])
CASES = [(topic, lang) for topic in TOPICS for lang in LANGS]


def _env() -> Environment:
    return Environment(undefined=StrictUndefined, keep_trailing_newline=True)


def _source(topic: str, lang: str) -> str:
    return (ROOT / lang / f"{topic}.md.j2").read_text(encoding="utf-8")


def _values(topic: str, mode: str) -> dict:
    """Template values from the schema.

    full:     every variable with its example (optional ones without one get their default)
    defaults: required ones with their example, optional ones with their default
    none:     required ones with their example, optional ones None
    empty:    required ones with their example, optional ones empty ("", [], False)
    """
    out = {}
    for name, spec in SCHEMA["topics"][topic]["variables"].items():
        if spec["required"] or (mode == "full" and "example" in spec):
            out[name] = spec["example"]
        elif mode in ("full", "defaults"):
            out[name] = spec.get("default")
        elif mode == "none":
            out[name] = None
        else:
            out[name] = {"list": [], "boolean": False}.get(spec["type"], "")
    return out


def _render(topic: str, lang: str, mode: str) -> str:
    return _env().from_string(_source(topic, lang)).render(**_values(topic, mode))


def _split(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), "no front matter"
    head, sep, body = text[4:].partition("\n---\n")
    assert sep, "front matter not closed"
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, body


def test_schema_shape():
    assert set(SCHEMA) == {"category", "topics"}
    for topic, spec in SCHEMA["topics"].items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", topic)
        for key in ("title", "description"):
            assert set(spec[key]) == set(LANGS), (topic, key)
            assert all(isinstance(v, str) and v for v in spec[key].values())
        assert spec["variables"], topic
        for name, var in spec["variables"].items():
            where = f"{topic}.{name}"
            assert var["type"] in TYPES, where
            assert isinstance(var["required"], bool), where
            assert isinstance(var.get("description"), str) and var["description"], where
            if var["required"]:
                assert var.get("example") not in (None, "", []), where
            else:
                assert "default" in var, where
            if "example" in var and var["type"] == "list":
                assert isinstance(var["example"], list) and var["example"], where
            if "example" in var and var["type"] == "number":
                assert isinstance(var["example"], (int, float)), where
            if "example" in var and var["type"] == "url":
                assert str(var["example"]).startswith(("https://", "http://", "mailto:")), where
            if "choices" in var:
                assert var["example"] in var["choices"], where
                assert var.get("default") in [None, *var["choices"]], where
            if "assumed" in var:  # a default stated as policy: only for optional values
                assert not var["required"] and isinstance(var["assumed"], str), where
            if var.get("may_be_none"):
                assert var["required"] and var["type"] == "list", where


def test_shared_variables_are_consistent():
    seen: dict[str, tuple[str, str]] = {}
    for topic, spec in SCHEMA["topics"].items():
        for name, var in spec["variables"].items():
            if name in seen:
                assert seen[name][0] == var["type"], f"{name}: {topic} vs {seen[name][1]}"
            else:
                seen[name] = (var["type"], topic)


def test_no_stray_templates():
    for lang in LANGS:
        found = {p.name[: -len(".md.j2")] for p in (ROOT / lang).glob("*.md.j2")}
        assert found == set(TOPICS), lang


@pytest.mark.parametrize("topic,lang", CASES)
def test_template_exists(topic, lang):
    assert (ROOT / lang / f"{topic}.md.j2").is_file()


@pytest.mark.parametrize("topic,lang", CASES)
def test_variables_match_schema(topic, lang):
    used = meta.find_undeclared_variables(_env().parse(_source(topic, lang)))
    declared = set(SCHEMA["topics"][topic]["variables"])
    assert used - declared == set(), "used but not in schema"
    assert declared - used == set(), "in schema but not used"


@pytest.mark.parametrize("mode", ["full", "defaults", "none", "empty"])
@pytest.mark.parametrize("topic,lang", CASES)
def test_renders_a_faq_article(topic, lang, mode):
    text = _render(topic, lang, mode)
    for token in ("{{", "}}", "{%", "%}", "{#"):
        assert token not in text, token
    fm, body = _split(text)
    assert isinstance(fm.get("title"), str) and fm["title"].strip()
    assert isinstance(fm.get("description"), str)
    assert 50 <= len(fm["description"]) <= 160, (len(fm["description"]), fm["description"])
    assert fm.get("type") == "faq"
    assert isinstance(fm.get("keywords"), list) and len(fm["keywords"]) >= 3
    assert all(isinstance(k, str) and k for k in fm["keywords"])
    assert isinstance(fm.get("tags"), list) and fm["tags"]
    if topic == "holiday":
        assert fm.get("valid_from") and fm.get("valid_until")
        assert str(fm["valid_from"]) <= str(fm["valid_until"])
    # no leaked Python values from optional variables left empty
    assert not re.search(r"\bNone\b|\[\]|\bFalse\b|\bTrue\b", body), "leaked value"

    # an intro paragraph before the first question
    intro, _, _ = body.partition("\n## ")
    assert intro.strip(), "no intro paragraph"
    assert not re.search(r"^#", intro.strip(), re.M)

    headings = re.findall(r"^(#{1,6}) (.+)$", body, re.M)
    questions = [h for level, h in headings if level == "##"]
    assert all(level == "##" for level, _ in headings), "only ## headings"
    assert 5 <= len(questions) <= 10, len(questions)
    assert len(set(questions)) == len(questions), "duplicate question"
    for q in questions:
        assert q.rstrip().endswith("?"), q
    # every question has an answer
    answers = re.split(r"^## .+$", body, flags=re.M)[1:]
    for q, a in zip(questions, answers, strict=True):
        assert a.strip(), f"no answer for {q!r}"
    assert "\n\n\n" not in body, "double blank lines"
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("lang", LANGS)
def test_dates_given_as_strings_render_the_same(lang):
    """Values from `--set key=2026-11-27` arrive as strings, from YAML as dates."""
    values = _values("holiday", "full")
    as_strings = {
        k: (str(v) if SCHEMA["topics"]["holiday"]["variables"][k]["type"] == "date" and v else v)
        for k, v in values.items()
    }
    as_strings["cutoffs"] = [{**c, "date": str(c["date"])} for c in values["cutoffs"]]
    src = _source("holiday", lang)
    assert _env().from_string(src).render(**as_strings) == _env().from_string(src).render(**values)


@pytest.mark.parametrize("lang,expected", [("en", "24 December 2026"), ("id", "24 Desember 2026")])
def test_holiday_dates_are_written_out(lang, expected):
    fm, body = _split(_render("holiday", lang, "full"))
    assert expected in body
    assert str(fm["valid_from"]) == str(
        SCHEMA["topics"]["holiday"]["variables"]["page_visible_from"]["example"]
    )


@pytest.mark.parametrize("topic,lang", CASES)
def test_values_appear_in_output(topic, lang):
    """Scalar example values of the schema reach the rendered page."""
    text = _render(topic, lang, "full")
    for name, spec in SCHEMA["topics"][topic]["variables"].items():
        value = spec.get("example")
        if (
            spec["type"] in ("string", "url", "number")
            and value is not None
            and not re.fullmatch(r"[a-z_]+", str(value))
        ):
            assert str(value) in text, name


TRICKY = 'Jo\'s "Best" Shop: A\\B #1'


@pytest.mark.parametrize("topic,lang", CASES)
def test_front_matter_survives_quotes_in_values(topic, lang):
    values = _values(topic, "full")
    names = [n for n in ("store_name", "sale_name", "program_name") if n in values]
    for n in names:
        values[n] = TRICKY
    fm, _ = _split(_env().from_string(_source(topic, lang)).render(**values))
    assert fm["type"] == "faq"
    assert TRICKY in fm["title"] + fm["description"]
