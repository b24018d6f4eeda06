#!/bin/sh
# demo-prog.sh STORE [SILA] — the programme's own work in the demo (issue
# 17): a release plan (one published, one late, one dropped, the rest
# coming) and some data requests, one per moderation state.  Called by
# demo-data.sh and by the browser test, after the datasets are published.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
store=${1:?usage: demo-prog.sh STORE [SILA]}
sila=${2:-$top/_build/sila}
plan() { "$sila" plan --store "$store" "$@" >/dev/null; }
plan add strutture-ricettive --title "Strutture ricettive della Calabria" \
  --office "Dipartimento Turismo" --date 2026-06-30 --priority 1 \
  --description "Alberghi, B&B e campeggi con classificazione e posti letto."
plan publish strutture-ricettive strutture-ricettive
plan add orari-trasporto-regionale --title "Orari del trasporto pubblico regionale (GTFS)" \
  --office "Dipartimento Infrastrutture e Mobilità" --date 2026-09-30 --priority 1 \
  --description "Linee, fermate e orari delle autolinee regionali in formato GTFS."
plan set orari-trasporto-regionale --status in-progress
plan add raccolta-differenziata --title "Raccolta differenziata per comune" \
  --office "Dipartimento Ambiente" --date 2027-03-31 --priority 2 \
  --description "Percentuale di raccolta differenziata per comune e anno."
plan add impianti-sportivi --title "Impianti sportivi regionali" \
  --office "Dipartimento Istruzione, Sport e Cultura" --date 2027-06-30 --priority 3
plan add bandi-fesr-2014 --title "Bandi FESR 2014-2020" --office "Autorità di gestione POR" \
  --date 2026-04-30 --priority 3
plan drop bandi-fesr-2014 "I dati sono già pubblicati su OpenCoesione."
req() { "$sila" request --store "$store" "$@" >/dev/null; }
req add --what "Orari degli autobus regionali" \
  --why "Un'app per i pendolari che mostri le prossime partenze."
req add --what "Farmacie di turno" --why "Sapere quale farmacia è aperta la notte." \
  --contact "redazione@esempio.it"
req add --what "Qualità dell'aria per centralina" --why "Una ricerca universitaria."
req add --what "Elenco dei bandi FESR 2014-2020" --why "Analisi della spesa dei fondi europei."
req link 1 orari-trasporto-regionale
req answer 2 "Il dato è dei comuni e delle ASP: abbiamo girato la richiesta all'ASP di Cosenza."
req close 4 "Già disponibili su OpenCoesione (opencoesione.gov.it)."
