"""The pygame front end: app loop, scenes, drawing. Nothing outside ui/ imports it."""
