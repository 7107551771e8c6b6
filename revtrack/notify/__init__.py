"""Webhook notifications: payloads, the outbox's delivery and its status."""
