-- rpt__factsheet: the factsheet of every gemeente of a region: per aandachtsgroep of the region
-- its count now, per 1,000 inhabitants and location quotient, its fair share and the difference
-- (first verdeelsleutel), the demand in the doeljaar (central scenario) and the shortage left in
-- the doeljaar (agg__opgave).
with instelling as (
    select doeljaar, eerste_verdeelsleutel, centraal_scenario from ref_analyse_instelling
),

groep as (
    select regio_type, regio_code, aandachtsgroep, volgorde from int__regio_aandachtsgroep
),

final as (
    select
        v.regio_type,
        v.regio_code,
        v.gemeente_code,
        v.aandachtsgroep,
        g.volgorde,
        v.gemeente_naam,
        v.peildatum,
        v.aantal_schatting,
        v.per_1000_inwoners,
        v.locatiequotient,
        e.eerlijk_aandeel,
        e.verschil,
        b.vraag,
        o.tekort_doeljaar
    from agg__verdeling_gemeente as v
    inner join groep as g
        on v.regio_type = g.regio_type and v.regio_code = g.regio_code and v.aandachtsgroep = g.aandachtsgroep
    cross join instelling as i
    left join agg__eerlijk_aandeel as e
        on v.regio_type = e.regio_type
        and v.regio_code = e.regio_code
        and v.aandachtsgroep = e.aandachtsgroep
        and v.gemeente_code = e.gemeente_code
        and e.verdeelsleutel = i.eerste_verdeelsleutel
    left join agg__groeibehoefte as b
        on v.gemeente_code = b.gemeente_code
        and v.aandachtsgroep = b.aandachtsgroep
        and b.scenario = i.centraal_scenario
        and b.jaar = i.doeljaar
    left join agg__opgave as o on v.gemeente_code = o.gemeente_code and v.aandachtsgroep = o.aandachtsgroep
    where v.actueel
)

select * from final
order by regio_type, regio_code, gemeente_code, aandachtsgroep
