"""`helpgen audit` on the SendGrid docs corpus (473 real articles): its findings are real.

The spot-checks below were verified by hand in the corpus files: the line holds the link,
and the target article, file or heading does not exist (`#using-fastly` on the same line
does, and is not reported). Slow (one audit of the corpus for the module); skipped when
../shared/corpora is missing.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from helpgen.audit.json_report import SCHEMA
from tests.helpers import SHARED_CORPUS, copy_shared_corpus, run_helpgen

NO_SUCH = "no such article or file in the content folder"

pytestmark = pytest.mark.skipif(
    not (SHARED_CORPUS / "content").is_dir(), reason=f"{SHARED_CORPUS} is missing"
)


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    root = copy_shared_corpus(
        tmp_path_factory.mktemp("sendgrid-audit"), "site_name: SendGrid Docs\n"
    )
    code, out, err = run_helpgen(
        "audit", root, "--json", "--now", "2026-11-22", "--html", root / "audit.html"
    )
    return code, json.loads(out), err, root


def findings(report: dict, check: str) -> list[tuple]:
    return [
        (f["severity"], f["file"], f["line"], f["message"])
        for f in report["findings"]
        if f["check"] == check
    ]


def test_the_audit_runs_over_every_article_and_fails_on_its_broken_links(audited):
    code, report, err, root = audited
    assert code == 1 and "Traceback" not in err
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert report["articles"] == 473
    assert report["counts"]["error"] == report["checks"]["broken-link"] > 0
    assert (root / "audit.html").read_text(encoding="utf-8").count("<tr><td") == len(
        report["findings"]
    )


@pytest.mark.parametrize(
    "expected",
    [
        (
            "error",
            "content/for-developers/parsing-email/setting-up-the-inbound-parse-webhook.md",
            56,
            f"broken link '/images/Inbound_Parse_01_MX_Record.png': {NO_SUCH}",
        ),  # the corpus has no images at all
        (
            "error",
            "content/for-developers/partners/account-migration.md",
            23,
            "broken link "
            "'/User_Guide/Settings/Sender_authentication/"
            "How_to_set_up_domain_authentication.html': "
            f"{NO_SUCH}",
        ),  # an old URL of the site, not an article
        (
            "error",
            "content/for-developers/sending-email/using-handlebars.md",
            1296,
            f"broken link '/ui/sending-email/create-and-edit-transactional-templates/': {NO_SUCH}",
        ),  # only ...-legacy-... exists
        (
            "error",
            "content/ui/analytics-and-reporting/browser-comparison.md",
            54,
            f"broken link '/ui/analytics-and-reporting/subusers/': {NO_SUCH}",
        ),  # the article is subuser.md
    ],
)
def test_hand_verified_broken_links_are_reported_at_their_line(audited, expected):
    assert expected in findings(audited[1], "broken-link")


@pytest.mark.parametrize(
    "expected",
    [
        (
            "warning",
            "content/for-developers/sending-email/piesync.md",
            16,  # the heading's id is create-a-piesync-account
            "broken link '#-Create-a-PieSync-account': no heading or id "
            "'#-Create-a-PieSync-account' in this article",
        ),
        (
            "warning",
            "content/glossary/categories.md",
            34,  # its headings: Example, Limitations...
            "broken link '/for-developers/sending-email/categories#get': "
            "for-developers/sending-email/categories.md "
            "has no heading or id '#get'",
        ),
        (
            "warning",
            "content/ui/account-and-settings/how-to-set-up-link-branding.md",
            30,  # a typo: ## Using CloudFlare
            "broken link '/ui/sending-email/content-delivery-networks/#using-cloudFflare': "
            "ui/sending-email/content-delivery-networks.md has no heading or id "
            "'#using-cloudFflare'",
        ),
        (
            "warning",
            "content/ui/analytics-and-reporting/browser-comparison.md",
            53,  # the same link as on line 20, again
            "broken link '/ui/analytics-and-reporting/stats-overview/#statistics-filters': "
            "ui/analytics-and-reporting/stats-overview.md has no heading or id "
            "'#statistics-filters'",
        ),
    ],
)
def test_hand_verified_broken_anchors_are_reported_at_their_line(audited, expected):
    assert expected in findings(audited[1], "broken-anchor")


def test_a_broken_anchor_hints_at_the_id_it_meant(audited):
    hint = next(
        f["hint"]
        for f in audited[1]["findings"]
        if f["file"] == "content/for-developers/sending-email/piesync.md" and f["line"] == 16
    )
    assert hint.startswith("did you mean '#create-a-piesync-account'? ")


def test_links_that_resolve_are_not_reported(audited):
    reported = [
        m
        for _, f, _, m in findings(audited[1], "broken-link")
        + findings(audited[1], "broken-anchor")
        if f
        in (
            "content/ui/account-and-settings/how-to-set-up-link-branding.md",
            "content/for-developers/sending-email/using-handlebars.md",
        )
    ]
    assert not [m for m in reported if "#using-fastly" in m or "#using-keycdn" in m]
    assert not [
        m for m in reported if "how-to-send-an-email-with-dynamic-transactional-templates" in m
    ]


def test_every_root_relative_broken_link_names_a_path_the_corpus_does_not_have(audited):
    content = audited[3] / "content"
    for _, _, _, message in findings(audited[1], "broken-link"):
        path = re.match(r"broken link '/([^'#?]*)", message)
        if path is None:
            continue
        target = path.group(1).strip("/")
        candidates = [content / target, content / f"{target}.md", content / target / "index.md"]
        assert not any(c.is_file() for c in candidates), message


def test_front_matter_findings_are_the_builds_and_real(audited):
    report = audited[1]
    assert findings(report, "front-matter") == [
        (
            "warning",
            "content/glossary/fqdn.md",
            1,
            "front matter: opening line is '--', expected '---'",
        )
    ]
    assert (
        "warning",
        "content/for-developers/sending-email/authentication.md",
        4,  # seo.description, 37 characters
        "description is 37 characters long, outside 50–160",
    ) in findings(report, "description")
    assert (
        "warning",
        "content/ui/account-and-settings/password-reset-azure.md",
        6,  # title: ... via Azure
        "title is 61 characters long (over 60): search results cut it off",
    ) in findings(report, "title")
    assert (
        "warning",
        "content/ui/sending-email/senders.md",
        75,
        "unknown variable 'sender_name' (defined: root_url)",
    ) in findings(report, "variables")
