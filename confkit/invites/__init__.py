"""Invitations: their plan over time, calendars (ics), emails and SMTP sending."""
