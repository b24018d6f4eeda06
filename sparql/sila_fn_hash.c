/* sila_fn_hash.c — MD5, SHA1, SHA256, SHA384, SHA512 (§17.4.6) through
 * OpenSSL's EVP interface: lower-case hex of the UTF-8 bytes of a simple
 * literal or xsd:string. */
#include <openssl/evp.h>

#include "sila_fn_internal.h"

SilaStatus sila_fn_call_hash(SilaFnId fn, const SilaValue *args, size_t nargs,
                             SilaFnContext *ctx, SilaValue *out) {
  if (args[0].kind != SILA_VAL_STRING)
    return SILA_ERR_TYPE;
  const EVP_MD *md = fn == SILA_FN_MD5      ? EVP_md5()
                     : fn == SILA_FN_SHA1   ? EVP_sha1()
                     : fn == SILA_FN_SHA256 ? EVP_sha256()
                     : fn == SILA_FN_SHA384 ? EVP_sha384()
                                            : EVP_sha512();
  unsigned char dig[EVP_MAX_MD_SIZE];
  unsigned int dl = 0;
  if (!EVP_Digest(args[0].term.value, args[0].term.value_len, dig, &dl, md, NULL))
    return SILA_ERR_NOMEM;
  char *hex = sila_arena_alloc(ctx->arena, dl * 2 + 1);
  if (!hex)
    return SILA_ERR_NOMEM;
  static const char digits[] = "0123456789abcdef";
  for (unsigned int i = 0; i < dl; i++) {
    hex[2 * i] = digits[dig[i] >> 4];
    hex[2 * i + 1] = digits[dig[i] & 15];
  }
  hex[dl * 2] = 0;
  *out = sila_value_string(hex, dl * 2);
  return SILA_OK;
}
