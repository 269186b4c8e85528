"""`helpgen faq new` writes nothing through a link that leads out of content_dir (issue 19)."""

from __future__ import annotations

import os

import yaml

from helpgen.faq import find_topic
from tests.helpers import problem_lines

HINT = "(hint: remove the link: helpgen writes only inside the project)"


def every_value(topic: str) -> list[str]:
    """`--set` arguments giving each of the topic's values its documented example."""
    args = []
    for var in find_topic(topic).variables.values():
        if var.example is not None:
            value = yaml.safe_dump(var.example, default_flow_style=True, width=10_000).strip()
            args += ["--set", f"{var.name}={value.removesuffix('...').strip()}"]
    return args


def refused(target) -> str:
    return (
        f"error: content/faq/shipping.md: symbolic link to {target}, outside content/; "
        f"not written {HINT}"
    )


def test_faq_new_refuses_a_linked_folder_or_file_leading_out(tmp_path, make_site, run_cli):
    project = make_site(tmp_path / "shop", {"a.md": "A"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("ZQX-SECRET\n", encoding="utf-8")
    os.symlink(outside, project / "content" / "faq")
    code, _, err = run_cli("faq", "new", "shipping", project, *every_value("shipping"))
    assert code == 1
    assert problem_lines(err) == [refused(outside / "shipping.md")]
    assert [p.name for p in outside.iterdir()] == ["passwd"]

    (project / "content" / "faq").unlink()
    (project / "content" / "faq").mkdir()
    os.symlink(outside / "passwd", project / "content" / "faq" / "shipping.md")
    code, _, err = run_cli("faq", "new", "shipping", project, "--force", *every_value("shipping"))
    assert code == 1
    assert problem_lines(err) == [refused(outside / "passwd")]
    assert (outside / "passwd").read_text(encoding="utf-8") == "ZQX-SECRET\n"

    (project / "content" / "faq" / "shipping.md").unlink()  # a plain folder inside: written
    code, _, err = run_cli("faq", "new", "shipping", project, *every_value("shipping"))
    assert code == 0, err
    assert (project / "content" / "faq" / "shipping.md").is_file()
