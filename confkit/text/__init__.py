"""Words: the message catalogue, labels, dates and typography, in French and English."""
