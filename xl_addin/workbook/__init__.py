"""The standard workbook: templates built from the schema, filling, annotating, writing, and
reading a filled workbook back into report data."""
