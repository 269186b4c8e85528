// Run the browser's search engine (themes/default/static/search.js) under node against a
// built site's static index. Reads {"site": dir, "base": "/", "queries": [...], "limit": 10,
// "prefix": false} as JSON on stdin; prints {"results": [[url, ...], ...], "ms": [...]}.
// Used by bench/search_quality.py and bench/search_latency.py; node's standard library only.
'use strict';
const fs = require('fs');
const path = require('path');
const search = require(path.join(__dirname, '..', 'themes', 'default', 'static', 'search.js'));

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const bytes = {};
function load(url) {
  const rel = url.slice(input.base.length);
  const text = fs.readFileSync(path.join(input.site, rel), 'utf8');
  bytes[rel] = text.length;
  return Promise.resolve(JSON.parse(text));
}

(async () => {
  const out = { results: [], ms: [], files: [] };
  for (const q of input.queries) {
    const engine = new search.Engine(input.base, load);   // cold: as a fresh page would
    for (const k of Object.keys(bytes)) delete bytes[k];
    const t0 = process.hrtime.bigint();
    const hits = await engine.search(q, input.limit || 10, !!input.prefix);
    out.ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    out.results.push(hits.map((h) => h.url));
    out.files.push(Object.keys(bytes));
  }
  process.stdout.write(JSON.stringify(out));
})();
