"""Content texts: the `Texts` model, every sentence the bot says, and its placeholders."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationInfo, field_validator

from bot.content.fields import Text, Worded, Wording, _Model, check_placeholders

# ---------------------------------------------------------------------------------------------
# texts.yaml


class Texts(_Model):
    """Every sentence the bot says. Fields in {braces} are filled in by the bot."""

    PLACEHOLDERS: ClassVar[dict[str, frozenset[str]]] = {
        "welcome": frozenset({"council", "cicc"}),
        "privacy_summary": frozenset({"retention_days", "reading_hours"}),
        "not_watched": frozenset({"reading_hours", "response_time"}),
        "privacy_full": frozenset(
            {"retention_days", "reading_hours", "council", "officer_email", "privacy_url"}
        ),
        "meeting_when": frozenset({"date", "time"}),
        "meeting_where": frozenset({"venue"}),
        "meeting_views_by": frozenset({"date"}),
        "meeting_topics": frozenset({"topics"}),
        "meetings_intro": frozenset({"board"}),
        "offer_ages": frozenset({"min_age", "max_age"}),
        "offer_age_from": frozenset({"min_age"}),
        "offer_age_up_to": frozenset({"max_age"}),
        "help_out_of_hours": frozenset({"name", "number"}),
        "help_line_call": frozenset({"name", "number"}),
        "help_line_text": frozenset({"name", "number", "keyword"}),
        "help_command": frozenset({"reading_hours"}),
        "contact_officer": frozenset({"name", "email", "phone"}),
        "say_notice": frozenset({"reading_hours", "response_time"}),
        "ask_notice": frozenset({"reading_hours", "response_time"}),
        "type_message": frozenset({"max_chars"}),
        "type_question": frozenset({"max_chars"}),
        "too_long": frozenset({"length", "max_chars"}),
        "ack_code": frozenset({"code"}),
        "ack_next": frozenset({"reading_hours", "response_time"}),
        "ack_board": frozenset({"date", "views_by"}),
        "answer_optin_question": frozenset({"days"}),
        "rate_limited": frozenset({"per_hour", "per_day"}),
        "limits_note": frozenset({"per_hour", "per_day"}),
        "crisis_reply": frozenset({"reading_hours"}),
        "crisis_saved": frozenset({"code"}),
        "contact_other_prompt": frozenset({"days"}),
        "contact_saved": frozenset({"reading_hours", "days"}),
        "contact_saved_here": frozenset({"reading_hours", "days"}),
        "officer_queue_contacts": frozenset({"count"}),
        "officer_not_english": frozenset({"language"}),
        "officer_alert_contact": frozenset({"number"}),
        "officer_contact_here": frozenset({"number"}),
        "officer_contact_other": frozenset({"how"}),
        "officer_contact_closed": frozenset({"outcome"}),
        "officer_contact_closed_done": frozenset({"number"}),
        "officer_published": frozenset({"number"}),
        "officer_screen_marked": frozenset({"number"}),
        "officer_digest_marks": frozenset({"missed", "false_alarms"}),
        "officer_open_private_chat": frozenset({"number"}),
        "officer_reply_sent": frozenset({"number"}),
        "officer_reply_failed": frozenset({"number"}),
        "status_heading": frozenset({"date"}),
        "status_board": frozenset({"date"}),
        "delete_usage": frozenset({"officer_email"}),
        "we_did_question_about": frozenset({"theme"}),
        "officer_alert": frozenset({"kind", "number", "theme", "audience", "behalf"}),
        "officer_alert_urgent": frozenset({"kind", "number", "categories", "audience"}),
        "officer_realert": frozenset({"number"}),
        "officer_digest": frozenset({"count", "items"}),
        "officer_queue": frozenset(
            {"open", "urgent", "for_board", "not_for_board", "answered", "referred", "no_action"}
        ),
        "officer_item": frozenset({"number", "kind", "status", "theme", "audience", "day"}),
        "officer_hidden": frozenset({"names"}),
        "officer_risk": frozenset({"categories"}),
        "officer_reason": frozenset({"reason"}),
        "officer_answer": frozenset({"answer"}),
        "officer_redact_prompt": frozenset({"number"}),
        "officer_reason_prompt": frozenset({"number"}),
        "officer_pick_theme": frozenset({"number"}),
        "officer_done": frozenset({"number", "status"}),
        "officer_theme_set": frozenset({"number", "theme"}),
        "officer_redacted": frozenset({"number"}),
        "officer_already_decided": frozenset({"number", "status", "by"}),
        "officer_no_item": frozenset({"number"}),
        "officer_not_allowed": frozenset({"number", "why"}),
        "officer_answered": frozenset({"number"}),
        "officer_wedid_saved": frozenset({"number"}),
        "officer_wedid_updated": frozenset({"number", "status"}),
        "officer_export_caption": frozenset({"count"}),
        "officer_migrated": frozenset({"new"}),
        "report_subtitle": frozenset({"council", "board"}),
        "report_period": frozenset({"first", "last"}),
        "report_made": frozenset({"date"}),
        "report_chart_description": frozenset({"first", "last"}),
        "report_safeguarding_count": frozenset({"count", "decided"}),
        "report_decided_some": frozenset({"same_day", "later", "waiting"}),
        "report_read_some": frozenset({"read", "unread"}),
        "report_method_text": frozenset({"small", "read"}),
        "report_screen_marks": frozenset({"missed", "false_alarms"}),
        "report_fewer_than": frozenset({"small"}),
        "report_change_up": frozenset({"n"}),
        "report_change_down": frozenset({"n"}),
        "remind_offer": frozenset({"days"}),
        "reminder_views": frozenset({"board", "date", "views_by"}),
        "reminder_meeting": frozenset({"board", "date", "time"}),
        "officer_digest_daily": frozenset({"count", "themes", "urgent"}),
    }

    welcome: Worded
    privacy_summary: Worded
    not_watched: Worded
    help_heading: Worded
    who_are_you: Worded
    audience_saved: Worded
    menu_intro: Worded
    pledge_pick: Worded
    offer_pick_area: Worded
    offer_pick_item: Worded
    offer_what: Worded
    offer_who: Worded
    offer_how: Worded
    offer_ages: Worded
    offer_age_from: Worded
    offer_age_up_to: Worded
    offer_link: Worded
    meetings_intro: Worded
    meetings_none: Worded
    meeting_when: Worded
    meeting_where: Worded
    meeting_topics: Worded
    meeting_views_by: Worded
    meetings_take_part: Worded
    help_intro: Worded
    help_line_call: Worded
    help_line_text: Worded
    help_out_of_hours: Worded
    help_after: Worded
    privacy_full: Worded
    contact_officer: Worded
    help_command: Worded
    unknown: Worded
    media_only_text: Worded
    error_generic: Worded
    old_button: Worded
    say_notice: Worded
    ask_notice: Worded
    pick_topic: Worded
    on_behalf_question: Worded
    type_message: Worded
    type_question: Worded
    too_long: Worded
    preview_heading: Worded
    preview_check: Worded
    change_prompt: Worded
    cancelled: Worded
    nothing_to_send: Worded
    not_saved: Worded
    ack_thanks: Worded
    ack_question_thanks: Worded
    ack_code: Worded
    ack_next: Worded
    ack_board: Worded
    answer_optin_question: Worded
    answer_optin_saved: Worded
    answer_optin_declined: Worded
    rate_limited: Worded
    limits_note: Worded
    crisis_reply: Worded
    crisis_privacy: Worded
    crisis_saved: Worded
    crisis_not_saved: Worded
    contact_question: Worded
    check_intro: Worded
    check_question: Worded
    contact_how_question: Worded
    contact_other_prompt: Worded
    contact_saved: Worded
    contact_saved_here: Worded
    audience_before_writing: Worded
    contact_not_saved: Worded
    crisis_added: Worded
    reply_push_intro: Worded
    reply_push_outro: Worded
    contact_declined: Worded
    status_too_many: Worded
    status_usage: Worded
    status_not_found: Worded
    status_heading: Worded
    status_received: Worded
    status_read: Worded
    status_for_board: Worded
    status_not_for_board: Worded
    status_taken_to_board: Worded
    status_answered: Worded
    status_referred: Worded
    status_board: Worded
    status_urgent: Worded
    delete_usage: Worded
    deleted: Worded
    delete_kept_for_safety: Worded
    forget_done: Worded
    forget_nothing: Worded
    we_did_intro: Worded
    we_did_none: Worded
    we_did_planned: Worded
    we_did_in_progress: Worded
    we_did_done: Worded
    we_did_answers: Worded
    we_did_question_about: Worded
    status_answer: Worded
    status_actions: Worded
    status_no_action: Worded
    answer_push: Worded
    answer_push_after: Worded
    officer_alert: Worded
    officer_alert_urgent: Worded
    officer_realert: Worded
    officer_digest: Worded
    officer_on_behalf: Worded
    officer_queue: Worded
    officer_queue_empty: Worded
    officer_item: Worded
    officer_hidden: Worded
    officer_risk: Worded
    officer_suggestion: Worded
    officer_reason: Worded
    officer_answer: Worded
    officer_redact_prompt: Worded
    officer_reason_prompt: Worded
    officer_pick_theme: Worded
    officer_done: Worded
    officer_theme_set: Worded
    officer_redacted: Worded
    officer_already_decided: Worded
    officer_refused: Worded
    officer_no_item: Worded
    officer_not_allowed: Worded
    officer_answer_usage: Worded
    officer_answered: Worded
    officer_wedid_usage: Worded
    officer_wedid_saved: Worded
    officer_wedid_updated: Worded
    officer_export_caption: Worded
    officer_export_empty: Worded
    officer_migrated: Worded
    officer_queue_contacts: Worded
    officer_not_english: Worded
    officer_language_unknown: Worded
    officer_alert_contact: Worded
    officer_contact_here: Worded
    officer_contact_other: Worded
    officer_contact_closed: Worded
    officer_contact_closed_done: Worded
    officer_published: Worded
    officer_screen_marked: Worded
    officer_digest_marks: Worded
    officer_open_private_chat: Worded
    officer_reply_usage: Worded
    officer_reply_sent: Worded
    officer_reply_failed: Worded
    officer_error: Worded
    officer_report_dates: Worded
    button_we_did: Text
    officer_button_view: Text
    officer_button_contacted: Text
    officer_button_unreachable: Text
    officer_button_publish: Text
    officer_button_missed: Text
    officer_button_false_alarm: Text
    officer_button_board: Text
    officer_button_redact: Text
    officer_button_theme: Text
    officer_button_not_board: Text
    officer_button_referred: Text
    officer_button_no_action: Text
    officer_button_next: Text
    report_title: Worded
    report_subtitle: Worded
    report_period: Worded
    report_made: Worded
    report_headline: Worded
    report_total: Worded
    report_feedback: Worded
    report_questions_count: Worded
    report_in_care: Worded
    report_care_leaver: Worded
    report_carer: Worded
    report_on_behalf: Worded
    report_themes: Worded
    report_theme_column: Worded
    report_now_column: Worded
    report_before_column: Worded
    report_change_column: Worded
    report_chart_title: Worded
    report_chart_description: Worded
    report_quotes: Worded
    report_no_quotes: Worded
    report_questions: Worded
    report_no_questions: Worded
    report_safeguarding: Worded
    report_safeguarding_count: Worded
    report_decided_all: Worded
    report_decided_some: Worded
    report_we_did: Worded
    report_no_actions: Worded
    report_method: Worded
    report_method_text: Worded
    report_screen_marks: Worded
    report_read_all: Worded
    report_read_some: Worded
    report_fewer_than: Worded
    report_change_up: Worded
    report_change_down: Worded
    report_change_same: Worded
    report_change_hidden: Worded
    report_not_sure: Worded
    report_empty: Worded
    remind_offer: Worded
    remind_on: Worded
    remind_saved: Worded
    remind_stopped: Worded
    remind_declined: Worded
    reminder_views: Worded
    reminder_meeting: Worded
    officer_digest_daily: Worded
    button_say: Text
    button_ask: Text
    button_not_sure: Text
    button_own_view: Text
    button_childs_view: Text
    button_send: Text
    button_change: Text
    button_cancel: Text
    button_tell_me: Text
    button_no_thanks: Text
    button_not_safe: Text
    button_unsure_safe: Text
    button_safe_ok: Text
    button_contact_me: Text
    button_contact_here: Text
    button_contact_other: Text
    command_cancel: Text
    command_remind: Text
    button_remind: Text
    button_remind_yes: Text
    button_remind_stop: Text
    command_status: Text
    command_delete: Text
    command_forget: Text
    button_in_care: Text
    button_care_leaver: Text
    button_carer: Text
    button_pledge: Text
    button_offer: Text
    button_meetings: Text
    button_help: Text
    button_privacy: Text
    button_menu: Text
    button_back: Text
    button_all_areas: Text
    button_change_audience: Text
    command_start: Text
    command_menu: Text
    command_help: Text
    command_privacy: Text

    @field_validator("*", mode="after")
    @classmethod
    def _placeholders(cls, value: Any, info: ValidationInfo) -> Any:
        allowed = cls.PLACEHOLDERS.get(info.field_name or "", frozenset())
        variants = value.variants() if isinstance(value, Wording) else [value]
        try:
            for text in variants:
                check_placeholders(text, allowed)
        except ValueError as error:
            raise ValueError(f"{info.field_name} {error}") from None
        return value
