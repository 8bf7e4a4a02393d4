"""The one exception type subcommands raise for mistakes a user can fix."""


class UserError(Exception):
    """An error the user can fix: printed as one line, without a traceback, exit status 2."""
