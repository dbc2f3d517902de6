-- int__regio_gemeente: the gemeenten that count in each region.
-- Memberships of the indeling of the referentiejaar whose zekerheid is listed in
-- definitions.yaml (lidmaatschap_zekerheid). A gemeente in two regions of one type counts in both.
-- Two registers of regions: definitions/regios (ref_regio_lidmaatschap) and the user's own
-- regios/regios.csv (stg_eigen__regio_gemeente), whose memberships are in the referentiejaar's
-- indeling by definition and count as bevestigd; ref_regio names the regions of both.
-- volledig: every member has CBS kerncijfers; only complete regions are analysed (the other
-- agg__ tables select `where volledig`), so a partial dataset never yields a partial region.
with instelling as (
    select
        referentiejaar,
        string_split(lidmaatschap_zekerheid, ',') as zekerheden
    from ref_analyse_instelling
),

definities as (
    select indeling_jaar, regio_type, regio_code, gemeente_code, zekerheid, hoofdregio
    from ref_regio_lidmaatschap
),

eigen as (
    select
        i.referentiejaar as indeling_jaar,
        e.regio_type,
        e.regio_code,
        e.gemeente_code,
        'bevestigd' as zekerheid,
        true as hoofdregio
    from stg_eigen__regio_gemeente as e
    cross join instelling as i
),

lidmaatschap as (
    select l.*
    from (select * from definities union all by name select * from eigen) as l
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
