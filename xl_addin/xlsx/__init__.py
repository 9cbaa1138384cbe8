"""The OOXML package: checking a file before any parser touches it, and reading its cells
with the standard library."""
