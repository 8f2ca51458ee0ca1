"""A chat as a package: python -m chat.server, python -m chat.client."""
