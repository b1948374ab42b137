"""A real SMTP server on loopback (aiosmtpd), so email tests go through Django's SMTP backend,
sockets and all, as production's do: the locmem backend would never show a refused connection.
"""

import email
import logging
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller

from tools.served import free_port


class Mailbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(Received(envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


class Received:
    def __init__(self, recipients, message):
        self.recipients = recipients
        self.message = message
        self.subject = message["Subject"]
        self.body = message.get_body(("plain",)).get_content()

    def __repr__(self):
        return f"<email to {self.recipients}: {self.subject!r}>"


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self):
        return self.mailbox.messages

    def to(self, address):
        return [message for message in self.messages if address in message.recipients]

    def stop(self):
        """Stop answering: the port then refuses connections, as a mail server that is down."""
        if self.controller.loop.is_running():
            self.controller.stop()


def _started(tries=5):
    """A running server. Its port is found free just before the server binds it, so another test
    process (a pytest-xdist worker of `make test-fast`) may take it in between: then try again."""
    for attempt in range(1, tries + 1):
        server = SmtpServer()
        try:
            server.controller.start()
        except OSError:  # the port was taken (EADDRINUSE): its thread has ended, pick another
            if attempt == tries:
                raise
        else:
            return server


@contextmanager
def serving(settings):
    """Django's SMTP backend pointed at an aiosmtpd server on 127.0.0.1, without TLS or login,
    for as long as the block runs. `settings` is pytest-django's fixture, which restores them."""
    # aiosmtpd logs every SMTP command at INFO: noise in a failing test's output.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = _started()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        server.stop()
