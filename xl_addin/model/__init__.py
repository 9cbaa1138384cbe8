"""The report model: schema loading, JSON paths, the workbook layout, formulas, rule expansion,
finding records and their message templates. No I/O beyond reading the schema files."""
