"""The goal domain ("Mål"): periods and their yearly cycle, goals, goal owners, and the .xlsx
import (models.py, service.py, importer.py, forms.py).

Follow-up rounds about the goals live in intake.rounds; the staff pages for both are part of
the one staff blueprint (intake/staff/period_views.py, goal_views.py, round_views.py,
round_report_views.py), under /staff/maal.
"""
