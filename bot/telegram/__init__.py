"""The Telegram channel: renders channel-neutral screens and handles Telegram updates."""
