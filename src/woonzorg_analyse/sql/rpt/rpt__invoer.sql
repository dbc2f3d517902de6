-- rpt__invoer: the data quality chapter, the input files of the build per source: how many, how
-- many hold fictitious example figures, and their data rows (from provenance.yaml). The same for
-- every region (a build reads all sources for all regions).
with invoer as (
    select
        bron_code,
        count(*) as bestanden,
        count(*) filter (where fictief) as fictieve_bestanden,
        sum(rijen) as rijen
    from meta_invoerbestand
    group by bron_code
),

final as (
    select r.regio_type, r.regio_code, i.bron_code, i.bestanden, i.fictieve_bestanden, i.rijen
    from ref_regio as r
    cross join invoer as i
)

select * from final
order by regio_type, regio_code, bron_code
