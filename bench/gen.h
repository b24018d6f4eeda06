/* sila-gen: the parts shared by the generator (gen_data.c) and its writers
 * (gen_write.c): PRNG, vocabulary, terms, per-entity batches, output. */
#ifndef SILA_BENCH_GEN_H
#define SILA_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BASE "https://dati.calabria.it/"

/* ---- PRNG ---------------------------------------------------------------- */

typedef struct {
    uint64_t s[4];
} Rng;

static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void rng_seed(Rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t gen_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(Rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = gen_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = gen_rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant here). */
static inline uint32_t rng_below(Rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static inline uint32_t rng_range(Rng *r, uint32_t lo, uint32_t hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

static inline int rng_pct(Rng *r, unsigned pct)
{
    return rng_below(r, 1000) < pct * 10;
}

/* Skewed pick in [0, n): small indexes are much more frequent, as popular
 * municipalities and common CPV codes are in real data. */
static inline uint32_t rng_skewed(Rng *r, uint32_t n)
{
    uint32_t a = rng_below(r, n), b = rng_below(r, n);
    return a < b ? a : b;
}

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

/* ---- vocabulary ---------------------------------------------------------- */

enum {
    NS_RDF, NS_RDFS, NS_XSD, NS_OWL, NS_DCT, NS_FOAF, NS_GEO, NS_L0, NS_CLV, NS_POI,
    NS_ACCO, NS_CIS, NS_COV, NS_PC, NS_IND, NS_QB, NS_SDMXD, NS_SDMXM, NS_SDMXA,
    NS_CALAB, NS_COUNT
};
#define NS_NONE (-1)

/* Prefix (for Turtle) and IRI of each namespace. */
typedef struct {
    const char *prefix, *iri;
} GenNamespace;
extern const GenNamespace gen_ns[NS_COUNT];

/* Literal datatypes; DT_NONE is a simple literal (or rdf:langString with a tag). */
enum { DT_NONE, DT_STRING, DT_INTEGER, DT_DECIMAL, DT_DOUBLE, DT_DATE, DT_DATETIME,
       DT_BOOLEAN, DT_GYEAR, DT_COUNT };
/* Local names under xsd: of the DT_* (NULL for DT_NONE). */
extern const char *const gen_dt_local[DT_COUNT];

/* Named graph of each dataset (N-Quads): BASE "set/" + slug. */
enum { G_COMUNI, G_INDICATORI, G_ORG, G_ACCO, G_CULT, G_CONTR, G_POP, G_TUR, G_ECON, G_COUNT };
extern const char *const gen_graph_slug[G_COUNT];

/* ---- terms and batches --------------------------------------------------- */

typedef enum { K_IRI, K_BNODE, K_LIT } Kind;

typedef struct {
    Kind kind;
    int ns;          /* K_IRI: namespace of a prefixed name, or NS_NONE (full IRI in v) */
    int dt;          /* K_LIT: DT_* */
    int uescape;     /* K_LIT: write non-ASCII characters as \uXXXX */
    const char *v;   /* IRI local part / full IRI, blank node label, lexical form */
    uint32_t len;
    const char *lang;
} Term;

typedef struct {
    Term s, p, o;
} Triple;

/* One entity: its own triples, then those of its blank nodes and satellite
 * resources ("tail"), so that Turtle can group each subject's triples. */
#define BATCH_MAX 96
#define ARENA_SIZE (64 * 1024)

typedef struct {
    Triple t[BATCH_MAX];
    int n;
    Triple tail[BATCH_MAX];
    int ntail;
    int graph;
    size_t used;
    char arena[ARENA_SIZE];
} Batch;

/* ---- output ------------------------------------------------------------- */

typedef enum { FMT_NT, FMT_NQ, FMT_TTL } Format;

typedef struct {
    FILE *f;
    Format fmt;
    char *buf;
    size_t len, cap;
    int failed;
    const Term *cur_s; /* Turtle: subject of the open statement, NULL if none */
    Term cur_s_copy;
} Out;

/* Turtle only: the @prefix lines (and a comment); nothing for N-Triples and
 * N-Quads, whose files hold exactly one statement per line. */
void gen_out_prologue(Out *o, uint64_t triples, uint64_t seed);

/* Writes the batch's triples, then its tail, stopping when *left reaches 0
 * (decremented per triple). Term strings must stay valid during the call only. */
void gen_out_emit(Out *o, const Batch *b, uint64_t *left);

/* Flushes, closes o->f (or flushes stdout); returns 0, or -1 if any write failed. */
int gen_out_finish(Out *o);

#endif
