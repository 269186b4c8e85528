"""Stage 3: markdown to HTML (`render_markdown`), then whole pages from the theme (`pages`)."""
