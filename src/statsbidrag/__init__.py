"""statsbidrag: Swedish state grants to the 21 regions as a validated data package.

Heavy libraries (pandas, pandera, duckdb) are imported only when a function that
needs them is called, so `import statsbidrag` stays fast.
"""

__version__ = "0.1.0"
