-- rpt__eerlijk_aandeel: chapters 'Bouwstenen' and 'Eerlijk aandeel', per region, verdeel-groep and
-- verdeelsleutel every gemeente's count now, its fair share (agg__eerlijk_aandeel), the difference
-- (verschil = fair share - now) and the woningen per year to reach it by the doeljaar (negative:
-- the gemeente houses more than its share); a gemeente without a figure has all of them empty;
-- and the region's
-- total (totaalrij: the regional total now and the sum of the fair shares, which equals it).
with groep as (
    select regio_type, regio_code, aandachtsgroep from int__regio_aandachtsgroep
),

gemeente as (
    select
        e.regio_type,
        e.regio_code,
        e.aandachtsgroep,
        e.verdeelsleutel,
        e.gemeente_code as gebied_code,
        e.gemeente_naam as gebied_naam,
        false as totaalrij,
        e.peildatum,
        e.huidig,
        e.eerlijk_aandeel,
        e.verschil,
        e.opgave_eerlijk_aandeel_per_jaar
    from agg__eerlijk_aandeel as e
    inner join groep as g
        on e.regio_type = g.regio_type and e.regio_code = g.regio_code and e.aandachtsgroep = g.aandachtsgroep
),

totaal as (
    select
        e.regio_type,
        e.regio_code,
        e.aandachtsgroep,
        e.verdeelsleutel,
        e.regio_code as gebied_code,
        'Totaal regio' as gebied_naam,
        true as totaalrij,
        any_value(e.peildatum) as peildatum,
        cast(any_value(e.totaal_regio) as double) as huidig,
        sum(e.eerlijk_aandeel) as eerlijk_aandeel,
        null as verschil,
        null as opgave_eerlijk_aandeel_per_jaar
    from agg__eerlijk_aandeel as e
    inner join groep as g
        on e.regio_type = g.regio_type and e.regio_code = g.regio_code and e.aandachtsgroep = g.aandachtsgroep
    group by e.regio_type, e.regio_code, e.aandachtsgroep, e.verdeelsleutel
),

final as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        verdeelsleutel,
        gebied_code,
        row_number() over (
            partition by regio_type, regio_code, aandachtsgroep, verdeelsleutel
            order by totaalrij, gebied_naam, gebied_code
        ) as volgorde,
        gebied_naam,
        totaalrij,
        peildatum,
        huidig,
        eerlijk_aandeel,
        verschil,
        opgave_eerlijk_aandeel_per_jaar
    from (select * from gemeente union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, aandachtsgroep, verdeelsleutel, gebied_code
