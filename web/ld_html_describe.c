/* ld_html_describe.c — every page's <meta name="description">, in
 * Italian: what a search engine or a shared link shows under the title.
 * A dataset's page gives its description, a resource's page its label and
 * type (ld_html.c, ld_html_dataset.c); the portal's fixed pages have a
 * sentence of their own here, by title; any other page (the publishing
 * area, a page added later) says what it is from its title.  Escaped, one
 * line, at most LD_DESCRIPTION_MAX characters (cut at a word, with "…"). */
#include <string.h>

#include "ld_html.h"

static const struct {
  const char *title, *description;
} fixed_pages[] = {
    {"Dati aperti della Regione Calabria",
     "I dati aperti della Regione Calabria: dataset da scaricare in CSV e RDF, da consultare "
     "pagina per pagina e da interrogare con SPARQL."},
    {"Catalogo dei dati aperti",
     "Il catalogo DCAT-AP_IT dei dati aperti della Regione Calabria: ogni dataset con tema, "
     "editore, aggiornamento, licenza e formati da scaricare."},
    {"Descrizione VoID dei dati",
     "La descrizione VoID dei dati del portale: i dataset della Regione Calabria, i loro "
     "grafi, quante triple contengono e come interrogarli."},
    {"Cerca",
     "Cerca nei dati aperti della Regione Calabria: luoghi, strutture ricettive, enti, eventi, "
     "comuni e i termini dei vocabolari, per tipo e per dataset."},
    {"Query SPARQL",
     "Interroga i dati aperti della Regione Calabria con SPARQL: l'editor delle query, con "
     "esempi pronti per ogni dataset del catalogo."},
    {"Risorsa non trovata",
     "Questa pagina non esiste nel portale dei dati aperti della Regione Calabria: cerca nei "
     "dati o riparti dal catalogo."},
    {"Formato non disponibile",
     "Questa risorsa del portale dei dati aperti della Regione Calabria non è disponibile nel "
     "formato chiesto: sono elencati i formati che lo sono."},
    {"Note legali",
     "Le note legali del portale dei dati aperti della Regione Calabria: titolarità dei "
     "contenuti, licenza dei dati e responsabilità."},
    {"Informativa sulla privacy",
     "L'informativa sulla privacy del portale dei dati aperti della Regione Calabria: quali "
     "dati personali tratta, perché e per quanto tempo."},
    {"Dichiarazione di accessibilità",
     "La dichiarazione di accessibilità del portale dei dati aperti della Regione Calabria e "
     "come segnalare un problema."},
    {"Piano di rilascio dei dataset",
     "Il piano di rilascio dei dataset della Regione Calabria: quali dati saranno pubblicati, "
     "da quale ufficio, entro quando, e cosa è in ritardo."},
    {"Richiedi un dataset",
     "Chiedi alla Regione Calabria di pubblicare un dataset, e leggi le richieste già fatte "
     "con le risposte degli uffici."},
    {"Qualità dei dataset",
     "La qualità dei dataset della Regione Calabria: stelle dei dati aperti, completezza "
     "DCAT-AP_IT, errori e puntualità degli aggiornamenti, nel tempo."},
    {"Statistiche d'uso",
     "Quante volte ogni dataset della Regione Calabria è stato visto, scaricato e interrogato "
     "con SPARQL, giorno per giorno."},
    {"Ontologia regionale della Calabria",
     "L'ontologia regionale della Calabria: le classi e le proprietà che i dataset del "
     "portale usano oltre alle ontologie nazionali OntoPiA."},
    {"Ontologia regionale",
     "L'ontologia regionale della Calabria: le classi e le proprietà che i dataset del "
     "portale usano oltre alle ontologie nazionali OntoPiA."},
};

/* Code points of the UTF-8 bytes s[0..len). */
static size_t code_points(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

int ld_description_put(SilaBuf *out, const char *text, size_t len) {
  SilaBuf one = SILA_BUF_INIT; /* one line: runs of white space made one space */
  int e = 0;
  bool space = true;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && one.len)
      e |= sila_buf_putc(&one, ' ');
    space = false;
    e |= sila_buf_putc(&one, c);
  }
  size_t keep = one.len;
  if (!e && code_points(one.data, one.len) > LD_DESCRIPTION_MAX) {
    /* the longest start of whole words that leaves room for "…" */
    size_t cps = 0, last_space = 0;
    for (keep = 0; keep < one.len; keep++) {
      if (((unsigned char)one.data[keep] & 0xC0) != 0x80) {
        if (cps == LD_DESCRIPTION_MAX - 1)
          break;
        cps++;
      }
      if (one.data[keep] == ' ')
        last_space = keep;
    }
    if (last_space > keep / 2)
      keep = last_space;
    while (keep && strchr(" ,;:.-", one.data[keep - 1]))
      keep--;
  }
  e |= sila_buf_puts(out, "<meta name=\"description\" content=\"");
  e |= ld_esc(out, one.data, keep);
  if (keep < one.len)
    e |= sila_buf_puts(out, "…");
  e |= sila_buf_puts(out, "\">\n");
  sila_buf_free(&one);
  return e;
}

int ld_description_for_title(SilaBuf *out, const char *title, size_t tlen) {
  for (size_t i = 0; i < sizeof fixed_pages / sizeof fixed_pages[0]; i++)
    if (strlen(fixed_pages[i].title) == tlen && !memcmp(fixed_pages[i].title, title, tlen))
      return ld_description_put(out, fixed_pages[i].description,
                                strlen(fixed_pages[i].description));
  SilaBuf d = SILA_BUF_INIT;
  int e = sila_buf_append(&d, title, tlen);
  e |= sila_buf_puts(&d, tlen ? ": una pagina del portale dei dati aperti della Regione Calabria."
                              : "Una pagina del portale dei dati aperti della Regione Calabria.");
  if (!e)
    e = ld_description_put(out, d.data, d.len);
  sila_buf_free(&d);
  return e;
}
