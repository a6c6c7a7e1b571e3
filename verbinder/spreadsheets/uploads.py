from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import TemporaryFileUploadHandler


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Keeps at most `limit` bytes of an uploaded file on disk, but counts them all.

    The file's `size` is what the browser sent, so that the form refuses an oversized file by its size,
    while the disk never holds more than the limit.
    """

    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.stored = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.stored = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self.limit + 1 - self.stored
        if room > 0:
            self.file.write(raw_data[:room])
            self.stored += min(room, len(raw_data))
        return None
