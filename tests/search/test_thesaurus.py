"""The built-in thesaurus in both engines: customers' words find articles written in the store's."""

from __future__ import annotations

import pytest

from helpgen.search import index_dir_for, open_index
from tests.search.conftest import build_fixture
from tests.search.test_static import needs_node, run_node

ARTICLES = {
    "account/cancel-your-account.md": "---\ntitle: Cancel your account\n---\n"
    "To cancel, open Settings and choose "
    "Cancel account. Your subscription ends at the end of the billing period.\n",
    "account/account-review.md": "---\ntitle: Why is my account under review?\n---\n"
    "We review new accounts "
    "before they can send. A review of your account takes a day.\n",
    "orders/pause.md": "---\ntitle: Pause an order\n---\n"
    "Stop an order before it ships from the order page.\n",
}
QUESTION = "how do I close my account and stop paying"


@pytest.fixture(scope="module", params=[True, False], ids=["thesaurus", "no-thesaurus"])
def built(request, tmp_path_factory):
    config = {
        "search": {"thesaurus": request.param, "semantic": False}
    }  # the thesaurus' part alone
    return request.param, build_fixture(tmp_path_factory.mktemp("thesaurus"), ARTICLES, config)


def test_the_api_finds_the_article_in_the_customers_words(built):
    on, result = built
    hits = open_index(index_dir_for(result.out)).search(QUESTION, limit=3).results
    first = hits[0].url if hits else None
    assert (first == "/account/cancel-your-account/") is on


@needs_node
def test_the_browser_finds_it_too(built):
    on, result = built
    urls = run_node(
        """
const fs = require('fs'), path = require('path');
const load = (url) =>
  Promise.resolve(JSON.parse(fs.readFileSync(path.join(input.site, url.slice(1)), 'utf8')));
new s.Engine('/', load).search(input.q, 3, false)
  .then(h => process.stdout.write(JSON.stringify(h.map(x => x.url))));
""",
        {"site": str(result.out), "q": QUESTION},
    )
    assert (urls[:1] == ["/account/cancel-your-account/"]) is on
