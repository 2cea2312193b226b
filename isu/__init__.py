"""isu: individbaserad systematisk uppföljning för sociala insatsgrupper (SIG)."""

__version__ = "0.1.0"
