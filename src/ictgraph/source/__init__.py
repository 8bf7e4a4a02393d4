"""The source text: normalised passages with stable ids, and the mentions they hold."""
