"""HTML to PDF with WeasyPrint (A4, DejaVu fonts: Dutch dates, diacritics and the euro sign render).

Templates for PDFs live in templates/agreements/pdf/ and extend `agreements/pdf/base.html`, which sets the page
(A4, margins, the page number "pagina X van Y" in the footer). `@page` margin boxes do not inherit the body font
(RECIPES.md): the base stylesheet sets it on them.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
from functools import lru_cache
from pathlib import Path

from django.conf import settings


def pdf_render(html: str) -> bytes:
    """The PDF of a complete HTML document. No network access: only `data:` URLs and inline styles."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=4)
def _logo_data_url(path: str, mtime: float) -> str:
    file = Path(path)
    mime = mimetypes.guess_type(file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode()}"


def institution_logo() -> str:
    """The hogeschool's logo (settings.VERBINDER_INSTITUTION_LOGO) as a data URL, or "" when it has none."""
    path = Path(settings.VERBINDER_INSTITUTION_LOGO)
    if not path.is_file():
        return ""
    return _logo_data_url(str(path), path.stat().st_mtime)
