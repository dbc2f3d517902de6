-- rpt__tabel: the data quality chapter, every staged and analysis table of the warehouse with
-- its grain and number of rows (meta_tabel, counted when the build wrote them). The same for
-- every region: the counts are of the whole warehouse.
with tabel as (
    select tabel, korrel, rijen from meta_tabel
    where tabel like 'stg\_%' escape '\' or tabel like 'int\_\_%' escape '\' or tabel like 'agg\_\_%' escape '\'
),

final as (
    select r.regio_type, r.regio_code, t.tabel, t.korrel, t.rijen
    from ref_regio as r
    cross join tabel as t
)

select * from final
order by regio_type, regio_code, tabel
