"""Corpus building: user folders, Debian's recorded human speech and Debian's TTS voices."""
