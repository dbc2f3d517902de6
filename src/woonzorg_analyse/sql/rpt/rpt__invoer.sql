-- rpt__invoer: the data quality chapter, the input files of each region per source
-- (int__regio_invoerbestand): how many, how many hold fictitious example figures, and their data
-- rows (from provenance.yaml).
with final as (
    select
        regio_type,
        regio_code,
        bron_code,
        count(*) as bestanden,
        count(*) filter (where fictief) as fictieve_bestanden,
        sum(rijen) as rijen
    from int__regio_invoerbestand
    group by regio_type, regio_code, bron_code
)

select * from final
order by regio_type, regio_code, bron_code
