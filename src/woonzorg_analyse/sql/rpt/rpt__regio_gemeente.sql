-- rpt__regio_gemeente: the gemeenten of each region as chapters 2 and 4 and the factsheets print
-- them, plus the region's total: province, deelregio, the certainty of the membership, the other
-- regions of the same type the gemeente belongs to, and the CBS kerncijfers of the latest
-- 1 January (inhabitants, households, housing stock, owner-occupied and corporation shares, the
-- corporation stock). The total row (totaalrij) adds the counts; shares have no total.
-- volgorde: the printed order (by name, the total last).
with instelling as (
    select referentiejaar from ref_analyse_instelling
),

leden as (
    select rg.regio_type, rg.regio_code, rg.gemeente_code, rg.gemeente_naam, rg.zekerheid
    from int__regio_gemeente as rg
),

lidmaatschap as (
    select l.*
    from ref_regio_lidmaatschap as l
    inner join instelling as i on l.indeling_jaar = i.referentiejaar
),

ook_in as (
    -- the other regions of the same type the gemeente counts in (the shared definitions and the
    -- user's own regions alike)
    select
        l.regio_type,
        l.regio_code,
        l.gemeente_code,
        string_agg(o.regio_code || ' ' || r.regio_naam, ', ' order by o.regio_code) as ook_in
    from int__regio_gemeente as l
    inner join int__regio_gemeente as o
        on l.regio_type = o.regio_type and l.gemeente_code = o.gemeente_code and l.regio_code <> o.regio_code
    inner join ref_regio as r on o.regio_type = r.regio_type and o.regio_code = r.regio_code
    group by l.regio_type, l.regio_code, l.gemeente_code
),

kern as (
    select *
    from stg_cbs__kerncijfers
    where peildatum = (select max(peildatum) from stg_cbs__kerncijfers)
),

gemeente as (
    select
        m.regio_type,
        m.regio_code,
        m.gemeente_code as gebied_code,
        m.gemeente_naam as gebied_naam,
        false as totaalrij,
        p.regio_naam as provincie_naam,
        l.deelregio,
        m.zekerheid,
        o.ook_in,
        k.inwoners,
        k.huishoudens,
        k.woningvoorraad,
        k.koopwoningen_pct / 100 as koopwoningen_aandeel,
        k.corporatie_pct / 100 as corporatie_aandeel,
        k.sociale_huurvoorraad,
        k.peildatum
    from leden as m
    cross join instelling as i
    left join lidmaatschap as l
        on m.regio_type = l.regio_type and m.regio_code = l.regio_code and m.gemeente_code = l.gemeente_code
    left join ref_gemeente as g on m.gemeente_code = g.gemeente_code and g.indeling_jaar = i.referentiejaar
    left join ref_regio as p on p.regio_type = 'provincie' and g.provincie_code = p.regio_code
    left join ook_in as o
        on m.regio_type = o.regio_type and m.regio_code = o.regio_code and m.gemeente_code = o.gemeente_code
    left join kern as k on m.gemeente_code = k.gemeente_code
),

totaal as (
    select
        regio_type,
        regio_code,
        regio_code as gebied_code,
        'Totaal' as gebied_naam,
        true as totaalrij,
        null as provincie_naam,
        null as deelregio,
        null as zekerheid,
        null as ook_in,
        sum(inwoners) as inwoners,
        sum(huishoudens) as huishoudens,
        sum(woningvoorraad) as woningvoorraad,
        null as koopwoningen_aandeel,
        null as corporatie_aandeel,
        sum(sociale_huurvoorraad) as sociale_huurvoorraad,
        max(peildatum) as peildatum
    from gemeente
    group by regio_type, regio_code
),

final as (
    select
        regio_type,
        regio_code,
        gebied_code,
        row_number() over (
            partition by regio_type, regio_code order by totaalrij, gebied_naam, gebied_code
        ) as volgorde,
        gebied_naam,
        totaalrij,
        provincie_naam,
        deelregio,
        zekerheid,
        ook_in,
        inwoners,
        huishoudens,
        woningvoorraad,
        koopwoningen_aandeel,
        corporatie_aandeel,
        sociale_huurvoorraad,
        peildatum
    from (select * from gemeente union all by name select * from totaal)
)

select * from final
order by regio_type, regio_code, gebied_code
