"""The FAQ templates' schema: topics, their variables, and the checking of values."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from helpgen.errors import ConfigError, Problem
from helpgen.resources import shipped

TYPES = ("string", "number", "date", "url", "list", "boolean", "fee")
NONE = "none"
"""The explicit "nothing" for a required list or fee: `--set non_returnable_items=none`."""
_URL = re.compile(r"https?://[^\s/]+\S*")


@dataclass(frozen=True)
class Variable:
    name: str
    type: str
    required: bool
    description: str
    default: Any = None
    example: Any = None
    choices: tuple[str, ...] = ()
    """The accepted values of a choice (`refund_method`: original_payment, store_credit...)."""
    assumed: str | None = None
    """What the default states to shoppers ("the store does not ship abroad"), for variables
    whose default answers a question on the page; `helpgen faq new` prints it when used."""
    may_be_none: bool = False
    """A required list that may be given as empty: `--set non_returnable_items=none`."""

    def example_set(self) -> str:
        """A `--set` giving the example, quoted for a shell: `--set 'carriers=[DHL, UPS]'`."""
        return "--set " + shlex.quote(f"{self.name}={_shown(self.example)}")

    def assumed_line(self) -> str:
        """What `helpgen faq new` prints when it used this default: what, why, how to change."""
        value = " not set" if self.default in (None, "", []) else f"={_shown(self.default)}"
        return f"assumed: {self.assumed} ({self.name}{value}); change with {self.change_hint()}"

    def change_hint(self) -> str:
        """A `--set` that replaces the default, e.g. `--set ships_internationally=true`."""
        if self.type == "boolean":
            return f"--set {self.name}={'false' if self.default else 'true'}"
        return self.example_set()


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
def _schema() -> dict:
    return yaml.safe_load((shipped("faq_templates") / "schema.yml").read_text(encoding="utf-8"))


def load_category(lang: str) -> dict[str, str]:
    """Title and description, in `lang`, of the folder `helpgen faq new` creates."""
    spec = _schema()["category"]
    return {key: spec[key].get(lang, spec[key]["en"]) for key in ("title", "description")}


@lru_cache(maxsize=1)
def load_topics() -> dict[str, Topic]:
    """Every topic of the shipped schema, by id."""
    topics = {}
    for topic_id, spec in _schema()["topics"].items():
        variables = {name: _variable(name, v) for name, v in spec["variables"].items()}
        topics[topic_id] = Topic(topic_id, spec["title"], spec["description"], variables)
    return topics


def _variable(name: str, spec: dict) -> Variable:
    return Variable(
        name,
        spec["type"],
        bool(spec.get("required")),
        spec.get("description", ""),
        spec.get("default"),
        spec.get("example"),
        tuple(spec.get("choices", ())),
        spec.get("assumed"),
        bool(spec.get("may_be_none")),
    )


def find_topic(topic_id: str) -> Topic:
    """The topic, or a usage error naming the known ones."""
    topics = load_topics()
    if topic_id in topics:
        return topics[topic_id]
    close = difflib.get_close_matches(topic_id, topics, n=1)
    hint = (f"did you mean '{close[0]}'? " if close else "") + "see `helpgen faq list`"
    raise ConfigError(
        Problem(
            "", None, f"unknown FAQ topic '{topic_id}' (topics: {', '.join(topics)})", hint=hint
        )
    )


def check_values(
    topic: Topic, values: dict[str, Any], command: Sequence[str] = ()
) -> dict[str, Any]:
    """The template's values: given ones converted to their type, defaults for the rest.

    Raises ConfigError listing every missing required value, then one line whose hint is
    `command` (the `helpgen faq new ...` that was run) with a quoted `--set` for each of
    them, ready to paste into a shell; and every value of the wrong type.
    """
    problems, checked, missing = [], {}, []
    for name, var in topic.variables.items():
        if not is_given(values.get(name)):
            missing += [var] if var.required else []
            checked[name] = var.default
            continue
        try:
            checked[name] = _convert(var, values[name])
        except ValueError as exc:
            problems.append(
                Problem(
                    "",
                    None,
                    f"{topic.id}: '{name}' must be {exc}, got {values[name]!r}",
                    hint=f"for example {var.example_set()}",
                )
            )
    problems[:0] = _missing(topic, missing, command) if missing else []
    if problems:
        raise ConfigError(problems)
    return checked


def _missing(topic: Topic, missing: list[Variable], command: Sequence[str]) -> list[Problem]:
    """A line per missing value, then one whose hint is the command that gives them all."""
    lines = [
        Problem(
            "",
            None,
            f"{topic.id}: missing required value '{var.name}' ({_kind(var)}): {var.description}",
        )
        for var in missing
    ]
    retry = shlex.join(_without_sets(command or ("helpgen", "faq", "new", topic.id), missing))
    count = f"{len(missing)} required value{'s' if len(missing) > 1 else ''} missing"
    hint = " ".join([retry, *(var.example_set() for var in missing)])
    return [*lines, Problem("", None, f"{topic.id}: {count}", hint=hint)]


def _without_sets(command: Sequence[str], missing: list[Variable]) -> list[str]:
    """`command` without the `--set NAME=...` of missing values (the hint adds them back)."""
    names, kept, skip = {var.name for var in missing}, [], False
    for arg, following in zip(command, [*command[1:], ""], strict=True):
        if skip:
            skip = False
        elif arg == "--set" and following.partition("=")[0].strip() in names:
            skip = True
        else:
            kept.append(arg)
    return kept


def assumed_defaults(topic: Topic, values: dict[str, Any]) -> list[Variable]:
    """The variables left out of `values` whose default states something to shoppers."""
    return [
        var
        for name, var in topic.variables.items()
        if var.assumed and not is_given(values.get(name))
    ]


def is_given(value: Any) -> bool:
    """Whether a value was given: None, "" and [] mean "left out"; false, 0 and `none` don't."""
    return value not in (None, "", [])


def _kind(var: Variable) -> str:
    if var.choices:
        return "one of " + ", ".join(var.choices)
    if var.type == "fee" or var.may_be_none:
        return f"{'an amount' if var.type == 'fee' else 'list'}, or {NONE}"
    return var.type


def _convert(var: Variable, value: Any) -> Any:
    kind = var.type
    if kind == "fee":
        return _fee(value)
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
        if value == NONE and var.may_be_none:
            return []
        if not isinstance(value, list):
            raise ValueError("a list, e.g. [DHL, UPS]")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("true or false")
        return value
    if isinstance(value, (dict, list)):
        raise ValueError("text")
    if var.choices and str(value) not in var.choices:
        raise ValueError("one of " + ", ".join(var.choices))
    return str(value)


def _fee(value: Any) -> str | None:
    """An amount as shoppers read it ("€4.95"), or None for `none` / 0 / false: no fee."""
    if value in (NONE, 0, False, "0"):
        return None
    if isinstance(value, (dict, list, bool)):
        raise ValueError(f'an amount like "€4.95" or {NONE}')
    return str(value)


def _shown(example: Any) -> str:
    text = yaml.safe_dump(
        example, default_flow_style=True, allow_unicode=True, sort_keys=False
    ).strip()
    return text.removesuffix("\n...").removesuffix(" ...")
