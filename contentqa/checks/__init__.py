"""Python rules, one module per concern. Each rule is a `Rule` subclass whose docstring is its docs."""
