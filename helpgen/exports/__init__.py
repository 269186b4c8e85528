"""Stage 5: files for crawlers and agents.

- `sitemap`: sitemap.xml and robots.txt.
- `agents.write_agent_exports`: llms.txt, llms-full.txt, the markdown copies, articles.jsonl,
  chunks.jsonl, policies.json and `_schemas/` (docs/exports.md), from `markdown` (link
  rewriting), `sections` (chunks and FAQ pairs from the rendered HTML), `records`, `llms`
  and `policies`. `llms_check` is the strict llms.txt check the tests run.
"""
