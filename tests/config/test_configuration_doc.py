"""docs/configuration.md lists every key the config model accepts, and nothing else.

The model is walked recursively, so a key added to `helpgen/config/model.py` needs only its
row in the table. A section (a nested model with a default, such as `brand` or `feedback`)
gets a row per key (`brand.primary_color`); a value made of a model (`announcement`,
`contact`, `header_links`, `localized`) gets one row whose text names each of its keys.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path

from pydantic import BaseModel

from helpgen.config import Config

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _models(annotation) -> tuple[list[type[BaseModel]], list[type[BaseModel]]]:
    """(models the value may be itself, models inside a list or mapping of it)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation], []
    direct, inside = [], []
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    for arg in typing.get_args(annotation):
        sub_direct, sub_inside = _models(arg)
        direct += sub_direct if union else []
        inside += sub_inside + ([] if union else sub_direct)
    return direct, inside


def walk(model: type[BaseModel], prefix: str = "") -> tuple[set[str], set[str], dict[str, list]]:
    """(keys that need a row, sections that may have one, row key -> models its value holds)."""
    rows, sections, shapes = set(), set(), {}
    for name, field in model.model_fields.items():
        key = prefix + name
        direct, inside = _models(field.annotation)
        if direct and isinstance(field.default, BaseModel):
            sub_rows, sub_sections, sub_shapes = walk(direct[0], key + ".")
            rows |= sub_rows
            sections |= sub_sections | {key}
            shapes.update(sub_shapes)
            continue
        rows.add(key)
        if direct or inside:
            shapes[key] = direct + inside
    return rows, sections, shapes


def shape_names(models: list[type[BaseModel]], rows: set[str]) -> set[str]:
    """The keys of these models, and of the models inside them, down to keys that have a row of
    their own (`localized` names `contact`; the `contact` row names the keys of a channel)."""
    names = set()
    for model in models:
        for name, field in model.model_fields.items():
            names.add(name)
            if name not in rows:
                direct, inside = _models(field.annotation)
                names |= shape_names(direct + inside, rows)
    return names


def documented() -> dict[str, str]:
    """Each key named in the first cell of a row of the doc's table -> the text of its row."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = _CELL_SPLIT.split(line.strip())[1:-1]
        if len(cells) < 3 or set(cells[1].strip()) <= set("-: "):
            continue
        for key in re.findall(r"`([^`]+)`", cells[0]):
            rows[key] = line
    rows.pop("key", None)
    return rows


def _names(text: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


def test_the_walk_sees_sections_shapes_and_leaves():
    rows, sections, shapes = walk(Config)
    assert {
        "site_name",
        "brand.primary_color",
        "feedback.store",
        "feedback.rate_limit",
        "audit.checks",
    } <= rows
    assert {"brand", "feedback", "audit"} <= sections and "brand.primary_color" not in sections
    assert shape_names(shapes["contact"], rows) == {
        "hours",
        "channels",
        "name",
        "value",
        "url",
        "response_time",
    }
    assert shape_names(shapes["header_links"], rows) == {"title", "url"}
    assert {"announcement", "contact"} <= shape_names(shapes["localized"], rows)
    assert "response_time" not in shape_names(shapes["localized"], rows)  # the contact row names it


def test_every_key_of_the_model_has_a_row():
    rows, _, _ = walk(Config)
    assert sorted(rows - set(documented())) == []


def test_every_row_names_a_key_of_the_model():
    rows, sections, _ = walk(Config)
    assert sorted(set(documented()) - rows - sections) == []


def test_rows_of_values_made_of_a_model_name_each_of_its_keys():
    rows, _, shapes = walk(Config)
    doc = documented()
    missing = {
        key: sorted(n for n in shape_names(models, rows) if not _names(doc.get(key, ""), n))
        for key, models in shapes.items()
    }
    assert {key: names for key, names in missing.items() if names} == {}
