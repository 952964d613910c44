"""One module per diagram kind, named as in :data:`specmaid.kinds.registry.KINDS`: its
``project(doc)`` says what the kind draws (see :mod:`specmaid.diff.projection`), and an
optional ``highlight(...)`` marks changes in the rendered Mermaid text."""
