"""storydesk: what several outlets say about one story, with the characters that back every answer."""

__version__ = "0.1.0"
