"""helpgen inside an MkDocs (or ProperDocs) site: feedback block, JSON-LD, search index, AI exports.

`plugins: [helpgen]` in mkdocs.yml (install `helpgen-help-center[mkdocs]`). The plugin (`plugin.py`,
MkDocs' plugin API only) hands each page to helpgen's own stages through `bridge.py`:
content and render for the article, render for the feedback block and JSON-LD, search
for the index, exports for llms.txt and the JSONL files. Nothing here re-implements them.
"""
