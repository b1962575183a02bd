"""Development tools shared by the test run and the benchmark (not part of the product)."""
