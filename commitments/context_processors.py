from .selectors import current_plan, demo_data_present


def demo_data(request) -> dict:
    # Lazy: pages that never render the banners (API, feeds) pay no query.
    return {"demo_data_present": demo_data_present, "site_plan": current_plan}
