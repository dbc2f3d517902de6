-- agg__verdeling_regio: per region, aandachtsgroep and peildatum the regional total with its
-- interval, the dissimilarity index against the population (half the sum of |group share -
-- inhabitant share| over the gemeenten with a figure; empty when nobody is in the group) and the
-- share held by the largest gemeente (most inhabitants; ties: lowest code) of the group and of the
-- inhabitants of the gemeenten with a figure (like with like). With figures from K of the N
-- gemeenten (gemeenten_met_cijfer, aantal_gemeenten) the total is the sum of the K and the upper
-- bound is unknown (empty): an open range.
with gemeente as (
    select
        *,
        inwoners / sum(case when aantal_schatting is not null then inwoners end) over (
            partition by regio_type, regio_code, aandachtsgroep, peildatum
        ) as inwoneraandeel
    from agg__verdeling_gemeente
),

grootste as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        peildatum,
        gemeente_code as grootste_gemeente_code,
        aantal_schatting as grootste_aantal,
        inwoners as grootste_inwoners
    from gemeente
    qualify row_number() over (
        partition by regio_type, regio_code, aandachtsgroep, peildatum
        order by inwoners desc, gemeente_code
    ) = 1
),

totaal as (
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
        0.5 * sum(abs(aandeel_regio - inwoneraandeel)) as dissimilariteitsindex
    from gemeente
    group by regio_type, regio_code, aandachtsgroep, peildatum
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
        case when t.aantal_schatting > 0 then least(t.dissimilariteitsindex, 1.0) end as dissimilariteitsindex,
        g.grootste_gemeente_code,
        g.grootste_aantal / nullif(t.aantal_schatting, 0) as aandeel_grootste_gemeente,
        case when g.grootste_aantal is not null
            then g.grootste_inwoners / nullif(t.inwoners_met_cijfer, 0) end as inwoneraandeel_grootste_gemeente
    from totaal as t
    inner join grootste as g
        on t.regio_type = g.regio_type
        and t.regio_code = g.regio_code
        and t.aandachtsgroep = g.aandachtsgroep
        and t.peildatum = g.peildatum
)

select * from final
order by regio_type, regio_code, aandachtsgroep, peildatum
