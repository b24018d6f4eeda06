/* rdf_rdfxml_grammar.c — the RDF/XML grammar (RDF 1.2 RDF/XML, section 7)
 * on the SAX2 reader's events (rdf_rdfxml.h): node elements, property
 * elements and their attributes, rdf:parseType (Resource, Collection,
 * Literal with raptor's XML writer for its canonical form, and RDF 1.2
 * Triple), rdf:ID reification, RDF 1.2 annotations (rdf:annotation,
 * rdf:annotationNodeID), rdf:version and its:dir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "rdf_rdfxml.h"

/* --- names ------------------------------------------------------------------ */

static bool name_start_cp(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

/* An XML NCName (XML 1.0 fifth edition names, without ':'). */
static bool ncname_ok(const char *s) {
  size_t n = strlen(s), i = 0;
  if (!n)
    return false;
  while (i < n) {
    uint32_t c;
    int l = sila_utf8_decode((const unsigned char *)s + i, n - i, &c);
    if (l <= 0)
      return false;
    bool ok = name_start_cp(c) ||
              (i > 0 && (c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
                         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040)));
    if (!ok)
      return false;
    i += (size_t)l;
  }
  return true;
}

/* Names RDF/XML forbids: as node element, property element, attribute. */
static bool core_or_old(const char *local) {
  static const char *const names[] = {"RDF", "ID", "about", "bagID", "parseType", "resource",
                                      "nodeID", "aboutEach", "aboutEachPrefix", "datatype",
                                      "annotation", "annotationNodeID", NULL};
  for (size_t i = 0; names[i]; i++)
    if (!strcmp(local, names[i]))
      return true;
  return false;
}

/* rdf:version and its:dir on this element: RDF 1.2 RDF/XML gives a
 * literal a base direction only where a version is announced (without
 * one, its:dir is ignored, as an RDF 1.1 reader would). */
static bool read_dir(XmlParse *X, Frame *f, raptor_xml_element *el) {
  raptor_qname **va = raptor_xml_element_get_attributes(el);
  int vn = raptor_xml_element_get_attributes_count(el);
  for (int i = 0; i < vn && va; i++)
    if (rdfxml_is_ns(rdfxml_qname_ns(va[i]), SILA_NS_RDF) &&
        !strcmp((const char *)raptor_qname_get_local_name(va[i]), "version"))
      f->v12 = true;
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  for (int i = 0; i < n && attrs; i++) {
    if (!rdfxml_is_ns(rdfxml_qname_ns(attrs[i]), ITS_NS) ||
        strcmp((const char *)raptor_qname_get_local_name(attrs[i]), "dir"))
      continue;
    const char *v = (const char *)raptor_qname_get_value(attrs[i]);
    f->dir.len = 0;
    if (!f->v12)
      continue;
    if (!strcmp(v, "ltr") || !strcmp(v, "rtl")) {
      if (sila_buf_puts(&f->dir, v))
        return rdfxml_nomem(X);
    } else if (strcmp(v, "lro") && strcmp(v, "rlo")) {
      rdfxml_qname_pos(X, attrs[i], &X->at);
      return rdfxml_error(X, SILA_ERR_SYNTAX, "its:dir=\"%.40s\": expected ltr or rtl", v);
    }
  }
  return true;
}

/* Whether attribute a of a property element is a property attribute: it
 * has a namespace and is neither xml:* (nor any name starting "xml"), its:*
 * nor one of the rdf: names `syntax` (NULL-terminated) that are syntax there. */
static bool property_attr(raptor_qname *a, const char *const *syntax) {
  const char *ns = rdfxml_qname_ns(a);
  const char *local = (const char *)raptor_qname_get_local_name(a);
  if (!ns || rdfxml_is_ns(ns, XML_NS) || rdfxml_is_ns(ns, ITS_NS) || !strncmp(local, "xml", 3))
    return false;
  if (rdfxml_is_ns(ns, SILA_NS_RDF))
    for (size_t i = 0; syntax[i]; i++)
      if (!strcmp(local, syntax[i]))
        return false;
  return true;
}

/* What rdf:local is as an attribute of a node element (node) or of a
 * property element: 0 syntax, 1 a property attribute, -1 not allowed. */
static int rdf_attr_use(const char *local, bool node) {
  if (node && (!strcmp(local, "about") || !strcmp(local, "ID") || !strcmp(local, "nodeID")))
    return 0;
  if (!node && (!strcmp(local, "resource") || !strcmp(local, "nodeID") || !strcmp(local, "ID") ||
                !strcmp(local, "annotation") || !strcmp(local, "annotationNodeID")))
    return 0;
  if (!strcmp(local, "version"))
    return 0; /* RDF 1.2 version announcement */
  if (core_or_old(local) || !strcmp(local, "li") || !strcmp(local, "Description"))
    return -1;
  return 1;
}

/* The property attributes of an empty property element become statements
 * at its end, where their places are no longer known: checked at its start. */
static bool property_attrs_precheck(XmlParse *X, raptor_xml_element *el) {
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  XmlPos element_at = X->at;
  SilaBuf iri = SILA_BUF_INIT;
  bool ok = true;
  for (int i = 0; ok && i < n && attrs; i++) {
    const char *ns = rdfxml_qname_ns(attrs[i]);
    const char *local = (const char *)raptor_qname_get_local_name(attrs[i]);
    if (!rdfxml_is_ns(ns, SILA_NS_RDF) || !strcmp(local, "datatype"))
      continue; /* rdf:datatype: a literal, read at the end */
    X->at = element_at;
    rdfxml_qname_pos(X, attrs[i], &X->at);
    if (rdf_attr_use(local, false) < 0)
      ok = rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:%s is not allowed as an attribute here", local);
    else if (!strcmp(local, "type"))
      ok = rdfxml_resolve(X, (const char *)raptor_qname_get_value(attrs[i]), &iri);
  }
  sila_buf_free(&iri);
  if (ok)
    X->at = element_at;
  return ok;
}

/* Property attributes of element el become statements about subj. */
static bool property_attrs(XmlParse *X, Frame *f, raptor_xml_element *el, const OTerm *subj,
                           bool node) {
  raptor_qname **attrs = raptor_xml_element_get_attributes(el);
  int n = raptor_xml_element_get_attributes_count(el);
  XmlPos element_at = X->at;
  for (int i = 0; i < n && attrs; i++) {
    const char *ns = rdfxml_qname_ns(attrs[i]);
    const char *local = (const char *)raptor_qname_get_local_name(attrs[i]);
    const char *val = (const char *)raptor_qname_get_value(attrs[i]);
    if (!ns || rdfxml_is_ns(ns, XML_NS) || rdfxml_is_ns(ns, ITS_NS) || !strncmp(local, "xml", 3))
      continue; /* no namespace, xml:*, its:* */
    X->at = element_at;
    rdfxml_qname_pos(X, attrs[i], &X->at);
    int use = rdfxml_is_ns(ns, SILA_NS_RDF) ? rdf_attr_use(local, node) : 1;
    if (use == 0)
      continue;
    if (use < 0)
      return rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:%s is not allowed as an attribute here", local);
    OTerm p = {0}, o = {0};
    bool ok = !sila_buf_puts(&p.v, ns) && !sila_buf_puts(&p.v, local);
    p.kind = SILA_TERM_IRI;
    if (!ok) {
      rdfxml_nomem(X);
    } else if (rdfxml_is_ns(ns, SILA_NS_RDF) && !strcmp(local, "type")) {
      o.kind = SILA_TERM_IRI;
      ok = rdfxml_resolve(X, val, &o.v);
    } else {
      o.kind = SILA_TERM_LITERAL;
      ok = !sila_buf_puts(&o.v, val) || rdfxml_nomem(X);
      ok = ok && rdfxml_literal_lang(X, f, &o.lang);
    }
    ok = ok && rdfxml_emit3(X, subj, &p, &o);
    rdfxml_oterm_free(&p);
    rdfxml_oterm_free(&o);
    if (!ok)
      return false;
  }
  X->at = element_at;
  return true;
}

static bool new_id(XmlParse *X, const SilaBuf *iri) {
  /* rdf:ID names one resource once per document base */
  const char *at = X->ids.data;
  for (size_t off = 0; at && off < X->ids.len;) {
    const char *nl = memchr(at + off, '\n', X->ids.len - off);
    size_t l = (size_t)(nl - (at + off));
    if (l == iri->len && !memcmp(at + off, iri->data, l))
      return rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:ID \"%.*s\" is used twice",
                          (int)(l > 200 ? 200 : l), iri->data);
    off += l + 1;
  }
  return !(sila_buf_append(&X->ids, iri->data, iri->len) || sila_buf_putc(&X->ids, '\n')) ||
         rdfxml_nomem(X);
}

/* The IRI of rdf:ID="v" of element el: base#v (errors name the attribute). */
static bool id_iri(XmlParse *X, raptor_xml_element *el, const char *v, SilaBuf *out) {
  XmlPos element_at = X->at;
  rdfxml_attr_pos(X, el, SILA_NS_RDF, "ID", &X->at);
  if (!ncname_ok(v))
    return rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:ID \"%.60s\" is not an XML NCName", v);
  X->tmp.len = 0;
  if (sila_buf_putc(&X->tmp, '#') || sila_buf_puts(&X->tmp, v))
    return rdfxml_nomem(X);
  if (!rdfxml_resolve(X, X->tmp.data, out) || !new_id(X, out))
    return false;
  X->at = element_at;
  return true;
}

/* rdfxml_resolve() of the value of attribute rdf:local of el, errors named there. */
static bool resolve_attr(XmlParse *X, raptor_xml_element *el, const char *local, const char *ref,
                         SilaBuf *out) {
  XmlPos element_at = X->at;
  rdfxml_attr_pos(X, el, SILA_NS_RDF, local, &X->at);
  if (!rdfxml_resolve(X, ref, out))
    return false;
  X->at = element_at;
  return true;
}

/* A node element: its subject, its type, its property attributes. */
static bool node_element(XmlParse *X, raptor_xml_element *el, const char *ns, const char *local,
                         OTerm *subject_out) {
  if (rdfxml_is_ns(ns, SILA_NS_RDF) && (core_or_old(local) || !strcmp(local, "li")))
    return rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:%s cannot be a node element", local);
  Frame *f = rdfxml_push(X, F_NODE);
  if (!f || !read_dir(X, f, el))
    return false;
  const char *about = rdfxml_attr(el, SILA_NS_RDF, "about"),
             *id = rdfxml_attr(el, SILA_NS_RDF, "ID"),
             *nodeid = rdfxml_attr(el, SILA_NS_RDF, "nodeID");
  if ((about != NULL) + (id != NULL) + (nodeid != NULL) > 1) {
    /* the last of them in the tag names the place */
    static const char *const names[] = {"about", "ID", "nodeID"};
    int last = -1;
    XmlPos last_at = {0, 0};
    for (int i = 0; i < 3; i++) {
      XmlPos p = {0, 0};
      if (!rdfxml_attr(el, SILA_NS_RDF, names[i]))
        continue;
      rdfxml_attr_pos(X, el, SILA_NS_RDF, names[i], &p);
      if (last < 0 || p.line > last_at.line || (p.line == last_at.line && p.col > last_at.col)) {
        last = i;
        last_at = p;
      }
    }
    return rdfxml_attr_error(X, el, SILA_NS_RDF, names[last], SILA_ERR_SYNTAX,
                      "a node element has at most one of rdf:about, rdf:ID, rdf:nodeID");
  }
  static const char *const removed[] = {"aboutEach", "aboutEachPrefix", "bagID"};
  for (size_t i = 0; i < 3; i++)
    if (rdfxml_attr(el, SILA_NS_RDF, removed[i]))
      return rdfxml_attr_error(X, el, SILA_NS_RDF, removed[i], SILA_ERR_SYNTAX,
                        "rdf:%s was removed from RDF", removed[i]);
  if (about) {
    f->subject.kind = SILA_TERM_IRI;
    if (!resolve_attr(X, el, "about", about, &f->subject.v))
      return false;
  } else if (id) {
    f->subject.kind = SILA_TERM_IRI;
    if (!id_iri(X, el, id, &f->subject.v))
      return false;
  } else if (nodeid) {
    if (!ncname_ok(nodeid))
      return rdfxml_attr_error(X, el, SILA_NS_RDF, "nodeID", SILA_ERR_SYNTAX,
                        "rdf:nodeID \"%.60s\" is not an XML NCName", nodeid);
    if (!rdfxml_set_blank(X, &f->subject, nodeid, strlen(nodeid)))
      return false;
  } else if (!rdfxml_fresh_blank(X, &f->subject)) {
    return false;
  }
  if (subject_out && rdfxml_oterm_copy(subject_out, &f->subject))
    return rdfxml_nomem(X);
  if (!(rdfxml_is_ns(ns, SILA_NS_RDF) && !strcmp(local, "Description"))) {
    OTerm type = {0};
    bool ok = !sila_buf_puts(&type.v, ns) && !sila_buf_puts(&type.v, local);
    type.kind = SILA_TERM_IRI;
    ok = (ok || rdfxml_nomem(X)) && rdfxml_emit_iri(X, &f->subject, SILA_NS_RDF "type", &type);
    rdfxml_oterm_free(&type);
    if (!ok)
      return false;
  }
  return property_attrs(X, f, el, &f->subject, true);
}

static int xml_io_write(void *ctx, const void *ptr, size_t size, size_t nmemb) {
  return sila_buf_append(ctx, ptr, size * nmemb) ? -1 : (int)nmemb;
}
static int xml_io_byte(void *ctx, const int byte) {
  char c = (char)byte;
  return sila_buf_append(ctx, &c, 1) ? -1 : 0;
}
static const raptor_iostream_handler xml_io = {
    .version = 2, .write_byte = xml_io_byte, .write_bytes = xml_io_write};

/* A property element of the node `subj` (parent frame p). */
static bool property_element(XmlParse *X, Frame *p, raptor_xml_element *el, const char *ns,
                             const char *local) {
  if (rdfxml_is_ns(ns, SILA_NS_RDF) && (core_or_old(local) || !strcmp(local, "Description")))
    return rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:%s cannot be a property element", local);
  const char *parse_type = rdfxml_attr(el, SILA_NS_RDF, "parseType");
  FrameKind kind = F_PROP;
  if (parse_type)
    kind = !strcmp(parse_type, "Resource")     ? F_RESOURCE
           : !strcmp(parse_type, "Collection") ? F_COLLECTION
           : !strcmp(parse_type, "Triple")     ? F_TRIPLE
                                               : F_LITERAL;
  unsigned long li = 0;
  if (rdfxml_is_ns(ns, SILA_NS_RDF) && !strcmp(local, "li"))
    li = p->li++;
  Frame *f = rdfxml_push(X, kind);
  if (!f || !read_dir(X, f, el))
    return false;
  if (kind == F_TRIPLE && !f->v12) {
    f->kind = F_IGNORE; /* RDF 1.2 RDF/XML: no version announced, no triple term */
    return true;
  }
  f->parent = X->depth - 2; /* an index: pushes may move the frames */
  if (li ? sila_buf_printf(&f->pred, SILA_NS_RDF "_%lu", li)
         : (sila_buf_puts(&f->pred, ns) || sila_buf_puts(&f->pred, local)))
    return rdfxml_nomem(X);
  const struct {
    const char *name;
    SilaBuf *buf;
    bool *has;
  } a[] = {{"ID", &f->id, &f->has_id},
           {"resource", &f->resource, &f->has_resource},
           {"nodeID", &f->nodeid, &f->has_nodeid},
           {"datatype", &f->datatype, &f->has_datatype},
           {"annotation", &f->ann, &f->has_ann},
           {"annotationNodeID", &f->ann_node, &f->has_ann_node}};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    const char *v = rdfxml_attr(el, SILA_NS_RDF, a[i].name);
    if (!v)
      continue;
    *a[i].has = true;
    if (sila_buf_puts(a[i].buf, v))
      return rdfxml_nomem(X);
  }
  /* the end of the element reads these: their places are kept */
  rdfxml_attr_pos(X, el, SILA_NS_RDF, "resource", &f->at_resource);
  rdfxml_attr_pos(X, el, SILA_NS_RDF, "nodeID", &f->at_nodeid);
  rdfxml_attr_pos(X, el, SILA_NS_RDF, "datatype", &f->at_datatype);
  rdfxml_attr_pos(X, el, SILA_NS_RDF, "annotation", &f->at_ann);
  if (rdfxml_attr(el, SILA_NS_RDF, "bagID"))
    return rdfxml_attr_error(X, el, SILA_NS_RDF, "bagID", SILA_ERR_SYNTAX,
                             "rdf:bagID was removed from RDF");
  if (f->has_nodeid && !ncname_ok(f->nodeid.data))
    return rdfxml_attr_error(X, el, SILA_NS_RDF, "nodeID", SILA_ERR_SYNTAX,
                      "rdf:nodeID \"%.60s\" is not an XML NCName", f->nodeid.data);
  if (f->has_ann_node && !ncname_ok(f->ann_node.data))
    return rdfxml_attr_error(X, el, SILA_NS_RDF, "annotationNodeID", SILA_ERR_SYNTAX,
                      "rdf:annotationNodeID \"%.60s\" is not an XML NCName", f->ann_node.data);
  if (f->has_ann && f->has_ann_node)
    return rdfxml_attr_error(X, el, SILA_NS_RDF, "annotationNodeID", SILA_ERR_SYNTAX,
                      "rdf:annotation and rdf:annotationNodeID together");
  if (f->has_id) {
    SilaBuf iri = SILA_BUF_INIT;
    bool ok = id_iri(X, el, f->id.data, &iri);
    f->id.len = 0;
    ok = ok && (!sila_buf_append(&f->id, iri.data ? iri.data : "", iri.len) || rdfxml_nomem(X));
    sila_buf_free(&iri);
    if (!ok)
      return false;
  }
  if (kind != F_PROP) {
    if (f->has_resource || f->has_nodeid || f->has_datatype)
      return rdfxml_attr_error(X, el, SILA_NS_RDF,
                        f->has_resource ? "resource" : f->has_nodeid ? "nodeID" : "datatype",
                        SILA_ERR_SYNTAX,
                        "rdf:parseType cannot go with rdf:resource, rdf:nodeID or rdf:datatype");
    static const char *const syntax[] = {"parseType", "ID", "annotation", "annotationNodeID",
                                         NULL};
    raptor_qname **attrs = raptor_xml_element_get_attributes(el);
    int n = raptor_xml_element_get_attributes_count(el);
    for (int i = 0; i < n && attrs; i++) {
      if (property_attr(attrs[i], syntax)) {
        rdfxml_qname_pos(X, attrs[i], &X->at);
        return rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:parseType cannot go with property attributes");
      }
    }
  }
  if (kind == F_PROP && !property_attrs_precheck(X, el))
    return false;
  if (kind == F_RESOURCE) {
    if (!rdfxml_fresh_blank(X, &f->subject))
      return false;
  } else if (kind == F_LITERAL) {
    raptor_world *w = X->world;
    if (!f->xml && !(f->xml = sila_calloc(1, sizeof *f->xml)))
      return rdfxml_nomem(X);
    f->ns = raptor_new_namespaces(w, 0);
    f->io = raptor_new_iostream_from_handler(w, f->xml, &xml_io);
    f->xw = f->ns && f->io ? raptor_new_xml_writer(w, f->ns, f->io) : NULL;
    if (!f->xw)
      return rdfxml_nomem(X);
    raptor_xml_writer_set_option(f->xw, RAPTOR_OPTION_WRITER_AUTO_INDENT, NULL, 0);
    raptor_xml_writer_set_option(f->xw, RAPTOR_OPTION_WRITER_AUTO_EMPTY, NULL, 0);
    raptor_xml_writer_set_option(f->xw, RAPTOR_OPTION_WRITER_XML_DECLARATION, NULL, 0);
  }
  f->el = el;
  return true;
}

/* The statement of a finished property element (s p o), with its rdf:ID
 * reification and its RDF 1.2 annotation reifier. */
static bool property_done(XmlParse *X, Frame *f, const OTerm *o) {
  const OTerm *subj = &X->frames[f->parent].subject;
  OTerm p = {0};
  bool ok = rdfxml_set_iri(X, &p, f->pred.data, f->pred.len) && rdfxml_emit3(X, subj, &p, o);
  if (ok && f->has_id) {
    OTerm r = {0}, t = {0};
    ok = rdfxml_set_iri(X, &r, f->id.data, f->id.len) &&
         rdfxml_set_iri(X, &t, SILA_NS_RDF "Statement", sizeof SILA_NS_RDF + 8) &&
         rdfxml_emit_iri(X, &r, SILA_NS_RDF "type", &t) &&
         rdfxml_emit_iri(X, &r, SILA_NS_RDF "subject", subj) &&
         rdfxml_emit_iri(X, &r, SILA_NS_RDF "predicate", &p) &&
         rdfxml_emit_iri(X, &r, SILA_NS_RDF "object", o);
    rdfxml_oterm_free(&r);
    rdfxml_oterm_free(&t);
  }
  if (ok && (f->has_ann || f->has_ann_node)) {
    OTerm r = {0}, tt = {0};
    tt.kind = SILA_TERM_TRIPLE;
    tt.tt = sila_calloc(3, sizeof *tt.tt);
    ok = tt.tt && !rdfxml_oterm_copy(&tt.tt[0], subj) && !rdfxml_oterm_copy(&tt.tt[1], &p) &&
         !rdfxml_oterm_copy(&tt.tt[2], o);
    if (!ok)
      rdfxml_nomem(X);
    if (ok && f->has_ann) {
      SilaBuf iri = SILA_BUF_INIT;
      X->at = f->at_ann;
      ok = rdfxml_resolve(X, f->ann.data, &iri) &&
           rdfxml_set_iri(X, &r, iri.data ? iri.data : "", iri.len);
      sila_buf_free(&iri);
    } else if (ok) {
      ok = rdfxml_set_blank(X, &r, f->ann_node.data, f->ann_node.len);
    }
    ok = ok && rdfxml_emit_iri(X, &r, SILA_NS_RDF "reifies", &tt);
    rdfxml_oterm_free(&r);
    rdfxml_oterm_free(&tt);
  }
  rdfxml_oterm_free(&p);
  return ok;
}

static bool end_property(XmlParse *X, Frame *f) {
  OTerm o = {0};
  bool ok = true;
  if (f->has_node) {
    if (f->text_nonblank)
      return rdfxml_error(X, SILA_ERR_SYNTAX, "text beside a node element in a property element");
    if (f->has_resource || f->has_nodeid || f->has_datatype) {
      X->at = f->has_resource ? f->at_resource : f->has_nodeid ? f->at_nodeid : f->at_datatype;
      return rdfxml_error(
          X, SILA_ERR_SYNTAX,
          "a property element with a node element has no rdf:resource, rdf:nodeID or rdf:datatype");
    }
    ok = !rdfxml_oterm_copy(&o, &f->object) || rdfxml_nomem(X);
    ok = ok && property_done(X, f, &o);
  } else if (f->text.len || f->has_datatype) {
    if (f->has_resource || f->has_nodeid) {
      X->at = f->has_resource ? f->at_resource : f->at_nodeid;
      return rdfxml_error(X, SILA_ERR_SYNTAX,
                          "a property element with text has no rdf:resource or rdf:nodeID");
    }
    o.kind = SILA_TERM_LITERAL;
    ok = !sila_buf_append(&o.v, f->text.data ? f->text.data : "", f->text.len) || rdfxml_nomem(X);
    if (ok && f->has_datatype) {
      X->at = f->at_datatype;
      ok = rdfxml_resolve(X, f->datatype.data, &o.dt);
      if (ok && sila_iri_is(o.dt.data, o.dt.len, SILA_XSD_STRING))
        o.dt.len = 0;
    } else if (ok) {
      ok = rdfxml_literal_lang(X, f, &o.lang);
    }
    ok = ok && property_done(X, f, &o);
  } else {
    /* emptyPropertyElt */
    static const char *const syntax[] = {"resource",   "nodeID",           "ID",
                                         "annotation", "annotationNodeID", "version", NULL};
    bool props = false;
    raptor_qname **attrs = raptor_xml_element_get_attributes(f->el);
    int n = raptor_xml_element_get_attributes_count(f->el);
    for (int i = 0; i < n && attrs; i++)
      if (property_attr(attrs[i], syntax))
        props = true;
    if (f->has_resource && f->has_nodeid) {
      X->at = f->at_nodeid;
      return rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:resource and rdf:nodeID together");
    }
    if (f->has_resource) {
      o.kind = SILA_TERM_IRI;
      X->at = f->at_resource;
      ok = rdfxml_resolve(X, f->resource.data, &o.v);
    } else if (f->has_nodeid) {
      ok = rdfxml_set_blank(X, &o, f->nodeid.data, f->nodeid.len);
    } else if (props) {
      ok = rdfxml_fresh_blank(X, &o);
    } else {
      o.kind = SILA_TERM_LITERAL;
      ok = rdfxml_literal_lang(X, f, &o.lang);
    }
    ok = ok && property_done(X, f, &o);
    if (ok && props)
      ok = property_attrs(X, f, f->el, &o, false);
  }
  rdfxml_oterm_free(&o);
  return ok;
}

static bool end_collection(XmlParse *X, Frame *f) {
  OTerm head = {0}, cur = {0}, next = {0};
  bool ok = true;
  if (!f->nitems) {
    ok = rdfxml_set_iri(X, &head, SILA_NS_RDF "nil", sizeof SILA_NS_RDF + 2);
  } else {
    ok = rdfxml_fresh_blank(X, &head) && !rdfxml_oterm_copy(&cur, &head);
    for (size_t i = 0; ok && i < f->nitems; i++) {
      ok = rdfxml_emit_iri(X, &cur, SILA_NS_RDF "first", &f->items[i]);
      if (!ok)
        break;
      if (i + 1 < f->nitems)
        ok = rdfxml_fresh_blank(X, &next) && rdfxml_emit_iri(X, &cur, SILA_NS_RDF "rest", &next) &&
             !rdfxml_oterm_copy(&cur, &next);
      else
        ok = rdfxml_set_iri(X, &next, SILA_NS_RDF "nil", sizeof SILA_NS_RDF + 2) &&
             rdfxml_emit_iri(X, &cur, SILA_NS_RDF "rest", &next);
    }
  }
  /* the property's statement first in the document, but order is free */
  ok = ok && property_done(X, f, &head);
  rdfxml_oterm_free(&head);
  rdfxml_oterm_free(&cur);
  rdfxml_oterm_free(&next);
  return ok;
}

void rdfxml_on_start(void *data, raptor_xml_element *el) {
  XmlParse *X = data;
  if (X->st != SILA_OK)
    return;
  raptor_qname *q = raptor_xml_element_get_name(el);
  /* its start tag, unless an entity brought the element in (then the
   * place of the next tag is the nearest known) */
  if (!rdfxml_written_name(q, &X->elname)) {
    rdfxml_nomem(X);
    return;
  }
  X->tag = xml_marks_take(&X->marks, XM_START, X->elname.data, X->elname.len);
  const XmlMark *near = X->tag ? X->tag : xml_marks_pending(&X->marks);
  if (near)
    X->at = near->start;
  const char *ns = rdfxml_qname_ns(q);
  const char *local = (const char *)raptor_qname_get_local_name(q);
  Frame *parent = X->depth ? rdfxml_top(X) : NULL;
  FrameKind pk = parent ? parent->kind : F_TOP;
  if (pk == F_IGNORE) {
    rdfxml_push(X, F_IGNORE);
    return;
  }
  if (pk == F_LITERAL || pk == F_XMLCHILD) {
    Frame *lit = parent;
    while (lit->kind != F_LITERAL)
      lit--;
    raptor_xml_writer_start_element(lit->xw, el);
    rdfxml_push(X, F_XMLCHILD);
    return;
  }
  if (pk == F_PROP)
    parent->has_node = true;
  if (!ns) {
    rdfxml_error(X, SILA_ERR_SYNTAX, "element <%s> has no namespace", local);
    return;
  }
  switch (pk) {
  case F_TOP:
    if (rdfxml_is_ns(ns, SILA_NS_RDF) && !strcmp(local, "RDF")) {
      Frame *f = rdfxml_push(X, F_RDF);
      if (f)
        read_dir(X, f, el);
      return;
    }
    node_element(X, el, ns, local, NULL);
    return;
  case F_RDF:
    node_element(X, el, ns, local, NULL);
    return;
  case F_NODE:
  case F_RESOURCE:
    property_element(X, parent, el, ns, local);
    return;
  case F_PROP: {
    size_t pi = X->depth - 1;
    if (X->frames[pi].text_nonblank) {
      rdfxml_error(X, SILA_ERR_SYNTAX, "a node element after text in a property element");
      return;
    }
    if (X->frames[pi].object.kind != SILA_TERM_NONE) {
      rdfxml_error(X, SILA_ERR_SYNTAX, "a property element holds one node element");
      return;
    }
    OTerm subj = {0};
    if (node_element(X, el, ns, local, &subj) && rdfxml_oterm_copy(&X->frames[pi].object, &subj))
      rdfxml_nomem(X);
    rdfxml_oterm_free(&subj);
    return;
  }
  case F_COLLECTION: {
    size_t pi = X->depth - 1;
    Frame *c = &X->frames[pi];
    if (c->nitems == c->capitems) {
      size_t cap = c->capitems ? c->capitems * 2 : 8;
      OTerm *n = sila_realloc(c->items, cap * sizeof *n);
      if (!n) {
        rdfxml_nomem(X);
        return;
      }
      memset(n + c->capitems, 0, (cap - c->capitems) * sizeof *n);
      c->items = n;
      c->capitems = cap;
    }
    OTerm *item = &c->items[c->nitems++];
    node_element(X, el, ns, local, item);
    return;
  }
  case F_TRIPLE: {
    if (parent->has_node) {
      rdfxml_error(X, SILA_ERR_SYNTAX, "rdf:parseType=\"Triple\" holds one node element");
      return;
    }
    parent->has_node = true;
    node_element(X, el, ns, local, NULL);
    return;
  }
  default:
    rdfxml_error(X, SILA_ERR_SYNTAX, "unexpected element <%s>", local);
  }
}

void rdfxml_on_end(void *data, raptor_xml_element *el) {
  XmlParse *X = data;
  if (X->st != SILA_OK || !X->depth)
    return;
  Frame *f = rdfxml_top(X);
  /* errors now are about the element (or an attribute its frame kept) */
  if (rdfxml_written_name(raptor_xml_element_get_name(el), &X->elname))
    xml_marks_take(&X->marks, XM_END, X->elname.data, X->elname.len);
  X->tag = NULL;
  X->at = f->at;
  switch (f->kind) {
  case F_XMLCHILD: {
    Frame *lit = f - 1;
    while (lit->kind != F_LITERAL)
      lit--;
    raptor_xml_writer_end_element(lit->xw, el);
    break;
  }
  case F_PROP:
    end_property(X, f);
    break;
  case F_RESOURCE:
    property_done(X, f, &f->subject);
    break;
  case F_COLLECTION:
    end_collection(X, f);
    break;
  case F_LITERAL: {
    raptor_xml_writer_flush(f->xw);
    OTerm o = {0};
    o.kind = SILA_TERM_LITERAL;
    bool ok = !sila_buf_append(&o.v, f->xml->data ? f->xml->data : "", f->xml->len) &&
              !sila_buf_puts(&o.dt, SILA_NS_RDF "XMLLiteral");
    if (!ok)
      rdfxml_nomem(X);
    else
      property_done(X, f, &o);
    rdfxml_oterm_free(&o);
    /* the frame's slot is reused: its writer goes now */
    rdfxml_literal_writer_free(f);
    break;
  }
  case F_TRIPLE: {
    if (f->ncap != 1) {
      rdfxml_error(X, SILA_ERR_SYNTAX,
               "rdf:parseType=\"Triple\" holds exactly one triple (one node element with one "
               "property element), found %d",
               f->ncap);
      break;
    }
    OTerm o = {0};
    o.kind = SILA_TERM_TRIPLE;
    o.tt = sila_calloc(3, sizeof *o.tt);
    bool ok = o.tt && !rdfxml_oterm_copy(&o.tt[0], &f->cap[0]) &&
              !rdfxml_oterm_copy(&o.tt[1], &f->cap[1]) && !rdfxml_oterm_copy(&o.tt[2], &f->cap[2]);
    if (!ok)
      rdfxml_nomem(X);
    X->depth--; /* the triple is this frame's parent's: emit outside the capture */
    if (ok)
      property_done(X, f, &o);
    X->depth++;
    rdfxml_oterm_free(&o);
    break;
  }
  default:
    break;
  }
  X->depth--;
}

void rdfxml_on_chars(void *data, raptor_xml_element *el, const unsigned char *s, int len) {
  (void)el;
  XmlParse *X = data;
  if (X->st != SILA_OK || !X->depth || len <= 0)
    return;
  X->tag = NULL;
  X->at = xml_marks_text(&X->marks);
  Frame *f = rdfxml_top(X);
  if (f->kind == F_IGNORE)
    return;
  if (f->kind == F_LITERAL || f->kind == F_XMLCHILD) {
    Frame *lit = f;
    while (lit->kind != F_LITERAL)
      lit--;
    raptor_xml_writer_cdata_counted(lit->xw, s, (unsigned int)len);
    return;
  }
  if (f->kind == F_PROP) {
    if (sila_buf_append(&f->text, s, (size_t)len)) {
      rdfxml_nomem(X);
      return;
    }
    for (int i = 0; i < len; i++)
      if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
        f->text_nonblank = true;
    if (f->has_node && f->text_nonblank)
      rdfxml_error(X, SILA_ERR_SYNTAX, "text beside a node element in a property element");
    return;
  }
  for (int i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
      rdfxml_error(X, SILA_ERR_SYNTAX, "text is not allowed here (only elements)");
      return;
    }
}
