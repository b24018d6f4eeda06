/* test_base.c — the base layer (base/): RFC 3986 resolution, the IRI
 * validity rule, UTF-8 edge cases, N-Triples escaping round trips through
 * the N-Triples parser, and the outbound fetch policy. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sila_fetch.h"
#include "sila_iri.h"
#include "sila_rdf_syntax.h"
#include "sila_status.h"
#include "sila_term.h"
#include "sila_utf8.h"
#include "test_harness.h"

/* ---- IRIs --------------------------------------------------------------- */

static char *resolve(const char *base, const char *ref) {
  static char out[512];
  SilaBuf b = SILA_BUF_INIT;
  if (sila_iri_resolve_buf(&b, base, base ? strlen(base) : 0, ref, strlen(ref)))
    return NULL;
  snprintf(out, sizeof out, "%s", b.data ? b.data : "");
  sila_buf_free(&b);
  return out;
}

static void test_rfc3986_examples(void) {
  /* RFC 3986 §5.4.1 (normal) and §5.4.2 (abnormal, strict parser). */
  static const char *const cases[][2] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    CHECK_STR(cases[i][1], resolve("http://a/b/c/d;p?q", cases[i][0]));
  /* Dot segments of an absolute reference go too (strict §5.2.2); a base
   * with an authority and an empty path merges as "/". */
  CHECK_STR("http://x/a/c", resolve("http://a/b", "http://x/a/b/../c"));
  CHECK_STR("http://a/b", resolve("http://a", "b"));
  CHECK_STR("http://a/b/c/", resolve("http://a/b/c/.", "."));
  CHECK_STR("rel/x", resolve(NULL, "rel/x"));
  CHECK_STR("urn:a:b", resolve("urn:a:c", "urn:a:b"));
  CHECK_STR("file:///d/e.ttl", resolve("file:///d/x.csv", "e.ttl"));
  CHECK_STR("http://a/b/c/%C3%A0?%20#f", resolve("http://a/b/c/d", "%C3%A0?%20#f"));
  /* Splitting. */
  SilaIriParts p;
  const char *iri = "https://u@h:8/p/q?x=1#f";
  sila_iri_split(iri, strlen(iri), &p);
  CHECK(p.has_scheme && p.has_auth && p.has_query && p.has_frag);
  CHECK_INT(5, p.scheme_len);
  CHECK_INT(5, p.auth_len);
  CHECK_INT(4, p.path_len);
  CHECK_INT(3, p.query_len);
  CHECK(sila_iri_has_scheme("urn:x", 5));
  CHECK(!sila_iri_has_scheme("a/b:c", 5));
  CHECK(!sila_iri_has_scheme("1a:b", 4));
  CHECK(!sila_iri_has_scheme(":x", 2));
  CHECK(!sila_iri_has_scheme("", 0));
}

static void test_iri_valid(void) {
  static const char *const good[] = {
      "http://ex.org/a",  "http://ex.org/a%20b", "http://ex.org/città", "urn:x:y",
      "http://ex.org/?q=1&r=2#frag", "rel/ative", "", "http://ex.org/\xF0\x9F\x98\x80",
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    CHECK(sila_iri_valid(good[i], strlen(good[i])));
  static const char *const bad[] = {
      "http://ex.org/a b", "http://ex.org/<",  "http://ex.org/>", "http://ex.org/\"",
      "http://ex.org/{c}", "http://ex.org/|",  "http://ex.org/\\", "http://ex.org/^",
      "http://ex.org/`",   "http://ex.org/\t", "http://ex.org/\n", "http://ex.org/\x01",
      "http://ex.org/\xC3", /* truncated UTF-8 */
      "http://ex.org/\xED\xA0\x80", /* a surrogate */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECK(!sila_iri_valid(bad[i], strlen(bad[i])));
  CHECK(!sila_iri_valid("a\0b", 3)); /* NUL inside the length */
  SilaBuf b = SILA_BUF_INIT;
  CHECK_INT(0, sila_buf_put_url_encoded(&b, "a b/à~", strlen("a b/à~")));
  CHECK_STR("a%20b%2F%C3%A0~", b.data);
  sila_buf_free(&b);
}

/* ---- UTF-8 -------------------------------------------------------------- */

static void test_utf8(void) {
  uint32_t cp = 0;
  CHECK_INT(1, sila_utf8_decode("A", 1, &cp));
  CHECK_INT('A', cp);
  CHECK_INT(2, sila_utf8_decode("\xC3\xA0", 2, &cp));
  CHECK_INT(0xE0, cp);
  CHECK_INT(3, sila_utf8_decode("\xE2\x82\xAC", 3, &cp));
  CHECK_INT(0x20AC, cp);
  CHECK_INT(4, sila_utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp));
  CHECK_INT(0x10FFFF, cp);
  /* Boundaries of each length. */
  CHECK_INT(2, sila_utf8_decode("\xC2\x80", 2, &cp));
  CHECK_INT(0x80, cp);
  CHECK_INT(3, sila_utf8_decode("\xE0\xA0\x80", 3, &cp));
  CHECK_INT(0x800, cp);
  CHECK_INT(4, sila_utf8_decode("\xF0\x90\x80\x80", 4, &cp));
  CHECK_INT(0x10000, cp);
  /* Refused: empty, overlong, surrogates, beyond U+10FFFF, truncated, a
   * lone continuation byte, a bad continuation, 0xFE/0xFF. */
  CHECK_INT(0, sila_utf8_decode("", 0, &cp));
  CHECK_INT(0, sila_utf8_decode("\xC0\xAF", 2, &cp));
  CHECK_INT(0, sila_utf8_decode("\xC1\xBF", 2, &cp));
  CHECK_INT(0, sila_utf8_decode("\xE0\x80\xAF", 3, &cp));
  CHECK_INT(0, sila_utf8_decode("\xF0\x80\x80\xAF", 4, &cp));
  CHECK_INT(0, sila_utf8_decode("\xED\xA0\x80", 3, &cp));
  CHECK_INT(0, sila_utf8_decode("\xED\xBF\xBF", 3, &cp));
  CHECK_INT(0, sila_utf8_decode("\xF4\x90\x80\x80", 4, &cp));
  CHECK_INT(0, sila_utf8_decode("\xE2\x82", 2, &cp));
  CHECK_INT(0, sila_utf8_decode("\xE2\x82\xAC", 2, &cp)); /* n cuts it */
  CHECK_INT(0, sila_utf8_decode("\x80", 1, &cp));
  CHECK_INT(0, sila_utf8_decode("\xC3\x28", 2, &cp));
  CHECK_INT(0, sila_utf8_decode("\xFE", 1, &cp));
  CHECK_INT(0, sila_utf8_decode("\xFF", 1, &cp));
  /* Lax decoding reads a bad byte as U+FFFD and moves on by one. */
  CHECK_INT(1, sila_utf8_decode_lax("\xFF" "a", 2, &cp));
  CHECK_INT(0xFFFD, cp);
  CHECK_INT(2, sila_utf8_decode_lax("\xC3\xA0", 2, &cp));
  /* Encoding round-trips every boundary. */
  static const uint32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
                                 0x10000, 0x10FFFF};
  for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
    char enc[4];
    size_t n = sila_utf8_encode(cps[i], enc);
    uint32_t back = 0xFFFFFFFF;
    CHECK_INT(n, sila_utf8_decode(enc, n, &back));
    CHECK_INT(cps[i], back);
  }
  /* UCHAR escapes. */
  CHECK_INT(6, sila_uchar_read("\\u00E8x", 7, &cp));
  CHECK_INT(0xE8, cp);
  CHECK_INT(10, sila_uchar_read("\\U0001F600", 10, &cp));
  CHECK_INT(0x1F600, cp);
  CHECK_INT(0, sila_uchar_read("\\u00E", 5, &cp));  /* short */
  CHECK_INT(0, sila_uchar_read("\\u00G8", 6, &cp)); /* not hex */
  CHECK_INT(0, sila_uchar_read("\\x0041", 6, &cp));
  CHECK_INT(0, sila_uchar_read("u0041", 5, &cp));
  CHECK_INT(0, sila_uchar_read("\\u12\n", 10, &cp)); /* stops at the end of line */
  CHECK_INT(6, sila_uchar_read("\\uD800", 6, &cp));
  CHECK(!sila_unicode_scalar(cp));
  CHECK(sila_unicode_scalar(0x10FFFF) && !sila_unicode_scalar(0x110000));
  CHECK(sila_utf8_valid("", 0));
  CHECK(sila_utf8_valid("città €😀", strlen("città €😀")));
  CHECK(!sila_utf8_valid("citt\xE0", 5)); /* Latin-1 */
  CHECK(!sila_utf8_valid("ab\xC3", 3));
  CHECK_INT(4, sila_utf8_count("a€😀b", strlen("a€😀b")));
  CHECK_INT(1, sila_utf8_offset("a€😀b", strlen("a€😀b"), 1));
  CHECK_INT(4, sila_utf8_offset("a€😀b", strlen("a€😀b"), 2));
  CHECK_INT(9, sila_utf8_offset("a€😀b", strlen("a€😀b"), 9)); /* clamped */
}

/* ---- N-Triples escaping round trips -------------------------------------- */

typedef struct {
  SilaTerm o;
  char *storage;
  int n;
} OneQuad;

static SilaStatus keep_object(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                              const SilaTerm *g) {
  (void)s, (void)p, (void)g;
  OneQuad *q = ctx;
  q->n++;
  free(q->storage);
  return sila_term_copy(o, &q->o, &q->storage) ? SILA_ERR_NOMEM : SILA_OK;
}

/* Writes <s> <p> term . with the base writer, parses it back, and checks
 * the term came back the same. */
static void round_trip(const SilaTerm *t) {
  SilaBuf line = SILA_BUF_INIT;
  sila_buf_puts(&line, "<http://ex.org/s> <http://ex.org/p> ");
  CHECK_INT(0, sila_buf_put_term_nt(&line, t));
  sila_buf_puts(&line, " .\n");
  OneQuad q = {0};
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_rdf_parse_string(SILA_RDF_NTRIPLES, line.data, line.len, NULL,
                                           keep_object, &q, &err));
  CHECK_INT(1, q.n);
  if (q.n == 1 && !sila_term_equal(t, &q.o))
    CHECK(!"term came back different" || fprintf(stderr, "  line: %s", line.data) < 0);
  free(q.storage);
  sila_buf_free(&line);
}

static void test_escaping(void) {
  SilaBuf b = SILA_BUF_INIT;
  CHECK_INT(0, sila_buf_put_string_nt(&b, "a\"b\\c\nd\re\tf", 11));
  CHECK_STR("\"a\\\"b\\\\c\\nd\\re\tf\"", b.data);
  b.len = 0;
  CHECK_INT(0, sila_buf_put_iri_nt(&b, "http://x/a b<>", 14));
  CHECK_STR("<http://x/a\\u0020b\\u003C\\u003E>", b.data);
  sila_buf_free(&b);
  static const char *const lexicals[] = {
      "", "plain", "with \"quotes\"", "back\\slash", "new\nline", "cr\rlf\r\n", "tab\there",
      "città — 😀", "\\u0041 not an escape", "\x01\x7f controls", "'single' \"\"\" triple",
  };
  for (size_t i = 0; i < sizeof lexicals / sizeof lexicals[0]; i++) {
    SilaTerm t = sila_term_literal(lexicals[i], NULL, NULL);
    round_trip(&t);
    t = sila_term_literal(lexicals[i], NULL, "it");
    round_trip(&t);
    t = sila_term_literal(lexicals[i], "http://ex.org/dt#x", NULL);
    round_trip(&t);
  }
  static const char *const iris[] = {"http://ex.org/a%20b", "http://ex.org/città",
                                     "urn:x:y?q=1#f", "http://ex.org/\xF0\x9F\x98\x80"};
  for (size_t i = 0; i < sizeof iris / sizeof iris[0]; i++) {
    SilaTerm t = sila_term_iri(iris[i]);
    round_trip(&t);
  }
  SilaTerm bn = sila_term_blank("b0");
  SilaBuf nb = SILA_BUF_INIT;
  sila_buf_put_term_nt(&nb, &bn);
  CHECK_STR("_:b0", nb.data);
  sila_buf_free(&nb);
}

/* ---- the fetch policy ---------------------------------------------------- */

static void test_policy(void) {
  const char *const allow[] = {"http://a.org", "https://b.org/data/", "http://c.org:8080/x?",
                               NULL, ""};
  size_t n = 5;
  /* Prefix ending at a boundary. */
  CHECK(sila_url_allowed(allow, n, "http://a.org"));
  CHECK(sila_url_allowed(allow, n, "http://a.org/sparql"));
  CHECK(sila_url_allowed(allow, n, "http://a.org?q=1"));
  CHECK(sila_url_allowed(allow, n, "HTTP://A.ORG/sparql")); /* scheme/host without case */
  CHECK(!sila_url_allowed(allow, n, "http://a.org.evil.net/"));
  CHECK(!sila_url_allowed(allow, n, "http://a.org@evil.net/"));
  CHECK(!sila_url_allowed(allow, n, "http://a.org:81/"));
  CHECK(sila_url_allowed(allow, n, "https://b.org/data/x.ttl"));
  CHECK(!sila_url_allowed(allow, n, "https://b.org/DATA/x.ttl")); /* path with case */
  CHECK(!sila_url_allowed(allow, n, "https://b.org/other"));
  CHECK(!sila_url_allowed(allow, n, "http://b.org/data/x")); /* scheme matters */
  CHECK(sila_url_allowed(allow, n, "http://c.org:8080/x?query=1"));
  CHECK(!sila_url_allowed(NULL, 0, "http://a.org/"));
  /* The policy adds the scheme and character checks. */
  SilaFetchPolicy p = {.allow = allow, .nallow = n};
  CHECK(sila_fetch_url_allowed(&p, "http://a.org/x"));
  CHECK(!sila_fetch_url_allowed(&p, "http://a.org/a b"));
  CHECK(!sila_fetch_url_allowed(&p, "http://a.org/a\tb"));
  CHECK(!sila_fetch_url_allowed(&p, "http://a.org/a\\b"));
  CHECK(!sila_fetch_url_allowed(&p, "http://a.org/a\x7f"));
  CHECK(!sila_fetch_url_allowed(&p, "http://a.org/\r\nHost: evil"));
  CHECK(!sila_fetch_url_allowed(&p, "file:///etc/passwd"));
  CHECK(!sila_fetch_url_allowed(&p, "ftp://a.org/x"));
  CHECK(!sila_fetch_url_allowed(&p, "gopher://a.org"));
  SilaFetchPolicy any = {.allow_any = true};
  CHECK(sila_fetch_url_allowed(&any, "https://anything.example/x"));
  CHECK(!sila_fetch_url_allowed(&any, "file:///etc/passwd"));
  CHECK(!sila_fetch_url_allowed(&any, "http://x/ y"));
  /* Addresses. */
  static const char *const priv4[] = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                                      "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
                                      "255.255.255.255"};
  for (size_t i = 0; i < sizeof priv4 / sizeof priv4[0]; i++) {
    struct sockaddr_in a = {.sin_family = AF_INET};
    inet_pton(AF_INET, priv4[i], &a.sin_addr);
    CHECK(sila_fetch_private_address((struct sockaddr *)&a));
  }
  static const char *const pub4[] = {"8.8.8.8", "172.32.0.1", "100.128.0.1", "193.204.1.1"};
  for (size_t i = 0; i < sizeof pub4 / sizeof pub4[0]; i++) {
    struct sockaddr_in a = {.sin_family = AF_INET};
    inet_pton(AF_INET, pub4[i], &a.sin_addr);
    CHECK(!sila_fetch_private_address((struct sockaddr *)&a));
  }
  static const char *const priv6[] = {"::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                                      "::ffff:10.0.0.1"};
  for (size_t i = 0; i < sizeof priv6 / sizeof priv6[0]; i++) {
    struct sockaddr_in6 a = {.sin6_family = AF_INET6};
    inet_pton(AF_INET6, priv6[i], &a.sin6_addr);
    CHECK(sila_fetch_private_address((struct sockaddr *)&a));
  }
  struct sockaddr_in6 pub6 = {.sin6_family = AF_INET6};
  inet_pton(AF_INET6, "2001:4860:4860::8888", &pub6.sin6_addr);
  CHECK(!sila_fetch_private_address((struct sockaddr *)&pub6));
  /* A refused URL never reaches the network, and says why. */
  SilaFetchRequest req = {.url = "http://not-allowed.example/x"};
  SilaFetchResponse resp;
  SilaError err = {0};
  CHECK_INT(SILA_ERR_DENIED, sila_fetch(&p, &req, &resp, &err));
  CHECK(strstr(err.message, "allow-list") != NULL);
  sila_fetch_response_clear(&resp);
  sila_fetch_response_clear(NULL);
  /* An allowed loopback address is refused on the socket; nothing listens
   * on port 1 anyway, so allowing private addresses gives a remote error. */
  const char *const loop[] = {"http://127.0.0.1:1/"};
  SilaFetchPolicy lp = {.allow = loop, .nallow = 1, .timeout = 5};
  req.url = "http://127.0.0.1:1/x";
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_DENIED, sila_fetch(&lp, &req, &resp, &err));
  CHECK(strstr(err.message, "127.0.0.1 is private or loopback") != NULL);
  sila_fetch_response_clear(&resp);
  lp.allow_private = true;
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_REMOTE, sila_fetch(&lp, &req, &resp, &err));
  sila_fetch_response_clear(&resp);
}

int main(void) {
  test_rfc3986_examples();
  test_iri_valid();
  test_utf8();
  test_escaping();
  test_policy();
  return TEST_REPORT();
}
