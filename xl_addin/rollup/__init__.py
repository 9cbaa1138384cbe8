"""The county's roll-up: the roster, distributing templates, collecting what comes back,
and the roll-up workbook."""
