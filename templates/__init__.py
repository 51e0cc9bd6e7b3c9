"""Built-in templates, installed as the `confkit.default_templates` package (see pyproject.toml)."""
