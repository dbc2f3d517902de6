-- agg__groeibehoefte: expected demand per gemeente, aandachtsgroep, scenario and year, from the
-- referentiejaar to the last prognosis year (see definitions/scenarios.yaml):
--   vraag = basis x demografie_index x (1 + trend_gewicht x trend + extra_groei_pct / 100) ^ (jaar - basisjaar)
-- basis: the latest peildatum of the group (interval kept: bounds are grown with the same factor).
-- basisjaar: the year the peildatum stands for. An instroom dated 31-12 is the inflow of its own
--   year; a stand on 31 December is the stand at the turn of the year, so it counts for the next
--   year (CBS 85980NED gives stands on 1 January and on 31 December).
-- demografie_index: the scenario's value of the PBL/CBS prognosis variable, geometrically
--   interpolated between prognosis years, relative to the referentiejaar (1 for driver 'geen').
-- trend: the group's national yearly growth between its first and latest peildatum (in the same
--   years), over the gemeenten with a figure on every peildatum, capped at +/- trend_grens_pct.
-- woningen: vraag x woningen_per_eenheid of int__woningen_per_eenheid (the real ratio of
--   woonruimten per unit from CBS 85980NED where it gives one, else the constant of definitions/).
with instelling as (
    select referentiejaar, horizonjaar, trend_grens_pct / 100 as trend_grens
    from ref_analyse_instelling
),

jaren as (
    select unnest(range(referentiejaar, horizonjaar + 1)) as jaar from instelling
),

groep as (
    select
        g.*,
        case
            when a.maat = 'stand' then year(g.peildatum + interval 1 day)
            else year(g.peildatum)
        end as basisjaar
    from int__aandachtsgroep_gemeente as g
    inner join ref_aandachtsgroep as a on g.aandachtsgroep = a.aandachtsgroep
),

basis as (
    select * from groep where actueel
),

compleet as (
    select gemeente_code, aandachtsgroep
    from groep
    group by gemeente_code, aandachtsgroep
    having count(aantal_schatting) = count(*)
),

landelijk as (
    select g.aandachtsgroep, g.peildatum, g.basisjaar, sum(g.aantal_schatting) as totaal
    from groep as g
    inner join compleet as c on g.gemeente_code = c.gemeente_code and g.aandachtsgroep = c.aandachtsgroep
    group by g.aandachtsgroep, g.peildatum, g.basisjaar
),

trend as (
    select
        l.aandachtsgroep,
        greatest(-i.trend_grens, least(i.trend_grens, case
            when max(l.basisjaar) > min(l.basisjaar) and arg_min(l.totaal, l.peildatum) > 0
                then pow(
                    arg_max(l.totaal, l.peildatum) / arg_min(l.totaal, l.peildatum),
                    1.0 / (arg_max(l.basisjaar, l.peildatum) - arg_min(l.basisjaar, l.peildatum))
                ) - 1
            else 0.0
        end)) as trend
    from landelijk as l
    cross join instelling as i
    group by l.aandachtsgroep, i.trend_grens
),

prognose as (
    select
        p.gemeente_code,
        p.variabele,
        s.scenario,
        p.jaar,
        case s.prognosevariant
            when 'ondergrens' then p.ondergrens
            when 'bovengrens' then p.bovengrens
            else p.prognose
        end as waarde
    from stg_pbl__prognose as p
    cross join ref_scenario as s
),

knopen as (
    select
        *,
        lead(jaar) over reeks as volgend_jaar,
        lead(waarde) over reeks as volgende_waarde,
        min(jaar) over (partition by gemeente_code, variabele, scenario) as eerste_jaar,
        max(jaar) over (partition by gemeente_code, variabele, scenario) as laatste_jaar
    from prognose
    window reeks as (partition by gemeente_code, variabele, scenario order by jaar)
),

demografie_jaar as (
    select
        k.gemeente_code,
        k.variabele,
        k.scenario,
        j.jaar,
        case
            when k.volgend_jaar is null then k.waarde
            else k.waarde * pow(
                k.volgende_waarde / k.waarde,
                (least(greatest(j.jaar, k.eerste_jaar), k.laatste_jaar) - k.jaar) / (k.volgend_jaar - k.jaar)
            )
        end as waarde
    from jaren as j
    inner join knopen as k
        on least(greatest(j.jaar, k.eerste_jaar), k.laatste_jaar) >= k.jaar
        and (
            least(greatest(j.jaar, k.eerste_jaar), k.laatste_jaar) < k.volgend_jaar
            or (k.volgend_jaar is null and least(greatest(j.jaar, k.eerste_jaar), k.laatste_jaar) = k.jaar)
        )
),

demografie as (
    select
        *,
        waarde / nullif(first_value(waarde) over (
            partition by gemeente_code, variabele, scenario order by jaar
        ), 0) as index_
    from demografie_jaar
),

factor as (
    select
        b.gemeente_code,
        b.gemeente_naam,
        b.aandachtsgroep,
        a.scenario,
        j.jaar,
        b.peildatum as basis_peildatum,
        b.aantal_schatting as basis,
        b.aantal_min as basis_min,
        b.aantal_max as basis_max,
        b.onzeker,
        w.woningen_per_eenheid,
        case when a.demografie = 'geen' then 1.0 else d.index_ end
            * pow(
                greatest(1 + a.trend_gewicht * t.trend + a.extra_groei_pct / 100, 0.0),
                j.jaar - b.basisjaar
            ) as groeifactor
    from basis as b
    inner join int__woningen_per_eenheid as w
        on b.gemeente_code = w.gemeente_code and b.aandachtsgroep = w.aandachtsgroep
    inner join ref_scenario_groei as a on b.aandachtsgroep = a.aandachtsgroep
    inner join trend as t on b.aandachtsgroep = t.aandachtsgroep
    cross join jaren as j
    left join demografie as d
        on b.gemeente_code = d.gemeente_code
        and a.demografie = d.variabele
        and a.scenario = d.scenario
        and j.jaar = d.jaar
),

final as (
    select
        gemeente_code,
        gemeente_naam,
        aandachtsgroep,
        scenario,
        jaar,
        basis_peildatum,
        basis,
        groeifactor,
        basis * groeifactor as vraag,
        basis_min * groeifactor as vraag_min,
        basis_max * groeifactor as vraag_max,
        basis * groeifactor - basis as groei,
        basis * groeifactor * woningen_per_eenheid as vraag_woningen,
        basis_min * groeifactor * woningen_per_eenheid as vraag_woningen_min,
        basis_max * groeifactor * woningen_per_eenheid as vraag_woningen_max,
        onzeker
    from factor
)

select * from final
order by gemeente_code, aandachtsgroep, scenario, jaar
