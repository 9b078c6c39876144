"""``lexoverlap serve``: the web UI for drafters (FastAPI, server-rendered Jinja2, no build step).

Pages: ``/`` paste or upload a draft → ``POST /draft`` its findings, both texts side by side
with the evidence highlighted; ``/search?q=``; ``/provision/{id}`` (neighbourhood, citations
as links); ``/document/{id}``; ``/report`` (``report.html`` beside the store, if any).
``/api/draft`` and ``/api/search`` answer the same questions in JSON.

Safety: the store is opened read-only (one connection per worker thread, see
:class:`lexoverlap.query.Reader`); ids are checked against the id grammar and only ever
looked up in the database, never used as paths; uploads are read in memory (the file name
only chooses the reader by its extension) and limited in size and type; bodies over the limit
are refused before they are read. ``lexoverlap serve`` binds 127.0.0.1 unless told otherwise.
Vietnamese by default; ``?lang=en`` switches (and is remembered in a cookie).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from ..errors import LexOverlapError, UnsupportedFormatError
from ..query import (
    ALL_RELATIONS,
    MAX_SEARCH_CHARS,
    RELATIONS,
    Evidence,
    NotFoundError,
    QueryError,
    Reader,
    read_draft,
)
from .i18n import LANGUAGES, strings

# Limits of the web face (the library's own are larger): a pasted draft of 100k characters is
# a long law; an uploaded file of 5 MB is a long law as PDF; 300 units keep one request under
# a few seconds on two cores.
MAX_TEXT_CHARS = 100_000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNITS = 300
UPLOAD_TYPES = (".txt", ".html", ".htm", ".docx", ".pdf")
_FORM_OVERHEAD = 64 * 1024  # the other form fields and multipart boundaries

_HERE = Path(__file__).resolve().parent


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Cut ``text`` into (piece, highlighted) runs; overlapping or out-of-range spans are
    merged or dropped, so a template can render them safely (Jinja escapes each piece).

    >>> highlight("abcdef", [(1, 3), (2, 4), (9, 12)])
    [('a', False), ('bcd', True), ('ef', False)]
    """
    merged: list[list[int]] = []
    for a, b in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if a >= b:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out: list[tuple[str, bool]] = []
    at = 0
    for a, b in merged:
        if a > at:
            out.append((text[at:a], False))
        out.append((text[a:b], True))
        at = b
    if at < len(text):
        out.append((text[at:], False))
    return out


def _spans(evidence: Sequence[Evidence], side: str) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in evidence if e.side == side]


class DraftRequest(BaseModel):
    """Body of ``POST /api/draft``."""

    text: str
    doc_type: str | None = None
    issuer: str | None = None
    date: str | None = None
    related: bool = False


def report_beside(store: Path) -> Path | None:
    """The latest report of the store's run (``analyze`` writes both into one folder)."""
    candidate = store.resolve().parent / "report.html"
    return candidate if candidate.is_file() else None


def create_app(store: str | Path, *, reader: Reader | None = None, warm: bool = True) -> FastAPI:
    """The ASGI application over one store (opened read-only; encoders loaded at start)."""
    store = Path(store)
    reader = reader or Reader(store)
    if warm:
        reader.warm()
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.globals["highlight"] = highlight
    templates.env.globals["spans"] = _spans
    app = FastAPI(title="lexoverlap", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.reader = reader

    def language(request: Request) -> str:
        asked = request.query_params.get("lang") or request.cookies.get("lang") or "vi"
        return asked if asked in LANGUAGES else "vi"

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = language(request)
        other = "en" if lang == "vi" else "vi"
        switch = str(request.url.include_query_params(lang=other)) \
            if request.method == "GET" else f"/?lang={other}"
        response = templates.TemplateResponse(
            request, name, {"t": strings(lang), "lang": lang, "other_lang": other,
                            "switch_url": switch,
                            "has_report": report_beside(store) is not None, **context},
            status_code=status)
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie("lang", lang, samesite="lax", httponly=True)
        return response

    def error(request: Request, status: int, message: str) -> HTMLResponse:
        t = strings(language(request))
        title = t["not_found"] if status == 404 else t["error"]
        return page(request, "error.html", status, title=title, message=message)

    @app.middleware("http")
    async def limit_body(request: Request,
                         call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit()
                                 or int(size) > MAX_UPLOAD_BYTES + _FORM_OVERHEAD):
            t = strings(language(request))
            message = t["err_too_big"].format(n=size, max=MAX_UPLOAD_BYTES)
            if request.url.path.startswith("/api/"):
                return JSONResponse({"error": message}, status_code=413)
            return error(request, 413, message)
        return await call_next(request)

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        return page(request, "index.html")

    @app.post("/draft", response_class=HTMLResponse)
    def draft(request: Request, text: Annotated[str, Form()] = "",
              file: Annotated[UploadFile | None, File()] = None,
              doc_type: Annotated[str, Form()] = "", issuer: Annotated[str, Form()] = "",
              date: Annotated[str, Form()] = "", related: Annotated[str, Form()] = ""
              ) -> HTMLResponse:
        t = strings(language(request))
        has_file = file is not None and bool(file.filename)
        if has_file and text.strip():
            return error(request, 400, t["err_both"])
        if has_file:
            assert file is not None and file.filename is not None
            suffix = Path(file.filename.replace("\\", "/").rsplit("/", 1)[-1]).suffix.lower()
            if suffix not in UPLOAD_TYPES:
                return error(request, 415, t["err_type"].format(ext=suffix or file.filename))
            data = file.file.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                return error(request, 413, t["err_too_big"].format(n=f"> {MAX_UPLOAD_BYTES}",
                                                                   max=MAX_UPLOAD_BYTES))
            try:
                text = read_draft(data, file.filename)
            except UnsupportedFormatError:
                return error(request, 415, t["err_type"].format(ext=suffix))
            except LexOverlapError as exc:
                return error(request, 400, str(exc))
        if not text.strip():
            return error(request, 400, t["err_empty"])
        if len(text) > MAX_TEXT_CHARS:
            return error(request, 413, t["err_too_long"].format(n=len(text), max=MAX_TEXT_CHARS))
        try:
            result = reader.draft(text, doc_type=doc_type or None, issuer=issuer or None,
                                  when=date or None, max_units=MAX_UNITS,
                                  relations=ALL_RELATIONS if related else RELATIONS)
        except QueryError as exc:
            return error(request, 400, str(exc))
        return page(request, "draft.html", result=result)

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: Annotated[str, Query(max_length=10_000)] = ""
               ) -> HTMLResponse:
        t = strings(language(request))
        if len(q) > MAX_SEARCH_CHARS:
            return error(request, 400, t["err_query"].format(max=MAX_SEARCH_CHARS))
        hits = reader.search(q, 50) if q.strip() else []
        return page(request, "search.html", q=q, hits=hits)

    @app.get("/provision/{pid:path}", response_class=HTMLResponse)
    def provision(request: Request, pid: str) -> HTMLResponse:
        try:
            hood = reader.neighbourhood(pid)
        except NotFoundError as exc:
            return error(request, 404, str(exc))
        texts = {hood.provision.id: hood.provision.text}
        for f in hood.findings[:50]:
            for pid_ in (f.this, f.other):
                if pid_ not in texts:
                    try:
                        texts[pid_] = reader.provision(pid_).text
                    except NotFoundError:
                        texts[pid_] = ""
        return page(request, "provision.html", hood=hood, texts=texts)

    @app.get("/document/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str) -> HTMLResponse:
        try:
            info = reader.document(doc_id)
        except NotFoundError as exc:
            return error(request, 404, str(exc))
        return page(request, "document.html", doc=info)

    @app.get("/report", response_model=None)
    def report(request: Request) -> Response:
        found = report_beside(store)
        if found is None:
            return error(request, 404, f"no report.html beside {store.name}")
        return FileResponse(found, media_type="text/html")

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"ok": True, "documents": len(reader.documents),
                "languages": reader.languages()}

    @app.post("/api/draft")
    def api_draft(body: DraftRequest) -> JSONResponse:
        if len(body.text) > MAX_TEXT_CHARS:
            return JSONResponse({"error": f"draft longer than {MAX_TEXT_CHARS} characters"},
                                status_code=413)
        try:
            result = reader.draft(body.text, doc_type=body.doc_type, issuer=body.issuer,
                                  when=body.date, max_units=MAX_UNITS,
                                  relations=ALL_RELATIONS if body.related else RELATIONS)
        except QueryError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(result.to_record())

    @app.get("/api/search")
    def api_search(q: Annotated[str, Query(max_length=MAX_SEARCH_CHARS)] = "",
                   limit: Annotated[int, Query(ge=1, le=200)] = 20) -> JSONResponse:
        return JSONResponse([asdict(h) for h in reader.search(q, limit)] if q.strip() else [])

    return app
