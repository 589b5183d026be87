"""The outbox: mail is written in the same transaction as its cause and delivered after commit."""
