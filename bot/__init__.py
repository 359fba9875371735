"""Have Your Say: a Telegram bot for a Children in Care Council."""
