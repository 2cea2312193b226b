"""The group summary's tables, one module per table family, over one shared ``SummaryContext``.

``context`` holds what every table reads (the request, the data, the groups, the
populations and each question's answers, computed once); ``common`` the pure helpers
(categories, numbers, labels); ``generic`` the frequency, multiple-choice and statistics
tables every family is built from; then one module per family: ``volume`` (cases, flows,
gender × age), ``batteries`` and ``scales``, ``repeat_groups`` (interventions), ``needs``,
``before_after``, ``quality`` (response rates, answered questions, long-open cases).
``sections`` puts them in the report's order; ``isu.summary.engine`` is the entry point.
"""
