"""Emergency aid exports (issue 5): the incident summary workbook and the village lists (forms 5a/5b)."""
