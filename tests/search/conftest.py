"""A small help center, built once per module, and its search index."""

from __future__ import annotations

import pytest

from helpgen.search import index_dir_for, open_index
from tests.helpers import build_project, write_project

ARTICLES = {
    "orders/track-your-order.md": "---\ntitle: Where is my order?\n"
    "keywords: [wismo, tracking]\n---\n"
    "Use the tracking link in your shipping confirmation to follow your parcel.\n\n"
    "## Tracking statuses\n\nIn transit means the carrier has it.\n",
    "orders/cancel-an-order.md": "---\ntitle: Cancel an order\n---\n"
    "You can cancel an order within two hours.\n",
    "returns/refunds.md": "---\ntitle: When will I get my refund?\n"
    "description: Refund timing for returns.\n---\n"
    "Refunds reach your card within 5 days after we receive the return.\n\n"
    "Watch out: `<script>alert(1)</script>` & other `<b>tags</b>` in text.\n",
    "returns/start-a-return.md": "---\ntitle: How to start a return\n---\n"
    "Start a return from your account. "
    "We send a prepaid label; the refund follows.\n",
    "account/reset-password.md": "---\ntitle: Reset your password\n---\n"
    "Forgot your password? Use the reset link "
    "on the sign-in page.\n",
    "account/draft.md": "---\ntitle: Secret draft about passwords\ndraft: true\n---\n"
    "Unpublished zebracorn.\n",
    "account/agents.md": "---\ntitle: Agent notes on passwords\naudience: internal\n---\n"
    "Internal zebracorn macros.\n",
    "de/versand.md": "---\ntitle: Versand und Lieferung\nlang: de\n---\n"
    "Wir versenden Pakete innerhalb von zwei Tagen.\n",
}
CONFIG = {"search": {"synonyms": {"wismo": ["where is my parcel", "order status"]}}}


def build_fixture(root, files=None, config=None):
    project = write_project(root, files or ARTICLES, config or CONFIG)
    result = build_project(project)
    assert result.written, [str(p) for p in result.report.problems]
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_fixture(tmp_path_factory.mktemp("help"))


@pytest.fixture(scope="module")
def index(built):
    return open_index(index_dir_for(built.out))
