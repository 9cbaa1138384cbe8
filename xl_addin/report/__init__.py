"""The narrative report: content blocks from the data and the schema, DOCX, HTML, raw-XML
workarounds and LibreOffice rendering."""
