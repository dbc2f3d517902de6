-- int__regio_gemeente: the gemeenten that count in each region.
-- Memberships of the indeling of the referentiejaar whose zekerheid is listed in
-- definitions.yaml (lidmaatschap_zekerheid). A gemeente in two regions of one type counts in both.
-- volledig: every member has CBS kerncijfers; only complete regions are analysed (the other
-- agg__ tables select `where volledig`), so a partial dataset never yields a partial region.
with instelling as (
    select
        referentiejaar,
        string_split(lidmaatschap_zekerheid, ',') as zekerheden
    from ref_analyse_instelling
),

lidmaatschap as (
    select l.*
    from ref_regio_lidmaatschap as l
    inner join instelling as i on l.indeling_jaar = i.referentiejaar
    where list_contains(i.zekerheden, l.zekerheid)
),

met_kerncijfers as (
    select distinct gemeente_code from stg_cbs__kerncijfers
),

final as (
    select
        l.regio_type,
        l.regio_code,
        r.regio_naam,
        l.gemeente_code,
        g.gemeente_naam,
        l.zekerheid,
        l.hoofdregio,
        bool_and(k.gemeente_code is not null) over (partition by l.regio_type, l.regio_code) as volledig
    from lidmaatschap as l
    inner join ref_regio as r
        on l.regio_type = r.regio_type and l.regio_code = r.regio_code
    inner join ref_gemeente as g
        on l.indeling_jaar = g.indeling_jaar and l.gemeente_code = g.gemeente_code
    left join met_kerncijfers as k on l.gemeente_code = k.gemeente_code
)

select * from final
order by regio_type, regio_code, gemeente_code
