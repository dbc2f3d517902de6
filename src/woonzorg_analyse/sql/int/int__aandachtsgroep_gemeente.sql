-- int__aandachtsgroep_gemeente: every aandachtsgroep (its hoofdlaag) per gemeente and peildatum.
-- Every gemeente of the referentiejaar's indeling (with CBS kerncijfers) gets a row for every
-- peildatum of the group, so a missing delivery shows as celstatus 'ontbreekt' instead of
-- disappearing from sums.
-- A suppressed cell (aantal empty, interval aantal_min..aantal_max, e.g. 0..4) is counted at the
-- middle of its interval and flagged onzeker; it is never a silent 0.
-- When a municipal delivery and CBS give the same cell, the municipal delivery counts.
with instelling as (
    select referentiejaar from ref_analyse_instelling
),

gemeente as (
    select g.gemeente_code, g.gemeente_naam
    from ref_gemeente as g
    inner join instelling as i on g.indeling_jaar = i.referentiejaar
    where g.gemeente_code in (select gemeente_code from stg_cbs__kerncijfers)
),

cellen as (
    select 1 as voorkeur, gemeente_code, peildatum, aandachtsgroep, laag, aantal, aantal_min, aantal_max
    from stg_gemeente__aandachtsgroepen
    union all
    select 2 as voorkeur, gemeente_code, peildatum, aandachtsgroep, laag, aantal, aantal_min, aantal_max
    from stg_cbs__aandachtsgroepen
),

hoofdlaag as (
    select c.*
    from cellen as c
    inner join ref_aandachtsgroep as a
        on c.aandachtsgroep = a.aandachtsgroep and c.laag = a.hoofdlaag
    -- the municipal delivery wins, unless its cell says nothing (no value and no interval)
    qualify row_number() over (
        partition by c.gemeente_code, c.aandachtsgroep, c.peildatum
        order by (c.aantal is null and (c.aantal_min is null or c.aantal_max is null)), c.voorkeur
    ) = 1
),

dekking as (
    -- how many gemeenten have a cell for the group on each peildatum
    select aandachtsgroep, peildatum, count(distinct gemeente_code) as gemeenten
    from hoofdlaag
    group by aandachtsgroep, peildatum
),

peildata as (
    -- "now" is the latest peildatum that covers at least half as many gemeenten as the group's
    -- best-covered peildatum: one early delivery for a later date does not make every other
    -- gemeente "ontbreekt" (its figure still counts for that peildatum, just not as "now")
    select
        aandachtsgroep,
        peildatum,
        peildatum = max(peildatum) filter (
            where 2 * gemeenten >= max_gemeenten
        ) over (partition by aandachtsgroep) as actueel
    from (
        select *, max(gemeenten) over (partition by aandachtsgroep) as max_gemeenten from dekking
    )
),

raster as (
    select g.gemeente_code, g.gemeente_naam, p.aandachtsgroep, p.peildatum, p.actueel
    from gemeente as g
    cross join peildata as p
),

cel as (
    select
        r.*,
        a.hoofdlaag as laag,
        a.eenheid,
        case
            when h.aantal is not null then 'bekend'
            when h.aantal_min is not null and h.aantal_min = h.aantal_max then 'bekend'  -- nil (-): 0
            when h.aantal_min is not null and h.aantal_max is not null then 'onderdrukt'
            else 'ontbreekt'
        end as celstatus,
        coalesce(h.aantal, (h.aantal_min + h.aantal_max) / 2) as aantal_schatting,
        coalesce(h.aantal_min, h.aantal) as aantal_min,
        coalesce(h.aantal_max, h.aantal) as aantal_max
    from raster as r
    inner join ref_aandachtsgroep as a on r.aandachtsgroep = a.aandachtsgroep
    left join hoofdlaag as h
        on r.gemeente_code = h.gemeente_code
        and r.aandachtsgroep = h.aandachtsgroep
        and r.peildatum = h.peildatum
),

eerste_inwoners as (
    select gemeente_code, arg_min(inwoners, peildatum) as inwoners
    from stg_cbs__kerncijfers
    group by gemeente_code
),

met_inwoners as (
    -- inhabitants on the latest 1 January on or before the peildatum; for a peildatum before the
    -- first CBS kerncijfers the earliest inhabitants there are (a figure is never left without)
    select c.*, coalesce(k.inwoners, e.inwoners) as inwoners
    from cel as c
    asof left join stg_cbs__kerncijfers as k
        on c.gemeente_code = k.gemeente_code and c.peildatum >= k.peildatum
    left join eerste_inwoners as e on c.gemeente_code = e.gemeente_code
),

final as (
    select
        gemeente_code,
        aandachtsgroep,
        peildatum,
        gemeente_naam,
        laag,
        eenheid,
        actueel,
        celstatus,
        aantal_schatting,
        aantal_min,
        aantal_max,
        celstatus <> 'bekend' as onzeker,
        inwoners,
        1000 * aantal_schatting / nullif(inwoners, 0) as per_1000_inwoners
    from met_inwoners
)

select * from final
order by gemeente_code, aandachtsgroep, peildatum
