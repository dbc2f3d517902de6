-- int__eerlijk_aandeel_sleutel: every gemeente's share of its region under every verdeelsleutel
-- that applies to the group, and the regional total today that the fair share divides
-- (agg__eerlijk_aandeel rounds it). Only groups with rol 'verdeling' (the regional evenredige
-- verdeling is about them); a key that lists groepen applies to those groups only.
-- Like with like: with figures from K of the N gemeenten of a region, the total of those K is
-- spread over those K; a gemeente without a figure gets no key share and no fair share.
-- 1. Each indicator (latest CBS kerncijfers; for the key taakstelling the statutory taakstelling
--    of the latest complete year, int__taakstelling) becomes the gemeente's share of the K; the
--    key weight is the weighted mix of those shares (ref_verdeelsleutel_gewicht).
-- 2. A damped key multiplies the weight of a gemeente whose location quotient today exceeds
--    demping_drempel by (demping_drempel / LQ) ^ demping_exponent; weights are rescaled to 1.
-- 3. totaal_regio: the group's regional total today over the K, rounded to a whole number.
-- A key share is empty for the whole verdeling when an indicator is missing for one of the K;
-- such a verdeling is left out (a key without its data, e.g. no taakstelling delivered, is no option).
with nu as (
    select v.*
    from agg__verdeling_gemeente as v
    inner join ref_aandachtsgroep as a on v.aandachtsgroep = a.aandachtsgroep
    where v.actueel and a.rol = 'verdeling'
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

taakstelling_jaar as (
    -- the latest year with both half-years
    select max(jaar) as jaar
    from (select jaar from int__taakstelling group by jaar having count(distinct halfjaar) = 2)
),

taakstelling as (
    select t.gemeente_code, cast(sum(t.taakstelling) as double) as waarde
    from int__taakstelling as t
    inner join taakstelling_jaar as j on t.jaar = j.jaar
    group by t.gemeente_code
),

indicator as (
    select gemeente_code, indicator, waarde
    from kerncijfers
    unpivot include nulls (
        waarde for indicator in (inwoners, huishoudens, woningvoorraad, sociale_huurvoorraad)
    )
    union all
    select gemeente_code, 'taakstelling_vergunninghouders' as indicator, waarde from taakstelling
),

sleutel_groep as (
    select s.verdeelsleutel, a.aandachtsgroep
    from ref_verdeelsleutel as s
    cross join ref_aandachtsgroep as a
    where a.rol = 'verdeling'
        and (s.groepen is null or list_contains(string_split(s.groepen, ','), a.aandachtsgroep))
),

basis as (
    select
        n.regio_type,
        n.regio_code,
        n.aandachtsgroep,
        k.verdeelsleutel,
        n.gemeente_code,
        n.gemeente_naam,
        n.peildatum,
        n.aantal_schatting as huidig,
        n.aantal_min as huidig_min,
        n.aantal_max as huidig_max,
        n.aandeel_regio as aandeel_huidig,
        n.onzeker as onzeker_cel,
        n.locatiequotient,
        n.aantal_schatting is not null as met_cijfer
    from nu as n
    inner join sleutel_groep as k on n.aandachtsgroep = k.aandachtsgroep
),

indicator_aandeel as (
    select
        b.regio_type,
        b.regio_code,
        b.aandachtsgroep,
        b.verdeelsleutel,
        b.gemeente_code,
        w.gewicht,
        case when b.met_cijfer then i.waarde end
            / nullif(sum(case when b.met_cijfer then i.waarde end) over verdeling_indicator, 0) as aandeel,
        count(case when b.met_cijfer then i.waarde end) over verdeling_indicator
            = count(*) filter (where b.met_cijfer) over verdeling_indicator as compleet
    from basis as b
    inner join ref_verdeelsleutel_gewicht as w on b.verdeelsleutel = w.verdeelsleutel
    left join indicator as i on b.gemeente_code = i.gemeente_code and w.indicator = i.indicator
    window verdeling_indicator as (
        partition by b.regio_type, b.regio_code, b.aandachtsgroep, b.verdeelsleutel, w.indicator
    )
),

sleutel as (
    select
        regio_type,
        regio_code,
        aandachtsgroep,
        verdeelsleutel,
        gemeente_code,
        case when bool_and(compleet and aandeel is not null) then sum(gewicht * aandeel) end as gewicht
    from indicator_aandeel
    group by regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code
),

gedempt as (
    select
        b.*,
        case when b.met_cijfer then s.gewicht * case
            when v.demping_drempel is not null and b.locatiequotient > v.demping_drempel
                then pow(v.demping_drempel / b.locatiequotient, v.demping_exponent)
            else 1.0
        end end as gewicht,
        bool_and(s.gewicht is not null) filter (where b.met_cijfer) over verdeling as sleutel_compleet
    from basis as b
    inner join sleutel as s
        on b.regio_type = s.regio_type
        and b.regio_code = s.regio_code
        and b.aandachtsgroep = s.aandachtsgroep
        and b.verdeelsleutel = s.verdeelsleutel
        and b.gemeente_code = s.gemeente_code
    inner join ref_verdeelsleutel as v on b.verdeelsleutel = v.verdeelsleutel
    window verdeling as (partition by b.regio_type, b.regio_code, b.aandachtsgroep, b.verdeelsleutel)
),

aandeel as (
    select
        *,
        bool_or(onzeker_cel) over verdeling as onzeker,
        cast(coalesce(round(sum(huidig) over verdeling), 0) as bigint) as totaal_regio,
        count(*) filter (where met_cijfer) over verdeling as gemeenten_met_cijfer,
        count(*) over verdeling as aantal_gemeenten,
        case
            when met_cijfer and sleutel_compleet then gewicht / nullif(sum(gewicht) over verdeling, 0)
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
        gemeenten_met_cijfer,
        aantal_gemeenten,
        aandeel_sleutel
    from aandeel
    -- a key whose indicator is absent from the data (no taakstelling delivered) is no option
    qualify count(aandeel_sleutel) over (partition by regio_type, regio_code, aandachtsgroep, verdeelsleutel) > 0
)

select * from final
order by regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code
