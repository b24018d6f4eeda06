/* sila-gen writers: N-Triples, N-Quads and Turtle, formatted by hand into a
 * 1 MiB buffer (no printf per term: 5 M triples must take seconds). */
#include <inttypes.h>
#include <string.h>

#include "gen.h"

const GenNamespace gen_ns[NS_COUNT] = {
    [NS_RDF] = {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    [NS_RDFS] = {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    [NS_XSD] = {"xsd", "http://www.w3.org/2001/XMLSchema#"},
    [NS_OWL] = {"owl", "http://www.w3.org/2002/07/owl#"},
    [NS_DCT] = {"dct", "http://purl.org/dc/terms/"},
    [NS_FOAF] = {"foaf", "http://xmlns.com/foaf/0.1/"},
    [NS_GEO] = {"geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"},
    [NS_L0] = {"l0", "https://w3id.org/italia/onto/l0/"},
    [NS_CLV] = {"clv", "https://w3id.org/italia/onto/CLV/"},
    [NS_POI] = {"poi", "https://w3id.org/italia/onto/POI/"},
    [NS_ACCO] = {"acco", "https://w3id.org/italia/onto/ACCO/"},
    [NS_CIS] = {"cis", "https://w3id.org/italia/onto/Cultural-ON/"},
    [NS_COV] = {"cov", "https://w3id.org/italia/onto/COV/"},
    [NS_PC] = {"pc", "https://w3id.org/italia/onto/PublicContract/"},
    [NS_IND] = {"ind", "https://w3id.org/italia/onto/Indicator/"},
    [NS_QB] = {"qb", "http://purl.org/linked-data/cube#"},
    [NS_SDMXD] = {"sdmx-dimension", "http://purl.org/linked-data/sdmx/2009/dimension#"},
    [NS_SDMXM] = {"sdmx-measure", "http://purl.org/linked-data/sdmx/2009/measure#"},
    [NS_SDMXA] = {"sdmx-attribute", "http://purl.org/linked-data/sdmx/2009/attribute#"},
    [NS_CALAB] = {"calab", BASE "onto/"},
};

const char *const gen_dt_local[DT_COUNT] = {
    NULL, "string", "integer", "decimal", "double", "date", "dateTime", "boolean", "gYear",
};

const char *const gen_graph_slug[G_COUNT] = {
    "comuni", "indicatori", "organizzazioni", "strutture-ricettive", "luoghi-della-cultura",
    "contratti-pubblici", "popolazione-residente", "movimento-turistico", "indicatori-economici",
};

static void out_flush(Out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->failed = 1;
    o->len = 0;
}

static inline void out_putn(Out *o, const char *s, size_t n)
{
    if (o->len + n > o->cap) {
        out_flush(o);
        if (n > o->cap) {
            if (fwrite(s, 1, n, o->f) != n)
                o->failed = 1;
            return;
        }
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static inline void out_puts(Out *o, const char *s)
{
    out_putn(o, s, strlen(s));
}

static inline void out_putc(Out *o, char c)
{
    if (o->len == o->cap)
        out_flush(o);
    o->buf[o->len++] = c;
}

static void out_hex(Out *o, uint32_t cp, int digits)
{
    static const char hex[] = "0123456789ABCDEF";
    out_putc(o, '\\');
    out_putc(o, digits == 4 ? 'u' : 'U');
    for (int i = digits - 1; i >= 0; i--)
        out_putc(o, hex[(cp >> (4 * i)) & 15]);
}

/* Writes a string body with the escapes both N-Triples and Turtle accept.
 * long_form: Turtle """…""": newlines stay raw. */
static void out_escaped(Out *o, const Term *t, int long_form)
{
    const unsigned char *p = (const unsigned char *)t->v, *end = p + t->len, *run = p;
    while (p < end) {
        unsigned char c = *p;
        const char *esc = NULL;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n' && !long_form)
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c >= 0x80 && t->uescape) {
            out_putn(o, (const char *)run, (size_t)(p - run));
            uint32_t cp;
            int extra;
            if (c >= 0xF0) {
                cp = c & 0x07;
                extra = 3;
            } else if (c >= 0xE0) {
                cp = c & 0x0F;
                extra = 2;
            } else {
                cp = c & 0x1F;
                extra = 1;
            }
            p++;
            for (int i = 0; i < extra && p < end; i++, p++)
                cp = (cp << 6) | (*p & 0x3F);
            out_hex(o, cp, cp > 0xFFFF ? 8 : 4);
            run = p;
            continue;
        }
        if (esc) {
            out_putn(o, (const char *)run, (size_t)(p - run));
            out_puts(o, esc);
            run = p + 1;
        }
        p++;
    }
    out_putn(o, (const char *)run, (size_t)(p - run));
}

static int canonical_integer(const Term *t)
{
    if (t->len == 0 || t->len > 18)
        return 0;
    if (t->v[0] == '0')
        return t->len == 1;
    for (uint32_t i = 0; i < t->len; i++)
        if (t->v[i] < '0' || t->v[i] > '9')
            return 0;
    return 1;
}

static void out_term(Out *o, const Term *t)
{
    int ttl = o->fmt == FMT_TTL;
    switch (t->kind) {
    case K_IRI:
        if (t->ns != NS_NONE && ttl) {
            out_puts(o, gen_ns[t->ns].prefix);
            out_putc(o, ':');
            out_putn(o, t->v, t->len);
        } else {
            out_putc(o, '<');
            if (t->ns != NS_NONE)
                out_puts(o, gen_ns[t->ns].iri);
            out_putn(o, t->v, t->len);
            out_putc(o, '>');
        }
        return;
    case K_BNODE:
        out_putn(o, "_:", 2);
        out_putn(o, t->v, t->len);
        return;
    case K_LIT:
        if (ttl && t->dt == DT_INTEGER && canonical_integer(t)) {
            out_putn(o, t->v, t->len);
            return;
        }
        if (ttl && t->dt == DT_BOOLEAN && t->v[0] != '0' && t->v[0] != '1') {
            out_putn(o, t->v, t->len);
            return;
        }
        if (ttl && t->len > 100 && memchr(t->v, '\n', t->len)) {
            out_putn(o, "\"\"\"", 3);
            out_escaped(o, t, 1);
            out_putn(o, "\"\"\"", 3);
        } else {
            out_putc(o, '"');
            out_escaped(o, t, 0);
            out_putc(o, '"');
        }
        if (t->lang) {
            out_putc(o, '@');
            out_puts(o, t->lang);
        } else if (t->dt != DT_NONE) {
            if (ttl) {
                out_puts(o, "^^xsd:");
                out_puts(o, gen_dt_local[t->dt]);
            } else {
                out_puts(o, "^^<http://www.w3.org/2001/XMLSchema#");
                out_puts(o, gen_dt_local[t->dt]);
                out_putc(o, '>');
            }
        }
        return;
    }
}

static int same_term(const Term *a, const Term *b)
{
    return a->kind == b->kind && a->ns == b->ns && a->len == b->len &&
           memcmp(a->v, b->v, a->len) == 0;
}

static void out_triple(Out *o, const Triple *t, int graph)
{
    if (o->fmt == FMT_TTL) {
        /* Subject strings live in the batch arena; a statement never spans
         * batches (out_end_statement runs after each batch). */
        if (o->cur_s && same_term(o->cur_s, &t->s)) {
            out_puts(o, " ;\n    ");
        } else {
            if (o->cur_s)
                out_puts(o, " .\n");
            out_term(o, &t->s);
            out_putc(o, ' ');
            o->cur_s_copy = t->s;
            o->cur_s = &o->cur_s_copy;
        }
        if (t->p.ns == NS_RDF && t->p.len == 4 && !memcmp(t->p.v, "type", 4))
            out_putc(o, 'a');
        else
            out_term(o, &t->p);
        out_putc(o, ' ');
        out_term(o, &t->o);
        return;
    }
    out_term(o, &t->s);
    out_putc(o, ' ');
    out_term(o, &t->p);
    out_putc(o, ' ');
    out_term(o, &t->o);
    if (o->fmt == FMT_NQ) {
        out_puts(o, " <" BASE "set/");
        out_puts(o, gen_graph_slug[graph]);
        out_putc(o, '>');
    }
    out_puts(o, " .\n");
}

static void out_end_statement(Out *o)
{
    if (o->fmt == FMT_TTL && o->cur_s) {
        out_puts(o, " .\n");
        o->cur_s = NULL;
    }
}

void gen_out_prologue(Out *o, uint64_t triples, uint64_t seed)
{
    if (o->fmt != FMT_TTL)
        return; /* N-Triples/N-Quads: keep the line count equal to the triple count */
    char line[128];
    snprintf(line, sizeof line, "# sila-gen: %" PRIu64 " triples, seed %" PRIu64 "\n", triples, seed);
    out_puts(o, line);
    for (int i = 0; i < NS_COUNT; i++) {
        out_puts(o, "@prefix ");
        out_puts(o, gen_ns[i].prefix);
        out_puts(o, ": <");
        out_puts(o, gen_ns[i].iri);
        out_puts(o, "> .\n");
    }
    out_putc(o, '\n');
}

void gen_out_emit(Out *o, const Batch *b, uint64_t *left)
{
    for (int i = 0; i < b->n && *left; i++, (*left)--)
        out_triple(o, &b->t[i], b->graph);
    for (int i = 0; i < b->ntail && *left; i++, (*left)--)
        out_triple(o, &b->tail[i], b->graph);
    out_end_statement(o);
}

int gen_out_finish(Out *o)
{
    out_flush(o);
    if (o->f != stdout ? fclose(o->f) != 0 : fflush(o->f) != 0)
        o->failed = 1;
    o->f = NULL;
    return o->failed ? -1 : 0;
}
