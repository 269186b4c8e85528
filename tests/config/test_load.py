"""helpgen.yml problems: each one exact, with its line, a hint and exit code 2, never a
traceback."""

from __future__ import annotations

import re

import pytest

from helpgen.config import Config, load_project
from helpgen.config.model import Brand
from helpgen.errors import ConfigError
from tests.helpers import problem_lines

# the hint lists the model's keys: taken from the model, so adding a config key does not break the
# test
KNOWN_KEYS = ", ".join(sorted(Config.model_fields))


def assert_config_error(run_cli, project, expected: list[str]):
    code, out, err = run_cli("build", project)
    assert "Traceback" not in err
    assert problem_lines(err) == expected
    assert code == 2
    assert not (project / "site").exists()


def test_malformed_yaml_names_line_and_column_with_a_hint(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nvariables: {store: Acme\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:2:12: config: the mapping opened with '{' here is not closed "
            "(hint: close it with '}', as in {title: Refunds}, or quote the value)",
        ],
    )


def test_colon_in_unquoted_value_points_at_the_colon(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Help: the shop\n")
    code, _, err = run_cli("build", tmp_path)
    assert code == 2 and "Traceback" not in err
    [line] = problem_lines(err)
    assert re.fullmatch(
        r"error: helpgen\.yml:1:16: config: mapping values are not allowed (here|in this context) "
        r"\(hint: quote the value, e\.g\. title: \"Shipping: how long\?\"\)",
        line,
    ), line


def config_problems(project) -> list:
    with pytest.raises(ConfigError) as info:
        load_project(project)
    return info.value.problems


def test_colon_in_unquoted_value_gets_the_quote_hint(tmp_path, make_site):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Help: the shop\n")
    [problem] = config_problems(tmp_path)
    assert problem.hint == 'quote the value, e.g. title: "Shipping: how long?"'


def test_tab_indentation_gets_the_tabs_hint(tmp_path, make_site):
    make_site(
        tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nbrand:\n\tprimary_color: '#000000'\n"
    )
    [problem] = config_problems(tmp_path)
    assert problem.hint == "indent with spaces, not tabs"


def test_unknown_key_suggests_the_close_one(tmp_path, make_site, run_cli):
    make_site(
        tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nsite_urll: https://help.example.com/\n"
    )
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:2: config: unknown key 'site_urll' (hint: did you mean "
            f"'site_url'? known keys: {KNOWN_KEYS})",
        ],
    )


def test_unknown_nested_key_suggests_from_its_own_section(tmp_path, make_site, run_cli):
    make_site(
        tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nbrand:\n  primary_colour: '#112233'\n"
    )
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: unknown key 'brand.primary_colour' (hint: did you mean "
            "'primary_color'? "
            f"known keys: {', '.join(sorted(Brand.model_fields))})",
        ],
    )


def test_wrong_type(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Test Help\n\ntoc_min_headings: lots\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: 'toc_min_headings': Input should be a valid integer, "
            "unable to parse string as an integer",
        ],
    )


def test_bad_value_from_a_validator(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nbrand:\n  primary_color: green\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: 'brand.primary_color': must be a hex colour like "
            "#1d4ed8",
        ],
    )


def test_every_problem_is_listed_at_once(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {"a.md": "Hi"},
        "site_name: Test Help\nlanguage: English\nsite_url: help.example.com\n",
    )
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: 'site_url': must be an absolute http(s) URL like "
            "https://help.example.com/",
            "error: helpgen.yml:2: config: 'language': must be a language code like en, id or "
            "pt-BR",
        ],
    )


def test_missing_site_name(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_url: https://help.example.com/\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:1: config: 'site_name' is required (hint: add `site_name: ...`)",
        ],
    )


def test_empty_config_file(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "# nothing yet\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:1: config: expected `key: value` lines, starting with site_name: "
            "...",
        ],
    )


def test_missing_helpgen_yml(tmp_path, run_cli):
    (tmp_path / "content").mkdir()
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    assert problem_lines(err) == [
        f"error: {tmp_path}: no helpgen.yml here (hint: run `helpgen init {tmp_path}`, or pass the "
        "project folder)",
    ]
    assert code == 2


def test_missing_project_directory(tmp_path, run_cli):
    missing = tmp_path / "nowhere"
    code, _, err = run_cli("build", missing)
    assert problem_lines(err) == [
        f"error: {missing}: no such project directory (hint: run `helpgen init {missing}` to "
        "create one)",
    ]
    assert code == 2 and "Traceback" not in err


def test_missing_content_dir(tmp_path, run_cli):
    (tmp_path / "helpgen.yml").write_text(
        "site_name: Test Help\ncontent_dir: articles\n", encoding="utf-8"
    )
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err) == [
        f"error: helpgen.yml: content_dir 'articles' does not exist "
        f"(hint: create {tmp_path.resolve() / 'articles'} or fix content_dir)",
    ]
    assert code == 2 and "Traceback" not in err


def test_missing_theme_dir(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, {"theme_dir": "my-theme"})
    assert_config_error(
        run_cli, tmp_path, ["error: helpgen.yml: theme_dir 'my-theme' does not exist"]
    )


def test_config_not_utf8(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"})
    (tmp_path / "helpgen.yml").write_bytes(b"site_name: Caf\xe9 Help\n")
    assert_config_error(
        run_cli, tmp_path, ["error: helpgen.yml: not UTF-8 text (byte 14); save it as UTF-8"]
    )


# in-process: the same problems reach callers as a ConfigError with exit code 2


def test_load_project_fills_defaults_and_resolves_paths(tmp_path, make_site):
    make_site(tmp_path, {"a.md": "Hi"}, {"site_url": "https://help.example.com/docs"})
    project = load_project(tmp_path)
    assert project.config.site_name == "Test Help"
    assert project.config.site_url == "https://help.example.com/docs/"
    assert project.config.language == "en"
    assert project.content_dir == (tmp_path / "content").resolve()
    assert project.output_dir == (tmp_path / "site").resolve()
    assert project.cache_dir == tmp_path.resolve() / ".helpgen"
    assert project.feedback_endpoint == "/api/feedback"


def test_load_project_accepts_the_config_file_itself(tmp_path, make_site):
    make_site(tmp_path, {"a.md": "Hi"})
    assert load_project(tmp_path / "helpgen.yml").root == tmp_path.resolve()


@pytest.mark.parametrize(
    "feedback, endpoint",
    [
        ({"endpoint": False}, None),
        (False, None),
        (True, "/api/feedback"),
        ({"endpoint": "https://x.example/fb"}, "https://x.example/fb"),
    ],
)
def test_feedback_endpoint(tmp_path, make_site, feedback, endpoint):
    make_site(tmp_path, {"a.md": "Hi"}, {"feedback": feedback})
    assert load_project(tmp_path).feedback_endpoint == endpoint


def test_load_project_raises_config_error(tmp_path, make_site):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: ''\n")
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    assert info.value.exit_code == 2
    assert [str(p) for p in config_problems(tmp_path)] == [
        "helpgen.yml:1: config: 'site_name': String should have at least 1 character",
    ]


@pytest.mark.parametrize("pattern", ["{name} - {site_name}", "{title} {"])
def test_bad_title_pattern_is_a_config_error(tmp_path, make_site, run_cli, pattern):
    make_site(tmp_path, {"a.md": "# A\n"}, {"title_pattern": pattern})
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    assert code == 2
    [line] = problem_lines(err)
    assert line.startswith("error: helpgen.yml:3: config: 'title_pattern': ")


def test_title_pattern_is_used(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "# Refunds\n"}, {"title_pattern": "{site_name} – {title}"})
    build_site(tmp_path)
    assert "<title>Test Help – Refunds</title>" in (
        tmp_path / "site" / "a" / "index.html"
    ).read_text(encoding="utf-8")


def test_missing_custom_css_is_a_config_error(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "A"}, {"custom_css": "brand.css"})
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err)[0].startswith("error: helpgen.yml: custom_css 'brand.css' ")
    assert code == 2


def test_custom_css_is_appended_to_the_stylesheet(tmp_path, make_site, build_site):
    make_site(
        tmp_path, {"a.md": "A"}, {"custom_css": "brand.css", "brand": {"primary_color": "#123ABC"}}
    )
    (tmp_path / "brand.css").write_text(
        ".hg-card { border-radius: 0 } /* mine */\n", encoding="utf-8"
    )
    build_site(tmp_path)
    [css] = (tmp_path / "site" / "_helpgen").glob("helpgen.*.css")
    text = css.read_text(encoding="utf-8")
    assert text.startswith(":root{--hg-primary:#123abc;")
    assert text.endswith(".hg-card{border-radius:0}")  # last, so it wins; minified like the rest


def test_a_semantic_switch_that_is_not_yes_no_or_auto_is_a_config_error(
    tmp_path, make_site, run_cli
):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nsearch:\n  semantic: maybe\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: 'search.semantic': Input should be True, False or "
            "'auto'",
        ],
    )


def test_a_thesaurus_switch_that_is_not_yes_or_no_is_a_config_error(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nsearch:\n  thesaurus: sometimes\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: 'search.thesaurus': Input should be a valid boolean, "
            "unable to interpret input",
        ],
    )


COMMENT_HINT = (
    "YAML reads an unquoted # as the start of a comment, so the value is empty: quote it, as in"
)


def test_an_unquoted_colour_read_as_a_comment_gets_a_hint_to_quote_it(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nbrand:\n  primary_color: #1d4ed8\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: 'brand.primary_color': Input should be a valid string "
            f'(hint: {COMMENT_HINT} primary_color: "#1d4ed8")',
        ],
    )


@pytest.mark.parametrize(
    "config, expected",
    [
        ("brand: {logo: x.svg}\nbrand2: 1\n", None),  # not null: the usual hint
        ("feedback:\n  store:   #votes.sqlite  \n", f'{COMMENT_HINT} store: "#votes.sqlite"'),
        ("title_pattern: #{title}\n", f'{COMMENT_HINT} title_pattern: "#{{title}}"'),
        ("site_name: #1 Shop\n", f'{COMMENT_HINT} site_name: "#1 Shop"'),
    ],
)
def test_any_null_value_followed_by_a_comment_gets_the_hint(tmp_path, config, expected):
    text = config if config.startswith("site_name") else "site_name: Test Help\n" + config
    (tmp_path / "content").mkdir()
    (tmp_path / "helpgen.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project(tmp_path)
    hints = [p.hint for p in caught.value.problems]
    if expected:
        assert expected in hints, hints
    else:
        assert not any(h and COMMENT_HINT in h for h in hints), hints


def test_a_negative_mcp_rate_limit_is_refused(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "Hi"}, "site_name: Test Help\nserver:\n  mcp_rate_limit: -5\n")
    assert_config_error(
        run_cli,
        tmp_path,
        [
            "error: helpgen.yml:3: config: 'server.mcp_rate_limit': Input should be greater than "
            "or equal to 0",
        ],
    )
