"""`helpgen faq list/show/new`: topics, their variables, and every kind of bad value."""

from __future__ import annotations

import pytest
import yaml

from tests.helpers import problem_lines

METHODS = 'methods=[{name: Standard, days: "3-5", price: "€4.95"}]'


def test_list_names_every_topic_with_its_languages(run_cli):
    code, out, err = run_cli("faq", "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 15
    assert lines[0].split() == ["shipping", "Shipping", "and", "delivery", "[en,", "id]"]


def test_show_lists_variables_with_type_and_need(run_cli):
    code, out, _ = run_cli("faq", "show", "returns")
    assert code == 0
    assert "  return_window_days (number, required)" in out
    assert "  return_portal_url (url, optional, default None)" in out


def test_unknown_topic_is_a_usage_error_with_a_suggestion(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"a.md": "A"})
    code, _, err = run_cli("faq", "new", "shiping", str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert problem_lines(err) == [
        "error: unknown FAQ topic 'shiping' (topics: shipping, returns, order-tracking, order-changes, damaged-items, "
        "payments, holiday, contact, gift-returns, subscriptions, preorders, sizing, warranty, loyalty, "
        "marketplace-orders) (hint: did you mean 'shipping'? see `helpgen faq list`)"]


def test_missing_required_values_are_all_listed(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"a.md": "A"}, {"variables": {"store_name": "Acme", "support_email": "a@example.com"}})
    code, _, err = run_cli("faq", "new", "shipping", str(tmp_path), "--set", "methods=[]")
    assert code == 2
    lines = problem_lines(err)
    assert [line.split(" (hint:")[0].split(":", 3)[2].strip() for line in lines] == [
        "missing required value 'processing_days' (number)", "missing required value 'methods' (list)"]
    assert "hint: --set processing_days=1" in lines[0]
    assert not (tmp_path / "content" / "faq").exists()


@pytest.mark.parametrize("assignment, expected", [
    ("processing_days=two", "'processing_days' must be a number, got 'two'"),
    ("tracking_url=www.example.com", "'tracking_url' must be an http(s) URL, got 'www.example.com'"),
    ("carriers=DHL", "'carriers' must be a list, e.g. [DHL, UPS], got 'DHL'"),
    ("ships_internationally=maybe", "'ships_internationally' must be true or false, got 'maybe'"),
])
def test_wrong_types_are_refused(run_cli, make_site, tmp_path, assignment, expected):
    make_site(tmp_path, {"a.md": "A"}, {"variables": {"store_name": "Acme", "support_email": "a@example.com"}})
    code, _, err = run_cli("faq", "new", "shipping", str(tmp_path), "--set", "processing_days=1", "--set", METHODS,
                           "--set", assignment)
    assert code == 2 and "Traceback" not in err
    assert [line.split(" (hint:")[0] for line in problem_lines(err)] == [f"error: shipping: {expected}"]


def test_wrong_date_is_refused(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"a.md": "A"})
    code, _, err = run_cli("faq", "new", "holiday", str(tmp_path), "--set", "sale_start=next friday")
    assert code == 2
    assert any("must be a date like 2026-11-27, got 'next friday'" in line for line in problem_lines(err))


def test_new_writes_an_article_that_builds_with_values_from_the_config(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"a.md": "A"}, {"variables": {"store_name": "Acme", "support_email": "a@example.com"},
                                        "policies": {"processing_days": 2}})
    code, _, err = run_cli("faq", "new", "shipping", str(tmp_path), "--set", METHODS)
    assert code == 0, err
    article = (tmp_path / "content" / "faq" / "shipping.md").read_text(encoding="utf-8")
    front = yaml.safe_load(article.split("---")[1])
    assert front["type"] == "faq" and "{{" not in article and "{%" not in article
    assert "Acme" in article and "Standard" in article
    code, _, err = run_cli("build", "--strict", str(tmp_path))
    assert code == 0, err
    assert (tmp_path / "site" / "faq" / "shipping" / "index.html").is_file()


def test_new_refuses_to_overwrite_without_force(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"faq/shipping.md": "Mine."}, {"variables": {"store_name": "Acme", "support_email": "a@example.com"}})
    args = ("faq", "new", "shipping", str(tmp_path), "--set", "processing_days=1", "--set", METHODS)
    code, _, err = run_cli(*args)
    assert code == 1
    assert problem_lines(err) == ["error: content/faq/shipping.md exists already; nothing was written "
                                  "(hint: --force replaces it)"]
    assert (tmp_path / "content" / "faq" / "shipping.md").read_text() == "Mine."
    assert run_cli(*args, "--force")[0] == 0


def test_another_language_goes_under_its_folder(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"a.md": "A"}, {"variables": {"store_name": "Toko Acme", "support_email": "a@example.com"}})
    code, _, err = run_cli("faq", "new", "shipping", str(tmp_path), "--lang", "id", "--set", "processing_days=1",
                           "--set", 'methods=[{name: Reguler, days: "2-4", price: "Rp25.000"}]')
    assert code == 0, err
    assert "Toko Acme" in (tmp_path / "content" / "id" / "faq" / "shipping.md").read_text(encoding="utf-8")


def test_bad_set_syntax(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"a.md": "A"})
    code, _, err = run_cli("faq", "new", "shipping", str(tmp_path), "--set", "processing_days")
    assert (code, problem_lines(err)) == (2, ["error: --set processing_days: write KEY=VALUE"])
