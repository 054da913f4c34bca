"""Supporting documents: what a candidate may upload, checked by size, extension and content.

The file is saved under a random name in MEDIA_ROOT (``$SECONDROUND_DATA_DIR/uploads``), which
no URL serves; members download it through a view that checks they may see the application.
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile

from secondround.errors import ActionError
from secondround.portal.models import PortalDocument
from secondround.stored_files import save_file

MAX_DOCUMENTS = 10


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a multi-byte character cut at the end
    return True


# extension: (content type, check of the file's first bytes)
ALLOWED = {
    ".pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ".png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".txt": ("text/plain", _is_text),
    ".md": ("text/plain", _is_text),
}
ALLOWED_LABEL = "PDF, PNG, JPEG or plain text"


def human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def store_document(application, upload) -> PortalDocument:
    limit = settings.PORTAL_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ActionError(f"This file is too large: the limit is {human_size(limit)}.", "file")
    if upload.size == 0:
        raise ActionError("This file is empty.", "file")
    name = PurePath(upload.name or "").name[:200]
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise ActionError(f"Upload a {ALLOWED_LABEL} file.", "file")
    content_type, looks_right = ALLOWED[extension]
    data = upload.read()
    if not looks_right(data[:2048]):
        raise ActionError(f"This file is not a real {extension[1:].upper()} file.", "file")
    if application.portal_documents.count() >= MAX_DOCUMENTS:
        raise ActionError(f"You can upload up to {MAX_DOCUMENTS} documents.", "file")
    document = PortalDocument(
        application=application, original_name=name, content_type=content_type, size=len(data)
    )
    save_file(document.file, secrets.token_hex(16) + extension, ContentFile(data))
    document.save()
    return document
