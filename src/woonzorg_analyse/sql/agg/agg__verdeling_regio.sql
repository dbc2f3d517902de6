-- agg__verdeling_regio: per region, aandachtsgroep and peildatum the regional total with its
-- interval, the dissimilarity index against the population (half the sum of |group share -
-- inhabitant share| over the gemeenten with a figure; empty when nobody is in the group) and the
-- share held by the largest gemeente (most inhabitants; ties: lowest code) of the group and of the
-- inhabitants of the gemeenten with a figure (like with like). With figures from K of the N
-- gemeenten (gemeenten_met_cijfer, aantal_gemeenten) the total is the sum of the K and the upper
-- bound is unknown (empty): an open range.
-- Two aggregates instead of windows over every row: the totals, then (joined back to the
-- gemeenten) the dissimilarity and the largest gemeente.
with totaal as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        peildatum,
        any_value(laag) as laag,
        any_value(eenheid) as eenheid,
        bool_and(actueel) as actueel,
        count(*) as aantal_gemeenten,
        count(*) filter (where celstatus = 'onderdrukt') as onderdrukte_cellen,
        count(*) filter (where celstatus = 'ontbreekt') as ontbrekende_gemeenten,
        count(aantal_schatting) as gemeenten_met_cijfer,
        sum(aantal_schatting) as aantal_schatting,
        coalesce(sum(aantal_min), 0) as aantal_min,
        case when bool_and(aantal_max is not null) then sum(aantal_max) end as aantal_max,
        bool_or(onzeker) as onzeker,
        sum(inwoners) as inwoners,
        sum(case when aantal_schatting is not null then inwoners end) as inwoners_met_cijfer,
        max(inwoners) as grootste_inwoners
    from agg__verdeling_gemeente
    group by regio_type, regio_code, aandachtsgroep, peildatum
),

per_gemeente as (
    select
        t.regio_type,
        t.regio_code,
        t.aandachtsgroep,
        t.peildatum,
        0.5 * sum(abs(g.aandeel_regio - g.inwoners / t.inwoners_met_cijfer)) as dissimilariteitsindex,
        -- the largest gemeente: most inhabitants, of those the lowest code
        min(g.gemeente_code) filter (where g.inwoners is not distinct from t.grootste_inwoners)
            as grootste_gemeente_code,
        arg_min_null(g.aantal_schatting, g.gemeente_code) filter (
            where g.inwoners is not distinct from t.grootste_inwoners
        ) as grootste_aantal
    from agg__verdeling_gemeente as g
    inner join totaal as t
        on g.regio_type = t.regio_type
        and g.regio_code = t.regio_code
        and g.aandachtsgroep = t.aandachtsgroep
        and g.peildatum = t.peildatum
    group by t.regio_type, t.regio_code, t.aandachtsgroep, t.peildatum
),

final as (
    select
        t.regio_type,
        t.regio_code,
        t.aandachtsgroep,
        t.peildatum,
        t.laag,
        t.eenheid,
        t.actueel,
        t.aantal_gemeenten,
        t.onderdrukte_cellen,
        t.ontbrekende_gemeenten,
        t.gemeenten_met_cijfer,
        t.aantal_schatting,
        t.aantal_min,
        t.aantal_max,
        t.onzeker,
        t.inwoners,
        1000 * t.aantal_schatting / nullif(t.inwoners_met_cijfer, 0) as per_1000_inwoners,
        case when t.aantal_schatting > 0 then least(p.dissimilariteitsindex, 1.0) end as dissimilariteitsindex,
        p.grootste_gemeente_code,
        p.grootste_aantal / nullif(t.aantal_schatting, 0) as aandeel_grootste_gemeente,
        case when p.grootste_aantal is not null
            then t.grootste_inwoners / nullif(t.inwoners_met_cijfer, 0) end as inwoneraandeel_grootste_gemeente
    from totaal as t
    inner join per_gemeente as p
        on t.regio_type = p.regio_type
        and t.regio_code = p.regio_code
        and t.aandachtsgroep = p.aandachtsgroep
        and t.peildatum = p.peildatum
)

select * from final
order by regio_type, regio_code, aandachtsgroep, peildatum
