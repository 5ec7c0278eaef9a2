"""The assistance app's pages, a module per subject."""
