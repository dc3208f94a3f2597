"""The column formats of every table the app draws or writes (plain Python, no Streamlit): the
on-screen tables and downloads (``ui.table``) and the weekly brief's files (``brief.render``)."""

#: fmt → (on-screen number format, Excel number format)
FORMATS: dict[str, tuple[str | None, str | None]] = {
    "text": (None, None),
    "int": ("localized", "#,##0"),
    # "%d", not "plain": Streamlit draws some integers in "plain" as 981.9999999999
    "id": ("%d", "0"),
    "ratio": ("percent", "0.0%"),
    "score": ("%.2f", "0.00"),
    "hours": ("%.1f", "#,##0.0"),
    # a span of whole hours: text on screen ("3 天 5 小时", ``Column.shown``), hours in downloads
    "duration": (None, "#,##0"),
    "date": ("YYYY-MM-DD", "yyyy-mm-dd"),
    "datetime": ("YYYY-MM-DD HH:mm", "yyyy-mm-dd hh:mm"),
    "change_int": ("%+d", "+#,##0;-#,##0;0"),
    "change_score": ("%+.2f", "+0.00;-0.00;0.00"),
    "change_ratio": ("percent", "+0.0%;-0.0%;0.0%"),
}
