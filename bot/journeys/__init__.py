"""Channel-neutral journeys: what happens when a person taps or types, for every channel.

A journey reads and changes a person's in-memory `Session`, calls the services, and shows
channel-neutral `Screen`s through an `Outlet` the channel provides (Telegram today, the web
chat next). Nothing here imports `telegram` or produces HTML.
"""
