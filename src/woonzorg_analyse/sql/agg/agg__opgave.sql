-- agg__opgave: the woningen per year per gemeente and aandachtsgroep to meet the demand in the
-- doeljaar (definitions.yaml): the shortage left in the doeljaar after the planned supply (central
-- scenario, summed over woonvormen without netting surpluses). For a yearly inflow (maat
-- instroom) the shortage recurs every year, so the yearly effort is the shortage itself; for a
-- stock (maat stand) it is closed once, spread evenly over the years from the referentiejaar to the
-- doeljaar. Unknown demand gives an unknown opgave, never 0. (The effort to reach the fair share
-- is opgave_eerlijk_aandeel_per_jaar in agg__eerlijk_aandeel.)
with instelling as (
    select doeljaar, doeljaar - referentiejaar as jaren_tot_doeljaar from ref_analyse_instelling
),

tekort as (
    select
        v.gemeente_code,
        v.aandachtsgroep,
        any_value(v.gemeente_naam) as gemeente_naam,
        case when bool_and(v.tekort is not null) then sum(v.tekort) end as tekort_doeljaar,
        bool_or(v.onzeker) as onzeker
    from agg__vraag_aanbod as v
    inner join instelling as i on v.jaar = i.doeljaar
    group by v.gemeente_code, v.aandachtsgroep
),

final as (
    select
        t.gemeente_code,
        t.aandachtsgroep,
        t.gemeente_naam,
        i.jaren_tot_doeljaar,
        t.tekort_doeljaar,
        case when r.maat = 'instroom' then t.tekort_doeljaar
            else t.tekort_doeljaar / i.jaren_tot_doeljaar end as opgave_vraag_per_jaar,
        t.onzeker
    from tekort as t
    inner join ref_aandachtsgroep as r on t.aandachtsgroep = r.aandachtsgroep
    cross join instelling as i
)

select * from final
order by gemeente_code, aandachtsgroep
