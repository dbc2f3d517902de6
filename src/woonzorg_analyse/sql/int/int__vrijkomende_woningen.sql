-- int__vrijkomende_woningen: the sociale huurwoningen that become free for a new household per
-- gemeente per year, in each region the gemeente counts in (int__regio_gemeente, complete regions):
--   vrijkomende_woningen = sociale_huurvoorraad x mutatiegraad
-- Years: from the first year with CBS kerncijfers to the doeljaar. The stock is that of 1 January of
-- the year; after the last known 1 January the last known stock carries on (voorraad_geschat).
-- The mutatiegraad, first that applies:
--   levering   the gemeente's delivered figure of the year, else of its latest earlier delivered year
--              (stg_gemeente__mutatiegraad; a delivery holds from its year on);
--   regio      the region's own assumption (ref_mutatiegraad_regio, woningmarkt.yaml per_regio);
--   landelijk  the national default with its source and year (ref_woningmarkt).
-- A later table that has a yearly demand per gemeente (woningen per jaar, e.g. a fair-share option
-- or a year of the ingroeipad) joins this one on regio_type, regio_code, gemeente_code and jaar and
-- divides by vrijkomende_woningen (see docs/methode/druk-sociale-voorraad.md).
with instelling as (
    select doeljaar from ref_analyse_instelling
),

landelijk as (
    select mutatiegraad, mutatiegraad_jaar, mutatiegraad_bron from ref_woningmarkt
),

voorraad as (
    select gemeente_code, year(peildatum) as jaar, peildatum, sociale_huurvoorraad
    from stg_cbs__kerncijfers
),

jaren as (
    select unnest(range(
        (select min(jaar) from voorraad),
        (select doeljaar from instelling) + 1
    )) as jaar
),

gemeente_jaar as (
    select rg.regio_type, rg.regio_code, rg.gemeente_code, rg.gemeente_naam, j.jaar
    from int__regio_gemeente as rg
    cross join jaren as j
    where rg.volledig
),

met_voorraad as (
    select
        g.*,
        v.peildatum as voorraad_peildatum,
        v.sociale_huurvoorraad,
        v.jaar < g.jaar as voorraad_geschat
    from gemeente_jaar as g
    asof inner join voorraad as v
        on g.gemeente_code = v.gemeente_code and g.jaar >= v.jaar
),

levering as (
    select
        gemeente_code,
        jaar,
        mutatiegraad,
        bestand || ', ' || plaats as bron
    from stg_gemeente__mutatiegraad
),

met_levering as (
    select
        m.*,
        l.mutatiegraad as graad_levering,
        l.jaar as jaar_levering,
        l.bron as bron_levering
    from met_voorraad as m
    asof left join levering as l
        on m.gemeente_code = l.gemeente_code and m.jaar >= l.jaar
),

gekozen as (
    select
        m.regio_type,
        m.regio_code,
        m.gemeente_code,
        m.gemeente_naam,
        m.jaar,
        m.sociale_huurvoorraad,
        m.voorraad_peildatum,
        m.voorraad_geschat,
        coalesce(m.graad_levering, r.mutatiegraad, n.mutatiegraad) as mutatiegraad,
        case
            when m.graad_levering is not null then m.jaar_levering
            when r.mutatiegraad is not null then r.mutatiegraad_jaar
            else n.mutatiegraad_jaar
        end as mutatiegraad_jaar,
        case
            when m.graad_levering is not null then 'levering'
            when r.mutatiegraad is not null then 'regio'
            else 'landelijk'
        end as mutatiegraad_herkomst,
        case
            when m.graad_levering is not null then m.bron_levering
            when r.mutatiegraad is not null then r.mutatiegraad_bron
            else n.mutatiegraad_bron
        end as mutatiegraad_bron
    from met_levering as m
    left join ref_mutatiegraad_regio as r
        on m.regio_type = r.regio_type and m.regio_code = r.regio_code
    cross join landelijk as n
),

final as (
    select
        *,
        sociale_huurvoorraad * mutatiegraad as vrijkomende_woningen
    from gekozen
)

select * from final
order by regio_type, regio_code, gemeente_code, jaar
