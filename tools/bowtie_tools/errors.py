"""The one error type a user sees: a single line naming what is wrong and what to do."""


class UserError(Exception):
    """A problem with the user's input (file, folder, setting) rather than a bug.

    The CLI prints ``bowtie-tools: <message>`` on one line and exits with status 1; no stack
    trace. Raise it at the edge (loading files, reading config), never deep in numeric code.
    """
