"""Passwords: argon2id hashes (argon2-cffi's defaults, RFC 9106's second recommendation) and the
policy a new password must meet. A password is never logged or stored in clear."""

from __future__ import annotations

import functools
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher()  # argon2id

MIN_LENGTH = 12
MAX_LENGTH = 128
#: a login this long or longer must not appear in the password (a shorter one may, by chance)
LOGIN_IN_PASSWORD = 3
#: of lower-case, upper-case, digits and anything else (punctuation, Chinese …)
MIN_CLASSES = 3
#: passwords that meet the length and classes but every list of leaked passwords holds
COMMON = frozenset(
    p.lower()
    for p in (
        "Password123!",
        "Passw0rd1234",
        "Qwerty123456",
        "Admin@123456",
        "Aa123456789!",
        "1qaz2wsx3edc",
        "Welcome12345",
        "P@ssw0rd2026",
        "Abc123456789",
    )
)

#: a policy problem's code → (zh, en)
POLICY_MESSAGES: dict[str, tuple[str, str]] = {
    "too_short": (
        f"密码至少 {MIN_LENGTH} 个字符",
        f"a password has at least {MIN_LENGTH} characters",
    ),
    "too_long": (
        f"密码至多 {MAX_LENGTH} 个字符",
        f"a password has at most {MAX_LENGTH} characters",
    ),
    "too_simple": (
        f"密码须包含小写字母、大写字母、数字、其他字符中的至少 {MIN_CLASSES} 类",
        f"a password mixes at least {MIN_CLASSES} of: lower case, upper case, digits, other characters",
    ),
    "contains_login": ("密码不得包含用户名", "a password must not contain the login"),
    "common": ("该密码过于常见，请换一个", "this password is too common; choose another"),
    "reused": ("新密码不得与当前密码相同", "the new password must differ from the current one"),
}


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> tuple[bool, str | None]:
    """(matches, a new hash when the stored one used older parameters)."""
    if not stored_hash:
        return False, None
    try:
        _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    return True, (_HASHER.hash(password) if _HASHER.check_needs_rehash(stored_hash) else None)


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash("not anybody's password")


def waste_time_like_a_verify(password: str) -> None:
    """Verify against a dummy hash: an unknown login then takes as long as a wrong password,
    so the time of the answer does not tell which logins exist."""
    verify_password(_dummy_hash(), password)


def _classes(password: str) -> int:
    lower = any(c in string.ascii_lowercase for c in password)
    upper = any(c in string.ascii_uppercase for c in password)
    digit = any(c.isdigit() for c in password)
    other = any(not (c.isascii() and c.isalnum()) for c in password)
    return lower + upper + digit + other


def policy_problems(password: str, login: str) -> list[str]:
    """The policy's codes this password fails (empty: acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    if len(password) > MAX_LENGTH:
        problems.append("too_long")
    if _classes(password) < MIN_CLASSES or len(set(password)) < 4:
        problems.append("too_simple")
    if len(login) >= LOGIN_IN_PASSWORD and login.lower() in password.lower():
        problems.append("contains_login")
    if password.lower() in COMMON:
        problems.append("common")
    return problems


def policy_message(codes: list[str], lang: str = "zh") -> str:
    index = 0 if lang == "zh" else 1
    return ("；" if lang == "zh" else "; ").join(POLICY_MESSAGES[c][index] for c in codes)
