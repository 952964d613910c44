"""specmaid: declarative YAML specs rendered to Mermaid through Jinja2 templates."""

__version__ = "0.1.0"
