"""Sources of report data: a JSON data file or a filled workbook (and published reports),
turned into report data."""
