-- agg__verdeling_gemeente: the distribution of every aandachtsgroep over the gemeenten of every
-- region, per peildatum: share of the regional total, per 1,000 inhabitants and the location
-- quotient LQ = (N(g) / N(R)) / (inw(g) / inw(R)). Shares and LQ only count gemeenten with a
-- figure; a suppressed cell counts at the middle of its interval (see int__aandachtsgroep_gemeente).
with groep as (
    select * from int__aandachtsgroep_gemeente
),

regio as (
    select
        rg.regio_type,
        rg.regio_code,
        g.*
    from int__regio_gemeente as rg
    inner join groep as g on rg.gemeente_code = g.gemeente_code
    where rg.volledig
),

totalen as (
    select
        *,
        sum(aantal_schatting) over regio_groep as regio_aantal,
        sum(case when aantal_schatting is not null then inwoners end) over regio_groep as regio_inwoners
    from regio
    window regio_groep as (partition by regio_type, regio_code, aandachtsgroep, peildatum)
),

final as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        peildatum,
        gemeente_code,
        gemeente_naam,
        laag,
        eenheid,
        actueel,
        celstatus,
        aantal_schatting,
        aantal_min,
        aantal_max,
        onzeker,
        inwoners,
        aantal_schatting / nullif(regio_aantal, 0) as aandeel_regio,
        per_1000_inwoners,
        (aantal_schatting / nullif(regio_aantal, 0)) / nullif(inwoners / regio_inwoners, 0) as locatiequotient
    from totalen
)

select * from final
order by regio_type, regio_code, aandachtsgroep, peildatum, gemeente_code
