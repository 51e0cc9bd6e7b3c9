"""The programme: its page (HTML and PDF) and the schedule feeds for conference apps."""
