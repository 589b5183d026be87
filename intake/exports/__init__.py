"""Exports: sign-ups as typed rows (a pure function), written as an Excel workbook or CSV.

Rows are plain Python values (str, int, float, date, datetime, None); the writers decide
how each type looks in the file. Nothing in a cell is ever interpreted: no formulas, no
links, no numbers guessed from text.
"""
