"""newsframes: a versioned corpus of annotated news articles and the tools that build it."""

__version__ = "1.1.0"
TOOL_NAME = "newsframes"
