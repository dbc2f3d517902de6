-- int__eerlijk_aandeel_sleutel: every gemeente's share of its region under every verdeelsleutel, and the
-- regional total today that the fair share divides (agg__eerlijk_aandeel rounds it).
-- 1. Each indicator (latest CBS kerncijfers) becomes the gemeente's share of the region; the key
--    weight is the weighted mix of those shares (ref_verdeelsleutel_gewicht).
-- 2. A damped key multiplies the weight of a gemeente whose location quotient today exceeds
--    demping_drempel by (demping_drempel / LQ) ^ demping_exponent; weights are rescaled to 1.
-- 3. totaal_regio: the group's regional total today, rounded to a whole number.
-- A key share is empty when an indicator is missing for a gemeente of the region.
with nu as (
    select * from agg__verdeling_gemeente where actueel
),

kerncijfers as (
    select
        gemeente_code,
        cast(inwoners as double) as inwoners,
        cast(huishoudens as double) as huishoudens,
        cast(woningvoorraad as double) as woningvoorraad,
        cast(sociale_huurvoorraad as double) as sociale_huurvoorraad
    from stg_cbs__kerncijfers
    where peildatum = (select max(peildatum) from stg_cbs__kerncijfers)
),

indicator as (
    select gemeente_code, indicator, waarde
    from kerncijfers
    unpivot include nulls (
        waarde for indicator in (inwoners, huishoudens, woningvoorraad, sociale_huurvoorraad)
    )
),

indicator_aandeel as (
    select
        rg.regio_type,
        rg.regio_code,
        rg.gemeente_code,
        i.indicator,
        i.waarde / nullif(sum(i.waarde) over regio_indicator, 0) as aandeel,
        count(i.waarde) over regio_indicator = count(*) over regio_indicator as compleet
    from int__regio_gemeente as rg
    inner join indicator as i on rg.gemeente_code = i.gemeente_code
    where rg.volledig
    window regio_indicator as (partition by rg.regio_type, rg.regio_code, i.indicator)
),

sleutel as (
    select
        a.regio_type,
        a.regio_code,
        a.gemeente_code,
        w.verdeelsleutel,
        case when bool_and(a.compleet and a.aandeel is not null) then sum(w.gewicht * a.aandeel) end
            as gewicht
    from indicator_aandeel as a
    inner join ref_verdeelsleutel_gewicht as w on a.indicator = w.indicator
    group by a.regio_type, a.regio_code, a.gemeente_code, w.verdeelsleutel
),

gedempt as (
    select
        n.regio_type,
        n.regio_code,
        n.aandachtsgroep,
        s.verdeelsleutel,
        n.gemeente_code,
        n.gemeente_naam,
        n.peildatum,
        n.aantal_schatting as huidig,
        n.aantal_min as huidig_min,
        n.aantal_max as huidig_max,
        n.aandeel_regio as aandeel_huidig,
        n.onzeker as onzeker_cel,
        s.gewicht * case
            when v.demping_drempel is not null and n.locatiequotient > v.demping_drempel
                then pow(v.demping_drempel / n.locatiequotient, v.demping_exponent)
            else 1.0
        end as gewicht
    from nu as n
    inner join sleutel as s
        on n.regio_type = s.regio_type and n.regio_code = s.regio_code and n.gemeente_code = s.gemeente_code
    inner join ref_verdeelsleutel as v on s.verdeelsleutel = v.verdeelsleutel
),

aandeel as (
    select
        *,
        bool_or(onzeker_cel) over verdeling as onzeker,
        cast(coalesce(round(sum(huidig) over verdeling), 0) as bigint) as totaal_regio,
        case
            when count(gewicht) over verdeling = count(*) over verdeling
                then gewicht / nullif(sum(gewicht) over verdeling, 0)
        end as aandeel_sleutel
    from gedempt
    window verdeling as (partition by regio_type, regio_code, aandachtsgroep, verdeelsleutel)
),

final as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        verdeelsleutel,
        gemeente_code,
        gemeente_naam,
        peildatum,
        huidig,
        huidig_min,
        huidig_max,
        aandeel_huidig,
        onzeker,
        totaal_regio,
        aandeel_sleutel
    from aandeel
)

select * from final
order by regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code
