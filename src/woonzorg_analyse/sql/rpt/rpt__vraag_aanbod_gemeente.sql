-- rpt__vraag_aanbod_gemeente: chapter 'Vraag en aanbod', demand against supply in the doeljaar per
-- gemeente of the region and per role and measure of the groups (never a yearly inflow added to a
-- stock), summed over the woonvormen and the main groups of that role and measure the region has
-- figures for (subgroups are part of their main group), with the opgave per year (agg__opgave:
-- the extra woningen per year up to the doeljaar to meet the demand), and the region's total per
-- role and measure. groepen_met_cijfer of aantal_groepen: for how many of those groups the
-- gemeente has a figure; a gemeente without any has no demand (empty), one with some of them has
-- a partial sum (onvolledig), and so has the total when any gemeente is partial or empty.
-- The total counts a count the report masks at its aantal_publicatie (int__afscherming, see
-- agg__groeibehoefte_regio): its demand scaled, tekort, overschot and opgave following from that;
-- the gemeente's own row keeps the exact figures (the report masks them).
with instelling as (
    select doeljaar, doeljaar - referentiejaar as jaren_tot_doeljaar from ref_analyse_instelling
),

vraag_aanbod as (
    select
        rg.regio_type,
        rg.regio_code,
        v.*,
        v.vraag_woningen * coalesce(p.schaal, 1) as vraag_woningen_pub,
        v.vraag_woningen_min * coalesce(p.schaal, 1) as vraag_woningen_min_pub,
        v.vraag_woningen_max * coalesce(p.schaal, 1) as vraag_woningen_max_pub
    from int__regio_gemeente as rg
    inner join agg__vraag_aanbod as v on rg.gemeente_code = v.gemeente_code
    inner join instelling as i on v.jaar = i.doeljaar
    left join int__afscherming as p
        on rg.regio_type = p.regio_type
        and rg.regio_code = p.regio_code
        and v.aandachtsgroep = p.aandachtsgroep
        and v.gemeente_code = p.gebied_code
        and not p.totaalrij
),

hoofdgroep as (
    -- a group whose regional total the report masks is left out
    select g.regio_type, g.regio_code, g.aandachtsgroep, a.rol, a.maat
    from int__regio_aandachtsgroep as g
    inner join ref_aandachtsgroep as a on g.aandachtsgroep = a.aandachtsgroep
    anti join int__afscherming as k  -- a group whose regional total the report masks
        on g.regio_type = k.regio_type
        and g.regio_code = k.regio_code
        and g.aandachtsgroep = k.aandachtsgroep
        and k.totaalrij
        and k.afscherming is not null
    where g.hoofdgroep
),

per_groep as (
    -- one row per gemeente and group: demand and supply summed over the woonvormen
    select
        h.regio_type,
        h.regio_code,
        h.rol,
        h.maat,
        h.aandachtsgroep,
        v.gemeente_code,
        any_value(v.gemeente_naam) as gemeente_naam,
        sum(v.vraag_woningen) as vraag_woningen,
        sum(v.vraag_woningen_min) as vraag_woningen_min,
        sum(v.vraag_woningen_max) as vraag_woningen_max,
        sum(v.aanbod) as aanbod,
        sum(v.saldo) as saldo,
        sum(v.tekort) as tekort,
        sum(v.overschot) as overschot,
        bool_or(v.vraag_woningen is not null) as met_cijfer,
        sum(v.vraag_woningen_pub) as vraag_woningen_pub,
        sum(v.vraag_woningen_min_pub) as vraag_woningen_min_pub,
        sum(v.vraag_woningen_max_pub) as vraag_woningen_max_pub,
        sum(v.aanbod - v.vraag_woningen_pub) as saldo_pub,
        sum(case when v.vraag_woningen is not null then greatest(v.vraag_woningen_pub - v.aanbod, 0) end)
            as tekort_pub,
        sum(case when v.vraag_woningen is not null then greatest(v.aanbod - v.vraag_woningen_pub, 0) end)
            as overschot_pub,
        -- as agg__opgave: the shortage in the doeljaar, unknown when a woonvorm's is
        case when bool_and(v.tekort is not null) then
            sum(greatest(v.vraag_woningen_pub - v.aanbod, 0))
            / case when any_value(h.maat) = 'instroom' then 1 else any_value(i.jaren_tot_doeljaar) end
        end as opgave_vraag_per_jaar_pub
    from hoofdgroep as h
    inner join vraag_aanbod as v
        on h.regio_type = v.regio_type and h.regio_code = v.regio_code and h.aandachtsgroep = v.aandachtsgroep
    cross join instelling as i
    group by h.regio_type, h.regio_code, h.rol, h.maat, h.aandachtsgroep, v.gemeente_code
),

opgave as (
    select h.regio_type, h.regio_code, h.rol, h.maat, o.gemeente_code, sum(o.opgave_vraag_per_jaar) as opgave_vraag_per_jaar
    from hoofdgroep as h
    inner join int__regio_gemeente as rg on h.regio_type = rg.regio_type and h.regio_code = rg.regio_code
    inner join agg__opgave as o on rg.gemeente_code = o.gemeente_code and h.aandachtsgroep = o.aandachtsgroep
    group by h.regio_type, h.regio_code, h.rol, h.maat, o.gemeente_code
),

gemeente as (
    select
        p.regio_type,
        p.regio_code,
        p.rol,
        p.maat,
        p.gemeente_code as gebied_code,
        any_value(p.gemeente_naam) as gebied_naam,
        false as totaalrij,
        count(*) as aantal_groepen,
        count(*) filter (where p.met_cijfer) as groepen_met_cijfer,
        sum(p.vraag_woningen) as vraag_woningen,
        sum(p.vraag_woningen_min) as vraag_woningen_min,
        sum(p.vraag_woningen_max) as vraag_woningen_max,
        sum(p.aanbod) as aanbod,
        sum(p.saldo) as saldo,
        sum(p.tekort) filter (where p.met_cijfer) as tekort,
        sum(p.overschot) filter (where p.met_cijfer) as overschot,
        sum(p.vraag_woningen_pub) as vraag_woningen_pub,
        sum(p.vraag_woningen_min_pub) as vraag_woningen_min_pub,
        sum(p.vraag_woningen_max_pub) as vraag_woningen_max_pub,
        sum(p.saldo_pub) as saldo_pub,
        sum(p.tekort_pub) filter (where p.met_cijfer) as tekort_pub,
        sum(p.overschot_pub) filter (where p.met_cijfer) as overschot_pub,
        sum(p.opgave_vraag_per_jaar_pub) as opgave_vraag_per_jaar_pub
    from per_groep as p
    group by p.regio_type, p.regio_code, p.rol, p.maat, p.gemeente_code
),

met_opgave as (
    select
        g.*,
        g.groepen_met_cijfer < g.aantal_groepen as onvolledig,
        o.opgave_vraag_per_jaar
    from gemeente as g
    left join opgave as o
        on g.regio_type = o.regio_type
        and g.regio_code = o.regio_code
        and g.rol = o.rol
        and g.maat = o.maat
        and g.gebied_code = o.gemeente_code
),

totaal as (
    select
        regio_type,
        regio_code,
        rol,
        maat,
        regio_code as gebied_code,
        'Totaal' as gebied_naam,
        true as totaalrij,
        max(aantal_groepen) as aantal_groepen,
        min(groepen_met_cijfer) as groepen_met_cijfer,
        bool_or(onvolledig) as onvolledig,
        sum(vraag_woningen_pub) as vraag_woningen,
        sum(vraag_woningen_min_pub) as vraag_woningen_min,
        sum(vraag_woningen_max_pub) as vraag_woningen_max,
        sum(aanbod) as aanbod,
        sum(saldo_pub) as saldo,
        sum(tekort_pub) as tekort,
        sum(overschot_pub) as overschot,
        sum(opgave_vraag_per_jaar_pub) as opgave_vraag_per_jaar
    from met_opgave
    group by regio_type, regio_code, rol, maat
),

final as (
    select
        regio_type,
        regio_code,
        rol,
        maat,
        gebied_code,
        row_number() over (
            partition by regio_type, regio_code, rol, maat order by totaalrij, gebied_naam, gebied_code
        ) as volgorde,
        gebied_naam,
        totaalrij,
        aantal_groepen,
        groepen_met_cijfer,
        onvolledig,
        vraag_woningen,
        vraag_woningen_min,
        vraag_woningen_max,
        aanbod,
        saldo,
        tekort,
        overschot,
        opgave_vraag_per_jaar
    from (select * from met_opgave union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, rol, maat, gebied_code
