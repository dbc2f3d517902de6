-- agg__verdeling_gemeente: the distribution of every aandachtsgroep over the gemeenten of every
-- region, per peildatum: share of the regional total, per 1,000 inhabitants and the location
-- quotient LQ = (N(g) / N(R)) / (inw(g) / inw(R)). Shares and LQ only count gemeenten with a
-- figure; a suppressed cell counts at the middle of its interval (see int__aandachtsgroep_gemeente).
-- The regional totals are one aggregate joined back (a window over every row sorted them all).
-- `regio` is not materialized: joining the gemeenten to their regions twice costs less than
-- storing the joined rows for both uses (3,5 million rows with 100x the deliveries: 3,4-3,8
-- instead of 4,2-5,7 CPU s, the same rows).
with regio as not materialized (
    select
        rg.regio_type,
        rg.regio_code,
        g.*
    from int__regio_gemeente as rg
    inner join int__aandachtsgroep_gemeente as g on rg.gemeente_code = g.gemeente_code
    where rg.volledig
),

totalen as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        peildatum,
        sum(aantal_schatting) as regio_aantal,
        sum(case when aantal_schatting is not null then inwoners end) as regio_inwoners
    from regio
    group by regio_type, regio_code, aandachtsgroep, peildatum
),

final as (
    select
        r.regio_type,
        r.regio_code,
        r.aandachtsgroep,
        r.peildatum,
        r.gemeente_code,
        r.gemeente_naam,
        r.laag,
        r.eenheid,
        r.actueel,
        r.celstatus,
        r.aantal_schatting,
        r.aantal_min,
        r.aantal_max,
        r.onzeker,
        r.inwoners,
        r.aantal_schatting / nullif(t.regio_aantal, 0) as aandeel_regio,
        r.per_1000_inwoners,
        (r.aantal_schatting / nullif(t.regio_aantal, 0)) / nullif(r.inwoners / t.regio_inwoners, 0) as locatiequotient
    from regio as r
    inner join totalen as t
        on r.regio_type = t.regio_type
        and r.regio_code = t.regio_code
        and r.aandachtsgroep = t.aandachtsgroep
        and r.peildatum = t.peildatum
)

select * from final
order by regio_type, regio_code, aandachtsgroep, peildatum, gemeente_code
