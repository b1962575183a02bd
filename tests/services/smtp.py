"""A local SMTP server that keeps what it receives: notifications are read as delivered."""

from __future__ import annotations

import contextlib
import email
import email.policy
from collections.abc import Iterator

from aiosmtpd.controller import Controller

from tools.servers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


@contextlib.contextmanager
def smtp_sink() -> Iterator[tuple[str, Inbox]]:
    """Yield the EMAIL_URL that reaches the server, and its inbox."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()
