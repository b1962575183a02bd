"""The authorization matrix: every role against every write path and every non-public page.

world.py builds the roles and the rows they act on, matrix.py says what "allowed" and "denied"
look like on each surface, rows_*.py are the tables and test_matrix.py runs them.
"""
