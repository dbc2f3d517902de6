-- rpt__kernboodschap: the figures of the key messages on the first page of the notitie, one row per
-- region, rule and sentence, by the rules of definitions/rapport.yaml (ref_kernboodschap: threshold
-- and the number of sentences per rule). A rule that does not apply gives no row. Only figures
-- of at least the disclosure threshold are used, so a message never reveals a small count.
-- - concentratie: per verdeel-groep the gemeente whose share of the group exceeds its share of the
--   inhabitants (of the gemeenten with a figure) the most, when share / inhabitant share >= drempel;
-- - tekort_instroom / tekort_stand: the main verdeel-groepen with the largest shortage in the
--   doeljaar (woningen per year for an inflow, woningen for a stock), when > 0;
-- - groei: the main verdeel-groepen whose demand grows the most up to the doeljaar (central
--   scenario), when the growth >= drempel;
-- - kloof: the gemeente and main verdeel-groep with the largest difference between today and the
--   fair share under the first verdeelsleutel, when at least drempel;
-- - onvolledig: how many groups rest on part of the gemeenten, and the fewest gemeenten with a figure;
-- - druk: the gemeente whose verdeel-groepen need the largest share of the vrijkomende sociale
--   huurwoningen now (rpt__druk, optie 'nu'), when above the drukdrempel of woningmarkt.yaml;
-- - bron_ontbreekt: a source whose absence matters (ref_bron_ontbreekt) without an input file of
--   the region (int__regio_invoerbestand).
with instelling as (
    select doeljaar, eerste_verdeelsleutel, onthullingsdrempel from ref_analyse_instelling
),

regel as (
    select * from ref_kernboodschap
),

samenvatting as (
    select s.*
    from rpt__samenvatting as s
    cross join instelling as i
    where s.rol = 'verdeling' and s.aantal_schatting >= i.onthullingsdrempel
),

concentratie as (
    select
        v.regio_type,
        v.regio_code,
        'concentratie' as regel,
        v.aandachtsgroep,
        v.gemeente_naam as gebied_naam,
        v.aandeel_regio as aandeel_groep,
        v.aandeel_regio / v.locatiequotient as aandeel_inwoners,
        v.aandeel_regio - v.aandeel_regio / v.locatiequotient as rangorde
    from agg__verdeling_gemeente as v
    inner join samenvatting as s
        on v.regio_type = s.regio_type and v.regio_code = s.regio_code and v.aandachtsgroep = s.aandachtsgroep
    cross join instelling as i
    inner join regel as r on r.regel = 'concentratie'
    where v.actueel and v.aantal_schatting >= i.onthullingsdrempel and v.locatiequotient >= r.drempel
    qualify row_number() over (
        partition by v.regio_type, v.regio_code, v.aandachtsgroep order by rangorde desc, v.gemeente_code
    ) = 1
),

tekort as (
    select
        s.regio_type,
        s.regio_code,
        'tekort_' || s.maat as regel,
        s.aandachtsgroep,
        s.tekort,
        s.gemeenten_met_cijfer,
        s.aantal_gemeenten,
        s.tekort as rangorde
    from samenvatting as s
    where s.hoofdgroep and s.tekort >= 0.5  -- at least one woning as printed
),

groei as (
    select
        s.regio_type,
        s.regio_code,
        'groei' as regel,
        s.aandachtsgroep,
        s.vraag / s.aantal_schatting - 1 as groei_aandeel,
        s.vraag / s.aantal_schatting - 1 as rangorde
    from samenvatting as s
    inner join regel as r on r.regel = 'groei'
    where s.hoofdgroep and s.vraag / s.aantal_schatting - 1 >= r.drempel
),

kloof as (
    select
        e.regio_type,
        e.regio_code,
        'kloof' as regel,
        e.aandachtsgroep,
        e.gemeente_naam as gebied_naam,
        abs(e.verschil) as verschil,
        case when e.verschil < 0 then 'meer' else 'minder' end as richting,
        abs(e.verschil) as rangorde
    from agg__eerlijk_aandeel as e
    inner join samenvatting as s
        on e.regio_type = s.regio_type and e.regio_code = s.regio_code and e.aandachtsgroep = s.aandachtsgroep
    cross join instelling as i
    inner join regel as r on r.regel = 'kloof'
    where s.hoofdgroep
        and e.verdeelsleutel = i.eerste_verdeelsleutel
        and e.huidig >= i.onthullingsdrempel
        and abs(e.verschil) >= r.drempel
),

onvolledig as (
    select
        regio_type,
        regio_code,
        'onvolledig' as regel,
        count(*) as aantal_groepen,
        min(gemeenten_met_cijfer) as gemeenten_met_cijfer,
        any_value(aantal_gemeenten) as aantal_gemeenten,
        count(*) as rangorde
    from rpt__samenvatting
    where onvolledig and hoofdgroep
    group by regio_type, regio_code
),

bron_ontbreekt as (
    select
        r.regio_type,
        r.regio_code,
        'bron_ontbreekt' as regel,
        b.bron_code,
        1 as rangorde
    from ref_regio as r
    cross join ref_bron_ontbreekt as b
    where not exists (
        select 1 from int__regio_invoerbestand as i
        where i.regio_type = r.regio_type and i.regio_code = r.regio_code and i.bron_code = b.bron_code
    )
),

druk as (
    select
        d.regio_type,
        d.regio_code,
        'druk' as regel,
        d.gebied_naam,
        d.druk,
        d.drukdrempel,
        d.druk as rangorde
    from rpt__druk as d
    cross join instelling as i
    where d.optie = 'nu' and not d.totaalrij and d.boven_drempel and d.kleinste_aantal >= i.onthullingsdrempel
),

alle as (
    select * from concentratie
    union all by name select * from druk
    union all by name select * from tekort
    union all by name select * from groei
    union all by name select * from kloof
    union all by name select * from onvolledig
    union all by name select * from bron_ontbreekt
),

gerangschikt as (
    select
        a.*,
        r.volgorde as regel_volgorde,
        row_number() over (
            partition by a.regio_type, a.regio_code, a.regel
            order by a.rangorde desc, a.aandachtsgroep, a.gebied_naam, a.bron_code
        ) as volgorde,
        r.aantal_zinnen
    from alle as a
    inner join regel as r on a.regel = r.regel
),

final as (
    select
        regio_type,
        regio_code,
        regel,
        volgorde,
        regel_volgorde,
        aandachtsgroep,
        gebied_naam,
        bron_code,
        aandeel_groep,
        aandeel_inwoners,
        tekort,
        groei_aandeel,
        verschil,
        richting,
        druk,
        drukdrempel,
        aantal_groepen,
        gemeenten_met_cijfer,
        aantal_gemeenten
    from gerangschikt
    where volgorde <= aantal_zinnen
)

select * from final
order by regio_type, regio_code, regel, volgorde
