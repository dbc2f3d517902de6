-- int__regio_invoerbestand: the input files each region's report is made from; its verantwoording
-- names them with their checksums. A file counts for a region when it gives rows for one of the
-- region's gemeenten (an old code followed through its herindelingen to the gemeente of the
-- referentiejaar) or when meta_invoerbestand_gemeente has no row of it (a national file such as
-- the taakstelling, the metadata of a CBS table, or the gemeentegrenzen: a map draws the
-- neighbouring gemeenten too). A region's own deliveries are therefore in its
-- list only, and a changed delivery writes again only the reports of the regions it touches.
with recursive opvolger(code, gemeente_code) as (
    select distinct gemeente_code, gemeente_code from meta_invoerbestand_gemeente
    union
    select o.code, h.nieuw_code
    from opvolger as o
    inner join ref_herindeling as h on o.gemeente_code = h.oud_code
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
