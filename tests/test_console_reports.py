"""Reports and the audit log in the officer console: every officer can preview and download
the board report and the approved messages; only managers and admins see the audit log."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from bot.domain import Audience, ItemKind, Officer, Role
from bot.web.app import WebChat, build_web_app
from tests.conftest import CONTENT_DIR
from tests.test_console import Console, account, console, csrf

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

__all__ = ["console"]


async def test_the_board_report_for_any_period_previews_and_downloads(console: Console) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK,
        audience=Audience.IN_CARE,
        text="More youth club nights at Oak Lane",
    )
    await console.services.officers.for_the_board(Officer(1, "Alex"), receipt.item_id)
    async with console.client() as client:
        await account(console, client, "Sam Jones", Role.OFFICER)
        page = await client.get("/console/reports")
        assert page.status_code == 200
        day = console.clock.now.date().isoformat()
        period = {"from": "2026-01-01", "to": day}
        preview = await client.get("/console/reports/file", params={**period, "kind": "preview"})
        assert preview.status_code == 200
        assert "style-src 'self' 'unsafe-inline'" in preview.headers["content-security-policy"]
        assert "script-src 'self'" in preview.headers["content-security-policy"]
        assert "<html" in preview.text
        pdf = await client.get("/console/reports/file", params={**period, "kind": "pdf"})
        assert pdf.content.startswith(b"%PDF")
        assert "attachment" in pdf.headers["content-disposition"]
        figures = await client.get("/console/reports/file", params={**period, "kind": "csv"})
        assert figures.headers["content-type"].startswith("text/csv")
        approved = await client.get("/console/reports/file", params={**period, "kind": "approved"})
        assert "youth club nights" in approved.text  # the board's wording of an approved item
        backwards = await client.get(
            "/console/reports/file", params={"from": day, "to": "2026-01-01", "kind": "pdf"}
        )
        assert backwards.status_code == 400
        nonsense = await client.get("/console/reports/file", params={"kind": "everything"})
        assert nonsense.status_code == 400
    assert ("Sam Jones", "report_pdf") in console.rows(
        "SELECT actor, action FROM audit_log WHERE action LIKE 'report_%'"
    )


async def test_only_managers_and_admins_see_the_audit_log(console: Console) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text='=HYPERLINK("x") please'
    )
    await console.services.officers.view(Officer(1, "=cmd|' /C calc'!A0"), receipt.item_id)
    async with console.client() as officer:
        await account(console, officer, "Sam Jones", Role.OFFICER)
        refused = await officer.get("/console/audit")
        assert refused.status_code == 403
        assert "Only managers and admins" in refused.text
        csv_refused = await officer.get("/console/audit", params={"format": "csv"})
        assert csv_refused.status_code == 403
        assert "The audit log" not in (await officer.get("/console/reports")).text
    async with console.client() as manager:
        await account(console, manager, "Pat Doe", Role.MANAGER)
        log = await manager.get("/console/audit")
        assert log.status_code == 200
        assert "viewed" in log.text
        assert "HYPERLINK" not in log.text  # never the words of a message
        only = await manager.get("/console/audit", params={"action": "signed_in"})
        assert "Pat Doe" in only.text
        assert "viewed" not in only.text.split("<tbody>")[1]
        download = await manager.get("/console/audit", params={"format": "csv"})
        assert download.headers["content-type"].startswith("text/csv")
        assert "'=cmd" in download.text  # a formula in a cell is neutralised
        assert "\n=cmd" not in download.text
        assert ",=cmd" not in download.text


async def test_you_said_we_did_is_written_in_the_console_and_shown_to_young_people(
    console: Console,
) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="The wifi at Oak House is slow"
    )
    async with console.client() as client:
        await account(console, client, "Sam Jones", Role.OFFICER)
        page = await client.get("/console/we-did")
        assert "Where I live" in page.text  # theme labels, never ids
        added = await client.post(
            "/console/we-did",
            data={
                "csrf": csrf(page),
                "theme": "home",
                "status": "in_progress",
                "what": "New wifi boxes are going into every children's home",
                "items": f"#{receipt.item_id}",
            },
            follow_redirects=True,
        )
        assert "Saved." in added.text
        assert "New wifi boxes" in added.text
        action_id = int(console.rows("SELECT id FROM actions")[0][0])  # type: ignore[call-overload]
        changed = await client.post(
            "/console/we-did",
            data={"csrf": csrf(added), "action": str(action_id), "status": "done"},
            follow_redirects=True,
        )
        assert "Saved." in changed.text
        bad = await client.post(
            "/console/we-did",
            data={"csrf": csrf(added), "theme": "nope", "status": "done", "what": "x"},
        )
        assert bad.status_code == 400
        missing = await client.post(
            "/console/we-did",
            data={
                "csrf": csrf(added),
                "theme": "home",
                "status": "done",
                "what": "x",
                "items": "#999",
            },
        )
        assert missing.status_code == 400
    assert console.rows("SELECT theme, status FROM actions") == [("home", "done")]
    assert console.rows("SELECT item_id FROM action_items") == [(receipt.item_id,)]
    screen, _ = await console.services.officers.we_did_screen()
    assert [a.what for a in screen] == ["New wifi boxes are going into every children's home"]


async def test_the_content_check_shows_problems_in_the_files_and_every_screen(
    console: Console, tmp_path: Path
) -> None:
    copied = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copied)
    chat = WebChat(console.services, exit_url="https://neutral.example/", content_dir=copied)
    console.transport = httpx.ASGITransport(app=build_web_app(chat), client=("198.51.100.9", 1))
    async with console.client() as client:
        await account(console, client, "Sam Jones", Role.OFFICER)
        fine = await client.get("/console/content")
        assert "The content files on disk are all fine." in fine.text
        assert "Have your say" in fine.text  # the screens, as young people see them
        leavers = await client.get("/console/content", params={"audience": "care_leaver"})
        assert leavers.status_code == 200
        (copied / "council.yaml").write_text("name: [unclosed\n", encoding="utf-8")
        broken = await client.get("/console/content")
        assert "have problems" in broken.text
        assert "council.yaml" in broken.text


GETS = [
    "/console",
    "/console/item/{item}",
    "/console/we-did",
    "/console/reports",
    "/console/reports/file?kind=csv",
    "/console/content",
    "/console/audit",
]
POSTS = [
    ("/console/item/{item}/open", {}),
    ("/console/item/{item}/decide", {"do": "theme", "theme": "home"}),
    ("/console/we-did", {"theme": "home", "status": "planned", "what": "Wifi"}),
]
MANAGERS_ONLY = {"/console/audit"}


async def test_every_route_checks_the_session_and_the_role(console: Console) -> None:
    """C-02: each console route, signed out and as an officer, a manager and an admin."""
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="Later curfews please"
    )
    item = str(receipt.item_id)
    async with console.client() as anyone:
        for path in GETS:
            answer = await anyone.get(path.format(item=item))
            assert answer.status_code == 303, path
            assert answer.headers["location"] == "/console/sign-in", path
        for path, fields in POSTS:
            answer = await anyone.post(path.format(item=item), data={"csrf": "x", **fields})
            assert answer.status_code in {303, 403}, path
    for name, role in (
        ("Olu Officer", Role.OFFICER),
        ("Max Manager", Role.MANAGER),
        ("Ada Admin", Role.ADMIN),
    ):
        async with console.client() as client:
            await account(console, client, name, role)
            for path in GETS:
                answer = await client.get(path.format(item=item))
                allowed = role is not Role.OFFICER or path not in MANAGERS_ONLY
                assert answer.status_code == (200 if allowed else 403), (role, path)
            page = await client.get("/console/we-did")
            for path, fields in POSTS:
                answer = await client.post(
                    path.format(item=item), data={"csrf": csrf(page), **fields}
                )
                assert answer.status_code in {200, 303}, (role, path)
                forged = await client.post(
                    path.format(item=item), data={"csrf": "forged", **fields}
                )
                assert forged.status_code == 403, (role, path)
    assert console.rows("SELECT COUNT(*) FROM actions") == [(3,)]  # one per signed-in role
    assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed'") == [(3,)]
