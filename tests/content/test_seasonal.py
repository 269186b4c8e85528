"""Seasonal articles (valid_from / valid_until) and dated banners, made deterministic by --now."""

from __future__ import annotations

import pytest

from tests.helpers import problem_lines

HOLIDAY = (
    "---\ntitle: Holiday cut-offs\nvalid_from: 2026-11-01\nvalid_until: "
    "2027-01-10\n---\nOrder by Dec 18.\n"
)
BANNER = {"announcement": {"text": "Holiday shipping dates", "article": "holiday"}}


@pytest.mark.parametrize(
    "now, present",
    [("2026-10-31", False), ("2026-11-01", True), ("2027-01-10", True), ("2027-01-11", False)],
)
def test_page_and_banner_follow_the_window(tmp_path, make_site, run_cli, now, present):
    make_site(tmp_path, {"holiday.md": HOLIDAY, "other.md": "Other."}, BANNER)
    code, _, err = run_cli("build", str(tmp_path), "--now", now)
    assert code == 0, err
    site = tmp_path / "site"
    assert (site / "holiday" / "index.html").is_file() is present
    home = (site / "index.html").read_text(encoding="utf-8")
    assert ('<a href="/holiday/">Holiday shipping dates</a>' in home) is present
    assert ("holiday/" in (site / "sitemap.xml").read_text(encoding="utf-8")) is present


def test_expired_kept_with_a_notice_when_configured(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"holiday.md": HOLIDAY}, {"seasonal": {"expired": "notice"}})
    code, _, err = run_cli("build", str(tmp_path), "--now", "2027-02-01")
    assert code == 0, err
    page = (tmp_path / "site" / "holiday" / "index.html").read_text(encoding="utf-8")
    assert (
        "This article is out of date: it applied until January 10, 2027." in page
    )  # the date as the language writes it
    assert '<meta name="robots" content="noindex">' in page
    assert "holiday/" not in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    code, _, _ = run_cli(
        "build", str(tmp_path), "--now", "2026-10-01"
    )  # not yet valid: never shown
    assert not (tmp_path / "site" / "holiday").exists()


def test_in_season_has_no_notice(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"holiday.md": HOLIDAY}, {"seasonal": {"expired": "notice"}})
    run_cli("build", str(tmp_path), "--now", "2026-12-01")
    page = (tmp_path / "site" / "holiday" / "index.html").read_text(encoding="utf-8")
    assert "This article is out of date" not in page and "noindex" not in page


def test_bad_now_is_a_usage_error(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "A"})
    code, _, err = run_cli("build", str(tmp_path), "--now", "tomorrow")
    assert (
        code == 2
        and "Traceback" not in err
        and "'tomorrow' does not match the format '%Y-%m-%d'" in err
    )


def test_bad_seasonal_mode_is_a_config_error(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "A"}, {"seasonal": {"expired": "archive"}})
    code, _, err = run_cli("build", str(tmp_path))
    assert code == 2
    assert problem_lines(err) == [
        "error: helpgen.yml:4: config: 'seasonal.expired': Input should be 'hide' or 'notice'"
    ]
