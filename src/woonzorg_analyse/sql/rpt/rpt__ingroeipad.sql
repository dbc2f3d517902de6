-- rpt__ingroeipad: chapter 'Bouwstenen', the ingroeipad per region and verdeel-groep: per gemeente
-- and year from the referentiejaar to the doeljaar its share on the path and the part of the
-- regional demand that share gives (in the group's unit and in woningen), and the region's total
-- per year (totaalrij).
with pad as (
    select * from agg__ingroeipad
),

gemeente as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        gemeente_code as gebied_code,
        jaar,
        gemeente_naam as gebied_naam,
        false as totaalrij,
        verdeelsleutel,
        huidig,
        aandeel_huidig,
        aandeel_doel,
        aandeel_pad,
        doel,
        doel_woningen
    from pad
),

totaal as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        regio_code as gebied_code,
        jaar,
        'Totaal regio' as gebied_naam,
        true as totaalrij,
        any_value(verdeelsleutel) as verdeelsleutel,
        sum(huidig) as huidig,
        1.0 as aandeel_huidig,
        1.0 as aandeel_doel,
        1.0 as aandeel_pad,
        sum(doel) as doel,
        sum(doel_woningen) as doel_woningen
    from pad
    group by regio_type, regio_code, aandachtsgroep, jaar
),

final as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        gebied_code,
        jaar,
        dense_rank() over (
            partition by regio_type, regio_code, aandachtsgroep order by totaalrij, gebied_naam, gebied_code
        ) as volgorde,
        gebied_naam,
        totaalrij,
        verdeelsleutel,
        huidig,
        aandeel_huidig,
        aandeel_doel,
        aandeel_pad,
        doel,
        doel_woningen
    from (select * from gemeente union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, aandachtsgroep, gebied_code, jaar
