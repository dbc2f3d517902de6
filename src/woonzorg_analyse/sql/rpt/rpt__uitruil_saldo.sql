-- rpt__uitruil_saldo: chapter 'Bouwstenen', the balance of every gemeente over the main
-- verdeel-groepen (rpt__uitruil): the woningen per year to its fair share summed over the groups
-- (positive: the gemeente would take more; negative: it houses more than its share today).
-- Empty when the gemeente has no figure for one of the groups (gemeenten_met_cijfer of groepen).
-- saldo_per_jaar_min / _max: the balance a reader can know when the report shows a count of 1 to
-- onthullingsdrempel - 1 only as "< 10": that count anywhere from 1 to drempel - 1 (its group's
-- woningen per year fall as the count rises: (fair share - count) x woningen per eenheid, per year
-- for an inflow, spread over the years to the doeljaar for a stock), the other counts as they are.
-- The report prints this range instead of the balance when a count of the gemeente is masked.
-- A group whose regional total the report masks is left out (its fair shares give the total away).
with instelling as (
    select onthullingsdrempel, doeljaar - referentiejaar as jaren from ref_analyse_instelling
),

uitruil as (
    select
        u.*,
        case when a.maat = 'instroom' then a.woningen_per_eenheid else a.woningen_per_eenheid / i.jaren end
            as per_eenheid,
        u.huidig > 0 and u.huidig < i.onthullingsdrempel as klein,
        i.onthullingsdrempel
    from rpt__uitruil as u
    inner join ref_aandachtsgroep as a on u.aandachtsgroep = a.aandachtsgroep
    cross join instelling as i
    anti join int__afscherming as k  -- a group whose regional total the report masks
        on u.regio_type = k.regio_type
        and u.regio_code = k.regio_code
        and u.aandachtsgroep = k.aandachtsgroep
        and k.totaalrij
        and k.afscherming is not null
),

final as (
    select
        regio_type,
        regio_code,
        gebied_code,
        row_number() over (partition by regio_type, regio_code order by any_value(gebied_naam), gebied_code)
            as volgorde,
        any_value(gebied_naam) as gebied_naam,
        count(*) as aantal_groepen,
        count(opgave_eerlijk_aandeel_per_jaar) as groepen_met_cijfer,
        case when count(opgave_eerlijk_aandeel_per_jaar) = count(*) then sum(opgave_eerlijk_aandeel_per_jaar) end
            as saldo_per_jaar,
        case when count(opgave_eerlijk_aandeel_per_jaar) = count(*) then
            sum(
                case when klein
                    then opgave_eerlijk_aandeel_per_jaar + (huidig - (onthullingsdrempel - 1)) * per_eenheid
                    else opgave_eerlijk_aandeel_per_jaar
                end
            )
        end as saldo_per_jaar_min,
        case when count(opgave_eerlijk_aandeel_per_jaar) = count(*) then
            sum(
                case when klein
                    then opgave_eerlijk_aandeel_per_jaar + (huidig - 1) * per_eenheid
                    else opgave_eerlijk_aandeel_per_jaar
                end
            )
        end as saldo_per_jaar_max
    from uitruil
    group by regio_type, regio_code, gebied_code
)

select * from final
order by regio_type, regio_code, gebied_code
