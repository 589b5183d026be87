"""Sign-ups to the public forms: storing them, seats and waiting lists, cancellation."""
