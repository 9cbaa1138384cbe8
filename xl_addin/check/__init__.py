"""Checking report data: the rule kinds of the schemas' ``x-rules`` (the table rules here, the
narrative checks in ``check.text``), the validator, and the one read -> validate -> locate step
used by the CLI, the server and the roll-up."""
