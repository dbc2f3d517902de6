-- rpt__vraag_aanbod_gemeente: chapter 8, demand against supply in the doeljaar per gemeente of the
-- region, summed over the woonvormen and the main groups the region has figures for (subgroups
-- are part of their main group), with the opgave per year (agg__opgave, first verdeelsleutel:
-- the extra woningen per year up to the doeljaar to meet the demand), and the region's total.
with instelling as (
    select doeljaar, eerste_verdeelsleutel from ref_analyse_instelling
),

hoofdgroep as (
    select regio_type, regio_code, aandachtsgroep from int__regio_aandachtsgroep where hoofdgroep
),

vraag_aanbod as (
    select
        h.regio_type,
        h.regio_code,
        v.gemeente_code,
        any_value(v.gemeente_naam) as gemeente_naam,
        sum(v.vraag_woningen) as vraag_woningen,
        sum(v.vraag_woningen_min) as vraag_woningen_min,
        sum(v.vraag_woningen_max) as vraag_woningen_max,
        sum(v.aanbod) as aanbod,
        sum(v.saldo) as saldo,
        sum(v.tekort) as tekort,
        sum(v.overschot) as overschot
    from hoofdgroep as h
    inner join int__regio_gemeente as rg on h.regio_type = rg.regio_type and h.regio_code = rg.regio_code
    inner join agg__vraag_aanbod as v
        on rg.gemeente_code = v.gemeente_code and h.aandachtsgroep = v.aandachtsgroep
    inner join instelling as i on v.jaar = i.doeljaar
    group by h.regio_type, h.regio_code, v.gemeente_code
),

opgave as (
    select h.regio_type, h.regio_code, o.gemeente_code, sum(o.opgave_vraag_per_jaar) as opgave_vraag_per_jaar
    from hoofdgroep as h
    inner join agg__opgave as o
        on h.regio_type = o.regio_type and h.regio_code = o.regio_code and h.aandachtsgroep = o.aandachtsgroep
    where o.verdeelsleutel = (select eerste_verdeelsleutel from instelling)
    group by h.regio_type, h.regio_code, o.gemeente_code
),

gemeente as (
    select
        v.regio_type,
        v.regio_code,
        v.gemeente_code as gebied_code,
        v.gemeente_naam as gebied_naam,
        false as totaalrij,
        v.vraag_woningen,
        v.vraag_woningen_min,
        v.vraag_woningen_max,
        v.aanbod,
        v.saldo,
        v.tekort,
        v.overschot,
        o.opgave_vraag_per_jaar
    from vraag_aanbod as v
    left join opgave as o
        on v.regio_type = o.regio_type and v.regio_code = o.regio_code and v.gemeente_code = o.gemeente_code
),

totaal as (
    select
        regio_type,
        regio_code,
        regio_code as gebied_code,
        'Totaal' as gebied_naam,
        true as totaalrij,
        sum(vraag_woningen) as vraag_woningen,
        sum(vraag_woningen_min) as vraag_woningen_min,
        sum(vraag_woningen_max) as vraag_woningen_max,
        sum(aanbod) as aanbod,
        sum(saldo) as saldo,
        sum(tekort) as tekort,
        sum(overschot) as overschot,
        sum(opgave_vraag_per_jaar) as opgave_vraag_per_jaar
    from gemeente
    group by regio_type, regio_code
),

final as (
    select
        regio_type,
        regio_code,
        gebied_code,
        row_number() over (
            partition by regio_type, regio_code order by totaalrij, gebied_naam, gebied_code
        ) as volgorde,
        gebied_naam,
        totaalrij,
        vraag_woningen,
        vraag_woningen_min,
        vraag_woningen_max,
        aanbod,
        saldo,
        tekort,
        overschot,
        opgave_vraag_per_jaar
    from (select * from gemeente union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, gebied_code
