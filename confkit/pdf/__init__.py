"""PDF printing: HTML to PDF without fetching, booklet imposition, the streaming writer, fonts."""
