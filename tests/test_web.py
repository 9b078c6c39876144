"""``lexoverlap serve``: the web UI with FastAPI's TestClient, then in a real headless browser."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lexoverlap.web import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, create_app

from .test_query import DEADLINE_DRAFT, DECREE_5_2, LAW_9_2

pytestmark = pytest.mark.usefixtures("sample_encoder")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def store(sample_store: Path) -> Path:
    return sample_store


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as c:
        yield c


def test_pages_in_vietnamese_and_english(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200 and "Đối chiếu dự thảo" in home.text
    en = client.get("/?lang=en")
    assert "Compare a draft" in en.text and en.cookies.get("lang") == "en"
    assert "Compare a draft" in client.get("/").text  # remembered
    client.cookies.clear()
    assert "Đối chiếu dự thảo" in client.get("/").text


def test_pasted_draft_shows_the_contradiction_with_marked_spans(client: TestClient) -> None:
    res = client.post("/draft", data={"text": DEADLINE_DRAFT})
    assert res.status_code == 200
    assert f'data-provision="{LAW_9_2}"' in res.text
    assert 'data-relation="contradiction"' in res.text
    assert "<mark>45 ngày làm việc</mark>" in res.text
    assert "<mark>15 ngày làm việc</mark>" in res.text
    assert "khoản 2 Điều 9 Luật số 12/2024/QH15" in res.text


def test_uploaded_draft(client: TestClient) -> None:
    body = ("Điều 3. Cung cấp dữ liệu\n1. " + DEADLINE_DRAFT).encode()
    res = client.post("/draft", files={"file": ("../../../etc/draft.txt", body, "text/plain")})
    assert res.status_code == 200 and f'data-provision="{LAW_9_2}"' in res.text


def test_input_limits(client: TestClient) -> None:
    assert client.post("/draft", data={"text": "  "}).status_code == 400
    both = client.post("/draft", data={"text": "x"}, files={"file": ("d.txt", b"y")})
    assert both.status_code == 400
    exe = client.post("/draft", files={"file": ("draft.exe", b"MZ....")})
    assert exe.status_code == 415 and ".exe" in exe.text
    big = client.post("/draft", files={"file": ("d.txt", b"a" * (MAX_UPLOAD_BYTES + 1))})
    assert big.status_code == 413
    huge = client.post("/draft", files={"file": ("d.txt", b"a" * (MAX_UPLOAD_BYTES * 2))})
    assert huge.status_code == 413  # refused from Content-Length, before the body is parsed
    long = client.post("/draft", data={"text": "a " * MAX_TEXT_CHARS})
    assert long.status_code == 413
    assert client.get("/search", params={"q": "x" * 600}).status_code == 400
    corrupt = client.post("/draft", files={"file": ("d.docx", b"not a zip")})
    assert corrupt.status_code == 400 and "E105" in corrupt.text


@pytest.mark.parametrize("path", [
    "/provision/../../etc/passwd", "/provision/%2e%2e/%2e%2e/etc/passwd",
    "/provision/12-2024-QH15/..%2f..%2fstore.db", "/provision/12-2024-QH15/art999",
    "/document/..%2Flexoverlap.db", "/document/nope", "/provision/a%00b",
])
def test_traversal_and_unknown_ids_are_404(client: TestClient, path: str) -> None:
    res = client.get(path)
    assert res.status_code == 404
    assert "root:" not in res.text and "SQLite" not in res.text


def test_search_provision_document(client: TestClient) -> None:
    res = client.get("/search", params={"q": "thoi han cung cap"})
    assert res.status_code == 200 and f"/provision/{LAW_9_2}" in res.text
    assert "<mark>" in res.text
    res = client.get(f"/provision/{LAW_9_2}")
    assert res.status_code == 200 and f"/provision/{DECREE_5_2}" in res.text
    assert "khoản 2 Điều 9 Luật số 12/2024/QH15" in res.text
    res = client.get("/provision/12-2024-QH15/ch2/sec2/art9/cl1")
    assert '/provision/12-2024-QH15/ch2/sec2/art9/cl4"' in res.text  # its citation, as a link
    res = client.get("/document/12-2024-QH15")
    assert res.status_code == 200 and "Luật số 12/2024/QH15" in res.text


def test_api(client: TestClient) -> None:
    res = client.post("/api/draft", json={"text": DEADLINE_DRAFT})
    assert res.status_code == 200
    assert any(m["provision"] == LAW_9_2 for u in res.json()["units"] for m in u["matches"])
    assert client.post("/api/draft", json={"text": ""}).status_code == 400
    assert LAW_9_2 in [h["provision"] for h in client.get(
        "/api/search", params={"q": "thoi han"}).json()]


def test_report_beside_the_store(client: TestClient, store: Path) -> None:
    assert client.get("/report").status_code == 404
    (store.parent / "report.html").write_text("<h1>report</h1>", encoding="utf-8")
    try:
        assert client.get("/report").text == "<h1>report</h1>"
        assert 'href="/report"' in client.get("/").text
    finally:
        (store.parent / "report.html").unlink()


def test_store_is_opened_read_only(store: Path) -> None:
    from lexoverlap.query import Reader

    reader = Reader(store)
    import sqlite3

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader._store().db.execute("DELETE FROM findings")


# ---- a real server and a real browser --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        assert time.time() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def test_concurrent_requests_over_loopback(server: str) -> None:
    import httpx

    paths = [f"/provision/{LAW_9_2}", "/search?q=thoi+han", "/document/12-2024-QH15", "/"]

    def client_run(i: int) -> list[int]:
        with httpx.Client(base_url=server, timeout=60) as c:
            codes = [c.get(paths[(i + j) % len(paths)]).status_code for j in range(5)]
            codes.append(c.post("/api/draft", json={"text": DEADLINE_DRAFT}).status_code)
            return codes

    with ThreadPoolExecutor(10) as pool:
        codes = [c for batch in pool.map(client_run, range(10)) for c in batch]
    assert codes == [200] * 60


def test_browser_upload_see_contradiction_follow_links(server: str, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium); playwright must not "
                    "download a browser")
    from playwright.sync_api import sync_playwright

    draft = tmp_path / "du-thao.txt"
    draft.write_text("Điều 3. Cung cấp dữ liệu\n1. " + DEADLINE_DRAFT + "\n", encoding="utf-8")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.goto(server + "/")
            assert "Đối chiếu dự thảo" in page.inner_text("h1")
            page.set_input_files("#file", str(draft))
            page.click("#compare")
            page.wait_for_selector(".finding")
            page.screenshot(path=str(shots / "1-draft-findings.png"), full_page=True)
            card = page.locator(f'.finding[data-provision="{LAW_9_2}"]')
            assert card.get_attribute("data-relation") == "contradiction"
            assert card.locator("mark").all_inner_texts()[:2] == ["45 ngày làm việc",
                                                                 "15 ngày làm việc"]
            card.get_by_role("link", name="khoản 2 Điều 9 Luật số 12/2024/QH15").click()
            page.wait_for_selector("#citation")
            assert page.inner_text("#citation") == "khoản 2 Điều 9 Luật số 12/2024/QH15"
            page.screenshot(path=str(shots / "2-provision.png"), full_page=True)
            page.locator(f'a[href="/provision/{DECREE_5_2}"]').first.click()
            page.wait_for_url(f"**/provision/{DECREE_5_2}")
            assert page.inner_text("#citation") == "khoản 2 Điều 5 Nghị định số 45/2025/NĐ-CP"
            page.goto(server + "/provision/12-2024-QH15/ch2/sec2/art9/cl1")
            page.locator("#cites a").first.click()  # "khoản 4 Điều này"
            page.wait_for_url("**/art9/cl4")
            assert page.inner_text("#citation") == "khoản 4 Điều 9 Luật số 12/2024/QH15"
            page.click("#lang-switch")
            page.wait_for_selector("text=Overlaps and contradictions")
            page.screenshot(path=str(shots / "3-cited-provision-en.png"), full_page=True)
        finally:
            browser.close()
    taken = sorted(s.name for s in shots.iterdir())
    assert len(taken) == 3 and all((shots / s).stat().st_size > 5_000 for s in taken)
    print(f"screenshots: {shots}")
