"""The intruder test of issue 10: can a reader narrow a masked count from what was published?

- :mod:`.publicatie` reads tabellen.xlsx and kerncijfers.json as a reader sees them, and names
  what each cell shows (a mart row's field) from the report's table metadata;
- :mod:`.openbaar` the public knowledge: inhabitants, key shares, growth factors, definitions;
- :mod:`.relaties` the relation families a reader can use, with the tables they cover;
- :mod:`.lp` the linear programme (scipy HiGHS) giving each masked count's feasible range;
- :mod:`.indringer` puts them together per region. Method: docs/methode/onthullingscontrole-toets.md.
"""
