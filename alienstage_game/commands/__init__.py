"""Subcommands of the ``alienstage`` command line, one module per area."""
