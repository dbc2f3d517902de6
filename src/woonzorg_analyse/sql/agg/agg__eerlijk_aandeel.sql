-- agg__eerlijk_aandeel: the fair share of every gemeente under every verdeelsleutel that applies to
-- the group (groups with rol 'verdeling' only).
-- The key share and the regional total come from int__eerlijk_aandeel_sleutel (like with like:
-- only the gemeenten with a figure share the total of those gemeenten); the whole-number fair share
-- from int__grootste_rest (largest remainder: it sums exactly to the regional total, ties to the
-- lowest gemeente code). verschil = eerlijk aandeel - nu: positive means the gemeente would house
-- more than today; in woningen through the group's woningen_per_eenheid.
-- opgave_eerlijk_aandeel_per_jaar: the woningen per year to reach the fair share by the doeljaar:
-- for a yearly inflow (maat instroom) the gap recurs every year, so it is the gap itself; for a
-- stock (maat stand) the gap is closed once, spread evenly over the years up to the doeljaar.
with instelling as (
    select doeljaar - referentiejaar as jaren_tot_doeljaar from ref_analyse_instelling
),

sleutel as (
    select * from int__eerlijk_aandeel_sleutel
),

toegewezen as (
    select
        s.*,
        r.toegewezen as eerlijk_aandeel
    from sleutel as s
    left join int__grootste_rest as r
        on r.verdeling = concat_ws('/', s.regio_type, s.regio_code, s.aandachtsgroep, s.verdeelsleutel)
        and r.code = s.gemeente_code
),

final as (
    select
        t.regio_type,
        t.regio_code,
        t.aandachtsgroep,
        t.verdeelsleutel,
        t.gemeente_code,
        t.gemeente_naam,
        t.peildatum,
        t.huidig,
        t.huidig_min,
        t.huidig_max,
        t.onzeker,
        t.totaal_regio,
        t.gemeenten_met_cijfer,
        t.aantal_gemeenten,
        t.aandeel_huidig,
        t.aandeel_sleutel,
        t.eerlijk_aandeel,
        t.eerlijk_aandeel - t.huidig as verschil,
        (t.eerlijk_aandeel - t.huidig) * a.woningen_per_eenheid as verschil_woningen,
        case when a.maat = 'instroom' then (t.eerlijk_aandeel - t.huidig) * a.woningen_per_eenheid
            else (t.eerlijk_aandeel - t.huidig) * a.woningen_per_eenheid / i.jaren_tot_doeljaar
        end as opgave_eerlijk_aandeel_per_jaar
    from toegewezen as t
    inner join ref_aandachtsgroep as a on t.aandachtsgroep = a.aandachtsgroep
    cross join instelling as i
)

select * from final
order by regio_type, regio_code, aandachtsgroep, verdeelsleutel, gemeente_code
