"""Organisational-life pages: meeting records (records.py), compliance and attendance (compliance.py)."""
