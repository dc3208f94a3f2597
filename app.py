"""Entry point: ``streamlit run app.py``.

Imported by the server (``__name__ == "app"``), this file is the ASGI application: Streamlit's
own routes plus the two that keep a sign-in across page reloads (``auth.web``). Run by Streamlit
as the script of every session (``__name__ == "__main__"``), it routes to the pages. Each page
sets itself up (``ui.setup.page_setup``: sign-in, access, filters), so it is the same page
whether reached from here or directly from its own URL.
"""

import streamlit as st

if __name__ != "__main__":
    from auth.web import ROUTES
    from ui import run_times
    from ui.errors import on_script_error

    run_times.install()  # only with GM_RUN_TIMES set: the load benchmark's script times

    # an unexpected error: a sentence and a reference id on the page, the traceback in the log
    app = st.App(__file__, routes=ROUTES, on_script_error=on_script_error)
else:
    from ui.i18n import LANGUAGES, Labels
    from ui.nav import PAGES

    lang = st.session_state.get("f_lang") or st.query_params.get("lang", "zh")
    labels = Labels(lang if lang in LANGUAGES else "zh")
    navigation = st.navigation(
        [
            # no icon here: the navigation is hidden (the sidebar draws its own links), and a
            # :material/…: page icon becomes the tab's favicon, which the browser fetches from
            # fonts.gstatic.com: an outside request on every first load
            st.Page(
                page.path,
                title=labels(f"nav.{page.key}"),
                url_path=page.url_path,
                default=page.default,
            )
            for page in PAGES
        ],
        position="hidden",
    )
    navigation.run()
