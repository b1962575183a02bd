from .selectors import demo_data_present


def demo_data(request) -> dict:
    # Lazy: pages that never render the banner (API, feeds) pay no query.
    return {"demo_data_present": demo_data_present}
