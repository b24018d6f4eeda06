/* sila-gen: deterministic generator of Open Data Calabria-like linked data.
 *
 * Writes exactly N triples (N-Triples, N-Quads or Turtle) describing the kind of
 * data the regional portal publishes: the 404 real municipalities (with their
 * national OntoPiA IRIs), accommodation facilities, cultural sites and their
 * seats, organisations, public contracts and statistical observations, linked by
 * foreign keys, with addresses as blank nodes, long descriptions, language tags
 * and every common datatype, including non-canonical lexical forms.
 *
 * Determinism: the only source of variation is a xoshiro256** generator seeded
 * with splitmix64 from --seed; every number is formatted with integer
 * arithmetic, so the same seed and size give the same bytes on any platform and
 * compiler. Rule that keeps it so: at most one call that draws from the PRNG per
 * argument list (C leaves the order of argument evaluation unspecified: gcc and
 * clang differ). Output: gen_write.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comuni_calabria.h"
#include "gen.h"
#include "gen_words.h"

static void batch_reset(Batch *b, int graph)
{
    b->n = b->ntail = 0;
    b->used = 0;
    b->graph = graph;
}

/* An entity has fewer than 40 triples and its tail fewer than 20: the bounds
 * below never drop one; they only keep a future mistake from overflowing. */
static void add(Batch *b, Term s, Term p, Term o)
{
    if (b->n < BATCH_MAX)
        b->t[b->n++] = (Triple){s, p, o};
}

static void add_tail(Batch *b, Term s, Term p, Term o)
{
    if (b->ntail < BATCH_MAX)
        b->tail[b->ntail++] = (Triple){s, p, o};
}

/* Arena string building: st = sb_ptr(b), any number of sb_* appends, then
 * sb_end_lit / sb_end_iri(b, st) make the term. Strings live until batch_reset. */
static char *sb_ptr(Batch *b)
{
    return b->arena + b->used;
}

static void sb_putn(Batch *b, const char *s, size_t n)
{
    if (b->used + n >= ARENA_SIZE) /* cannot happen with the sizes used below */
        n = ARENA_SIZE - 1 - b->used;
    memcpy(b->arena + b->used, s, n);
    b->used += n;
}

static void sb_puts(Batch *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

/* Decimal digits of v, left-padded with zeros to at least width. */
static void sb_uint(Batch *b, uint64_t v, int width)
{
    char tmp[24];
    int i = 24;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (24 - i < width)
        tmp[--i] = '0';
    sb_putn(b, tmp + i, (size_t)(24 - i));
}

static Term sb_end_lit(Batch *b, const char *start, int dt, const char *lang)
{
    Term t = {K_LIT, NS_NONE, dt, 0, start, (uint32_t)(sb_ptr(b) - start), lang};
    return t;
}

static Term sb_end_iri(Batch *b, const char *start)
{
    Term t = {K_IRI, NS_NONE, 0, 0, start, (uint32_t)(sb_ptr(b) - start), NULL};
    return t;
}

static Term V(int nsi, const char *local)
{
    Term t = {K_IRI, nsi, 0, 0, local, (uint32_t)strlen(local), NULL};
    return t;
}

static Term IRI(const char *full)
{
    return V(NS_NONE, full);
}

static Term LIT(const char *s, int dt, const char *lang)
{
    Term t = {K_LIT, NS_NONE, dt, 0, s, (uint32_t)strlen(s), lang};
    return t;
}

static Term id_iri(Batch *b, const char *concept, uint64_t n, int width)
{
    char *st = sb_ptr(b);
    sb_puts(b, BASE "id/");
    sb_puts(b, concept);
    sb_putn(b, "/", 1);
    sb_uint(b, n, width);
    return sb_end_iri(b, st);
}

static Term comune_iri(Batch *b, uint32_t idx)
{
    char *st = sb_ptr(b);
    sb_puts(b, BASE "id/comune/");
    sb_puts(b, gen_comuni[idx].istat);
    return sb_end_iri(b, st);
}

static Term int_lit(Batch *b, uint64_t v)
{
    char *st = sb_ptr(b);
    sb_uint(b, v, 0);
    return sb_end_lit(b, st, DT_INTEGER, NULL);
}

/* An xsd:integer, in a non-canonical form ("007", "+12") now and then: CSV
 * mappings copy zero-padded codes and counts as they are. */
static Term count_lit(Rng *r, Batch *b, uint64_t v)
{
    char *st = sb_ptr(b);
    uint32_t k = rng_below(r, 100);
    if (k < 3)
        sb_uint(b, v, 3);
    else if (k < 4) {
        sb_putn(b, "+", 1);
        sb_uint(b, v, 0);
    } else
        sb_uint(b, v, 0);
    return sb_end_lit(b, st, DT_INTEGER, NULL);
}

/* cents → "1234.5" style xsd:decimal; trailing zeros kept in some values
 * ("5.00"), as spreadsheets export them. */
static Term decimal_lit(Rng *r, Batch *b, uint64_t cents)
{
    char *st = sb_ptr(b);
    sb_uint(b, cents / 100, 0);
    sb_putn(b, ".", 1);
    if (rng_pct(r, 30))
        sb_uint(b, cents % 100, 2);
    else if (cents % 10 == 0)
        sb_uint(b, (cents % 100) / 10, 0);
    else
        sb_uint(b, cents % 100, 2);
    return sb_end_lit(b, st, DT_DECIMAL, NULL);
}

/* Degrees with 5–6 decimals as xsd:double, the (non-canonical) way geo data
 * writes them: "39.29861". */
static Term coord_lit(Rng *r, Batch *b, uint32_t deg, uint32_t span_micro)
{
    char *st = sb_ptr(b);
    uint32_t micro = rng_below(r, span_micro);
    sb_uint(b, deg + micro / 1000000, 0);
    sb_putn(b, ".", 1);
    sb_uint(b, micro % 1000000, 6);
    return sb_end_lit(b, st, DT_DOUBLE, NULL);
}

/* Canonical xsd:double: mantissa digits d.dddd + "E" + exponent. */
static Term double_lit(Batch *b, uint32_t mant5, int exp)
{
    char *st = sb_ptr(b);
    sb_uint(b, mant5 / 10000, 0);
    sb_putn(b, ".", 1);
    sb_uint(b, mant5 % 10000, 4);
    sb_putn(b, "E", 1);
    if (exp < 0) {
        sb_putn(b, "-", 1);
        exp = -exp;
    }
    sb_uint(b, (uint64_t)exp, 0);
    return sb_end_lit(b, st, DT_DOUBLE, NULL);
}

static void sb_date(Batch *b, uint32_t y, uint32_t m, uint32_t d)
{
    sb_uint(b, y, 4);
    sb_putn(b, "-", 1);
    sb_uint(b, m, 2);
    sb_putn(b, "-", 1);
    sb_uint(b, d, 2);
}

static Term date_lit(Rng *r, Batch *b, uint32_t y0, uint32_t y1)
{
    char *st = sb_ptr(b);
    uint32_t y = rng_range(r, y0, y1), m = rng_range(r, 1, 12), d = rng_range(r, 1, 28);
    sb_date(b, y, m, d);
    return sb_end_lit(b, st, DT_DATE, NULL);
}

static Term datetime_lit(Rng *r, Batch *b)
{
    char *st = sb_ptr(b);
    uint32_t y = rng_range(r, 2015, 2025), m = rng_range(r, 1, 12), d = rng_range(r, 1, 28);
    sb_date(b, y, m, d);
    sb_putn(b, "T", 1);
    sb_uint(b, rng_below(r, 24), 2);
    sb_putn(b, ":", 1);
    sb_uint(b, rng_below(r, 60), 2);
    sb_putn(b, ":", 1);
    sb_uint(b, rng_below(r, 60), 2);
    uint32_t k = rng_below(r, 10);
    if (k < 3)
        sb_putn(b, "Z", 1);
    else if (k < 5)
        sb_puts(b, rng_pct(r, 50) ? "+01:00" : "+02:00");
    return sb_end_lit(b, st, DT_DATETIME, NULL);
}

static Term year_lit(Batch *b, uint32_t y)
{
    char *st = sb_ptr(b);
    sb_uint(b, y, 4);
    return sb_end_lit(b, st, DT_GYEAR, NULL);
}

/* xsd:boolean, with "1"/"0" (valid, non-canonical) in a few values. */
static Term bool_lit(Rng *r, int v)
{
    if (rng_pct(r, 5))
        return LIT(v ? "1" : "0", DT_BOOLEAN, NULL);
    return LIT(v ? "true" : "false", DT_BOOLEAN, NULL);
}

/* The Italian tag, with the case and region variants found in the wild. */
static const char *lang_it(Rng *r)
{
    uint32_t k = rng_below(r, 100);
    if (k < 4)
        return "it-IT";
    if (k < 5)
        return "IT";
    if (k < 6)
        return "it-it";
    return "it";
}

/* ---- generator state ----------------------------------------------------- */

#define N_INDICATORS 40

typedef struct {
    Rng rng;
    uint64_t next_org, next_acco, next_cult, next_contr, next_obs, next_bnode;
    uint64_t est_org; /* organisations expected in the whole file: foreign keys point below it */
} Gen;

/* Organisation n is public (a municipality office, an agency) for n % 10 < 3:
 * a function of the id, so contracts can pick a public procuring entity and a
 * private winner without remembering anything. */
static int org_is_public(uint64_t n)
{
    return n % 10 < 3;
}

static uint64_t pick_org(Gen *g, int want_public)
{
    uint64_t n = rng_next(&g->rng) % g->est_org;
    while (org_is_public(n) != want_public)
        n = (n + 1) % g->est_org;
    return n;
}

static uint32_t pick_comune(Gen *g)
{
    return rng_skewed(&g->rng, (uint32_t)GEN_N_COMUNI);
}

static const char *postcode_prefix(uint32_t ci)
{
    const char *p = gen_comuni[ci].province;
    if (!strcmp(p, "CS"))
        return "870";
    if (!strcmp(p, "CZ"))
        return "880";
    if (!strcmp(p, "RC"))
        return "890";
    if (!strcmp(p, "KR"))
        return "889";
    return "899";
}

/* An address as a blank node (CLV), linked to its municipality. */
static Term address(Gen *g, Batch *b, uint32_t ci)
{
    Rng *r = &g->rng;
    char *st = sb_ptr(b);
    sb_puts(b, "addr");
    sb_uint(b, g->next_bnode++, 0);
    Term bn = {K_BNODE, NS_NONE, 0, 0, st, (uint32_t)(sb_ptr(b) - st), NULL};

    const char *street = PICK(r, streets);
    uint32_t num = rng_range(r, 1, 250);
    const char *pfx = postcode_prefix(ci);
    uint32_t cap = (uint32_t)(ci % 100);

    add_tail(b, bn, V(NS_RDF, "type"), V(NS_CLV, "Address"));
    st = sb_ptr(b);
    sb_puts(b, street);
    sb_putn(b, ", ", 2);
    sb_uint(b, num, 0);
    sb_putn(b, " - ", 3);
    sb_puts(b, pfx);
    sb_uint(b, cap, 2);
    sb_putn(b, " ", 1);
    sb_puts(b, gen_comuni[ci].name);
    sb_putn(b, " (", 2);
    sb_puts(b, gen_comuni[ci].province);
    sb_putn(b, ")", 1);
    add_tail(b, bn, V(NS_CLV, "fullAddress"), sb_end_lit(b, st, DT_NONE, NULL));
    st = sb_ptr(b);
    sb_puts(b, pfx);
    sb_uint(b, cap, 2);
    add_tail(b, bn, V(NS_CLV, "postCode"), sb_end_lit(b, st, DT_NONE, NULL));
    if (rng_pct(r, 60)) {
        st = sb_ptr(b);
        sb_uint(b, num, 0);
        add_tail(b, bn, V(NS_CLV, "streetNumber"), sb_end_lit(b, st, DT_NONE, NULL));
    }
    add_tail(b, bn, V(NS_CLV, "hasCity"), comune_iri(b, ci));
    return bn;
}

/* Topics of descriptions: which sentences fit (see gen_words.h). */
enum { TOPIC_ANY, TOPIC_ACCO, TOPIC_CULT };

static const char *sentence(Rng *r, int english, int topic)
{
    if (topic == TOPIC_ANY || rng_pct(r, 40))
        return english ? PICK(r, sentences_en_any) : PICK(r, sentences_it_any);
    if (topic == TOPIC_ACCO)
        return english ? PICK(r, sentences_en_acco) : PICK(r, sentences_it_acco);
    return english ? PICK(r, sentences_en_cult) : PICK(r, sentences_it_cult);
}

/* A description of 200–2000 bytes (UTF-8), starting from the entity's name so
 * it is nearly always a distinct term. */
static Term description(Gen *g, Batch *b, const char *name, uint32_t ci, int english, int topic)
{
    Rng *r = &g->rng;
    uint32_t target = rng_range(r, 200, 2000);
    char *st = sb_ptr(b);
    sb_puts(b, name);
    sb_puts(b, english ? " is in " : " si trova nel comune di ");
    sb_puts(b, gen_comuni[ci].name);
    sb_puts(b, english ? ", Calabria. " : ", in Calabria. ");
    while ((uint32_t)(sb_ptr(b) - st) < target) {
        sb_puts(b, sentence(r, english, topic));
        sb_puts(b, rng_pct(r, 15) ? "\n\n" : (rng_pct(r, 5) ? "\r\n" : " "));
    }
    Term t = sb_end_lit(b, st, DT_NONE, english ? "en" : lang_it(r));
    t.uescape = rng_pct(r, 10);
    return t;
}

static void stamp(Gen *g, Batch *b, Term s)
{
    add(b, s, V(NS_DCT, "modified"), datetime_lit(&g->rng, b));
}

/* ---- entities ------------------------------------------------------------ */

static void gen_comune(Gen *g, Batch *b, uint32_t ci)
{
    Rng *r = &g->rng;
    const GenComune *c = &gen_comuni[ci];
    Term s = comune_iri(b, ci);
    char *st;

    add(b, s, V(NS_RDF, "type"), V(NS_CLV, "City"));
    add(b, s, V(NS_RDFS, "label"), LIT(c->name, DT_NONE, "it"));
    add(b, s, V(NS_L0, "name"), LIT(c->name, DT_NONE, NULL));
    st = sb_ptr(b);
    sb_puts(b, "https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/");
    sb_puts(b, c->istat);
    sb_putn(b, "-(", 2);
    sb_puts(b, c->since);
    sb_putn(b, ")", 1);
    add(b, s, V(NS_OWL, "sameAs"), sb_end_iri(b, st));
    add(b, s, V(NS_CALAB, "codiceIstat"), LIT(c->istat, DT_NONE, NULL));
    add(b, s, V(NS_CALAB, "codiceCatastale"), LIT(c->cadastral, rng_pct(r, 20) ? DT_STRING : DT_NONE, NULL));
    st = sb_ptr(b);
    sb_puts(b, "https://w3id.org/italia/controlled-vocabulary/territorial-classifications/provinces/");
    sb_putn(b, c->istat, 3);
    add(b, s, V(NS_CLV, "hasProvince"), sb_end_iri(b, st));
    add(b, s, V(NS_CALAB, "popolazione"), int_lit(b, c->capital ? rng_range(r, 50000, 180000)
                                                               : rng_range(r, 150, 40000)));
    add(b, s, V(NS_CALAB, "superficie"), decimal_lit(r, b, rng_range(r, 200, 30000) * 10ULL));
    add(b, s, V(NS_GEO, "lat"), coord_lit(r, b, 37, 2200000));
    add(b, s, V(NS_GEO, "long"), coord_lit(r, b, 15, 2100000));
    add(b, s, V(NS_CALAB, "capoluogo"), bool_lit(r, c->capital));
    stamp(g, b, s);
}

static void gen_indicator(Gen *g, Batch *b, uint32_t k)
{
    Term s = id_iri(b, "indicatore", k, 0);
    char *st;
    add(b, s, V(NS_RDF, "type"), V(NS_IND, "Indicator"));
    st = sb_ptr(b);
    sb_puts(b, "Indicatore ");
    sb_uint(b, k, 0);
    sb_puts(b, k % 3 == 0 ? " — popolazione residente" : k % 3 == 1 ? " — presenze turistiche"
                                                                       : " — valore aggiunto");
    add(b, s, V(NS_RDFS, "label"), sb_end_lit(b, st, DT_NONE, "it"));
    st = sb_ptr(b);
    sb_puts(b, "Indicator ");
    sb_uint(b, k, 0);
    add(b, s, V(NS_RDFS, "label"), sb_end_lit(b, st, DT_NONE, "en"));
    add(b, s, V(NS_L0, "description"), description(g, b, "L'indicatore", 0, 0, TOPIC_ANY));
}

static void gen_org(Gen *g, Batch *b)
{
    Rng *r = &g->rng;
    uint64_t n = g->next_org++;
    int pub = org_is_public(n);
    uint32_t ci = pick_comune(g);
    Term s = id_iri(b, "organizzazione", n, 0);
    char *st;

    add(b, s, V(NS_RDF, "type"), V(NS_COV, pub ? "PublicOrganization" : "PrivateOrganization"));
    if (rng_pct(r, 40))
        add(b, s, V(NS_RDF, "type"), V(NS_COV, "Organization"));
    st = sb_ptr(b);
    if (pub) {
        static const char *const kinds[] = {"Comune di", "Azienda Sanitaria Provinciale di",
                                            "Istituto Comprensivo di", "Consorzio di Bonifica di",
                                            "Unione dei Comuni di", "Camera di Commercio di"};
        sb_puts(b, PICK(r, kinds));
        sb_putn(b, " ", 1);
        sb_puts(b, gen_comuni[ci].name);
    } else {
        sb_puts(b, PICK(r, surnames));
        sb_putn(b, " ", 1);
        sb_puts(b, PICK(r, activities));
        sb_putn(b, " ", 1);
        sb_puts(b, PICK(r, legal_forms));
    }
    Term name = sb_end_lit(b, st, DT_NONE, NULL);
    add(b, s, V(NS_COV, "legalName"), name);
    Term label = name;
    label.lang = lang_it(r);
    add(b, s, V(NS_RDFS, "label"), label);
    st = sb_ptr(b);
    sb_uint(b, (n * 7919 + 1000003) % 100000000000ULL, 11);
    Term tax = sb_end_lit(b, st, DT_NONE, NULL);
    add(b, s, V(NS_COV, "taxCode"), tax);
    if (pub) {
        st = sb_ptr(b);
        sb_puts(b, "c_");
        sb_uint(b, n, 5);
        add(b, s, V(NS_COV, "IPAcode"), sb_end_lit(b, st, DT_NONE, NULL));
    } else {
        st = sb_ptr(b);
        sb_puts(b, "IT");
        sb_putn(b, tax.v, tax.len);
        add(b, s, V(NS_COV, "VATnumber"), sb_end_lit(b, st, DT_NONE, NULL));
        if (rng_pct(r, 50))
            add(b, s, V(NS_COV, "REANumber"), count_lit(r, b, rng_range(r, 10000, 299999)));
    }
    add(b, s, V(NS_COV, "foundationDate"), date_lit(r, b, 1950, 2023));
    add(b, s, V(NS_CLV, "hasAddress"), address(g, b, ci));
    if (rng_pct(r, 60)) {
        st = sb_ptr(b);
        sb_puts(b, "https://www.org");
        sb_uint(b, n, 0);
        sb_puts(b, ".calabria.example.it/");
        add(b, s, V(NS_FOAF, "homepage"), sb_end_iri(b, st));
    }
    stamp(g, b, s);
}

static void gen_acco(Gen *g, Batch *b)
{
    Rng *r = &g->rng;
    uint64_t n = g->next_acco++;
    uint32_t ci = pick_comune(g);
    Term s = id_iri(b, "struttura-ricettiva", n, 0);
    char *st;
    char namebuf[256];

    add(b, s, V(NS_RDF, "type"), V(NS_ACCO, "Accommodation"));
    add(b, s, V(NS_RDF, "type"), V(NS_POI, "PointOfInterest"));
    const char *kind = PICK(r, acco_kinds);
    snprintf(namebuf, sizeof namebuf, "%s %s", kind, PICK(r, acco_names));
    st = sb_ptr(b);
    sb_puts(b, namebuf);
    if (rng_pct(r, 70)) {
        sb_puts(b, " - ");
        sb_puts(b, gen_comuni[ci].name);
    }
    Term label = sb_end_lit(b, st, DT_NONE, lang_it(r));
    add(b, s, V(NS_RDFS, "label"), label);
    if (rng_pct(r, 15)) {
        Term en = label;
        en.lang = "en";
        add(b, s, V(NS_RDFS, "label"), en);
    }
    label.lang = NULL;
    add(b, s, V(NS_POI, "POIofficialName"), label);
    st = sb_ptr(b);
    sb_puts(b, gen_comuni[ci].istat);
    sb_puts(b, "-SR-");
    sb_uint(b, n, 6);
    add(b, s, V(NS_ACCO, "accommodationCode"), sb_end_lit(b, st, DT_NONE, NULL));
    st = sb_ptr(b);
    sb_puts(b, "https://w3id.org/italia/controlled-vocabulary/classifications-for-accommodation-facilities/accommodation-typology/");
    sb_puts(b, PICK(r, typologies));
    add(b, s, V(NS_ACCO, "hasAccommodationTypology"), sb_end_iri(b, st));
    if (rng_pct(r, 70)) {
        st = sb_ptr(b);
        sb_puts(b, "https://w3id.org/italia/controlled-vocabulary/classifications-for-accommodation-facilities/accommodation-star-rating/");
        sb_puts(b, PICK(r, star_ratings));
        add(b, s, V(NS_ACCO, "hasAccommodationClassification"), sb_end_iri(b, st));
    }
    uint32_t rooms = rng_range(r, 1, 120);
    add(b, s, V(NS_ACCO, "totalRoom"), count_lit(r, b, rooms));
    add(b, s, V(NS_ACCO, "totalBed"), count_lit(r, b, rooms * rng_range(r, 1, 4)));
    if (rng_pct(r, 50))
        add(b, s, V(NS_ACCO, "totalToilet"), count_lit(r, b, rooms + rng_below(r, 3)));
    add(b, s, V(NS_CLV, "hasAddress"), address(g, b, ci));
    add(b, s, V(NS_GEO, "lat"), coord_lit(r, b, 37, 2200000));
    add(b, s, V(NS_GEO, "long"), coord_lit(r, b, 15, 2100000));
    if (rng_pct(r, 60))
        add(b, s, V(NS_ACCO, "hasAccommodationOwner"), id_iri(b, "organizzazione", pick_org(g, 0), 0));
    add(b, s, V(NS_CALAB, "aperturaAnnuale"), bool_lit(r, rng_pct(r, 40)));
    if (rng_pct(r, 45))
        add(b, s, V(NS_L0, "description"), description(g, b, namebuf, ci, 0, TOPIC_ACCO));
    if (rng_pct(r, 12))
        add(b, s, V(NS_L0, "description"), description(g, b, namebuf, ci, 1, TOPIC_ACCO));
    if (rng_pct(r, 30)) {
        st = sb_ptr(b);
        sb_puts(b, "info");
        sb_uint(b, n, 0);
        sb_puts(b, "@struttura.example.it");
        add(b, s, V(NS_CALAB, "email"), sb_end_lit(b, st, DT_NONE, NULL));
    }
    add(b, s, V(NS_CALAB, "annoRiferimento"), year_lit(b, rng_range(r, 2018, 2025)));
    stamp(g, b, s);
}

static void gen_cult(Gen *g, Batch *b)
{
    Rng *r = &g->rng;
    uint64_t n = g->next_cult++;
    uint32_t ci = pick_comune(g);
    uint32_t kind = rng_below(r, (uint32_t)(sizeof cis_names_it / sizeof cis_names_it[0]));
    Term s = id_iri(b, "luogo-della-cultura", n, 0);
    Term site = id_iri(b, "sede", n, 0);
    char *st;

    add(b, s, V(NS_RDF, "type"), V(NS_CIS, "CulturalInstituteOrSite"));
    add(b, s, V(NS_RDF, "type"), V(NS_CIS, PICK(r, cis_classes)));
    st = sb_ptr(b);
    sb_puts(b, cis_names_it[kind]);
    sb_puts(b, " di ");
    sb_puts(b, gen_comuni[ci].name);
    if (rng_pct(r, 50)) {
        sb_puts(b, " \"");
        sb_puts(b, PICK(r, surnames));
        sb_puts(b, "\"");
    }
    Term name = sb_end_lit(b, st, DT_NONE, lang_it(r));
    add(b, s, V(NS_CIS, "institutionalCISName"), name);
    add(b, s, V(NS_RDFS, "label"), name);
    if (rng_pct(r, 40)) {
        st = sb_ptr(b);
        sb_puts(b, cis_names_en[kind]);
        sb_puts(b, " of ");
        sb_puts(b, gen_comuni[ci].name);
        add(b, s, V(NS_RDFS, "label"), sb_end_lit(b, st, DT_NONE, "en"));
    }
    st = sb_ptr(b);
    sb_puts(b, "IT-");
    sb_puts(b, gen_comuni[ci].province);
    sb_uint(b, n, 4);
    add(b, s, V(NS_CIS, "ISILIdentifier"), sb_end_lit(b, st, DT_NONE, NULL));
    char namebuf[300];
    snprintf(namebuf, sizeof namebuf, "%.*s", (int)name.len, name.v);
    if (rng_pct(r, 80))
        add(b, s, V(NS_L0, "description"), description(g, b, namebuf, ci, 0, TOPIC_CULT));
    if (rng_pct(r, 35))
        add(b, s, V(NS_L0, "description"), description(g, b, namebuf, ci, 1, TOPIC_CULT));
    add(b, s, V(NS_CIS, "hasSite"), site);
    add(b, s, V(NS_CALAB, "annoFondazione"), year_lit(b, rng_range(r, 1860, 2020)));
    add(b, s, V(NS_CALAB, "bigliettoIntero"), decimal_lit(r, b, rng_range(r, 0, 30) * 50ULL));
    add(b, s, V(NS_CALAB, "ingressoGratuito"), bool_lit(r, rng_pct(r, 30)));
    if (rng_pct(r, 50)) {
        st = sb_ptr(b);
        sb_puts(b, "https://www.luogo");
        sb_uint(b, n, 0);
        sb_puts(b, ".cultura.example.it/");
        add(b, s, V(NS_FOAF, "homepage"), sb_end_iri(b, st));
    }
    add(b, s, V(NS_COV, "hasOrganization"), id_iri(b, "organizzazione", pick_org(g, 1), 0));
    stamp(g, b, s);

    /* The seat: a resource of its own, as in Cultural-ON. */
    add_tail(b, site, V(NS_RDF, "type"), V(NS_CIS, "Site"));
    st = sb_ptr(b);
    sb_puts(b, "Sede di ");
    sb_putn(b, name.v, name.len);
    add_tail(b, site, V(NS_RDFS, "label"), sb_end_lit(b, st, DT_NONE, "it"));
    add_tail(b, site, V(NS_CIS, "siteAddress"), address(g, b, ci));
    add_tail(b, site, V(NS_GEO, "lat"), coord_lit(r, b, 37, 2200000));
    add_tail(b, site, V(NS_GEO, "long"), coord_lit(r, b, 15, 2100000));
}

static void gen_contract(Gen *g, Batch *b)
{
    Rng *r = &g->rng;
    uint64_t n = g->next_contr++;
    Term s = id_iri(b, "contratto", n, 0);
    char *st;
    static const char cig_alpha[] = "0123456789ABCDEF";

    add(b, s, V(NS_RDF, "type"), V(NS_PC, "Contract"));
    st = sb_ptr(b);
    sb_putn(b, rng_pct(r, 40) ? "Z" : "8", 1);
    uint64_t x = n * 0x9E3779B1ULL + 0x5bd1e995ULL;
    for (int i = 0; i < 9; i++, x >>= 4)
        sb_putn(b, &cig_alpha[x & 15], 1);
    add(b, s, V(NS_PC, "CIG"), sb_end_lit(b, st, DT_NONE, NULL));
    st = sb_ptr(b);
    sb_puts(b, PICK(r, works));
    sb_putn(b, " ", 1);
    sb_puts(b, PICK(r, objects));
    if (rng_pct(r, 60)) {
        sb_puts(b, " - ");
        sb_puts(b, gen_comuni[pick_comune(g)].name);
    }
    if (rng_pct(r, 30)) {
        sb_puts(b, " - lotto ");
        sb_uint(b, rng_range(r, 1, 12), 0);
    }
    add(b, s, V(NS_RDFS, "label"), sb_end_lit(b, st, DT_NONE, lang_it(r)));
    add(b, s, V(NS_PC, "hasProcuringEntity"), id_iri(b, "organizzazione", pick_org(g, 1), 0));
    if (rng_pct(r, 85))
        add(b, s, V(NS_PC, "winner"), id_iri(b, "organizzazione", pick_org(g, 0), 0));
    uint64_t base = (uint64_t)rng_range(r, 1000, 2000000) * 100;
    add(b, s, V(NS_PC, "auctionBaseAmount"), decimal_lit(r, b, base));
    uint32_t discount = rng_below(r, 300000); /* thousandths of a percent */
    add(b, s, V(NS_PC, "agreedAmount"), decimal_lit(r, b, base - base * discount / 10000000));
    if (discount >= 10000)
        add(b, s, V(NS_CALAB, "ribasso"), double_lit(b, discount / 3, 1));
    st = sb_ptr(b);
    sb_puts(b, "http://data.europa.eu/cpv/cpv/");
    sb_uint(b, 30000000 + rng_skewed(r, 300) * 50021, 8);
    add(b, s, V(NS_PC, "hasCPV"), sb_end_iri(b, st));
    st = sb_ptr(b);
    sb_puts(b, BASE "vocabolario/tipo-procedura/");
    sb_puts(b, PICK(r, procedures));
    add(b, s, V(NS_PC, "hasProcedureType"), sb_end_iri(b, st));
    add(b, s, V(NS_PC, "actualStartDate"), date_lit(r, b, 2015, 2025));
    if (rng_pct(r, 70))
        add(b, s, V(NS_PC, "estimatedEndDate"), date_lit(r, b, 2016, 2028));
    add(b, s, V(NS_PC, "outcomeDate"), datetime_lit(r, b));
    add(b, s, V(NS_CALAB, "annoRiferimento"), year_lit(b, rng_range(r, 2015, 2025)));
    if (rng_pct(r, 8))
        add(b, s, V(NS_DCT, "description"),
            description(g, b, "L'appalto", pick_comune(g), 0, TOPIC_ANY));
}

static void gen_obs(Gen *g, Batch *b)
{
    Rng *r = &g->rng;
    uint64_t n = g->next_obs++;
    uint32_t ind = rng_below(r, N_INDICATORS);
    uint32_t kind = ind % 3; /* population, tourism, economy: one graph each */
    Term s = id_iri(b, "osservazione", n, 0);
    char *st;

    b->graph = G_POP + (int)kind;
    add(b, s, V(NS_RDF, "type"), V(NS_QB, "Observation"));
    st = sb_ptr(b);
    sb_puts(b, BASE "set/");
    sb_puts(b, gen_graph_slug[b->graph]);
    add(b, s, V(NS_QB, "dataSet"), sb_end_iri(b, st));
    add(b, s, V(NS_SDMXD, "refArea"), comune_iri(b, pick_comune(g)));
    add(b, s, V(NS_SDMXD, "refPeriod"), year_lit(b, rng_range(r, 2001, 2024)));
    add(b, s, V(NS_CALAB, "indicatore"), id_iri(b, "indicatore", ind, 0));
    if (kind == 0) {
        add(b, s, V(NS_SDMXM, "obsValue"), int_lit(b, rng_skewed(r, 60000)));
        if (rng_pct(r, 60))
            add(b, s, V(NS_SDMXD, "sex"),
                IRI(rng_pct(r, 50) ? "http://purl.org/linked-data/sdmx/2009/code#sex-M"
                                   : "http://purl.org/linked-data/sdmx/2009/code#sex-F"));
        if (rng_pct(r, 50))
            add(b, s, V(NS_SDMXD, "age"), int_lit(b, rng_below(r, 100)));
    } else if (kind == 1) {
        add(b, s, V(NS_SDMXM, "obsValue"), count_lit(r, b, rng_skewed(r, 200000)));
        st = sb_ptr(b);
        sb_puts(b, BASE "vocabolario/provenienza/");
        sb_puts(b, rng_pct(r, 60) ? "italiani" : "stranieri");
        add(b, s, V(NS_CALAB, "provenienza"), sb_end_iri(b, st));
    } else if (rng_pct(r, 50)) {
        add(b, s, V(NS_SDMXM, "obsValue"), decimal_lit(r, b, rng_below(r, 10000000)));
    } else {
        uint32_t mant = rng_range(r, 10000, 99999);
        int exp = (int)rng_below(r, 7) - 2;
        add(b, s, V(NS_SDMXM, "obsValue"), double_lit(b, mant, exp));
    }
    st = sb_ptr(b);
    sb_puts(b, BASE "vocabolario/unita-di-misura/");
    sb_puts(b, units[kind == 0 ? 0 : kind == 1 ? 0 : 1 + rng_below(r, 5)]);
    add(b, s, V(NS_SDMXA, "unitMeasure"), sb_end_iri(b, st));
}

/* ---- main ---------------------------------------------------------------- */

static void usage(FILE *f)
{
    fputs("usage: sila-gen [--triples N] [--seed S] [--quads | --turtle] [-o FILE]\n"
          "Writes exactly N (default 1000000; suffixes k, M accepted) triples of\n"
          "Open Data Calabria-like linked data, deterministic for a given seed\n"
          "(default 1): N-Triples by default, N-Quads with --quads (one named graph\n"
          "per dataset, " BASE "set/{slug}), Turtle with --turtle.\n",
          f);
}

static int parse_count(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        return -1;
    if (*end == 'k' || *end == 'K') {
        v *= 1000;
        end++;
    } else if (*end == 'm' || *end == 'M') {
        v *= 1000000;
        end++;
    }
    if (*end)
        return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t triples = 1000000, seed = 1;
    Format fmt = FMT_NT;
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (!strcmp(a, "--triples") && has_val) {
            if (parse_count(argv[++i], &triples)) {
                fprintf(stderr, "sila-gen: bad --triples value '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--seed") && has_val) {
            if (parse_count(argv[++i], &seed)) {
                fprintf(stderr, "sila-gen: bad --seed value '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--quads")) {
            fmt = FMT_NQ;
        } else if (!strcmp(a, "--turtle")) {
            fmt = FMT_TTL;
        } else if (!strcmp(a, "-o") && has_val) {
            path = argv[++i];
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }

    Out o = {.fmt = fmt, .cap = 1 << 20};
    o.f = path ? fopen(path, "wb") : stdout;
    if (!o.f) {
        fprintf(stderr, "sila-gen: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    o.buf = malloc(o.cap);
    Batch *b = malloc(sizeof *b);
    Gen *g = calloc(1, sizeof *g);
    if (!o.buf || !b || !g) {
        fputs("sila-gen: out of memory\n", stderr);
        return 1;
    }
    rng_seed(&g->rng, seed);

    uint64_t left = triples;
    gen_out_prologue(&o, triples, seed);
    for (uint32_t ci = 0; ci < GEN_N_COMUNI && left; ci++) {
        batch_reset(b, G_COMUNI);
        gen_comune(g, b, ci);
        gen_out_emit(&o, b, &left);
    }
    for (uint32_t k = 0; k < N_INDICATORS && left; k++) {
        batch_reset(b, G_INDICATORI);
        gen_indicator(g, b, k);
        gen_out_emit(&o, b, &left);
    }
    /* About 0.95 organisations are written per 100 triples of the mix below;
     * foreign keys point to slightly fewer, so that (but for tiny files) every
     * organisation referenced is also described. At least 10, so both public
     * and private ones exist (pick_org). */
    g->est_org = left * 9 / 1000;
    if (g->est_org < 10)
        g->est_org = 10;
    /* Then entities of every kind, interleaved, so any prefix of the stream
     * has the same mix. Weights are per entity: share of triples / triples
     * per entity (obs 35 %/8, contracts 20 %/15, acco 20 %/21, orgs 12 %/13,
     * cultural sites 13 %/27, with blank nodes and seats). */
    while (left) {
        uint32_t k = rng_below(&g->rng, 1000);
        if (k < 542) {
            batch_reset(b, G_POP);
            gen_obs(g, b);
        } else if (k < 707) {
            batch_reset(b, G_CONTR);
            gen_contract(g, b);
        } else if (k < 825) {
            batch_reset(b, G_ACCO);
            gen_acco(g, b);
        } else if (k < 939) {
            batch_reset(b, G_ORG);
            gen_org(g, b);
        } else {
            batch_reset(b, G_CULT);
            gen_cult(g, b);
        }
        gen_out_emit(&o, b, &left);
    }
    int failed = gen_out_finish(&o);
    free(o.buf);
    free(b);
    free(g);
    if (failed) {
        fprintf(stderr, "sila-gen: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
