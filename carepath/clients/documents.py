"""Storing and serving client documents: checked by content (PDF, PNG, JPEG, WebP), at most 10 MB, kept in the
data folder (outside the web root) under their id, and read back only through `document_open`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
# What a file must start with to be what it says: the only types CarePath keeps.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def storage_dir() -> Path:
    return Path(settings.DATA_DIR) / "documents"


def read_upload(upload) -> tuple[bytes, str]:
    """The upload's bytes and content type, or a ValidationError saying why it cannot be kept."""
    if upload is None:
        raise ValidationError({"file": "Choose the file to upload."})
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": f"The file is {upload.size // (1024 * 1024)} MB; at most 10 MB can be kept."})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": "The file is larger than 10 MB."})
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(
            {"file": "This file is not a PDF or an image (PNG, JPEG, WebP), whatever its name says; it was not kept."}
        )
    return data, content_type


def write(document_id, data: bytes) -> str:
    directory = storage_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / str(document_id)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return hashlib.sha256(data).hexdigest()


def read(document) -> bytes:
    return (storage_dir() / str(document.pk)).read_bytes()
