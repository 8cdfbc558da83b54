"""Feedback a packer takes in without looking twice: the full-width banner, the alert
a scan cannot dismiss, and the four sounds (package data in `sounds/`)."""

from ui.feedback.banner import AlertOverlay, FeedbackBanner, FeedbackKind
from ui.feedback.sound import SoundPlayer

__all__ = ["AlertOverlay", "FeedbackBanner", "FeedbackKind", "SoundPlayer"]
