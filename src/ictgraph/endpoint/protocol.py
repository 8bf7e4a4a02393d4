"""uvicorn's HTTP/1.1 protocol (h11), answering an over-long request head with 414 or 431, not a bare 400.

h11 buffers at most `h11_max_incomplete_event_size` bytes of a request line and headers; past that
uvicorn answers "400 Invalid HTTP request received." The app itself answers 414 for a query string
over its limit; this covers the requests too long to reach the app at all.
"""

from __future__ import annotations

from uvicorn.protocols.http.h11_impl import H11Protocol

#: Room for the request line and headers beyond the query-string limit, so that a GET whose query
#: string is a little over the limit reaches the app and gets its one-line 414.
HEAD_ALLOWANCE = 64 * 1024


#: Seconds to keep reading (and dropping) a refused request before closing: closing a socket with
#: unread data makes the kernel send a reset, which can destroy the answer before the client reads it.
LINGER_SECONDS = 2.0


class LimitedH11Protocol(H11Protocol):
    """H11Protocol whose answer to a request head past h11's buffer limit says what was too long."""

    _refused = False

    def data_received(self, data: bytes) -> None:
        if not self._refused:
            super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        pending, _ = self.conn.trailing_data
        limit = self.config.h11_max_incomplete_event_size
        if limit is None or len(pending) <= limit:
            super().send_400_response(msg)
            return
        # Still no end of the request line: the URI is too long; else the headers are.
        code = 414 if b"\r\n" not in pending else 431
        self._send_plain(code, _REASONS[code], _MESSAGES[code])

    def _send_plain(self, status: int, reason: str, message: str) -> None:
        import h11

        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
        for event in (h11.Response(status_code=status, headers=headers, reason=reason.encode("ascii")),
                      h11.Data(data=(message + "\n").encode("ascii")), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self._refused = True  # drop the rest of the request, then close ("lingering close")
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)


_REASONS = {414: "URI Too Long", 431: "Request Header Fields Too Large"}
_MESSAGES = {414: "the request URI is longer than this server accepts: POST the query instead",
             431: "the request headers are larger than this server accepts"}
