-- rpt__tabel: the data quality chapter, every staged and analysis table of the warehouse with
-- its grain (meta_tabel). The same for every region. The number of rows of each table is in
-- meta_tabel, not here: it counts every region, and a delivery of one region would change the
-- verantwoording of all.
with tabel as (
    select tabel, korrel from meta_tabel
    where tabel like 'stg\_%' escape '\' or tabel like 'int\_\_%' escape '\' or tabel like 'agg\_\_%' escape '\'
),

final as (
    select r.regio_type, r.regio_code, t.tabel, t.korrel
    from ref_regio as r
    cross join tabel as t
)

select * from final
order by regio_type, regio_code, tabel
