"""Badges: layouts as data, drawing, signed check-in tokens and QR codes."""
