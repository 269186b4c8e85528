"""Which requests are AI agents': counted apart from people in the statistics.

A request is an agent's when
- its user agent names a known AI crawler or assistant (`AI_AGENTS` below), or
- it asked for markdown: an article's markdown copy, by its URL or by `Accept: text/markdown`
  (helpgen.serve.negotiation), which no browser does, or
- it came through /mcp (helpgen.serve.remote_mcp).

crawlerdetect knows most of these user agents too, but as bots among every other bot,
which the statistics leave out; this short list picks out the ones that read a help center
for an AI model or for someone asking one. It is kept by hand from the operators' published
user agents: a product token is matched, case-insensitively, anywhere in the user agent.
"""

from __future__ import annotations

import re
from functools import lru_cache

AI_AGENTS = (
    # OpenAI: training crawler, ChatGPT fetching for a user, ChatGPT search
    "GPTBot",
    "ChatGPT-User",
    "OAI-SearchBot",
    # Anthropic: training crawler, Claude fetching for a user, Claude search; older tokens
    "ClaudeBot",
    "Claude-User",
    "Claude-SearchBot",
    "Claude-Web",
    "anthropic-ai",
    # Perplexity: search crawler, fetching for a user
    "PerplexityBot",
    "Perplexity-User",
    # Google's AI opt-out token (a robots.txt name, matched in case a fetcher sends it) and
    # Vertex AI's agent fetcher
    "Google-Extended",
    "Google-CloudVertexBot",
    # Common Crawl (most models' training data), ByteDance, Amazon, Apple's AI token, Meta
    "CCBot",
    "Bytespider",
    "Amazonbot",
    "Applebot-Extended",
    "meta-externalagent",
    "meta-externalfetcher",
    # Mistral, Cohere, DuckDuckGo's assistant, You.com
    "MistralAI-User",
    "cohere-ai",
    "DuckAssistBot",
    "YouBot",
)
_PATTERN = re.compile("|".join(re.escape(token) for token in AI_AGENTS), re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_ai_agent(user_agent: str) -> bool:
    """Whether a user agent names a known AI crawler or assistant (`AI_AGENTS`)."""
    return _PATTERN.search(user_agent) is not None


SOURCE_NAMES = {"server": "pages", "markdown": "markdown copies", "mcp": "MCP"}
"""How an agent's read came (an event's source), as the reports name it."""
