"""Helpers for the Streamlit app (app.py): HTML for answers, passages, letters and timelines."""
