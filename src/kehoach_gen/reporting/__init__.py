"""Reports from a plan and its results: Báo cáo, sơ kết 6 tháng, Tờ trình, Biên bản họp xét.

Also the load-time check that funding amounts add up (``budget.check_budgets``).
"""
