"""Case attachments: PDF and images, checked by their content (not by the name or the type
the browser claims), stored under a random key outside the database."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import lazy_gettext as _l
from werkzeug.utils import secure_filename

from participa.domain import DomainError
from participa.models import Case, CaseAttachment

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def storage_dir() -> Path:
    configured = current_app.config.get("CASE_ATTACHMENT_DIR")
    path = Path(configured) if configured else Path(current_app.instance_path) / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _content_type(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def check_files(files) -> list[tuple[str, str, bytes]]:
    """Read and check the uploads; (safe name, content type, bytes) for each real file."""
    files = [f for f in files or [] if f and getattr(f, "filename", "")]
    if len(files) > MAX_FILES:
        raise DomainError(_l("Attach at most %(count)d files.", count=MAX_FILES),
                          field="attachments")
    checked = []
    for upload in files:
        data = upload.read(MAX_BYTES + 1)
        name = secure_filename(upload.filename) or "adjunto"
        if len(data) > MAX_BYTES:
            raise DomainError(_l("%(name)s is larger than 5 MB.", name=name), field="attachments")
        content_type = _content_type(data[:8])
        if content_type is None:
            raise DomainError(_l("%(name)s is not a PDF, PNG or JPEG file.", name=name),
                              field="attachments")
        checked.append((named_for_type(name, content_type), content_type, data))
    return checked


def named_for_type(name: str, content_type: str) -> str:
    """The uploaded name with the extension of the type found in the content: a PDF sent as
    "page.html" is kept, and downloaded, as "page.pdf"."""
    stem = Path(name).stem.replace(".", "_") or "adjunto"
    extension = EXTENSIONS[content_type]
    return stem[:200 - len(extension)] + extension


def attach(case: Case, checked: list[tuple[str, str, bytes]]) -> None:
    directory = storage_dir()
    for name, content_type, data in checked:
        key = secrets.token_hex(16)
        (directory / key).write_bytes(data)
        case.attachments.append(CaseAttachment(filename=name, content_type=content_type,
                                               size=len(data), storage_key=key))


def path_of(attachment: CaseAttachment) -> Path:
    return storage_dir() / attachment.storage_key


def send(case: Case, attachment_id: int):
    """The response that downloads one of the case's files; another case's file is not found."""
    attachment = next((a for a in case.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404)
    return send_file(path_of(attachment), mimetype=attachment.content_type,
                     as_attachment=True, download_name=attachment.filename)
