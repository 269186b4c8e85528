"""FAQ templates: ready-made e-commerce FAQ pages filled with a store's own values.

`faq_templates/schema.yml` describes each topic's variables; `load_topics` reads it,
`check_values` validates values against it, and `render_topic` fills the Jinja2 template
`faq_templates/<lang>/<topic>.md.j2` into a helpgen article (`helpgen faq new`).
"""

from helpgen.faq.generate import output_path, render_topic
from helpgen.faq.schema import Topic, Variable, check_values, find_topic, load_topics

__all__ = ["Topic", "Variable", "check_values", "find_topic", "load_topics", "output_path", "render_topic"]
