"""FAQ templates: ready-made e-commerce FAQ pages filled with a store's own values.

`faq_templates/schema.yml` describes each topic's variables; `load_topics` reads it,
`check_values` validates values against it, and `render_topic` fills the Jinja2 template
`faq_templates/<lang>/<topic>.md.j2` into a helpgen article (`helpgen faq new`). A value
that changes what a shopper pays or may return is required; a default that states a policy
(`Variable.assumed`) is printed by the command and listed in the article's `assumed:` key.
"""

from helpgen.faq.generate import output_path, render_topic, write_article
from helpgen.faq.schema import (
    Topic,
    Variable,
    assumed_defaults,
    check_values,
    find_topic,
    load_category,
    load_topics,
)

__all__ = [
    "Topic",
    "Variable",
    "assumed_defaults",
    "check_values",
    "find_topic",
    "load_category",
    "load_topics",
    "output_path",
    "render_topic",
    "write_article",
]
