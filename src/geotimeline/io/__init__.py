"""Readers and writers of timeline file formats, one module per format."""
