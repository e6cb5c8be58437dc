"""Importing interaction logs: readers turn files into native rows; the pipeline stores them."""
