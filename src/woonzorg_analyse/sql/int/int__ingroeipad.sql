-- int__ingroeipad: per region, verdeel-groep, gemeente and year from the referentiejaar to the
-- doeljaar, the share of the group on the ingroeipad: from today's share (of the gemeenten with a
-- figure) in a straight line to the fair share under the verdeelsleutel of the ingroeipad
-- (definitions.yaml, tempo lineair), and the regional demand of that year in the central scenario
-- that the share divides (agg__groeibehoefte_regio; rounded to a whole number). A gemeente
-- without a figure, or a group the key does not apply to, has no path.
with instelling as (
    select referentiejaar, doeljaar, ingroeipad_verdeelsleutel, centraal_scenario from ref_analyse_instelling
),

jaar as (
    select unnest(range(referentiejaar, doeljaar + 1)) as jaar from instelling
),

sleutel as (
    select s.*
    from int__eerlijk_aandeel_sleutel as s
    inner join instelling as i on s.verdeelsleutel = i.ingroeipad_verdeelsleutel
    where s.huidig is not null and s.aandeel_huidig is not null and s.aandeel_sleutel is not null
),

totaal as (
    select g.regio_type, g.regio_code, g.aandachtsgroep, g.jaar, cast(round(g.vraag) as bigint) as totaal_regio
    from agg__groeibehoefte_regio as g
    inner join instelling as i on g.scenario = i.centraal_scenario
),

final as (
    select
        s.regio_type,
        s.regio_code,
        s.aandachtsgroep,
        s.gemeente_code,
        j.jaar,
        s.verdeelsleutel,
        s.gemeente_naam,
        s.huidig,
        s.aandeel_huidig,
        s.aandeel_sleutel as aandeel_doel,
        s.aandeel_huidig + (s.aandeel_sleutel - s.aandeel_huidig)
            * (j.jaar - i.referentiejaar) / (i.doeljaar - i.referentiejaar) as aandeel_pad,
        t.totaal_regio
    from sleutel as s
    cross join jaar as j
    cross join instelling as i
    inner join totaal as t
        on s.regio_type = t.regio_type
        and s.regio_code = t.regio_code
        and s.aandachtsgroep = t.aandachtsgroep
        and j.jaar = t.jaar
)

select * from final
order by regio_type, regio_code, aandachtsgroep, gemeente_code, jaar
