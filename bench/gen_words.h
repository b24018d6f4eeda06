/* sila-gen: pools of names and sentences. Data only, included by gen_data.c. */
#ifndef SILA_BENCH_GEN_WORDS_H
#define SILA_BENCH_GEN_WORDS_H

static const char *const streets[] = {
    "Via Roma", "Corso Mazzini", "Via Nazionale", "Piazza Duomo", "Via Garibaldi",
    "Lungomare Sirena", "Contrada San Francesco", "Via XX Settembre", "Viale della Repubblica",
    "Via Vittorio Emanuele III", "Via dei Normanni", "Località Torre Melissa", "Via Marconi",
    "Corso Telesio", "Via Popilia", "Piazza Italia", "Via Santa Caterina", "Via Cavour",
    "Via Reggio Campi", "Contrada Ciardullo", "Via Nicola Misasi", "Via degli Svevi",
    "Largo Sant'Antonio", "Via Fratelli Bandiera", "Via Crati", "Via Sila", "Via Aspromonte",
    "Corso Umberto I", "Via Mattia Preti", "Via Tommaso Campanella", "Via Pitagora",
    "Lungomare Falcomatà", "Via Ciliberto", "Via Porta Piana", "Località Capo Vaticano",
};

static const char *const surnames[] = {
    "Rossi", "Greco", "Bruno", "Romano", "Gallo", "Esposito", "Russo", "Ferraro", "Caruso",
    "Costa", "Fontana", "Lombardo", "Marino", "Morelli", "Barbieri", "Mancuso", "Scarpelli",
    "Iaquinta", "Aiello", "Arena", "Barone", "Bevilacqua", "Calabrò", "Cannizzaro",
    "Chiappetta", "Cosentino", "Curcio", "De Luca", "Falcone", "Fiorentino", "Gentile",
    "Grillo", "Iannello", "Larocca", "Leone", "Loprete", "Macrì", "Mazza", "Misuraca",
    "Muzzì", "Nicoletti", "Palermo", "Perri", "Piro", "Pugliese", "Rizzo", "Sacco",
    "Salerno", "Scalise", "Serra", "Spadafora", "Tallarico", "Trapasso", "Vitale", "Zappia",
};

static const char *const activities[] = {
    "Costruzioni", "Servizi Ambientali", "Impianti", "Edilizia", "Trasporti", "Informatica",
    "Forniture Sanitarie", "Ristorazione", "Consulting", "Strade", "Energia", "Verde Pubblico",
    "Arredi", "Sistemi", "Ingegneria", "Manutenzioni", "Logistica", "Agroalimentare",
    "Turismo", "Restauri", "Elettrica", "Idraulica", "Multiservizi", "Pulizie",
};

static const char *const legal_forms[] = {
    "S.r.l.", "S.p.A.", "S.n.c.", "Soc. Coop.", "S.a.s.", "& Figli S.r.l.", "S.r.l.s.",
};

static const char *const acco_kinds[] = {
    "Hotel", "Albergo", "B&B", "Agriturismo", "Residence", "Casa Vacanze", "Affittacamere",
    "Villaggio Turistico", "Campeggio", "Ostello", "Resort", "Country House",
};

static const char *const acco_names[] = {
    "Miramare", "Belvedere", "La Perla", "Il Gabbiano", "Costa Viola", "Sila Verde",
    "Le Ginestre", "Villa Rosa", "Il Borgo", "Magna Grecia", "Tre Fontane", "Il Faro",
    "Sole e Mare", "Aspromonte", "La Torre", "Bergamotto", "Sirena", "Il Pino Loricato",
    "Donna Rosa", "Punta Safò", "Capo Rizzuto", "Lo Scoglio", "San Nicola", "Vecchio Mulino",
    "Le Querce", "Il Cedro", "Fata Morgana", "Scilla", "Pollino", "Stella Marina",
};

static const char *const typologies[] = {
    "A1", "A11", "A111", "A2", "A21", "A3", "A31", "A4", "A41", "A5", "A51", "A6", "A61", "A7",
};

static const char *const star_ratings[] = {"1", "2", "3", "3S", "4", "4S", "5", "5L"};

static const char *const cis_classes[] = {
    "Museum", "ArchaeologicalArea", "ArchaeologicalPark", "Library", "MonumentalArea",
    "HolderOfArchive", "Theatre", "CultResearchCenter",
};

static const char *const cis_names_it[] = {
    "Museo Civico", "Biblioteca Comunale", "Area Archeologica", "Parco Archeologico",
    "Castello Normanno", "Museo Diocesano", "Archivio Storico", "Teatro Comunale",
    "Museo della Magna Grecia", "Pinacoteca", "Museo Etnografico", "Santuario",
};

static const char *const cis_names_en[] = {
    "Civic Museum", "Municipal Library", "Archaeological Area", "Archaeological Park",
    "Norman Castle", "Diocesan Museum", "Historical Archive", "Municipal Theatre",
    "Museum of Magna Graecia", "Art Gallery", "Ethnographic Museum", "Sanctuary",
};

static const char *const works[] = {
    "Lavori di manutenzione straordinaria", "Fornitura di", "Servizio di",
    "Lavori di messa in sicurezza", "Affidamento del servizio di", "Acquisto di",
    "Lavori di adeguamento sismico", "Noleggio di", "Progettazione esecutiva",
};

static const char *const objects[] = {
    "della strada provinciale", "dell'edificio scolastico", "della rete idrica",
    "materiale sanitario", "pulizia degli uffici", "mensa scolastica", "arredi per uffici",
    "dell'impianto di illuminazione pubblica", "trasporto scolastico", "personal computer",
    "del lungomare", "raccolta differenziata dei rifiuti", "del cimitero comunale",
    "manutenzione del verde pubblico", "della palestra comunale", "carburante per automezzi",
};

static const char *const procedures[] = {
    "aperta", "ristretta", "negoziata-senza-bando", "affidamento-diretto", "dialogo-competitivo",
};

static const char *const units[] = {
    "numero", "euro", "percentuale", "migliaia-di-euro", "ettari", "tonnellate",
};

/* Sentences for long descriptions: accented letters, ASCII double quotes and
 * apostrophes, so writers must escape and parsers must decode. Per language,
 * [0] holds sentences that fit anything (the area, the town), [1] those about
 * accommodation, [2] those about cultural sites. */
static const char *const sentences_it_any[] = {
    "Il cosiddetto \"borgo vecchio\" conserva vicoli lastricati, portali in pietra e chiese barocche.",
    "L'edificio, ristrutturato nel 1998, è accessibile alle persone con disabilità motoria.",
    "Nei mesi estivi è possibile partecipare a visite guidate serali e a laboratori per bambini.",
    "Il parco nazionale offre sentieri escursionistici di ogni difficoltà, segnalati dal CAI.",
    "Così com'è oggi, la piazza è il cuore della vita cittadina: caffè, botteghe e il mercato del sabato.",
    "Più a valle scorre il fiume, lungo il quale è stato realizzato un percorso ciclopedonale.",
    "Perché la visita sia più comoda, si consiglia di indossare scarpe adatte al trekking.",
    "L'ufficio è aperto al pubblico il lunedì e il giovedì; negli altri giorni si riceve su appuntamento.",
};

static const char *const sentences_it_acco[] = {
    "La struttura è immersa nel verde e dista pochi minuti dal centro storico.",
    "Dalla terrazza si gode una vista sul mare che nelle giornate limpide arriva fino alle isole Eolie.",
    "Sono disponibili parcheggio gratuito, connessione Wi-Fi e servizio navetta per l'aeroporto.",
    "La cucina propone piatti tipici calabresi: 'nduja, caciocavallo silano, fileja e peperoncino.",
    "Le camere sono dotate di aria condizionata, TV satellitare, cassaforte e minibar.",
    "A pochi passi si trovano la spiaggia attrezzata, la farmacia e l'ufficio postale.",
    "Si ricorda che l'accesso con animali è consentito solo su richiesta.",
    "È attivo un servizio di prenotazione online; il pagamento può avvenire anche in contanti.",
};

static const char *const sentences_it_cult[] = {
    "Il museo custodisce reperti dell'età del ferro, ceramiche greche e monete d'epoca romana.",
    "Secondo la tradizione, il santuario sorge nel luogo in cui apparve la \"Madonna della Grotta\".",
    "La collezione comprende più di 3.000 volumi, tra cui incunaboli e cinquecentine.",
    "L'area archeologica è visitabile dal martedì alla domenica, dalle 9:00 alle 19:00.",
    "Il castello, di origine normanna, fu ampliato dagli Svevi e poi dagli Aragonesi.",
    "Il biglietto comprende l'ingresso al museo e alla mostra temporanea \"Luci del Sud\".",
    "Le attività didattiche sono curate dall'associazione culturale \"Amici del Museo\".",
    "Il complesso monumentale ospita ogni anno il festival di musica popolare \"Tarantella Power\".",
};

static const char *const sentences_en_any[] = {
    "The so-called \"old village\" keeps paved alleys, stone portals and baroque churches.",
    "Guided tours in the evening and workshops for children run through the summer.",
    "The national park offers hiking trails of every difficulty, marked by the CAI.",
    "Further down the valley runs the river, with a cycle and footpath along its banks.",
};

static const char *const sentences_en_acco[] = {
    "The property is surrounded by greenery, a few minutes from the old town.",
    "From the terrace you can see the sea and, on clear days, the Aeolian Islands.",
    "Free parking, Wi-Fi and an airport shuttle are available to guests.",
    "Bookings can be made online; payment is also accepted in cash.",
};

static const char *const sentences_en_cult[] = {
    "The museum holds Iron Age finds, Greek pottery and Roman coins.",
    "The archaeological area is open Tuesday to Sunday, 9 am to 7 pm.",
    "The castle, of Norman origin, was enlarged by the Swabians and then by the Aragonese.",
    "The ticket includes the museum and the temporary exhibition \"Lights of the South\".",
};

#endif
