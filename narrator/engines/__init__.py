"""Speech engines: the protocol and lookup by name in :mod:`.base`; the default, pyttsx3, in :mod:`.pyttsx3_engine`."""
