-- rpt__prognose_regio: the PBL/CBS prognosis of inhabitants, households and 75-plussers of each
-- region in the referentiejaar and the prognosis years: the sum over its gemeenten, with the sum
-- of their 67 % intervals (wide: the intervals of gemeenten are added, not combined).
with instelling as (
    select referentiejaar, string_split(prognosejaren, ',') as jaren from ref_analyse_instelling
),

jaar as (
    select referentiejaar as jaar from instelling
    union
    select cast(unnest(jaren) as bigint) as jaar from instelling
),

regio as (
    select
        rg.regio_type,
        rg.regio_code,
        p.jaar,
        p.variabele,
        sum(p.prognose) as prognose,
        sum(p.ondergrens) as ondergrens,
        sum(p.bovengrens) as bovengrens
    from int__regio_gemeente as rg
    inner join stg_pbl__prognose as p on rg.gemeente_code = p.gemeente_code
    inner join jaar as j on p.jaar = j.jaar
    group by rg.regio_type, rg.regio_code, p.jaar, p.variabele
),

final as (
    select
        regio_type,
        regio_code,
        jaar,
        any_value(prognose) filter (where variabele = 'inwoners') as prognose_inwoners,
        any_value(ondergrens) filter (where variabele = 'inwoners') as prognose_inwoners_min,
        any_value(bovengrens) filter (where variabele = 'inwoners') as prognose_inwoners_max,
        any_value(prognose) filter (where variabele = 'huishoudens') as prognose_huishoudens,
        any_value(ondergrens) filter (where variabele = 'huishoudens') as prognose_huishoudens_min,
        any_value(bovengrens) filter (where variabele = 'huishoudens') as prognose_huishoudens_max,
        any_value(prognose) filter (where variabele = 'inwoners_75plus') as prognose_inwoners_75plus,
        any_value(ondergrens) filter (where variabele = 'inwoners_75plus') as prognose_inwoners_75plus_min,
        any_value(bovengrens) filter (where variabele = 'inwoners_75plus') as prognose_inwoners_75plus_max
    from regio
    group by regio_type, regio_code, jaar
)

select * from final
order by regio_type, regio_code, jaar
