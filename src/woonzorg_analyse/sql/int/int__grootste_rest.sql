-- int__grootste_rest: whole numbers proportional to a weight that add up exactly to a total, by
-- the largest-remainder method. This file is the one implementation in the project: the build
-- (fair shares), `woonzorg allocate`, the notebooks and the harmonisation of split gemeenten all
-- run it (see docs/methode/grootste-rest.md).
-- Input int__te_verdelen: one row per verdeling per code, with te_verdelen (the total: a whole
-- number >= 0, the same on every row of the verdeling) and verdeelgewicht (>= 0).
-- 1. quotum = te_verdelen x verdeelgewicht / sum of the weights of the verdeling, rounded to 9 decimals (so
--    that quota that are equal in exact arithmetic are equal here too);
-- 2. everyone gets the floor of the quotum; the units left go to the largest remainders;
-- 3. ties go to the lowest code (never to a position in a list).
-- A verdeling with a missing weight or total gets no result (empty); one whose weights sum to 0
-- gets 0 everywhere.
with invoer as (
    select verdeling, code, te_verdelen, verdeelgewicht from int__te_verdelen
),

som as (
    select
        *,
        sum(verdeelgewicht) over verdeling as som_gewicht,
        count(verdeelgewicht) over verdeling = count(*) over verdeling as compleet
    from invoer
    window verdeling as (partition by verdeling)
),

quotum as (
    select
        *,
        case
            when not compleet or te_verdelen is null then null
            when som_gewicht = 0 then 0.0
            else round(te_verdelen * verdeelgewicht / som_gewicht, 9)
        end as quotum
    from som
),

vloer as (
    select *, floor(quotum) as ondergrens from quotum
),

rest as (
    select
        *,
        case when som_gewicht = 0 then 0 else any_value(te_verdelen) over verdeling - sum(ondergrens) over verdeling
        end as over_te_verdelen,
        row_number() over (partition by verdeling order by quotum - ondergrens desc, code) as rang
    from vloer
    window verdeling as (partition by verdeling)
),

final as (
    select
        verdeling,
        code,
        cast(ondergrens + case when rang <= over_te_verdelen then 1 else 0 end as bigint) as toegewezen
    from rest
)

select * from final
order by verdeling, code
