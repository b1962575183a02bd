"""A submission sent twice (a double tap, a retry after a lost answer) is stored once; shared by
the public forms that give a private tracking link (feedback, consultations, questions).

The sender's second request must get the first record back, with its tracking link, yet the
database must hold no tracking link and nothing from which one could be made. So each record keeps,
for a few minutes only:

- a digest of the sender's secret (the form's hidden key with the sender's address, or an Open311
  client's api_key) and of the content, to recognise a repeat: another sender, or other words,
  make another record;
- its random tracking token, masked with a second digest of the same secret and content, which
  only the repeat itself can recompute.

After the window both are forgotten (`forget_repeats`), and the row holds only the digest of its
token, as every row does.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

REPEAT_WINDOW = datetime.timedelta(minutes=10)


def _mac(purpose: str, secret: str, content: str) -> bytes:
    message = "\x1f".join((purpose, secret, content)).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def repeat_digest(secret: str, content: str) -> str:
    return _mac("repeat", secret, content).hex()


def mask_token(token: str, secret: str, content: str) -> str:
    """The 64-hex-digit token masked (or unmasked: the same operation) for this sender."""
    mask = _mac("mask", secret, content)
    return bytes(a ^ b for a, b in zip(bytes.fromhex(token), mask, strict=True)).hex()


def window_start() -> datetime.datetime:
    return timezone.now() - REPEAT_WINDOW


def token_digest(token: str) -> str:
    """Tracking tokens are stored only as digests: a leaked database reveals no tracking link."""
    return hashlib.sha256(token.encode()).hexdigest()
