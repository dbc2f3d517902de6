-- rpt__samenvatting: per region and aandachtsgroep the figures of the summary, of the text of
-- chapter Huidige verdeling and of the data quality chapter: the size now (with its interval), how concentrated
-- the group is (dissimilarity index, the largest gemeente's share of the group and of the
-- inhabitants), how many gemeenten house more than their fair share under the first
-- verdeelsleutel, the demand in the doeljaar (central scenario, and the lowest and highest
-- scenario), and supply and shortage in the doeljaar (summed over the woonvormen).
-- Only the groups the region has figures for (int__regio_aandachtsgroep), with their role and
-- whether they are a main group. With figures from K of the N gemeenten (gemeenten_met_cijfer,
-- aantal_gemeenten) the totals are of those K and onvolledig is true: the report prints them as
-- an open range. grootste_eerlijk_aandeel: the largest gemeente's key share under the first
-- verdeelsleutel (verdeel-groepen only; the same figure as chapter 'Bouwstenen').
-- The dissimilarity index counts a count the report masks at its aantal_publicatie
-- (int__afscherming): the printed index gives away nothing about a masked count.
with instelling as (
    select referentiejaar, doeljaar, eerste_verdeelsleutel from ref_analyse_instelling
),

groep as (
    select g.regio_type, g.regio_code, g.aandachtsgroep, g.volgorde, g.hoofdgroep, a.rol, a.maat
    from int__regio_aandachtsgroep as g
    inner join ref_aandachtsgroep as a on g.aandachtsgroep = a.aandachtsgroep
),

scenario as (
    select
        scenario,
        centraal,
        row_number() over (order by volgorde, scenario) as rang,
        count(*) over () as aantal
    from ref_scenario
),

regio as (
    select * from agg__verdeling_regio where actueel
),

gemeente_publicatie as (
    select
        v.regio_type,
        v.regio_code,
        v.aandachtsgroep,
        a.aantal_publicatie,
        v.inwoners / sum(v.inwoners) over (partition by v.regio_type, v.regio_code, v.aandachtsgroep)
            as inwoneraandeel
    from agg__verdeling_gemeente as v
    inner join int__afscherming as a
        on v.regio_type = a.regio_type
        and v.regio_code = a.regio_code
        and v.aandachtsgroep = a.aandachtsgroep
        and v.gemeente_code = a.gebied_code
        and not a.totaalrij
    where v.actueel and v.aantal_schatting is not null
),

spreiding as (
    select
        p.regio_type,
        p.regio_code,
        p.aandachtsgroep,
        case when r.aantal_schatting > 0 then least(
            0.5 * sum(abs(p.aantal_publicatie / r.aantal_schatting - p.inwoneraandeel)), 1.0
        ) end as dissimilariteitsindex
    from gemeente_publicatie as p
    inner join regio as r
        on p.regio_type = r.regio_type and p.regio_code = r.regio_code and p.aandachtsgroep = r.aandachtsgroep
    group by p.regio_type, p.regio_code, p.aandachtsgroep, r.aantal_schatting
),

vraag as (
    select
        g.regio_type,
        g.regio_code,
        g.aandachtsgroep,
        any_value(g.vraag) filter (where s.centraal) as vraag,
        any_value(g.vraag_woningen) filter (where s.centraal) as vraag_woningen,
        any_value(g.vraag) filter (where s.rang = 1) as vraag_laag,
        any_value(g.vraag) filter (where s.rang = s.aantal) as vraag_hoog,
        any_value(g.gemeenten_met_cijfer) filter (where s.centraal) as vraag_gemeenten_met_cijfer
    from agg__groeibehoefte_regio as g
    inner join scenario as s on g.scenario = s.scenario
    inner join instelling as i on g.jaar = i.doeljaar
    group by g.regio_type, g.regio_code, g.aandachtsgroep
),

aanbod as (
    select
        v.regio_type,
        v.regio_code,
        v.aandachtsgroep,
        sum(v.aanbod) as aanbod,
        sum(v.tekort) as tekort
    from agg__vraag_aanbod_regio as v
    inner join instelling as i on v.jaar = i.doeljaar
    group by v.regio_type, v.regio_code, v.aandachtsgroep
),

boven as (
    select
        e.regio_type,
        e.regio_code,
        e.aandachtsgroep,
        count(*) filter (where e.verschil < 0) as gemeenten_boven_eerlijk_aandeel,
        any_value(e.aandeel_sleutel) filter (where e.gemeente_code = r.grootste_gemeente_code)
            as grootste_eerlijk_aandeel
    from agg__eerlijk_aandeel as e
    inner join regio as r
        on e.regio_type = r.regio_type and e.regio_code = r.regio_code and e.aandachtsgroep = r.aandachtsgroep
    where e.verdeelsleutel = (select eerste_verdeelsleutel from instelling)
    group by e.regio_type, e.regio_code, e.aandachtsgroep
),

final as (
    select
        g.regio_type,
        g.regio_code,
        g.aandachtsgroep,
        g.volgorde,
        g.hoofdgroep,
        g.rol,
        g.maat,
        r.peildatum,
        r.aantal_schatting,
        r.aantal_min,
        r.aantal_max,
        r.onzeker,
        r.aantal_gemeenten,
        r.onderdrukte_cellen,
        r.ontbrekende_gemeenten,
        r.gemeenten_met_cijfer,
        r.gemeenten_met_cijfer < r.aantal_gemeenten as onvolledig,
        sp.dissimilariteitsindex,
        r.grootste_gemeente_code,
        coalesce(gm.gemeente_naam, r.grootste_gemeente_code) as grootste_gemeente_naam,
        r.aandeel_grootste_gemeente,
        r.inwoneraandeel_grootste_gemeente,
        i.eerste_verdeelsleutel as verdeelsleutel,
        b.gemeenten_boven_eerlijk_aandeel,
        b.grootste_eerlijk_aandeel,
        v.vraag,
        v.vraag_laag,
        v.vraag_hoog,
        v.vraag_woningen,
        a.aanbod,
        a.tekort
    from groep as g
    inner join regio as r
        on g.regio_type = r.regio_type and g.regio_code = r.regio_code and g.aandachtsgroep = r.aandachtsgroep
    cross join instelling as i
    left join ref_gemeente as gm
        on r.grootste_gemeente_code = gm.gemeente_code and gm.indeling_jaar = i.referentiejaar
    left join spreiding as sp
        on g.regio_type = sp.regio_type and g.regio_code = sp.regio_code and g.aandachtsgroep = sp.aandachtsgroep
    left join boven as b
        on g.regio_type = b.regio_type and g.regio_code = b.regio_code and g.aandachtsgroep = b.aandachtsgroep
    left join vraag as v
        on g.regio_type = v.regio_type and g.regio_code = v.regio_code and g.aandachtsgroep = v.aandachtsgroep
    left join aanbod as a
        on g.regio_type = a.regio_type and g.regio_code = a.regio_code and g.aandachtsgroep = a.aandachtsgroep
)

select * from final
order by regio_type, regio_code, aandachtsgroep
