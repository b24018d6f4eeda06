/* gen_shop.c — `sila-gen-shop`: a deterministic e-commerce-like dataset for
 * the query shapes of bench/shapes/ (bench/shapes.sh).  Written for Sila's
 * bench, from nothing but the shapes' description: product types (a small
 * hierarchy), producers, products with numeric and text properties,
 * vendors, offers with prices and dates, persons, and reviews with ratings
 * and language-tagged text.  Review targets are skewed (low product numbers
 * get many reviews), as popular products do.
 *
 *   sila-gen-shop [--triples N] [--seed S] [--quads] [-o FILE]   (exactly N lines)
 *
 * N-Triples, or with --quads N-Quads: the type hierarchy in graph
 * <http://shop.example.org/graph/types>, everything else in one graph per
 * 10,000 products (<http://shop.example.org/graph/catalogK>: a product, its
 * offers, the persons and reviews written after it, its producer and vendor
 * when they are new), as a portal publishes one dataset per graph.
 *
 * IRIs: http://shop.example.org/inst/{product,producer,vendor,offer,review,person,type}N;
 * vocabulary http://shop.example.org/vocab/ (prefix s:). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INST "<http://shop.example.org/inst/"
#define V "<http://shop.example.org/vocab/"
#define RDF_TYPE "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#define LABEL "<http://www.w3.org/2000/01/rdf-schema#label>"
#define COMMENT "<http://www.w3.org/2000/01/rdf-schema#comment>"
#define SUBCLASS "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
#define FOAF_NAME "<http://xmlns.com/foaf/0.1/name>"
#define XSD "^^<http://www.w3.org/2001/XMLSchema#"

static FILE *out;
static uint64_t emitted, limit;
static int quads;         /* --quads: N-Quads, graph below */
static char graph[96];    /* the current graph's IRI, "<...>" */
static uint64_t rng_state;

static uint64_t rnd(void) { /* splitmix64: deterministic across platforms */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }

/* One triple: subject and predicate as given, object preformatted. */
static void triple(const char *s, const char *p, const char *o) {
  if (emitted >= limit)
    return;
  if (quads)
    fprintf(out, "%s %s %s %s .\n", s, p, o, graph);
  else
    fprintf(out, "%s %s %s .\n", s, p, o);
  emitted++;
}

static const char *const words[] = {
    "compact", "silent", "durable", "portable", "classic", "smart", "wireless", "steel",
    "ceramic", "bamboo", "linen", "solar", "digital", "analog", "foldable", "rugged",
    "premium", "basic", "modular", "ergonomic", "vintage", "eco", "turbo", "mini",
    "kettle", "lamp", "chair", "speaker", "backpack", "blender", "drill", "camera",
    "monitor", "keyboard", "heater", "fan", "tent", "bottle", "watch", "router"};
#define NWORDS (sizeof words / sizeof words[0])
static const char *const review_en[] = {
    "works as described and arrived on time", "the build quality could be better",
    "excellent value for the price", "stopped working after a month",
    "exactly what I needed for the kitchen", "noisy but does the job"};
static const char *const review_it[] = {
    "funziona come descritto ed è arrivato in tempo", "la qualità potrebbe essere migliore",
    "ottimo rapporto qualità prezzo", "ha smesso di funzionare dopo un mese",
    "proprio quello che serviva in cucina", "rumoroso ma fa il suo lavoro"};
static const char *const review_de[] = {
    "funktioniert wie beschrieben", "die Verarbeitung könnte besser sein",
    "sehr gutes Preis-Leistungs-Verhältnis", "nach einem Monat kaputt"};
static const char *const countries[] = {"IT", "DE", "FR", "ES", "AT", "NL", "US", "GB"};

#define NTYPES 60 /* 6 top types, each with 9 subtypes */

static void date(char *buf, size_t n, unsigned day) { /* day 0 = 2024-01-01, 28-day months */
  snprintf(buf, n, "\"%04u-%02u-%02u\"" XSD "date>", 2024 + day / 336, 1 + day % 336 / 28,
           1 + day % 28);
}

int main(int argc, char **argv) {
  limit = 1000000;
  uint64_t seed = 1;
  const char *path = NULL;
  static const struct option opts[] = {{"triples", required_argument, 0, 'n'},
                                       {"seed", required_argument, 0, 's'},
                                       {"output", required_argument, 0, 'o'},
                                       {"quads", no_argument, 0, 'q'},
                                       {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "n:s:o:q", opts, NULL)) != -1) {
    char *end;
    switch (c) {
    case 'n':
      limit = strtoull(optarg, &end, 10);
      if (*end == 'k' || *end == 'K')
        limit *= 1000;
      else if (*end == 'M')
        limit *= 1000000;
      break;
    case 's': seed = strtoull(optarg, NULL, 10); break;
    case 'o': path = optarg; break;
    case 'q': quads = 1; break;
    default:
      fprintf(stderr, "usage: sila-gen-shop [--triples N] [--seed S] [--quads] [-o FILE]\n");
      return 2;
    }
  }
  rng_state = seed;
  out = path ? fopen(path, "w") : stdout;
  if (!out) {
    perror(path);
    return 1;
  }
  char s[128], o[1024], t[160];
  snprintf(graph, sizeof graph, "<http://shop.example.org/graph/types>");
  /* the type hierarchy */
  for (unsigned i = 0; i < NTYPES; i++) {
    snprintf(s, sizeof s, INST "type%u>", i);
    triple(s, RDF_TYPE, V "ProductType>");
    snprintf(o, sizeof o, "\"%s %s\"@en", words[i % NWORDS], i < 6 ? "products" : "items");
    triple(s, LABEL, o);
    if (i >= 6) {
      snprintf(o, sizeof o, INST "type%u>", (i - 6) / 9);
      triple(s, SUBCLASS, o);
    }
  }
  uint64_t products = 0, reviews = 0, offers = 0, persons = 0;
  unsigned producers = 0, vendors = 0;
  while (emitted < limit) {
    if (products % 10000 == 0)
      snprintf(graph, sizeof graph, "<http://shop.example.org/graph/catalog%" PRIu64 ">",
               products / 10000);
    /* a producer every 40 products, a vendor every 80 */
    if (products % 40 == 0) {
      snprintf(s, sizeof s, INST "producer%u>", producers);
      triple(s, RDF_TYPE, V "Producer>");
      snprintf(o, sizeof o, "\"%s %s Works %u\"", words[below(NWORDS)], words[below(NWORDS)],
               producers);
      triple(s, LABEL, o);
      snprintf(o, sizeof o, "\"%s\"", countries[below(8)]);
      triple(s, V "country>", o);
      snprintf(o, sizeof o, "<http://producer%u.example.com/>", producers);
      triple(s, V "homepage>", o);
      producers++;
    }
    if (products % 80 == 0) {
      snprintf(s, sizeof s, INST "vendor%u>", vendors);
      triple(s, RDF_TYPE, V "Vendor>");
      snprintf(o, sizeof o, "\"Shop %s %u\"", words[below(NWORDS)], vendors);
      triple(s, LABEL, o);
      snprintf(o, sizeof o, "\"%s\"", countries[below(8)]);
      triple(s, V "country>", o);
      vendors++;
    }
    /* the product */
    uint64_t p = products++;
    snprintf(s, sizeof s, INST "product%" PRIu64 ">", p);
    unsigned type = 6 + below(NTYPES - 6);
    snprintf(o, sizeof o, INST "type%u>", type);
    triple(s, RDF_TYPE, o);
    triple(s, RDF_TYPE, V "Product>");
    snprintf(o, sizeof o, "\"%s %s %s %" PRIu64 "\"", words[below(NWORDS)], words[below(NWORDS)],
             words[24 + type % 16], p);
    triple(s, LABEL, o);
    snprintf(o, sizeof o, "\"A %s, %s and %s %s for everyday use; model %" PRIu64 ".\"@en",
             words[below(NWORDS)], words[below(NWORDS)], words[below(NWORDS)],
             words[24 + type % 16], p);
    triple(s, COMMENT, o);
    snprintf(o, sizeof o, "\"SKU-%06" PRIu64 "\"", p);
    triple(s, V "sku>", o);
    snprintf(o, sizeof o, INST "producer%u>", producers - 1 - (producers > 1 ? below(2) : 0));
    triple(s, V "producer>", o);
    snprintf(o, sizeof o, "\"%u\"" XSD "integer>", 100 + below(4900));
    triple(s, V "weightGrams>", o);
    snprintf(o, sizeof o, "\"%u\"" XSD "integer>", 20 + below(980));
    triple(s, V "widthMm>", o);
    snprintf(o, sizeof o, "\"%u\"" XSD "integer>", 20 + below(980));
    triple(s, V "heightMm>", o);
    if (below(3)) { /* optional: not every product has a power rating */
      snprintf(o, sizeof o, "\"%u\"" XSD "integer>", 5 + below(2000));
      triple(s, V "powerWatts>", o);
    }
    date(o, sizeof o, below(3 * 336));
    triple(s, V "released>", o);
    /* its offers: 1-3, each from a vendor */
    for (unsigned k = 1 + below(3); k > 0; k--) {
      uint64_t f = offers++;
      snprintf(t, sizeof t, INST "offer%" PRIu64 ">", f);
      triple(t, RDF_TYPE, V "Offer>");
      triple(t, V "offersProduct>", s);
      snprintf(o, sizeof o, INST "vendor%u>", below(vendors));
      triple(t, V "vendor>", o);
      unsigned cents = 199 + below(99800);
      snprintf(o, sizeof o, "\"%u.%02u\"" XSD "decimal>", cents / 100, cents % 100);
      triple(t, V "price>", o);
      unsigned from = below(3 * 336);
      date(o, sizeof o, from);
      triple(t, V "validFrom>", o);
      date(o, sizeof o, from + 28 + below(200));
      triple(t, V "validTo>", o);
      if (below(2)) {
        snprintf(o, sizeof o, "\"%u\"" XSD "integer>", 1 + below(14));
        triple(t, V "deliveryDays>", o);
      }
    }
    /* a person every 3 products */
    if (p % 3 == 0) {
      snprintf(t, sizeof t, INST "person%" PRIu64 ">", persons++);
      triple(t, RDF_TYPE, V "Person>");
      snprintf(o, sizeof o, "\"Person %" PRIu64 " %s\"", persons - 1, words[below(NWORDS)]);
      triple(t, FOAF_NAME, o);
      snprintf(o, sizeof o, "\"%s\"", countries[below(8)]);
      triple(t, V "country>", o);
    }
    /* reviews: on average one a product, of a product chosen with a skew
     * toward low numbers (u^3), by a person */
    for (unsigned k = below(3); k > 0; k--) {
      double u = (double)(rnd() >> 11) / 9007199254740992.0;
      uint64_t target = (uint64_t)((double)products * u * u * u);
      uint64_t r = reviews++;
      snprintf(t, sizeof t, INST "review%" PRIu64 ">", r);
      triple(t, RDF_TYPE, V "Review>");
      snprintf(o, sizeof o, INST "product%" PRIu64 ">", target);
      triple(t, V "reviewOf>", o);
      snprintf(o, sizeof o, INST "person%" PRIu64 ">", (uint64_t)below((unsigned)persons));
      triple(t, V "reviewer>", o);
      date(o, sizeof o, below(3 * 336));
      triple(t, V "reviewDate>", o);
      unsigned lang = below(10); /* 50 % en, 30 % it, 20 % de */
      const char *text = lang < 5 ? review_en[below(6)] : lang < 8 ? review_it[below(6)] : review_de[below(4)];
      const char *tag = lang < 5 ? "en" : lang < 8 ? "it" : "de";
      snprintf(o, sizeof o, "\"%s %s\"@%s", words[below(NWORDS)], words[below(NWORDS)], tag);
      triple(t, V "title>", o);
      snprintf(o, sizeof o, "\"%s (review %" PRIu64 ")\"@%s", text, r, tag);
      triple(t, V "text>", o);
      snprintf(o, sizeof o, "\"%u\"" XSD "integer>", 1 + below(10));
      triple(t, V "rating>", o);
      if (below(2)) {
        snprintf(o, sizeof o, "\"%u\"" XSD "integer>", 1 + below(10));
        triple(t, V "ratingValue2>", o);
      }
    }
  }
  if (path && fclose(out) != 0) {
    perror(path);
    return 1;
  }
  fprintf(stderr, "sila-gen-shop: %" PRIu64 " triples: %" PRIu64 " products, %u producers, "
                  "%u vendors, %" PRIu64 " offers, %" PRIu64 " reviews, %" PRIu64 " persons\n",
          emitted, products, producers, vendors, offers, reviews, persons);
  return 0;
}
