"""Stage 5: files for crawlers and agents: sitemap, robots.txt, redirects (more to come)."""
