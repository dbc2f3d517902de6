-- rpt__uitruil: chapter 'Bouwstenen', the uitruil: per region, gemeente and main verdeel-groep the
-- woningen per year that bring the gemeente to its fair share under the verdeelsleutel of the
-- ingroeipad (agg__eerlijk_aandeel: instroom per year; a stand spread over the years to the
-- doeljaar; negative: the gemeente houses more than its share), so that taking more of one group
-- and less of another can be weighed in one unit. The gemeente's balance over the groups is
-- rpt__uitruil_saldo. huidig (the count now) lets the publication layer mask a cell that would
-- reveal a small count.
with instelling as (
    select ingroeipad_verdeelsleutel from ref_analyse_instelling
),

groep as (
    select g.regio_type, g.regio_code, g.aandachtsgroep, g.volgorde
    from int__regio_aandachtsgroep as g
    inner join ref_aandachtsgroep as a on g.aandachtsgroep = a.aandachtsgroep
    where g.hoofdgroep and a.rol = 'verdeling'
),

final as (
    select
        e.regio_type,
        e.regio_code,
        e.gemeente_code as gebied_code,
        e.aandachtsgroep,
        g.volgorde,
        e.gemeente_naam as gebied_naam,
        e.verdeelsleutel,
        e.huidig,
        e.opgave_eerlijk_aandeel_per_jaar
    from agg__eerlijk_aandeel as e
    inner join instelling as i on e.verdeelsleutel = i.ingroeipad_verdeelsleutel
    inner join groep as g
        on e.regio_type = g.regio_type and e.regio_code = g.regio_code and e.aandachtsgroep = g.aandachtsgroep
)

select * from final
order by regio_type, regio_code, gebied_code, aandachtsgroep
