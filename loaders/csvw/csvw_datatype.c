/* csvw_datatype.c — CSVW built-in datatypes: lexical checks, formats
 * (numbers, booleans, dates, regular expressions) and facets. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "csvw_datatype.h"

#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "csvw_number.h"

enum { K_STRING, K_INT, K_DEC, K_FLOAT, K_BOOL, K_DATE, K_TIME, K_DATETIME, K_GDATE, K_DURATION,
       K_BINARY, K_JSON, K_OTHER };

typedef struct {
  const char *name;
  const char *iri; /* NULL = xsd:name */
  int kind;
  const char *regex; /* lexical space, NULL = anything */
  const char *min, *max; /* integer ranges */
} Builtin;

#define TZ "(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
#define YEAR "-?([1-9][0-9]{3,}|0[0-9]{3})"
#define MD "(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
#define TIME "(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?|24:00:00(\\.0+)?)"

static const Builtin builtins[] = {
    {"anyAtomicType", NULL, K_STRING, NULL, NULL, NULL},
    {"anyURI", NULL, K_OTHER, NULL, NULL, NULL},
    {"base64Binary", NULL, K_BINARY,
     "^((([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=))?$",
     NULL, NULL},
    {"boolean", NULL, K_BOOL, NULL, NULL, NULL},
    {"date", NULL, K_DATE, "^" YEAR "-" MD TZ "?$", NULL, NULL},
    {"dateTime", NULL, K_DATETIME, "^" YEAR "-" MD "T" TIME TZ "?$", NULL, NULL},
    {"dateTimeStamp", NULL, K_DATETIME, "^" YEAR "-" MD "T" TIME TZ "$", NULL, NULL},
    {"decimal", NULL, K_DEC, NULL, NULL, NULL},
    {"integer", NULL, K_INT, NULL, NULL, NULL},
    {"long", NULL, K_INT, NULL, "-9223372036854775808", "9223372036854775807"},
    {"int", NULL, K_INT, NULL, "-2147483648", "2147483647"},
    {"short", NULL, K_INT, NULL, "-32768", "32767"},
    {"byte", NULL, K_INT, NULL, "-128", "127"},
    {"nonNegativeInteger", NULL, K_INT, NULL, "0", NULL},
    {"positiveInteger", NULL, K_INT, NULL, "1", NULL},
    {"unsignedLong", NULL, K_INT, NULL, "0", "18446744073709551615"},
    {"unsignedInt", NULL, K_INT, NULL, "0", "4294967295"},
    {"unsignedShort", NULL, K_INT, NULL, "0", "65535"},
    {"unsignedByte", NULL, K_INT, NULL, "0", "255"},
    {"nonPositiveInteger", NULL, K_INT, NULL, NULL, "0"},
    {"negativeInteger", NULL, K_INT, NULL, NULL, "-1"},
    {"double", NULL, K_FLOAT, NULL, NULL, NULL},
    {"float", NULL, K_FLOAT, NULL, NULL, NULL},
    {"duration", NULL, K_DURATION,
     "^-?P(?=.)([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$", NULL, NULL},
    {"dayTimeDuration", NULL, K_DURATION,
     "^-?P(?=.)([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?$", NULL, NULL},
    {"yearMonthDuration", NULL, K_DURATION, "^-?P(?=.)([0-9]+Y)?([0-9]+M)?$", NULL, NULL},
    {"gDay", NULL, K_GDATE, "^---(0[1-9]|[12][0-9]|3[01])" TZ "?$", NULL, NULL},
    {"gMonth", NULL, K_GDATE, "^--(0[1-9]|1[0-2])" TZ "?$", NULL, NULL},
    {"gMonthDay", NULL, K_GDATE, "^--" MD TZ "?$", NULL, NULL},
    {"gYear", NULL, K_GDATE, "^" YEAR TZ "?$", NULL, NULL},
    {"gYearMonth", NULL, K_GDATE, "^" YEAR "-(0[1-9]|1[0-2])" TZ "?$", NULL, NULL},
    {"hexBinary", NULL, K_BINARY, "^([0-9a-fA-F]{2})*$", NULL, NULL},
    {"QName", NULL, K_OTHER, "^([\\p{L}_][\\p{L}\\p{N}_.\\-]*:)?[\\p{L}_][\\p{L}\\p{N}_.\\-]*$", NULL, NULL},
    {"string", NULL, K_STRING, NULL, NULL, NULL},
    {"normalizedString", NULL, K_STRING, "^[^\\r\\n\\t]*$", NULL, NULL},
    {"token", NULL, K_STRING, "^([^\\s](?:[^\\r\\n\\t ]| (?! ))*[^\\s]|[^\\s])?$", NULL, NULL},
    {"language", NULL, K_STRING, "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$", NULL, NULL},
    {"Name", NULL, K_STRING, "^[\\p{L}_:][\\p{L}\\p{N}_:.\\-]*$", NULL, NULL},
    {"NMTOKEN", NULL, K_STRING, "^[\\p{L}\\p{N}_:.\\-]+$", NULL, NULL},
    {"xml", SILA_NS_RDF "XMLLiteral", K_STRING, NULL, NULL, NULL},
    {"html", SILA_NS_RDF "HTML", K_STRING, NULL, NULL, NULL},
    {"json", "http://www.w3.org/ns/csvw#JSON", K_JSON, NULL, NULL, NULL},
    {"time", NULL, K_TIME, "^" TIME TZ "?$", NULL, NULL},
};

static const struct {
  const char *alias, *name;
} aliases[] = {{"number", "double"}, {"binary", "base64Binary"}, {"datetime", "dateTime"},
               {"any", "anyAtomicType"}};

struct SilaCsvwDatatype {
  const Builtin *b;
  char *iri; /* output IRI (NULL = xsd:string) */
  /* format */
  char *num_pattern;
  SilaCsvwNumPattern *num_re;
  char decimal_char[8], group_char[8];
  bool has_group;
  char *bool_true, *bool_false;
  char *date_pattern;
  pcre2_code *format_re;
  pcre2_code *lex_re;
  int pivot; /* Sila extension: two-digit years */
  /* facets */
  long length, min_length, max_length;
  char *min_incl, *max_incl, *min_excl, *max_excl;
};

const char *sila_csvw_datatype_base(const SilaCsvwDatatype *dt) { return dt->b->name; }
const char *sila_csvw_datatype_iri(const SilaCsvwDatatype *dt) { return dt->iri; }

bool sila_csvw_datatype_keeps_space(const SilaCsvwDatatype *dt) {
  const char *n = dt->b->name;
  return !strcmp(n, "string") || !strcmp(n, "json") || !strcmp(n, "xml") || !strcmp(n, "html") ||
         !strcmp(n, "anyAtomicType");
}

bool sila_csvw_datatype_is_normalized_string(const SilaCsvwDatatype *dt) {
  return !strcmp(dt->b->name, "normalizedString");
}

bool sila_csvw_datatype_takes_lang(const SilaCsvwDatatype *dt) {
  return dt->iri == NULL;
}

static const Builtin *find_builtin(const char *name) {
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (!strcmp(name, aliases[i].alias))
      name = aliases[i].name;
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
    if (!strcmp(name, builtins[i].name))
      return &builtins[i];
  /* also accept the full xsd IRI of a builtin */
  if (!strncmp(name, SILA_NS_XSD, strlen(SILA_NS_XSD)))
    return find_builtin(name + strlen(SILA_NS_XSD));
  return NULL;
}

static pcre2_code *compile_re(const char *re) {
  int ec;
  PCRE2_SIZE eo;
  return pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &ec, &eo,
                       NULL);
}

static bool re_match(pcre2_code *re, const char *s, bool anchored) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
  bool ok = rc >= 0;
  if (ok && anchored) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    ok = ov[0] == 0 && ov[1] == strlen(s);
  }
  pcre2_match_data_free(md);
  return ok;
}

void sila_csvw_datatype_free(SilaCsvwDatatype *dt) {
  if (!dt)
    return;
  free(dt->iri);
  free(dt->num_pattern);
  sila_csvw_number_pattern_free(dt->num_re);
  free(dt->bool_true);
  free(dt->bool_false);
  free(dt->date_pattern);
  pcre2_code_free(dt->format_re);
  pcre2_code_free(dt->lex_re);
  free(dt->min_incl);
  free(dt->max_incl);
  free(dt->min_excl);
  free(dt->max_excl);
  free(dt);
}

static bool is_numeric(int k) { return k == K_INT || k == K_DEC || k == K_FLOAT; }
static bool is_datey(int k) { return k == K_DATE || k == K_TIME || k == K_DATETIME || k == K_GDATE; }

static char *facet_string(json_t *v) {
  if (json_is_string(v))
    return sila_csvw_strdup(json_string_value(v));
  if (json_is_integer(v))
    return sila_csvw_aprintf("%lld", (long long)json_integer_value(v));
  if (json_is_real(v))
    return sila_csvw_aprintf("%.17g", json_real_value(v));
  return NULL;
}

static long facet_long(json_t *o, const char *key, SilaCsvwDiag *diag) {
  json_t *v = json_object_get(o, key);
  if (!v)
    return -1;
  if (json_is_integer(v) && json_integer_value(v) >= 0)
    return (long)json_integer_value(v);
  sila_csvw_problem(diag, 0, 0, "datatype %s must be a non-negative integer", key);
  return -1;
}

/* Compares two values of the datatype's value space: <0, 0, >0; 2 = incomparable. */
static int value_cmp(const SilaCsvwDatatype *dt, const char *a, const char *b) {
  if (is_numeric(dt->b->kind)) {
    long double x = strtold(a, NULL), y = strtold(b, NULL);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  int c = strcmp(a, b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

static void compile_format(SilaCsvwDatatype *dt, json_t *fmt, SilaCsvwDiag *diag, bool ext) {
  int k = dt->b->kind;
  if (is_numeric(k)) {
    const char *pattern = NULL;
    if (json_is_string(fmt)) {
      pattern = json_string_value(fmt);
    } else if (json_is_object(fmt)) {
      json_t *p = json_object_get(fmt, "pattern");
      if (p && json_is_string(p))
        pattern = json_string_value(p);
      json_t *dc = json_object_get(fmt, "decimalChar"), *gc = json_object_get(fmt, "groupChar");
      if (json_is_string(dc) && strlen(json_string_value(dc)) < sizeof dt->decimal_char)
        strcpy(dt->decimal_char, json_string_value(dc));
      if (json_is_string(gc) && strlen(json_string_value(gc)) < sizeof dt->group_char) {
        strcpy(dt->group_char, json_string_value(gc));
        dt->has_group = true;
      }
    }
    if (pattern) {
      dt->num_re = sila_csvw_number_pattern_compile(pattern, dt->decimal_char,
                                                    dt->has_group ? dt->group_char : ",");
      if (dt->num_re)
        dt->num_pattern = sila_csvw_strdup(pattern);
      else
        sila_csvw_problem(diag, 0, 0, "invalid number format pattern \"%s\"", pattern);
    }
    return;
  }
  const char *s = json_is_string(fmt) ? json_string_value(fmt) : NULL;
  if (!s && json_is_object(fmt) && json_is_string(json_object_get(fmt, "pattern")))
    s = json_string_value(json_object_get(fmt, "pattern"));
  if (!s) {
    sila_csvw_problem(diag, 0, 0, "invalid datatype format (not a string)");
    return;
  }
  if (k == K_BOOL) {
    if (!json_is_string(fmt)) {
      sila_csvw_problem(diag, 0, 0, "boolean format must be a string \"true|false\"");
      return;
    }
    const char *bar = strchr(s, '|');
    if (!bar || strchr(bar + 1, '|')) {
      sila_csvw_problem(diag, 0, 0, "invalid boolean format \"%s\"", s);
      return;
    }
    dt->bool_true = sila_csvw_strndup(s, (size_t)(bar - s));
    dt->bool_false = sila_csvw_strdup(bar + 1);
    return;
  }
  if (k == K_DATE || k == K_TIME || k == K_DATETIME) {
    int dk = k == K_DATE ? 0 : k == K_TIME ? 1 : 2;
    if (sila_csvw_date_pattern_ok(s, dk, ext && dt->pivot >= 0)) {
      dt->date_pattern = sila_csvw_strdup(s);
    } else {
      sila_csvw_problem(diag, 0, 0, "invalid date/time format \"%s\"", s);
    }
    return;
  }
  /* every other base: a regular expression */
  dt->format_re = compile_re(s);
  if (!dt->format_re)
    sila_csvw_problem(diag, 0, 0, "invalid regular expression format \"%s\"", s);
}

SilaCsvwDatatype *sila_csvw_datatype_compile(json_t *j, SilaCsvwDiag *diag, bool ext,
                                             SilaError *err) {
  SilaCsvwDatatype *dt = calloc(1, sizeof *dt);
  if (!dt) {
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    return NULL;
  }
  strcpy(dt->decimal_char, ".");
  dt->length = dt->min_length = dt->max_length = -1;
  dt->pivot = -1;
  const char *base = "string";
  const char *id = NULL;
  if (json_is_string(j)) {
    base = json_string_value(j);
  } else if (json_is_object(j)) {
    json_t *b = json_object_get(j, "base");
    if (b && json_is_string(b))
      base = json_string_value(b);
    json_t *i = json_object_get(j, "@id");
    if (json_is_string(i))
      id = json_string_value(i);
    json_t *piv = json_object_get(j, SILA_CSVW_NS "twoDigitYearPivot");
    if (ext && piv && json_is_integer(piv))
      dt->pivot = (int)json_integer_value(piv);
  }
  dt->b = find_builtin(base);
  if (!dt->b) {
    sila_csvw_problem(diag, 0, 0, "unknown datatype base \"%s\", using string", base);
    dt->b = find_builtin("string");
  }
  if (id)
    dt->iri = sila_csvw_strdup(id);
  else if (dt->b->iri)
    dt->iri = sila_csvw_strdup(dt->b->iri);
  else if (strcmp(dt->b->name, "string") != 0)
    dt->iri = sila_csvw_aprintf("%s%s", SILA_NS_XSD, dt->b->name);
  if (dt->b->regex)
    dt->lex_re = compile_re(dt->b->regex);
  if (json_is_object(j)) {
    json_t *fmt = json_object_get(j, "format");
    if (fmt)
      compile_format(dt, fmt, diag, ext);
    dt->length = facet_long(j, "length", diag);
    dt->min_length = facet_long(j, "minLength", diag);
    dt->max_length = facet_long(j, "maxLength", diag);
    dt->min_incl = facet_string(json_object_get(j, "minimum"));
    if (!dt->min_incl)
      dt->min_incl = facet_string(json_object_get(j, "minInclusive"));
    dt->max_incl = facet_string(json_object_get(j, "maximum"));
    if (!dt->max_incl)
      dt->max_incl = facet_string(json_object_get(j, "maxInclusive"));
    dt->min_excl = facet_string(json_object_get(j, "minExclusive"));
    dt->max_excl = facet_string(json_object_get(j, "maxExclusive"));
    int k = dt->b->kind;
    const char *why = NULL;
    bool has_len = dt->length >= 0 || dt->min_length >= 0 || dt->max_length >= 0;
    bool has_range = dt->min_incl || dt->max_incl || dt->min_excl || dt->max_excl;
    if (has_len && k != K_STRING && k != K_BINARY && k != K_JSON && k != K_OTHER)
      why = "length facets apply only to string and binary datatypes";
    else if (dt->length >= 0 && dt->min_length >= 0 && dt->length < dt->min_length)
      why = "length is less than minLength";
    else if (dt->length >= 0 && dt->max_length >= 0 && dt->length > dt->max_length)
      why = "length is greater than maxLength";
    else if (dt->min_length >= 0 && dt->max_length >= 0 && dt->max_length < dt->min_length)
      why = "maxLength is less than minLength";
    else if (has_range && !is_numeric(k) && !is_datey(k) && k != K_DURATION)
      why = "minimum/maximum apply only to numeric and date/time datatypes";
    else if ((json_object_get(j, "minInclusive") || json_object_get(j, "minimum")) &&
             dt->min_excl)
      why = "both minInclusive and minExclusive are given";
    else if ((json_object_get(j, "maxInclusive") || json_object_get(j, "maximum")) &&
             dt->max_excl)
      why = "both maxInclusive and maxExclusive are given";
    else if (dt->min_incl && dt->max_incl && value_cmp(dt, dt->max_incl, dt->min_incl) < 0)
      why = "maxInclusive is less than minInclusive";
    else if (dt->min_incl && dt->max_excl && value_cmp(dt, dt->max_excl, dt->min_incl) <= 0)
      why = "maxExclusive is not greater than minInclusive";
    else if (dt->min_excl && dt->max_incl && value_cmp(dt, dt->max_incl, dt->min_excl) <= 0)
      why = "maxInclusive is not greater than minExclusive";
    else if (dt->min_excl && dt->max_excl && value_cmp(dt, dt->max_excl, dt->min_excl) < 0)
      why = "maxExclusive is less than minExclusive";
    if (why) {
      sila_error_set(err, SILA_ERR_INVALID, 0, 0, "datatype: %s", why);
      sila_csvw_datatype_free(dt);
      return NULL;
    }
  }
  if (sila_csvw_nomem()) { /* a format or facet lost to a failed allocation */
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    sila_csvw_datatype_free(dt);
    return NULL;
  }
  return dt;
}

/* ---- integers: exact range checks on decimal strings ---- */

/* Compares two optional-sign integer strings numerically. */
static int int_cmp(const char *a, const char *b) {
  bool na = *a == '-', nb = *b == '-';
  if (*a == '+' || *a == '-')
    a++;
  if (*b == '+' || *b == '-')
    b++;
  while (*a == '0' && a[1])
    a++;
  while (*b == '0' && b[1])
    b++;
  if (!strcmp(a, "0"))
    na = false;
  if (!strcmp(b, "0"))
    nb = false;
  if (na != nb)
    return na ? -1 : 1;
  size_t la = strlen(a), lb = strlen(b);
  int c = la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
  if (c)
    c = c < 0 ? -1 : 1;
  return na ? -c : c;
}

/* ---- booleans ---- */

static bool parse_bool(const SilaCsvwDatatype *dt, const char *s, char **out) {
  if (dt->bool_true) {
    if (!strcmp(s, dt->bool_true)) {
      *out = sila_csvw_strdup("true");
      return true;
    }
    if (!strcmp(s, dt->bool_false)) {
      *out = sila_csvw_strdup("false");
      return true;
    }
    return false;
  }
  if (!strcmp(s, "true") || !strcmp(s, "1")) {
    *out = sila_csvw_strdup("true");
    return true;
  }
  if (!strcmp(s, "false") || !strcmp(s, "0")) {
    *out = sila_csvw_strdup("false");
    return true;
  }
  return false;
}

static size_t b64_len(const char *s) {
  size_t n = 0, pad = 0;
  for (; *s; s++) {
    if (*s == '=')
      pad++;
    else if (*s != ' ')
      n++;
  }
  return (n + pad) / 4 * 3 - pad;
}

bool sila_csvw_datatype_parse(const SilaCsvwDatatype *dt, const char *s, char **lexical,
                              char **why) {
  int k = dt->b->kind;
  char *lex = NULL;
  *lexical = NULL;
  *why = NULL;
  if (is_numeric(k)) {
    if (!sila_csvw_number_parse_compiled(s, dt->num_re, dt->decimal_char,
                                         dt->has_group ? dt->group_char : NULL, k == K_FLOAT,
                                         k == K_FLOAT, &lex)) {
      *why = sila_csvw_aprintf("\"%s\" is not a valid %s", s, dt->b->name);
      return false;
    }
    if (k == K_INT) {
      if (strpbrk(lex, ".eE")) {
        /* "1.0" from a percent is still not an integer */
        *why = sila_csvw_aprintf("\"%s\" is not a valid %s", s, dt->b->name);
        free(lex);
        return false;
      }
      if ((dt->b->min && int_cmp(lex, dt->b->min) < 0) ||
          (dt->b->max && int_cmp(lex, dt->b->max) > 0)) {
        *why = sila_csvw_aprintf("\"%s\" is out of the range of %s", s, dt->b->name);
        free(lex);
        return false;
      }
    }
  } else if (k == K_BOOL) {
    if (!parse_bool(dt, s, &lex)) {
      *why = sila_csvw_aprintf("\"%s\" is not a valid boolean", s);
      return false;
    }
  } else if ((k == K_DATE || k == K_TIME || k == K_DATETIME) && dt->date_pattern) {
    int dk = k == K_DATE ? 0 : k == K_TIME ? 1 : 2;
    if (!sila_csvw_date_parse(s, dt->date_pattern, dk, dt->pivot, &lex) ||
        (dt->lex_re && !re_match(dt->lex_re, lex, false))) {
      free(lex);
      *why = sila_csvw_aprintf("\"%s\" does not match the format \"%s\"", s, dt->date_pattern);
      return false;
    }
  } else {
    if (dt->lex_re && !re_match(dt->lex_re, s, false)) {
      *why = sila_csvw_aprintf("\"%s\" is not a valid %s", s, dt->b->name);
      return false;
    }
    if (k == K_JSON) {
      json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
      if (!v) {
        *why = sila_csvw_aprintf("\"%s\" is not valid JSON", s);
        return false;
      }
      json_decref(v);
    }
    if (dt->format_re && !re_match(dt->format_re, s, true)) {
      *why = sila_csvw_aprintf("\"%s\" does not match the format", s);
      return false;
    }
    lex = sila_csvw_strdup(s);
  }
  if (!lex)
    return false; /* out of memory (noted): the mapping fails */
  /* facets */
  long len = -1;
  if (k == K_BINARY)
    len = !strcmp(dt->b->name, "hexBinary") ? (long)strlen(lex) / 2 : (long)b64_len(lex);
  else
    len = (long)sila_utf8_count(lex, strlen(lex));
  const char *bad = NULL;
  if (dt->length >= 0 && len != dt->length)
    bad = "length";
  else if (dt->min_length >= 0 && len < dt->min_length)
    bad = "minLength";
  else if (dt->max_length >= 0 && len > dt->max_length)
    bad = "maxLength";
  else if (dt->min_incl && value_cmp(dt, lex, dt->min_incl) < 0)
    bad = "minimum";
  else if (dt->max_incl && value_cmp(dt, lex, dt->max_incl) > 0)
    bad = "maximum";
  else if (dt->min_excl && value_cmp(dt, lex, dt->min_excl) <= 0)
    bad = "minExclusive";
  else if (dt->max_excl && value_cmp(dt, lex, dt->max_excl) >= 0)
    bad = "maxExclusive";
  if (bad) {
    *why = sila_csvw_aprintf("\"%s\" fails the %s constraint", s, bad);
    free(lex);
    return false;
  }
  *lexical = lex;
  return true;
}
