"""Bringing clusters and their plants in from a spreadsheet (.xlsx or .csv)."""
