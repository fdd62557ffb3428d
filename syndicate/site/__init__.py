"""The MkDocs side: the plugin that adds what MkDocs and Material lack for a practice blog."""
