-- int__woningen_per_eenheid: the factor that turns a group's unit into woningen, per gemeente.
-- Where CBS 85980NED gives it, the real ratio of woonruimten to the group's unit (kenmerk totaal:
-- the woonruimten the group lives in, divided by its personen, or huishoudens for a group counted
-- in households) on the latest peildatum with both known and the unit above 0; elsewhere the
-- fixed woningen_per_eenheid of definitions/aandachtsgroepen.yaml. woningen_per_eenheid_bron
-- says which (cbs or definitie); the huishoudens ratio is kept beside it for analysts.
with groep as (
    select distinct gemeente_code, aandachtsgroep from int__aandachtsgroep_gemeente
),

totaal as (
    select
        gemeente_code,
        aandachtsgroep,
        peildatum,
        max(aantal) filter (where eenheid = 'personen') as personen_aantal,
        max(aantal) filter (where eenheid = 'huishoudens') as huishoudens_aantal,
        max(aantal) filter (where eenheid = 'woonruimten') as woonruimten_aantal
    from stg_cbs__aandachtsgroepen_kenmerken
    where kenmerk = 'totaal'
    group by gemeente_code, aandachtsgroep, peildatum
),

per_eenheid as (
    select
        t.*,
        case a.eenheid
            when 'personen' then t.personen_aantal
            when 'huishoudens' then t.huishoudens_aantal
            else t.woonruimten_aantal
        end as noemer
    from totaal as t
    inner join ref_aandachtsgroep as a on t.aandachtsgroep = a.aandachtsgroep
),

verhouding as (
    -- the latest peildatum on which the ratio can be computed
    select
        gemeente_code,
        aandachtsgroep,
        peildatum as verhouding_peildatum,
        personen_aantal,
        huishoudens_aantal,
        woonruimten_aantal,
        huishoudens_aantal / noemer as huishoudens_per_eenheid,
        woonruimten_aantal / noemer as woonruimten_per_eenheid
    from per_eenheid
    where noemer > 0 and woonruimten_aantal is not null
    qualify row_number() over (partition by gemeente_code, aandachtsgroep order by peildatum desc) = 1
),

final as (
    select
        g.gemeente_code,
        g.aandachtsgroep,
        coalesce(v.woonruimten_per_eenheid, a.woningen_per_eenheid) as woningen_per_eenheid,
        case when v.woonruimten_per_eenheid is null then 'definitie' else 'cbs' end
            as woningen_per_eenheid_bron,
        a.woningen_per_eenheid as woningen_per_eenheid_definitie,
        v.verhouding_peildatum,
        v.personen_aantal,
        v.huishoudens_aantal,
        v.woonruimten_aantal,
        v.huishoudens_per_eenheid,
        v.woonruimten_per_eenheid
    from groep as g
    inner join ref_aandachtsgroep as a on g.aandachtsgroep = a.aandachtsgroep
    left join verhouding as v
        on g.gemeente_code = v.gemeente_code and g.aandachtsgroep = v.aandachtsgroep
)

select * from final
order by gemeente_code, aandachtsgroep
