/* pub_messages.c — the one table of what the publishing area says, in
 * Italian, about a file that is being published: every code of the CSVW
 * mapper (SILA_CSVW_MSG_*, sila_csvw.h) and of the publication
 * (SILA_PUBLISH_MSG_*, sila_publish.h) → its sentence.  The mapper gives a
 * code and its parameters, never Italian: the sentences live here only.
 *
 * In a sentence, {valore} {atteso} {tabella} {dettaglio} are the message's
 * parameters, {tipo} the expected datatype in words, {proposte} the
 * suggestions ("forse "A" o "B"?"), {proprieta} the DCAT-AP_IT properties
 * in words, {messaggio} the mapper's English text (codes without a
 * sentence of their own).  The position ("riga 12, colonna "comune": ")
 * is put before it. */
#include <stdio.h>
#include <string.h>

#include "pub_internal.h"
#include "sila_csvw.h"
#include "sila_publish.h"

static const struct {
  const char *code;
  const char *text;
} messages_it[] = {
    {SILA_CSVW_MSG_BAD_VALUE, "\"{valore}\" non è {tipo}: correggi la cella (un valore di "
                              "un altro tipo non viene pubblicato)"},
    {SILA_CSVW_MSG_LOOKUP, "\"{valore}\" non è nella {tabella}{proposte}"},
    {SILA_CSVW_MSG_LOOKUP_FORMER, "\"{valore}\" è un ex comune, soppresso il {dettaglio}{proposte}"},
    {SILA_CSVW_MSG_REQUIRED, "manca il valore, e la colonna è obbligatoria"},
    {SILA_CSVW_MSG_ROW_LONG, "la riga ha {valore} celle, più delle {atteso} colonne"},
    {SILA_CSVW_MSG_ROW_SHORT, "la riga ha {valore} celle, meno delle {atteso} colonne"},
    {SILA_CSVW_MSG_COLUMNS, "il file ha {valore} colonne ma i metadati ne descrivono {atteso} "
                            "(il separatore è giusto? i metadati dicono \"{dettaglio}\")"},
    {SILA_CSVW_MSG_TITLE, "l'intestazione \"{valore}\" non è quella che i metadati si aspettano"},
    {SILA_CSVW_MSG_DUP_HEADER, "l'intestazione \"{valore}\" compare due volte (anche nella "
                               "colonna {dettaglio})"},
    {SILA_PUBLISH_MSG_CITY, "il comune di codice {valore} non è nel vocabolario nazionale dei "
                            "comuni"},
    {SILA_PUBLISH_MSG_DCAT, "nella descrizione mancano o non sono validi: {proprieta}"},
    {SILA_PUBLISH_MSG_NO_TRIPLES, "il file non ha dato nessun dato (è vuoto?)"},
    {SILA_PUBLISH_MSG_NO_DESCRIPTION, "manca la descrizione del dataset (dataset.json)"},
    {SILA_PUBLISH_MSG_JSON, "la descrizione del dataset (dataset.json) non è JSON valido"},
    {SILA_PUBLISH_MSG_METADATA, "i file di metadati CSVW (*-metadata.json) sono {valore}: ne "
                                "serve uno"},
    {SILA_CSVW_MSG_OTHER, "problema nel file o nei metadati (dettaglio tecnico, in inglese: "
                          "{messaggio})"},
};

/* A CSVW datatype's base name in words. */
static const char *type_it(const char *base) {
  static const struct {
    const char *base, *words;
  } types[] = {
      {"integer", "un numero intero"},
      {"int", "un numero intero"},
      {"long", "un numero intero"},
      {"short", "un numero intero"},
      {"byte", "un numero intero"},
      {"nonNegativeInteger", "un numero intero non negativo"},
      {"positiveInteger", "un numero intero positivo"},
      {"unsignedInt", "un numero intero non negativo"},
      {"unsignedLong", "un numero intero non negativo"},
      {"decimal", "un numero"},
      {"double", "un numero"},
      {"float", "un numero"},
      {"number", "un numero"},
      {"boolean", "un valore sì/no"},
      {"date", "una data"},
      {"dateTime", "una data con l'ora"},
      {"datetime", "una data con l'ora"},
      {"dateTimeStamp", "una data con l'ora e il fuso"},
      {"time", "un orario"},
      {"gYear", "un anno"},
      {"gYearMonth", "un mese di un anno"},
      {"duration", "una durata"},
      {"anyURI", "un indirizzo web"},
      {"url", "un indirizzo web"},
  };
  for (size_t i = 0; base && i < sizeof types / sizeof types[0]; i++)
    if (!strcmp(types[i].base, base))
      return types[i].words;
  return NULL;
}

/* A DCAT-AP_IT property of the description in words. */
static const char *property_it(const char *p, size_t n) {
  static const struct {
    const char *name, *words;
  } props[] = {
      {"slug", "l'identificativo"},
      {"dct:title", "il titolo"},
      {"dct:description", "la descrizione"},
      {"dct:modified", "la data di modifica"},
      {"dcat:theme", "il tema"},
      {"dct:accrualPeriodicity", "la frequenza di aggiornamento"},
      {"dct:rightsHolder", "il titolare"},
      {"vcard:fn+vcard:hasEmail", "il nome e l'e-mail del contatto"},
  };
  for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
    if (strlen(props[i].name) == n && !strncmp(props[i].name, p, n))
      return props[i].words;
  return NULL;
}

static int put_suggestions(SilaBuf *out, const SilaCsvwMessage *m) {
  int e = 0;
  if (!strcmp(m->code, SILA_CSVW_MSG_LOOKUP_FORMER)) {
    if (m->n_suggestions)
      e |= sila_buf_printf(out, ": oggi fa parte di \"%s\"", m->suggestions[0]);
    return e;
  }
  if (!m->n_suggestions)
    return sila_buf_puts(out, " — nessun nome simile (una località o un ex comune? scrivi il "
                              "comune a cui appartiene)");
  e |= sila_buf_puts(out, " — forse ");
  for (size_t i = 0; i < m->n_suggestions; i++)
    e |= sila_buf_printf(out, "%s\"%s\"", i == 0 ? "" : i + 1 == m->n_suggestions ? " o " : ", ",
                         m->suggestions[i]);
  return e | sila_buf_putc(out, '?');
}

static int put_properties(SilaBuf *out, const char *list) {
  int e = 0;
  bool first = true;
  for (const char *p = list ? list : ""; *p;) {
    size_t n = strcspn(p, " ");
    if (n) {
      const char *w = property_it(p, n);
      e |= sila_buf_puts(out, first ? "" : ", ");
      e |= w ? sila_buf_puts(out, w) : sila_buf_append(out, p, n);
      first = false;
    }
    p += n + (p[n] == ' ');
  }
  return e;
}

static int put_table(SilaBuf *out, const char *table) {
  if (!table || !*table || !strncmp(table, "comuni", 6))
    return sila_buf_puts(out, "tabella dei comuni");
  return sila_buf_printf(out, "tabella di riferimento \"%s\"", table);
}

static int put_detail(SilaBuf *out, const SilaCsvwMessage *m) {
  char day[64];
  const char *d = m->detail ? m->detail : "";
  if (!strcmp(m->code, SILA_CSVW_MSG_LOOKUP_FORMER) && ld_date_it(d, strlen(d), day, sizeof day))
    return sila_buf_puts(out, day);
  return sila_buf_puts(out, d);
}

int pub_message_it(SilaBuf *out, const SilaCsvwMessage *m) {
  const char *code = m->code ? m->code : SILA_CSVW_MSG_OTHER;
  const char *text = NULL;
  for (size_t i = 0; i < sizeof messages_it / sizeof messages_it[0] && !text; i++)
    if (!strcmp(messages_it[i].code, code))
      text = messages_it[i].text;
  if (!text) /* a code this table does not know yet: still said, never lost */
    text = messages_it[sizeof messages_it / sizeof messages_it[0] - 1].text;
  int e = 0;
  bool named = m->column_name && *m->column_name;
  if (m->row)
    e |= sila_buf_printf(out, "riga %lu%s", m->row, named || m->column ? ", " : ": ");
  if (named)
    e |= sila_buf_printf(out, "colonna \"%s\": ", m->column_name);
  else if (m->column)
    e |= sila_buf_printf(out, "colonna %lu: ", m->column);
  for (const char *p = text; *p;) {
    const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
    if (!open || !close) {
      e |= sila_buf_puts(out, p);
      break;
    }
    e |= sila_buf_append(out, p, (size_t)(open - p));
    size_t n = (size_t)(close - open - 1);
    const char *name = open + 1;
#define IS(s) (n == sizeof s - 1 && !strncmp(name, s, n))
    if (IS("valore"))
      e |= sila_buf_puts(out, m->value ? m->value : "");
    else if (IS("atteso"))
      e |= sila_buf_puts(out, m->expected ? m->expected : "");
    else if (IS("tipo")) {
      const char *w = type_it(m->expected);
      e |= w ? sila_buf_puts(out, w)
             : sila_buf_printf(out, "un valore di tipo %s", m->expected ? m->expected : "?");
    } else if (IS("tabella"))
      e |= put_table(out, m->table);
    else if (IS("dettaglio"))
      e |= put_detail(out, m);
    else if (IS("proposte"))
      e |= put_suggestions(out, m);
    else if (IS("proprieta"))
      e |= put_properties(out, m->value);
    else if (IS("messaggio"))
      e |= sila_buf_puts(out, m->message ? m->message : "");
#undef IS
    p = close + 1;
  }
  return e;
}
