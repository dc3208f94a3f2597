"""A test server whose page fails with an unexpected error, handled as ``app.py`` handles it
(``ui.errors.on_script_error``)."""

import streamlit as st

if __name__ != "__main__":
    from ui.errors import on_script_error

    app = st.App(__file__, on_script_error=on_script_error)
else:
    st.title("crash")
    raise ValueError("secret detail /srv/registry.sqlite SELECT * FROM resident")
