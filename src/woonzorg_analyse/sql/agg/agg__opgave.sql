-- agg__opgave: woningen per year per gemeente to reach the doeljaar (definitions.yaml).
-- For a stock (maat stand) a gap is closed once, spread evenly over the years from the
-- referentiejaar to the doeljaar; for a yearly inflow (maat instroom) the gap recurs every year,
-- so the yearly effort is the gap itself:
-- opgave_vraag_per_jaar: the shortage left in the doeljaar after the planned supply (central
--   scenario, summed over woonvormen without netting surpluses), / jaren_tot_doeljaar for stand;
-- opgave_eerlijk_aandeel_per_jaar: the gap to the fair share in woningen (agg__eerlijk_aandeel),
--   / jaren_tot_doeljaar for stand; negative = the gemeente houses more than its share today.
with instelling as (
    select doeljaar, doeljaar - referentiejaar as jaren_tot_doeljaar from ref_analyse_instelling
),

tekort as (
    select
        v.gemeente_code,
        v.aandachtsgroep,
        case when bool_and(v.tekort is not null) then sum(v.tekort) end as tekort_doeljaar,
        bool_or(v.onzeker) as onzeker
    from agg__vraag_aanbod as v
    inner join instelling as i on v.jaar = i.doeljaar
    group by v.gemeente_code, v.aandachtsgroep
),

final as (
    select
        e.regio_type,
        e.regio_code,
        e.aandachtsgroep,
        e.verdeelsleutel,
        e.gemeente_code,
        e.gemeente_naam,
        i.jaren_tot_doeljaar,
        t.tekort_doeljaar,
        case when r.maat = 'instroom' then t.tekort_doeljaar
            else t.tekort_doeljaar / i.jaren_tot_doeljaar end as opgave_vraag_per_jaar,
        e.verschil_woningen,
        case when r.maat = 'instroom' then e.verschil_woningen
            else e.verschil_woningen / i.jaren_tot_doeljaar end as opgave_eerlijk_aandeel_per_jaar,
        e.onzeker or coalesce(t.onzeker, true) as onzeker
    from agg__eerlijk_aandeel as e
    inner join ref_aandachtsgroep as r on e.aandachtsgroep = r.aandachtsgroep
    cross join instelling as i
    left join tekort as t
        on e.gemeente_code = t.gemeente_code and e.aandachtsgroep = t.aandachtsgroep
)

select * from final
order by regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code
