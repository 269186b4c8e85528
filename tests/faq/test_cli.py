"""`helpgen faq list/show/new`: topics, their variables, and every kind of bad value."""

from __future__ import annotations

import shlex

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
        "error: unknown FAQ topic 'shiping' (topics: shipping, returns, order-tracking, "
        "order-changes, damaged-items, "
        "payments, holiday, contact, gift-returns, subscriptions, preorders, sizing, warranty, "
        "loyalty, "
        "marketplace-orders) (hint: did you mean 'shipping'? see `helpgen faq list`)"
    ]


def test_missing_required_values_are_all_listed(run_cli, make_site, tmp_path):
    make_site(
        tmp_path,
        {"a.md": "A"},
        {"variables": {"store_name": "Acme", "support_email": "a@example.com"}},
    )
    code, _, err = run_cli("faq", "new", "shipping", str(tmp_path), "--set", "methods=[]")
    assert code == 2
    lines = problem_lines(err)
    assert [line.split(" (hint:")[0].split(":", 3)[2].strip() for line in lines] == [
        "missing required value 'processing_days' (number)",
        "missing required value 'methods' (list)",
        "2 required values missing",
    ]
    assert lines[2].endswith(
        f"(hint: helpgen faq new shipping {tmp_path} --set processing_days=1 "
        "--set 'methods=[{name: Standard, days: 3-5, price: €4.95}, "
        "{name: Express, days: 1-2, price: €9.95}]')"
    )
    assert not (tmp_path / "content" / "faq").exists()


RETURNS_GIVEN = (
    "--set",
    "return_window_days=30",
    "--set",
    "condition_rules=[unworn]",
    "--set",
    "refund_method=original_payment",
    "--set",
    "refund_processing_days=5",
)


def test_returns_requires_what_changes_what_a_shopper_pays_or_may_return(
    run_cli, make_site, tmp_path
):
    """Who pays return shipping, fees, exchanges and non-returnable items are never guessed."""
    make_site(
        tmp_path,
        {"a.md": "A"},
        {"variables": {"store_name": "Acme", "support_email": "a@example.com"}},
    )
    code, _, err = run_cli("faq", "new", "returns", str(tmp_path), "--lang", "en", *RETURNS_GIVEN)
    assert code == 2 and "Traceback" not in err
    lines = problem_lines(err)
    assert [line.split(":")[2].strip() for line in lines[:-1]] == [
        "missing required value 'non_returnable_items' (list, or none)",
        "missing required value 'return_shipping' (one of customer, store)",
        "missing required value 'restocking_fee' (an amount, or none)",
        "missing required value 'exchanges_offered' (boolean)",
    ]
    assert lines[-1].startswith(
        "error: returns: 4 required values missing (hint: helpgen faq new returns "
    )
    assert not (tmp_path / "content" / "faq").exists()
    # the hint is one line that a shell runs as it is
    command = shlex.split(lines[-1].split("(hint: ", 1)[1][:-1])
    assert command[:5] == ["helpgen", "faq", "new", "returns", str(tmp_path)]
    assert command[-8:] == [
        "--set",
        "non_returnable_items=[gift cards, underwear and socks for hygiene reasons, "
        "items marked as final sale]",
        "--set",
        "return_shipping=customer",
        "--set",
        "restocking_fee=none",
        "--set",
        "exchanges_offered=true",
    ]
    code, _, err = run_cli(*command[1:])
    assert code == 0, err
    article = (tmp_path / "content" / "faq" / "returns.md").read_text(encoding="utf-8")
    assert "return shipping is at your own cost" in article
    assert "don't charge a restocking fee" in article
    assert "returns are free" not in article and "Every item can be returned" not in article


def test_none_says_that_nothing_is_excluded(run_cli, make_site, tmp_path):
    make_site(
        tmp_path,
        {"a.md": "A"},
        {"variables": {"store_name": "Acme", "support_email": "a@example.com"}},
    )
    code, _, err = run_cli(
        "faq",
        "new",
        "returns",
        str(tmp_path),
        *RETURNS_GIVEN,
        "--set",
        "non_returnable_items=none",
        "--set",
        "return_shipping=store",
        "--set",
        "restocking_fee=€5",
        "--set",
        "exchanges_offered=false",
    )
    assert code == 0, err
    article = (tmp_path / "content" / "faq" / "returns.md").read_text(encoding="utf-8")
    assert "Every item can be returned" in article and "return shipping is free" in article
    assert "restocking fee of €5" in article and "We don't offer direct exchanges" in article
    assert "proof of postage" not in article


def test_a_choice_outside_its_values_is_refused(run_cli, make_site, tmp_path):
    make_site(
        tmp_path,
        {"a.md": "A"},
        {"variables": {"store_name": "Acme", "support_email": "a@example.com"}},
    )
    code, _, err = run_cli(
        "faq",
        "new",
        "returns",
        str(tmp_path),
        *RETURNS_GIVEN,
        "--set",
        "non_returnable_items=none",
        "--set",
        "return_shipping=free",
        "--set",
        "restocking_fee=none",
        "--set",
        "exchanges_offered=false",
    )
    assert code == 2
    assert problem_lines(err) == [
        "error: returns: 'return_shipping' must be one of customer, store, got 'free' "
        "(hint: for example --set return_shipping=customer)"
    ]


def test_defaults_stating_a_policy_are_printed_and_marked_in_the_file(run_cli, make_site, tmp_path):
    make_site(
        tmp_path,
        {"a.md": "A"},
        {"variables": {"store_name": "Acme", "support_email": "a@example.com"}},
    )
    code, _, err = run_cli(
        "faq",
        "new",
        "shipping",
        str(tmp_path),
        "--set",
        "processing_days=1",
        "--set",
        METHODS,
        "--set",
        "ships_internationally=true",
    )
    assert code == 0, err
    assert [line for line in err.splitlines() if line.startswith("assumed: ")] == [
        "assumed: no free shipping (free_shipping_threshold not set); change with "
        "--set 'free_shipping_threshold=€75'",
        "assumed: prices abroad do not include customs duties and import taxes "
        "(duties_included=false); "
        "change with --set duties_included=true",
    ]
    article = (tmp_path / "content" / "faq" / "shipping.md").read_text(encoding="utf-8")
    front = yaml.safe_load(article.split("---")[1])
    assert front["assumed"] == {"free_shipping_threshold": None, "duties_included": False}
    code, _, err = run_cli("build", "--strict", str(tmp_path))
    assert code == 0, err
    page = (tmp_path / "site" / "faq" / "shipping" / "index.html").read_text(encoding="utf-8")
    assert "The shipping cost is shown at checkout" in page
    assert "assumed" not in page and "duties_included" not in page
    # given values leave nothing assumed
    code, _, err = run_cli(
        "faq",
        "new",
        "shipping",
        str(tmp_path),
        "--force",
        "--set",
        "processing_days=1",
        "--set",
        METHODS,
        "--set",
        "ships_internationally=false",
        "--set",
        "duties_included=false",
        "--set",
        "free_shipping_threshold=€50",
    )
    assert code == 0, err
    assert "assumed" not in err
    assert "assumed" not in (tmp_path / "content" / "faq" / "shipping.md").read_text("utf-8")


def test_a_new_folder_gets_a_category_file_in_the_article_language(run_cli, make_site, tmp_path):
    make_site(
        tmp_path,
        {"a.md": "A"},
        {"variables": {"store_name": "Acme", "support_email": "a@example.com"}},
    )
    for lang in ("en", "id"):
        code, _, err = run_cli(
            "faq",
            "new",
            "order-tracking",
            str(tmp_path),
            "--lang",
            lang,
            "--set",
            "processing_days=1",
        )
        assert code == 0, err
    folder = tmp_path / "content" / "faq"
    assert yaml.safe_load((folder / "_category.yml").read_text(encoding="utf-8")) == {
        "title": "Frequently asked questions",
        "description": "Short answers to the questions we hear most: shipping, returns, payments "
        "and more.",
    }
    assert (
        yaml.safe_load(
            (tmp_path / "content" / "id" / "faq" / "_category.yml").read_text(encoding="utf-8")
        )["title"]
        == "Pertanyaan Umum"
    )
    assert err.splitlines() == [
        "wrote content/id/faq/order-tracking.md",
        "wrote content/id/faq/_category.yml",
    ]
    code, _, err = run_cli("build", "--strict", str(tmp_path))
    assert code == 0, err
    page = (tmp_path / "site" / "faq" / "index.html").read_text(encoding="utf-8")
    assert "Frequently asked questions" in page
    # a folder that exists keeps its own category file, or its lack of one
    (tmp_path / "content" / "faq" / "_category.yml").write_text("title: Mine\n", encoding="utf-8")
    (tmp_path / "content" / "id" / "faq" / "_category.yml").unlink()
    for lang in ("en", "id"):
        assert (
            run_cli(
                "faq",
                "new",
                "preorders",
                str(tmp_path),
                "--lang",
                lang,
                "--set",
                "preorder_charge=at_order",
                "--set",
                "preorder_cancellable=true",
            )[0]
            == 0
        )
    assert (tmp_path / "content" / "faq" / "_category.yml").read_text("utf-8") == "title: Mine\n"
    assert not (tmp_path / "content" / "id" / "faq" / "_category.yml").exists()


def test_new_writes_an_article_that_builds_with_values_from_the_config(
    run_cli, make_site, tmp_path
):
    make_site(
        tmp_path,
        {"a.md": "A"},
        {
            "variables": {"store_name": "Acme", "support_email": "a@example.com"},
            "policies": {"processing_days": 2},
        },
    )
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
    make_site(
        tmp_path,
        {"faq/shipping.md": "Mine."},
        {"variables": {"store_name": "Acme", "support_email": "a@example.com"}},
    )
    args = ("faq", "new", "shipping", str(tmp_path), "--set", "processing_days=1", "--set", METHODS)
    code, _, err = run_cli(*args)
    assert code == 1
    assert problem_lines(err) == [
        "error: content/faq/shipping.md exists already; nothing was written "
        "(hint: --force replaces it)"
    ]
    assert (tmp_path / "content" / "faq" / "shipping.md").read_text() == "Mine."
    assert run_cli(*args, "--force")[0] == 0


def test_another_language_goes_under_its_folder(run_cli, make_site, tmp_path):
    make_site(
        tmp_path,
        {"a.md": "A"},
        {"variables": {"store_name": "Toko Acme", "support_email": "a@example.com"}},
    )
    code, _, err = run_cli(
        "faq",
        "new",
        "shipping",
        str(tmp_path),
        "--lang",
        "id",
        "--set",
        "processing_days=1",
        "--set",
        'methods=[{name: Reguler, days: "2-4", price: "Rp25.000"}]',
    )
    assert code == 0, err
    assert "Toko Acme" in (tmp_path / "content" / "id" / "faq" / "shipping.md").read_text(
        encoding="utf-8"
    )


def test_bad_set_syntax(run_cli, make_site, tmp_path):
    make_site(tmp_path, {"a.md": "A"})
    code, _, err = run_cli("faq", "new", "shipping", str(tmp_path), "--set", "processing_days")
    assert (code, problem_lines(err)) == (2, ["error: --set processing_days: write KEY=VALUE"])
