-- rpt__vraag_aanbod_groep: chapter 'Vraag en aanbod', demand (central scenario, with the range over
-- all scenarios) against supply in the doeljaar per aandachtsgroep of the region, summed over the
-- woonvormen: saldo (netted over the region), tekort and overschot (summed over the gemeenten).
-- No total row: groups of different roles and measures (instroom per jaar, stand) do not add up;
-- rpt__kerncijfer_rol has the totals per role and measure. With figures from K of N gemeenten
-- (rpt__samenvatting.onvolledig) demand and tekort are those of the K.
with instelling as (
    select doeljaar from ref_analyse_instelling
),

groep as (
    select regio_type, regio_code, aandachtsgroep, volgorde, hoofdgroep, rol, maat, onvolledig,
        gemeenten_met_cijfer, aantal_gemeenten
    from rpt__samenvatting
),

per_groep as (
    select
        v.regio_type,
        v.regio_code,
        v.aandachtsgroep,
        sum(v.vraag_woningen) as vraag_woningen,
        sum(v.vraag_woningen_min) as vraag_woningen_min,
        sum(v.vraag_woningen_max) as vraag_woningen_max,
        sum(v.aanbod) as aanbod,
        sum(v.saldo) as saldo,
        sum(v.tekort) as tekort,
        sum(v.overschot) as overschot
    from agg__vraag_aanbod_regio as v
    inner join instelling as i on v.jaar = i.doeljaar
    group by v.regio_type, v.regio_code, v.aandachtsgroep
),

final as (
    select
        g.regio_type,
        g.regio_code,
        g.aandachtsgroep,
        g.volgorde,
        not g.hoofdgroep as subgroep,
        g.rol,
        g.maat,
        g.onvolledig,
        g.gemeenten_met_cijfer,
        g.aantal_gemeenten,
        p.vraag_woningen,
        p.vraag_woningen_min,
        p.vraag_woningen_max,
        p.aanbod,
        p.saldo,
        p.tekort,
        p.overschot
    from groep as g
    inner join per_groep as p
        on g.regio_type = p.regio_type and g.regio_code = p.regio_code and g.aandachtsgroep = p.aandachtsgroep
)

select * from final
order by regio_type, regio_code, aandachtsgroep
