-- int__taakstelling: the statutory taakstelling huisvesting vergunninghouders per half-year and
-- gemeente (Huisvestingswet 2014 art. 29): ceil(national total x inhabitants of the gemeente /
-- inhabitants of the Netherlands), inhabitants per CBS on 1 January of the year before the
-- half-year, in the gemeente indeling of the referentiejaar (stg_cbs__kerncijfers). The ceiling is
-- computed on whole numbers, exactly. Inhabitants of the Netherlands: the sum over every gemeente
-- in the data on that date (a data folder with one region's kerncijfers gives that region's sum).
with totaal as (
    select
        halfjaar,
        cast(left(halfjaar, 4) as integer) as jaar,
        totaal
    from stg_rijk__taakstelling
),

inwoners as (
    select gemeente_code, peildatum, inwoners from stg_cbs__kerncijfers
),

nederland as (
    select peildatum, sum(inwoners) as inwoners from inwoners group by peildatum
),

final as (
    select
        t.halfjaar,
        i.gemeente_code,
        t.jaar,
        t.totaal,
        i.inwoners,
        n.inwoners as inwoners_nederland,
        cast((t.totaal * i.inwoners + n.inwoners - 1) // n.inwoners as bigint) as taakstelling
    from totaal as t
    inner join inwoners as i on i.peildatum = make_date(t.jaar - 1, 1, 1)
    inner join nederland as n on n.peildatum = i.peildatum
)

select * from final
order by halfjaar, gemeente_code
