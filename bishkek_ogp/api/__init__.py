"""What every endpoint of the REST API shares: language, permissions, paging, limits, errors,
filters and the schema. The apps' API modules build on it; bishkek_ogp/api_urls.py assembles them.
"""
