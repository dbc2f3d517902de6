-- rpt__uitruil_saldo: chapter 'Bouwstenen', the balance of every gemeente over the main
-- verdeel-groepen (rpt__uitruil): the woningen per year to its fair share summed over the groups
-- (positive: the gemeente would take more; negative: it houses more than its share today).
-- Empty when the gemeente has no figure for one of the groups (gemeenten_met_cijfer of groepen).
with uitruil as (
    select * from rpt__uitruil
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
            as saldo_per_jaar
    from uitruil
    group by regio_type, regio_code, gebied_code
)

select * from final
order by regio_type, regio_code, gebied_code
