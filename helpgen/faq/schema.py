"""The FAQ templates' schema: topics, their variables, and the checking of values."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from helpgen.errors import ConfigError, Problem
from helpgen.resources import shipped

TYPES = ("string", "number", "date", "url", "list", "boolean")
_URL = re.compile(r"https?://[^\s/]+\S*")


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    required: bool
    description: str
    default: Any = None
    example: Any = None


@dataclass(frozen=True)
class Topic:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    variables: dict[str, Variable]

    @property
    def languages(self) -> list[str]:
        return sorted(self.title)


@lru_cache(maxsize=1)
def load_topics() -> dict[str, Topic]:
    """Every topic of the shipped schema, by id."""
    data = yaml.safe_load((shipped("faq_templates") / "schema.yml").read_text(encoding="utf-8"))
    topics = {}
    for topic_id, spec in data["topics"].items():
        variables = {name: Variable(name, v["type"], bool(v.get("required")), v.get("description", ""),
                                    v.get("default"), v.get("example")) for name, v in spec["variables"].items()}
        topics[topic_id] = Topic(topic_id, spec["title"], spec["description"], variables)
    return topics


def find_topic(topic_id: str) -> Topic:
    """The topic, or a usage error naming the known ones."""
    topics = load_topics()
    if topic_id in topics:
        return topics[topic_id]
    close = difflib.get_close_matches(topic_id, topics, n=1)
    hint = (f"did you mean '{close[0]}'? " if close else "") + "see `helpgen faq list`"
    raise ConfigError(Problem("", None, f"unknown FAQ topic '{topic_id}' (topics: {', '.join(topics)})", hint=hint))


def check_values(topic: Topic, values: dict[str, Any]) -> dict[str, Any]:
    """The template's values: given ones converted to their type, defaults for the rest.

    Raises ConfigError listing every missing required value and every value of the wrong type.
    """
    problems, checked = [], {}
    for name, var in topic.variables.items():
        if values.get(name) in (None, "", []):
            if var.required:
                problems.append(Problem("", None, f"{topic.id}: missing required value '{name}' ({var.type}): "
                                                  f"{var.description}", hint=f"--set {name}={_shown(var.example)}"))
            checked[name] = var.default
            continue
        try:
            checked[name] = _convert(var.type, values[name])
        except ValueError as exc:
            problems.append(Problem("", None, f"{topic.id}: '{name}' must be {exc}, got {values[name]!r}",
                                    hint=f"for example --set {name}={_shown(var.example)}"))
    if problems:
        raise ConfigError(problems)
    return checked


def _convert(kind: str, value: Any) -> Any:
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValueError("a number")
        try:
            number = float(value)
        except ValueError:
            raise ValueError("a number") from None
        return int(number) if number.is_integer() else number
    if kind == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError("a date like 2026-11-27") from None
    if kind == "url":
        if not isinstance(value, str) or not _URL.fullmatch(value):
            raise ValueError("an http(s) URL")
        return value
    if kind == "list":
        if not isinstance(value, list):
            raise ValueError("a list, e.g. [DHL, UPS]")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("true or false")
        return value
    if isinstance(value, (dict, list)):
        raise ValueError("text")
    return str(value)


def _shown(example: Any) -> str:
    text = yaml.safe_dump(example, default_flow_style=True, allow_unicode=True).strip()
    return text.removesuffix("\n...").removesuffix(" ...")
