"""Importing existing beneficiaries from the SPEC §4 Excel template.

`columns` (the template's columns and how each cell is read) → `reader` (is it a real, small, formula-free
.xlsx with the right header?) → `validate` (every row against the law and the database, lookups loaded once) →
`save` (bulk writes in one transaction). `marked` returns the user's file with the errors marked; `template`
builds the downloadable template. The service entry points are in beneficiaries.services.imports.
"""
