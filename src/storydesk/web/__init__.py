"""The local web UI and JSON API (`storydesk serve`)."""
