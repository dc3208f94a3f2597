"""The assessment committee's scoring workflow (issue 13): rubric, month sheets, sign-off.

``scoring.store`` keeps the workflow in the app database; ``scoring.sheet`` joins a month's
evidence (``models.workers``), the rubric's proposals (``metrics.rubric``) and the stored
scores; ``scoring.export`` writes the signed sheet for the registry (XLSX) and the file (PDF).
No Streamlit here.
"""
