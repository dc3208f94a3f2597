"""Accounts, sign-in, roles and the access log — no Streamlit here.

``passwords`` hashes (argon2id) and checks the password policy; ``lockout`` decides from the
attempts whether an account or a client address is locked; ``accounts`` creates, finds and
signs in users and keeps their sessions; ``roles`` says what each role may see and do;
``access`` turns a user on a day into the grids he may see; ``log`` is the tamper-evident
access log; ``settings`` holds the lockout and idle numbers; ``demo`` the demo's accounts.
Every function takes the moment ``now`` (UTC) so tests need no clock.
"""
