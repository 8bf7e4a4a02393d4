"""Subcommands of `ictgraph`: each module here defines `register(subparsers)` and lazy handlers."""
