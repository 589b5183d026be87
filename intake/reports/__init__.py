"""Documents made from a follow-up round: the yearly report to the political committee
("Status på erhvervspolitikken <år>") as PDF and DOCX, and the SVG charts they (and later the
public status page) draw.

- `charts.py`: status counts per focus area as SVG, its text alternative and table rows;
- `committee.py`: the report's content as plain data from a round (no markup, no files);
- `pdf.py`: the PDF, WeasyPrint from templates/reports/committee.html, tagged PDF/UA-1;
- `docx.py`: the DOCX, python-docx, real headings and tables, the chart as a PNG.

Round data is read only through intake.rounds.figures and intake.goals.
"""
