"""Store migrations: the schema as numbered user_version scripts, integrity, deletions."""

from __future__ import annotations

import logging
import re
import sqlite3

import aiosqlite

from bot.store.base import StoreCore, StoreError

# The package's name, as before the store became a package: log lines read as they did.
log = logging.getLogger("bot.store")

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema. No table that holds what young people say has any column for who
    # said it; a chat id may live only in opt_ins, each with its own expiry.
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) STRICT;

    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('feedback', 'question')),
        audience TEXT NOT NULL CHECK (audience IN ('in_care', 'care_leaver', 'carer')),
        on_behalf INTEGER NOT NULL DEFAULT 0 CHECK (on_behalf IN (0, 1)),
        theme TEXT,
        suggested_themes TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'received',
        urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
        risk_categories TEXT NOT NULL DEFAULT '',
        created_on TEXT NOT NULL,
        expires_on TEXT NOT NULL,
        receipt_hash BLOB NOT NULL UNIQUE
    ) STRICT;
    CREATE INDEX items_expiry ON items (expires_on);

    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
        attempts INTEGER NOT NULL DEFAULT 0,
        delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1))
    ) STRICT;
    CREATE INDEX outbox_pending ON outbox (delivered, urgent DESC, id);

    CREATE TABLE processed_updates (
        update_id INTEGER PRIMARY KEY,
        processed_on TEXT NOT NULL
    ) STRICT;

    CREATE TABLE opt_ins (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('answer', 'contact', 'reminders')),
        chat_id INTEGER,
        item_id INTEGER REFERENCES items (id) ON DELETE CASCADE,
        contact_how TEXT,
        created_on TEXT NOT NULL,
        expires_on TEXT NOT NULL,
        CHECK (chat_id IS NOT NULL OR contact_how IS NOT NULL)
    ) STRICT;
    CREATE INDEX opt_ins_chat ON opt_ins (chat_id);
    CREATE INDEX opt_ins_item ON opt_ins (item_id);

    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        on_day TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        item_id INTEGER,
        detail TEXT NOT NULL DEFAULT ''
    ) STRICT;
    """,
    # 2: the officer's review (acknowledged, board text, reason, answer) and "You said, we did".
    """
    ALTER TABLE items ADD COLUMN acknowledged INTEGER NOT NULL DEFAULT 0
        CHECK (acknowledged IN (0, 1));
    ALTER TABLE items ADD COLUMN board_text TEXT;
    ALTER TABLE items ADD COLUMN decision_reason TEXT;
    ALTER TABLE items ADD COLUMN answer TEXT;

    CREATE TABLE actions (
        id INTEGER PRIMARY KEY,
        theme TEXT NOT NULL,
        what TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done')),
        created_on TEXT NOT NULL,
        updated_on TEXT NOT NULL
    ) STRICT;

    CREATE TABLE action_items (
        action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        PRIMARY KEY (action_id, item_id)
    ) STRICT;
    """,
    # 3: reminders (the wording follows the audience chosen when opting in), which reminders
    # have gone to whom, and the bot's own officer-chat posts that show message text (deleted
    # within 48 hours, while Telegram still allows it).
    """
    ALTER TABLE opt_ins ADD COLUMN audience TEXT;

    CREATE TABLE reminder_sends (
        reminder TEXT NOT NULL,
        opt_in_id INTEGER NOT NULL REFERENCES opt_ins (id) ON DELETE CASCADE,
        sent_on TEXT NOT NULL,
        PRIMARY KEY (reminder, opt_in_id)
    ) STRICT;

    CREATE TABLE officer_posts (
        id INTEGER PRIMARY KEY,
        officer_chat INTEGER NOT NULL,
        post INTEGER NOT NULL,
        posted_at TEXT NOT NULL
    ) STRICT;
    """,
    # 4: a contact request reaches a person (its state lives on the item, without who asked);
    # answers shown in "You said, we did" only once an officer publishes them; a keyed hash of
    # who made an opt-in, so /forget finds "another way" details too; which item an officer
    # post showed, so deleting the item deletes the post.
    """
    ALTER TABLE items ADD COLUMN contact TEXT
        CHECK (contact IN ('requested', 'contacted', 'unreachable', 'expired'));
    ALTER TABLE items ADD COLUMN published INTEGER NOT NULL DEFAULT 0
        CHECK (published IN (0, 1));
    ALTER TABLE opt_ins ADD COLUMN owner BLOB;
    CREATE INDEX opt_ins_owner ON opt_ins (owner);
    ALTER TABLE officer_posts ADD COLUMN item_id INTEGER;
    CREATE INDEX items_open ON items (status, urgent, id);
    CREATE INDEX items_contact ON items (contact);
    -- An officer's mark on the screen's call: it missed a child who needed help, or it raised
    -- a false alarm. Counted (never the text) in the daily digest and the board report.
    ALTER TABLE items ADD COLUMN screen_mark TEXT CHECK (screen_mark IN ('missed', 'false_alarm'));
    -- The language of a message not in English (ISO 639-1), so officers know to find help.
    ALTER TABLE items ADD COLUMN written_in TEXT;
    """,
    # 5: no hot path reads every item. The reading queue walks only open items, in reading
    # order; re-alerts find unread urgent items directly; the report's counts read one period's
    # rows from a covering index; /queue's counts by status are kept up to date as items change.
    """
    CREATE INDEX items_queue ON items (
        (CASE WHEN urgent = 1 OR contact = 'requested' THEN 1 ELSE 0 END) DESC, id
    ) WHERE status IN ('received', 'read') OR contact = 'requested';
    CREATE INDEX items_unread_urgent ON items (id) WHERE urgent = 1 AND acknowledged = 0;
    CREATE INDEX items_created ON items (created_on, kind, audience, on_behalf, urgent, theme);
    CREATE INDEX action_items_item ON action_items (item_id);
    CREATE TABLE status_counts (
        status TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    ) STRICT;
    INSERT INTO status_counts (status, n) SELECT status, COUNT(*) FROM items GROUP BY status;
    CREATE TRIGGER items_counted AFTER INSERT ON items BEGIN
        INSERT INTO status_counts (status, n) VALUES (NEW.status, 1)
            ON CONFLICT (status) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER items_uncounted AFTER DELETE ON items BEGIN
        UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
    END;
    CREATE TRIGGER items_recounted AFTER UPDATE OF status ON items
        WHEN OLD.status IS NOT NEW.status BEGIN
        UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
        INSERT INTO status_counts (status, n) VALUES (NEW.status, 1)
            ON CONFLICT (status) DO UPDATE SET n = n + 1;
    END;
    """,
    # 6: a conversation keyed by the receipt code, for people who cannot be messaged (the web
    # chat's "I'll check back with my code"): the team's replies and theirs, deleted with the
    # item.
    """
    CREATE TABLE replies (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        from_team INTEGER NOT NULL CHECK (from_team IN (0, 1)),
        text TEXT NOT NULL,
        created_on TEXT NOT NULL
    ) STRICT;
    CREATE INDEX replies_item ON replies (item_id, id);
    """,
    # 7: officer console accounts (staff, never young people). A password is kept only as an
    # argon2id hash; a set-up link only as the SHA-256 of its random token.
    """
    CREATE TABLE officer_accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('officer', 'manager', 'admin')),
        password_hash TEXT,
        totp_secret TEXT,
        totp_step_used INTEGER NOT NULL DEFAULT 0,
        setup_hash BLOB UNIQUE,
        setup_expires TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_on TEXT NOT NULL
    ) STRICT;
    """,
    # 8: a reply written in the console to someone who chose "message me here" in Telegram is
    # kept under the item (deleted with it) and sent by the outbox worker: the row names it.
    """
    ALTER TABLE outbox ADD COLUMN reply_id INTEGER REFERENCES replies (id) ON DELETE CASCADE;
    -- An officer's console account and their Telegram account are the same person: decisions
    -- in Telegram are recorded under the console name.
    ALTER TABLE officer_accounts ADD COLUMN telegram_id INTEGER;
    CREATE UNIQUE INDEX officer_accounts_telegram ON officer_accounts (telegram_id)
        WHERE telegram_id IS NOT NULL;
    """,
    # 9: how quickly young people were heard, for the board report, without a time of day.
    # read_on is the day an officer first read or decided a message. waited counts the seconds
    # an urgent message has been waiting for a decision: a job adds the time since its last
    # tick to every undecided urgent message, so no moment is ever stored against a message.
    """
    ALTER TABLE items ADD COLUMN read_on TEXT;
    ALTER TABLE items ADD COLUMN waited INTEGER;
    UPDATE items SET read_on = (
        SELECT MIN(a.on_day) FROM audit_log a WHERE a.item_id = items.id AND a.action IN
        ('viewed', 'for_board', 'not_for_board', 'taken_to_board', 'answered', 'referred',
         'no_action')
    );
    -- The report reads one period's rows from indexes alone: how they were heard, officers'
    -- marks on the screen, and the approved words it may quote.
    CREATE INDEX items_heard ON items (created_on, urgent, status, read_on, waited, contact);
    CREATE INDEX items_marked ON items (created_on, screen_mark) WHERE screen_mark IS NOT NULL;
    CREATE INDEX items_approved ON items (created_on, theme, board_text)
        WHERE status IN ('for_board', 'taken_to_board') AND urgent = 0
        AND board_text IS NOT NULL;
    -- The report's counts by day, kept up to date as items arrive, change and go: a trend over
    -- four periods reads a few hundred rows, not a year of items.
    CREATE TABLE item_counts (
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        audience TEXT NOT NULL,
        on_behalf INTEGER NOT NULL,
        urgent INTEGER NOT NULL,
        theme TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, kind, audience, on_behalf, urgent, theme)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO item_counts
        SELECT created_on, kind, audience, on_behalf, urgent, COALESCE(theme, ''), COUNT(*)
        FROM items GROUP BY 1, 2, 3, 4, 5, 6;
    CREATE TRIGGER items_day_counted AFTER INSERT ON items BEGIN
        INSERT INTO item_counts VALUES (NEW.created_on, NEW.kind, NEW.audience, NEW.on_behalf,
            NEW.urgent, COALESCE(NEW.theme, ''), 1)
            ON CONFLICT (day, kind, audience, on_behalf, urgent, theme) DO UPDATE SET n = n + 1;
    END;
    -- A count that falls to nothing is deleted with it: no trace of a deleted message stays.
    CREATE TRIGGER items_day_uncounted AFTER DELETE ON items BEGIN
        UPDATE item_counts SET n = n - 1 WHERE day = OLD.created_on AND kind = OLD.kind
            AND audience = OLD.audience AND on_behalf = OLD.on_behalf AND urgent = OLD.urgent
            AND theme = COALESCE(OLD.theme, '');
        DELETE FROM item_counts WHERE n <= 0 AND day = OLD.created_on;
    END;
    CREATE TRIGGER items_day_recounted
        AFTER UPDATE OF created_on, kind, audience, on_behalf, urgent, theme ON items BEGIN
        UPDATE item_counts SET n = n - 1 WHERE day = OLD.created_on AND kind = OLD.kind
            AND audience = OLD.audience AND on_behalf = OLD.on_behalf AND urgent = OLD.urgent
            AND theme = COALESCE(OLD.theme, '');
        DELETE FROM item_counts WHERE n <= 0 AND day = OLD.created_on;
        INSERT INTO item_counts VALUES (NEW.created_on, NEW.kind, NEW.audience, NEW.on_behalf,
            NEW.urgent, COALESCE(NEW.theme, ''), 1)
            ON CONFLICT (day, kind, audience, on_behalf, urgent, theme) DO UPDATE SET n = n + 1;
    END;
    """,
    # 10: an outbox row is claimed by one deliverer for a while (a lease), so two processes
    # that both believe they lead (during a failover) never send one alert twice.
    """
    ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    ALTER TABLE outbox ADD COLUMN claimed_until REAL;
    """,
    # 11: an item's number is never given again. SQLite gives a new row the highest id plus
    # one, so after the newest message was deleted the next took its number, and an officer's
    # open prompt or old button for "#12" acted on someone else's words. The highest number
    # ever given is kept here (only a number); a store predating this also counts the numbers
    # its audit log names. (PostgreSQL's identity column never gives a number twice.)
    """
    CREATE TABLE item_ids (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        issued INTEGER NOT NULL
    ) STRICT;
    INSERT INTO item_ids VALUES (1, MAX(
        COALESCE((SELECT MAX(id) FROM items), 0),
        COALESCE((SELECT MAX(item_id) FROM audit_log), 0)
    ));
    """,
    # 12: a reminder is claimed before it is sent, for a while (a lease), as the outbox is. A
    # sender killed between claiming and sending left its claim for ever, and that young person
    # never had the reminder: now a claim whose lease ran out unsent is sent by the next run.
    # claimed_until is when the claim ends; none means sent, as every row made before this was.
    """
    ALTER TABLE reminder_sends ADD COLUMN claimed_until REAL;
    """,
)


class MigrationsMixin(StoreCore):
    """Opening a database safely: its integrity, its schema and deletions a restore undid."""

    @staticmethod
    async def _check_integrity(db: aiosqlite.Connection, *, full: bool = False) -> None:
        """SQLite's quick check at every start (every page readable, rows well formed); the
        full check, which also proves every index matches its table, on request (check-db):
        on a million items it takes seconds."""
        try:
            check = "integrity_check" if full else "quick_check"
            async with db.execute(f"PRAGMA {check}") as cursor:
                rows = [r[0] for r in await cursor.fetchall()]
        except sqlite3.DatabaseError as error:
            raise StoreError(f"the database file cannot be read: {error}") from None
        if rows != ["ok"]:
            raise StoreError("the database failed its integrity check; restore from a backup")

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = int(row[0]) if row else 0
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the database is from a newer version (schema {version}); update the bot"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            # executescript commits first; the version bump is inside the same script.
            await self._db.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
            log.info("Database migrated to schema %d", number)
        if version < len(MIGRATIONS) or await self._statistics_stale():
            # Statistics for the query planner: without them, on a database that grew after its
            # last migration, /queue fetched every open item through two indexes and sorted
            # them (0.1 s at a million items) instead of walking its own index (0.1 ms). Full,
            # not sampled: sampled counts are capped, and with them the planner chose the sort
            # again. About 1 s on a million items, so only when the items doubled or halved.
            await self._db.execute("ANALYZE")
            await self._db.commit()

    async def _statistics_stale(self) -> bool:
        """The planner's count of items (from the last ANALYZE) is off by more than half, or
        there is none. The real count comes from status_counts, which triggers keep."""
        try:
            async with self._db.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'items' AND idx = 'items_open'"
            ) as cursor:
                row = await cursor.fetchone()
        except sqlite3.OperationalError:
            row = None  # never analysed
        analysed = int(str(row[0]).split()[0]) if row else 0
        async with self._db.execute("SELECT COALESCE(SUM(n), 0) FROM status_counts") as cursor:
            counted = await cursor.fetchone()
        items = int(counted[0]) if counted else 0
        return not analysed / 2 <= items <= analysed * 2

    async def _reapply_deletions(self) -> None:
        if str(self._path) == ":memory:" or not self._tombstones.exists():
            return
        hashes = [
            bytes.fromhex(line)
            for line in self._tombstones.read_text(encoding="ascii").split()
            if re.fullmatch(r"[0-9a-f]{64}", line)
        ]
        removed = 0
        async with self._write() as db:
            for receipt_hash in hashes:
                cursor = await db.execute(
                    "DELETE FROM items WHERE receipt_hash = ?", (receipt_hash,)
                )
                removed += cursor.rowcount
        if removed:
            log.warning("Re-applied %d deletion(s) to a restored database", removed)
            await self.checkpoint()
