"""The summary page (Sammanställning) of the desktop app."""
