"""The check-in desk: verifying badges, the journal of arrivals, the paper list and the phone scanner."""
