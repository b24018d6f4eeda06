/* ld_html_site.c — the pages a public administration's site carries in its
 * footer (legal notes with the licence of the data, privacy note,
 * accessibility statement) and the HTML body of a 406 answer.  What they
 * say is what the software does: keep them in step with it. */
#include <string.h>

#include "ld_html.h"

static const struct {
  const char *path, *title, *body;
} site_pages[] = {
    {"/note-legali", "Note legali",
     "<h1>Note legali</h1>\n"
     "<p>Questo portale pubblica i dati aperti della Regione Calabria come Linked Open Data: "
     "ogni risorsa ha un indirizzo (IRI) stabile, una pagina web e una descrizione in RDF, e "
     "tutti i dati si interrogano con SPARQL all'indirizzo <code>/sparql</code>.</p>\n"
     "<h2 id=\"licenza\">Licenza dei dati</h2>\n"
     "<p>Salvo diversa indicazione nella pagina del dataset, i dati sono pubblicati con la "
     "licenza <a href=\"https://creativecommons.org/licenses/by/4.0/deed.it\">Creative "
     "Commons Attribuzione 4.0 Internazionale (CC BY 4.0)</a>: si possono copiare, "
     "ridistribuire e rielaborare, anche a fini commerciali, citando la fonte. La licenza "
     "di ciascun dataset è indicata nella sua pagina e nel catalogo DCAT-AP_IT "
     "(<a href=\"/catalogo\">/catalogo</a>).</p>\n"
     "<h2 id=\"citare\">Come citare i dati</h2>\n"
     "<p>Indicate l'ente, il titolo del dataset, il suo indirizzo e la data di consultazione, "
     "ad esempio: <q>Regione Calabria, Strutture ricettive della Calabria, "
     "https://dati.calabria.it/set/strutture-ricettive, licenza CC BY 4.0, consultato il "
     "6 dicembre 2026</q>. Ogni pagina di dataset propone il testo da citare.</p>\n"
     "<h2 id=\"contenuti\">Contenuti e responsabilità</h2>\n"
     "<p>I dati sono forniti dagli uffici regionali così come pubblicati; alcuni dataset "
     "dimostrativi sono campioni sintetici e lo dichiarano nella loro descrizione. "
     "Segnalazioni di errori: <a href=\"mailto:opendata@regione.calabria.it\">"
     "opendata@regione.calabria.it</a>.</p>\n"},
    {"/privacy", "Informativa sulla privacy",
     "<h1>Informativa sulla privacy</h1>\n"
     "<p>Il portale non usa cookie, non chiede di registrarsi e non usa strumenti di "
     "analisi del traffico di terze parti. Pagine, fogli di stile, caratteri e script sono "
     "serviti da questo stesso server.</p>\n"
     "<h2 id=\"registro\">Registro degli accessi</h2>\n"
     "<p>Per la sicurezza e il buon funzionamento del servizio il server può registrare, "
     "per ogni richiesta, la data e l'ora, l'indirizzo IP del client, il metodo, il percorso "
     "richiesto (senza i parametri della query), l'esito, i byte inviati e il tempo di "
     "risposta. Il testo delle query SPARQL non viene registrato.</p>\n"
     "<h2 id=\"richieste\">Richieste di dati e statistiche d'uso</h2>\n"
     "<p>Del modulo <a href=\"/richieste\">Richiedi un dataset</a> si conserva solo il "
     "testo inserito e la data: nessun indirizzo IP. Il contatto facoltativo serve solo a "
     "rispondere e non è pubblicato. Le <a href=\"/statistiche\">statistiche d'uso</a> "
     "sono conteggi giornalieri per dataset, senza indirizzi IP né altri dati "
     "personali.</p>\n"
     "<h2 id=\"mappe\">Mappe</h2>\n"
     "<p>Le mappe mostrano le tessere cartografiche di un servizio esterno (per "
     "impostazione predefinita OpenStreetMap): quando una pagina con una mappa viene "
     "aperta, il browser le richiede a quel servizio, che riceve quindi l'indirizzo IP del "
     "visitatore. Le pagine restano consultabili con i dati e il collegamento alla mappa "
     "anche senza caricare le tessere.</p>\n"
     "<h2 id=\"titolare\">Titolare del trattamento</h2>\n"
     "<p>Regione Calabria. Per esercitare i diritti previsti dal Regolamento (UE) 2016/679 "
     "scrivete a <a href=\"mailto:opendata@regione.calabria.it\">"
     "opendata@regione.calabria.it</a>.</p>\n"},
    {"/accessibilita", "Dichiarazione di accessibilità",
     "<h1>Dichiarazione di accessibilità</h1>\n"
     "<p>La Regione Calabria si impegna a rendere questo portale accessibile, conformemente "
     "alla Legge 4/2004 e alle Linee guida AgID sull'accessibilità degli strumenti "
     "informatici, che rimandano ai requisiti della norma UNI EN 301549 e alle WCAG 2.1 "
     "livello AA.</p>\n"
     "<h2 id=\"stato\">Stato di conformità</h2>\n"
     "<p>Ogni tipo di pagina (pagina iniziale, dataset, risorsa, ricerca, catalogo, query, "
     "pagine di errore) è verificato automaticamente a ogni modifica del software, a "
     "larghezza di telefono e di computer, con lo strumento axe-core sulle regole WCAG 2.1 "
     "A e AA; le verifiche automatiche non sostituiscono quelle manuali. Parzialmente "
     "conforme: l'editor delle query (YASGUI) e le mappe sono componenti di terze parti "
     "e, senza JavaScript, sono sostituiti da un modulo semplice e da un collegamento alla "
     "mappa.</p>\n"
     "<p>La dichiarazione ufficiale dell'ente si compila sulla piattaforma "
     "<a href=\"https://form.agid.gov.it/\">form.agid.gov.it</a>.</p>\n"
     "<h2 id=\"feedback\">Segnalazioni</h2>\n"
     "<p>Per segnalare un problema di accessibilità scrivete a "
     "<a href=\"mailto:opendata@regione.calabria.it\">opendata@regione.calabria.it</a>; "
     "senza risposta entro 30 giorni ci si può rivolgere al "
     "<a href=\"https://www.agid.gov.it/\">Difensore civico per il digitale</a> "
     "presso AgID.</p>\n"},
};

int ld_html_site_page(SilaBuf *out, const char *path) {
  for (size_t i = 0; i < sizeof site_pages / sizeof site_pages[0]; i++) {
    if (strcmp(path, site_pages[i].path))
      continue;
    int e = ld_page_begin(out, site_pages[i].title, strlen(site_pages[i].title));
    e |= sila_buf_puts(out, site_pages[i].body);
    e |= ld_page_end(out);
    return e ? -1 : 1;
  }
  return 0;
}

SilaStatus sila_ld_html_not_acceptable(const char *path, SilaBuf *out) {
  static const char *const fmts[][3] = {
      {"text/html", "", "Pagina web"},         {"text/turtle", ".ttl", "Turtle"},
      {"application/n-triples", ".nt", "N-Triples"}, {"application/rdf+xml", ".rdf", "RDF/XML"},
      {"application/ld+json", ".jsonld", "JSON-LD"},
  };
  const char *title = "Formato non disponibile";
  int e = ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out, "<h1>Formato non disponibile (406)</h1>\n<p>Questa risorsa è "
                          "disponibile solo nei formati seguenti: indicatene uno "
                          "nell'intestazione <code>Accept</code> o aggiungete il suffisso "
                          "all'indirizzo.</p>\n<div class=\"table-responsive\"><table "
                          "class=\"table\"><caption>Formati disponibili</caption>\n<thead><tr>"
                          "<th scope=\"col\">Formato</th><th scope=\"col\">Tipo</th>"
                          "<th scope=\"col\">Indirizzo</th></tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
    e |= sila_buf_printf(out, "<tr><td>%s</td><td><code>%s</code></td><td>", fmts[i][2],
                         fmts[i][0]);
    if (path && *path) {
      e |= sila_buf_puts(out, "<a href=\"");
      e |= ld_escs(out, path);
      e |= ld_escs(out, fmts[i][1]);
      e |= sila_buf_puts(out, "\">");
      e |= ld_escs(out, path);
      e |= ld_escs(out, fmts[i][1]);
      e |= sila_buf_puts(out, "</a>");
    }
    e |= sila_buf_puts(out, "</td></tr>\n");
  }
  e |= sila_buf_puts(out, "</tbody></table></div>\n");
  e |= ld_page_end(out);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}
