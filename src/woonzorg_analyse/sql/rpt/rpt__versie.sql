-- rpt__versie: the version of each region's calculation, printed on its title page and in its
-- verantwoording: a SHA-256 over the software and definitions (meta_build programma_sha256) and
-- every input file of the region (int__regio_invoerbestand: name, source, fictitious or not,
-- checksum, and the peildata and rows its provenance gives, which the report prints; in the order
-- of the names). A supply delivery of another region leaves it unchanged. fictief:
-- at least one of the region's files holds fictitious example figures.
with bestanden as (
    select
        regio_type,
        regio_code,
        count(*) as bestanden,
        bool_or(fictief) as fictief,
        string_agg(
            concat_ws(
                ':', bestand, bron_code, case when fictief then 'ja' else 'nee' end, sha256,
                coalesce(peildata, ''), coalesce(cast(rijen as varchar), '')
            ),
            chr(10) order by bestand
        ) as lijst
    from int__regio_invoerbestand
    group by regio_type, regio_code
),

final as (
    select
        r.regio_type,
        r.regio_code,
        sha256(
            coalesce((select waarde from meta_build where sleutel = 'programma_sha256'), '')
            || chr(10) || coalesce(b.lijst, '')
        ) as versie,
        coalesce(b.bestanden, 0) as bestanden,
        coalesce(b.fictief, false) as fictief
    from ref_regio as r
    left join bestanden as b on r.regio_type = b.regio_type and r.regio_code = b.regio_code
)

select * from final
order by regio_type, regio_code
