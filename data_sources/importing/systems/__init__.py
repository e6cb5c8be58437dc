"""Readers for the exports of real helpdesk and contact-centre systems (one module each)."""
