-- int__regio_invoerbestand: the input files each region's report is made from; its verantwoording
-- names them with their checksums. A file whose rows a report uses only for their own gemeente
-- (the supply and mutatiegraad deliveries: meta_invoerbestand_gemeente, transform/staging.py
-- LOKAAL, with the codes as delivered) counts for the regions of its gemeenten, an old code
-- followed through its herindelingen up to the referentiejaar to the gemeente it became part of.
-- Every other file counts for every region: the CBS and national files, the gemeentegrenzen (a
-- map draws the neighbouring gemeenten) and the deliveries of aandachtsgroepen, whose figures the
-- groeibehoefte's national trend reads for every gemeente. A changed supply delivery therefore
-- writes again only the reports of the regions it touches.
with recursive opvolger(code, gemeente_code) as (
    select distinct gemeente_code, gemeente_code from meta_invoerbestand_gemeente
    union
    select o.code, h.nieuw_code
    from opvolger as o
    inner join ref_herindeling as h on o.gemeente_code = h.oud_code
    where h.datum <= (select make_date(referentiejaar, 1, 1) from ref_analyse_instelling)
),

per_gemeente as (
    select distinct rg.regio_type, rg.regio_code, b.bestand
    from meta_invoerbestand_gemeente as b
    inner join opvolger as o on b.gemeente_code = o.code
    inner join int__regio_gemeente as rg on o.gemeente_code = rg.gemeente_code
),

landelijk as (
    select r.regio_type, r.regio_code, m.bestand
    from ref_regio as r
    cross join meta_invoerbestand as m
    where m.bestand not in (select bestand from meta_invoerbestand_gemeente)
),

final as (
    select r.regio_type, r.regio_code, m.bestand, m.bron_code, m.sha256, m.fictief, m.peildata, m.rijen
    from (select * from per_gemeente union select * from landelijk) as r
    inner join meta_invoerbestand as m on r.bestand = m.bestand
)

select * from final
order by regio_type, regio_code, bestand
