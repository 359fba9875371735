"""The officer console's reports (the board report for any period: preview, HTML, PDF, CSV;
approved items as CSV) and, for managers and admins only, the audit log (page and CSV)."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.domain import Role
from bot.services.export import neutralise
from bot.services.report_pdf import render_pdf
from bot.services.report_render import render_csv, render_html, words_for
from bot.web.console_util import day_of
from bot.web.http import CSP

if TYPE_CHECKING:
    from bot.web.console import Console

# The report is a document of its own with inline styles (it is also sent as a file): its
# preview may use them, and nothing else is loosened (no script at all).
REPORT_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
KINDS = {
    "preview": ("text/html; charset=utf-8", None),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "approved": ("text/csv; charset=utf-8", "csv"),
}
SEES_AUDIT = frozenset({Role.MANAGER, Role.ADMIN})


def report_routes(console: Console) -> list[BaseRoute]:
    services = console.services

    def period(request: Request) -> tuple[date, date] | None:
        default = services.reports.default_period()
        first = day_of(request.query_params.get("from")) or default[0]
        last = day_of(request.query_params.get("to")) or default[1]
        bad = (
            "from" in request.query_params and day_of(request.query_params["from"]) is None
        ) or ("to" in request.query_params and day_of(request.query_params["to"]) is None)
        return None if bad or first > last else (first, last)

    async def reports(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        first, last = services.reports.default_period()
        return console.page(
            "console_reports.html",
            session,
            heading="Reports",
            first=first.isoformat(),
            last=last.isoformat(),
            sees_audit=session.role in SEES_AUDIT,
        )

    async def report_file(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        kind = request.query_params.get("kind", "preview")
        when = period(request)
        if kind not in KINDS or when is None:
            return console.message(
                session,
                "Not done",
                "Please choose a report and two dates (the first not after the last).",
                status=400,
                link="/console/reports",
                link_text="Back to reports",
            )
        first, last = when
        media, suffix = KINDS[kind]
        if kind == "approved":
            data = (await services.export.approved_csv(first, last))[0].encode("utf-8")
        else:
            words = words_for(await services.reports.build(first, last), services.content)
            if kind == "pdf":
                data = await asyncio.to_thread(render_pdf, words)
            else:
                data = (render_csv(words) if kind == "csv" else render_html(words)).encode()
        await services.store.add_audit(
            services.accounts.today(), session.name, "report_" + kind, None, f"{first}..{last}"
        )
        headers = {"content-security-policy": REPORT_CSP} if kind == "preview" else {}
        if suffix is not None:
            name = f"{'approved-items' if kind == 'approved' else 'board-report'}-{first}-{last}"
            headers["content-disposition"] = f'attachment; filename="{name}.{suffix}"'
        return Response(data, media_type=media, headers=headers)

    async def audit(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        if session.role not in SEES_AUDIT:
            return console.message(
                session,
                "Not for this account",
                "Only managers and admins can see the audit log.",
                status=403,
            )
        today = services.accounts.today()
        first = day_of(request.query_params.get("from")) or today.replace(day=1)
        last = day_of(request.query_params.get("to")) or today
        actor = request.query_params.get("actor", "")[:80]
        action = request.query_params.get("action", "")[:80]
        rows = await services.store.list_audit(first, last, actor, action)
        if request.query_params.get("format") == "csv":
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["day", "who", "what", "item", "detail"])
            for row in rows:
                writer.writerow([neutralise(str(v if v is not None else "")) for v in row])
            name = f"audit-{first}-{last}.csv"
            return Response(
                out.getvalue().encode("utf-8"),
                media_type="text/csv; charset=utf-8",
                headers={"content-disposition": f'attachment; filename="{name}"'},
            )
        return console.page(
            "console_audit.html",
            session,
            heading="Audit log",
            rows=rows,
            first=first.isoformat(),
            last=last.isoformat(),
            actor=actor,
            action=action,
        )

    return [
        Route("/console/reports", reports),
        Route("/console/reports/file", report_file),
        Route("/console/audit", audit),
    ]
