-- rpt__verdeling_gemeente: chapters Huidige verdeling and Verdeling per aandachtsgroep, per region and aandachtsgroep: every gemeente on the group's
-- current peildatum with its count (and interval), share of the regional total, per 1,000
-- inhabitants and location quotient, its share of the inhabitants of the gemeenten with a figure
-- (like with like: the chart and the LQ compare the same gemeenten), and the region's total
-- (totaalrij: shares and LQ are 1 by definition).
with groep as (
    select regio_type, regio_code, aandachtsgroep from int__regio_aandachtsgroep
),

gemeente as (
    select
        v.regio_type,
        v.regio_code,
        v.aandachtsgroep,
        v.gemeente_code as gebied_code,
        v.gemeente_naam as gebied_naam,
        false as totaalrij,
        v.peildatum,
        v.aantal_schatting,
        v.aantal_min,
        v.aantal_max,
        v.onzeker,
        v.inwoners,
        v.aandeel_regio,
        case when v.aantal_schatting is not null then v.inwoners end / sum(
            case when v.aantal_schatting is not null then v.inwoners end
        ) over (partition by v.regio_type, v.regio_code, v.aandachtsgroep) as aandeel_inwoners,
        v.per_1000_inwoners,
        v.locatiequotient
    from agg__verdeling_gemeente as v
    inner join groep as g
        on v.regio_type = g.regio_type and v.regio_code = g.regio_code and v.aandachtsgroep = g.aandachtsgroep
    where v.actueel
),

totaal as (
    select
        r.regio_type,
        r.regio_code,
        r.aandachtsgroep,
        r.regio_code as gebied_code,
        'Totaal regio' as gebied_naam,
        true as totaalrij,
        r.peildatum,
        r.aantal_schatting,
        r.aantal_min,
        r.aantal_max,
        r.onzeker,
        r.inwoners,
        1.0 as aandeel_regio,
        1.0 as aandeel_inwoners,
        r.per_1000_inwoners,
        1.0 as locatiequotient
    from agg__verdeling_regio as r
    inner join groep as g
        on r.regio_type = g.regio_type and r.regio_code = g.regio_code and r.aandachtsgroep = g.aandachtsgroep
    where r.actueel
),

final as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        gebied_code,
        row_number() over (
            partition by regio_type, regio_code, aandachtsgroep order by totaalrij, gebied_naam, gebied_code
        ) as volgorde,
        gebied_naam,
        totaalrij,
        peildatum,
        aantal_schatting,
        aantal_min,
        aantal_max,
        onzeker,
        inwoners,
        aandeel_regio,
        aandeel_inwoners,
        per_1000_inwoners,
        locatiequotient
    from (select * from gemeente union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, aandachtsgroep, gebied_code
