"""largest_remainder answers a single code without a query; the answer must be the SQL's."""

from __future__ import annotations

import pandas as pd
import pytest

from woonzorg_analyse.transform.allocation import grootste_rest, largest_remainder


@pytest.mark.parametrize(("totaal", "gewicht"), [(0, 1.0), (7, 0.1), (12345, 3.3), (5, 0.0), (0, 0.0)])
def test_one_code_gets_what_the_sql_gives(totaal, gewicht):
    sql = grootste_rest(
        pd.DataFrame(
            {"verdeling": ["v"], "code": ["GM0001"], "te_verdelen": [totaal], "verdeelgewicht": [gewicht]}
        )
    )
    assert largest_remainder(totaal, [gewicht], ["GM0001"]) == [int(sql["toegewezen"].iloc[0])]
